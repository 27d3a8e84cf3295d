"""Audio decoding, resampling and bad-input checks shared by every audio extractor.

Every extractor in :mod:`music_visual.features` takes a mono float waveform and
a sample rate, and returns ``(features, flags)``: a fixed-size float32 array and
a ``dict[str, bool]`` saying what was wrong with the input. The flags are
computed here, once, by :func:`audio_flags`:

``empty``      no samples at all;
``nonfinite``  the waveform held NaN or inf (they are replaced by 0 before use);
``silent``     peak amplitude below ``silence_peak`` (default 1e-4, i.e. -80 dBFS);
``constant``   peak-to-peak below ``constant_ptp`` (a DC offset or digital silence);
``too_short``  shorter than ``min_duration_s`` (default 1 s).

Decoding: soundfile for wav/flac/ogg/mp3; PyAV (its wheel bundles FFmpeg) for
video containers and AAC. Resampling uses soxr (``soxr_hq``); the VM-NET public
code used librosa 0.5's default resampler (resampy ``kaiser_best``), so
resampled waveforms differ from the old code's in the last bits.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

FLAG_NAMES = ("empty", "nonfinite", "silent", "constant", "too_short")
VIDEO_SUFFIXES = frozenset({".mp4", ".m4a", ".aac", ".mkv", ".webm", ".mov", ".avi"})


class AudioDecodeError(RuntimeError):
    """A file that could not be decoded; the driver counts and names it."""


def no_flags() -> dict[str, bool]:
    """All flags false (the flags of a clean input)."""
    return {name: False for name in FLAG_NAMES}


def audio_flags(
    y: np.ndarray,
    sr: int,
    *,
    min_duration_s: float = 1.0,
    silence_peak: float = 1e-4,
    constant_ptp: float = 1e-6,
) -> dict[str, bool]:
    """Flags of a raw waveform (before :func:`sanitize_waveform`)."""
    y = np.asarray(y)
    flags = no_flags()
    flags["empty"] = y.size == 0
    finite = np.isfinite(y)
    flags["nonfinite"] = bool(y.size and not finite.all())
    clean = np.where(finite, y, 0.0) if flags["nonfinite"] else y
    peak = float(np.max(np.abs(clean))) if y.size else 0.0
    ptp = float(np.ptp(clean)) if y.size else 0.0
    flags["silent"] = peak < silence_peak
    flags["constant"] = ptp < constant_ptp
    n_samples = y.size if y.ndim < 2 else max(y.shape)  # multichannel: the long axis is time
    flags["too_short"] = n_samples < min_duration_s * sr
    return flags


def sanitize_waveform(y: np.ndarray) -> np.ndarray:
    """Mono float32 copy with NaN/inf replaced by 0 (per channel, before averaging); input unchanged."""
    y = np.nan_to_num(np.asarray(y, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    if y.ndim == 2:  # (channels, samples) or (samples, channels): average the short axis
        y = y.mean(axis=0 if y.shape[0] <= y.shape[1] else 1)
    return y.astype(np.float32, copy=False)


def center_crop_or_pad(y: np.ndarray, n_samples: int) -> np.ndarray:
    """The centre ``n_samples`` of ``y``; a shorter ``y`` is zero-padded at the end.

    This is the VM-NET public code's trimming (``src[(n - m)//2 : (n + m)//2]``,
    padding appended after the signal).
    """
    n = y.shape[0]
    if n < n_samples:
        return np.concatenate([y, np.zeros(n_samples - n, dtype=y.dtype)])
    start = (n - n_samples) // 2
    return y[start : start + n_samples]


def resample(y: np.ndarray, orig_sr: int, target_sr: int) -> np.ndarray:
    """Resample with soxr (high quality); a no-op when the rates agree."""
    if orig_sr == target_sr or y.size == 0:
        return np.asarray(y, dtype=np.float32)
    import librosa

    return librosa.resample(y, orig_sr=orig_sr, target_sr=target_sr, res_type="soxr_hq").astype(np.float32)


def _decode_with_av(path: Path) -> tuple[np.ndarray, int]:
    import av

    with av.open(str(path)) as container:
        if not container.streams.audio:
            raise AudioDecodeError(f"{path}: no audio stream")
        stream = container.streams.audio[0]
        sr = stream.rate
        to_mono = av.AudioResampler(format="flt", layout="mono", rate=sr)
        chunks = [
            out.to_ndarray().reshape(-1)
            for frame in container.decode(stream)
            for out in to_mono.resample(frame)
        ]
        chunks += [out.to_ndarray().reshape(-1) for out in to_mono.resample(None)]
    y = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    return y.astype(np.float32, copy=False), sr


def _decode_with_soundfile(path: Path) -> tuple[np.ndarray, int]:
    import soundfile as sf

    data, sr = sf.read(str(path), dtype="float32", always_2d=True)
    return data.mean(axis=1), sr


def load_audio(
    path: str | os.PathLike, sr: int | None = None, *, offset_s: float = 0.0, duration_s: float | None = None
) -> tuple[np.ndarray, int]:
    """Decode ``path`` to a mono float32 waveform, resampled to ``sr`` (None: native rate).

    Raises :class:`AudioDecodeError` when the file is missing or cannot be decoded.
    Check the result with :func:`audio_flags`.
    """
    path = Path(path)
    if not path.is_file():
        raise AudioDecodeError(f"{path}: no such file")
    try:
        if path.suffix.lower() in VIDEO_SUFFIXES:
            y, native_sr = _decode_with_av(path)
        else:
            y, native_sr = _decode_with_soundfile(path)
    except AudioDecodeError:
        raise
    except Exception as err:  # any decoder failure becomes one named error
        raise AudioDecodeError(f"{path}: {type(err).__name__}: {err}") from err
    start = int(round(offset_s * native_sr))
    stop = None if duration_s is None else start + int(round(duration_s * native_sr))
    y = y[start:stop]
    target = native_sr if sr is None else int(sr)
    return resample(y, native_sr, target), target
