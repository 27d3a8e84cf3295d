"""MR-CCA sweep results -> mean ± 95 % CI per configuration, and the metrics.json payload.

``runs`` is :func:`music_visual.experiments.mrcca.run_sweeps`'s table: one row per (repeat,
experiment, K, d, reference mode, method) with ``consistency``,
``consistency_human_labelled`` and ``train_time_s``.
"""

from __future__ import annotations

import pandas as pd

from music_visual.reporting import summarize_over_seeds

KEYS = ["experiment", "n_clusters", "d", "reference_mode", "method"]
VALUES = ("consistency", "consistency_human_labelled", "train_time_s")


def summarise_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per configuration and method: ``<value>_mean``, ``_ci95_low``, ``_ci95_high``, ``n_repeats``."""
    rows = []
    for key, group in runs.groupby(KEYS, sort=True):
        row = dict(zip(KEYS, key)) | {"n_repeats": int(group["consistency"].notna().sum())}
        for value in VALUES:
            if value not in group or group[value].isna().all():
                continue
            s = summarize_over_seeds(group[value].dropna())
            row |= {f"{value}_mean": s["mean"], f"{value}_ci95_low": s["ci95_low"], f"{value}_ci95_high": s["ci95_high"]}
        rows.append(row)
    return pd.DataFrame(rows)


def curve(summary: pd.DataFrame, experiment: str, method: str, along: str, value: str = "consistency") -> pd.Series:
    """Mean ``value`` of ``method`` in ``experiment`` indexed by ``along`` (``n_clusters`` or ``d``)."""
    rows = summary[(summary["experiment"] == experiment) & (summary["method"] == method)]
    return rows.set_index(along)[f"{value}_mean"].sort_index()


def _summaries(runs: pd.DataFrame, mask: pd.Series, values=VALUES) -> dict:
    chosen = runs[mask]
    return {v: summarize_over_seeds(chosen[v].dropna()) for v in values
            if v in chosen and chosen[v].notna().any()}


def metrics_payload(runs: pd.DataFrame, summary: pd.DataFrame, fig2a_d: int) -> dict:
    """method -> metric -> summary for write_metrics (paper_numbers.yaml's keys for MR-CCA).

    ``mrcca``/``c_cca``/``cr_cca``/``m_cca``: Fig. 2A at the K where MR-CCA is best on average
    (as the paper quotes its best K), with ``consistency_human_labelled`` from the
    human-labelled experiment's configuration; ``cca``/``r_cca``: one model (K = 1);
    ``mrcca_local_reference``/``mrcca_global_reference``: Table 1 (consistency, training time).
    """
    best_k = int(curve(summary, "fig2a", "mrcca", "n_clusters").idxmax())
    exp, method = runs["experiment"], runs["method"]
    results = {}
    for m in ("c_cca", "cr_cca", "m_cca", "mrcca"):
        results[m] = _summaries(runs, (exp == "fig2a") & (method == m) & (runs["n_clusters"] == best_k),
                                ("consistency", "train_time_s"))
        results[m] |= _summaries(runs, (exp == "human_labelled") & (method == m), ("consistency_human_labelled",))
    for name, m in (("cca", "c_cca"), ("r_cca", "cr_cca")):
        results[name] = _summaries(runs, (exp == "single") & (method == m))
    for mode in ("local", "global"):
        results[f"mrcca_{mode}_reference"] = _summaries(
            runs, (exp == "table1") & (method == "mrcca") & (runs["reference_mode"] == mode),
            ("consistency", "train_time_s"))
    for name in ("chance", "oracle"):
        if (method == name).any():
            results[name] = _summaries(runs, method == name, ("consistency", "consistency_human_labelled"))
    results["mrcca"]["best_n_clusters"] = best_k
    results["mrcca"]["reference_fraction_d"] = fig2a_d
    return results
