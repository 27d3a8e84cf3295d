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

from music_visual.models.cross_decomposition import CCA, PCABaseline, PLSCA, PLSSVD, cosine_similarity_matrix
from music_visual.models.two_tower import TwoTower, TwoTowerConfig
from music_visual.papers.vmnet.eval import chance_metrics, gallery_metrics, recall_curve, simulated_preferences
from music_visual.papers.vmnet.features import load_split_features
from music_visual.papers.vmnet.methods import (MethodSpec, all_methods, effective_components,
                                               mean_validation_recall, plan_runs)
from music_visual.papers.vmnet.model import VMNet, VMNetConfig
from music_visual.papers.vmnet.objective import VMNetLossConfig, VMNetObjective
from music_visual.papers.vmnet.settings import RunSettings
from music_visual.seeding import torch_generator
from music_visual.study.references import CHANCE, ORACLE, reference_rows
from music_visual.training import InfoNCEObjective, TrainConfig, embed, train_embedding_model


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
    """Test embeddings of one run (music, video), timing and training history."""

    music: np.ndarray
    video: np.ndarray
    info: dict
    history: pd.DataFrame = field(default_factory=pd.DataFrame)
    state: dict | None = None


def fit_decomposition(spec: MethodSpec, settings: RunSettings, data: VMNetData) -> RunOutcome:
    """PCA / PLSSVD / PLSCA / CCA on (music, video) training pairs; CCA's ridge chosen on validation."""
    k = effective_components(settings.linear_components, len(data.train_music), data.train_music.shape[1],
                             data.train_video.shape[1])
    started = time.perf_counter()
    if spec.decomposition == "cca":
        fitted = [CCA(k, reg=r).fit(data.train_music, data.train_video) for r in settings.cca_regs]
        scores = [mean_validation_recall(m.similarity(data.val_music, data.val_video)) for m in fitted]
        model, info = fitted[int(np.argmax(scores))], {"cca_reg": settings.cca_regs[int(np.argmax(scores))]}
    else:
        cls = {"pca": PCABaseline, "plssvd": PLSSVD, "plsca": PLSCA}[spec.decomposition]
        model, info = cls(k).fit(data.train_music, data.train_video), {}
    music, video = model.transform(data.test_music, data.test_video)
    return RunOutcome(music, video, info | {"components": k, "seconds": time.perf_counter() - started})


def build_neural(spec: MethodSpec, settings: RunSettings, data: VMNetData, seed: int):
    """The model (seeded initialisation) and its objective for one neural method."""
    generator = torch_generator(seed)
    video_dim, music_dim = data.train_video.shape[1], data.train_music.shape[1]
    if spec.kind == "two_tower":
        config = TwoTowerConfig(video_dim=video_dim, music_dim=music_dim, hidden_dim=settings.two_tower_hidden,
                                embed_dim=settings.two_tower_embed, dropout=settings.dropout)
        return TwoTower(config, generator=generator), InfoNCEObjective()
    config = VMNetConfig(video_dim=video_dim, music_dim=music_dim, video_layers=spec.video_layers,
                         music_layers=spec.music_layers, hidden_widths=tuple(settings.hidden_widths),
                         embed_dim=settings.embed_dim, nonlinear=spec.nonlinear, dropout=settings.dropout,
                         domain_classifier=spec.dann)
    n_train = len(data.train_video)
    structure = settings.structure_weight if spec.soft_intra else 0.0
    loss = VMNetLossConfig(top_k=settings.top_k_for(spec, n_train), margin=settings.margin,
                           weight_music_to_video=spec.weight_music_to_video,
                           weight_video_to_music=spec.weight_video_to_music,
                           weight_video_structure=structure, weight_music_structure=structure,
                           structure_anchors=min(settings.structure_anchors, settings.batch_for(n_train)),
                           domain_weight=settings.domain_weight if spec.dann else 0.0)
    return VMNet(config, generator=generator), VMNetObjective(loss)


