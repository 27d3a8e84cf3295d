"""Symmetric InfoNCE (CLIP's loss) for the two-tower "modern baseline".

For a mini-batch of ``B`` aligned pairs with L2-normalised video ``v_i`` and music
``m_i`` and a logit scale ``s = 1 / temperature``::

    logits[i, j] = s * cos(v_i, m_j)
    L = ( CE(logits, diag) + CE(logits.T, diag) ) / 2
      = -1/(2B) * sum_i [ log softmax_j(logits[i, :])[i] + log softmax_j(logits[:, i])[i] ]

The first term ranks music for each video query, the second videos for each
music query (Radford et al. 2021, Fig. 3; van den Oord et al. 2018).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def info_nce_logits(video: Tensor, music: Tensor, logit_scale: Tensor | float) -> Tensor:
    """``logit_scale * cos(video[i], music[j])`` for every pair, shape (B, B)."""
    return logit_scale * (F.normalize(video, dim=1) @ F.normalize(music, dim=1).T)


def symmetric_info_nce(video: Tensor, music: Tensor, logit_scale: Tensor | float) -> Tensor:
    """Mean of the video->music and music->video cross-entropies (see module docstring)."""
    if video.shape[0] != music.shape[0]:
        raise ValueError(f"{video.shape[0]} videos but {music.shape[0]} music items: pairs must align")
    logits = info_nce_logits(video, music, logit_scale)
    targets = torch.arange(logits.shape[0], device=logits.device)
    return 0.5 * (F.cross_entropy(logits, targets) + F.cross_entropy(logits.T, targets))


class SymmetricInfoNCELoss(nn.Module):
    """Module form of :func:`symmetric_info_nce`; the scale comes from the model."""

    def forward(self, video: Tensor, music: Tensor, logit_scale: Tensor | float) -> Tensor:
        return symmetric_info_nce(video, music, logit_scale)
