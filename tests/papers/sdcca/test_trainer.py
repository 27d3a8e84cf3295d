"""S-DCCA's loop: the plateau rule stops it, the best weights come back, runs are deterministic."""

import torch

from music_visual.papers.sdcca.trainer import LoopSettings, stopping_record, train_to_plateau


def regression_run(seed=0, max_steps=400, patience=60):
    g = torch.Generator().manual_seed(0)
    x = torch.randn(64, 3, generator=g)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.1 * torch.randn(64, 1, generator=g)
    torch.manual_seed(seed)
    model = torch.nn.Linear(3, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)

    def terms(index):
        return {"loss": ((model(x[index]) - y[index]) ** 2).mean()}

    def criterion():
        return {"val_criterion": -float(((model(x) - y) ** 2).mean()), "extra": 1.0}

    result = train_to_plateau(model, terms, 64, criterion, optimizer,
                              LoopSettings(16, max_steps, 10, patience, 1e-4, 1, seed))
    return model, result


def test_the_loop_improves_stops_on_a_plateau_and_restores_the_best_weights(torch_one_thread):
    model, result = regression_run()
    history = result.history
    assert history[0]["step"] == 0 and "train_loss" not in history[0] and history[1]["train_loss"] > 0
    assert result.stopped_by == "plateau" and result.steps < 400 and not result.kept_initial
    assert result.best_criterion > history[0]["val_criterion"] and result.best_criterion > -0.05
    assert result.best_step == max(row["step"] for row in history if row["best"])  # the last gain above min_delta
    with torch.no_grad():
        assert torch.equal(model.weight, result.best_state["weight"])
    assert stopping_record(result)["stopped_by"] == "plateau" and "val_recall_at_10" not in stopping_record(result)


def test_a_run_still_improving_at_the_cap_is_flagged_and_runs_repeat(torch_one_thread):
    _, capped = regression_run(max_steps=30, patience=1000)
    assert capped.stopped_by == "step_cap" and stopping_record(capped)["hit_cap"]
    _, again = regression_run(max_steps=30, patience=1000)
    assert [r["val_criterion"] for r in capped.history] == [r["val_criterion"] for r in again.history]
