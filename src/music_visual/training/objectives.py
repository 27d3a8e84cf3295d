"""Training objectives shared by the papers' embedding models.

An objective is called as ``objective(model, video, music, progress)`` with raw
feature batches (row ``i`` of ``video`` and ``music`` from the same music video)
and the share of training done so far (``progress`` in [0, 1], e.g. for a DANN
schedule); it returns a dict of scalar tensors whose ``"loss"`` entry is
minimised and whose other entries are logged. A paper's own objective lives in
its package (VM-NET's Eq. 5: :mod:`music_visual.papers.vmnet.objective`).
"""

from __future__ import annotations

from torch import Tensor, nn

from music_visual.losses.contrastive import symmetric_info_nce


class InfoNCEObjective:
    """Symmetric InfoNCE for a :class:`~music_visual.models.two_tower.TwoTower`-like model."""

    def __call__(self, model: nn.Module, video: Tensor, music: Tensor, progress: float = 0.0) -> dict[str, Tensor]:
        video_embedding, music_embedding = model(video, music)
        scale = model.logit_scale
        return {"loss": symmetric_info_nce(video_embedding, music_embedding, scale),
                "temperature": (1.0 / scale).detach()}
