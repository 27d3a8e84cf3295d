import json

import numpy as np
import pandas as pd
import pytest
import soundfile
from PIL import Image

from music_visual.corpus import CorpusError, load_corpus, validate_corpus
from music_visual.corpus.schema import save_manifest, save_tables


def _item(item_id, kind, fmt, path, split="train", song_id="s1", duration=np.nan, **labels):
    row = {"item_id": item_id, "kind": kind, "format": fmt, "path": path, "duration": duration, "split": split,
           "song_id": song_id, "source": "test", "affect3": "", "emotion8": "", "emotion10": "", "genre": "",
           "topic": ""}
    return row | labels


def write_small_corpus(root):
    root.mkdir(parents=True, exist_ok=True)
    soundfile.write(root / "a.flac", 0.1 * np.sin(np.arange(8000) / 5.0), 8000)
    Image.new("RGB", (8, 8), (200, 10, 10)).save(root / "i.jpg")
    (root / "l.txt").write_text("star moon\n")
    items = pd.DataFrame([
        _item("a", "audio", "flac", "a.flac", duration=1.0, affect3="positive", emotion8="awe"),
        _item("i", "image", "jpg", "i.jpg"),
        _item("l", "lyric", "txt", "l.txt"),
    ])
    pairs = pd.DataFrame([{"left_id": "a", "right_id": "i", "role": "song_image", "song_id": "s1", "split": "train"},
                          {"left_id": "a", "right_id": "l", "role": "song_lyric", "song_id": "s1", "split": "train"}])
    annotations = pd.DataFrame([{"kind": "mood", "item_id": "a", "left_id": "", "right_id": "", "value": np.nan,
                                 "text": "calm", "annotator": "", "start": np.nan, "end": np.nan}])
    save_tables(root, {"items": items, "pairs": pairs, "annotations": annotations})
    save_manifest(root, {"source": "test", "schema_version": 1, "params": {}, "seed": 0,
                         "counts": {"items": {"audio": 1, "image": 1, "lyric": 1}}})
    return root


def _rewrite(root, name, frame):
    frame.to_parquet(root / f"{name}.parquet", index=False)


def test_small_corpus_is_valid_and_loads(tmp_path):
    root = write_small_corpus(tmp_path / "c")
    assert validate_corpus(root) == []
    corpus = load_corpus(root)
    assert corpus.path_of("i") == root / "i.jpg"
    assert list(corpus.of_kind("audio")["item_id"]) == ["a"]


@pytest.mark.parametrize("mutate, message", [
    (lambda it: pd.concat([it, it.iloc[[0]]]), "duplicate item_id"),
    (lambda it: it.assign(kind=["audio", "picture", "lyric"]), "kind not in"),
    (lambda it: it.assign(path=["a.flac", "gone.jpg", "l.txt"]), "1 item files missing"),
    (lambda it: it.assign(duration=[0.0, np.nan, np.nan]), "positive duration"),
    (lambda it: it.assign(emotion8=["joy", "", ""]), "unknown emotion8"),
    (lambda it: it.assign(split=["train", "test", "train"]), "span several splits"),
    (lambda it: it.assign(format=["flac", "txt", "txt"]), "format does not fit"),
])
def test_item_problems_are_reported(tmp_path, mutate, message):
    root = write_small_corpus(tmp_path / "c")
    _rewrite(root, "items", mutate(pd.read_parquet(root / "items.parquet")))
    problems = validate_corpus(root)
    assert any(message in p for p in problems), problems


def test_pair_and_annotation_problems_are_reported(tmp_path):
    root = write_small_corpus(tmp_path / "c")
    pairs = pd.read_parquet(root / "pairs.parquet")
    pairs.loc[0, "right_id"] = "nobody"
    pairs.loc[1, "role"] = "friends"
    _rewrite(root, "pairs", pairs)
    ann = pd.read_parquet(root / "annotations.parquet").assign(kind="gossip")
    _rewrite(root, "annotations", ann)
    problems = "\n".join(validate_corpus(root))
    assert "unknown items: nobody" in problems
    assert "unknown pair roles: friends" in problems
    assert "unknown annotation kinds: gossip" in problems


def test_manifest_counts_must_match(tmp_path):
    root = write_small_corpus(tmp_path / "c")
    manifest = json.loads((root / "manifest.json").read_text())
    manifest["counts"]["items"]["audio"] = 5
    (root / "manifest.json").write_text(json.dumps(manifest))
    assert any("manifest item counts" in p for p in validate_corpus(root))


def test_load_corpus_raises_listing_problems(tmp_path):
    root = write_small_corpus(tmp_path / "c")
    (root / "i.jpg").unlink()
    (root / "manifest.json").unlink()
    with pytest.raises(CorpusError) as err:
        load_corpus(root)
    assert "item files missing" in str(err.value) and "missing manifest.json" in str(err.value)


def test_missing_folder_is_a_problem(tmp_path):
    assert validate_corpus(tmp_path / "nothing") == [f"corpus folder {tmp_path / 'nothing'} does not exist"]
