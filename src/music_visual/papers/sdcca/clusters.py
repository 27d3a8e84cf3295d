"""k-means into S-DCCA's emotion clusters (Sec. III-C), initialised from annotated songs per category.

"We allocate 3 annotated audios for each 10 pre-defined categories ... to compute the initiated
mean u0. We use the k-means method to cluster all audios into 10 semantic classes based on the
emotion features." Ours:

* the emotion features are the attention model's contexts (:func:`~.emotion.score_songs`);
* the annotated songs are ``per_category`` seeded draws per ``emotion10`` category from the
  emotion songs (labelled, outside the retrieval set); centroid ``c`` starts at their mean, so
  cluster ``c`` carries category ``c``'s name. **Fallback:** a category with fewer songs uses
  those it has; one with none starts at the retrieval song farthest from the centroids already
  placed (counted in the init table);
* Lloyd's iterations over *all* retrieval songs (the paper clusters "all audios"; no labels are
  used, so the test folds' songs inform the clusters only through their audio), until no song
  changes cluster or ``max_iter``; a cluster left empty keeps its previous centroid (counted).

The clusters are the relevance of every MAP (same cluster = relevant) and the classes of the
supervised methods; :func:`agreement` says how they relate to the corpus's ``emotion10`` labels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.corpus.labels import EMOTION10


def initial_centroids(points: np.ndarray, init_features: np.ndarray, init_labels, per_category: int,
                      seed: int, categories=EMOTION10) -> tuple[np.ndarray, pd.DataFrame]:
    """One starting centroid per category, and a table of how each was made."""
    init_labels = np.asarray(init_labels, dtype=object)
    rng = np.random.default_rng(seed)
    centroids, rows = [], []
    for category in categories:
        members = np.flatnonzero(init_labels == category)
        chosen = np.sort(rng.choice(members, size=min(per_category, len(members)), replace=False))
        if len(chosen):
            centroids.append(init_features[chosen].mean(axis=0))
            rows.append({"category": category, "annotated_songs": len(chosen), "fallback": ""})
        else:
            centroids.append(None)
            rows.append({"category": category, "annotated_songs": 0, "fallback": "farthest retrieval song"})
    for i, centroid in enumerate(centroids):
        if centroid is None:
            placed = np.array([c for c in centroids if c is not None]).reshape(-1, points.shape[1])
            gaps = (((points[:, None, :] - placed[None]) ** 2).sum(axis=2).min(axis=1) if len(placed)
                    else np.zeros(len(points)))
            centroids[i] = points[int(np.argmax(gaps))]
    return np.stack(centroids).astype(np.float64), pd.DataFrame(rows)


def nearest(points: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    d2 = (points ** 2).sum(axis=1)[:, None] - 2 * points @ centroids.T + (centroids ** 2).sum(axis=1)[None, :]
    return np.argmin(d2, axis=1)


def kmeans(points: np.ndarray, centroids: np.ndarray, max_iter: int = 100) -> tuple[np.ndarray, np.ndarray, dict]:
    """Lloyd's algorithm from ``centroids``: assignments, final centroids and a record of the run."""
    centroids = np.array(centroids, dtype=np.float64)
    assign = nearest(points, centroids)
    empty_events, iterations = 0, 0
    for iterations in range(1, max_iter + 1):
        for c in range(len(centroids)):
            members = points[assign == c]
            if len(members):
                centroids[c] = members.mean(axis=0)
            else:
                empty_events += 1
        new = nearest(points, centroids)
        if np.array_equal(new, assign):
            break
        assign = new
    converged = iterations < max_iter or np.array_equal(nearest(points, centroids), assign)
    return assign, centroids, {"iterations": iterations, "converged": bool(converged),
                               "empty_cluster_events": empty_events,
                               "non_empty_clusters": int(len(np.unique(assign)))}


def agreement(cluster_names, labels) -> dict:
    """How the clusters relate to the labels: ARI, NMI, purity and the share whose cluster is named as their label."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    clusters, labels = np.asarray(cluster_names, dtype=object), np.asarray(labels, dtype=object)
    table = pd.crosstab(clusters, labels)
    return {"adjusted_rand_index": float(adjusted_rand_score(labels, clusters)),
            "normalised_mutual_information": float(normalized_mutual_info_score(labels, clusters)),
            "purity": float(table.max(axis=1).sum() / len(labels)),
            "named_as_label": float(np.mean(clusters == labels))}


def class_prior_chance(labels) -> float:
    """Share of same-class pairs among all ordered pairs of songs (the precision of a random ranking)."""
    counts = pd.Series(np.asarray(labels, dtype=object)).value_counts().to_numpy(float)
    return float((counts ** 2).sum() / counts.sum() ** 2)


def cluster_table(song_ids, assignments: np.ndarray, labels, predicted, categories=EMOTION10) -> pd.DataFrame:
    """``song_id``, ``cluster``, ``cluster_name`` (the category that seeded it), ``emotion10``, ``predicted``."""
    names = np.asarray(categories, dtype=object)
    return pd.DataFrame({"song_id": list(song_ids), "cluster": np.asarray(assignments, dtype=np.int64),
                         "cluster_name": names[np.asarray(assignments)], "emotion10": list(labels),
                         "predicted": list(predicted)})
