"""MR-CCA end to end: ``fit_mrcca`` trains every method at once, ``score_pairs`` scores pairs.

Training (Fig. 1 of the paper): (a) normalised-cut clusters of the standardised music
features; (b) DtRT per cluster, with "local" references (``1/d`` of each cluster) or one
"global" reference set (``1/d`` of the whole training set, shared by all clusters); (c) CCA per
cluster on the matched pairs, then the R-CCA weights from the preference pairs that fall in
the cluster (a preference is assigned by its preferred pair's nearest centre); (d) the
ensemble of Eq. 9/10 at scoring time. One fitted model serves C-CCA, CR-CCA, MR-CCA (and the
M-CCA ablation); ``training_time_s(model, method)`` gives each method's own training time
(C-CCA and M-CCA need no ranking step).

**Cluster centres** (Eq. 10's "distance between pair (x, y) and the centre"): with
``centre_space="music"`` (default) the distance is measured on the standardised music side,
where the clusters were made; ``"pair"`` adds the standardised image side's mean squared
distance to the image centroid of the same cluster.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from music_visual.papers.mrcca.model.dtrt import DtrtTransform, FeatureType, draw_reference_rows, fit_transform_dtrt
from music_visual.papers.mrcca.model.ensemble import (METHODS, cluster_weights, combine_cluster_scores,
                                                default_softmax_sigma, squared_distances_to_centres)
from music_visual.papers.mrcca.model.ncut import cluster_centres, ncut_cluster
from music_visual.papers.mrcca.model.ranking_cca import RankingCCA, fit_cca, fit_ranking_weights


@dataclass(frozen=True)
class MrccaConfig:
    """Hyper-parameters; defaults follow the paper where it gives a value (K = 10, 1/d = 1/6)."""

    n_clusters: int = 10
    reference_fraction: float = 1 / 6
    reference_mode: str = "local"  # "local" (per cluster) or "global" (whole training set)
    n_components: int = 32  # CCA components J per cluster (capped by the DtRT dimension)
    cca_reg: float = 0.1  # relative ridge of the CCA covariances (DtRT features are collinear)
    svm_c: float = 1.0  # C of the ranking SVM (Eq. 6)
    combine: str = "mean"  # DtRT over feature types: "mean" (R dims) or "concatenate"
    centre_space: str = "music"  # Eq. 10's distance: "music" or "pair"
    softmax_sigma: float | None = None  # None: the median-gap rule of ensemble.default_softmax_sigma
    n_neighbors: int = 10  # of the normalised-cut k-NN graph
    distance_dtype: str = "float32"  # precision of the DtRT distance products (see dtrt's docstring)

    def __post_init__(self):
        if self.distance_dtype not in ("float32", "float64"):
            raise ValueError(f"distance_dtype must be 'float32' or 'float64', got {self.distance_dtype!r}")
        if self.reference_mode not in ("local", "global"):
            raise ValueError(f"reference_mode must be 'local' or 'global', got {self.reference_mode!r}")
        if self.centre_space not in ("music", "pair"):
            raise ValueError(f"centre_space must be 'music' or 'pair', got {self.centre_space!r}")


@dataclass(frozen=True)
class PreferencePairs:
    """Row-aligned preferences: pair ``(preferred_music[i], preferred_images[i])`` over the other."""

    preferred_music: np.ndarray
    preferred_images: np.ndarray
    other_music: np.ndarray
    other_images: np.ndarray

    @classmethod
    def same_music(cls, music: np.ndarray, preferred_images: np.ndarray, other_images: np.ndarray):
        """The paper's annotations: one music segment, the preferred image and the other image."""
        return cls(music, preferred_images, music, other_images)

    def __len__(self) -> int:
        return len(self.preferred_music)


@dataclass
class MrccaModel:
    """Everything ``score_pairs`` needs, plus the stage timings in seconds."""

    config: MrccaConfig
    standardisation: dict[str, tuple[np.ndarray, np.ndarray]]
    labels: np.ndarray
    centres: np.ndarray
    softmax_sigma: float
    dtrts: list[DtrtTransform] = field(default_factory=list)
    rccas: list[RankingCCA] = field(default_factory=list)
    timings_s: dict[str, float] = field(default_factory=dict)


