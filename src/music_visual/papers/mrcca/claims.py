"""The MR-CCA paper's claims, tested repeat by repeat on the sweep's runs table.

Each check reads :func:`music_visual.papers.mrcca.runner.run_sweeps`'s table (one row per
``repeat``, experiment, K, d, reference mode and method). Every experiment of one repeat is
fitted and scored on that repeat's split, so a claim is a **paired difference per repeat**:
computed inside each repeat, then summarised over repeats (mean and Student-t 95 % CI,
:func:`~music_visual.reporting.summarize_over_seeds`) and judged by
:func:`~music_visual.study.claims.paired_verdict` (:func:`~music_visual.study.claims.interval_verdict`):

* ``reproduced`` -- the 95 % CI lies on the claimed side of the threshold (0 unless stated);
* ``not reproduced`` -- it lies entirely on the other side;
* ``inconclusive`` -- it contains the threshold;
* ``not testable`` -- the experiment or a method was not run, or one repeat gives no interval.

A claim with two parts is reproduced when both are, not reproduced when either is, and
inconclusive otherwise (:func:`combined`). The claims (rules in :data:`CHECKS`):

* **R-CCA beats CCA**: per repeat, the mean over the distinct Fig. 2A/2B configurations of
  CR-CCA - C-CCA, above 0 (the paper: "CR-CCA always outperforms C-CCA");
* **MR-CCA is best**: per repeat, the mean over those configurations of MR-CCA - C-CCA and of
  MR-CCA - CR-CCA, both above 0;
* **gains flatten for K > 10**: per repeat the rise MR-CCA(K = 10) - MR-CCA(smallest K) above
  0, and the later gain, the mean over K > 10 of MR-CCA(K) - MR-CCA(10), below half the
  rise's mean (not reproduced when the rise is below 0 or the later gain above that half);
* **best 1/d about 1/6-1/8**: per repeat the best MR-CCA of Fig. 2B with d in 6..8 minus the
  best with any other d, above 0;
* **local references about as good as global ones at a fraction of the time** (Table 1): a
  non-inferiority test, local - global consistency above -1 point, and the training-time
  ratio local / global below 0.5 (the paper: +1.1 pp, 1/18.7 the time);
* **clustering helps** (implied by Fig. 2A and its explanation "too few clusters cannot model
  the whole space"; not a sentence of the paper's own list): MR-CCA at the K of Fig. 2A that
  is best on average minus one R-CCA model over all training pairs (K = 1, the ``single``
  experiment), above 0.
"""

from __future__ import annotations

import pandas as pd

from music_visual.errors import StudyError
from music_visual.papers.mrcca import paper as paper_numbers
from music_visual.reporting import summarize_over_seeds
from music_visual.study.claims import (INCONCLUSIVE, NOT_REPRODUCED, NOT_TESTABLE, REPRODUCED, claim_row, ledger,
                                       mean_ci, paired_verdict)
from music_visual.study.references import PAIRWISE_CHANCE

PAPER = "mrcca"
SWEEPS = ("fig2a", "fig2b")
CONFIG = ["n_clusters", "d", "reference_mode"]
PIVOT_K = 10
BEST_D = (6, 8)
MAX_DROP = 0.01  # non-inferiority margin of Table 1: local at most 1 point below global
MAX_TIME_RATIO = 0.5


def over_repeats(per_repeat: pd.Series) -> dict | None:
    """Mean and 95 % CI over repeats of a per-repeat difference (NaN repeats dropped); None when none is left."""
    values = per_repeat.dropna()
    return summarize_over_seeds(values.to_numpy(float)) if len(values) else None


def config_table(runs: pd.DataFrame, experiments, value: str = "consistency") -> pd.DataFrame:
    """``value`` per (repeat, distinct configuration) of ``experiments``, one column per method.

    A fit read by two experiments (Fig. 2A's K = 10 is Fig. 2B's d = 6) counts once.
    """
    rows = runs[runs["experiment"].isin(list(experiments))].drop_duplicates(["repeat", *CONFIG, "method"])
    return rows.set_index(["repeat", *CONFIG, "method"])[value].unstack("method")


