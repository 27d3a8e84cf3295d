"""Train one Image2song run to a validation plateau and score it in galleries.

A run is (method, tag set, protocol, seed, tuning point). Training pairs are the protocol's training
(image, song) triplets in mini-batches of ``batch_size`` (the paper: 100), RMSprop (the paper's optimiser)
with the grid's learning rate; the shared loop :func:`~music_visual.training.plateau_loop.train_to_plateau`
evaluates every ``eval_every`` steps and stops on the plateau of the validation criterion -- the mean of
Recall@1..10 of image -> song retrieval over (at most ``val_queries``) validation images ranked against
their galleries of validation songs -- keeping the best weights; the step cap is flagged. The two-tower
trains on the same batches with symmetric InfoNCE (one image per song per batch, so no song is its own
negative).

Scoring (:func:`gallery_ranks`): every query image is ranked against the songs of its gallery
(:func:`music_visual.papers.image2song.data.galleries`), ties counted at their expected rank
(:func:`music_visual.metrics.first_relevant_rank`); song -> image ranks each gallery song's own images
among the gallery's images.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch
from torch import Tensor

from music_visual.losses.contrastive import symmetric_info_nce
from music_visual.metrics.ranking import tie_counts
from music_visual.metrics.ties import hit_from_tie_counts, rank_from_tie_counts
from music_visual.models.two_tower import TwoTower, TwoTowerConfig
from music_visual.papers.image2song.data import galleries
from music_visual.papers.image2song.features import Image2songInputs
from music_visual.papers.image2song.methods import MethodSpec
from music_visual.papers.image2song.model import (AttentiveReader, BagOfWords, Batch, Image2SongNet, PooledLyric,
                                                  cosine_matrix)
from music_visual.papers.image2song.objective import (cosine_proximity_loss, marginal_ranking_loss, mse_loss)
from music_visual.seeding import seed_everything, torch_generator
from music_visual.training.embedding_trainer import recall_area
from music_visual.training.plateau import PlateauRule
from music_visual.training.plateau_loop import stopping_record, train_to_plateau

KS = (1, 3, 5, 10, 20, 50, 100)
CRITERION_K = 10


@dataclass
class RunData:
    """One protocol's tensors for one tag set and attention pooling."""

    protocol: str
    v: Tensor                 # (n_images, D) tag vectors
    q: Tensor                 # (n_images, 50) attention vectors
    image_song: Tensor        # (n_images,) song row of each image
    roles: np.ndarray         # (n_images,) train / val / test
    ids: Tensor
    lengths: Tensor
    mean: Tensor
    tfidf: Tensor
    mood: Tensor              # (n_songs, 51)
    song_ids: np.ndarray

    def songs(self, rows: Tensor) -> Batch:
        return Batch(ids=self.ids[rows], lengths=self.lengths[rows], mean=self.mean[rows], tfidf=self.tfidf[rows],
                     mood=self.mood[rows])

    def images(self, role: str) -> np.ndarray:
        return np.flatnonzero(self.roles == role)


TARGET_TRANSFORMS = ("none", "standardise", "sqrt")


def tag_targets(tags: np.ndarray, train_rows: np.ndarray, transform: str) -> np.ndarray:
    """The tag space the models map into and retrieve in: the raw probabilities (``"none"``, the paper's),
    each tag standardised with the protocol's training images' mean and standard deviation
    (``"standardise"``, + 1e-3 so constant tags stay finite) or their square roots (``"sqrt"``, the Hellinger
    embedding of a probability vector)."""
    if transform == "none":
        return tags
    if transform == "sqrt":
        return np.sqrt(np.clip(tags, 0.0, None))
    if transform == "standardise":
        train = tags[train_rows]
        return (tags - train.mean(axis=0)) / (train.std(axis=0) + 1e-3)
    raise ValueError(f"target_transform must be one of {TARGET_TRANSFORMS}, got {transform!r}")


def run_data(inputs: Image2songInputs, protocol: str, tag_set: str, pooling: str, device,
             target_transform: str = "none") -> RunData:
    def t(a, dtype=torch.float32):
        return torch.as_tensor(np.asarray(a), dtype=dtype, device=device)

    mood = np.concatenate([inputs.mood, inputs.has_mood[:, None]], axis=1)
    v = tag_targets(inputs.tag_vectors(tag_set), inputs.roles[protocol] == "train", target_transform)
    return RunData(protocol, t(v), t(inputs.attention[tag_set, pooling]),
                   t(inputs.image_song, torch.long), inputs.roles[protocol], t(inputs.lyric_ids, torch.long),
                   t(inputs.lengths, torch.long), t(inputs.mean_vectors), t(inputs.tfidf[protocol]), t(mood),
                   inputs.song_ids)


