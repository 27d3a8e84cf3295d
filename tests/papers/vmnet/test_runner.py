"""VM-NET's runner: split features round trip, one tiny end-to-end run on synthetic features, reference rows."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from music_visual.models.cross_decomposition import cosine_similarity_matrix
from music_visual.papers.vmnet.features import save_split_features, load_split_features
from music_visual.papers.vmnet.methods import table_ii_methods, table_iii_methods
from music_visual.papers.vmnet.runner import VMNetData, run_experiment, with_references
from music_visual.papers.vmnet.settings import RunSettings
from music_visual.pipeline.notebook_params import notebook_parameters

TINY = notebook_parameters(Path(__file__).resolve().parents[3] / "notebooks" / "vmnet" / "03_train.ipynb")


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
    settings = RunSettings.from_params(TINY, seeds=[0, 1], batch_size=16, max_steps=4, eval_every=2,
                                       patience_steps=2, hidden_widths=(16, 8, 8), embed_dim=8, two_tower_hidden=16,
                                       tuning_grid={"embed_dim": [4, 8]}, linear_components=(2, 3),
                                       cca_regs=(0.1, 1.0), curve_max_k=5, checkpoint_seeds=1,
                                       learning_curve_shares=(0.5, 1.0),
                                       learning_curve_methods=("cca", "two_tower_infonce"))
    specs = [s for s in table_iii_methods() if s.name in ("cca", "nonlinear_inter_soft_intra_dann", "two_tower_infonce")]
    specs += table_ii_methods(top_ks=[100, 1000])
    oracle = cosine_similarity_matrix(data.test_music[:, :16], data.test_video)  # any square score matrix will do
    result = run_experiment(settings, data, specs=specs, artifacts=tmp_path, oracle=oracle, annotator_slope=5.0,
                            progress=False)
    per_seed = result.per_seed
    assert len(per_seed) == 5 * 2 and set(per_seed["seed"]) == {0, 1}
    assert per_seed.set_index(["method", "seed"]).loc[("top_k_100", 0), "run"] == "top_k_100"
    # batch 16 (at most half of 40 pairs): 15 negatives; 100 and 1000 of 1,999 are 1 and 8 of them
    by = per_seed.set_index(["method", "seed"])
    assert by.loc[("top_k_100", 0), "top_k_used"] == 1 and by.loc[("top_k_1000", 1), "top_k_used"] == 8
    # every network chose from the grid at seed 0 and trained there at every seed
    tuned = result.tuning[result.tuning["inherits"] == ""]
    assert set(tuned["run"]) == {"cca", "nonlinear_inter_soft_intra_dann", "two_tower_infonce", "top_k_100", "top_k_1000"}
    assert len(tuned[tuned["run"] == "cca"]) == 4 and tuned.groupby("run")["chosen"].sum().eq(1).all()
    chosen = tuned[tuned["chosen"]].set_index("run")
    assert (by.xs("two_tower_infonce", level="method")["embed_dim"] == chosen.loc["two_tower_infonce", "embed_dim"]).all()
    assert set(per_seed["stopped_by"].dropna()) <= {"plateau", "step_cap"}
    curve = result.learning_curve
    assert sorted(curve["n_train"].unique()) == [20, 40] and len(curve) == 2 * 2 * 2
    assert set(result.histories["phase"]) == {"main", "share 0.5"}
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
    flipped = -np.eye(12)  # a scorer that ranks every true pair last
    extra = with_references(per_seed, [0, 1], 12, oracle, 5.0, {"oracle_global_linear": flipped})
    rows = extra[extra["method"] == "oracle_global_linear"]
    assert len(rows) == 2 and rows["music_to_video_recall_at_10"].eq(0.0).all()
    assert rows["gr"].eq(0.0).all() and rows["simulated_gs"].isna().all()  # no simulated annotators for it


def test_the_numbers_do_not_depend_on_the_number_of_worker_processes():
    data = synthetic_data()
    settings = RunSettings.from_params(TINY, seeds=[0, 1], batch_size=16, max_steps=4, eval_every=2,
                                       patience_steps=2, hidden_widths=(16, 8, 8), embed_dim=8, two_tower_hidden=16,
                                       tuning_grid={"embed_dim": [4, 8]}, learning_curve_shares=(0.5, 1.0),
                                       learning_curve_methods=("nonlinear_inter",), device="cpu")
    specs = [s for s in table_iii_methods() if s.name in ("cca", "nonlinear_inter")]
    one = run_experiment(settings.replace(n_jobs=1), data, specs=specs, progress=False)
    two = run_experiment(settings.replace(n_jobs=2), data, specs=specs, progress=False)
    metrics = [c for c in one.per_seed.columns if "recall" in c]
    pd.testing.assert_frame_equal(one.per_seed[metrics], two.per_seed[metrics])
    pd.testing.assert_frame_equal(one.learning_curve, two.learning_curve)
