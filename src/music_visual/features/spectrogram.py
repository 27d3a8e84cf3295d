"""Log-magnitude spectrograms for the L3-Net and Spectrogram-ACP baselines of ACP-Net.

ACP-Net's baselines feed a log-spectrogram computed with a 100 ms window and a
25 ms hop to a CNN. :func:`log_spectrogram` returns ``log(|STFT| + eps)`` with a
Hann window of exactly ``window_s * sr`` samples (the FFT size equals the window,
no zero-padding), centred frames with zero padding at the edges. Give
``duration_s`` to get a fixed number of frames: the waveform is centre-cropped or
zero-padded (at the end) to that duration first, so every item has the same shape
``(n_fft // 2 + 1, 1 + round(duration_s * sr) // hop)``.
"""

from __future__ import annotations

import numpy as np

from .audio_io import audio_flags, center_crop_or_pad, resample, sanitize_waveform


def spectrogram_shape(sr: int, duration_s: float, window_s: float = 0.1, hop_s: float = 0.025) -> tuple[int, int]:
    """(frequency bins, frames) of :func:`log_spectrogram` for a fixed duration."""
    n_fft = int(round(window_s * sr))
    hop = int(round(hop_s * sr))
    return n_fft // 2 + 1, 1 + int(round(duration_s * sr)) // hop


def log_spectrogram(
    y: np.ndarray,
    sr: int,
    *,
    target_sr: int | None = 16000,
    window_s: float = 0.1,
    hop_s: float = 0.025,
    duration_s: float | None = None,
    eps: float = 1e-6,
) -> tuple[np.ndarray, dict[str, bool]]:
    """Log-magnitude spectrogram (freq x frames, float32) and input flags.

    ``target_sr`` (default 16 kHz, None keeps ``sr``) sets the analysis rate:
    a 100 ms window is then 1600 samples (801 bins) and the hop 400 samples.
    """
    import librosa

    flags = audio_flags(y, sr)
    rate = sr if target_sr is None else target_sr
    y = resample(sanitize_waveform(y), sr, rate)
    if duration_s is not None:
        y = center_crop_or_pad(y, int(round(duration_s * rate)))
    n_fft = int(round(window_s * rate))
    hop = int(round(hop_s * rate))
    if y.size == 0:
        y = np.zeros(1, dtype=np.float32)
    S = np.abs(librosa.stft(y, n_fft=n_fft, hop_length=hop, window="hann", center=True))
    return np.log(S + eps).astype(np.float32), flags
