"""S-DCCA's claims, tested on our per-(fold, seed) results.

A claim compares methods (or queries) **unit by unit**: a unit is one fold at one seed (same
training songs, same test songs), so the interval is over ``folds x seeds`` paired differences
(:func:`music_visual.study.summaries.paired_difference` with ``unit="unit"``), judged by the
study's rule (:func:`music_visual.study.claims.interval_verdict`). A claim that one method
beats several is *reproduced* when every difference's 95 % interval lies above 0, *not
reproduced* when any lies below 0, *inconclusive* otherwise. MAP is averaged over Table II's
columns (the k-of-c queries and the whole song) unless a claim says otherwise.

1. S-DCCA beats DCCA, C-CCA, KCCA, CCA and Multi-view (Table II).
2. Cluster information helps: C-CCA beats CCA, KCCA, DCCA and Multi-view (Sec. IV-D).
3. A few selected chunks retrieve as well as the whole song (Sec. IV-D, "close performance"):
   non-inferiority, S-DCCA's k-of-c MAP minus its whole-song MAP above -1 point.
4. More same-cluster pairs help S-DCCA: extend1 beats basic and extend2 beats extend1 (Sec. IV-D).
5. The same for C-CCA.
6. (Implied, Sec. IV-D: "the 3 chunks have most contribution of emotion ... helpful"): the chunks
   the attention selects retrieve better than randomly chosen chunks, for S-DCCA.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.papers.sdcca.paper import QUERIES, TABLE_II
from music_visual.study.claims import (INCONCLUSIVE, NOT_REPRODUCED, NOT_TESTABLE, REPRODUCED, claim_row, interval_verdict,
                                       ledger, mean_ci, paired_verdict)
from music_visual.study.summaries import paired_difference

PAPER = "sdcca"
UNIT = "unit"
NON_INFERIORITY = -0.01  # "close performance": within one MAP point of the whole song
SUBSTITUTES = ("generated corpus (the ~200 long music videos, 72 s, not MV-10K's 10,000 of 216 s); per-second "
               "log-mel statistics for VGGish; EfficientNet-Lite0 frames at 0.2 fps for YouTube-8M's Inception; "
               "the corpus's emotion10 labels (emotion model) and k-means clusters of its features for "
               "MER31K/AllMusic")


def map_columns(columns: list[str]) -> list[str]:
    return [f"map_{c.replace('/', '_')}" for c in columns]


def _all_above(diffs: list[dict | None], threshold: float = 0.0) -> str:
    if any(d is None or d.get("ci95_low") is None for d in diffs):
        return NOT_TESTABLE
    verdicts = [interval_verdict(d["ci95_low"], d["ci95_high"], True, threshold) for d in diffs]
    if NOT_REPRODUCED in verdicts:
        return NOT_REPRODUCED
    return REPRODUCED if all(v == REPRODUCED for v in verdicts) else INCONCLUSIVE


def _level(rows: pd.DataFrame, method: str, metrics: list[str]) -> str:
    part = rows[rows["method"] == method]
    if part.empty or not set(metrics) <= set(part.columns):
        return ""
    return f"{100 * part[metrics].to_numpy(float).mean():.1f} % MAP"


def _paper_mean(method: str, columns: list[str]) -> float | None:
    if method not in TABLE_II:
        return None
    values = [TABLE_II[method][QUERIES.index(c)] for c in columns if c in QUERIES]
    return float(np.mean(values)) if values else None


def _beats(rows, claim_id, claim, winner, losers, metrics, columns, figure) -> dict:
    diffs = [paired_difference(rows, winner, b, metrics, unit=UNIT) for b in losers]
    parts = [f"{winner} - {b} {mean_ci(d)}" if d else f"{winner} - {b}: not run" for b, d in zip(losers, diffs)]
    paper = [f"{_paper_mean(winner, columns) - _paper_mean(b, columns):+.1f}" for b in losers
             if _paper_mean(winner, columns) is not None and _paper_mean(b, columns) is not None]
    return claim_row(PAPER, claim_id, claim, _all_above(diffs), paper_figure=figure + (
        f" (mean over Table II's columns: {', '.join(paper)} pp)" if paper else ""),
        ours="; ".join(parts), chance=_level(rows, "chance", metrics), oracle=_level(rows, "oracle", metrics),
        evidence=("per fold and seed, the mean MAP over " + ", ".join(columns) + " of each pair of methods; "
                  "reproduced iff every 95 % CI of the paired differences lies above 0, not reproduced iff any "
                  "lies below 0, else inconclusive. Ours: " + "; ".join(parts)), substitutes=SUBSTITUTES)


def _query_difference(rows: pd.DataFrame, method: str, a: list[str], b: list[str]) -> dict | None:
    """Summary over units of mean(a metrics) - mean(b metrics) of one method."""
    part = rows[rows["method"] == method]
    if part.empty or not set(a + b) <= set(part.columns):
        return None
    values = part.set_index(UNIT)
    from music_visual.reporting import summarize_over_seeds

    return summarize_over_seeds((values[a].mean(axis=1) - values[b].mean(axis=1)).to_numpy())


def _chunks_claim(rows, chunk_columns, method) -> dict:
    diff = _query_difference(rows, method, map_columns(chunk_columns), ["map_mean"])
    verdict = paired_verdict(diff, True, NON_INFERIORITY)
    levels = (f" (levels: k-of-c {_level(rows, method, map_columns(chunk_columns))}, whole song "
              f"{_level(rows, method, ['map_mean'])}, chance {_level(rows, 'chance', ['map_mean'])}: near chance "
              f"the test says little)")
    return claim_row(PAPER, "few_chunks_as_good_as_whole_song", "A few selected chunks retrieve as well as the whole song",
                     verdict, paper_figure="S-DCCA 21.38 / 21.43 / 21.24 (1/3, 2/6, 3/9) vs 21.76 (whole song), Table II",
                     ours=mean_ci(diff) if diff else "", chance=_level(rows, "chance", ["map_mean"]),
                     oracle=_level(rows, "oracle", ["map_mean"]),
                     evidence=(f"per fold and seed, {method}'s mean MAP over the k-of-c queries "
                               f"({', '.join(chunk_columns)}) minus its whole-song MAP; non-inferiority: reproduced "
                               f"iff the 95 % CI lies above {100 * NON_INFERIORITY:+.0f} point, not reproduced iff "
                               f"below, else inconclusive. Ours: {mean_ci(diff) if diff else 'not run'}"
                               + (levels if diff else "")), substitutes=SUBSTITUTES)


def _extend_claim(rows, claim_id, family, metrics, columns) -> dict:
    names = [family, f"{family}_extend1", f"{family}_extend2"]
    diffs = [paired_difference(rows, names[1], names[0], metrics, unit=UNIT),
             paired_difference(rows, names[2], names[1], metrics, unit=UNIT)]
    parts = [f"extend1 - basic {mean_ci(diffs[0])}" if diffs[0] else "extend1 - basic: not run",
             f"extend2 - extend1 {mean_ci(diffs[1])}" if diffs[1] else "extend2 - extend1: not run"]
    label = "S-DCCA" if family == "s_dcca" else "C-CCA"
    return claim_row(PAPER, claim_id, f"More same-cluster pairs help {label} (extend1 > basic, extend2 > extend1)",
                     _all_above(diffs), paper_figure="MAP gets higher and higher from basic to -extend1 to -extend2 "
                     "(Sec. IV-D; no numbers in Table II)", ours="; ".join(parts),
                     chance=_level(rows, "chance", metrics), oracle=_level(rows, "oracle", metrics),
                     evidence=("per fold and seed, the mean MAP over " + ", ".join(columns) + "; reproduced iff both "
                               "95 % CIs lie above 0, not reproduced iff either lies below 0, else inconclusive. "
                               "Ours: " + "; ".join(parts)), substitutes=SUBSTITUTES)


def _attention_claim(rows, configs: list[str], method) -> dict:
    attention = [f"map_attention_{c.replace('/', '_')}" for c in configs]
    random = [f"map_random_{c.replace('/', '_')}" for c in configs]
    diff = _query_difference(rows, method, attention, random)
    return claim_row(PAPER, "attention_chunks_beat_random_chunks",
                     "Attention-selected chunks retrieve better than random chunks (implied)",
                     paired_verdict(diff, True), paper_figure="implied: 'the 3 chunks have most contribution of "
                     "emotion and this kind of information is helpful for cross-modal retrieval' (Sec. IV-D)",
                     ours=mean_ci(diff) if diff else "", chance=_level(rows, "chance", attention),
                     oracle=_level(rows, "oracle", attention),
                     evidence=(f"per fold and seed, {method}'s mean MAP over the attention-selected queries "
                               f"({', '.join(configs)}) minus the same k of c chosen at random; reproduced iff the "
                               f"95 % CI lies above 0. Ours: {mean_ci(diff) if diff else 'not run'}"),
                     substitutes=SUBSTITUTES)


def claims_table(rows: pd.DataFrame, columns: list[str], main: str = "s_dcca") -> pd.DataFrame:
    """The ledger rows of the module docstring's claims; ``columns`` are Table II's columns run here."""
    metrics = map_columns(columns)
    chunks = [c for c in columns if c != "mean"]
    table = "Table II: S-DCCA 21.24-21.76 vs DCCA 18.22-18.40, C-CCA 18.51-19.73, KCCA 17.04-17.80, CCA 18.32-18.39"
    return ledger([
        _beats(rows, "s_dcca_beats_baselines", "S-DCCA beats DCCA, C-CCA, KCCA, CCA and Multi-view", main,
               ["dcca", "c_cca", "kcca", "cca", "multi_view"], metrics, columns, table + ", Multi-views 14.02-14.58"),
        _beats(rows, "cluster_information_helps", "Cluster information helps: C-CCA beats CCA, KCCA, DCCA and Multi-view",
               "c_cca", ["cca", "kcca", "dcca", "multi_view"], metrics, columns,
               "C-CCA 18.51-19.73 vs CCA 18.32-18.39, KCCA 17.04-17.80, DCCA 18.22-18.40, Multi-views 14.02-14.58"),
        _chunks_claim(rows, chunks, main),
        _extend_claim(rows, "extend_pairs_help_s_dcca", "s_dcca", metrics, columns),
        _extend_claim(rows, "extend_pairs_help_c_cca", "c_cca", metrics, columns),
        _attention_claim(rows, chunks, main),
    ])
