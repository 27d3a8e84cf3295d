"""The structure knobs (corpus.world.structure) and the three oracles that measure what each knob adds."""

from dataclasses import asdict

import numpy as np
import pandas as pd
import pytest
from scipy.special import ndtr

from music_visual.corpus import oracle_similarity
from music_visual.corpus.baseline import retrieval_summary
from music_visual.corpus.schema import Corpus, empty_table, normalise_table
from music_visual.corpus.world import structure as st
from music_visual.corpus.world.latents import Difficulty, sample_units
from music_visual.corpus.world.text import content_gaps, preference_rows, preference_trials


def test_visual_affect_by_hand():
    rule = st.Structure(locality=1.0, nonlinearity=1.0)
    out = st.visual_affect([0.6, 0.6, -0.6, 0.3], [0.2, 0.2, 0.5, 0.4], ["classical", "rock", "classical", "folk"],
                           rule)
    assert np.allclose(out[0], [0.6, 0.2, 0.0])  # classical, positive valence: the plain rule
    assert np.allclose(out[1], [-0.6, 0.0, -0.2])  # rock turns by 180 degrees: (-0.6, -0.2), then v' < 0 -> motion
    assert np.allclose(out[2], [-0.6, 0.0, 0.5])  # negative valence: arousal shown by motion only
    assert np.allclose(out[3], [-0.4, 0.0, 0.3])  # folk turns by 90 degrees: (-0.4, 0.3), v' < 0
    half = st.visual_affect([-0.6], [0.5], ["classical"], st.Structure(locality=0.0, nonlinearity=0.5))
    assert np.allclose(half[0], [-0.6, 0.5 * np.cos(np.pi / 4), 0.5 * np.sin(np.pi / 4)])


def test_locality_zero_is_one_global_rule_and_the_rule_is_an_isometry():
    rng = np.random.default_rng(0)
    v, a = rng.uniform(-0.7, 0.7, 200), rng.uniform(-0.7, 0.7, 200)
    for nonlinearity in (0.0, 0.4, 1.0):
        rule = st.Structure(locality=0.0, nonlinearity=nonlinearity)
        shown = [st.visual_affect(v, a, np.full(200, g), rule) for g in st.GENRE_TURNS]
        assert all(np.allclose(s, shown[0]) for s in shown)
        assert np.allclose(np.linalg.norm(shown[0], axis=1), np.hypot(v, a))
    assert np.allclose(st.visual_affect(v, a, np.full(200, "rock"), st.IDENTITY)[:, :2], np.column_stack([v, a]))


def test_prior_variance_matches_the_disk():
    rng = np.random.default_rng(1)
    radius, angle = np.sqrt(rng.random(200_000)), rng.random(200_000) * 2 * np.pi
    for rule in (st.Structure(0.3, 0.0), st.Structure(0.5, 0.6), st.Structure(1.0, 1.0)):
        genres = rng.choice(list(st.GENRE_TURNS), 200_000)
        shown = st.visual_affect(radius * np.cos(angle), radius * np.sin(angle), genres, rule)
        assert np.allclose(shown.var(axis=0), st.prior_variance(rule), atol=4e-3)


def test_structure_rejects_bad_knobs():
    with pytest.raises(ValueError, match="locality"):
        st.Structure(locality=1.5)
    with pytest.raises(ValueError, match="annotators"):
        st.Structure(annotators="crowd")
    assert st.structure_of({}) == st.IDENTITY
    assert st.structure_of({"world_params": {"structure": asdict(st.Structure(0.2, 0.3))}}) == st.Structure(0.2, 0.3)


def test_calibrate_noise_by_hand():
    gaps = np.full(100, 0.5)
    tau = st.calibrate_noise(gaps, 0.8)
    assert tau == pytest.approx(0.5 / 0.8416212335729143, rel=1e-6)  # Phi(0.5 / tau) = 0.8
    mixed = np.r_[np.zeros(10), np.full(90, 2.0)]
    assert np.mean(ndtr(mixed / st.calibrate_noise(mixed, 0.9))) == pytest.approx(0.9, abs=1e-6)
    with pytest.raises(ValueError, match="cannot reach"):
        st.calibrate_noise(mixed, 0.96)  # at most 0.9 + 0.1 / 2


