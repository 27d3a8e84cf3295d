"""The plateau loop, the threshold rule and the probes against a hand-made separable toy."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from music_visual.papers.acpnet.methods import ClassifierSpec
from music_visual.papers.acpnet.model import EmotionClassifier
from music_visual.papers.acpnet.runner import train_classifier
from music_visual.papers.acpnet.settings import RunSettings
from music_visual.papers.acpnet.trainer import (ItemBatches, LoopConfig, best_threshold, embed_rows, item_loss,
                                                train_to_plateau)

pytestmark = pytest.mark.usefixtures("torch_one_thread")

def test_best_threshold_by_hand():
    assert best_threshold(np.array([0.0, 1.0, 2.0, 3.0]), np.array([0, 0, 1, 1])) == (1.5, 1.0)
    t, acc = best_threshold(np.array([0.1, 0.4, 0.35, 0.8]), np.array([0, 0, 1, 1]))
    assert acc == 0.75 and t == pytest.approx(0.225)  # the first of the tied thresholds
    t, acc = best_threshold(np.array([0.5, 0.5]), np.array([1, 0]))
    assert acc == 0.5


def toy(n, n_classes, dim, seed, separable=True):
    """Hand-made classes: Gaussian blobs around well-separated centres (or labels independent of x)."""
    rng = np.random.default_rng(seed)
    centres = np.eye(dim)[:n_classes] * 4.0
    y = rng.integers(0, n_classes, n)
    x = centres[y] + rng.normal(0, 0.5, (n, dim))
    if not separable:
        y = rng.permutation(y)
    return x.astype(np.float32), y


@pytest.mark.parametrize("modality,n_classes", [("image", 8), ("music", 3)])
def test_probe_learns_a_separable_toy(modality, n_classes, toy_settings):
    settings = RunSettings.from_params(toy_settings)
    data = {s: toy(n, n_classes, 10, i) for i, (s, n) in enumerate((("train", 400), ("val", 100), ("test", 200)))}
    out = train_classifier(ClassifierSpec("toy", modality, "toy"), settings, 0, {s: d[0] for s, d in data.items()},
                           {s: d[1] for s, d in data.items()}, (10,))
    metric = f"{modality}_emotion_accuracy"
    assert out.info[metric] > 0.95
    assert len(out.tuning) == 2 and sum(r["chosen"] for r in out.tuning) == 1


def test_probe_stays_at_chance_without_signal_and_skips_unlabelled_items(toy_settings):
    settings = RunSettings.from_params(toy_settings)
    data = {s: toy(n, 3, 10, i, separable=False) for i, (s, n) in enumerate((("train", 300), ("val", 100), ("test", 600)))}
    labels = {s: d[1].copy() for s, d in data.items()}
    labels["test"][:100] = -1  # no label: left out of the score
    out = train_classifier(ClassifierSpec("toy", "music", "toy"), settings, 0, {s: d[0] for s, d in data.items()},
                           labels, (10,))
    assert out.info["n_test"] == 500
    assert out.info["music_emotion_accuracy"] < 0.45


def test_plateau_loop_keeps_the_best_weights_and_records_the_curve():
    x, y = toy(200, 3, 6, 0)
    xt, yt = torch.as_tensor(x), torch.as_tensor(y)
    model = EmotionClassifier(6, (8,), 3, 0.0, None, torch.Generator().manual_seed(0))
    batches = ItemBatches(200, 32, 0, torch.device("cpu"))
    evaluate = lambda m: {"val_criterion": float((embed_rows(m, xt).argmax(1) == yt).float().mean())}  # noqa: E731
    result = train_to_plateau(model, item_loss(xt, yt, batches), evaluate,
                              LoopConfig(1e-2, max_steps=300, eval_every=10, patience_steps=60, smoothing=1))
    steps = [row["step"] for row in result.history]
    assert steps[0] == 0 and steps == sorted(steps)
    assert result.best_criterion == max(row["val_criterion"] for row in result.history)
    assert float((embed_rows(model, xt).argmax(1) == yt).float().mean()) == pytest.approx(result.best_criterion)
    assert result.stopped_by in ("plateau", "step_cap") and result.best_criterion > 0.9


def test_loop_is_deterministic():
    def run():
        x, y = toy(100, 3, 6, 1)
        xt, yt = torch.as_tensor(x), torch.as_tensor(y)
        model = EmotionClassifier(6, (8,), 3, 0.3, None, torch.Generator().manual_seed(0))
        r = train_to_plateau(model, item_loss(xt, yt, ItemBatches(100, 16, 3, torch.device("cpu"))),
                             lambda m: {"val_criterion": float(m(xt).sum())}, LoopConfig(1e-2, 40, 10, 40, seed=3))
        return [row["val_criterion"] for row in r.history]
    assert run() == run()
