"""VM-NET's figures: Recall@K curves, 2-D projections coloured by labels, retrieval examples.

Each function returns a matplotlib figure and reads nothing from disk except
:func:`key_frame`, which decodes one frame of a video file.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

DIRECTION_TITLES = {"music_to_video": "music -> video", "video_to_music": "video -> music"}


def recall_curves(curves: pd.DataFrame, methods: list[str], n_gallery: int, labels: dict | None = None):
    """Mean Recall@K over seeds (bands: min..max over seeds) per direction, with chance K/n."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for ax, (direction, title) in zip(axes, DIRECTION_TITLES.items()):
        part = curves[curves["direction"] == direction]
        for method in methods:
            by_k = part[part["method"] == method].groupby("k")["recall"]
            if by_k.ngroups == 0:
                continue
            mean = by_k.mean()
            ax.plot(mean.index, 100 * mean.to_numpy(), label=(labels or {}).get(method, method))
            ax.fill_between(mean.index, 100 * by_k.min().to_numpy(), 100 * by_k.max().to_numpy(), alpha=0.15)
        ks = np.arange(1, int(part["k"].max() if len(part) else 1) + 1)
        ax.plot(ks, 100 * np.minimum(ks, n_gallery) / n_gallery, "k--", label="chance (K / n)")
        ax.set(title=f"{title} (gallery of {n_gallery})", xlabel="K", ylabel="Recall@K (%)")
        ax.grid(alpha=0.3)
    axes[1].legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def pca_2d(points: np.ndarray) -> np.ndarray:
    """First two principal components of the rows (zeros when fewer than 2 dimensions vary)."""
    X = np.asarray(points, dtype=np.float64)
    X = X - X.mean(axis=0)
    if len(X) < 2:
        return np.zeros((len(X), 2))
    _, _, vt = np.linalg.svd(X, full_matrices=False)
    out = X @ vt[:2].T
    return np.pad(out, ((0, 0), (0, 2 - out.shape[1])))


def projection(points: dict[str, np.ndarray], labels: dict[str, list], title: str):
    """One panel per label: a 2-D PCA of all points, marker per modality, colour per label value.

    ``points`` maps a modality name (``"music"``, ``"video"``) to its rows; ``labels``
    maps a label name (``"genre"``, ``"mood"``) to one value per row of each modality
    (the rows of every modality share the order of the pairs).
    """
    names = list(points)
    xy = pca_2d(np.vstack([points[n] for n in names]))
    sizes = np.cumsum([0] + [len(points[n]) for n in names])
    fig, axes = plt.subplots(1, len(labels), figsize=(5.5 * len(labels), 4.5), squeeze=False)
    for ax, (label, values) in zip(axes[0], labels.items()):
        values = np.asarray(values, dtype=object)
        classes = sorted({str(v) for v in values})
        colours = plt.get_cmap("tab10" if len(classes) <= 10 else "tab20")
        for ci, cls in enumerate(classes):
            for mi, (name, marker) in enumerate(zip(names, "o^sv")):
                chunk = xy[sizes[mi]:sizes[mi + 1]][values == cls]
                ax.scatter(chunk[:, 0], chunk[:, 1], s=14, marker=marker, color=colours(ci % colours.N),
                           alpha=0.7, label=cls if mi == 0 else None)
        ax.set(title=f"{title}: {label}", xlabel="PC 1", ylabel="PC 2")
        ax.legend(fontsize=6, markerscale=1.2, loc="best", title=" / ".join(f"{m}={n}" for m, n in zip("o^", names)),
                  title_fontsize=6)
    fig.tight_layout()
    return fig


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
