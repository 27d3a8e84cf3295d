"""Distance-to-Reference Transformation (DtRT, MR-CCA Sec. 3.1).

A sample is described by its similarities to ``R`` reference pairs ``{(I_r, M_r)}``: an
image by its similarity to the reference images, a music segment by its similarity to the
reference music, so both modalities get ``R``-dimensional vectors whose components are
aligned (component ``r`` of each refers to the same reference pair).

Each feature type ``t`` (a block of columns) has its own distance function ``d_t``, and
``s_{t,r}(v) = exp(-d_t(v, v_r)^2 / sigma_{t,r}^2)``. Choices where the paper is silent:

* **sigma** (the paper's ``sigma_r``, one per reference): ``sigma_{t,r}`` is the median of
  ``d_t`` from reference ``r`` to the samples it was fitted on (its cluster's training samples
  for local references, the whole training set for global ones). It is scale-free, makes a
  typical sample's similarity ``exp(-1)``, and puts every feature type on the same footing.
* **combining types**: ``combine="mean"`` (default) takes the geometric mean over types,
  ``exp(-mean_t d_t^2 / sigma_{t,r}^2)``, one value per reference, so music (2 types in the
  paper) and image (3 types) both get exactly ``R`` aligned components as the paper states.
  ``combine="concatenate"`` keeps one block of ``R`` similarities per type (dimensions
  ``R * T_music`` and ``R * T_image``; CCA does not need them to match).
* **distance functions**: ``euclidean``, ``cosine`` (1 - cos), ``hellinger`` (for
  non-negative histograms; Euclidean distance between square roots over sqrt 2, a BLAS-friendly
  stand-in for chi-square) and ``cityblock``. All are computed for whole blocks at once
  (matrix products for the first three, ``scipy.spatial.distance.cdist`` for cityblock).
* **precision**: ``dtype`` of a side (float64 by default) is the precision of the distance
  products. MR-CCA's sweeps use float32 (``MrccaConfig.distance_dtype``): the products are
  ~2.4x faster on one core and the similarities move by ~1e-6, far below what the ranking
  sees; the similarities are returned as float64 either way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial.distance import cdist

METRICS = ("euclidean", "cosine", "hellinger", "cityblock")
COMBINES = ("mean", "concatenate")


@dataclass(frozen=True)
class FeatureType:
    """A block of feature columns ``[start, stop)`` and the distance function used on it."""

    name: str
    start: int
    stop: int
    metric: str = "euclidean"

    def __post_init__(self):
        if self.metric not in METRICS:
            raise ValueError(f"metric must be one of {METRICS}, got {self.metric!r}")
        if not 0 <= self.start < self.stop:
            raise ValueError(f"feature type {self.name!r} needs 0 <= start < stop")

    def columns(self, features: np.ndarray) -> np.ndarray:
        return features[:, self.start : self.stop]


def squared_euclidean_distances(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """``D[i, j] = ||A[i] - B[j]||^2`` via ``|a|^2 + |b|^2 - 2 a.b`` (clipped at 0)."""
    sq = np.einsum("ij,ij->i", A, A)[:, None] + np.einsum("ij,ij->i", B, B)[None, :] - 2.0 * A @ B.T
    return np.maximum(sq, 0.0)


def squared_distances(A: np.ndarray, B: np.ndarray, metric: str) -> np.ndarray:
    """Squared distances between all rows of ``A`` (n x p) and ``B`` (R x p), shape n x R."""
    if metric == "euclidean":
        return squared_euclidean_distances(A, B)
    if metric == "cosine":
        norm_a = np.maximum(np.linalg.norm(A, axis=1, keepdims=True), 1e-12)
        norm_b = np.maximum(np.linalg.norm(B, axis=1, keepdims=True), 1e-12)
        return (1.0 - (A / norm_a) @ (B / norm_b).T) ** 2
    if metric == "hellinger":
        if A.min(initial=0.0) < 0 or B.min(initial=0.0) < 0:
            raise ValueError("hellinger distance needs non-negative features")
        return squared_euclidean_distances(np.sqrt(A), np.sqrt(B)) / 2.0
    if metric == "cityblock":
        return cdist(A, B, metric="cityblock") ** 2
    raise ValueError(f"metric must be one of {METRICS}, got {metric!r}")


@dataclass
class DtrtSide:
    """The references and sigmas of one modality: ``sigmas[t]`` has one value per reference."""

    feature_types: tuple[FeatureType, ...]
    references: np.ndarray
    sigmas: tuple[np.ndarray, ...]
    dtype: type = np.float64  # precision of the distance products

    def squared_distances_by_type(self, features: np.ndarray) -> list[np.ndarray]:
        features = np.asarray(features, dtype=self.dtype)
        references = np.asarray(self.references, dtype=self.dtype)
        return [
            squared_distances(t.columns(features), t.columns(references), t.metric)
            for t in self.feature_types
        ]

    def transform(self, features: np.ndarray, combine: str = "mean") -> np.ndarray:
        """DtRT vectors of ``features`` (n x R for ``"mean"``, n x R*T for ``"concatenate"``)."""
        return self.similarities(self.squared_distances_by_type(features), combine)

    def similarities(self, squared_by_type: list[np.ndarray], combine: str) -> np.ndarray:
        """``exp(-d^2 / sigma^2)`` from per-type squared distances, combined over the types."""
        if combine == "mean":
            exponent = np.zeros_like(squared_by_type[0])
            for d2, sigma in zip(squared_by_type, self.sigmas):
                exponent += d2 / (sigma**2).astype(exponent.dtype)
            exponent *= -1.0 / len(squared_by_type)
            return np.exp(exponent, out=exponent).astype(np.float64, copy=False)
        if combine == "concatenate":
            return np.exp(-np.hstack([d2 / sigma**2 for d2, sigma in zip(squared_by_type, self.sigmas)])
                          ).astype(np.float64, copy=False)
        raise ValueError(f"combine must be one of {COMBINES}, got {combine!r}")


def fit_dtrt_side(features: np.ndarray, reference_rows: np.ndarray, feature_types: tuple[FeatureType, ...],
                  dtype: type = np.float64) -> tuple[DtrtSide, list[np.ndarray]]:
    """References ``features[reference_rows]``; ``sigma_{t,r}`` = median distance to ``features``.

    Also returns the squared distances of ``features`` to the references (one n x R array per
    type), so that the training features need not be computed twice.
    """
    side = DtrtSide(tuple(feature_types), features[reference_rows], (), dtype)
    squared = side.squared_distances_by_type(features)
    medians = [np.sqrt(np.median(d2, axis=0).astype(np.float64)) for d2 in squared]
    side.sigmas = tuple(np.where(m > 1e-12, m, 1.0) for m in medians)
    return side, squared


@dataclass
class DtrtTransform:
    """DtRT for music and image sharing one set of reference pairs."""

    music: DtrtSide
    image: DtrtSide
    combine: str = "mean"

    @property
    def n_references(self) -> int:
        return len(self.music.references)

    def transform(self, music: np.ndarray, images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.music.transform(music, self.combine), self.image.transform(images, self.combine)


def fit_transform_dtrt(music: np.ndarray, images: np.ndarray, reference_rows: np.ndarray,
                       music_types: tuple[FeatureType, ...], image_types: tuple[FeatureType, ...],
                       combine: str = "mean", dtype: type = np.float64) -> tuple[DtrtTransform, np.ndarray, np.ndarray]:
    """Fit DtRT on row-aligned training pairs (references: ``reference_rows``).

    Returns the transform and the DtRT features of the training music and images; ``dtype``
    is the precision of the distance products (see the module docstring).
    """
    if combine not in COMBINES:
        raise ValueError(f"combine must be one of {COMBINES}, got {combine!r}")
    reference_rows = np.asarray(reference_rows)
    music_side, music_squared = fit_dtrt_side(music, reference_rows, music_types, dtype)
    image_side, image_squared = fit_dtrt_side(images, reference_rows, image_types, dtype)
    transform = DtrtTransform(music_side, image_side, combine)
    return (transform, music_side.similarities(music_squared, combine),
            image_side.similarities(image_squared, combine))


def draw_reference_rows(n_samples: int, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """``max(1, round(fraction * n_samples))`` distinct row indices, drawn without replacement."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    n_refs = max(1, int(round(fraction * n_samples)))
    return np.sort(rng.choice(n_samples, size=n_refs, replace=False))
