"""Tie-aware rank of the first relevant item, from three counts per query.

For one query let ``s*`` be the highest similarity among its relevant items,
``g`` (``n_greater``) the number of gallery items scored strictly above
``s*``, ``t`` (``n_tied``) the number scored exactly ``s*`` (the tie group,
relevant ones included) and ``r`` (``n_relevant_tied``) the number of
relevant items in the tie group. Then, with 1-based ranks,

* ``"optimistic"``: relevant items first inside the tie: rank ``g + 1``;
* ``"pessimistic"``: relevant items last: rank ``g + (t - r) + 1``;
* ``"expected"``: the mean over uniformly random tie-breaking:
  rank ``g + (t + 1) / (r + 1)``, and the hit probability within the top
  ``K`` is ``0`` if ``K <= g``, else ``1 - C(t - r, m) / C(t, m)`` with
  ``m = min(K - g, t)`` (``1`` when ``m > t - r``).

So under ``"expected"`` a constant similarity matrix scores exactly the
chance level (e.g. Recall@K = K / n_g with one true item per query).
The binomial ratio is a product of ``min(r, m)`` factors when that is at most
256 (exact to a few ulps for any ``t``) and ``scipy.special.gammaln``
differences otherwise (then the probability is large and the relative error
tiny); both are vectorised over queries.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln

TIES = ("expected", "optimistic", "pessimistic")
_MAX_PRODUCT_TERMS = 256


def check_ties(ties: str) -> str:
    """Return ``ties`` if it is one of :data:`TIES`, else raise ``ValueError``."""
    if ties not in TIES:
        raise ValueError(f"ties must be one of {TIES}, got {ties!r}")
    return ties


def rank_from_tie_counts(n_greater, n_tied, n_relevant_tied, ties: str = "expected") -> np.ndarray:
    """1-based rank of the first relevant item (see the module docstring).

    >>> float(rank_from_tie_counts(2, 4, 1))  # two above, relevant tied with 3 others
    4.5
    >>> rank_from_tie_counts([2, 0], [4, 3], [1, 3], ties="pessimistic")
    array([6., 1.])
    """
    g, t, r = (np.asarray(x, dtype=np.float64) for x in (n_greater, n_tied, n_relevant_tied))
    check_ties(ties)
    if ties == "optimistic":
        return g + 1.0
    if ties == "pessimistic":
        return g + (t - r) + 1.0
    return g + (t + 1.0) / (r + 1.0)


def hit_from_tie_counts(n_greater, n_tied, n_relevant_tied, k, ties: str = "expected") -> np.ndarray:
    """Probability (0/1 unless ``"expected"``) that the first relevant rank is <= ``k``.

    >>> float(hit_from_tie_counts(0, 4, 1, k=1))  # one true item among 4 tied
    0.25
    >>> round(float(hit_from_tie_counts(0, 4, 2, k=2)), 12)  # 1 - C(2,2)/C(4,2)
    0.833333333333
    """
    check_ties(ties)
    if ties != "expected":
        rank = rank_from_tie_counts(n_greater, n_tied, n_relevant_tied, ties)
        return (rank <= k).astype(np.float64)
    g, t, r, k = np.broadcast_arrays(
        *(np.asarray(x, dtype=np.float64) for x in (n_greater, n_tied, n_relevant_tied, k))
    )
    m = np.clip(k - g, 0.0, t)
    return _hit_in_first_m_of_tie(t, r, m)


def _hit_in_first_m_of_tie(t: np.ndarray, r: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``1 - C(t - r, m) / C(t, m)``: a relevant item among the first ``m`` of ``t``."""
    shape = np.broadcast_shapes(np.shape(t), np.shape(r), np.shape(m))
    t, r, m = np.broadcast_arrays(*(np.atleast_1d(np.asarray(x, dtype=np.float64)) for x in (t, r, m)))
    certain = m > t - r
    n_terms = np.where(certain, 0.0, np.minimum(r, m))
    by_product = n_terms <= _MAX_PRODUCT_TERMS
    log_ratio = np.where(by_product, _log_ratio_by_product(t, r, m, np.where(by_product, n_terms, 0.0)), 0.0)
    log_ratio = np.where(by_product, log_ratio, _log_ratio_by_gammaln(t, np.where(certain, 0.0, r), m))
    hit = np.clip(-np.expm1(log_ratio), 0.0, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        hit = np.where(n_terms == 1, np.maximum(r, m) / t, hit)  # r or m = 1: exactly m*r/t
    hit = np.where(certain, 1.0, hit)
    hit = np.where(m <= 0, 0.0, hit)
    return hit.reshape(shape)


def _log_ratio_by_product(t, r, m, n_terms):
    """``log C(t-r, m)/C(t, m)`` as ``sum_{i < n} log(1 - o / (t - i))``, n = min(r, m).

    Uses ``C(t-r, m)/C(t, m) = prod_{i<r} (1 - m/(t-i)) = prod_{i<m} (1 - r/(t-i))``;
    exact to a few ulps however large ``t`` is (gammaln differences are not).
    """
    other = np.where(r <= m, m, r)
    log_ratio = np.zeros_like(t)
    for i in range(int(n_terms.max(initial=0))):
        active = i < n_terms
        term = np.log1p(-np.where(active, other / np.where(active, t - i, 1.0), 0.0))
        log_ratio += term
    return log_ratio


def _log_ratio_by_gammaln(t, r, m):
    """``log C(t-r, m)/C(t, m)`` with ``gammaln``: for tie groups where min(r, m) is large.

    Its absolute error is ~1e-16 * t * log(t), small next to the hit
    probability, which is at least ``1 - exp(-min(r, m)**2 / t)`` here.
    """
    return gammaln(t - r + 1.0) - gammaln(t - r - m + 1.0) - gammaln(t + 1.0) + gammaln(t - m + 1.0)
