"""Kernel CCA with a Gaussian kernel (Bach & Jordan 2002; S-DCCA's KCCA baseline, ref. [5]).

The same API as :mod:`music_visual.models.cross_decomposition`: ``fit(X, Y)`` on row-aligned
pairs, ``transform(X, Y)`` / ``transform_x`` / ``transform_y`` into the canonical space, and
``similarity(X, Y)`` (query x gallery cosine). NumPy only.

* **Kernel.** ``k(a, b) = exp(-|a - b|^2 / (2 s^2))`` per view, with the width ``s = width *``
  the median distance between distinct training rows of that view (the median heuristic;
  ``width`` is what a caller tunes on validation data).
* **Centring.** Kernels are centred in feature space with the training means (``H K H``);
  new rows are centred with the same training statistics.
* **Regularisation** (Bach & Jordan's form): maximise ``a' Kx Ky b`` subject to
  ``a' (Kx + kx I)^2 a = b' (Ky + ky I)^2 b = 1`` with ``kx = reg * trace(Kx) / n`` (relative to the
  kernel's scale, like :class:`~music_visual.models.cross_decomposition.CCA`'s ridge). With
  ``u = (Kx + kx I) a`` this is the SVD of ``Px Py``, ``Px = Kx (Kx + kx I)^-1`` (symmetric,
  from one eigendecomposition of ``Kx``): ``A = (Kx + kx I)^-1 U``, ``B = (Ky + ky I)^-1 V``, and
  the singular values are the regularised canonical correlations. ``reg -> 0`` overfits: with
  ``n`` rows and an invertible kernel every training correlation is 1.
"""

from __future__ import annotations

import numpy as np

from music_visual.models.cross_decomposition import cosine_similarity_matrix


def squared_distances(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """``|a_i - b_j|^2`` for every pair of rows (clipped at 0 against rounding)."""
    A, B = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    d2 = (A ** 2).sum(axis=1)[:, None] + (B ** 2).sum(axis=1)[None, :] - 2.0 * A @ B.T
    return np.maximum(d2, 0.0)


def median_distance(X: np.ndarray) -> float:
    """Median distance between distinct rows of ``X`` (1.0 when every row is the same)."""
    d2 = squared_distances(X, X)
    off = d2[~np.eye(len(X), dtype=bool)]
    median = float(np.sqrt(np.median(off))) if off.size else 0.0
    return median if median > 1e-12 else 1.0


def gaussian_kernel(A: np.ndarray, B: np.ndarray, sigma: float) -> np.ndarray:
    """``exp(-|a - b|^2 / (2 sigma^2))``."""
    if sigma <= 0:
        raise ValueError(f"kernel width must be positive, got {sigma}")
    return np.exp(-squared_distances(A, B) / (2.0 * sigma ** 2))


class _CentredKernel:
    """A view's training rows, kernel width and centring statistics."""

    def __init__(self, X: np.ndarray, width: float):
        self.X = np.asarray(X, dtype=np.float64)
        self.sigma = width * median_distance(self.X)
        K = gaussian_kernel(self.X, self.X, self.sigma)
        self.col_mean, self.mean = K.mean(axis=0), K.mean()
        self.K = K - self.col_mean[None, :] - self.col_mean[:, None] + self.mean

    def centred(self, Z: np.ndarray) -> np.ndarray:
        Kz = gaussian_kernel(Z, self.X, self.sigma)
        return Kz - Kz.mean(axis=1, keepdims=True) - self.col_mean[None, :] + self.mean


def _regularised_parts(K: np.ndarray, reg: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Eigenvectors ``Q``, the shrunk eigenvalues of ``Px`` and those of ``(K + kI)^-1``."""
    eigenvalues, Q = np.linalg.eigh(K)
    eigenvalues = np.clip(eigenvalues, 0.0, None)
    kappa = reg * max(float(eigenvalues.sum()) / len(K), 1e-12)
    return Q, eigenvalues / (eigenvalues + kappa), 1.0 / (eigenvalues + kappa)


class KCCA:
    """Regularised Gaussian-kernel CCA; ``canonical_correlations_`` holds the training correlations."""

    def __init__(self, n_components: int = 2, width: float = 1.0, reg: float = 1e-2):
        if n_components < 1:
            raise ValueError(f"n_components must be >= 1, got {n_components}")
        if width <= 0 or reg <= 0:
            raise ValueError(f"width and reg must be positive, got width={width}, reg={reg}")
        self.n_components, self.width, self.reg = n_components, width, reg

    def fit(self, X: np.ndarray, Y: np.ndarray) -> "KCCA":
        X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
        if X.ndim != 2 or Y.ndim != 2 or len(X) != len(Y):
            raise ValueError(f"X and Y must be 2-D with the same rows, got {X.shape} and {Y.shape}")
        if self.n_components > len(X) - 1:
            raise ValueError(f"n_components={self.n_components} is too large for {len(X)} training pairs")
        self.x_kernel_, self.y_kernel_ = _CentredKernel(X, self.width), _CentredKernel(Y, self.width)
        Qx, px, ix = _regularised_parts(self.x_kernel_.K, self.reg)
        Qy, py, iy = _regularised_parts(self.y_kernel_.K, self.reg)
        M = (Qx * px) @ Qx.T @ (Qy * py) @ Qy.T
        U, s, Vt = np.linalg.svd(M)
        k = self.n_components
        self.x_weights_ = (Qx * ix) @ (Qx.T @ U[:, :k])
        self.y_weights_ = (Qy * iy) @ (Qy.T @ Vt[:k].T)
        self.canonical_correlations_ = s[:k]
        return self

    def transform_x(self, X: np.ndarray) -> np.ndarray:
        return self.x_kernel_.centred(X) @ self.x_weights_

    def transform_y(self, Y: np.ndarray) -> np.ndarray:
        return self.y_kernel_.centred(Y) @ self.y_weights_

    def transform(self, X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.transform_x(X), self.transform_y(Y)

    def similarity(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """Cosine similarity of every query ``X[i]`` with every gallery item ``Y[j]`` in the canonical space."""
        return cosine_similarity_matrix(self.transform_x(X), self.transform_y(Y))
