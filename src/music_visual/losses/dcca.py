"""Deep CCA's correlation objective (Andrew et al. 2013), in a numerically safe form, with the
supervised ("cluster") cross-covariance of S-DCCA and Cluster-CCA.

For two batches of network outputs ``H1`` (m x o1) and ``H2`` (m x o2), row ``i`` of each
from the same pair::

    S11 = H1c' H1c / (m - 1) + r1 I        r1 = reg * mean(diag(H1c' H1c / (m - 1)))
    S22 = H2c' H2c / (m - 1) + r2 I        (the same relative ridge as
    S12 = H1c' H2c / (m - 1)                music_visual.models.cross_decomposition.CCA)
    T   = S11^(-1/2) S12 S22^(-1/2)

The canonical correlations are the singular values of ``T``; the loss is minus the sum of
the ``k`` largest (``k = None``: all of them, the trace norm of ``T``). **Variant used:**
``S11^(-1/2)`` is replaced by the inverse Cholesky factor ``L1^-1`` (``L1 L1' = S11``):
``L1^-1 S12 L2^-T`` differs from ``T`` only by orthogonal factors, so it has the same
singular values, and neither Cholesky's nor ``svdvals``' backward pass divides by gaps
between eigenvalues (``eigh``'s does, which blows up when two eigenvalues meet, as they do
for nearly collinear outputs). The ridge keeps ``S11``, ``S22`` positive definite whatever
the batch; its scale follows the outputs, so the loss is invariant to rescaling them.

The **supervised cross-covariance** (S-DCCA's code; Cluster-CCA, Rasiwasia et al. 2014)
adds every same-class pair (audio of one item, video of another item of its class)::

    S12_cluster = sum_c (sum_{i in c} h1_i)(sum_{j in c} h2_j)' / sum_c n_c^2
    S12 = beta * S12_pairs + (1 - beta) * S12_cluster

with centred rows; ``beta = 1`` is plain DCCA. Rows of a class with one member contribute
only their own pair. Pure functions of tensors (no I/O, no global RNG).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

MIN_SINGULAR = 1e-12  # correlations are clamped at this before the sum (no NaN gradient at zero)


def _centred(H: Tensor) -> Tensor:
    return H - H.mean(dim=0, keepdim=True)


def regularised_covariance(Hc: Tensor, reg: float) -> Tensor:
    """``Hc'Hc / (m - 1) + reg * mean(diag) * I`` of centred rows ``Hc``."""
    C = Hc.T @ Hc / (Hc.shape[0] - 1)
    ridge = reg * torch.clamp(torch.diagonal(C).mean(), min=1e-12)
    return C + ridge * torch.eye(C.shape[0], dtype=C.dtype, device=C.device)


def cluster_cross_covariance(H1c: Tensor, H2c: Tensor, labels: Tensor) -> Tensor:
    """``sum_c S1_c' S2_c / sum_c n_c^2`` with ``S_c`` the sum of the centred rows of class ``c``.

    Every (i, j) pair of one class counts once, including i = j (the one-to-one pairs).
    """
    _, index, counts = torch.unique(labels, return_inverse=True, return_counts=True)
    onehot = torch.zeros(H1c.shape[0], len(counts), dtype=H1c.dtype, device=H1c.device)
    onehot[torch.arange(H1c.shape[0], device=H1c.device), index] = 1.0
    sums1, sums2 = onehot.T @ H1c, onehot.T @ H2c
    return sums1.T @ sums2 / (counts.to(H1c.dtype) ** 2).sum()


def cross_covariance(H1c: Tensor, H2c: Tensor, labels: Tensor | None = None, beta: float = 1.0) -> Tensor:
    """The pairwise cross-covariance, mixed with the cluster one when ``labels`` are given and beta < 1."""
    if not 0.0 <= beta <= 1.0:
        raise ValueError(f"beta must lie in [0, 1], got {beta}")
    pairwise = H1c.T @ H2c / (H1c.shape[0] - 1)
    if labels is None or beta == 1.0:
        return pairwise
    return beta * pairwise + (1.0 - beta) * cluster_cross_covariance(H1c, H2c, labels)


def canonical_correlations(H1: Tensor, H2: Tensor, reg: float = 1e-4, labels: Tensor | None = None,
                           beta: float = 1.0) -> Tensor:
    """All ``min(o1, o2)`` canonical correlations of the batch, largest first (see the module docstring)."""
    if H1.ndim != 2 or H2.ndim != 2 or H1.shape[0] != H2.shape[0]:
        raise ValueError(f"need two 2-D batches with the same rows, got {tuple(H1.shape)} and {tuple(H2.shape)}")
    if H1.shape[0] < 2:
        raise ValueError("canonical correlations need at least 2 rows")
    if reg <= 0:
        raise ValueError(f"reg must be positive (it keeps the covariances invertible), got {reg}")
    H1c, H2c = _centred(H1), _centred(H2)
    L1 = torch.linalg.cholesky(regularised_covariance(H1c, reg))
    L2 = torch.linalg.cholesky(regularised_covariance(H2c, reg))
    S12 = cross_covariance(H1c, H2c, labels, beta)
    left = torch.linalg.solve_triangular(L1, S12, upper=False)                 # L1^-1 S12
    T = torch.linalg.solve_triangular(L2, left.T, upper=False).T              # L1^-1 S12 L2^-T
    return torch.linalg.svdvals(T)


def dcca_loss(H1: Tensor, H2: Tensor, k: int | None = None, reg: float = 1e-4, labels: Tensor | None = None,
              beta: float = 1.0) -> Tensor:
    """Minus the sum of the ``k`` largest canonical correlations (``k = None``: all of them)."""
    correlations = canonical_correlations(H1, H2, reg, labels, beta).clamp_min(MIN_SINGULAR)
    if k is not None:
        if k < 1:
            raise ValueError(f"k must be positive or None, got {k}")
        correlations = correlations[: min(k, len(correlations))]
    return -correlations.sum()


class DCCALoss(nn.Module):
    """Module form of :func:`dcca_loss` (``beta < 1`` with labels: the supervised S-DCCA form)."""

    def __init__(self, k: int | None = None, reg: float = 1e-4, beta: float = 1.0) -> None:
        super().__init__()
        self.k, self.reg, self.beta = k, reg, beta

    def forward(self, H1: Tensor, H2: Tensor, labels: Tensor | None = None) -> Tensor:
        return dcca_loss(H1, H2, self.k, self.reg, labels, self.beta)
