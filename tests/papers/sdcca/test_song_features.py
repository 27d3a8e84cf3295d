"""02_features' per-song outputs: the attention table, attention vs intensity, the files."""

import numpy as np
import pandas as pd
import pytest

from music_visual.papers.sdcca.song_features import (SongFeatures, attention_table, attention_vs_intensity,
                                                     load_song_features, save_song_features)

SECTIONS = pd.DataFrame({"item_id": ["a_audio"] * 3, "start": [0.0, 3.0, 9.0], "end": [3.0, 9.0, 12.0],
                         "value": [0.35, 1.0, 0.45], "text": ["intro", "chorus", "outro"]})


def test_attention_table_carries_weights_intensity_and_sections():
    table = attention_table(["a"], [np.array([0.1, 0.5, 0.3, 0.1])], SECTIONS, ["a_audio"], [12], 3)
    assert table["section"].tolist() == ["intro", "chorus", "chorus", "outro"]
    np.testing.assert_allclose(table["intensity"], [0.35, 1.0, 1.0, 0.45])
    relation = attention_vs_intensity(table)
    assert relation["top_in_loudest"] == 1.0 and relation["loudest_share"] == 0.5
    assert relation["mean_spearman"] == pytest.approx(pd.Series([0.1, 0.5, 0.3, 0.1]).corr(
        pd.Series([0.35, 1.0, 1.0, 0.45]), method="spearman"))


def test_songs_without_intensity_contrast_are_counted_out():
    flat = SECTIONS.assign(value=0.5)
    table = attention_table(["a"], [np.array([0.1, 0.5, 0.3, 0.1])], flat, ["a_audio"], [12], 3)
    relation = attention_vs_intensity(table)
    assert relation["songs_without_contrast"] == 1 and relation["spearman"] == []


def test_round_trip(tmp_path):
    features = SongFeatures({"mean": np.ones((2, 3), np.float32)},
                            pd.DataFrame({"song_id": ["a", "b"], "cluster": [3, 1]}),
                            pd.DataFrame({"song": [0], "key": ["attention_1_3"], "chunks": [[2]]}),
                            pd.DataFrame({"song_id": ["a"], "weight": [1.0]}), {"seed": 0})
    loaded = load_song_features(save_song_features(features, tmp_path))
    assert loaded.selections["chunks"].tolist() == [[2]] and loaded.cluster_ids(["b", "a"]).tolist() == [1, 3]
    with pytest.raises(FileNotFoundError, match="02_features"):
        load_song_features(tmp_path / "none")
