"""Bootstrap intervals over queries: the uncertainty of one gallery's figure (or of a paired difference)
when there are no seeds to vary (a deterministic method such as CCA).

>>> low, high = bootstrap_mean_ci(np.ones(50), n_resamples=200)
>>> (low, high)
(1.0, 1.0)
"""

from __future__ import annotations

import numpy as np


def bootstrap_mean_ci(values, n_resamples: int = 2000, confidence: float = 0.95, seed: int = 0) -> tuple[float, float]:
    """Percentile interval of the mean of ``values`` (one per query) over ``n_resamples`` resamples of the
    queries with replacement (seeded: the same values give the same interval). For a paired difference pass
    the per-query differences."""
    x = np.asarray(values, dtype=np.float64).ravel()
    if x.size == 0 or not np.isfinite(x).all():
        raise ValueError(f"need finite per-query values, got {x.size} value(s)")
    rng = np.random.default_rng(seed)
    means = np.empty(n_resamples)
    for start in range(0, n_resamples, 256):  # blocks keep the index matrix small for large galleries
        stop = min(n_resamples, start + 256)
        means[start:stop] = x[rng.integers(0, x.size, size=(stop - start, x.size))].mean(axis=1)
    tail = 100 * (1 - confidence) / 2
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)
