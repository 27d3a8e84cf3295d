"""Gaussian-kernel CCA: finds a nonlinear relation that linear CCA misses; centring and API."""

import numpy as np
import pytest

from music_visual.models.cross_decomposition import CCA
from music_visual.models.kcca import KCCA, gaussian_kernel, median_distance


def held_out_correlation(model, X, Y):
    a, b = model.transform(X, Y)
    return abs(np.corrcoef(a[:, 0], b[:, 0])[0, 1])


def quadratic_pairs(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, 1))
    y = x ** 2 + 0.05 * rng.normal(size=(n, 1))
    return np.hstack([x, 0.1 * rng.normal(size=(n, 1))]), np.hstack([y, 0.1 * rng.normal(size=(n, 1))])


def test_kcca_finds_the_quadratic_relation_linear_cca_misses():
    X, Y = quadratic_pairs(300, seed=0)
    Xt, Yt = quadratic_pairs(300, seed=1)
    linear = CCA(n_components=1, reg=1e-3).fit(X, Y)
    kernel = KCCA(n_components=1, width=1.0, reg=1e-2).fit(X, Y)
    assert held_out_correlation(linear, Xt, Yt) < 0.2   # cov(x, x^2) = 0 for symmetric x
    assert held_out_correlation(kernel, Xt, Yt) > 0.9
    assert 0.9 < kernel.canonical_correlations_[0] <= 1.0


def test_tiny_regulariser_overfits_and_the_ridge_controls_it():
    X, Y = quadratic_pairs(60, seed=2)
    rng = np.random.default_rng(3)
    noise_y = rng.normal(size=Y.shape)  # unrelated to X
    overfit = KCCA(n_components=1, width=0.2, reg=1e-9).fit(X, noise_y)
    ridged = KCCA(n_components=1, width=0.2, reg=1.0).fit(X, noise_y)
    assert overfit.canonical_correlations_[0] > 0.99
    assert ridged.canonical_correlations_[0] < 0.6


def test_kernel_helpers_and_centring_of_new_rows():
    X = np.array([[0.0], [1.0], [3.0]])
    assert median_distance(X) == 2.0
    np.testing.assert_allclose(gaussian_kernel(X, X, 1.0)[0, 1], np.exp(-0.5))
    model = KCCA(n_components=1, width=1.0, reg=0.1).fit(X, X ** 2)
    np.testing.assert_allclose(model.x_kernel_.centred(X), model.x_kernel_.K, atol=1e-12)
    np.testing.assert_allclose(model.x_kernel_.K.sum(axis=0), 0.0, atol=1e-12)
    sim = model.similarity(X, X ** 2)
    assert sim.shape == (3, 3) and np.all(np.abs(sim) <= 1 + 1e-12)


def test_bad_settings_are_errors():
    with pytest.raises(ValueError, match="positive"):
        KCCA(width=0.0)
    with pytest.raises(ValueError, match="too large"):
        KCCA(n_components=5).fit(np.zeros((3, 1)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="same rows"):
        KCCA().fit(np.zeros((3, 1)), np.zeros((4, 1)))
