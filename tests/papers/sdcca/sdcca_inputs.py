"""Hand-made inputs for S-DCCA's tests: a corpus of music videos with sections, and its feature tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.corpus.schema import Corpus, empty_table, normalise_table
from music_visual.features.store import FeatureTable

LABELS = ("calm", "happy", "angry", "tender")


def feature_table(arrays: dict[str, np.ndarray], flags: dict[str, dict] | None = None) -> FeatureTable:
    ids = list(arrays)
    lengths = np.array([len(a) for a in arrays.values()])
    stop = np.cumsum(lengths)
    index = pd.DataFrame({"item_id": ids, "start": stop - lengths, "stop": stop})
    for flag in ("empty", "nonfinite", "silent", "constant"):
        index[flag] = [bool((flags or {}).get(i, {}).get(flag, False)) for i in ids]
    return FeatureTable(index=index, values=np.concatenate(list(arrays.values())).astype(np.float32))


def make_inputs(n_long=20, n_short=6, n_songs=6, long_s=12, short_s=6, seed=0, frames_per_video=3):
    """Music videos of ``long_s`` and ``short_s`` seconds and standalone songs; labels cycle through LABELS."""
    rng = np.random.default_rng(seed)
    items, pairs, notes, audio, video = [], [], [], {}, {}
    units = [(f"s{i:03d}", long_s) for i in range(n_long)] + [(f"s{100 + i:03d}", short_s) for i in range(n_short)]
    for n, (song, seconds) in enumerate(units + [(f"m{i:03d}", short_s) for i in range(n_songs)]):
        label = LABELS[n % len(LABELS)]
        kinds = [("audio", "flac")] + ([("video", "mp4")] if song.startswith("s") else [])
        for kind, fmt in kinds:
            items.append({"item_id": f"{song}_{kind}", "kind": kind, "format": fmt, "path": f"{kind}/{song}.{fmt}",
                          "duration": float(seconds), "split": "train", "song_id": song, "source": "world",
                          "affect3": "positive", "emotion8": "awe", "emotion10": label, "genre": "rock", "topic": "sea"})
        audio[f"{song}_audio"] = rng.normal(size=(seconds, 4)) + LABELS.index(label)
        if song.startswith("s"):
            pairs.append({"left_id": f"{song}_audio", "right_id": f"{song}_video", "role": "music_video",
                          "song_id": song, "split": "train"})
            video[f"{song}_video"] = rng.normal(size=(frames_per_video, 5)) + LABELS.index(label)
        for name, start, end, value in (("intro", 0.0, 0.25, 0.35), ("chorus", 0.25, 0.75, 1.0), ("outro", 0.75, 1.0, 0.45)):
            notes.append({"kind": "section", "item_id": f"{song}_audio", "left_id": "", "right_id": "", "value": value,
                          "text": name, "annotator": "", "start": start * seconds, "end": end * seconds})
    corpus = Corpus(root=".", items=normalise_table(pd.DataFrame(items), "items"),
                    pairs=normalise_table(pd.DataFrame(pairs), "pairs"),
                    annotations=normalise_table(pd.DataFrame(notes), "annotations"), manifest={},
                    latents=empty_table("latents"))
    return corpus, audio, video


def synthetic_fold(fold=0, n_train=40, n_val=12, n_test=16, n_classes=4, dim=6, seed=0, queries=("mean", "attention_1_3",
                                                                                                   "random_1_3")):
    """A :class:`FoldInputs` whose audio and video share class means (there is something to learn)."""
    from music_visual.papers.sdcca.features import FoldInputs

    rng = np.random.default_rng(seed)
    to_audio, to_video = rng.normal(size=(n_classes, dim)) * 2, rng.normal(size=(n_classes, dim + 2)) * 2

    def split(n):
        c = rng.integers(0, n_classes, size=n)
        return (to_audio[c] + rng.normal(size=(n, dim))).astype(np.float32), \
            (to_video[c] + rng.normal(size=(n, dim + 2))).astype(np.float32), c

    (ta, tv, tc), (va, vv, vc), (sa, sv, sc) = split(n_train), split(n_val), split(n_test)
    test_queries = {q: (sa + (0.5 * rng.normal(size=sa.shape) if q != "mean" else 0)).astype(np.float32) for q in queries}
    ids = pd.DataFrame({"song_id": [f"t{i}" for i in range(n_test)], "music_id": [f"t{i}_audio" for i in range(n_test)],
                        "video_id": [f"t{i}_video" for i in range(n_test)]})
    return FoldInputs(fold, ta, tv, tc, va, vv, vc, sv, sc, np.array(list("xyzw"))[sc], test_queries, ids)
