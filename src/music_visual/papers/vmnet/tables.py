"""VM-NET's Tables II-IV: ours (mean ± 95 % CI over seeds, in %) beside the paper's numbers.

``summaries`` is method -> metric -> summary (:func:`music_visual.study.summaries.as_nested`),
including the ``chance`` and ``oracle`` rows.
"""

from __future__ import annotations

import pandas as pd

from music_visual.papers.vmnet.methods import MethodSpec
from music_visual.papers.vmnet.paper import CHANCE_ROW, METRICS, TABLE_II, TABLE_III, TABLE_IV
from music_visual.reporting import format_mean_ci

SHORT = {m: ("m->v " if m.startswith("music") else "v->m ") + "R@" + m.rsplit("_", 1)[-1] for m in METRICS}
REPORTED_METRICS = [*METRICS, "music_to_video_median_rank", "video_to_music_median_rank",
                    "music_to_video_mean_rank", "video_to_music_mean_rank", "music_to_video_gr", "video_to_music_gr",
                    "gr", "music_to_video_simulated_gr", "video_to_music_simulated_gr", "simulated_gr",
                    "music_to_video_simulated_gs", "video_to_music_simulated_gs", "simulated_gs",
                    "music_to_video_simulated_sr", "video_to_music_simulated_sr", "simulated_sr"]


def _cell(summaries: dict, method: str, metric: str, scale: float = 100.0) -> str:
    value = (summaries.get(method) or {}).get(metric)
    return format_mean_ci(value, scale) if value is not None else "-"


def _paper(table: dict, method: str, metric: str) -> str:
    return f"{table[method][METRICS.index(metric)]:.1f}" if method in table else "-"


def recall_table(summaries: dict, rows: list[tuple[str, str, str]], paper: dict) -> pd.DataFrame:
    """``rows``: (group, method, label); ours then the paper's value for each Recall@K column."""
    out = []
    for group, method, label in rows:
        row = {"group": group, "method": label}
        for metric in METRICS:
            row[f"{SHORT[metric]} ours"] = _cell(summaries, method, metric)
            row[f"{SHORT[metric]} paper"] = _paper(paper, method, metric)
        out.append(row)
    return pd.DataFrame(out)


def table_iii(summaries: dict, specs: list[MethodSpec], n_gallery: int) -> pd.DataFrame:
    """Table III rows (+ two-tower), then chance (ours: K/n on our gallery; paper: K/1000) and the oracle."""
    rows = [(s.group, s.name, s.label) for s in specs if s.table in ("III", "extra")]
    rows += [("reference", "chance", f"chance (gallery {n_gallery})"), ("reference", "oracle", "corpus oracle")]
    paper = TABLE_III | {"chance": CHANCE_ROW}
    return recall_table(summaries, rows, paper)


def table_ii(summaries: dict, specs: list[MethodSpec], reference: str = "nonlinear_inter") -> pd.DataFrame:
    """Table II sweeps; the reference configuration's row is ``reference``'s run when not swept itself."""
    rows = [(s.group, s.name, s.label) for s in specs if s.table == "II"]
    return recall_table(summaries, rows, TABLE_II)


def table_iv(summaries: dict, method: str) -> pd.DataFrame:
    """Preference shares (%): simulated annotators and the machine (ours) beside the paper's humans / machine."""
    rows = []
    for who, pair in (("human", "GR"), ("human", "GS"), ("human", "SR"), ("machine", "GR")):
        prefix = "simulated_" if who == "human" else ""
        key = pair.lower()
        ours = [_cell(summaries, method, f"video_to_music_{prefix}{key}"),
                _cell(summaries, method, f"music_to_video_{prefix}{key}"), _cell(summaries, method, f"{prefix}{key}")]
        paper = TABLE_IV[(who, pair)]
        rows.append({"subject": "simulated annotators" if who == "human" else "machine", "preference": pair,
                     "V2M ours": ours[0], "M2V ours": ours[1], "total ours": ours[2],
                     "V2M paper": f"{paper[0]:.2f}", "M2V paper": f"{paper[1]:.2f}", "total paper": f"{paper[2]:.2f}",
                     "chance": "50.0"})
    return pd.DataFrame(rows)
