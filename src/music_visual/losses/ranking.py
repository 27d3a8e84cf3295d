"""VM-NET's inter-modal ranking loss (Eq. 1, 2 and the first two terms of Eq. 5).

For a mini-batch of ``B`` aligned pairs, video ``v_i`` and music ``m_i`` come from
the same music video and ``d = -cos`` (see :mod:`music_visual.losses.mining`):

* **video -> music** (Eq. 1; weight **lambda1**): anchor ``v_i``, positive ``m_i``,
  negatives ``m_j`` (j != i): ``max(0, margin + d(v_i, m_i) - d(v_i, m_j))``.
  It shapes the ranking of music for a video query.
* **music -> video** (Eq. 2; weight **lambda2**): anchor ``m_i``, positive ``v_i``,
  negatives ``v_j``: ``max(0, margin + d(m_i, v_i) - d(m_i, v_j))``.

Only each anchor's top-``k`` most violating negatives enter (the code's default
``k = 100``, margin ``0.1``). Each direction is the **mean** over ``B * k_used``
(anchor, negative) terms, zeros included, as in the public code
(``embed_loss.py``: ``reduce_mean`` of the hinge matrix); the paper's Eq. 5 writes
sums, which differ by the constant ``B * k``.

Defaults follow the public code (``train.py``): weight 3 on the music-anchored
term (``constraint_xy``, x = music) and 1 on the video-anchored term
(``constraint_yx``), i.e. ``lambda1 = 1`` (video -> music), ``lambda2 = 3``
(music -> video) under the paper's naming. The paper's Table II reports
``(3, 1)`` as its reference row; its (lambda1, lambda2) columns appear to follow the code's
(music, video) order, so sweep by direction name, not by position.

The one-directional (WSABIE-like) variant is the video -> music term alone (the
paper's Table III: lambda2 = lambda3 = lambda4 = 0).
"""

from __future__ import annotations

from typing import Literal

from torch import Tensor, nn

from music_visual.losses.mining import hardest_negatives, negative_cosine_distance

DEFAULT_TOP_K = 100
DEFAULT_MARGIN = 0.1
Direction = Literal["video_to_music", "music_to_video"]


def ranking_hinge(
    distance: Tensor, k: int = DEFAULT_TOP_K, margin: float = DEFAULT_MARGIN,
    positive_mask: Tensor | None = None,
) -> Tensor:
    """Mean hinge over rows (anchors) and their top-``k`` hardest negatives.

    ``distance[i, j]`` is the distance from anchor ``i`` to candidate ``j``;
    the positive of anchor ``i`` is ``distance[i, i]``. Returns
    ``mean_{i, n in topk(i)} max(0, margin + distance[i, i] - distance[i, n])``.
    """
    negatives, _ = hardest_negatives(distance, k, positive_mask)
    positives = distance.diagonal().unsqueeze(1)
    return (margin + positives - negatives).clamp_min(0.0).mean()


def directional_ranking_losses(
    video: Tensor, music: Tensor, k: int = DEFAULT_TOP_K, margin: float = DEFAULT_MARGIN,
    positive_mask: Tensor | None = None,
) -> tuple[Tensor, Tensor]:
    """Unweighted ``(video_to_music, music_to_video)`` ranking losses (Eq. 1, Eq. 2).

    ``positive_mask[i, j]`` (video ``i``, music ``j``) marks pairs that must not be
    used as negatives; default: only the aligned pair ``i == j``.
    """
    distance = negative_cosine_distance(video, music)
    transposed_mask = None if positive_mask is None else positive_mask.T
    video_to_music = ranking_hinge(distance, k, margin, positive_mask)
    music_to_video = ranking_hinge(distance.T, k, margin, transposed_mask)
    return video_to_music, music_to_video


def inter_modal_ranking_loss(
    video: Tensor, music: Tensor, *, k: int = DEFAULT_TOP_K, margin: float = DEFAULT_MARGIN,
    weight_video_to_music: float = 1.0, weight_music_to_video: float = 3.0,
    positive_mask: Tensor | None = None,
) -> Tensor:
    """``lambda1 * L(video -> music) + lambda2 * L(music -> video)`` (Eq. 5, first two terms)."""
    v2m, m2v = directional_ranking_losses(video, music, k, margin, positive_mask)
    return weight_video_to_music * v2m + weight_music_to_video * m2v


def one_directional_ranking_loss(
    video: Tensor, music: Tensor, *, direction: Direction = "video_to_music",
    k: int = DEFAULT_TOP_K, margin: float = DEFAULT_MARGIN, positive_mask: Tensor | None = None,
) -> Tensor:
    """The WSABIE-like single-direction loss (Table III "one-directional")."""
    distance = negative_cosine_distance(video, music)
    if direction == "video_to_music":
        return ranking_hinge(distance, k, margin, positive_mask)
    if direction == "music_to_video":
        mask = None if positive_mask is None else positive_mask.T
        return ranking_hinge(distance.T, k, margin, mask)
    raise ValueError(f"direction must be 'video_to_music' or 'music_to_video', got {direction!r}")


class InterModalRankingLoss(nn.Module):
    """Module form of :func:`inter_modal_ranking_loss` (no parameters)."""

    def __init__(self, k: int = DEFAULT_TOP_K, margin: float = DEFAULT_MARGIN,
                 weight_video_to_music: float = 1.0, weight_music_to_video: float = 3.0) -> None:
        super().__init__()
        self.k, self.margin = k, margin
        self.weight_video_to_music = weight_video_to_music
        self.weight_music_to_video = weight_music_to_video

    def forward(self, video: Tensor, music: Tensor, positive_mask: Tensor | None = None) -> Tensor:
        return inter_modal_ranking_loss(
            video, music, k=self.k, margin=self.margin, positive_mask=positive_mask,
            weight_video_to_music=self.weight_video_to_music,
            weight_music_to_video=self.weight_music_to_video,
        )


class OneDirectionalRankingLoss(nn.Module):
    """Module form of :func:`one_directional_ranking_loss`."""

    def __init__(self, direction: Direction = "video_to_music", k: int = DEFAULT_TOP_K,
                 margin: float = DEFAULT_MARGIN) -> None:
        super().__init__()
        self.direction, self.k, self.margin = direction, k, margin

    def forward(self, video: Tensor, music: Tensor, positive_mask: Tensor | None = None) -> Tensor:
        return one_directional_ranking_loss(
            video, music, direction=self.direction, k=self.k, margin=self.margin,
            positive_mask=positive_mask,
        )
