"""Decode media the same way for generated and user files (PyAV; soundfile for audio files).

Errors are raised as :class:`MediaError` with a reason from ``skips.REASONS``
so that adapters can record them in ``skipped.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

SILENCE_RMS = 1e-4


class MediaError(ValueError):
    """A media file that cannot be used; ``reason`` is a skip reason."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class VideoInfo:
    duration: float
    has_audio: bool
    width: int
    height: int


def probe_video(path: Path) -> VideoInfo:
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                raise MediaError("unreadable_media", f"{path}: no video stream")
            stream = container.streams.video[0]
            duration = (float(container.duration) / 1e6) if container.duration else \
                float(stream.duration * stream.time_base) if stream.duration else 0.0
            return VideoInfo(duration, bool(container.streams.audio), stream.width, stream.height)
    except MediaError:
        raise
    except Exception as err:  # noqa: BLE001 - PyAV raises many error types for broken files
        raise MediaError("unreadable_media", f"{path}: {type(err).__name__}: {err}") from err


def decode_frames(path: Path, fps: float = 1.0, max_frames: int | None = None) -> np.ndarray:
    """RGB uint8 frames (T, H, W, 3) sampled at ``fps`` (the frame shown at t = 0, 1/fps, ...)."""
    import av

    frames, next_t = [], 0.0
    try:
        with av.open(str(path)) as container:
            stream = container.streams.video[0]
            for frame in container.decode(stream):
                t = float(frame.pts * stream.time_base) if frame.pts is not None else next_t
                if t + 1e-6 >= next_t:
                    frames.append(frame.to_ndarray(format="rgb24"))
                    next_t += 1.0 / fps
                    if max_frames and len(frames) >= max_frames:
                        break
    except Exception as err:  # noqa: BLE001
        raise MediaError("unreadable_media", f"{path}: {type(err).__name__}: {err}") from err
    if not frames:
        raise MediaError("unreadable_media", f"{path}: no decodable frames")
    return np.stack(frames)


def decode_audio(path: Path, sample_rate: int = 22050) -> np.ndarray:
    """Mono float32 audio at ``sample_rate`` from an audio file or a video's audio track."""
    path = Path(path)
    if path.suffix.lower() in (".flac", ".wav", ".ogg"):
        import soundfile

        try:
            audio, sr = soundfile.read(str(path), dtype="float32", always_2d=True)
        except Exception as err:  # noqa: BLE001
            raise MediaError("unreadable_media", f"{path}: {err}") from err
        audio = audio.mean(axis=1)
        return audio if sr == sample_rate else _resample(audio, sr, sample_rate)
    return _decode_audio_av(path, sample_rate)


def _resample(audio: np.ndarray, sr: int, target: int) -> np.ndarray:
    import soxr

    return soxr.resample(audio, sr, target).astype(np.float32)


def _decode_audio_av(path: Path, sample_rate: int) -> np.ndarray:
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise MediaError("no_audio_track", f"{path}: no audio track")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=sample_rate)
            chunks = []
            for frame in container.decode(container.streams.audio[0]):
                chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
            chunks += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]
    except MediaError:
        raise
    except Exception as err:  # noqa: BLE001
        raise MediaError("unreadable_media", f"{path}: {type(err).__name__}: {err}") from err
    if not chunks:
        raise MediaError("unreadable_media", f"{path}: no decodable audio")
    return np.concatenate(chunks).astype(np.float32)


def check_audio(audio: np.ndarray, sample_rate: int, min_seconds: float, where: str) -> None:
    """Raise :class:`MediaError` for too-short or silent audio."""
    if len(audio) < min_seconds * sample_rate:
        raise MediaError("too_short", f"{where}: {len(audio) / sample_rate:.1f} s < {min_seconds} s")
    if float(np.sqrt(np.mean(audio.astype(np.float64) ** 2))) < SILENCE_RMS:
        raise MediaError("silent_audio", f"{where}: audio is silent")