def build_model(spec: MethodSpec, data: RunData, inputs: Image2songInputs, s, point: dict, seed: int):
    """The network of a learned method (``s``: the run settings; ``point``: the tuning point)."""
    torch.manual_seed(seed)
    dropout = point.get("dropout", s.dropout)
    out = data.v.shape[1]
    if spec.kind == "bow":
        return BagOfWords(data.tfidf.shape[1], out)
    if spec.kind == "conse":
        return PooledLyric(out, s.head_hidden, dropout)
    if spec.kind == "attentive_reader":
        return AttentiveReader(inputs.embedding, out, s.lstm_hidden, s.state_dim, s.head_hidden, dropout)
    if spec.kind == "lstm":
        return Image2SongNet(inputs.embedding, out, s.lstm_hidden, s.state_dim, s.head_hidden, dropout,
                             spec.attention, spec.mood)
    if spec.kind == "two_tower":
        config = TwoTowerConfig(video_dim=out, music_dim=data.mean.shape[1] + data.tfidf.shape[1],
                                hidden_dim=s.two_tower_hidden, embed_dim=s.two_tower_embed, dropout=dropout)
        return LyricTwoTower(TwoTower(config))
    raise ValueError(f"{spec.name} ({spec.kind}) is not a learned method")


class LyricTwoTower(torch.nn.Module):
    """The two-tower on (image tag vector, [mean lyric word vector ; TF-IDF]); cosine of the embeddings."""

    pairwise = False

    def __init__(self, tower: TwoTower) -> None:
        super().__init__()
        self.tower = tower

    def embed_songs(self, songs: Batch) -> Tensor:
        return self.tower.music(torch.cat([songs.mean, songs.tfidf], dim=1))

    def scores(self, songs: Batch, v: Tensor, q: Tensor | None = None) -> Tensor:
        return self.tower.video(v) @ self.embed_songs(songs).T


class SchwarzBaseline:
    """Training-free: cosine between the mean lyric word vector and the image's pooled tag word vectors."""

    pairwise = False

    def scores(self, songs: Batch, v: Tensor, q: Tensor | None = None) -> Tensor:
        return cosine_matrix(songs.mean, q)


def score_block(model, data: RunData, image_rows: np.ndarray, song_rows: np.ndarray,
                chunk: int = 256) -> np.ndarray:
    """(len(image_rows), len(song_rows)) scores, in chunks of images (pairwise models are the costly ones)."""
    songs = data.songs(torch.as_tensor(song_rows, device=data.v.device))
    out = []
    for start in range(0, len(image_rows), chunk):
        rows = torch.as_tensor(image_rows[start:start + chunk], device=data.v.device)
        out.append(model.scores(songs, data.v[rows], data.q[rows]).detach().cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, len(song_rows)))


def _ranked(scores: np.ndarray, relevant: np.ndarray, ties: str) -> tuple[np.ndarray, np.ndarray]:
    """Per query: the first relevant rank under ``ties`` and the tie counts (n_greater, n_tied, n_relevant_tied)."""
    counts = np.stack(tie_counts(scores, relevant), axis=1)
    return rank_from_tie_counts(*counts.T, ties=ties), counts


def gallery_ranks(score, song_of: np.ndarray, role_images: np.ndarray, gallery_size: int, seed: int,
                  max_queries: int | None = None, song2image: bool = False, ties: str = "expected") -> dict:
    """Ranks of every query image's song in its gallery (and of every gallery song's images).

    ``score(image_rows, song_rows)`` gives the (images x songs) scores; ``song_of`` the song row of every
    image; ``role_images`` the rows of the role's images (the queries; at most ``max_queries``, a seeded
    draw). Returns ``{"image_rows", "ranks", "counts" (tie counts per query), "top" (top-5 song rows per
    query), "song_rows", "song_ranks", "song_counts", "ties"}``.
    """
    images = role_images
    if max_queries is not None and len(images) > max_queries:
        images = np.sort(np.random.default_rng(seed).choice(images, max_queries, replace=False))
    out = {"image_rows": [], "ranks": [], "counts": [], "top": [], "song_rows": [], "song_ranks": [], "song_counts": []}
    for gallery in galleries(np.unique(song_of[role_images]), gallery_size, seed):
        queries = images[np.isin(song_of[images], gallery)]
        if not len(queries):
            continue
        scores = np.asarray(score(queries, gallery), dtype=np.float64)
        ranks, counts = _ranked(scores, song_of[queries][:, None] == gallery[None, :], ties)
        out["image_rows"].append(queries)
        out["ranks"].append(ranks)
        out["counts"].append(counts)
        out["top"].append(gallery[np.argsort(-scores, axis=1, kind="stable")[:, :5]])
        if song2image:
            pool = role_images[np.isin(song_of[role_images], gallery)]
            s2 = scores if len(pool) == len(queries) else np.asarray(score(pool, gallery), dtype=np.float64)
            ranks, counts = _ranked(s2.T, gallery[:, None] == song_of[pool][None, :], ties)
            out["song_rows"].append(gallery)
            out["song_ranks"].append(ranks)
            out["song_counts"].append(counts)
    result = {k: (np.concatenate(v) if v else np.zeros((0, 3) if "counts" in k else 0)) for k, v in out.items()}
    return result | {"ties": ties}


