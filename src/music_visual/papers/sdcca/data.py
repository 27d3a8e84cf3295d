"""S-DCCA's dataset view: the corpus's long music videos, 5 folds grouped by song, the emotion songs.

* **Retrieval songs.** The music videos (corpus pairs of role ``music_video``) whose audio lasts
  ``min_seconds`` .. ``max_seconds`` (the paper's MV-10K keeps YouTube-8M music videos of
  216 +- 3 s; the default corpus's long songs last 72 s, so the window is 72 +- 3 s). Each
  needs its per-second audio frames (``sdcca_audio``) of at least ``min_audio_seconds`` seconds,
  unflagged, and at least ``min_video_frames`` frames (``cnn_frames``); every song that fails
  is a named, counted skip (:data:`SKIP_REASONS`), never a silent drop.
* **Folds.** ``n_folds``-fold cross-validation grouped by song (a song's audio and video are in
  one fold) and stratified by the song's ``emotion10`` label (the authors' folds keep the class
  balance; :func:`assign_folds`); a class with fewer songs than folds cannot be in every fold and is counted. Each fold's
  training songs give up a seeded ``val_share`` as the validation songs (plateau, tuning).
  ``splits`` holds one row per (fold, song): its ``role`` ``train``, ``val`` or ``test``.
* **Emotion songs.** The attention model stands in for the paper's emotion model, pre-trained on
  MER31K with AllMusic tags, a collection disjoint from MV-10K. Ours trains on the corpus's other
  labelled music: every audio item outside the retrieval songs (standalone songs and the music
  videos outside the window) with an ``emotion10`` label and usable frames, split once into
  ``train`` / ``val`` by ``val_share``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.corpus.schema import Corpus, CorpusError
from music_visual.features.store import FeatureTable

AUDIO_FLAGS = ("empty", "nonfinite", "silent", "constant")
SKIP_REASONS = ("no_audio_features", "audio_flagged", "audio_too_short", "no_video_features", "too_few_frames")
FAMILIES = {"sdcca_audio": "frames", "cnn_frames": "pooled"}  # the feature families S-DCCA reads -> output
SONG_COLUMNS = ("song_id", "music_id", "video_id", "duration", "emotion10", "affect3", "genre", "n_seconds",
                "n_frames", "fold")


def feature_folder(family: str):
    """``data/processed/features/<family>/<output>`` of one of S-DCCA's two families."""
    from music_visual import paths

    return paths.features_dir(family) / FAMILIES[family]


def music_videos(corpus: Corpus) -> pd.DataFrame:
    """One row per ``music_video`` pair: song, audio and video ids, the audio's duration and labels."""
    pairs, items = corpus.role_pairs("music_video", "S-DCCA retrieves music videos")
    music = items.loc[pairs["left_id"]]
    return pd.DataFrame({"song_id": pairs["song_id"].to_numpy(), "music_id": pairs["left_id"].to_numpy(),
                         "video_id": pairs["right_id"].to_numpy(), "duration": music["duration"].to_numpy(float),
                         "emotion10": music["emotion10"].to_numpy(), "affect3": music["affect3"].to_numpy(),
                         "genre": music["genre"].to_numpy()}).sort_values("song_id").reset_index(drop=True)


def item_lengths(table: FeatureTable) -> pd.Series:
    """Rows (seconds or frames) per item id of a feature table."""
    index = table.index.set_index("item_id")
    return index["stop"] - index["start"]


def audio_problems(music_ids: pd.Series, audio: FeatureTable, min_seconds: int) -> pd.Series:
    """Per audio item: ``""`` when usable, else the skip reason."""
    index = audio.index.set_index("item_id")
    lengths = item_lengths(audio)
    flags = [f for f in AUDIO_FLAGS if f in index.columns]
    reasons = []
    for item in music_ids:
        if item not in index.index:
            reasons.append("no_audio_features")
        elif flags and bool(index.loc[item, flags].any()):
            reasons.append("audio_flagged")
        elif int(lengths[item]) < min_seconds:
            reasons.append("audio_too_short")
        else:
            reasons.append("")
    return pd.Series(reasons, index=music_ids.index, dtype=object)


def video_problems(video_ids: pd.Series, frames: FeatureTable, min_frames: int) -> pd.Series:
    """Per video: ``""`` when it has at least ``min_frames`` frame features, else the skip reason."""
    lengths = item_lengths(frames)
    return pd.Series(["no_video_features" if v not in lengths.index else
                      "too_few_frames" if int(lengths[v]) < min_frames else "" for v in video_ids],
                     index=video_ids.index, dtype=object)


