"""Train and score every ACP-Net method over seeds: tuning, seeds, then the Table 5 classifiers.

1. **Tuning** (first seed): every correspondence method trains at every point of ``tuning_grid`` and keeps the
   point with the best validation accuracy (the first on a tie): the same grid and rule for ACP-Net, its
   baselines and the two-tower.
2. **Seeds**: each method at its chosen point at every other seed (the first seed's run is the tuning run);
   the direct Table 5 classifiers at every seed in the same pool.
3. **Probes**: an MLP on each trained network's frozen embeddings (and an untrained ACP-Net's), per seed.
   Every probe and direct classifier picks its point of ``probe_grid`` on validation accuracy, at every seed.

Runs are independent tasks on ``n_jobs`` worker processes with ``threads_per_run`` torch threads each
(:func:`music_visual.parallel.run_tasks`), so the numbers do not depend on ``n_jobs``; a worker reads the
features from disk once (:meth:`ACPNetData.from_folder` is cached per process). On a GPU every run stays in
this process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from tqdm import tqdm

from music_visual.corpus.labels import AFFECT3, EMOTION8
from music_visual.device import get_device
from music_visual.models.two_tower import TwoTower, TwoTowerConfig
from music_visual.papers.acpnet.features import ACPNetData
from music_visual.papers.acpnet.methods import (METRIC, N_CLASSES, UNTRAINED, ClassifierSpec, MethodSpec,
                                                direct_classifiers, embedding_probes, methods_by_name)
from music_visual.papers.acpnet.model import (ACPConfig, ACPNet, ConvEncoder, EmotionClassifier, ImageMusicTwoTower,
                                              L3Config, L3Net,
                                              SpectrogramACP, SpectrogramACPConfig)
from music_visual.papers.acpnet.pairs import EpochPairs
from music_visual.papers.acpnet.settings import RunSettings
from music_visual.papers.acpnet.trainer import (ItemBatches, LoopConfig, PairBatches, best_threshold, embed_rows,
                                                info_nce_loss, item_loss, pair_cosines, pair_loss,
                                                pair_probabilities, train_to_plateau)
from music_visual.parallel import run_tasks
from music_visual.seeding import torch_generator
from music_visual.training.plateau_loop import stopping_record
from music_visual.training.tuning import choice_rows, grid_points

SPLITS = ("train", "val", "test")


# ---- the fixed validation and test pairs ----------------------------------------------------------------

def load_pairs(folder: str | Path, split: str) -> pd.DataFrame:
    path = Path(folder) / f"pairs_{split}.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"no {split} pairs in {folder}: run notebooks/acpnet/01_data.ipynb first")
    return pd.read_parquet(path)


def pair_rows(pairs: pd.DataFrame, images: pd.DataFrame, music: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row positions in the split's item tables of each pair's image and music segment (by id)."""
    image_pos = pd.Series(np.arange(len(images)), index=images["item_id"])
    music_pos = pd.Series(np.arange(len(music)), index=music["item_id"])
    missing = sorted(set(pairs["image_id"]) - set(image_pos.index)) + sorted(set(pairs["music_id"]) - set(music_pos.index))
    if missing:
        raise ValueError(f"{len(missing)} paired items have no features, e.g. {missing[:3]}")
    return image_pos.loc[pairs["image_id"]].to_numpy(), music_pos.loc[pairs["music_id"]].to_numpy()


@lru_cache(maxsize=2)
def _inputs(features_folder: str, pairs_folder: str) -> tuple[ACPNetData, dict]:
    data = ACPNetData.from_folder(features_folder)
    pairs = {}
    for split in ("val", "test"):
        table = load_pairs(pairs_folder, split)
        rows = pair_rows(table, data[split].images, data[split].music)
        pairs[split] = (table, rows)
    return data, pairs


@dataclass
class Outcome:
    info: dict
    history: pd.DataFrame = field(default_factory=pd.DataFrame)
    test_scores: np.ndarray | None = None
    test_predicted: np.ndarray | None = None
    embeddings: dict | None = None            # {(split, modality): array}
    initial_embeddings: dict | None = None
    state: dict | None = None
    tuning: list = field(default_factory=list)


def _tensor(array: np.ndarray, device) -> torch.Tensor:
    return torch.as_tensor(np.asarray(array, dtype=np.float32)).to(device)


