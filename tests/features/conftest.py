"""Synthetic inputs for the feature-extractor tests (tones, click tracks, images)."""

from __future__ import annotations

import numpy as np
import pytest


def tone(freq: float, duration_s: float, sr: int, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(round(duration_s * sr))) / sr
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def click_track(bpm: float, duration_s: float, sr: int) -> np.ndarray:
    """Short 1 kHz clicks (9 ms, Hann-shaped decay) every 60 / bpm seconds."""
    y = np.zeros(int(duration_s * sr), dtype=np.float32)
    n = int(0.009 * sr)
    click = (np.hanning(2 * n)[n:] * np.sin(2 * np.pi * 1000 * np.arange(n) / sr)).astype(np.float32)
    for start in (np.arange(0.0, duration_s, 60.0 / bpm) * sr).astype(int):
        m = min(n, y.size - start)
        y[start : start + m] += click[:m]
    return y


BAD_AUDIO = {
    "silent": np.zeros(5 * 12000, dtype=np.float32),
    "constant": np.full(5 * 12000, 0.25, dtype=np.float32),
    "too_short": tone(440.0, 0.05, 12000),
    "nan": np.where(np.arange(5 * 12000) % 7 == 0, np.nan, tone(440.0, 5.0, 12000)).astype(np.float32),
    "empty": np.zeros(0, dtype=np.float32),
}
EXPECTED_FLAG = {"silent": "silent", "constant": "constant", "too_short": "too_short", "nan": "nonfinite", "empty": "empty"}


@pytest.fixture(scope="session")
def sample_images():
    import skimage.data

    return {"astronaut": skimage.data.astronaut(), "chelsea": skimage.data.chelsea(), "coffee": skimage.data.coffee()}
