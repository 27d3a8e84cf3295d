import numpy as np
import pandas as pd

from music_visual.corpus.world import text
from music_visual.corpus.world.catalog import MOOD_WORDS, TOPICS


def test_preference_rate_matches_agreement():
    videos = pd.DataFrame({"unit_id": [f"s{i:05d}" for i in range(1000)], "split": "train"})
    rows = pd.DataFrame(text.preference_rows(videos, agreement=0.892, annotators=3, rng=np.random.default_rng(0)))
    true_left = rows["left_id"].str[:6] == rows["item_id"].str[:6]
    chose_true = (rows["value"] == 1.0) == true_left
    assert abs(chose_true.mean() - 0.892) < 0.02
    assert 0.4 < true_left.mean() < 0.6  # the true song is not always on one side
    assert (rows["left_id"] != rows["right_id"]).all()


def test_lyric_uses_topic_and_mood_words():
    lyric = text.make_lyric("space", "negative", np.random.default_rng(1)).split()
    assert any(w in TOPICS["space"]["words"] for w in lyric)
    assert any(w in MOOD_WORDS["negative"] for w in lyric)
    assert not any(w in MOOD_WORDS["positive"] for w in lyric)


def test_moods_for_a_share_of_songs():
    songs = pd.DataFrame({"unit_id": [f"s{i}" for i in range(2000)], "emotion10": "calm"})
    rows = text.mood_rows(songs, 0.186, np.random.default_rng(2))
    assert abs(len(rows) / 2000 - 0.186) < 0.03


def test_on_topic_frames_get_more_favourites():
    rows = pd.DataFrame(text.favourite_rows({f"s{i}": [True, False] for i in range(500)}, np.random.default_rng(3)))
    on = rows["right_id"].str.endswith("img0")
    assert rows.loc[on, "value"].median() > rows.loc[~on, "value"].median()
    assert (rows["value"] >= 1).all()
