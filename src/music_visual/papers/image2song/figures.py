"""Image2song's figures: the attribute long tail (Fig. 13), per-song R@3 bars (Figs. 7-8) and retrieval
examples (Fig. 6): the query image, its tags, the retrieved songs and their most frequent lyric words."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd


def attribute_long_tail(attributes: pd.DataFrame):
    """Mean attribute score over the images, sorted (the paper's Fig. 13)."""
    fig, ax = plt.subplots(figsize=(9, 3))
    ax.bar(np.arange(len(attributes)), attributes["mean score"], color="tab:blue")
    ax.set_xticks(np.arange(len(attributes)), attributes["attribute"], rotation=70, fontsize=8)
    ax.set(ylabel="mean score over images", title="Attribute tags, sorted (cf. the paper's Fig. 13)")
    fig.tight_layout()
    return fig


def lyric_word_bars(tokens: dict[str, list[str]], n: int = 25):
    """The ``n`` most frequent lyric words over all songs after preprocessing."""
    top = Counter(w for words in tokens.values() for w in words).most_common(n)
    fig, ax = plt.subplots(figsize=(9, 3))
    ax.bar([w for w, _ in top], [c for _, c in top])
    ax.set(title="Most frequent lyric words after preprocessing", ylabel="occurrences")
    ax.tick_params(axis="x", rotation=70)
    fig.tight_layout()
    return fig


def per_song_bars(table: pd.DataFrame, labels: dict, title: str, k: int = 3):
    """Grouped bars: R@k of each song (rows of ``table``) for each configuration (columns)."""
    fig, ax = plt.subplots(figsize=(max(6, 0.45 * len(table) + 2), 3.2))
    width = 0.8 / max(1, table.shape[1])
    x = np.arange(len(table))
    for i, column in enumerate(table.columns):
        ax.bar(x + i * width, 100 * table[column].to_numpy(), width, label=labels.get(column, column))
    ax.set_xticks(x + 0.4 - width / 2, table.index, rotation=70, fontsize=7)
    ax.set(ylabel=f"R@{k} (%)", title=title)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def top_words(tokens: list[str], n: int = 5) -> str:
    return ", ".join(w for w, _ in Counter(tokens).most_common(n))


def retrieval_examples(queries: pd.DataFrame, image_path, image_tags: dict, lyric_tokens: dict, n_words: int = 5):
    """One row per query: the image, its tag words, and the top-5 songs (the true song starred)."""
    from PIL import Image

    fig, axes = plt.subplots(len(queries), 2, figsize=(11, 2.3 * len(queries)), squeeze=False,
                             gridspec_kw={"width_ratios": [1, 3]})
    for ax_row, (_, q) in zip(axes, queries.iterrows()):
        path = Path(image_path(q["image_id"]))
        if path.is_file():
            with Image.open(path) as im:
                ax_row[0].imshow(np.asarray(im.convert("RGB")))
        ax_row[0].set_title(q["image_id"], fontsize=8)
        ax_row[0].axis("off")
        lines = [f"tags: {', '.join(image_tags.get(q['image_id'], []))}", f"true song: {q['song_id']} (rank {q['rank']:.0f})"]
        for i, song in enumerate(str(q["top5"]).split()):
            mark = "*" if song == q["song_id"] else " "
            lines.append(f"{i + 1}. {mark}{song}: {top_words(lyric_tokens.get(song, []), n_words)}")
        ax_row[1].text(0.0, 1.0, "\n".join(lines), va="top", family="monospace", fontsize=8)
        ax_row[1].axis("off")
    fig.tight_layout()
    return fig
