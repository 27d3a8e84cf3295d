"""First relevant rank, Recall@K, median and mean rank against hand values, loops and sklearn."""

import itertools

import numpy as np
import pytest
from sklearn.metrics import top_k_accuracy_score

from music_visual.metrics import (
    first_relevant_rank,
    mean_rank,
    median_rank,
    recall_at_k,
    relevance_from_labels,
    retrieval_metrics,
    transpose_relevance,
)

# one query: the relevant item (index 2) is tied with 3 others, one item above
TIED_ROW = np.array([[0.9, 0.5, 0.5, 0.5, 0.5, 0.1]])
TIED_TARGET = np.array([2])


def ranks_over_tie_breaks(row, relevant, tie_breaks):
    """First relevant 1-based rank of ``row`` for each tie-breaking key."""
    ranks = []
    for key in tie_breaks:
        order = sorted(range(len(row)), key=lambda j: (-row[j], key[j]))
        ranks.append(next(pos for pos, j in enumerate(order, start=1) if relevant[j]))
    return np.array(ranks)


def naive_ranks(sim, relevance, ties, rng=None, n_draws=0):
    """Per-query loop: all permutations (tiny galleries) or Monte-Carlo tie-breaking."""
    n_q, n_g = sim.shape
    if relevance.ndim == 1:
        relevance = np.eye(n_g, dtype=bool)[relevance]
    out = []
    for row, rel in zip(sim, relevance):
        if ties == "optimistic":
            keys = [[0 if r else 1 for r in rel]]
        elif ties == "pessimistic":
            keys = [[1 if r else 0 for r in rel]]
        elif n_draws:
            keys = [rng.permutation(n_g) for _ in range(n_draws)]
        else:
            keys = itertools.permutations(range(n_g))
        out.append(ranks_over_tie_breaks(row, rel, keys))
    return out  # list of arrays of ranks, one per query


def test_relevant_item_tied_with_three_others_by_hand():
    assert first_relevant_rank(TIED_ROW, TIED_TARGET)[0] == 3.5  # 1 + (4 + 1) / (1 + 1)
    assert first_relevant_rank(TIED_ROW, TIED_TARGET, ties="optimistic")[0] == 2
    assert first_relevant_rank(TIED_ROW, TIED_TARGET, ties="pessimistic")[0] == 5
    assert recall_at_k(TIED_ROW, [1, 2, 3, 5], TIED_TARGET) == {1: 0.0, 2: 0.25, 3: 0.5, 5: 1.0}
    assert recall_at_k(TIED_ROW, 4, TIED_TARGET, ties="pessimistic") == 0.0
    assert recall_at_k(TIED_ROW, 2, TIED_TARGET, ties="optimistic") == 1.0


def test_two_relevant_items_in_a_tie_by_hand():
    mask = np.array([[False, True, False, True, False, False]])  # 2 of the 4 tied are relevant
    assert first_relevant_rank(TIED_ROW, mask)[0] == pytest.approx(1 + 5 / 3)
    # P(hit in top 2) = P(first of the tie is relevant) = 1/2; top 3: 1 - C(2,2)/C(4,2) = 5/6
    assert recall_at_k(TIED_ROW, 2, mask) == pytest.approx(0.5)
    assert recall_at_k(TIED_ROW, 3, mask) == pytest.approx(5 / 6)
    assert first_relevant_rank(TIED_ROW, mask, ties="pessimistic")[0] == 4


def test_constant_matrix_gives_chance_values():
    sim = np.ones((8, 8))
    np.testing.assert_array_equal(first_relevant_rank(sim), np.full(8, 4.5))
    assert recall_at_k(sim, (1, 2, 8)) == {1: 1 / 8, 2: 2 / 8, 8: 1.0}
    assert median_rank(sim) == 4.5 and mean_rank(sim) == 4.5
    assert recall_at_k(sim, 1, ties="optimistic") == 1.0
    assert median_rank(sim, ties="pessimistic") == 8.0


@pytest.mark.parametrize("ties", ["expected", "optimistic", "pessimistic"])
@pytest.mark.parametrize("kind", ["targets", "mask"])
def test_matches_all_tie_breaking_permutations_on_tiny_tied_inputs(ties, kind):
    rng = np.random.default_rng(3)
    sim = rng.integers(0, 3, size=(6, 6)).astype(float)  # many ties
    if kind == "targets":
        relevance = rng.integers(0, 6, size=6)
    else:
        relevance = rng.random((6, 6)) < 0.35
        relevance[np.arange(6), rng.integers(0, 6, size=6)] = True
    naive = naive_ranks(sim, relevance, ties)
    np.testing.assert_allclose(
        first_relevant_rank(sim, relevance, ties=ties), [r.mean() for r in naive], rtol=1e-12
    )
    for k in (1, 2, 3, 5):
        expected = np.mean([np.mean(r <= k) for r in naive])
        assert recall_at_k(sim, k, relevance, ties=ties) == pytest.approx(expected, abs=1e-12)


