"""Compose, grade and pan the pictures of one music video (or one standalone image).

A *shot* is a background photograph with one to three cut-outs of the topic
pasted on it (with probability ``distractor_rate`` the cut-outs come from another
topic). Each shot is colour-graded by the video's visual coordinates
(:mod:`music_visual.corpus.world.structure`): grading ``x`` (warmth, brightness)
and vividness ``y`` (saturation, contrast), lifted in the loud sections, given the
genre's visual style, and panned across a larger canvas. Motion ``m`` tints the
picture (green when high, magenta when low: visible in a still) and sets the
pace: shots last about ``SHOT_SECONDS * 2**-m`` seconds (2 to 8 s), always a whole
number of the song's beats, so cuts fall on the beat, and higher motion pans further.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from PIL import Image

from music_visual.corpus.world.catalog import TOPICS

SHOT_SECONDS = 4.0
CANVAS_SCALE = 1.25
SEPIA = np.array([[0.393, 0.769, 0.189], [0.349, 0.686, 0.168], [0.272, 0.534, 0.131]], np.float32)
# RGB (0..255) -> limited-range BT.601 Y'CbCr, the matrix swscale uses for rgb24 -> yuv420p.
RGB_TO_YCBCR = np.array([[65.481, 128.553, 24.966], [-37.797, -74.203, 112.0], [112.0, -93.786, -18.214]],
                        np.float32) / 255.0
YCBCR_OFFSET = np.array([16.0, 128.0, 128.0], np.float32)


@dataclass(frozen=True)
class Shot:
    start: float
    end: float
    on_topic: bool
    canvas: np.ndarray  # graded, float32 0..1, (H_c, W_c, 3)
    pan_from: tuple[int, int]
    pan_to: tuple[int, int]

    @cached_property
    def pixels(self) -> np.ndarray:
        """The graded canvas as uint8 RGB, converted once per shot (a frame is a crop of it)."""
        return (self.canvas * 255.0 + 0.5).astype(np.uint8)

    @cached_property
    def ycbcr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Read-only uint8 planes for yuv420p frames: full-resolution Y, and Cb, Cr averaged over the 2x2 block
        starting at each pixel (one row and column fewer than the canvas), so a crop's chroma is a stride-2 slice."""
        rgb = self.pixels.astype(np.float32)
        (yr, yg, yb), (br, bg, bb), (rr, rg, rb) = RGB_TO_YCBCR.tolist()
        luma = rgb[..., 0] * yr + rgb[..., 1] * yg + rgb[..., 2] * yb + (YCBCR_OFFSET[0] + 0.5)
        block = rgb[:-1, :-1] + rgb[1:, :-1]  # the 2x2 mean of RGB, then the (linear) conversion
        block += rgb[:-1, 1:]
        block += rgb[1:, 1:]
        block *= 0.25
        cb = block[..., 0] * br + block[..., 1] * bg + block[..., 2] * bb + (YCBCR_OFFSET[1] + 0.5)
        cr = block[..., 0] * rr + block[..., 1] * rg + block[..., 2] * rb + (YCBCR_OFFSET[2] + 0.5)
        planes = tuple(np.clip(p, 0, 255).astype(np.uint8) for p in (luma, cb, cr))
        for plane in planes:
            plane.flags.writeable = False
        return planes


def canvas_size(width: int, height: int) -> tuple[int, int]:
    """(height, width) of the canvas a shot pans across."""
    return int(round(height * CANVAS_SCALE)) // 2 * 2, int(round(width * CANVAS_SCALE)) // 2 * 2


def compose(bank: dict, topic: str, rng: np.random.Generator, distractor_rate: float) -> tuple[np.ndarray, bool]:
    """A background with 1-3 cut-outs; returns (float image 0..1, whether the cut-outs show ``topic``)."""
    canvas = bank["backgrounds"][rng.integers(len(bank["backgrounds"]))].astype(np.float32)
    canvas /= 255.0
    topics = sorted(TOPICS)
    on_topic = rng.random() >= distractor_rate
    shown = topic if on_topic else topics[rng.integers(len(topics))]
    candidates = np.flatnonzero(bank["object_topic"] == topics.index(shown))
    height, width = canvas.shape[:2]
    for _ in range(int(rng.integers(1, 4))):
        obj = bank["objects"][candidates[rng.integers(len(candidates))]]
        side = int(min(height, width) * rng.uniform(0.45, 0.8))
        patch = np.asarray(Image.fromarray(obj).resize((side, side), Image.BILINEAR), np.float32)
        patch /= 255.0
        top, left = int(rng.integers(0, height - side + 1)), int(rng.integers(0, width - side + 1))
        alpha = patch[..., 3]
        for channel in range(3):  # region * (1 - alpha) + rgb * alpha, a channel at a time (long inner loops)
            region = canvas[top:top + side, left:left + side, channel]
            region[:] = region * (1 - alpha) + patch[..., channel] * alpha
    return canvas, on_topic or shown == topic


def grade(img: np.ndarray, valence: float, arousal: float, style: str, intensity: float = 0.6,
          rng: np.random.Generator | None = None, motion: float = 0.0) -> np.ndarray:
    """Colour grade (``valence``, the grading coordinate: warm/bright; ``arousal``, the vividness coordinate:
    saturated/contrasty; ``motion``, the motion coordinate, also tints a still: green when high, magenta when
    low) plus a genre style.

    Works in place on one float32 copy of ``img``, in the same order of operations as the out-of-place formula
    ``(gray + (x - gray) * k - 0.5) * c + 0.5`` (same values, fewer temporaries).
    """
    lift = 0.25 * (intensity - 0.6)
    out = img * np.array([1 + 0.25 * valence - 0.12 * motion, 1.0 + 0.2 * motion, 1 - 0.25 * valence - 0.12 * motion],
                         np.float32)
    out *= 1.0 + 0.22 * valence + lift
    gray = out[..., 0] + out[..., 1]  # the channel mean, summed in the order of ``out.mean(axis=2)``
    gray += out[..., 2]
    gray /= 3
    gray = gray[..., None]
    out -= gray
    out *= 1.0 + 0.75 * arousal + 2 * lift
    out += gray
    out -= 0.5
    out *= 1.0 + 0.3 * arousal
    out += 0.5
    np.clip(out, 0, 1, out=out)
    out = _style_in_place(out, style, rng or np.random.default_rng(0))
    return np.clip(out, 0.0, 1.0, out=out)


