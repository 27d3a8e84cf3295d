"""AP, MAP, AP@K and the precision-recall curve against hand values, loops and sklearn."""

import itertools

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, label_ranking_average_precision_score

from music_visual.metrics import (
    average_precision,
    mean_average_precision,
    precision_recall_curve,
    relevance_from_labels,
    transpose_relevance,
)


def test_average_precision_by_hand_with_ties():
    sim = np.array([[0.9, 0.5, 0.5, 0.5, 0.5, 0.1]])
    # relevant item tied with 3 others after one item: retrieved together -> precision 1/5
    assert average_precision(sim, np.array([2]))[0] == pytest.approx(1 / 5)
    # relevant items 0 and 3: precision 1 at the first, 2/5 at the end of the tie
    mask = np.array([[True, False, False, True, False, False]])
    assert average_precision(sim, mask)[0] == pytest.approx((1 + 2 / 5) / 2)
    # constant row: n_relevant / n_g
    assert average_precision(np.zeros((1, 6)), mask)[0] == pytest.approx(2 / 6)


def test_average_precision_is_reciprocal_rank_for_one_untied_item():
    sim = np.array([[0.1, 0.9, 0.5], [0.3, 0.2, 0.1], [0.0, 0.6, 0.7]])
    np.testing.assert_allclose(average_precision(sim), [1 / 3, 1 / 2, 1.0])


@pytest.mark.parametrize("decimals", [None, 1])
def test_average_precision_equals_sklearn_per_query(decimals):
    rng = np.random.default_rng(11)
    sim = rng.normal(size=(25, 30))
    if decimals is not None:
        sim = np.round(sim, decimals)  # plenty of ties
    mask = relevance_from_labels(rng.integers(0, 4, 25), rng.integers(0, 4, 30))
    mask[:, 0] = True  # no empty query
    expected = [average_precision_score(mask[i], sim[i]) for i in range(25)]
    np.testing.assert_allclose(average_precision(sim, mask), expected, rtol=1e-12)
    assert mean_average_precision(sim, mask) == pytest.approx(np.mean(expected), rel=1e-12)
    # reverse direction: gallery items as queries
    expected_t = [average_precision_score(mask[:, j], sim[:, j]) for j in range(30)]
    reverse = transpose_relevance(mask, 25, 30)
    np.testing.assert_allclose(average_precision(sim.T, reverse), expected_t, rtol=1e-12)


def test_mean_average_precision_equals_sklearn_lrap_without_ties():
    rng = np.random.default_rng(12)
    sim = rng.random((20, 15))
    mask = rng.random((20, 15)) < 0.3
    mask[:, 3] = True
    expected = label_ranking_average_precision_score(mask, sim)
    assert mean_average_precision(sim, mask) == pytest.approx(expected, rel=1e-12)


def naive_ap_at_k(row, relevant, k):
    order = sorted(range(len(row)), key=lambda j: (-row[j], j))  # ties by gallery index
    hits, total = 0, 0.0
    for position, j in enumerate(order[:k], start=1):
        if relevant[j]:
            hits += 1
            total += hits / position
    return total / min(k, int(np.sum(relevant)))


@pytest.mark.parametrize("k", [1, 3, 10, 50])
def test_average_precision_at_k_matches_a_loop(k):
    rng = np.random.default_rng(13)
    sim = np.round(rng.normal(size=(12, 20)), 1)
    mask = rng.random((12, 20)) < 0.25
    mask[:, 5] = True
    expected = [naive_ap_at_k(sim[i], mask[i], k) for i in range(12)]
    np.testing.assert_allclose(average_precision(sim, mask, top_k=k), expected, rtol=1e-12)
    assert mean_average_precision(sim, mask, top_k=k) == pytest.approx(np.mean(expected))


def test_average_precision_at_k_by_hand():
    sim = np.array([[0.9, 0.8, 0.7, 0.6, 0.5]])
    mask = np.array([[False, True, False, True, True]])
    # top 3: relevant at position 2 (precision 1/2); divided by min(3, 3)
    assert average_precision(sim, mask, top_k=3)[0] == pytest.approx(0.5 / 3)
    assert average_precision(sim, mask, top_k=5)[0] == pytest.approx((1 / 2 + 2 / 4 + 3 / 5) / 3)


