"""Accuracy and pairwise preference consistency.

``accuracy`` is the share of equal labels. ``pairwise_consistency`` is the
share of annotated preference pairs ("this image suits the song better than
that one") that a model orders the same way as the annotator: the preferred
pair must be scored strictly higher; a tie counts 1/2 under
``ties="expected"`` (the chance of a coin flip ordering it right), 0 under
``"pessimistic"`` and 1 under ``"optimistic"``.
"""

from __future__ import annotations

import numpy as np

from music_visual.metrics.relevance import _check_finite, _check_similarity
from music_visual.metrics.ties import check_ties

_TIE_CREDIT = {"expected": 0.5, "optimistic": 1.0, "pessimistic": 0.0}


def accuracy(y_true, y_pred, threshold: float = 0.5) -> float:
    """Share of predictions equal to the true labels.

    ``y_pred`` may also be

    * a 2-D score / probability matrix ``(n, n_classes)``: the predicted
      label is the column index of the row maximum (first one on ties);
    * 1-D floating scores or probabilities when ``y_true`` is binary (only 0
      and 1, or bool): the predicted label is ``y_pred > threshold``.

    >>> accuracy([0, 1, 2, 2], [0, 2, 2, 2])
    0.75
    >>> accuracy([0, 1, 1], [0.2, 0.7, 0.4])
    0.6666666666666666
    >>> accuracy([1, 1], [[0.1, 0.9], [0.8, 0.2]])
    0.5
    """
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    if y_true.ndim != 1 or y_true.size == 0:
        raise ValueError(f"y_true must be a non-empty 1-D array, got shape {y_true.shape}")
    if y_pred.ndim == 2:
        _check_similarity(y_pred)  # numeric, non-empty and finite
        y_pred = np.argmax(y_pred, axis=1)
    elif np.issubdtype(y_pred.dtype, np.floating) and _is_binary(y_true):
        _check_finite(y_pred, "y_pred")
        y_pred = (y_pred > threshold).astype(int)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"y_true and y_pred disagree in shape: {y_true.shape} vs {y_pred.shape}")
    return float(np.mean(y_true == y_pred))


def _is_binary(y_true: np.ndarray) -> bool:
    if y_true.dtype == bool:
        return True
    return np.issubdtype(y_true.dtype, np.number) and bool(np.isin(y_true, (0, 1)).all())


def pairwise_consistency(preferred_scores, other_scores, ties: str = "expected") -> float:
    """Share of pairs with ``preferred_scores > other_scores`` (ties: 1/2, 0 or 1).

    ``preferred_scores[i]`` is the model's score of the pair the annotator
    preferred in comparison ``i``, ``other_scores[i]`` that of the other pair
    (see :func:`pair_scores`).

    >>> pairwise_consistency([0.9, 0.4, 0.5, 0.2], [0.1, 0.6, 0.5, 0.1])
    0.625
    >>> pairwise_consistency([0.9, 0.4, 0.5, 0.2], [0.1, 0.6, 0.5, 0.1], ties="pessimistic")
    0.5
    """
    check_ties(ties)
    preferred = np.asarray(preferred_scores)
    other = np.asarray(other_scores)
    if preferred.ndim != 1 or preferred.shape != other.shape or preferred.size == 0:
        raise ValueError(
            "preferred_scores and other_scores must be non-empty 1-D arrays of one shape, "
            f"got {preferred.shape} and {other.shape}"
        )
    for name, values in (("preferred_scores", preferred), ("other_scores", other)):
        if values.dtype == bool or not np.issubdtype(values.dtype, np.number):
            raise ValueError(f"{name} must be numeric, got dtype {values.dtype}")
        _check_finite(values, name)
    credit = np.where(preferred > other, 1.0, np.where(preferred == other, _TIE_CREDIT[ties], 0.0))
    return float(np.mean(credit))


def pair_scores(similarity, rows, cols) -> np.ndarray:
    """``similarity[rows[i], cols[i]]`` for each annotated pair, with range checks.

    >>> pair_scores([[0.1, 0.9], [0.4, 0.3]], rows=[0, 1], cols=[1, 1])
    array([0.9, 0.3])
    """
    similarity = _check_similarity(similarity)
    index = []
    for name, ids, size in (("rows", rows, similarity.shape[0]), ("cols", cols, similarity.shape[1])):
        ids = np.asarray(ids)
        if ids.ndim != 1 or ids.dtype == bool or not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"{name} must be a 1-D integer array, got {ids.dtype} of shape {ids.shape}")
        n_out = int(np.count_nonzero((ids < 0) | (ids >= size)))
        if n_out:
            raise ValueError(f"{n_out} of {name} outside [0, {size})")
        index.append(ids)
    if index[0].shape != index[1].shape:
        raise ValueError(f"rows and cols disagree in length: {index[0].shape} vs {index[1].shape}")
    return similarity[index[0], index[1]]
