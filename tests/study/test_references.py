"""Chance and reference rows."""

import pytest

from music_visual.study.references import rank_chance, recall_chance, reference_rows


def test_chance_levels_in_closed_form():
    assert recall_chance(402, [1, 10, 1000]) == pytest.approx({1: 1 / 402, 10: 10 / 402, 1000: 1.0})
    assert rank_chance(402) == 201.5


def test_reference_rows_repeat_a_fixed_scorer_per_seed():
    rows = reference_rows("oracle", {"r10": 0.5}, [0, 1, 2])
    assert rows["seed"].tolist() == [0, 1, 2] and set(rows["run"]) == {"oracle"} and set(rows["r10"]) == {0.5}
