"""MR-CCA sweeps: consistency definitions, leakage-free repeats and the whole runner on a toy world."""

import numpy as np
import pandas as pd
import pytest

from music_visual.papers.mrcca.data import simulate_comparisons
from music_visual.papers.mrcca.runner import (SweepSettings, consistency_scores, mrcca_data, paper_settings,
                                            prepare_repeat, run_sweeps)
from music_visual.papers.mrcca.claims import mrcca_claims
from music_visual.papers.mrcca.tables import metrics_payload, summarise_runs


@pytest.fixture(scope="module")
def toy_data():
    """60 songs x 2 segments x 3 key frames; music and images share 3 latent factors per song."""
    rng = np.random.default_rng(0)
    n_songs, segments, frames = 60, 2, 3
    latent = rng.standard_normal((n_songs, 3))
    seg_song = np.repeat(np.arange(n_songs), segments)
    music = np.hstack([latent[seg_song] @ rng.standard_normal((3, 89)) + 0.5 * rng.standard_normal((len(seg_song), 89)),
                       rng.dirichlet(np.ones(44), size=len(seg_song))])
    img_song = np.repeat(np.arange(n_songs), frames)
    images = np.abs(latent[img_song] @ rng.standard_normal((3, 2596)) + 0.5 * rng.standard_normal((len(img_song), 2596)))
    segment = img_song * segments + np.arange(len(img_song)) % frames * segments // frames
    pairs = pd.DataFrame({"song_id": [f"s{s}" for s in img_song], "image_id": [f"i{i}" for i in range(len(img_song))],
                          "segment_id": [f"g{s}" for s in segment]})
    comparisons = simulate_comparisons(pairs, rng)
    oracle = (rng.normal(1.0, 1.0, len(pairs)), rng.normal(0.0, 1.0, len(pairs)))
    music = np.vstack([music, music[:1]])  # one more segment, without any key frame
    return mrcca_data(comparisons, [f"g{i}" for i in range(len(seg_song) + 1)], music,
                      [f"i{i}" for i in range(len(img_song))], images, oracle)


TINY = SweepSettings(k_grid=(2, 3), d_grid=(2, 3), fig2a_d=2, fig2b_k=2, table1=(2, 3), human_labelled=(2, 2),
                     single=(1, 4), n_repeats=2, model={"n_components": 4, "cca_reg": 0.1, "svm_c": 1.0, "n_neighbors": 5},
                     n_jobs=1)


def test_consistency_counts_ties_half_and_each_vote_once():
    out = consistency_scores(np.array([3.0, 1.0, 2.0]), np.array([1.0, 2.0, 2.0]),
                             votes_true=np.array([3, 0, 2]), n_votes=np.array([3, 0, 3]))
    assert out["consistency"] == pytest.approx(1.5 / 3)
    assert out["consistency_human_labelled"] == pytest.approx((3 + 2 * 0.5 + 0.5) / 6)


def test_repeat_split_has_no_song_leakage_and_clean_preferences(toy_data):
    split = prepare_repeat(toy_data, np.random.default_rng(3), train_share=0.8)
    songs = toy_data.segment_song[toy_data.pair_segment]
    assert not set(songs[split.train]) & set(songs[~split.train])
    assert split.train.mean() == pytest.approx(0.8, abs=0.05)
    train_images = {tuple(r) for r in toy_data.images[toy_data.pair_image[split.train]].round(6)}
    for side in (split.preferences.preferred_images, split.preferences.other_images):
        assert all(tuple(r) in train_images for r in side.round(6))  # no test image is used in training
    assert split.music[:, :89].mean() == pytest.approx(0.0, abs=0.2)  # descriptors z-scored
    np.testing.assert_allclose(split.music[:, 89:], toy_data.music[:, 89:])  # posteriors untouched


def test_settings_share_fits_and_paper_grid():
    fits = SweepSettings().fits()
    assert fits[(10, 6, "local")] == ["fig2a", "fig2b"] and fits[(10, 10, "global")] == ["table1"]
    paper = paper_settings()
    assert paper.k_grid == tuple(range(3, 21)) and paper.d_grid == tuple(range(2, 21)) and paper.n_repeats == 10


