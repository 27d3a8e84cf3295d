"""Shuttersong (Image2song) -> a corpus of (image, song clip, lyric) triplets.

Layout: ``shuttersong.csv`` with one row per shared post and columns ``image``
(path), ``song`` (path of the song clip), ``lyric`` (path of a .txt file, or the
lyric text itself), ``mood`` (may be empty: only 18.6 % of songs have one) and
``favourites`` (favourite count). Paths are relative to the folder. Rows sharing a
song clip share one audio item and one lyric item; each row adds an image, a
``song_image`` pair and a ``favourites`` annotation; moods become ``mood`` annotations.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from music_visual.corpus.adapters.common import (
    annotation_row, audio_duration, check_image, item_row, pair_row, safe_id, tables,
)
from music_visual.corpus.media import MediaError
from music_visual.corpus.skips import SkipLog


def _lyric_item(row, folder: Path, out_dir: Path, sid: str) -> dict:
    text_or_path = str(row["lyric"])
    candidate = folder / text_or_path
    if text_or_path.endswith(".txt"):
        if not candidate.is_file():
            raise MediaError("missing_file", f"{candidate}: no such file")
        text = candidate.read_text(errors="replace")
    else:
        text = text_or_path
    if not text.strip():
        raise MediaError("empty_lyric", f"song {row['song']}: empty lyric")
    (out_dir / "lyric").mkdir(exist_ok=True)
    (out_dir / "lyric" / f"{sid}.txt").write_text(text)
    return item_row(f"{sid}_lyric", "lyric", f"lyric/{sid}.txt", "shuttersong", sid)


def _song_items(row, folder: Path, out_dir: Path, sid: str) -> list[dict]:
    duration = audio_duration(folder / row["song"])
    return [item_row(f"{sid}_audio", "audio", (folder / row["song"]).resolve(), "shuttersong", sid, duration),
            _lyric_item(row, folder, out_dir, sid)]


def build(out_dir: Path, source_path: Path, *, seed: int = 0):
    rows = pd.read_csv(source_path / "shuttersong.csv", dtype=str).fillna("").to_dict("records")
    skips, items, pairs, notes, songs, bad_songs = SkipLog(), [], [], [], set(), {}
    for n, row in enumerate(rows):
        sid, where = safe_id(Path(row["song"]).stem), f"shuttersong.csv row {n + 2}"
        try:
            if sid in bad_songs:
                raise bad_songs[sid]
            if sid not in songs:
                try:
                    items += _song_items(row, source_path, out_dir, sid)
                except MediaError as err:
                    bad_songs[sid] = err
                    raise
                songs.add(sid)
                pairs.append(pair_row(f"{sid}_audio", f"{sid}_lyric", "song_lyric", sid))
                if row.get("mood"):
                    notes.append(annotation_row("mood", f"{sid}_audio", text=row["mood"].strip().lower()))
            check_image(source_path / row["image"])
        except MediaError as err:
            skips.add(where, err.reason, str(err))
            continue
        iid = f"{sid}_image{n}"
        items.append(item_row(iid, "image", (source_path / row["image"]).resolve(), "shuttersong", sid))
        pairs.append(pair_row(f"{sid}_audio", iid, "song_image", sid))
        count = float(row["favourites"]) if str(row.get("favourites", "")).strip() else float("nan")
        notes.append(annotation_row("favourites", left_id=f"{sid}_audio", right_id=iid, value=count))
    return tables(items, pairs, notes, seed), skips, {"n_inputs": len(rows)}
