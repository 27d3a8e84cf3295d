"""Image2song's losses in the tag space (Eq. 11-13): the lyric's output ``f(l)`` against the image's tags ``v``.

* MSE (Eq. 11): ``mean_i ||v_i - f(l_i)||^2`` -- the paper's choice;
* cosine proximity, CPL (Eq. 12): ``mean_i (1 - cos(v_i, f(l_i)))``;
* marginal ranking, MRL (Eq. 13): ``mean_i max(0, margin - cos(v_i, f(l_i)) + cos(v_i, f(l_i^-)))`` with
  ``l_i^-`` a lyric drawn at random from the other training songs (the trainer draws it among the other
  songs of the mini-batch, itself a random draw of the training songs:
  :func:`~music_visual.papers.image2song.trainer.in_batch_negatives`).
"""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor

LOSSES = ("mse", "cpl", "mrl")


def mse_loss(predicted: Tensor, v: Tensor) -> Tensor:
    return ((predicted - v) ** 2).sum(dim=1).mean()


def cosine_proximity_loss(predicted: Tensor, v: Tensor) -> Tensor:
    return (1.0 - F.cosine_similarity(predicted, v, dim=1, eps=1e-8)).mean()


def marginal_ranking_loss(positive: Tensor, negative: Tensor, v: Tensor, margin: float) -> Tensor:
    pos = F.cosine_similarity(positive, v, dim=1, eps=1e-8)
    neg = F.cosine_similarity(negative, v, dim=1, eps=1e-8)
    return (margin - pos + neg).clamp_min(0.0).mean()
