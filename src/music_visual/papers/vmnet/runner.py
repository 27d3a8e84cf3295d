"""Train and score VM-NET's methods over seeds (the engine of ``notebooks/vmnet/03_train``).

:func:`run_experiment` trains each unique run of :func:`~music_visual.papers.vmnet.methods.plan_runs`
once per seed, scores it on the test gallery (:mod:`~music_visual.papers.vmnet.eval`)
and returns one row per (method, seed); methods that share a run share its numbers.
The linear baselines are deterministic: their rows repeat over seeds (zero spread).
With an ``artifacts`` folder it saves each run's test embeddings
(``embeddings/<run>_seed<s>.npz``: ``music``, ``video``) and the weights of the
neural runs of the first ``checkpoint_seeds`` seeds (``checkpoints/<run>_seed<s>.pt``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from tqdm import tqdm

from music_visual.device import get_device
from music_visual.models.cross_decomposition import CCA, PCABaseline, PLSCA, PLSSVD, cosine_similarity_matrix
from music_visual.models.two_tower import TwoTower, TwoTowerConfig
from music_visual.papers.vmnet.eval import chance_metrics, gallery_metrics, recall_curve, simulated_preferences
from music_visual.papers.vmnet.features import load_split_features
from music_visual.papers.vmnet.methods import MethodSpec, all_methods, effective_components, plan_runs
from music_visual.papers.vmnet.model import VMNet, VMNetConfig
from music_visual.papers.vmnet.objective import VMNetLossConfig, VMNetObjective
from music_visual.papers.vmnet.paper import METRICS
from music_visual.papers.vmnet.settings import RunSettings
from music_visual.parallel import run_tasks
from music_visual.seeding import torch_generator
from music_visual.study.references import CHANCE, ORACLE, reference_rows
from music_visual.training import InfoNCEObjective, TrainConfig, embed, train_embedding_model
from music_visual.training.embedding_trainer import similarity_criterion
from music_visual.training.learning_curve import nested_subsets
from music_visual.training.tuning import choice_rows, grid_points


@dataclass
class VMNetData:
    """Model inputs per split; the test arrays hold the gallery pairs only, in ``test_ids`` order."""

    train_video: np.ndarray
    train_music: np.ndarray
    val_video: np.ndarray
    val_music: np.ndarray
    test_video: np.ndarray
    test_music: np.ndarray
    test_ids: pd.DataFrame

    @classmethod
    def from_folder(cls, folder: str | Path) -> "VMNetData":
        _, train_video, train_music = load_split_features(folder, "train")
        _, val_video, val_music = load_split_features(folder, "val")
        ids, test_video, test_music = load_split_features(folder, "test")
        keep = ids["in_gallery"].to_numpy(bool)
        return cls(train_video, train_music, val_video, val_music, test_video[keep], test_music[keep],
                   ids[keep].reset_index(drop=True))


@dataclass
class RunOutcome:
    """Test embeddings of one run (music, video), its record (settings, stopping, timing) and curve."""

    music: np.ndarray
    video: np.ndarray
    info: dict
    history: pd.DataFrame = field(default_factory=pd.DataFrame)
    state: dict | None = None


def _subset(data: VMNetData, index: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    if index is None:
        return data.train_video, data.train_music
    return data.train_video[index], data.train_music[index]


def decomposition_grid(spec: MethodSpec, settings: RunSettings) -> dict[str, list]:
    """The linear baselines' grid: components (all four), and the ridge for CCA."""
    grid = {"components": list(settings.linear_components)}
    return grid | {"cca_reg": list(settings.cca_regs)} if spec.decomposition == "cca" else grid


def fit_decomposition(spec: MethodSpec, settings: RunSettings, data: VMNetData, point: dict,
                      index: np.ndarray | None = None) -> RunOutcome:
    """PCA / PLSSVD / PLSCA / CCA on (music, video) training pairs at one grid point."""
    video, music = _subset(data, index)
    k = effective_components(int(point["components"]), len(music), music.shape[1], video.shape[1])
    started = time.perf_counter()
    if spec.decomposition == "cca":
        model = CCA(k, reg=float(point["cca_reg"])).fit(music, video)
    else:
        model = {"pca": PCABaseline, "plssvd": PLSSVD, "plsca": PLSCA}[spec.decomposition](k).fit(music, video)
    criterion = similarity_criterion(model.similarity(data.val_music, data.val_video), settings.criterion_k)
    test_music, test_video = model.transform(data.test_music, data.test_video)
    info = {**point, "components_used": k, "val_criterion": criterion, "seconds": time.perf_counter() - started}
    return RunOutcome(test_music, test_video, info)


