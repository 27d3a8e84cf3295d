"""S-DCCA's figures: attention beside intensity, clusters vs labels, precision-recall (Figs. 5-8), MAP vs chunks (Fig. 9)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from music_visual.papers.sdcca.chunks import chunk_bounds


def attention_example(table: pd.DataFrame, song_id: str, n_seconds: int, selected: dict[str, list], title: str = ""):
    """One song: attention weight per sub-chunk (bars), the generator's section intensity (line), and
    the chunks each (k, c) query selected (shaded spans, one row per query)."""
    song = table[table["song_id"] == song_id].sort_values("sub_chunk")
    fig, axes = plt.subplots(2, 1, figsize=(9, 3.2 + 0.25 * len(selected)), sharex=True,
                             gridspec_kw={"height_ratios": [2.2, max(0.6, 0.25 * len(selected))]})
    ax = axes[0]
    ax.bar((song["start"] + song["end"]) / 2, song["weight"], width=(song["end"] - song["start"]) * 0.9,
           color="C0", alpha=0.8, label="attention weight (sub-chunk)")
    ax.set_ylabel("attention weight")
    twin = ax.twinx()
    twin.step(np.r_[song["start"].to_numpy(), song["end"].iloc[-1]], np.r_[song["intensity"].to_numpy(),
              song["intensity"].iloc[-1]], where="post", color="C3", label="section intensity (generator)")
    twin.set_ylabel("intensity", color="C3")
    twin.set_ylim(0, 1.1)
    ax.set_title(title or f"{song_id}: attention over its sub-chunks and the section intensity")
    handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    ax.legend(handles, [h.get_label() for h in handles], fontsize=7, loc="upper left")
    strip = axes[1]
    for row, (name, chunks) in enumerate(selected.items()):
        k, c = (int(x) for x in name.split("/"))
        for index, (a, b) in enumerate(chunk_bounds(n_seconds, c)):
            strip.barh(row, b - a, left=a, color="C2" if index in chunks else "0.9", edgecolor="white")
    strip.set_yticks(range(len(selected)), [f"top {name}" for name in selected], fontsize=7)
    strip.set_xlabel("seconds (green: the chunks the attention selects)")
    fig.tight_layout()
    return fig


def cluster_label_heatmap(contingency: pd.DataFrame, title: str = "clusters vs emotion10 labels"):
    fig, ax = plt.subplots(figsize=(6.5, 5))
    image = ax.imshow(contingency.to_numpy(), cmap="Blues")
    ax.set_xticks(range(contingency.shape[1]), contingency.columns, rotation=60, fontsize=7)
    ax.set_yticks(range(contingency.shape[0]), contingency.index, fontsize=7)
    for (i, j), v in np.ndenumerate(contingency.to_numpy()):
        if v:
            ax.text(j, i, str(int(v)), ha="center", va="center", fontsize=6)
    ax.set(xlabel=contingency.columns.name or "label", ylabel=contingency.index.name or "cluster", title=title)
    fig.colorbar(image, ax=ax, fraction=0.04)
    fig.tight_layout()
    return fig


def precision_recall(pr: pd.DataFrame, methods: list[str], queries: list[str], labels: dict, chance: dict | None = None):
    """Mean precision over folds and seeds against recall, all methods on one plot per query (Figs. 5-8)."""
    fig, axes = plt.subplots(1, len(queries), figsize=(5.5 * len(queries), 4), squeeze=False, sharey=True)
    for ax, query in zip(axes[0], queries):
        part = pr[pr["query"] == query]
        colours = plt.get_cmap("tab20")
        for i, method in enumerate(methods):
            curve = part[part["method"] == method].groupby("recall")["precision"].mean()
            if len(curve):
                ax.plot(curve.index, 100 * curve.to_numpy(), label=labels.get(method, method), color=colours(i % 20),
                        lw=2 if method.startswith("s_dcca") else 1, ls="--" if "extend" in method else "-")
        if chance and query in chance:
            ax.axhline(100 * chance[query], color="k", ls="--", lw=1, label="class prior (random ranking)")
        ax.set(title=f"query: {query}", xlabel="recall", ylabel="precision (%)")
        ax.grid(alpha=0.3)
    axes[0, -1].legend(fontsize=7)
    fig.tight_layout()
    return fig


def map_vs_chunks(summary: pd.DataFrame, methods: list[str], labels: dict, reference: dict | None = None):
    """Fig. 9: MAP of "k of c chunks" queries against c, one line per k, a panel per method; dashed: whole song."""
    fig, axes = plt.subplots(1, len(methods), figsize=(4.2 * len(methods), 3.6), squeeze=False, sharey=True)
    for ax, method in zip(axes[0], methods):
        part = summary[summary["method"] == method]
        for k, rows in part[part["k"] > 0].groupby("k"):
            rows = rows.sort_values("n_chunks")
            ax.errorbar(rows["n_chunks"], 100 * rows["mean"], marker="o", capsize=3, label=f"k = {k}",
                        yerr=100 * np.vstack([rows["mean"] - rows["ci95_low"].fillna(rows["mean"]),
                                              rows["ci95_high"].fillna(rows["mean"]) - rows["mean"]]))
        whole = part[part["k"] == 0]
        if len(whole):
            ax.axhline(100 * whole["mean"].iloc[0], color="C7", ls="--", lw=1, label="whole song (mean)")
        for i, (name, value) in enumerate((reference or {}).items()):
            ax.axhline(100 * value, color="k", ls=[":", "-."][i % 2], lw=1, label=name)
        ax.set(title=labels.get(method, method), xlabel="chunks per song (c)", ylabel="MAP (%)")
        ax.set_xticks(sorted(part.loc[part["k"] > 0, "n_chunks"].unique()))
        ax.grid(alpha=0.3)
    axes[0, 0].legend(fontsize=7)
    fig.tight_layout()
    return fig
