"""VM-NET's dataset view on a hand-made corpus: pairs, split by song, no leakage, the gallery."""

import pandas as pd
import pytest

from music_visual.corpus.schema import Corpus, CorpusError, empty_table, normalise_table
from music_visual.papers.vmnet.data import (leakage_problems, load_view, music_video_pairs, save_view,
                                         vmnet_pairs)

SPLITS = {"s0": "train", "s1": "train", "s2": "train", "s3": "val", "s4": "test", "s5": "test", "s6": "test"}


def make_corpus(splits=SPLITS, video_split_override=None):
    items, pairs = [], []
    for song, split in splits.items():
        for kind, fmt in (("audio", "flac"), ("video", "mp4")):
            item_split = (video_split_override or {}).get(song, split) if kind == "video" else split
            items.append({"item_id": f"{song}_{kind}", "kind": kind, "format": fmt, "path": f"{kind}/{song}.{fmt}",
                          "duration": 30.0, "split": item_split, "song_id": song, "source": "world",
                          "affect3": "positive", "emotion8": "awe", "emotion10": "happy", "genre": f"g{song[-1]}",
                          "topic": "sea"})
        pairs.append({"left_id": f"{song}_audio", "right_id": f"{song}_video", "role": "music_video",
                      "song_id": song, "split": split})
    annotations = pd.DataFrame([{"kind": "mood", "item_id": "s4_audio", "left_id": "", "right_id": "", "value": 0.0,
                                 "text": "calm", "annotator": "", "start": 0.0, "end": 0.0}])
    return Corpus(root=".", items=normalise_table(pd.DataFrame(items), "items"),
                  pairs=normalise_table(pd.DataFrame(pairs), "pairs"),
                  annotations=normalise_table(annotations, "annotations"), manifest={},
                  latents=empty_table("latents"))


def test_pairs_carry_labels_and_moods():
    pairs = music_video_pairs(make_corpus())
    assert len(pairs) == 7 and set(pairs["music_id"]) == {f"s{i}_audio" for i in range(7)}
    assert pairs.set_index("song_id").loc["s4", "mood"] == "calm"
    assert pairs.set_index("song_id").loc["s0", "mood"] == ""
    assert leakage_problems(pairs) == []


def test_no_song_or_video_in_two_splits():
    view = vmnet_pairs(make_corpus(), "hand", gallery_size=1000)
    by_split = {s: set(view.split(s)["song_id"]) for s in ("train", "val", "test")}
    assert not (by_split["train"] & by_split["test"]) and not (by_split["train"] & by_split["val"])
    assert not (set(view.split("train")["video_id"]) & set(view.split("test")["video_id"]))
    assert view.counts()["pairs"].tolist() == [3, 1, 3]


def test_an_item_in_another_split_than_its_pair_is_refused():
    corpus = make_corpus(video_split_override={"s4": "train"})
    assert any("video_split" in p for p in leakage_problems(music_video_pairs(corpus)))
    with pytest.raises(CorpusError, match="leaks"):
        vmnet_pairs(corpus, "hand")


def test_a_video_shared_by_two_splits_is_leakage():
    pairs = music_video_pairs(make_corpus())
    pairs.loc[pairs["song_id"] == "s4", "video_id"] = "s0_video"
    pairs.loc[pairs["song_id"] == "s4", "video_split"] = "test"
    assert any("video_id" in p for p in leakage_problems(pairs))


def test_gallery_is_all_test_pairs_when_fewer_and_a_seeded_sample_otherwise():
    corpus = make_corpus()
    full = vmnet_pairs(corpus, "hand", gallery_size=1000)
    assert full.gallery_size == 3 and full.gallery()["song_id"].tolist() == ["s4", "s5", "s6"]
    small = [vmnet_pairs(corpus, "hand", gallery_size=2, gallery_seed=s).gallery()["song_id"].tolist()
             for s in (0, 0, 1, 2, 3)]
    assert all(len(g) == 2 for g in small) and small[0] == small[1]
    assert not vmnet_pairs(corpus, "hand", gallery_size=2).pairs.query("split != 'test'")["in_gallery"].any()
    assert full.meta["chance"] == {"recall_at_1": 1 / 3, "recall_at_10": 1.0, "recall_at_25": 1.0}


def test_chance_is_k_over_n_and_capped_at_one():
    from music_visual.study.references import recall_chance
    assert recall_chance(1000, (1, 10, 25)) == pytest.approx({1: 0.001, 10: 0.01, 25: 0.025})
    assert recall_chance(4, (10,))[10] == 1.0


def test_view_round_trip(tmp_path):
    view = vmnet_pairs(make_corpus(), "hand", gallery_size=2, gallery_seed=1)
    back = load_view(save_view(view, tmp_path / "vmnet"))
    pd.testing.assert_frame_equal(back.pairs, view.pairs)
    assert (back.corpus, back.gallery_size, back.requested_gallery_size) == ("hand", 2, 2)
    with pytest.raises(FileNotFoundError, match="01_data"):
        load_view(tmp_path / "nothing")


def test_missing_split_is_an_error():
    with pytest.raises(CorpusError, match="val"):
        vmnet_pairs(make_corpus({k: v for k, v in SPLITS.items() if v != "val"}), "hand")
