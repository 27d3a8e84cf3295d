import pandas as pd

from music_visual.corpus import build_corpus
from music_visual.corpus.summary import preference_agreement


def test_pairs_and_preferences(tmp_path, media):
    root = tmp_path / "mr"
    for name in ("m1", "m2", "m3"):
        media.audio(root / "music" / f"{name}.wav", 2)
    for name in ("i1", "i2", "i3"):
        media.image(root / "images" / f"{name}.jpg")
    pd.DataFrame({"image": ["images/i1.jpg", "images/i2.jpg", "images/i3.jpg", "images/i1.jpg"],
                  "music": ["music/m1.wav", "music/m2.wav", "music/m3.wav", "music/m1.wav"]}).to_csv(
        root / "pairs.csv", index=False)
    pd.DataFrame({"image": ["images/i1.jpg", "images/i1.jpg", "images/i2.jpg", "images/i2.jpg"],
                  "music_a": ["music/m1.wav", "music/m3.wav", "music/m2.wav", "music/gone.wav"],
                  "music_b": ["music/m2.wav", "music/m1.wav", "music/m3.wav", "music/m2.wav"],
                  "preferred": ["a", "a", "a", "a"], "annotator": ["x", "y", "x", "x"]}).to_csv(
        root / "preferences.csv", index=False)
    corpus = build_corpus("mrcca_pairs", tmp_path / "c", source_path=root, max_skip_share=0.3)
    assert len(corpus.pairs) == 3 and (corpus.pairs["role"] == "song_image").all()
    prefs = corpus.annotations[corpus.annotations["kind"] == "preference"]
    assert prefs["value"].tolist() == [1.0, 1.0, 1.0]
    assert corpus.manifest["counts"]["skipped"] == {"duplicate_id": 1, "missing_file": 1}
    # i1 (m1 vs m2) chose its own m1; i1 (m3 vs m1) chose m3, not its own; i2 (m2 vs m3) chose its own m2
    assert preference_agreement(corpus) == 2 / 3
