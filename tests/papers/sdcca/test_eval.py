"""Class-relevance MAP (the paper's Eq. 13), exact chance, the oracle row, precision-recall points."""

import itertools

import numpy as np
import pytest

from music_visual.papers.sdcca.eval import (chance_map, chance_scores, class_map, metric_name, pr_points,
                                            reference_scores, scores_from_similarities)
from music_visual.papers.sdcca.features import FoldInputs
from music_visual.papers.sdcca.runner import reference_rows


def eq13_ap(order_labels, label):
    """The paper's AP: (1/R) sum_i P(i) rel(i) over the whole ranking."""
    hits, total = 0, 0.0
    for i, lab in enumerate(order_labels, start=1):
        if lab == label:
            hits += 1
            total += hits / i
    return total / sum(1 for lab in order_labels if lab == label)


def test_class_map_is_equation_13_by_hand():
    labels = np.array(["a", "b", "a", "c", "b"])
    rng = np.random.default_rng(0)
    sim = rng.normal(size=(5, 5))
    expected = np.mean([eq13_ap(labels[np.argsort(-sim[q])], labels[q]) for q in range(5)])
    assert class_map(sim, labels, labels) == pytest.approx(expected)
    assert class_map(np.eye(3), [0, 1, 2], [0, 1, 2]) == 1.0


def test_chance_is_the_exact_mean_over_every_ranking():
    labels = np.array(["a", "a", "b", "c", "a"])
    brute = []
    for q in range(5):
        aps = [eq13_ap(labels[list(p)], labels[q]) for p in itertools.permutations(range(5))]
        brute.append(np.mean(aps))
    assert chance_map(labels, labels) == pytest.approx(np.mean(brute))
    prior = ((labels[:, None] == labels[None, :]).mean())
    assert chance_map(labels, labels) > prior  # small galleries sit above the class prior
    with pytest.raises(ValueError, match="no relevant"):
        chance_map(["z"], ["a"])


def test_scores_keys_and_the_reverse_direction():
    labels = np.array([0, 1, 0, 1])
    sim = np.array([[0.9, 0.1, 0.8, 0.2], [0.1, 0.9, 0.3, 0.7], [0.5, 0.2, 0.9, 0.1], [0.2, 0.8, 0.1, 0.9]])
    scores = scores_from_similarities({"mean": sim, "attention_1_3": sim.T}, labels, np.array(list("xyxy")))
    assert scores["map_mean"] == 1.0 and scores["map_emotion10_mean"] == 1.0
    assert scores["video_to_audio_map_mean"] == class_map(sim.T, labels, labels)
    assert metric_name("attention_2_6", "emotion10") == "map_emotion10_attention_2_6"


def test_the_oracle_row_scores_the_oracle_matrix_for_every_query_and_seed():
    """The oracle ranks by same-song likelihood: the same matrix whichever chunks are queried."""
    clusters, labels = np.array([0, 0, 1, 1, 2]), np.array(list("aabbc"))
    oracle = np.eye(5) * 5 + np.array([[0, 1, 0, 0, 0], [2, 0, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 3, 0, 0],
                                       [0, 0, 0, 0, 0]])
    data = FoldInputs(0, *(np.zeros((2, 1)),) * 2, np.zeros(2), *(np.zeros((2, 1)),) * 2, np.zeros(2),
                      np.zeros((5, 1)), clusters, labels, {"mean": np.zeros((5, 1)), "attention_1_3": np.zeros((5, 1))})
    rows = reference_rows([data], [0, 1], {0: oracle})
    oracle_rows = rows[rows["method"] == "oracle"]
    assert len(oracle_rows) == 2 and (oracle_rows["map_mean"] == oracle_rows["map_attention_1_3"]).all()
    assert oracle_rows["map_mean"].iloc[0] == pytest.approx(class_map(oracle, clusters, clusters))
    assert oracle_rows["map_mean"].iloc[0] == 1.0  # its own song first, then the other song of its cluster
    chance = rows[rows["method"] == "chance"]
    assert chance["map_mean"].iloc[0] == pytest.approx(chance_map(clusters, clusters))
    assert reference_scores(oracle, ["mean"], clusters, labels) == scores_from_similarities({"mean": oracle},
                                                                                        clusters, labels)
    assert set(chance_scores(["mean"], clusters, labels)) == {"map_mean", "map_emotion10_mean",
                                                              "video_to_audio_map_mean"}


def test_pr_points_at_fixed_recall_levels():
    labels = np.array([0, 0, 1, 1])
    perfect = pr_points(np.eye(4) + (labels[:, None] == labels[None, :]), labels, labels, 4)
    np.testing.assert_allclose(perfect["recall"], [0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(perfect["precision"].iloc[1], 1.0)
    np.testing.assert_allclose(perfect["precision"].iloc[-1], 0.5)  # all 4 retrieved: precision = class share
