"""Image2song's losses against naive loops."""

import math

import torch

from music_visual.papers.image2song.objective import cosine_proximity_loss, marginal_ranking_loss, mse_loss


def _cos(a, b):
    return sum(x * y for x, y in zip(a, b)) / math.sqrt(sum(x * x for x in a) * sum(y * y for y in b))


def test_losses_match_naive_loops():
    torch.manual_seed(0)
    pred, neg, v = torch.randn(5, 4), torch.randn(5, 4), torch.rand(5, 4)
    P, N, V = pred.tolist(), neg.tolist(), v.tolist()
    mse = sum(sum((p - t) ** 2 for p, t in zip(P[i], V[i])) for i in range(5)) / 5
    cpl = sum(1 - _cos(P[i], V[i]) for i in range(5)) / 5
    mrl = sum(max(0.0, 0.3 - _cos(V[i], P[i]) + _cos(V[i], N[i])) for i in range(5)) / 5
    assert math.isclose(float(mse_loss(pred, v)), mse, rel_tol=1e-5)
    assert math.isclose(float(cosine_proximity_loss(pred, v)), cpl, rel_tol=1e-5)
    assert math.isclose(float(marginal_ranking_loss(pred, neg, v, 0.3)), mrl, rel_tol=1e-5, abs_tol=1e-7)


def test_ranking_loss_is_zero_beyond_the_margin():
    v = torch.tensor([[1.0, 0.0]])
    assert float(marginal_ranking_loss(v.clone(), torch.tensor([[0.0, 1.0]]), v, 0.5)) == 0.0
    assert math.isclose(float(marginal_ranking_loss(torch.tensor([[0.0, 1.0]]), v.clone(), v, 0.5)), 1.5, rel_tol=1e-6)
