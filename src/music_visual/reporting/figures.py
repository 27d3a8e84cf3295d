"""Figures: headless rendering (Agg) and saving beside the report."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib


def _inside_kernel() -> bool:
    return "ipykernel" in sys.modules


if not _inside_kernel() and not os.environ.get("MPLBACKEND"):
    matplotlib.use("Agg")  # scripts and tests render headless; notebooks keep the inline (Agg-based) backend


def save_figure(fig, path: str | Path, dpi: int = 150, formats: tuple[str, ...] = ("png",)) -> list[Path]:
    """Save ``fig`` as ``path`` with each suffix in ``formats``; returns the written paths.

    Parent folders are created. The figure is not closed, so a notebook can still show it.
    """
    base = Path(path)
    base.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        target = base.with_suffix("." + fmt)
        fig.savefig(target, dpi=dpi, bbox_inches="tight", metadata={"Software": None} if fmt == "png" else None)
        written.append(target)
    return written


def plot_paper_vs_ours(table, ax=None):
    """Grouped bars of the paper's figure vs ours (headline rows that have both, in %).

    ``table`` is :func:`music_visual.reporting.tables.cross_paper_table`'s output.
    Returns the axes; when no row has a number of ours yet the axes say so in words.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    def number(text: str):
        try:
            return float(str(text).split()[0])
        except (ValueError, IndexError):
            return None

    rows = [(f"{r.paper}: {r.method}\n{r.metric}", number(r._3), number(r.ours))
            for r in table[["paper", "method", "metric", "paper reports", "ours"]].itertuples(index=False)]
    rows = [r for r in rows if r[1] is not None and r[2] is not None]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * max(len(rows), 2) + 1.2))
    if not rows:
        ax.text(0.5, 0.5, "No paper has produced metrics yet:\nrun its stages with `dvc repro`.",
                ha="center", va="center", fontsize=11, transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    y = np.arange(len(rows))
    ax.barh(y - 0.2, [r[1] for r in rows], height=0.4, label="paper (its own data)", color="#9aa7b8")
    ax.barh(y + 0.2, [r[2] for r in rows], height=0.4, label="ours (embedded corpus)", color="#2f6690")
    ax.set_yticks(y, [r[0] for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("value (%)")
    ax.legend(loc="lower right", fontsize=8)
    return ax
