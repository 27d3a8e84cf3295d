"""MR-CCA's feature types (each with its distance for the DtRT) and the features file of ``02_features``.

Music: 133-d per segment (``audio_mrcca``): 89 Echo-Nest-like descriptors (Euclidean on
z-scored values) then 44 mood posteriors (Hellinger). Images: the 2,596-d handcrafted
features (``visual_handcrafted``), each type with the distance its histogram calls for.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from music_visual.features.visual_handcrafted import HANDCRAFTED_TYPES
from music_visual.papers.mrcca.model import FeatureType

N_DESCRIPTORS = 89  # audio_mrcca: 29 scalars + 60 timbre/pitch statistics, then 44 mood posteriors
MUSIC_TYPES = (FeatureType("echo_nest_like", 0, N_DESCRIPTORS, "euclidean"),
               FeatureType("mood_posteriors", N_DESCRIPTORS, 133, "hellinger"))
IMAGE_METRICS = {"chi_square_distance": "hellinger", "l2_distance": "euclidean", "l1_distance": "cityblock"}
IMAGE_TYPES = tuple(FeatureType(t.name, t.slice.start, t.slice.stop, IMAGE_METRICS[t.distance.__name__])
                    for t in HANDCRAFTED_TYPES)


def save_features(path: str | Path, segment_ids, music, image_ids, images) -> Path:
    """One npz with the segment and image ids and their feature matrices (float32)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, segment_ids=np.asarray(segment_ids, dtype=str), music=np.asarray(music, np.float32),
             image_ids=np.asarray(image_ids, dtype=str), images=np.asarray(images, np.float32))
    return path
