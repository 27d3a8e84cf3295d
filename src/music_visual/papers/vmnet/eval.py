"""How VM-NET's models are scored on the test gallery (Sec. V-A and V-B of the paper).

Every scorer takes ``similarity[i, j]``: music ``i`` (query) against video ``j``,
pair ``i`` being (music ``i``, video ``i``); its transpose is the video -> music task.

* :func:`gallery_metrics` -- Recall@1/10/25 (hit rates), median rank and the
  machine's GR in both directions, keys as in the paper's tables
  (``music_to_video_recall_at_10``...).
* :func:`machine_preference_for_truth` -- Table IV's machine row: the share of
  (query, random non-true item) pairs for which the model puts the true item
  closer, averaged exactly over every random item (a tie counts 1/2).
* :func:`annotator_agreement`, :func:`fit_annotator_slope` and
  :func:`simulated_preferences` -- Table IV's human rows with simulated
  annotators: an annotator shown a query and two candidates picks ``A`` with
  probability ``sigmoid(slope * (oracle(q, A) - oracle(q, B)))``, the slope
  fitted so that on the corpus's own preference annotations it agrees with the
  true pair as often as the corpus's annotators do. G = ground truth, R = a
  random item (neither G nor S), S = the model's best-ranked item other than G.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.special import expit

from music_visual.corpus import Corpus, oracle_similarity
from music_visual.metrics import recall_at_k, retrieval_metrics
from music_visual.study.references import PAIRWISE_CHANCE, rank_chance, recall_chance

KS = (1, 10, 25)
DIRECTIONS = ("music_to_video", "video_to_music")


def _directions(similarity: np.ndarray) -> dict[str, np.ndarray]:
    similarity = np.asarray(similarity, dtype=np.float64)
    if similarity.ndim != 2 or similarity.shape[0] != similarity.shape[1] or len(similarity) < 2:
        raise ValueError(f"need a square similarity of at least 2 x 2 aligned pairs, got {similarity.shape}")
    return {"music_to_video": similarity, "video_to_music": similarity.T}


def machine_preference_for_truth(similarity: np.ndarray) -> float:
    """Mean over queries ``q`` and items ``r != q`` of ``[s(q, q) > s(q, r)]`` (ties 1/2).

    >>> machine_preference_for_truth([[0.9, 0.1, 0.5], [0.5, 0.5, 0.5], [0.2, 0.8, 0.4]])
    0.6666666666666666
    """
    s = np.asarray(similarity, dtype=np.float64)
    n = len(s)
    true = np.diag(s)[:, None]
    off = ~np.eye(n, dtype=bool)
    credit = np.where(s < true, 1.0, np.where(s == true, 0.5, 0.0))
    return float(credit[off].reshape(n, n - 1).mean())


def gallery_metrics(similarity: np.ndarray, ks=KS) -> dict[str, float]:
    """Recall@K, median/mean rank and machine GR per direction, plus ``gr`` (their mean)."""
    out: dict[str, float] = {}
    for direction, sim in _directions(similarity).items():
        clipped = sorted({min(k, len(sim)) for k in ks})  # a gallery smaller than K: Recall@K = 1
        values = retrieval_metrics(sim, ks=clipped)
        out |= {f"{direction}_recall_at_{k}": values[f"recall_at_{min(k, len(sim))}"] for k in ks}
        out |= {f"{direction}_{name}": values[name] for name in ("median_rank", "mean_rank")}
        out[f"{direction}_gr"] = machine_preference_for_truth(sim)
    out["gr"] = (out["music_to_video_gr"] + out["video_to_music_gr"]) / 2
    return out


def recall_curve(similarity: np.ndarray, max_k: int = 100) -> pd.DataFrame:
    """Recall@K for K = 1..min(max_k, gallery) in both directions (long format)."""
    rows = []
    for direction, sim in _directions(similarity).items():
        ks = list(range(1, min(max_k, len(sim)) + 1))
        rows += [{"direction": direction, "k": k, "recall": v} for k, v in recall_at_k(sim, ks).items()]
    return pd.DataFrame(rows)


def annotator_agreement(corpus: Corpus) -> pd.DataFrame:
    """The corpus's preference annotations with the true song and whether the annotator picked it.

    Columns: ``query`` (the shown picture), ``true``, ``other`` (audio ids), ``picked_true``.
    Rows whose picture belongs to neither candidate song are dropped.
    """
    pref = corpus.annotations[corpus.annotations["kind"] == "preference"]
    song = corpus.items.set_index("item_id")["song_id"]
    q_song = pref["item_id"].map(song)
    left_true = pref["left_id"].map(song) == q_song
    right_true = pref["right_id"].map(song) == q_song
    keep = left_true ^ right_true
    pref, left_true = pref[keep], left_true[keep]
    return pd.DataFrame({"query": pref["item_id"].to_numpy(),
                         "true": np.where(left_true, pref["left_id"], pref["right_id"]),
                         "other": np.where(left_true, pref["right_id"], pref["left_id"]),
                         "picked_true": (pref["value"].to_numpy() == 1.0) == left_true.to_numpy()})


def fit_annotator_slope(oracle_margin: np.ndarray, target_agreement: float) -> float:
    """Slope ``b`` with ``mean(sigmoid(b * margin)) = target`` (margin = oracle(true) - oracle(other)).

    Clipped to [1e-6, 1e3] when the target is out of reach (e.g. below 1/2).
    """
    margin = np.asarray(oracle_margin, dtype=np.float64)

    def gap(b: float) -> float:
        return float(expit(b * margin).mean()) - target_agreement

    lo, hi = 1e-6, 1e3
    if gap(lo) >= 0:
        return lo
    if gap(hi) <= 0:
        return hi
    return float(brentq(gap, lo, hi, xtol=1e-8))


def corpus_annotator_slope(corpus: Corpus) -> tuple[float, float, int]:
    """``(slope, agreement, n_annotations)`` of simulated annotators calibrated on the corpus."""
    table = annotator_agreement(corpus)
    if table.empty:
        raise ValueError("the corpus has no usable preference annotations")
    queries, candidates = sorted(set(table["query"])), sorted(set(table["true"]) | set(table["other"]))
    scores = pd.DataFrame(oracle_similarity(corpus, queries, candidates), index=queries, columns=candidates)
    q_pos = scores.index.get_indexer(table["query"])
    margin = (scores.to_numpy()[q_pos, scores.columns.get_indexer(table["true"])]
              - scores.to_numpy()[q_pos, scores.columns.get_indexer(table["other"])])
    agreement = float(table["picked_true"].mean())
    return fit_annotator_slope(margin, agreement), agreement, len(table)


def _mean_excluding(values: np.ndarray, exclude: list[np.ndarray]) -> np.ndarray:
    mask = np.ones(values.shape, dtype=bool)
    rows = np.arange(len(values))
    for cols in exclude:
        mask[rows, cols] = False
    return (values * mask).sum(axis=1) / mask.sum(axis=1)


def simulated_preferences(oracle: np.ndarray, similarity: np.ndarray, slope: float) -> dict[str, float]:
    """Simulated annotators' GR, GS and SR per direction (``video_to_music_gs``...) and their means."""
    out: dict[str, float] = {}
    model = _directions(similarity)
    for direction, o in _directions(oracle).items():
        s = model[direction].copy()
        n, rows = len(o), np.arange(len(o))
        true = o[rows, rows][:, None]
        np.fill_diagonal(s, -np.inf)
        search = s.argmax(axis=1)
        out[f"{direction}_simulated_gr"] = float(_mean_excluding(expit(slope * (true - o)), [rows]).mean())
        out[f"{direction}_simulated_gs"] = float(expit(slope * (true[:, 0] - o[rows, search])).mean())
        if n > 2:
            sr = expit(slope * (o[rows, search][:, None] - o))
            out[f"{direction}_simulated_sr"] = float(_mean_excluding(sr, [rows, search]).mean())
    for name in ("gr", "gs", "sr"):
        values = [out[f"{d}_simulated_{name}"] for d in DIRECTIONS if f"{d}_simulated_{name}" in out]
        if values:
            out[f"simulated_{name}"] = float(np.mean(values))
    return out


def chance_metrics(n_gallery: int, ks=KS) -> dict[str, float]:
    """What a random ranking scores on the gallery, in :func:`gallery_metrics`'s keys
    (:mod:`music_visual.study.references`: Recall@K = K/n, median and mean rank (n+1)/2, GR 1/2)."""
    out = {}
    recall, rank = recall_chance(n_gallery, ks), rank_chance(n_gallery)
    for direction in DIRECTIONS:
        out |= {f"{direction}_recall_at_{k}": recall[k] for k in ks}
        out |= {f"{direction}_median_rank": rank, f"{direction}_mean_rank": rank, f"{direction}_gr": PAIRWISE_CHANCE}
    return out | {name: PAIRWISE_CHANCE for name in ("gr", "simulated_gr", "simulated_gs", "simulated_sr")}