def assign_folds(songs: pd.DataFrame, n_folds: int, seed: int) -> tuple[np.ndarray, list[str]]:
    """Fold of each song, grouped by song and stratified by ``emotion10``; and the classes below ``n_folds`` songs.

    Per class (classes in a seeded order) the songs are shuffled and the concatenated list is dealt
    to the folds in turn, so every class is spread as evenly as it can be and the folds' sizes
    differ by at most one. All rows of one song share its fold.
    """
    if (songs.groupby("song_id")["emotion10"].nunique() > 1).any():
        raise CorpusError("a song with two emotion10 labels: its rows cannot share one stratum")
    per_song = songs.drop_duplicates("song_id")
    if len(per_song) < 2 * n_folds:
        raise CorpusError(f"{len(per_song)} usable songs cannot fill {n_folds} folds (need at least {2 * n_folds}): "
                          "widen the length window or lower n_folds")
    rng = np.random.default_rng(seed)
    counts = per_song["emotion10"].value_counts()
    sparse = sorted(counts[counts < n_folds].index)
    order = []
    for label in rng.permutation(sorted(counts.index)):
        members = per_song.loc[per_song["emotion10"] == label, "song_id"].to_numpy()
        order += list(rng.permutation(members))
    fold_of = {song: i % n_folds for i, song in enumerate(order)}
    return songs["song_id"].map(fold_of).to_numpy(np.int64), sparse


def fold_splits(songs: pd.DataFrame, n_folds: int, val_share: float, seed: int) -> pd.DataFrame:
    """One row per (fold, song) with its role: ``test`` (the fold's songs), ``val`` or ``train``."""
    if not 0 < val_share < 1:
        raise ValueError(f"val_share must lie in (0, 1), got {val_share}")
    rows = []
    for fold in range(n_folds):
        rest = songs.loc[songs["fold"] != fold, "song_id"].to_numpy()
        n_val = int(np.clip(round(val_share * len(rest)), 2, len(rest) - 2))
        val = set(np.random.default_rng([seed, fold]).choice(rest, size=n_val, replace=False))
        rows += [{"fold": fold, "song_id": s, "role": "test"} for s in songs.loc[songs["fold"] == fold, "song_id"]]
        rows += [{"fold": fold, "song_id": s, "role": "val" if s in val else "train"} for s in rest]
    return pd.DataFrame(rows).sort_values(["fold", "role", "song_id"]).reset_index(drop=True)


def fold_problems(splits: pd.DataFrame, song_ids) -> list[str]:
    """Fold integrity: every song in exactly one test set, and in exactly one role per fold."""
    problems = []
    tests = splits[splits["role"] == "test"].groupby("song_id")["fold"].nunique()
    twice = tests[tests > 1].index.tolist()
    if twice:
        problems.append(f"{len(twice)} songs in more than one fold's test set, e.g. {twice[:3]}")
    never = sorted(set(song_ids) - set(tests.index))
    if never:
        problems.append(f"{len(never)} songs in no test set, e.g. {never[:3]}")
    roles = splits.groupby(["fold", "song_id"])["role"].count()
    if (roles != 1).any():
        problems.append(f"{int((roles != 1).sum())} (fold, song) pairs with more than one role")
    for fold, part in splits.groupby("fold"):
        missing = set(song_ids) - set(part["song_id"])
        if missing:
            problems.append(f"fold {fold}: {len(missing)} songs have no role")
    return problems


def emotion_songs(corpus: Corpus, audio: FeatureTable, exclude_songs, min_seconds: int, val_share: float,
                  seed: int) -> tuple[pd.DataFrame, pd.Series]:
    """The labelled audio items outside the retrieval songs (the attention model's data), and skip counts."""
    items = corpus.items
    audio_items = items[(items["kind"] == "audio") & (items["emotion10"] != "") & ~items["song_id"].isin(exclude_songs)]
    reasons = audio_problems(audio_items["item_id"], audio, min_seconds)
    kept = audio_items[reasons == ""]
    table = pd.DataFrame({"music_id": kept["item_id"].to_numpy(), "song_id": kept["song_id"].to_numpy(),
                          "emotion10": kept["emotion10"].to_numpy(), "duration": kept["duration"].to_numpy(float)})
    table = table.sort_values("music_id").reset_index(drop=True)
    if len(table) < 4:
        raise CorpusError(f"only {len(table)} labelled songs outside the retrieval songs: the emotion model needs "
                          "at least 4 (narrow the length window)")
    n_val = int(np.clip(round(val_share * len(table)), 1, len(table) - 2))
    val = np.random.default_rng(seed).choice(len(table), size=n_val, replace=False)
    table["split"] = np.where(np.isin(np.arange(len(table)), val), "val", "train")
    return table, reasons[reasons != ""].value_counts()
