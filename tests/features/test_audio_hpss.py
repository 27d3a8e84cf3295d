import numpy as np
import pytest
import scipy.ndimage

from music_visual.features.audio_hpss import _running_median_padded, harmonic_mask, hpss, running_median_cols, running_median_rows

from .conftest import click_track, tone


@pytest.mark.parametrize("shape,k", [((7, 50), 31), ((3, 20), 31), ((5, 9), 3), ((4, 1), 5), ((2, 40), 1)])
def test_running_median_equals_scipy_reflect(shape, k):
    x = np.random.default_rng(0).random(shape).astype(np.float32)
    x[0, ::3] = x[0, -1]  # ties
    expected = scipy.ndimage.median_filter(x, size=(1, k), mode="reflect")
    np.testing.assert_array_equal(running_median_rows(x, k), expected)


def _scipy_rows(x, k):
    # scipy's median_filter can return garbage (NaN) for non-contiguous input, so hand it a C copy
    return scipy.ndimage.median_filter(np.ascontiguousarray(x), size=(1, k), mode="reflect")


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "shape,k",
    [((3, 2000), 31), ((70, 300), 31), ((65, 100), 31), ((33, 50), 3), ((5, 20), 31), ((4, 3), 31), ((2, 1), 5),
     ((6, 40), 1), ((3, 9), 9), ((40, 37), 11)],
)
def test_running_median_lanes_equal_scipy_exactly(shape, k, dtype):
    rng = np.random.default_rng(k + shape[0] * 7 + shape[1])
    cases = [
        rng.random(shape).astype(dtype),
        rng.integers(0, 4, shape).astype(dtype),  # many ties
        np.full(shape, 0.3, dtype),  # all equal
        (rng.standard_normal(shape) * 1e3).round().astype(dtype),  # negatives and ties
    ]
    for x in cases:
        expected = _scipy_rows(x, k)
        got = running_median_rows(x, k)
        assert got.dtype == x.dtype and got.flags.c_contiguous
        np.testing.assert_array_equal(got, expected)
        np.testing.assert_array_equal(running_median_rows(np.asfortranarray(x), k), expected)
        np.testing.assert_array_equal(running_median_cols(np.ascontiguousarray(x.T), k), expected.T)
        np.testing.assert_array_equal(running_median_cols(x.T, k), expected.T)


def test_running_median_lanes_handle_infinities_and_match_generic_kernel():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 5, (9, 200)).astype(np.float32)
    x[rng.random(x.shape) < 0.2] = np.inf
    x[rng.random(x.shape) < 0.2] = -np.inf
    expected = _scipy_rows(x, 31)
    np.testing.assert_array_equal(running_median_rows(x, 31), expected)
    padded = np.pad(x, ((0, 0), (15, 15)), mode="symmetric")
    np.testing.assert_array_equal(_running_median_padded(padded, 31), expected)


def test_running_median_integer_input_uses_generic_kernel():
    x = np.random.default_rng(4).integers(0, 9, (4, 60))
    np.testing.assert_array_equal(running_median_rows(x, 7), _scipy_rows(x, 7))
    np.testing.assert_array_equal(running_median_cols(x.T, 7), _scipy_rows(x, 7).T)


def test_harmonic_mask_equals_scipy_formula():
    S = np.random.default_rng(5).random((130, 90)).astype(np.float32)
    S[:, ::4] = S[:, :1]  # ties
    harm = _scipy_rows(S, 31)
    perc = _scipy_rows(S.T, 31).T
    total = harm * harm + perc * perc
    expected = np.where(total > np.finfo(np.float32).tiny, harm * harm / np.where(total > 0, total, 1), 0.5)
    np.testing.assert_array_equal(harmonic_mask(S, 31), expected.astype(np.float32))


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
