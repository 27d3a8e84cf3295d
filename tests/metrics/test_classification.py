"""Accuracy and pairwise consistency against hand values, loops and sklearn."""

import numpy as np
import pytest
from sklearn.metrics import accuracy_score

from music_visual.metrics import accuracy, pair_scores, pairwise_consistency


def test_accuracy_equals_sklearn_on_labels():
    rng = np.random.default_rng(20)
    y_true, y_pred = rng.integers(0, 5, 200), rng.integers(0, 5, 200)
    assert accuracy(y_true, y_pred) == pytest.approx(accuracy_score(y_true, y_pred), abs=1e-15)
    words = np.array(["calm", "happy", "sad"])
    assert accuracy(words[y_true % 3], words[y_pred % 3]) == accuracy_score(y_true % 3, y_pred % 3)


def test_accuracy_thresholds_binary_probabilities():
    y_true = np.array([1, 0, 1, 0, 1])
    probs = np.array([0.9, 0.5, 0.5, 0.1, 0.7])  # 0.5 is not above the threshold
    assert accuracy(y_true, probs) == pytest.approx(4 / 5)
    assert accuracy(y_true.astype(bool), probs - 0.5, threshold=0.0) == pytest.approx(4 / 5)
    assert accuracy(y_true, probs, threshold=0.05) == pytest.approx(3 / 5)
    assert accuracy(y_true, probs) == accuracy_score(y_true, (probs > 0.5).astype(int))


def test_accuracy_takes_the_argmax_of_score_matrices():
    rng = np.random.default_rng(21)
    scores = rng.random((50, 4))
    y_true = rng.integers(0, 4, 50)
    assert accuracy(y_true, scores) == accuracy_score(y_true, scores.argmax(axis=1))


@pytest.mark.parametrize(
    "y_true, y_pred, message",
    [([0, 1], [0, 1, 1], "shape"), ([], [], "non-empty"), ([0, 1], [0.2, np.nan], "1 NaN")],
)
def test_accuracy_errors(y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        accuracy(y_true, y_pred)


def test_pairwise_consistency_by_hand():
    preferred = [0.9, 0.4, 0.5, 0.2]
    other = [0.1, 0.6, 0.5, 0.1]  # right, wrong, tie, right
    assert pairwise_consistency(preferred, other) == 2.5 / 4
    assert pairwise_consistency(preferred, other, ties="pessimistic") == 2 / 4
    assert pairwise_consistency(preferred, other, ties="optimistic") == 3 / 4
    assert pairwise_consistency([0.3, 0.3], [0.3, 0.3]) == 0.5  # chance


@pytest.mark.parametrize("ties, tie_credit", [("expected", 0.5), ("optimistic", 1.0), ("pessimistic", 0.0)])
def test_pairwise_consistency_matches_a_loop(ties, tie_credit):
    rng = np.random.default_rng(22)
    preferred, other = rng.integers(0, 4, 100) / 4, rng.integers(0, 4, 100) / 4
    credit = [1.0 if p > o else tie_credit if p == o else 0.0 for p, o in zip(preferred, other)]
    assert pairwise_consistency(preferred, other, ties=ties) == pytest.approx(np.mean(credit))


def test_pairwise_consistency_with_pair_scores():
    sim = np.array([[0.8, 0.1, 0.3], [0.2, 0.7, 0.7]])
    # annotators: song 0 fits image 0 better than image 2; song 1 fits image 2 better than image 0
    preferred = pair_scores(sim, rows=[0, 1], cols=[0, 2])
    other = pair_scores(sim, rows=[0, 1], cols=[2, 0])
    np.testing.assert_array_equal(preferred, [0.8, 0.7])
    assert pairwise_consistency(preferred, other) == 1.0
    assert pairwise_consistency(pair_scores(sim, [1], [1]), pair_scores(sim, [1], [2])) == 0.5


@pytest.mark.parametrize(
    "args, message",
    [
        (([0.1, 0.2], [0.1]), "one shape"),
        (([np.inf, 0.2], [0.1, 0.3]), "preferred_scores contains 1 NaN"),
        (([0.1, 0.2], [0.1, np.nan]), "other_scores contains 1 NaN"),
        (([], []), "non-empty"),
    ],
)
def test_pairwise_consistency_errors(args, message):
    with pytest.raises(ValueError, match=message):
        pairwise_consistency(*args)


def test_pair_scores_errors():
    sim = np.zeros((2, 3))
    with pytest.raises(ValueError, match="cols outside"):
        pair_scores(sim, [0], [3])
    with pytest.raises(ValueError, match="disagree"):
        pair_scores(sim, [0, 1], [0])
    with pytest.raises(ValueError, match="integer"):
        pair_scores(sim, [0.0], [0])
