"""S-DCCA's tables: Table II's columns, the paper beside ours, the chunk grid, tuning and stopping."""

import numpy as np
import pandas as pd

from music_visual.papers.sdcca.tables import (add_table_columns, chunk_grid_summary, chunk_grid_table, query_of_column,
                                              stopping_table, table_ii, tuning_table)
from music_visual.study.summaries import as_nested, summarize


def per_seed():
    rows = []
    for unit, value in enumerate([0.20, 0.22, 0.24]):
        for method in ("s_dcca", "cca"):
            rows.append({"method": method, "unit": f"f{unit}s0", "fold": unit, "seed": 0, "map_mean": value,
                         "map_attention_1_3": value + 0.01, "map_attention_2_6": value + 0.02,
                         "map_emotion10_attention_2_6": 0.5, "map_emotion10_mean": 0.4,
                         "steps": 40.0 if method == "s_dcca" else np.nan, "best_step": 20.0, "stopped_by": "plateau",
                         "kept_initial": False, "seconds": 1.0})
    return pd.DataFrame(rows)


def test_table_columns_alias_the_attention_queries_and_the_headline():
    assert query_of_column("2/6") == "attention_2_6" and query_of_column("mean") == "mean"
    rows = add_table_columns(per_seed(), ["2/6", "mean"], "2/6")
    np.testing.assert_allclose(rows["map_2_6"], rows["map_attention_2_6"])
    np.testing.assert_allclose(rows["map"], rows["map_attention_2_6"])
    assert (rows["map_emotion10_2_6"] == 0.5).all()


def test_table_ii_puts_the_paper_beside_ours():
    rows = add_table_columns(per_seed(), ["2/6", "mean"], "2/6")
    summaries = as_nested(summarize(rows, "method", ["map_2_6", "map_mean"]))
    table = table_ii(summaries, [("s_dcca", "S-DCCA"), ("two_tower_infonce", "two-tower")], ["2/6", "mean"])
    row = table.iloc[0]
    assert row["2/6 paper"] == "21.43" and row["mean paper"] == "21.76"
    assert row["2/6 ours"].startswith("24.0 ± ") and row["2/6 ours"].endswith("(n=3)")
    assert table.iloc[1]["2/6 paper"] == "" and table.iloc[1]["2/6 ours"] == "not run"


def test_chunk_grid_and_the_run_tables():
    grid = chunk_grid_summary(per_seed(), ["s_dcca"], [(1, 3), (2, 6)])
    assert set(zip(grid["k"], grid["n_chunks"])) == {(1, 3), (2, 6), (0, 0)}
    table = chunk_grid_table(grid, {"s_dcca": "S-DCCA"})
    assert set(table.columns) >= {"method", "k", "c = 3", "c = 6", "whole song"}
    stopping = stopping_table(per_seed())
    assert list(stopping["method"].unique()) == ["s_dcca"] and not stopping["stopped at the step cap"].any()
    tuning = pd.DataFrame([{"method": "cca", "fold": 0, "cca_reg": 0.1, "criterion": 0.3, "chosen": True},
                           {"method": "cca", "fold": 0, "cca_reg": 1.0, "criterion": 0.2, "chosen": False}])
    chosen = tuning_table(tuning)
    assert chosen.iloc[0]["choice"] == "cca_reg 0.1" and chosen.iloc[0]["grid points x folds"] == 2
