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
