"""The hidden truth of the generated world: one row per *unit* (a music video, a
standalone song or a standalone image) with its latent factors and how each
modality expresses them.

True factors: valence and arousal (uniform in the unit disk), genre and topic
(uniform). Music expresses a noisy copy ``(v_m, a_m)`` (``music_noise``); pictures
express the song's three visual coordinates (grading ``x``, vividness ``y``, motion
``m``: :func:`music_visual.corpus.world.structure.visual_affect`, set by the
structure knobs) plus ``visual_noise``; the visual style follows the genre with
probability ``style_fidelity``. Labels (affect3,
emotion8, emotion10) come from the *true* factors. Everything is drawn here,
in the parent process, from one seeded generator; each unit also gets its own
integer seed for rendering, so results do not depend on the number of workers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from music_visual.corpus import labels
from music_visual.corpus.world.catalog import GENRES, TOPICS
from music_visual.corpus.world.structure import IDENTITY, Structure, visual_affect

SPLIT_SHARES = {"train": 0.7, "val": 0.1, "test": 0.2}


@dataclass(frozen=True)
class Difficulty:
    """How strongly media follow the latent factors (smaller noise = easier)."""

    music_noise: float = 0.15
    visual_noise: float = 0.35
    style_fidelity: float = 0.6
    distractor_rate: float = 0.3

    def __post_init__(self):
        for name in ("music_noise", "visual_noise"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0")
        for name in ("style_fidelity", "distractor_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1]")


def _disk(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    radius, angle = np.sqrt(rng.random(n)), rng.random(n) * 2 * np.pi
    return radius * np.cos(angle), radius * np.sin(angle)


def _noisy(x: np.ndarray, sigma: float, rng: np.random.Generator) -> np.ndarray:
    return np.clip(x + rng.normal(0.0, sigma, x.shape), -1.0, 1.0)


def assign_splits(n: int, rng: np.random.Generator) -> np.ndarray:
    """70/10/20 train/val/test, exact counts, shuffled."""
    counts = [int(round(n * s)) for s in SPLIT_SHARES.values()]
    counts[0] = n - sum(counts[1:])
    splits = np.repeat(list(SPLIT_SHARES), counts)
    return rng.permutation(splits)


def sample_units(n_videos: int, n_songs: int, n_images: int, song_seconds: float, long_song_share: float,
                 long_song_seconds: float, n_compositions: int, difficulty: Difficulty,
                 rng: np.random.Generator, structure: Structure = IDENTITY) -> pd.DataFrame:
    """One row per unit with true and expressed factors, rendering choices and a seed."""
    kinds = ["music_video"] * n_videos + ["song"] * n_songs + ["image"] * n_images
    prefix = {"music_video": "s", "song": "m", "image": "i"}
    n = len(kinds)
    v, a = _disk(rng, n)
    genres, topics = sorted(GENRES), sorted(TOPICS)
    units = pd.DataFrame({
        "unit_id": [f"{prefix[k]}{i:05d}" for i, k in enumerate(kinds)], "unit_kind": kinds,
        "valence": v, "arousal": a,
        "genre": rng.choice(genres, n), "topic": rng.choice(topics, n),
    })
    units["v_music"], units["a_music"] = _noisy(v, difficulty.music_noise, rng), _noisy(a, difficulty.music_noise, rng)
    shown = visual_affect(v, a, units["genre"].to_numpy(), structure)
    for k, name in enumerate(("x_visual", "y_visual", "m_visual")):
        units[name] = _noisy(shown[:, k], difficulty.visual_noise, rng)
    keep_style = rng.random(n) < difficulty.style_fidelity
    units["style_genre"] = np.where(keep_style, units["genre"], rng.choice(genres, n))
    long = rng.random(n) < long_song_share
    units["duration"] = np.where(long, long_song_seconds, song_seconds).astype(float)
    units["piece"] = rng.integers(0, n_compositions, n)
    units["tonic_pc"] = rng.integers(0, 12, n)
    units["seed"] = rng.integers(0, 2**31 - 1, n)
    units["split"] = assign_splits(n, rng)
    units["emotion8"] = labels.emotion8_of(v, a)
    units["affect3"] = labels.affect3_of_emotion8(units["emotion8"])
    units["emotion10"] = labels.emotion10_of(v, a)
    return units