def build_neural(spec: MethodSpec, settings: RunSettings, data: VMNetData, seed: int, point: dict | None = None,
                 n_train: int | None = None):
    """The model (seeded initialisation) and its objective for one neural method at a grid point."""
    point = point or {}
    embed_dim, dropout = int(point.get("embed_dim", settings.embed_dim)), float(point.get("dropout", settings.dropout))
    generator = torch_generator(seed)
    video_dim, music_dim = data.train_video.shape[1], data.train_music.shape[1]
    if spec.kind == "two_tower":
        config = TwoTowerConfig(video_dim=video_dim, music_dim=music_dim, hidden_dim=settings.two_tower_hidden,
                                embed_dim=embed_dim, dropout=dropout)
        return TwoTower(config, generator=generator), InfoNCEObjective()
    config = VMNetConfig(video_dim=video_dim, music_dim=music_dim, video_layers=spec.video_layers,
                         music_layers=spec.music_layers, hidden_widths=tuple(settings.hidden_widths),
                         embed_dim=embed_dim, nonlinear=spec.nonlinear, dropout=dropout,
                         domain_classifier=spec.dann)
    n_train = len(data.train_video) if n_train is None else n_train
    structure = settings.structure_weight if spec.soft_intra else 0.0
    loss = VMNetLossConfig(top_k=settings.top_k_for(spec, n_train), margin=settings.margin,
                           weight_music_to_video=spec.weight_music_to_video,
                           weight_video_to_music=spec.weight_video_to_music,
                           weight_video_structure=structure, weight_music_structure=structure,
                           structure_anchors=min(settings.structure_anchors, settings.batch_for(n_train)),
                           domain_weight=settings.domain_weight if spec.dann else 0.0)
    return VMNet(config, generator=generator), VMNetObjective(loss)


def train_config(settings: RunSettings, n_train: int, seed: int) -> TrainConfig:
    """The shared loop's settings for one run (batch, step budget, plateau rule, criterion)."""
    return TrainConfig(batch_size=settings.batch_for(n_train), learning_rate=settings.learning_rate,
                       max_steps=settings.max_steps, eval_every=settings.eval_every,
                       patience_steps=settings.patience_steps, min_delta=settings.min_delta,
                       smoothing=settings.smoothing, criterion_k=settings.criterion_k, seed=seed,
                       device=settings.device, progress_bar=False)


def train_neural(spec: MethodSpec, settings: RunSettings, data: VMNetData, seed: int, point: dict | None = None,
                 index: np.ndarray | None = None) -> RunOutcome:
    """Train one neural method until its validation criterion plateaus; embed the gallery."""
    video, music = _subset(data, index)
    model, objective = build_neural(spec, settings, data, seed, point, len(video))
    started = time.perf_counter()
    result = train_embedding_model(model, objective, video, music, data.val_video, data.val_music,
                                   train_config(settings, len(video), seed))
    test_music = embed(model.music, data.test_music).cpu().numpy()
    test_video = embed(model.video, data.test_video).cpu().numpy()
    info = {**(point or {}), **result.summary(), "seconds": time.perf_counter() - started,
            "top_k_used": settings.top_k_for(spec, len(video)) if spec.kind == "vmnet" else np.nan}
    return RunOutcome(test_music, test_video, info, pd.DataFrame(result.history), result.best_state)


def run_one(spec: MethodSpec, settings: RunSettings, data: VMNetData, seed: int, point: dict,
            index: np.ndarray | None = None) -> RunOutcome:
    if spec.kind == "decomposition":
        return fit_decomposition(spec, settings, data, point, index)
    return train_neural(spec, settings, data, seed, point, index)


def method_grid(spec: MethodSpec, settings: RunSettings) -> dict[str, list]:
    return decomposition_grid(spec, settings) if spec.kind == "decomposition" else settings.grid


def score(similarity: np.ndarray, oracle: np.ndarray | None, slope: float | None) -> dict[str, float]:
    """Gallery metrics plus, when an oracle and a calibrated annotator exist, Table IV's simulated rows."""
    metrics = gallery_metrics(similarity)
    if oracle is not None and slope is not None:
        metrics |= simulated_preferences(oracle, similarity, slope)
    return metrics


def _save(folder: Path, run: str, seed: int, outcome: RunOutcome, keep_weights: bool) -> None:
    (folder / "embeddings").mkdir(parents=True, exist_ok=True)
    np.savez_compressed(folder / "embeddings" / f"{run}_seed{seed}.npz", music=outcome.music, video=outcome.video)
    if keep_weights and outcome.state is not None:
        (folder / "checkpoints").mkdir(parents=True, exist_ok=True)
        torch.save(outcome.state, folder / "checkpoints" / f"{run}_seed{seed}.pt")


