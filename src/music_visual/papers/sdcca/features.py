"""S-DCCA's model inputs per fold: 128-d audio queries and video-level visual features, fitted on training songs.

* **Audio** (YouTube-8M's VGGish frames, PCA-whitened by Google; *substitute*: the
  ``sdcca_audio`` per-second log-mel statistics): PCA-whitening to ``audio_components``
  fitted on the fold's training songs' per-second frames, applied to every query (whole-song
  means and chunk means, :mod:`.chunks`; the transform is affine, so it commutes with the
  mean), then standardised with the training songs' whole-song statistics (the authors' code
  batch-normalises the network inputs; a standardisation fitted on training data is what that
  becomes at test time).
* **Visual** (YouTube-8M's Inception frames, PCA-whitened to 1024-d, one per second; *substitute*:
  the ``cnn_frames`` EfficientNet-Lite0 1280-d features at 0.2 frames/s): PCA-whitening to
  ``visual_components`` fitted on the training videos' frames, then the paper's **max pooling**
  over each video's frames (video-level feature), then standardised like the audio.

Validation and test songs only pass through the fitted transforms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from music_visual.features.scaling import Standardiser
from music_visual.features.visual_aggregate import PcaWhitening, max_pool_frames

MEAN_QUERY = "mean"


@dataclass
class FoldInputs:
    """One fold's arrays: training and validation pairs (whole-song audio), the test gallery and queries."""

    fold: int
    train_audio: np.ndarray
    train_video: np.ndarray
    train_clusters: np.ndarray
    val_audio: np.ndarray
    val_video: np.ndarray
    val_clusters: np.ndarray
    test_video: np.ndarray
    test_clusters: np.ndarray
    test_labels: np.ndarray                     # the corpus's emotion10 labels (the secondary relevance)
    test_queries: dict[str, np.ndarray]         # query key -> (n_test, audio dim)
    test_ids: pd.DataFrame = field(default_factory=pd.DataFrame)   # song_id, music_id, video_id

    @property
    def sizes(self) -> dict:
        return {"train": len(self.train_audio), "val": len(self.val_audio), "test": len(self.test_video)}


def video_level(whitening: PcaWhitening, frame_sequences: list[np.ndarray]) -> np.ndarray:
    """Whitened frames max-pooled per video: ``(n_videos, n_components)``."""
    return np.stack([max_pool_frames(whitening.transform(frames)) for frames in frame_sequences])


def fold_inputs(fold: int, roles: pd.Series, songs: pd.DataFrame, clusters: np.ndarray,
                queries: dict[str, np.ndarray], audio_frames: list[np.ndarray], video_frames: list[np.ndarray],
                audio_components: int, visual_components: int) -> FoldInputs:
    """Fit the fold's transforms on its training songs and build every array.

    ``roles`` (train / val / test), ``clusters``, every ``queries[key]`` row, ``audio_frames`` and
    ``video_frames`` are aligned with ``songs``' rows.
    """
    roles = np.asarray(roles, dtype=object)
    if len(roles) != len(songs) or any(len(v) != len(songs) for v in queries.values()):
        raise ValueError("roles, queries and songs must be aligned")
    train, val, test = (np.flatnonzero(roles == r) for r in ("train", "val", "test"))
    audio_white = PcaWhitening.fit(np.concatenate([audio_frames[i] for i in train]), audio_components)
    visual_white = PcaWhitening.fit(np.concatenate([video_frames[i] for i in train]), visual_components)
    audio_scale = Standardiser.fit(audio_white.transform(queries[MEAN_QUERY][train]))
    video = video_level(visual_white, video_frames)
    video_scale = Standardiser.fit(video[train])
    audio = {key: audio_scale(audio_white.transform(rows)) for key, rows in queries.items()}
    video = video_scale(video)
    return FoldInputs(fold, audio[MEAN_QUERY][train], video[train], clusters[train],
                      audio[MEAN_QUERY][val], video[val], clusters[val], video[test], clusters[test],
                      songs["emotion10"].to_numpy(object)[test], {k: v[test] for k, v in audio.items()},
                      songs.iloc[test][["song_id", "music_id", "video_id"]].reset_index(drop=True))
