"""Distances and top-K hardest-negative mining shared by the ranking losses.

Every loss of the study measures distance as **negative cosine similarity**,
``d(a, b) = -cos(a, b)`` in ``[-1, 1]``, as VM-NET does (the paper's Sec. III-C:
"we use the negative value of the dot product" of L2-normalised features; the
public code's ``dist = -x @ y.T``).

Mining follows the public code (``embed_loss.py``): for every anchor (a row of
the distance matrix) it keeps the ``k`` negatives with the *smallest* distance
to the anchor. For a fixed anchor the hinge ``margin + d(a, p) - d(a, n)`` falls
as ``d(a, n)`` grows, so these are exactly the ``k`` most violating negatives
(the paper's "top K most violated cross-modal matches in each mini-batch").
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def negative_cosine_distance(a: Tensor, b: Tensor, eps: float = 1e-12) -> Tensor:
    """``D[i, j] = -cos(a[i], b[j])`` for ``a`` of shape (n, d) and ``b`` of shape (m, d).

    Rows are L2-normalised first, so unit vectors give ``-a @ b.T`` exactly.

    >>> a = torch.tensor([[1.0, 0.0]]); b = torch.tensor([[2.0, 0.0], [0.0, 3.0]])
    >>> negative_cosine_distance(a, b)
    tensor([[-1., -0.]])
    """
    return -(F.normalize(a, dim=1, eps=eps) @ F.normalize(b, dim=1, eps=eps).T)


def default_positive_mask(distance: Tensor) -> Tensor:
    """The identity mask of aligned pairs: row ``i``'s only positive is column ``i``."""
    rows, cols = distance.shape
    if rows != cols:
        raise ValueError(f"a {rows}x{cols} distance matrix needs an explicit positive_mask")
    return torch.eye(rows, dtype=torch.bool, device=distance.device)


def hardest_negatives(
    distance: Tensor, k: int, positive_mask: Tensor | None = None
) -> tuple[Tensor, Tensor]:
    """The ``k`` smallest distances from each anchor (row) to its negatives (columns).

    ``positive_mask[i, j]`` is True where column ``j`` must not serve as a
    negative of row ``i`` (default: the diagonal, for a mini-batch of aligned
    pairs). ``k`` is clipped to ``columns - 1``; a row with fewer negatives than
    that is padded with ``+inf`` distances (whose hinge terms are zero).

    Returns ``(values, indices)``, each of shape ``(rows, k_used)``, sorted by
    increasing distance.

    >>> d = torch.tensor([[0.0, 0.5, 0.2], [0.3, 0.0, 0.9], [0.4, 0.1, 0.0]])
    >>> hardest_negatives(d, 1)[1].flatten().tolist()
    [2, 0, 1]
    """
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    mask = default_positive_mask(distance) if positive_mask is None else positive_mask
    if mask.shape != distance.shape:
        raise ValueError(f"positive_mask shape {tuple(mask.shape)} != distance shape {tuple(distance.shape)}")
    k_used = min(k, distance.shape[1] - 1)
    if k_used < 1:
        raise ValueError("mining needs at least two columns (one positive and one negative)")
    candidates = distance.masked_fill(mask, float("inf"))
    values, indices = torch.topk(candidates, k_used, dim=1, largest=False, sorted=True)
    return values, indices
