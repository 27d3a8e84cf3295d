"""Symmetric InfoNCE against a naive per-pair loop."""

from __future__ import annotations

import math

import pytest
import torch

from music_visual.losses.contrastive import SymmetricInfoNCELoss, info_nce_logits, symmetric_info_nce


def cos(a, b) -> float:
    a, b = list(map(float, a)), list(map(float, b))
    return sum(x * y for x, y in zip(a, b)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def naive_info_nce(video, music, scale) -> float:
    n = len(video)
    total = 0.0
    for i in range(n):
        row = [scale * cos(video[i], music[j]) for j in range(n)]      # video i -> every music
        col = [scale * cos(video[j], music[i]) for j in range(n)]      # music i -> every video
        total -= row[i] - math.log(sum(math.exp(x) for x in row))
        total -= col[i] - math.log(sum(math.exp(x) for x in col))
    return total / (2 * n)


@pytest.mark.parametrize("scale", [1.0, 14.285714, 100.0])
def test_matches_naive_loop(scale):
    gen = torch.Generator().manual_seed(int(scale))
    video = torch.randn(7, 3, generator=gen, dtype=torch.float64)
    music = torch.randn(7, 3, generator=gen, dtype=torch.float64)
    expected = naive_info_nce(video, music, scale)
    assert symmetric_info_nce(video, music, scale).item() == pytest.approx(expected, rel=1e-10)
    assert SymmetricInfoNCELoss()(video, music, scale).item() == pytest.approx(expected, rel=1e-10)


def test_swapping_the_modalities_gives_the_same_loss():
    gen = torch.Generator().manual_seed(0)
    video, music = torch.randn(5, 3, generator=gen), torch.randn(5, 3, generator=gen)
    swapped = symmetric_info_nce(music, video, 10.0).item()
    assert symmetric_info_nce(video, music, 10.0).item() == pytest.approx(swapped, rel=1e-6)


def test_perfect_alignment_tends_to_zero_and_gradients_are_finite():
    angles = torch.arange(4) * math.pi / 2
    unit = torch.stack([angles.cos(), angles.sin()], dim=1).double()
    assert symmetric_info_nce(unit, unit, 100.0).item() < 1e-30
    assert symmetric_info_nce(unit, unit, 1.0).item() == pytest.approx(naive_info_nce(unit, unit, 1.0))
    video = torch.randn(6, 4, requires_grad=True)
    scale = torch.tensor(20.0, requires_grad=True)
    symmetric_info_nce(video, torch.randn(6, 4), scale).backward()
    assert torch.isfinite(video.grad).all() and torch.isfinite(scale.grad)


def test_logits_shape_and_pair_check():
    assert info_nce_logits(torch.randn(3, 2), torch.randn(3, 2), 2.0).shape == (3, 3)
    with pytest.raises(ValueError):
        symmetric_info_nce(torch.randn(3, 2), torch.randn(4, 2), 1.0)
