"""Ranking CCA (R-CCA, MR-CCA Sec. 3.2, Eq. 3-8).

CCA (Eq. 1) is fitted on the matched pairs and then kept fixed. With ``u = A x`` and
``v = B y`` the canonical variates, the R-CCA score is ``S(x, y) = sum_j w_j u_j v_j =
W' z`` with ``z = u * v`` (Eq. 4): a diagonal weighting of the CCA components. ``W`` is
learned from preference pairs "``(x_i, y_i)`` should score above ``(x'_i, y'_i)``" as the
ordinal (ranking) SVM of Herbrich et al. (Eq. 6-8)::

    min_W  1/2 |W|^2 + C sum_i xi_i   s.t.  W'(z_i - z'_i) >= 1 - xi_i,  xi_i >= 0.

**How it is solved**: this is exactly a linear hinge-loss SVM without bias on the difference
vectors ``z_i - z'_i``, all of label +1. A two-class solver needs both labels, so a random
half of the differences is negated together with its label; the constraint
``y_i W'(y_i d_i) >= 1 - xi_i`` is unchanged, so the problem is the same QP. It is solved in
the dual by scikit-learn's ``LinearSVC(loss="hinge", fit_intercept=False)`` (liblinear's dual
coordinate descent, Hsieh et al. 2008), i.e. the Lagrangian route the paper names.
``W = 1`` gives back plain CCA, which is also the fall-back when a cluster has no preferences.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import LinearSVC

from music_visual.models.cross_decomposition import CCA


def ranking_svm_weights(preferred: np.ndarray, other: np.ndarray, rng: np.random.Generator,
                        c: float = 1.0, max_iter: int = 10_000) -> np.ndarray:
    """Weights ``W`` with ``W'preferred[i] > W'other[i]`` (ordinal SVM, Eq. 6-8).

    ``preferred`` and ``other`` are row-aligned feature vectors (``z_i`` and ``z'_i``).
    Returns a vector of length ``preferred.shape[1]``.
    """
    preferred, other = np.asarray(preferred, dtype=float), np.asarray(other, dtype=float)
    if preferred.shape != other.shape or preferred.ndim != 2:
        raise ValueError(f"preferred and other must be 2-D of one shape: {preferred.shape}, {other.shape}")
    if len(preferred) < 2:
        raise ValueError("the ranking SVM needs at least two preference pairs")
    differences = preferred - other
    labels = np.where(rng.permutation(len(differences)) % 2 == 0, 1.0, -1.0)
    svm = LinearSVC(C=c, loss="hinge", fit_intercept=False, dual=True, max_iter=max_iter,
                    random_state=int(rng.integers(2**31 - 1)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        svm.fit(differences * labels[:, None], labels)
    return svm.coef_.ravel().copy()


@dataclass
class RankingCCA:
    """CCA projections ``A, B`` plus a diagonal weight ``W`` (``weights``); Eq. 3/4."""

    cca: CCA
    weights: np.ndarray

    def component_products(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``z = (A x) * (B y)`` for row-aligned pairs, shape n x J."""
        u, v = self.cca.transform(x, y)
        return u * v

    def pair_scores(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``S(x_i, y_i) = W' z_i`` for row-aligned pairs."""
        return self.component_products(x, y) @ self.weights

    def cca_pair_scores(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Plain CCA (Eq. 1): the same products with ``W = 1``."""
        return self.component_products(x, y).sum(axis=1)


def fit_cca(x: np.ndarray, y: np.ndarray, n_components: int, reg: float) -> CCA:
    """CCA on matched pairs with ``n_components`` capped by the data's size."""
    cap = min(x.shape[1], y.shape[1], len(x) - 1)
    return CCA(n_components=max(1, min(n_components, cap)), reg=reg).fit(x, y)


def fit_ranking_cca(x: np.ndarray, y: np.ndarray, preferred: tuple[np.ndarray, np.ndarray],
                    other: tuple[np.ndarray, np.ndarray], rng: np.random.Generator,
                    n_components: int = 32, reg: float = 1e-3, c: float = 1.0) -> RankingCCA:
    """CCA on matched pairs ``(x, y)``, then ``W`` from ``preferred`` over ``other`` pairs.

    ``preferred`` and ``other`` are ``(x_rows, y_rows)`` tuples of row-aligned features.
    With fewer than two preference pairs ``W = 1`` (plain CCA).
    """
    model = RankingCCA(fit_cca(x, y, n_components, reg), np.ones(0))
    return fit_ranking_weights(model, preferred, other, rng, c)


def fit_ranking_weights(model: RankingCCA, preferred: tuple[np.ndarray, np.ndarray],
                        other: tuple[np.ndarray, np.ndarray], rng: np.random.Generator,
                        c: float = 1.0) -> RankingCCA:
    """Learn ``model.weights`` with the CCA kept fixed (``W = 1`` with < 2 preference pairs)."""
    n_components = model.cca.n_components
    if len(preferred[0]) < 2:
        model.weights = np.ones(n_components)
        return model
    z_preferred = model.component_products(*preferred)
    z_other = model.component_products(*other)
    model.weights = ranking_svm_weights(z_preferred, z_other, rng, c=c)
    return model
