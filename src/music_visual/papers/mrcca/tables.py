"""MR-CCA sweep results -> mean ± 95 % CI per configuration, Table 1, and the metrics.json payload.

``runs`` is :func:`music_visual.papers.mrcca.runner.run_sweeps`'s table: one row per (repeat,
experiment, K, d, reference mode, method) with ``consistency``,
``consistency_human_labelled`` and ``train_time_s``.
"""

from __future__ import annotations

import pandas as pd

from music_visual.papers.mrcca import paper
from music_visual.reporting import summarize_over_seeds
from music_visual.study.summaries import as_wide, summarize

KEYS = ["experiment", "n_clusters", "d", "reference_mode", "method"]
VALUES = ("consistency", "consistency_human_labelled", "train_time_s")


def summarise_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per configuration and method: ``<value>_mean``, ``_ci95_low``, ``_ci95_high``, ``n_repeats``.

    The long summary of :func:`music_visual.study.summaries.summarize` over repeats, laid out wide.
    """
    long = summarize(runs, KEYS, [v for v in VALUES if v in runs], sort=True)
    wide = as_wide(long, KEYS)
    counts = runs.groupby(KEYS, sort=True)["consistency"].count().rename("n_repeats").reset_index()
    wide = counts.merge(wide, on=KEYS, how="left")
    return wide[[*KEYS, "n_repeats", *[c for c in wide.columns if c not in KEYS and c != "n_repeats"]]]


def table1(summary: pd.DataFrame, decimals: int = 1) -> pd.DataFrame:
    """Table 1: local vs global references, ours (mean, 95 % CI, training time) beside the paper's."""
    rows = summary[(summary["experiment"] == "table1") & (summary["method"] == "mrcca")].set_index("reference_mode")
    table = pd.DataFrame({
        "consistency (%)": (100 * rows["consistency_mean"]).round(decimals),
        "95 % CI": [f"{100 * lo:.{decimals}f}-{100 * hi:.{decimals}f}" if pd.notna(lo) else ""
                    for lo, hi in zip(rows["consistency_ci95_low"], rows["consistency_ci95_high"])],
        "training time (s)": rows["train_time_s_mean"].round(2),
        "paper consistency (%)": pd.Series({m: float(v["consistency"]) for m, v in paper.TABLE_1.items()}),
        "paper time (s)": pd.Series({m: float(v["train_time_s"]) for m, v in paper.TABLE_1.items()})})
    table.index.name = "references"
    return table.reset_index()


def curve(summary: pd.DataFrame, experiment: str, method: str, along: str, value: str = "consistency") -> pd.Series:
    """Mean ``value`` of ``method`` in ``experiment`` indexed by ``along`` (``n_clusters`` or ``d``)."""
    rows = summary[(summary["experiment"] == experiment) & (summary["method"] == method)]
    return rows.set_index(along)[f"{value}_mean"].sort_index()


def _summaries(runs: pd.DataFrame, mask: pd.Series, values=VALUES) -> dict:
    chosen = runs[mask]
    return {v: summarize_over_seeds(chosen[v].dropna()) for v in values
            if v in chosen and chosen[v].notna().any()}


def metrics_payload(runs: pd.DataFrame, summary: pd.DataFrame, fig2a_d: int) -> dict:
    """method -> metric -> summary for write_metrics (the keys of papers/mrcca/paper.py's NUMBERS).

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
