"""Hand-crafted vs pretrained audio: the shared inputs, per-query scores and the paired verdicts."""

import numpy as np
import pandas as pd
import pytest

from music_visual.features.store import FeatureTable
from music_visual.papers.vmnet.data import VMNetView
from music_visual.papers.vmnet.eval import gallery_metrics
from music_visual.papers.vmnet.paper import METRICS
from music_visual.study.pretrained_audio import (HAND_CRAFTED, PRETRAINED, paired_table, query_scores,
                                                 table_matrix, vmnet_inputs)


def _table(ids, rows_per_item, dim, rng):
    lengths = np.full(len(ids), rows_per_item)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    index = pd.DataFrame({"item_id": ids, "start": starts, "stop": starts + lengths})
    return FeatureTable(index=index, values=rng.normal(size=(int(lengths.sum()), dim)).astype(np.float32), meta={})


def test_query_scores_average_to_the_mean_of_the_six_recalls():
    rng = np.random.default_rng(0)
    music, video = rng.normal(size=(40, 6)), rng.normal(size=(40, 6))
    music[:20] += 2 * video[:20]  # half the pairs aligned
    from music_visual.models.cross_decomposition import cosine_similarity_matrix

    metrics = gallery_metrics(cosine_similarity_matrix(music, video))
    assert query_scores(music, video).mean() == pytest.approx(np.mean([metrics[m] for m in METRICS]))
    assert query_scores(music, video)[:20].mean() > query_scores(music, video)[20:].mean()


def test_vmnet_inputs_share_pairs_and_video_and_standardise_music_on_train():
    rng = np.random.default_rng(1)
    n = {"train": 30, "val": 6, "test": 10}
    pairs = pd.DataFrame({"song_id": [f"s{i}" for i in range(sum(n.values()))],
                          "music_id": [f"m{i}" for i in range(sum(n.values()))],
                          "video_id": [f"v{i}" for i in range(sum(n.values()))],
                          "split": [s for s, k in n.items() for _ in range(k)]})
    pairs["in_gallery"] = (pairs["split"] == "test") & (np.arange(len(pairs)) % 2 == 0)
    view = VMNetView(pairs, "toy", 5, 5, 0)
    frames = _table(pairs["video_id"], 4, 12, rng)
    music_a = _table(pairs["music_id"], 1, 7, rng)
    music_b = _table(pairs["music_id"], 1, 3, rng)
    music_b.values[:] = music_b.values * 50 + 9
    out = vmnet_inputs(view, frames, {HAND_CRAFTED: table_matrix([music_a]), PRETRAINED: table_matrix([music_b, music_a])},
                       video_components=8)
    a, b = out[HAND_CRAFTED], out[PRETRAINED]
    assert b.train_music.shape == (30, 10) and a.train_music.shape == (30, 7)
    assert np.array_equal(a.train_video, b.train_video) and np.array_equal(a.test_video, b.test_video)
    assert len(a.test_music) == 5 and a.test_ids["music_id"].tolist() == ["m36", "m38", "m40", "m42", "m44"]
    np.testing.assert_allclose(b.train_music.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(b.train_music.std(axis=0), 1, atol=1e-4)
    assert abs(b.val_music.mean()) > 1e-3  # validation is transformed with the training statistics, not refitted


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
