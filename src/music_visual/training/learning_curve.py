"""Learning curves: the same methods on growing, nested shares of the training pairs.

:func:`nested_subsets` draws one permutation of the training pairs per seed and takes its first
``round(share * n)`` items for each share, so the 1/8 subset lies inside the 1/4 subset, and so on
(a method's gain from more data is not confounded with a different draw). Every method of a
curve is evaluated on the same test gallery; :func:`curve_summary` gives mean and 95 % CI over
seeds per (method, share).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from music_visual.study.summaries import summarize


def nested_subsets(n: int, shares: Sequence[float], seed: int, minimum: int = 2) -> dict[float, np.ndarray]:
    """Indices of each share's subset of ``n`` pairs (sorted); nested for increasing shares.

    >>> subsets = nested_subsets(8, [0.25, 0.5, 1.0], seed=0)
    >>> [len(subsets[s]) for s in (0.25, 0.5, 1.0)], set(subsets[0.25]) <= set(subsets[0.5])
    ([2, 4, 8], True)
    """
    bad = [s for s in shares if not 0 < s <= 1]
    if bad:
        raise ValueError(f"learning-curve shares must lie in (0, 1]: {bad}")
    order = np.random.default_rng(seed).permutation(n)
    sizes = {float(s): max(minimum, int(round(s * n))) for s in shares}
    too_small = [s for s, k in sizes.items() if k > n]
    if too_small:
        raise ValueError(f"{n} training pairs cannot give {minimum} pairs at shares {too_small}")
    return {s: np.sort(order[:k]) for s, k in sizes.items()}


def curve_summary(rows: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """Long summary (mean, 95 % CI over seeds) per (method, share, n_train) and metric."""
    return summarize(rows, ["method", "share", "n_train"], metrics, sort=True)