def test_the_whole_sweep_runs_and_feeds_metrics_and_claims(toy_data):
    runs = run_sweeps(toy_data, TINY)
    assert set(runs["experiment"]) == {"reference", "fig2a", "fig2b", "table1", "human_labelled", "single"}
    assert runs["repeat"].nunique() == 2 and runs["consistency"].between(0, 1).all()
    methods = runs.loc[runs["experiment"] == "fig2a", "method"]
    assert set(methods) == {"c_cca", "cr_cca", "m_cca", "mrcca"}
    mr = runs[(runs["experiment"] == "fig2a") & (runs["method"] == "mrcca")]
    assert mr["consistency"].mean() > 0.6  # the toy world is learnable
    summary = summarise_runs(runs)
    payload = metrics_payload(runs, summary, TINY.fig2a_d)
    assert payload["chance"]["consistency"]["mean"] == 0.5 and "oracle" in payload
    assert {"consistency", "consistency_human_labelled"} <= set(payload["mrcca"])
    assert payload["mrcca_global_reference"]["train_time_s"]["mean"] > 0
    claims = mrcca_claims(runs)
    assert len(claims) == 6 and set(claims["verdict"]) <= {"reproduced", "not reproduced", "inconclusive",
                                                           "not testable"}
    from music_visual.study.claims import COLUMNS
    assert list(claims.columns) == COLUMNS and set(claims["paper"]) == {"mrcca"}
    assert claims["chance"].eq("50.0 % consistency").all() and claims["oracle"].str.endswith("consistency").all()
    from music_visual.papers.mrcca.figures import fig2
    from music_visual.papers.mrcca.tables import table1
    t1 = table1(summary).set_index("references")
    assert t1.loc["local", "paper consistency (%)"] == 80.35 and t1.loc["global", "paper time (s)"] == 869.26
    mean = summary[(summary["experiment"] == "table1") & (summary["method"] == "mrcca")
                   & (summary["reference_mode"] == "local")]["consistency_mean"].iloc[0]
    assert t1.loc["local", "consistency (%)"] == round(100 * mean, 1)
    assert len(fig2(summary, TINY.fig2a_d, TINY.fig2b_k).axes) == 2


def test_summary_counts_repeats_and_matches_a_hand_computed_mean():
    runs = pd.DataFrame({"experiment": "fig2a", "n_clusters": 3, "d": 2, "reference_mode": "local", "method": "mrcca",
                         "repeat": [0, 1, 2], "consistency": [0.6, 0.7, np.nan], "train_time_s": [1.0, 2.0, 3.0]})
    row = summarise_runs(runs).iloc[0]
    assert row["n_repeats"] == 2 and row["consistency_mean"] == pytest.approx(0.65)
    assert row["train_time_s_mean"] == pytest.approx(2.0) and "consistency_human_labelled_mean" not in row


def test_settings_from_the_params_section_match_the_dataclass():
    params = {"seed": 0, "n_repeats": 2, "k_grid": [2, 3], "d_grid": [2, 3], "fig2a_d": 2, "fig2b_k": 2, "table1_k": 2,
              "table1_d": 3, "human_labelled_k": 2, "human_labelled_d": 2, "single_d": 4, "n_components": 4,
              "cca_reg": 0.1, "svm_c": 1.0, "n_neighbors": 5, "train_share": TINY.train_share, "blas_threads": 1,
              "n_jobs": 1, "corpus_name": "ignored"}
    assert SweepSettings.from_params(params) == TINY
    with pytest.raises(ValueError, match="single_d"):
        SweepSettings.from_params({k: v for k, v in params.items() if k != "single_d"})


def test_results_do_not_depend_on_the_number_of_processes(toy_data):
    """Each (repeat, K) group has its own seeded generator, so a pool gives the serial numbers."""
    settings = SweepSettings(**{**TINY.__dict__, "n_repeats": 1})
    serial = run_sweeps(toy_data, settings, progress=False)
    pooled = run_sweeps(toy_data, SweepSettings(**{**settings.__dict__, "n_jobs": 2}), progress=False)
    assert pooled.attrs["n_jobs"] == 2 and serial.attrs["n_jobs"] == 1
    timing = [c for c in serial.columns if c.endswith("_s")]
    pd.testing.assert_frame_equal(serial.drop(columns=timing), pooled.drop(columns=timing))
    again = run_sweeps(toy_data, settings, progress=False)
    pd.testing.assert_frame_equal(serial.drop(columns=timing), again.drop(columns=timing))


def test_groups_cover_every_fit_once_and_n_jobs_is_bounded():
    from music_visual.papers.mrcca.runner import fit_groups, resolve_n_jobs

    settings = SweepSettings()
    grouped = [key for _, keys in fit_groups(settings) for key in keys]
    assert sorted(grouped) == sorted(settings.fits()) and all(k == key[0] for k, keys in fit_groups(settings)
                                                              for key in keys)
    assert resolve_n_jobs(8, 3) == 3 and resolve_n_jobs(1, 10) == 1 and resolve_n_jobs(0, 100) >= 1
    with pytest.raises(ValueError):
        resolve_n_jobs(-1, 3)


def test_a_failing_fit_is_recorded_not_fatal(toy_data, monkeypatch):
    import music_visual.papers.mrcca.runner as experiments

    def failing_fit(*args, **kwargs):
        raise np.linalg.LinAlgError("SVD did not converge")

    monkeypatch.setattr(experiments, "evaluate_fit", failing_fit)
    runs = run_sweeps(toy_data, SweepSettings(**{**TINY.__dict__, "n_repeats": 1}))
    fits = runs[runs["experiment"] != "reference"]
    assert fits["consistency"].isna().all() and fits["error"].str.contains("SVD").all()
