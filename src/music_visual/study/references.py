"""The reference rows every table carries: chance and the corpus oracle, as methods like any other.

A reference is a fixed scorer, so its row repeats over seeds (zero spread) and tables,
summaries and claims treat it like a trained method (:func:`reference_rows`). Chance
levels of the study's metrics, in closed form:

* Recall@K of a random ranking of ``n`` items: ``min(K, n) / n`` (:func:`recall_chance`);
* its expected rank: ``(n + 1) / 2`` (:func:`rank_chance`);
* a pairwise preference (consistency, GR...): 1/2 (:data:`PAIRWISE_CHANCE`; ties count 1/2).

The oracle is the generator's own score of a pair (:func:`music_visual.corpus.oracle_similarity`,
MR-CCA's pair scores built on it), computed by each paper on its own test pairs.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

from music_visual.metrics.chance import expected_random_recall_at_k

PAIRWISE_CHANCE = 0.5
CHANCE, ORACLE = "chance", "oracle"


def recall_chance(n_gallery: int, ks: Iterable[int]) -> dict[int, float]:
    """``{K: min(K, n) / n}``: Recall@K (hit rate) of a random ranking of ``n_gallery`` items.

    >>> recall_chance(400, [1, 10, 1000])
    {1: 0.0025, 10: 0.025, 1000: 1.0}
    """
    return {int(k): float(expected_random_recall_at_k(n_gallery, min(int(k), n_gallery))) for k in ks}


def rank_chance(n_gallery: int) -> float:
    """Expected (and median) rank of the true item in a random ranking: ``(n + 1) / 2``."""
    return (n_gallery + 1) / 2


def reference_rows(name: str, metrics: Mapping[str, float], seeds: Iterable, unit: str = "seed",
                   **columns) -> pd.DataFrame:
    """Per-seed rows for a fixed scorer: ``method = run = name``, the same ``metrics`` at every seed."""
    return pd.DataFrame([{"method": name, unit: s, "run": name, **columns, **metrics} for s in seeds])
