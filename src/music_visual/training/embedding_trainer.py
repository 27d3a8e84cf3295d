"""One training loop for every cross-modal embedding model of the study.

``train_embedding_model`` trains a model with ``model(video, music) ->
(video_embedding, music_embedding)`` and ``model.video`` / ``model.music``
encoders (VM-NET, its variants, the two-tower baseline; later ACP-Net's, S-DCCA's and
Image2song's networks) on mini-batches of aligned pairs with Adam, for a budget in
**optimisation steps**:

* every ``eval_every`` steps (and once before training, step 0) the batch-norm running
  statistics are recalibrated on the whole training set (:mod:`~music_visual.training.batch_norm`)
  and the model is scored on the validation pairs: the **criterion** is the mean Recall@K over
  K = 1..``criterion_k`` in both directions (the area under the Recall@K curve up to
  ``criterion_k``: every rank near the top counts, not only whether it falls inside 10, which
  makes it far less noisy than Recall@10 on ~200 validation pairs); Recall@``recall_k`` is
  logged beside it;
* :class:`~music_visual.training.plateau.PlateauRule` smooths the criterion over the last
  ``smoothing`` evaluations and stops after ``patience_steps`` steps without a gain above
  ``min_delta``, or at ``max_steps`` (then ``stopped_by == "step_cap"``: the run was still
  improving, and the report says so);
* the weights of the best evaluation are kept; if that is the untrained network (step 0),
  ``kept_initial`` records it.

The history (one row per evaluation: step, epoch, mean training terms since the previous
evaluation, the criterion raw and smoothed, validation recalls, elapsed seconds) is the
training curve every report plots.

Reproducibility: the caller builds the model (pass a seeded generator for its
initialisation); the loop calls :func:`music_visual.seeding.seed_everything`
with ``config.seed`` (dropout draws from torch's global RNG) and shuffles with
its own seeded generator, so two runs with the same seed on CPU are
bit-identical. The device is ``music_visual.device.get_device(config.device)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import Tensor, nn
from tqdm import tqdm  # plain text bars: no ipywidgets in the study environment

from music_visual.device import get_device
from music_visual.metrics import first_relevant_rank
from music_visual.seeding import seed_everything, torch_generator
from music_visual.training.batch_norm import recalibrate_batch_norm
from music_visual.training.plateau import PlateauRule
from music_visual.training.retrieval import embed, true_item_ranks

Objective = Callable[[nn.Module, Tensor, Tensor, float], dict[str, Tensor]]


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings and the stopping rule (every paper passes its own from params.yaml)."""

    batch_size: int = 512
    learning_rate: float = 1e-3     # Adam
    weight_decay: float = 0.0       # Adam's L2 term
    max_steps: int = 3000           # the step cap
    eval_every: int = 25            # steps between validation evaluations
    patience_steps: int = 500       # stop after this many steps without a smoothed gain above min_delta
    min_delta: float = 0.002        # the tolerance of the plateau rule (criterion units: fractions)
    smoothing: int = 3              # trailing mean over this many evaluations
    criterion_k: int = 20           # criterion: mean Recall@1..criterion_k, both directions
    recall_k: int = 10              # logged beside the criterion
    recalibrate_batch_norm: bool = True
    seed: int = 0
    embed_batch_size: int = 4096
    device: str = "auto"            # "auto", "cpu" or "cuda"
    deterministic: bool = True      # torch.use_deterministic_algorithms (matters on CUDA)
    progress_bar: bool = True

    def rule(self) -> PlateauRule:
        return PlateauRule(self.max_steps, self.patience_steps, self.min_delta, self.smoothing)


