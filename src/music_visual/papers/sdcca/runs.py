"""One run of one method on one fold at one grid point and seed: fit or train, then score the test fold.

Every method is judged on the validation songs by the same **criterion**: class-relevance MAP
(same cluster) of whole-song queries, the mean of audio -> video and video -> audio; tuning keeps
the grid point with the highest criterion and the networks stop on its plateau. The test fold is
touched once, after training: every query key's MAP (clusters and ``emotion10`` labels), the
reverse direction for whole songs, and the precision-recall points of ``settings.pr_queries``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import torch

from music_visual.device import get_device
from music_visual.models.cross_decomposition import CCA, PCABaseline, cosine_similarity_matrix
from music_visual.models.kcca import KCCA
from music_visual.models.two_tower import TwoTower, TwoTowerConfig
from music_visual.papers.sdcca.cluster_cca import ClusterCCA
from music_visual.papers.sdcca.eval import class_map, embedding_scores, pr_points
from music_visual.papers.sdcca.features import FoldInputs
from music_visual.papers.sdcca.methods import DEEP, KERNEL, LINEAR, MethodSpec
from music_visual.papers.sdcca.model import SDCCAConfig, SDCCANet
from music_visual.papers.sdcca.objective import CorrelationObjective, final_projection
from music_visual.papers.sdcca.pairs import training_pairs
from music_visual.papers.sdcca.settings import RunSettings
from music_visual.papers.sdcca.trainer import LoopSettings, stopping_record, train_to_plateau
from music_visual.seeding import torch_generator
from music_visual.training import InfoNCEObjective


@dataclass
class RunOutcome:
    metrics: dict                     # test scores: map_<query>, map_emotion10_<query>, video_to_audio_map_mean
    info: dict                        # grid point, criterion, components, pairs, stopping record, seconds
    pr: pd.DataFrame = field(default_factory=pd.DataFrame)       # query, recall, precision
    history: pd.DataFrame = field(default_factory=pd.DataFrame)  # one row per evaluation (networks)
    embeddings: dict = field(default_factory=dict)               # test "video" and "music_<query>"


def val_criterion(music: np.ndarray, video: np.ndarray, clusters: np.ndarray) -> float:
    sim = cosine_similarity_matrix(music, video)
    return (class_map(sim, clusters, clusters) + class_map(sim.T, clusters, clusters)) / 2


def components(settings: RunSettings, n_train: int, *dims: int) -> int:
    """The CCA components used: the paper's 30, at most what the dimensions and training songs allow."""
    return int(max(1, min(settings.cca_components, n_train - 2, *dims)))


def _outcome(settings: RunSettings, data: FoldInputs, project_music, project_video, info: dict) -> RunOutcome:
    """Score the test fold in the shared space given the two projections."""
    gallery = project_video(data.test_video)
    queries = {q: project_music(rows) for q, rows in data.test_queries.items()}
    metrics = embedding_scores(queries, gallery, data.test_clusters, data.test_labels)
    pr = [pr_points(cosine_similarity_matrix(queries[q], gallery), data.test_clusters, data.test_clusters,
                    settings.pr_points).assign(query=q) for q in settings.pr_queries if q in queries]
    keep = {"video": gallery, **{f"music_{q}": queries[q] for q in settings.pr_queries if q in queries}}
    return RunOutcome(metrics, info, pd.concat(pr, ignore_index=True) if pr else pd.DataFrame(), embeddings=keep)


