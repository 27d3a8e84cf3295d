"""MR-CCA experiments: the paper's sweeps (Fig. 2A/2B), Table 1 and the human-labelled subset.

Every repeat draws a new split by song (:func:`music_visual.papers.mrcca.data.split_by_song`) and
new references, and evaluates on the held-out comparisons (true pair vs same segment + a
random image):

* ``consistency``: share of test comparisons whose MV pair scores above the random pair --
  the MV pairing as ground truth, which the annotators back 89.2 % of the time;
* ``consistency_human_labelled``: on the human-labelled test comparisons only, the share of
  the annotators' judgements the scores agree with (each vote counts once; ties count 1/2).

The methods are trained on the training pairs; R-CCA's ranking weights on the human-labelled
training comparisons (the annotators' majority decides which pair is preferred) whose random
image is a training image too, so no test image enters training. The music descriptors
(columns 0-88, Echo-Nest-like scalars of very different scales) are z-scored with training
statistics before the Euclidean DtRT distance; the mood posteriors (89-132) and the image
histograms keep their raw values for the Hellinger distance.

**What fits share**: a repeat's split, standardisation and preference set; one
normalised-cut clustering per (repeat, K), reused by every 1/d and by both reference modes
(Table 1's training time adds that clustering's time to both). One fit serves all four
methods.

**Parallel and deterministic**: the unit of work is a *group*, all fits of one (repeat, K).
Groups run on ``n_jobs`` worker processes (joblib/loky; ``0`` = every core, ``1`` = in this
process), each with ``blas_threads`` BLAS threads (1 by default: on 2 cores, one single-threaded
group per core beats two threads fighting over small products). Each group draws its
randomness (clustering, references, SVM) from its own generator seeded by
``(seed, repeat, K)`` and the split from ``(seed, repeat)``, so the results are identical for
every ``n_jobs`` and every execution order.
"""

from __future__ import annotations

import time
from pathlib import Path
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from music_visual.metrics import pairwise_consistency
from music_visual.parallel import resolve_n_jobs
from music_visual.papers.mrcca.data import COMPARISONS_FILE, PAPER_TRAIN_SHARE, split_by_song
from music_visual.papers.mrcca.features import IMAGE_TYPES, MUSIC_TYPES, N_DESCRIPTORS
from music_visual.papers.mrcca.model import (MrccaConfig, PreferencePairs, fit_mrcca, score_pairs_all_methods,
                                             training_time_s)
from music_visual.papers.mrcca.model.ncut import ncut_cluster
from music_visual.study.references import CHANCE, ORACLE, PAIRWISE_CHANCE

METHOD_KEYS = {"c-cca": "c_cca", "cr-cca": "cr_cca", "m-cca": "m_cca", "mr-cca": "mrcca"}


@dataclass
class MrccaData:
    """Row-aligned arrays of one dataset view (see :func:`mrcca_data`)."""

    music: np.ndarray  # (n_segments, 133)
    images: np.ndarray  # (n_images, 2596)
    segment_song: np.ndarray  # (n_segments,) song id (None for a segment without key frame)
    pair_segment: np.ndarray  # (n_pairs,) row of music
    pair_image: np.ndarray  # (n_pairs,) row of images: the MV key frame
    other_image: np.ndarray  # (n_pairs,) row of images: the random image of another song
    labelled: np.ndarray
    votes_true: np.ndarray
    n_votes: np.ndarray
    oracle_true: np.ndarray | None = None  # oracle score of each MV pair / random pair
    oracle_other: np.ndarray | None = None

    @property
    def image_song(self) -> np.ndarray:
        songs = np.empty(len(self.images), dtype=object)
        songs[self.pair_image] = self.segment_song[self.pair_segment]
        return songs


def mrcca_data(comparisons: pd.DataFrame, segment_ids, music, image_ids, images, oracle=None) -> MrccaData:
    """Index a comparisons table (:func:`datasets.mrcca.simulate_comparisons`) into feature rows.

    ``oracle``: optional ``(true_scores, other_scores)`` aligned with ``comparisons``.
    """
    seg_row = pd.Series(np.arange(len(segment_ids)), index=list(segment_ids))
    img_row = pd.Series(np.arange(len(image_ids)), index=list(image_ids))
    pair_segment = seg_row.loc[comparisons["segment_id"]].to_numpy()
    segment_song = np.empty(len(segment_ids), dtype=object)
    segment_song[pair_segment] = comparisons["song_id"].to_numpy()
    return MrccaData(np.asarray(music, float), np.asarray(images, float), segment_song, pair_segment,
                     img_row.loc[comparisons["image_id"]].to_numpy(), img_row.loc[comparisons["other_image_id"]].to_numpy(),
                     comparisons["labelled"].to_numpy(bool), comparisons["votes_true"].to_numpy(int),
                     comparisons["n_votes"].to_numpy(int), *(oracle if oracle is not None else (None, None)))


