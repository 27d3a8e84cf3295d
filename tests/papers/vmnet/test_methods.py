"""VM-NET's registry of methods, its run plan and its settings."""

import pytest

from pathlib import Path

from music_visual.papers.vmnet.methods import all_methods, plan_runs, run_key, table_ii_grid, table_ii_methods, table_iii_methods
from music_visual.papers.vmnet.settings import RunSettings
from music_visual.pipeline.notebook_params import notebook_parameters
from music_visual.papers.vmnet.paper import TABLE_II, TABLE_III

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


def test_reference_rows_and_equal_top_k_shares_share_one_run():
    settings = RunSettings.from_params(TINY, batch_size=256, top_k_share=0.05)
    specs = table_iii_methods() + table_ii_methods([(3, 1)], [(3, 2)], [100, 500, 1000, 10, 50])
    plan = dict((spec.name, names) for spec, names in plan_runs(specs, settings, n_train=1400))
    # 5 % of 255 negatives = 12.75 -> 13 = round(100 / 1999 * 255): the reference row is nonlinear_inter's run
    assert plan["nonlinear_inter"] == ["nonlinear_inter", "weights_m2v3_v2m1", "layers_music3_video2", "top_k_100"]
    effective = {s.name: settings.top_k_for(s, 1400) for s in specs if s.name.startswith("top_k_")}
    assert effective == {"top_k_100": 13, "top_k_500": 64, "top_k_1000": 128, "top_k_10": 1, "top_k_50": 6}
    # a batch of 16 (32 pairs, 15 negatives): 10, 50 and 100 of 1,999 (and 5 %) all round to one negative
    small = dict((spec.name, names) for spec, names in plan_runs(specs, settings.replace(batch_size=16), n_train=32))
    assert {"top_k_10", "top_k_50", "top_k_100"} <= set(small["nonlinear_inter"]) and "top_k_500" in small
    assert settings.batch_for(100) == 50 and settings.batch_for(1400) == 256  # at most half the pairs
    assert run_key(specs[0], settings, 10) == ("decomposition", "pca")


def test_settings_come_from_one_mapping_and_name_what_is_missing():
    from music_visual.errors import StudyError

    settings = RunSettings.from_params(TINY)
    assert settings.hidden_widths == tuple(TINY["hidden_widths"]) and settings.sweep_weights == ((1, 3), (3, 1))
    assert [s.name for s in all_methods(settings)][-1] == f"top_k_{TINY['sweep_top_k'][-1]}"
    with pytest.raises(StudyError, match="batch_size"):
        RunSettings.from_params({k: v for k, v in TINY.items() if k != "batch_size"})
    assert len(table_ii_grid()) == 9 + 12 + 5
