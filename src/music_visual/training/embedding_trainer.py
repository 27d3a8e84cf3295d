"""One training loop for every cross-modal embedding model of the study.

``train_embedding_model`` trains a model with ``model(video, music) ->
(video_embedding, music_embedding)`` and ``model.video`` / ``model.music``
encoders (VM-NET, its variants, the two-tower baseline) on mini-batches of
aligned pairs with Adam (lr 3e-4, the paper's), validates after every epoch with
Recall@K (default K = 10, the mean of both directions, computed blockwise on
the whole validation set), keeps the best weights and stops early after
``patience`` epochs without improvement. Validation also runs once before
training (epoch 0), so the kept model is never worse than the initial one on
that score.

Reproducibility: the caller builds the model (pass a seeded generator for its
initialisation); the loop calls :func:`music_visual.seeding.seed_everything`
with ``config.seed`` (dropout draws from torch's global RNG) and shuffles with
its own seeded generator, so two runs with the same seed on CPU are
bit-identical. The device is ``music_visual.device.get_device(config.device)``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import Tensor, nn
from tqdm import tqdm  # plain text bars: no ipywidgets in the study environment

from music_visual.device import get_device
from music_visual.seeding import seed_everything, torch_generator
from music_visual.training.retrieval import embed, hit_rate_at_k, true_item_ranks

Objective = Callable[[nn.Module, Tensor, Tensor, float], dict[str, Tensor]]


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings; the defaults are the paper's where it gives them."""

    batch_size: int = 2000        # the paper (Sec. IV-B); the released train.py used 1000
    learning_rate: float = 3e-4   # Adam
    max_epochs: int = 50
    patience: int = 5             # stop after this many epochs in a row without a better validation Recall@K
    recall_k: int = 10
    seed: int = 0
    embed_batch_size: int = 4096
    device: str = "auto"          # "auto", "cpu" or "cuda"
    deterministic: bool = True    # torch.use_deterministic_algorithms (matters on CUDA)
    progress_bar: bool = True


@dataclass
class TrainResult:
    """The model with its best weights loaded, the per-epoch history and the best checkpoint."""

    model: nn.Module
    history: list[dict] = field(default_factory=list)
    best_epoch: int = 0
    best_validation_recall: float = float("-inf")
    best_state: dict[str, Tensor] = field(default_factory=dict)


def validation_recall(model: nn.Module, video: Tensor, music: Tensor, k: int = 10,
                      batch_size: int = 4096) -> dict[str, float]:
    """Recall@k (hit rate) in both directions over a validation set of aligned pairs."""
    video_embedding = embed(model.video, video, batch_size)
    music_embedding = embed(model.music, music, batch_size)
    v2m = hit_rate_at_k(true_item_ranks(video_embedding, music_embedding), k)
    m2v = hit_rate_at_k(true_item_ranks(music_embedding, video_embedding), k)
    return {f"val_video_to_music_recall_at_{k}": v2m, f"val_music_to_video_recall_at_{k}": m2v,
            f"val_recall_at_{k}": (v2m + m2v) / 2}


def steps_per_epoch(n: int, batch_size: int) -> int:
    """Number of mini-batches :func:`epoch_batches` yields for ``n`` pairs."""
    return max(1, n // batch_size)


def epoch_batches(n: int, batch_size: int, generator: torch.Generator) -> list[Tensor]:
    """Shuffled index batches; a last short batch is dropped unless it is the only one."""
    order = torch.randperm(n, generator=generator)
    return list(torch.split(order, batch_size))[: steps_per_epoch(n, batch_size)]


def run_epoch(model: nn.Module, objective: Objective, optimizer: torch.optim.Optimizer,
              video: Tensor, music: Tensor, batches: list[Tensor], first_step: int,
              total_steps: int) -> dict[str, float]:
    """One pass over ``batches``; returns the mean of each logged term, prefixed ``train_``."""
    model.train()
    sums: dict[str, Tensor] = {}  # summed on the device: no host sync per step
    for offset, index in enumerate(batches):
        index = index.to(video.device)
        terms = objective(model, video[index], music[index], (first_step + offset) / max(total_steps, 1))
        optimizer.zero_grad(set_to_none=True)
        terms["loss"].backward()
        optimizer.step()
        for name, value in terms.items():
            sums[name] = sums[name] + value.detach() if name in sums else value.detach()
    return {f"train_{name}": float(total) / len(batches) for name, total in sums.items()}


def _as_tensor(features: Tensor | np.ndarray, device: torch.device) -> Tensor:
    return torch.as_tensor(features, dtype=torch.float32).to(device)


def train_embedding_model(model: nn.Module, objective: Objective,
                          train_video: Tensor | np.ndarray, train_music: Tensor | np.ndarray,
                          val_video: Tensor | np.ndarray, val_music: Tensor | np.ndarray,
                          config: TrainConfig = TrainConfig()) -> TrainResult:
    """Train ``model`` with ``objective``; early stopping on validation Recall@``config.recall_k``.

    Returns a :class:`TrainResult`; ``pandas.DataFrame(result.history)`` gives one row
    per epoch (epoch 0 = before training) with the mean training terms, the
    validation recalls, ``best`` and the elapsed ``seconds``.
    """
    if len(train_video) != len(train_music) or len(val_video) != len(val_music):
        raise ValueError("video and music features must be aligned pairs (same number of rows)")
    seed_everything(config.seed, deterministic=config.deterministic)
    device = get_device(config.device)
    model.to(device)
    tv, tm = _as_tensor(train_video, device), _as_tensor(train_music, device)
    vv, vm = _as_tensor(val_video, device), _as_tensor(val_music, device)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.learning_rate)
    shuffler = torch_generator(config.seed)
    total_steps = steps_per_epoch(len(tv), config.batch_size) * config.max_epochs
    result = TrainResult(model=model)
    score_key = f"val_recall_at_{config.recall_k}"
    start, stale, step = time.perf_counter(), 0, 0
    bar = tqdm(range(config.max_epochs + 1), desc="train", disable=not config.progress_bar)
    for epoch in bar:
        row: dict = {"epoch": epoch}
        if epoch > 0:
            batches = epoch_batches(len(tv), config.batch_size, shuffler)
            row |= run_epoch(model, objective, optimizer, tv, tm, batches, step, total_steps)
            step += len(batches)
        row["step"] = step
        row |= validation_recall(model, vv, vm, config.recall_k, config.embed_batch_size)
        row["best"] = row[score_key] > result.best_validation_recall
        row["seconds"] = time.perf_counter() - start
        result.history.append(row)
        stale = _update_best(result, model, row, score_key, stale)
        bar.set_postfix(loss=row.get("train_loss", float("nan")), **{score_key: row[score_key]})
        if stale >= config.patience:
            break
    bar.close()
    model.load_state_dict(result.best_state)
    return result


def _update_best(result: TrainResult, model: nn.Module, row: dict, score_key: str, stale: int) -> int:
    """Keep a CPU copy of the weights when ``row`` is the best so far; return the new stale count."""
    if not row["best"]:
        return stale + 1
    result.best_epoch = row["epoch"]
    result.best_validation_recall = row[score_key]
    result.best_state = {name: value.detach().cpu().clone() for name, value in model.state_dict().items()}
    return 0
