"""Building blocks of the study's multilayer perceptrons (shared by every paper's networks)."""

from __future__ import annotations

import math

import torch
from torch import nn


def make_linear(in_features: int, out_features: int, generator: torch.Generator | None = None) -> nn.Linear:
    """An ``nn.Linear`` initialised as the public code does (He-scaled truncated normal, zero bias).

    The draws come from ``generator`` when given (the global RNG is left untouched),
    otherwise from torch's global RNG.
    """
    with torch.random.fork_rng(devices=[]):  # PyTorch's own init draws are discarded
        layer = nn.Linear(in_features, out_features)
    std = math.sqrt(2.0 / in_features)
    with torch.no_grad():
        nn.init.trunc_normal_(layer.weight, std=std, a=-2 * std, b=2 * std, generator=generator)
        layer.bias.zero_()
    return layer
