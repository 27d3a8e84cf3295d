"""Image2song's dataset view on a hand-made corpus: favourite images, named skips, D_a / D_b integrity,
galleries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from music_visual.corpus.schema import Corpus, normalise_table
from music_visual.features.store import FeatureTable
from music_visual.papers.image2song.data import galleries, image2song_view, protocol_problems

LYRIC = "the stars and the moon tonight\nplanet orbit in the sky\n"


def _note(kind, item_id="", left_id="", right_id="", value=np.nan, text=""):
    return {"kind": kind, "item_id": item_id, "left_id": left_id, "right_id": right_id, "value": value, "text": text,
            "annotator": "", "start": np.nan, "end": np.nan}


def make_corpus(root, n_songs=8, lyrics=None, n_images=None, flagged=()):
    """Songs s0..: audio, lyric, 6 images each (favourites = 10 * k), splits cycling train/train/val/test."""
    lyrics, n_images = lyrics or {}, n_images or {}
    items, pairs, notes = [], [], []
    splits = ["train", "train", "val", "test"]
    for i in range(n_songs):
        sid, split = f"s{i}", splits[i % 4]
        base = {"split": split, "song_id": sid, "source": "test", "duration": np.nan, "affect3": "", "emotion8": "",
                "emotion10": "", "genre": "", "topic": ""}
        items.append({"item_id": f"{sid}_audio", "kind": "audio", "format": "flac", "path": f"{sid}.flac", **base})
        if lyrics.get(sid, LYRIC) is not None:
            (root / f"{sid}.txt").write_text(lyrics.get(sid, LYRIC))
            items.append({"item_id": f"{sid}_lyric", "kind": "lyric", "format": "txt", "path": f"{sid}.txt", **base})
            pairs.append({"left_id": f"{sid}_audio", "right_id": f"{sid}_lyric", "role": "song_lyric", "song_id": sid,
                          "split": split})
        for k in range(n_images.get(sid, 6)):
            iid = f"{sid}_img{k}"
            items.append({"item_id": iid, "kind": "image", "format": "jpg", "path": f"{iid}.jpg", **base})
            pairs.append({"left_id": f"{sid}_audio", "right_id": iid, "role": "song_image", "song_id": sid, "split": split})
            notes.append(_note("favourites", left_id=f"{sid}_audio", right_id=iid, value=10.0 * k))
        if i == 0:
            notes.append(_note("mood", item_id=f"{sid}_audio", text="happy"))
    items = normalise_table(pd.DataFrame(items), "items")
    image_ids = items.loc[items["kind"] == "image", "item_id"].tolist()
    features = FeatureTable(index=pd.DataFrame({"item_id": image_ids, "start": range(len(image_ids)),
                                                "stop": range(1, len(image_ids) + 1),
                                                "blank": [i in flagged for i in image_ids]}),
                            values=np.ones((len(image_ids), 1023), np.float32), meta={"family": "cnn_images"})
    corpus = Corpus(root=root, items=items, pairs=normalise_table(pd.DataFrame(pairs), "pairs"),
                    annotations=normalise_table(pd.DataFrame(notes), "annotations"), manifest={"source": "test"})
    return corpus, features


def test_view_keeps_the_five_favourite_images_and_checks_the_protocols(tmp_path):
    corpus, features = make_corpus(tmp_path)
    view = image2song_view(corpus, "t", features, 5, seed=0)
    assert len(view.triplets) == 8 * 5
    assert set(view.triplets["image_id"].str[-1]) == {"1", "2", "3", "4", "5"}  # img0 has the fewest favourites
    assert view.triplets.groupby("song_id")["rank"].apply(list).iloc[0] == [0, 1, 2, 3, 4]
    assert protocol_problems(view.triplets, 5) == []
    t = view.triplets
    # D_a: no test song in training; D_b: every song with four training images, the held-out one val or test
    assert not set(t.loc[t["da"] == "test", "song_id"]) & set(t.loc[t["da"] == "train", "song_id"])
    assert (t[t["db"] == "train"].groupby("song_id").size() == 4).all()
    held = t[t["db"] != "train"]
    assert held["song_id"].is_unique and len(held) == 8
    assert set(held.loc[held["split"] == "val", "db"]) == {"val"} and set(held.loc[held["split"] != "val", "db"]) == {"test"}
    assert view.meta["songs_with_mood"] == 1


def test_bad_inputs_are_named_skips(tmp_path):
    lyrics = {"s1": None, "s2": "   \n the and of \n", "s3": "zzqxv qqzzv\n"}
    corpus, features = make_corpus(tmp_path, lyrics=lyrics, n_images={"s4": 4},
                                   flagged=("s5_img1", "s5_img2"))
    view = image2song_view(corpus, "t", features, 5, seed=0)
    reasons = view.skipped.groupby("reason")["song_id"].agg(lambda s: sorted(set(s))).to_dict()
    assert reasons["no_lyric"] == ["s1"]
    assert reasons["empty_lyric"] == ["s2"]
    assert reasons["no_vocabulary_word"] == ["s3"]
    assert reasons["too_few_images"] == ["s4", "s5"]
    assert reasons["image_flagged"] == ["s5"]
    assert set(view.triplets["song_id"]) == {"s0", "s6", "s7"}
    assert protocol_problems(view.triplets, 5) == []


def test_protocol_problems_catch_leaks(tmp_path):
    corpus, features = make_corpus(tmp_path)
    t = image2song_view(corpus, "t", features, 5, seed=0).triplets.copy()
    test_song = t.loc[t["da"] == "test", "song_id"].iloc[0]
    t.loc[(t["song_id"] == test_song) & (t["rank"] == 0), "da"] = "train"
    t.loc[t.index[0], "db"] = "test" if t.loc[t.index[0], "db"] == "train" else "train"
    problems = " | ".join(protocol_problems(t, 5))
    assert "D_a" in problems and "D_b" in problems


def test_galleries_are_disjoint_and_near_equal():
    parts = galleries([f"s{i}" for i in range(250)], 100, seed=1)
    assert [len(p) for p in parts] == [125, 125]
    assert len(set(np.concatenate(parts))) == 250
    assert [len(p) for p in galleries(["a", "b", "c"], 100, 0)] == [3]
