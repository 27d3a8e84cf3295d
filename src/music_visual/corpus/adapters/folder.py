"""A folder of the user's own media -> a corpus.

Two layouts (a folder with a ``manifest.csv`` is read as the second, any other as the first):

* **Music videos**: every ``*.mp4|mkv|webm|avi`` under the folder. The audio track is
  extracted to ``audio/<id>.flac`` (22.05 kHz mono) and frames decoded at ``frame_fps``
  (1 fps) are written to ``image/<id>_<k>.jpg``; the video itself stays where it is
  (absolute path). Optional ``labels.csv`` (``file`` + any of affect3, emotion8,
  emotion10, genre, topic) labels the videos.
* **Pairs with a manifest** (:mod:`~music_visual.corpus.adapters.folder_manifest`): a file
  named exactly ``manifest.csv`` with the columns ``image`` and ``audio`` (paths relative to
  the folder, or absolute) and optionally ``lyric`` (a .txt path), ``split`` (train/val/test),
  the label columns, ``pair_id``, ``group``, ``source`` and any columns of the user's own.
  A folder without it and without videos, or a manifest without ``image`` and ``audio``, is a
  :class:`CorpusError` naming the expected file, its columns and the CSV files found.

  - **One item per file**, however many rows use it; a row is a ``song_image`` pair (and a
    ``song_lyric`` pair) between the items of its files. A file's id is its path relative to
    the folder made safe (``a/theme.ogg`` -> ``a_theme.ogg``; absolute paths outside the
    folder: the whole path), or ``<pair_id>_<kind>`` when the row that first uses it has a
    ``pair_id``. Two files never share an id: a row whose new file would take another file's
    id is skipped (``duplicate_id``). An audio item is its own song (``song_id`` = its id); an
    image or lyric takes the song id of its song when it is paired with one song only.
  - **Repeated rows** (the same image, audio and lyric files as an earlier row) are ignored and
    logged, not skipped: they count neither as inputs nor toward ``max_skip_share``;
    ``manifest.json`` has their number as ``duplicate_rows``.
  - **Splits**: everything joined by a pair, a shared file or a ``group`` value stays on one side
    (:func:`~music_visual.corpus.adapters.common.split_groups`); a ``split`` given for some of
    them applies to all, and two different ones are a :class:`CorpusError`.
  - **Images** (:mod:`~music_visual.corpus.adapters.folder_images`): transparency is composited
    onto white and the RGB copy is written to ``image/<id>.png`` (the item points at it); an
    image that is one colour once composited is skipped (``unreadable_image``,
    ``blank_after_composite``); aspect ratios above 3:1 and shorter sides under 32 px are
    flagged and counted in ``manifest.json`` (``image_flags``) and logged.
  - ``item_metadata.parquet`` (this layout only; the items table keeps the shared schema):
    one row per item with ``item_id``, ``kind``, ``file`` (the user's file), ``n_rows`` (rows
    using it), the image flags ``width``, ``height``, ``aspect_ratio``, ``transparent_share``
    (share of pixels with alpha < 255), ``alpha_composited``, ``extreme_aspect``,
    ``tiny_image`` (empty or false for other kinds), then every other manifest column
    (``pair_id``, ``group``, ``source``...: the distinct values of the file's rows joined by
    ``|``; a name already used above gets the prefix ``manifest_``). Labels and ``split`` go
    to the items table (the first non-empty value of the file's rows).

Unusable inputs (corrupt media, no audio track, silent or too-short audio,
unreadable or blank image, empty lyric, missing file, duplicate id) are skipped with their reason.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from music_visual.corpus.adapters.common import LABEL_COLUMNS, VIDEO_SUFFIXES, item_row, pair_row, safe_id, tables
from music_visual.corpus.adapters.folder_manifest import MANIFEST, build_from_manifest, manifest_help
from music_visual.corpus.media import MediaError, check_audio, decode_audio, decode_frames, probe_video
from music_visual.corpus.schema import CorpusError
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


def build(out_dir: Path, source_path: Path, *, seed: int = 0, min_seconds: float = 5.0, frame_fps: float = 1.0,
          max_frames: int = 600):
    if not source_path.is_dir():
        raise FileNotFoundError(f"folder source {source_path} is not a directory")
    if (source_path / MANIFEST).is_file():
        return build_from_manifest(out_dir, source_path, seed)
    if not any(p.suffix.lower() in VIDEO_SUFFIXES for p in source_path.rglob("*")):
        raise CorpusError(f"{source_path} holds neither {MANIFEST} nor music videos "
                          f"({', '.join(VIDEO_SUFFIXES)}); {manifest_help(source_path)}")
    return build_from_videos(out_dir, source_path, seed, min_seconds, frame_fps, max_frames)
