"""Rank of the first relevant item, Recall@K (hit rate), median and mean rank.

``recall_at_k`` is the cross-modal retrieval papers' Recall@K: the share of
queries with at least one relevant item among the top ``K``, i.e. a *hit
rate*, not information-retrieval recall (relevant retrieved / all relevant).
Ranks are 1-based. Ties are handled as described in
:mod:`music_visual.metrics.ties`: with the default ``ties="expected"`` every
value is the mean over uniformly random tie-breaking, so a constant
similarity matrix gives exactly the chance values (Recall@K = K / n_g and
mean rank (n_g + 1) / 2 with one true item per query).

Queries without a relevant item raise ``ValueError``; with
``on_empty="skip"`` they are dropped from aggregates (NaN in per-query
arrays) and a ``RuntimeWarning`` gives their count. For a large gallery pass
``block_size``: queries are processed in blocks, so the temporaries take
O(block_size * n_g) memory; results are identical.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from music_visual.metrics.relevance import _normalise, _row_blocks
from music_visual.metrics.ties import check_ties, hit_from_tie_counts, rank_from_tie_counts


class TieCounts(NamedTuple):
    """Per-query counts defining the first relevant rank (see ``ties``)."""

    n_greater: np.ndarray
    n_tied: np.ndarray
    n_relevant_tied: np.ndarray


def tie_counts(similarity, relevance=None, block_size=None, on_empty="raise") -> TieCounts:
    """Per query: items above the best relevant score, items tied with it, relevant ones tied.

    Queries without a relevant item (``on_empty="skip"``) get
    ``n_relevant_tied = 0``, which the rank functions turn into NaN.

    >>> tie_counts([[0.9, 0.5, 0.5], [0.5, 0.5, 0.5], [0.1, 0.3, 0.2]])
    TieCounts(n_greater=array([0, 0, 1]), n_tied=array([1, 3, 1]), n_relevant_tied=array([1, 1, 1]))
    """
    data = _normalise(similarity, relevance, on_empty)
    n_q = data.similarity.shape[0]
    counts = [np.zeros(n_q, dtype=np.int64) for _ in range(3)]
    for rows in _row_blocks(n_q, block_size):
        for out, block in zip(counts, _block_tie_counts(data, rows)):
            out[rows] = block
    return TieCounts(*counts)


def _block_tie_counts(data, rows: slice):
    sim = data.similarity[rows]
    if data.targets is not None:
        best = sim[np.arange(sim.shape[0]), data.targets[rows]]
    else:
        best = np.where(data.mask[rows], sim, -np.inf).max(axis=1)
    best = best[:, None]
    n_greater = np.count_nonzero(sim > best, axis=1)
    tied = sim == best
    n_tied = np.count_nonzero(tied, axis=1)
    if data.targets is not None:
        return n_greater, n_tied, np.ones(sim.shape[0], dtype=np.int64)
    return n_greater, n_tied, np.count_nonzero(tied & data.mask[rows], axis=1)


def first_relevant_rank(
    similarity, relevance=None, ties="expected", block_size=None, on_empty="raise"
) -> np.ndarray:
    """1-based rank of each query's best-ranked relevant gallery item, shape ``(n_q,)``.

    ``rank = g + (t + 1) / (r + 1)`` under ``"expected"``, ``g + 1`` under
    ``"optimistic"`` and ``g + (t - r) + 1`` under ``"pessimistic"`` (see
    :mod:`music_visual.metrics.ties`). NaN for skipped queries.

    >>> sim = [[0.9, 0.1, 0.5],
    ...        [0.5, 0.5, 0.5],
    ...        [0.2, 0.8, 0.4]]
    >>> first_relevant_rank(sim)  # diagonal is the truth
    array([1., 2., 2.])
    >>> first_relevant_rank(sim, ties="pessimistic")
    array([1., 3., 2.])
    """
    check_ties(ties)
    counts = tie_counts(similarity, relevance, block_size, on_empty)
    return _ranks(counts, ties)


def _ranks(counts: TieCounts, ties: str) -> np.ndarray:
    ranks = rank_from_tie_counts(*counts, ties=ties)
    return np.where(counts.n_relevant_tied > 0, ranks, np.nan)


def _recall(counts: TieCounts, k: int, ties: str) -> float:
    valid = counts.n_relevant_tied > 0
    hits = hit_from_tie_counts(*(c[valid] for c in counts), k=k, ties=ties)
    return float(np.mean(hits))


def recall_at_k(
    similarity, k, relevance=None, ties="expected", block_size=None, on_empty="raise"
):
    """Recall@K as a hit rate: share of queries with a relevant item in the top ``k``.

    ``k`` is an int (returns a float) or a sequence of ints (returns
    ``{k: value}``). Under ``"expected"`` each query contributes
    ``P(first relevant rank <= k)`` over random tie-breaking.

    >>> sim = [[0.9, 0.1, 0.5],
    ...        [0.5, 0.5, 0.5],
    ...        [0.2, 0.8, 0.4]]
    >>> recall_at_k(sim, 1)  # (1 + 1/3 + 0) / 3
    0.4444444444444444
    >>> recall_at_k(sim, [1, 2], ties="optimistic")
    {1: 0.6666666666666666, 2: 1.0}
    """
    check_ties(ties)
    ks = _check_ks(k)
    counts = tie_counts(similarity, relevance, block_size, on_empty)
    values = {kk: _recall(counts, kk, ties) for kk in ks}
    return values[ks[0]] if _is_int(k) else values


def median_rank(similarity, relevance=None, ties="expected", block_size=None, on_empty="raise") -> float:
    """Median over queries of :func:`first_relevant_rank` (MedR, 1-based).

    Under ``"expected"`` this is the median of the per-query expected ranks.

    >>> median_rank([[0.9, 0.1, 0.5], [0.5, 0.5, 0.5], [0.2, 0.8, 0.4]])
    2.0
    """
    ranks = first_relevant_rank(similarity, relevance, ties, block_size, on_empty)
    return float(np.nanmedian(ranks))


def mean_rank(similarity, relevance=None, ties="expected", block_size=None, on_empty="raise") -> float:
    """Mean over queries of :func:`first_relevant_rank` (MnR, 1-based).

    >>> mean_rank([[0.9, 0.1, 0.5], [0.5, 0.5, 0.5], [0.2, 0.8, 0.4]])
    1.6666666666666667
    """
    ranks = first_relevant_rank(similarity, relevance, ties, block_size, on_empty)
    return float(np.nanmean(ranks))


def retrieval_metrics(
    similarity, relevance=None, ks=(1, 10, 25), ties="expected", block_size=None, on_empty="raise"
) -> dict[str, float]:
    """``recall_at_<k>`` for each ``k`` in ``ks``, ``median_rank`` and ``mean_rank``.

    The keys match the papers' tables; the tie counts are computed once.

    >>> retrieval_metrics([[0.9, 0.1], [0.3, 0.4]], ks=(1,))
    {'recall_at_1': 1.0, 'median_rank': 1.0, 'mean_rank': 1.0}
    """
    check_ties(ties)
    ks = _check_ks(list(ks))
    counts = tie_counts(similarity, relevance, block_size, on_empty)
    metrics = {f"recall_at_{k}": _recall(counts, k, ties) for k in ks}
    ranks = _ranks(counts, ties)
    metrics["median_rank"] = float(np.nanmedian(ranks))
    metrics["mean_rank"] = float(np.nanmean(ranks))
    return metrics


def _is_int(k) -> bool:
    return isinstance(k, (int, np.integer)) and not isinstance(k, (bool, np.bool_))


def _check_ks(k) -> list[int]:
    ks = [k] if _is_int(k) else k
    if not isinstance(ks, (Sequence, np.ndarray)) or len(ks) == 0:
        raise ValueError(f"k must be a positive int or a non-empty sequence of them, got {k!r}")
    bad = [kk for kk in ks if not _is_int(kk) or kk < 1]
    if bad:
        raise ValueError(f"k must be positive integers, got {bad!r}")
    return [int(kk) for kk in ks]