def curve_table(runs: pd.DataFrame, experiment: str, along: str, method: str = "mrcca",
                value: str = "consistency") -> pd.DataFrame:
    """``value`` of ``method`` in ``experiment``: one row per repeat, one column per ``along`` (K or d)."""
    rows = runs[(runs["experiment"] == experiment) & (runs["method"] == method)]
    return rows.set_index(["repeat", along])[value].unstack(along).sort_index(axis=1)


def per_repeat_gain(table: pd.DataFrame, a: str, b: str) -> pd.Series:
    """Per repeat, the mean over configurations of ``a - b`` (columns of :func:`config_table`)."""
    return (table[a] - table[b]).groupby(level="repeat").mean()


def combined(*parts: str) -> str:
    """Both (all) parts reproduced -> reproduced; any not reproduced -> not reproduced; else inconclusive.

    A part without an interval (not run, one repeat) makes the whole claim not testable.
    """
    if NOT_TESTABLE in parts:
        return NOT_TESTABLE
    if NOT_REPRODUCED in parts:
        return NOT_REPRODUCED
    return REPRODUCED if all(p == REPRODUCED for p in parts) else INCONCLUSIVE


def _ci(diff: dict | None, **fmt) -> str:
    """The summary as evidence: mean [95 % CI] (n), saying why there is no interval."""
    if diff is None:
        return "no repeat scored"
    return mean_ci(diff, **fmt) + (" -- one repeat gives no interval" if diff["ci95_low"] is None else "")


def _result(claim: str, paper: str, verdict: str, ours: str, numbers: str) -> dict:
    return {"claim": claim, "paper": paper, "verdict": verdict, "ours": ours, "numbers": numbers}


def _untestable(claim: str, paper: str, why: str) -> dict:
    return _result(claim, paper, NOT_TESTABLE, "", why)


def ranking_beats_cca(runs: pd.DataFrame) -> dict:
    claim, paper = "R-CCA beats CCA (CR-CCA > C-CCA)", "CR-CCA always above C-CCA (Fig. 2A/2B)"
    table = config_table(runs, SWEEPS)
    if table.empty or not {"c_cca", "cr_cca"} <= set(table.columns):
        return _untestable(claim, paper, "Fig. 2A/2B sweeps or C-CCA/CR-CCA not run")
    gain = over_repeats(per_repeat_gain(table, "cr_cca", "c_cca"))
    n_configs = len(table.droplevel("repeat").index.unique())
    return _result(claim, paper, paired_verdict(gain, True), mean_ci(gain),
                   f"CR-CCA - C-CCA over {n_configs} configurations {_ci(gain)}")


def mrcca_is_best(runs: pd.DataFrame) -> dict:
    claim, paper = "MR-CCA is best", "MR-CCA best of the three in all experiments"
    table = config_table(runs, SWEEPS)
    if table.empty or not {"c_cca", "cr_cca", "mrcca"} <= set(table.columns):
        return _untestable(claim, paper, "Fig. 2A/2B sweeps or one of C-CCA, CR-CCA, MR-CCA not run")
    over_c = over_repeats(per_repeat_gain(table, "mrcca", "c_cca"))
    over_cr = over_repeats(per_repeat_gain(table, "mrcca", "cr_cca"))
    parts = paired_verdict(over_c, True), paired_verdict(over_cr, True)
    ours = f"vs C-CCA {mean_ci(over_c)}; vs CR-CCA {mean_ci(over_cr)}"
    return _result(claim, paper, combined(*parts), ours,
                   f"MR-CCA - C-CCA {_ci(over_c)}: {parts[0]}; MR-CCA - CR-CCA {_ci(over_cr)}: {parts[1]}")


