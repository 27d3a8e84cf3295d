"""What a notebook shows beside search results: a video's middle frame and a song's excerpt as a player."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def thumbnail(path: str | Path) -> np.ndarray:
    """An RGB frame from about the middle of a video's first seconds (one frame a second, three read)."""
    from music_visual.corpus.media import decode_frames

    frames = decode_frames(Path(path), fps=1.0, max_frames=3)
    return frames[len(frames) // 2]


def excerpt(path: str | Path, seconds: float = 8.0, rate: int = 11025):
    """An IPython audio player of ``seconds`` from the middle of the file (mono, ``rate`` Hz)."""
    from IPython.display import Audio

    from music_visual.corpus.media import decode_audio

    y = decode_audio(Path(path), rate)
    start = max(0, len(y) // 2 - int(seconds * rate) // 2)
    return Audio(y[start:start + int(seconds * rate)], rate=rate)
