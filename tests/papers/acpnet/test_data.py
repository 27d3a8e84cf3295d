"""The dataset view: every labelled image and music segment, named skips, no leakage across splits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from music_visual.corpus.schema import Corpus, CorpusError, empty_table, normalise_table
from music_visual.features.store import FeatureTable
from music_visual.papers.acpnet.data import acpnet_view, leakage_problems, load_view, save_view, segment_bounds


def item(item_id, kind, split, song_id, affect3="", emotion8="", duration=np.nan):
    return {"item_id": item_id, "kind": kind, "format": "jpg" if kind == "image" else "flac", "path": f"{item_id}.x",
            "duration": duration, "split": split, "song_id": song_id, "source": "test", "affect3": affect3,
            "emotion8": emotion8, "emotion10": "", "genre": "", "topic": ""}


def table(ids, flags=None, rows=None, failures=(), family="fam", params=None):
    rows = rows or [1] * len(ids)
    stop = np.cumsum(rows)
    index = pd.DataFrame({"item_id": ids, "start": stop - np.array(rows), "stop": stop})
    for name, values in (flags or {}).items():
        index[name] = values
    return FeatureTable(index, np.zeros((int(stop[-1]) if len(ids) else 0, 4), np.float32),
                        {"family": family, "params": params or {}},
                        pd.DataFrame(list(failures), columns=["item_id", "reason"]))


@pytest.fixture()
def corpus():
    rows = []
    for split, unit in (("train", "s1"), ("train", "s2"), ("val", "s3"), ("test", "s4")):
        rows.append(item(f"{unit}_audio", "audio", split, unit, "negative", "sadness", 30.0))
        rows += [item(f"{unit}_img{k}", "image", split, unit, "negative", "sadness") for k in range(2)]
    rows.append(item("m9_audio", "audio", "train", "m9", "positive", "awe", 130.0))   # 2 segments of 60 s
    rows.append(item("m8_audio", "audio", "val", "m8", "neutral", "contentment", 40.0))
    rows.append(item("m7_audio", "audio", "test", "m7", "positive", "awe", 30.0))
    rows.append(item("i1_image", "image", "train", "", "", "awe"))                     # affect3 from emotion8
    rows.append(item("i2_image", "image", "val", "", "", ""))                          # no label: skip
    rows.append(item("i3_image", "image", "test", "", "positive", "amusement"))
    rows.append(item("i4_image", "image", "test", "", "negative", "anger"))            # blank: skip
    rows.append(item("i5_image", "image", "train", "", "negative", "fear"))            # not decoded: skip
    rows.append(item("m6_audio", "audio", "train", "m6", "negative", "fear", 30.0))    # silent: skip
    rows.append(item("m5_audio", "audio", "train", "m5", "negative", "fear", 0.5))     # too short: skip
    rows.append(item("m4_audio", "audio", "val", "m4", "", "", 30.0))                  # no label: skip
    items = normalise_table(pd.DataFrame(rows), "items")
    return Corpus(Path("."), items, empty_table("pairs"), empty_table("annotations"), {"source": "test"})


def features(corpus):
    images = corpus.items[corpus.items["kind"] == "image"]["item_id"].tolist()
    images.remove("i5_image")
    image_table = table(images, {"blank": [i == "i4_image" for i in images], "tiny": [False] * len(images)},
                        failures=[("i5_image", "decode error")], family="cnn_images")
    audio = corpus.items[corpus.items["kind"] == "audio"]["item_id"].tolist()
    music_table = table(audio, {"silent": [a == "m6_audio" for a in audio]},
                        rows=[2 if a == "m9_audio" else 1 for a in audio], family="acpnet_audio",
                        params={"segment_s": 60.0})
    return image_table, music_table


def test_every_labelled_item_and_named_skips(corpus):
    view = acpnet_view(corpus, "t", *features(corpus), min_song_seconds=1.0)
    skipped = dict(zip(view.skipped["source_id"], view.skipped["reason"]))
    assert skipped == {"i2_image": "no_emotion_label", "i4_image": "blank_image", "i5_image": "feature_failed",
                       "m6_audio": "silent_audio", "m5_audio": "too_short", "m4_audio": "no_emotion_label"}
    images = view.items[view.items["modality"] == "image"]
    assert len(images) == 8 + 2  # the music videos' key frames and the standalone images
    assert images.set_index("item_id").loc["i1_image", "affect3"] == "positive"  # Table 1: awe -> positive
    music = view.items[view.items["modality"] == "music"]
    assert sorted(music[music["source_id"] == "m9_audio"]["item_id"]) == ["m9_audio#0", "m9_audio#1"]
    assert set(music["source_id"]) == {"s1_audio", "s2_audio", "s3_audio", "s4_audio", "m9_audio", "m8_audio", "m7_audio"}
    assert view.meta["n_skipped"] == 6 and view.skip_counts()["image: blank_image"] == 1


def test_segments_of_short_and_long_songs():
    assert segment_bounds(30.0, 1) == [(0.0, 30.0)]
    assert segment_bounds(130.0, 2) == [(0.0, 60.0), (60.0, 120.0)]


def test_leakage_is_refused(corpus):
    image_table, music_table = features(corpus)
    items = corpus.items.copy()
    items.loc[items["item_id"] == "s1_img1", "split"] = "test"  # one key frame of s1 in another split
    leaky = Corpus(corpus.root, items, corpus.pairs, corpus.annotations, corpus.manifest)
    with pytest.raises(CorpusError, match="unit values in more than one split"):
        acpnet_view(leaky, "t", image_table, music_table)
    frame = pd.DataFrame({"item_id": ["a", "a"], "source_id": ["a", "a"], "unit": ["u", "u"], "split": ["train", "test"]})
    assert any("appear twice" in p for p in leakage_problems(frame))


def test_view_round_trip(corpus, tmp_path):
    view = acpnet_view(corpus, "t", *features(corpus))
    save_view(view, tmp_path, {"pairs_per_image": 2.0})
    back = load_view(tmp_path)
    pd.testing.assert_frame_equal(back.items, view.items)
    assert back.meta["pairs_per_image"] == 2.0 and len(back.skipped) == len(view.skipped)
    with pytest.raises(FileNotFoundError, match="01_data"):
        load_view(tmp_path / "missing")