@dataclass(frozen=True)
class SweepSettings:
    """The grids and repeats; ``paper_settings()`` gives the paper's full grid.

    The defaults are a subset of the paper's grid (K = 3..20, d = 2..20) with the paper's 10
    repeats, so that every claim is a paired difference over 10 splits (``params.yaml``
    ``mrcca.train`` sets them; the measured sweep time is in ``benchmarks/README.md``).
    """

    k_grid: tuple[int, ...] = (3, 5, 10, 15, 20)
    d_grid: tuple[int, ...] = (2, 4, 6, 8, 10, 14, 20)
    fig2a_d: int = 6
    fig2b_k: int = 10
    table1: tuple[int, int] = (10, 10)
    human_labelled: tuple[int, int] = (5, 5)
    single: tuple[int, int] = (1, 20)  # one model (K = 1): plain CCA / R-CCA; 1/20 keeps the DtRT small
    n_repeats: int = 10
    seed: int = 0
    train_share: float = PAPER_TRAIN_SHARE
    model: dict = field(default_factory=lambda: {"n_components": 32, "cca_reg": 0.1, "svm_c": 1.0, "n_neighbors": 10})
    blas_threads: int = 1
    n_jobs: int = 0  # worker processes for the (repeat, K) groups; 0 = every core

    @classmethod
    def from_params(cls, params) -> "SweepSettings":
        """The settings from ``params.yaml``'s ``mrcca.train`` keys (or a notebook's namespace holding them)."""
        keys = ("seed", "n_repeats", "k_grid", "d_grid", "fig2a_d", "fig2b_k", "table1_k", "table1_d",
                "human_labelled_k", "human_labelled_d", "single_d", "n_components", "cca_reg", "svm_c",
                "n_neighbors", "train_share", "blas_threads", "n_jobs")
        missing = [k for k in keys if k not in params]
        if missing:
            raise ValueError(f"MR-CCA sweep settings lack {', '.join(missing)} (keys of params.yaml mrcca.train)")
        p = {k: params[k] for k in keys}
        return cls(k_grid=tuple(p["k_grid"]), d_grid=tuple(p["d_grid"]), fig2a_d=p["fig2a_d"], fig2b_k=p["fig2b_k"],
                   table1=(p["table1_k"], p["table1_d"]), human_labelled=(p["human_labelled_k"], p["human_labelled_d"]),
                   single=(1, p["single_d"]), n_repeats=p["n_repeats"], seed=p["seed"], train_share=p["train_share"],
                   blas_threads=p["blas_threads"], n_jobs=p["n_jobs"],
                   model={k: p[k] for k in ("n_components", "cca_reg", "svm_c", "n_neighbors")})

    def fits(self) -> dict[tuple[int, int, str], list[str]]:
        """Every (K, d, reference mode) to fit, with the experiments that read it."""
        fits: dict[tuple[int, int, str], list[str]] = {}
        wanted = [("fig2a", (k, self.fig2a_d, "local")) for k in self.k_grid]
        wanted += [("fig2b", (self.fig2b_k, d, "local")) for d in self.d_grid]
        wanted += [("table1", (*self.table1, mode)) for mode in ("local", "global")]
        wanted += [("human_labelled", (*self.human_labelled, "local")), ("single", (*self.single, "local"))]
        for experiment, key in wanted:
            fits.setdefault(key, []).append(experiment)
        return fits


def paper_settings(**overrides) -> SweepSettings:
    """K = 3..20, d = 2..20, 10 repeats (Sec. 4)."""
    return SweepSettings(**({"k_grid": tuple(range(3, 21)), "d_grid": tuple(range(2, 21)), "n_repeats": 10}
                            | overrides))


@dataclass
class RepeatSplit:
    """One repeat's split and everything the fits of that repeat share."""

    train: np.ndarray  # bool per pair
    music: np.ndarray  # standardised music (n_segments, 133)
    preferences: PreferencePairs
    labels: dict = field(default_factory=dict)  # K -> (cluster labels of the training pairs, seconds)


