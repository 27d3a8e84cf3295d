"""A folder of the user's own media -> a corpus.

Two layouts:

* **Music videos**: every ``*.mp4|mkv|webm|avi`` under the folder. The audio track is
  extracted to ``audio/<id>.flac`` (22.05 kHz mono) and frames decoded at ``frame_fps``
  (1 fps) are written to ``image/<id>_<k>.jpg``; the video itself stays where it is
  (absolute path). Optional ``labels.csv`` (``file`` + any of affect3, emotion8,
  emotion10, genre, topic) labels the videos.
* **Pairs with a manifest**: a ``manifest.csv`` with columns ``image`` and ``audio``
  (paths relative to the folder), optional ``lyric`` (a .txt path), ``split`` and label
  columns. Each row becomes a ``song_image`` pair (and a ``song_lyric`` pair).

Unusable inputs (corrupt media, no audio track, silent or too-short audio,
unreadable image, empty lyric, missing file, duplicate id) are skipped with their reason.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from music_visual.corpus.adapters.common import (
    LABEL_COLUMNS, VIDEO_SUFFIXES, audio_duration, check_image, item_row, pair_row, safe_id, tables,
)
from music_visual.corpus.media import MediaError, check_audio, decode_audio, decode_frames, probe_video
from music_visual.corpus.skips import SkipLog
from music_visual.corpus.world.media_writer import write_flac, write_jpg

SAMPLE_RATE = 22050


def _labels(folder: Path) -> dict[str, dict]:
    file = folder / "labels.csv"
    if not file.is_file():
        return {}
    frame = pd.read_csv(file, dtype=str).fillna("")
    return {row["file"]: {c: row.get(c, "") for c in LABEL_COLUMNS} for _, row in frame.iterrows()}


def _video_rows(path: Path, vid: str, out_dir: Path, labels: dict, min_seconds: float, frame_fps: float,
                max_frames: int):
    info = probe_video(path)
    if not info.has_audio:
        raise MediaError("no_audio_track", f"{path}: no audio track")
    audio = decode_audio(path, SAMPLE_RATE)
    check_audio(audio, SAMPLE_RATE, min_seconds, str(path))
    frames = decode_frames(path, fps=frame_fps, max_frames=max_frames)
    write_flac(out_dir / "audio" / f"{vid}.flac", audio, SAMPLE_RATE)
    duration = len(audio) / SAMPLE_RATE
    items = [item_row(f"{vid}_video", "video", path.resolve(), "folder", vid, info.duration or duration, **labels),
             item_row(f"{vid}_audio", "audio", f"audio/{vid}.flac", "folder", vid, duration, **labels)]
    pairs = [pair_row(f"{vid}_audio", f"{vid}_video", "music_video", vid)]
    for k, frame in enumerate(frames):
        write_jpg(out_dir / "image" / f"{vid}_{k}.jpg", frame)
        items.append(item_row(f"{vid}_img{k}", "image", f"image/{vid}_{k}.jpg", "folder", vid, **labels))
        pairs.append(pair_row(f"{vid}_audio", f"{vid}_img{k}", "song_image", vid))
    return items, pairs


def build_from_videos(out_dir: Path, folder: Path, seed: int, min_seconds: float, frame_fps: float, max_frames: int):
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in VIDEO_SUFFIXES)
    labels, skips, items, pairs, seen = _labels(folder), SkipLog(), [], [], set()
    for path in files:
        vid = safe_id(path.stem)
        if vid in seen:
            skips.add(str(path), "duplicate_id", f"another video is also named {vid}")
            continue
        try:
            new_items, new_pairs = _video_rows(path, vid, out_dir, labels.get(path.name, {}), min_seconds,
                                               frame_fps, max_frames)
        except MediaError as err:
            skips.add(str(path), err.reason, str(err))
            continue
        seen.add(vid)
        items += new_items
        pairs += new_pairs
    return tables(items, pairs, [], seed), skips, {"n_inputs": len(files)}


def _manifest_row(row: dict, folder: Path, n: int):
    image, audio = folder / row["image"], folder / row["audio"]
    check_image(image)
    duration = audio_duration(audio)
    labels = {c: row.get(c, "") for c in LABEL_COLUMNS}
    sid = safe_id(Path(row["audio"]).stem)
    items = [item_row(f"{sid}_audio", "audio", audio.resolve(), "folder", sid, duration, **labels),
             item_row(f"{sid}_image{n}", "image", image.resolve(), "folder", sid, **labels)]
    pairs = [pair_row(f"{sid}_audio", f"{sid}_image{n}", "song_image", sid)]
    if row.get("lyric"):
        lyric = folder / row["lyric"]
        if not lyric.is_file():
            raise MediaError("missing_file", f"{lyric}: no such file")
        if not lyric.read_text(errors="replace").strip():
            raise MediaError("empty_lyric", f"{lyric}: empty lyric")
        items.append(item_row(f"{sid}_lyric", "lyric", lyric.resolve(), "folder", sid, **labels))
        pairs.append(pair_row(f"{sid}_audio", f"{sid}_lyric", "song_lyric", sid))
    for item in items:
        item["split"] = row.get("split", "")
    return items, pairs


def build_from_manifest(out_dir: Path, folder: Path, seed: int):
    rows = pd.read_csv(folder / "manifest.csv", dtype=str).fillna("").to_dict("records")
    skips, items, pairs, seen = SkipLog(), {}, [], set()
    for n, row in enumerate(rows):
        key = (row.get("image"), row.get("audio"))
        if key in seen:
            skips.add(f"manifest.csv row {n + 2}", "duplicate_id", f"pair {key} listed twice")
            continue
        try:
            new_items, new_pairs = _manifest_row(row, folder, n)
        except MediaError as err:
            skips.add(f"manifest.csv row {n + 2}", err.reason, str(err))
            continue
        seen.add(key)
        items.update({i["item_id"]: i for i in new_items})
        pairs += new_pairs
    return tables(list(items.values()), pairs, [], seed), skips, {"n_inputs": len(rows)}


def build(out_dir: Path, source_path: Path, *, seed: int = 0, min_seconds: float = 5.0, frame_fps: float = 1.0,
          max_frames: int = 600):
    if not source_path.is_dir():
        raise FileNotFoundError(f"folder source {source_path} is not a directory")
    if (source_path / "manifest.csv").is_file():
        return build_from_manifest(out_dir, source_path, seed)
    return build_from_videos(out_dir, source_path, seed, min_seconds, frame_fps, max_frames)
