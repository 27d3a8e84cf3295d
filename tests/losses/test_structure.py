"""Soft intra-modal structure loss (Eq. 6) against naive loops and a manual gradient."""

from __future__ import annotations

import math

import pytest
import torch

from music_visual.losses.structure import (
    SoftIntraModalStructureLoss,
    soft_intra_modal_loss,
    structure_triplets,
)


def at_angles(*degrees: float, requires_grad: bool = False) -> torch.Tensor:
    rad = [math.radians(d) for d in degrees]
    return torch.tensor([[math.cos(r), math.sin(r)] for r in rad], dtype=torch.float64,
                        requires_grad=requires_grad)


def sgn(x: float) -> int:
    return (x > 0) - (x < 0)


def cos(a, b) -> float:
    a, b = list(map(float, a)), list(map(float, b))
    return sum(x * y for x, y in zip(a, b)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def naive_triplets(n: int, scheme: str) -> list[tuple[int, int, int]]:
    if scheme == "consecutive":
        cand = [(i, c, c + 1) for i in range(n) for c in range(n - 1)]
    else:
        cand = [(i, j, k) for i in range(n) for j in range(n) for k in range(n)]
    return [(i, j, k) for i, j, k in cand if len({i, j, k}) == 3]


def naive_coefficient(raw, emb, i, j, k) -> int:
    before = -cos(raw[i], raw[j]) + cos(raw[i], raw[k])
    after = -cos(emb[i], emb[j]) + cos(emb[i], emb[k])
    return sgn(before) - sgn(after)


def naive_loss(raw, emb, n, scheme) -> float:
    """Mean over triplets of (sgn(d~ij - d~ik) - sgn(dij - dik)) * (dik - dij), d = -cos."""
    triplets = naive_triplets(n, scheme)
    total = sum(naive_coefficient(raw, emb, i, j, k) * (-cos(emb[i], emb[k]) + cos(emb[i], emb[j]))
                for i, j, k in triplets)
    return total / len(triplets)


def test_triplets_have_three_different_indices():
    for scheme in ("consecutive", "all"):
        a, j, k = structure_triplets(6, scheme)
        got = list(zip(a.tolist(), j.tolist(), k.tolist()))
        assert got == naive_triplets(6, scheme)
    assert len(list(zip(*structure_triplets(100)))) == 100 * 99 - 2 * 99


def test_zero_when_the_embedding_keeps_every_order():
    raw = torch.randn(12, 5, dtype=torch.float64)
    scaled = raw * 3.0  # same directions: every cosine and order unchanged
    assert soft_intra_modal_loss(raw, scaled, scheme="all").item() == 0.0
    assert soft_intra_modal_loss(raw, scaled).item() == 0.0


def test_swapped_order_costs_twice_the_distance_gap():
    # before: item 1 (10 deg) nearer to item 0 than item 2 (90 deg); after: swapped.
    raw, emb = at_angles(0, 10, 90), at_angles(0, 90, 10)
    c10, c80, c90 = (math.cos(math.radians(a)) for a in (10, 80, 90))
    # "consecutive" with n = 3 keeps (0, 1, 2) and (2, 0, 1):
    # (0,1,2): order swapped, |delta| = c10 - c90 -> 2 * (c10 - c90)
    # (2,0,1): before d20 = -c90 > d21 = -c80; after d20 = -c10 < d21 = -c80 -> 2 * (c10 - c80)
    expected = (2 * (c10 - c90) + 2 * (c10 - c80)) / 2
    assert naive_coefficient(raw, emb, 0, 1, 2) == -2 and naive_coefficient(raw, emb, 2, 0, 1) == 2
    assert soft_intra_modal_loss(raw, emb, num_anchors=3).item() == pytest.approx(expected, abs=1e-12)
    assert soft_intra_modal_loss(raw, emb, scheme="all").item() == pytest.approx(
        naive_loss(raw, emb, 3, "all"), abs=1e-12)


def test_tie_before_embedding_costs_the_distance_gap():
    raw = at_angles(0, 45, -45)       # items 1 and 2 equally far from item 0 before embedding
    emb = at_angles(0, 30, -60)
    assert naive_coefficient(raw, emb, 0, 1, 2) == 1  # sgn(0) - sgn(negative)
    anchor0 = math.cos(math.radians(30)) - math.cos(math.radians(60))  # |delta| of (0, 1, 2)
    terms = [anchor0, naive_coefficient(raw, emb, 2, 0, 1) * (
        -math.cos(math.radians(90)) + math.cos(math.radians(60)))]
    got = soft_intra_modal_loss(raw, emb, num_anchors=3)
    assert got.item() == pytest.approx(sum(terms) / 2, abs=1e-12)


@pytest.mark.parametrize("scheme,n", [("consecutive", 7), ("all", 7), ("consecutive", 4), ("all", 3)])
def test_matches_naive_loop_on_random_features(scheme, n):
    gen = torch.Generator().manual_seed(n)
    raw = torch.randn(9, 5, generator=gen, dtype=torch.float64)
    emb = torch.randn(9, 3, generator=gen, dtype=torch.float64)
    got = soft_intra_modal_loss(raw, emb, num_anchors=n, scheme=scheme)
    assert got.item() == pytest.approx(naive_loss(raw, emb, n, scheme), abs=1e-12)
    assert got.item() >= 0.0


def manual_gradient(raw, emb, n, scheme) -> torch.Tensor:
    """Gradient of the mean of c_t * (d(x_i, x_k) - d(x_i, x_j)) with c_t held constant.

    With d = -x.y / (|x||y|) at unit vectors, d(x.y)/dx = P_x y with P_x = I - x x^T.
    """
    triplets = naive_triplets(n, scheme)
    grad = torch.zeros_like(emb)
    for i, j, k in triplets:
        c = naive_coefficient(raw, emb, i, j, k)
        # L_t = c * (x_i.x_j - x_i.x_k)
        grad[i] += c * (emb[j] - emb[k])
        grad[j] += c * emb[i]
        grad[k] -= c * emb[i]
    grad /= len(triplets)
    projections = torch.eye(emb.shape[1], dtype=emb.dtype) - emb.unsqueeze(2) * emb.unsqueeze(1)
    return torch.einsum("nab,nb->na", projections, grad)


@pytest.mark.parametrize("scheme", ["consecutive", "all"])
def test_no_gradient_through_the_sign(scheme):
    gen = torch.Generator().manual_seed(11)
    raw = torch.randn(6, 4, generator=gen, dtype=torch.float64, requires_grad=True)
    emb = torch.nn.functional.normalize(torch.randn(6, 3, generator=gen, dtype=torch.float64), dim=1)
    emb.requires_grad_(True)
    soft_intra_modal_loss(raw, emb, num_anchors=6, scheme=scheme).backward()
    expected = manual_gradient(raw.detach(), emb.detach(), 6, scheme)
    assert torch.allclose(emb.grad, expected, atol=1e-12)
    assert raw.grad is None  # the order before embedding is a constant
    assert torch.isfinite(emb.grad).all()


def test_fewer_than_three_items_gives_a_differentiable_zero():
    emb = torch.randn(2, 3, requires_grad=True)
    loss = SoftIntraModalStructureLoss()(torch.randn(2, 4), emb)
    loss.backward()
    assert loss.item() == 0.0 and torch.equal(emb.grad, torch.zeros_like(emb))


def test_module_and_validation():
    raw, emb = torch.randn(8, 4), torch.randn(8, 3)
    module = SoftIntraModalStructureLoss(num_anchors=5, scheme="all")
    assert module(raw, emb).item() == pytest.approx(soft_intra_modal_loss(raw, emb, num_anchors=5, scheme="all").item())
    with pytest.raises(ValueError):
        soft_intra_modal_loss(raw, emb[:5])
    with pytest.raises(ValueError):
        structure_triplets(4, "random")
