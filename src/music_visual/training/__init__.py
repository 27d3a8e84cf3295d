"""Training and embedding helpers shared by every cross-modal embedding model.

* :mod:`~music_visual.training.embedding_trainer`: the training loop (Adam, a step budget,
  validation every N steps, best checkpoint kept, the training curve).
* :mod:`~music_visual.training.plateau`: the stopping rule (smoothed criterion, tolerance,
  patience in steps, the step cap flagged).
* :mod:`~music_visual.training.batch_norm`: running statistics recalibrated on the training set.
* :mod:`~music_visual.training.tuning`: the same small validation grid for every learned method.
* :mod:`~music_visual.training.learning_curve`: nested training subsets (1/8 ... all).
* :mod:`~music_visual.training.objectives`: the two-tower's InfoNCE as a callable the
  loop minimises (a paper's own objective lives in its package).
* :mod:`~music_visual.training.retrieval`: batched embedding and blockwise
  retrieval (true-item ranks and top-K) over large galleries.
"""

from music_visual.training.embedding_trainer import (
    TrainConfig,
    TrainResult,
    epoch_batches,
    recall_area,
    train_embedding_model,
    validation_recall,
    validation_scores,
)
from music_visual.training.plateau import PlateauRule
from music_visual.training.objectives import InfoNCEObjective
from music_visual.training.retrieval import (
    blockwise_top_k,
    embed,
    hit_rate_at_k,
    true_item_ranks,
    true_item_tie_counts,
)

__all__ = [
    "InfoNCEObjective", "PlateauRule", "TrainConfig", "recall_area", "validation_scores", "TrainResult", "blockwise_top_k",
    "embed", "epoch_batches", "hit_rate_at_k", "train_embedding_model", "true_item_ranks", "true_item_tie_counts",
    "validation_recall",
]
