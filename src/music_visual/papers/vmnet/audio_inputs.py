"""VM-NET's protocol with another music input: the same pairs, split, gallery and video features.

Used by ``notebooks/compare/02_pretrained_audio.ipynb`` (hand-crafted vs MusiCNN audio): the video transforms
(frame WPCA, video-level statistics, PCA, L2) are fitted once on the training pairs; each music input is
standardised per dimension on the training pairs only.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np

from music_visual.features.scaling import Standardiser
from music_visual.features.store import FeatureTable
from music_visual.papers.vmnet.data import VMNetView
from music_visual.papers.vmnet.features import fit_transforms
from music_visual.papers.vmnet.runner import VMNetData

SPLITS = ("train", "val", "test")


def table_matrix(tables: Sequence[FeatureTable]) -> Callable[[Sequence[str]], np.ndarray]:
    """``ids -> (n, sum of dims)``: the rows of one-row-per-item tables side by side (a missing id raises)."""
    def matrix(ids: Sequence[str]) -> np.ndarray:
        return np.concatenate([t.matrix(list(ids)) for t in tables], axis=1)
    return matrix


def vmnet_inputs(view: VMNetView, frames: FeatureTable, audio: Mapping[str, Callable[[Sequence[str]], np.ndarray]],
                 video_components: int) -> dict[str, VMNetData]:
    """One :class:`VMNetData` per music input, all with the same pairs and video features.

    The video transforms are fitted once on the training pairs (the music standardiser that
    :func:`fit_transforms` also fits is not used); each music input gets its own standardiser, fitted on the
    training pairs only.
    """
    pairs = {split: view.split(split).reset_index(drop=True) for split in SPLITS}
    first = next(iter(audio.values()))
    transforms = fit_transforms(frames.sequences(pairs["train"]["video_id"]), first(pairs["train"]["music_id"]),
                                video_components)
    video = {split: transforms.video(frames.sequences(p["video_id"]))[0] for split, p in pairs.items()}
    keep = pairs["test"]["in_gallery"].to_numpy(bool)
    out = {}
    for name, matrix in audio.items():
        raw = {split: matrix(p["music_id"]) for split, p in pairs.items()}
        scaler = Standardiser.fit(raw["train"])
        music = {split: scaler.transform(x).astype(np.float32) for split, x in raw.items()}
        if not all(np.isfinite(m).all() for m in music.values()):
            raise ValueError(f"the {name} music input has non-finite values after standardisation")
        out[name] = VMNetData(video["train"], music["train"], video["val"], music["val"], video["test"][keep],
                              music["test"][keep], pairs["test"][keep].reset_index(drop=True))
    return out