def test_matches_monte_carlo_tie_breaking_on_bigger_inputs():
    rng = np.random.default_rng(4)
    sim = np.round(rng.random((5, 30)), 1)  # ties of ~3 items
    labels_q, labels_g = rng.integers(0, 4, 5), rng.integers(0, 4, 30)
    relevance = relevance_from_labels(labels_q, labels_g)
    naive = naive_ranks(sim, relevance, "expected", rng=np.random.default_rng(5), n_draws=400)
    np.testing.assert_allclose(first_relevant_rank(sim, relevance), [r.mean() for r in naive], atol=0.15)
    for k in (1, 3):
        expected = np.mean([np.mean(r <= k) for r in naive])
        assert recall_at_k(sim, k, relevance) == pytest.approx(expected, abs=0.03)


@pytest.mark.parametrize("k", [1, 2, 5, 10])
def test_recall_equals_sklearn_top_k_accuracy(k):
    rng = np.random.default_rng(k)
    sim = rng.normal(size=(50, 12))
    targets = rng.integers(0, 12, size=50)
    expected = top_k_accuracy_score(targets, sim, k=k, labels=np.arange(12))
    for ties in ("expected", "optimistic", "pessimistic"):  # no ties: all three agree
        assert recall_at_k(sim, k, targets, ties=ties) == pytest.approx(expected, abs=1e-12)


def test_median_and_mean_rank_match_a_loop():
    rng = np.random.default_rng(6)
    sim = rng.normal(size=(9, 15))
    targets = rng.integers(0, 15, size=9)
    ranks = [1 + sum(s > row[t] for s in row) for row, t in zip(sim, targets)]
    assert median_rank(sim, targets) == np.median(ranks)
    assert mean_rank(sim, targets) == pytest.approx(np.mean(ranks))


@pytest.mark.parametrize("kind", ["none", "targets", "mask"])
def test_both_retrieval_directions(kind):
    rng = np.random.default_rng(8)
    sim = np.round(rng.normal(size=(7, 7)), 1)
    relevance = {
        "none": None,
        "targets": rng.permutation(7),
        "mask": relevance_from_labels(np.arange(7) % 3, np.arange(7) % 3),
    }[kind]
    dense = np.eye(7, dtype=bool) if relevance is None else relevance
    if kind == "targets":
        dense = np.eye(7, dtype=bool)[relevance]
    reverse = transpose_relevance(relevance, 7, 7)
    naive = naive_ranks(sim.T, dense.T, "pessimistic")
    got = first_relevant_rank(sim.T, reverse, ties="pessimistic")
    np.testing.assert_array_equal(got, [r[0] for r in naive])
    if kind == "targets":  # the inverse permutation is the equivalent 1-D form
        inverse = np.argsort(relevance)
        np.testing.assert_array_equal(got, first_relevant_rank(sim.T, inverse, ties="pessimistic"))
    naive_forward = naive_ranks(sim, dense, "pessimistic")
    assert not np.array_equal(got, [r[0] for r in naive_forward])  # the directions do differ


def test_rectangular_reverse_direction_with_targets():
    sim = np.array([[0.9, 0.1, 0.3], [0.2, 0.8, 0.7]])  # 2 queries, 3 gallery items
    targets = np.array([0, 2])
    reverse = transpose_relevance(targets, 2, 3)  # gallery item 1 is nobody's target
    with pytest.warns(RuntimeWarning, match="skipped 1 of 3"):
        ranks = first_relevant_rank(sim.T, reverse, on_empty="skip")
    np.testing.assert_array_equal(ranks, [1.0, np.nan, 1.0])


@pytest.mark.parametrize("block_size", [1, 3, 7, 100])
def test_block_size_gives_identical_results(block_size):
    rng = np.random.default_rng(9)
    sim = np.round(rng.normal(size=(23, 40)), 1).astype(np.float32)
    targets = rng.integers(0, 40, size=23)
    mask = relevance_from_labels(rng.integers(0, 5, 23), rng.integers(0, 5, 40))
    for relevance in (targets, mask):
        full = retrieval_metrics(sim, relevance, ks=(1, 5))
        assert retrieval_metrics(sim, relevance, ks=(1, 5), block_size=block_size) == full
        np.testing.assert_array_equal(
            first_relevant_rank(sim, relevance, block_size=block_size), first_relevant_rank(sim, relevance)
        )


def test_retrieval_metrics_keys_and_values():
    rng = np.random.default_rng(10)
    sim = rng.normal(size=(30, 30))
    got = retrieval_metrics(sim)
    assert list(got) == ["recall_at_1", "recall_at_10", "recall_at_25", "median_rank", "mean_rank"]
    assert got["recall_at_10"] == recall_at_k(sim, 10)
    assert got["median_rank"] == median_rank(sim) and got["mean_rank"] == mean_rank(sim)


@pytest.mark.parametrize("k", [0, -1, 1.5, True, [], [1, 0], "1"])
def test_bad_k_raises(k):
    with pytest.raises(ValueError, match="k must"):
        recall_at_k(np.eye(3), k)


def test_k_larger_than_gallery_is_a_sure_hit():
    assert recall_at_k(np.eye(3), 10) == 1.0
    assert recall_at_k(np.eye(3), np.int64(1)) == 1.0
