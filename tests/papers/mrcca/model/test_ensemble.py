"""Eq. 9 and Eq. 10 weights on hand-computed examples."""

import numpy as np
import pytest

from music_visual.papers.mrcca.model.ensemble import (cluster_weights, combine_cluster_scores,
                                                default_softmax_sigma, nearest_cluster_weights,
                                                softmax_cluster_weights, squared_distances_to_centres)

SQUARED = np.array([[0.0, 1.0, 4.0], [2.0, 2.0, 2.0]])


def test_softmax_weights_hand_computed():
    # sigma = 1: [1, e^-1, e^-4] / (1 + e^-1 + e^-4); equal distances: 1/3 each
    np.testing.assert_allclose(softmax_cluster_weights(SQUARED, sigma=1.0),
                               [[0.7213991842739687, 0.26538792877224193, 0.013212886953789414],
                                [1 / 3, 1 / 3, 1 / 3]], rtol=1e-12)
    # sigma = 2: [1, e^-0.25, e^-1] / (1 + e^-0.25 + e^-1)
    np.testing.assert_allclose(softmax_cluster_weights(SQUARED[:1], sigma=2.0),
                               [[0.465835567266526, 0.36279310456968256, 0.17137132816379141]], rtol=1e-12)


def test_softmax_is_stable_for_large_distances_and_tends_to_nearest():
    far = SQUARED + 1e4
    np.testing.assert_allclose(softmax_cluster_weights(far, 1.0), softmax_cluster_weights(SQUARED, 1.0))
    np.testing.assert_allclose(softmax_cluster_weights(SQUARED[:1], 1e-3), [[1.0, 0.0, 0.0]])


def test_combined_score_and_nearest_weights_hand_computed():
    scores = np.array([[1.0, 2.0, 3.0], [3.0, 0.0, 3.0]])
    soft = combine_cluster_scores(scores, softmax_cluster_weights(SQUARED, 1.0))
    # (1 + 2 e^-1 + 3 e^-4) / (1 + e^-1 + e^-4), and 3 * 1/3 + 0 + 3 * 1/3
    np.testing.assert_allclose(soft, [1.2918137026798207, 2.0], rtol=1e-12)
    nearest = nearest_cluster_weights(SQUARED)
    np.testing.assert_array_equal(nearest, [[1, 0, 0], [1, 0, 0]])  # a tie goes to the first cluster
    np.testing.assert_allclose(combine_cluster_scores(scores, nearest), [1.0, 3.0])
    np.testing.assert_array_equal(cluster_weights(SQUARED, "nearest", 1.0), nearest)
    with pytest.raises(ValueError):
        cluster_weights(SQUARED, "hard", 1.0)


def test_default_sigma_and_centre_distances_hand_computed():
    # Two clusters, gap g: nearest weight 1 / (1 + exp(-g / sigma^2)) = 0.9 <=> sigma^2 = g / ln 9.
    assert default_softmax_sigma(np.array([[0.0, 1.0]])) == pytest.approx(0.6746255356221099)  # sqrt(1/ln 9)
    # gaps 3, 8.75, 3.64 -> the median sample has gap 3.64 -> sigma = sqrt(3.64 / ln 9)
    squared = np.array([[1.0, 4.0], [9.0, 0.25], [0.36, 4.0]])
    assert default_softmax_sigma(squared) == pytest.approx(1.2871034894136695)
    many = np.random.default_rng(0).uniform(size=(101, 5))
    nearest_weight = softmax_cluster_weights(many, default_softmax_sigma(many)).max(axis=1)
    assert np.median(nearest_weight) == pytest.approx(0.9)
    points, centres = np.array([[0.0, 0.0], [2.0, 2.0]]), np.array([[0.0, 0.0], [1.0, 3.0]])
    # per-dimension mean squared difference: (0, (1+9)/2), ((4+4)/2, (1+1)/2)
    np.testing.assert_allclose(squared_distances_to_centres(points, centres), [[0.0, 5.0], [4.0, 1.0]])
