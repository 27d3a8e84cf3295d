"""Chance levels against exact enumeration and the metrics on constant scores."""

import itertools
from fractions import Fraction
from math import comb

import numpy as np
import pytest
from sklearn.metrics import average_precision_score

from music_visual.metrics import (
    average_precision,
    expected_random_average_precision,
    expected_random_recall_at_k,
    mean_rank,
    recall_at_k,
    relevance_from_labels,
)


def test_recall_chance_with_one_relevant_item_is_k_over_n():
    assert expected_random_recall_at_k(1000, 10) == pytest.approx(0.01, rel=1e-12)
    assert expected_random_recall_at_k(5, 9) == 1.0


def test_recall_chance_matches_exact_binomials_vectorised():
    n_relevant = np.arange(1, 21)
    got = expected_random_recall_at_k(20, 4, n_relevant)
    expected = [float(1 - Fraction(comb(20 - r, 4), comb(20, 4))) for r in n_relevant]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_constant_similarity_scores_exactly_at_chance():
    n = 40
    sim = np.full((n, n), 0.3)
    for k in (1, 10, 25):
        assert recall_at_k(sim, k) == pytest.approx(k / n, abs=1e-12)
    assert mean_rank(sim) == pytest.approx((n + 1) / 2, abs=1e-12)
    labels = np.arange(n) % 4  # 10 relevant items per query
    rel = relevance_from_labels(labels, labels)
    assert recall_at_k(sim, 3, rel) == pytest.approx(expected_random_recall_at_k(n, 3, 10), abs=1e-12)


def naive_average_precision(ranked_relevance):
    """AP of one strict ranking: mean over relevant positions of precision there."""
    hits, total = 0, 0.0
    for position, relevant in enumerate(ranked_relevance, start=1):
        if relevant:
            hits += 1
            total += hits / position
    return total / hits


@pytest.mark.parametrize("n", [1, 2, 3, 5, 6])
def test_random_average_precision_equals_the_mean_over_all_rankings(n):
    for r in range(1, n + 1):
        relevant = [True] * r + [False] * (n - r)
        values = [naive_average_precision(order) for order in set(itertools.permutations(relevant))]
        assert expected_random_average_precision(n, r) == pytest.approx(np.mean(values), abs=1e-12)


def test_random_average_precision_monte_carlo_with_sklearn_ap():
    rng = np.random.default_rng(7)
    n, r, n_draws = 50, 5, 4000
    relevant = np.zeros((n_draws, n), dtype=bool)
    relevant[:, :r] = True
    scores = rng.random((n_draws, n))
    values = average_precision(scores, relevant)
    for row in range(3):
        assert values[row] == pytest.approx(average_precision_score(relevant[row], scores[row]), abs=1e-12)
    assert expected_random_average_precision(n, r) == pytest.approx(values.mean(), abs=0.01)
    assert expected_random_average_precision(n, r) != pytest.approx(r / n, abs=0.05)


def test_chance_functions_reject_bad_counts():
    with pytest.raises(ValueError):
        expected_random_recall_at_k(5, 0)
    with pytest.raises(ValueError):
        expected_random_recall_at_k(5, 2, n_relevant=6)
    with pytest.raises(ValueError):
        expected_random_average_precision(5.0)
