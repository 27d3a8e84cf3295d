import json

from music_visual.corpus.summary import corpus_metrics, preference_agreement


def test_metrics_of_tiny_world_are_plain_json(tiny_corpus):
    metrics = corpus_metrics(tiny_corpus, build_seconds=12.0)
    text = json.dumps(metrics, allow_nan=False)
    assert json.loads(text)["counts"]["items"]["video"] == 12
    minutes = tiny_corpus.of_kind("audio")["duration"].sum() / 60
    assert metrics["seconds_per_audio_minute"] == round(12.0 / minutes, 3)


def test_preference_agreement_of_generated_annotations_is_a_rate(tiny_corpus):
    rate = preference_agreement(tiny_corpus)
    n = (tiny_corpus.annotations["kind"] == "preference").sum()
    assert 0.0 <= rate <= 1.0 and (rate * n).round(6) % 1 == 0
