"""Pair sampling: true pairs share the class, false pairs do not, balance, no single-modality shortcut."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from music_visual.papers.acpnet.pairs import (CLASSES, EpochPairs, class_design, fixed_pairs, pair_problems,
                                              per_image_pairs, sample_pairs, split_arrays, unimodal_ceiling)


def items(n: int, shares=(1 / 3, 1 / 6, 1 / 2), split="test", prefix="i", seed=0, units=None) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    labels = rng.choice(CLASSES, size=n, p=shares)
    return pd.DataFrame({"item_id": [f"{prefix}{k}" for k in range(n)], "affect3": labels, "split": split,
                         "unit": units if units is not None else [f"{prefix}u{k}" for k in range(n)]})


def test_design_with_all_classes_is_the_balanced_one():
    design = class_design(CLASSES, CLASSES)
    assert np.allclose(np.diag(design), 1 / 6) and np.isclose(design.sum(), 1.0)
    assert np.allclose(design[~np.eye(3, dtype=bool)], 1 / 12)
    # P(true | image class) = P(true | music class) = 1/2
    assert np.allclose(np.diag(design) / design.sum(axis=1), 0.5)
    assert np.allclose(np.diag(design) / design.sum(axis=0), 0.5)


def test_design_keeps_only_fillable_cells():
    design = class_design(["negative"], ["negative", "neutral"])
    assert design[2, 2] == pytest.approx(0.5) and design[2, 1] == pytest.approx(0.5)
    assert design.sum() == pytest.approx(1.0) and (design[:2] == 0).all()
    only_true = class_design(["negative"], ["negative"])
    assert only_true[2, 2] == 1.0
    with pytest.raises(ValueError):
        class_design([], ["negative"])


def test_true_pairs_share_the_class_and_false_pairs_do_not():
    images, music = items(300, prefix="i", seed=1), items(60, prefix="m", seed=2)
    pairs = fixed_pairs(images, music, 3.0, seed=5)
    img_cls = images["affect3"].to_numpy()[pairs["image"]]
    mus_cls = music["affect3"].to_numpy()[pairs["music"]]
    assert ((img_cls == mus_cls) == (pairs["label"] == 1)).all()
    assert len(pairs) == 900 and pair_problems(pairs, images, music) == []
    assert abs(pairs["label"].mean() - 0.5) < 0.06


def test_pair_problems_catch_wrong_labels_and_mixed_splits():
    images, music = items(50, prefix="i", seed=1), items(20, prefix="m", seed=2)
    pairs = fixed_pairs(images, music, 2.0, seed=0)
    broken = pairs.copy()
    broken.loc[broken.index[broken["label"] == 1][0], "label"] = 0
    assert any("false pairs whose classes agree" in p for p in pair_problems(broken, images, music))
    other = music.copy()
    other.loc[0, "split"] = "train"
    mixed = pairs.copy()
    mixed.loc[0, "music"] = 0
    assert any("several splits" in p for p in pair_problems(mixed, images, other))


def test_no_single_modality_shortcut_unlike_the_naive_sampler():
    images, music = items(3000, prefix="i", seed=3), items(600, prefix="m", seed=4)
    ours = unimodal_ceiling(fixed_pairs(images, music, 2.0, seed=1))
    naive = unimodal_ceiling(per_image_pairs(images, music, seed=1))
    assert ours["image_class_only"] < 0.53 and ours["music_class_only"] < 0.53
    assert naive["music_class_only"] > 0.55  # the song's class alone beats chance with the naive sampler


def test_same_unit_pairs_are_avoided_when_possible():
    units = [f"u{k % 20}" for k in range(100)]
    images = items(100, prefix="i", seed=5, units=units)
    music = items(20, prefix="m", seed=6, units=[f"u{k}" for k in range(20)])
    pairs = fixed_pairs(images, music, 5.0, seed=2)
    same = images["unit"].to_numpy()[pairs["image"]] == music["unit"].to_numpy()[pairs["music"]]
    assert (same == pairs["same_unit"]).all()
    assert pairs["same_unit"].sum() == 0


def test_fixed_pairs_are_deterministic_and_epochs_differ():
    images, music = items(100, prefix="i", seed=7), items(30, prefix="m", seed=8)
    pd.testing.assert_frame_equal(fixed_pairs(images, music, 2.0, 3), fixed_pairs(images, music, 2.0, 3))
    epochs = EpochPairs(images, music, 2.0, seed=0)
    a, b = epochs.epoch(0), epochs.epoch(1)
    assert len(a) == 200 and not a.equals(b)
    pd.testing.assert_frame_equal(a, EpochPairs(images, music, 2.0, seed=0).epoch(0))


def test_no_item_in_two_splits_when_pairs_are_drawn_per_split():
    images = pd.concat([items(40, split=s, prefix=f"i{s}", seed=i) for i, s in enumerate(("train", "test"))])
    music = pd.concat([items(10, split=s, prefix=f"m{s}", seed=9 + i) for i, s in enumerate(("train", "test"))])
    for split in ("train", "test"):
        im, mu = images[images["split"] == split].reset_index(drop=True), music[music["split"] == split].reset_index(drop=True)
        pairs = sample_pairs(*split_arrays(im, mu), 100, np.random.default_rng(0))
        assert set(im["split"].to_numpy()[pairs["image"]]) == {split} == set(mu["split"].to_numpy()[pairs["music"]])
