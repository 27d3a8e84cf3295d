"""The papers' own reported numbers (``paper_numbers.yaml``), kept apart from ours."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd
import yaml

from music_visual import PAPERS

COLUMNS = ["paper", "method", "metric", "value", "reported", "unit", "source", "headline"]


@lru_cache(maxsize=1)
def _registry() -> dict:
    text = resources.files("music_visual.reporting").joinpath("paper_numbers.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def paper_info(paper: str) -> dict:
    """Title and task of a paper."""
    if paper not in _registry():
        raise KeyError(f"unknown paper {paper!r}; known: {', '.join(PAPERS)}")
    entry = _registry()[paper]
    return {"title": entry["title"], "task": entry["task"]}


def paper_numbers(paper: str | None = None, headline_only: bool = False) -> pd.DataFrame:
    """One row per number a paper reports: paper, method, metric, value (float), reported (the
    paper's text, e.g. ``"14.0"``), unit, source, headline."""
    rows = []
    for pid in [paper] if paper else list(PAPERS):
        if pid not in _registry():
            raise KeyError(f"unknown paper {pid!r}; known: {', '.join(PAPERS)}")
        for row in _registry()[pid]["rows"]:
            # values are quoted in the YAML so the paper's own precision ("14.0") survives
            rows.append({"paper": pid, "headline": False, **row, "value": float(row["value"]),
                         "reported": str(row["value"])})
    df = pd.DataFrame(rows, columns=COLUMNS)
    if headline_only:
        df = df[df["headline"]].reset_index(drop=True)
    return df
