import numpy as np
import pytest

from music_visual.features.visual_handcrafted import (
    HANDCRAFTED_DIM, HANDCRAFTED_TYPES, chi_square_distance, extract_handcrafted_image_features,
    feature_type_distances,
)  # fmt: skip

RED = np.full((64, 96, 3), (230, 10, 10), np.uint8)


def part(features, name):
    return features[next(t.slice for t in HANDCRAFTED_TYPES if t.name == name)]


def test_registry_covers_2596_dimensions():
    assert HANDCRAFTED_DIM == 2596
    starts = [t.slice.start for t in HANDCRAFTED_TYPES]
    stops = [t.slice.stop for t in HANDCRAFTED_TYPES]
    assert starts[0] == 0 and stops[-1] == 2596 and starts[1:] == stops[:-1]


def test_red_image_colour_histograms_say_red():
    features, flags = extract_handcrafted_image_features(RED)
    assert features.shape == (2596,) and features.dtype == np.float32 and flags["blank"]
    assert part(features, "hue_histogram")[0] == pytest.approx(1.0)
    rgb = part(features, "rgb_histogram")
    assert rgb[(7 * 8 + 0) * 8 + 0] == pytest.approx(1.0)  # R bin 7, G bin 0, B bin 0


@pytest.mark.parametrize("image", [np.zeros((40, 40, 3), np.uint8), np.full((10, 10, 3), 128, np.uint8)])
def test_blank_images_are_finite(image):
    features, flags = extract_handcrafted_image_features(image)
    assert np.isfinite(features).all() and flags["blank"]
    assert not part(features, "hue_histogram").any()  # no chroma, no hue


def test_distances_per_type(sample_images):
    rows = np.stack([extract_handcrafted_image_features(im)[0] for im in sample_images.values()])
    distances = feature_type_distances(rows, rows)
    assert set(distances) == {t.name for t in HANDCRAFTED_TYPES}
    for d in distances.values():
        assert d.shape == (3, 3)
        np.testing.assert_allclose(np.diag(d), 0.0, atol=1e-9)
        np.testing.assert_allclose(d, d.T, rtol=1e-9)
        assert (d[~np.eye(3, dtype=bool)] > 0).all()


def test_chi_square_hand_example():
    assert chi_square_distance(np.array([1.0, 0.0]), np.array([0.0, 1.0])) == pytest.approx(1.0)
    assert chi_square_distance(np.array([0.5, 0.5, 0.0]), np.array([0.5, 0.5, 0.0])) == 0.0


def test_deterministic(sample_images):
    a, _ = extract_handcrafted_image_features(sample_images["coffee"])
    b, _ = extract_handcrafted_image_features(sample_images["coffee"].copy())
    np.testing.assert_array_equal(a, b)


# --- the vectorised pieces equal straightforward per-cell references (the original loop implementations) ---

from music_visual.features import visual_handcrafted as vh  # noqa: E402


def _ref_colour_moments(hsv, grid=3):
    out = []
    for rs, cs in [(slice(None), slice(None))] + vh._grid_cells(*hsv.shape[:2], grid):
        x = hsv[rs, cs].reshape(-1, 3)
        mean = x.mean(axis=0)
        out += [mean, x.std(axis=0), np.cbrt(((x - mean) ** 3).mean(axis=0))]
    return np.concatenate(out)


def _ref_colour_layout(ycbcr, grid=8):
    import scipy.fft

    cells = vh._grid_cells(*ycbcr.shape[:2], grid)
    means = np.array([ycbcr[rs, cs].reshape(-1, 3).mean(axis=0) for rs, cs in cells]).reshape(grid, grid, 3)
    return np.concatenate([scipy.fft.dctn(means[..., c], norm="ortho").ravel() for c in range(3)])


def _ref_edge_orientation(grey, bins=8, grid=4):
    from scipy import ndimage

    gx, gy = ndimage.sobel(grey, axis=1), ndimage.sobel(grey, axis=0)
    magnitude = np.hypot(gx, gy)
    edges = magnitude > max(0.1 * magnitude.max(), 1e-6)
    idx = np.minimum((np.mod(np.arctan2(gy, gx), np.pi) / np.pi * bins).astype(int), bins - 1)
    cells = vh._grid_cells(*grey.shape, grid)
    counts = [np.bincount(idx[rs, cs][edges[rs, cs]], minlength=bins) / edges[rs, cs].size for rs, cs in cells]
    return np.concatenate(counts)


def _ref_lbp(grey, grid=4):
    from skimage.feature import local_binary_pattern

    codes = local_binary_pattern((grey * 255).astype(np.uint8), P=8, R=1, method="uniform").astype(int)
    cells = vh._grid_cells(*grey.shape, grid)
    return np.concatenate([vh._l1(np.bincount(codes[rs, cs].ravel(), minlength=10).astype(float)) for rs, cs in cells])


def _ref_wavelet(ycbcr, levels=3):
    import pywt

    out = []
    for c in range(3):
        details = pywt.wavedec2(ycbcr[..., c], "haar", level=levels)[1:]
        out += [[np.abs(band).mean(), band.std()] for level in details for band in level]
    return np.asarray(out, dtype=np.float64).ravel()


