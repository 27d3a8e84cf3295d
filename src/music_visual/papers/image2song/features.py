"""Image2song's inputs: image tag vectors and tag words, lyric word sequences, bags of words and moods.

**Image tags** (substitute, :mod:`music_visual.features.image_tags`): the paper's 515-d vector of 266
object and 249 attribute probabilities from a VGG Faster R-CNN fine-tuned on Visual Genome becomes the
``cnn_images`` family's 1023-d vector: 1000 ImageNet class probabilities of EfficientNet-Lite0 (*object*
tags) and 23 measured attributes (11 colour-term shares, 12 appearance scores: *attribute* tags). The three
tag sets of Table 2 are its object part (``obj``, 1000-d), its attribute part (``attr``, 23-d) and both
(``obj_attr``, 1023-d).

**Tag words for the attention**: the top ``top_k`` tags of the set (the paper: 5) -- for ``obj_attr`` the top
``top_k - top_k // 2`` objects and the top ``top_k // 2`` attributes, because ImageNet probabilities and
pixel shares are not on one scale (the paper sorts one detector's probabilities). A tag's vector is the mean
GloVe vector of its words (``"Granny Smith apple"``: three words); the tag matrix is pooled into the
attention vector by its average (the paper's choice) or maximum (Table 5). An image whose top object
probability is below ``tag_threshold`` keeps its top tags all the same (the ranking is still the
detector's best guess) and is counted as *unconfident*.

**Lyrics**: the paper's preprocessing (lower case, non-alphanumerics and stop words removed,
:func:`~music_visual.features.text.preprocess_lyrics`), words outside GloVe 6B dropped (counted in 01), at
most ``max_words`` words; word ids into an embedding matrix of the view's vocabulary filled with the
frozen GloVe 6B 50-d vectors (substitute for the paper's word2vec Google News vectors). Also the mean word
vector (CONSE, the Schwarz et al. baseline, the two-tower), TF-IDF bags of words fitted on each protocol's
training lyrics (BoW), and the mood: the GloVe vector of the song's mood word, zero with a flag where the
song has none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.features.image_tags import (ATTRIBUTE_NAMES, N_OBJECT_CLASSES, imagenet_tag_names, tag_words)
from music_visual.features.text import GLOVE_DIM, GloveVectors, fit_tfidf, tfidf_features

TAG_SETS = ("obj", "attr", "obj_attr")
POOLINGS = ("avg", "max")


def tag_slice(tag_set: str) -> slice:
    """The columns of the 1023-d tag vector that form a tag set."""
    return {"obj": slice(0, N_OBJECT_CLASSES), "attr": slice(N_OBJECT_CLASSES, None),
            "obj_attr": slice(0, None)}[tag_set]


def tag_names(tag_set: str) -> list[str]:
    return list(_all_names()[tag_slice(tag_set)])


def top_tags(tags: np.ndarray, tag_set: str, k: int) -> np.ndarray:
    """(n_images, k) column indices into the full 1023-d vector of each image's top tags (see the docstring)."""
    obj, attr = tags[:, :N_OBJECT_CLASSES], tags[:, N_OBJECT_CLASSES:]

    def best(block, n, offset):
        return np.argsort(-block, axis=1, kind="stable")[:, :n] + offset

    if tag_set == "obj":
        return best(obj, k, 0)
    if tag_set == "attr":
        return best(attr, min(k, attr.shape[1]), N_OBJECT_CLASSES)
    return np.concatenate([best(obj, k - k // 2, 0), best(attr, k // 2, N_OBJECT_CLASSES)], axis=1)


@lru_cache(maxsize=1)
def _all_names() -> tuple[str, ...]:
    return tuple(imagenet_tag_names()) + tuple(ATTRIBUTE_NAMES)


def tag_word_vectors(glove: GloveVectors) -> tuple[np.ndarray, np.ndarray]:
    """(1023, 50) mean GloVe vector of every tag's words and a (1023,) mask of tags with one."""
    out, ok = np.zeros((len(_all_names()), GLOVE_DIM), np.float32), np.zeros(len(_all_names()), bool)
    for i, name in enumerate(_all_names()):
        words = [w for w in tag_words(name) if w in glove]
        if words:
            out[i] = glove.vectors(words)[0].mean(axis=0)
            ok[i] = True
    return out, ok


def pooled_tag_vectors(top: np.ndarray, vectors: np.ndarray, has_vector: np.ndarray) -> dict[str, np.ndarray]:
    """The attention vector of every image by average and max pooling over its top tags with a vector
    (zeros when none has one)."""
    mats = vectors[top]                                   # (n, k, 50)
    mask = has_vector[top][..., None]                     # (n, k, 1)
    count = mask.sum(axis=1)
    avg = np.where(count > 0, (mats * mask).sum(axis=1) / np.maximum(count, 1), 0.0)
    mx = np.where(count > 0, np.where(mask, mats, -np.inf).max(axis=1), 0.0)
    return {"avg": avg.astype(np.float32), "max": mx.astype(np.float32)}


def lyric_sequences(songs: list[str], tokens: dict[str, list[str]], glove: GloveVectors,
                    max_words: int) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """``(ids (S, L) int64 with 0 = padding, lengths (S,), vocabulary, embedding (V + 1, 50))``."""
    vocab = sorted({w for s in songs for w in tokens[s][:max_words]})
    index = {w: i + 1 for i, w in enumerate(vocab)}
    lengths = np.array([min(len(tokens[s]), max_words) for s in songs], dtype=np.int64)
    ids = np.zeros((len(songs), max(1, int(lengths.max(initial=1)))), dtype=np.int64)
    for row, s in enumerate(songs):
        words = tokens[s][:max_words]
        ids[row, :len(words)] = [index[w] for w in words]
    embedding = np.zeros((len(vocab) + 1, GLOVE_DIM), np.float32)
    if vocab:
        embedding[1:] = glove.vectors(vocab)[0]
    return ids, lengths, vocab, embedding


def mood_vectors(moods: list[str], glove: GloveVectors) -> tuple[np.ndarray, np.ndarray]:
    """(S, 50) GloVe vector of each song's mood word (mean over its words) and the (S,) has-mood flag."""
    out, flag = np.zeros((len(moods), GLOVE_DIM), np.float32), np.zeros(len(moods), np.float32)
    for i, mood in enumerate(moods):
        words = [w for w in tag_words(mood or "") if w in glove]
        if words:
            out[i], flag[i] = glove.vectors(words)[0].mean(axis=0), 1.0
    return out, flag


def tag_statistics(tags: np.ndarray, top: np.ndarray) -> dict[str, pd.DataFrame]:
    """Mean attribute scores sorted (the paper's Fig. 13) and how often each object is an image's top tag."""
    attr = pd.DataFrame({"attribute": ATTRIBUTE_NAMES, "mean score": tags[:, N_OBJECT_CLASSES:].mean(axis=0)})
    names = np.array(_all_names())
    first = pd.Series(names[top[:, 0]]).value_counts()
    return {"attributes": attr.sort_values("mean score", ascending=False).reset_index(drop=True),
            "top_objects": first.rename_axis("tag").reset_index(name="images")}


def overlap_share(top: np.ndarray, songs_of_images: list[str], tokens: dict[str, list[str]]) -> float:
    """Share of images with a top-tag word that occurs in their own song's lyric (the paper's Fig. 1 premise)."""
    names = _all_names()
    hits = []
    for row, song in zip(top, songs_of_images):
        words = {w for i in row for w in tag_words(names[i])}
        hits.append(bool(words & set(tokens[song])))
    return float(np.mean(hits)) if hits else float("nan")


def input_summary(view, inputs: "Image2songInputs", tags: np.ndarray, tag_threshold: float) -> dict:
    """What 02 reports about the inputs: sizes, unconfident images (best object probability below
    ``tag_threshold``), moods, the share of images sharing a top-tag word with their lyric, the OOV share."""
    songs_of_images = view.triplets["song_id"].tolist()
    return {
        "images": len(tags), "songs": len(inputs.song_ids), "vocabulary": int(inputs.embedding.shape[0] - 1),
        "max_words": int(inputs.lyric_ids.shape[1]),
        "unconfident_images": int((tags[:, :N_OBJECT_CLASSES].max(axis=1) < tag_threshold).sum()),
        "tag_threshold": tag_threshold, "tfidf_vocabulary": {p: int(v.shape[1]) for p, v in inputs.tfidf.items()},
        "songs_with_mood_vector": int(inputs.has_mood.sum()),
        "images_sharing_a_tag_word_with_their_lyric": {t: overlap_share(inputs.top[t], songs_of_images, view.tokens)
                                                       for t in TAG_SETS},
        "oov_share_of_lyric_words": float(1 - view.songs["n_in_vocabulary"].sum() / max(1, view.songs["n_tokens"].sum())),
    }


def tag_examples(view, inputs: "Image2songInputs", n: int = 6, n_words: int = 6) -> pd.DataFrame:
    """The first ``n`` images: their top tags per tag set and their lyric's most frequent words."""
    from collections import Counter

    names = _all_names()
    examples = view.triplets.head(n)[["image_id", "song_id"]].copy()
    for tag_set in TAG_SETS:
        examples[f"top {tag_set} tags"] = [", ".join(names[i] for i in inputs.top[tag_set][r]) for r in range(len(examples))]
    examples["lyric words (most frequent)"] = [", ".join(w for w, _ in Counter(view.tokens[s]).most_common(n_words))
                                               for s in examples["song_id"]]
    return examples


@dataclass
class Image2songInputs:
    """Everything the models read, aligned with the view: images in ``triplets`` order, songs in ``songs``
    order."""

    image_ids: np.ndarray
    image_song: np.ndarray          # (n_images,) row of each image's song
    tags: np.ndarray                # (n_images, 1023)
    attention: dict                 # (tag_set, pooling) -> (n_images, 50)
    top: dict                       # tag_set -> (n_images, k) tag indices
    song_ids: np.ndarray
    lyric_ids: np.ndarray           # (n_songs, L)
    lengths: np.ndarray
    embedding: np.ndarray           # (V + 1, 50)
    mean_vectors: np.ndarray        # (n_songs, 50)
    mood: np.ndarray                # (n_songs, 50)
    has_mood: np.ndarray
    tfidf: dict                     # protocol -> (n_songs, vocabulary)
    roles: dict                     # protocol -> (n_images,) role strings

    def tag_vectors(self, tag_set: str) -> np.ndarray:
        return self.tags[:, tag_slice(tag_set)]

    def save(self, folder: str | Path) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {"image_ids": self.image_ids, "image_song": self.image_song, "tags": self.tags,
                  "song_ids": self.song_ids, "lyric_ids": self.lyric_ids, "lengths": self.lengths,
                  "embedding": self.embedding, "mean_vectors": self.mean_vectors, "mood": self.mood,
                  "has_mood": self.has_mood}
        arrays |= {f"attention__{t}__{p}": v for (t, p), v in self.attention.items()}
        arrays |= {f"top__{t}": v for t, v in self.top.items()}
        arrays |= {f"tfidf__{p}": v for p, v in self.tfidf.items()}
        arrays |= {f"roles__{p}": v for p, v in self.roles.items()}
        np.savez(folder / "inputs.npz", **arrays)
        return folder / "inputs.npz"

    @classmethod
    def load(cls, folder: str | Path) -> "Image2songInputs":
        return _load_cached(str(Path(folder) / "inputs.npz"))


@lru_cache(maxsize=2)
def _load_cached(path: str) -> Image2songInputs:
    if not Path(path).is_file():
        from music_visual.errors import StudyError

        raise StudyError(f"no Image2song inputs at {path}: run `dvc repro image2song_02_features`")
    with np.load(path, allow_pickle=False) as z:
        data = {k: z[k] for k in z.files}

    def group(prefix):
        return {tuple(k.split("__")[1:]) if k.count("__") > 1 else k.split("__")[1]: v
                for k, v in data.items() if k.startswith(prefix + "__")}

    plain = {k: v for k, v in data.items() if "__" not in k}
    return Image2songInputs(**plain, attention=group("attention"), top=group("top"), tfidf=group("tfidf"),
                            roles=group("roles"))


def build_inputs(view, tags: np.ndarray, glove: GloveVectors, top_k: int, max_words: int,
                 tfidf_min_df: int) -> Image2songInputs:
    """All model inputs of a view (``tags``: the 1023-d vectors of the view's images, in triplet order)."""
    songs = view.songs["song_id"].tolist()
    row_of = {s: i for i, s in enumerate(songs)}
    table = view.triplets
    vectors, has_vector = tag_word_vectors(glove)
    attention, top = {}, {}
    for tag_set in TAG_SETS:
        top[tag_set] = top_tags(tags, tag_set, top_k)
        for pooling, pooled in pooled_tag_vectors(top[tag_set], vectors, has_vector).items():
            attention[tag_set, pooling] = pooled
    ids, lengths, _, embedding = lyric_sequences(songs, view.tokens, glove, max_words)
    means = np.stack([embedding[ids[i, :lengths[i]]].mean(axis=0) for i in range(len(songs))]).astype(np.float32)
    mood, has_mood = mood_vectors(view.songs["mood"].tolist(), glove)
    texts = [" ".join(view.tokens[s]) for s in songs]
    tfidf = {}
    for protocol in ("da", "db"):
        train_songs = set(table.loc[table[protocol] == "train", "song_id"])
        vectorizer = fit_tfidf([t for s, t in zip(songs, texts) if s in train_songs], min_df=tfidf_min_df)
        tfidf[protocol] = tfidf_features(vectorizer, texts)
    return Image2songInputs(
        image_ids=table["image_id"].to_numpy(str), image_song=table["song_id"].map(row_of).to_numpy(np.int64),
        tags=tags.astype(np.float32), attention=attention, top=top, song_ids=np.array(songs, dtype=str),
        lyric_ids=ids, lengths=lengths, embedding=embedding, mean_vectors=means, mood=mood, has_mood=has_mood,
        tfidf=tfidf, roles={p: table[p].to_numpy(str) for p in ("da", "db")})


def write_json(path: str | Path, payload: dict) -> Path:
    Path(path).write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    return Path(path)
