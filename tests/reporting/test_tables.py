import pandas as pd
import pytest

from music_visual import PAPERS
from music_visual.reporting.metrics_io import summarize_over_seeds
from music_visual.reporting.tables import NOT_RUN, format_mean_ci, method_table, results_table, to_markdown
from music_visual.study.papers import cross_paper_table, paper_numbers


def test_format_mean_ci():
    s = summarize_over_seeds([0.2, 0.3, 0.4])
    assert format_mean_ci(s, scale=100) == "30.0 ± 24.8 (n=3)"
    assert format_mean_ci(summarize_over_seeds([0.25]), scale=100, decimals=2) == "25.00 (n=1)"
    assert format_mean_ci(None) == NOT_RUN
    assert format_mean_ci(0.5, scale=100) == "50.0"


def test_paper_numbers_registry_holds_the_headlines():
    df = paper_numbers(headline_only=True)
    assert set(df["paper"]) == set(PAPERS)
    row = df[(df.paper == "vmnet") & (df.method == "nonlinear_inter_soft_intra")
             & (df.metric == "music_to_video_recall_at_10")]
    assert row["value"].item() == 25.2
    with pytest.raises(KeyError, match="unknown paper"):
        paper_numbers("nope")


def test_results_table_puts_ours_beside_the_paper_in_percent():
    results = {"cca": {"music_to_video_recall_at_10": summarize_over_seeds([0.10, 0.12, 0.14])},
               "chance": {"music_to_video_recall_at_10": 0.01}}
    table = results_table(paper_numbers("vmnet"), results)
    row = table[(table.method == "cca") & (table.metric == "music_to_video_recall_at_10")].iloc[0]
    assert row["paper reports"] == "14.0 %"
    assert row["ours"].startswith("12.0 ± 5.0")  # t(0.975,2)*0.02/sqrt(3) = 0.0497
    assert row["chance"] == "1.0"
    other = table[table.method == "nonlinear_inter_soft_intra"].iloc[0]
    assert other["ours"] == NOT_RUN


def test_cross_paper_table_is_valid_when_nothing_ran():
    table = cross_paper_table({}, list(PAPERS))
    assert len(table) == int(paper_numbers(headline_only=True).shape[0])
    assert (table["ours"] == NOT_RUN).all()
    assert list(table.columns[:3]) == ["paper", "method", "metric"]


def test_method_table_and_markdown():
    df = method_table({"cca": {"r1": 0.1}, "pca": {}}, ["r1"])
    assert df.loc[0, "r1"] == "10.0" and df.loc[1, "r1"] == ""
    md = to_markdown(pd.DataFrame({"a": ["x|y"], "b": [1]}))
    assert md.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | 1 |"]
