import pickle

import numpy as np
import pytest

from music_visual.features.text import GloveVectors, fit_tfidf, hashed_vector, preprocess_lyrics, tfidf_features


@pytest.fixture(scope="module")
def glove():
    return GloveVectors()


def test_preprocessing_removes_punctuation_case_and_stop_words():
    assert preprocess_lyrics("Oh, the SNOW is falling... on Christmas-Eve!! (2x)") == [
        "oh", "snow", "falling", "christmas", "eve", "2x",
    ]  # fmt: skip


def test_oov_policies(glove):
    tokens = ["snow", "qqzzxxv", "love"]
    zero, mask = glove.vectors(tokens, oov="zero")
    assert zero.shape == (3, 50) and zero.dtype == np.float32 and mask.tolist() == [False, True, False]
    assert not zero[1].any() and zero[0].any()
    skip, _ = glove.vectors(tokens, oov="skip")
    np.testing.assert_array_equal(skip, zero[[0, 2]])
    hashed, _ = glove.vectors(tokens, oov="hash")
    np.testing.assert_array_equal(hashed[1], GloveVectors().vectors(["qqzzxxv"], oov="hash")[0][0])
    assert np.linalg.norm(hashed[1]) == pytest.approx(glove.mean_norm(), rel=1e-5)
    with pytest.raises(ValueError):
        glove.vectors(tokens, oov="unk")


def test_glove_similarity_is_meaningful(glove):
    v, _ = glove.vectors(["king", "queen", "banana"])
    cos = lambda a, b: a @ b / np.linalg.norm(a) / np.linalg.norm(b)  # noqa: E731
    assert cos(v[0], v[1]) > cos(v[0], v[2])


def test_mean_vector_of_all_oov_is_zero_and_reported(glove):
    vector, info = glove.mean_vector(["qqzzxxv", "zzqqvvx"])
    assert not vector.any() and info == {"n_tokens": 2.0, "oov_rate": 1.0, "no_vector": 1.0}


def test_hashed_vector_is_deterministic():
    np.testing.assert_array_equal(hashed_vector("abc"), hashed_vector("abc"))
    assert not np.array_equal(hashed_vector("abc"), hashed_vector("abd"))


def test_tfidf_is_fitted_on_training_docs_only():
    vectorizer = fit_tfidf(["snow falls on the town", "love me tender, love me sweet"])
    restored = pickle.loads(pickle.dumps(vectorizer))
    rows = tfidf_features(restored, ["snow snow unseenword", "unseenword"])
    vocab = list(restored.get_feature_names_out())
    assert "unseenword" not in vocab and rows.shape == (2, len(vocab))
    assert rows[0, vocab.index("snow")] == pytest.approx(1.0) and not rows[1].any()


def test_glove_is_picklable_without_tables(glove):
    glove.vectors(["snow"])
    clone = pickle.loads(pickle.dumps(glove))
    assert clone._index is None and "snow" in clone
