"""MR-CCA style data -> a corpus of music-image pairs with pairwise preferences.

Layout: ``pairs.csv`` (columns ``image``, ``music``: paths relative to the folder,
one row per matched pair) and optional ``preferences.csv`` (columns ``image``,
``music_a``, ``music_b``, ``preferred`` = ``a`` or ``b``, optional ``annotator``):
an annotator shown the image preferred one of the two songs. Preferences become
``preference`` annotations (``left_id`` = music_a, ``right_id`` = music_b,
``value`` 1 when a was preferred); rows naming unknown or skipped files are skipped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from music_visual.corpus.adapters.common import (
    annotation_row, audio_duration, check_image, item_row, pair_row, safe_id, tables,
)
from music_visual.corpus.media import MediaError
from music_visual.corpus.skips import SkipLog


def _load_file(kind: str, rel: str, folder: Path, known: dict, bad: dict) -> str:
    """Item id of an image or music file (reading it once); :class:`MediaError` if unusable."""
    key = (kind, rel)
    if key in bad:
        raise bad[key]
    if key not in known:
        path = folder / rel
        try:
            duration = audio_duration(path) if kind == "audio" else float("nan")
            if kind == "image":
                check_image(path)
        except MediaError as err:
            bad[key] = err
            raise
        prefix = "music" if kind == "audio" else "image"
        item_id = f"{prefix}_{safe_id(Path(rel).with_suffix('').as_posix())}"
        known[key] = item_row(item_id, kind, path.resolve(), "mrcca_pairs", item_id if kind == "audio" else "",
                              duration)
    return known[key]["item_id"]


def _preferences(folder: Path, known: dict, bad: dict, skips: SkipLog) -> tuple[list[dict], int]:
    file = folder / "preferences.csv"
    if not file.is_file():
        return [], 0
    rows, notes = pd.read_csv(file, dtype=str).fillna("").to_dict("records"), []
    for n, row in enumerate(rows):
        choice = row["preferred"].strip().lower()
        try:
            if choice not in ("a", "b"):
                raise MediaError("bad_record", f"preferred must be a or b, got {row['preferred']!r}")
            ids = [_load_file(k, row[c], folder, known, bad)
                   for k, c in (("image", "image"), ("audio", "music_a"), ("audio", "music_b"))]
        except MediaError as err:
            skips.add(f"preferences.csv row {n + 2}", err.reason, str(err))
            continue
        notes.append(annotation_row("preference", ids[0], ids[1], ids[2], value=float(choice == "a"),
                                    annotator=row.get("annotator", "")))
    return notes, len(rows)


def build(out_dir: Path, source_path: Path, *, seed: int = 0):
    rows = pd.read_csv(source_path / "pairs.csv", dtype=str).fillna("").to_dict("records")
    skips, known, bad, pairs, seen = SkipLog(), {}, {}, [], set()
    for n, row in enumerate(rows):
        try:
            image_id = _load_file("image", row["image"], source_path, known, bad)
            music_id = _load_file("audio", row["music"], source_path, known, bad)
        except MediaError as err:
            skips.add(f"pairs.csv row {n + 2}", err.reason, str(err))
            continue
        if (music_id, image_id) in seen:
            skips.add(f"pairs.csv row {n + 2}", "duplicate_id", f"pair {music_id}-{image_id} listed twice")
            continue
        seen.add((music_id, image_id))
        pairs.append(pair_row(music_id, image_id, "song_image", music_id))
    notes, n_prefs = _preferences(source_path, known, bad, skips)
    return tables(list(known.values()), pairs, notes, seed), skips, {"n_inputs": len(rows) + n_prefs}
