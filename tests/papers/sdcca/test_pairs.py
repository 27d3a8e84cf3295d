"""S-DCCA's training pairs: one-to-one, and same-cluster pairs across videos (50 % / 100 %)."""

import numpy as np
import pytest

from music_visual.papers.sdcca.pairs import pair_counts, training_pairs

CLUSTERS = np.array([0, 0, 0, 0, 0, 1, 1, 2])  # cluster 0: 5 songs, 1: 2 songs, 2: 1 song


def test_basic_is_the_one_to_one_pairs():
    a, v = training_pairs(CLUSTERS, "basic")
    assert np.array_equal(a, np.arange(8)) and np.array_equal(v, np.arange(8))


def test_extend2_adds_every_other_video_of_the_cluster():
    a, v = training_pairs(CLUSTERS, "extend2")
    pairs = set(zip(a.tolist(), v.tolist()))
    expected = {(i, j) for i in range(8) for j in range(8) if CLUSTERS[i] == CLUSTERS[j]}
    assert pairs == expected and len(a) == len(pairs) == 5 * 5 + 2 * 2 + 1
    assert np.all(CLUSTERS[a] == CLUSTERS[v])


def test_extend1_adds_half_of_them_seeded():
    a, v = training_pairs(CLUSTERS, "extend1", share=0.5, seed=0)
    extra = [(i, j) for i, j in zip(a[8:], v[8:])]
    per_audio = {i: sum(1 for x, _ in extra if x == i) for i in range(8)}
    assert per_audio == {0: 2, 1: 2, 2: 2, 3: 2, 4: 2, 5: 0, 6: 0, 7: 0}  # round(0.5 * 4) = 2; round(0.5) = 0
    assert set(extra) <= set(zip(*training_pairs(CLUSTERS, "extend2")))
    assert all(i != j for i, j in extra)
    same = training_pairs(CLUSTERS, "extend1", share=0.5, seed=0)
    other = training_pairs(CLUSTERS, "extend1", share=0.5, seed=1)
    assert np.array_equal(same[1], v) and not np.array_equal(other[1], v)


def test_counts_and_errors():
    counts = pair_counts(CLUSTERS).set_index("scheme")
    assert counts.loc["extend2", "pairs"] == 30 and counts.loc["basic", "songs alone in their cluster"] == 1
    with pytest.raises(ValueError, match="unknown pair scheme"):
        training_pairs(CLUSTERS, "extend3")
