"""Which gallery items are relevant to which query, and input validation.

Every retrieval metric takes a query x gallery ``similarity`` matrix (higher =
more similar, shape ``(n_q, n_g)``) and a ``relevance`` argument that is one of

* ``None``: the matrix is square and the true item of query ``i`` is gallery
  item ``i`` (paired data: a song and its own image or video);
* a 1-D integer array of length ``n_q``: the index of the one true gallery
  item of each query;
* a 2-D boolean array ``(n_q, n_g)``: the set of relevant items of each query
  (e.g. "same class", built with :func:`relevance_from_labels`).

The other retrieval direction is ``similarity.T`` with
:func:`transpose_relevance` (or :func:`invert_targets` for 1-D targets).
All metrics go through the one private normaliser :func:`_normalise`.
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass
from typing import Iterator

import numpy as np

_ON_EMPTY = ("raise", "skip")
_FINITE_CHECK_ELEMENTS = 1 << 22
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def relevance_from_labels(query_labels, gallery_labels) -> np.ndarray:
    """Boolean relevance matrix: ``R[i, j] = query_labels[i] == gallery_labels[j]``.

    >>> relevance_from_labels(["rock", "jazz"], ["jazz", "rock", "rock"])
    array([[False,  True,  True],
           [ True, False, False]])
    """
    query_labels = np.asarray(query_labels)
    gallery_labels = np.asarray(gallery_labels)
    if query_labels.ndim != 1 or gallery_labels.ndim != 1:
        raise ValueError(
            "labels must be 1-D, got shapes "
            f"{query_labels.shape} and {gallery_labels.shape}"
        )
    return query_labels[:, None] == gallery_labels[None, :]


def invert_targets(targets, n_gallery: int) -> np.ndarray:
    """Relevance for the reverse direction of 1-D targets, as a bool matrix.

    ``targets[i] = j`` (gallery item ``j`` is the truth of query ``i``) becomes
    ``R[j, i] = True`` with shape ``(n_gallery, n_q)``, to be used with
    ``similarity.T``. Gallery items that no query points to have no relevant
    item (use ``on_empty="skip"`` to drop them). When ``targets`` is a
    permutation, ``np.argsort(targets)`` is the equivalent 1-D form.

    >>> invert_targets([2, 0, 2], n_gallery=3).astype(int)
    array([[0, 1, 0],
           [0, 0, 0],
           [1, 0, 1]])
    """
    targets = _check_targets(targets, len(np.asarray(targets)), n_gallery)
    relevance = np.zeros((n_gallery, len(targets)), dtype=bool)
    relevance[targets, np.arange(len(targets))] = True
    return relevance


def transpose_relevance(relevance, n_queries: int, n_gallery: int):
    """The ``relevance`` argument that goes with ``similarity.T``.

    ``None`` stays ``None``, 1-D targets go through :func:`invert_targets`
    and a 2-D matrix is transposed.

    >>> transpose_relevance(None, 2, 2) is None
    True
    """
    if relevance is None:
        return None
    relevance = np.asarray(relevance)
    if relevance.ndim == 1:
        return invert_targets(relevance, n_gallery)
    return _check_mask(relevance, (n_queries, n_gallery)).T


@dataclass(frozen=True)
class _Normalised:
    """Validated inputs: a float similarity plus targets *or* a bool mask."""

    similarity: np.ndarray
    targets: np.ndarray | None
    mask: np.ndarray | None
    keep: np.ndarray

    def mask_rows(self, rows: slice) -> np.ndarray:
        """Bool relevance of the queries in ``rows`` (built from targets if need be)."""
        if self.mask is not None:
            return np.asarray(self.mask[rows], dtype=bool)
        targets = self.targets[rows]
        mask = np.zeros((len(targets), self.similarity.shape[1]), dtype=bool)
        mask[np.arange(len(targets)), targets] = True
        return mask


def _normalise(similarity, relevance=None, on_empty: str = "raise") -> _Normalised:
    """Validate ``similarity`` and ``relevance``; the one entry point of all metrics.

    Raises ``ValueError`` on a non 2-D or non-finite similarity, a relevance
    of the wrong shape or type, and (with ``on_empty="raise"``) on queries
    without a relevant item; with ``on_empty="skip"`` those queries are
    flagged in ``keep`` and a warning gives their count.
    """
    if on_empty not in _ON_EMPTY:
        raise ValueError(f"on_empty must be one of {_ON_EMPTY}, got {on_empty!r}")
    similarity = _check_similarity(similarity)
    n_q, n_g = similarity.shape
    targets, mask = None, None
    if relevance is None:
        if n_q != n_g:
            raise ValueError(
                f"relevance=None needs a square similarity, got shape {(n_q, n_g)}; "
                "pass 1-D targets or a boolean relevance matrix"
            )
        targets = np.arange(n_q)
    elif np.ndim(relevance) == 1:
        targets = _check_targets(relevance, n_q, n_g)
    else:
        mask = _check_mask(relevance, (n_q, n_g))
    keep = np.ones(n_q, dtype=bool) if mask is None else mask.any(axis=1)
    _handle_empty(keep, on_empty)
    return _Normalised(similarity, targets, mask, keep)


def _row_blocks(n_rows: int, block_size: int | None) -> Iterator[slice]:
    """Consecutive row slices of at most ``block_size`` rows (all rows if None)."""
    if block_size is None:
        block_size = max(n_rows, 1)
    if isinstance(block_size, bool) or not isinstance(block_size, (int, np.integer)):
        raise ValueError(f"block_size must be a positive int or None, got {block_size!r}")
    if block_size < 1:
        raise ValueError(f"block_size must be a positive int or None, got {block_size!r}")
    for start in range(0, n_rows, int(block_size)):
        yield slice(start, min(start + int(block_size), n_rows))


def _check_similarity(similarity) -> np.ndarray:
    similarity = np.asarray(similarity)
    if similarity.ndim != 2:
        raise ValueError(f"similarity must be 2-D (queries x gallery), got shape {similarity.shape}")
    if similarity.shape[0] == 0 or similarity.shape[1] == 0:
        raise ValueError(f"similarity must not be empty, got shape {similarity.shape}")
    if similarity.dtype == bool or not np.issubdtype(similarity.dtype, np.number):
        raise ValueError(f"similarity must be numeric, got dtype {similarity.dtype}")
    if not np.issubdtype(similarity.dtype, np.floating):
        similarity = similarity.astype(np.float64)
    _check_finite(similarity, "similarity")
    return similarity


def _check_finite(values: np.ndarray, name: str) -> None:
    """Raise ``ValueError`` naming how many NaN/inf ``values`` holds (checked in row blocks)."""
    values = np.atleast_2d(values)
    rows_per_check = max(1, _FINITE_CHECK_ELEMENTS // max(values.shape[1], 1))
    n_bad = sum(
        int(np.count_nonzero(~np.isfinite(values[rows])))
        for rows in _row_blocks(values.shape[0], rows_per_check)
    )
    if n_bad:
        raise ValueError(f"{name} contains {n_bad} NaN or infinite value(s)")


def _check_targets(targets, n_queries: int, n_gallery: int) -> np.ndarray:
    targets = np.asarray(targets)
    if targets.dtype == bool or not np.issubdtype(targets.dtype, np.integer):
        raise ValueError(f"1-D targets must be integer indices, got dtype {targets.dtype}")
    if targets.shape != (n_queries,):
        raise ValueError(f"targets must have shape ({n_queries},), got {targets.shape}")
    n_out = int(np.count_nonzero((targets < 0) | (targets >= n_gallery)))
    if n_out:
        raise ValueError(f"{n_out} target(s) outside the gallery range [0, {n_gallery})")
    return targets.astype(np.intp, copy=False)


def _check_mask(mask, shape: tuple[int, int]) -> np.ndarray:
    mask = np.asarray(mask)
    if mask.shape != shape:
        raise ValueError(f"relevance matrix must have shape {shape}, got {mask.shape}")
    if mask.dtype != bool:
        if not np.issubdtype(mask.dtype, np.number) or not np.isin(mask, (0, 1)).all():
            raise ValueError("a 2-D relevance must be boolean (or hold only 0 and 1)")
        mask = mask.astype(bool)
    return mask


def _handle_empty(keep: np.ndarray, on_empty: str) -> None:
    n_empty = int(np.count_nonzero(~keep))
    if n_empty == 0:
        return
    if on_empty == "raise":
        raise ValueError(
            f"{n_empty} of {keep.size} queries have no relevant gallery item; "
            "fix the relevance or pass on_empty='skip'"
        )
    if n_empty == keep.size:
        raise ValueError(f"none of the {keep.size} queries has a relevant gallery item")
    warnings.warn(
        f"skipped {n_empty} of {keep.size} queries that have no relevant gallery item",
        RuntimeWarning,
        stacklevel=_caller_stacklevel(),
    )


def _caller_stacklevel() -> int:
    """``stacklevel`` that points a warning at the first frame outside this package."""
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE_DIR):
        frame, level = frame.f_back, level + 1
    return level
