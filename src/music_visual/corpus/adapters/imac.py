"""IMAC (ACP-Net) -> a corpus of emotion-labelled, unpaired images and songs.

Layout: ``images/<emotion>/*.jpg|png`` with the Image Emotion database's 8 folders
(amusement, anger, awe, contentment, disgust, excitement, fear, sadness; any case)
and ``music/`` audio files with ``music_labels.csv`` (columns ``file`` and ``label``:
positive / neutral / negative). Image labels are regrouped into 3 classes with
ACP-Net's Table 1 (``labels.AFFECT3_OF_EMOTION8``). There are no pairs: ACP-Net pairs
images and music by label.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from music_visual.corpus import labels
from music_visual.corpus.adapters.common import (
    IMAGE_SUFFIXES, audio_duration, check_image, item_row, safe_id, tables,
)
from music_visual.corpus.media import MediaError
from music_visual.corpus.skips import SkipLog


def _image_items(folder: Path, skips: SkipLog) -> tuple[list[dict], int]:
    items, n = [], 0
    for sub in sorted(p for p in (folder / "images").iterdir() if p.is_dir()):
        emotion = sub.name.lower()
        for path in sorted(p for p in sub.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
            n += 1
            if emotion not in labels.EMOTION8:
                skips.add(str(path), "filtered_label", f"folder {sub.name} is not an image-emotion class")
                continue
            try:
                check_image(path)
            except MediaError as err:
                skips.add(str(path), err.reason, str(err))
                continue
            items.append(item_row(f"img_{emotion}_{safe_id(path.stem)}", "image", path.resolve(), "imac",
                                  emotion8=emotion, affect3=labels.AFFECT3_OF_EMOTION8[emotion]))
    return items, n


def _music_items(folder: Path, skips: SkipLog) -> tuple[list[dict], int]:
    table = pd.read_csv(folder / "music_labels.csv", dtype=str).fillna("")
    items, seen = [], set()
    for row in table.itertuples(index=False):
        path, label = folder / "music" / row.file, row.label.strip().lower()
        mid = f"music_{safe_id(Path(row.file).stem)}"
        if mid in seen:
            skips.add(str(path), "duplicate_id", f"{row.file} listed twice")
            continue
        if label not in labels.AFFECT3:
            skips.add(str(path), "filtered_label", f"label {row.label!r} is not positive/neutral/negative")
            continue
        try:
            duration = audio_duration(path)
        except MediaError as err:
            skips.add(str(path), err.reason, str(err))
            continue
        seen.add(mid)
        items.append(item_row(mid, "audio", path.resolve(), "imac", mid, duration, affect3=label))
    return items, len(table)


def build(out_dir: Path, source_path: Path, *, seed: int = 0):
    for needed in ("images", "music", "music_labels.csv"):
        if not (source_path / needed).exists():
            raise FileNotFoundError(f"IMAC folder {source_path} lacks {needed}")
    skips = SkipLog()
    images, n_images = _image_items(source_path, skips)
    music, n_music = _music_items(source_path, skips)
    return tables(images + music, [], [], seed), skips, {"n_inputs": n_images + n_music}