def train_neural(spec: MethodSpec, settings: RunSettings, data: VMNetData, seed: int) -> RunOutcome:
    """Train one neural method with early stopping on validation Recall@10; embed the gallery."""
    model, objective = build_neural(spec, settings, data, seed)
    config = TrainConfig(batch_size=settings.batch_for(len(data.train_video)), learning_rate=settings.learning_rate,
                         max_epochs=settings.max_epochs, patience=settings.patience, seed=seed,
                         device=settings.device, progress_bar=False)
    started = time.perf_counter()
    result = train_embedding_model(model, objective, data.train_video, data.train_music, data.val_video,
                                   data.val_music, config)
    music = embed(model.music, data.test_music).cpu().numpy()
    video = embed(model.video, data.test_video).cpu().numpy()
    info = {"seconds": time.perf_counter() - started, "best_epoch": result.best_epoch,
            "epochs": int(result.history[-1]["epoch"]), "val_recall_at_10": result.best_validation_recall}
    return RunOutcome(music, video, info, pd.DataFrame(result.history), result.best_state)


def run_one(spec: MethodSpec, settings: RunSettings, data: VMNetData, seed: int) -> RunOutcome:
    if spec.kind == "decomposition":
        return fit_decomposition(spec, settings, data)
    return train_neural(spec, settings, data, seed)


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
    per_seed: pd.DataFrame      # method, seed, run, metrics..., seconds...
    curves: pd.DataFrame        # method, seed, direction, k, recall
    histories: pd.DataFrame     # run, seed, epoch, train_loss, val_recall_at_10...


def run_experiment(settings: RunSettings, data: VMNetData, *, specs: list[MethodSpec] | None = None,
                   artifacts: str | Path | None = None, oracle: np.ndarray | None = None,
                   annotator_slope: float | None = None, progress: bool = True) -> ExperimentResults:
    """Every unique run of ``specs`` (default: :func:`all_methods`) at every seed of ``settings``.

    With an ``oracle`` the per-seed rows end with the ``oracle`` and ``chance`` reference rows.
    """
    specs = all_methods(settings) if specs is None else specs
    seeds, curve_max_k, checkpoint_seeds = list(settings.seeds), settings.curve_max_k, settings.checkpoint_seeds
    plan = plan_runs(specs, settings, len(data.train_video))
    rows, curves, histories, deterministic = [], [], [], {}
    bar = tqdm(total=len(plan) * len(seeds), desc="vmnet runs", disable=not progress)
    for seed_index, seed in enumerate(seeds):
        for spec, names in plan:
            bar.set_postfix_str(f"{spec.name} seed {seed}", refresh=False)
            if spec.name in deterministic:  # the linear baselines have no randomness: fit once
                outcome = deterministic[spec.name]
            else:
                outcome = run_one(spec, settings, data, seed)
                if spec.kind == "decomposition":
                    deterministic[spec.name] = outcome
            similarity = cosine_similarity_matrix(outcome.music, outcome.video)
            metrics = score(similarity, oracle, annotator_slope)
            curve = recall_curve(similarity, curve_max_k)
            if artifacts is not None:
                _save(Path(artifacts), spec.name, seed, outcome, seed_index < checkpoint_seeds)
            if len(outcome.history):
                histories.append(outcome.history.assign(run=spec.name, seed=seed))
            for name in names:
                rows.append({"method": name, "seed": seed, "run": spec.name, **metrics, **outcome.info})
                curves.append(curve.assign(method=name, seed=seed))
            bar.update()
    bar.close()
    return ExperimentResults(pd.DataFrame(rows), pd.concat(curves, ignore_index=True),
                             pd.concat(histories, ignore_index=True) if histories else pd.DataFrame())


def with_references(per_seed: pd.DataFrame, seeds: list[int], n_gallery: int, oracle: np.ndarray | None,
                    slope: float | None) -> pd.DataFrame:
    """``per_seed`` followed by the corpus oracle's rows (when known) and chance's (repeated per seed)."""
    frames = [per_seed]
    if oracle is not None:
        frames.append(reference_rows(ORACLE, score(oracle, oracle, slope), seeds))
    frames.append(reference_rows(CHANCE, chance_metrics(n_gallery), seeds))
    return pd.concat(frames, ignore_index=True)
