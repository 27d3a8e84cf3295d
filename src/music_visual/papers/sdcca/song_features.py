"""What ``02_features`` computes per retrieval song, and its files (``data/processed/sdcca/features/``).

* ``queries.npz`` -- every query's raw-frame mean (``mean``, ``attention_<k>_<c>``, ``random_<k>_<c>``),
  one row per song of the view, in ``songs.parquet`` order;
* ``clusters.parquet`` -- ``song_id``, ``cluster`` (0..9, in :data:`~music_visual.corpus.labels.EMOTION10`
  order of the categories that seeded them), ``cluster_name``, ``emotion10``, ``predicted`` (the
  emotion model's class);
* ``selections.parquet`` -- the chunks each query chose (:func:`~.chunks.build_queries`);
* ``attention.parquet`` -- one row per (song, sub-chunk): its seconds, attention weight and the
  generator's section intensity (:func:`attention_table`);
* ``features.json`` -- settings and counts (the emotion model's record, k-means, agreement).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from music_visual.papers.sdcca.chunks import section_intensity


def attention_table(song_ids, weights: list[np.ndarray], sections: pd.DataFrame, music_ids, n_seconds,
                    chunk_seconds: int) -> pd.DataFrame:
    """Per (song, sub-chunk): start/end second, attention weight, mean section intensity, section name."""
    rows = []
    by_item = dict(tuple(sections.groupby("item_id"))) if len(sections) else {}
    for song, music, seconds, w in zip(song_ids, music_ids, n_seconds, weights):
        song_sections = by_item.get(music, pd.DataFrame(columns=["start", "end", "value", "text"]))
        intensity = section_intensity(song_sections, int(seconds))
        names = np.full(int(seconds), "", dtype=object)
        middle = np.arange(int(seconds)) + 0.5
        for start, end, text in song_sections[["start", "end", "text"]].itertuples(index=False):
            names[(middle >= start) & (middle < end)] = text
        for t, weight in enumerate(w):
            a, b = t * chunk_seconds, (t + 1) * chunk_seconds
            values = intensity[a:b]
            rows.append({"song_id": song, "sub_chunk": t, "start": a, "end": b, "weight": float(weight),
                         "intensity": float(np.nanmean(values)) if np.isfinite(values).any() else np.nan,
                         "section": pd.Series(names[a:b]).mode().iloc[0] if b <= len(names) else ""})
    return pd.DataFrame(rows)


def attention_vs_intensity(table: pd.DataFrame) -> dict:
    """Does attention follow the generator's intensity? Per-song Spearman and the top sub-chunk's section.

    Songs whose intensity is constant over their sub-chunks (or unknown) have no rank correlation
    and are counted out (``songs_without_contrast``). ``top_in_loudest`` is the share of songs
    whose highest-weight sub-chunk lies in their most intense section; ``loudest_share`` the share
    of sub-chunks there (what a random choice would give).
    """
    rhos, top, loud, skipped = [], [], [], 0
    for _, song in table.groupby("song_id"):
        known = song.dropna(subset=["intensity"])
        if known["intensity"].nunique() < 2 or known["weight"].nunique() < 2:
            skipped += 1
            continue
        rhos.append(float(spearmanr(known["weight"], known["intensity"]).statistic))
        loudest = known["intensity"] == known["intensity"].max()
        top.append(bool(loudest.loc[known["weight"].idxmax()]))
        loud.append(float(loudest.mean()))
    return {"songs": int(table["song_id"].nunique()), "songs_without_contrast": skipped,
            "spearman": rhos, "mean_spearman": float(np.mean(rhos)) if rhos else float("nan"),
            "top_in_loudest": float(np.mean(top)) if top else float("nan"),
            "loudest_share": float(np.mean(loud)) if loud else float("nan")}


@dataclass
class SongFeatures:
    queries: dict[str, np.ndarray]
    clusters: pd.DataFrame
    selections: pd.DataFrame
    attention: pd.DataFrame
    meta: dict = field(default_factory=dict)

    def cluster_ids(self, song_ids) -> np.ndarray:
        return self.clusters.set_index("song_id").loc[list(song_ids), "cluster"].to_numpy(np.int64)


def save_song_features(features: SongFeatures, folder: str | Path) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / "queries.npz", **features.queries)
    features.clusters.to_parquet(folder / "clusters.parquet", index=False)
    features.selections.assign(chunks=features.selections["chunks"].map(json.dumps)).to_parquet(
        folder / "selections.parquet", index=False)
    features.attention.to_parquet(folder / "attention.parquet", index=False)
    (folder / "features.json").write_text(json.dumps(features.meta, indent=2, sort_keys=True, default=float) + "\n",
                                          encoding="utf-8")
    return folder


def load_song_features(folder: str | Path) -> SongFeatures:
    """Read what :func:`save_song_features` wrote (a clear error when 02_features has not run)."""
    folder = Path(folder)
    if not (folder / "features.json").is_file():
        raise FileNotFoundError(f"no S-DCCA song features in {folder}: run notebooks/sdcca/02_features.ipynb first")
    with np.load(folder / "queries.npz") as data:
        queries = {k: data[k] for k in data.files}
    selections = pd.read_parquet(folder / "selections.parquet")
    selections["chunks"] = selections["chunks"].map(json.loads)
    return SongFeatures(queries, pd.read_parquet(folder / "clusters.parquet"), selections,
                        pd.read_parquet(folder / "attention.parquet"),
                        json.loads((folder / "features.json").read_text(encoding="utf-8")))
