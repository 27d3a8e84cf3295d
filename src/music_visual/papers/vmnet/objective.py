"""VM-NET's training objective (Eq. 5 of the paper, plus the optional DANN term).

Called as ``objective(model, video, music, progress)`` like every objective of
:mod:`music_visual.training.objectives`::

    loss = lambda1 * L_rank(video -> music) + lambda2 * L_rank(music -> video)
         + lambda3 * L_s(video) + lambda4 * L_s(music) [+ domain_weight * L_domain]

The paper's variants are settings of :class:`VMNetLossConfig`: "inter" (lambda3 =
lambda4 = 0), "inter + soft intra" (the defaults), "one-directional" (only
lambda1), "+ DANN" (``domain_weight = 1`` with a model built with a domain head).
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import Tensor, nn

from music_visual.losses.domain import dann_reversal_scale, domain_accuracy, domain_classification_loss
from music_visual.losses.ranking import directional_ranking_losses
from music_visual.losses.structure import TripletScheme, soft_intra_modal_loss


@dataclass(frozen=True)
class VMNetLossConfig:
    """Weights and settings of VM-NET's loss; defaults are the public code's."""

    top_k: int = 100                      # most violating negatives per anchor
    margin: float = 0.1
    weight_video_to_music: float = 1.0    # lambda1: anchor video, negatives music (Eq. 1)
    weight_music_to_video: float = 3.0    # lambda2: anchor music, negatives video (Eq. 2)
    weight_video_structure: float = 0.2   # lambda3: soft structure within video (Eq. 3)
    weight_music_structure: float = 0.2   # lambda4: soft structure within music (Eq. 4)
    structure_anchors: int = 100          # first items of the batch used for L_s (the code's K)
    structure_scheme: TripletScheme = "consecutive"
    domain_weight: float = 0.0            # DANN domain loss weight (0: off)
    domain_gamma: float = 10.0            # GRL schedule 2 / (1 + exp(-gamma p)) - 1


class VMNetObjective:
    """VM-NET's Eq. 5 for a :class:`~music_visual.papers.vmnet.model.VMNet`-like model."""

    def __init__(self, config: VMNetLossConfig = VMNetLossConfig()) -> None:
        self.config = config

    def __call__(self, model: nn.Module, video: Tensor, music: Tensor, progress: float = 0.0) -> dict[str, Tensor]:
        c = self.config
        video_embedding, music_embedding = model(video, music)
        terms: dict[str, Tensor] = {}
        terms["video_to_music"], terms["music_to_video"] = directional_ranking_losses(
            video_embedding, music_embedding, c.top_k, c.margin)
        loss = c.weight_video_to_music * terms["video_to_music"] + c.weight_music_to_video * terms["music_to_video"]
        if c.weight_video_structure:
            terms["video_structure"] = soft_intra_modal_loss(
                video, video_embedding, num_anchors=c.structure_anchors, scheme=c.structure_scheme)
            loss = loss + c.weight_video_structure * terms["video_structure"]
        if c.weight_music_structure:
            terms["music_structure"] = soft_intra_modal_loss(
                music, music_embedding, num_anchors=c.structure_anchors, scheme=c.structure_scheme)
            loss = loss + c.weight_music_structure * terms["music_structure"]
        if c.domain_weight:
            scale = dann_reversal_scale(progress, c.domain_gamma)
            video_logits, music_logits = model.domain_logits(video_embedding, music_embedding, scale)
            terms["domain"] = domain_classification_loss(video_logits, music_logits)
            terms["domain_accuracy"] = domain_accuracy(video_logits, music_logits).detach()
            loss = loss + c.domain_weight * terms["domain"]
        terms["loss"] = loss
        return terms