def build_correspondence(spec: MethodSpec, settings: RunSettings, dims: dict, seed: int, point: dict):
    """The seeded network of one correspondence method at one grid point."""
    embed_dim = int(point.get("embed_dim", settings.embed_dim))
    dropout = float(point.get("dropout", settings.dropout))
    g = torch_generator(seed)
    if spec.kind == "acp":
        return ACPNet(ACPConfig(dims["image_cnn"][0], dims["music"][0], embed_dim, tuple(settings.image_hidden),
                                tuple(settings.music_hidden), tuple(settings.fusion_hidden), dropout), g)
    if spec.kind == "spectrogram_acp":
        return SpectrogramACP(SpectrogramACPConfig(dims["image_cnn"][0], tuple(dims["spectrograms"][1:]),
                                                   tuple(settings.cnn_channels), embed_dim,
                                                   tuple(settings.image_hidden), tuple(settings.fusion_hidden),
                                                   dropout), g)
    if spec.kind == "l3":
        channels = (*tuple(settings.cnn_channels)[:-1], embed_dim)  # L3-Net's embedding: the last block's channels
        return L3Net(L3Config(tuple(dims["thumbnails"][1:]), tuple(dims["spectrograms"][1:]), channels,
                              settings.l3_fusion_hidden, dropout), g)
    if spec.kind == "two_tower":
        return ImageMusicTwoTower(TwoTower(TwoTowerConfig(
            video_dim=dims["image_cnn"][0], music_dim=dims["music"][0], hidden_dim=settings.two_tower_hidden,
            embed_dim=embed_dim, dropout=dropout), g))
    raise ValueError(f"unknown correspondence kind {spec.kind!r}")


def loop_config(settings: RunSettings, seed: int, point: dict, probe: bool = False) -> LoopConfig:
    if probe:
        return LoopConfig(float(point.get("learning_rate", settings.probe_learning_rate)), settings.probe_max_steps,
                          settings.probe_eval_every, settings.probe_patience_steps, settings.min_delta,
                          settings.smoothing, seed, float(point.get("weight_decay", 0.0)), settings.device)
    return LoopConfig(float(point.get("learning_rate", settings.learning_rate)), settings.max_steps,
                      settings.eval_every, settings.patience_steps, settings.min_delta, settings.smoothing, seed,
                      float(point.get("weight_decay", 0.0)), settings.device)


def _embeddings(model, tensors: dict) -> dict:
    return {(split, side): embed_rows(getattr(model, side), tensors[split, side]).cpu().numpy()
            for split, side in tensors}


def train_correspondence(spec: MethodSpec, settings: RunSettings, features_folder: str, pairs_folder: str,
                         pairs_per_image: float, seed: int, point: dict, keep_state: bool = False) -> Outcome:
    """Train one correspondence method to its validation plateau; score the fixed test pairs."""
    data, pairs = _inputs(str(features_folder), str(pairs_folder))
    device = get_device(settings.device)
    model = build_correspondence(spec, settings, data.dims(), seed, point).to(device)
    side_input = {"image": spec.image_input, "music": spec.music_input}
    tensors = {(split, side): _tensor(data[split][side_input[side]], device) for split in SPLITS
               for side in ("image", "music")}
    initial = _embeddings(model, tensors) if spec.kind == "acp" else None
    two_tower = spec.kind == "two_tower"
    batches = PairBatches(EpochPairs(data["train"].images, data["train"].music, pairs_per_image, seed),
                          settings.batch_size, device, true_only=two_tower)
    make_loss = info_nce_loss if two_tower else pair_loss
    loss = make_loss(tensors["train", "image"], tensors["train", "music"], batches)
    val_table, (val_i, val_m) = pairs["val"]
    val_y = val_table["label"].to_numpy()
    val_rows = (torch.as_tensor(np.array(val_i), device=device), torch.as_tensor(np.array(val_m), device=device))

    def score(split_tensors, rows):
        fn = pair_cosines if two_tower else pair_probabilities
        return fn(model, *split_tensors, *rows)

    def evaluate(m) -> dict:
        s = score((tensors["val", "image"], tensors["val", "music"]), val_rows)
        if two_tower:
            threshold, acc = best_threshold(s, val_y)
            return {"val_criterion": acc, "val_accuracy": acc, "threshold": threshold}
        p = np.clip(s, 1e-7, 1 - 1e-7)
        return {"val_criterion": float(np.mean((s > 0.5) == val_y)), "val_accuracy": float(np.mean((s > 0.5) == val_y)),
                "val_log_loss": float(-np.mean(val_y * np.log(p) + (1 - val_y) * np.log(1 - p)))}

    started = time.perf_counter()
    result = train_to_plateau(model, loss, evaluate, loop_config(settings, seed, point))
    model.eval()
    with torch.no_grad():
        val_scores = score((tensors["val", "image"], tensors["val", "music"]), val_rows)
        threshold = best_threshold(val_scores, val_y)[0] if two_tower else 0.5
        test_table, (test_i, test_m) = pairs["test"]
        test_rows = (torch.as_tensor(np.array(test_i), device=device), torch.as_tensor(np.array(test_m), device=device))
        test_scores = score((tensors["test", "image"], tensors["test", "music"]), test_rows)
        embeddings = _embeddings(model, tensors)
    predicted = (test_scores > threshold).astype(np.int64)
    test_y = test_table["label"].to_numpy()
    info = {**point, **stopping_record(result), "seconds": time.perf_counter() - started, "threshold": threshold,
            "val_accuracy": float(np.mean((val_scores > threshold) == val_y)), **correspondence_metrics(test_y, predicted)}
    state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()} if keep_state else None
    return Outcome(info, pd.DataFrame(result.history), test_scores, predicted, embeddings, initial, state)


