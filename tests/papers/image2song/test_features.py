"""Image2song's inputs on hand-set arrays."""

import numpy as np

from music_visual.features.image_tags import N_OBJECT_CLASSES
from music_visual.papers.image2song.features import lyric_sequences, pooled_tag_vectors, tag_slice, top_tags


def test_top_tags_per_tag_set():
    tags = np.zeros((1, 1023), np.float32)
    tags[0, [5, 7, 9, 11, 13, 15]] = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
    tags[0, N_OBJECT_CLASSES + np.array([0, 3, 4])] = [0.3, 0.95, 0.5]
    assert top_tags(tags, "obj", 5)[0].tolist() == [5, 7, 9, 11, 13]
    assert top_tags(tags, "attr", 2)[0].tolist() == [N_OBJECT_CLASSES + 3, N_OBJECT_CLASSES + 4]
    assert top_tags(tags, "obj_attr", 5)[0].tolist() == [5, 7, 9, N_OBJECT_CLASSES + 3, N_OBJECT_CLASSES + 4]
    assert tags[:, tag_slice("attr")].shape == (1, 23)


def test_pooling_skips_tags_without_a_vector():
    vectors = np.array([[1.0, 0.0], [3.0, 4.0], [9.0, 9.0]], np.float32)
    has = np.array([True, True, False])
    pooled = pooled_tag_vectors(np.array([[0, 1, 2], [2, 2, 2]]), vectors, has)
    assert np.allclose(pooled["avg"][0], [2.0, 2.0]) and np.allclose(pooled["max"][0], [3.0, 4.0])
    assert np.all(pooled["avg"][1] == 0) and np.all(pooled["max"][1] == 0)


def test_lyric_sequences_pad_with_zero():
    class Glove:
        def vectors(self, words):
            return np.arange(len(words) * 50, dtype=np.float32).reshape(len(words), 50), np.zeros(len(words), bool)

    ids, lengths, vocab, emb = lyric_sequences(["a", "b"], {"a": ["moon", "star", "moon"], "b": ["sky"]}, Glove(), 2)
    assert vocab == ["moon", "sky", "star"] and lengths.tolist() == [2, 1]
    assert ids.tolist() == [[1, 3], [2, 0]] and np.all(emb[0] == 0) and emb.shape == (4, 50)