def prepare_repeat(data: MrccaData, rng: np.random.Generator, train_share: float) -> RepeatSplit:
    """Split by song, standardise the descriptors on training segments, collect preferences."""
    train_songs = split_by_song(data.segment_song[np.unique(data.pair_segment)], rng, train_share)
    train_segment = np.isin(data.segment_song, list(train_songs))
    train = train_segment[data.pair_segment]
    music = data.music.copy()
    mean = music[train_segment, :N_DESCRIPTORS].mean(axis=0)
    std = music[train_segment, :N_DESCRIPTORS].std(axis=0)
    music[:, :N_DESCRIPTORS] = (music[:, :N_DESCRIPTORS] - mean) / np.where(std > 1e-9, std, 1.0)
    other_in_train = np.isin(data.image_song[data.other_image], list(train_songs))
    use = train & data.labelled & other_in_train
    true_wins = 2 * data.votes_true[use] > data.n_votes[use]
    preferred = np.where(true_wins, data.pair_image[use], data.other_image[use])
    other = np.where(true_wins, data.other_image[use], data.pair_image[use])
    segments = music[data.pair_segment[use]]
    prefs = PreferencePairs.same_music(segments, data.images[preferred], data.images[other])
    return RepeatSplit(train, music, prefs)


def cluster_labels(split: RepeatSplit, data: MrccaData, k: int, rng, n_neighbors: int) -> tuple[np.ndarray, float]:
    """Normalised-cut labels of the training pairs' standardised music, cached per K."""
    if k not in split.labels:
        music = split.music[data.pair_segment[split.train]]
        std = music.std(axis=0)
        points = (music - music.mean(axis=0)) / np.where(std > 1e-12, std, 1.0)
        start = time.perf_counter()
        labels = ncut_cluster(points, k, rng, n_neighbors)
        split.labels[k] = (labels, time.perf_counter() - start)
    return split.labels[k]


def consistency_scores(scores_true: np.ndarray, scores_other: np.ndarray, votes_true: np.ndarray,
                       n_votes: np.ndarray) -> dict[str, float]:
    """``consistency`` (MV pair preferred) and ``consistency_human_labelled`` (per annotator vote)."""
    result = {"consistency": pairwise_consistency(scores_true, scores_other)}
    votes_other = n_votes - votes_true
    if n_votes.sum() == 0:
        result["consistency_human_labelled"] = float("nan")
        return result
    preferred = np.concatenate([np.repeat(scores_true, votes_true), np.repeat(scores_other, votes_other)])
    rejected = np.concatenate([np.repeat(scores_other, votes_true), np.repeat(scores_true, votes_other)])
    result["consistency_human_labelled"] = pairwise_consistency(preferred, rejected)
    return result


def evaluate_fit(data: MrccaData, split: RepeatSplit, k: int, d: int, mode: str, settings: SweepSettings,
                 rng: np.random.Generator) -> list[dict]:
    """Fit one (K, 1/d, reference mode) on the training pairs; one row per method."""
    labels, ncut_s = cluster_labels(split, data, k, rng, settings.model["n_neighbors"])
    train, test = split.train, ~split.train
    config = MrccaConfig(n_clusters=k, reference_fraction=1 / d, reference_mode=mode,
                         n_components=settings.model["n_components"], cca_reg=settings.model["cca_reg"],
                         svm_c=settings.model["svm_c"], n_neighbors=settings.model["n_neighbors"])
    music = split.music[data.pair_segment]
    model = fit_mrcca(music[train], data.images[data.pair_image[train]], split.preferences, MUSIC_TYPES,
                      IMAGE_TYPES, config, rng, cluster_labels=labels)
    n_test = int(test.sum())
    both_music = np.vstack([music[test], music[test]])
    both_images = data.images[np.concatenate([data.pair_image[test], data.other_image[test]])]
    scores = score_pairs_all_methods(model, both_music, both_images)
    rows = []
    for method, s in scores.items():
        rows.append({"method": METHOD_KEYS[method], "train_time_s": training_time_s(model, method) + ncut_s,
                     **consistency_scores(s[:n_test], s[n_test:], data.votes_true[test], data.n_votes[test])})
    return rows


def chance_and_oracle_scores(data: MrccaData, split: RepeatSplit) -> list[dict]:
    """Chance (0.5 by construction: ties count 1/2) and, when known, the corpus oracle."""
    test = ~split.train
    rows = [{"method": CHANCE, "consistency": PAIRWISE_CHANCE, "consistency_human_labelled": PAIRWISE_CHANCE}]
    if data.oracle_true is not None:
        rows.append({"method": ORACLE, **consistency_scores(data.oracle_true[test], data.oracle_other[test],
                                                              data.votes_true[test], data.n_votes[test])})
    return rows


def fit_groups(settings: SweepSettings) -> list[tuple[int, list[tuple[int, int, str]]]]:
    """The fits grouped by K (they share a clustering), most expensive group first.

    The cost estimate (DtRT distance products ~ n^2 / d per cluster set, divided by K for local
    references) only orders the work for the pool; it does not change any result.
    """
    groups: dict[int, list[tuple[int, int, str]]] = {}
    for key in settings.fits():
        groups.setdefault(key[0], []).append(key)

    def cost(keys):
        return sum(1.0 / d / (1 if mode == "global" else k) + 0.01 * k for k, d, mode in keys)

    return sorted(groups.items(), key=lambda kv: -cost(kv[1]))


