"""Hand-crafted vs pretrained audio: the shared inputs, per-query scores and the paired verdicts."""

import numpy as np
import pandas as pd
import pytest

from music_visual.papers.vmnet.eval import gallery_metrics
from music_visual.papers.vmnet.paper import METRICS
from music_visual.study.pretrained_audio import (HAND_CRAFTED, PRETRAINED, paired_table, paired_units, query_scores,
                                                 summary_table)


def test_query_scores_average_to_the_mean_of_the_six_recalls():
    rng = np.random.default_rng(0)
    music, video = rng.normal(size=(40, 6)), rng.normal(size=(40, 6))
    music[:20] += 2 * video[:20]  # half the pairs aligned
    from music_visual.models.cross_decomposition import cosine_similarity_matrix

    metrics = gallery_metrics(cosine_similarity_matrix(music, video))
    assert query_scores(music, video).mean() == pytest.approx(np.mean([metrics[m] for m in METRICS]))
    assert query_scores(music, video)[:20].mean() > query_scores(music, video)[20:].mean()


def _per_seed(values_a, values_b, method="net"):
    rows = []
    for audio, values in ((PRETRAINED, values_a), (HAND_CRAFTED, values_b)):
        for seed, v in enumerate(values):
            rows.append({"method": method, "audio": audio, "seed": seed, "run": method, **{m: v for m in METRICS}})
    return pd.DataFrame(rows)


def test_paired_verdicts_read_seeds_or_test_pairs():
    better = paired_table(_per_seed([0.30, 0.32, 0.31], [0.20, 0.21, 0.19]), ["net"], list(METRICS))
    assert better.loc[0, "verdict"] == f"{PRETRAINED} better" and better.loc[0, "interval over"] == "seeds"
    assert better.loc[0, "difference (points)"] == pytest.approx(11.0)
    noisy = paired_table(_per_seed([0.30, 0.10, 0.25], [0.20, 0.21, 0.19]), ["net"], list(METRICS))
    assert noisy.loc[0, "verdict"] == "inconclusive"
    # a deterministic method: the same numbers at every seed, so only the bootstrap over test pairs can decide
    fixed = _per_seed([0.4] * 3, [0.3] * 3, "cca")
    worse_pairs = {("cca", PRETRAINED): np.zeros(200), ("cca", HAND_CRAFTED): np.full(200, 0.1)}
    table = paired_table(fixed, ["cca"], list(METRICS), worse_pairs)
    assert table.loc[0, "seed ci95"] is None and table.loc[0, "interval over"] == "test pairs"
    assert table.loc[0, "verdict"] == f"{HAND_CRAFTED} better"
    assert paired_table(fixed, ["cca"], list(METRICS)).loc[0, "verdict"] == "not testable"


def test_fold_seed_units_pair_the_two_inputs_and_keep_the_references():
    hand = pd.DataFrame({"method": ["cca", "cca", "dcca", "chance", "cca", "cca"], "fold": [0, 1, 0, 0, 0, 1],
                         "seed": [0, 0, 0, 0, 1, 1], "map_mean": [0.2, 0.3, 0.9, 0.1, 0.2, 0.3]})
    pre = pd.DataFrame({"method": ["cca"] * 4, "fold": [0, 1, 0, 1], "seed": [0, 0, 1, 1],
                        "map_mean": [0.25, 0.32, 0.27, 0.33]})
    both = paired_units(hand, pre)
    assert set(both["method"]) == {"cca", "chance"}  # dcca was not run with the pretrained input
    assert sorted(both.loc[both["audio"] == PRETRAINED, "seed"]) == ["0/0", "0/1", "1/0", "1/1"]
    diff = paired_table(both, ["cca"], ["map_mean"])
    assert diff.loc[0, "difference (points)"] == pytest.approx(100 * np.mean([0.05, 0.02, 0.07, 0.03]))
    assert diff.loc[0, "verdict"] == f"{PRETRAINED} better" and diff.loc[0, "seeds"] == 4
    table = summary_table(both, ["cca"], ["map_mean"], references=("chance",))
    assert table["method"].tolist() == ["cca", "cca", "chance"] and table.loc[2, "map_mean"].startswith("10.0")
