"""Chance levels: the expected metric under a uniformly random ranking of the gallery.

These are the values ``recall_at_k`` and ``mean_rank`` return for a
constant similarity matrix under ``ties="expected"``, and the baselines to
quote next to a model's scores.
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma

from music_visual.metrics.ties import _hit_in_first_m_of_tie


def expected_random_recall_at_k(n_gallery, k, n_relevant=1) -> np.ndarray:
    """``1 - C(n - r, k) / C(n, k)``: P(a relevant item in the top ``k`` of a random ranking).

    ``n = n_gallery`` items of which ``r = n_relevant`` are relevant; equals
    ``k / n`` for one relevant item. Broadcasts over all three arguments
    (a float for scalar inputs).

    >>> expected_random_recall_at_k(100, 10)
    0.1
    >>> expected_random_recall_at_k(4, 2, n_relevant=[1, 2, 3])  # 1/2, 1 - 1/6, 1
    array([0.5       , 0.83333333, 1.        ])
    """
    n, k, r = _check_counts(n_gallery, k, n_relevant)
    hit = _hit_in_first_m_of_tie(n, r, np.minimum(k, n))
    return hit if hit.ndim else float(hit)


def expected_random_average_precision(n_gallery, n_relevant=1) -> np.ndarray:
    """Expected AP of a uniformly random ranking (all ``n!`` orders equally likely).

    Exactly ``(H_n + (r - 1) / (n - 1) * (n - H_n)) / n`` with ``H_n`` the
    n-th harmonic number (``1`` when ``n = 1``): the relevant item at rank
    ``p`` has on average ``(r - 1)(p - 1)/(n - 1)`` relevant items above it.
    This is the chance level of AP on untied scores; note that
    :func:`~music_visual.metrics.precision.average_precision` of a *constant*
    similarity is ``r / n`` instead (scikit-learn retrieves ties together).

    >>> round(expected_random_average_precision(3), 12)  # (1 + 1/2 + 1/3) / 3
    0.611111111111
    >>> expected_random_average_precision(2, n_relevant=[1, 2])
    array([0.75, 1.  ])
    """
    n, _, r = _check_counts(n_gallery, 1, n_relevant)
    harmonic = digamma(n + 1.0) + np.euler_gamma
    with np.errstate(invalid="ignore", divide="ignore"):
        share_above = np.where(n > 1, (r - 1.0) / (n - 1.0), 0.0)
    ap = (harmonic + share_above * (n - harmonic)) / n
    return ap if ap.ndim else float(ap)


def _check_counts(n_gallery, k, n_relevant) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    arrays = []
    for name, value in (("n_gallery", n_gallery), ("k", k), ("n_relevant", n_relevant)):
        value = np.asarray(value)
        if value.dtype == bool or not np.issubdtype(value.dtype, np.integer) or (value < 1).any():
            raise ValueError(f"{name} must hold positive integers, got {value!r}")
        arrays.append(value.astype(np.float64))
    n, k, r = np.broadcast_arrays(*arrays)
    if (r > n).any():
        raise ValueError("n_relevant must not exceed n_gallery")
    return n, k, r
