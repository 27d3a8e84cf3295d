"""Emotion labels derived from valence and arousal, and the papers' regroupings.

Valence and arousal live in the unit disk (``-1..1`` each). A label is the
class whose prototype *direction* on the valence/arousal circumplex is closest
to the item's direction (the angle ``atan2(arousal, valence)``), so every class
covers a wedge of the disk:

* ``EMOTION8``: the eight classes of the Image Emotion database (You et al.)
  that IMAC (ACP-Net) builds on; ``AFFECT3_OF_EMOTION8`` is ACP-Net's Table 1
  (awe, amusement, excitement -> positive; contentment -> neutral; fear,
  disgust, anger, sadness -> negative).
* ``EMOTION10``: S-DCCA's ten music-emotion categories.
"""

from __future__ import annotations

import numpy as np

EMOTION8_ANGLES = {  # degrees on the circumplex (0 = pure positive valence, 90 = pure arousal)
    "excitement": 65.0,
    "amusement": 30.0,
    "awe": -5.0,
    "contentment": -60.0,
    "anger": 110.0,
    "fear": 145.0,
    "disgust": 185.0,
    "sadness": 235.0,
}
EMOTION8 = tuple(EMOTION8_ANGLES)

AFFECT3_OF_EMOTION8 = {
    "awe": "positive",
    "amusement": "positive",
    "excitement": "positive",
    "contentment": "neutral",
    "fear": "negative",
    "disgust": "negative",
    "anger": "negative",
    "sadness": "negative",
}
AFFECT3 = ("positive", "neutral", "negative")

EMOTION10_ANGLES = {
    "bright": 0.0,
    "happy": 25.0,
    "cheerful": 50.0,
    "fun": 75.0,
    "angry": 120.0,
    "anxious": 150.0,
    "bitter": 195.0,
    "calm": 265.0,
    "tender": 300.0,
    "warm": 330.0,
}
EMOTION10 = tuple(EMOTION10_ANGLES)


def _nearest_by_angle(valence, arousal, angles: dict[str, float]) -> np.ndarray:
    theta = np.degrees(np.arctan2(np.asarray(arousal, float), np.asarray(valence, float)))
    names = list(angles)
    protos = np.array([angles[n] for n in names])
    diff = np.abs((theta[..., None] - protos + 180.0) % 360.0 - 180.0)
    return np.array(names, dtype=object)[np.argmin(diff, axis=-1)]


def emotion8_of(valence, arousal) -> np.ndarray:
    """Image-emotion class (one of ``EMOTION8``) for each valence/arousal point."""
    return _nearest_by_angle(valence, arousal, EMOTION8_ANGLES)


def emotion10_of(valence, arousal) -> np.ndarray:
    """S-DCCA music-emotion category (one of ``EMOTION10``) for each point."""
    return _nearest_by_angle(valence, arousal, EMOTION10_ANGLES)


def affect3_of_emotion8(labels) -> np.ndarray:
    """ACP-Net's Table 1 regrouping of image-emotion labels into 3 classes."""
    out = []
    for label in np.atleast_1d(labels):
        key = str(label).strip().lower()
        if key not in AFFECT3_OF_EMOTION8:
            raise ValueError(f"unknown image-emotion label {label!r}; expected one of {EMOTION8}")
        out.append(AFFECT3_OF_EMOTION8[key])
    return np.array(out, dtype=object)


def affect3_of(valence, arousal) -> np.ndarray:
    """3-class affect (positive/neutral/negative) through the 8-class label."""
    return affect3_of_emotion8(emotion8_of(valence, arousal))
