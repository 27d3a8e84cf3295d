import numpy as np
import pytest

from music_visual.features.audio_vmnet import (
    VMNET_DIM, VMNET_FRAME_DIM, VmnetAudioConfig, centroid_and_bandwidth, extract_vmnet_audio_features,
    poly_coefficients, vmnet_component_frames, vmnet_feature_names,
)  # fmt: skip

from .conftest import BAD_AUDIO, EXPECTED_FLAG, click_track, tone

SR = 12000


@pytest.fixture(scope="module")
def a4_features():
    return extract_vmnet_audio_features(tone(440.0, 10.0, SR), SR)


def test_shape_dtype_and_names(a4_features):
    features, flags = a4_features
    assert VMNET_FRAME_DIM == 190 and VMNET_DIM == 1140
    assert features.shape == (1140,) and features.dtype == np.float32
    assert len(vmnet_feature_names()) == 1140 and len(set(vmnet_feature_names())) == 1140
    assert not any(flags.values())


def test_a4_tone_chroma_peaks_at_a(a4_features):
    features, _ = a4_features
    names = vmnet_feature_names()
    chroma = [features[names.index(f"mean/harmonic/chroma_stft[{i}]")] for i in range(12)]
    assert int(np.argmax(chroma)) == 9  # C=0 ... A=9


def test_mel_filterbank_is_built_for_12khz():
    # deviation 2: a 3 kHz tone must peak in the mel band centred near 3 kHz at sr = 12 kHz
    import librosa

    frames = vmnet_component_frames(tone(3000.0, 3.0, SR))
    mel = frames[24:120]
    centres = librosa.mel_frequencies(n_mels=98, fmax=SR / 2)[1:-1]
    assert abs(centres[int(np.argmax(mel.mean(axis=1)))] - 3000.0) < 150.0


def test_deterministic_and_input_unchanged():
    y = tone(330.0, 4.0, 22050) + click_track(100, 4.0, 22050)
    copy = y.copy()
    a, _ = extract_vmnet_audio_features(y, 22050)
    b, _ = extract_vmnet_audio_features(y, 22050)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(y, copy)


@pytest.mark.parametrize("name", sorted(BAD_AUDIO))
def test_bad_audio_gives_finite_features_and_flags(name):
    features, flags = extract_vmnet_audio_features(BAD_AUDIO[name], SR)
    assert features.shape == (1140,) and np.isfinite(features).all()
    assert flags[EXPECTED_FLAG[name]] and not flags["nonfinite_output"]


def test_signed_features_are_not_logged():
    # deviation 3: MFCC means can be negative (the old code's log|x| made everything <= 0 dB re max)
    features, _ = extract_vmnet_audio_features(tone(440.0, 5.0, SR), SR)
    names = vmnet_feature_names()
    mfcc = np.array([features[names.index(f"mean/harmonic/mfcc[{i}]")] for i in range(20)])
    assert (mfcc > 0).any() and (mfcc < 0).any()


def test_poly_and_spectral_shape_helpers_match_librosa():
    import librosa

    S = np.abs(librosa.stft(tone(440.0, 1.0, SR) + click_track(120, 1.0, SR), n_fft=512, hop_length=256))
    freq = librosa.fft_frequencies(sr=SR, n_fft=512)
    for order in (1, 2):
        ref = librosa.feature.poly_features(S=S, sr=SR, n_fft=512, order=order)
        np.testing.assert_allclose(poly_coefficients(S, freq, order), ref, rtol=1e-6, atol=1e-9 * np.abs(ref).max())
    centroid, bandwidth = centroid_and_bandwidth(S, freq)
    np.testing.assert_allclose(centroid, librosa.feature.spectral_centroid(S=S, sr=SR, n_fft=512), rtol=1e-4)
    np.testing.assert_allclose(bandwidth, librosa.feature.spectral_bandwidth(S=S, sr=SR, n_fft=512), rtol=1e-4)


def test_old_paths_are_selectable():
    y = tone(440.0, 3.0, SR)
    fast, _ = extract_vmnet_audio_features(y, SR)
    old, _ = extract_vmnet_audio_features(y, SR, config=VmnetAudioConfig(cens_source="cqt", mfcc_source="stft2048"))
    names = vmnet_feature_names()
    same = [i for i, n in enumerate(names) if "chroma_cens" not in n and "mfcc" not in n]
    np.testing.assert_array_equal(fast[same], old[same])
    with pytest.raises(ValueError):
        extract_vmnet_audio_features(y, SR, config=VmnetAudioConfig(cens_source="nope"))
