"""Figures the corpus notebook shows: label counts, a contact sheet, spectrograms."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from music_visual.corpus.media import decode_audio
from music_visual.corpus.schema import Corpus

LABEL_COLUMNS = ("affect3", "emotion8", "emotion10", "genre", "topic")
FIGURE_DPI = 90  # keeps the executed notebook small; the key frames are 192 x 144 anyway


def label_bars(corpus: Corpus, kind: str = "audio"):
    """One bar chart per label column, counting items of ``kind``."""
    items = corpus.of_kind(kind)
    fig, axes = plt.subplots(1, len(LABEL_COLUMNS), figsize=(4 * len(LABEL_COLUMNS), 3), dpi=FIGURE_DPI)
    for ax, col in zip(axes, LABEL_COLUMNS):
        counts = items.loc[items[col] != "", col].value_counts().sort_index()
        ax.bar(counts.index, counts.to_numpy())
        ax.set_title(f"{col} ({kind})")
        ax.tick_params(axis="x", rotation=60)
    fig.tight_layout()
    return fig


def contact_sheet(corpus: Corpus, rows: str = "affect3", cols: str = "topic", per_cell: int = 1):
    """Key frames arranged by two label columns (first frames of the first songs in each cell)."""
    images = corpus.items[(corpus.items["kind"] == "image") & (corpus.items["song_id"] != "")]
    images = images[images["item_id"].str.endswith("_img0") | ~images["item_id"].str.contains("_img")]
    row_values, col_values = sorted(images[rows].unique()), sorted(images[cols].unique())
    fig, axes = plt.subplots(len(row_values), len(col_values) * per_cell, squeeze=False,
                             figsize=(2.0 * len(col_values) * per_cell, 1.6 * len(row_values)), dpi=FIGURE_DPI)
    for i, r in enumerate(row_values):
        for j, c in enumerate(col_values):
            cell = images[(images[rows] == r) & (images[cols] == c)].head(per_cell)
            for k in range(per_cell):
                ax = axes[i, j * per_cell + k]
                ax.axis("off")
                if k < len(cell):
                    ax.imshow(Image.open(corpus.path_of(cell["item_id"].iloc[k])))
                if i == 0 and k == 0:
                    ax.set_title(c, fontsize=9)
            axes[i, j * per_cell].text(-0.05, 0.5, r, transform=axes[i, j * per_cell].transAxes,
                                       ha="right", va="center", fontsize=9)
    fig.tight_layout()
    return fig


def spectrograms(corpus: Corpus, by: str = "affect3", sample_rate: int = 22050):
    """Log-mel spectrogram of one song per value of ``by``, with its section boundaries."""
    import librosa

    songs = corpus.of_kind("audio")
    values = sorted(songs.loc[songs[by] != "", by].unique())
    fig, axes = plt.subplots(len(values), 1, figsize=(10, 2.2 * len(values)), squeeze=False, dpi=FIGURE_DPI)
    sections = corpus.annotations[corpus.annotations["kind"] == "section"]
    for ax, value in zip(axes[:, 0], values):
        row = songs[songs[by] == value].iloc[0]
        audio = decode_audio(corpus.path_of(row["item_id"]), sample_rate)
        mel = librosa.power_to_db(librosa.feature.melspectrogram(y=audio, sr=sample_rate, n_mels=64), ref=np.max)
        ax.imshow(mel, origin="lower", aspect="auto", extent=(0, len(audio) / sample_rate, 0, 64), cmap="magma")
        for end in sections.loc[sections["item_id"] == row["item_id"], "end"].iloc[:-1]:
            ax.axvline(end, color="white", lw=1, ls="--")
        ax.set_title(f"{by}={value}  {row['item_id']}  genre={row['genre']}  emotion10={row['emotion10']}", fontsize=9)
        ax.set_ylabel("mel band")
    axes[-1, 0].set_xlabel("seconds (dashed: section boundaries)")
    fig.tight_layout()
    return fig



def structure_rules(structure, resolution: int = 101):
    """The affect -> picture rule of ``structure`` (a :class:`~music_visual.corpus.world.structure.Structure`):
    one column per genre, one row per visual coordinate (grading, vividness, motion), each panel the coordinate's
    value over the music's (valence, arousal) disk."""
    from music_visual.corpus.world.structure import GENRE_TURNS, visual_affect

    grid = np.linspace(-1, 1, resolution)
    v, a = np.meshgrid(grid, grid)
    inside = v ** 2 + a ** 2 <= 1
    names = ("grading x (warm, bright)", "vividness y (saturated, contrasty)", "motion m (tint, cuts, pans)")
    fig, axes = plt.subplots(3, len(GENRE_TURNS), figsize=(2.6 * len(GENRE_TURNS), 7.4), dpi=FIGURE_DPI,
                             sharex=True, sharey=True)
    for col, genre in enumerate(GENRE_TURNS):
        shown = visual_affect(v.ravel(), a.ravel(), np.full(v.size, genre), structure).reshape(*v.shape, 3)
        for row in range(3):
            ax = axes[row, col]
            image = ax.imshow(np.where(inside, shown[..., row], np.nan), extent=(-1, 1, -1, 1), origin="lower",
                              cmap="coolwarm", vmin=-1, vmax=1)
            ax.set_title(genre if row == 0 else "", fontsize=10)
            if col == 0:
                ax.set_ylabel(f"{names[row]}\narousal", fontsize=8)
            if row == 2:
                ax.set_xlabel("valence")
    fig.colorbar(image, ax=axes, shrink=0.6, label="visual coordinate")
    fig.suptitle(f"music affect -> picture: locality {structure.locality}, nonlinearity {structure.nonlinearity}")
    return fig
