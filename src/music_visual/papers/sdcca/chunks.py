"""S-DCCA's chunks (Sec. III-A, IV-B): attention sub-chunks, equal chunks, top-k selection, queries.

* **Attention sub-chunks.** The attention model reads a song as consecutive ``chunk_seconds``-second
  sub-chunks (the paper: 72 chunks of 3 s of a 216 s song); each is the *global max pooling* of its
  per-second frames (the paper's "output of global max-pooling layer"), ``(n_sub, D)``. The
  incomplete last sub-chunk is dropped (:func:`music_visual.features.audio_sdcca.split_into_fixed_chunks`).
* **Scores per second.** "Each 3 second share the same score": second ``t`` gets the attention
  weight of its sub-chunk; the trailing seconds after the last complete sub-chunk get the last one's.
* **Equal chunks.** A song of ``T`` seconds is cut into ``c`` chunks of ``T // c`` seconds (the
  trailing ``T mod c`` seconds dropped, as :func:`~music_visual.features.audio_sdcca.split_into_equal_chunks`
  does); a chunk's score is the **max** of its seconds' scores ("the result of max pooling is regarded
  as the score of emotion for each chunk"). 72 s / 9 chunks = 8 s, which is not a multiple of 3 s:
  scoring by seconds handles any chunk length.
* **Queries.** The top-``k`` chunks by score (ties: the earlier chunk) are the query; its feature is
  the mean of their per-second frames (the audio branch reads 128-d frame means, as the authors' code
  does). ``random`` picks ``k`` chunks uniformly (seeded), the control that tells whether the
  attention's choice matters; ``mean`` is the whole song. Query means are of raw frames: the
  per-fold PCA-whitening and standardisation are affine, so they commute with the mean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.features.audio_sdcca import split_into_fixed_chunks

MEAN_QUERY = "mean"


def sub_chunks(frames: np.ndarray, chunk_seconds: int) -> np.ndarray:
    """``(n_sub, D)``: the max over each complete ``chunk_seconds``-second sub-chunk of ``(T, D)`` frames."""
    if frames.shape[0] < chunk_seconds:
        raise ValueError(f"a song of {frames.shape[0]} s has no complete {chunk_seconds}-second sub-chunk")
    chunks, _ = split_into_fixed_chunks(frames, chunk_seconds)
    return chunks.max(axis=1)


def second_scores(weights: np.ndarray, n_seconds: int, chunk_seconds: int) -> np.ndarray:
    """Per second, the weight of its sub-chunk (trailing seconds: the last sub-chunk's)."""
    index = np.minimum(np.arange(n_seconds) // chunk_seconds, len(weights) - 1)
    return np.asarray(weights, dtype=np.float64)[index]


def chunk_bounds(n_seconds: int, n_chunks: int) -> np.ndarray:
    """``(n_chunks, 2)`` start and end second of each equal chunk (``T // c`` seconds each)."""
    length = n_seconds // n_chunks
    if length < 1:
        raise ValueError(f"a song of {n_seconds} s cannot be cut into {n_chunks} chunks of at least 1 s")
    starts = np.arange(n_chunks) * length
    return np.stack([starts, starts + length], axis=1)


def chunk_scores(per_second: np.ndarray, n_chunks: int) -> np.ndarray:
    """The max per-second score inside each of the ``n_chunks`` equal chunks."""
    return np.array([per_second[a:b].max() for a, b in chunk_bounds(len(per_second), n_chunks)])


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores (ties: the earlier chunk), in time order.

    >>> top_k(np.array([0.1, 0.5, 0.2, 0.5]), 2)
    array([1, 3])
    """
    if not 1 <= k <= len(scores):
        raise ValueError(f"cannot select {k} of {len(scores)} chunks")
    order = np.lexsort((np.arange(len(scores)), -np.asarray(scores)))
    return np.sort(order[:k])


def selected_mean(frames: np.ndarray, n_chunks: int, selected: np.ndarray) -> np.ndarray:
    """Mean frame over the seconds of the selected chunks."""
    bounds = chunk_bounds(len(frames), n_chunks)[selected]
    return np.concatenate([frames[a:b] for a, b in bounds]).mean(axis=0)


def query_key(selection: str, k: int, n_chunks: int) -> str:
    """``"attention_2_6"``: ``k`` of ``n_chunks`` chunks chosen by ``selection`` (attention | random)."""
    return f"{selection}_{k}_{n_chunks}"


def query_configs(chunk_counts, ks) -> list[tuple[int, int]]:
    """Every (k, c) with k <= c, in (c, k) order."""
    return [(k, c) for c in chunk_counts for k in ks if k <= c]


def build_queries(frames: list[np.ndarray], weights: list[np.ndarray], chunk_counts, ks, chunk_seconds: int,
                  seed: int) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    """Query features of every song (``{key: (n_songs, D)}``, raw-frame means) and the chunks chosen.

    The selections table has one row per (song index, key): ``k``, ``n_chunks``, ``selection`` and
    ``chunks`` (the chosen chunk indices, in time order).
    """
    rng = np.random.default_rng(seed)
    queries: dict[str, list] = {MEAN_QUERY: [f.mean(axis=0) for f in frames]}
    rows = []
    for i, (song_frames, song_weights) in enumerate(zip(frames, weights)):
        per_second = second_scores(song_weights, len(song_frames), chunk_seconds)
        for k, c in query_configs(chunk_counts, ks):
            picks = {"attention": top_k(chunk_scores(per_second, c), k),
                     "random": np.sort(rng.choice(c, size=k, replace=False))}
            for selection, chosen in picks.items():
                key = query_key(selection, k, c)
                queries.setdefault(key, []).append(selected_mean(song_frames, c, chosen))
                rows.append({"song": i, "key": key, "k": k, "n_chunks": c, "selection": selection,
                             "chunks": chosen.tolist()})
    return {key: np.stack(v).astype(np.float32) for key, v in queries.items()}, pd.DataFrame(rows)


def section_intensity(sections: pd.DataFrame, n_seconds: int) -> np.ndarray:
    """Per second (its midpoint), the intensity of the annotated section playing; NaN where none is."""
    out = np.full(n_seconds, np.nan)
    middle = np.arange(n_seconds) + 0.5
    for start, end, value in sections[["start", "end", "value"]].itertuples(index=False):
        out[(middle >= start) & (middle < end)] = value
    return out


def chunking_problems(min_audio_seconds: int, chunk_counts, ks, chunk_seconds: int) -> list[str]:
    """Why songs of at least ``min_audio_seconds`` seconds (the view's guarantee) cannot be chunked so."""
    problems = []
    if chunk_seconds < 1 or min_audio_seconds < chunk_seconds:
        problems.append(f"songs of {min_audio_seconds} s hold no complete {chunk_seconds}-second sub-chunk")
    too_many = [c for c in chunk_counts if c > min_audio_seconds]
    if too_many:
        problems.append(f"songs of {min_audio_seconds} s cannot be cut into {too_many} chunks of at least 1 s")
    if not query_configs(chunk_counts, ks):
        problems.append(f"no (k, c) with k <= c among k = {list(ks)}, c = {list(chunk_counts)}")
    return problems
