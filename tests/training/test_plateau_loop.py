import math

import pytest
import torch
from torch import nn

from music_visual.training.plateau import PlateauRule
from music_visual.training.plateau_loop import stopping_record, train_to_plateau


def _toy(seed=0):
    torch.manual_seed(seed)
    x = torch.randn(64, 3)
    y = x @ torch.tensor([1.0, -2.0, 0.5])
    return x, y, nn.Linear(3, 1)


def test_fits_a_learnable_toy_keeps_the_best_weights_and_logs_each_evaluation():
    x, y, model = _toy()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    loss = lambda progress: {"loss": ((model(x).squeeze(1) - y) ** 2).mean()}  # noqa: E731
    criterion = lambda: {"val_criterion": -float(((model(x).squeeze(1) - y) ** 2).mean())}  # noqa: E731
    result = train_to_plateau(model, loss, criterion, optimizer, PlateauRule(400, 60, 0.0, 1), 10,
                              epoch_of=lambda step: step / 4)
    steps = [row["step"] for row in result.history]
    assert steps[0] == 0 and steps == sorted(steps) and result.history[1]["epoch"] == 2.5
    assert "train_loss" not in result.history[0] and "train_loss" in result.history[1]
    assert result.best_criterion == max(row["val_criterion"] for row in result.history) > -1e-2
    assert criterion()["val_criterion"] == pytest.approx(result.best_criterion) and not model.training
    record = stopping_record(result)
    assert record["stopped_by"] in ("plateau", "step_cap") and "val_recall_at_10" not in record


def test_a_criterion_that_never_improves_keeps_the_initial_weights_and_a_nan_is_an_error():
    x, y, model = _toy(1)
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    loss = lambda progress: {"loss": model(x).pow(2).mean()}  # noqa: E731
    result = train_to_plateau(model, loss, lambda: {"val_criterion": 0.0}, optimizer, PlateauRule(100, 20, 0.0, 1), 10)
    assert result.kept_initial and result.stopped_by == "plateau"
    assert all(torch.equal(initial[k], v) for k, v in model.state_dict().items())
    with pytest.raises(ValueError, match="finite"):
        train_to_plateau(model, loss, lambda: {"val_criterion": math.nan}, optimizer, PlateauRule(10, 5, 0.0, 1), 5)
