"""Linear cross-decomposition baselines: PCA, PLSSVD, PLSCA (canonical PLS) and CCA.

One API for all four (NumPy/SciPy only, checked against scikit-learn in the tests):

* ``fit(X, Y)`` on row-aligned pairs (``X``: n x p, e.g. music; ``Y``: n x q, e.g. video);
* ``transform(X, Y) -> (Xc, Yc)``, or one side with ``transform_x`` / ``transform_y``;
* ``similarity(X, Y)``: the query x gallery cosine-similarity matrix in the shared space
  (rows: the queries ``X``, columns: the gallery ``Y``; the two need not be aligned).

Choices where the papers leave room:

* **PCA** (VM-NET Table III, ref. [42]): ``mode="separate"`` (default) reduces each modality
  with its own PCA to the same number of components and compares component ``k`` with
  component ``k``. Nothing aligns the two spaces, so this is a no-cross-modal-learning
  baseline; it matches VM-NET's PCA row, which sits at chance (R@10 0.5 vs 1.0 chance on
  1,000 pairs). ``mode="joint"`` runs one PCA on the concatenated standardised ``[X, Y]``
  and projects each side with its block of the loadings (a weakly aligned variant).
* **PLSSVD / PLSCA** follow Wegelin (2000) as scikit-learn does: centre, and scale to unit
  variance when ``scale=True``; PLSSVD takes the SVD of ``X'Y`` once; PLSCA (canonical,
  mode A) takes its leading singular pair, deflates each block by its own scores and
  repeats; transforms use the rotations ``W (P'W)^-1`` as scikit-learn does.
* **CCA** (MR-CCA Eq. 1) solves the generalised eigenproblem through a whitened SVD:
  ``Lx^-1 Cxy Ly^-T = U S V'`` with Cholesky factors ``Lx Lx' = Cxx + r I`` (same for
  ``y``); ``A = Lx^-T U``, ``B = Ly^-T V`` and ``S`` are the canonical correlations. The
  ridge is relative: ``r = reg * mean(diag(C))``, so ``reg`` does not depend on the
  feature scale; ``reg -> 0`` is classical CCA.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_triangular

_EPS = 1e-12


def column_stats(X: np.ndarray, scale: bool) -> tuple[np.ndarray, np.ndarray]:
    """Column means and standard deviations (ddof=1; ones when ``scale`` is False)."""
    mean = X.mean(axis=0)
    if not scale:
        return mean, np.ones(X.shape[1])
    std = X.std(axis=0, ddof=1)
    return mean, np.where(std > _EPS, std, 1.0)


def cosine_similarity_matrix(queries: np.ndarray, gallery: np.ndarray) -> np.ndarray:
    """``S[i, j] = cos(queries[i], gallery[j])`` (a zero vector has similarity 0)."""
    q = queries / np.maximum(np.linalg.norm(queries, axis=1, keepdims=True), _EPS)
    g = gallery / np.maximum(np.linalg.norm(gallery, axis=1, keepdims=True), _EPS)
    return q @ g.T


def leading_singular_pair(C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First left and right singular vectors of ``C``, signed so that ``u``'s largest |entry| > 0.

    Uses ARPACK (``svds``, k=1, fixed start vector: deterministic) instead of a full SVD, which
    made PLSCA on 1140 x 1024 cross-covariances take minutes; tiny matrices use the full SVD.
    """
    if min(C.shape) <= 2:
        U, _, Vt = np.linalg.svd(C, full_matrices=False)
        u, v = U[:, 0], Vt[0]
    else:
        from scipy.sparse.linalg import svds

        U, _, Vt = svds(np.asarray(C, dtype=np.float64), k=1, v0=np.ones(min(C.shape)) / np.sqrt(min(C.shape)))
        u, v = U[:, 0], Vt[0]
    sign = np.sign(u[np.argmax(np.abs(u))]) or 1.0
    return sign * u, sign * v


