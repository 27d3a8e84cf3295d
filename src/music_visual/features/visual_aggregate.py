"""Frame -> video aggregation: YouTube-8M PCA-whitening, VM-NET statistics, S-DCCA max pooling.

* :class:`PcaWhitening` -- YouTube-8M's frame features are Inception activations
  reduced by PCA to 1024-d and whitened (then 8-bit quantised, not done here).
  Fitted on the rows it is given (pass the training split's frames only);
  ``transform`` returns ``n_components`` columns, with zero columns where the
  training rows had fewer directions than that (fewer rows than components,
  or directions with variance below ``1e-10`` of the largest).
* :func:`vmnet_video_statistics` + :class:`VideoLevelProjection` -- VM-NET's
  video-level features: per video the mean, standard deviation and top-5
  ordinal statistics (the 5 largest values of each dimension, largest first) of
  its frames; then, fitted on training videos, global mean removal, PCA (no
  whitening) to 1024-d and L2 normalisation.
* :func:`max_pool_frames` -- S-DCCA's video-level visual feature.

PCA signs are fixed (largest-magnitude loading positive) so that fits are
deterministic.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np


def _principal_axes(X: np.ndarray, n_components: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, top principal axes (k x D, sign-fixed) and their variances of the rows of ``X``."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] < 2:
        raise ValueError(f"need a 2-D array with at least 2 rows, got shape {X.shape}")
    mean = X.mean(axis=0)
    centred = X - mean
    if X.shape[0] > X.shape[1]:  # many rows: eigen-decompose the D x D covariance (cheaper than the SVD)
        eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred / (X.shape[0] - 1))
        variances, vt = eigenvalues[::-1].clip(min=0.0), eigenvectors[:, ::-1].T
    else:
        _, s, vt = np.linalg.svd(centred, full_matrices=False)
        variances = s**2 / (X.shape[0] - 1)
    keep = min(n_components, int((variances > 1e-10 * max(variances[0], 1e-300)).sum()))
    axes = vt[:keep]
    signs = np.sign(axes[np.arange(keep), np.abs(axes).argmax(axis=1)])
    return mean, axes * signs[:, None], variances[:keep]


def _pad_columns(Z: np.ndarray, n: int) -> np.ndarray:
    return np.pad(Z, ((0, 0), (0, n - Z.shape[1]))) if Z.shape[1] < n else Z


@dataclass(frozen=True)
class PcaWhitening:
    """``(x - mean) @ axes.T / sqrt(variance + eps)``, zero-padded to ``n_components``."""

    mean: np.ndarray
    axes: np.ndarray
    variances: np.ndarray
    n_components: int
    eps: float = 1e-6

    @classmethod
    def fit(cls, X: np.ndarray, n_components: int = 1024, eps: float = 1e-6) -> "PcaWhitening":
        mean, axes, variances = _principal_axes(X, n_components)
        return cls(mean, axes, variances, n_components, eps)

    def transform(self, X: np.ndarray) -> np.ndarray:
        Z = (np.asarray(X, dtype=np.float64) - self.mean) @ self.axes.T / np.sqrt(self.variances + self.eps)
        return _pad_columns(Z, self.n_components).astype(np.float32)

    def save(self, path: str | os.PathLike) -> None:
        np.savez(path, mean=self.mean, axes=self.axes, variances=self.variances,
                 n_components=self.n_components, eps=self.eps)  # fmt: skip

    @classmethod
    def load(cls, path: str | os.PathLike) -> "PcaWhitening":
        with np.load(path) as f:
            return cls(f["mean"], f["axes"], f["variances"], int(f["n_components"]), float(f["eps"]))


def vmnet_video_statistics(frames: np.ndarray, top_k: int = 5) -> tuple[np.ndarray, dict[str, bool]]:
    """``[mean, std, top-1 .. top-k]`` of (T, D) frames -> ((2 + k) * D,) float32, and flags.

    Fewer than ``k`` frames: the missing ordinal statistics repeat the smallest
    value available (flag ``fewer_frames_than_top_k``); no frames: zeros (flag ``no_frames``).
    """
    frames = np.nan_to_num(np.asarray(frames, dtype=np.float64))
    T, D = frames.shape
    flags = {"no_frames": T == 0, "fewer_frames_than_top_k": T < top_k}
    if T == 0:
        return np.zeros((2 + top_k) * D, dtype=np.float32), flags
    ordered = -np.sort(-frames, axis=0)  # descending per dimension
    top = ordered[np.minimum(np.arange(top_k), T - 1)]
    out = np.concatenate([frames.mean(axis=0), frames.std(axis=0), top.reshape(-1)])
    return out.astype(np.float32), flags


@dataclass(frozen=True)
class VideoLevelProjection:
    """VM-NET: global mean removal, PCA to ``n_components`` (zero-padded), L2 normalisation."""

    mean: np.ndarray
    axes: np.ndarray
    n_components: int

    @classmethod
    def fit(cls, video_statistics: np.ndarray, n_components: int = 1024) -> "VideoLevelProjection":
        mean, axes, _ = _principal_axes(video_statistics, n_components)
        return cls(mean, axes, n_components)

    def transform(self, video_statistics: np.ndarray) -> np.ndarray:
        Z = (np.asarray(video_statistics, dtype=np.float64) - self.mean) @ self.axes.T
        norms = np.linalg.norm(Z, axis=1, keepdims=True)
        Z = Z / np.where(norms > 0, norms, 1.0)
        return _pad_columns(Z, self.n_components).astype(np.float32)


def max_pool_frames(frames: np.ndarray) -> np.ndarray:
    """S-DCCA video-level feature: per-dimension max over frames ((T, D) -> (D,)); zeros if T = 0."""
    frames = np.asarray(frames, dtype=np.float32)
    return frames.max(axis=0) if frames.shape[0] else np.zeros(frames.shape[1], dtype=np.float32)
