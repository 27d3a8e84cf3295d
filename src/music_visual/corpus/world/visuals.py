"""Compose, grade and pan the pictures of one music video (or one standalone image).

A *shot* is a background photograph with one to three cut-outs of the topic
pasted on it (with probability ``distractor_rate`` the cut-outs come from another
topic). Each shot is colour-graded by the expressed valence (warmth, brightness)
and arousal (saturation, contrast), lifted in the loud sections, given the
genre's visual style, and panned across a larger canvas. Cuts fall every
``SHOT_BEATS`` beats of the song's tempo, so faster songs cut faster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from music_visual.corpus.world.catalog import TOPICS

SHOT_BEATS = 8
CANVAS_SCALE = 1.25
SEPIA = np.array([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]], np.float32)


@dataclass(frozen=True)
class Shot:
    start: float
    end: float
    on_topic: bool
    canvas: np.ndarray  # graded, float32 0..1, (H_c, W_c, 3)
    pan_from: tuple[int, int]
    pan_to: tuple[int, int]


def canvas_size(width: int, height: int) -> tuple[int, int]:
    """(height, width) of the canvas a shot pans across."""
    return int(round(height * CANVAS_SCALE)) // 2 * 2, int(round(width * CANVAS_SCALE)) // 2 * 2


def compose(bank: dict, topic: str, rng: np.random.Generator, distractor_rate: float) -> tuple[np.ndarray, bool]:
    """A background with 1-3 cut-outs; returns (float image 0..1, whether the cut-outs show ``topic``)."""
    canvas = bank["backgrounds"][rng.integers(len(bank["backgrounds"]))].astype(np.float32) / 255.0
    topics = sorted(TOPICS)
    on_topic = rng.random() >= distractor_rate
    shown = topic if on_topic else topics[rng.integers(len(topics))]
    candidates = np.flatnonzero(bank["object_topic"] == topics.index(shown))
    height, width = canvas.shape[:2]
    for _ in range(int(rng.integers(1, 4))):
        obj = bank["objects"][candidates[rng.integers(len(candidates))]]
        side = int(min(height, width) * rng.uniform(0.45, 0.8))
        patch = np.asarray(Image.fromarray(obj).resize((side, side), Image.BILINEAR), np.float32) / 255.0
        top, left = int(rng.integers(0, height - side + 1)), int(rng.integers(0, width - side + 1))
        alpha = patch[..., 3:4]
        region = canvas[top:top + side, left:left + side]
        region[:] = region * (1 - alpha) + patch[..., :3] * alpha
    return canvas, on_topic or shown == topic


def grade(img: np.ndarray, valence: float, arousal: float, style: str, intensity: float = 0.6,
          rng: np.random.Generator | None = None) -> np.ndarray:
    """Colour grade (valence: warm/bright, arousal: saturated/contrasty) plus a genre style."""
    lift = 0.25 * (intensity - 0.6)
    out = img * np.array([1 + 0.25 * valence, 1.0, 1 - 0.25 * valence], np.float32)
    out = out * (1.0 + 0.22 * valence + lift)
    gray = out.mean(axis=2, keepdims=True)
    out = gray + (out - gray) * (1.0 + 0.75 * arousal + 2 * lift)
    out = (out - 0.5) * (1.0 + 0.3 * arousal) + 0.5
    return np.clip(apply_style(np.clip(out, 0, 1), style, rng or np.random.default_rng(0)), 0.0, 1.0)


def _vignette(shape, strength: float) -> np.ndarray:
    yy, xx = np.mgrid[-1:1:shape[0] * 1j, -1:1:shape[1] * 1j]
    return (1.0 - strength * (xx ** 2 + yy ** 2) / 2.0).astype(np.float32)[..., None]


def apply_style(img: np.ndarray, style: str, rng: np.random.Generator) -> np.ndarray:
    if style == "soft":
        return 0.8 * img + 0.15
    if style == "sepia":
        return 0.45 * img + 0.55 * (img @ SEPIA.T)
    if style == "gritty":
        noise = rng.normal(0, 0.05, img.shape[:2]).astype(np.float32)[..., None]
        return ((img - 0.5) * 1.35 + 0.5 + noise) * _vignette(img.shape, 0.6)
    if style == "neon":
        return np.round((0.55 * img + 0.45 * img[..., [2, 0, 1]]) * 5) / 5
    raise ValueError(f"unknown visual style {style!r}")


def plan_shots(duration: float, beat_seconds: float, bank: dict, factors: dict, rng: np.random.Generator,
               section_at) -> list[Shot]:
    """Shots covering ``duration`` seconds, cut every ``SHOT_BEATS`` beats."""
    length = SHOT_BEATS * beat_seconds
    shots, start = [], 0.0
    while start < duration:
        end = min(duration, start + length)
        img, on_topic = compose(bank, factors["topic"], rng, factors["distractor_rate"])
        _, intensity = section_at((start + end) / 2, duration)
        graded = grade(img, factors["valence"], factors["arousal"], factors["style"], intensity, rng)
        free = (graded.shape[0] - factors["height"], graded.shape[1] - factors["width"])
        reach = 0.35 + 0.65 * (factors["arousal"] + 1) / 2
        pan_from = (int(rng.integers(0, free[0] + 1)), int(rng.integers(0, free[1] + 1)))
        pan_to = tuple(int(np.clip(p + reach * rng.uniform(-1, 1) * f, 0, f)) for p, f in zip(pan_from, free))
        shots.append(Shot(start, end, on_topic, graded, pan_from, pan_to))
        start = end
    return shots


def frame_at(shots: list[Shot], t: float, width: int, height: int) -> np.ndarray:
    """The uint8 RGB frame shown at time ``t`` (panned crop of the current shot)."""
    shot = next((s for s in shots if s.start <= t < s.end), shots[-1])
    u = (t - shot.start) / max(shot.end - shot.start, 1e-6)
    top = int(round(shot.pan_from[0] + u * (shot.pan_to[0] - shot.pan_from[0])))
    left = int(round(shot.pan_from[1] + u * (shot.pan_to[1] - shot.pan_from[1])))
    return (shot.canvas[top:top + height, left:left + width] * 255.0 + 0.5).astype(np.uint8)
