"""VM-NET's registry, run plan, feature transforms and one tiny end-to-end run on synthetic features."""

import numpy as np
import pandas as pd
import pytest

from pathlib import Path

from music_visual.models.cross_decomposition import cosine_similarity_matrix
from music_visual.papers.vmnet.methods import all_methods, plan_runs, run_key, table_ii_grid, table_ii_methods, table_iii_methods
from music_visual.papers.vmnet.settings import RunSettings
from music_visual.pipeline.notebook_params import notebook_parameters
from music_visual.papers.vmnet.features import (Standardiser, VMNetFeatureTransforms, fit_transforms,
                                                     load_split_features, save_split_features)
from music_visual.papers.vmnet.paper import TABLE_II, TABLE_III
from music_visual.papers.vmnet.runner import VMNetData, run_experiment, with_references

# The one source of tiny test settings: the training notebook's parameters cell.
TINY = notebook_parameters(Path(__file__).resolve().parents[3] / "notebooks" / "vmnet" / "03_train.ipynb")


def test_registry_covers_table_iii_and_the_modern_baseline():
    specs = {s.name: s for s in table_iii_methods()}
    assert set(TABLE_III) <= set(specs) and "two_tower_infonce" in specs
    one = specs["nonlinear_one_directional"]
    assert (one.weight_music_to_video, one.weight_video_to_music, one.soft_intra) == (0.0, 1.0, False)
    assert not specs["linear_inter_intra"].nonlinear and specs["linear_inter_intra"].soft_intra
    assert specs["nonlinear_inter_soft_intra_dann"].dann


def test_table_ii_names_follow_the_paper_rows_by_direction():
    sweep = table_ii_methods(weights=[(1, 3), (3, 1)], layers=[(3, 2)], top_ks=[10])
    assert [s.name for s in sweep] == ["weights_m2v1_v2m3", "weights_m2v3_v2m1", "layers_music3_video2", "top_k_10"]
    assert all(s.name in TABLE_II for s in sweep)
    assert sweep[0].weight_music_to_video == 1 and sweep[0].weight_video_to_music == 3
    assert not any(s.soft_intra for s in sweep)  # Table II is inter only


def test_reference_rows_and_clipped_top_k_share_one_run():
    settings = RunSettings.from_params(TINY, batch_size=256, top_k=100)
    specs = table_iii_methods() + table_ii_methods([(3, 1)], [(3, 2)], [100, 500, 1000, 10])
    plan = dict((spec.name, names) for spec, names in plan_runs(specs, settings, n_train=1400))
    assert plan["nonlinear_inter"] == ["nonlinear_inter", "weights_m2v3_v2m1", "layers_music3_video2", "top_k_100"]
    assert plan["top_k_500"] == ["top_k_500", "top_k_1000"]  # both clip to 255 negatives
    assert settings.top_k_for(specs[-1], 1400) == 10 and settings.batch_for(100) == 100
    assert run_key(specs[0], settings, 10) == ("decomposition", "pca")


def test_feature_transforms_are_fitted_on_train_only_and_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    train_frames = [rng.normal(size=(rng.integers(1, 7), 12)) for _ in range(10)]
    train_music = rng.normal(loc=5.0, scale=[1, 10, 100, 1000], size=(10, 4))
    transforms = fit_transforms(train_frames, train_music, n_components=16)
    video, flags = transforms.video(train_frames + [np.zeros((0, 12))])
    assert video.shape == (11, 16) and np.allclose(np.linalg.norm(video[:10], axis=1), 1.0, atol=1e-5)
    assert flags["no_frames"].tolist()[-1] and flags["n_frames"].tolist()[-1] == 0
    music = transforms.music(train_music)
    assert np.allclose(music.mean(axis=0), 0, atol=1e-5) and np.allclose(music.std(axis=0), 1, atol=1e-4)
    back = VMNetFeatureTransforms.load(transforms.save(tmp_path / "t"))
    new = [rng.normal(size=(3, 12))]
    assert np.allclose(back.video(new)[0], transforms.video(new)[0])
    assert np.allclose(Standardiser.fit(np.ones((3, 2))).transform(np.ones((1, 2))), 0.0)


