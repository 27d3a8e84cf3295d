"""Build, save and load S-DCCA's dataset view (``data/processed/sdcca/``), from :mod:`.data`'s parts.

The view is four tables and a record of every decision: ``songs.parquet`` (the retrieval songs,
:data:`~.data.SONG_COLUMNS`), ``splits.parquet`` (fold, song, role), ``emotion_songs.parquet``
(the attention model's songs) and ``skips.csv`` (every music video left out, with its reason),
plus ``view.json`` (settings, counts, the fallbacks taken).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from music_visual.corpus.schema import Corpus, CorpusError
from music_visual.features.store import FeatureTable
from music_visual.papers.sdcca.data import (SONG_COLUMNS, assign_folds, audio_problems, emotion_songs, fold_problems,
                                            fold_splits, item_lengths, music_videos, video_problems)

FILES = ("songs.parquet", "splits.parquet", "emotion_songs.parquet")


@dataclass
class SDCCAView:
    songs: pd.DataFrame
    splits: pd.DataFrame
    emotion_songs: pd.DataFrame
    skips: pd.DataFrame
    meta: dict = field(default_factory=dict)

    @property
    def n_folds(self) -> int:
        return int(self.meta["n_folds"])

    def roles(self, fold: int) -> pd.Series:
        """Each song's role (train / val / test) in ``fold``, aligned with ``songs``' rows."""
        part = self.splits[self.splits["fold"] == fold].set_index("song_id")["role"]
        return part.reindex(self.songs["song_id"]).reset_index(drop=True)

    def fold(self, fold: int, role: str) -> pd.DataFrame:
        """The songs (rows of ``songs``) with ``role`` in ``fold``, in song order."""
        ids = self.splits.loc[(self.splits["fold"] == fold) & (self.splits["role"] == role), "song_id"]
        return self.songs[self.songs["song_id"].isin(set(ids))].reset_index(drop=True)


def build_view(corpus: Corpus, corpus_name: str, audio: FeatureTable, frames: FeatureTable, *, min_seconds: float,
               max_seconds: float, min_audio_seconds: int, min_video_frames: int, n_folds: int, val_share: float,
               seed: int) -> SDCCAView:
    """Select, check and fold the retrieval songs; gather the emotion songs (see :mod:`.data`)."""
    if not 0 < min_seconds <= max_seconds:
        raise ValueError(f"the length window must satisfy 0 < min <= max, got [{min_seconds}, {max_seconds}]")
    videos = music_videos(corpus)
    window = videos["duration"].between(min_seconds, max_seconds)
    chosen = videos[window].reset_index(drop=True)
    reasons = audio_problems(chosen["music_id"], audio, min_audio_seconds)
    video_reasons = video_problems(chosen["video_id"], frames, min_video_frames)
    reasons = reasons.where(reasons != "", video_reasons)
    skips = chosen.loc[reasons != "", ["song_id", "music_id", "video_id"]].assign(reason=reasons[reasons != ""])
    songs = chosen[reasons == ""].reset_index(drop=True)
    if songs.empty:
        raise CorpusError(f"no usable music video lasts {min_seconds}-{max_seconds} s "
                          f"({int(window.sum())} in the window, {len(skips)} skipped)")
    songs["n_seconds"] = item_lengths(audio).loc[songs["music_id"]].to_numpy()
    songs["n_frames"] = item_lengths(frames).loc[songs["video_id"]].to_numpy()
    songs["fold"], sparse = assign_folds(songs, n_folds, seed)
    splits = fold_splits(songs, n_folds, val_share, seed)
    problems = fold_problems(splits, songs["song_id"])
    if problems:
        raise CorpusError("fold integrity: " + "; ".join(problems))
    emotion, emotion_skips = emotion_songs(corpus, audio, set(songs["song_id"]), min_audio_seconds, val_share, seed)
    meta = {"corpus": corpus_name, "min_seconds": min_seconds, "max_seconds": max_seconds,
            "min_audio_seconds": min_audio_seconds, "min_video_frames": min_video_frames, "n_folds": n_folds,
            "val_share": val_share, "seed": seed, "music_videos": len(videos),
            "in_window": int(window.sum()), "outside_window": int((~window).sum()), "usable": len(songs),
            "skipped": {str(k): int(v) for k, v in skips["reason"].value_counts().items()},
            "classes_below_n_folds": list(sparse), "emotion_songs": len(emotion),
            "emotion_songs_skipped": {str(k): int(v) for k, v in emotion_skips.items()},
            "durations_in_window": sorted({float(d) for d in songs["duration"]})}
    return SDCCAView(songs.loc[:, list(SONG_COLUMNS)], splits, emotion, skips.reset_index(drop=True), meta)


def save_view(view: SDCCAView, folder: str | Path) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in zip(FILES, (view.songs, view.splits, view.emotion_songs)):
        table.to_parquet(folder / name, index=False)
    view.skips.to_csv(folder / "skips.csv", index=False)
    (folder / "view.json").write_text(json.dumps(view.meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return folder


def load_view(folder: str | Path) -> SDCCAView:
    """Read a view written by :func:`save_view` (a clear error when 01_data has not run)."""
    folder = Path(folder)
    if not (folder / "view.json").is_file():
        raise FileNotFoundError(f"no S-DCCA dataset view in {folder}: run notebooks/sdcca/01_data.ipynb first")
    tables = [pd.read_parquet(folder / name) for name in FILES]
    skips = pd.read_csv(folder / "skips.csv", dtype=str, keep_default_na=False)
    return SDCCAView(*tables, skips=skips, meta=json.loads((folder / "view.json").read_text(encoding="utf-8")))