@dataclass
class ExperimentResults:
    per_seed: pd.DataFrame        # method, seed, run, metrics..., chosen settings, stopping record, seconds
    curves: pd.DataFrame          # method, seed, direction, k, recall
    histories: pd.DataFrame       # run, seed, phase, step, train_loss, val_criterion, val_recall_at_10...
    tuning: pd.DataFrame = field(default_factory=pd.DataFrame)          # run, grid values, criterion, chosen
    learning_curve: pd.DataFrame = field(default_factory=pd.DataFrame)  # method, share, n_train, seed, metrics


CURVE_METRICS = list(METRICS)  # Table III's Recall@1/10/25 in both directions
TABLE_II_REFERENCE = "nonlinear_inter"


def _history(outcome: RunOutcome, run: str, seed: int, phase: str) -> pd.DataFrame | None:
    return outcome.history.assign(run=run, seed=seed, phase=phase) if len(outcome.history) else None


def tuned_runs(plan) -> tuple[list[MethodSpec], dict[str, str]]:
    """The runs that tune themselves, and ``{run: run it inherits from}`` for Table II rows.

    Table II rows vary one factor of the reference configuration (``nonlinear_inter``) and
    inherit its choice when that run is in the plan; otherwise they tune themselves.
    """
    names = {spec.name for spec, _ in plan}
    inherits = {spec.name: TABLE_II_REFERENCE for spec, _ in plan
                if spec.table == "II" and TABLE_II_REFERENCE in names and spec.name != TABLE_II_REFERENCE}
    return [spec for spec, _ in plan if spec.name not in inherits], inherits


def _reuses_tuning(spec: MethodSpec, seed_index: int, tuned: dict) -> bool:
    """The run at this seed is its tuning run: the first seed, or a deterministic baseline fitted once."""
    return spec.name in tuned and (seed_index == 0 or spec.kind == "decomposition")


def _parallelism(settings: RunSettings) -> tuple[int, int | None]:
    """(worker processes, threads per run); a GPU keeps every run in this process."""
    if get_device(settings.device).type != "cpu":
        return 1, None
    return settings.n_jobs, settings.threads_per_run


def run_experiment(settings: RunSettings, data: VMNetData, *, specs: list[MethodSpec] | None = None,
                   artifacts: str | Path | None = None, oracle: np.ndarray | None = None,
                   annotator_slope: float | None = None, progress: bool = True) -> ExperimentResults:
    """Tune, then train and score every unique run of ``specs`` at every seed; then the learning curves.

    1. **Tuning** (first seed): each run fits every point of its grid (networks:
       ``tuning_grid``; linear baselines: components, and the ridge for CCA) and keeps the best
       validation criterion (the first point on a tie). Table II rows inherit
       ``nonlinear_inter``'s choice (they vary one factor of that reference configuration).
    2. **Seeds**: each run at its chosen point at every seed (the first seed's run is the
       tuning run). Linear baselines have no randomness: fitted once, repeated over seeds.
    3. **Learning curves**: ``learning_curve_methods`` at each share of the training pairs
       below 1 (nested subsets per seed, same validation set and gallery, chosen points kept);
       share 1 is step 2's rows.

    Runs are independent: they go to ``n_jobs`` worker processes with ``threads_per_run``
    torch threads each (:func:`music_visual.parallel.run_tasks`), so the numbers do not
    depend on ``n_jobs``. With an ``oracle`` the per-seed rows can be followed by the reference
    rows (:func:`with_references`, called by the notebook).
    """
    specs = all_methods(settings) if specs is None else specs
    seeds, n_train = list(settings.seeds), len(data.train_video)
    plan = plan_runs(specs, settings, n_train)
    n_jobs, threads = _parallelism(settings)
    curve_runs = [(spec, names) for spec, names in plan if set(names) & set(settings.learning_curve_methods)]
    shares = [s for s in settings.learning_curve_shares if s < 1]

    # 1. tuning at the first seed
    tuning_specs, inherits = tuned_runs(plan)
    tuning_tasks = [(spec, point) for spec in tuning_specs for point in grid_points(method_grid(spec, settings))]
    bar = tqdm(total=len(tuning_tasks), desc="vmnet tuning", disable=not progress)
    tuned_outcomes: dict[str, list] = {}
    for (spec, point), outcome in zip(tuning_tasks, run_tasks(
            run_one, [(spec, settings, data, seeds[0], point) for spec, point in tuning_tasks], n_jobs, threads)):
        tuned_outcomes.setdefault(spec.name, []).append((point, outcome))
        bar.update()
    bar.close()
    chosen, tuned, tuning_rows = {}, {}, []
    for name, results in tuned_outcomes.items():
        best, table = choice_rows([point for point, _ in results],
                                  [outcome.info["val_criterion"] for _, outcome in results])
        chosen[name], tuned[name] = results[best]
        tuning_rows += [{"run": name, "inherits": "", **row} for row in table]
    for name, parent in inherits.items():
        chosen[name] = chosen[parent]
        tuning_rows.append({"run": name, "inherits": parent, **chosen[name]})

    # 2. + 3. every other seed and the learning curves, in one pool
    tasks, keys = [], []
    for seed_index, seed in enumerate(seeds):
        for spec, _ in plan:
            if _reuses_tuning(spec, seed_index, tuned):
                continue
            keys.append(("seed", spec.name, seed, None))
            tasks.append((spec, settings, data, seed, chosen[spec.name]))
    subsets = {seed: nested_subsets(n_train, shares, seed) for seed in seeds} if shares else {}
    for seed in seeds:
        for spec, _ in curve_runs:
            for share in shares:
                keys.append(("curve", spec.name, seed, share))
                tasks.append((spec, settings, data, seed, chosen[spec.name], subsets[seed][share]))
    bar = tqdm(total=len(tasks), desc="vmnet seeds and learning curves", disable=not progress)
    finished = {}
    for key, outcome in zip(keys, run_tasks(run_one, tasks, n_jobs, threads)):
        finished[key] = outcome
        bar.update()
    bar.close()

    rows, curves, histories, full = [], [], [], {}
    for seed_index, seed in enumerate(seeds):
        for spec, names in plan:
            if _reuses_tuning(spec, seed_index, tuned):
                outcome = tuned[spec.name]
            else:
                outcome = finished["seed", spec.name, seed, None]
            if seed_index == 0 or spec.kind != "decomposition":
                histories.append(_history(outcome, spec.name, seed, "main"))
            similarity = cosine_similarity_matrix(outcome.music, outcome.video)
            metrics = score(similarity, oracle, annotator_slope)
            curve = recall_curve(similarity, settings.curve_max_k)
            if artifacts is not None:
                _save(Path(artifacts), spec.name, seed, outcome, seed_index < settings.checkpoint_seeds)
            for name in names:
                rows.append({"method": name, "seed": seed, "run": spec.name, **metrics, **outcome.info})
                curves.append(curve.assign(method=name, seed=seed))
            full[spec.name, seed] = metrics
    learning = learning_curve_rows(curve_runs, shares, settings, finished, subsets, full, histories, n_train)
    histories = [h for h in histories if h is not None]
    return ExperimentResults(pd.DataFrame(rows), pd.concat(curves, ignore_index=True),
                             pd.concat(histories, ignore_index=True) if histories else pd.DataFrame(),
                             pd.DataFrame(tuning_rows), learning)


