import pandas as pd

from music_visual.corpus import build_corpus


def test_imac_regroups_image_emotions_and_reads_music_labels(tmp_path, media):
    root = tmp_path / "imac"
    for emotion in ("Amusement", "awe", "contentment", "fear", "Sadness"):
        media.image(root / "images" / emotion / f"{emotion.lower()}1.jpg")
    media.image(root / "images" / "boredom" / "b1.jpg")
    media.corrupt(root / "images" / "anger" / "broken.jpg", 300)
    for name in ("happy.wav", "calm.wav", "sad.wav", "noise.wav"):
        media.audio(root / "music" / name, 2)
    pd.DataFrame({"file": ["happy.wav", "calm.wav", "sad.wav", "noise.wav", "gone.wav"],
                  "label": ["positive", "Neutral", "negative", "ambiguous", "negative"]}).to_csv(
        root / "music_labels.csv", index=False)
    corpus = build_corpus("imac", tmp_path / "c", source_path=root, max_skip_share=0.5)
    images = corpus.of_kind("image").set_index("emotion8")["affect3"].to_dict()
    assert images == {"amusement": "positive", "awe": "positive", "contentment": "neutral", "fear": "negative",
                      "sadness": "negative"}
    assert sorted(corpus.of_kind("audio")["affect3"]) == ["negative", "neutral", "positive"]
    assert corpus.manifest["counts"]["skipped"] == {"filtered_label": 2, "missing_file": 1, "unreadable_image": 1}
    assert corpus.pairs.empty
