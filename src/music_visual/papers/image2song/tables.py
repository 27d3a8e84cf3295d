"""Image2song's tables: Table 2 (both protocols, three tag sets), Table 3 (song -> image), the supplement's
Tables 4, 5 and 7, and the tuning and stopping records; ours (mean ± 95 % CI over seeds) beside the
paper's figure, with the chance and oracle rows."""

from __future__ import annotations

import pandas as pd

from music_visual.papers.image2song import paper
from music_visual.papers.image2song.methods import labels
from music_visual.reporting import format_mean_ci
from music_visual.study.summaries import as_nested, summarize

PROTOCOL_METRICS = {"da": ("recall_at_1", "recall_at_5", "recall_at_10", "median_rank"),
                    "db": ("recall_at_10", "recall_at_50", "recall_at_100", "median_rank")}
SHORT = {"recall_at_1": "R@1", "recall_at_3": "R@3", "recall_at_5": "R@5", "recall_at_10": "R@10",
         "recall_at_20": "R@20", "recall_at_50": "R@50", "recall_at_100": "R@100", "median_rank": "Med r"}
REFERENCES = ("chance", "oracle", "lyric_oracle")
MODERN = "two_tower_infonce"  # the study's modern baseline, in every table
REFERENCE_LABELS = {"chance": "chance (random ranking)", "oracle": "corpus oracle (topic + affect + genre)",
                    "lyric_oracle": "lyric oracle (topic only)"}


def wide_per_seed(per_seed: pd.DataFrame) -> pd.DataFrame:
    """One row per (config, seed) with protocol-prefixed metric columns (``da_recall_at_10``...)."""
    keys = ["config", "seed"]
    metric_cols = [c for c in per_seed.columns if c.startswith(("recall_at_", "median_rank", "mean_rank",
                                                                  "song2image_"))]
    frames = []
    for protocol, part in per_seed.groupby("protocol", sort=False):
        frames.append(part[keys + metric_cols].rename(columns={c: f"{protocol}_{c}" for c in metric_cols})
                      .set_index(keys))
    wide = pd.concat(frames, axis=1).reset_index()
    return wide.rename(columns={"config": "method"})


def summaries(per_seed: pd.DataFrame) -> dict:
    """config -> metric -> summary over seeds (the metrics-file shape); the reference rows under their own
    names (``chance``, ``oracle``...: one row per tag set, all equal, so the first is kept)."""
    wide = wide_per_seed(per_seed)
    reference = wide["method"].str.split("@").str[0].isin(REFERENCES)
    nested = as_nested(summarize(wide[~reference], "method"))
    refs = wide[reference].assign(method=wide.loc[reference, "method"].str.split("@").str[0])
    refs = refs.drop_duplicates(["method", "seed"])
    return nested | as_nested(summarize(refs, "method"))


def _cell(summaries_: dict, config: str, metric: str, figure=None) -> str:
    s = summaries_.get(config, {}).get(metric)
    scale = 1.0 if metric.endswith(("median_rank", "mean_rank")) else 100.0
    ours = format_mean_ci(s, scale) if s is not None else "not run"
    return ours if figure is None else f"{ours} [paper {figure}]"


def table2(summaries_: dict, protocol: str, tag_sets=paper.TAG_SETS, methods=None) -> pd.DataFrame:
    """Table 2 for one protocol: rows methods, columns (tag set, metric); ``[paper x]`` beside ours."""
    methods = methods or ["bow", "conse", "attentive_reader", "ours", "ours_attention", "two_tower_infonce"]
    names = labels()
    rows = []
    for method in [*methods, *REFERENCES]:
        row = {"method": names.get(method, REFERENCE_LABELS.get(method, method))}
        for tags in tag_sets:
            for metric in PROTOCOL_METRICS[protocol]:
                figure = paper.TABLE_2.get(method, {}).get(tags, {}).get(protocol, {}).get(metric)
                key = method if method in REFERENCES else paper.config_name(method, tags)
                row[f"{tags} {SHORT[metric]}"] = _cell(summaries_, key, f"{protocol}_{metric}", figure)
        rows.append(row)
    return pd.DataFrame(rows)


def table3(summaries_: dict, tag_sets=paper.TAG_SETS) -> pd.DataFrame:
    """Song -> image on D_a: the Schwarz et al. baseline and "Our" model per tag set, the references."""
    metrics = ("recall_at_1", "recall_at_5", "recall_at_10", "recall_at_20", "median_rank")
    rows = []
    for method in ("schwarz", "ours", MODERN):
        for tags in tag_sets:
            row = {"method": labels()[method], "tags": tags}
            for metric in metrics:
                figure = paper.TABLE_3.get(method, {}).get(metric)
                figure = f"{100 * figure:.0f}" if figure is not None and metric != "median_rank" else figure
                row[SHORT[metric]] = _cell(summaries_, paper.config_name(method, tags), f"da_song2image_{metric}",
                                           figure if tags == "obj_attr" else None)
            rows.append(row)
    for ref in REFERENCES:
        rows.append({"method": REFERENCE_LABELS[ref], "tags": "",
                     **{SHORT[m]: _cell(summaries_, ref, f"da_song2image_{m}") for m in metrics}})
    return pd.DataFrame(rows)


def ablation_table(summaries_: dict, protocol: str, tags: str, methods: list[str], figures: dict) -> pd.DataFrame:
    """Tables 4, 5, 7 on one protocol and tag set: R@1/3/5/10, Med r, the paper's figure beside ours (and the
    two-tower and the references)."""
    metrics = ("recall_at_1", "recall_at_3", "recall_at_5", "recall_at_10", "median_rank")
    rows = []
    for method in [*methods, MODERN, *REFERENCES]:
        key = method if method in REFERENCES else paper.config_name(method, tags)
        rows.append({"method": labels().get(method, REFERENCE_LABELS.get(method, method)),
                     **{SHORT[m]: _cell(summaries_, key, f"{protocol}_{m}", figures.get(method, {}).get(m))
                        for m in metrics}})
    return pd.DataFrame(rows)


def tuning_table(tuning: pd.DataFrame) -> pd.DataFrame:
    """Every grid point of every configuration at the first seed: its validation criterion, the choice."""
    if tuning.empty:
        return tuning
    points = [c for c in tuning.columns if c not in {"method", "config", "protocol", "seed", "criterion", "chosen"}]
    table = tuning.pivot_table(index=["method", "config", "protocol"], columns=points, values="criterion").round(4)
    chosen = tuning[tuning["chosen"]].set_index(["method", "config", "protocol"])[points]
    return table.join(chosen.add_prefix("chosen "))


def stopping_table(per_seed: pd.DataFrame) -> pd.DataFrame:
    """Per configuration: runs, median best step and steps, runs at the step cap, runs that kept the
    untrained weights, training steps per second."""
    learned = per_seed[per_seed["steps"].fillna(0) > 0]
    if learned.empty:
        return pd.DataFrame()
    g = learned.groupby(["config", "protocol"], sort=False)
    return pd.DataFrame({"runs": g.size(), "median best step": g["best_step"].median(),
                         "median steps": g["steps"].median(), "stopped at the step cap": g["hit_cap"].sum(),
                         "kept the untrained weights": g["kept_initial"].sum(),
                         "steps per second": g["steps_per_second"].median().round(1),
                         "seconds per run": g["seconds"].median().round(1)}).reset_index()
