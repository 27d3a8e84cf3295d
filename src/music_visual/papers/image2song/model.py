"""Image2song's models: a lyric maps into the image-tag space; retrieval ranks by cosine there.

* :class:`LyricLSTM` -- frozen word vectors (GloVe 6B 50-d for the paper's word2vec), a bidirectional LSTM
  over padded batches in which no padding reaches a valid step (the equal of packed sequences).
* :class:`TagAttention` -- Eq. 8-9: a weight per lyric position from the image's attention vector ``q``
  (its top-K tag word vectors pooled): ``s_t = softmax_t(k_t^T W q)`` over the valid positions, with key
  ``k_t = [x_t ; h_t]`` (the word vector and the LSTM output). The equations themselves did not survive in
  our copy of the paper; we follow its description and the cited attentive LSTM (Tan et al.): weights from
  the LSTM outputs and the attention vector, a softmax over time, the outputs rescaled (Eq. 10). We choose a
  bilinear score whose word block starts as the identity, so that at initialisation a lyric word equal to
  the image's tags draws the most weight (GloVe similarity as the prior) and training adapts it.
* :class:`FinalRecurrence` -- the paper keeps the *final* output, not a pooled one: the rescaled outputs
  ``s_t T h_t`` "flow through the entire lyric" into the final state. We make that last layer a diagonal
  linear recurrence ``z_t = lambda * z_{t-1} + s_t T W h_t`` (learned decay per channel), so its final state
  ``z_T = sum_t s_t T lambda^(T-1-t) W h_t`` can be computed for every (image, song) pair of a gallery at
  the cost of a weighted sum: a nonlinear recurrence would cost one LSTM pass per pair (a million per
  evaluation). Without attention (``s_t T = 1``) the same layer gives the "Our" model, so the two differ
  only by the attention.
* :class:`TagHead` -- the MLP into the tag space (Fig. 5), with :meth:`TagHead.pair_cosine`, the exact
  cosine of every (image, song) pair's output without materialising the (pairs x tags) outputs.
* :class:`Image2SongNet` -- "Our" (``attention=False``), "Our-attention", "Our-mood" (the mood vector and
  its flag concatenated to ``z``); :class:`AttentiveReader` (Hermann et al.: attention-weighted pooling of
  the LSTM outputs, ``g = tanh(W_r r + W_q q)``, then the head); :class:`PooledLyric` (CONSE: the mean word
  vector through the head); :class:`BagOfWords` (TF-IDF mapped linearly into the tag space).

Every model exposes ``predict(songs, pair_song, q)`` (the lyric's point in tag space for each (image,
song) pair: ``songs`` holds each song of the batch once, ``pair_song`` the song of each pair, ``q`` the
pairs' attention vectors; the LSTM runs once per song) and ``scores(songs, v, q)`` (the (images x songs)
cosine matrix).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

EPS = 1e-8


@dataclass
class Batch:
    """Inputs of aligned (image, song) rows or of a set of songs; unused fields are None."""

    ids: Tensor | None = None        # (B, T) word ids, 0 = padding
    lengths: Tensor | None = None    # (B,)
    mean: Tensor | None = None       # (B, 50) mean word vector
    tfidf: Tensor | None = None      # (B, V)
    mood: Tensor | None = None       # (B, 51) mood vector and flag


def masked_softmax(scores: Tensor, mask: Tensor) -> Tensor:
    """Softmax over the last axis restricted to ``mask`` (True = valid); rows without a valid entry are 0."""
    scores = scores.masked_fill(~mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return torch.nan_to_num(weights, nan=0.0)


def reverse_within_length(x: Tensor, lengths: Tensor) -> Tensor:
    """Each row's first ``length`` steps in reverse order; the padding stays where it is."""
    t = x.shape[1]
    steps = torch.arange(t, device=x.device)[None, :]
    index = torch.where(steps < lengths[:, None], lengths[:, None] - 1 - steps, steps)
    return x.gather(1, index[..., None].expand(-1, -1, x.shape[2]))


