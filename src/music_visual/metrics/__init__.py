"""Retrieval and classification metrics: pure NumPy/SciPy functions.

Retrieval metrics take a query x gallery ``similarity`` (higher = more
similar) and a ``relevance`` that is ``None`` (diagonal truth), 1-D targets or
a 2-D boolean matrix (see :mod:`~music_visual.metrics.relevance`). Recall@K
is the papers' hit rate. Ties are averaged over random tie-breaking by
default (``ties="expected"``), so a constant similarity scores exactly at
chance (see :mod:`~music_visual.metrics.ties`).
"""

from music_visual.metrics.chance import expected_random_average_precision, expected_random_recall_at_k
from music_visual.metrics.classification import accuracy, pair_scores, pairwise_consistency
from music_visual.metrics.precision import average_precision, mean_average_precision, precision_recall_curve
from music_visual.metrics.ranking import (
    TieCounts,
    first_relevant_rank,
    mean_rank,
    median_rank,
    recall_at_k,
    retrieval_metrics,
    tie_counts,
)
from music_visual.metrics.relevance import invert_targets, relevance_from_labels, transpose_relevance
from music_visual.metrics.ties import TIES, hit_from_tie_counts, rank_from_tie_counts

__all__ = [
    "TIES",
    "TieCounts",
    "accuracy",
    "average_precision",
    "expected_random_average_precision",
    "expected_random_recall_at_k",
    "first_relevant_rank",
    "hit_from_tie_counts",
    "invert_targets",
    "mean_average_precision",
    "mean_rank",
    "median_rank",
    "pair_scores",
    "pairwise_consistency",
    "precision_recall_curve",
    "rank_from_tie_counts",
    "recall_at_k",
    "relevance_from_labels",
    "retrieval_metrics",
    "tie_counts",
    "transpose_relevance",
]
