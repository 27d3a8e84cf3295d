"""One call that seeds every random number generator the study uses."""

from __future__ import annotations

import os
import random

import numpy as np


def seed_everything(seed: int, deterministic: bool = True) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's legacy global RNG and torch (CPU and CUDA).

    With ``deterministic=True`` torch is asked for deterministic algorithms
    (``torch.use_deterministic_algorithms(True, warn_only=True)``) and cuDNN
    benchmarking is switched off, so the same params and seed give the same
    metrics on CPU. Returns a fresh ``numpy.random.Generator`` seeded with
    ``seed``: pass it explicitly to the code that needs randomness.
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
    try:
        import torch
    except ImportError:  # torch is optional for the non-neural parts
        return np.random.default_rng(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    if deterministic:
        torch.use_deterministic_algorithms(True, warn_only=True)
        torch.backends.cudnn.benchmark = False
        torch.backends.cudnn.deterministic = True
    return np.random.default_rng(seed)


def torch_generator(seed: int):
    """A seeded ``torch.Generator`` (CPU) for data loaders and samplers."""
    import torch

    g = torch.Generator()
    g.manual_seed(int(seed))
    return g
