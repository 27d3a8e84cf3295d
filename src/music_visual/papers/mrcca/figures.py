"""MR-CCA's Fig. 2: consistency vs the number of clusters K (A) and vs the reference share 1/d (B)."""

from __future__ import annotations

import pandas as pd

from music_visual.papers.mrcca.methods import FIGURE_METHODS, label
from music_visual.reporting.figures import plt
from music_visual.study.references import PAIRWISE_CHANCE


def fig2(summary: pd.DataFrame, fig2a_d: int, fig2b_k: int):
    """Both panels: mean consistency (bands: 95 % CI over repeats) of C-CCA, CR-CCA and MR-CCA,
    with chance (1/2) and, when the corpus has one, the oracle's consistency."""
    reference = summary[summary["experiment"] == "reference"].set_index("method")
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for ax, experiment, along, title in ((axes[0], "fig2a", "n_clusters", f"A: 1/d = 1/{fig2a_d}"),
                                         (axes[1], "fig2b", "d", f"B: K = {fig2b_k}")):
        for method in FIGURE_METHODS:
            rows = summary[(summary["experiment"] == experiment) & (summary["method"] == method)].sort_values(along)
            ax.plot(rows[along], 100 * rows["consistency_mean"], marker="o", label=label(method))
            if rows["consistency_ci95_low"].notna().all():
                ax.fill_between(rows[along], 100 * rows["consistency_ci95_low"], 100 * rows["consistency_ci95_high"],
                                alpha=0.15)
        ax.axhline(100 * PAIRWISE_CHANCE, color="grey", ls=":", label="chance")
        if "oracle" in reference.index:
            ax.axhline(100 * reference.loc["oracle", "consistency_mean"], color="black", ls="--", label="oracle")
        ax.set(xlabel="number of clusters K" if along == "n_clusters" else "d (reference share 1/d)", title=title)
    axes[0].set_ylabel("consistency (%)")
    axes[1].legend()
    fig.tight_layout()
    return fig