@dataclass
class TrainResult:
    """The model with its best weights loaded, the training curve and how the run ended."""

    model: nn.Module
    history: list[dict] = field(default_factory=list)
    best_step: int = 0
    best_criterion: float = float("-inf")
    best_validation_recall: float = float("nan")   # Recall@recall_k at the best step
    stopped_by: str = ""                           # "plateau" or "step_cap"
    steps: int = 0                                 # optimisation steps taken
    kept_initial: bool = False                     # the untrained weights stayed the best
    best_state: dict[str, Tensor] = field(default_factory=dict)

    def summary(self) -> dict:
        """The run's stopping record (one row of the report's stopping table)."""
        return {"best_step": self.best_step, "steps": self.steps, "stopped_by": self.stopped_by,
                "hit_cap": self.stopped_by == "step_cap", "kept_initial": self.kept_initial,
                "val_criterion": self.best_criterion, "val_recall_at_10": self.best_validation_recall}


def recall_area(ranks: Tensor, max_k: int) -> float:
    """Mean of Recall@K over K = 1..max_k: per query ``max(0, max_k + 1 - rank) / max_k``.

    >>> recall_area(torch.tensor([1, 3, 30]), 10)  # (10/10 + 8/10 + 0) / 3
    0.6
    """
    return float(((max_k + 1 - ranks.float()).clamp_min(0) / max_k).mean())


def similarity_criterion(similarity: np.ndarray, max_k: int = 20) -> float:
    """The loop's validation criterion from an aligned query x gallery similarity matrix.

    For models scored by a similarity matrix (CCA, PLS): row ``i``'s true item is column ``i``;
    ranks are pessimistic on ties (:func:`music_visual.metrics.first_relevant_rank`), as
    :func:`~music_visual.training.retrieval.true_item_ranks` ranks the networks' embeddings;
    the criterion is the mean of :func:`recall_area` over both directions.
    """
    s = np.asarray(similarity, dtype=np.float64)
    k = min(max_k, len(s))
    return (_directional_area(s, k) + _directional_area(s.T, k)) / 2


def _directional_area(similarity: np.ndarray, k: int) -> float:
    return recall_area(torch.as_tensor(first_relevant_rank(similarity, ties="pessimistic")), k)


def validation_scores(model: nn.Module, video: Tensor, music: Tensor, recall_k: int = 10, criterion_k: int = 20,
                      batch_size: int = 4096) -> dict[str, float]:
    """The criterion and Recall@``recall_k`` in both directions over aligned validation pairs."""
    video_embedding = embed(model.video, video, batch_size)
    music_embedding = embed(model.music, music, batch_size)
    v2m_ranks = true_item_ranks(video_embedding, music_embedding)
    m2v_ranks = true_item_ranks(music_embedding, video_embedding)
    k = min(criterion_k, len(video))
    v2m, m2v = float((v2m_ranks <= recall_k).float().mean()), float((m2v_ranks <= recall_k).float().mean())
    return {"val_criterion": (recall_area(v2m_ranks, k) + recall_area(m2v_ranks, k)) / 2,
            f"val_video_to_music_recall_at_{recall_k}": v2m, f"val_music_to_video_recall_at_{recall_k}": m2v,
            f"val_recall_at_{recall_k}": (v2m + m2v) / 2}


def validation_recall(model: nn.Module, video: Tensor, music: Tensor, k: int = 10,
                      batch_size: int = 4096) -> dict[str, float]:
    """Recall@k (hit rate) in both directions over a validation set of aligned pairs."""
    scores = validation_scores(model, video, music, k, k, batch_size)
    return {key: value for key, value in scores.items() if key != "val_criterion"}


