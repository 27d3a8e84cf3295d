"""VM-NET scoring: machine GR and simulated annotators against naive loops on hand-made matrices."""

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from music_visual.papers.vmnet.eval import (annotator_agreement, chance_metrics, fit_annotator_slope,
                                                 gallery_metrics, machine_preference_for_truth, recall_curve,
                                                 simulated_preferences)

SIM = np.array([[0.9, 0.1, 0.5, 0.3],
                [0.5, 0.5, 0.5, 0.2],
                [0.2, 0.8, 0.4, 0.4],
                [0.0, 0.1, 0.2, 0.7]])


def naive_gr(sim):
    credits = []
    for q in range(len(sim)):
        for r in range(len(sim)):
            if r != q:
                credits.append(1.0 if sim[q, q] > sim[q, r] else 0.5 if sim[q, q] == sim[q, r] else 0.0)
    return float(np.mean(credits))


def test_machine_gr_matches_a_per_pair_loop_with_ties_as_halves():
    assert machine_preference_for_truth(SIM) == pytest.approx(naive_gr(SIM))
    assert machine_preference_for_truth(SIM.T) == pytest.approx(naive_gr(SIM.T))
    assert machine_preference_for_truth(np.eye(5)) == 1.0
    assert machine_preference_for_truth(np.ones((5, 5))) == 0.5
    assert machine_preference_for_truth(-np.eye(5)) == 0.0


def test_gallery_metrics_both_directions_and_small_gallery():
    m = gallery_metrics(SIM)
    assert m["music_to_video_recall_at_1"] == pytest.approx((1 + 1 / 3 + 0 + 1) / 4)  # row 1: 3-way tie at the top
    assert m["music_to_video_recall_at_10"] == 1.0 and m["video_to_music_recall_at_25"] == 1.0  # K > n: all hit
    assert m["gr"] == pytest.approx((naive_gr(SIM) + naive_gr(SIM.T)) / 2)
    perfect = gallery_metrics(np.eye(30))
    assert perfect["music_to_video_recall_at_1"] == 1.0 and perfect["video_to_music_median_rank"] == 1.0


def test_recall_curve_is_monotone_and_reaches_one():
    rng = np.random.default_rng(0)
    curve = recall_curve(rng.normal(size=(20, 20)), max_k=100)
    for _, part in curve.groupby("direction"):
        assert part["k"].max() == 20 and np.all(np.diff(part["recall"]) >= -1e-12)
        assert part["recall"].iloc[-1] == pytest.approx(1.0)


def test_chance_levels():
    c = chance_metrics(400)
    assert c["music_to_video_recall_at_10"] == 10 / 400 and c["video_to_music_median_rank"] == 200.5
    assert c["gr"] == 0.5


def naive_simulated(oracle, sim, slope):
    n = len(oracle)
    gr, gs, sr = [], [], []
    for q in range(n):
        s = [j for j in np.argsort(-sim[q], kind="stable") if j != q][0]
        gs.append(expit(slope * (oracle[q, q] - oracle[q, s])))
        for r in range(n):
            if r != q:
                gr.append(expit(slope * (oracle[q, q] - oracle[q, r])))
            if r not in (q, s):
                sr.append(expit(slope * (oracle[q, s] - oracle[q, r])))
    # GR: mean over queries of a mean over r (equal counts per query -> same as the pooled mean)
    return np.mean(gr), np.mean(gs), np.mean(sr)


def test_simulated_preferences_match_naive_loops():
    rng = np.random.default_rng(1)
    oracle, sim = rng.normal(size=(6, 6)), rng.normal(size=(6, 6))
    out = simulated_preferences(oracle, sim, slope=1.7)
    gr, gs, sr = naive_simulated(oracle, sim, 1.7)
    assert out["music_to_video_simulated_gr"] == pytest.approx(gr)
    assert out["music_to_video_simulated_gs"] == pytest.approx(gs)
    assert out["music_to_video_simulated_sr"] == pytest.approx(sr)
    gr_t, _, _ = naive_simulated(oracle.T, sim.T, 1.7)
    assert out["video_to_music_simulated_gr"] == pytest.approx(gr_t)
    assert out["simulated_gr"] == pytest.approx((gr + gr_t) / 2)


def test_an_oracle_that_always_prefers_truth_gives_gr_one_and_gs_one():
    out = simulated_preferences(10 * np.eye(4), np.ones((4, 4)), slope=1000.0)
    assert out["simulated_gr"] == pytest.approx(1.0) and out["simulated_gs"] == pytest.approx(1.0)
    assert out["simulated_sr"] == pytest.approx(0.5)


def test_annotator_slope_reproduces_the_target_agreement_or_is_capped():
    margin = np.array([-1.0, 0.5, 2.0, 3.0])
    slope = fit_annotator_slope(margin, 0.7)
    assert expit(slope * margin).mean() == pytest.approx(0.7, abs=1e-6)
    assert fit_annotator_slope(margin, 0.99) == 1e3  # out of reach: hard choices
    assert fit_annotator_slope(margin, 0.4) == 1e-6


def test_annotator_agreement_reads_which_song_was_true():
    from music_visual.corpus.schema import Corpus, empty_table, normalise_table

    items = pd.DataFrame([{"item_id": i, "kind": k, "format": "jpg" if k == "image" else "flac", "path": i,
                           "duration": 1.0, "split": "test", "song_id": s, "source": "world", "affect3": "",
                           "emotion8": "", "emotion10": "", "genre": "", "topic": ""}
                          for i, k, s in [("a_img0", "image", "a"), ("a_audio", "audio", "a"), ("b_audio", "audio", "b")]])
    ann = pd.DataFrame([{"kind": "preference", "item_id": "a_img0", "left_id": l, "right_id": r, "value": v,
                         "text": "", "annotator": "x", "start": np.nan, "end": np.nan}
                        for l, r, v in [("a_audio", "b_audio", 1.0), ("b_audio", "a_audio", 1.0),
                                        ("b_audio", "a_audio", 0.0)]])
    corpus = Corpus(root=".", items=normalise_table(items, "items"), pairs=empty_table("pairs"),
                    annotations=normalise_table(ann, "annotations"), manifest={})
    table = annotator_agreement(corpus)
    assert table["true"].tolist() == ["a_audio"] * 3 and table["other"].tolist() == ["b_audio"] * 3
    assert table["picked_true"].tolist() == [True, False, True]