def model_ranks(model, data: RunData, role: str, gallery_size: int, seed: int, **kwargs) -> dict:
    """:func:`gallery_ranks` of a model's scores on one role of the run's protocol."""
    return gallery_ranks(lambda q, g: score_block(model, data, q, g), data.image_song.cpu().numpy(),
                         data.images(role), gallery_size, seed, **kwargs)


def rank_metrics(ranks: dict, prefix: str = "") -> dict:
    """``recall_at_<k>`` (the share of queries whose song is in the top k; under expected ties the probability
    over random tie-breaking), ``median_rank``, ``mean_rank`` of :func:`gallery_ranks`'s image queries
    (``prefix="song2image_"``: its song queries)."""
    key = "song_" if prefix else ""
    r, counts = ranks[f"{key}ranks"], ranks[f"{key}counts"]
    if not len(r):
        return {}
    out = {f"{prefix}recall_at_{k}": float(np.mean(hit_from_tie_counts(*counts.T, k=k, ties=ranks["ties"])))
           for k in KS}
    return out | {f"{prefix}median_rank": float(np.median(r)), f"{prefix}mean_rank": float(np.mean(r))}


def criterion(ranks: np.ndarray, k: int = CRITERION_K) -> float:
    """Mean of Recall@1..k (the shared :func:`~music_visual.training.embedding_trainer.recall_area`); 0 without
    queries."""
    return recall_area(torch.as_tensor(ranks), k) if len(ranks) else 0.0


@dataclass
class Outcome:
    info: dict
    history: pd.DataFrame = field(default_factory=pd.DataFrame)
    test: dict = field(default_factory=dict)       # gallery_ranks of the test role


class SongBatches:
    """Mini-batches of about ``batch_size`` training pairs made of whole songs: all training images of
    ``batch_size / (images per song)`` songs, so each song's lyric is encoded once per step; for the
    two-tower ``batch_size`` songs with one random image each (in-batch negatives are other songs).
    Songs are visited in a fresh seeded order every epoch."""

    def __init__(self, images: np.ndarray, song_of: np.ndarray, batch_size: int, one_per_song: bool, seed: int,
                 device) -> None:
        self.songs, inverse = np.unique(song_of[images], return_inverse=True)
        order = np.argsort(inverse, kind="stable")
        counts = np.bincount(inverse, minlength=len(self.songs))
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        self.counts, self.rows = counts, images[order]
        self.one = one_per_song
        self.per_batch = max(1, batch_size if one_per_song else int(round(batch_size / counts.mean())))
        self.rng, self.device = np.random.default_rng(seed), device
        self.order, self.at = self.rng.permutation(len(self.songs)), 0

    def next(self) -> Tensor:
        if self.at + self.per_batch > len(self.order):
            self.order, self.at = self.rng.permutation(len(self.songs)), 0
        chosen = self.order[self.at: self.at + self.per_batch]
        self.at += self.per_batch
        if self.one:
            rows = self.rows[self.starts[chosen] + (self.rng.random(len(chosen)) * self.counts[chosen]).astype(int)]
        else:
            rows = np.concatenate([self.rows[self.starts[c]: self.starts[c] + self.counts[c]] for c in chosen])
        return torch.as_tensor(rows, device=self.device)


def in_batch_negatives(songs: Tensor, generator: torch.Generator) -> Tensor:
    """For each pair's song, another song of the same batch drawn uniformly (MRL's ``l_i^-``).

    The batch's songs are a seeded random draw of the training songs, so each negative is a random other
    training song, as in Eq. 13, while its lyric is encoded anyway for the positives: the step costs one
    LSTM pass over the batch's songs, not over a second, mostly disjoint set (about six times as many)."""
    unique, own = torch.unique(songs, return_inverse=True)
    if len(unique) < 2:
        raise ValueError("MRL needs at least two songs per batch (raise batch_size)")
    draw = torch.randint(len(unique) - 1, (len(songs),), generator=generator).to(songs.device)
    return unique[draw + (draw >= own).long()]


