"""A throw-away workspace with what the search reads: the tiny corpus, VM-NET's split features of six of its
music videos (computed by the real feature workers), transforms fitted on them and two kept networks."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import torch

N_PAIRS = 6
RUNS = ("nonlinear_inter_soft_intra", "two_tower_infonce")


@pytest.fixture(scope="session")
def search_workspace(tmp_path_factory, tiny_corpus, onnx_model_path):
    from music_visual.corpus.schema import load_corpus, resolve_item_path
    from music_visual.features.audio_vmnet import vmnet_audio_worker
    from music_visual.features.visual_cnn import ONNX_FILE_NAME, cnn_frames_worker
    from music_visual.papers.vmnet.features import fit_transforms, save_split_features
    from music_visual.papers.vmnet.methods import all_methods
    from music_visual.papers.vmnet.runner import build_neural
    from music_visual.papers.vmnet.settings import RunSettings
    from music_visual.params import load_section

    ws = tmp_path_factory.mktemp("search_ws")
    corpus_root = ws / "data" / "processed" / "corpus"
    corpus_root.mkdir(parents=True)
    (corpus_root / load_section("corpus")["corpus_name"]).symlink_to(tiny_corpus.root)
    models = ws / "data" / "interim" / "models"
    models.mkdir(parents=True)
    (models / ONNX_FILE_NAME).symlink_to(onnx_model_path)

    corpus = load_corpus(tiny_corpus.root, validate=False)
    pairs, items = corpus.role_pairs("music_video", "search test")
    pairs = pairs.head(N_PAIRS).reset_index(drop=True)
    path_of = lambda i: str(resolve_item_path(corpus.root, items.loc[i, "path"]))  # noqa: E731
    cnn = load_section("features.cnn_frames") | {"model_path": str(onnx_model_path)}
    frames = [cnn_frames_worker({"item_id": v, "path": path_of(v)}, **cnn)[0]["pooled"] for v in pairs["right_id"]]
    audio = load_section("features.vmnet_audio")
    music = np.stack([vmnet_audio_worker({"item_id": m, "path": path_of(m)}, **audio)[0]["music"]
                      for m in pairs["left_id"]])
    transforms = fit_transforms(frames, music, n_components=4)
    video, _ = transforms.video(frames)
    scaled = transforms.music(music)
    artifacts = ws / "data" / "processed" / "artifacts" / "vmnet"
    transforms.save(artifacts / "transforms")
    features = ws / "data" / "processed" / "vmnet" / "features"
    ids = pd.DataFrame({"video_id": pairs["right_id"], "music_id": pairs["left_id"], "in_gallery": True})
    for split, rows in {"train": [0, 1, 2], "val": [3], "test": [4, 5]}.items():
        save_split_features(features, split, ids.iloc[rows], video[rows], scaled[rows])

    settings = RunSettings.from_params(load_section("vmnet.train"))
    specs = {m.name: m for m in all_methods(settings)}
    shapes = SimpleNamespace(train_video=video[:3], train_music=scaled[:3])
    (artifacts / "checkpoints").mkdir(parents=True)
    rows = []
    for run in RUNS:
        net, _ = build_neural(specs[run], settings, shapes, 0, {"embed_dim": 8, "dropout": 0.1}, 3)
        torch.save(net.state_dict(), artifacts / "checkpoints" / f"{run}_seed0.pt")
        rows.append({"method": run, "seed": 0, "run": run, "embed_dim": 8, "dropout": 0.1})
    pd.DataFrame(rows).to_csv(artifacts / "results_per_seed.csv", index=False)
    return SimpleNamespace(root=ws, pairs=pairs, frames=frames, music=music, video_features=video,
                           music_features=scaled, transforms=transforms, path_of=path_of, corpus_root=corpus.root)


@pytest.fixture
def in_search_workspace(search_workspace, monkeypatch):
    monkeypatch.setenv("MUSIC_VISUAL_WORKSPACE", str(search_workspace.root))
    return search_workspace