def gains_flatten_after_10(runs: pd.DataFrame, pivot: int = PIVOT_K) -> dict:
    claim, paper = "gains flatten for K > 10", "consistency rises with K up to 10, little after (Fig. 2A)"
    c = curve_table(runs, "fig2a", "n_clusters")
    if c.empty or pivot not in c.columns or c.columns.min() >= pivot or c.columns.max() <= pivot:
        return _untestable(claim, paper, f"Fig. 2A's MR-CCA lacks K = {pivot} or a K on either side of it")
    first = int(c.columns.min())
    rise = over_repeats(c[pivot] - c[first])
    later = over_repeats(c.loc[:, c.columns > pivot].sub(c[pivot], axis=0).mean(axis=1))
    if rise is None or later is None:
        return _untestable(claim, paper, f"no repeat with K = {first}, {pivot} and a K > {pivot} scored")
    half = rise["mean"] / 2
    parts = paired_verdict(rise, True), paired_verdict(later, False, half)
    ours = f"rise K={first}->{pivot} {mean_ci(rise)}; later K>{pivot} vs K={pivot} {mean_ci(later)}"
    return _result(claim, paper, combined(*parts), ours,
                   f"rise {_ci(rise)}: {parts[0]}; later gain {_ci(later)} against half the rise's mean "
                   f"({100 * half:+.1f} pp): {parts[1]}")


def best_reference_fraction(runs: pd.DataFrame, low: int = BEST_D[0], high: int = BEST_D[1]) -> dict:
    claim, paper = "best 1/d about 1/6-1/8", f"best 1/d around 1/{low}-1/{high} at K = 10 (Fig. 2B)"
    c = curve_table(runs, "fig2b", "d")
    inside = (c.columns >= low) & (c.columns <= high)
    if c.empty or not inside.any() or inside.all():
        return _untestable(claim, paper, f"Fig. 2B's MR-CCA lacks a d in {low}..{high} or one outside it")
    margin = over_repeats(c.loc[:, inside].max(axis=1) - c.loc[:, ~inside].max(axis=1))
    if margin is None:
        return _untestable(claim, paper, "no repeat of Fig. 2B scored")
    best_d = int(c.mean().idxmax())
    return _result(claim, paper, paired_verdict(margin, True), mean_ci(margin),
                   f"best d in {low}..{high} - best other d {_ci(margin)}; best d on average 1/{best_d}")


def local_as_good_as_global(runs: pd.DataFrame, max_drop: float = MAX_DROP,
                            max_time_ratio: float = MAX_TIME_RATIO) -> dict:
    claim = "local references about as good as global, at a fraction of the training time"
    local, glob = paper_numbers.TABLE_1["local"], paper_numbers.TABLE_1["global"]
    paper = (f"local {local['consistency']} % in {float(local['train_time_s']):.1f} s vs global "
             f"{glob['consistency']} % in {float(glob['train_time_s']):.1f} s (Table 1)")
    score = curve_table(runs, "table1", "reference_mode")
    if score.empty or not {"local", "global"} <= set(score.columns):
        return _untestable(claim, paper, "Table 1 (local and global references) not run")
    seconds = curve_table(runs, "table1", "reference_mode", value="train_time_s")
    diff = over_repeats(score["local"] - score["global"])
    ratio = over_repeats(seconds["local"] / seconds["global"])
    parts = paired_verdict(diff, True, -max_drop), paired_verdict(ratio, False, max_time_ratio)
    as_share = {"unit": " %", "signed": False}
    ours = f"local - global {mean_ci(diff)}; time local/global {mean_ci(ratio, **as_share)}"
    return _result(claim, paper, combined(*parts), ours,
                   f"local - global {_ci(diff)} against -{100 * max_drop:.0f} pp: {parts[0]}; time local/global "
                   f"{_ci(ratio, **as_share)} against {100 * max_time_ratio:.0f} %: {parts[1]}")


def clustering_helps(runs: pd.DataFrame) -> dict:
    claim = "clustering helps: MR-CCA (K >= 3) beats one R-CCA model (K = 1)"
    paper = "consistency rises with K below 10: too few clusters cannot model the whole space (Fig. 2A)"
    c = curve_table(runs, "fig2a", "n_clusters")
    single = runs[(runs["experiment"] == "single") & (runs["method"] == "cr_cca")]
    if c.empty or single.empty or c.mean().isna().all():
        return _untestable(claim, paper, "Fig. 2A's MR-CCA or the single R-CCA model (K = 1) not run")
    best_k = int(c.mean().idxmax())
    gain = over_repeats(c[best_k] - single.set_index("repeat")["consistency"])
    fig2a_d = int(runs.loc[runs["experiment"] == "fig2a", "d"].iloc[0])
    return _result(claim, paper, paired_verdict(gain, True), mean_ci(gain),
                   f"MR-CCA (K = {best_k}, best on average; 1/d = 1/{fig2a_d}) - R-CCA (K = 1, 1/d = "
                   f"1/{int(single['d'].iloc[0])}) {_ci(gain)}")


