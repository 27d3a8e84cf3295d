"""S-DCCA's dataset view: the length window, named skips, folds grouped by song, the emotion songs."""

import numpy as np
import pandas as pd
import pytest

from music_visual.corpus.schema import CorpusError
from papers.sdcca.sdcca_inputs import feature_table, make_inputs
from music_visual.papers.sdcca.data import assign_folds, fold_problems, fold_splits, music_videos
from music_visual.papers.sdcca.view import build_view, load_view, save_view

SETTINGS = dict(min_seconds=10.0, max_seconds=14.0, min_audio_seconds=6, min_video_frames=2, n_folds=5,
                val_share=0.2, seed=0)


def view_of(corpus, audio, video, flags=None, **overrides):
    return build_view(corpus, "hand", feature_table(audio, flags), feature_table(video), **(SETTINGS | overrides))


def test_window_keeps_the_long_music_videos_only(inputs):
    corpus, audio, video = inputs
    view = view_of(corpus, audio, video)
    assert len(music_videos(corpus)) == 26
    assert len(view.songs) == 20 and set(view.songs["duration"]) == {12.0}
    assert view.meta["outside_window"] == 6 and view.meta["skipped"] == {}
    assert (view.songs["n_seconds"] == 12).all() and (view.songs["n_frames"] == 3).all()


def test_bad_inputs_are_named_and_counted_skips(inputs):
    corpus, audio, video = inputs
    audio = dict(audio)
    del audio["s000_audio"]                          # no audio features
    audio["s001_audio"] = audio["s001_audio"][:5]      # shorter than the chunking needs
    video = dict(video)
    video["s002_video"] = video["s002_video"][:1]    # too few frames
    del video["s004_video"]                          # no video features
    view = view_of(corpus, audio, video, flags={"s003_audio": {"silent": True}})
    reasons = dict(zip(view.skips["song_id"], view.skips["reason"]))
    assert reasons == {"s000": "no_audio_features", "s001": "audio_too_short", "s002": "too_few_frames",
                       "s003": "audio_flagged", "s004": "no_video_features"}
    assert len(view.songs) == 15 and not set(reasons) & set(view.songs["song_id"])
    assert view.meta["skipped"] == {r: 1 for r in reasons.values()}


def test_folds_are_grouped_by_song_and_every_song_is_tested_once(inputs):
    view = view_of(*inputs)
    tests = view.splits[view.splits["role"] == "test"]
    assert tests["song_id"].is_unique and set(tests["song_id"]) == set(view.songs["song_id"])
    for fold in range(5):
        part = view.splits[view.splits["fold"] == fold]
        assert part["song_id"].is_unique and set(part["song_id"]) == set(view.songs["song_id"])
        assert (part["role"] == "val").sum() >= 2
        roles = view.roles(fold)
        assert list(roles[view.songs["fold"] == fold].unique()) == ["test"]
    assert fold_problems(view.splits, view.songs["song_id"]) == []
    counts = pd.crosstab(view.songs["emotion10"], view.songs["fold"])
    assert (counts == 1).all().all()  # 5 songs per label, stratified: one per fold


def test_fold_problems_catches_a_song_tested_twice(inputs):
    view = view_of(*inputs)
    broken = view.splits.copy()
    row = broken.index[(broken["fold"] == 1) & (broken["role"] != "test")][0]
    song = broken.loc[row, "song_id"]
    broken.loc[row, "role"] = "test"
    assert any("more than one fold's test set" in p for p in fold_problems(broken, view.songs["song_id"]))
    assert any("no role" in p for p in fold_problems(broken[broken["song_id"] != song], view.songs["song_id"]))


def test_emotion_songs_lie_outside_the_retrieval_songs(inputs):
    view = view_of(*inputs)
    assert len(view.emotion_songs) == 12  # 6 short music videos + 6 standalone songs
    assert not set(view.emotion_songs["song_id"]) & set(view.songs["song_id"])
    assert set(view.emotion_songs["split"]) == {"train", "val"}


def test_sparse_classes_are_counted_and_too_few_songs_is_an_error():
    corpus, audio, video = make_inputs(n_long=12)
    view = build_view(corpus, "hand", feature_table(audio), feature_table(video), **SETTINGS)
    assert set(view.meta["classes_below_n_folds"]) == {"angry", "calm", "happy", "tender"}  # 3 songs each < 5 folds
    corpus, audio, video = make_inputs(n_long=6)
    with pytest.raises(CorpusError, match="cannot fill 5 folds"):
        build_view(corpus, "hand", feature_table(audio), feature_table(video), **SETTINGS)


def test_folds_are_deterministic_and_change_with_the_seed(inputs):
    corpus, audio, video = inputs
    songs = view_of(corpus, audio, video).songs
    a, _ = assign_folds(songs, 5, seed=0)
    b, _ = assign_folds(songs, 5, seed=0)
    c, _ = assign_folds(songs, 5, seed=3)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert fold_splits(songs.assign(fold=a), 5, 0.2, 0).equals(fold_splits(songs.assign(fold=a), 5, 0.2, 0))


def test_view_round_trip(tmp_path, inputs):
    view = view_of(*inputs)
    loaded = load_view(save_view(view, tmp_path))
    assert loaded.songs.equals(view.songs) and loaded.splits.equals(view.splits) and loaded.meta == view.meta
    with pytest.raises(FileNotFoundError, match="01_data"):
        load_view(tmp_path / "missing")
