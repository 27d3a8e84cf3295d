"""Normalised-cut clustering of the music side (MR-CCA Sec. 3.1).

The relaxed multiway normalised cut (Shi & Malik 2000) is solved spectrally as in Ng, Jordan
& Weiss (2002):

1. a sparse, symmetric k-nearest-neighbour affinity ``W_ij = exp(-d_ij^2 / (s_i s_j))`` with
   the self-tuning local scale ``s_i`` = distance to the ``k``-th neighbour (Zelnik-Manor &
   Perona 2004); a dense affinity over 20,000 segments would need 3.2 GB;
2. the ``K`` leading eigenvectors of ``D^-1/2 W D^-1/2`` (ARPACK, start vector from ``rng``);
3. rows normalised to unit length, then k-means (``n_init`` restarts) gives the labels.

The images follow their music's cluster: callers index the images with the music labels.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import eigsh
from sklearn.cluster import KMeans
from sklearn.neighbors import NearestNeighbors


def knn_affinity(features: np.ndarray, n_neighbors: int) -> sparse.csr_matrix:
    """Symmetric self-tuning Gaussian affinity on the ``n_neighbors``-NN graph (no self-loops)."""
    n = len(features)
    k = min(n_neighbors, n - 1)
    distances, neighbours = NearestNeighbors(n_neighbors=k + 1).fit(features).kneighbors(features)
    distances, neighbours = distances[:, 1:], neighbours[:, 1:]
    local_scale = np.maximum(distances[:, -1], 1e-12)
    weights = np.exp(-distances**2 / (local_scale[:, None] * local_scale[neighbours]))
    rows = np.repeat(np.arange(n), k)
    affinity = sparse.csr_matrix((weights.ravel(), (rows, neighbours.ravel())), shape=(n, n))
    return affinity.maximum(affinity.T).tocsr()


def spectral_embedding(affinity: sparse.csr_matrix, n_clusters: int,
                       rng: np.random.Generator) -> np.ndarray:
    """Row-normalised leading eigenvectors of ``D^-1/2 W D^-1/2`` (n x n_clusters)."""
    degree = np.asarray(affinity.sum(axis=1)).ravel()
    inv_sqrt = sparse.diags(1.0 / np.sqrt(np.maximum(degree, 1e-12)))
    normalised = inv_sqrt @ affinity @ inv_sqrt
    start = rng.standard_normal(affinity.shape[0])
    _, vectors = eigsh(normalised, k=n_clusters, which="LA", v0=start)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def ncut_cluster(features: np.ndarray, n_clusters: int, rng: np.random.Generator,
                 n_neighbors: int = 10, n_init: int = 10) -> np.ndarray:
    """Normalised-cut cluster labels ``0..n_clusters-1`` for the rows of ``features``.

    Features are used as given: standardise them first if their columns differ in scale.
    """
    features = np.asarray(features, dtype=float)
    if not 1 <= n_clusters <= len(features):
        raise ValueError(f"n_clusters must be in [1, {len(features)}], got {n_clusters}")
    if n_clusters == 1:
        return np.zeros(len(features), dtype=int)
    embedding = spectral_embedding(knn_affinity(features, n_neighbors), n_clusters, rng)
    kmeans = KMeans(n_clusters=n_clusters, n_init=n_init, random_state=int(rng.integers(2**31 - 1)))
    return kmeans.fit_predict(embedding).astype(int)


def cluster_centres(features: np.ndarray, labels: np.ndarray, n_clusters: int) -> np.ndarray:
    """Mean of each cluster's rows (n_clusters x p); every cluster must be non-empty."""
    counts = np.bincount(labels, minlength=n_clusters)
    if np.any(counts == 0):
        raise ValueError(f"empty cluster(s): {np.flatnonzero(counts == 0).tolist()}")
    return np.vstack([features[labels == c].mean(axis=0) for c in range(n_clusters)])
