"""Pieces every adapter shares: rows in the schema, checked file reads, seeded splits."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, UnidentifiedImageError

from music_visual.corpus.media import MediaError
from music_visual.corpus.schema import ANNOTATION_COLUMNS, ITEM_COLUMNS, PAIR_COLUMNS
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


def split_groups(items: pd.DataFrame, pairs: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Give every item a train/val/test split (70/10/20, seeded) such that items joined by
    pairs or sharing a ``song_id`` never cross splits; keep a ``split`` already set."""
    parent = {i: i for i in items["item_id"]}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in zip(pairs["left_id"], pairs["right_id"]):
        parent[find(a)] = find(b)
    for _, group in items[items["song_id"] != ""].groupby("song_id"):
        ids = list(group["item_id"])
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    roots = items["item_id"].map(find)
    unique = sorted(roots.unique())
    chosen = dict(zip(unique, assign_splits(len(unique), np.random.default_rng(seed))))
    items = items.assign(split=[s if s else chosen[r] for s, r in zip(items["split"], roots)])
    split_of = dict(zip(items["item_id"], items["split"]))
    return items, pairs.assign(split=[split_of[a] for a in pairs["left_id"]])


def tables(items: list[dict], pairs: list[dict], annotations: list[dict], seed: int) -> dict[str, pd.DataFrame]:
    frame_items = pd.DataFrame(items, columns=list(ITEM_COLUMNS))
    frame_pairs = pd.DataFrame(pairs, columns=list(PAIR_COLUMNS))
    frame_items, frame_pairs = split_groups(frame_items.fillna({"split": ""}), frame_pairs, seed)
    return {"items": frame_items, "pairs": frame_pairs,
            "annotations": pd.DataFrame(annotations, columns=list(ANNOTATION_COLUMNS))}
