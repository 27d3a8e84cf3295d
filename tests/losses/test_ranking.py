"""VM-NET's inter-modal ranking loss against naive per-triplet loops on hand-placed embeddings."""

from __future__ import annotations

import math

import pytest
import torch

from music_visual.losses.mining import hardest_negatives, negative_cosine_distance
from music_visual.losses.ranking import (
    InterModalRankingLoss,
    OneDirectionalRankingLoss,
    directional_ranking_losses,
    inter_modal_ranking_loss,
    one_directional_ranking_loss,
)


def at_angles(*degrees: float) -> torch.Tensor:
    """Unit 2-D vectors at the given angles."""
    rad = [math.radians(d) for d in degrees]
    return torch.tensor([[math.cos(r), math.sin(r)] for r in rad], dtype=torch.float64)


def naive_distance(a, b) -> float:
    a, b = list(map(float, a)), list(map(float, b))
    dot = sum(x * y for x, y in zip(a, b))
    return -dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def naive_direction(anchors, candidates, k, margin) -> float:
    """Mean over anchors of the k largest hinges max(0, margin + d(a_i, c_i) - d(a_i, c_j)), j != i."""
    total, count = 0.0, 0
    for i, anchor in enumerate(anchors):
        positive = naive_distance(anchor, candidates[i])
        hinges = [max(0.0, margin + positive - naive_distance(anchor, c))
                  for j, c in enumerate(candidates) if j != i]
        chosen = sorted(hinges, reverse=True)[:k]
        total += sum(chosen)
        count += len(chosen)
    return total / count


def test_zero_loss_when_every_margin_is_satisfied():
    video = at_angles(0, 90, 180, 270)
    music = at_angles(0, 90, 180, 270)  # positive d = -1, negatives d >= 0
    v2m, m2v = directional_ranking_losses(video, music, k=100, margin=0.1)
    assert v2m.item() == 0.0 and m2v.item() == 0.0


def test_all_violating_case_matches_hand_computation():
    video = at_angles(0, 90, 180, 270)
    music = at_angles(180, 270, 0, 90)  # each positive opposite its anchor: d(pos) = +1
    v2m, m2v = directional_ranking_losses(video, music, k=3, margin=0.1)
    # per anchor: negatives at d = 0, 0, -1 -> hinges 1.1, 1.1, 2.1, all > 0
    assert v2m.item() == pytest.approx((1.1 + 1.1 + 2.1) / 3)
    assert m2v.item() == pytest.approx((1.1 + 1.1 + 2.1) / 3)


def test_top_k_keeps_only_the_most_violating_negatives():
    video = at_angles(0, 90, 180, 270)
    music = at_angles(180, 270, 0, 90)
    k1, _ = directional_ranking_losses(video, music, k=1, margin=0.1)
    k_all, _ = directional_ranking_losses(video, music, k=1000, margin=0.1)
    assert k1.item() == pytest.approx(2.1)
    assert k_all.item() == pytest.approx(naive_direction(video, music, k=3, margin=0.1))


@pytest.mark.parametrize("k", [1, 2, 5, 9, 50])
def test_matches_naive_loops_on_random_3d_embeddings(k):
    gen = torch.Generator().manual_seed(k)
    video = torch.randn(10, 3, generator=gen, dtype=torch.float64)
    music = torch.randn(10, 3, generator=gen, dtype=torch.float64)
    v2m, m2v = directional_ranking_losses(video, music, k=k, margin=0.1)
    assert v2m.item() == pytest.approx(naive_direction(video, music, k, 0.1), abs=1e-12)
    assert m2v.item() == pytest.approx(naive_direction(music, video, k, 0.1), abs=1e-12)


def test_direction_names_and_weights():
    # v1 = 0 deg, v2 = 90 deg, m1 = 0 deg, m2 = 45 deg: no video anchor violates, but
    # music anchor m2 ties between v1 and v2 (hinge = margin = 0.1).
    video, music = at_angles(0, 90), at_angles(0, 45)
    v2m, m2v = directional_ranking_losses(video, music, k=1, margin=0.1)
    assert v2m.item() == pytest.approx(0.0, abs=1e-12)
    assert m2v.item() == pytest.approx(0.05)
    for w1, w2 in [(1.0, 3.0), (5.0, 1.0), (0.0, 2.0)]:
        total = inter_modal_ranking_loss(video, music, k=1, weight_video_to_music=w1, weight_music_to_video=w2)
        assert total.item() == pytest.approx(w1 * 0.0 + w2 * 0.05)
    assert one_directional_ranking_loss(video, music, k=1).item() == pytest.approx(0.0, abs=1e-12)
    assert one_directional_ranking_loss(video, music, k=1, direction="music_to_video").item() == pytest.approx(0.05)


def test_each_weight_scales_its_own_direction_on_random_data():
    gen = torch.Generator().manual_seed(0)
    video, music = torch.randn(8, 3, generator=gen), torch.randn(8, 3, generator=gen)
    v2m, m2v = directional_ranking_losses(video, music, k=4)
    assert not torch.isclose(v2m, m2v)
    module = InterModalRankingLoss(k=4, weight_video_to_music=2.0, weight_music_to_video=0.5)
    assert module(video, music).item() == pytest.approx(2.0 * v2m.item() + 0.5 * m2v.item(), rel=1e-6)
    assert InterModalRankingLoss(k=4)(video, music).item() == pytest.approx(v2m.item() + 3.0 * m2v.item(), rel=1e-6)
    assert OneDirectionalRankingLoss(k=4)(video, music).item() == pytest.approx(v2m.item(), rel=1e-6)


def test_gradients_are_finite_and_match_naive_autograd():
    gen = torch.Generator().manual_seed(3)
    video = torch.randn(6, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    music = torch.randn(6, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    loss = inter_modal_ranking_loss(video, music, k=2)
    loss.backward()
    assert torch.isfinite(video.grad).all() and torch.isfinite(music.grad).all()
    assert torch.autograd.gradcheck(lambda v, m: inter_modal_ranking_loss(v, m, k=2), (video, music))


def test_gradients_finite_when_k_exceeds_negatives_with_a_mask():
    video = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    music = torch.randn(4, 3, dtype=torch.float64, requires_grad=True)
    mask = torch.eye(4, dtype=torch.bool)
    mask[0, 1] = True  # row 0 has only two negatives left; k = 3 pads it with +inf
    loss = inter_modal_ranking_loss(video, music, k=3, positive_mask=mask)
    loss.backward()
    assert torch.isfinite(loss) and torch.isfinite(video.grad).all() and torch.isfinite(music.grad).all()


def test_hardest_negatives_and_distance():
    d = torch.tensor([[0.0, 0.5, 0.2], [0.3, 0.0, 0.9], [0.4, 0.1, 0.0]])
    values, indices = hardest_negatives(d, 5)
    assert indices.tolist() == [[2, 1], [0, 2], [1, 0]]
    assert torch.allclose(values, torch.tensor([[0.2, 0.5], [0.3, 0.9], [0.1, 0.4]]))
    mask = torch.eye(3, dtype=torch.bool)
    mask[0, 2] = True
    assert hardest_negatives(d, 1, mask)[1][0].item() == 1
    a, b = torch.tensor([[3.0, 0.0]]), torch.tensor([[0.0, 2.0], [-1.0, 0.0]])
    assert negative_cosine_distance(a, b).tolist() == [[-0.0, 1.0]]
    with pytest.raises(ValueError):
        hardest_negatives(torch.zeros(2, 3), 1)
