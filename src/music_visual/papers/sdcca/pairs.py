"""S-DCCA's training pairs: one-to-one (basic) and same-cluster pairs across videos (extend1, extend2).

Sec. IV-D: the basic models train on the one-to-one (audio, video) pairs of the music videos;
"the -extend1 model uses 50 % of all music videos of a cluster to form training pairs with each
audio in the cluster, and the -extend2 model applies 100 %". Ours, on a fold's training songs:

* ``basic``: ``(i, i)`` for every training song;
* ``extend1``: ``(i, i)`` plus, for every audio ``i``, a seeded ``round(share * (n_c - 1))`` of
  the *other* training videos of its cluster (``share = extend1_share``, 0.5);
* ``extend2``: ``(i, i)`` plus every other training video of its cluster.

The paper's counts ("around 0.8 million" and "1.5 million" pairs from 8,000 songs in 10 clusters)
are not what its own rule gives (100 % of ~800 songs per cluster is ~6.4 million); we follow the
rule. A cluster with one training song adds no pair (counted by :func:`pair_counts`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SCHEMES = ("basic", "extend1", "extend2")


def training_pairs(clusters: np.ndarray, scheme: str, share: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(audio_rows, video_rows)`` of the pair set; the one-to-one pairs come first, in row order."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown pair scheme {scheme!r}; expected one of {SCHEMES}")
    if not 0 < share <= 1:
        raise ValueError(f"share must lie in (0, 1], got {share}")
    clusters = np.asarray(clusters)
    n = len(clusters)
    audio, video = [np.arange(n)], [np.arange(n)]
    if scheme != "basic":
        rng = np.random.default_rng(seed)
        for i in range(n):
            others = np.flatnonzero((clusters == clusters[i]) & (np.arange(n) != i))
            if scheme == "extend1":
                others = np.sort(rng.choice(others, size=int(round(share * len(others))), replace=False))
            audio.append(np.full(len(others), i))
            video.append(others)
    return np.concatenate(audio).astype(np.int64), np.concatenate(video).astype(np.int64)


def pair_counts(clusters: np.ndarray, share: float = 0.5, seed: int = 0) -> pd.DataFrame:
    """Pairs per scheme and how many training songs sit alone in their cluster (no extra pair)."""
    clusters = np.asarray(clusters)
    sizes = pd.Series(clusters).value_counts()
    alone = int((sizes == 1).sum())
    return pd.DataFrame([{"scheme": s, "pairs": len(training_pairs(clusters, s, share, seed)[0]),
                          "songs": len(clusters), "songs alone in their cluster": alone} for s in SCHEMES])
