"""VM-NET's claims, tested on our per-seed results, and the summaries the tables quote.

A claim "A beats B" compares the two methods **seed by seed** (same seed, same
data): per seed the mean of the listed metrics of A minus that of B, then the
mean and Student-t 95 % interval of those differences over seeds
(:func:`~music_visual.reporting.summarize_over_seeds`), judged by the study's rule
(:func:`music_visual.study.claims.interval_verdict`): *reproduced* when the interval lies
on the claimed side of 0 ("does not help": below 0), *not reproduced* when it lies on the
other side, *inconclusive* when it contains 0; *not testable* when a method was not run or
only one seed exists.

Claims about what a network gains over a linear model (:data:`REGIME_CLAIMS`) are claims
about the paper's data regime (200,000 training pairs, 140 times ours). When the learning
curve (the same pair of methods on 1/8 ... all of our training pairs) moves significantly
toward the claim, a claim not reproduced at our size is *not testable at this size*, with the
size at which the fitted log-linear trend would cross zero (:func:`~music_visual.study.claims.regime_verdict`).

"Machine GR close to human GR" is reproduced when the 95 % interval of our machine GR
lies within ``gr_tolerance`` (5 points) of the paper's human GR (81.98 %; the paper's own
gap is 3.5 points), not reproduced when it lies wholly outside, inconclusive otherwise.
"""

from __future__ import annotations

import pandas as pd

from music_visual.papers.vmnet.paper import HUMAN_GR, METRICS, TABLE_II, TABLE_III, TRAIN_PAIRS
from music_visual.study.claims import (INCONCLUSIVE, NOT_REPRODUCED, NOT_TESTABLE, REPRODUCED, claim_row, ledger,
                                       mean_ci, paired_verdict, regime_verdict, size_trend)
from music_visual.study.summaries import as_nested, paired_difference, summarize

PAPER = "vmnet"
RECALLS = list(METRICS)  # Recall@1/10/25, music -> video then video -> music
RECALLS_10_25 = [m for m in RECALLS if not m.endswith("_at_1")]
BETTER, NOT_BETTER = "better", "not better"
SUBSTITUTES = ("generated corpus (gallery of our test pairs, not HIMV-200K's 1,000); EfficientNet-Lite0 "
               "frame features for Inception-v3; librosa music features for the paper's; the study's network widths "
               "and training budget (params.yaml vmnet.train)")


def summarize_results(per_seed: pd.DataFrame, metrics: list[str] | None = None) -> dict:
    """method -> metric -> summary over seeds (:mod:`music_visual.study.summaries`)."""
    return as_nested(summarize(per_seed, "method", metrics))


def _verdict(diff: dict | None, expect: str) -> str:
    return paired_verdict(diff, expect == BETTER)


def _what(metrics: list[str]) -> str:
    return "R@1/10/25" if metrics == RECALLS else "R@10/25" if metrics == RECALLS_10_25 else ", ".join(metrics)


def _evidence(diff: dict | None, a: str, b: str, metrics: list[str]) -> str:
    if diff is None:
        return f"{a} or {b} not run"
    ci = "" if diff["ci95_low"] is None else f", 95 % CI [{100 * diff['ci95_low']:+.1f}, {100 * diff['ci95_high']:+.1f}]"
    return (f"{a} - {b}, mean {_what(metrics)} both directions: {100 * diff['mean']:+.1f} points{ci} "
            f"(n={diff['n_seeds']})")


def _paper_difference(a: str, b: str, metrics: list[str]) -> str:
    tables = TABLE_III | TABLE_II
    if a not in tables or b not in tables:
        return ""
    mean = [sum(tables[m][METRICS.index(x)] for x in metrics) / len(metrics) for m in (a, b)]
    return f"{mean[0] - mean[1]:+.1f} pp (mean {_what(metrics)}: {mean[0]:.1f} vs {mean[1]:.1f} %)"


def _level(per_seed: pd.DataFrame, method: str, metrics: list[str]) -> str:
    rows = per_seed[per_seed["method"] == method]
    if rows.empty or not set(metrics) <= set(rows.columns):
        return ""
    return f"{100 * rows[metrics].to_numpy(float).mean():.1f} % (mean {_what(metrics)})"
PAIRED_CLAIMS = [
    ("nonlinear_beats_linear_inter", "Nonlinear beats linear (inter)", "nonlinear_inter", "linear_inter", RECALLS, BETTER),
    ("nonlinear_beats_linear_soft_intra", "Nonlinear beats linear (inter + soft intra)", "nonlinear_inter_soft_intra", "linear_inter_intra", RECALLS,
     BETTER),
    ("bidirectional_beats_one_directional", "Bidirectional beats one-directional (nonlinear)", "nonlinear_inter", "nonlinear_one_directional", RECALLS,
     BETTER),
    ("soft_intra_improves_recall", "Soft intra-modal loss improves R@10/R@25 over inter alone", "nonlinear_inter_soft_intra", "nonlinear_inter",
     RECALLS_10_25, BETTER),
    ("dann_does_not_help_inter", "DANN does not help (inter)", "nonlinear_inter_dann", "nonlinear_inter", RECALLS, NOT_BETTER),
    ("dann_does_not_help_soft_intra", "DANN does not help (inter + soft intra)", "nonlinear_inter_soft_intra_dann", "nonlinear_inter_soft_intra",
     RECALLS, NOT_BETTER),
    ("vmnet_beats_cca", "VM-NET (inter + soft intra) beats CCA", "nonlinear_inter_soft_intra", "cca", RECALLS, BETTER),
]
REGIME_CLAIMS = ("nonlinear_beats_linear_inter", "nonlinear_beats_linear_soft_intra", "vmnet_beats_cca")


