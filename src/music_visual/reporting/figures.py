"""Figures every paper uses: headless rendering (Agg), saving beside the report, Recall@K curves,
2-D PCA projections coloured by labels, and the paper-vs-ours bars."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib


def _inside_kernel() -> bool:
    return "ipykernel" in sys.modules


if not _inside_kernel() and not os.environ.get("MPLBACKEND"):
    matplotlib.use("Agg")  # scripts and tests render headless; notebooks keep the inline (Agg-based) backend

import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


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


DIRECTION_TITLES = {"music_to_video": "music -> video", "video_to_music": "video -> music"}


def recall_curves(curves: pd.DataFrame, methods: list[str], n_gallery: int, labels: dict | None = None):
    """Mean Recall@K over seeds (bands: min..max over seeds) per direction, with chance K/n."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for ax, (direction, title) in zip(axes, DIRECTION_TITLES.items()):
        part = curves[curves["direction"] == direction]
        for method in methods:
            by_k = part[part["method"] == method].groupby("k")["recall"]
            if by_k.ngroups == 0:
                continue
            mean = by_k.mean()
            ax.plot(mean.index, 100 * mean.to_numpy(), label=(labels or {}).get(method, method))
            ax.fill_between(mean.index, 100 * by_k.min().to_numpy(), 100 * by_k.max().to_numpy(), alpha=0.15)
        ks = np.arange(1, int(part["k"].max() if len(part) else 1) + 1)
        ax.plot(ks, 100 * np.minimum(ks, n_gallery) / n_gallery, "k--", label="chance (K / n)")
        ax.set(title=f"{title} (gallery of {n_gallery})", xlabel="K", ylabel="Recall@K (%)")
        ax.grid(alpha=0.3)
    axes[1].legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    return fig


def pca_2d(points: np.ndarray) -> np.ndarray:
    """First two principal components of the rows (zeros when fewer than 2 dimensions vary)."""
    X = np.asarray(points, dtype=np.float64)
    X = X - X.mean(axis=0)
    if len(X) < 2:
        return np.zeros((len(X), 2))
    _, _, vt = np.linalg.svd(X, full_matrices=False)
    out = X @ vt[:2].T
    return np.pad(out, ((0, 0), (0, 2 - out.shape[1])))


def projection(points: dict[str, np.ndarray], labels: dict[str, list], title: str):
    """One panel per label: a 2-D PCA of all points, marker per modality, colour per label value.

    ``points`` maps a modality name (``"music"``, ``"video"``) to its rows; ``labels``
    maps a label name (``"genre"``, ``"mood"``) to one value per row of each modality
    (the rows of every modality share the order of the pairs).
    """
    names = list(points)
    xy = pca_2d(np.vstack([points[n] for n in names]))
    sizes = np.cumsum([0] + [len(points[n]) for n in names])
    fig, axes = plt.subplots(1, len(labels), figsize=(5.5 * len(labels), 4.5), squeeze=False)
    for ax, (label, values) in zip(axes[0], labels.items()):
        values = np.asarray(values, dtype=object)
        classes = sorted({str(v) for v in values})
        colours = plt.get_cmap("tab10" if len(classes) <= 10 else "tab20")
        for ci, cls in enumerate(classes):
            for mi, (name, marker) in enumerate(zip(names, "o^sv")):
                chunk = xy[sizes[mi]:sizes[mi + 1]][values == cls]
                ax.scatter(chunk[:, 0], chunk[:, 1], s=14, marker=marker, color=colours(ci % colours.N),
                           alpha=0.7, label=cls if mi == 0 else None)
        ax.set(title=f"{title}: {label}", xlabel="PC 1", ylabel="PC 2")
        ax.legend(fontsize=6, markerscale=1.2, loc="best", title=" / ".join(f"{m}={n}" for m, n in zip("o^", names)),
                  title_fontsize=6)
    fig.tight_layout()
    return fig


def training_curves(histories: pd.DataFrame, runs: list[str], labels: dict | None = None, seed: int | None = None,
                    criterion: str = "val_criterion", ncols: int = 4, max_steps: int | None = None):
    """One panel per run: the validation criterion per step (raw and smoothed) and the training loss.

    ``histories`` is the training loop's history with ``run`` and ``seed`` columns (one seed drawn:
    ``seed``, default the smallest); the best step is marked and a run that reached ``max_steps``
    (the step cap) is titled so.
    """
    runs = [r for r in runs if r in set(histories["run"])]
    seed = int(histories["seed"].min()) if seed is None else seed
    nrows = max(1, int(np.ceil(len(runs) / ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.2 * ncols, 2.6 * nrows), squeeze=False)
    for ax in axes.ravel()[len(runs):]:
        ax.axis("off")
    for ax, run in zip(axes.ravel(), runs):
        h = histories[(histories["run"] == run) & (histories["seed"] == seed)].sort_values("step")
        ax.plot(h["step"], 100 * h[criterion], color="C0", alpha=0.35, lw=1)
        if f"{criterion}_smoothed" in h:
            ax.plot(h["step"], 100 * h[f"{criterion}_smoothed"], color="C0", lw=1.5, label="val criterion")
        best = h[h["best"].astype(bool)]["step"].max() if "best" in h else None
        if best is not None and best == best:
            ax.axvline(best, color="C2", ls=":", lw=1)
        if "train_loss" in h:
            twin = ax.twinx()
            twin.plot(h["step"], h["train_loss"], color="C3", lw=1, alpha=0.7)
            twin.tick_params(labelsize=6, colors="C3")
        capped = max_steps is not None and len(h) and h["step"].max() >= max_steps
        ax.set_title(((labels or {}).get(run, run) + (" (step cap)" if capped else ""))[:40], fontsize=7)
        ax.tick_params(labelsize=6)
        ax.grid(alpha=0.3)
    fig.supxlabel("optimisation step (dotted: the kept step)", fontsize=8)
    fig.supylabel("validation criterion (%, blue) / training loss (red)", fontsize=8)
    fig.tight_layout()
    return fig


def learning_curves(summary: pd.DataFrame, methods: list[str], metric: str, labels: dict | None = None,
                    reference: dict[str, float] | None = None, ylabel: str | None = None):
    """Mean and 95 % CI over seeds of ``metric`` against the number of training pairs (log axis).

    ``summary`` is :func:`music_visual.training.learning_curve.curve_summary`'s long table;
    ``reference`` adds horizontal lines (e.g. chance, the oracle).
    """
    fig, ax = plt.subplots(figsize=(7, 4))
    rows = summary[summary["metric"] == metric]
    for method in methods:
        part = rows[rows["method"] == method].sort_values("n_train")
        if part.empty:
            continue
        ax.errorbar(part["n_train"], 100 * part["mean"],
                    yerr=100 * np.vstack([part["mean"] - part["ci95_low"].fillna(part["mean"]),
                                          part["ci95_high"].fillna(part["mean"]) - part["mean"]]),
                    marker="o", capsize=3, label=(labels or {}).get(method, method))
    for i, (name, value) in enumerate((reference or {}).items()):
        ax.axhline(100 * value, color="k", ls=["--", ":", "-."][i % 3], lw=1, label=name)
    ax.set_xscale("log", base=2)
    ax.set(xlabel="training pairs (log scale)", ylabel=ylabel or f"{metric} (%)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig
