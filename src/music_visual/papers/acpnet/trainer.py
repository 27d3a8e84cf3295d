"""Training to a validation plateau for ACP-Net's classifiers (correspondence nets, two-tower, probes).

The study's shared loop (:mod:`music_visual.training.embedding_trainer`) scores retrieval; ACP-Net's
networks are classifiers scored by validation **accuracy**, so this loop takes the criterion as a function.
Everything else is the shared machinery: Adam for a budget in optimisation steps, an evaluation every
``eval_every`` steps (and at step 0), :class:`~music_visual.training.plateau.PlateauRule` (trailing mean over
``smoothing`` evaluations, stop after ``patience_steps`` without a gain above ``min_delta``, the step cap
flagged as ``step_cap``), the best evaluation's weights kept (``kept_initial`` when that is the untrained
network), one history row per evaluation (the training curve), seeds from the config.

Batches:

* :class:`PairBatches` -- correspondence pairs, drawn afresh every epoch (:class:`~.pairs.EpochPairs`) and
  cut into mini-batches in order (the draws are already random);
* :class:`TruePairBatches` -- only the true pairs of those draws (the two-tower's InfoNCE positives);
* :class:`ItemBatches` -- shuffled items (the probes), via the shared :func:`~music_visual.training.embedding_trainer.batch_stream`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from music_visual.device import get_device
from music_visual.papers.acpnet.pairs import EpochPairs
from music_visual.seeding import seed_everything, torch_generator
from music_visual.training import plateau_loop
from music_visual.training.embedding_trainer import TrainResult, batch_stream
from music_visual.training.plateau import PlateauRule


@dataclass(frozen=True)
class LoopConfig:
    learning_rate: float = 1e-4     # the paper's Adam learning rate
    max_steps: int = 3000           # the step cap
    eval_every: int = 50
    patience_steps: int = 500
    min_delta: float = 0.0
    smoothing: int = 3
    seed: int = 0
    weight_decay: float = 0.0
    device: str = "auto"
    deterministic: bool = True

    def rule(self) -> PlateauRule:
        return PlateauRule(self.max_steps, self.patience_steps, self.min_delta, self.smoothing)


LossFn = Callable[[nn.Module, float], dict[str, Tensor]]
EvalFn = Callable[[nn.Module], dict[str, float]]


def train_to_plateau(model: nn.Module, loss_fn: LossFn, evaluate: EvalFn, config: LoopConfig) -> TrainResult:
    """Minimise ``loss_fn(model, progress)["loss"]`` with Adam until ``evaluate(model)["val_criterion"]`` plateaus
    (:func:`music_visual.training.plateau_loop.train_to_plateau`).

    ``loss_fn`` draws its own batch; ``evaluate`` runs in eval mode under ``no_grad``. The model ends with its
    best weights loaded.
    """
    seed_everything(config.seed, deterministic=config.deterministic)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay)
    return plateau_loop.train_to_plateau(model, lambda progress: loss_fn(model, progress), lambda: evaluate(model),
                                         optimizer, config.rule(), config.eval_every)


class PairBatches:
    """Endless mini-batches ``(image rows, music rows, labels)`` of pairs drawn afresh every epoch."""

    def __init__(self, pairs: EpochPairs, batch_size: int, device, true_only: bool = False):
        self.pairs, self.device, self.true_only = pairs, device, true_only
        self.batch_size = max(1, int(batch_size))
        self.epoch = 0
        self._iter = self._stream()

    def _stream(self) -> Iterator[tuple[Tensor, Tensor, Tensor]]:
        while True:
            table = self.pairs.epoch(self.epoch)
            self.epoch += 1
            if self.true_only:
                table = table[table["label"] == 1]
            n = len(table)
            if n == 0:
                raise ValueError("no pairs to train on (no true pairs for the two-tower?)")
            size = min(self.batch_size, n)
            arrays = [torch.as_tensor(np.array(table[c].to_numpy()), dtype=torch.long, device=self.device)
                      for c in ("image", "music", "label")]
            for s in range(0, n - size + 1, size):
                yield tuple(a[s:s + size] for a in arrays)

    def __next__(self):
        return next(self._iter)


class ItemBatches:
    """Endless shuffled mini-batches of item rows (one shuffled epoch after another)."""

    def __init__(self, n: int, batch_size: int, seed: int, device):
        self.device = device
        self._iter = batch_stream(n, max(2, min(int(batch_size), n)), torch_generator(seed))

    def __next__(self) -> Tensor:
        return next(self._iter).to(self.device)


def pair_loss(images: Tensor, music: Tensor, batches: PairBatches) -> LossFn:
    """Softmax cross-entropy of the (false, true) logits on the next batch of pairs."""
    def loss(model: nn.Module, progress: float) -> dict[str, Tensor]:
        i, m, y = next(batches)
        logits = model(images[i], music[m])
        return {"loss": F.cross_entropy(logits, y), "accuracy": (logits.argmax(1) == y).float().mean()}
    return loss


def info_nce_loss(images: Tensor, music: Tensor, batches: PairBatches) -> LossFn:
    """The shared symmetric InfoNCE on the next batch of true pairs (:class:`~music_visual.training.InfoNCEObjective`)."""
    from music_visual.training.objectives import InfoNCEObjective

    objective = InfoNCEObjective()

    def loss(model: nn.Module, progress: float) -> dict[str, Tensor]:
        i, m, _ = next(batches)
        return objective(model, images[i], music[m], progress)
    return loss


def item_loss(inputs: Tensor, labels: Tensor, batches: ItemBatches) -> LossFn:
    def loss(model: nn.Module, progress: float) -> dict[str, Tensor]:
        rows = next(batches)
        logits = model(inputs[rows])
        return {"loss": F.cross_entropy(logits, labels[rows]),
                "accuracy": (logits.argmax(1) == labels[rows]).float().mean()}
    return loss


@torch.no_grad()
def embed_rows(encoder: nn.Module, inputs: Tensor, batch_size: int = 2048) -> Tensor:
    """``encoder`` over ``inputs`` in eval mode, in batches (the caller's mode is restored)."""
    was = encoder.training
    encoder.eval()
    try:
        out = [encoder(inputs[s:s + batch_size]) for s in range(0, len(inputs), batch_size)]
    finally:
        encoder.train(was)
    return torch.cat(out) if out else torch.empty(0, device=inputs.device)


@torch.no_grad()
def pair_probabilities(model: nn.Module, images: Tensor, music: Tensor, image_rows: Tensor, music_rows: Tensor,
                       batch_size: int = 8192) -> np.ndarray:
    """P(true) of each pair: each item embedded once, then the fusion head over the pairs."""
    e_img, e_mus = embed_rows(model.image, images), embed_rows(model.music, music)
    out = []
    for s in range(0, len(image_rows), batch_size):
        logits = model.fuse(e_img[image_rows[s:s + batch_size]], e_mus[music_rows[s:s + batch_size]])
        out.append(torch.softmax(logits, dim=1)[:, 1])
    return torch.cat(out).cpu().numpy().astype(np.float64)


@torch.no_grad()
def pair_cosines(model: nn.Module, images: Tensor, music: Tensor, image_rows: Tensor, music_rows: Tensor) -> np.ndarray:
    """Cosine similarity of each pair's two embeddings (the two-tower's score)."""
    e_img = F.normalize(embed_rows(model.image, images), dim=1)
    e_mus = F.normalize(embed_rows(model.music, music), dim=1)
    return (e_img[image_rows] * e_mus[music_rows]).sum(dim=1).cpu().numpy().astype(np.float64)


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold ``t`` maximising the accuracy of ``score > t`` (the smallest on ties), and that accuracy.

    >>> best_threshold(np.array([0.0, 1.0, 2.0, 3.0]), np.array([0, 0, 1, 1]))
    (1.5, 1.0)
    """
    scores, labels = np.asarray(scores, float), np.asarray(labels).astype(int)
    if scores.shape != labels.shape or not len(scores):
        raise ValueError("scores and labels must be non-empty and of one shape")
    values = np.unique(scores)
    candidates = np.concatenate([[values[0] - 1.0], (values[:-1] + values[1:]) / 2, [values[-1] + 1.0]])
    # accuracy(t) = #(label 1 and score > t) + #(label 0 and score <= t)
    pos_scores, neg_scores = np.sort(scores[labels == 1]), np.sort(scores[labels == 0])
    above_pos = len(pos_scores) - np.searchsorted(pos_scores, candidates, side="right")
    below_neg = np.searchsorted(neg_scores, candidates, side="right")
    accuracy = (above_pos + below_neg) / len(scores)
    best = int(np.argmax(accuracy))
    return float(candidates[best]), float(accuracy[best])


def device_of(name: str) -> torch.device:
    return get_device(name)
