"""Losses of the study: each a small pure function plus a thin ``nn.Module``.

* :mod:`~music_visual.losses.mining`: ``d = -cos`` and top-K hardest-negative mining.
* :mod:`~music_visual.losses.ranking`: VM-NET's inter-modal ranking loss (both
  directions, lambda1 = video -> music, lambda2 = music -> video) and the
  one-directional WSABIE-like variant.
* :mod:`~music_visual.losses.structure`: VM-NET's soft intra-modal structure loss
  (lambda3 = video, lambda4 = music).
* :mod:`~music_visual.losses.contrastive`: symmetric InfoNCE for the two-tower baseline.
* :mod:`~music_visual.losses.domain`: gradient reversal and the DANN domain loss.
"""

from music_visual.losses.contrastive import SymmetricInfoNCELoss, info_nce_logits, symmetric_info_nce
from music_visual.losses.domain import (
    DomainAdversarialLoss,
    GradientReversal,
    dann_reversal_scale,
    domain_accuracy,
    domain_classification_loss,
    grad_reverse,
)
from music_visual.losses.mining import hardest_negatives, negative_cosine_distance
from music_visual.losses.ranking import (
    InterModalRankingLoss,
    OneDirectionalRankingLoss,
    directional_ranking_losses,
    inter_modal_ranking_loss,
    one_directional_ranking_loss,
    ranking_hinge,
)
from music_visual.losses.structure import (
    SoftIntraModalStructureLoss,
    soft_intra_modal_loss,
    soft_structure_terms,
    structure_triplets,
)

__all__ = [
    "DomainAdversarialLoss", "GradientReversal", "InterModalRankingLoss", "OneDirectionalRankingLoss",
    "SoftIntraModalStructureLoss", "SymmetricInfoNCELoss", "dann_reversal_scale", "directional_ranking_losses",
    "domain_accuracy", "domain_classification_loss", "grad_reverse", "hardest_negatives", "info_nce_logits",
    "inter_modal_ranking_loss", "negative_cosine_distance", "one_directional_ranking_loss", "ranking_hinge",
    "soft_intra_modal_loss", "soft_structure_terms", "structure_triplets", "symmetric_info_nce",
]