class LyricLSTM(nn.Module):
    """Bidirectional LSTM over padded lyrics in which no padding reaches a valid step: the forward LSTM
    reads the batch as is (padding follows every valid step), the backward LSTM reads every lyric reversed
    within its length (:func:`reverse_within_length`). The outputs equal those of a packed bidirectional
    LSTM (tested) at about a third of its cost on CPU."""

    def __init__(self, embedding: Tensor, hidden: int) -> None:
        super().__init__()
        self.words = nn.Embedding.from_pretrained(torch.as_tensor(embedding, dtype=torch.float32), freeze=True,
                                                  padding_idx=0)
        self.forward_lstm = nn.LSTM(self.words.embedding_dim, hidden, batch_first=True)
        self.backward_lstm = nn.LSTM(self.words.embedding_dim, hidden, batch_first=True)
        self.out_dim = 2 * hidden

    def forward(self, ids: Tensor, lengths: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        """``(x (B, T, 50), h (B, T, 2H), mask (B, T))`` with T the longest of the batch; h is 0 at padding."""
        t = int(lengths.max())
        x = self.words(ids[:, :t])
        mask = torch.arange(t, device=ids.device)[None, :] < lengths[:, None]
        forward_h, _ = self.forward_lstm(x)
        backward_h, _ = self.backward_lstm(reverse_within_length(x, lengths))
        h = torch.cat([forward_h, reverse_within_length(backward_h, lengths)], dim=-1)
        return x, h * mask[..., None], mask


class TagAttention(nn.Module):
    """``s_t = softmax_t([x_t ; h_t]^T W q)``; W's word block starts as the identity / sqrt(d), the rest 0."""

    def __init__(self, word_dim: int, hidden_dim: int) -> None:
        super().__init__()
        weight = torch.zeros(word_dim + hidden_dim, word_dim)
        weight[:word_dim] = torch.eye(word_dim) / word_dim ** 0.5
        self.weight = nn.Parameter(weight)

    def keys(self, x: Tensor, h: Tensor) -> Tensor:
        return torch.cat([x, h], dim=-1) @ self.weight                         # (B, T, word_dim)

    def aligned(self, keys: Tensor, mask: Tensor, q: Tensor) -> Tensor:
        """(B, T) weights of aligned rows."""
        return masked_softmax(torch.einsum("btd,bd->bt", keys, q), mask)

    def pairwise(self, keys: Tensor, mask: Tensor, q: Tensor) -> Tensor:
        """(I, S, T) weights of every image (rows of ``q``) with every song (rows of ``keys``)."""
        return masked_softmax(torch.einsum("std,id->ist", keys, q), mask[None].expand(len(q), -1, -1))


class FinalRecurrence(nn.Module):
    """Final state of ``z_t = lambda * z_{t-1} + w_t * (W h_t + b)`` (``w_t``: per-position weights)."""

    def __init__(self, in_dim: int, out_dim: int) -> None:
        super().__init__()
        self.proj = nn.Linear(in_dim, out_dim)
        self.decay_logit = nn.Parameter(torch.full((out_dim,), 2.0))          # lambda = 0.88 at the start

    def contributions(self, h: Tensor, mask: Tensor) -> Tensor:
        """(B, T, d): each position's term of the final state, ``lambda^(T-1-t) (W h_t + b)`` (0 at padding)."""
        lengths = mask.sum(dim=1, keepdim=True)
        steps_to_end = (lengths - 1 - torch.arange(mask.shape[1], device=h.device)[None]).clamp_min(0)
        decay = torch.exp(steps_to_end[..., None] * F.logsigmoid(self.decay_logit))
        return self.proj(h) * decay * mask[..., None]

    @staticmethod
    def uniform_scale(weights: Tensor, mask: Tensor) -> Tensor:
        """Attention weights times the lyric length: all ones when the attention is uniform."""
        return weights * mask.sum(dim=-1, keepdim=True)


class TagHead(nn.Module):
    """``out(dropout(relu(hidden(z))))`` into the tag space, and the exact pairwise cosine."""

    def __init__(self, in_dim: int, hidden: int, out_dim: int, dropout: float) -> None:
        super().__init__()
        self.hidden = nn.Sequential(nn.Linear(in_dim, hidden), nn.ReLU(), nn.Dropout(dropout))
        self.out = nn.Linear(hidden, out_dim)

    def forward(self, z: Tensor) -> Tensor:
        return self.out(self.hidden(z))

    def pair_cosine(self, a: Tensor, v: Tensor) -> Tensor:
        """cos(out(a[i, s]), v[i]) for hidden activations ``a`` (I, S, h) and tag vectors ``v`` (I, D)."""
        w, b = self.out.weight, self.out.bias                                  # (D, h), (D,)
        dot = torch.einsum("ish,ih->is", a, v @ w) + (v @ b)[:, None]
        gram = w.T @ w
        sq = torch.einsum("ish,hk,isk->is", a, gram, a) + 2 * (a @ (w.T @ b)) + b @ b
        return dot / (sq.clamp_min(EPS).sqrt() * v.norm(dim=1, keepdim=True).clamp_min(EPS))


def cosine_matrix(predicted: Tensor, v: Tensor) -> Tensor:
    """(I, S) cosine between image tag vectors ``v`` (I, D) and song outputs ``predicted`` (S, D)."""
    return F.normalize(v, dim=1, eps=EPS) @ F.normalize(predicted, dim=1, eps=EPS).T


class _SongwiseModel(nn.Module):
    """A model whose lyric output does not depend on the image: ``scores`` is a plain cosine matrix."""

    pairwise = False

    def song_outputs(self, songs: Batch) -> Tensor:
        raise NotImplementedError

    def predict(self, songs: Batch, pair_song: Tensor, q: Tensor | None = None) -> Tensor:
        return self.song_outputs(songs)[pair_song]

    def scores(self, songs: Batch, v: Tensor, q: Tensor | None = None) -> Tensor:
        return cosine_matrix(self.song_outputs(songs), v)


class PooledLyric(_SongwiseModel):
    """CONSE-style: the mean lyric word vector through the tag head."""

    def __init__(self, out_dim: int, hidden: int, dropout: float, word_dim: int = 50) -> None:
        super().__init__()
        self.head = TagHead(word_dim, hidden, out_dim, dropout)

    def song_outputs(self, songs: Batch) -> Tensor:
        return self.head(songs.mean)


class BagOfWords(_SongwiseModel):
    """TF-IDF bag of words mapped linearly into the tag space (a common space of both)."""

    def __init__(self, vocab_dim: int, out_dim: int) -> None:
        super().__init__()
        self.map = nn.Linear(vocab_dim, out_dim)

    def song_outputs(self, songs: Batch) -> Tensor:
        return self.map(songs.tfidf)


class Image2SongNet(nn.Module):
    """BiLSTM -> (tag attention) -> final recurrence (-> + mood) -> tag head."""

    def __init__(self, embedding: Tensor, out_dim: int, lstm_hidden: int, state_dim: int, hidden: int,
                 dropout: float, attention: bool, mood: bool) -> None:
        super().__init__()
        self.lstm = LyricLSTM(embedding, lstm_hidden)
        word_dim = self.lstm.words.embedding_dim
        self.attention = TagAttention(word_dim, self.lstm.out_dim) if attention else None
        self.recurrence = FinalRecurrence(self.lstm.out_dim, state_dim)
        self.use_mood = mood
        self.head = TagHead(state_dim + (word_dim + 1 if mood else 0), hidden, out_dim, dropout)
        self.pairwise = attention

    def _with_mood(self, z: Tensor, mood: Tensor | None) -> Tensor:
        if not self.use_mood:
            return z
        mood = mood if z.dim() == 2 else mood[None].expand(z.shape[0], -1, -1)
        return torch.cat([z, mood], dim=-1)

    def predict(self, songs: Batch, pair_song: Tensor, q: Tensor | None = None) -> Tensor:
        x, h, mask = self.lstm(songs.ids, songs.lengths)
        u = self.recurrence.contributions(h, mask)
        mood = None if songs.mood is None else songs.mood[pair_song]
        if self.attention is None:
            return self.head(self._with_mood(u.sum(dim=1), songs.mood))[pair_song]
        keys, mask = self.attention.keys(x, h)[pair_song], mask[pair_song]
        w = self.recurrence.uniform_scale(self.attention.aligned(keys, mask, q), mask)
        return self.head(self._with_mood(torch.einsum("btd,bt->bd", u[pair_song], w), mood))

    def attention_weights(self, songs: Batch, pair_song: Tensor, q: Tensor | None = None) -> Tensor:
        """(pairs, T) attention weights (uniform 1/T without attention)."""
        x, h, mask = self.lstm(songs.ids, songs.lengths)
        if self.attention is None:
            return (mask.float() / mask.sum(dim=1, keepdim=True))[pair_song]
        return self.attention.aligned(self.attention.keys(x, h)[pair_song], mask[pair_song], q)

    def song_outputs(self, songs: Batch) -> Tensor:
        """(S, D) outputs of the model without attention (they do not depend on the image)."""
        _, h, mask = self.lstm(songs.ids, songs.lengths)
        return self.head(self._with_mood(self.recurrence.contributions(h, mask).sum(dim=1), songs.mood))

    def scores(self, songs: Batch, v: Tensor, q: Tensor | None = None) -> Tensor:
        if self.attention is None:
            return cosine_matrix(self.song_outputs(songs), v)
        x, h, mask = self.lstm(songs.ids, songs.lengths)
        u = self.recurrence.contributions(h, mask)
        w = self.recurrence.uniform_scale(self.attention.pairwise(self.attention.keys(x, h), mask, q), mask)
        z = torch.einsum("std,ist->isd", u, w)
        return self.head.pair_cosine(self.head.hidden(self._with_mood(z, songs.mood)), v)


class AttentiveReader(nn.Module):
    """Hermann et al.'s Attentive Reader with the tag attention for the question: ``r = sum_t s_t h_t``,
    ``g = tanh(W_r r + W_q q)``, then the tag head."""

    pairwise = True

    def __init__(self, embedding: Tensor, out_dim: int, lstm_hidden: int, state_dim: int, hidden: int,
                 dropout: float) -> None:
        super().__init__()
        self.lstm = LyricLSTM(embedding, lstm_hidden)
        word_dim = self.lstm.words.embedding_dim
        self.attention = TagAttention(word_dim, self.lstm.out_dim)
        self.read = nn.Linear(self.lstm.out_dim, state_dim)
        self.question = nn.Linear(word_dim, state_dim, bias=False)
        self.head = TagHead(state_dim, hidden, out_dim, dropout)

    def predict(self, songs: Batch, pair_song: Tensor, q: Tensor | None = None) -> Tensor:
        x, h, mask = self.lstm(songs.ids, songs.lengths)
        w = self.attention.aligned(self.attention.keys(x, h)[pair_song], mask[pair_song], q)
        r = torch.einsum("btc,bt->bc", h[pair_song], w)
        return self.head(torch.tanh(self.read(r) + self.question(q)))

    def scores(self, songs: Batch, v: Tensor, q: Tensor | None = None) -> Tensor:
        x, h, mask = self.lstm(songs.ids, songs.lengths)
        w = self.attention.pairwise(self.attention.keys(x, h), mask, q)
        read = torch.einsum("stc,ist->isc", self.read(h) - self.read.bias, w) + self.read.bias
        g = torch.tanh(read + self.question(q)[:, None, :])
        return self.head.pair_cosine(self.head.hidden(g), v)
