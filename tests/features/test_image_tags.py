import numpy as np
import pytest

from music_visual.features.image_tags import (
    ATTRIBUTE_NAMES, TAG_VECTOR_DIM, attribute_probabilities, attribute_tags, image_tag_vector, image_tag_words,
    imagenet_tag_names,
)  # fmt: skip


def test_red_image_attribute_tag_says_red():
    probs = attribute_probabilities(np.full((32, 32, 3), (220, 20, 30), np.uint8))
    assert attribute_tags(probs[:11], k=1)[0] == ("red", pytest.approx(1.0))
    assert probs[ATTRIBUTE_NAMES.index("warm")] == pytest.approx(1.0)


@pytest.mark.parametrize("rgb,colour", [((250, 250, 250), "white"), ((5, 5, 5), "black"), ((20, 60, 220), "blue")])
def test_colour_terms(rgb, colour):
    probs = attribute_probabilities(np.full((8, 8, 3), rgb, np.uint8))
    assert attribute_tags(probs[:11], k=1)[0][0] == colour


def test_tag_vector_and_words():
    probs = np.zeros(1000)
    probs[[281, 948]] = [0.6, 0.3]  # tabby cat, Granny Smith apple
    vector = image_tag_vector(probs, np.full((16, 16, 3), (220, 20, 30), np.uint8))
    assert vector.shape == (TAG_VECTOR_DIM,) == (1023,) and vector.dtype == np.float32
    words = image_tag_words(vector, n_objects=2, n_attributes=1)
    assert words == ["tabby", "cat", "granny", "smith", "apple", "red"]
    assert len(imagenet_tag_names()) == 1000
    with pytest.raises(ValueError):
        image_tag_vector(np.zeros(10), np.zeros((4, 4, 3), np.uint8))


def test_appearance_scores_are_bounded(sample_images):
    for image in [*sample_images.values(), np.zeros((20, 20, 3), np.uint8)]:
        probs = attribute_probabilities(image)
        assert probs.shape == (23,) and np.isfinite(probs).all() and (probs >= 0).all() and (probs <= 1).all()
        np.testing.assert_allclose(probs[:11].sum(), 1.0)
