"""S-DCCA's methods as a registry: Table II's rows, the extend variants of Figs. 5-8 and the InfoNCE two-tower.

======================  ========================================================================
``multi_view``          one linear projection per view into one shared subspace: the blocks of the
                        loadings of a PCA of the concatenated standardised views (the shared
                        ``PCABaseline(mode="joint")``; the paper's ref. [27] is a survey and names
                        no algorithm: our choice)
``cca``                 regularised linear CCA (the shared ``CCA``)
``kcca``                Gaussian-kernel CCA (the shared ``KCCA``), width and regulariser tuned
``dcca``                the S-DCCA network with plain pairwise DCCA on one-to-one pairs, then linear CCA
``c_cca``               Cluster-CCA on one-to-one pairs (:mod:`.cluster_cca`); ``_extend1/2`` on the
                        extended pair sets (:mod:`.pairs`)
``s_dcca``              the network with the supervised correlation loss, then C-CCA on its outputs;
                        ``_extend1/2`` on the extended pair sets
``two_tower_infonce``   the study's modern baseline: a CLIP-style two-tower (symmetric InfoNCE)
======================  ========================================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from music_visual.papers.sdcca.settings import RunSettings
from music_visual.study.methods import Method

LINEAR, KERNEL, DEEP, TWO_TOWER = "linear", "kernel", "deep", "two_tower"


@dataclass(frozen=True)
class MethodSpec(Method):
    decomposition: str = ""   # multi_view | cca | c_cca (linear kinds)
    supervised: bool = False  # the cluster cross-covariance (C-CCA, S-DCCA)
    pairs: str = "basic"      # basic | extend1 | extend2


def all_methods() -> list[MethodSpec]:
    """Table II's rows in the paper's order, then the extend variants and the two-tower."""
    table, extra = dict(table="II", group="paper"), dict(table="Figs. 5-8", group="extend")
    return [
        MethodSpec("multi_view", "Multi-view (joint-PCA projections)", kind=LINEAR, decomposition="multi_view", **table),
        MethodSpec("cca", "CCA", kind=LINEAR, decomposition="cca", **table),
        MethodSpec("kcca", "KCCA (Gaussian)", kind=KERNEL, **table),
        MethodSpec("dcca", "DCCA", kind=DEEP, **table),
        MethodSpec("c_cca", "C-CCA", kind=LINEAR, decomposition="c_cca", supervised=True, **table),
        MethodSpec("s_dcca", "S-DCCA", kind=DEEP, supervised=True, **table),
        MethodSpec("c_cca_extend1", "C-CCA-extend1", kind=LINEAR, decomposition="c_cca", supervised=True,
                   pairs="extend1", **extra),
        MethodSpec("c_cca_extend2", "C-CCA-extend2", kind=LINEAR, decomposition="c_cca", supervised=True,
                   pairs="extend2", **extra),
        MethodSpec("s_dcca_extend1", "S-DCCA-extend1", kind=DEEP, supervised=True, pairs="extend1", **extra),
        MethodSpec("s_dcca_extend2", "S-DCCA-extend2", kind=DEEP, supervised=True, pairs="extend2", **extra),
        MethodSpec("two_tower_infonce", "Two-tower, symmetric InfoNCE (modern baseline)", kind=TWO_TOWER,
                   table="extra", group="baseline"),
    ]


def method_grid(spec: MethodSpec, settings: RunSettings) -> dict[str, list]:
    """The validation grid every learned method chooses from (the same criterion for all)."""
    if spec.kind == LINEAR:
        if spec.decomposition == "multi_view":
            return {"components": list(settings.multiview_components)}
        return {"cca_reg": list(settings.cca_regs)}
    if spec.kind == KERNEL:
        return {"kernel_width": list(settings.kcca_widths), "kcca_reg": list(settings.kcca_regs)}
    if spec.kind == DEEP:
        return {"dcca_reg": list(settings.dcca_regs)}
    return {"embed_dim": list(settings.two_tower_embed_dims)}


def methods_table(specs: list[MethodSpec], settings: RunSettings):
    """The registry as a table: what each row trains and the grid it tunes."""
    import pandas as pd

    return pd.DataFrame([{"method": s.name, "label": s.label, "table": s.table, "kind": s.kind,
                          "cluster term": s.supervised, "pairs": s.pairs if s.kind in (LINEAR, DEEP) else "basic",
                          "grid": "; ".join(f"{k} {v}" for k, v in method_grid(s, settings).items())}
                         for s in specs])