def _ref_gist(grey, grid=4):  # complex128 numpy FFTs, one cell at a time
    energy = np.abs(np.fft.ifft2(np.fft.fft2(grey - grey.mean())[None] * vh._GABOR))
    return np.array([[e[rs, cs].mean() for rs, cs in vh._grid_cells(*grey.shape, grid)] for e in energy]).ravel()


def _assert_colour_moments_close(actual, expected):
    """Means and s.d. to 1e-10; the skew as its cube (the third central moment), since a cube root turns
    summation-order noise (~1e-18) of a third moment that is truly ~0 into ~1e-6 in either implementation."""
    actual, expected = actual.reshape(-1, 3, 3), expected.reshape(-1, 3, 3)
    np.testing.assert_allclose(actual[:, :2], expected[:, :2], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(actual[:, 2] ** 3, expected[:, 2] ** 3, rtol=1e-8, atol=1e-15)


def _random_images(shape=(128, 128)):
    rng = np.random.default_rng(7)
    noise = rng.integers(0, 256, (*shape, 3), dtype=np.uint8)
    blocks = np.kron(rng.integers(0, 256, (shape[0] // 8, shape[1] // 8, 3)), np.ones((8, 8, 1))).astype(np.uint8)
    few_levels = rng.choice(np.array([0, 1, 128, 254, 255], np.uint8), size=(*shape, 3))  # many ties
    smooth = np.clip(np.add.outer(np.arange(shape[0]), np.arange(shape[1]))[..., None] * [1, 2, 0.5], 0, 255)
    return [noise, blocks, few_levels, smooth.astype(np.uint8), np.zeros((*shape, 3), np.uint8)]


@pytest.mark.parametrize("index", range(5))
def test_vectorised_pieces_match_per_cell_references(index):
    from skimage.color import rgb2hsv, rgb2ycbcr

    rgb = _random_images()[index]
    hsv = vh._rgb2hsv_uint8(rgb)
    np.testing.assert_array_equal(hsv, rgb2hsv(rgb))  # bit for bit
    ycbcr = rgb2ycbcr(rgb) / 255.0
    grey = ycbcr[..., 0]
    close = dict(rtol=1e-10, atol=1e-12)
    _assert_colour_moments_close(vh.colour_moments(hsv), _ref_colour_moments(hsv))
    np.testing.assert_allclose(vh.colour_layout(ycbcr), _ref_colour_layout(ycbcr), **close)
    np.testing.assert_array_equal(vh.edge_orientation_histogram(grey), _ref_edge_orientation(grey))
    np.testing.assert_array_equal(vh.lbp_histograms(grey), _ref_lbp(grey))
    np.testing.assert_allclose(vh.wavelet_energies(ycbcr), _ref_wavelet(ycbcr), **close)
    reference = _ref_gist(grey)  # complex64 inverse FFT: close to 1e-6 of the largest cell energy
    scale = max(np.abs(reference).max(), 1e-12)
    np.testing.assert_allclose(vh.gist_descriptor(grey), reference, rtol=0, atol=1e-6 * scale)


@pytest.mark.parametrize("shape", [(128, 128), (37, 53), (8, 8), (2, 3), (1, 1)])
@pytest.mark.parametrize("grid", [3, 4, 8])
def test_grid_helpers_match_per_cell_loops(shape, grid):
    rng = np.random.default_rng(shape[0] * 100 + grid)
    a = rng.random((2, *shape))
    cells = vh._grid_cells(*shape, grid)
    expected = np.array([[x[rs, cs].sum() for rs, cs in cells] for x in a])
    np.testing.assert_allclose(vh._grid_sums(a, grid), expected, rtol=1e-12, atol=1e-12)
    labels, sizes = vh._grid_labels(*shape, grid)
    np.testing.assert_array_equal(sizes, [a[0][rs, cs].size for rs, cs in cells])
    codes = rng.integers(0, 5, shape)
    expected_counts = np.array([np.bincount(codes[rs, cs].ravel(), minlength=5) for rs, cs in cells])
    np.testing.assert_array_equal(vh._grid_counts(codes, grid, 5), expected_counts)


@pytest.mark.parametrize("shape", [(37, 53), (16, 40), (9, 8), (3, 5)])
def test_small_or_odd_shapes_match_references(shape):
    from skimage.feature import local_binary_pattern

    rgb = _random_images((48, 48))[0][: shape[0], : shape[1]]
    hsv = vh._rgb2hsv_uint8(rgb)
    ycbcr = hsv  # any float image in [0, 1] serves here
    _assert_colour_moments_close(vh.colour_moments(hsv), _ref_colour_moments(hsv))
    np.testing.assert_allclose(vh.colour_layout(ycbcr, grid=2), _ref_colour_layout(ycbcr, grid=2), rtol=1e-10)
    if min(shape) >= 16:  # sides divisible by 8 take the direct Haar path, others pywt
        np.testing.assert_allclose(vh.wavelet_energies(ycbcr), _ref_wavelet(ycbcr), rtol=1e-10, atol=1e-12)
    grey_u8 = rgb[..., 0]
    np.testing.assert_array_equal(vh.uniform_lbp(grey_u8), local_binary_pattern(grey_u8, P=8, R=1, method="uniform"))