def top_k_pair(per_seed: pd.DataFrame) -> tuple[str, str] | None:
    """The largest and smallest top-K sweep rows that were run (as method names)."""
    names = sorted({m for m in per_seed["method"] if m.startswith("top_k_")}, key=lambda m: int(m.split("_")[-1]))
    return (names[-1], names[0]) if len(names) >= 2 else None


def machine_gr_claim(summaries: dict, method: str, tolerance: float = 0.05) -> dict:
    gr = (summaries.get(method) or {}).get("gr")
    claim = "Machine GR is close to the paper's human GR (81.98 %)"
    common = dict(paper_figure=f"machine GR 78.48 % vs human GR {100 * HUMAN_GR:.2f} % (Table IV)",
                  chance="50.0 %", substitutes=SUBSTITUTES + "; simulated annotators for the paper's raters")
    if gr is None:
        return claim_row(PAPER, "machine_gr_near_human", claim, NOT_TESTABLE, evidence=f"{method} not run", **common)
    gap = gr["mean"] - HUMAN_GR
    simulated = (summaries.get(method) or {}).get("simulated_gr")
    extra = f"; our simulated annotators' GR {100 * simulated['mean']:.1f} %" if simulated else ""
    oracle = (summaries.get("oracle") or {}).get("gr")
    return claim_row(PAPER, "machine_gr_near_human", claim, _within(gr, HUMAN_GR, tolerance),
                     ours=mean_ci(gr, unit=" %", signed=False),
                     oracle=f"{100 * oracle['mean']:.1f} %" if oracle else "",
                     evidence=f"{method} machine GR {100 * gr['mean']:.1f} % vs 81.98 %: {100 * gap:+.1f} points; "
                              f"reproduced when its 95 % CI lies within {100 * tolerance:.0f} points of 81.98 %"
                              f"{extra}", **common)


def _within(summary: dict, target: float, tolerance: float) -> str:
    """Reproduced when the CI lies inside target ± tolerance, not when wholly outside, else inconclusive."""
    low, high = summary.get("ci95_low"), summary.get("ci95_high")
    if low is None or high is None:
        return NOT_TESTABLE
    if target - tolerance < low and high < target + tolerance:
        return REPRODUCED
    if high < target - tolerance or low > target + tolerance:
        return NOT_REPRODUCED
    return INCONCLUSIVE


def curve_differences(learning: pd.DataFrame | None, a: str, b: str, metrics: list[str]) -> pd.DataFrame:
    """Per (seed, training size): mean ``metrics`` of ``a`` minus those of ``b`` on the learning curve."""
    if learning is None or learning.empty or not {a, b} <= set(learning["method"]):
        return pd.DataFrame(columns=["seed", "n_train", "difference"])
    score = learning.assign(score=learning[metrics].mean(axis=1)).pivot_table(
        index=["seed", "n_train"], columns="method", values="score")
    return (score[a] - score[b]).rename("difference").dropna().reset_index()


def _paired_row(per_seed: pd.DataFrame, claim_id: str, claim: str, a: str, b: str, metrics: list[str],
                expect: str, learning: pd.DataFrame | None = None) -> dict:
    diff = paired_difference(per_seed, a, b, metrics)
    verdict, evidence = _verdict(diff, expect), _evidence(diff, a, b, metrics)
    if claim_id in REGIME_CLAIMS:
        points = curve_differences(learning, a, b, metrics)
        trend = size_trend(points) if points["n_train"].nunique() >= 2 else None
        verdict, note = regime_verdict(diff, trend, expect == BETTER, TRAIN_PAIRS)
        evidence += f"; {note}" if note else ("; no learning curve for this pair" if trend is None else "")
    return claim_row(PAPER, claim_id, claim, verdict, paper_figure=_paper_difference(a, b, metrics),
                     ours=mean_ci(diff), chance=_level(per_seed, "chance", metrics),
                     oracle=_level(per_seed, "oracle", metrics), evidence=evidence, substitutes=SUBSTITUTES)


def claims_table(per_seed: pd.DataFrame, main_method: str = "nonlinear_inter_soft_intra",
                 gr_tolerance: float = 0.05, learning: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ledger (:mod:`music_visual.study.claims`): one row per claim, numbers in percentage points.

    ``learning`` (the runner's learning-curve rows) lets :data:`REGIME_CLAIMS` be judged as
    claims about the paper's data size.
    """
    rows = [_paired_row(per_seed, claim_id, claim, a, b, metrics, expect, learning)
            for claim_id, claim, a, b, metrics, expect in PAIRED_CLAIMS]
    pair = top_k_pair(per_seed)
    claim = "More top violations help (largest vs smallest top-K run)"
    if pair:
        rows.append(_paired_row(per_seed, "more_top_violations_help", claim, *pair, RECALLS, BETTER))
    else:
        rows.append(claim_row(PAPER, "more_top_violations_help", claim, NOT_TESTABLE, evidence="top-K sweep not run",
                              substitutes=SUBSTITUTES))
    rows.append(machine_gr_claim(summarize_results(per_seed, ["gr", "simulated_gr"]), main_method, gr_tolerance))
    return ledger(rows)
