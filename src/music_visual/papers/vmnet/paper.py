"""The VM-NET paper's own numbers (Hong, Im & Yang), in percent as printed, kept apart from ours.

Columns of Tables II and III: Recall@1/10/25 music -> video, then video -> music,
on HIMV-200K's 1,000 test pairs. Table II rows are keyed by the method names of
:func:`music_visual.papers.vmnet.methods.table_ii_methods` (weights as
(music -> video, video -> music), layers as (music, video)); its reference row
(3, 1) / (3, 2) / top-100 is one configuration. Table III's "Ours (inter)" row
equals Table II's top-1000 row. One cell of Table III is printed garbled
("15.7 5" for linear one-directional, video -> music R@10); we read 15.7.
"""

from __future__ import annotations

import pandas as pd

METRICS = ("music_to_video_recall_at_1", "music_to_video_recall_at_10", "music_to_video_recall_at_25",
           "video_to_music_recall_at_1", "video_to_music_recall_at_10", "video_to_music_recall_at_25")

TABLE_II = {
    "weights_m2v1_v2m3": (6.1, 12.3, 18.8, 5.8, 11.4, 17.3),
    "weights_m2v1_v2m5": (5.2, 12.0, 17.5, 4.7, 11.6, 16.9),
    "weights_m2v1_v2m1": (8.4, 19.3, 28.6, 7.3, 17.6, 29.2),
    "weights_m2v3_v2m1": (8.5, 19.2, 29.1, 7.2, 20.5, 27.5),
    "weights_m2v5_v2m1": (8.7, 18.7, 27.4, 7.7, 18.0, 29.3),
    "layers_music1_video1": (4.3, 16.1, 25.6, 2.9, 15.0, 24.9),
    "layers_music2_video2": (7.5, 16.5, 27.3, 7.3, 16.0, 26.4),
    "layers_music2_video3": (7.4, 16.8, 26.4, 6.7, 16.2, 25.9),
    "layers_music3_video2": (8.5, 19.2, 29.1, 7.2, 20.5, 27.5),
    "layers_music4_video2": (8.2, 18.5, 27.3, 7.5, 16.5, 25.5),
    "top_k_10": (4.4, 8.5, 13.8, 4.5, 6.5, 9.1),
    "top_k_50": (8.0, 17.3, 25.7, 7.4, 16.5, 25.4),
    "top_k_100": (8.5, 19.2, 29.1, 7.2, 20.5, 27.5),
    "top_k_500": (8.4, 21.2, 31.7, 7.6, 19.4, 32.0),
    "top_k_1000": (9.1, 22.5, 32.6, 7.6, 20.1, 31.8),
}

TABLE_III = {
    "pca": (0.0, 0.5, 2.1, 0.1, 1.1, 2.7),
    "plssvd": (0.7, 5.9, 13.0, 0.8, 6.8, 14.1),
    "plsca": (0.8, 6.3, 13.7, 0.4, 7.1, 14.1),
    "cca": (2.7, 14.0, 25.8, 1.8, 14.3, 26.6),
    "linear_one_directional": (4.2, 15.3, 24.4, 3.9, 15.7, 26.4),
    "linear_inter": (4.3, 16.3, 27.0, 3.5, 15.3, 26.9),
    "linear_inter_intra": (4.0, 16.7, 26.5, 3.4, 14.3, 25.9),
    "nonlinear_one_directional": (6.5, 13.5, 19.9, 5.2, 12.0, 18.6),
    "nonlinear_inter": (9.1, 22.5, 32.6, 7.6, 20.1, 31.8),
    "nonlinear_inter_soft_intra": (8.9, 25.2, 37.9, 8.2, 23.3, 35.7),
    "nonlinear_inter_dann": (7.7, 19.7, 28.6, 8.0, 19.9, 29.8),
    "nonlinear_inter_soft_intra_dann": (8.5, 24.0, 37.9, 6.7, 22.9, 35.4),
}

# Table IV: share of answers preferring the first item of the pair (V2M, M2V, total).
TABLE_IV = {
    ("human", "GR"): (81.98, 81.98, 81.98),
    ("human", "GS"): (65.57, 64.62, 65.09),
    ("human", "SR"): (71.79, 74.25, 73.02),
    ("machine", "GR"): (78.45, 78.50, 78.48),
}
HUMAN_GR = 0.8198
PAPER_GALLERY = 1000


def paper_table(table: dict) -> pd.DataFrame:
    """One of the tables above as a DataFrame (rows: method, columns: :data:`METRICS`, in %)."""
    return pd.DataFrame.from_dict(table, orient="index", columns=list(METRICS))


def paper_value(method: str, metric: str) -> float | None:
    """The paper's number (%) for a method and metric of Table II or III, or None."""
    for table in (TABLE_III, TABLE_II):
        if method in table and metric in METRICS:
            return table[method][METRICS.index(metric)]
    return None

TITLE = ("Hong, Im, Yang, Content-based video-music retrieval using soft intra-modal structure constraint "
         "(VM-NET)")
TASK = "bidirectional video <-> music retrieval, Recall@K over 1,000 test pairs"
CHANCE_ROW = tuple(100 * min(k, PAPER_GALLERY) / PAPER_GALLERY for k in (1, 10, 25)) * 2  # K / 1,000


def _number(method: str, metric: str, headline: bool = True) -> dict:
    return {"method": method, "metric": metric, "value": f"{TABLE_III[method][METRICS.index(metric)]:.1f}",
            "headline": headline, "source": "Table III"}


NUMBERS = [
    _number("nonlinear_inter_soft_intra", "music_to_video_recall_at_1"),
    _number("nonlinear_inter_soft_intra", "music_to_video_recall_at_10"),
    _number("nonlinear_inter_soft_intra", "music_to_video_recall_at_25"),
    _number("nonlinear_inter_soft_intra", "video_to_music_recall_at_10"),
    _number("cca", "music_to_video_recall_at_10"),
    _number("cca", "video_to_music_recall_at_10"),
]

TRAIN_PAIRS = 200_000  # HIMV-200K: 200K / 4K / 1K training / validation / test pairs (Sec. V-A)
