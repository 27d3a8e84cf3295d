"""VM-NET's model inputs: 1024-d video-level and 1140-d music-level features per split.

Video (Sec. III-B, IV-B): per sampled frame the 1280-d EfficientNet-Lite0
pooled features (the study's substitute for Inception's 2048-d) are reduced to
1024-d by whitened PCA (YouTube-8M's WPCA); each video's frames are summarised
by mean, standard deviation and top-5 ordinal statistics (7 x 1024); global
mean removal, PCA to 1024-d and L2 normalisation give the video-level feature.
Music (Sec. III-A): the 1140-d statistics of the ``vmnet_audio`` family,
standardised per dimension (a choice of ours, stated in the notebook: the raw
dimensions span many orders of magnitude and the paper does not say how it
scales them).

Every transform is fitted on the **training split only** and saved, so the
validation and test features never influence them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.features.scaling import Standardiser
from music_visual.features.visual_aggregate import PcaWhitening, VideoLevelProjection, vmnet_video_statistics

VIDEO_DIM = 1024
TOP_K_FRAMES = 5


@dataclass(frozen=True)
class VMNetFeatureTransforms:
    """The fitted transforms: frame WPCA, video-level projection, music standardiser."""

    frame_whitening: PcaWhitening
    video_projection: VideoLevelProjection
    music_scaler: Standardiser

    def video(self, frame_sequences: list[np.ndarray]) -> tuple[np.ndarray, pd.DataFrame]:
        """(n, 1024) video-level features and per-video flags (no frames, fewer than 5 frames)."""
        stats, flags = video_statistics(self.frame_whitening, frame_sequences)
        return self.video_projection.transform(stats), flags

    def music(self, music: np.ndarray) -> np.ndarray:
        return self.music_scaler.transform(music)

    def save(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self.frame_whitening.save(folder / "frame_whitening.npz")
        p, m = self.video_projection, self.music_scaler
        np.savez(folder / "video_projection.npz", mean=p.mean, axes=p.axes, n_components=p.n_components)
        np.savez(folder / "music_standardiser.npz", mean=m.mean, std=m.std)
        return folder

    @classmethod
    def load(cls, folder: str | Path) -> "VMNetFeatureTransforms":
        folder = Path(folder)
        with np.load(folder / "video_projection.npz") as p, np.load(folder / "music_standardiser.npz") as m:
            projection = VideoLevelProjection(p["mean"], p["axes"], int(p["n_components"]))
            scaler = Standardiser(m["mean"], m["std"])
        return cls(PcaWhitening.load(folder / "frame_whitening.npz"), projection, scaler)


def video_statistics(whitening: PcaWhitening, frame_sequences: list[np.ndarray]) -> tuple[np.ndarray, pd.DataFrame]:
    """Whitened frames -> (mean, std, top-5) per video, and the flags of each video."""
    rows, flags = [], []
    for frames in frame_sequences:
        whitened = whitening.transform(frames) if len(frames) else np.zeros((0, whitening.n_components), np.float32)
        values, flag = vmnet_video_statistics(whitened, TOP_K_FRAMES)
        rows.append(values)
        flags.append(flag | {"n_frames": len(frames)})
    return np.stack(rows), pd.DataFrame(flags)


def fit_transforms(train_frames: list[np.ndarray], train_music: np.ndarray,
                   n_components: int = VIDEO_DIM) -> VMNetFeatureTransforms:
    """Fit every transform on the training split's frames and music features."""
    frames = np.concatenate([f for f in train_frames if len(f)])
    whitening = PcaWhitening.fit(frames, n_components)
    stats, _ = video_statistics(whitening, train_frames)
    projection = VideoLevelProjection.fit(stats, n_components)
    return VMNetFeatureTransforms(whitening, projection, Standardiser.fit(train_music))


def save_split_features(folder: str | Path, split: str, ids: pd.DataFrame, video: np.ndarray,
                        music: np.ndarray) -> None:
    """``<split>_video.npy``, ``<split>_music.npy`` and ``<split>_ids.parquet`` (row order)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not (len(ids) == len(video) == len(music)):
        raise ValueError("ids, video and music must have one row per pair")
    np.save(folder / f"{split}_video.npy", np.asarray(video, dtype=np.float32))
    np.save(folder / f"{split}_music.npy", np.asarray(music, dtype=np.float32))
    ids.reset_index(drop=True).to_parquet(folder / f"{split}_ids.parquet", index=False)


def load_split_features(folder: str | Path, split: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """``(ids, video, music)`` of one split written by :func:`save_split_features`."""
    folder = Path(folder)
    if not (folder / f"{split}_video.npy").is_file():
        raise FileNotFoundError(f"no {split} features in {folder}: run notebooks/vmnet/02_features.ipynb first")
    return (pd.read_parquet(folder / f"{split}_ids.parquet"), np.load(folder / f"{split}_video.npy"),
            np.load(folder / f"{split}_music.npy"))


FAMILIES = {"vmnet_audio": "music", "cnn_frames": "pooled"}  # the feature families VM-NET reads -> output


def feature_folder(family: str) -> Path:
    """``data/processed/features/<family>/<output>`` of one of VM-NET's two families."""
    from music_visual import paths

    return paths.features_dir(family) / FAMILIES[family]
