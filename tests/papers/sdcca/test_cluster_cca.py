"""C-CCA: the shared CCA with the supervised cross-covariance."""

import numpy as np
import torch

from music_visual.losses.dcca import cluster_cross_covariance as torch_cluster_covariance
from music_visual.models.cross_decomposition import CCA
from music_visual.papers.sdcca.cluster_cca import ClusterCCA, cluster_cross_covariance


def views(n=120, seed=0):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 4, size=n)
    X = rng.normal(size=(4, 5))[labels] + rng.normal(size=(n, 5))
    Y = rng.normal(size=(4, 3))[labels] + rng.normal(size=(n, 3))
    return X, Y, labels


def test_beta_one_or_no_labels_is_the_shared_cca():
    X, Y, labels = views()
    reference = CCA(2, reg=0.01).fit(X, Y)
    for model in (ClusterCCA(2, reg=0.01, beta=1.0).fit(X, Y, labels), ClusterCCA(2, reg=0.01).fit(X, Y)):
        np.testing.assert_allclose(model.canonical_correlations_, reference.canonical_correlations_)
        np.testing.assert_allclose(np.abs(model.similarity(X[:5], Y[:7])), np.abs(reference.similarity(X[:5], Y[:7])))


def test_numpy_and_torch_cluster_covariances_agree():
    X, Y, labels = views(n=30)
    Xc, Yc = X - X.mean(axis=0), Y - Y.mean(axis=0)
    np.testing.assert_allclose(cluster_cross_covariance(Xc, Yc, labels),
                               torch_cluster_covariance(torch.tensor(Xc), torch.tensor(Yc), torch.tensor(labels)).numpy())


def test_the_cluster_term_survives_pairs_shuffled_within_classes():
    """Only class-level structure is left when videos are shuffled within their class: C-CCA still sees it."""
    X, Y, labels = views(n=400, seed=1)
    rng = np.random.default_rng(2)
    shuffled = np.arange(len(labels))
    for c in range(4):
        members = np.flatnonzero(labels == c)
        shuffled[members] = rng.permutation(members)
    plain = ClusterCCA(1, reg=0.01, beta=1.0).fit(X, Y[shuffled], labels)
    cluster = ClusterCCA(1, reg=0.01, beta=0.0).fit(X, Y[shuffled], labels)
    unshuffled = ClusterCCA(1, reg=0.01, beta=0.0).fit(X, Y, labels)
    np.testing.assert_allclose(cluster.canonical_correlations_, unshuffled.canonical_correlations_)
    assert plain.canonical_correlations_[0] > 0.3  # pairs of one class still share the class mean
