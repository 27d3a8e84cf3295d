"""S-DCCA's training loop: any optimiser, batches of row indices, any validation criterion, to a plateau
(:func:`music_visual.training.plateau_loop.train_to_plateau` with seeded shuffled row batches).

The shared loop (:func:`music_visual.training.train_embedding_model`) is built for two-tower
retrieval models: Adam, an objective called with the two modalities' rows only, and a
true-pair Recall@K criterion. S-DCCA needs three things it does not offer: RMSprop (the paper's
optimiser), the batch's *class labels* inside the loss (the supervised cross-covariance), and a
criterion that refits the final linear CCA and scores class-relevance MAP. This loop keeps
everything else of the study's recipe, from the shared layers: the step budget and the
:class:`~music_visual.training.PlateauRule` (smoothed criterion, tolerance, patience in steps,
the step cap flagged), :func:`~music_visual.training.embedding_trainer.batch_stream` (seeded
shuffled epochs), the evaluation before any step (step 0), the best weights kept, the history
(one row per evaluation) and :class:`~music_visual.training.TrainResult`.

* ``batch_terms(index)`` returns the loss terms of one mini-batch of row indices (a dict
  whose ``"loss"`` is minimised; the others are logged as ``train_<name>``);
* ``criterion()`` scores the current model (called in eval mode, without gradients) and
  returns a dict with ``"val_criterion"`` (higher is better) and anything else to log.

Same seed, same data, same device -> the same run (``seed_everything`` and a seeded batch order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from music_visual.seeding import seed_everything, torch_generator
from music_visual.training import PlateauRule, TrainResult, plateau_loop
from music_visual.training.embedding_trainer import batch_stream, steps_per_epoch
from music_visual.training.plateau_loop import stopping_record  # noqa: F401  (re-exported for the runs)


@dataclass(frozen=True)
class LoopSettings:
    batch_size: int
    max_steps: int
    eval_every: int
    patience_steps: int
    min_delta: float
    smoothing: int
    seed: int

    def rule(self) -> PlateauRule:
        return PlateauRule(self.max_steps, self.patience_steps, self.min_delta, self.smoothing)


def train_to_plateau(model: nn.Module, batch_terms: Callable[[Tensor], dict], n_rows: int,
                     criterion: Callable[[], dict], optimizer: torch.optim.Optimizer,
                     loop: LoopSettings) -> TrainResult:
    """Train until the smoothed ``criterion`` plateaus (or ``max_steps``); the best weights are loaded."""
    if n_rows < 2:
        raise ValueError(f"need at least 2 training rows, got {n_rows}")
    seed_everything(loop.seed)
    batch_size = max(2, min(loop.batch_size, n_rows))
    batches = batch_stream(n_rows, batch_size, torch_generator(loop.seed))
    per_epoch = steps_per_epoch(n_rows, batch_size)
    return plateau_loop.train_to_plateau(model, lambda progress: batch_terms(next(batches)), criterion, optimizer,
                                         loop.rule(), loop.eval_every, lambda step: step / per_epoch)
