"""Results tables: our mean ± 95 % CI over seeds beside the paper's own number."""

from __future__ import annotations

from typing import Mapping

import pandas as pd

from music_visual.reporting.paper_numbers import paper_info, paper_numbers

NOT_RUN = "not run yet"
COLUMNS = ["method", "metric", "paper reports", "ours", "chance", "oracle", "source"]


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


def results_table(paper: str, results: Mapping, decimals: int = 1, headline_only: bool = False) -> pd.DataFrame:
    """One row per number the paper reports: the paper's figure, ours, chance and oracle.

    ``results`` is the ``results`` mapping of the paper's metrics.json (method -> metric
    -> summary). Rows whose method we have not run say so instead of showing a number.
    """
    ref = paper_numbers(paper, headline_only=headline_only)
    rows = []
    for r in ref.itertuples(index=False):
        scale = _scale(r.unit)
        rows.append({
            "method": r.method, "metric": r.metric,
            "paper reports": r.reported + (" %" if r.unit == "%" else ""),  # the paper's own precision
            "ours": format_mean_ci(_lookup(results, r.method, r.metric), scale, decimals),
            "chance": format_mean_ci(_lookup(results, "chance", r.metric), scale, decimals)
            if _lookup(results, "chance", r.metric) is not None else "",
            "oracle": format_mean_ci(_lookup(results, "oracle", r.metric), scale, decimals)
            if _lookup(results, "oracle", r.metric) is not None else "",
            "source": r.source,
        })
    return pd.DataFrame(rows, columns=COLUMNS)


def method_table(results: Mapping, metrics: list[str], scale: float = 100.0, decimals: int = 1) -> pd.DataFrame:
    """All our methods × chosen metrics (mean ± CI), e.g. for a paper's full Table III."""
    rows = [{"method": m, **{k: format_mean_ci(v.get(k), scale, decimals) if v.get(k) is not None else ""
                               for k in metrics}} for m, v in results.items()]
    return pd.DataFrame(rows, columns=["method", *metrics])


def cross_paper_table(all_metrics: Mapping[str, Mapping], papers: list[str], decimals: int = 1) -> pd.DataFrame:
    """The headline numbers of every paper, ours beside theirs (empty ours = not run yet)."""
    frames = []
    for paper in papers:
        results = (all_metrics.get(paper) or {}).get("results", {})
        table = results_table(paper, results, decimals=decimals, headline_only=True)
        table.insert(0, "paper", paper)
        frames.append(table)
    if not frames:
        return pd.DataFrame(columns=["paper", *COLUMNS])
    return pd.concat(frames, ignore_index=True)


def papers_overview(papers: list[str]) -> pd.DataFrame:
    """Id, title and task of each paper, for the top of a report."""
    return pd.DataFrame([{"paper": p, **paper_info(p)} for p in papers], columns=["paper", "title", "task"])


def to_markdown(df: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table (no extra dependency), pipes escaped."""
    def cell(v) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(cell(c) for c in df.columns) + " |"
    rule = "|" + "|".join("---" for _ in df.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join([header, rule, *body]) + "\n"
