"""YouTube-8M TFRecords (frame level or video level) -> a corpus of feature files.

Frame level: ``SequenceExample`` with context ``id`` and ``labels`` and feature lists
``rgb`` (1024 uint8 bytes per second) and ``audio`` (128 bytes per second). Video
level: ``Example`` with ``id``, ``labels``, ``mean_rgb`` (1024 floats), ``mean_audio``
(128 floats). Quantized values are dequantized as in the dataset's starter code:
``x * (max - min) / 255 + (max - min) / 512 + min`` with ``max = 2, min = -2``.

Videos are kept when they carry ``label_id`` (VM-NET and S-DCCA used the
"Music video" label; pass its index, or ``label_name`` with the dataset's
``vocabulary.csv``) and, at frame level, when they last between
``min_seconds`` and ``max_seconds``. Each kept video becomes ``features/<id>.npz``
(``rgb``, ``audio``) with a ``video`` item and an ``audio`` item (format ``npz``)
joined by a ``music_video`` pair.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.corpus.adapters.common import item_row, pair_row, safe_id, tables
from music_visual.corpus.adapters.tfrecord import RecordError, decode_example, decode_sequence_example, read_records
from music_visual.corpus.skips import SkipLog

MAX_QUANTIZED, MIN_QUANTIZED = 2.0, -2.0


def dequantize(values: np.ndarray) -> np.ndarray:
    span = MAX_QUANTIZED - MIN_QUANTIZED
    return (np.asarray(values, np.float32) * (span / 255.0) + (span / 512.0 + MIN_QUANTIZED)).astype(np.float32)


def label_index(label_name: str, vocabulary_csv: Path) -> int:
    vocab = pd.read_csv(vocabulary_csv)
    hits = vocab.loc[vocab["Name"].astype(str).str.lower() == label_name.lower(), "Index"]
    if hits.empty:
        raise ValueError(f"label {label_name!r} not in {vocabulary_csv}")
    return int(hits.iloc[0])


def parse_record(data: bytes) -> dict:
    """One record as ``{"id", "labels", "rgb" (T, 1024), "audio" (T, 128), "frame_level"}``."""
    context, lists = decode_sequence_example(data)
    if "rgb" in lists:
        frames = lambda name: np.stack([np.frombuffer(f[0], np.uint8) for f in lists[name]])  # noqa: E731
        rgb, audio = dequantize(frames("rgb")), dequantize(frames("audio"))
        return {"id": context["id"][0].decode(), "labels": context.get("labels", np.array([], np.int64)),
                "rgb": rgb, "audio": audio, "frame_level": True}
    ex = decode_example(data)
    if "mean_rgb" not in ex:
        raise RecordError("neither frame-level rgb nor video-level mean_rgb")
    return {"id": ex["id"][0].decode(), "labels": ex.get("labels", np.array([], np.int64)),
            "rgb": ex["mean_rgb"][None, :], "audio": ex["mean_audio"][None, :], "frame_level": False}


def _keep(video: dict, label_id, min_seconds: float, max_seconds: float) -> str:
    if label_id is not None and int(label_id) not in set(video["labels"].tolist()):
        return "filtered_label"
    if video["frame_level"] and not min_seconds <= len(video["rgb"]) <= max_seconds:
        return "too_short"
    return ""


def build(out_dir: Path, source_path: Path, *, seed: int = 0, label_id: int | None = None, label_name: str = "",
          vocabulary_csv: str = "", min_seconds: float = 1.0, max_seconds: float = 1e9):
    """Read every ``*.tfrecord`` under ``source_path`` (or that one file)."""
    if label_name:
        label_id = label_index(label_name, Path(vocabulary_csv))
    files = [source_path] if source_path.is_file() else sorted(source_path.rglob("*.tfrecord"))
    skips, items, pairs, seen, n_inputs = SkipLog(), [], [], set(), 0
    (out_dir / "features").mkdir(parents=True, exist_ok=True)
    for file in files:
        try:
            for k, data in enumerate(read_records(file)):
                n_inputs += 1
                video = parse_record(data)
                vid = safe_id(video["id"])
                reason = "duplicate_id" if vid in seen else _keep(video, label_id, min_seconds, max_seconds)
                if reason:
                    skips.add(f"{file.name}#{k}:{video['id']}", reason, f"labels={video['labels'].tolist()}")
                    continue
                seen.add(vid)
                rel = f"features/{vid}.npz"
                np.savez(out_dir / rel, rgb=video["rgb"], audio=video["audio"], labels=video["labels"])
                seconds = float(len(video["rgb"])) if video["frame_level"] else np.nan
                items += [item_row(f"{vid}_video", "video", rel, "youtube8m", vid, seconds),
                          item_row(f"{vid}_audio", "audio", rel, "youtube8m", vid, seconds)]
                pairs.append(pair_row(f"{vid}_audio", f"{vid}_video", "music_video", vid))
        except RecordError as err:
            n_inputs += 1
            skips.add(str(file), "bad_record", str(err))
    return tables(items, pairs, [], seed), skips, {"n_inputs": n_inputs, "label_id": label_id}
