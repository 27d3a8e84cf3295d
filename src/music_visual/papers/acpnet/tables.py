"""ACP-Net's Tables 4 and 5 (ours: mean ± 95 % CI over seeds, in %, beside the paper's), the confusion per
class pair, and the tuning and stopping records.

``summaries`` is method -> metric -> summary (:func:`music_visual.study.summaries.as_nested`), including the
``chance`` (majority-class rate), ``random`` (uniform guess, the paper's "Random") and ``oracle`` rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.corpus.labels import AFFECT3
from music_visual.papers.acpnet.methods import METRIC, UNTRAINED, direct_classifiers, table4_methods
from music_visual.papers.acpnet.paper import TABLE_4, TABLE_5
from music_visual.reporting import format_mean_ci

SUBSTITUTE_DATA = "the corpus's emotion-labelled items for IMAC"


def _cell(summaries: dict, method: str, metric: str) -> str:
    value = (summaries.get(method) or {}).get(metric)
    return format_mean_ci(value, 100.0) if value is not None else "-"


def table4(summaries: dict) -> pd.DataFrame:
    """Correspondence accuracy on the fixed test pairs: the paper's methods, the two-tower, references."""
    rows = []
    for spec in table4_methods():
        paper = TABLE_4.get(spec.name)
        rows.append({"method": spec.label, "accuracy ours (%)": _cell(summaries, spec.name, "accuracy"),
                     "paper (%)": f"{paper:.2f}" if paper is not None else "-",
                     "true pairs called true (%)": _cell(summaries, spec.name, "true_pair_recall"),
                     "false pairs called false (%)": _cell(summaries, spec.name, "false_pair_recall"),
                     "substitutes": f"{spec.substitute}; {SUBSTITUTE_DATA}"})
    for name, label, paper in (("chance", "chance (majority rate of the test pairs)", "50 (balanced)"),
                               ("oracle", "corpus oracle (Bayes, from the generator's factors)", "-")):
        rows.append({"method": label, "accuracy ours (%)": _cell(summaries, name, "accuracy"), "paper (%)": paper,
                     "true pairs called true (%)": _cell(summaries, name, "true_pair_recall"),
                     "false pairs called false (%)": _cell(summaries, name, "false_pair_recall"),
                     "substitutes": SUBSTITUTE_DATA})
    return pd.DataFrame(rows)


def table5(summaries: dict, probe_sources: list[str]) -> pd.DataFrame:
    """Emotion recognition (8 image classes, 3 music classes) beside the paper's Table 5."""
    direct = {c.name: c for c in direct_classifiers()}
    rows = []
    for modality, paper_rows in TABLE_5.items():
        metric = METRIC[modality]
        entries = [("random", "random guess (1 / classes)", "Random")]
        entries += [("chance", "chance (majority class of the test items)", "")]
        entries += [(c.name, c.label, c.paper_row) for c in direct.values() if c.modality == modality]
        entries += [("acp_net", "ACP-Net features + MLP (frozen embedding)", "ACP-Net features + MLP")]
        entries += [(s, f"{s} features + MLP (frozen embedding)", "") for s in probe_sources if s != "acp_net"]
        entries += [(UNTRAINED, "untrained ACP-Net features + MLP (control)", "")]
        entries += [("oracle", "corpus oracle (Bayes, from the generator's factors)", "")]
        for name, label, paper_row in entries:
            if name not in summaries or metric not in summaries[name]:
                continue
            paper = paper_rows.get(paper_row)
            rows.append({"task": f"{modality} emotion ({'8' if modality == 'image' else '3'} classes)",
                         "method": label, "accuracy ours (%)": _cell(summaries, name, metric),
                         "paper row": paper_row or "-", "paper (%)": f"{paper:.1f}" if paper is not None else "-"})
    return pd.DataFrame(rows)


def cell_rates(predictions: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """Share of test pairs called *true*, per method and (image class, music class) cell, mean over seeds."""
    merged = predictions.merge(pairs[["image_class", "music_class", "label"]].rename_axis("pair").reset_index(),
                               on="pair")
    rates = merged.groupby(["method", "seed", "image_class", "music_class"])["predicted"].mean().reset_index()
    return rates.groupby(["method", "image_class", "music_class"])["predicted"].mean().reset_index()


def confusion_per_class_pair(rates: pd.DataFrame, method: str) -> pd.DataFrame:
    """3 x 3 table (image class x music class) of the share called true, in % (the diagonal is true pairs)."""
    part = rates[rates["method"] == method]
    table = part.pivot(index="image_class", columns="music_class", values="predicted")
    table = table.reindex(index=range(3), columns=range(3))
    table.index = [f"image {c}" for c in AFFECT3]
    table.columns = [f"music {c}" for c in AFFECT3]
    return (100 * table).round(1)


def confusion_matrix(predictions: pd.DataFrame, pairs: pd.DataFrame, method: str) -> pd.DataFrame:
    """2 x 2 counts (true / false pairs x called true / false), summed over seeds."""
    part = predictions[predictions["method"] == method].merge(pairs[["label"]].rename_axis("pair").reset_index(),
                                                             on="pair")
    table = pd.crosstab(part["label"].map({1: "true pair", 0: "false pair"}),
                        part["predicted"].map({1: "called true", 0: "called false"}))
    return table.reindex(index=["true pair", "false pair"], columns=["called true", "called false"], fill_value=0)


def _g(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float, np.integer, np.floating)) else str(value)


def tuning_table(tuning: pd.DataFrame) -> pd.DataFrame:
    """Per run (and seed, for the classifiers): the grid, the chosen point and its validation accuracy (%)."""
    if tuning.empty:
        return pd.DataFrame()
    settings = [c for c in tuning.columns if c not in ("run", "kind", "seed", "criterion", "chosen")]
    rows = []
    for (run, seed), part in tuning.groupby(["run", "seed"], sort=False):
        used = [s for s in settings if part[s].notna().any()]
        chosen = part[part["chosen"].astype(bool)].iloc[0]
        rows.append({"run": run, "seed": seed, "kind": part["kind"].iloc[0],
                     "grid": "; ".join(f"{s}: [{', '.join(_g(v) for v in pd.unique(part[s].dropna()))}]" for s in used),
                     "chosen": ", ".join(f"{s} {_g(chosen[s])}" for s in used) or "-",
                     "val accuracy (%)": f"{100 * chosen['criterion']:.1f}", "grid points": len(part)})
    return pd.DataFrame(rows)


def stopping_table(runs: pd.DataFrame, key: list[str] | None = None) -> pd.DataFrame:
    """Per trained run: kept and last step per seed, runs at the step cap or with the untrained weights kept."""
    key = key or ["method"]
    runs = runs.dropna(subset=["steps"]) if "steps" in runs else runs.iloc[:0]
    if runs.empty:
        return pd.DataFrame()
    grouped = runs.groupby(key, sort=False)
    return pd.DataFrame({
        "kept step (per seed)": grouped["best_step"].apply(lambda s: ", ".join(str(int(v)) for v in s)),
        "last step (per seed)": grouped["steps"].apply(lambda s: ", ".join(str(int(v)) for v in s)),
        "stopped at the step cap": grouped["stopped_by"].apply(lambda s: int((s == "step_cap").sum())),
        "kept the untrained weights": grouped["kept_initial"].apply(lambda s: int(s.astype(bool).sum())),
        "seconds per run": grouped["seconds"].mean().round(1),
    }).reset_index()