def _failed_rows(exc: Exception) -> list[dict]:
    return [{"method": m, "consistency": np.nan, "consistency_human_labelled": np.nan, "train_time_s": np.nan,
             "error": f"{type(exc).__name__}: {exc}"} for m in METHOD_KEYS.values()]


def repeat_common(split: RepeatSplit, repeat: int) -> dict:
    return {"repeat": repeat, "n_train_pairs": int(split.train.sum()), "n_test_pairs": int((~split.train).sum()),
            "n_train_preferences": len(split.preferences)}


def run_group(data: MrccaData, settings: SweepSettings, repeat: int, k: int,
              keys: list[tuple[int, int, str]]) -> tuple[list[dict], float]:
    """Every fit of one (repeat, K); rows tagged with their experiments, and the group's seconds.

    A fit whose linear algebra fails is kept as rows with NaN scores and an ``error`` column,
    so one bad split does not lose the sweep; summaries drop the NaNs and count the rest.
    """
    group_started = time.perf_counter()
    with threadpool_limits(settings.blas_threads):
        split = prepare_repeat(data, np.random.default_rng([settings.seed, repeat]), settings.train_share)
        rng = np.random.default_rng([settings.seed, repeat, k])
        common, rows, experiments = repeat_common(split, repeat), [], settings.fits()
        for key in sorted(keys):
            _, d, mode = key
            started = time.perf_counter()
            try:
                fitted = evaluate_fit(data, split, k, d, mode, settings, rng)
            except np.linalg.LinAlgError as exc:  # e.g. LAPACK's SVD not converging: recorded, not fatal
                fitted = _failed_rows(exc)
            wall = {"fit_wall_s": time.perf_counter() - started}  # incl. scoring and a first clustering at this K
            for r in fitted:
                rows += [{**common, "experiment": e, "n_clusters": k, "d": d, "reference_mode": mode, **r, **wall}
                         for e in experiments[key]]
    return rows, time.perf_counter() - group_started


def reference_repeat_rows(data: MrccaData, settings: SweepSettings, repeat: int) -> list[dict]:
    """Chance and oracle rows of one repeat (its split only)."""
    split = prepare_repeat(data, np.random.default_rng([settings.seed, repeat]), settings.train_share)
    return [{**repeat_common(split, repeat), "experiment": "reference", "n_clusters": 0, "d": 0,
             "reference_mode": "", **r} for r in chance_and_oracle_scores(data, split)]


def run_sweeps(data: MrccaData, settings: SweepSettings, progress: bool = True) -> pd.DataFrame:
    """All repeats; one row per (repeat, experiment, K, d, reference mode, method).

    The (repeat, K) groups run on ``settings.n_jobs`` processes with a progress bar; the rows
    come back in a fixed order (repeat, then the group order of :func:`fit_groups`).
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    tasks = [(repeat, k, keys) for repeat in range(settings.n_repeats) for k, keys in fit_groups(settings)]
    n_jobs = resolve_n_jobs(settings.n_jobs, len(tasks))
    rows = [row for repeat in range(settings.n_repeats) for row in reference_repeat_rows(data, settings, repeat)]
    bar = tqdm(total=len(tasks), desc=f"MR-CCA fits ({n_jobs} process{'es' if n_jobs > 1 else ''})",
               disable=not progress)
    if n_jobs == 1:
        results = (run_group(data, settings, *task) for task in tasks)
    else:
        results = Parallel(n_jobs=n_jobs, backend="loky", return_as="generator")(
            delayed(run_group)(data, settings, *task) for task in tasks)
    group_seconds = []
    for (repeat, k, _), (group_rows, seconds) in zip(tasks, results):
        rows += group_rows
        group_seconds.append({"repeat": repeat, "n_clusters": k, "seconds": seconds})
        bar.update()
    bar.close()
    frame = pd.DataFrame(rows)
    frame.attrs["settings"] = asdict(settings)
    frame.attrs["group_seconds"] = group_seconds
    frame.attrs["n_jobs"] = n_jobs
    return frame


def read_sweep_inputs(dataset_dir: str | Path, features_path: str | Path,
                      oracle: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[pd.DataFrame, MrccaData]:
    """The comparisons table (``01_data``) and the row-aligned arrays (``02_features``) the sweeps need."""
    comparisons = pd.read_parquet(Path(dataset_dir) / COMPARISONS_FILE)
    with np.load(features_path) as f:
        data = mrcca_data(comparisons, f["segment_ids"].tolist(), f["music"], f["image_ids"].tolist(), f["images"],
                          oracle)
    return comparisons, data