class _LinearCrossDecomposition:
    """Shared transform/similarity: ``x -> ((x - mean) / std) @ x_rotations_`` (same for ``y``)."""

    x_rotations_: np.ndarray
    y_rotations_: np.ndarray

    def __init__(self, n_components: int, scale: bool):
        if n_components < 1:
            raise ValueError(f"n_components must be >= 1, got {n_components}")
        self.n_components = n_components
        self.scale = scale

    def _standardise_fit(self, X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
        if X.ndim != 2 or Y.ndim != 2 or len(X) != len(Y):
            raise ValueError(f"X and Y must be 2-D with the same rows, got {X.shape} and {Y.shape}")
        if self.n_components > min(X.shape[1], Y.shape[1], len(X) - 1):
            raise ValueError(f"n_components={self.n_components} is too large for X {X.shape}, Y {Y.shape}")
        self.x_mean_, self.x_std_ = column_stats(X, self.scale)
        self.y_mean_, self.y_std_ = column_stats(Y, self.scale)
        return (X - self.x_mean_) / self.x_std_, (Y - self.y_mean_) / self.y_std_

    def transform_x(self, X: np.ndarray) -> np.ndarray:
        return ((np.asarray(X, dtype=float) - self.x_mean_) / self.x_std_) @ self.x_rotations_

    def transform_y(self, Y: np.ndarray) -> np.ndarray:
        return ((np.asarray(Y, dtype=float) - self.y_mean_) / self.y_std_) @ self.y_rotations_

    def transform(self, X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.transform_x(X), self.transform_y(Y)

    def similarity(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """Cosine similarity of every query ``X[i]`` with every gallery item ``Y[j]``."""
        return cosine_similarity_matrix(self.transform_x(X), self.transform_y(Y))


class PCABaseline(_LinearCrossDecomposition):
    """PCA per modality (``mode="separate"``) or on ``[X, Y]`` jointly (``mode="joint"``)."""

    def __init__(self, n_components: int = 2, mode: str = "separate", scale: bool = True):
        if mode not in ("separate", "joint"):
            raise ValueError(f"mode must be 'separate' or 'joint', got {mode!r}")
        super().__init__(n_components, scale)
        self.mode = mode

    def fit(self, X: np.ndarray, Y: np.ndarray) -> "PCABaseline":
        Xs, Ys = self._standardise_fit(X, Y)
        k = self.n_components
        if self.mode == "separate":
            self.x_rotations_ = np.linalg.svd(Xs, full_matrices=False)[2][:k].T
            self.y_rotations_ = np.linalg.svd(Ys, full_matrices=False)[2][:k].T
        else:
            loadings = np.linalg.svd(np.hstack([Xs, Ys]), full_matrices=False)[2][:k].T
            self.x_rotations_, self.y_rotations_ = loadings[: Xs.shape[1]], loadings[Xs.shape[1] :]
        return self


class PLSSVD(_LinearCrossDecomposition):
    """Partial least squares by one SVD of the cross-covariance ``X'Y``."""

    def __init__(self, n_components: int = 2, scale: bool = True):
        super().__init__(n_components, scale)

    def fit(self, X: np.ndarray, Y: np.ndarray) -> "PLSSVD":
        Xs, Ys = self._standardise_fit(X, Y)
        U, s, Vt = np.linalg.svd(Xs.T @ Ys, full_matrices=False)
        k = self.n_components
        self.x_weights_, self.y_weights_, self.singular_values_ = U[:, :k], Vt[:k].T, s[:k]
        self.x_rotations_, self.y_rotations_ = self.x_weights_, self.y_weights_
        return self


class PLSCA(_LinearCrossDecomposition):
    """Canonical PLS (PLS-C2A, mode A): one singular pair per component, symmetric deflation."""

    def __init__(self, n_components: int = 2, scale: bool = True):
        super().__init__(n_components, scale)

    def fit(self, X: np.ndarray, Y: np.ndarray) -> "PLSCA":
        Xk, Yk = self._standardise_fit(X, Y)
        x_weights, y_weights, x_loadings, y_loadings = [], [], [], []
        for _ in range(self.n_components):
            u, v = leading_singular_pair(Xk.T @ Yk)
            t, s = Xk @ u, Yk @ v
            p, q = Xk.T @ t / (t @ t), Yk.T @ s / (s @ s)
            Xk, Yk = Xk - np.outer(t, p), Yk - np.outer(s, q)
            x_weights.append(u), y_weights.append(v), x_loadings.append(p), y_loadings.append(q)
        self.x_weights_, self.y_weights_ = np.array(x_weights).T, np.array(y_weights).T
        self.x_loadings_, self.y_loadings_ = np.array(x_loadings).T, np.array(y_loadings).T
        self.x_rotations_ = self.x_weights_ @ np.linalg.pinv(self.x_loadings_.T @ self.x_weights_)
        self.y_rotations_ = self.y_weights_ @ np.linalg.pinv(self.y_loadings_.T @ self.y_weights_)
        return self


def regularised_covariance(Z: np.ndarray, reg: float) -> np.ndarray:
    """``Z'Z / (n - 1) + reg * mean(diag) * I`` for centred ``Z``."""
    C = Z.T @ Z / (len(Z) - 1)
    ridge = reg * max(float(np.mean(np.diag(C))), _EPS)
    C[np.diag_indices_from(C)] += ridge
    return C


class CCA(_LinearCrossDecomposition):
    """Regularised CCA by whitened SVD (MR-CCA Eq. 1); ``canonical_correlations_`` holds ``S``."""

    def __init__(self, n_components: int = 2, reg: float = 1e-3, scale: bool = False):
        if reg < 0:
            raise ValueError(f"reg must be >= 0, got {reg}")
        super().__init__(n_components, scale)
        self.reg = reg

    def fit(self, X: np.ndarray, Y: np.ndarray) -> "CCA":
        Xs, Ys = self._standardise_fit(X, Y)
        return self._solve(Xs, Ys, Xs.T @ Ys / (len(Xs) - 1))

    def _solve(self, Xs: np.ndarray, Ys: np.ndarray, Cxy: np.ndarray) -> "CCA":
        """The whitened SVD for standardised ``Xs``, ``Ys`` and a cross-covariance ``Cxy`` (variants such as
        Cluster-CCA change only ``Cxy``)."""
        Lx = np.linalg.cholesky(regularised_covariance(Xs, self.reg))
        Ly = np.linalg.cholesky(regularised_covariance(Ys, self.reg))
        whitened = solve_triangular(Ly, solve_triangular(Lx, Cxy, lower=True).T, lower=True).T
        U, s, Vt = np.linalg.svd(whitened, full_matrices=False)
        k = self.n_components
        self.x_weights_ = solve_triangular(Lx.T, U[:, :k], lower=False)
        self.y_weights_ = solve_triangular(Ly.T, Vt[:k].T, lower=False)
        self.canonical_correlations_ = s[:k]
        self.x_rotations_, self.y_rotations_ = self.x_weights_, self.y_weights_
        return self

    def pair_scores(self, X: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """Eq. 1 for row-aligned pairs: ``<A x_i, B y_i>`` (inner product, not cosine)."""
        Xc, Yc = self.transform(X, Y)
        return np.einsum("ij,ij->i", Xc, Yc)
