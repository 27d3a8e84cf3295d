"""Summaries over seeds: hand-computed means and Student-t intervals, nested/wide layouts, pairing."""

import math

import numpy as np
import pandas as pd
import pytest

from music_visual.study.summaries import as_nested, as_wide, paired_difference, summarize

ROWS = pd.DataFrame({"method": ["a", "a", "a", "b", "b", "b"], "seed": [0, 1, 2, 0, 1, 2],
                     "r10": [0.2, 0.3, 0.4, 0.1, 0.1, 0.4], "bad": [np.nan, np.inf, 1.0, np.nan, np.nan, np.nan]})


def test_long_summary_matches_hand_computed_t_interval():
    long = summarize(ROWS, "method", ["r10"])
    a = long[long["method"] == "a"].iloc[0]
    half = 4.302652729911275 * 0.1 / math.sqrt(3)  # t(0.975, 2) * s / sqrt(n)
    assert a["mean"] == pytest.approx(0.3) and a["ci95_high"] - a["mean"] == pytest.approx(half)
    assert list(long.columns) == ["method", "metric", "mean", "ci95_low", "ci95_high", "std", "n_seeds"]


def test_non_finite_values_are_left_out_and_counted_out():
    nested = as_nested(summarize(ROWS, "method"))
    assert nested["a"]["bad"]["n_seeds"] == 1 and nested["a"]["bad"]["ci95_low"] is None
    assert "bad" not in nested["b"] and set(nested["a"]) == {"r10", "bad"}


def test_wide_layout_and_paired_difference():
    wide = as_wide(summarize(ROWS, "method", ["r10"]), ["method"])
    assert wide.set_index("method").loc["b", "r10_mean"] == pytest.approx(0.2)
    diff = paired_difference(ROWS, "a", "b", ["r10"])
    assert diff["mean"] == pytest.approx(0.1) and diff["n_seeds"] == 3  # per-seed differences 0.1, 0.2, 0.0
    assert paired_difference(ROWS, "a", "missing", ["r10"]) is None
