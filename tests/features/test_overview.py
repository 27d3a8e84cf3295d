"""The feature overview helpers: per-item means, reports of families that ran or not, the PCA."""

import json

import numpy as np
import pandas as pd
import pytest

from music_visual.features.overview import (family_reports, item_vectors, output_summaries,
                                                        standardised_pca_2d)
from music_visual.features.store import FeatureTable


def _table(lengths, dim=3, shuffle=False):
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    index = pd.DataFrame({"item_id": [f"i{k}" for k in range(len(lengths))], "start": starts,
                          "stop": starts + np.asarray(lengths)})
    values = np.arange(sum(lengths) * dim, dtype=np.float32).reshape(-1, dim)
    if shuffle:
        index = index.iloc[::-1].reset_index(drop=True)
    return FeatureTable(index=index, values=values, meta={"family": "t"})


@pytest.mark.parametrize("shuffle", [False, True])
def test_item_vectors_are_per_item_means_and_skip_empty_items(shuffle):
    table = _table([2, 0, 3, 1], shuffle=shuffle)
    ids, X = item_vectors(table)
    expected = {"i0": table.values[0:2].mean(0), "i2": table.values[2:5].mean(0), "i3": table.values[5]}
    assert sorted(ids) == sorted(expected)
    for i, row in zip(ids, X):
        np.testing.assert_allclose(row, expected[i])


def test_fixed_size_items_come_back_unchanged():
    table = _table([1, 1, 1])
    ids, X = item_vectors(table)
    assert ids == ["i0", "i1", "i2"]
    np.testing.assert_array_equal(X, table.values)


def test_reports_name_families_that_have_not_run(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"n_items": 10, "n_ok": 9, "n_failed": 1, "seconds": 2.0,
                                                 "items_per_second": 5.0, "outputs": ["x"],
                                                 "flagged": {"silent": 2, "blank": 0}}))
    table = family_reports(tmp_path, ["a", "b"])
    assert table.loc["a", "failed"] == 1 and table.loc["a", "flagged"] == "silent 2"
    assert table.loc["b", "status"] == "not run"


def test_output_summary_and_pca():
    summary = output_summaries({"t/x": _table([2, 1])})
    assert summary.loc["t/x", "rows per item"] == "1-2" and summary.loc["t/x", "all finite"]
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(0, 1, 200), rng.normal(0, 1, 200)])
    X = np.column_stack([X[:, 0], X[:, 0] + 0.01 * X[:, 1], X[:, 1]])  # two collinear columns
    xy, ratio = standardised_pca_2d(X)
    assert xy.shape == (200, 2) and ratio[0] == pytest.approx(2 / 3, abs=0.02) and ratio[1] == pytest.approx(1 / 3, abs=0.02)


def test_class_histograms_draw_one_histogram_per_label_with_its_own_values():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from music_visual.features.overview import class_histograms

    fig, ax = plt.subplots()
    class_histograms(ax, np.array([1.0, 2.0, 2.5, 9.0]), ["b", "a", "a", "b"], "t", "x", "y", bins=4)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    totals = [sum(p.get_height() for p in container) for container in ax.containers]
    assert totals == [2, 2] and ax.get_title() == "t"
    plt.close(fig)


def test_top_tags_name_the_most_probable_columns_and_refuse_unnamed_tables():
    from music_visual.features.overview import top_tags

    index = pd.DataFrame({"item_id": ["a", "b"], "start": [0, 1], "stop": [1, 2]})
    values = np.array([[0.1, 0.9, 0.5], [0.8, 0.2, 0.3]], dtype=np.float32)
    table = FeatureTable(index=index, values=values, meta={"tag_names": ["rock", "jazz", "pop"]})
    labels = pd.DataFrame({"genre": ["g1", "g2"]}, index=["a", "b"])
    out = top_tags(table, labels, k=2, n_items=2)
    assert out.loc["a", "top tags"] == "jazz 0.90, pop 0.50" and out.loc["b", "top tags"] == "rock 0.80, pop 0.30"
    assert out.loc["b", "genre"] == "g2"
    with pytest.raises(ValueError, match="no tag names"):
        top_tags(FeatureTable(index=index, values=values, meta={}), labels)
