"""How S-DCCA's retrievals are scored (Sec. IV-A): MAP and precision-recall with class relevance.

Queries are a test fold's audio queries (k selected chunks, or the whole song), the gallery the
same fold's videos (the query's own video among them); a video is relevant when its song lies in
the query's emotion **cluster** (the paper's relevance), or, as a second reading, has the query's
``emotion10`` **label** (the corpus's own classes). AP is the paper's Eq. 13 over the whole
ranking, ``(1/R) sum_i P(i) rel(i)`` with ``R`` the relevant videos in the gallery, which is
scikit-learn's AP on untied scores (:func:`music_visual.metrics.average_precision`).

* **Chance** is the expected MAP of a uniformly random ranking under the gallery's class counts,
  exactly: per query ``(H_n + (r - 1)/(n - 1) (n - H_n)) / n`` with ``r`` its relevant videos
  (:func:`music_visual.metrics.expected_random_average_precision`). It is far above ``1 / 10``:
  the class prior ``sum_c n_c^2 / n^2`` plus the small-gallery term ``H_n / n``.
* **The corpus oracle** ranks the gallery by the generator's likelihood ratio that a video and
  the query's audio come from the *same song* (:func:`music_visual.corpus.oracle_similarity`);
  scored with the same class relevance it is the MAP of the best same-song retrieval the latent
  factors allow, not an upper bound on class MAP (a ranking that knew the classes would score 1).
  It reads the whole song's latent factors, so its row is the same for every query column.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.metrics import (expected_random_average_precision, mean_average_precision,
                                  precision_recall_curve, relevance_from_labels)
from music_visual.models.cross_decomposition import cosine_similarity_matrix

MEAN_QUERY = "mean"
RELEVANCES = ("cluster", "emotion10")


def class_map(similarity: np.ndarray, query_labels, gallery_labels) -> float:
    """MAP with "same label" as relevance (every query has at least its own item: no empty query)."""
    return mean_average_precision(similarity, relevance_from_labels(np.asarray(query_labels),
                                                                    np.asarray(gallery_labels)))


def chance_map(query_labels, gallery_labels) -> float:
    """Expected MAP of a random ranking under the gallery's class counts (see the module docstring).

    >>> round(chance_map(["a", "a", "b"], ["a", "a", "b"]), 4)  # (2 x 0.8056 + 0.6111) / 3
    0.7407
    """
    gallery = pd.Series(np.asarray(gallery_labels, dtype=object)).value_counts()
    relevant = np.array([int(gallery.get(q, 0)) for q in np.asarray(query_labels, dtype=object)])
    if (relevant < 1).any():
        raise ValueError("a query has no relevant item in the gallery")
    return float(np.mean(expected_random_average_precision(len(np.asarray(gallery_labels)), relevant)))


def metric_name(query: str, relevance: str = "cluster") -> str:
    """``map_attention_2_6``, ``map_mean``, ``map_emotion10_random_1_3``..."""
    return f"map_{query}" if relevance == "cluster" else f"map_{relevance}_{query}"


def scores_from_similarities(similarities: dict[str, np.ndarray], clusters, labels) -> dict[str, float]:
    """MAP per query key and relevance, plus ``video_to_audio_map_mean`` (the reverse direction)."""
    out = {}
    for query, sim in similarities.items():
        out[metric_name(query)] = class_map(sim, clusters, clusters)
        out[metric_name(query, "emotion10")] = class_map(sim, labels, labels)
    if MEAN_QUERY in similarities:
        out["video_to_audio_map_mean"] = class_map(similarities[MEAN_QUERY].T, clusters, clusters)
    return out


def embedding_scores(query_embeddings: dict[str, np.ndarray], gallery: np.ndarray, clusters, labels) -> dict:
    """:func:`scores_from_similarities` of cosine similarities in a shared space."""
    return scores_from_similarities({q: cosine_similarity_matrix(e, gallery) for q, e in query_embeddings.items()},
                                    clusters, labels)


def reference_scores(similarity: np.ndarray, queries, clusters, labels) -> dict[str, float]:
    """A fixed scorer (the oracle) that ignores which chunks are queried: the same matrix for every key."""
    return scores_from_similarities({q: similarity for q in queries}, clusters, labels)


def chance_scores(queries, clusters, labels) -> dict[str, float]:
    """Chance in :func:`scores_from_similarities`' keys."""
    out = {}
    for q in queries:
        out[metric_name(q)] = chance_map(clusters, clusters)
        out[metric_name(q, "emotion10")] = chance_map(labels, labels)
    if MEAN_QUERY in queries:
        out["video_to_audio_map_mean"] = chance_map(clusters, clusters)
    return out


def recall_grid(n_points: int) -> np.ndarray:
    return np.linspace(0.0, 1.0, n_points + 1)[1:]


def pr_points(similarity: np.ndarray, query_labels, gallery_labels, n_points: int) -> pd.DataFrame:
    """Mean precision at ``n_points`` recall levels: the query-averaged (recall@n, precision@n) curve,
    n = 1..gallery (the paper's "changing the number of music videos output"), interpolated linearly."""
    _, precision, recall = precision_recall_curve(
        similarity, relevance_from_labels(np.asarray(query_labels), np.asarray(gallery_labels)))
    grid = recall_grid(n_points)
    return pd.DataFrame({"recall": grid, "precision": np.interp(grid, recall, precision)})
