"""C-CCA (Cluster-CCA, Rasiwasia et al. 2014, as in the authors' ``linear_cca(..., use_cluster=True)``).

Regularised linear CCA whose cross-covariance mixes the one-to-one pairs with every same-cluster
pair (:func:`music_visual.losses.dcca.cluster_cross_covariance`; ``beta`` weights the pairwise
term, the authors' code uses 0.2)::

    Cxy = beta * Cxy_pairs + (1 - beta) * sum_c S_x,c' S_y,c / sum_c n_c^2

A subclass of the shared :class:`music_visual.models.cross_decomposition.CCA`: the same relative
ridge, whitened SVD, transforms and cosine similarity; only the cross-covariance differs.
``beta = 1`` (or no labels) is plain CCA. It is also S-DCCA's final linear layer: the authors fit
it on the trained networks' outputs of the training set.
"""

from __future__ import annotations

import numpy as np

from music_visual.models.cross_decomposition import CCA


def cluster_cross_covariance(Xc: np.ndarray, Yc: np.ndarray, labels) -> np.ndarray:
    """NumPy twin of :func:`music_visual.losses.dcca.cluster_cross_covariance` (centred rows)."""
    _, index = np.unique(np.asarray(labels), return_inverse=True)
    onehot = np.zeros((len(Xc), index.max() + 1))
    onehot[np.arange(len(Xc)), index] = 1.0
    counts = onehot.sum(axis=0)
    return (onehot.T @ Xc).T @ (onehot.T @ Yc) / (counts ** 2).sum()


class ClusterCCA(CCA):
    """``fit(X, Y, labels)`` with the supervised cross-covariance; the rest is the shared CCA."""

    def __init__(self, n_components: int = 2, reg: float = 1e-3, beta: float = 0.2, scale: bool = False):
        if not 0.0 <= beta <= 1.0:
            raise ValueError(f"beta must lie in [0, 1], got {beta}")
        super().__init__(n_components, reg, scale)
        self.beta = beta

    def fit(self, X: np.ndarray, Y: np.ndarray, labels=None) -> "ClusterCCA":
        Xs, Ys = self._standardise_fit(X, Y)
        Cxy = Xs.T @ Ys / (len(Xs) - 1)
        if labels is not None and self.beta < 1.0:
            if len(labels) != len(Xs):
                raise ValueError(f"{len(labels)} labels for {len(Xs)} pairs")
            Cxy = self.beta * Cxy + (1.0 - self.beta) * cluster_cross_covariance(Xs, Ys, labels)
        return self._solve(Xs, Ys, Cxy)
