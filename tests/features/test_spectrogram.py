import numpy as np

from music_visual.features.spectrogram import log_spectrogram, spectrogram_shape

from .conftest import BAD_AUDIO, tone


def test_window_hop_and_fixed_shape():
    spec, flags = log_spectrogram(tone(1000.0, 2.3, 44100), 44100, duration_s=3.0)
    assert spec.shape == spectrogram_shape(16000, 3.0) == (801, 121)  # 1600-sample window, 400 hop
    assert spec.dtype == np.float32 and not any(flags.values())
    peak_bin = int(np.argmax(spec[:, 20]))
    assert abs(peak_bin * 16000 / 1600 - 1000.0) <= 10.0


def test_bad_audio_finite():
    for y in BAD_AUDIO.values():
        spec, _ = log_spectrogram(y, 12000, duration_s=1.0)
        assert spec.shape == (801, 41) and np.isfinite(spec).all()