_THEN = "; reproduced iff its 95 % CI over repeats lies above 0, not reproduced iff below 0, else inconclusive"
CHECKS = {  # claim id -> (check, the rule it applies)
    "ranking_beats_cca": (ranking_beats_cca, "per repeat, the mean over the distinct Fig. 2A/2B configurations of "
                                             "CR-CCA - C-CCA" + _THEN),
    "mrcca_is_best": (mrcca_is_best, "per repeat, the mean over the distinct Fig. 2A/2B configurations of MR-CCA - "
                                     "C-CCA and of MR-CCA - CR-CCA; reproduced iff both 95 % CIs lie above 0, not "
                                     "reproduced iff either lies below 0, else inconclusive"),
    "gains_flatten_after_10": (gains_flatten_after_10,
                               "per repeat in Fig. 2A, rise = MR-CCA(K = 10) - MR-CCA(smallest K) and later = mean "
                               "over K > 10 of MR-CCA(K) - MR-CCA(10); reproduced iff the rise's 95 % CI lies above "
                               "0 and the later gain's lies below half the rise's mean, not reproduced iff the "
                               "rise's lies below 0 or the later gain's above that half, else inconclusive"),
    "best_reference_fraction": (best_reference_fraction,
                                "per repeat in Fig. 2B, the best MR-CCA with d in 6..8 minus the best with any other "
                                "d" + _THEN),
    "local_as_good_as_global": (local_as_good_as_global,
                                "per repeat in Table 1, local - global MR-CCA consistency (non-inferiority, "
                                "threshold -1 pp) and the training-time ratio local / global (threshold 50 %); "
                                "reproduced iff the consistency difference's 95 % CI over repeats lies above -1 pp "
                                "and the ratio's below 50 %, not reproduced iff the former lies below -1 pp or the "
                                "latter above 50 %, else inconclusive"),
    "clustering_helps": (clustering_helps, "per repeat, MR-CCA at the K of Fig. 2A that is best on average minus the "
                                           "single R-CCA model (K = 1)" + _THEN),
}
SUBSTITUTES = ("generated corpus (simulated annotators, 89.2 % agreement as in the paper); librosa descriptors "
               "and a mood classifier for the Echo Nest features; a novelty segmentation for the dynamic texture "
               "model; the study's sweep subset (params.yaml mrcca.train)")


def _level(runs: pd.DataFrame, method: str) -> str:
    rows = runs[(runs["experiment"] == "reference") & (runs["method"] == method)]["consistency"].dropna()
    return f"{100 * rows.mean():.1f} % consistency" if len(rows) else ""


def mrcca_claims(runs: pd.DataFrame) -> pd.DataFrame:
    """All six claims as ledger rows (:mod:`music_visual.study.claims`) from the per-repeat ``runs``.

    ``ours`` is the paired difference per repeat as mean [95 % CI] (n = repeats) in points;
    ``evidence`` the rule and its numbers; ``chance`` and ``oracle`` the consistency levels.
    """
    if "repeat" not in runs:
        raise StudyError("mrcca_claims needs the per-repeat runs table (runner.run_sweeps), not a summary over repeats")
    rows = []
    for claim_id, (check, rule) in CHECKS.items():
        found = check(runs)
        rows.append(claim_row(PAPER, claim_id, found["claim"], found["verdict"], paper_figure=found["paper"],
                              ours=found["ours"], chance=f"{100 * PAIRWISE_CHANCE:.1f} % consistency",
                              oracle=_level(runs, "oracle"), evidence=f"{rule}. Ours: {found['numbers']}",
                              substitutes=SUBSTITUTES))
    return ledger(rows)
