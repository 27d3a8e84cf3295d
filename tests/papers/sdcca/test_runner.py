"""S-DCCA's runner on synthetic folds: every method scored on every fold and seed, tuning, determinism."""

from pathlib import Path

import pytest

from music_visual.papers.sdcca.methods import all_methods, method_grid, methods_table
from music_visual.papers.sdcca.runner import deterministic, inherited, reference_rows, run_experiment
from music_visual.papers.sdcca.runs import run_one
from music_visual.papers.sdcca.settings import RunSettings
from music_visual.pipeline.notebook_params import notebook_parameters
from music_visual.errors import StudyError
from music_visual.training.tuning import grid_points
from papers.sdcca.sdcca_inputs import synthetic_fold

TINY = notebook_parameters(Path(__file__).resolve().parents[3] / "notebooks" / "sdcca" / "03_train.ipynb")


def settings(**overrides):
    return RunSettings.from_params(TINY, **({"pr_queries": ["attention_1_3", "mean"], "max_steps": 8} | overrides))


def test_the_notebook_declares_every_setting_and_a_missing_one_is_an_error():
    # every training setting, plus the methods 03 trains again with the MusiCNN input (not a RunSettings field)
    assert set(TINY) == set(RunSettings.__dataclass_fields__) | {"pretrained_audio_methods"}
    with pytest.raises(StudyError, match="lack"):
        RunSettings.from_params({k: v for k, v in TINY.items() if k != "beta"})


def test_every_method_on_every_fold_and_seed(torch_one_thread):
    folds = [synthetic_fold(0, seed=0), synthetic_fold(1, seed=1)]
    specs = all_methods()
    result = run_experiment(settings(), folds, specs, progress=False)
    rows = result.per_seed
    assert len(rows) == len(specs) * 2 * 2 and set(rows["unit"]) == {"f0s0", "f0s1", "f1s0", "f1s1"}
    assert rows[[c for c in rows if c.startswith("map_")]].notna().all().all()
    for spec in specs:
        part = rows[(rows["method"] == spec.name) & (rows["fold"] == 0)]
        same = part["map_mean"].nunique() == 1
        assert same if deterministic(spec) else True
    tuned = result.tuning.groupby(["method", "fold"])["chosen"].sum()
    assert (tuned == 1).all() and len(tuned) == len(specs) * 2
    assert inherited(specs) == {"c_cca_extend1": "c_cca", "c_cca_extend2": "c_cca", "s_dcca_extend1": "s_dcca",
                                "s_dcca_extend2": "s_dcca"}
    own = [s for s in specs if s.name not in inherited(specs)]
    assert len(result.tuning) == 2 * (sum(len(grid_points(method_grid(s, settings()))) for s in own) + 4)
    heirs = result.tuning[result.tuning["inherits"] == "s_dcca"].set_index("fold")["dcca_reg"]
    parent = result.tuning[(result.tuning["method"] == "s_dcca") & result.tuning["chosen"]].set_index("fold")["dcca_reg"]
    assert (heirs.groupby(level=0).first() == parent).all()
    assert set(result.histories["run"]) == {s.name for s in specs if s.kind in ("deep", "two_tower")}
    assert set(result.pr["query"]) == {"attention_1_3", "mean"} and result.n_runs > len(result.tuning)
    assert result.embeddings["s_dcca", 0]["video"].shape[0] == 16
    assert len(methods_table(specs, settings())) == len(specs)


def test_same_seed_same_numbers_and_learning_beats_chance_on_a_learnable_fold(torch_one_thread):
    data = synthetic_fold(0, n_train=80, seed=3)
    specs = {s.name: s for s in all_methods()}
    s = settings(max_steps=30, eval_every=5, patience_steps=20, cca_components=3)
    first = run_one(specs["s_dcca"], s, data, 0, {"dcca_reg": 0.1})
    again = run_one(specs["s_dcca"], s, data, 0, {"dcca_reg": 0.1})
    assert first.metrics == again.metrics
    chance = reference_rows([data], [0], None).iloc[0]["map_mean"]
    cca = run_one(specs["cca"], s, data, 0, {"cca_reg": 0.1})
    c_cca = run_one(specs["c_cca_extend2"], s, data, 0, {"cca_reg": 0.1})
    assert cca.metrics["map_mean"] > chance + 0.2 and c_cca.metrics["map_mean"] > chance + 0.2
    assert c_cca.info["n_pairs"] > cca.info["n_pairs"]
