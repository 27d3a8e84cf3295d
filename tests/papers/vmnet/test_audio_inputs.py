"""VM-NET's protocol with another music input: shared pairs and video, music standardised on train."""

import numpy as np
import pandas as pd

from music_visual.features.store import FeatureTable
from music_visual.papers.vmnet.audio_inputs import table_matrix, vmnet_inputs
from music_visual.papers.vmnet.data import VMNetView
from music_visual.study.pretrained_audio import HAND_CRAFTED, PRETRAINED


def _table(ids, rows_per_item, dim, rng):
    lengths = np.full(len(ids), rows_per_item)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    index = pd.DataFrame({"item_id": ids, "start": starts, "stop": starts + lengths})
    return FeatureTable(index=index, values=rng.normal(size=(int(lengths.sum()), dim)).astype(np.float32), meta={})


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