def correspondence_metrics(labels: np.ndarray, predicted: np.ndarray) -> dict:
    """Accuracy, the share of true pairs called true and of false pairs called false (NaN when absent)."""
    labels, predicted = np.asarray(labels), np.asarray(predicted)
    true, false = labels == 1, labels == 0
    return {"accuracy": float(np.mean(labels == predicted)),
            "true_pair_recall": float(np.mean(predicted[true] == 1)) if true.any() else float("nan"),
            "false_pair_recall": float(np.mean(predicted[false] == 0)) if false.any() else float("nan")}


# ---- Table 5: probes and direct classifiers ---------------------------------------------------------------

def class_labels(table: pd.DataFrame, modality: str) -> np.ndarray:
    """Class index per item (-1: no label of that vocabulary, left out and counted)."""
    vocab = EMOTION8 if modality == "image" else AFFECT3
    column = "emotion8" if modality == "image" else "affect3"
    lookup = {c: i for i, c in enumerate(vocab)}
    return np.array([lookup.get(str(v), -1) for v in table[column]], dtype=np.int64)


def train_classifier(spec: ClassifierSpec, settings: RunSettings, seed: int, inputs: dict, labels: dict,
                     input_shape: tuple) -> Outcome:
    """Train one Table 5 classifier at every point of ``probe_grid``, keep the best on validation accuracy."""
    device = get_device(settings.device)
    keep = {s: labels[s] >= 0 for s in SPLITS}
    x = {s: _tensor(inputs[s][keep[s]], device) for s in SPLITS}
    y = {s: torch.as_tensor(labels[s][keep[s]], device=device) for s in SPLITS}
    if len(y["train"]) < 2 or len(y["val"]) == 0 or len(y["test"]) == 0:
        raise ValueError(f"{spec.name} ({spec.modality}): too few labelled items "
                         f"(train {len(y['train'])}, val {len(y['val'])}, test {len(y['test'])})")
    points = grid_points(dict((k, list(v)) for k, v in settings.probe_grid))
    outcomes, criteria = [], []
    for point in points:
        g = torch_generator(seed)
        dropout = float(point.get("dropout", 0.0))
        encoder = (ConvEncoder(input_shape[0], tuple(settings.cnn_channels), tuple(input_shape[1:]), 0, 0.0, g)
                   if spec.encoder == "cnn" else None)
        model = EmotionClassifier(input_shape[0], tuple(settings.probe_hidden), N_CLASSES[spec.modality], dropout,
                                  encoder, g).to(device)
        batches = ItemBatches(len(y["train"]), settings.probe_batch_size, seed, device)

        def evaluate(m) -> dict:
            acc = float((embed_rows(m, x["val"]).argmax(1) == y["val"]).float().mean())
            return {"val_criterion": acc, "val_accuracy": acc}

        started = time.perf_counter()
        result = train_to_plateau(model, item_loss(x["train"], y["train"], batches), evaluate,
                                  loop_config(settings, seed, point, probe=True))
        with torch.no_grad():
            test_acc = float((embed_rows(model, x["test"]).argmax(1) == y["test"]).float().mean())
        info = {**point, **stopping_record(result), "seconds": time.perf_counter() - started,
                METRIC[spec.modality]: test_acc, "n_train": int(len(y["train"])), "n_test": int(len(y["test"]))}
        outcomes.append(Outcome(info, pd.DataFrame(result.history)))
        criteria.append(result.best_criterion)
    best, rows = choice_rows(points, criteria)
    chosen = outcomes[best]
    chosen.tuning = rows
    return chosen


