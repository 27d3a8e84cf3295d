"""Training and embedding helpers shared by every cross-modal embedding model.

* :mod:`~music_visual.training.embedding_trainer`: the training loop (Adam,
  early stopping on validation Recall@10, best checkpoint kept, history rows).
* :mod:`~music_visual.training.objectives`: the two-tower's InfoNCE as a callable the
  loop minimises (a paper's own objective lives in its package).
* :mod:`~music_visual.training.retrieval`: batched embedding and blockwise
  retrieval (true-item ranks and top-K) over large galleries.
"""

from music_visual.training.embedding_trainer import (
    TrainConfig,
    TrainResult,
    epoch_batches,
    train_embedding_model,
    validation_recall,
)
from music_visual.training.objectives import InfoNCEObjective
from music_visual.training.retrieval import (
    blockwise_top_k,
    embed,
    hit_rate_at_k,
    true_item_ranks,
    true_item_tie_counts,
)

__all__ = [
    "InfoNCEObjective", "TrainConfig", "TrainResult", "blockwise_top_k",
    "embed", "epoch_batches", "hit_rate_at_k", "train_embedding_model", "true_item_ranks", "true_item_tie_counts",
    "validation_recall",
]
