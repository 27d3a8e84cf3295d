import numpy as np
import pytest

from music_visual.features.audio_acpnet import ACPNET_DIM, extract_acpnet_audio_features, window_means

from .conftest import BAD_AUDIO, EXPECTED_FLAG, tone

SR = 22050


def test_a4_tone_shape_and_chroma():
    features, flags = extract_acpnet_audio_features(tone(440.0, 12.0, SR), SR)
    assert ACPNET_DIM == 193 and features.shape == (1, 193) and features.dtype == np.float32
    assert int(np.argmax(features[0, 40:52])) == 9 and not any(flags.values())


def test_segments_windows_and_remainder():
    # 10 s segments: A4 for 10 s, C5 for 10 s, then 5 s of E5 that must be dropped
    y = np.concatenate([tone(440.0, 10.0, SR), tone(523.25, 10.0, SR), tone(659.26, 5.0, SR)])
    features, _ = extract_acpnet_audio_features(y, SR, segment_s=10.0, window_s=4.0, window_hop_s=2.0)
    assert features.shape == (2, 193)
    assert [int(np.argmax(row[40:52])) for row in features] == [9, 0]  # A, then C


def test_window_means_hand_example():
    frames = np.array([[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]])
    # width 4 frames, hop 2 frames: windows [0..3], [2..5]
    np.testing.assert_allclose(window_means(frames, frame_rate=1.0, window_s=4, hop_s=2), [[1.5], [3.5]])
    np.testing.assert_allclose(window_means(frames[:, :2], 1.0, 4, 2), [[0.5]])  # shorter than a window


def test_mel_scale_option():
    y = tone(440.0, 3.0, SR)
    db, _ = extract_acpnet_audio_features(y, SR)
    power, _ = extract_acpnet_audio_features(y, SR, mel_scale="power")
    np.testing.assert_allclose(db[0, 52:180], 10 * np.log10(power[0, 52:180].astype(np.float64) + 1e-10), atol=1e-3)
    with pytest.raises(ValueError):
        extract_acpnet_audio_features(y, SR, mel_scale="log")


@pytest.mark.parametrize("name", sorted(BAD_AUDIO))
def test_bad_audio_finite(name):
    features, flags = extract_acpnet_audio_features(BAD_AUDIO[name], 12000)
    assert features.shape == (1, 193) and np.isfinite(features).all() and flags[EXPECTED_FLAG[name]]
