"""Combining the per-cluster similarity functions (MR-CCA Sec. 3.3, Eq. 9 and 10).

Each cluster ``c`` has a similarity ``S_c(x, y)`` (CCA, Eq. 1, or R-CCA, Eq. 4). A test pair
at squared distance ``d_c^2`` from cluster centre ``c`` gets

* Eq. 9 (``"nearest"``): ``S = S_{c*}`` with ``c* = argmin_c d_c``;
* Eq. 10 (``"softmax"``): ``S = sum_c w_c S_c`` with ``w_c = exp(-d_c^2 / sigma^2) /
  sum_c' exp(-d_c'^2 / sigma^2)``.

The four methods: C-CCA (nearest + CCA), CR-CCA (nearest + R-CCA), MR-CCA (softmax + R-CCA)
and, as an ablation the paper does not report, M-CCA (softmax + CCA).

**sigma** (the paper gives no value): by default the ``sigma`` at which the median training
sample gives 90 % of its weight to its nearest cluster. Samples deep inside a cluster then get
nearly one-hot weights (Eq. 10 tends to Eq. 9) and samples near a boundary are mixed,
whatever the feature dimension (high-dimensional distances concentrate, so a rule on raw
distances would mix everything) and whatever K; pass ``sigma`` to override.
"""

from __future__ import annotations

import numpy as np

from music_visual.papers.mrcca.model.dtrt import squared_euclidean_distances

METHODS = {
    "c-cca": ("nearest", "cca"),
    "cr-cca": ("nearest", "rcca"),
    "m-cca": ("softmax", "cca"),
    "mr-cca": ("softmax", "rcca"),
}
"""Method id -> (cluster weighting, per-cluster similarity)."""


def squared_distances_to_centres(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Mean squared difference per dimension of each point to each centre (n x K)."""
    return squared_euclidean_distances(points, centres) / points.shape[1]


def nearest_cluster_weights(squared_distances: np.ndarray) -> np.ndarray:
    """Eq. 9 as weights: one-hot on the nearest centre (first one on ties)."""
    weights = np.zeros_like(squared_distances, dtype=float)
    weights[np.arange(len(squared_distances)), np.argmin(squared_distances, axis=1)] = 1.0
    return weights


def softmax_cluster_weights(squared_distances: np.ndarray, sigma: float) -> np.ndarray:
    """Eq. 10's weights ``exp(-d_c^2 / sigma^2)``, normalised over the clusters (rows sum to 1)."""
    if sigma <= 0:
        raise ValueError(f"sigma must be > 0, got {sigma}")
    logits = -np.asarray(squared_distances, dtype=float) / sigma**2
    logits -= logits.max(axis=1, keepdims=True)
    weights = np.exp(logits)
    return weights / weights.sum(axis=1, keepdims=True)


def default_softmax_sigma(squared_distances: np.ndarray, nearest_weight: float = 0.9) -> float:
    """``sigma`` at which the median training sample gives ``nearest_weight`` to its nearest cluster.

    The nearest cluster's weight falls monotonically as ``sigma`` grows, so ``log sigma`` is
    found by bisection (60 halvings of a bracket around the data's scale).
    """
    if squared_distances.shape[1] < 2:
        return 1.0
    gaps = squared_distances - squared_distances.min(axis=1, keepdims=True)
    scale = float(np.median(np.sort(gaps, axis=1)[:, 1]))
    if scale <= 1e-12:
        return 1.0
    low, high = np.log(scale) - 20.0, np.log(scale) + 20.0  # bracket for log(sigma^2)
    for _ in range(60):
        middle = (low + high) / 2
        weight = np.median(1.0 / np.exp(-gaps / np.exp(middle)).sum(axis=1))
        low, high = (middle, high) if weight > nearest_weight else (low, middle)
    return float(np.exp((low + high) / 4))


def cluster_weights(squared_distances: np.ndarray, weighting: str, sigma: float) -> np.ndarray:
    """Weights for ``"nearest"`` (Eq. 9) or ``"softmax"`` (Eq. 10)."""
    if weighting == "nearest":
        return nearest_cluster_weights(squared_distances)
    if weighting == "softmax":
        return softmax_cluster_weights(squared_distances, sigma)
    raise ValueError(f"weighting must be 'nearest' or 'softmax', got {weighting!r}")


def combine_cluster_scores(cluster_scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``S = sum_c w_c S_c`` for each row (cluster_scores and weights are n x K)."""
    return np.einsum("nk,nk->n", cluster_scores, weights)