def learning_curve_rows(curve_runs, shares, settings: RunSettings, finished: dict, subsets: dict, full: dict,
                        histories: list, n_train: int) -> pd.DataFrame:
    """Rows (method, share, n_train, seed, Recall@K, stopping record) for every share, 1 included."""
    rows = []
    for seed in settings.seeds:
        for spec, names in curve_runs:
            wanted = [n for n in names if n in settings.learning_curve_methods]
            for share in shares:
                outcome = finished["curve", spec.name, seed, share]
                histories.append(_history(outcome, spec.name, seed, f"share {share:g}"))
                metrics = gallery_metrics(cosine_similarity_matrix(outcome.music, outcome.video))
                record = {k: outcome.info.get(k) for k in ("steps", "best_step", "stopped_by", "kept_initial")}
                rows += [{"method": name, "share": share, "n_train": len(subsets[seed][share]), "seed": seed,
                          **{m: metrics[m] for m in CURVE_METRICS}, **record} for name in wanted]
            rows += [{"method": name, "share": 1.0, "n_train": n_train, "seed": seed,
                      **{m: full[spec.name, seed][m] for m in CURVE_METRICS}} for name in wanted]
    table = pd.DataFrame(rows)
    if len(table):
        table["mean_recall_at_10"] = table[[m for m in CURVE_METRICS if m.endswith("_at_10")]].mean(axis=1)
    return table


def with_references(per_seed: pd.DataFrame, seeds: list[int], n_gallery: int, oracle: np.ndarray | None,
                    slope: float | None, structure_oracles: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """``per_seed`` followed by the corpus oracle's rows (when known), the per-structure oracles' (``name ->
    similarity``: the corpus's per-genre and global-linear oracles; retrieval metrics only) and chance's
    (repeated per seed)."""
    frames = [per_seed]
    if oracle is not None:
        frames.append(reference_rows(ORACLE, score(oracle, oracle, slope), seeds))
    for name, similarity in (structure_oracles or {}).items():
        frames.append(reference_rows(name, score(similarity, None, None), seeds))
    frames.append(reference_rows(CHANCE, chance_metrics(n_gallery), seeds))
    return pd.concat(frames, ignore_index=True)
