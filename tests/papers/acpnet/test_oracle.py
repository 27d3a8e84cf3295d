"""The corpus oracle: class priors, censored likelihood, calibration on draws from the generator itself."""

from __future__ import annotations

import numpy as np
import pytest

from music_visual.corpus.world.latents import Difficulty, sample_units
from music_visual.corpus.world.structure import Structure
from music_visual.papers.acpnet.oracle import (AFFECT3, censored_loglik, class_priors, image_posteriors,
                                               music_posteriors, pair_true_probability)
from music_visual.papers.acpnet.pairs import class_design

STRUCTURE = Structure(locality=0.5, nonlinearity=1.0)


@pytest.fixture(scope="module")
def units():
    return sample_units(1500, 0, 0, 30.0, 0.0, 30.0, 4, Difficulty(), np.random.default_rng(0), STRUCTURE)


def test_priors_are_the_wedges_of_the_disk():
    assert np.allclose(class_priors(), [1 / 3, 1 / 6, 1 / 2], atol=0.01)


def test_censored_coordinates_use_the_normal_tail():
    obs = np.array([[[1.0, 0.2]]])
    pred = np.array([[[0.9, 0.2], [0.0, 0.2]]])
    ll = censored_loglik(obs, pred, np.array([[[0.1]]]))
    # clipped at 1: a prediction near the bound is far more likely than one in the middle
    assert ll[0, 0, 0] > ll[0, 1, 0] and np.isclose(ll[0, 0, 1], 0.0)
    from scipy.stats import norm
    assert np.isclose(ll[0, 0, 0], np.log(norm.sf(0.1 / 0.1)))


def _check_calibration(p3, labels):
    onehot = np.stack([labels == c for c in AFFECT3], axis=1)
    assert np.allclose(p3.sum(axis=1), 1.0)
    assert np.abs(p3.mean(axis=0) - onehot.mean(axis=0)).max() < 0.04
    confident = p3.max(axis=1) > 0.8
    hit = (p3.argmax(axis=1) == onehot.argmax(axis=1))
    assert hit[confident].mean() > 0.75  # confident posteriors are mostly right


def test_music_posteriors_are_calibrated_and_beat_the_naive_wedge(units):
    p3, p8 = music_posteriors(units[["v_music", "a_music"]].to_numpy(), np.full(len(units), 0.15))
    labels = units["affect3"].to_numpy()
    _check_calibration(p3, labels)
    from music_visual.corpus.labels import affect3_of
    naive = affect3_of(units["v_music"], units["a_music"])
    assert np.mean(np.array(AFFECT3)[p3.argmax(1)] == labels) >= np.mean(naive == labels) - 0.01
    assert p8.shape == (len(units), 8) and np.allclose(p8.sum(axis=1), 1.0)


def test_image_posteriors_are_calibrated(units):
    expressed = units[["x_visual", "y_visual", "m_visual"]].to_numpy()
    p3, _ = image_posteriors(expressed, np.full(len(units), 0.35), units["style_genre"].to_numpy(),
                             np.full(len(units), 0.6), STRUCTURE)
    _check_calibration(p3, units["affect3"].to_numpy())
    # knowing the genre (fidelity 1) can only help
    p3_known, _ = image_posteriors(expressed, np.full(len(units), 0.35), units["genre"].to_numpy(),
                                   np.ones(len(units)), STRUCTURE)
    labels = units["affect3"].to_numpy()
    assert np.mean(np.array(AFFECT3)[p3_known.argmax(1)] == labels) >= np.mean(np.array(AFFECT3)[p3.argmax(1)] == labels) - 0.02


def test_pair_probability_is_calibrated_on_design_pairs(units):
    rng = np.random.default_rng(1)
    p_img, _ = image_posteriors(units[["x_visual", "y_visual", "m_visual"]].to_numpy(), np.full(len(units), 0.35),
                                units["style_genre"].to_numpy(), np.full(len(units), 0.6), STRUCTURE)
    p_mus, _ = music_posteriors(units[["v_music", "a_music"]].to_numpy(), np.full(len(units), 0.15))
    cls = np.array([AFFECT3.index(c) for c in units["affect3"]])
    design = class_design(AFFECT3, AFFECT3)
    cells = rng.choice(9, size=4000, p=design.ravel())
    image = np.array([rng.choice(np.flatnonzero(cls == c // 3)) for c in cells])
    music = np.array([rng.choice(np.flatnonzero(cls == c % 3)) for c in cells])
    label = (cells // 3 == cells % 3).astype(int)
    p = pair_true_probability(p_img[image], p_mus[music], design, class_priors())
    assert ((p >= 0) & (p <= 1)).all()
    assert abs(p.mean() - label.mean()) < 0.03
    bayes = np.mean((p > 0.5) == label)
    naive = np.mean((p_img[image].argmax(1) == p_mus[music].argmax(1)) == label)
    assert bayes >= naive - 0.01 and bayes > 0.6
