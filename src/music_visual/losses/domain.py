"""Domain-adversarial training (DANN, Ganin et al. 2016) as VM-NET's Table III applies it.

A domain classifier sees the shared embeddings of both modalities and predicts
which modality each came from; a gradient-reversal layer (GRL) between the
embedding and the classifier makes the embedding networks *maximise* the
classifier's loss while the classifier minimises it, pushing the two modalities'
embedding distributions together.

Following the public code (``network.py``: ``flip_gradient`` and
``dom_classifier``): one logit per item, sigmoid cross-entropy, **music = 0,
video = 1**, mean over the ``2B`` items. The GRL scale follows Ganin et al.'s
schedule ``2 / (1 + exp(-gamma * p)) - 1`` over training progress ``p`` in [0, 1]
(commented out in the released ``train.py``, which ran with the scale at 0).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

MUSIC_DOMAIN = 0.0
VIDEO_DOMAIN = 1.0


class _GradientReversal(torch.autograd.Function):
    """Identity forward; backward multiplies the incoming gradient by ``-scale``."""

    @staticmethod
    def forward(ctx, x: Tensor, scale: float) -> Tensor:  # noqa: D401 - autograd API
        ctx.scale = float(scale)
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad_output: Tensor) -> tuple[Tensor, None]:
        return -ctx.scale * grad_output, None


def grad_reverse(x: Tensor, scale: float = 1.0) -> Tensor:
    """``x`` unchanged in the forward pass; gradient ``-scale * g`` in the backward pass."""
    return _GradientReversal.apply(x, scale)


class GradientReversal(nn.Module):
    """Module form of :func:`grad_reverse`; ``scale`` may be changed between steps."""

    def __init__(self, scale: float = 1.0) -> None:
        super().__init__()
        self.scale = scale

    def forward(self, x: Tensor) -> Tensor:
        return grad_reverse(x, self.scale)


def dann_reversal_scale(progress: float, gamma: float = 10.0) -> float:
    """Ganin et al.'s GRL schedule: 0 at the start of training, towards 1 at the end."""
    p = min(max(float(progress), 0.0), 1.0)
    return 2.0 / (1.0 + math.exp(-gamma * p)) - 1.0


def domain_classification_loss(video_logits: Tensor, music_logits: Tensor) -> Tensor:
    """Mean sigmoid cross-entropy of the domain logits (video = 1, music = 0) over all items."""
    logits = torch.cat([video_logits.reshape(-1), music_logits.reshape(-1)])
    labels = torch.cat([
        torch.full((video_logits.numel(),), VIDEO_DOMAIN, device=logits.device, dtype=logits.dtype),
        torch.full((music_logits.numel(),), MUSIC_DOMAIN, device=logits.device, dtype=logits.dtype),
    ])
    return F.binary_cross_entropy_with_logits(logits, labels)


def domain_accuracy(video_logits: Tensor, music_logits: Tensor) -> Tensor:
    """Share of items whose modality the classifier gets right (logit > 0 means video)."""
    correct = torch.cat([(video_logits.reshape(-1) > 0), (music_logits.reshape(-1) <= 0)])
    return correct.float().mean()


class DomainAdversarialLoss(nn.Module):
    """Module form of :func:`domain_classification_loss` (the GRL lives in the model's head)."""

    def forward(self, video_logits: Tensor, music_logits: Tensor) -> Tensor:
        return domain_classification_loss(video_logits, music_logits)