@lru_cache(maxsize=8)
def _vignette(shape, strength: float) -> np.ndarray:
    yy, xx = np.mgrid[-1:1:shape[0] * 1j, -1:1:shape[1] * 1j]
    vignette = (1.0 - strength * (xx ** 2 + yy ** 2) / 2.0).astype(np.float32)[..., None]
    vignette.flags.writeable = False
    return vignette


def apply_style(img: np.ndarray, style: str, rng: np.random.Generator) -> np.ndarray:
    """The genre's visual style applied to a copy of ``img``."""
    return _style_in_place(np.array(img, copy=True), style, rng)


def _style_in_place(img: np.ndarray, style: str, rng: np.random.Generator) -> np.ndarray:
    """:func:`apply_style` overwriting ``img`` (same operations in the same order)."""
    if style == "soft":  # 0.8 * img + 0.15
        img *= 0.8
        img += 0.15
        return img
    if style == "sepia":  # 0.45 * img + 0.55 * (img @ SEPIA.T)
        toned = img @ SEPIA.T
        toned *= 0.55
        img *= 0.45
        img += toned
        return img
    if style == "gritty":  # ((img - 0.5) * 1.35 + 0.5 + noise) * vignette
        noise = rng.normal(0, 0.05, img.shape[:2]).astype(np.float32)[..., None]
        img -= 0.5
        img *= 1.35
        img += 0.5
        img += noise
        img *= _vignette(img.shape, 0.6)
        return img
    if style == "neon":  # round((0.55 * img + 0.45 * img[..., [2, 0, 1]]) * 5) / 5
        rotated = img[..., [2, 0, 1]]
        rotated *= 0.45
        img *= 0.55
        img += rotated
        img *= 5
        np.round(img, out=img)
        img /= 5
        return img
    raise ValueError(f"unknown visual style {style!r}")


def shot_seconds(motion: float, beat_seconds: float) -> float:
    """Length of every shot: the whole number of beats (at least one) closest to ``SHOT_SECONDS * 2**-motion``."""
    beats = max(1, int(round(SHOT_SECONDS * 2.0 ** (-float(motion)) / beat_seconds)))
    return beats * beat_seconds


def plan_shots(duration: float, beat_seconds: float, bank: dict, factors: dict, rng: np.random.Generator,
               section_at) -> list[Shot]:
    """Shots covering ``duration`` seconds, each :func:`shot_seconds` long (cut on the beat)."""
    length = shot_seconds(factors["motion"], beat_seconds)
    shots, start = [], 0.0
    while start < duration:
        end = min(duration, start + length)
        img, on_topic = compose(bank, factors["topic"], rng, factors["distractor_rate"])
        _, intensity = section_at((start + end) / 2, duration)
        graded = grade(img, factors["grading"], factors["vividness"], factors["style"], intensity, rng,
                       factors["motion"])
        free = (graded.shape[0] - factors["height"], graded.shape[1] - factors["width"])
        reach = 0.35 + 0.65 * (factors["motion"] + 1) / 2
        pan_from = (int(rng.integers(0, free[0] + 1)), int(rng.integers(0, free[1] + 1)))
        pan_to = tuple(int(np.clip(p + reach * rng.uniform(-1, 1) * f, 0, f)) for p, f in zip(pan_from, free))
        shots.append(Shot(start, end, on_topic, graded, pan_from, pan_to))
        start = end
    return shots


def _crop_at(shots: list[Shot], t: float) -> tuple[Shot, int, int]:
    """The shot shown at time ``t`` and the (top, left) corner of its panned crop."""
    shot = next((s for s in shots if s.start <= t < s.end), shots[-1])
    u = (t - shot.start) / max(shot.end - shot.start, 1e-6)
    top = int(round(shot.pan_from[0] + u * (shot.pan_to[0] - shot.pan_from[0])))
    left = int(round(shot.pan_from[1] + u * (shot.pan_to[1] - shot.pan_from[1])))
    return shot, top, left


def frame_at(shots: list[Shot], t: float, width: int, height: int) -> np.ndarray:
    """The uint8 RGB frame shown at time ``t`` (panned crop of the current shot)."""
    shot, top, left = _crop_at(shots, t)
    return shot.pixels[top:top + height, left:left + width].copy()


def frame_yuv420p_at(shots: list[Shot], t: float, width: int, height: int) -> tuple[np.ndarray, ...]:
    """The frame of :func:`frame_at` as yuv420p planes (Y ``(height, width)``, Cb and Cr ``(height/2, width/2)``;
    limited-range BT.601, chroma averaged over 2x2 blocks): read-only views into the shot's planes, ready for
    the H.264 encoder without a per-frame colour conversion."""
    if width % 2 or height % 2:
        raise ValueError("yuv420p frames need an even width and height")
    shot, top, left = _crop_at(shots, t)
    luma, cb, cr = shot.ycbcr
    return (luma[top:top + height, left:left + width], cb[top:top + height:2, left:left + width:2],
            cr[top:top + height:2, left:left + width:2])
