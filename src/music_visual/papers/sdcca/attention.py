"""The emotion attention model (Sec. III-A, Eq. 1-7; after Huang, Chou & Yang 2017).

A song is a sequence of sub-chunk vectors (:func:`~music_visual.papers.sdcca.chunks.sub_chunks`).
A bidirectional LSTM reads it; the attention score of sub-chunk ``t`` is Eq. 6::

    u_t = w' tanh(W_f h_t^fwd + W_b h_t^bwd + beta)

(one linear layer on ``[h_t^fwd; h_t^bwd]`` holds ``W_f``, ``W_b`` and ``beta``), the attention
distribution is Eq. 7, ``theta = softmax(u)`` over the song's sub-chunks (padding masked out, so
the weights of a song sum to one), and the song's **emotion feature** is the attention-pooled
context ``sum_t theta_t [h_t^fwd; h_t^bwd]``, from which a linear layer predicts the emotion class.
Variable lengths are packed, so the backward direction starts at each song's own last sub-chunk.

Initialisation is seeded without touching the caller's global RNG (``seed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from music_visual.models.mlp import Dropout


@dataclass(frozen=True)
class AttentionConfig:
    input_dim: int = 128
    hidden: int = 32          # LSTM units per direction
    attention_dim: int = 32   # width of Eq. 6's tanh layer
    n_classes: int = 10
    dropout: float = 0.2      # on the context before the classifier


class AttentionOutput(NamedTuple):
    logits: Tensor    # (B, n_classes)
    weights: Tensor   # (B, T): theta, zero on padding, each row sums to one
    context: Tensor   # (B, 2 * hidden): the emotion feature


class EmotionAttention(nn.Module):
    """``forward(x (B, T, D), lengths (B,)) -> AttentionOutput``."""

    def __init__(self, config: AttentionConfig = AttentionConfig(), seed: int = 0) -> None:
        super().__init__()
        self.config = config
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.lstm = nn.LSTM(config.input_dim, config.hidden, batch_first=True, bidirectional=True)
            self.score_hidden = nn.Linear(2 * config.hidden, config.attention_dim)   # W_f, W_b, beta
            self.score = nn.Linear(config.attention_dim, 1, bias=False)              # w'
            self.classifier = nn.Linear(2 * config.hidden, config.n_classes)
        self.dropout = Dropout(config.dropout)

    def forward(self, x: Tensor, lengths: Tensor) -> AttentionOutput:
        lengths = torch.as_tensor(lengths, dtype=torch.long)
        if x.ndim != 3 or len(lengths) != len(x) or (lengths < 1).any() or (lengths > x.shape[1]).any():
            raise ValueError(f"need x of shape (B, T, D) and 1 <= lengths <= T, got {tuple(x.shape)}")
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        states, _ = pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=x.shape[1])
        scores = self.score(torch.tanh(self.score_hidden(states))).squeeze(-1)
        valid = torch.arange(x.shape[1], device=x.device)[None, :] < lengths.to(x.device)[:, None]
        weights = torch.softmax(scores.masked_fill(~valid, float("-inf")), dim=1)
        context = (weights.unsqueeze(-1) * states).sum(dim=1)
        return AttentionOutput(self.classifier(self.dropout(context)), weights, context)


def pad_sequences(sequences: list) -> tuple[Tensor, Tensor]:
    """Zero-padded ``(B, T_max, D)`` float tensor and the lengths of a list of ``(T_i, D)`` arrays."""
    if not sequences:
        raise ValueError("no sequences to pad")
    lengths = torch.tensor([len(s) for s in sequences], dtype=torch.long)
    out = torch.zeros(len(sequences), int(lengths.max()), sequences[0].shape[1])
    for i, s in enumerate(sequences):
        out[i, : len(s)] = torch.as_tensor(s, dtype=torch.float32)
    return out, lengths
