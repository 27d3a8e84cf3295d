"""VM-NET's soft intra-modal structure loss (Eq. 3, 4, 6 and the last two terms of Eq. 5).

Within one modality, take a triplet of different music videos ``(i, j, k)``,
their features *before* embedding ``x~`` (the network's inputs) and *after*
embedding ``x``, with ``d = -cos``. Write

    delta~ = d(x~_i, x~_j) - d(x~_i, x~_k)      (order before embedding)
    delta  = d(x_i, x_j)  - d(x_i, x_k)         (order after embedding)

Eq. 6, in the form of the public code (``embed_structure_loss.py``)::

    L_s(i, j, k) = (sgn(delta~) - sgn(delta)) * (d(x_i, x_k) - d(x_i, x_j))
                 = (sgn(delta~) - sgn(delta)) * (-delta)

with ``sgn`` in {-1, 0, 1} treated as a constant: **no gradient flows through
either sign** (they are detached), so ``dL_s/d(delta) = sgn(delta) - sgn(delta~)``.
Equivalently ``L_s = |delta| - sgn(delta~) * delta >= 0``: zero when the
embedding keeps the order of ``j`` and ``k`` seen from ``i``, ``2 |delta|`` when
it swaps it, ``|delta|`` when the order before embedding is a tie. There is no
margin (the paper: the relation is "soft"). Inputs of both kinds are
L2-normalised first, as the code does.

Triplets (the paper: "three different indices"; the code: the first ``K`` rows of
the mini-batch, ``K`` = the top-K value 100):

* ``"consecutive"`` (default, the code's sampling): anchors ``i < n`` and pairs
  ``(j, k) = (c, c + 1)`` for ``c < n - 1``, with ``n = min(num_anchors, B)``.
  Triplets with ``i in {j, k}`` are left out, as the paper requires; in the code
  they are in the mean but always contribute zero, so the code's value is ours
  times ``1 - ~2/n`` (2 % at ``n = 100``).
* ``"all"``: every ordered triplet of distinct indices below ``n`` (``n**3`` terms).

The loss is the mean of ``L_s`` over the chosen triplets (the code's ``reduce_mean``).
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor, nn

from music_visual.losses.mining import negative_cosine_distance

TripletScheme = Literal["consecutive", "all"]
DEFAULT_STRUCTURE_ANCHORS = 100


def structure_triplets(n: int, scheme: TripletScheme = "consecutive",
                       device: torch.device | str | None = None) -> tuple[Tensor, Tensor, Tensor]:
    """Index vectors ``(i, j, k)`` of the triplets of distinct items below ``n``."""
    idx = torch.arange(n, device=device)
    if scheme == "consecutive":
        anchor = idx.repeat_interleave(max(n - 1, 0))
        first = idx[:-1].repeat(n)
        second = first + 1
    elif scheme == "all":
        anchor, first, second = torch.cartesian_prod(idx, idx, idx).reshape(-1, 3).unbind(1)
    else:
        raise ValueError(f"scheme must be 'consecutive' or 'all', got {scheme!r}")
    keep = (anchor != first) & (anchor != second) & (first != second)
    return anchor[keep], first[keep], second[keep]


def soft_structure_terms(raw_distance: Tensor, embedded_distance: Tensor,
                         anchor: Tensor, first: Tensor, second: Tensor) -> Tensor:
    """``L_s`` of Eq. 6 for each triplet ``(anchor[t], first[t], second[t])``.

    ``raw_distance`` / ``embedded_distance`` are square distance matrices before /
    after embedding. The sign coefficient is detached.
    """
    delta_raw = raw_distance[anchor, first] - raw_distance[anchor, second]
    delta = embedded_distance[anchor, first] - embedded_distance[anchor, second]
    coefficient = (torch.sign(delta_raw) - torch.sign(delta)).detach()
    return coefficient * (-delta)


def soft_intra_modal_loss(raw: Tensor, embedded: Tensor, *,
                          num_anchors: int = DEFAULT_STRUCTURE_ANCHORS,
                          scheme: TripletScheme = "consecutive") -> Tensor:
    """Mean soft intra-modal structure loss of one modality (Eq. 6) over a mini-batch.

    ``raw`` (B, d_in) are the features before embedding, ``embedded`` (B, d_out) the
    network's outputs for the same items in the same order. Only the first
    ``num_anchors`` items take part (the code's ``K``). Returns a zero that keeps
    the graph when fewer than three items are available.
    """
    if raw.shape[0] != embedded.shape[0]:
        raise ValueError(f"raw has {raw.shape[0]} rows, embedded has {embedded.shape[0]}")
    n = min(int(num_anchors), embedded.shape[0])
    anchor, first, second = structure_triplets(n, scheme, embedded.device)
    if anchor.numel() == 0:
        return embedded.sum() * 0.0
    raw_distance = negative_cosine_distance(raw[:n], raw[:n]).detach()
    embedded_distance = negative_cosine_distance(embedded[:n], embedded[:n])
    return soft_structure_terms(raw_distance, embedded_distance, anchor, first, second).mean()


class SoftIntraModalStructureLoss(nn.Module):
    """Module form of :func:`soft_intra_modal_loss` (no parameters)."""

    def __init__(self, num_anchors: int = DEFAULT_STRUCTURE_ANCHORS,
                 scheme: TripletScheme = "consecutive") -> None:
        super().__init__()
        self.num_anchors, self.scheme = num_anchors, scheme

    def forward(self, raw: Tensor, embedded: Tensor) -> Tensor:
        return soft_intra_modal_loss(raw, embedded, num_anchors=self.num_anchors, scheme=self.scheme)
