"""The MR-CCA dataset view: key-frame times, pairs, simulated comparisons, split by song."""

import numpy as np
import pandas as pd
import pytest

from music_visual.papers.mrcca.data import (PAPER_TRAIN_SHARE, boundary_hit_rate, keyframe_times, music_image_pairs,
                                         random_other_images, segment_of, simulate_comparisons, split_by_song)


def toy_corpus():
    items = pd.DataFrame({"item_id": ["a_audio", "b_audio", "a_img0", "a_img1", "b_img0"],
                          "duration": [10.0, 20.0, np.nan, np.nan, np.nan]})
    pairs = pd.DataFrame({"left_id": ["a_audio", "a_audio", "b_audio", "a_audio"],
                          "right_id": ["a_img0", "a_img1", "b_img0", "a_video"],
                          "role": ["song_image", "song_image", "song_image", "music_video"],
                          "song_id": ["a", "a", "b", "a"]})
    return items, pairs


def test_keyframes_are_evenly_spaced_and_fall_in_their_segment():
    items, pairs = toy_corpus()
    song_images = pairs[pairs["role"] == "song_image"]
    np.testing.assert_allclose(keyframe_times(song_images, items.set_index("item_id")["duration"]), [2.5, 7.5, 10.0])
    np.testing.assert_array_equal(segment_of(np.array([1.0, 4.0, 9.9, 12.0]), np.array([[0, 4], [4, 10]])), [0, 1, 1, 1])
    view = music_image_pairs(items, pairs, {"a_audio": np.array([[0.0, 5.0], [5.0, 10.0]]),
                                            "b_audio": np.array([[0.0, 20.0]])})
    assert view["segment_id"].tolist() == ["a_audio#0", "a_audio#1", "b_audio#0"]
    assert view[["segment_start", "segment_end"]].to_numpy().tolist() == [[0, 5], [5, 10], [0, 20]]
    assert len(music_image_pairs(items, pairs, {"a_audio": np.array([[0.0, 10.0]])})) == 2  # b has no bounds


def test_comparisons_use_another_song_and_the_agreement_rate():
    rng = np.random.default_rng(0)
    pairs = pd.DataFrame({"song_id": np.repeat([f"s{i}" for i in range(400)], 50), "image_id": np.arange(20000)})
    out = simulate_comparisons(pairs, rng, labelled_share=0.5, agreement=0.892, n_annotators=3)
    assert (out["other_song_id"] != out["song_id"]).all()
    assert out["labelled"].sum() == 10000 and (out.loc[~out["labelled"], "n_votes"] == 0).all()
    labelled = out[out["labelled"]]
    assert labelled["votes_true"].sum() / labelled["n_votes"].sum() == pytest.approx(0.892, abs=0.01)
    with pytest.raises(ValueError):
        random_other_images(np.array(["x", "x"]), rng)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_split_keeps_the_paper_ratio_without_song_leakage(seed):
    rng = np.random.default_rng(seed)
    segment_songs = np.repeat(np.arange(300), rng.integers(1, 9, size=300))
    train = split_by_song(segment_songs, rng)
    in_train = np.isin(segment_songs, list(train))
    assert in_train.mean() == pytest.approx(PAPER_TRAIN_SHARE, abs=0.01)
    assert PAPER_TRAIN_SHARE == pytest.approx(0.884, abs=5e-4)
    assert not set(segment_songs[in_train]) & set(segment_songs[~in_train])
    assert split_by_song(segment_songs, np.random.default_rng(seed)) == split_by_song(segment_songs, np.random.default_rng(seed))
    assert len(split_by_song(np.array([0, 0, 1]), rng, train_share=0.99)) == 1  # one song stays on each side


def test_boundary_hit_rate_matches_one_to_one():
    assert boundary_hit_rate([4.6, 14.8, 20.0], [4.5, 15.0, 25.5], tolerance=1.0) == pytest.approx((2 / 3, 2 / 3))
    assert boundary_hit_rate([4.6, 4.7], [4.5], tolerance=1.0) == (0.5, 1.0)
    assert boundary_hit_rate([], []) == (1.0, 1.0)
