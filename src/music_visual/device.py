"""Which device training runs on: CUDA when present, CPU otherwise."""

from __future__ import annotations

import os


def get_device(prefer: str = "auto"):
    """Return a ``torch.device``.

    ``prefer`` is ``"auto"`` (CUDA if available, else CPU), ``"cpu"`` or
    ``"cuda"`` (an error if no GPU is visible). The environment variable
    ``MUSIC_VISUAL_DEVICE`` overrides ``"auto"``.
    """
    import torch

    choice = os.environ.get("MUSIC_VISUAL_DEVICE", prefer) if prefer == "auto" else prefer
    if choice == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if choice == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("device 'cuda' requested but torch sees no CUDA GPU")
    if choice not in ("cpu", "cuda") and not choice.startswith("cuda:"):
        raise ValueError(f"unknown device {choice!r}; use auto, cpu or cuda")
    return torch.device(choice)


def describe_device(device=None) -> str:
    """A one-line description for notebooks and logs (e.g. ``cpu (2 threads)``)."""
    import torch

    device = device or get_device()
    if device.type == "cuda":
        return f"cuda: {torch.cuda.get_device_name(device)}"
    return f"cpu ({torch.get_num_threads()} threads)"
