"""Each stage's wall time from what the last run left behind, never typed by hand.

* a notebook stage: papermill's ``metadata.papermill.duration`` of its executed notebook (``reports/...ipynb``,
  the stage's out in ``dvc.yaml``), with its start time;
* a feature stage (``features@FAMILY``): the ``seconds`` of ``reports/features/FAMILY.json`` (the extraction
  itself; the stage's start-up and saving add a few seconds).

DVC runs stages one after another, so the study's figure is their sum (the final ``report`` stage, HTML and
PDF, is not a notebook and not timed here). Stages whose output is missing are listed as not run. ``benchmarks/bench_study.py`` prints the table; ``make run`` splices it into the README.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml

from music_visual import paths


def _stage_notebooks(dvc: dict) -> dict[str, str]:
    """stage name -> its executed notebook (the first ``reports/*.ipynb`` out)."""
    out = {}
    for name, stage in (dvc.get("stages") or {}).items():
        for entry in stage.get("outs") or []:
            path = next(iter(entry)) if isinstance(entry, dict) else entry
            if isinstance(path, str) and path.startswith("reports/") and path.endswith(".ipynb"):
                out[name] = path
                break
    return out


def stage_times(workspace: Path | None = None, dvc_file: Path | None = None) -> pd.DataFrame:
    """One row per stage: ``stage``, ``seconds`` (NaN when not run), ``measured by``, ``started``."""
    workspace = Path(workspace or paths.workspace())
    dvc = yaml.safe_load((dvc_file or paths.dvc_file()).read_text(encoding="utf-8")) or {}
    rows = []
    families = ((dvc.get("stages") or {}).get("features") or {}).get("foreach") or {}
    for family in families:
        report = workspace / "reports" / "features" / f"{family}.json"
        seconds, started = float("nan"), None
        if report.is_file():
            seconds = float(json.loads(report.read_text(encoding="utf-8")).get("seconds", float("nan")))
        rows.append({"stage": f"features@{family}", "seconds": seconds, "measured by": "feature report",
                     "started": started})
    for name, notebook in _stage_notebooks(dvc).items():
        path, seconds, started = workspace / notebook, float("nan"), None
        if path.is_file():
            meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("papermill", {})
            seconds, started = float(meta.get("duration") or float("nan")), meta.get("start_time")
        rows.append({"stage": name, "seconds": seconds, "measured by": "papermill", "started": started})
    table = pd.DataFrame(rows)
    order = {name: i for i, name in enumerate(dvc.get("stages") or {})}
    table["order"] = [order.get(s.split("@")[0], len(order)) for s in table["stage"]]
    return table.sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)


def stage_times_md(table: pd.DataFrame, target_minutes: float | None = None) -> str:
    """The table as markdown: seconds, minutes, share of the total; then the total (against a target)."""
    done = table["seconds"].notna()
    total = float(table.loc[done, "seconds"].sum())
    lines = ["| stage | seconds | minutes | share |", "|---|---|---|---|"]
    for row in table.itertuples():
        if row.seconds == row.seconds:
            lines.append(f"| {row.stage} | {row.seconds:.0f} | {row.seconds / 60:.1f} | {100 * row.seconds / total:.1f} % |")
        else:
            lines.append(f"| {row.stage} | not run | | |")
    summary = f"| **all stages** | **{total:.0f}** | **{total / 60:.1f}** | 100 % |"
    lines.append(summary)
    text = "\n".join(lines)
    if not done.all():
        text += f"\n\n{int((~done).sum())} stage(s) have no timing in this workspace (not run): the sum is partial."
    elif target_minutes is not None:
        verdict = "within" if total <= 60 * target_minutes else "over"
        text += f"\n\nSum of the stages: {total / 60:.1f} min, {verdict} the {target_minutes:.0f}-minute target."
    return text
