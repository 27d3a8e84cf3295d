"""Normalised cut recovers well-separated clusters, including ones k-means cannot."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from music_visual.papers.mrcca.model.ncut import cluster_centres, knn_affinity, ncut_cluster


def test_ncut_recovers_separated_blobs():
    rng = np.random.default_rng(0)
    truth = np.repeat(np.arange(4), 50)
    features = 8.0 * rng.standard_normal((4, 6))[truth] + rng.standard_normal((200, 6))
    labels = ncut_cluster(features, 4, np.random.default_rng(1))
    assert adjusted_rand_score(truth, labels) == 1.0


def test_ncut_separates_concentric_rings_where_kmeans_fails():
    rng = np.random.default_rng(2)
    truth = np.repeat([0, 1], 150)
    angle = rng.uniform(0, 2 * np.pi, 300)
    radius = np.where(truth == 0, 1.0, 4.0) + 0.1 * rng.standard_normal(300)
    rings = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    assert adjusted_rand_score(truth, ncut_cluster(rings, 2, np.random.default_rng(3))) == 1.0
    kmeans = KMeans(2, n_init=10, random_state=0).fit_predict(rings)
    assert adjusted_rand_score(truth, kmeans) < 0.5


def test_affinity_is_symmetric_sparse_and_seeded_labels_repeat():
    rng = np.random.default_rng(4)
    features = rng.standard_normal((60, 3))
    affinity = knn_affinity(features, n_neighbors=5)
    assert (affinity != affinity.T).nnz == 0 and affinity.diagonal().sum() == 0
    assert 5 * 60 <= affinity.nnz <= 10 * 60
    first = ncut_cluster(features, 3, np.random.default_rng(5))
    np.testing.assert_array_equal(first, ncut_cluster(features, 3, np.random.default_rng(5)))
    np.testing.assert_array_equal(ncut_cluster(features, 1, rng), np.zeros(60, dtype=int))


def test_centres_are_cluster_means():
    features, labels = np.array([[0.0, 0.0], [2.0, 2.0], [10.0, 10.0]]), np.array([0, 0, 1])
    np.testing.assert_allclose(cluster_centres(features, labels, 2), [[1.0, 1.0], [10.0, 10.0]])
    with pytest.raises(ValueError):
        cluster_centres(features, labels, 3)
