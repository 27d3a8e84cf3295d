"""MR-CCA's methods as a registry (:class:`music_visual.study.methods.Method`), in table order.

The four cluster methods of Fig. 2 differ in two switches: per-cluster CCA or R-CCA (ranking
weights learnt from the annotators' preferences), and nearest-cluster (C-) or softmax
ensemble (M-) scoring. ``cca`` / ``r_cca`` are one model over all training pairs (K = 1).
``mrcca_local_reference`` / ``mrcca_global_reference`` are Table 1's two DtRT reference modes.
"""

from __future__ import annotations

from music_visual.study.methods import Method, by_name

METHODS = [
    Method("chance", "chance", kind="reference", table="all", group="reference"),
    Method("cca", "CCA (one model, K = 1)", kind="cca", table="extra", group="baseline"),
    Method("r_cca", "R-CCA (one model, K = 1)", kind="r_cca", table="extra", group="baseline"),
    Method("c_cca", "C-CCA", kind="cluster", table="Fig. 2", group="clustered"),
    Method("cr_cca", "CR-CCA", kind="cluster", table="Fig. 2", group="clustered"),
    Method("m_cca", "M-CCA", kind="cluster", table="extra", group="clustered"),
    Method("mrcca", "MR-CCA", kind="cluster", table="Fig. 2", group="clustered"),
    Method("mrcca_local_reference", "MR-CCA, local references", kind="cluster", table="Table 1", group="references"),
    Method("mrcca_global_reference", "MR-CCA, global references", kind="cluster", table="Table 1", group="references"),
    Method("oracle", "corpus oracle", kind="reference", table="all", group="reference"),
]
FIGURE_METHODS = ("c_cca", "cr_cca", "mrcca")
TABLE_ORDER = ("chance", "cca", "r_cca", "c_cca", "cr_cca", "m_cca", "mrcca", "oracle")
_BY_NAME = by_name(METHODS)


def label(name: str) -> str:
    return _BY_NAME[name].label if name in _BY_NAME else name
