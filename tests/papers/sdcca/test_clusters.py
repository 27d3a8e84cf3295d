"""k-means from annotated songs per category, its fallbacks, and the agreement with labels."""

import numpy as np
import pytest

from music_visual.papers.sdcca.clusters import (agreement, class_prior_chance, cluster_table, initial_centroids, kmeans,
                                                nearest)


def test_initial_centroids_are_the_annotated_songs_means():
    init = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 10.0], [12.0, 10.0]])
    centroids, table = initial_centroids(np.zeros((3, 2)), init, ["a", "a", "b", "b"], 3, 0, categories=("a", "b"))
    np.testing.assert_allclose(centroids, [[1.0, 0.0], [11.0, 10.0]])
    assert table["annotated_songs"].tolist() == [2, 2] and (table["fallback"] == "").all()


def test_a_category_without_annotated_songs_starts_at_the_farthest_song():
    points = np.array([[0.0, 0.0], [1.0, 0.0], [50.0, 50.0]])
    centroids, table = initial_centroids(points, np.array([[0.0, 0.0]]), ["a"], 3, 0, categories=("a", "b"))
    np.testing.assert_allclose(centroids[1], [50.0, 50.0])
    assert table.loc[1, "fallback"] == "farthest retrieval song"


def test_kmeans_recovers_separated_blobs_and_reports_its_run():
    rng = np.random.default_rng(0)
    truth = np.repeat([0, 1, 2], 30)
    points = np.array([[0, 0], [10, 0], [0, 10]])[truth] + rng.normal(size=(90, 2))
    assign, centroids, record = kmeans(points, np.array([[1.0, 1.0], [8.0, 1.0], [1.0, 8.0]]))
    assert np.array_equal(assign, truth) and record["converged"] and record["non_empty_clusters"] == 3
    np.testing.assert_allclose(centroids, [points[truth == c].mean(axis=0) for c in range(3)])
    assert np.array_equal(nearest(points, centroids), assign)


def test_an_empty_cluster_keeps_its_centroid_and_is_counted():
    points = np.array([[0.0], [0.1], [0.2]])
    assign, centroids, record = kmeans(points, np.array([[0.0], [100.0]]))
    assert set(assign) == {0} and centroids[1, 0] == 100.0 and record["empty_cluster_events"] >= 1


def test_agreement_and_the_class_prior():
    assert agreement(["a", "a", "b"], ["a", "a", "b"]) == pytest.approx(
        {"adjusted_rand_index": 1.0, "normalised_mutual_information": 1.0, "purity": 1.0, "named_as_label": 1.0})
    swapped = agreement(["b", "b", "a"], ["a", "a", "b"])
    assert swapped["adjusted_rand_index"] == 1.0 and swapped["named_as_label"] == 0.0
    assert class_prior_chance(["a", "a", "b", "c"]) == pytest.approx((4 + 1 + 1) / 16)
    table = cluster_table(["s1", "s2"], np.array([1, 0]), ["x", "y"], ["x", "x"], categories=("c0", "c1"))
    assert table["cluster_name"].tolist() == ["c1", "c0"]
