"""S-DCCA per-second audio frames and chunking (Zeng, Yu, Oyama, Sec. IV).

S-DCCA reads YouTube-8M's frame-level audio: one 128-d VGGish embedding per
second, PCA-whitened and quantised by Google. **VGGish weights cannot be had
offline, so this module substitutes** a per-second summary of VGGish's own
front end: 16 kHz, 25 ms Hann windows every 10 ms, 64 mel bands 125-7500 Hz,
``log(mel + 0.01)``; for each second, the mean (64) and standard deviation (64)
of its 100 log-mel frames = 128-d. Fit :class:`visual_aggregate.PcaWhitening`
on the training split's rows to obtain the decorrelated, unit-variance frames
YouTube-8M distributes (no 8-bit quantisation).

Chunking (the paper divides 216 s songs into 3, 6 or 9 equal chunks, and into
72 chunks of 3 s for its attention model):

* :func:`split_into_equal_chunks` -- ``n_chunks`` chunks of ``T // n_chunks``
  seconds each; the ``T mod n_chunks`` trailing seconds are dropped;
* :func:`split_into_fixed_chunks` -- chunks of ``chunk_seconds`` (default 3);
  the incomplete last chunk is dropped.

A sequence shorter than the number of chunks (or than one chunk) is
edge-padded by repeating its last frame, and reported in the returned flag.
"""

from __future__ import annotations

import numpy as np

from .audio_io import audio_flags, load_audio, resample, sanitize_waveform

SDCCA_SR = 16000
SDCCA_FRAME_DIM = 128
_WIN, _HOP, _N_MELS = 400, 160, 64  # 25 ms, 10 ms at 16 kHz, as VGGish


def sdcca_audio_frames(
    y: np.ndarray, sr: int, *, n_seconds: int | None = None
) -> tuple[np.ndarray, dict[str, bool]]:
    """Per-second 128-d audio frames ``(n_seconds, 128)`` float32 and input flags.

    ``n_seconds`` defaults to ``max(1, floor(duration))``; with a value, the
    waveform is cut or zero-padded at the end to exactly that many seconds.
    """
    import librosa

    flags = audio_flags(y, sr)
    y = resample(sanitize_waveform(y), sr, SDCCA_SR)
    seconds = max(1, y.size // SDCCA_SR) if n_seconds is None else int(n_seconds)
    y = np.pad(y[: seconds * SDCCA_SR], (0, max(0, seconds * SDCCA_SR - y.size)))
    power = np.abs(librosa.stft(y, n_fft=512, hop_length=_HOP, win_length=_WIN, center=False)) ** 2
    mel = librosa.feature.melspectrogram(S=power, sr=SDCCA_SR, n_mels=_N_MELS, fmin=125.0, fmax=7500.0, htk=True)
    log_mel = np.log(mel + 0.01)
    frames_per_second = SDCCA_SR // _HOP  # 100
    n_frames = min(log_mel.shape[1], seconds * frames_per_second)
    log_mel = np.pad(log_mel[:, :n_frames], ((0, 0), (0, seconds * frames_per_second - n_frames)), mode="edge")
    per_second = log_mel.reshape(_N_MELS, seconds, frames_per_second)
    out = np.concatenate([per_second.mean(axis=2), per_second.std(axis=2)]).T
    return np.ascontiguousarray(out, dtype=np.float32), flags


def _edge_pad(frames: np.ndarray, length: int) -> np.ndarray:
    if frames.shape[0] == 0:
        raise ValueError("cannot chunk an empty frame sequence")
    if frames.shape[0] >= length:
        return frames
    return np.concatenate([frames, np.repeat(frames[-1:], length - frames.shape[0], axis=0)])


def split_into_equal_chunks(frames: np.ndarray, n_chunks: int) -> tuple[np.ndarray, bool]:
    """``(n_chunks, T // n_chunks, D)`` chunks of a ``(T, D)`` sequence, and whether it was padded."""
    if n_chunks < 1:
        raise ValueError(f"n_chunks must be >= 1, got {n_chunks}")
    padded = frames.shape[0] < n_chunks
    frames = _edge_pad(frames, n_chunks)
    length = frames.shape[0] // n_chunks
    return frames[: n_chunks * length].reshape(n_chunks, length, frames.shape[1]), padded


def split_into_fixed_chunks(frames: np.ndarray, chunk_seconds: int = 3) -> tuple[np.ndarray, bool]:
    """``(T // chunk_seconds, chunk_seconds, D)`` chunks, and whether the sequence was padded."""
    if chunk_seconds < 1:
        raise ValueError(f"chunk_seconds must be >= 1, got {chunk_seconds}")
    padded = frames.shape[0] < chunk_seconds
    frames = _edge_pad(frames, chunk_seconds)
    n = frames.shape[0] // chunk_seconds
    return frames[: n * chunk_seconds].reshape(n, chunk_seconds, frames.shape[1]), padded


def chunk_means(chunks: np.ndarray) -> np.ndarray:
    """Mean frame of each chunk: ``(n_chunks, L, D) -> (n_chunks, D)``."""
    return chunks.mean(axis=1)


def sdcca_audio_worker(unit: dict, sample_rate: int = 16000):
    """Feature-family worker: ``{"frames": (n_seconds, 128)}`` and flags of one audio item."""
    y, sr = load_audio(unit["path"], sample_rate)
    values, flags = sdcca_audio_frames(y, sr)
    return {"frames": values}, flags
