import numpy as np
import pytest
import scipy.ndimage

from music_visual.features.audio_hpss import harmonic_mask, hpss, running_median_rows

from .conftest import click_track, tone


@pytest.mark.parametrize("shape,k", [((7, 50), 31), ((3, 20), 31), ((5, 9), 3), ((4, 1), 5), ((2, 40), 1)])
def test_running_median_equals_scipy_reflect(shape, k):
    x = np.random.default_rng(0).random(shape).astype(np.float32)
    x[0, ::3] = x[0, -1]  # ties
    expected = scipy.ndimage.median_filter(x, size=(1, k), mode="reflect")
    np.testing.assert_array_equal(running_median_rows(x, k), expected)


def test_running_median_rejects_even_window():
    with pytest.raises(ValueError):
        running_median_rows(np.zeros((2, 5)), 4)


def test_hpss_matches_librosa():
    import librosa

    sr = 12000
    y = tone(440.0, 3.0, sr) + click_track(120, 3.0, sr)
    ours = hpss(y)
    ref = librosa.effects.hpss(y)
    for a, b in zip(ours, ref):
        np.testing.assert_allclose(a, b, atol=2e-6)


def test_harmonic_mask_is_half_on_silence():
    np.testing.assert_array_equal(harmonic_mask(np.zeros((40, 40), np.float32)), 0.5)
