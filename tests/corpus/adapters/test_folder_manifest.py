"""The folder adapter's manifest layout on the cases a real collection hit: file names that collide across
sub-folders, files shared by rows, repeated rows, transparency, odd sizes, groups and the user's own columns."""

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from music_visual.corpus import CorpusError, build_corpus, validate_corpus
from music_visual.corpus.adapters.common import split_groups
from music_visual.corpus.adapters.folder_images import BACKGROUND

# (image, audio, group, pair_id, photographer, source); the last three rows repeat the first and the third
ROWS = [
    ("a/cover.jpg", "a/theme.wav", "", "", "ann", "flickr"),
    ("b/cover.jpg", "b/theme.wav", "", "", "bob", "flickr"),
    ("shared.jpg", "s1.wav", "", "", "cat", "own"),
    ("shared.jpg", "s2.wav", "", "", "dan", "own"),
    ("shared.jpg", "s3.wav", "", "", "cat", "own"),
    ("transparent.png", "s4.wav", "", "", "", ""),
    ("alpha_only.png", "s5.wav", "", "", "", ""),
    ("panorama.jpg", "s6.wav", "g1", "", "", ""),
    ("tiny.jpg", "s7.wav", "g1", "", "", ""),
    ("g2.jpg", "s8.wav", "g1", "sunset", "", ""),
    ("x_y/z.jpg", "s9.wav", "", "", "", ""),
    ("x/y_z.jpg", "s10.wav", "", "", "", ""),  # made safe, its id would be x_y_z.jpg too
    ("a/cover.jpg", "a/theme.wav", "", "", "ann", "flickr"),
    ("shared.jpg", "s1.wav", "", "", "cat", "own"),
    ("shared.jpg", "s1.wav", "", "", "cat", "own"),
]
ALPHA = 100  # the semi-transparent pixels' alpha


def _transparent_png(path):
    """64x48 RGBA: a colour gradient, its right 26 columns (~40 %) semi-transparent over a blue ground."""
    rgb = np.zeros((48, 64, 3), np.uint8)
    rgb[..., 0] = np.linspace(0, 250, 64, dtype=np.uint8)[None, :]
    rgb[..., 1] = np.linspace(20, 200, 48, dtype=np.uint8)[:, None]
    rgb[:, 38:, 2] = 200
    alpha = np.full((48, 64), 255, np.uint8)
    alpha[:, 38:] = ALPHA
    Image.fromarray(np.dstack([rgb, alpha]), "RGBA").save(path)
    return rgb


def _alpha_only_png(path):
    """White everywhere; the picture (a disc) is only in the alpha channel."""
    yy, xx = np.mgrid[:48, :64]
    alpha = np.where((yy - 24) ** 2 + (xx - 32) ** 2 < 15 ** 2, 255, 0).astype(np.uint8)
    Image.fromarray(np.dstack([np.full((48, 64, 3), 255, np.uint8), alpha]), "RGBA").save(path)


@pytest.fixture
def collection(tmp_path, media):
    folder = tmp_path / "mine"
    for n, (image, audio, *_rest) in enumerate(ROWS[:12]):
        media.audio(folder / audio, 2)
        if image.endswith(".jpg") and image not in ("panorama.jpg", "tiny.jpg"):
            media.image(folder / image, colour=(20 * n, 40, 90), size=(64, 48))
    media.image(folder / "panorama.jpg", size=(256, 64))
    media.image(folder / "tiny.jpg", size=(20, 20))
    rgb = _transparent_png(folder / "transparent.png")
    _alpha_only_png(folder / "alpha_only.png")
    pd.DataFrame(ROWS, columns=["image", "audio", "group", "pair_id", "photographer", "source"]).to_csv(
        folder / "manifest.csv", index=False)
    corpus = build_corpus("folder", tmp_path / "c", source_path=folder)  # default max_skip_share 0.2
    return corpus, pd.read_parquet(corpus.root / "item_metadata.parquet"), rgb


def test_ids_are_distinct_one_item_per_file_and_collisions_are_skips(collection):
    corpus, meta, _ = collection
    assert validate_corpus(corpus.root) == []
    ids = set(corpus.items["item_id"])
    assert {"a_cover.jpg", "b_cover.jpg", "a_theme.wav", "b_theme.wav", "sunset_image", "sunset_audio"} <= ids
    assert meta["file"].is_unique and len(meta) == len(corpus.items) == 8 + 10
    assert meta.set_index("item_id").loc["shared.jpg", "n_rows"] == 3
    shared = corpus.pairs[corpus.pairs["right_id"] == "shared.jpg"]
    assert sorted(shared["left_id"]) == ["s1.wav", "s2.wav", "s3.wav"]
    assert len(corpus.pairs) == 10 and corpus.pairs["role"].eq("song_image").all()
    skipped = pd.read_csv(corpus.root / "skipped.csv").set_index("reason")
    assert "x_y_z.jpg" in skipped.loc["duplicate_id", "detail"] and "s10.wav" not in " ".join(ids)


def test_repeated_rows_are_counted_not_skipped(collection):
    corpus, _, _ = collection
    assert corpus.manifest["duplicate_rows"] == 3
    assert corpus.manifest["counts"]["skipped"] == {"duplicate_id": 1, "unreadable_image": 1}  # 2 of 12 inputs


