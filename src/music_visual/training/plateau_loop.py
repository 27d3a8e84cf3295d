"""Train any model to a validation plateau: a caller's loss per step and a caller's criterion.

:func:`music_visual.training.embedding_trainer.train_embedding_model` is the loop for two-tower retrieval
models (Adam, both modalities' rows, a Recall@K criterion). Classifiers (ACP-Net's correspondence nets and
probes) and models whose loss needs more than the two modalities (S-DCCA's labels, its refitted final CCA)
use this loop instead, with the same recipe: a step budget, an evaluation at step 0 and every ``eval_every``
steps, :class:`~music_visual.training.plateau.PlateauRule` (smoothed criterion, tolerance, patience in
steps, the step cap flagged), the best evaluation's weights kept and loaded at the end, one history row per
evaluation (the training curve) and a :class:`~music_visual.training.embedding_trainer.TrainResult`.

* ``step_terms(progress)`` draws its own mini-batch and returns the loss terms of one step (``"loss"`` is
  minimised, every term is logged as ``train_<name>``); ``progress`` is ``step / max_steps``.
* ``evaluate()`` scores the current model (called in eval mode, without gradients) and returns a dict
  with a finite ``"val_criterion"`` (higher is better) and anything else to log.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import torch
from torch import Tensor, nn

from music_visual.training.embedding_trainer import TrainResult
from music_visual.training.plateau import PlateauRule


def _steps(model: nn.Module, optimizer: torch.optim.Optimizer, step_terms: Callable[[float], dict],
           first_step: int, n: int, max_steps: int) -> dict[str, float]:
    model.train()
    sums: dict[str, Tensor] = {}  # summed on the device: no host sync per step
    for offset in range(n):
        terms = step_terms((first_step + offset) / max(max_steps, 1))
        optimizer.zero_grad(set_to_none=True)
        terms["loss"].backward()
        optimizer.step()
        for name, value in terms.items():
            sums[name] = sums[name] + value.detach() if name in sums else value.detach()
    return {f"train_{name}": float(total) / n for name, total in sums.items()}


def _evaluate(model: nn.Module, evaluate: Callable[[], dict]) -> dict:
    model.eval()
    with torch.no_grad():
        scores = evaluate()
    if "val_criterion" not in scores or scores["val_criterion"] != scores["val_criterion"]:
        raise ValueError(f"the criterion returned no finite 'val_criterion': {scores}")
    return scores


def train_to_plateau(model: nn.Module, step_terms: Callable[[float], dict[str, Tensor]],
                     evaluate: Callable[[], dict], optimizer: torch.optim.Optimizer, rule: PlateauRule,
                     eval_every: int, epoch_of: Callable[[int], float] | None = None) -> TrainResult:
    """Train until ``rule`` stops on the smoothed criterion (or its step cap); the best weights are loaded and
    the model is left in eval mode. ``epoch_of(step)``, when given, adds an ``epoch`` column to the history."""
    result = TrainResult(model=model)
    start, step, n = time.perf_counter(), 0, 0
    while True:
        row: dict = {"step": step, **({"epoch": epoch_of(step)} if epoch_of else {})}
        if n:
            row |= _steps(model, optimizer, step_terms, step - n, n, rule.max_steps)
        row |= _evaluate(model, evaluate)
        stop = rule.update(step, row["val_criterion"])
        row |= {"val_criterion_smoothed": rule.last_smoothed, "best": rule.improved,
                "seconds": time.perf_counter() - start}
        result.history.append(row)
        if rule.improved:
            result.best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
        if stop:
            break
        n = min(eval_every, rule.max_steps - step)
        step += n
    model.load_state_dict(result.best_state)
    model.eval()
    summary = rule.summary()
    result.best_step, result.best_criterion = summary["best_step"], summary["best_criterion"]
    result.stopped_by, result.steps, result.kept_initial = summary["stopped_by"], step, summary["kept_initial"]
    return result


def stopping_record(result: TrainResult) -> dict:
    """The run's stopping record: :meth:`TrainResult.summary` without the recall a non-retrieval loop does not
    track."""
    return {k: v for k, v in result.summary().items() if k != "val_recall_at_10"}