def _world(locality, nonlinearity, n=2000, seed=0):
    """The latents and pairs of a generated world without its media (fast): music and video of each unit."""
    rule, d = st.Structure(locality=locality, nonlinearity=nonlinearity), Difficulty()
    u = sample_units(n, 0, 0, 30.0, 0.1, 72.0, 10, d, np.random.default_rng(seed), rule)
    music = pd.DataFrame({"item_id": u["unit_id"] + "_audio", "song_id": u["unit_id"], "modality": "music",
                          "valence": u["v_music"], "arousal": u["a_music"], "motion": np.nan, "genre": u["genre"],
                          "topic": "", "noise": d.music_noise, "genre_fidelity": 1.0})
    video = pd.DataFrame({"item_id": u["unit_id"] + "_video", "song_id": u["unit_id"], "modality": "visual",
                          "valence": u["x_visual"], "arousal": u["y_visual"], "motion": u["m_visual"],
                          "genre": u["style_genre"], "topic": u["topic"], "noise": d.visual_noise,
                          "genre_fidelity": d.style_fidelity})
    pairs = pd.DataFrame({"left_id": music["item_id"], "right_id": video["item_id"], "role": "music_video",
                          "song_id": u["unit_id"], "split": u["split"]})
    corpus = Corpus(root=None, items=empty_table("items"), pairs=normalise_table(pairs, "pairs"),
                    annotations=empty_table("annotations"), manifest={"world_params": {"structure": asdict(rule)}},
                    latents=normalise_table(pd.concat([music, video]), "latents"))
    return corpus, pairs[pairs["split"] == "test"], u


def _recall_at_10(locality, nonlinearity):
    corpus, test, _ = _world(locality, nonlinearity)
    return {kind: retrieval_summary(oracle_similarity(corpus, test["left_id"], test["right_id"], kind))["recall_at_10"]
            for kind in ("full", "per_genre", "global_linear")}


def test_locality_one_makes_per_genre_maps_beat_the_global_one():
    plain, local = _recall_at_10(0.0, 0.0), _recall_at_10(1.0, 0.0)
    assert abs(plain["per_genre"] - plain["global_linear"]) < 0.03  # one global rule: nothing local to find
    assert local["per_genre"] > local["global_linear"] + 0.1
    assert local["global_linear"] < plain["global_linear"] - 0.1
    assert abs(local["full"] - plain["full"]) < 0.05


def test_nonlinearity_changes_the_global_linear_oracle_not_the_full_one():
    linear, bent = _recall_at_10(0.0, 0.0), _recall_at_10(0.0, 1.0)
    assert bent["global_linear"] < linear["global_linear"] - 0.04
    assert abs(bent["full"] - linear["full"]) < 0.03
    assert bent["full"] > bent["per_genre"] + 0.04


def test_default_structure_orders_the_oracles():
    default = _recall_at_10(st.Structure().locality, st.Structure().nonlinearity)
    assert default["full"] > default["per_genre"] + 0.04 > default["global_linear"] + 0.08


def test_content_annotators_follow_content_at_the_configured_rate():
    _, _, units = _world(0.5, 1.0, n=3000)
    videos = units.loc[:, ["unit_id", "split", "valence", "arousal", "genre"]]
    rows = pd.DataFrame(preference_rows(videos, 0.892, 3, np.random.default_rng(0), st.Structure()))
    trials = preference_trials(videos, np.random.default_rng(0))
    own_left = rows["left_id"].str[:6].to_numpy() == rows["item_id"].str[:6].to_numpy()
    picks_true = (rows["value"].to_numpy() == 1.0) == own_left
    assert picks_true.mean() == pytest.approx(0.892, abs=0.01)
    gaps = np.repeat(content_gaps(videos, trials, st.Structure()), 3)
    hard, easy = gaps < np.quantile(gaps, 0.25), gaps > np.quantile(gaps, 0.75)
    assert picks_true[easy].mean() > 0.99 and picks_true[hard].mean() < 0.75  # look-alike songs split annotators
    fixed = pd.DataFrame(preference_rows(videos, 0.892, 3, np.random.default_rng(0), st.Structure(annotators="fixed")))
    fixed_true = (fixed["value"].to_numpy() == 1.0) == (fixed["left_id"].str[:6] == fixed["item_id"].str[:6]).to_numpy()
    assert abs(fixed_true[hard].mean() - fixed_true[easy].mean()) < 0.04
