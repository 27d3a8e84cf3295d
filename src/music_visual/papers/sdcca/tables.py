"""S-DCCA's tables: Table II (ours beside the paper's), MAP for every k of c (Fig. 9), tuning and stopping."""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.papers.sdcca.eval import metric_name
from music_visual.papers.sdcca.paper import paper_value
from music_visual.reporting.tables import format_mean_ci
from music_visual.study.summaries import summarize

REFERENCE_LABELS = {"chance": "chance (random ranking, class prior)", "oracle": "corpus oracle (same-song factors)"}


def query_of_column(column: str) -> str:
    """Table II's ``"2/6"`` -> our query key ``"attention_2_6"``; ``"mean"`` stays."""
    if column == "mean":
        return "mean"
    k, c = column.split("/")
    return f"attention_{int(k)}_{int(c)}"


def add_table_columns(per_seed: pd.DataFrame, columns: list[str], headline: str) -> pd.DataFrame:
    """``map_1_3``... (Table II's columns, cluster relevance), ``map_emotion10_1_3``..., and ``map`` (the headline)."""
    out = per_seed.copy()
    for column in columns:
        suffix = column.replace("/", "_")
        for relevance in ("cluster", "emotion10"):
            source = metric_name(query_of_column(column), relevance)
            target = f"map_{suffix}" if relevance == "cluster" else f"map_emotion10_{suffix}"
            if source in out and target != source:
                out[target] = out[source]
    out["map"] = out[f"map_{headline.replace('/', '_')}"]
    return out


def table_ii(summaries: dict, methods: list[tuple[str, str]], columns: list[str], decimals: int = 1) -> pd.DataFrame:
    """One row per method: for each column the paper's MAP (%) and ours (mean ± 95 % CI over folds x seeds)."""
    rows = []
    for name, label in methods:
        row = {"method": label}
        for column in columns:
            paper = paper_value(name, column)
            row[f"{column} paper"] = "" if paper is None else f"{paper:.2f}"
            summary = (summaries.get(name) or {}).get(f"map_{column.replace('/', '_')}")
            row[f"{column} ours"] = format_mean_ci(summary, 100.0, decimals) if summary else "not run"
        rows.append(row)
    return pd.DataFrame(rows)


def chunk_grid_summary(per_seed: pd.DataFrame, methods: list[str], configs: list[tuple[int, int]],
                       selection: str = "attention") -> pd.DataFrame:
    """Long summary for Fig. 9: method, k, n_chunks (k = 0: the whole song), mean and 95 % CI of MAP."""
    frames = []
    rows = per_seed[per_seed["method"].isin(methods)]
    keys = {f"map_{selection}_{k}_{c}": (k, c) for k, c in configs} | {"map_mean": (0, 0)}
    keys = {m: kc for m, kc in keys.items() if m in rows}
    long = summarize(rows, "method", list(keys))
    for metric, (k, c) in keys.items():
        frames.append(long[long["metric"] == metric].assign(k=k, n_chunks=c))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def chunk_grid_table(summary: pd.DataFrame, labels: dict, decimals: int = 1) -> pd.DataFrame:
    """Fig. 9 as a table: rows method x k, columns c (and the whole song), MAP mean ± CI (%)."""
    cells = summary.assign(value=[format_mean_ci(r, 100.0, decimals) for r in summary.to_dict("records")])
    cells["column"] = np.where(cells["k"] == 0, "whole song", "c = " + cells["n_chunks"].astype(str))
    cells["k"] = np.where(cells["k"] == 0, "", cells["k"].astype(str))
    table = cells.pivot_table(index=["method", "k"], columns="column", values="value", aggfunc="first").reset_index()
    table["method"] = table["method"].map(lambda m: labels.get(m, m))
    return table.fillna("")


def tuning_table(tuning: pd.DataFrame) -> pd.DataFrame:
    """Per method and fold: the grid point chosen (or inherited from the basic model) and its criterion (%)."""
    chosen = tuning[tuning["chosen"].astype(bool)].copy()
    if "inherits" not in chosen:
        chosen["inherits"] = ""
    chosen["inherits"] = chosen["inherits"].fillna("")
    settings = [c for c in chosen.columns if c not in ("method", "fold", "criterion", "chosen", "inherits")]
    chosen["choice"] = chosen[settings].apply(
        lambda r: ", ".join(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items() if v == v),
        axis=1)
    chosen["val criterion (%)"] = (100 * chosen["criterion"]).round(1)
    grid = tuning.groupby("method").size().rename("grid points x folds")
    chosen["inherits from"] = chosen["inherits"]
    return chosen[["method", "fold", "choice", "inherits from", "val criterion (%)"]].merge(grid, on="method")


def stopping_table(per_seed: pd.DataFrame) -> pd.DataFrame:
    """Every trained network: fold, seed, the kept step, the last step, how it stopped."""
    trained = per_seed[per_seed.get("steps", pd.Series(dtype=float)).notna()] if "steps" in per_seed else per_seed.iloc[:0]
    table = trained[["method", "fold", "seed", "best_step", "steps", "stopped_by", "kept_initial", "seconds"]].copy()
    table["stopped at the step cap"] = table["stopped_by"] == "step_cap"
    table["kept the untrained weights"] = table["kept_initial"].astype(bool)
    return table.drop(columns=["kept_initial"]).reset_index(drop=True)
