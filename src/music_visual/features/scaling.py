"""Per-column standardisation fitted on the training rows only (every paper's input scaling)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Standardiser:
    """``(x - mean) / std`` over ``axis`` (columns by default); constant columns are only centred.

    >>> s = Standardiser.fit(np.array([[1.0, 5.0], [3.0, 5.0]]))
    >>> s.transform(np.array([[2.0, 6.0]])).tolist()
    [[0.0, 1.0]]
    """

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, X: np.ndarray, axis=0) -> "Standardiser":
        X = np.asarray(X, dtype=np.float64)
        std = X.std(axis=axis)
        return cls(X.mean(axis=axis), np.where(std > 1e-8, std, 1.0))

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Float32 standardised rows."""
        return ((np.asarray(X, dtype=np.float64) - self.mean) / self.std).astype(np.float32)

    __call__ = transform
