"""Summaries over seeds (or repeats): one long table, method x seed x metric -> mean and 95 % CI.

Every paper's runner writes *per-seed rows*: one row per (configuration, seed) with one
column per metric. :func:`summarize` turns them into a **long** table, one row per
configuration and metric::

    method  metric                       mean   ci95_low  ci95_high  std   n_seeds
    cca     music_to_video_recall_at_10  0.117  0.117     0.117      0.0   3

(Student-t interval, :func:`~music_visual.reporting.summarize_over_seeds`; non-finite and
missing values are left out and counted out of ``n_seeds``). :func:`as_nested` gives the
``method -> metric -> summary`` mapping the metrics files hold, :func:`as_wide` one row
per configuration with ``<metric>_mean``/``_ci95_low``/``_ci95_high`` columns.
:func:`paired_difference` compares two methods seed by seed, as every claim does.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from music_visual.reporting import summarize_over_seeds

SUMMARY_COLUMNS = ["mean", "ci95_low", "ci95_high", "std", "n_seeds"]
NOT_METRICS = {"method", "seed", "run", "repeat"}


def metric_columns(rows: pd.DataFrame, exclude: Iterable[str] = ()) -> list[str]:
    """The numeric columns of per-seed rows that are not keys."""
    skip = NOT_METRICS | set(exclude)
    return [c for c in rows.columns if c not in skip and pd.api.types.is_numeric_dtype(rows[c])]


def summarize(rows: pd.DataFrame, by: list[str] | str = "method", metrics: list[str] | None = None,
              sort: bool = False) -> pd.DataFrame:
    """Long table: the ``by`` columns, ``metric``, then mean, ci95_low, ci95_high, std, n_seeds.

    ``metrics`` defaults to every numeric non-key column. Groups keep their first-seen
    order unless ``sort``. A (group, metric) with no finite value gets no row.
    """
    by = [by] if isinstance(by, str) else list(by)
    metrics = metrics or metric_columns(rows, by)
    out = []
    for key, group in rows.groupby(by, sort=sort):
        key = key if isinstance(key, tuple) else (key,)
        for metric in metrics:
            if metric not in group:
                continue
            values = group[metric].to_numpy(dtype=float)
            values = values[np.isfinite(values)]
            if values.size:
                out.append({**dict(zip(by, key)), "metric": metric, **summarize_over_seeds(values)})
    return pd.DataFrame(out, columns=[*by, "metric", *SUMMARY_COLUMNS])


def _summary(row) -> dict:
    s = {k: row[k] for k in SUMMARY_COLUMNS}
    s["n_seeds"] = int(s["n_seeds"])
    for k in ("ci95_low", "ci95_high", "std"):
        if s[k] is not None and pd.isna(s[k]):
            s[k] = None
    return s


def as_nested(long: pd.DataFrame, key: str = "method") -> dict:
    """``{method: {metric: {mean, ci95_low, ci95_high, std, n_seeds}}}`` (the metrics-file shape)."""
    out: dict = {}
    for row in long.to_dict("records"):
        out.setdefault(row[key], {})[row["metric"]] = _summary(row)
    return out


def as_wide(long: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """One row per ``by`` group: ``<metric>_mean``, ``<metric>_ci95_low``, ``<metric>_ci95_high``."""
    rows: dict[tuple, dict] = {}
    for row in long.to_dict("records"):
        key = tuple(row[b] for b in by)
        entry = rows.setdefault(key, dict(zip(by, key)))
        for stat in ("mean", "ci95_low", "ci95_high"):
            entry[f"{row['metric']}_{stat}"] = row[stat]
    return pd.DataFrame(list(rows.values()))


def paired_difference(rows: pd.DataFrame, a: str, b: str, metrics: list[str], key: str = "method",
                      unit: str = "seed") -> dict | None:
    """Summary over seeds of ``mean(metrics of a) - mean(metrics of b)``, paired by ``unit``.

    None when either method has no rows, lacks a metric, or they share no seed.
    """
    scores = {}
    for method in (a, b):
        chosen = rows[rows[key] == method]
        if chosen.empty or not set(metrics) <= set(chosen.columns):
            return None
        scores[method] = chosen.set_index(unit)[metrics].mean(axis=1)
    seeds = scores[a].index.intersection(scores[b].index)
    if len(seeds) == 0:
        return None
    return summarize_over_seeds((scores[a].loc[seeds] - scores[b].loc[seeds]).to_numpy())
