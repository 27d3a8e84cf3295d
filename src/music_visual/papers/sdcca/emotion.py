"""Training the emotion attention model on the emotion songs, and scoring the retrieval songs with it.

The paper pre-trains its emotion model on MER31K with AllMusic's mood tags; ours trains on the
corpus's own labelled songs outside the retrieval set (:func:`~music_visual.papers.sdcca.data.emotion_songs`),
with the corpus's ``emotion10`` labels (S-DCCA's ten categories) as targets:

* per-second frames are standardised with the training emotion songs' statistics
  (:func:`frame_scaler`), cut into sub-chunks and max-pooled (:func:`~.chunks.sub_chunks`);
* cross-entropy, Adam, mini-batches of songs, the study's plateau rule on the validation
  songs' **accuracy** (:func:`~music_visual.papers.sdcca.trainer.train_to_plateau`; the mean
  validation cross-entropy is logged beside it);
* :func:`score_songs` gives every song's attention weights (one per sub-chunk, summing to one),
  its emotion feature (the attention-pooled context) and its class probabilities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from music_visual.corpus.labels import EMOTION10
from music_visual.papers.sdcca.attention import AttentionConfig, EmotionAttention, pad_sequences
from music_visual.papers.sdcca.chunks import sub_chunks
from music_visual.features.scaling import Standardiser
from music_visual.papers.sdcca.trainer import LoopSettings, train_to_plateau


def label_indices(labels) -> np.ndarray:
    """Index of each label in :data:`~music_visual.corpus.labels.EMOTION10` (an unknown label is an error)."""
    lookup = {name: i for i, name in enumerate(EMOTION10)}
    unknown = sorted({str(v) for v in labels} - set(lookup))
    if unknown:
        raise ValueError(f"labels outside S-DCCA's ten emotion categories: {unknown}")
    return np.array([lookup[str(v)] for v in labels], dtype=np.int64)


def frame_scaler(frames: list[np.ndarray]) -> Standardiser:
    """Per-dimension standardisation fitted on the per-second frames of ``frames`` (the training songs)."""
    return Standardiser.fit(np.concatenate(frames))


def song_sequences(frames: list[np.ndarray], scaler: Standardiser, chunk_seconds: int) -> list[np.ndarray]:
    """Each song as its sequence of max-pooled sub-chunks of standardised frames."""
    return [sub_chunks(scaler(f), chunk_seconds) for f in frames]


@dataclass
class SongBatch:
    x: Tensor
    lengths: Tensor
    labels: Tensor

    @classmethod
    def of(cls, sequences: list[np.ndarray], labels) -> "SongBatch":
        x, lengths = pad_sequences(sequences)
        return cls(x, lengths, torch.as_tensor(label_indices(labels)))


def _criterion(model: EmotionAttention, val: SongBatch):
    def score() -> dict:
        logits = model(val.x, val.lengths).logits
        return {"val_criterion": float((logits.argmax(dim=1) == val.labels).float().mean()),
                "val_cross_entropy": float(F.cross_entropy(logits, val.labels))}
    return score


def train_emotion_model(config: AttentionConfig, train: SongBatch, val: SongBatch, loop: LoopSettings,
                        learning_rate: float):
    """The trained model (best validation accuracy) and its :class:`~music_visual.training.TrainResult`."""
    model = EmotionAttention(config, seed=loop.seed)

    def batch_terms(index: Tensor) -> dict:
        out = model(train.x[index], train.lengths[index])
        loss = F.cross_entropy(out.logits, train.labels[index])
        return {"loss": loss, "accuracy": (out.logits.argmax(dim=1) == train.labels[index]).float().mean()}

    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    result = train_to_plateau(model, batch_terms, len(train.x), _criterion(model, val), optimizer, loop)
    return model, result


@torch.no_grad()
def score_songs(model: EmotionAttention, sequences: list[np.ndarray], batch_size: int = 512):
    """``(weights, context, probabilities)``: per song its attention weights (length n_sub), features, classes."""
    model.eval()
    weights, contexts, probs = [], [], []
    for start in range(0, len(sequences), batch_size):
        part = sequences[start:start + batch_size]
        x, lengths = pad_sequences(part)
        out = model(x, lengths)
        weights += [w[:n].numpy().astype(np.float64) for w, n in zip(out.weights, lengths)]
        contexts.append(out.context.numpy())
        probs.append(torch.softmax(out.logits, dim=1).numpy())
    return weights, np.concatenate(contexts).astype(np.float64), np.concatenate(probs).astype(np.float64)


def emotion_batches(emotion_songs, frames: list[np.ndarray], scaler: Standardiser, chunk_seconds: int) -> dict:
    """``{"train": SongBatch, "val": SongBatch}`` of the emotion songs (rows aligned with ``frames``)."""
    sequences = song_sequences(frames, scaler, chunk_seconds)
    out = {}
    for split in ("train", "val"):
        rows = np.flatnonzero(emotion_songs["split"].to_numpy() == split)
        out[split] = SongBatch.of([sequences[i] for i in rows], emotion_songs["emotion10"].to_numpy()[rows])
    return out