def standardisation_stats(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    std = features.std(axis=0)
    return features.mean(axis=0), np.where(std > 1e-12, std, 1.0)


def centre_space_points(model: MrccaModel, music: np.ndarray, images: np.ndarray) -> np.ndarray:
    """Points whose squared distance to ``model.centres`` is Eq. 10's ``d_c^2``."""
    mean, std = model.standardisation["music"]
    points = (music - mean) / std
    if model.config.centre_space == "pair":
        image_mean, image_std = model.standardisation["image"]
        scale = np.sqrt(music.shape[1] / images.shape[1])  # equal weight for each modality
        points = np.hstack([points, scale * (images - image_mean) / image_std])
    return points


def fit_clusters(model: MrccaModel, music: np.ndarray, images: np.ndarray, rng: np.random.Generator,
                 labels: np.ndarray | None) -> None:
    """Stage (a): labels (normalised cut unless given), centres and the softmax sigma."""
    model.standardisation = {"music": standardisation_stats(music), "image": standardisation_stats(images)}
    points = centre_space_points(model, music, images)
    if labels is None:
        music_points = points[:, : music.shape[1]]
        labels = ncut_cluster(music_points, model.config.n_clusters, rng, model.config.n_neighbors)
    model.labels = np.asarray(labels, dtype=int)
    sizes = np.bincount(model.labels, minlength=model.config.n_clusters)
    if sizes.min() < 3:
        raise ValueError(f"every cluster needs >= 3 training pairs for CCA; sizes {sizes.tolist()}")
    model.centres = cluster_centres(points, model.labels, model.config.n_clusters)
    sigma = model.config.softmax_sigma
    if sigma is None:
        sigma = default_softmax_sigma(squared_distances_to_centres(points, model.centres))
    model.softmax_sigma = sigma


def fit_dtrts(model: MrccaModel, music: np.ndarray, images: np.ndarray, music_types, image_types,
              rng: np.random.Generator) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stage (b): one DtRT per cluster (local) or one shared DtRT (global); training features."""
    cfg = model.config
    if cfg.reference_mode == "global":
        rows = draw_reference_rows(len(music), cfg.reference_fraction, rng)
        dtrt, x, y = fit_transform_dtrt(music, images, rows, music_types, image_types, cfg.combine,
                                        np.dtype(cfg.distance_dtype).type)
        members = [np.flatnonzero(model.labels == c) for c in range(cfg.n_clusters)]
        model.dtrts = [dtrt] * cfg.n_clusters
        return [(x[idx], y[idx]) for idx in members]
    features = []
    for c in range(cfg.n_clusters):
        idx = np.flatnonzero(model.labels == c)
        rows = draw_reference_rows(len(idx), cfg.reference_fraction, rng)
        dtrt, x, y = fit_transform_dtrt(music[idx], images[idx], rows, music_types, image_types, cfg.combine,
                                        np.dtype(cfg.distance_dtype).type)
        model.dtrts.append(dtrt)
        features.append((x, y))
    return features


def fit_rankings(model: MrccaModel, preferences: PreferencePairs, rng: np.random.Generator) -> None:
    """Stage (c), second half: each cluster's W from the preferences nearest to it."""
    points = centre_space_points(model, preferences.preferred_music, preferences.preferred_images)
    nearest = np.argmin(squared_distances_to_centres(points, model.centres), axis=1)
    for c, (dtrt, rcca) in enumerate(zip(model.dtrts, model.rccas)):
        idx = np.flatnonzero(nearest == c)
        preferred = dtrt.transform(preferences.preferred_music[idx], preferences.preferred_images[idx])
        other = dtrt.transform(preferences.other_music[idx], preferences.other_images[idx])
        fit_ranking_weights(rcca, preferred, other, rng, c=model.config.svm_c)


def timed(function, *args):
    """``(function(*args), seconds it took)``."""
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def fit_cluster_ccas(features: list[tuple[np.ndarray, np.ndarray]], config: MrccaConfig) -> list[RankingCCA]:
    """Stage (c), first half: CCA per cluster on its matched DtRT pairs (``W = 1`` for now)."""
    return [RankingCCA(fit_cca(x, y, config.n_components, config.cca_reg), np.ones(0)) for x, y in features]


def fit_mrcca(music: np.ndarray, images: np.ndarray, preferences: PreferencePairs,
              music_types: tuple[FeatureType, ...], image_types: tuple[FeatureType, ...],
              config: MrccaConfig, rng: np.random.Generator,
              cluster_labels: np.ndarray | None = None) -> MrccaModel:
    """Fit C-CCA, CR-CCA, M-CCA and MR-CCA on row-aligned training pairs ``(music, images)``.

    ``cluster_labels`` (optional) skips the normalised cut, e.g. to share one clustering across
    a sweep over ``1/d``; the "clustering" time then only covers the centres and sigma.
    ``model.timings_s`` holds the seconds of each stage; the "ranking" stage includes the DtRT
    of the preference pairs.
    """
    music, images = np.asarray(music, dtype=float), np.asarray(images, dtype=float)
    model = MrccaModel(config, {}, np.zeros(0, dtype=int), np.zeros((0, 0)), 1.0)
    timings = model.timings_s
    _, timings["clustering"] = timed(fit_clusters, model, music, images, rng, cluster_labels)
    features, timings["dtrt"] = timed(fit_dtrts, model, music, images, music_types, image_types, rng)
    model.rccas, timings["cca"] = timed(fit_cluster_ccas, features, config)
    _, timings["ranking"] = timed(fit_rankings, model, preferences, rng)
    return model


def training_time_s(model: MrccaModel, method: str) -> float:
    """Seconds spent training ``method`` (the ranking step counts only for R-CCA methods)."""
    stages = ["clustering", "dtrt", "cca"] + (["ranking"] if METHODS[method][1] == "rcca" else [])
    return float(sum(model.timings_s[s] for s in stages))


def cluster_scores(model: MrccaModel, music: np.ndarray, images: np.ndarray) -> dict[str, np.ndarray]:
    """Every cluster's CCA and R-CCA score of every pair: ``{"cca": n x K, "rcca": n x K}``."""
    scores = {"cca": [], "rcca": []}
    shared = model.dtrts[0].transform(music, images) if model.config.reference_mode == "global" else None
    for dtrt, rcca in zip(model.dtrts, model.rccas):
        x, y = shared if shared is not None else dtrt.transform(music, images)
        products = rcca.component_products(x, y)
        scores["cca"].append(products.sum(axis=1))
        scores["rcca"].append(products @ rcca.weights)
    return {kind: np.column_stack(columns) for kind, columns in scores.items()}


def score_pairs_all_methods(model: MrccaModel, music: np.ndarray,
                            images: np.ndarray) -> dict[str, np.ndarray]:
    """``{method: scores}`` for the row-aligned pairs ``(music[i], images[i])``, every method."""
    music, images = np.asarray(music, dtype=float), np.asarray(images, dtype=float)
    points = centre_space_points(model, music, images)
    squared = squared_distances_to_centres(points, model.centres)
    per_cluster = cluster_scores(model, music, images)
    return {method: combine_cluster_scores(per_cluster[similarity],
                                           cluster_weights(squared, weighting, model.softmax_sigma))
            for method, (weighting, similarity) in METHODS.items()}


def score_pairs(model: MrccaModel, music: np.ndarray, images: np.ndarray,
                method: str = "mr-cca") -> np.ndarray:
    """Similarity ``S(music[i], images[i])`` under ``method`` ("c-cca", "cr-cca", "m-cca", "mr-cca")."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {tuple(METHODS)}, got {method!r}")
    return score_pairs_all_methods(model, music, images)[method]
