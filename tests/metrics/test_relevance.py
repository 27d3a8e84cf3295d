"""Relevance construction, direction helpers and input validation."""

import numpy as np
import pytest

from music_visual.metrics import (
    average_precision,
    first_relevant_rank,
    invert_targets,
    precision_recall_curve,
    recall_at_k,
    relevance_from_labels,
    transpose_relevance,
)


def test_relevance_from_labels_matches_a_loop():
    rng = np.random.default_rng(0)
    query, gallery = rng.integers(0, 4, size=7), rng.integers(0, 4, size=11)
    expected = np.array([[q == g for g in gallery] for q in query])
    got = relevance_from_labels(query, gallery)
    assert got.dtype == bool and got.shape == (7, 11)
    np.testing.assert_array_equal(got, expected)


def test_relevance_from_labels_rejects_2d_labels():
    with pytest.raises(ValueError, match="1-D"):
        relevance_from_labels([[0, 1]], [0, 1])


def test_invert_targets_by_hand():
    got = invert_targets(np.array([1, 1, 0]), n_gallery=3)
    expected = np.array([[0, 0, 1], [1, 1, 0], [0, 0, 0]], dtype=bool)
    np.testing.assert_array_equal(got, expected)


def test_transpose_relevance_for_each_kind():
    assert transpose_relevance(None, 3, 3) is None
    mask = np.array([[True, False], [False, False], [True, True]])
    np.testing.assert_array_equal(transpose_relevance(mask, 3, 2), mask.T)
    np.testing.assert_array_equal(
        transpose_relevance(np.array([1, 0, 1]), 3, 2), [[False, True, False], [True, False, True]]
    )


def test_nan_and_inf_are_counted_in_the_error():
    sim = np.eye(4)
    sim[0, 1], sim[2, 3], sim[3, 3] = np.nan, np.inf, -np.inf
    for metric in (first_relevant_rank, average_precision, precision_recall_curve):
        with pytest.raises(ValueError, match="3 NaN or infinite"):
            metric(sim)


@pytest.mark.parametrize(
    "sim, relevance, message",
    [
        (np.zeros((2, 3)), None, "square"),
        (np.zeros((2, 3)), np.array([0, 1, 2]), "shape"),
        (np.zeros((2, 3)), np.array([0, 3]), "1 target"),
        (np.zeros((2, 3)), np.array([0.0, 1.0]), "integer"),
        (np.zeros((2, 3)), np.ones((3, 2), dtype=bool), "shape"),
        (np.zeros((2, 3)), np.full((2, 3), 2), "boolean"),
        (np.zeros(3), None, "2-D"),
        (np.zeros((0, 3)), np.zeros(0, dtype=int), "empty"),
        (np.array([["a", "b"], ["c", "d"]]), None, "numeric"),
    ],
)
def test_bad_inputs_raise(sim, relevance, message):
    with pytest.raises(ValueError, match=message):
        first_relevant_rank(sim, relevance)


def test_queries_without_relevant_items_raise_with_their_count():
    mask = np.array([[True, False], [False, False], [False, False]])
    for metric in (first_relevant_rank, average_precision, precision_recall_curve):
        with pytest.raises(ValueError, match="2 of 3 queries"):
            metric(np.zeros((3, 2)), mask)


def test_skip_warns_with_count_and_matches_the_subset():
    rng = np.random.default_rng(1)
    sim = rng.normal(size=(5, 6))
    mask = rng.random((5, 6)) < 0.4
    mask[[1, 3]] = False
    mask[[0, 2, 4], 0] = True
    kept = [0, 2, 4]
    with pytest.warns(RuntimeWarning, match="skipped 2 of 5"):
        ranks = first_relevant_rank(sim, mask, on_empty="skip")
    assert np.isnan(ranks[[1, 3]]).all()
    np.testing.assert_array_equal(ranks[kept], first_relevant_rank(sim[kept], mask[kept]))
    with pytest.warns(RuntimeWarning, match="skipped 2"):
        assert recall_at_k(sim, 2, mask, on_empty="skip") == recall_at_k(sim[kept], 2, mask[kept])
    with pytest.warns(RuntimeWarning, match="skipped 2"):
        curve = precision_recall_curve(sim, mask, on_empty="skip")
    for got, want in zip(curve, precision_recall_curve(sim[kept], mask[kept])):
        np.testing.assert_allclose(got, want)


def test_skip_with_no_relevant_item_at_all_raises():
    with pytest.raises(ValueError, match="none of the 2"):
        recall_at_k(np.zeros((2, 2)), 1, np.zeros((2, 2), dtype=bool), on_empty="skip")


@pytest.mark.parametrize("kwargs", [{"on_empty": "drop"}, {"ties": "random"}, {"block_size": 0}])
def test_bad_options_raise(kwargs):
    with pytest.raises(ValueError):
        first_relevant_rank(np.eye(3), **kwargs)


def test_integer_similarity_and_01_relevance_are_accepted():
    ranks = first_relevant_rank(np.array([[3, 1], [2, 2]]), np.array([[1, 0], [0, 1]]))
    np.testing.assert_array_equal(ranks, [1.0, 1.5])


def test_skip_warning_points_at_the_caller():
    mask = np.array([[True, False], [False, False]])
    with pytest.warns(RuntimeWarning) as record:
        recall_at_k(np.zeros((2, 2)), 1, mask, on_empty="skip")
    assert record[0].filename == __file__
