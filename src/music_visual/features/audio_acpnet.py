"""ACP-Net 193-d music features (Verma, Dhekane, Guha, Sec. 4 "music subnetwork").

Per 60 s segment: the time means of 40 MFCC, 12 chroma, 128 mel bands,
7 spectral-contrast bands and 6 tonnetz coordinates of the harmonic part,
computed in 10 s windows with 5 s overlap and averaged over the windows
(the widely used "193-d librosa" recipe the paper's feature list matches).

Implementation choices (listed for the report):

* 22.05 kHz, one STFT (2048/512) for the whole song; every feature is a frame
  feature, so a window's mean is the mean of the song's frames inside the window
  (only the few frames at window edges differ from framing each window anew).
* Tonnetz is computed from the STFT chroma of the harmonic part (HPSS mask on the
  same STFT, :func:`audio_hpss.harmonic_mask`) instead of a CQT chroma of an
  inverse-transformed harmonic waveform; chroma is taken from the power
  spectrogram (the common recipe passed the magnitude); the tuning is estimated
  once, on the full mix, and shared by both chromas.
* ``mel_scale="db"`` (default) reports the 128 mel means in dB
  (``10 log10(x + 1e-10)``); ``"power"`` keeps the recipe's linear power means,
  which span many orders of magnitude.
* Segments: ``floor(duration / 60)`` non-overlapping 60 s segments, the remainder
  dropped; a song shorter than 60 s is one segment (documented substitute for the
  paper's 60 s-only data). A segment shorter than a window is one window.
"""

from __future__ import annotations

import numpy as np

from .audio_hpss import harmonic_mask
from .audio_io import audio_flags, load_audio, resample, sanitize_waveform
from .audio_vmnet import estimate_tuning_quietly

ACPNET_BLOCKS: tuple[tuple[str, int], ...] = (
    ("mfcc", 40), ("chroma", 12), ("mel", 128), ("contrast", 7), ("tonnetz", 6),
)  # fmt: skip
ACPNET_DIM = sum(n for _, n in ACPNET_BLOCKS)  # 193
ACPNET_SR = 22050
_N_FFT, _HOP = 2048, 512
_MEL = slice(52, 180)  # after 40 MFCC + 12 chroma


def acpnet_frame_features(y: np.ndarray, sr: int = ACPNET_SR) -> np.ndarray:
    """193 x T frame features (mel still in linear power) from one STFT."""
    import librosa

    D = librosa.stft(y, n_fft=_N_FFT, hop_length=_HOP)
    S = np.abs(D)
    power = S**2
    mel = librosa.feature.melspectrogram(S=power, sr=sr, n_mels=128)
    mfcc = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=40)
    tuning = estimate_tuning_quietly(power, sr)  # shared by both chromas
    chroma = librosa.feature.chroma_stft(S=power, sr=sr, tuning=tuning)
    contrast = librosa.feature.spectral_contrast(S=S, sr=sr)
    harmonic_power = (S * harmonic_mask(S)) ** 2
    harmonic_chroma = librosa.feature.chroma_stft(S=harmonic_power, sr=sr, tuning=tuning)
    tonnetz = librosa.feature.tonnetz(chroma=harmonic_chroma)
    return np.vstack([mfcc, chroma, mel, contrast, tonnetz]).astype(np.float64)


def window_means(frames: np.ndarray, frame_rate: float, window_s: float = 10.0, hop_s: float = 5.0) -> np.ndarray:
    """Mean of ``frames`` (dims x T) in windows of ``window_s`` every ``hop_s`` -> (n_windows, dims)."""
    n = frames.shape[1]
    width = max(1, int(round(window_s * frame_rate)))
    step = max(1, int(round(hop_s * frame_rate)))
    starts = list(range(0, max(n - width, 0) + 1, step))
    return np.stack([frames[:, s : s + width].mean(axis=1) for s in starts])


def _segment_bounds(n_frames: int, frame_rate: float, segment_s: float) -> list[tuple[int, int]]:
    per_segment = int(round(segment_s * frame_rate))
    n_segments = max(1, n_frames // per_segment)
    if n_frames < per_segment:
        return [(0, n_frames)]
    return [(i * per_segment, (i + 1) * per_segment) for i in range(n_segments)]


def extract_acpnet_audio_features(
    y: np.ndarray,
    sr: int,
    *,
    segment_s: float = 60.0,
    window_s: float = 10.0,
    window_hop_s: float = 5.0,
    mel_scale: str = "db",
) -> tuple[np.ndarray, dict[str, bool]]:
    """ACP-Net features, one 193-d row per 60 s segment: ``(n_segments, 193)`` float32, and flags.

    ``n_segments = max(1, floor(duration / segment_s))``.
    """
    if mel_scale not in ("db", "power"):
        raise ValueError(f"mel_scale must be 'db' or 'power', got {mel_scale!r}")
    flags = audio_flags(y, sr)
    y = resample(sanitize_waveform(y), sr, ACPNET_SR)
    if y.size < _N_FFT:
        y = np.concatenate([y, np.zeros(_N_FFT - y.size, dtype=np.float32)])
    frames = acpnet_frame_features(y)
    frame_rate = ACPNET_SR / _HOP
    rows = []
    for start, stop in _segment_bounds(frames.shape[1], frame_rate, segment_s):
        rows.append(window_means(frames[:, start:stop], frame_rate, window_s, window_hop_s).mean(axis=0))
    out = np.stack(rows)
    if mel_scale == "db":
        out[:, _MEL] = 10.0 * np.log10(out[:, _MEL] + 1e-10)
    flags["nonfinite_output"] = not bool(np.isfinite(out).all())
    return np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=0.0).astype(np.float32), flags


def acpnet_audio_worker(unit: dict, segment_s: float = 60.0, window_s: float = 10.0, window_hop_s: float = 5.0):
    """Feature-family worker: ``{"segments": (n_segments, 193)}`` and flags of one audio item."""
    y, sr = load_audio(unit["path"], ACPNET_SR)
    values, flags = extract_acpnet_audio_features(y, sr, segment_s=segment_s, window_s=window_s,
                                                  window_hop_s=window_hop_s)
    return {"segments": values}, flags
