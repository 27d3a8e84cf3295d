"""DtRT on hand-computed values, and the vectorised distances against naive loops."""

import numpy as np
import pytest

from music_visual.papers.mrcca.model.dtrt import (DtrtSide, FeatureType, draw_reference_rows, fit_transform_dtrt,
                                            squared_distances)

# Three samples, reference = sample 0. Feature type A (euclidean, columns 0-1): distances
# 0, 5, 10 -> sigma_A = median = 5 -> d^2/sigma^2 = 0, 1, 4. Type B (hellinger, columns 2-3):
# H^2(s1, s0) = ((0-1)^2 + (1-0)^2) / 2 = 1, H^2(s2, s0) = ((sqrt(.5)-1)^2 + .5) / 2
# = 1 - sqrt(.5) = 0.29289 -> sigma_B^2 = median = 0.29289 -> d^2/sigma^2 = 0, 3.41421, 1.
SAMPLES = np.array([[0.0, 0.0, 1.0, 0.0], [3.0, 4.0, 0.0, 1.0], [6.0, 8.0, 0.5, 0.5]])
TYPES = (FeatureType("a", 0, 2, "euclidean"), FeatureType("b", 2, 4, "hellinger"))


def test_dtrt_hand_computed_mean_combination():
    transform, music_dtrt, image_dtrt = fit_transform_dtrt(SAMPLES, SAMPLES, np.array([0]), TYPES, TYPES)
    # exp(-mean): exp(0), exp(-(1 + 3.41421)/2), exp(-(4 + 1)/2)
    expected = np.array([[1.0], [0.11001849607519654], [0.0820849986238988]])
    np.testing.assert_allclose(music_dtrt, expected, rtol=1e-12)
    np.testing.assert_allclose(image_dtrt, expected, rtol=1e-12)
    np.testing.assert_allclose(transform.music.sigmas[0], [5.0])
    np.testing.assert_allclose(transform.music.sigmas[1] ** 2, [0.2928932188134524])


def test_dtrt_hand_computed_concatenation():
    _, music_dtrt, _ = fit_transform_dtrt(SAMPLES, SAMPLES, np.array([0]), TYPES, TYPES,
                                          combine="concatenate")
    expected = np.array([[1.0, 1.0],
                         [0.36787944117144233, 0.0329022721142147],   # exp(-1), exp(-3.41421)
                         [0.01831563888873418, 0.36787944117144233]])  # exp(-4), exp(-1)
    np.testing.assert_allclose(music_dtrt, expected, rtol=1e-12)


def test_cosine_and_cityblock_hand_computed():
    a, b = np.array([[1.0, 0.0]]), np.array([[1.0, 1.0], [0.0, 0.0]])
    # (1 - 1/sqrt 2)^2
    np.testing.assert_allclose(squared_distances(a, b[:1], "cosine"), [[0.085786437626905]])
    np.testing.assert_allclose(squared_distances(np.array([[3.0, 4.0]]), b[1:], "cityblock"), [[49.0]])


@pytest.mark.parametrize("metric", ["euclidean", "cosine", "hellinger", "cityblock"])
def test_vectorised_distances_equal_a_naive_loop(metric):
    rng = np.random.default_rng(0)
    A, B = rng.uniform(size=(7, 5)), rng.uniform(size=(4, 5))
    one = {
        "euclidean": lambda a, b: np.sum((a - b) ** 2),
        "cosine": lambda a, b: (1 - a @ b / np.linalg.norm(a) / np.linalg.norm(b)) ** 2,
        "hellinger": lambda a, b: np.sum((np.sqrt(a) - np.sqrt(b)) ** 2) / 2,
        "cityblock": lambda a, b: np.sum(np.abs(a - b)) ** 2,
    }[metric]
    naive = [[one(a, b) for b in B] for a in A]
    np.testing.assert_allclose(squared_distances(A, B, metric), naive, rtol=1e-10, atol=1e-12)


def test_new_samples_use_the_fitted_references_and_sigmas():
    rng = np.random.default_rng(1)
    music, images = rng.uniform(size=(40, 4)), rng.uniform(size=(40, 6))
    image_types = (FeatureType("x", 0, 3), FeatureType("y", 3, 6, "cosine"))
    transform, x, y = fit_transform_dtrt(music, images, np.array([2, 5, 9]), TYPES, image_types)
    x_again, y_again = transform.transform(music, images)
    np.testing.assert_allclose(x_again, x)
    np.testing.assert_allclose(y_again, y)
    assert x.shape == y.shape == (40, 3)  # both modalities: one component per reference pair
    np.testing.assert_allclose(x[[2, 5, 9], [0, 1, 2]], 1.0)  # a reference is identical to itself
    side = DtrtSide(TYPES, SAMPLES[:1], (np.array([2.0]), np.array([1.0])))
    np.testing.assert_allclose(side.transform(SAMPLES[1:2]), [[np.exp(-(25 / 4 + 1) / 2)]])


def test_reference_rows_are_a_seeded_fraction():
    rows = draw_reference_rows(60, 1 / 6, np.random.default_rng(0))
    assert len(rows) == 10 and len(set(rows)) == 10 and rows.max() < 60
    np.testing.assert_array_equal(rows, draw_reference_rows(60, 1 / 6, np.random.default_rng(0)))
    assert len(draw_reference_rows(3, 0.01, np.random.default_rng(0))) == 1
    with pytest.raises(ValueError):
        FeatureType("bad", 0, 2, "chebyshev")
    with pytest.raises(ValueError):
        squared_distances(-np.ones((1, 2)), np.ones((1, 2)), "hellinger")
