"""The trained networks a query can be searched with, rebuilt from their kept weights and recorded settings.

VM-NET's training stage keeps the weights of its networks' first ``checkpoint_seeds`` seeds
(``data/processed/artifacts/vmnet/checkpoints/<run>_seed<seed>.pt``): every Table II/III variant and the
InfoNCE two-tower on the same (video, music) inputs. A model is rebuilt with the run's method record, the
``vmnet.train`` settings and the grid point it chose on validation (``results_per_seed.csv``), and reads
its inputs through the feature transforms fitted on the training split (``artifacts/vmnet/transforms``).
The settings are those the networks were trained with (``checkpoints/settings.json``, written by the training
notebook), else ``params.yaml``'s. The linear baselines (CCA, PLS) keep no weights, so they are not listed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import torch

from music_visual import paths
from music_visual.errors import StudyError

CHECKPOINT = re.compile(r"^(?P<run>.+)_seed(?P<seed>\d+)\.pt$")
POINT_KEYS = ("embed_dim", "dropout")


@dataclass(frozen=True)
class SearchModel:
    """One kept network: ``name`` (the run), ``seed``, its paper, label and checkpoint."""

    name: str
    seed: int
    paper: str
    label: str
    checkpoint: Path
    modalities: str = "video <-> music"


def vmnet_features() -> Path:
    """VM-NET's split features (already through the transforms): the searchable corpus items."""
    return paths.processed_dir() / "vmnet" / "features"


def trained_settings():
    """VM-NET's run settings the kept networks were trained with (``params.yaml``'s when none were recorded)."""
    from music_visual.papers.vmnet.settings import RunSettings
    from music_visual.params import load_section

    recorded = paths.artifacts_dir("vmnet") / "checkpoints" / "settings.json"
    if recorded.is_file():
        return RunSettings.from_params(json.loads(recorded.read_text(encoding="utf-8")))
    return RunSettings.from_params(load_section("vmnet.train"))


def list_models() -> list[SearchModel]:
    """Every kept network of the workspace, by run name then seed."""
    from music_visual.papers.vmnet.methods import all_methods

    folder = paths.artifacts_dir("vmnet") / "checkpoints"
    if not folder.is_dir():
        return []
    labels = {m.name: m.label for m in all_methods(trained_settings())}
    found = []
    for path in sorted(folder.glob("*.pt")):
        match = CHECKPOINT.match(path.name)
        if match:
            run = match["run"]
            found.append(SearchModel(run, int(match["seed"]), "vmnet", labels.get(run, run), path))
    return sorted(found, key=lambda m: (m.name, m.seed))


def pick_model(name: str, seed: int | None = None) -> SearchModel:
    """The kept network ``name`` (its lowest kept seed unless ``seed``); a clear error naming what is kept."""
    models = list_models()
    chosen = [m for m in models if m.name == name and (seed is None or m.seed == seed)]
    if not chosen:
        kept = ", ".join(dict.fromkeys(m.name for m in models)) or "none (run dvc repro vmnet_03_train)"
        raise StudyError(f"no trained model {name!r}" + (f" at seed {seed}" if seed is not None else "")
                         + f"; kept: {kept}")
    return chosen[0]


@dataclass
class LoadedModel:
    """A rebuilt network with its input transforms: ``embed_video(frame sequences)``, ``embed_music(rows)``."""

    model: SearchModel
    network: torch.nn.Module
    transforms: object           # VMNetFeatureTransforms

    def embed_video(self, frame_sequences: list[np.ndarray]) -> np.ndarray:
        video, _ = self.transforms.video(frame_sequences)
        return self.embed_video_features(video)

    def embed_music(self, music: np.ndarray) -> np.ndarray:
        return self.embed_music_features(self.transforms.music(np.atleast_2d(music)))

    def embed_video_features(self, video: np.ndarray) -> np.ndarray:
        """Rows already through the transforms (the split features of the corpus)."""
        return self._embed(self.network.video, video)

    def embed_music_features(self, music: np.ndarray) -> np.ndarray:
        return self._embed(self.network.music, music)

    @staticmethod
    def _embed(encoder: torch.nn.Module, rows: np.ndarray) -> np.ndarray:
        from music_visual.training import embed

        return embed(encoder, np.asarray(rows, dtype=np.float32)).cpu().numpy()


def chosen_point(per_seed: pd.DataFrame, run: str, seed: int) -> dict:
    """The grid point the run chose on validation, from ``results_per_seed.csv``."""
    rows = per_seed[(per_seed["run"] == run) & (per_seed["seed"] == seed)]
    if not len(rows):
        raise StudyError(f"results_per_seed.csv has no row for {run} at seed {seed}: rerun vmnet_03_train")
    row = rows.iloc[0]
    return {k: row[k].item() if hasattr(row[k], "item") else row[k] for k in POINT_KEYS
            if k in rows.columns and pd.notna(row[k])}


def load_model(model: SearchModel) -> LoadedModel:
    """Rebuild ``model``'s network (VM-NET's :func:`build_neural` at its chosen point) and load its weights."""
    from music_visual.papers.vmnet.features import VMNetFeatureTransforms, load_split_features
    from music_visual.papers.vmnet.methods import all_methods
    from music_visual.papers.vmnet.runner import build_neural

    artifacts = paths.artifacts_dir("vmnet")
    settings = trained_settings()
    specs = {m.name: m for m in all_methods(settings)}
    if model.name not in specs:
        raise StudyError(f"{model.name!r} is not one of VM-NET's methods under the current params.yaml")
    _, train_video, train_music = load_split_features(vmnet_features(), "train")
    shapes = SimpleNamespace(train_video=train_video, train_music=train_music)
    point = chosen_point(pd.read_csv(artifacts / "results_per_seed.csv"), model.name, model.seed)
    network, _ = build_neural(specs[model.name], settings, shapes, model.seed, point, len(train_video))
    network.load_state_dict(torch.load(model.checkpoint, map_location="cpu", weights_only=True))
    return LoadedModel(model, network.eval(), VMNetFeatureTransforms.load(artifacts / "transforms"))