def _pair_loss(model, spec: MethodSpec, data: RunData, images: Tensor, songs: Tensor, margin: float,
               negatives: Tensor | None) -> Tensor:
    """The loss of a batch of (image, song) pairs; each distinct song is encoded once, and the positive and
    negative pairs of MRL share one forward pass."""
    v, q = data.v[images], data.q[images]
    if spec.kind == "two_tower":
        return symmetric_info_nce(model.tower.video(v), model.embed_songs(data.songs(songs)), model.tower.logit_scale)
    wanted = songs if negatives is None else torch.cat([songs, negatives])
    unique, index = torch.unique(wanted, return_inverse=True)
    pair_q = q if negatives is None else torch.cat([q, q])
    predicted = model.predict(data.songs(unique), index, pair_q)
    if spec.loss == "mse":
        return mse_loss(predicted, v)
    if spec.loss == "cpl":
        return cosine_proximity_loss(predicted, v)
    return marginal_ranking_loss(predicted[:len(songs)], predicted[len(songs):], v, margin)


def train_run(spec: MethodSpec, s, inputs: Image2songInputs, protocol: str, tag_set: str, seed: int,
              point: dict, gallery: int, gallery_seed: int, device) -> Outcome:
    """Train (learned methods) and score one run; ``s`` is the :class:`RunSettings`, ``gallery`` the
    protocol's gallery size."""
    seed_everything(seed)
    data = run_data(inputs, protocol, tag_set, spec.pooling, device, spec.target or s.target_transform)
    started = time.perf_counter()
    info = {"method": spec.name, "tags": tag_set, "protocol": protocol, "seed": seed, **point}
    if not spec.learned:
        model, history = SchwarzBaseline(), pd.DataFrame()
        val = model_ranks(model, data, "val", gallery, gallery_seed, max_queries=s.val_queries, ties="pessimistic")
        info |= {"val_criterion": criterion(val["ranks"]), "steps": 0}
    else:
        model = build_model(spec, data, inputs, s, point, seed).to(device)
        train_images = torch.as_tensor(data.images("train"), device=device)
        song_of = data.image_song
        sampler = SongBatches(train_images.cpu().numpy(), song_of.cpu().numpy(), s.batch_size,
                              spec.kind == "two_tower", seed, device)
        gen = torch_generator(seed)

        def step_terms(progress: float) -> dict:
            rows = sampler.next()
            songs = song_of[rows]
            negatives = None
            if spec.loss == "mrl":
                negatives = in_batch_negatives(songs, gen)
            return {"loss": _pair_loss(model, spec, data, rows, songs, s.margin, negatives)}

        def evaluate() -> dict:
            val = model_ranks(model, data, "val", gallery, gallery_seed, max_queries=s.val_queries, ties="pessimistic")
            return {"val_criterion": criterion(val["ranks"]), "val_recall_at_10": float(np.mean(val["ranks"] <= 10))}

        lr = point.get("learning_rate", s.learning_rate)
        optimizer = torch.optim.RMSprop(model.parameters(), lr=lr, weight_decay=s.weight_decay)
        rule = PlateauRule(max_steps=s.max_steps, patience_steps=s.patience_steps, min_delta=s.min_delta,
                           smoothing=s.smoothing)
        steps_per_epoch = max(1, len(train_images) // s.batch_size)
        result = train_to_plateau(model, step_terms, evaluate, optimizer, rule, s.eval_every,
                                  epoch_of=lambda step: step / steps_per_epoch)
        history = pd.DataFrame(result.history)
        train_seconds = float(history["seconds"].iloc[-1]) if len(history) else 0.0
        info |= stopping_record(result) | {"learning_rate": lr,
                                           "steps_per_second": result.steps / max(train_seconds, 1e-9)}
    model_eval = model.eval() if isinstance(model, torch.nn.Module) else model
    with torch.no_grad():
        test = model_ranks(model_eval, data, "test", gallery, gallery_seed, song2image=True)
    info |= rank_metrics(test) | rank_metrics(test, "song2image_")
    info |= {"n_test_queries": int(len(test["ranks"])), "gallery_size": gallery, "seconds": time.perf_counter() - started}
    return Outcome(info, history, test)
