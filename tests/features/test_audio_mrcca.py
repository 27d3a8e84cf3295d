import numpy as np
import pytest

from music_visual.features.audio_mood import MOOD_DIM, MOOD_WORDS, mood_posteriors
from music_visual.features.audio_mrcca import MRCCA_DIM, extract_mrcca_audio_features, mrcca_feature_names

from .conftest import BAD_AUDIO, EXPECTED_FLAG, click_track, tone

SR = 22050
NAMES = mrcca_feature_names()


def value(features, name):
    return float(features[NAMES.index(name)])


@pytest.mark.parametrize("bpm", [96, 140])
def test_click_track_tempo_is_found(bpm):
    features, flags = extract_mrcca_audio_features(click_track(bpm, 20.0, SR), SR)
    assert abs(value(features, "tempo_bpm") - bpm) / bpm < 0.03
    assert abs(value(features, "onset_rate") - bpm / 60) < 0.2
    assert value(features, "beat_interval_cv") < 0.05 and not any(flags.values())


def test_a_tone_key_and_shape():
    features, _ = extract_mrcca_audio_features(tone(440.0, 10.0, SR), SR)
    assert MRCCA_DIM == 133 and features.shape == (133,) and features.dtype == np.float32
    assert len(NAMES) == 133 and MOOD_DIM == 44
    key = np.arctan2(value(features, "key_sin"), value(features, "key_cos")) / (2 * np.pi) * 12
    assert int(round(key)) % 12 == 9  # A
    assert int(np.argmax([value(features, f"pitch_mean[{i}]") for i in range(12)])) == 9
    np.testing.assert_allclose(features[-MOOD_DIM:].sum(), 1.0, atol=1e-5)


def test_mood_posteriors_follow_the_circumplex():
    words = list(MOOD_WORDS)
    assert words[int(np.argmax(mood_posteriors(0.8, 0.5)))] in {"happy", "cheerful"}
    assert words[int(np.argmax(mood_posteriors(-0.75, -0.4)))] == "sad"


def test_mood_model_replaces_heuristic():
    uniform = lambda d: np.full(MOOD_DIM, 1.0 / MOOD_DIM)  # noqa: E731
    features, _ = extract_mrcca_audio_features(tone(440.0, 3.0, SR), SR, mood_model=uniform)
    np.testing.assert_allclose(features[-MOOD_DIM:], 1.0 / MOOD_DIM, rtol=1e-6)
    with pytest.raises(ValueError):
        extract_mrcca_audio_features(tone(440.0, 3.0, SR), SR, mood_model=lambda d: np.ones(3))


@pytest.mark.parametrize("name", sorted(BAD_AUDIO))
def test_bad_audio_finite(name):
    features, flags = extract_mrcca_audio_features(BAD_AUDIO[name], 12000)
    assert features.shape == (133,) and np.isfinite(features).all() and flags[EXPECTED_FLAG[name]]


def test_three_contrasting_parts_give_three_sections():
    y = np.concatenate([tone(440.0, 12.0, SR), 0.5 * click_track(120, 12.0, SR) + tone(200.0, 12.0, SR, 0.05),
                        tone(660.0, 12.0, SR)])  # fmt: skip
    features, _ = extract_mrcca_audio_features(y, SR)
    assert value(features, "n_sections") == 3
    assert abs(value(features, "section_length_mean_s") - 12.0) < 1.0
