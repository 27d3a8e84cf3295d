"""The bootstrap interval over queries."""

import numpy as np
import pytest

from music_visual.metrics.bootstrap import bootstrap_mean_ci


def test_interval_brackets_the_mean_and_matches_the_normal_approximation():
    x = np.random.default_rng(1).normal(0.3, 1.0, 400)
    low, high = bootstrap_mean_ci(x, n_resamples=4000)
    half = 1.96 * x.std(ddof=1) / np.sqrt(x.size)  # the textbook interval, ~0.098 here
    assert low < x.mean() < high
    assert abs((high - low) / 2 - half) < 0.15 * half


def test_seeded_and_degenerate_inputs():
    x = np.arange(10.0)
    assert bootstrap_mean_ci(x, seed=3) == bootstrap_mean_ci(x, seed=3)
    assert bootstrap_mean_ci(np.full(7, 0.25)) == (0.25, 0.25)
    with pytest.raises(ValueError):
        bootstrap_mean_ci([])
    with pytest.raises(ValueError):
        bootstrap_mean_ci([0.1, np.nan])
