"""Which kinds of structure tie a song's affect to its pictures: the corpus's structure knobs.

A song has a true valence ``v`` and arousal ``a`` (the unit disk) and a genre. Its pictures show three
*visual coordinates*, each in [-1, 1] before the visual noise is added:

* ``x`` (grading: warmth and brightness),
* ``y`` (vividness: saturation and contrast),
* ``m`` (motion: how fast the shots cut and how far they pan, and a green/magenta tint that a still shows).

They come from the affect by two steps, each set by one knob:

1. **locality** ``L`` in [0, 1], the genre-specific share of the rule: genre ``g`` turns the affect plane by
   ``L * GENRE_TURNS[g]`` of a full turn. ``L = 0`` is one global rule (valence -> grading, arousal -> vividness);
   at ``L = 1`` the four genres turn it by 0, 90, 180 and 270 degrees: in rock, sad songs are graded warm
   and bright and calm ones vivid; in folk, high arousal is graded cold and dark. The four rules then average to
   zero, so a single global linear map carries no affect at all, while a per-genre linear map recovers all of it.
2. **nonlinearity** ``N`` in [0, 1], an interaction of valence and arousal: the (turned) arousal ``a'`` is shown by
   vividness in songs of (turned) valence ``v' >= 0``, and in songs with ``v' < 0`` by a mix that moves to motion as
   ``N`` grows: ``(y, m) = a' * (cos(N pi/2), sin(N pi/2))``. At ``N = 1`` happy energetic songs are vivid, sad
   energetic songs restless (fast cuts, long pans) but dull; no linear map of ``(v, a)`` expresses which channel
   carries arousal, so a linear model explains half of its variance. The map is an isometry on each half plane for
   every ``N`` (nothing is lost, only re-routed): the full oracle stays the same while the linear ones fall.

With ``L = N = 0`` the world is the old single, linear rule (``x = v``, ``y = a``), apart from motion, which is
then constant (plus noise). The music side is unchanged by the knobs: tempo, mode, register and loudness follow
the song's own (noisy) valence and arousal, instruments its genre.

**Annotators** (``annotators``): ``"content"`` simulated annotators compare the image with each of the two
songs through these factors -- the distance between the image's visual coordinates and the coordinates the song's
genre rule gives its true affect, plus Gaussian perception noise -- and pick the closer song; the noise is
calibrated so that the expected agreement with the true pairing is the configured rate. Hard pairs (the other song
looks alike) then split the annotators and easy ones do not. ``"fixed"`` annotators prefer the true song at the
fixed rate whatever the content (the old behaviour).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GENRE_TURNS = {"classical": 0.0, "folk": 0.25, "rock": 0.5, "electronic": 0.75}
ANNOTATORS = ("content", "fixed")
VISUAL_COORDS = ("x", "y", "m")
PRIOR_VAR = 0.25  # variance of v and of a (uniform unit disk)


@dataclass(frozen=True)
class Structure:
    """The structure knobs (see the module docstring)."""

    locality: float = 0.5
    nonlinearity: float = 1.0
    annotators: str = "content"

    def __post_init__(self):
        for name in ("locality", "nonlinearity"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1], got {getattr(self, name)!r}")
        if self.annotators not in ANNOTATORS:
            raise ValueError(f"annotators must be one of {ANNOTATORS}, got {self.annotators!r}")


IDENTITY = Structure(locality=0.0, nonlinearity=0.0, annotators="fixed")


def structure_of(manifest: dict) -> Structure:
    """The structure a corpus was generated with (``manifest.json``); the identity rule when none is recorded."""
    recorded = (manifest or {}).get("world_params", {}).get("structure")
    return Structure(**recorded) if recorded else IDENTITY


def genre_angle(genre, locality: float) -> np.ndarray:
    """The angle (radians) by which each genre turns the affect plane; unknown genres do not turn it."""
    turns = np.array([GENRE_TURNS.get(str(g), 0.0) for g in np.atleast_1d(genre)], float)
    return 2 * np.pi * locality * turns


def visual_affect(valence, arousal, genre, structure: Structure) -> np.ndarray:
    """``(n, 3)`` visual coordinates ``(x, y, m)`` of songs with these affects and genres (noise-free)."""
    v, a = np.atleast_1d(np.asarray(valence, float)), np.atleast_1d(np.asarray(arousal, float))
    angle = genre_angle(genre, structure.locality)
    if angle.shape != v.shape:
        angle = np.broadcast_to(angle, v.shape)
    cos, sin = np.cos(angle), np.sin(angle)
    vt, at = cos * v - sin * a, sin * v + cos * a
    route = np.where(vt < 0, structure.nonlinearity * np.pi / 2, 0.0)
    return np.stack([vt, at * np.cos(route), at * np.sin(route)], axis=1)


def prior_variance(structure: Structure) -> np.ndarray:
    """Variance of each visual coordinate over songs (the uniform disk; half the songs have ``v' < 0``)."""
    route = structure.nonlinearity * np.pi / 2
    return PRIOR_VAR * np.array([1.0, 0.5 + 0.5 * np.cos(route) ** 2, 0.5 * np.sin(route) ** 2])


def calibrate_noise(gaps: np.ndarray, agreement: float, iterations: int = 80) -> float:
    """The perception-noise scale ``tau`` with ``mean(Phi(gaps / tau)) == agreement`` (``gaps >= 0``).

    ``gaps``: how much closer the true song is than the other one. The mean falls from the share of positive gaps
    (plus half the zero ones) at ``tau -> 0`` to 1/2 at ``tau -> inf``; a rate outside that range is an error.
    """
    from scipy.special import ndtr

    gaps = np.asarray(gaps, float)
    if not 0.5 < agreement < 1.0:
        raise ValueError(f"agreement must lie in (0.5, 1), got {agreement!r}")
    ceiling = float(np.mean(gaps > 0) + 0.5 * np.mean(gaps == 0))
    if agreement >= ceiling:
        raise ValueError(f"content annotators cannot reach agreement {agreement}: at most {ceiling:.3f} "
                         "of the trials differ in content")
    low, high = -12.0, 6.0  # log10 tau
    for _ in range(iterations):
        mid = (low + high) / 2
        if np.mean(ndtr(gaps / 10 ** mid)) > agreement:
            low = mid
        else:
            high = mid
    return float(10 ** ((low + high) / 2))
