"""Read a query file into the study's features, with a clear error for a file that cannot be used.

The kind comes from the file's extension, else from its streams (a video stream: a video; only audio: an
audio file). Features are those of the corpus's feature families, with the families' ``params.yaml``
settings: ``cnn_frames`` (EfficientNet-Lite0, 1280-d per frame sampled at its ``fps``) for a video and, as
one frame, for an image; ``vmnet_audio`` (VM-NET's 1140-d music statistics) for audio.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from music_visual.errors import StudyError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"}
AUDIO_SUFFIXES = {".wav", ".mp3", ".ogg", ".oga", ".flac", ".m4a", ".aac", ".opus", ".wma", ".aiff", ".aif"}
VIDEO_SUFFIXES = {".mp4", ".mkv", ".webm", ".mov", ".avi", ".m4v", ".mpg", ".mpeg", ".wmv", ".flv", ".ts"}
KINDS = ("video", "image", "audio")
MIN_AUDIO_SECONDS = 5.0     # shorter audio gives VM-NET's statistics too few frames to mean anything
AUDIO_RATE = 22050


class QueryError(StudyError):
    """A query file the search cannot use; ``reason`` is one of the corpus's skip reasons."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Query:
    """A query file's features: ``frames`` (n, 1280) for a video or an image, ``music`` (1140,) for audio."""

    path: Path
    kind: str                                   # what the file is: video / image / audio
    side: str                                   # what it is searched as: "video" (frames) or "audio"
    frames: np.ndarray | None = None
    music: np.ndarray | None = None
    flags: dict = field(default_factory=dict)
    seconds: float | None = None                # the audio's duration, when read


def file_kind(path: Path) -> str:
    """``video`` / ``image`` / ``audio`` from the extension, else from the streams PyAV finds."""
    suffix = path.suffix.lower()
    for kind, suffixes in (("image", IMAGE_SUFFIXES), ("audio", AUDIO_SUFFIXES), ("video", VIDEO_SUFFIXES)):
        if suffix in suffixes:
            return kind
    import av

    try:
        with av.open(str(path)) as container:
            if container.streams.video:
                return "video"
            if container.streams.audio:
                return "audio"
    except Exception as err:  # noqa: BLE001 - PyAV raises many error types for foreign files
        raise QueryError("unreadable_media", f"{path}: not a video, image or audio file ({err})") from err
    raise QueryError("unreadable_media", f"{path}: no video or audio stream")


def _family_params(name: str) -> dict:
    from music_visual.features.families import FAMILIES
    from music_visual.params import load_section

    return FAMILIES[name].worker_params(load_section(f"features.{name}"))


def _frames_of_video(path: Path) -> tuple[np.ndarray, dict]:
    from music_visual.corpus.media import MediaError, probe_video
    from music_visual.features.visual_cnn import cnn_frames_worker

    try:
        probe_video(path)
        outputs, flags = cnn_frames_worker({"item_id": "query", "path": str(path)}, **_family_params("cnn_frames"))
    except MediaError as err:
        raise QueryError(err.reason, str(err)) from err
    if not len(outputs["pooled"]):
        raise QueryError("too_short", f"{path}: no frame at the sampling rate of the cnn_frames features")
    return outputs["pooled"], flags


def _frames_of_image(path: Path) -> tuple[np.ndarray, dict]:
    from music_visual.features.image_io import ImageDecodeError, as_rgb_array, image_flags
    from music_visual.features.visual_cnn import cached_extractor

    try:
        rgb = as_rgb_array(path)
    except (ImageDecodeError, ValueError) as err:
        raise QueryError("unreadable_image", f"{path}: unreadable image ({err})") from err
    params = _family_params("cnn_frames")
    pooled, _, _ = cached_extractor(params.get("model_path", ""), params.get("threads", 1))([rgb])
    return pooled, image_flags(rgb)


def _music_of_audio(path: Path) -> tuple[np.ndarray, dict, float]:
    from music_visual.corpus.media import MediaError, check_audio, decode_audio
    from music_visual.features.audio_io import AudioDecodeError
    from music_visual.features.audio_vmnet import vmnet_audio_worker

    try:
        audio = decode_audio(path, AUDIO_RATE)
        check_audio(audio, AUDIO_RATE, MIN_AUDIO_SECONDS, str(path))
        outputs, flags = vmnet_audio_worker({"item_id": "query", "path": str(path)}, **_family_params("vmnet_audio"))
    except MediaError as err:
        raise QueryError(err.reason, str(err)) from err
    except AudioDecodeError as err:
        raise QueryError("unreadable_media", str(err)) from err
    music = np.asarray(outputs["music"], dtype=np.float32).reshape(-1)
    if not np.all(np.isfinite(music)):
        raise QueryError("unreadable_media", f"{path}: the music features are not finite")
    return music, flags, len(audio) / AUDIO_RATE


def read_query(path: str | Path, as_kind: str | None = None) -> Query:
    """The query's features. ``as_kind="audio"`` searches with a video's soundtrack instead of its frames."""
    path = Path(path)
    if not path.is_file():
        raise QueryError("missing_file", f"{path}: no such file")
    if path.stat().st_size == 0:
        raise QueryError("unreadable_media", f"{path}: the file is empty")
    kind = file_kind(path)
    side = as_kind or ("audio" if kind == "audio" else "video")
    if side not in ("audio", "video"):
        raise StudyError(f"--as must be audio or video, got {as_kind!r}")
    if side == "video" and kind == "audio":
        raise QueryError("unreadable_media", f"{path}: an audio file has no frames to search with")
    if side == "audio":
        music, flags, seconds = _music_of_audio(path)
        return Query(path, kind, side, music=music, flags=flags, seconds=seconds)
    frames, flags = _frames_of_image(path) if kind == "image" else _frames_of_video(path)
    return Query(path, kind, side, frames=np.asarray(frames, dtype=np.float32), flags=flags)
