"""Average precision (AP), mean average precision (MAP) and the precision-recall curve.

Relevance is usually "same class" (as in S-DCCA): build it with
:func:`~music_visual.metrics.relevance.relevance_from_labels`. ``None`` and
1-D targets work too (one relevant item per query: AP is then the
reciprocal rank, with tied items retrieved together as below).

**AP** is defined exactly as scikit-learn's ``average_precision_score`` on
each query's row: ``AP = sum_n (R_n - R_{n-1}) P_n`` over the distinct
similarity thresholds in decreasing order, where ``P_n`` and ``R_n`` are the
precision and recall of the items scored ``>= threshold_n``. Items with equal
similarity are therefore retrieved together: every relevant item of a tie
group gets the precision at the end of the group. A constant row thus scores
``n_relevant / n_g``, not the expected AP of a random ranking (for that see
:func:`~music_visual.metrics.chance.expected_random_average_precision`).

**AP@K** (``top_k=K``) is a different, separately defined quantity: rank the
gallery by decreasing similarity, ties broken by gallery index (lower index
first), and ``AP@K = sum_{n <= K, item n relevant} P@n / min(K, n_relevant)``.

**precision_recall_curve** averages, over queries, precision@n (relevant in
the top ``n`` / ``n``) and IR recall@n (relevant in the top ``n`` / all
relevant) for ``n = 1..n_g``. Inside a tie group the relevant count grows
linearly under ``ties="expected"`` (its expectation over random
tie-breaking); ``"optimistic"`` / ``"pessimistic"`` put the group's relevant
items first / last.
"""

from __future__ import annotations

import numpy as np

from music_visual.metrics.relevance import _normalise, _row_blocks
from music_visual.metrics.ties import check_ties


def average_precision(
    similarity, relevance=None, top_k=None, block_size=None, on_empty="raise"
) -> np.ndarray:
    """Per-query AP (scikit-learn's definition) or AP@K with ``top_k``, shape ``(n_q,)``.

    NaN for queries skipped with ``on_empty="skip"``.

    >>> sim = [[0.9, 0.8, 0.7, 0.6],
    ...        [0.5, 0.5, 0.5, 0.1]]
    >>> rel = [[True, False, True, False],
    ...        [False, True, False, True]]
    >>> average_precision(sim, rel)  # (1 + 2/3) / 2 ; (1/3 + 2/4) / 2
    array([0.83333333, 0.41666667])
    >>> average_precision(sim, rel, top_k=2)  # 1 / min(2, 2) ; (1/2) / 2
    array([0.5 , 0.25])
    """
    bad_type = isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer))
    if top_k is not None and (bad_type or top_k < 1):
        raise ValueError(f"top_k must be a positive int or None, got {top_k!r}")
    data = _normalise(similarity, relevance, on_empty)
    n_q = data.similarity.shape[0]
    ap = np.full(n_q, np.nan)
    for rows in _row_blocks(n_q, block_size):
        scores, rel = _sorted_rows(data.similarity[rows], data.mask_rows(rows))
        if top_k is None:
            ap[rows] = _block_average_precision(scores, rel)
        else:
            ap[rows] = _block_average_precision_at_k(rel, int(top_k))
    return np.where(data.keep, ap, np.nan)


def mean_average_precision(
    similarity, relevance=None, top_k=None, block_size=None, on_empty="raise"
) -> float:
    """MAP: the mean over queries of :func:`average_precision` (skipped queries left out).

    >>> mean_average_precision([[0.9, 0.8, 0.7, 0.6], [0.5, 0.5, 0.5, 0.1]],
    ...                        [[1, 0, 1, 0], [0, 1, 0, 1]])
    0.625
    """
    return float(np.nanmean(average_precision(similarity, relevance, top_k, block_size, on_empty)))


def precision_recall_curve(
    similarity, relevance=None, ties="expected", block_size=None, on_empty="raise"
):
    """``(n_retrieved, precision, recall)``: mean precision@n and IR recall@n, n = 1..n_g.

    >>> n, p, r = precision_recall_curve([[0.9, 0.5, 0.5, 0.1]], [[False, True, False, True]])
    >>> n
    array([1, 2, 3, 4])
    >>> p  # at n = 2 half of the tie {0.5, 0.5} is expected to be relevant
    array([0.        , 0.25      , 0.33333333, 0.5       ])
    >>> r
    array([0.  , 0.25, 0.5 , 1.  ])
    """
    check_ties(ties)
    data = _normalise(similarity, relevance, on_empty)
    n_q, n_g = data.similarity.shape
    n_retrieved = np.arange(1, n_g + 1)
    precision_sum, recall_sum = np.zeros(n_g), np.zeros(n_g)
    for rows in _row_blocks(n_q, block_size):
        keep = data.keep[rows]
        scores, rel = _sorted_rows(data.similarity[rows][keep], data.mask_rows(rows)[keep])
        hits = _expected_hits(scores, rel, ties)
        precision_sum += (hits / n_retrieved).sum(axis=0)
        recall_sum += (hits / hits[:, -1:]).sum(axis=0)
    n_valid = int(np.count_nonzero(data.keep))
    return n_retrieved, precision_sum / n_valid, recall_sum / n_valid


def _sorted_rows(sim: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted by decreasing similarity (ties by gallery index) and their relevance."""
    order = np.argsort(-sim, axis=1, kind="stable")
    return np.take_along_axis(sim, order, axis=1), np.take_along_axis(mask, order, axis=1)


def _tie_group_bounds(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each sorted position, the first and last position of its tie group."""
    positions = np.arange(scores.shape[1])
    differs = scores[:, 1:] != scores[:, :-1]
    always = np.ones((scores.shape[0], 1), dtype=bool)
    is_start = np.concatenate([always, differs], axis=1)
    is_end = np.concatenate([differs, always], axis=1)
    starts = np.maximum.accumulate(np.where(is_start, positions, 0), axis=1)
    ends_reversed = np.where(is_end, positions, scores.shape[1])[:, ::-1]
    ends = np.minimum.accumulate(ends_reversed, axis=1)[:, ::-1]
    return starts, ends


def _block_average_precision(scores: np.ndarray, rel: np.ndarray) -> np.ndarray:
    _, ends = _tie_group_bounds(scores)
    true_pos = np.cumsum(rel, axis=1)
    precision_at_end = np.take_along_axis(true_pos, ends, axis=1) / (ends + 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (rel * precision_at_end).sum(axis=1) / true_pos[:, -1]


def _block_average_precision_at_k(rel: np.ndarray, top_k: int) -> np.ndarray:
    top = rel[:, :top_k]
    precision = np.cumsum(top, axis=1) / np.arange(1.0, top.shape[1] + 1.0)
    denominator = np.minimum(top_k, rel.sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return (top * precision).sum(axis=1) / denominator


def _expected_hits(scores: np.ndarray, rel: np.ndarray, ties: str) -> np.ndarray:
    """Relevant items among the top n (n = 1..n_g), tie-aware, per row."""
    starts, ends = _tie_group_bounds(scores)
    cum_rel = np.cumsum(rel, axis=1, dtype=np.float64)
    before = np.take_along_axis(cum_rel, starts, axis=1) - np.take_along_axis(rel, starts, axis=1)
    in_group = np.take_along_axis(cum_rel, ends, axis=1) - before
    size = (ends - starts + 1).astype(np.float64)
    taken = np.arange(scores.shape[1]) - starts + 1.0
    if ties == "optimistic":
        return before + np.minimum(in_group, taken)
    if ties == "pessimistic":
        return before + np.maximum(0.0, taken - (size - in_group))
    return before + in_group * taken / size
