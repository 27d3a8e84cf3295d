"""Batch-norm running statistics that describe the trained network.

VM-NET's public code keeps TensorFlow's ``decay = 0.99`` (PyTorch ``momentum = 0.01``): after
100 steps a third of each running statistic is still its initial value (0 mean, unit variance),
so a model evaluated early is normalised with statistics of no network at all.
:func:`recalibrate_batch_norm` replaces them, before every evaluation, with the exact mean and
(unbiased) variance of each batch-norm layer's inputs over the whole training set, computed with
the current weights and dropout off. The training loop calls it; any model can.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn


def batch_norm_layers(model: nn.Module) -> list[nn.modules.batchnorm._BatchNorm]:
    return [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm) and m.track_running_stats]


@torch.no_grad()
def recalibrate_batch_norm(model: nn.Module, *inputs: Tensor) -> int:
    """Set every batch-norm layer's running statistics to those of ``model(*inputs)``; returns the count.

    The whole of ``inputs`` goes through in one forward pass with the batch-norm layers in
    training mode (momentum ``None``: a cumulative average, exact for one batch) and every
    other module in eval mode (no dropout). The modules' modes and momenta are restored.
    """
    layers = batch_norm_layers(model)
    if not layers:
        return 0
    modes = {m: m.training for m in model.modules()}
    momenta = [layer.momentum for layer in layers]
    model.eval()
    for layer in layers:
        layer.reset_running_stats()
        layer.momentum = None
        layer.train()
    try:
        model(*inputs)
    finally:
        for layer, momentum in zip(layers, momenta):
            layer.momentum = momentum
        for module, mode in modes.items():
            module.training = mode
    return len(layers)
