import pandas as pd

from music_visual.corpus import build_corpus


def test_shuttersong_triplets_moods_and_favourites(tmp_path, media):
    root = tmp_path / "ss"
    media.audio(root / "songs" / "s1.wav", 3)
    media.audio(root / "songs" / "s2.wav", 3)
    media.corrupt(root / "songs" / "s3.wav", 500)
    for i in range(4):
        media.image(root / "img" / f"{i}.jpg", colour=(i * 50, 10, 10))
    (root / "lyrics").mkdir()
    (root / "lyrics" / "s1.txt").write_text("under the moon we dance\n")
    pd.DataFrame({"image": ["img/0.jpg", "img/1.jpg", "img/2.jpg", "img/3.jpg", "img/missing.jpg"],
                  "song": ["songs/s1.wav", "songs/s1.wav", "songs/s2.wav", "songs/s3.wav", "songs/s2.wav"],
                  "lyric": ["lyrics/s1.txt", "lyrics/s1.txt", "rain on the window", "x", "rain on the window"],
                  "mood": ["happy", "happy", "", "", ""],
                  "favourites": ["12", "3", "1", "5", "8"]}).to_csv(root / "shuttersong.csv", index=False)
    corpus = build_corpus("shuttersong", tmp_path / "c", source_path=root, max_skip_share=0.5)
    assert sorted(corpus.of_kind("audio")["song_id"]) == ["s1", "s2"]
    assert len(corpus.of_kind("image")) == 3 and len(corpus.of_kind("lyric")) == 2
    fav = corpus.annotations[corpus.annotations["kind"] == "favourites"].sort_values("value")["value"].tolist()
    assert fav == [1.0, 3.0, 12.0]
    moods = corpus.annotations[corpus.annotations["kind"] == "mood"]
    assert moods["text"].tolist() == ["happy"] and moods["item_id"].tolist() == ["s1_audio"]
    assert corpus.manifest["counts"]["skipped"] == {"missing_file": 1, "unreadable_media": 1}
    assert corpus.path_of("s2_lyric").read_text() == "rain on the window"
