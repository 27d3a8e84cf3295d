"""Pieces every adapter shares: rows in the schema, checked file reads, seeded splits."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, UnidentifiedImageError

from music_visual.corpus.media import MediaError
from music_visual.corpus.schema import ANNOTATION_COLUMNS, ITEM_COLUMNS, PAIR_COLUMNS, CorpusError
from music_visual.corpus.world.latents import assign_splits

AUDIO_SUFFIXES = (".flac", ".wav", ".ogg", ".mp3")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
VIDEO_SUFFIXES = (".mp4", ".mkv", ".webm", ".avi")
LABEL_COLUMNS = ("affect3", "emotion8", "emotion10", "genre", "topic")


def safe_id(text: str) -> str:
    """An item id made from a file name or key (letters, digits, ``_.-``)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", str(text)).strip("_") or "item"


def item_row(item_id: str, kind: str, path, source: str, song_id: str = "", duration: float = np.nan,
             **labels) -> dict:
    fmt = Path(str(path)).suffix.lower().lstrip(".")
    row = {"item_id": item_id, "kind": kind, "format": "jpg" if fmt == "jpeg" else fmt, "path": str(path),
           "duration": float(duration), "split": "", "song_id": song_id, "source": source}
    return row | {c: str(labels.get(c, "") or "") for c in LABEL_COLUMNS}


def pair_row(left_id: str, right_id: str, role: str, song_id: str) -> dict:
    return {"left_id": left_id, "right_id": right_id, "role": role, "song_id": song_id, "split": ""}


def annotation_row(kind: str, item_id: str = "", left_id: str = "", right_id: str = "", value=np.nan,
                   text: str = "", annotator: str = "") -> dict:
    return {"kind": kind, "item_id": item_id, "left_id": left_id, "right_id": right_id, "value": float(value),
            "text": text, "annotator": annotator, "start": np.nan, "end": np.nan}


def check_image(path: Path) -> tuple[int, int]:
    """(width, height) of a readable image; :class:`MediaError` otherwise."""
    if not path.is_file():
        raise MediaError("missing_file", f"{path}: no such file")
    try:
        with Image.open(path) as img:
            img.load()
            return img.size
    except (UnidentifiedImageError, OSError) as err:
        raise MediaError("unreadable_image", f"{path}: {err}") from err


def audio_duration(path: Path) -> float:
    """Seconds of audio in an audio file, reading it whole (so corrupt files fail here)."""
    from music_visual.corpus.media import check_audio, decode_audio

    if not path.is_file():
        raise MediaError("missing_file", f"{path}: no such file")
    audio = decode_audio(path, 16000)
    check_audio(audio, 16000, 1.0, str(path))
    return len(audio) / 16000


def _components(items: pd.DataFrame, pairs: pd.DataFrame, groups) -> pd.Series:
    """The root item of each item's component (union-find over pairs, song ids, shared files and groups)."""
    parent = {i: i for i in items["item_id"]}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(ids):
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])

    for a, b in zip(pairs["left_id"], pairs["right_id"]):
        parent[find(a)] = find(b)
    for column in ("song_id", "path"):
        for _, group in items[items[column] != ""].groupby(column):
            join(list(group["item_id"]))
    links = pd.DataFrame(list(groups or ()), columns=["item_id", "group"])
    for _, group in links[links["group"] != ""].groupby("group"):
        join(list(group["item_id"]))
    return items["item_id"].map(find)


def _preset_splits(items: pd.DataFrame, roots: pd.Series) -> dict:
    """root -> the split given to some of its items; :class:`CorpusError` when one component was given two."""
    given = pd.DataFrame({"root": roots, "item_id": items["item_id"], "split": items["split"]})
    given = given[given["split"] != ""]
    conflicts = [g for _, g in given.groupby("root") if g["split"].nunique() > 1]
    if conflicts:
        examples = "; ".join(", ".join(f"{i} ({s})" for i, s in zip(g["item_id"][:4], g["split"][:4]))
                             for g in conflicts[:3])
        raise CorpusError(f"{len(conflicts)} groups of items that must share a split (joined by pairs, a song, a "
                          f"shared file or a group) were given different splits, e.g. {examples}")
    return dict(zip(given["root"], given["split"]))


def split_groups(items: pd.DataFrame, pairs: pd.DataFrame, seed: int,
                 groups=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every item a train/val/test split (70/10/20 of the components, seeded) such that items joined by
    pairs, sharing a ``song_id``, sharing a file (``path``) or sharing a group never cross splits. ``groups`` is
    an iterable of (item_id, group) links (an item may be in several groups; ``""`` is no group). A component
    with a ``split`` already set on some of its items takes that split for all of them (two different ones
    raise :class:`CorpusError`)."""
    roots = _components(items, pairs, groups)
    preset = _preset_splits(items, roots)
    unique = sorted(roots.unique())
    chosen = dict(zip(unique, assign_splits(len(unique), np.random.default_rng(seed))))
    items = items.assign(split=[preset.get(r, chosen[r]) for r in roots])
    split_of = dict(zip(items["item_id"], items["split"]))
    return items, pairs.assign(split=[split_of[a] for a in pairs["left_id"]])


def tables(items: list[dict], pairs: list[dict], annotations: list[dict], seed: int,
           groups=None) -> dict[str, pd.DataFrame]:
    """The three tables in the schema, split by :func:`split_groups` (``groups``: its (item_id, group) links)."""
    frame_items = pd.DataFrame(items, columns=list(ITEM_COLUMNS))
    frame_pairs = pd.DataFrame(pairs, columns=list(PAIR_COLUMNS))
    frame_items, frame_pairs = split_groups(frame_items.fillna({"split": ""}), frame_pairs, seed, groups)
    return {"items": frame_items, "pairs": frame_pairs,
            "annotations": pd.DataFrame(annotations, columns=list(ANNOTATION_COLUMNS))}
