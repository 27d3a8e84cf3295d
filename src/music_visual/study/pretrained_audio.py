"""Hand-crafted vs pretrained audio (Prétet et al.'s question): the tables and verdicts shared by
``notebooks/compare/02_pretrained_audio.ipynb`` (VM-NET's protocol) and S-DCCA's 03/04 (its VGGish role).

A method is trained on the same pairs, split and video features with two music inputs, ``hand-crafted`` (the
paper's librosa recipe) and ``musicnn`` (the pretrained MusiCNN embedding of the ``musicnn_audio`` family), at
the same seeds (and folds), so every difference is paired. :func:`paired_table` gives the difference with its
95 % interval over the paired units and, where per-query scores are given, a paired bootstrap over the test
queries (the only uncertainty of a deterministic method evaluated on one gallery).
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from music_visual.metrics.bootstrap import bootstrap_mean_ci
from music_visual.metrics.ranking import tie_counts
from music_visual.metrics.ties import hit_from_tie_counts
from music_visual.models.cross_decomposition import cosine_similarity_matrix
from music_visual.study.claims import INCONCLUSIVE, NOT_TESTABLE
from music_visual.reporting.tables import format_mean_ci
from music_visual.study.references import CHANCE, ORACLE
from music_visual.study.summaries import as_nested, paired_difference, summarize

HAND_CRAFTED, PRETRAINED = "hand-crafted", "musicnn"
AUDIO_LABELS = {HAND_CRAFTED: "hand-crafted (the paper's librosa recipe)",
                PRETRAINED: "pretrained: MusiCNN (MSD) embedding"}
KS = (1, 10, 25)


def query_scores(music: np.ndarray, video: np.ndarray, ks: Sequence[int] = KS) -> np.ndarray:
    """Per test pair: the mean over both directions and ``ks`` of its hit (its expected value under ties), so
    that the mean over pairs is the mean of the six Recall@K figures."""
    sim = cosine_similarity_matrix(music, video)
    hits = []
    for s in (sim, sim.T):
        counts = tie_counts(s)
        hits += [hit_from_tie_counts(*counts, k=min(k, len(s)), ties="expected") for k in ks]
    return np.mean(hits, axis=0)


def run_query_scores(artifacts: Path, per_seed: pd.DataFrame, method: str) -> np.ndarray:
    """Per test pair, :func:`query_scores` of ``method``'s saved test embeddings (``music``, ``video``) averaged
    over its seeds (``artifacts/embeddings/<run>_seed<s>.npz``, as VM-NET's runner writes them)."""
    rows = per_seed[per_seed["method"] == method]
    scores = []
    for run, seed in zip(rows["run"], rows["seed"]):
        with np.load(Path(artifacts) / "embeddings" / f"{run}_seed{int(seed)}.npz") as z:
            scores.append(query_scores(z["music"], z["video"]))
    return np.mean(scores, axis=0)


def _keyed(per_seed: pd.DataFrame) -> pd.DataFrame:
    """``per_seed`` with a ``key`` column: ``"<method>|<audio>"``, or the method alone for a reference row."""
    return per_seed.assign(key=[f"{m}|{a}" if a else m for m, a in zip(per_seed["method"], per_seed["audio"])])


def paired_table(per_seed: pd.DataFrame, methods: Sequence[str], metrics: Sequence[str],
                 query_scores_of: Mapping[tuple[str, str], np.ndarray] | None = None,
                 a: str = PRETRAINED, b: str = HAND_CRAFTED, seed: int = 0) -> pd.DataFrame:
    """Per method: the mean of ``metrics`` with input ``a`` minus input ``b`` in percentage points.

    Two intervals: over seeds (paired by seed; ``per_seed`` has ``method``, ``audio`` and ``seed`` columns)
    and, when ``query_scores_of[(method, input)]`` gives per-test-pair scores, a paired bootstrap over the
    test pairs. The verdict ("<a> better", "<b> better", inconclusive) reads the seed interval, or the query
    interval where the seeds cannot vary the result (a deterministic method such as CCA gives the same fit at
    every seed: zero spread, no information).
    """
    rows = []
    keyed = _keyed(per_seed)
    for method in methods:
        diff = paired_difference(keyed, f"{method}|{a}", f"{method}|{b}", list(metrics), key="key")
        row = {"method": method, "difference (points)": None if diff is None else 100 * diff["mean"],
               "seeds": None if diff is None else diff["n_seeds"], "seed ci95": None, "query ci95": None}
        seed_ok = diff is not None and diff["ci95_low"] is not None and (diff["std"] or 0.0) > 0
        if seed_ok:
            row["seed ci95"] = (100 * diff["ci95_low"], 100 * diff["ci95_high"])
        if query_scores_of and (method, a) in query_scores_of and (method, b) in query_scores_of:
            d = query_scores_of[method, a] - query_scores_of[method, b]
            row["query ci95"] = tuple(100 * v for v in bootstrap_mean_ci(d, seed=seed))
        interval, basis = (row["seed ci95"], "seeds") if seed_ok else (row["query ci95"], "test pairs")
        if interval is None:
            row |= {"verdict": NOT_TESTABLE, "interval over": ""}
        else:
            low, high = interval
            verdict = f"{a} better" if low > 0 else f"{b} better" if high < 0 else INCONCLUSIVE
            row |= {"verdict": verdict, "interval over": basis}
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in ("seed ci95", "query ci95"):
        out[col] = [None if v is None else f"[{v[0]:.2f}, {v[1]:.2f}]" for v in out[col]]
    return out


def keyed_summaries(per_seed: pd.DataFrame, metrics: Sequence[str]) -> dict:
    """``{"<method>|<audio>" or reference name: {metric: summary over seeds}}`` (the metrics-file shape)."""
    return as_nested(summarize(_keyed(per_seed), "key", list(metrics)), key="key")


def summary_table(per_seed: pd.DataFrame, methods: Sequence[str], metrics: Sequence[str],
                  labels: Mapping[str, str] = AUDIO_LABELS, references: Sequence[str] = (ORACLE, CHANCE)) -> pd.DataFrame:
    """Rows (method, audio input) then the references; cells ``mean ± CI half-width`` in %."""
    nested = keyed_summaries(per_seed, metrics)
    rows = []
    for method in methods:
        for audio, label in labels.items():
            rows.append({"method": method, "audio": label,
                         **{m: format_mean_ci(nested.get(f"{method}|{audio}", {}).get(m), 100.0) for m in metrics}})
    for ref in references:
        rows.append({"method": ref, "audio": "", **{m: format_mean_ci(nested.get(ref, {}).get(m), 100.0)
                                                    for m in metrics}})
    return pd.DataFrame(rows)


def differences_record(differences: pd.DataFrame) -> dict:
    """:func:`paired_table` as ``{method: {column: value}}`` for the metrics file (absent intervals left out)."""
    return {r["method"]: {k: v for k, v in r.items() if k != "method" and (isinstance(v, str) or pd.notna(v))}
            for r in differences.to_dict("records")}


def paired_units(hand_crafted: pd.DataFrame, pretrained: pd.DataFrame, units: Sequence[str] = ("fold", "seed"),
                 references: Sequence[str] = (CHANCE, ORACLE)) -> pd.DataFrame:
    """The two inputs' per-run rows in one frame for :func:`paired_table` and :func:`summary_table`: an
    ``audio`` column (``""`` for the reference rows), and ``seed`` replaced by one id per ``units`` combination
    (S-DCCA pairs its runs by fold and seed). Only the pretrained input's methods and the references are kept."""
    methods = set(pretrained["method"])
    hand = hand_crafted[hand_crafted["method"].isin(methods | set(references))]
    frames = [hand.assign(audio=np.where(hand["method"].isin(references), "", HAND_CRAFTED)),
              pretrained.assign(audio=PRETRAINED)]
    out = pd.concat(frames, ignore_index=True)
    out["seed"] = out[list(units)].astype(str).agg("/".join, axis=1)
    return out
