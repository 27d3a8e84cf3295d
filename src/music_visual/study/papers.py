"""Every paper's own numbers, gathered from ``papers/<id>/paper.py`` for the cross-paper views.

Each paper writes the numbers it reports on *its own data* once, in its ``paper.py``
(``TITLE``, ``TASK`` and ``NUMBERS``: rows of method, metric, value as printed, unit,
source, headline). This module only collects them; it is read by the comparison and
the report, never by another paper.
"""

from __future__ import annotations

import pandas as pd

from music_visual import PAPERS
from music_visual.reporting.tables import numbers_table
from music_visual.papers.acpnet import paper as acpnet
from music_visual.papers.image2song import paper as image2song
from music_visual.papers.mrcca import paper as mrcca
from music_visual.papers.sdcca import paper as sdcca
from music_visual.papers.vmnet import paper as vmnet

MODULES = {"mrcca": mrcca, "vmnet": vmnet, "image2song": image2song, "acpnet": acpnet, "sdcca": sdcca}


def _module(paper: str):
    if paper not in MODULES:
        raise KeyError(f"unknown paper {paper!r}; known: {', '.join(PAPERS)}")
    return MODULES[paper]


def paper_info(paper: str) -> dict:
    """Title and task of a paper."""
    module = _module(paper)
    return {"title": module.TITLE, "task": module.TASK}


def paper_numbers(paper: str | None = None, headline_only: bool = False) -> pd.DataFrame:
    """One row per number a paper (or every paper) reports."""
    frames = [numbers_table(p, _module(p).NUMBERS) for p in ([paper] if paper else PAPERS)]
    df = pd.concat(frames, ignore_index=True)
    return df[df["headline"]].reset_index(drop=True) if headline_only else df


def cross_paper_table(all_metrics: dict, papers: list[str], decimals: int = 1) -> pd.DataFrame:
    """The headline numbers of every paper, ours beside theirs (empty ours = not run yet)."""
    from music_visual.reporting.tables import COLUMNS as TABLE_COLUMNS
    from music_visual.reporting.tables import results_table

    frames = []
    for paper in papers:
        results = (all_metrics.get(paper) or {}).get("results", {})
        table = results_table(paper_numbers(paper, headline_only=True), results, decimals=decimals)
        table.insert(0, "paper", paper)
        frames.append(table)
    if not frames:
        return pd.DataFrame(columns=["paper", *TABLE_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def papers_overview(papers: list[str]) -> pd.DataFrame:
    """Id, title and task of each paper, for the top of a report."""
    return pd.DataFrame([{"paper": p, **paper_info(p)} for p in papers], columns=["paper", "title", "task"])
