"""Reference rows checked by hand; claims verdicts on made-up per-seed results; the tables' shapes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from music_visual.papers.acpnet.claims import claims_table, summarize_results
from music_visual.papers.acpnet.eval import reference_metrics, with_references
from music_visual.papers.acpnet.tables import cell_rates, confusion_matrix, confusion_per_class_pair, table4, table5
from music_visual.study.claims import NOT_REPRODUCED, NOT_TESTABLE, REPRODUCED


def test_reference_metrics_by_hand():
    pairs = pd.DataFrame({"label": [1, 1, 1, 0], "oracle_p_true": [0.9, 0.2, 0.7, 0.4]})
    images = pd.DataFrame({"item_id": ["a", "b", "c"], "emotion8": ["awe", "awe", ""], "affect3": ["positive"] * 3})
    music = pd.DataFrame({"item_id": ["m", "n"], "affect3": ["negative", "neutral"]})
    post = pd.DataFrame({"item_id": ["a", "b", "m", "n"], **{f"p_{c}": [0.0] * 4 for c in (
        "excitement", "amusement", "contentment", "anger", "fear", "disgust", "sadness")},
        "p_awe": [0.9, 0.1, 0, 0], "p_positive": [0, 0, 0.1, 0.6], "p_neutral": [0, 0, 0.2, 0.3],
        "p_negative": [0, 0, 0.7, 0.1]})
    post.loc[1, "p_sadness"] = 0.9
    refs = reference_metrics(pairs, images, music, post)
    assert refs["chance"]["accuracy"] == 0.75 and refs["chance"]["image_emotion_accuracy"] == 1.0
    assert refs["chance"]["music_emotion_accuracy"] == 0.5
    assert refs["random"]["image_emotion_accuracy"] == 1 / 8
    assert refs["oracle"]["accuracy"] == 0.75  # 0.9 T, 0.2 F (wrong), 0.7 T, 0.4 F
    assert refs["oracle"]["true_pair_recall"] == pytest.approx(2 / 3) and refs["oracle"]["false_pair_recall"] == 1.0
    assert refs["oracle"]["image_emotion_accuracy"] == 0.5 and refs["oracle"]["music_emotion_accuracy"] == 0.5
    rows = with_references(pd.DataFrame({"method": ["x"], "seed": [0]}), [0, 1], refs)
    assert (rows["method"] == "oracle").sum() == 2


def per_seed(gap: float) -> pd.DataFrame:
    rows = []
    for seed in range(3):
        jitter = 0.002 * seed
        rows += [{"method": "acp_net", "seed": seed, "accuracy": 0.60 + jitter, "image_emotion_accuracy": 0.4 + jitter,
                  "music_emotion_accuracy": 0.6 + jitter},
                 {"method": "l3_net", "seed": seed, "accuracy": 0.60 - gap + 2 * jitter},
                 {"method": "chance", "seed": seed, "accuracy": 0.5, "image_emotion_accuracy": 0.3,
                  "music_emotion_accuracy": 0.5}]
    return pd.DataFrame(rows)


def test_claim_verdicts_follow_the_paired_differences():
    claims = claims_table(per_seed(0.05)).set_index("claim_id")
    assert claims.loc["acp_beats_l3", "verdict"] == REPRODUCED
    assert claims.loc["image_embedding_carries_emotion", "verdict"] == REPRODUCED
    assert claims.loc["acp_beats_spectrogram_acp", "verdict"] == NOT_TESTABLE  # not run
    assert claims_table(per_seed(-0.05)).set_index("claim_id").loc["acp_beats_l3", "verdict"] == NOT_REPRODUCED
    assert "+4.8 points" in claims.loc["acp_beats_l3", "evidence"]  # 5 pp minus the mean jitter (0.2 pp)


def test_tables_carry_paper_chance_and_oracle():
    summaries = summarize_results(per_seed(0.05))
    t4 = table4(summaries)
    assert "61.67" in t4["paper (%)"].tolist() and t4["method"].str.startswith("chance").any()
    t5 = table5(summaries, ["acp_net"])
    assert (t5["paper (%)"] == "40.4").any()


def test_confusion_per_class_pair_by_hand():
    pairs = pd.DataFrame({"image_class": [0, 0, 1, 2], "music_class": [0, 1, 1, 2], "label": [1, 0, 1, 1]})
    predictions = pd.DataFrame({"method": "m", "seed": [0] * 4 + [1] * 4, "pair": [0, 1, 2, 3] * 2,
                                "predicted": [1, 1, 0, 1, 1, 0, 0, 1], "score": 0.5})
    table = confusion_per_class_pair(cell_rates(predictions, pairs), "m")
    assert table.iloc[0, 0] == 100.0 and table.iloc[0, 1] == 50.0 and table.iloc[1, 1] == 0.0
    assert np.isnan(table.iloc[2, 0])
    counts = confusion_matrix(predictions, pairs, "m")
    assert counts.loc["true pair", "called true"] == 4 and counts.loc["false pair", "called true"] == 1