def steps_per_epoch(n: int, batch_size: int) -> int:
    """Number of mini-batches :func:`epoch_batches` yields for ``n`` pairs."""
    return max(1, n // batch_size)


def epoch_batches(n: int, batch_size: int, generator: torch.Generator) -> list[Tensor]:
    """Shuffled index batches; a last short batch is dropped unless it is the only one."""
    order = torch.randperm(n, generator=generator)
    return list(torch.split(order, batch_size))[: steps_per_epoch(n, batch_size)]


def batch_stream(n: int, batch_size: int, generator: torch.Generator) -> Iterator[Tensor]:
    """Endless mini-batches: one shuffled epoch after another (:func:`epoch_batches`)."""
    while True:
        yield from epoch_batches(n, batch_size, generator)


def run_steps(model: nn.Module, objective: Objective, optimizer: torch.optim.Optimizer, video: Tensor,
              music: Tensor, batches: Iterator[Tensor], first_step: int, n_steps: int,
              total_steps: int) -> dict[str, float]:
    """``n_steps`` optimisation steps; returns the mean of each logged term, prefixed ``train_``."""
    model.train()
    sums: dict[str, Tensor] = {}  # summed on the device: no host sync per step
    for offset in range(n_steps):
        index = next(batches).to(video.device)
        terms = objective(model, video[index], music[index], (first_step + offset) / max(total_steps, 1))
        optimizer.zero_grad(set_to_none=True)
        terms["loss"].backward()
        optimizer.step()
        for name, value in terms.items():
            sums[name] = sums[name] + value.detach() if name in sums else value.detach()
    return {f"train_{name}": float(total) / max(n_steps, 1) for name, total in sums.items()}


def _as_tensor(features: Tensor | np.ndarray, device: torch.device) -> Tensor:
    return torch.as_tensor(features, dtype=torch.float32).to(device)


def train_embedding_model(model: nn.Module, objective: Objective,
                          train_video: Tensor | np.ndarray, train_music: Tensor | np.ndarray,
                          val_video: Tensor | np.ndarray, val_music: Tensor | np.ndarray,
                          config: TrainConfig = TrainConfig()) -> TrainResult:
    """Train ``model`` with ``objective`` until the validation criterion plateaus (or the step cap).

    Returns a :class:`TrainResult`; ``pandas.DataFrame(result.history)`` is the training curve.
    """
    if len(train_video) != len(train_music) or len(val_video) != len(val_music):
        raise ValueError("video and music features must be aligned pairs (same number of rows)")
    seed_everything(config.seed, deterministic=config.deterministic)
    device = get_device(config.device)
    model.to(device)
    tv, tm = _as_tensor(train_video, device), _as_tensor(train_music, device)
    vv, vm = _as_tensor(val_video, device), _as_tensor(val_music, device)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay,
                                 fused=True)  # one kernel for all parameters: a third of the per-step optimiser cost
    batch_size = max(2, min(config.batch_size, len(tv)))
    batches = batch_stream(len(tv), batch_size, torch_generator(config.seed))
    per_epoch = steps_per_epoch(len(tv), batch_size)
    rule, result = config.rule(), TrainResult(model=model)
    start, step, n = time.perf_counter(), 0, 0
    bar = tqdm(total=config.max_steps, desc="train", disable=not config.progress_bar)
    while True:
        row: dict = {"step": step, "epoch": step / per_epoch}
        if n:
            row |= run_steps(model, objective, optimizer, tv, tm, batches, step - n, n, config.max_steps)
        if config.recalibrate_batch_norm:
            recalibrate_batch_norm(model, tv, tm)
        row |= validation_scores(model, vv, vm, config.recall_k, config.criterion_k, config.embed_batch_size)
        stop = rule.update(step, row["val_criterion"])
        row |= {"val_criterion_smoothed": rule.last_smoothed, "best": rule.improved,
                "seconds": time.perf_counter() - start}
        result.history.append(row)
        if rule.improved:
            result.best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
            result.best_validation_recall = row[f"val_recall_at_{config.recall_k}"]
        bar.set_postfix(loss=row.get("train_loss", float("nan")), criterion=row["val_criterion"])
        if stop:
            break
        n = min(config.eval_every, config.max_steps - step)
        step += n
        bar.update(n)
    bar.close()
    model.load_state_dict(result.best_state)
    summary = rule.summary()
    result.best_step, result.best_criterion = summary["best_step"], summary["best_criterion"]
    result.stopped_by, result.steps, result.kept_initial = summary["stopped_by"], step, summary["kept_initial"]
    return result
