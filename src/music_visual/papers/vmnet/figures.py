"""VM-NET's own figures: retrieval examples with decoded key frames.

The shared plots (Recall@K curves, 2-D projections) are in :mod:`music_visual.reporting.figures`.

Each function returns a matplotlib figure and reads nothing from disk except
:func:`key_frame`, which decodes one frame of a video file.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

def key_frame(video_path: str | Path, at_seconds: float = 2.0) -> np.ndarray:
    """One RGB frame of a video (the frame shown at ``at_seconds`` or the last one before it)."""
    from music_visual.corpus.media import decode_frames

    frames = decode_frames(Path(video_path), fps=1.0 / max(at_seconds, 1e-3), max_frames=2)
    return frames[-1] if len(frames) else np.zeros((8, 8, 3), np.uint8)


def describe(row: pd.Series) -> str:
    mood = row["mood"] or "-"
    return f"{row['song_id']}\n{row['genre']}, {row['emotion10']}\nmood: {mood}"


def video_to_music_examples(top: np.ndarray, pairs: pd.DataFrame, frames: dict[int, np.ndarray], queries: list[int]):
    """Rows: a query key frame, then its top music (genre, mood label, annotated mood; * = true)."""
    n = top.shape[1]
    fig, axes = plt.subplots(len(queries), n + 1, figsize=(2.1 * (n + 1), 2.0 * len(queries)), squeeze=False)
    for row, q in zip(axes, queries):
        row[0].imshow(frames[q])
        row[0].set_title(f"query video\n{pairs.loc[q, 'song_id']}", fontsize=7)
        for ax, j in zip(row[1:], top[q]):
            hit = "* " if j == q else ""
            ax.text(0.5, 0.5, hit + describe(pairs.loc[j]), ha="center", va="center", fontsize=7,
                    color="darkgreen" if j == q else "black", transform=ax.transAxes)
        for ax in row:
            ax.set_xticks([]), ax.set_yticks([])
    fig.suptitle("query key frame -> top music (left: best; * = ground truth)", fontsize=9)
    fig.tight_layout()
    return fig


def music_to_video_examples(top: np.ndarray, pairs: pd.DataFrame, frames: dict[int, np.ndarray], queries: list[int]):
    """Rows: a query song (labels), then the key frames of its top videos (green title = true)."""
    n = top.shape[1]
    fig, axes = plt.subplots(len(queries), n + 1, figsize=(2.1 * (n + 1), 2.0 * len(queries)), squeeze=False)
    for row, q in zip(axes, queries):
        row[0].text(0.5, 0.5, "query music\n" + describe(pairs.loc[q]), ha="center", va="center", fontsize=7,
                    transform=row[0].transAxes)
        for ax, j in zip(row[1:], top[q]):
            ax.imshow(frames[j])
            ax.set_title(f"{'* ' if j == q else ''}{pairs.loc[j, 'genre']}, {pairs.loc[j, 'emotion10']}", fontsize=7,
                         color="darkgreen" if j == q else "black")
        for ax in row:
            ax.set_xticks([]), ax.set_yticks([])
    fig.suptitle("query music -> top key frames (left: best; * = ground truth)", fontsize=9)
    fig.tight_layout()
    return fig


def example_queries(n_gallery: int, n_examples: int, seed: int) -> list[int]:
    """Gallery rows shown as retrieval examples: ``n_examples`` drawn without replacement (seeded)."""
    return [int(i) for i in np.random.default_rng(seed).choice(n_gallery, size=min(n_examples, n_gallery),
                                                               replace=False)]


def top_ranked(similarity: np.ndarray, top_n: int) -> tuple[np.ndarray, np.ndarray]:
    """Best ``top_n`` videos per music query and best ``top_n`` music per video query."""
    return np.argsort(-similarity, axis=1)[:, :top_n], np.argsort(-similarity.T, axis=1)[:, :top_n]
