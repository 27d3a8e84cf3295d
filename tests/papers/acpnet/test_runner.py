"""The experiment end to end on a small synthetic features folder: every run, seed and Table 5 row, repeatably."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from music_visual.corpus.labels import AFFECT3, AFFECT3_OF_EMOTION8, EMOTION8
from music_visual.papers.acpnet.features import save_split
from music_visual.papers.acpnet.pairs import fixed_pairs
from music_visual.papers.acpnet.runner import run_experiment
from music_visual.papers.acpnet.settings import RunSettings

pytestmark = pytest.mark.usefixtures("torch_one_thread")


def write_folder(root, seed=0):
    rng = np.random.default_rng(seed)
    sizes = {"train": (60, 24), "val": (20, 9), "test": (20, 9)}
    for split, (n_img, n_mus) in sizes.items():
        e8 = rng.choice(EMOTION8, n_img)
        images = pd.DataFrame({"item_id": [f"{split}_i{k}" for k in range(n_img)], "source_id": "",
                               "unit": [f"{split}_iu{k}" for k in range(n_img)], "split": split, "emotion8": e8,
                               "affect3": [AFFECT3_OF_EMOTION8[e] for e in e8]})
        a3 = np.array(AFFECT3)[np.arange(n_mus) % 3]
        music = pd.DataFrame({"item_id": [f"{split}_m{k}" for k in range(n_mus)], "source_id": "",
                              "unit": [f"{split}_mu{k}" for k in range(n_mus)], "split": split, "affect3": a3,
                              "emotion8": ""})
        onehot = lambda labels: np.stack([labels == c for c in AFFECT3], 1).astype(np.float32)  # noqa: E731
        arrays = {"image_cnn": np.hstack([onehot(images["affect3"].to_numpy()), rng.normal(size=(n_img, 5))]).astype(np.float32),
                  "image_handcrafted": rng.normal(size=(n_img, 4)).astype(np.float32),
                  "thumbnails": rng.normal(size=(n_img, 3, 8, 8)).astype(np.float32),
                  "music": np.hstack([onehot(a3), rng.normal(size=(n_mus, 3))]).astype(np.float32),
                  "spectrograms": rng.normal(size=(n_mus, 1, 8, 8)).astype(np.float32)}
        save_split(root / "features", split, images, music, arrays)
        if split != "train":
            pairs = fixed_pairs(images, music, 2.0, seed=1)
            pairs.insert(0, "image_id", images["item_id"].to_numpy()[pairs["image"]])
            pairs.insert(1, "music_id", music["item_id"].to_numpy()[pairs["music"]])
            pairs.to_parquet(root / f"pairs_{split}.parquet", index=False)


def settings(toy):
    return RunSettings.from_params({**toy, "seeds": [0, 1], "methods": ["acp_net", "l3_net", "spectrogram_acp",
                                    "two_tower_infonce"], "max_steps": 20, "eval_every": 10, "patience_steps": 20,
                                    "tuning_grid": {"learning_rate": [1e-3, 1e-2]}, "probe_max_steps": 20,
                                    "probe_eval_every": 10, "probe_patience_steps": 20,
                                    "probe_sources": ["acp_net", "l3_net"], "checkpoint_seeds": 1})


def test_every_run_seed_and_classifier(tmp_path, toy_settings):
    write_folder(tmp_path)
    result = run_experiment(settings(toy_settings), tmp_path / "features", tmp_path, 2.0, tmp_path / "artifacts", progress=False)
    per_seed = result.per_seed
    trained = per_seed.dropna(subset=["steps"])
    assert sorted(trained["method"].unique()) == ["acp_net", "l3_net", "spectrogram_acp", "two_tower_infonce"]
    assert len(trained) == 8 and trained["accuracy"].between(0, 1).all()
    assert set(trained.groupby("method")["learning_rate"].nunique()) == {1}  # the chosen point at every seed
    n_test = len(pd.read_parquet(tmp_path / "pairs_test.parquet"))
    assert len(result.predictions) == 8 * n_test
    probed = per_seed.set_index(["method", "seed"])
    for method in ("acp_net", "l3_net", "acp_net_untrained", "image_cnn_mlp", "image_handcrafted_mlp"):
        assert probed.loc[(method, 0), "image_emotion_accuracy"] == probed.loc[(method, 0), "image_emotion_accuracy"]
    for method in ("spectrogram_cnn", "music_features_mlp"):
        assert 0 <= probed.loc[(method, 1), "music_emotion_accuracy"] <= 1
    assert set(result.tuning["kind"]) == {"correspondence", "direct", "probe"}
    assert (tmp_path / "artifacts" / "embeddings" / "acp_net_seed0.npz").is_file()
    assert (tmp_path / "artifacts" / "checkpoints" / "acp_net_seed0.pt").is_file()
    assert not (tmp_path / "artifacts" / "checkpoints" / "acp_net_seed1.pt").exists()
    # same params and seeds: the same numbers
    again = run_experiment(settings(toy_settings), tmp_path / "features", tmp_path, 2.0, None, progress=False)
    cols = ["accuracy", "image_emotion_accuracy", "music_emotion_accuracy"]
    pd.testing.assert_frame_equal(per_seed.sort_values(["method", "seed"])[cols].reset_index(drop=True),
                                  again.per_seed.sort_values(["method", "seed"])[cols].reset_index(drop=True))
