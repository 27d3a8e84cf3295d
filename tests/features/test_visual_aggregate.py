import numpy as np
import pytest

from music_visual.features.visual_aggregate import (
    PcaWhitening, VideoLevelProjection, max_pool_frames, vmnet_video_statistics,
)  # fmt: skip


def test_pca_whitening_whitens_training_rows_and_pads():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((500, 6)) @ rng.standard_normal((6, 6)) + 3.0
    pca = PcaWhitening.fit(X, n_components=8)  # only 6 directions exist
    Z = pca.transform(X)
    assert Z.shape == (500, 8) and Z.dtype == np.float32
    np.testing.assert_allclose(np.cov(Z[:, :6], rowvar=False), np.eye(6), atol=1e-3)
    np.testing.assert_array_equal(Z[:, 6:], 0.0)


def test_pca_whitening_is_deterministic_and_roundtrips(tmp_path):
    X = np.random.default_rng(1).standard_normal((50, 10))
    a, b = PcaWhitening.fit(X, 4), PcaWhitening.fit(X.copy(), 4)
    np.testing.assert_array_equal(a.transform(X), b.transform(X))
    a.save(tmp_path / "pca.npz")
    np.testing.assert_array_equal(PcaWhitening.load(tmp_path / "pca.npz").transform(X), a.transform(X))


def test_vmnet_statistics_hand_example():
    frames = np.array([[1.0, 10.0], [3.0, 30.0], [2.0, 20.0]])
    stats, flags = vmnet_video_statistics(frames, top_k=5)
    expected = [2.0, 20.0, np.std([1, 3, 2]), np.std([10, 30, 20]),
                3, 30, 2, 20, 1, 10, 1, 10, 1, 10]  # top-5 with the smallest value repeated  # fmt: skip
    np.testing.assert_allclose(stats, expected, rtol=1e-6)
    assert flags == {"no_frames": False, "fewer_frames_than_top_k": True}
    empty, flags = vmnet_video_statistics(np.zeros((0, 2)))
    assert empty.shape == (14,) and not empty.any() and flags["no_frames"]


def test_video_level_projection_is_unit_norm():
    stats = np.random.default_rng(2).standard_normal((40, 70))
    proj = VideoLevelProjection.fit(stats, n_components=16)
    out = proj.transform(stats)
    assert out.shape == (40, 16)
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1.0, rtol=1e-5)
    assert np.isfinite(proj.transform(proj.mean[None])).all()  # the mean maps to 0, not NaN


def test_max_pool():
    np.testing.assert_array_equal(max_pool_frames(np.array([[1, 5], [4, 2]])), [4, 5])
    assert max_pool_frames(np.zeros((0, 3))).shape == (3,)


def test_pca_needs_two_rows():
    with pytest.raises(ValueError):
        PcaWhitening.fit(np.zeros((1, 4)))
