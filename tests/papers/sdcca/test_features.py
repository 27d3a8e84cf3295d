"""Per-fold inputs: transforms fitted on training songs only, max pooling, aligned queries."""

import numpy as np
import pandas as pd
import pytest

from music_visual.features.scaling import Standardiser as Scaler
from music_visual.features.visual_aggregate import PcaWhitening
from music_visual.papers.sdcca.features import fold_inputs, video_level


def songs_and_inputs(n=12, seed=0):
    rng = np.random.default_rng(seed)
    songs = pd.DataFrame({"song_id": [f"s{i}" for i in range(n)], "music_id": [f"s{i}_audio" for i in range(n)],
                          "video_id": [f"s{i}_video" for i in range(n)], "emotion10": ["calm"] * n})
    audio = [rng.normal(size=(9, 4)) for _ in range(n)]
    video = [rng.normal(size=(3, 6)) for _ in range(n)]
    queries = {"mean": np.stack([a.mean(axis=0) for a in audio]), "attention_1_3": np.stack([a[:3].mean(axis=0) for a in audio])}
    roles = pd.Series(["train"] * 7 + ["val"] * 2 + ["test"] * 3)
    return songs, roles, np.arange(n) % 3, queries, audio, video


def test_shapes_roles_and_that_test_songs_do_not_move_the_fit():
    songs, roles, clusters, queries, audio, video = songs_and_inputs()
    data = fold_inputs(1, roles, songs, clusters, queries, audio, video, 3, 4)
    assert data.sizes == {"train": 7, "val": 2, "test": 3} and data.train_audio.shape == (7, 3)
    assert data.test_video.shape == (3, 4) and set(data.test_queries) == {"mean", "attention_1_3"}
    np.testing.assert_allclose(data.train_audio.mean(axis=0), 0, atol=1e-6)  # standardised on training songs
    assert list(data.test_ids["song_id"]) == ["s9", "s10", "s11"] and list(data.test_clusters) == [0, 1, 2]
    moved = [v + (100 if i >= 9 else 0) for i, v in enumerate(video)]
    other = fold_inputs(1, roles, songs, clusters, queries, audio, moved, 3, 4)
    np.testing.assert_array_equal(other.train_video, data.train_video)
    assert not np.allclose(other.test_video, data.test_video)


def test_video_level_is_the_max_over_whitened_frames():
    rng = np.random.default_rng(1)
    frames = [rng.normal(size=(4, 3)) for _ in range(5)]
    whitening = PcaWhitening.fit(np.concatenate(frames), 3)
    np.testing.assert_allclose(video_level(whitening, frames)[2], whitening.transform(frames[2]).max(axis=0))


def test_scaler_and_alignment_errors():
    scaler = Scaler.fit(np.array([[1.0, 5.0], [3.0, 5.0]]))
    np.testing.assert_allclose(scaler(np.array([[2.0, 6.0]])), [[0.0, 1.0]])
    songs, roles, clusters, queries, audio, video = songs_and_inputs()
    with pytest.raises(ValueError, match="aligned"):
        fold_inputs(0, roles[:5], songs, clusters, queries, audio, video, 3, 4)
