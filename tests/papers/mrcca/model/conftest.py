"""Shared fixtures for the MR-CCA tests: one BLAS thread, and a small world with planted structure."""

from types import SimpleNamespace

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from music_visual.papers.mrcca.model import FeatureType, PreferencePairs


@pytest.fixture(autouse=True)
def single_blas_thread():
    """Tiny matrices: extra BLAS threads only fight over the shared cores."""
    with threadpool_limits(1):
        yield


MUSIC_TYPES = (FeatureType("latent", 0, 4), FeatureType("genre", 4, 7))
IMAGE_TYPES = (FeatureType("colour", 0, 2), FeatureType("histogram", 2, 6, "hellinger"),
               FeatureType("shape", 6, 8, "cityblock"))


def planted_world(rng, n, n_genres=3, correlations=(0.95, 0.9, 0.85, 0.7)):
    """Music = 4 latent factors + a genre offset; image = the factors seen with the given
    cross-modal correlations + an uninformative histogram. Returns music, images, f, g."""
    rho = np.asarray(correlations)
    genre = rng.integers(n_genres, size=n)
    offsets = 6.0 * rng.standard_normal((n_genres, 3))
    f = rng.standard_normal((n, len(rho)))
    g = rho * f + np.sqrt(1 - rho**2) * rng.standard_normal((n, len(rho)))
    genre_features = offsets[genre] + 0.3 * rng.standard_normal((n, 3))
    music = np.hstack([f + 0.1 * rng.standard_normal(f.shape), genre_features])
    images = np.hstack([g[:, :2], rng.uniform(size=(n, 4)), g[:, 2:]])
    return music, images, f, g


def annotated_preferences(rng, music, images, f, g, annotator_weights, noise=0.1):
    """True image vs a random image for each music; simulated annotators prefer the image with
    the higher ``sum_j w_j f_j g_j`` (plus noise): the planted weighting R-CCA should learn."""
    other = rng.permutation(len(music))
    w = np.asarray(annotator_weights)
    utility_true = (f * g) @ w + noise * rng.standard_normal(len(f))
    utility_other = (f * g[other]) @ w + noise * rng.standard_normal(len(f))
    true_first = (utility_true > utility_other)[:, None]
    preferred = np.where(true_first, images, images[other])
    rejected = np.where(true_first, images[other], images)
    return PreferencePairs.same_music(music, preferred, rejected)


@pytest.fixture
def world():
    """The planted world's generator, its annotators and its feature types."""
    return SimpleNamespace(make=planted_world, annotate=annotated_preferences,
                           music_types=MUSIC_TYPES, image_types=IMAGE_TYPES)
