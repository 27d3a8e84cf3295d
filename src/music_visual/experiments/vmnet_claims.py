"""VM-NET's claims, tested on our per-seed results, and the summaries the tables quote.

A claim "A beats B" compares the two methods **seed by seed** (same seed, same
data): per seed the mean of the listed metrics of A minus that of B, then the
mean and Student-t 95 % interval of those differences over seeds
(:func:`~music_visual.reporting.summarize_over_seeds`). Verdicts:

* ``reproduced`` -- "A beats B": the interval lies above 0 ("does not help":
  the interval does not lie above 0, i.e. no significant gain);
* ``not reproduced`` -- otherwise;
* ``not testable`` -- a method was not run, or only one seed exists (no interval).

"Machine GR close to human GR" is reproduced when our machine GR's mean is
within ``gr_tolerance`` (5 points) of the paper's human GR (81.98 %), the
paper's own gap being 3.5 points (78.48 vs 81.98).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.experiments.vmnet_paper import HUMAN_GR
from music_visual.reporting import summarize_over_seeds

RECALLS = [f"{d}_recall_at_{k}" for d in ("music_to_video", "video_to_music") for k in (1, 10, 25)]
RECALLS_10_25 = [m for m in RECALLS if not m.endswith("_at_1")]
BETTER, NOT_BETTER = "better", "not better"


def summarize_results(per_seed: pd.DataFrame, metrics: list[str] | None = None) -> dict:
    """method -> metric -> :func:`summarize_over_seeds` summary (non-finite and missing values skipped)."""
    skip = {"method", "seed", "run"}
    metrics = metrics or [c for c in per_seed.columns if c not in skip and pd.api.types.is_numeric_dtype(per_seed[c])]
    out: dict = {}
    for method, group in per_seed.groupby("method", sort=False):
        for metric in metrics:
            values = group[metric].to_numpy(dtype=float) if metric in group else np.array([])
            values = values[np.isfinite(values)]
            if values.size:
                out.setdefault(method, {})[metric] = summarize_over_seeds(values)
    return out


def paired_difference(per_seed: pd.DataFrame, a: str, b: str, metrics: list[str]) -> dict | None:
    """Summary over seeds of ``mean(metrics of a) - mean(metrics of b)``; None if either is missing."""
    scores = {}
    for method in (a, b):
        rows = per_seed[per_seed["method"] == method]
        if rows.empty or not set(metrics) <= set(rows.columns):
            return None
        scores[method] = rows.set_index("seed")[metrics].mean(axis=1)
    seeds = scores[a].index.intersection(scores[b].index)
    if len(seeds) == 0:
        return None
    return summarize_over_seeds((scores[a].loc[seeds] - scores[b].loc[seeds]).to_numpy())


def _verdict(diff: dict | None, expect: str) -> str:
    if diff is None or diff["ci95_low"] is None:
        return "not testable"
    significant_gain = diff["ci95_low"] > 0
    return "reproduced" if significant_gain == (expect == BETTER) else "not reproduced"


def _evidence(diff: dict | None, a: str, b: str, metrics: list[str]) -> str:
    if diff is None:
        return f"{a} or {b} not run"
    what = "R@1/10/25" if metrics == RECALLS else "R@10/25" if metrics == RECALLS_10_25 else ", ".join(metrics)
    ci = "" if diff["ci95_low"] is None else f", 95 % CI [{100 * diff['ci95_low']:+.1f}, {100 * diff['ci95_high']:+.1f}]"
    return f"{a} - {b}, mean {what} both directions: {100 * diff['mean']:+.1f} points{ci} (n={diff['n_seeds']})"


PAIRED_CLAIMS = [
    ("Nonlinear beats linear (inter)", "nonlinear_inter", "linear_inter", RECALLS, BETTER),
    ("Nonlinear beats linear (inter + soft intra)", "nonlinear_inter_soft_intra", "linear_inter_intra", RECALLS,
     BETTER),
    ("Bidirectional beats one-directional (nonlinear)", "nonlinear_inter", "nonlinear_one_directional", RECALLS,
     BETTER),
    ("Soft intra-modal loss improves R@10/R@25 over inter alone", "nonlinear_inter_soft_intra", "nonlinear_inter",
     RECALLS_10_25, BETTER),
    ("DANN does not help (inter)", "nonlinear_inter_dann", "nonlinear_inter", RECALLS, NOT_BETTER),
    ("DANN does not help (inter + soft intra)", "nonlinear_inter_soft_intra_dann", "nonlinear_inter_soft_intra",
     RECALLS, NOT_BETTER),
]


def top_k_pair(per_seed: pd.DataFrame) -> tuple[str, str] | None:
    """The largest and smallest top-K sweep rows that were run (as method names)."""
    names = sorted({m for m in per_seed["method"] if m.startswith("top_k_")}, key=lambda m: int(m.split("_")[-1]))
    return (names[-1], names[0]) if len(names) >= 2 else None


def machine_gr_claim(summaries: dict, method: str, tolerance: float = 0.05) -> dict:
    gr = (summaries.get(method) or {}).get("gr")
    claim = "Machine GR is close to the paper's human GR (81.98 %)"
    if gr is None:
        return {"claim": claim, "verdict": "not testable", "evidence": f"{method} not run"}
    gap = gr["mean"] - HUMAN_GR
    simulated = (summaries.get(method) or {}).get("simulated_gr")
    extra = f"; our simulated annotators' GR {100 * simulated['mean']:.1f} %" if simulated else ""
    return {"claim": claim, "verdict": "reproduced" if abs(gap) <= tolerance else "not reproduced",
            "evidence": f"{method} machine GR {100 * gr['mean']:.1f} % vs 81.98 %: {100 * gap:+.1f} points "
                        f"(tolerance {100 * tolerance:.0f}){extra}"}


def claims_table(per_seed: pd.DataFrame, main_method: str = "nonlinear_inter_soft_intra",
                 gr_tolerance: float = 0.05) -> pd.DataFrame:
    """One row per claim: claim, verdict, evidence (numbers in percentage points)."""
    rows = []
    for claim, a, b, metrics, expect in PAIRED_CLAIMS:
        diff = paired_difference(per_seed, a, b, metrics)
        rows.append({"claim": claim, "verdict": _verdict(diff, expect), "evidence": _evidence(diff, a, b, metrics)})
    pair = top_k_pair(per_seed)
    diff = paired_difference(per_seed, *pair, RECALLS) if pair else None
    rows.append({"claim": "More top violations help (largest vs smallest top-K run)", "verdict": _verdict(diff, BETTER),
                 "evidence": _evidence(diff, *pair, RECALLS) if pair else "top-K sweep not run"})
    rows.append(machine_gr_claim(summarize_results(per_seed, ["gr", "simulated_gr"]), main_method, gr_tolerance))
    return pd.DataFrame(rows, columns=["claim", "verdict", "evidence"])
