"""The tiny generated world: valid, complete, real media files, deterministic for a seed."""

import hashlib

import av
import numpy as np
import pandas as pd
import soundfile

from music_visual.corpus import build_corpus, labels, validate_corpus
from music_visual.corpus.summary import preference_agreement
from music_visual.corpus.world.media_writer import MP4_AUDIO_RATE


def test_tiny_world_is_valid_with_expected_counts(tiny_corpus):
    assert validate_corpus(tiny_corpus.root) == []
    counts = tiny_corpus.manifest["counts"]
    assert counts["items"] == {"audio": 12 + 4, "image": 12 * 5 + 6, "lyric": 12, "video": 12}
    assert counts["pairs"] == {"music_video": 12, "song_image": 60, "song_lyric": 12}
    assert counts["skipped_total"] == 0
    assert set(tiny_corpus.items["split"]) <= {"train", "val", "test"}


def test_every_music_video_has_its_files_and_five_images(tiny_corpus):
    pairs = tiny_corpus.pairs
    per_song = pairs[pairs["role"] == "song_image"].groupby("song_id").size()
    assert (per_song >= 5).all() and len(per_song) == 12
    assert (pairs.groupby("song_id")["role"].nunique() == 3).all()


def test_mp4_has_h264_video_and_aac_audio_of_song_length(tiny_corpus):
    video = tiny_corpus.of_kind("video").iloc[0]
    with av.open(str(tiny_corpus.path_of(video["item_id"]))) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.audio[0].codec_context.name == "aac"
        assert container.streams.audio[0].codec_context.sample_rate == MP4_AUDIO_RATE
        assert (container.streams.video[0].codec_context.width, container.streams.video[0].codec_context.height) == (
            tiny_corpus.manifest["world_params"]["width"], tiny_corpus.manifest["world_params"]["height"])
        assert abs(container.duration / 1e6 - video["duration"]) < 0.5


def test_audio_is_exact_length_normalised_and_unclipped(tiny_corpus):
    for row in tiny_corpus.of_kind("audio").itertuples():
        audio, sr = soundfile.read(tiny_corpus.path_of(row.item_id))
        assert len(audio) == round(row.duration * sr)
        assert np.max(np.abs(audio)) < 0.97
        assert 0.05 < np.sqrt(np.mean(audio ** 2)) < 0.15


def test_labels_are_consistent(tiny_corpus):
    items = tiny_corpus.items
    assert list(items["affect3"]) == list(labels.affect3_of_emotion8(items["emotion8"]))
    assert (items.groupby("song_id")["emotion10"].nunique().drop("", errors="ignore") == 1).all()


def test_latents_cover_every_item_and_lyric_is_not_empty(tiny_corpus):
    assert set(tiny_corpus.latents["item_id"]) == set(tiny_corpus.items["item_id"])
    lyric = tiny_corpus.of_kind("lyric").iloc[0]
    assert len(tiny_corpus.path_of(lyric["item_id"]).read_text().split()) == 48


def test_annotations_are_present(tiny_corpus):
    kinds = tiny_corpus.annotations["kind"].value_counts()
    assert kinds["preference"] % 3 == 0 and kinds["preference"] >= 3 * 10
    assert kinds["section"] == 16 * 4 and kinds["favourites"] == 60
    assert 0.0 <= preference_agreement(tiny_corpus) <= 1.0


def _digest(root, pattern):
    return {p.name: hashlib.sha1(p.read_bytes()).hexdigest() for p in sorted(root.glob(pattern))}


def test_same_seed_same_corpus_whatever_the_workers(tiny_corpus, tmp_path, asset_cache):
    again = build_corpus("world", tmp_path / "again", size="tiny", seed=7, workers=1, asset_cache=asset_cache)
    pd.testing.assert_frame_equal(again.items, tiny_corpus.items)
    pd.testing.assert_frame_equal(again.annotations, tiny_corpus.annotations)
    for pattern in ("audio/*.flac", "image/*.jpg", "lyric/*.txt", "video/*.mp4"):
        assert _digest(again.root, pattern) == _digest(tiny_corpus.root, pattern)
    # every file byte for byte, the tables and manifest.json included: DVC hashes the whole folder, so a
    # rebuild must not make every later stage look stale
    every = {p.relative_to(again.root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
             for p in sorted(again.root.rglob("*")) if p.is_file()}
    assert every == {p.relative_to(tiny_corpus.root).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
                     for p in sorted(tiny_corpus.root.rglob("*")) if p.is_file()}
    assert "build_seconds" not in again.manifest


def test_another_seed_gives_another_world(tiny_corpus, tmp_path, asset_cache):
    other = build_corpus("world", tmp_path / "other", size="tiny", seed=8, n_videos=4, n_songs=1, n_images=1,
                         workers=1, asset_cache=asset_cache)
    assert list(other.items["emotion10"][:6]) != list(tiny_corpus.items["emotion10"][:6])


def test_key_frame_k_is_the_frame_shown_at_its_documented_time(tiny_corpus):
    from PIL import Image

    from music_visual.corpus.media import decode_frames

    video = tiny_corpus.of_kind("video").iloc[0]
    fps = tiny_corpus.manifest["world_params"]["fps"]
    frames = decode_frames(tiny_corpus.path_of(video["item_id"]), fps=fps).astype(float)
    n = tiny_corpus.manifest["world_params"]["images_per_song"]
    for k in range(n):
        key = np.asarray(Image.open(tiny_corpus.path_of(f"{video['song_id']}_img{k}")), float)
        best = int(np.argmin(np.abs(frames - key).mean(axis=(1, 2, 3))))
        assert abs(best / fps - (k + 0.5) * video["duration"] / n) <= 0.5
