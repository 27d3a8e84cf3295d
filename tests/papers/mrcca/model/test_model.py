"""fit_mrcca / score_pairs end to end on a planted world, and the API's bookkeeping."""

import numpy as np
import pytest

from music_visual.papers.mrcca.model import (METHODS, MrccaConfig, fit_mrcca, score_pairs, score_pairs_all_methods,
                                       training_time_s)

ANNOTATOR_WEIGHTS = [0.0, 0.0, 0.0, 1.0]  # annotators only look at the least correlated factor


def consistency(model, preferences):
    """Share of preference pairs whose preferred pair scores higher, per method."""
    preferred = score_pairs_all_methods(model, preferences.preferred_music, preferences.preferred_images)
    other = score_pairs_all_methods(model, preferences.other_music, preferences.other_images)
    return {method: float(np.mean(preferred[method] > other[method])) for method in METHODS}


def split_world(world, seed, n_train=1200, n_test=800):
    """Training pairs, their annotated preferences, and held-out preferences."""
    rng = np.random.default_rng(seed)
    music, images, f, g = world.make(rng, n_train + n_test)
    tr, te = slice(0, n_train), slice(n_train, None)
    train_prefs = world.annotate(rng, music[tr], images[tr], f[tr], g[tr], ANNOTATOR_WEIGHTS)
    test_prefs = world.annotate(rng, music[te], images[te], f[te], g[te], ANNOTATOR_WEIGHTS)
    return music[tr], images[tr], train_prefs, test_prefs


def fit_world(world, seed, config, **split):
    music, images, train_prefs, test_prefs = split_world(world, seed, **split)
    model = fit_mrcca(music, images, train_prefs, world.music_types, world.image_types, config,
                      np.random.default_rng(seed + 1000))
    return model, test_prefs


def test_rcca_beats_cca_on_held_out_preferences_because_of_the_planted_weighting(world):
    gains = []
    for seed in range(3):
        model, test_prefs = fit_world(world, seed, MrccaConfig(n_clusters=1, n_components=16))
        rates = consistency(model, test_prefs)
        gains.append(rates["cr-cca"] - rates["c-cca"])
        assert rates["c-cca"] > 0.55  # plain CCA is above chance, too
    assert min(gains) > 0.05 and np.mean(gains) > 0.1, gains


def test_clustered_methods_run_and_rank_above_chance(world):
    model, test_prefs = fit_world(world, 0, MrccaConfig(n_clusters=3, n_components=16))
    rates = consistency(model, test_prefs)
    assert rates["cr-cca"] > rates["c-cca"] and min(rates.values()) > 0.55, rates
    assert len(model.dtrts) == 3 and len(set(map(id, model.dtrts))) == 3
    sizes = np.bincount(model.labels)
    assert [d.n_references for d in model.dtrts] == [round(n / 6) for n in sizes]  # 1/d = 1/6 per cluster


def test_global_references_are_one_set_of_one_dth_of_the_training_set(world):
    music, images, prefs, _ = split_world(world, 1, n_train=600, n_test=10)
    labels = np.arange(600) % 3
    config = MrccaConfig(n_clusters=3, reference_mode="global", reference_fraction=0.1, n_components=8)
    model = fit_mrcca(music, images, prefs, world.music_types, world.image_types, config,
                      np.random.default_rng(0), cluster_labels=labels)
    assert len(set(map(id, model.dtrts))) == 1 and model.dtrts[0].n_references == 60
    np.testing.assert_array_equal(model.labels, labels)
    assert np.all(np.isfinite(score_pairs(model, music[:5], images[:5])))


def test_timings_are_returned_per_stage_and_per_method(world):
    model, _ = fit_world(world, 2, MrccaConfig(n_clusters=2, n_components=8), n_train=400, n_test=10)
    assert set(model.timings_s) == {"clustering", "dtrt", "cca", "ranking"}
    assert all(t >= 0 for t in model.timings_s.values())
    assert training_time_s(model, "c-cca") == training_time_s(model, "m-cca")
    ranking = model.timings_s["ranking"]
    assert training_time_s(model, "mr-cca") == pytest.approx(training_time_s(model, "c-cca") + ranking)


def test_one_cluster_or_a_tiny_sigma_makes_the_softmax_the_nearest_cluster(world):
    model, prefs = fit_world(world, 3, MrccaConfig(n_clusters=1, n_components=8), n_train=400, n_test=50)
    scores = score_pairs_all_methods(model, prefs.preferred_music, prefs.preferred_images)
    np.testing.assert_allclose(scores["mr-cca"], scores["cr-cca"])
    model, prefs = fit_world(world, 3, MrccaConfig(n_clusters=3, n_components=8, softmax_sigma=1e-4),
                             n_train=400, n_test=50)
    scores = score_pairs_all_methods(model, prefs.preferred_music, prefs.preferred_images)
    np.testing.assert_allclose(scores["mr-cca"], scores["cr-cca"])
    np.testing.assert_allclose(score_pairs(model, prefs.preferred_music, prefs.preferred_images, "m-cca"),
                               scores["m-cca"])


def test_same_seed_same_scores_and_pair_centre_space(world):
    config = MrccaConfig(n_clusters=2, n_components=8, centre_space="pair", combine="concatenate")
    first, prefs = fit_world(world, 4, config, n_train=400, n_test=50)
    second, _ = fit_world(world, 4, config, n_train=400, n_test=50)
    a = score_pairs(first, prefs.preferred_music, prefs.preferred_images)
    np.testing.assert_array_equal(a, score_pairs(second, prefs.preferred_music, prefs.preferred_images))
    assert first.centres.shape == (2, 7 + 8)
    with pytest.raises(ValueError):
        score_pairs(first, prefs.preferred_music, prefs.preferred_images, method="cca")
    with pytest.raises(ValueError):
        MrccaConfig(reference_mode="nearby")
    music, images = prefs.preferred_music, prefs.preferred_images
    with pytest.raises(ValueError, match="needs >= 3"):
        fit_mrcca(music, images, prefs, world.music_types, world.image_types, MrccaConfig(n_clusters=2),
                  np.random.default_rng(0), cluster_labels=np.r_[np.zeros(48, int), 1, 1])