def direct_task(spec: ClassifierSpec, settings: RunSettings, features_folder: str, seed: int) -> Outcome:
    data = ACPNetData.from_folder(features_folder)
    table = "images" if spec.modality == "image" else "music"
    inputs = {s: data[s][spec.input] for s in SPLITS}
    labels = {s: class_labels(getattr(data[s], table), spec.modality) for s in SPLITS}
    return train_classifier(spec, settings, seed, inputs, labels, tuple(inputs["train"].shape[1:]))


def probe_task(spec: ClassifierSpec, settings: RunSettings, features_folder: str, seed: int,
               embeddings: dict) -> Outcome:
    data = ACPNetData.from_folder(features_folder)
    table = "images" if spec.modality == "image" else "music"
    inputs = {s: embeddings[s, spec.modality] for s in SPLITS}
    labels = {s: class_labels(getattr(data[s], table), spec.modality) for s in SPLITS}
    return train_classifier(spec, settings, seed, inputs, labels, tuple(inputs["train"].shape[1:]))


# ---- the experiment ---------------------------------------------------------------------------------------

@dataclass
class ExperimentResults:
    per_seed: pd.DataFrame       # method, seed, run, accuracy..., image/music_emotion_accuracy, stopping record
    histories: pd.DataFrame      # run, seed, phase, step, train_loss, val_criterion...
    tuning: pd.DataFrame         # run, grid values, criterion, chosen
    predictions: pd.DataFrame    # method, seed, pair, score, predicted (test pairs)
    classifiers: pd.DataFrame    # Table 5 runs: method, modality, seed, chosen point, stopping record, accuracy


def _parallelism(settings: RunSettings) -> tuple[int, int | None]:
    if get_device(settings.device).type != "cpu":
        return 1, None
    return settings.n_jobs, settings.threads_per_run


JOBS = {}  # filled below: job name -> task function (one pool runs several kinds of task)


def dispatch(job: str, *args) -> Outcome:
    return JOBS[job](*args)


def _run(tasks: list[tuple], settings: RunSettings, desc: str, progress: bool) -> list:
    """``dispatch(*task)`` for every task, in order, on the run's worker processes."""
    n_jobs, threads = _parallelism(settings)
    out = []
    bar = tqdm(total=len(tasks), desc=desc, disable=not progress)
    for result in run_tasks(dispatch, tasks, n_jobs, threads):
        out.append(result)
        bar.update()
    bar.close()
    return out


def _history(outcome: Outcome, run: str, seed: int, phase: str) -> pd.DataFrame:
    return outcome.history.assign(run=run, seed=seed, phase=phase)


def _save_run(artifacts: Path | None, name: str, seed: int, outcome: Outcome, embeddings: bool) -> None:
    if artifacts is None:
        return
    if outcome.embeddings is not None and embeddings:
        folder = Path(artifacts) / "embeddings"
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / f"{name}_seed{seed}.npz",
                            **{f"{split}_{side}": v for (split, side), v in outcome.embeddings.items()})
    if outcome.state is not None:
        folder = Path(artifacts) / "checkpoints"
        folder.mkdir(parents=True, exist_ok=True)
        torch.save(outcome.state, folder / f"{name}_seed{seed}.pt")


