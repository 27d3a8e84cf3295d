"""ACP-Net's own figures: Fig. 3-style examples and the confusion per class pair.

Shared plots (training curves, projections) are in :mod:`music_visual.reporting.figures`. Only
:func:`load_thumbnail` reads a file (one image of the corpus).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from music_visual.corpus.labels import AFFECT3


def load_thumbnail(path: str | Path, side: int = 128) -> np.ndarray:
    from PIL import Image

    from music_visual.features.image_io import as_rgb_array

    with Image.open(path) as img:
        img = img.convert("RGB")
        img.thumbnail((side, side))
        return as_rgb_array(img)


def example_songs(pairs: pd.DataFrame, music: pd.DataFrame, per_song: int) -> dict[str, int]:
    """Per class, the test segment (row of ``music``) with the most test pairs, true and false ones
    mixed when it has both (ties: the smallest id); classes without a segment are left out."""
    out = {}
    counts = pairs.groupby("music").agg(n=("label", "size"), kinds=("label", "nunique")).reset_index()
    counts["item_id"] = music["item_id"].to_numpy()[counts["music"]]
    counts["class"] = music["affect3"].to_numpy()[counts["music"]]
    for cls in AFFECT3:
        part = counts[counts["class"] == cls].sort_values(["kinds", "n", "item_id"], ascending=[False, False, True])
        if len(part):
            out[cls] = int(part["music"].iloc[0])
    return out


def example_rows(pairs: pd.DataFrame, song: int, per_song: int) -> pd.DataFrame:
    """Up to ``per_song`` test pairs of one segment, alternating true and false pairs."""
    rows = pairs[pairs["music"] == song].reset_index().rename(columns={"index": "pair"})
    true, false = rows[rows["label"] == 1], rows[rows["label"] == 0]
    mixed = [r for pair in zip(true.itertuples(index=False), false.itertuples(index=False)) for r in pair]
    mixed += list(true.itertuples(index=False))[len(false):] + list(false.itertuples(index=False))[len(true):]
    return pd.DataFrame(mixed[:per_song], columns=rows.columns)


def fig3_examples(pairs: pd.DataFrame, images: pd.DataFrame, music: pd.DataFrame, scores: pd.DataFrame,
                  thumbnails: dict[int, np.ndarray], songs: dict[str, int], per_song: int, method_label: str):
    """One row per class: a test song, then images paired with it, each titled with its labels, the
    prediction (✓ true / ✗ false correspondence, P(true)) and, in green or red, whether it is right."""
    fig, axes = plt.subplots(len(songs), per_song + 1, figsize=(2.0 * (per_song + 1), 2.3 * len(songs)),
                             squeeze=False)
    for row, (cls, song) in zip(axes, songs.items()):
        seg = music.iloc[song]
        row[0].text(0.5, 0.5, f"song\n{seg['item_id']}\nlabel: {seg['affect3']}", ha="center", va="center",
                    fontsize=8, transform=row[0].transAxes)
        for ax, pair in zip(row[1:], example_rows(pairs, song, per_song).itertuples(index=False)):
            image = images.iloc[int(pair.image)]
            ax.imshow(thumbnails[int(pair.image)])
            score = scores.loc[int(pair.pair)]
            mark = "✓" if int(score["predicted"]) == 1 else "✗"
            right = int(score["predicted"]) == int(pair.label)
            ax.set_title(f"{mark} P={score['score']:.2f}\n{image['emotion8'] or '-'} ({image['affect3']})",
                         fontsize=7, color="darkgreen" if right else "firebrick")
        for ax in row:
            ax.set_xticks([]), ax.set_yticks([])
    fig.suptitle(f"{method_label}: ✓ / ✗ = predicted true / false correspondence (green: right, red: wrong)",
                 fontsize=9)
    fig.tight_layout()
    return fig


def confusion_heatmaps(tables: dict[str, pd.DataFrame]):
    """One heatmap per method: % of test pairs called true per (image class, music class); diagonal = true pairs."""
    fig, axes = plt.subplots(1, len(tables), figsize=(3.3 * len(tables), 3.2), squeeze=False)
    for ax, (label, table) in zip(axes[0], tables.items()):
        values = table.to_numpy(float)
        ax.imshow(values, vmin=0, vmax=100, cmap="RdBu_r")
        for i in range(values.shape[0]):
            for j in range(values.shape[1]):
                ax.text(j, i, "-" if np.isnan(values[i, j]) else f"{values[i, j]:.0f}", ha="center", va="center",
                        fontsize=8)
        ax.set_xticks(range(3), [c[:3] for c in AFFECT3], fontsize=7)
        ax.set_yticks(range(3), [c[:3] for c in AFFECT3], fontsize=7)
        ax.set(xlabel="music class", ylabel="image class")
        ax.set_title(label[:38], fontsize=8)
    fig.suptitle("% of test pairs called true (diagonal: true pairs; off-diagonal: false pairs)", fontsize=9)
    fig.tight_layout()
    return fig
