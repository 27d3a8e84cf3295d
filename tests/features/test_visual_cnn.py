import pickle

import numpy as np
import pytest

from music_visual.features.visual_cnn import CnnFrameExtractor, export_onnx, load_torch_model, preprocess_images


@pytest.fixture(scope="module")
def extractor(onnx_model_path):
    return CnnFrameExtractor(onnx_model_path, batch_size=2, num_threads=1)


def test_onnx_matches_torch_on_real_images(extractor, sample_images):
    import torch

    images = list(sample_images.values())
    pooled, probs, _ = extractor(images)
    with torch.no_grad():
        ref_pooled, ref_probs = load_torch_model()(torch.from_numpy(preprocess_images(images)))
    np.testing.assert_allclose(pooled, ref_pooled.numpy(), atol=1e-4, rtol=0)
    np.testing.assert_allclose(probs, ref_probs.numpy(), atol=1e-4, rtol=0)


def test_shapes_probabilities_and_known_content(extractor, sample_images):
    from music_visual.features.image_tags import object_tags

    pooled, probs, flags = extractor([sample_images["chelsea"], sample_images["coffee"]])
    assert pooled.shape == (2, 1280) and probs.shape == (2, 1000)
    assert pooled.dtype == np.float32 and probs.dtype == np.float32
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    assert any("cat" in name for name, _ in object_tags(probs[0], k=5))  # skimage's chelsea is a cat
    assert object_tags(probs[1], k=1)[0][0].startswith("espresso")
    assert not any(f["blank"] for f in flags)


def test_preprocessing_is_nchw_and_normalised():
    batch = preprocess_images([np.full((300, 500, 3), 255, np.uint8), np.zeros((224, 224, 3), np.uint8)])
    assert batch.shape == (2, 3, 224, 224) and batch.dtype == np.float32
    assert np.allclose(batch[0], 1.0) and np.allclose(batch[1], -1.0)


def test_blank_image_is_finite_and_flagged(extractor):
    pooled, probs, flags = extractor([np.zeros((64, 64, 3), np.uint8)])
    assert np.isfinite(pooled).all() and np.isfinite(probs).all() and flags[0]["blank"]


def test_deterministic_and_picklable(extractor, sample_images):
    image = [sample_images["astronaut"]]
    first = extractor(image)[0]
    clone = pickle.loads(pickle.dumps(extractor))
    assert clone._session is None
    np.testing.assert_array_equal(clone(image)[0], first)
    np.testing.assert_array_equal(extractor(image)[0], first)


def test_export_is_cached(onnx_model_path):
    mtime = onnx_model_path.stat().st_mtime_ns
    assert export_onnx(onnx_model_path) == onnx_model_path
    assert onnx_model_path.stat().st_mtime_ns == mtime
