"""Feature families: which corpus items each family reads and the per-item worker it runs.

A family is one DVC stage (``python -m music_visual.features.stage FAMILY``).
Its worker takes one unit (``item_id`` + absolute ``path``) and returns
``({output_name: array}, flags)``; outputs are saved by item id with
:mod:`music_visual.feature_store`. Workers are module-level functions so a
dask worker can unpickle them; the CNN session is built once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from music_visual.corpus.media import decode_frames
from music_visual.features.audio_acpnet import ACPNET_SR, extract_acpnet_audio_features
from music_visual.features.audio_io import audio_flags, load_audio
from music_visual.features.audio_sdcca import sdcca_audio_frames
from music_visual.features.audio_segments import mrcca_segments_worker
from music_visual.features.audio_vmnet import extract_vmnet_audio_features
from music_visual.features.image_io import as_rgb_array
from music_visual.features.image_tags import image_tag_vector
from music_visual.features.visual_cnn import CnnFrameExtractor
from music_visual.features.visual_handcrafted import extract_handcrafted_image_features

_CNN: dict[tuple, CnnFrameExtractor] = {}


def _cnn(model_path: str, threads: int) -> CnnFrameExtractor:
    key = (model_path, threads)
    if key not in _CNN:
        _CNN[key] = CnnFrameExtractor(model_path, batch_size=32, num_threads=threads)
    return _CNN[key]


def _merge_flags(*flag_dicts: dict) -> dict:
    merged: dict[str, bool] = {}
    for flags in flag_dicts:
        for k, v in flags.items():
            merged[k] = bool(merged.get(k, False) or v)
    return merged


def vmnet_audio_worker(unit: dict, sample_rate: int = 12000):
    y, sr = load_audio(unit["path"], sample_rate)
    values, flags = extract_vmnet_audio_features(y, sr)
    return {"music": values}, flags


def acpnet_audio_worker(unit: dict, segment_s: float = 60.0, window_s: float = 10.0, window_hop_s: float = 5.0):
    y, sr = load_audio(unit["path"], ACPNET_SR)
    values, flags = extract_acpnet_audio_features(y, sr, segment_s=segment_s, window_s=window_s,
                                                  window_hop_s=window_hop_s)
    return {"segments": values}, flags


def sdcca_audio_worker(unit: dict, sample_rate: int = 16000):
    y, sr = load_audio(unit["path"], sample_rate)
    values, flags = sdcca_audio_frames(y, sr)
    return {"frames": values}, flags


def cnn_frames_worker(unit: dict, fps: float = 0.2, max_frames: int = 60, model_path: str = "", threads: int = 1):
    frames = decode_frames(unit["path"], fps=fps, max_frames=max_frames)
    pooled, _, flags = _cnn(model_path, threads)(list(frames))
    return {"pooled": pooled}, _merge_flags(*flags)


def cnn_images_worker(unit: dict, model_path: str = "", threads: int = 1):
    from PIL import Image

    with Image.open(unit["path"]) as img:
        rgb = as_rgb_array(img)
    pooled, probs, flags = _cnn(model_path, threads)([rgb])
    return {"pooled": pooled[0], "tags": image_tag_vector(probs[0], rgb)}, flags[0]


def handcrafted_images_worker(unit: dict):
    from PIL import Image

    with Image.open(unit["path"]) as img:
        values, flags = extract_handcrafted_image_features(as_rgb_array(img))
    return {"handcrafted": values}, flags


@dataclass(frozen=True)
class Family:
    """A feature family: the item kind it reads, its worker and whether it needs the CNN."""

    name: str
    kind: str
    worker: Callable
    uses_cnn: bool = False
    description: str = ""


FAMILIES = {f.name: f for f in [
    Family("vmnet_audio", "audio", vmnet_audio_worker, description="VM-NET 1140-d music-level features"),
    Family("acpnet_audio", "audio", acpnet_audio_worker, description="ACP-Net 193-d per 60 s segment"),
    Family("sdcca_audio", "audio", sdcca_audio_worker, description="S-DCCA per-second 128-d frames"),
    Family("mrcca_segments", "audio", mrcca_segments_worker,
           description="MR-CCA 133-d per music segment (novelty segmentation) + segment bounds"),
    Family("cnn_frames", "video", cnn_frames_worker, uses_cnn=True,
           description="EfficientNet-Lite0 1280-d per sampled video frame"),
    Family("cnn_images", "image", cnn_images_worker, uses_cnn=True,
           description="EfficientNet-Lite0 1280-d + 1023-d tag vector per image"),
    Family("handcrafted_images", "image", handcrafted_images_worker,
           description="MR-CCA-style 2596-d colour/shape/texture features per image"),
]}


def family_units(family: Family, items: pd.DataFrame, root) -> list[dict]:
    """Units (item id + absolute path) of the corpus items a family reads."""
    from music_visual.corpus.schema import resolve_item_path

    rows = items[items["kind"] == family.kind]
    return [{"item_id": i, "path": str(resolve_item_path(root, p))} for i, p in zip(rows["item_id"], rows["path"])]


def check_audio_flags(y: np.ndarray, sr: int) -> dict:
    """Flags of a decoded waveform (re-exported for notebooks)."""
    return audio_flags(y, sr)