def synthetic_data(n_train=40, n_val=10, n_test=12, seed=0):
    """Paired features sharing a 4-d latent (so there is something to learn)."""
    rng = np.random.default_rng(seed)
    to_video, to_music = rng.normal(size=(4, 16)), rng.normal(size=(4, 20))

    def split(n):
        z = rng.normal(size=(n, 4))
        return ((z @ to_video + 0.3 * rng.normal(size=(n, 16))).astype(np.float32),
                (z @ to_music + 0.3 * rng.normal(size=(n, 20))).astype(np.float32))

    (tv, tm), (vv, vm), (sv, sm) = split(n_train), split(n_val), split(n_test)
    ids = pd.DataFrame({"song_id": [f"s{i}" for i in range(n_test)], "in_gallery": True})
    return VMNetData(tv, tm, vv, vm, sv, sm, ids)


def test_split_features_round_trip_and_gallery_filter(tmp_path):
    data = synthetic_data()
    ids = data.test_ids.assign(in_gallery=[True] * 10 + [False] * 2)
    for split, (v, m, i) in {"train": (data.train_video, data.train_music, data.test_ids.iloc[:0]),
                             "val": (data.val_video, data.val_music, None), "test": (data.test_video, data.test_music, ids)}.items():
        i = i if i is not None and len(i) == len(v) else pd.DataFrame({"song_id": range(len(v)), "in_gallery": False})
        save_split_features(tmp_path, split, i, v, m)
    loaded = VMNetData.from_folder(tmp_path)
    assert loaded.test_video.shape == (10, 16) and np.array_equal(loaded.test_music, data.test_music[:10])
    with pytest.raises(FileNotFoundError, match="02_features"):
        load_split_features(tmp_path / "none", "train")


def test_tiny_end_to_end_run_scores_every_row_and_saves_artifacts(tmp_path):
    data = synthetic_data()
    settings = RunSettings.from_params(TINY, seeds=[0, 1], batch_size=16, max_epochs=1, patience=1,
                                       hidden_widths=(16, 8, 8), embed_dim=8, two_tower_hidden=16, two_tower_embed=8,
                                       linear_components=3, cca_regs=(0.1, 1.0), curve_max_k=5, checkpoint_seeds=1)
    specs = [s for s in table_iii_methods() if s.name in ("cca", "nonlinear_inter_soft_intra_dann", "two_tower_infonce")]
    specs += table_ii_methods(top_ks=[100, 1000])
    oracle = cosine_similarity_matrix(data.test_music[:, :16], data.test_video)  # any square score matrix will do
    result = run_experiment(settings, data, specs=specs, artifacts=tmp_path, oracle=oracle, annotator_slope=5.0,
                            progress=False)
    per_seed = result.per_seed
    assert len(per_seed) == 5 * 2 and set(per_seed["seed"]) == {0, 1}
    assert per_seed.set_index(["method", "seed"]).loc[("top_k_100", 0), "run"] == "top_k_100"
    assert per_seed.set_index(["method", "seed"]).loc[("top_k_1000", 1), "run"] == "top_k_100"  # 15 negatives
    cca = per_seed[per_seed["method"] == "cca"]
    assert cca["music_to_video_recall_at_1"].nunique() == 1  # deterministic: fitted once
    assert per_seed["simulated_gs"].between(0, 1).all() and per_seed["gr"].between(0, 1).all()
    assert set(result.curves["k"]) == {1, 2, 3, 4, 5}
    assert (tmp_path / "embeddings" / "cca_seed1.npz").is_file()
    assert (tmp_path / "checkpoints" / "two_tower_infonce_seed0.pt").is_file()
    assert not (tmp_path / "checkpoints" / "two_tower_infonce_seed1.pt").exists()  # checkpoint_seeds = 1

    full = with_references(per_seed, [0, 1], len(data.test_ids), oracle, 5.0)
    assert full["method"].tolist()[-4:] == ["oracle", "oracle", "chance", "chance"]
    chance = full[full["method"] == "chance"].iloc[0]
    assert chance["music_to_video_recall_at_1"] == 1 / 12 and chance["gr"] == 0.5


def test_settings_come_from_one_mapping_and_name_what_is_missing():
    from music_visual.errors import StudyError

    settings = RunSettings.from_params(TINY)
    assert settings.hidden_widths == tuple(TINY["hidden_widths"]) and settings.sweep_weights == ((1, 3), (3, 1))
    assert [s.name for s in all_methods(settings)][-1] == f"top_k_{TINY['sweep_top_k'][-1]}"
    with pytest.raises(StudyError, match="batch_size"):
        RunSettings.from_params({k: v for k, v in TINY.items() if k != "batch_size"})
    assert len(table_ii_grid()) == 9 + 12 + 5
