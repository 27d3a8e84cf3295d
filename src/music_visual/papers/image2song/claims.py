"""Image2song's claims, tested seed by seed (the study's one ledger schema).

A claim "A beats B" is the paired difference over seeds of Recall@10 (same seed, same test queries and
galleries) between two configurations -- or between the means of two groups of configurations where the
paper's claim spans tag sets or methods -- judged by :func:`music_visual.study.claims.interval_verdict`:
*reproduced* when its 95 % interval lies above 0, *not reproduced* below 0, *inconclusive* when it
contains 0; *not testable* when a configuration did not run or one seed gives no interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.papers.image2song import paper
from music_visual.reporting import summarize_over_seeds
from music_visual.study.claims import NOT_TESTABLE, claim_row, interval_verdict, ledger, mean_ci

PAPER = "image2song"
SUBSTITUTES = ("generated corpus (key frames of music videos with their songs' lyrics) for Shuttersong; "
               "EfficientNet-Lite0 ImageNet classes for the R-CNN object tags and 23 measured colour/appearance "
               "attributes for its 249 attribute tags; GloVe 6B 50-d for word2vec; the study's widths and "
               "training budget (params.yaml image2song.train)")
TAGS = paper.TAG_SETS
C = paper.config_name


def _t2(method, tags, protocol, metric="recall_at_10"):
    return paper.TABLE_2[method][tags][protocol][metric]


# (claim id, claim, A configs, B configs, protocol, metric, paper figure)
CLAIMS = [
    ("attention_beats_no_attention_unseen", "Tag attention beats the same model without it (unseen songs, obj-tags)",
     [C("ours_attention", "obj")], [C("ours", "obj")], "da", "recall_at_10",
     f"R@10 {_t2('ours_attention', 'obj', 'da')} vs {_t2('ours', 'obj', 'da')} % (Table 2, D_a)"),
    ("attention_beats_no_attention_seen", "Tag attention beats the same model without it (seen songs, obj-attr-tags)",
     [C("ours_attention", "obj_attr")], [C("ours", "obj_attr")], "db", "recall_at_10",
     f"R@10 {_t2('ours_attention', 'obj_attr', 'db')} vs {_t2('ours', 'obj_attr', 'db')} % (Table 2, D_b)"),
    ("attention_beats_attentive_reader", "Our-attention beats the Attentive Reader (mean over tag sets, unseen songs)",
     [C("ours_attention", t) for t in TAGS], [C("attentive_reader", t) for t in TAGS], "da", "recall_at_10",
     f"R@10 {np.mean([_t2('ours_attention', t, 'da') for t in TAGS]):.1f} vs "
     f"{np.mean([_t2('attentive_reader', t, 'da') for t in TAGS]):.1f} % (Table 2, D_a, mean of tag sets)"),
    ("bilstm_beats_pooling", "The BiLSTM lyric model beats pooled word vectors (CONSE; mean over tag sets, unseen songs)",
     [C("ours", t) for t in TAGS], [C("conse", t) for t in TAGS], "da", "recall_at_10",
     f"R@10 {np.mean([_t2('ours', t, 'da') for t in TAGS]):.1f} vs "
     f"{np.mean([_t2('conse', t, 'da') for t in TAGS]):.1f} % (Table 2, D_a, mean of tag sets)"),
    ("bilstm_beats_bow", "The BiLSTM lyric model beats the bag of words (mean over tag sets, unseen songs)",
     [C("ours", t) for t in TAGS], [C("bow", t) for t in TAGS], "da", "recall_at_10",
     f"R@10 {np.mean([_t2('ours', t, 'da') for t in TAGS]):.1f} vs "
     f"{np.mean([_t2('bow', t, 'da') for t in TAGS]):.1f} % (Table 2, D_a, mean of tag sets)"),
    ("object_tags_beat_attribute_tags", "Object tags beat attribute tags (Our-attention, unseen songs)",
     [C("ours_attention", "obj")], [C("ours_attention", "attr")], "da", "recall_at_10",
     f"R@10 {_t2('ours_attention', 'obj', 'da')} vs {_t2('ours_attention', 'attr', 'da')} % (Table 2, D_a)"),
    ("obj_attr_beats_obj", "Object and attribute tags together beat object tags alone (Our-attention, seen songs)",
     [C("ours_attention", "obj_attr")], [C("ours_attention", "obj")], "db", "recall_at_10",
     f"R@10 {_t2('ours_attention', 'obj_attr', 'db')} vs {_t2('ours_attention', 'obj', 'db')} % (Table 2, D_b)"),
    ("average_pooling_beats_max", "Average pooling of the tag matrix beats max pooling",
     ["ours_attention"], ["ours_attention_max"], "ablation", "recall_at_10",
     f"R@10 {paper.TABLE_5['ours_attention']['recall_at_10']} vs {paper.TABLE_5['ours_attention_max']['recall_at_10']} % (Table 5)"),
    ("mse_beats_cpl", "MSE beats the cosine proximity loss", ["ours_attention"], ["ours_attention_cpl"], "ablation",
     "recall_at_10", f"R@10 {paper.TABLE_7['ours_attention']['recall_at_10']} vs "
                     f"{paper.TABLE_7['ours_attention_cpl']['recall_at_10']} % (Table 7)"),
    ("mse_beats_mrl", "MSE beats the marginal ranking loss", ["ours_attention"], ["ours_attention_mrl"], "ablation",
     "recall_at_10", f"R@10 {paper.TABLE_7['ours_attention']['recall_at_10']} vs "
                     f"{paper.TABLE_7['ours_attention_mrl']['recall_at_10']} % (Table 7)"),
    ("mood_helps", "The mood word helps (Our-mood beats Our)", ["ours_mood"], ["ours"], "ablation", "recall_at_10",
     f"R@10 {paper.TABLE_4['ours_mood']['recall_at_10']} vs {paper.TABLE_4['ours']['recall_at_10']} % (Table 4)"),
    ("song2image_beats_schwarz", "Song -> image: Our model beats Schwarz et al. (mean over tag sets)",
     [C("ours", t) for t in TAGS], [C("schwarz", t) for t in TAGS], "da", "song2image_recall_at_10",
     f"R@10 {100 * paper.TABLE_3['ours']['recall_at_10']:.0f} vs {100 * paper.TABLE_3['schwarz']['recall_at_10']:.0f} % "
     "(Table 3)"),
]


def _resolve(names: list[str], ablation_tags: str) -> list[str]:
    return [n if "@" in n else C(n, ablation_tags) for n in names]


def _per_seed(per_seed: pd.DataFrame, configs: list[str], protocol: str, metric: str) -> pd.Series | None:
    rows = per_seed[(per_seed["config"].isin(configs)) & (per_seed["protocol"] == protocol)]
    if rows.empty or metric not in rows or set(rows["config"]) != set(configs) or rows[metric].isna().any():
        return None
    return rows.groupby("seed")[metric].mean()


def _level(series: pd.Series | None) -> str:
    return "" if series is None else f"{100 * series.mean():.1f} %"


def _reference(per_seed: pd.DataFrame, name: str, protocol: str, metric: str) -> str:
    rows = per_seed[(per_seed["method"] == name) & (per_seed["protocol"] == protocol)]
    return f"{100 * rows[metric].mean():.1f} %" if len(rows) and metric in rows else ""


def claims_table(per_seed: pd.DataFrame, ablation_protocol: str, ablation_tags: str) -> pd.DataFrame:
    """The ledger, one row per claim of :data:`CLAIMS` (Recall@10 differences in percentage points)."""
    rows = []
    for claim_id, claim, a, b, protocol, metric, figure in CLAIMS:
        protocol = ablation_protocol if protocol == "ablation" else protocol
        a, b = _resolve(a, ablation_tags), _resolve(b, ablation_tags)
        sa, sb = _per_seed(per_seed, a, protocol, metric), _per_seed(per_seed, b, protocol, metric)
        diff = None
        if sa is not None and sb is not None:
            seeds = sa.index.intersection(sb.index)
            diff = summarize_over_seeds((sa.loc[seeds] - sb.loc[seeds]).to_numpy()) if len(seeds) else None
        if diff is None:
            verdict, evidence = NOT_TESTABLE, f"{' / '.join(a)} or {' / '.join(b)} did not run on {protocol}"
        else:
            verdict = interval_verdict(diff.get("ci95_low"), diff.get("ci95_high"), expect_gain=True)
            ci = "" if diff.get("ci95_low") is None else (f", 95 % CI [{100 * diff['ci95_low']:+.1f}, "
                                                          f"{100 * diff['ci95_high']:+.1f}]")
            evidence = (f"{protocol.upper()} test {metric.replace('_', ' ')}: A - B = {100 * diff['mean']:+.1f} points{ci} "
                        f"(n={diff['n_seeds']}); A = {' + '.join(a)} {_level(sa)}, B = {' + '.join(b)} {_level(sb)}")
        rows.append(claim_row(PAPER, claim_id, claim, verdict, paper_figure=figure, ours=mean_ci(diff),
                              chance=_reference(per_seed, "chance", protocol, metric),
                              oracle=_reference(per_seed, "oracle", protocol, metric), evidence=evidence,
                              substitutes=SUBSTITUTES))
    return ledger(rows)