@pytest.mark.parametrize("top_k", [0, 2.0, True])
def test_bad_top_k_raises(top_k):
    with pytest.raises(ValueError, match="top_k"):
        average_precision(np.eye(3), top_k=top_k)


def naive_curve(sim, mask, ties):
    """Mean precision@n and recall@n over queries, all tie orders averaged."""
    n_q, n_g = sim.shape
    precision, recall = np.zeros(n_g), np.zeros(n_g)
    for row, rel in zip(sim, mask):
        if ties == "expected":
            keys = list(itertools.permutations(range(n_g)))
        else:
            keys = [[(0 if r else 1) if ties == "optimistic" else (1 if r else 0) for r in rel]]
        hits = np.zeros(n_g)
        for key in keys:
            order = sorted(range(n_g), key=lambda j: (-row[j], key[j]))
            hits += np.cumsum(rel[order])
        hits /= len(keys)
        precision += hits / np.arange(1, n_g + 1)
        recall += hits / rel.sum()
    return precision / n_q, recall / n_q


@pytest.mark.parametrize("ties", ["expected", "optimistic", "pessimistic"])
def test_precision_recall_curve_matches_all_tie_orders(ties):
    rng = np.random.default_rng(14)
    sim = rng.integers(0, 3, size=(5, 6)).astype(float)
    mask = rng.random((5, 6)) < 0.4
    mask[:, 2] = True
    n, precision, recall = precision_recall_curve(sim, mask, ties=ties)
    expected_p, expected_r = naive_curve(sim, mask, ties)
    np.testing.assert_array_equal(n, np.arange(1, 7))
    np.testing.assert_allclose(precision, expected_p, rtol=1e-12)
    np.testing.assert_allclose(recall, expected_r, rtol=1e-12)


def test_precision_recall_curve_by_hand_and_at_the_end():
    sim = np.array([[0.2, 0.2, 0.2, 0.2], [0.9, 0.8, 0.7, 0.6]])
    mask = np.array([[True, False, False, False], [False, True, True, False]])
    _, precision, recall = precision_recall_curve(sim, mask)
    # query 0: 1/4 relevant expected per retrieved item; query 1: hits 0, 1, 2, 2
    expected = [(0.25 + 0) / 2, (0.25 + 0.5) / 2, (0.25 + 2 / 3) / 2, (0.25 + 0.5) / 2]
    np.testing.assert_allclose(precision, expected)
    np.testing.assert_allclose(recall, [(0.25 + 0) / 2, (0.5 + 0.5) / 2, (0.75 + 1) / 2, 1.0])


@pytest.mark.parametrize("block_size", [1, 4, 50])
def test_block_size_gives_identical_results(block_size):
    rng = np.random.default_rng(15)
    sim = np.round(rng.normal(size=(17, 12)), 1)
    mask = relevance_from_labels(rng.integers(0, 3, 17), rng.integers(0, 3, 12))
    mask[:, 0] = True
    for top_k in (None, 3):
        blocked = average_precision(sim, mask, top_k=top_k, block_size=block_size)
        np.testing.assert_array_equal(blocked, average_precision(sim, mask, top_k=top_k))
    blocked = precision_recall_curve(sim, mask, block_size=block_size)
    full = precision_recall_curve(sim, mask)
    for got, want in zip(blocked, full):
        np.testing.assert_allclose(got, want, rtol=1e-13)


def test_average_precision_skip_gives_nan_and_map_ignores_it():
    sim = np.array([[0.9, 0.1], [0.5, 0.4], [0.2, 0.3]])
    mask = np.array([[True, False], [False, False], [True, False]])
    with pytest.warns(RuntimeWarning, match="skipped 1 of 3"):
        ap = average_precision(sim, mask, on_empty="skip")
    np.testing.assert_array_equal(ap, [1.0, np.nan, 0.5])
    with pytest.warns(RuntimeWarning):
        assert mean_average_precision(sim, mask, on_empty="skip") == 0.75
