"""Mood-word posteriors: the substitute for MR-CCA's semantic music features.

MR-CCA describes a song by posterior probabilities over mood words ("happy",
"relax", ...) predicted by auto-taggers trained on tags from music sites with
mixture hierarchical learning. Those taggers are not available. **Substitute:**
a transparent circumplex model. Each mood word has a hand-placed position
(valence, arousal) in [-1, 1]^2 after Russell's circumplex of affect (positions
are our judgement, not fitted); a song's (valence, arousal) is estimated from
its mid-level descriptors by :func:`valence_arousal_estimate`, a fixed formula
(tempo, onset rate, loudness, brightness -> arousal; mode, tempo, brightness ->
valence) with reference centres and scales stated in ``_REFERENCE``; the
posterior of word w is ``softmax(-|va - va_w|^2 / (2 sigma^2))`` over the words.

Nothing here is trained. A caller with mood labels can replace the posteriors
by a fitted classifier (``mood_model`` in :func:`audio_mrcca.extract_mrcca_audio_features`).
"""

from __future__ import annotations

import numpy as np

MOOD_WORDS: dict[str, tuple[float, float]] = {
    "happy": (0.8, 0.5), "joyful": (0.85, 0.6), "cheerful": (0.8, 0.55), "excited": (0.6, 0.85),
    "energetic": (0.5, 0.8), "euphoric": (0.8, 0.9), "playful": (0.6, 0.5), "fun": (0.7, 0.6),
    "upbeat": (0.65, 0.65), "triumphant": (0.7, 0.75), "bright": (0.7, 0.4), "uplifting": (0.75, 0.5),
    "party": (0.6, 0.85), "powerful": (0.3, 0.8), "epic": (0.3, 0.75), "hopeful": (0.55, 0.1),
    "aggressive": (-0.5, 0.85), "angry": (-0.7, 0.8), "tense": (-0.5, 0.6), "anxious": (-0.55, 0.55),
    "dramatic": (-0.2, 0.7), "scary": (-0.7, 0.6), "dark": (-0.6, 0.2), "bitter": (-0.6, 0.1),
    "sad": (-0.75, -0.4), "melancholy": (-0.6, -0.35), "lonely": (-0.65, -0.45), "gloomy": (-0.65, -0.3),
    "depressed": (-0.8, -0.6), "mournful": (-0.75, -0.3), "nostalgic": (-0.1, -0.3), "sentimental": (0.1, -0.2),
    "tender": (0.5, -0.35), "warm": (0.55, -0.15), "romantic": (0.6, -0.1), "calm": (0.35, -0.7),
    "relaxed": (0.45, -0.65), "peaceful": (0.5, -0.6), "soothing": (0.45, -0.55), "serene": (0.5, -0.7),
    "dreamy": (0.3, -0.5), "sleepy": (0.1, -0.85), "mellow": (0.3, -0.45), "gentle": (0.4, -0.5),
}  # fmt: skip
MOOD_DIM = len(MOOD_WORDS)  # 44

# descriptor -> (centre, scale) used to standardise before the fixed weights below
_REFERENCE = {
    "tempo_bpm": (120.0, 30.0), "onset_rate": (3.0, 2.0), "loudness_mean_db": (-25.0, 8.0),
    "centroid_mean_khz": (2.0, 1.0), "mode": (0.0, 0.1),
}  # fmt: skip
_AROUSAL_WEIGHTS = {"tempo_bpm": 1.0, "onset_rate": 1.0, "loudness_mean_db": 0.8, "centroid_mean_khz": 0.6}
_VALENCE_WEIGHTS = {"mode": 1.0, "tempo_bpm": 0.3, "centroid_mean_khz": 0.3}


def valence_arousal_estimate(descriptors: dict[str, float]) -> tuple[float, float]:
    """Heuristic (valence, arousal) in (-1, 1) from named mid-level descriptors."""

    def score(weights: dict[str, float]) -> float:
        z = [w * (descriptors[k] - _REFERENCE[k][0]) / _REFERENCE[k][1] for k, w in weights.items()]
        return float(np.tanh(np.clip(sum(z), -50, 50) / 2.0))

    return score(_VALENCE_WEIGHTS), score(_AROUSAL_WEIGHTS)


def mood_posteriors(valence: float, arousal: float, sigma: float = 0.35) -> np.ndarray:
    """Posterior over :data:`MOOD_WORDS` (in table order) of a point in the circumplex."""
    positions = np.array(list(MOOD_WORDS.values()))
    logits = -((positions - np.array([valence, arousal])) ** 2).sum(axis=1) / (2.0 * sigma**2)
    weights = np.exp(logits - logits.max())
    return weights / weights.sum()