def run_experiment(settings: RunSettings, features_folder: str | Path, pairs_folder: str | Path,
                   pairs_per_image: float, artifacts: str | Path | None = None,
                   progress: bool = True) -> ExperimentResults:
    """Tuning, seeds, Table 5 classifiers (see the module docstring); returns every row the tables read.

    Three pools keep the workers busy: (tuning runs + every direct classifier), (the other seeds + the
    first seed's probes), (the other seeds' probes).
    """
    features_folder, pairs_folder = str(features_folder), str(pairs_folder)
    specs = methods_by_name(settings.methods)
    seeds = list(settings.seeds)
    grid = grid_points(settings.grid)
    keep = lambda seed: seeds.index(seed) < settings.checkpoint_seeds  # noqa: E731
    corr = lambda spec, seed, point: ("correspondence", spec, settings, features_folder, pairs_folder,  # noqa: E731
                                      pairs_per_image, seed, point, keep(seed))

    # 1. tuning at the first seed, with every direct classifier
    tuning_tasks = [corr(spec, seeds[0], point) for spec in specs for point in grid]
    direct_tasks = [("direct", c, settings, features_folder, seed) for seed in seeds for c in direct_classifiers()]
    out = _run(tuning_tasks + direct_tasks, settings, "acpnet tuning + direct classifiers", progress)
    tuned, direct_out = out[:len(tuning_tasks)], out[len(tuning_tasks):]
    chosen, runs, tuning_rows = {}, {}, []
    for spec in specs:
        results = [(task[7], o) for task, o in zip(tuning_tasks, tuned) if task[1].name == spec.name]
        best, rows = choice_rows([p for p, _ in results], [o.info["val_criterion"] for _, o in results])
        chosen[spec.name] = results[best][0]
        runs[spec.name, seeds[0]] = results[best][1]
        tuning_rows += [{"run": spec.name, "kind": "correspondence", "seed": seeds[0], **row} for row in rows]

    # 2. the other seeds, with the first seed's probes; 3. the other seeds' probes
    sources = [s for s in settings.probe_sources if s in {spec.name for spec in specs}]
    probes = embedding_probes(sources)

    def probe_tasks(seed):
        tasks = []
        for probe in probes:
            run = runs["acp_net", seed] if probe.source == UNTRAINED else runs[probe.source, seed]
            embeddings = run.initial_embeddings if probe.source == UNTRAINED else run.embeddings
            tasks.append(("probe", probe, settings, features_folder, seed, embeddings))
        return tasks

    seed_tasks = [corr(spec, seed, chosen[spec.name]) for seed in seeds[1:] for spec in specs]
    first_probes = probe_tasks(seeds[0])
    out = _run(seed_tasks + first_probes, settings, "acpnet seeds + probes", progress)
    for task, o in zip(seed_tasks, out[:len(seed_tasks)]):
        runs[task[1].name, task[6]] = o
    later_probes = [t for seed in seeds[1:] for t in probe_tasks(seed)]
    probe_out = out[len(seed_tasks):] + _run(later_probes, settings, "acpnet probes", progress)
    return _collect(specs, seeds, runs, tuning_rows, direct_tasks, direct_out, first_probes + later_probes,
                    probe_out, artifacts)


def _collect(specs, seeds, runs, tuning_rows, direct_tasks, direct_out, probe_tasks, probe_out, artifacts) -> ExperimentResults:
    rows, histories, predictions = [], [], []
    for seed in seeds:
        for spec in specs:
            outcome = runs[spec.name, seed]
            _save_run(artifacts, spec.name, seed, outcome, seed == seeds[0])
            info = {k: v for k, v in outcome.info.items() if not k.startswith("_")}
            rows.append({"method": spec.name, "seed": seed, "run": spec.name, **info})
            histories.append(_history(outcome, spec.name, seed, "main"))
            predictions.append(pd.DataFrame({"method": spec.name, "seed": seed, "pair": np.arange(len(outcome.test_scores)),
                                             "score": outcome.test_scores, "predicted": outcome.test_predicted}))
    classifier_rows = []
    for tasks, outs, phase in ((direct_tasks, direct_out, "direct"), (probe_tasks, probe_out, "probe")):
        for task, out in zip(tasks, outs):
            spec, seed = task[1], task[4]
            classifier_rows.append({"method": spec.name, "modality": spec.modality, "kind": phase, "seed": seed,
                                    **{k: v for k, v in out.info.items() if not k.startswith("_")}})
            histories.append(_history(out, f"{spec.name} ({spec.modality} emotion)", seed, phase))
            tuning_rows += [{"run": f"{spec.name} ({spec.modality} emotion)", "kind": phase, "seed": seed, **r}
                            for r in out.tuning]
    classifiers = pd.DataFrame(classifier_rows)
    per_seed = pd.DataFrame(rows)
    if len(classifiers):
        metrics = [m for m in METRIC.values() if m in classifiers]
        wide = classifiers.groupby(["method", "seed"], sort=False)[metrics].first().reset_index()
        per_seed = per_seed.merge(wide, on=["method", "seed"], how="outer")
        per_seed["run"] = per_seed["run"].fillna(per_seed["method"])
    return ExperimentResults(per_seed, pd.concat(histories, ignore_index=True), pd.DataFrame(tuning_rows),
                             pd.concat(predictions, ignore_index=True), classifiers)


JOBS.update({"correspondence": train_correspondence, "direct": direct_task, "probe": probe_task})
