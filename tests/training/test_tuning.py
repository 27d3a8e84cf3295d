"""The shared validation grid: every point fitted, the best kept, ties to the first point."""

import pytest

from music_visual.training.tuning import grid_points, tune


def test_grid_points_are_the_product_in_the_stated_order():
    assert grid_points({"a": [1, 2], "b": ["x", "y"]}) == [
        {"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 2, "b": "x"}, {"a": 2, "b": "y"}]
    assert grid_points({}) == [{}]
    with pytest.raises(ValueError, match="without values"):
        grid_points({"a": []})


def test_tune_keeps_the_best_point_and_tabulates_all():
    scores = {(32, 0.1): 0.20, (32, 0.5): 0.31, (128, 0.1): 0.25, (128, 0.5): 0.31}
    result = tune({"embed_dim": [32, 128], "dropout": [0.1, 0.5]},
                  lambda p: (scores[p["embed_dim"], p["dropout"]], f"model {p}"))
    assert result.chosen == {"embed_dim": 32, "dropout": 0.5}  # tie with (128, 0.5): the first point
    assert result.outcome == "model {'embed_dim': 32, 'dropout': 0.5}"
    assert result.table["chosen"].tolist() == [False, True, False, False]
    assert result.table["criterion"].tolist() == [0.20, 0.31, 0.25, 0.31]
    with pytest.raises(ValueError, match="NaN"):
        tune({"a": [1]}, lambda p: (float("nan"), None))
