"""Tie formulas against exact combinatorics and enumeration of tie orders."""

import itertools
from fractions import Fraction
from math import comb

import numpy as np
import pytest

from music_visual.metrics import hit_from_tie_counts, rank_from_tie_counts


def enumerate_tie_orders(n_greater, n_tied, n_relevant_tied):
    """First relevant rank for every order of the tie group (relevant = True)."""
    group = [True] * n_relevant_tied + [False] * (n_tied - n_relevant_tied)
    return [n_greater + order.index(True) + 1 for order in itertools.permutations(group)]


def test_rank_by_hand_relevant_tied_with_three_others():
    # 2 items above, the relevant item tied with 3 non-relevant ones
    assert rank_from_tie_counts(2, 4, 1, "optimistic") == 3
    assert rank_from_tie_counts(2, 4, 1, "pessimistic") == 6
    assert rank_from_tie_counts(2, 4, 1, "expected") == 4.5  # 2 + (3 + 4 + 5 + 6) / 4 - 2


@pytest.mark.parametrize("n_tied, n_relevant", [(1, 1), (3, 1), (4, 2), (5, 3), (6, 6), (6, 2)])
def test_expected_rank_and_hit_equal_the_mean_over_all_tie_orders(n_tied, n_relevant):
    ranks = np.array(enumerate_tie_orders(3, n_tied, n_relevant))
    assert rank_from_tie_counts(3, n_tied, n_relevant) == pytest.approx(ranks.mean(), abs=1e-12)
    assert rank_from_tie_counts(3, n_tied, n_relevant, "optimistic") == ranks.min()
    assert rank_from_tie_counts(3, n_tied, n_relevant, "pessimistic") == ranks.max()
    for k in range(1, 3 + n_tied + 2):
        got = hit_from_tie_counts(3, n_tied, n_relevant, k)
        assert got == pytest.approx(np.mean(ranks <= k), abs=1e-12), k
        assert hit_from_tie_counts(3, n_tied, n_relevant, k, "optimistic") == (ranks.min() <= k)
        assert hit_from_tie_counts(3, n_tied, n_relevant, k, "pessimistic") == (ranks.max() <= k)


def test_expected_hit_vectorised_over_a_grid_matches_exact_binomials():
    g, t, r, k = np.meshgrid(np.arange(4), np.arange(1, 9), np.arange(1, 9), np.arange(1, 14), indexing="ij")
    valid = r <= t
    g, t, r, k = g[valid], t[valid], r[valid], k[valid]
    got = hit_from_tie_counts(g, t, r, k)
    expected = []
    for gi, ti, ri, ki in zip(g, t, r, k):
        m = min(max(ki - gi, 0), ti)
        expected.append(0.0 if m == 0 else float(1 - Fraction(comb(ti - ri, m), comb(ti, m))))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


def test_expected_hit_stays_exact_for_huge_tie_groups():
    t = 10**7
    # one relevant among t tied items: m / t
    assert hit_from_tie_counts(0, t, 1, 25) == pytest.approx(25 / t, rel=1e-9)
    # two relevant: 1 - (t-2 choose m)/(t choose m) = 1 - (t-m)(t-m-1)/(t(t-1))
    m = 1000
    expected = 1 - (t - m) * (t - m - 1) / (t * (t - 1))
    assert hit_from_tie_counts(5, t, 2, m + 5) == pytest.approx(expected, rel=1e-9)
    assert hit_from_tie_counts(5, t, 2, 5) == 0.0
    assert hit_from_tie_counts(0, t, t, 1) == 1.0
