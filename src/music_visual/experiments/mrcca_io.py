"""Reading the MR-CCA stages' outputs back: the dataset view (01_data) and the features (02_features)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.experiments.mrcca import MrccaData, mrcca_data

COMPARISONS_FILE = "comparisons.parquet"


def save_features(path: str | Path, segment_ids, music, image_ids, images) -> Path:
    """One npz with the segment and image ids and their feature matrices (float32)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, segment_ids=np.asarray(segment_ids, dtype=str), music=np.asarray(music, np.float32),
             image_ids=np.asarray(image_ids, dtype=str), images=np.asarray(images, np.float32))
    return path


def read_sweep_inputs(dataset_dir: str | Path, features_path: str | Path,
                      oracle: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[pd.DataFrame, MrccaData]:
    """The comparisons table and the row-aligned arrays the sweeps need."""
    comparisons = pd.read_parquet(Path(dataset_dir) / COMPARISONS_FILE)
    with np.load(features_path) as f:
        data = mrcca_data(comparisons, f["segment_ids"].tolist(), f["music"], f["image_ids"].tolist(), f["images"],
                          oracle)
    return comparisons, data
