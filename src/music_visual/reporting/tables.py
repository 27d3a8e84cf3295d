"""Results tables: our mean ± 95 % CI over seeds beside the paper's own number."""

from __future__ import annotations

from typing import Mapping

import pandas as pd

NOT_RUN = "not run yet"
COLUMNS = ["method", "metric", "paper reports", "ours", "chance", "oracle", "source"]
NUMBER_COLUMNS = ["paper", "method", "metric", "value", "reported", "unit", "source", "headline"]


def format_mean_ci(summary: Mapping | float | None, scale: float = 1.0, decimals: int = 1) -> str:
    """``"25.2 ± 1.3 (n=3)"`` from a summary dict (half-width of the 95 % CI); plain numbers as is."""
    if summary is None:
        return NOT_RUN
    if not isinstance(summary, Mapping):
        return f"{float(summary) * scale:.{decimals}f}"
    mean = summary["mean"] * scale
    if summary.get("ci95_high") is None:
        return f"{mean:.{decimals}f} (n={summary.get('n_seeds', 1)})"
    half = (summary["ci95_high"] - summary["mean"]) * scale
    return f"{mean:.{decimals}f} ± {half:.{decimals}f} (n={summary['n_seeds']})"


def _scale(unit: str | None) -> float:
    return 100.0 if unit == "%" else 1.0


def _lookup(results: Mapping, method: str, metric: str):
    return (results.get(method) or {}).get(metric)


def numbers_table(paper: str, rows) -> pd.DataFrame:
    """A paper's ``NUMBERS`` as a table: value (float) and reported (the paper's own text, "14.0")."""
    out = [{"paper": paper, "headline": False, "unit": "%", "source": "", **row, "value": float(row["value"]),
            "reported": str(row["value"])} for row in rows]
    return pd.DataFrame(out, columns=NUMBER_COLUMNS)


def results_table(numbers: pd.DataFrame, results: Mapping, decimals: int = 1) -> pd.DataFrame:
    """One row per number the paper reports: the paper's figure, ours, chance and oracle.

    ``numbers`` is the paper's own numbers (:func:`music_visual.study.papers.paper_numbers`);
    ``results`` the ``results`` mapping of its metrics.json (method -> metric -> summary).
    Rows whose method we have not run say so instead of showing a number.
    """
    rows = []
    for r in numbers.itertuples(index=False):
        scale = _scale(r.unit)
        reference = {name: _lookup(results, name, r.metric) for name in ("chance", "oracle")}
        rows.append({
            "method": r.method, "metric": r.metric,
            "paper reports": r.reported + (" %" if r.unit == "%" else ""),  # the paper's own precision
            "ours": format_mean_ci(_lookup(results, r.method, r.metric), scale, decimals),
            **{name: format_mean_ci(v, scale, decimals) if v is not None else "" for name, v in reference.items()},
            "source": r.source,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def method_table(results: Mapping, metrics: list[str], scale: float = 100.0, decimals: int = 1) -> pd.DataFrame:
    """All our methods × chosen metrics (mean ± CI), e.g. for a paper's full Table III."""
    rows = [{"method": m, **{k: format_mean_ci(v.get(k), scale, decimals) if v.get(k) is not None else ""
                               for k in metrics}} for m, v in results.items()]
    return pd.DataFrame(rows, columns=["method", *metrics])


def to_markdown(df: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (no extra dependency), pipes escaped."""
    def cell(v) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(cell(c) for c in df.columns) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([header, rule, *body]) + "\n"
