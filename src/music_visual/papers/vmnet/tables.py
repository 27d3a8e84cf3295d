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


STRUCTURE_ORACLES = {"oracle_global_linear": "oracle: one linear map of the true factors",
                     "oracle_per_genre": "oracle: a linear map per genre"}


def table_iii(summaries: dict, specs: list[MethodSpec], n_gallery: int) -> pd.DataFrame:
    """Table III rows (+ two-tower), then chance (ours: K/n on our gallery; paper: K/1000), the per-structure
    oracles when known (the best single and per-genre linear maps of the true factors) and the full oracle."""
    rows = [(s.group, s.name, s.label) for s in specs if s.table in ("III", "extra")]
    rows += [("reference", "chance", f"chance (gallery {n_gallery})")]
    rows += [("reference", name, label) for name, label in STRUCTURE_ORACLES.items() if name in summaries]
    rows += [("reference", "oracle", "corpus oracle (full)")]
    paper = TABLE_III | {"chance": CHANCE_ROW}
    return recall_table(summaries, rows, paper)


def table_ii(summaries: dict, specs: list[MethodSpec], reference: str = "nonlinear_inter",
             per_seed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Table II sweeps; the reference configuration's row is ``reference``'s run when not swept itself.

    With the runner's ``per_seed`` rows, an ``effective top-K`` column (negatives mined per anchor in
    our batch) stands beside each row's label.
    """
    rows = [(s.group, s.name, s.label) for s in specs if s.table == "II"]
    table = recall_table(summaries, rows, TABLE_II)
    if per_seed is not None and "top_k_used" in per_seed:
        used = per_seed.drop_duplicates("method").set_index("method")["top_k_used"]
        table.insert(2, "effective top-K", [used.get(method, "") for _, method, _ in rows])
    return table


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


def _g(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


def tuning_table(tuning: pd.DataFrame) -> pd.DataFrame:
    """Per run: the grid it chose from, the chosen values and their validation criterion (%).

    Runs that inherit another run's choice (Table II) say so.
    """
    if tuning.empty:
        return pd.DataFrame()
    settings = [c for c in tuning.columns if c not in ("run", "inherits", "criterion", "chosen")]
    rows = []
    for run, part in tuning.groupby("run", sort=False):
        inherits = part["inherits"].fillna("").iloc[0]
        chosen = part.iloc[0] if inherits else part[part["chosen"].astype(bool)].iloc[0]
        used = [s for s in settings if part[s].notna().any()]
        rows.append({"run": run,
                     "grid": "inherits " + inherits if inherits else
                     "; ".join(f"{s}: [{', '.join(_g(v) for v in sorted(part[s].dropna().unique()))}]"
                               for s in used),
                     "chosen": ", ".join(f"{s} {_g(chosen[s])}" for s in used),
                     "val criterion (%)": "" if inherits else f"{100 * chosen['criterion']:.1f}",
                     "grid points": 0 if inherits else len(part)})
    return pd.DataFrame(rows)


def stopping_table(per_seed: pd.DataFrame) -> pd.DataFrame:
    """Per trained run: best and last step over seeds, how many seeds hit the cap or kept the initial weights."""
    runs = per_seed.dropna(subset=["steps"]).drop_duplicates(["run", "seed"]) if "steps" in per_seed else per_seed.iloc[:0]
    if runs.empty:
        return pd.DataFrame()
    grouped = runs.groupby("run", sort=False)
    return pd.DataFrame({
        "best step (per seed)": grouped["best_step"].apply(lambda s: ", ".join(str(int(v)) for v in s)),
        "last step (per seed)": grouped["steps"].apply(lambda s: ", ".join(str(int(v)) for v in s)),
        "stopped at the step cap": grouped["stopped_by"].apply(lambda s: int((s == "step_cap").sum())),
        "kept the untrained weights": grouped["kept_initial"].apply(lambda s: int(s.astype(bool).sum())),
        "seconds per run": grouped["seconds"].mean().round(1),
        "effective top-K": grouped["top_k_used"].first() if "top_k_used" in runs else "",
    }).reset_index()


def learning_curve_table(summary: pd.DataFrame, metric: str = "mean_recall_at_10") -> pd.DataFrame:
    """Methods x training pairs: mean ± 95 % CI over seeds of ``metric`` (%)."""
    rows = summary[summary["metric"] == metric]
    if rows.empty:
        return pd.DataFrame()
    cells = rows.assign(cell=[format_mean_ci(r, 100.0) for r in rows.to_dict("records")])
    return cells.pivot_table(index="method", columns="n_train", values="cell", aggfunc="first").reset_index()
