"""Nested training subsets for learning curves."""

import numpy as np
import pandas as pd
import pytest

from music_visual.training.learning_curve import curve_summary, nested_subsets


def test_subsets_are_nested_sized_and_seeded():
    subsets = nested_subsets(1407, [0.125, 0.25, 0.5, 1.0], seed=3)
    sizes = [len(subsets[s]) for s in (0.125, 0.25, 0.5, 1.0)]
    assert sizes == [176, 352, 704, 1407]
    assert set(subsets[0.125]) <= set(subsets[0.25]) <= set(subsets[0.5]) <= set(range(1407))
    assert np.array_equal(subsets[0.25], nested_subsets(1407, [0.25], seed=3)[0.25])
    assert not np.array_equal(subsets[0.25], nested_subsets(1407, [0.25], seed=4)[0.25])
    with pytest.raises(ValueError):
        nested_subsets(10, [0.0, 1.0], seed=0)


def test_curve_summary_gives_mean_and_interval_per_share():
    rows = pd.DataFrame({"method": "m", "share": [0.5] * 3 + [1.0] * 3, "n_train": [5] * 3 + [10] * 3,
                         "seed": [0, 1, 2] * 2, "r10": [0.1, 0.2, 0.3, 0.4, 0.4, 0.4]})
    summary = curve_summary(rows, ["r10"]).set_index("share")
    assert summary.loc[0.5, "mean"] == pytest.approx(0.2) and summary.loc[1.0, "ci95_low"] == pytest.approx(0.4)
    assert summary.loc[0.5, "ci95_high"] == pytest.approx(0.2 + 4.302653 * 0.1 / np.sqrt(3), rel=1e-5)