def test_no_file_or_group_crosses_the_split(collection):
    corpus, meta, _ = collection
    split = dict(zip(corpus.items["item_id"], corpus.items["split"]))
    for group in (["shared.jpg", "s1.wav", "s2.wav", "s3.wav"],
                  ["panorama.jpg", "s6.wav", "tiny.jpg", "s7.wav", "sunset_image", "sunset_audio"]):
        assert len({split[i] for i in group}) == 1, group
    assert (corpus.pairs["left_id"].map(split) == corpus.pairs["right_id"].map(split)).all()
    assert meta.set_index("item_id").loc["sunset_audio", "group"] == "g1"


def test_transparency_is_composited_onto_white_and_odd_sizes_flagged(collection):
    corpus, meta, rgb = collection
    flags = meta.set_index("item_id")
    assert corpus.manifest["image_flags"] == {"alpha_composited": 1, "extreme_aspect": 1, "tiny_image": 1}
    png = flags.loc["transparent.png"]
    assert png["alpha_composited"] and png["transparent_share"] == pytest.approx(26 / 64)
    path = corpus.path_of("transparent.png")
    assert path.parent == corpus.root / "image"
    composited = np.asarray(Image.open(path))
    assert composited.shape == (48, 64, 3)
    y, x = 10, 50
    expected = rgb[y, x].astype(float) * ALPHA / 255 + np.array(BACKGROUND) * (1 - ALPHA / 255)
    assert np.abs(composited[y, x] - expected).max() <= 1  # PIL rounds the blend
    original = np.asarray(Image.open(png["file"]).convert("RGB"))
    assert np.abs(original[y, x] - expected).max() > 50  # what convert("RGB") alone would have read
    assert (composited[y, 5] == rgb[y, 5]).all()  # opaque pixels unchanged
    assert flags.loc["panorama.jpg", "extreme_aspect"] and flags.loc["panorama.jpg", "aspect_ratio"] == 4
    assert flags.loc["tiny.jpg", "tiny_image"] and not flags.loc["panorama.jpg", "tiny_image"]
    assert not flags.loc["shared.jpg", ["alpha_composited", "extreme_aspect", "tiny_image"]].any()


def test_an_alpha_only_image_is_skipped_as_blank(collection):
    corpus, _, _ = collection
    assert "alpha_only.png" not in set(corpus.items["item_id"]) and "s5.wav" not in set(corpus.items["item_id"])
    skipped = pd.read_csv(corpus.root / "skipped.csv").set_index("reason")
    assert skipped.loc["unreadable_image", "input"] == "manifest.csv row 8"
    assert "blank_after_composite" in skipped.loc["unreadable_image", "detail"]


def test_the_users_columns_are_kept_as_item_metadata(collection):
    _, meta, _ = collection
    meta = meta.set_index("item_id")
    assert {"photographer", "source", "pair_id", "group"} <= set(meta.columns)
    assert meta.loc["shared.jpg", "photographer"] == "cat|dan" and meta.loc["s2.wav", "photographer"] == "dan"
    assert meta.loc["a_cover.jpg", "source"] == "flickr" and meta.loc["sunset_image", "pair_id"] == "sunset"


def test_a_csv_with_another_name_is_a_clear_error(tmp_path, media):
    folder = tmp_path / "mine"
    media.audio(folder / "s.wav", 2)
    media.image(folder / "i.jpg", size=(64, 48))
    pd.DataFrame({"image": ["i.jpg"], "audio": ["s.wav"]}).to_csv(folder / "pairs.csv", index=False)
    with pytest.raises(CorpusError, match=r"manifest\.csv.*image, audio.*found in the folder: pairs\.csv"):
        build_corpus("folder", tmp_path / "c", source_path=folder)


def test_a_manifest_without_audio_is_a_clear_error(tmp_path, media):
    folder = tmp_path / "mine"
    media.image(folder / "i.jpg", size=(64, 48))
    pd.DataFrame({"image": ["i.jpg"], "song": ["s.wav"]}).to_csv(folder / "manifest.csv", index=False)
    with pytest.raises(CorpusError, match=r"lacks the column\(s\) audio \(its columns: image, song\)"):
        build_corpus("folder", tmp_path / "c", source_path=folder)


def _items(n, path=lambda k: f"{k}.png", song=lambda k: ""):
    return pd.DataFrame({"item_id": [f"i{k}" for k in range(n)], "path": [path(k) for k in range(n)],
                         "song_id": [song(k) for k in range(n)], "split": [""] * n})


NO_PAIRS = pd.DataFrame(columns=["left_id", "right_id"])


def test_split_groups_joins_shared_files_and_groups():
    # 30 unlinked components split 21/3/6 exactly, so the old code (pairs and songs only) always put these
    # items on several sides.
    shared, _ = split_groups(_items(30, path=lambda k: "same.png"), NO_PAIRS, seed=0)
    assert shared["split"].nunique() == 1
    grouped, _ = split_groups(_items(30), NO_PAIRS, seed=0, groups=[(f"i{k}", "g") for k in range(30)])
    assert grouped["split"].nunique() == 1
    alone, _ = split_groups(_items(30), NO_PAIRS, seed=0)
    assert alone["split"].value_counts().to_dict() == {"train": 21, "test": 6, "val": 3}


def test_split_groups_spreads_a_given_split_and_refuses_two():
    items = _items(4).assign(split=["val", "", "", ""])
    out, _ = split_groups(items, NO_PAIRS, seed=0, groups=[("i0", "g"), ("i1", "g")])
    assert list(out["split"][:2]) == ["val", "val"]
    with pytest.raises(CorpusError, match="different splits"):
        split_groups(items.assign(split=["val", "test", "", ""]), NO_PAIRS, seed=0,
                     groups=[("i0", "g"), ("i1", "g")])