def fit_linear(spec: MethodSpec, settings: RunSettings, data: FoldInputs, seed: int, point: dict) -> RunOutcome:
    """Multi-view, CCA or C-CCA (on its pair set) at one grid point."""
    started, cpu = time.perf_counter(), time.process_time()
    n = len(data.train_audio)
    a, v = training_pairs(data.train_clusters, spec.pairs, settings.extend1_share, seed)
    X, Y = data.train_audio[a], data.train_video[v]
    dims = (X.shape[1], Y.shape[1])
    if spec.decomposition == "multi_view":
        k = int(max(1, min(point["components"], n - 2, *dims)))
        model = PCABaseline(k, mode="joint").fit(X, Y)
    elif spec.decomposition == "cca":
        k = components(settings, n, *dims)
        model = CCA(k, reg=float(point["cca_reg"])).fit(X, Y)
    else:
        k = components(settings, n, *dims)
        model = ClusterCCA(k, reg=float(point["cca_reg"]), beta=settings.beta).fit(X, Y, data.train_clusters[a])
    criterion = val_criterion(model.transform_x(data.val_audio), model.transform_y(data.val_video), data.val_clusters)
    info = {**point, "val_criterion": criterion, "components_used": k, "n_pairs": len(a),
            "seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu}
    return _outcome(settings, data, model.transform_x, model.transform_y, info)


def fit_kernel(spec: MethodSpec, settings: RunSettings, data: FoldInputs, seed: int, point: dict) -> RunOutcome:
    started, cpu = time.perf_counter(), time.process_time()
    k = int(max(1, min(settings.cca_components, len(data.train_audio) - 2)))
    model = KCCA(k, width=float(point["kernel_width"]), reg=float(point["kcca_reg"]))
    model.fit(data.train_audio, data.train_video)
    criterion = val_criterion(model.transform_x(data.val_audio), model.transform_y(data.val_video), data.val_clusters)
    info = {**point, "val_criterion": criterion, "components_used": k, "n_pairs": len(data.train_audio),
            "seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu}
    return _outcome(settings, data, model.transform_x, model.transform_y, info)


def loop_settings(settings: RunSettings, seed: int) -> LoopSettings:
    return LoopSettings(settings.batch_size, settings.max_steps, settings.eval_every, settings.patience_steps,
                        settings.min_delta, settings.smoothing, seed)


def _tensor(rows: np.ndarray, device) -> torch.Tensor:
    return torch.as_tensor(np.asarray(rows), dtype=torch.float32, device=device)


@torch.no_grad()
def _numpy(branch: torch.nn.Module, rows: np.ndarray, device) -> np.ndarray:
    branch.eval()
    return branch(_tensor(rows, device)).double().cpu().numpy()


def train_deep(spec: MethodSpec, settings: RunSettings, data: FoldInputs, seed: int, point: dict) -> RunOutcome:
    """DCCA or S-DCCA: the two branches trained on the correlation loss, then the final linear (C-)CCA."""
    started, cpu, device = time.perf_counter(), time.process_time(), get_device(settings.device)
    a, v = training_pairs(data.train_clusters, spec.pairs, settings.extend1_share, seed)
    music, video = _tensor(data.train_audio[a], device), _tensor(data.train_video[v], device)
    labels = torch.as_tensor(data.train_clusters[a], device=device)
    config = SDCCAConfig(video_dim=video.shape[1], music_dim=music.shape[1], video_widths=settings.video_widths,
                         music_widths=settings.music_widths, dropout=settings.dropout)
    model = SDCCANet(config, torch_generator(seed)).to(device)
    k = components(settings, len(data.train_audio), settings.video_widths[-1], settings.music_widths[-1])
    reg = float(point["dcca_reg"])
    objective = CorrelationObjective(k, reg, settings.beta, spec.supervised)
    final_labels = data.train_clusters[a] if spec.supervised else None

    def fitted_final():
        return final_projection(_numpy(model.music, data.train_audio[a], device),
                                _numpy(model.video, data.train_video[v], device), final_labels, k, reg, settings.beta)

    def criterion() -> dict:
        final = fitted_final()
        music_val = final.transform_x(_numpy(model.music, data.val_audio, device))
        video_val = final.transform_y(_numpy(model.video, data.val_video, device))
        return {"val_criterion": val_criterion(music_val, video_val, data.val_clusters)}

    optimizer = torch.optim.RMSprop(model.parameters(), lr=settings.learning_rate, alpha=0.9)  # Keras' rho 0.9

    def batch_terms(index: torch.Tensor) -> dict:
        index = index.to(device)
        return objective(model, video[index], music[index], labels[index])

    result = train_to_plateau(model, batch_terms, len(a), criterion, optimizer, loop_settings(settings, seed))
    final = fitted_final()
    info = {**point, **stopping_record(result), "components_used": k, "n_pairs": len(a),
            "seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu}
    outcome = _outcome(settings, data, lambda rows: final.transform_x(_numpy(model.music, rows, device)),
                       lambda rows: final.transform_y(_numpy(model.video, rows, device)), info)
    outcome.history = pd.DataFrame(result.history)
    return outcome


def train_two_tower(spec: MethodSpec, settings: RunSettings, data: FoldInputs, seed: int, point: dict) -> RunOutcome:
    """The InfoNCE two-tower on the same inputs and one-to-one pairs, by the same loop and criterion."""
    started, cpu, device = time.perf_counter(), time.process_time(), get_device(settings.device)
    music, video = _tensor(data.train_audio, device), _tensor(data.train_video, device)
    config = TwoTowerConfig(video_dim=video.shape[1], music_dim=music.shape[1], hidden_dim=settings.two_tower_hidden,
                            embed_dim=int(point["embed_dim"]), dropout=settings.dropout)
    model = TwoTower(config, generator=torch_generator(seed)).to(device)
    objective = InfoNCEObjective()

    def criterion() -> dict:
        return {"val_criterion": val_criterion(_numpy(model.music, data.val_audio, device),
                                               _numpy(model.video, data.val_video, device), data.val_clusters)}

    optimizer = torch.optim.Adam(model.parameters(), lr=settings.two_tower_learning_rate)

    def batch_terms(index: torch.Tensor) -> dict:
        index = index.to(device)
        return objective(model, video[index], music[index])

    result = train_to_plateau(model, batch_terms, len(music), criterion, optimizer, loop_settings(settings, seed))
    info = {**point, **stopping_record(result), "n_pairs": len(music), "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu}
    outcome = _outcome(settings, data, lambda rows: _numpy(model.music, rows, device),
                       lambda rows: _numpy(model.video, rows, device), info)
    outcome.history = pd.DataFrame(result.history)
    return outcome


def run_one(spec: MethodSpec, settings: RunSettings, data: FoldInputs, seed: int, point: dict) -> RunOutcome:
    """Dispatch on the method's kind."""
    if spec.kind == LINEAR:
        return fit_linear(spec, settings, data, seed, point)
    if spec.kind == KERNEL:
        return fit_kernel(spec, settings, data, seed, point)
    if spec.kind == DEEP:
        return train_deep(spec, settings, data, seed, point)
    return train_two_tower(spec, settings, data, seed, point)
