"""ACP-Net's claims, tested seed by seed on our per-seed results (the study's one ledger schema).

A claim "A beats B" is the paired difference of one metric over seeds (same seed, same test pairs or items),
judged by :func:`music_visual.study.claims.paired_verdict`: *reproduced* when its 95 % interval lies above 0,
*not reproduced* below 0, *inconclusive* when it contains 0; *not testable* when a method did not run or only
one seed exists. "Embeddings carry emotion" compares the probe with the chance row (the majority class of
the test items, repeated per seed); our stricter reading compares it with the same probe on an untrained
ACP-Net's embeddings (random projections of the inputs carry emotion too).
"""

from __future__ import annotations

import pandas as pd

from music_visual.papers.acpnet.methods import UNTRAINED
from music_visual.papers.acpnet.paper import TABLE_4, TABLE_5
from music_visual.study.claims import NOT_TESTABLE, claim_row, ledger, mean_ci, paired_verdict
from music_visual.study.summaries import as_nested, paired_difference, summarize

PAPER = "acpnet"
SUBSTITUTES = ("generated corpus's emotion-labelled images and songs for IMAC; EfficientNet-Lite0 features for "
               "Inception-v3; downsized thumbnails and mel-pooled log-spectrograms with small CNNs for the "
               "baselines; the study's widths and training budget (params.yaml acpnet.train)")
IMAGE, MUSIC = "image_emotion_accuracy", "music_emotion_accuracy"

# (claim id, claim, a, b, metric, paper figure)
PAIRED_CLAIMS = [
    ("acp_beats_l3", "ACP-Net beats L3-Net", "acp_net", "l3_net", "accuracy",
     f"+{TABLE_4['acp_net'] - TABLE_4['l3_net']:.2f} pp ({TABLE_4['acp_net']} vs {TABLE_4['l3_net']} %, Table 4)"),
    ("acp_beats_spectrogram_acp", "ACP-Net beats Spectrogram-ACP", "acp_net", "spectrogram_acp", "accuracy",
     f"+{TABLE_4['acp_net'] - TABLE_4['spectrogram_acp']:.2f} pp ({TABLE_4['acp_net']} vs "
     f"{TABLE_4['spectrogram_acp']} %, Table 4)"),
    ("image_embedding_carries_emotion", "ACP-Net's image embedding carries emotion without emotion labels "
     "(probe beats chance)", "acp_net", "chance", IMAGE,
     f"{TABLE_5['image']['ACP-Net features + MLP']} % vs random {TABLE_5['image']['Random']} % (Table 5)"),
    ("music_embedding_carries_emotion", "ACP-Net's music embedding carries emotion without emotion labels "
     "(probe beats chance)", "acp_net", "chance", MUSIC,
     f"{TABLE_5['music']['ACP-Net features + MLP']} % vs random {TABLE_5['music']['Random']} % (Table 5)"),
    ("image_embedding_beats_untrained", "ACP-Net's training adds image emotion information (probe beats the "
     "untrained network's probe; our control)", "acp_net", UNTRAINED, IMAGE, "not in the paper"),
    ("music_embedding_beats_untrained", "ACP-Net's training adds music emotion information (probe beats the "
     "untrained network's probe; our control)", "acp_net", UNTRAINED, MUSIC, "not in the paper"),
    ("music_embedding_beats_spectrogram_cnn", "ACP-Net music features + MLP beat a spectrogram CNN trained with "
     "labels", "acp_net", "spectrogram_cnn", MUSIC,
     f"+{TABLE_5['music']['ACP-Net features + MLP'] - TABLE_5['music']['Spectrogram + CNN']:.1f} pp (Table 5)"),
    ("supervised_cnn_beats_image_embedding", "A CNN trained with image-emotion labels beats ACP-Net's image "
     "features", "image_cnn_mlp", "acp_net", IMAGE,
     f"+{TABLE_5['image']['AlexNet [27]'] - TABLE_5['image']['ACP-Net features + MLP']:.1f} pp (AlexNet 58.6 vs "
     "40.4 %, Table 5)"),
]


def summarize_results(per_seed: pd.DataFrame, metrics: list[str] | None = None) -> dict:
    """method -> metric -> summary over seeds."""
    return as_nested(summarize(per_seed, "method", metrics))


def _level(per_seed: pd.DataFrame, method: str, metric: str) -> str:
    rows = per_seed[per_seed["method"] == method]
    if rows.empty or metric not in rows or rows[metric].isna().all():
        return ""
    return f"{100 * rows[metric].mean():.1f} %"


def claims_table(per_seed: pd.DataFrame) -> pd.DataFrame:
    """The ledger: one row per claim of :data:`PAIRED_CLAIMS`, numbers in percentage points."""
    rows = []
    for claim_id, claim, a, b, metric, paper_figure in PAIRED_CLAIMS:
        present = per_seed[per_seed["method"].isin([a, b])]
        diff = paired_difference(present.dropna(subset=[metric]) if metric in present else present, a, b, [metric])
        verdict = paired_verdict(diff, expect_gain=True)
        if diff is None:
            evidence = f"{a} or {b} has no {metric}"
        else:
            ci = "" if diff["ci95_low"] is None else (f", 95 % CI [{100 * diff['ci95_low']:+.1f}, "
                                                      f"{100 * diff['ci95_high']:+.1f}]")
            evidence = (f"{a} - {b}, test {metric.replace('_', ' ')}: {100 * diff['mean']:+.1f} points{ci} "
                        f"(n={diff['n_seeds']}); {a} {_level(per_seed, a, metric)}, {b} {_level(per_seed, b, metric)}")
        rows.append(claim_row(PAPER, claim_id, claim, verdict if diff is not None else NOT_TESTABLE,
                              paper_figure=paper_figure, ours=mean_ci(diff), chance=_level(per_seed, "chance", metric),
                              oracle=_level(per_seed, "oracle", metric), evidence=evidence, substitutes=SUBSTITUTES))
    return ledger(rows)
