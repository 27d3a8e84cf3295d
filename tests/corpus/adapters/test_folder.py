import pandas as pd
import pytest

from music_visual.corpus import CorpusError, build_corpus, validate_corpus


@pytest.fixture
def video_folder(tmp_path, media):
    folder = tmp_path / "videos"
    media.video(folder / "good_one.mp4", seconds=6)
    media.video(folder / "sub" / "good_two.mp4", seconds=7)
    media.video(folder / "mute.mp4", seconds=6, with_audio=False)
    media.video(folder / "quiet.mp4", seconds=6, silent=True)
    media.video(folder / "short.mp4", seconds=2)
    media.corrupt(folder / "broken.webm")
    pd.DataFrame({"file": ["good_one.mp4"], "affect3": ["positive"], "genre": ["rock"]}).to_csv(
        folder / "labels.csv", index=False)
    return folder


def test_music_videos_are_decoded_and_bad_ones_skipped(video_folder, tmp_path):
    corpus = build_corpus("folder", tmp_path / "c", source_path=video_folder, max_skip_share=0.7)
    assert validate_corpus(corpus.root) == []
    assert sorted(corpus.of_kind("video")["song_id"]) == ["good_one", "good_two"]
    assert corpus.manifest["counts"]["skipped"] == {"no_audio_track": 1, "silent_audio": 1, "too_short": 1,
                                                    "unreadable_media": 1}
    frames = corpus.pairs[(corpus.pairs["role"] == "song_image") & (corpus.pairs["song_id"] == "good_two")]
    assert len(frames) == 7  # 1 fps over 7 s
    audio = corpus.items.set_index("item_id").loc["good_one_audio"]
    assert audio["affect3"] == "positive" and audio["genre"] == "rock" and abs(audio["duration"] - 6) < 0.2
    skipped = pd.read_csv(corpus.root / "skipped.csv")
    assert set(skipped["reason"]) == {"no_audio_track", "silent_audio", "too_short", "unreadable_media"}


def test_default_skip_share_stops_a_mostly_broken_folder(video_folder, tmp_path):
    with pytest.raises(CorpusError, match="4 of 6"):
        build_corpus("folder", tmp_path / "c", source_path=video_folder)


def test_manifest_layout_pairs_images_audio_and_lyrics(tmp_path, media):
    folder = tmp_path / "pairs"
    media.audio(folder / "a.wav", 3)
    media.audio(folder / "b.flac", 3)
    media.audio(folder / "silent.wav", 3, silent=True)
    media.image(folder / "a.jpg")
    media.image(folder / "b.png")
    media.corrupt(folder / "bad.jpg", 300)
    (folder / "a.txt").write_text("la la love\n")
    (folder / "empty.txt").write_text("  \n")
    pd.DataFrame({"image": ["a.jpg", "b.png", "bad.jpg", "a.jpg", "b.png", "a.jpg", "missing.jpg"],
                  "audio": ["a.wav", "b.flac", "a.wav", "silent.wav", "a.wav", "a.wav", "b.flac"],
                  "lyric": ["a.txt", "", "", "", "empty.txt", "a.txt", ""],
                  "affect3": ["positive", "negative", "", "", "", "positive", ""]}).to_csv(
        folder / "manifest.csv", index=False)
    corpus = build_corpus("folder", tmp_path / "c", source_path=folder, max_skip_share=0.9)
    assert corpus.manifest["counts"]["skipped"] == {"empty_lyric": 1, "missing_file": 1, "silent_audio": 1,
                                                    "unreadable_image": 1}
    assert corpus.manifest["duplicate_rows"] == 1  # the repeated (a.jpg, a.wav, a.txt) row is not a skip
    assert sorted(corpus.pairs["role"]) == ["song_image", "song_image", "song_lyric"]


def test_not_a_directory_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        build_corpus("folder", tmp_path / "c", source_path=tmp_path / "nope")
