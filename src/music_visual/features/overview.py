"""Helpers of ``notebooks/features/01_overview.ipynb``: every feature family at a glance.

* :func:`family_reports`: the per-stage reports (``reports/features/FAMILY.json``) as one table:
  items, decoded, failed, flagged bad inputs, seconds and items/s;
* :func:`output_summaries`: per stored output (a family may write several): rows, dimension,
  rows per item, value range, and whether every value is finite;
* :func:`item_vectors`: one vector per item (the mean over an item's rows for sequence
  outputs such as per-second frames or per-segment descriptors), for projections;
* :func:`top_tags`: the most probable tags of a few items ("what the model hears", MusiCNN);
* :func:`labelled_projection`: a standardised 2-D PCA of those vectors coloured by two labels;
* :func:`class_histograms`: overlaid histograms of one feature per label value (also used by
  ``notebooks/mrcca/02_features.ipynb``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.reporting.figures import pca_2d
from music_visual.features.store import FeatureTable, load_feature_table

NOT_FEATURES = {"mrcca_segments/bounds": "segment start/end in seconds (the segmentation, not a descriptor)",
                "musicnn_audio/patch_times": "patch start/end in seconds (not a descriptor)",
                "musicnn_audio/penultimate": "per-patch rows; their mean is musicnn_audio/embedding_mean",
                "musicnn_audio/patch_tags": "per-patch rows; their mean is musicnn_audio/tag_mean"}


def top_tags(table: FeatureTable, labels: pd.DataFrame, k: int = 3, n_items: int = 8,
             seed: int = 0) -> pd.DataFrame:
    """"What the model hears": the ``k`` most probable tags of ``n_items`` random items of a tag-probability
    table (``meta['tag_names']`` names its columns) beside the items' ``labels`` (e.g. genre and mood)."""
    names = table.meta.get("tag_names")
    if not names or len(names) != table.dim:
        raise ValueError(f"{table.meta.get('family', 'this table')} stores no tag names for its {table.dim} columns")
    ids, X = item_vectors(table)
    chosen = np.sort(np.random.default_rng(seed).choice(len(ids), size=min(n_items, len(ids)), replace=False))
    rows = []
    for i in chosen:
        best = np.argsort(-X[i], kind="stable")[:k]
        rows.append({"item_id": ids[i], **labels.loc[ids[i]].to_dict(),
                     "top tags": ", ".join(f"{names[j]} {X[i, j]:.2f}" for j in best)})
    return pd.DataFrame(rows).set_index("item_id")


def family_reports(reports_dir: str | Path, families: list[str]) -> pd.DataFrame:
    """One row per family from its stage report; a family that has not run yet is named, not skipped."""
    rows = []
    for family in families:
        path = Path(reports_dir) / f"{family}.json"
        if not path.is_file():
            rows.append({"family": family, "status": "not run"})
            continue
        report = json.loads(path.read_text(encoding="utf-8"))
        flagged = {k: v for k, v in report.get("flagged", {}).items() if v}
        rows.append({"family": family, "status": "ok", "items": report["n_items"], "decoded": report["n_ok"],
                     "failed": report["n_failed"], "flagged": ", ".join(f"{k} {v}" for k, v in flagged.items()) or "-",
                     "seconds": report["seconds"], "items/s": report["items_per_second"],
                     "outputs": ", ".join(report["outputs"])})
    return pd.DataFrame(rows).set_index("family")


def output_summaries(tables: dict[str, FeatureTable]) -> pd.DataFrame:
    """Shape and value statistics of each stored output (``{"family/output": table}``)."""
    rows = []
    for name, table in tables.items():
        lengths = (table.index["stop"] - table.index["start"]).to_numpy()
        values = table.values
        rows.append({"output": name, "items": len(table.index), "rows": len(values), "dim": table.dim,
                     "rows per item": f"{lengths.min()}-{lengths.max()}" if lengths.min() != lengths.max()
                     else str(lengths.min()),
                     "min": float(values.min()) if values.size else np.nan,
                     "max": float(values.max()) if values.size else np.nan,
                     "all finite": bool(np.isfinite(values).all()), "failures": len(table.failures)})
    return pd.DataFrame(rows).set_index("output")


def load_outputs(features_dir: str | Path, families: list[str]) -> dict[str, FeatureTable]:
    """Every stored output of the families that have run, keyed ``family/output``."""
    tables = {}
    for family in families:
        folder = Path(features_dir) / family
        if not folder.is_dir():
            continue
        for output in sorted(p.name for p in folder.iterdir() if (p / "values.npy").is_file()):
            tables[f"{family}/{output}"] = load_feature_table(folder / output)
    return tables


def item_vectors(table: FeatureTable) -> tuple[list[str], np.ndarray]:
    """Item ids and one vector per item: its row, or the mean of its rows (items without rows dropped)."""
    index = table.index
    starts, stops = index["start"].to_numpy(), index["stop"].to_numpy()
    keep = stops > starts
    ids, starts, stops = index["item_id"][keep].tolist(), starts[keep], stops[keep]
    values = table.values.astype(np.float64)
    if not len(starts):
        return ids, np.zeros((0, table.dim))
    contiguous = np.array_equal(starts[1:], stops[:-1]) and stops[-1] == len(values)
    if contiguous:  # one pass: rows of item i are starts[i]:starts[i + 1]
        sums = np.add.reduceat(values, starts, axis=0)
    else:
        sums = np.vstack([values[a:b].sum(axis=0) for a, b in zip(starts, stops)])
    return ids, sums / (stops - starts)[:, None]


def standardised_pca_2d(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2-D PCA of column-standardised ``X``: (points, explained variance ratio of the 2 axes)."""
    X = np.asarray(X, dtype=np.float64)
    std = X.std(axis=0)
    Z = (X - X.mean(axis=0)) / np.where(std > 1e-12, std, 1.0)
    xy = pca_2d(Z)
    return xy, xy.var(axis=0) / max(Z.var(axis=0).sum(), 1e-300)


def labelled_projection(ax_row, X: np.ndarray, labels: dict[str, np.ndarray], title: str) -> None:
    """Scatter the 2-D PCA of ``X`` on ``len(labels)`` axes, one colour per label value."""
    import matplotlib.pyplot as plt

    xy, ratio = standardised_pca_2d(X)
    for ax, (label, values) in zip(ax_row, labels.items()):
        values = np.asarray(values, dtype=object)
        classes = sorted({str(v) for v in values})
        cmap = plt.get_cmap("tab10" if len(classes) <= 10 else "tab20")
        for i, cls in enumerate(classes):
            sel = values.astype(str) == cls
            ax.scatter(xy[sel, 0], xy[sel, 1], s=6, alpha=0.6, color=cmap(i % cmap.N), label=cls)
        ax.set_title(f"{title}: {label}", fontsize=9)
        ax.set_xlabel(f"PC 1 ({ratio[0]:.0%})", fontsize=8)
        ax.set_ylabel(f"PC 2 ({ratio[1]:.0%})", fontsize=8)
        ax.legend(fontsize=5, markerscale=2, loc="best")


def class_histograms(ax, values: np.ndarray, labels, title: str, xlabel: str, ylabel: str, bins: int = 30) -> None:
    """Overlaid histograms of ``values``, one per label value (sorted), with a legend."""
    labels = np.asarray(labels, dtype=object).astype(str)
    for cls in sorted(set(labels)):
        ax.hist(np.asarray(values)[labels == cls], bins=bins, alpha=0.5, label=cls)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(fontsize=7)
