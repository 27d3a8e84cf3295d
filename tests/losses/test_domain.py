"""Gradient reversal and the DANN domain-classifier loss."""

from __future__ import annotations

import math

import pytest
import torch

from music_visual.losses.domain import (
    DomainAdversarialLoss,
    GradientReversal,
    dann_reversal_scale,
    domain_accuracy,
    domain_classification_loss,
    grad_reverse,
)


@pytest.mark.parametrize("scale", [1.0, 0.25, 0.0])
def test_gradient_reversal_flips_the_gradient_sign(scale):
    x = torch.randn(5, 3, requires_grad=True)
    weights = torch.randn(5, 3)
    y = grad_reverse(x, scale)
    assert torch.equal(y, x)
    (y * weights).sum().backward()
    assert torch.equal(x.grad, -scale * weights)


def test_module_form_and_a_classifier_behind_it():
    torch.manual_seed(0)
    head = torch.nn.Linear(3, 1)
    x = torch.randn(4, 3, requires_grad=True)
    head(x).sum().backward()
    plain = x.grad.clone()
    x.grad = None
    head(GradientReversal(2.0)(x)).sum().backward()
    assert torch.allclose(x.grad, -2.0 * plain)


def test_domain_loss_matches_naive_binary_cross_entropy():
    video_logits = torch.tensor([2.0, -1.0, 0.5])
    music_logits = torch.tensor([-3.0, 0.2])

    def bce(z, y):
        p = 1 / (1 + math.exp(-z))
        return -(y * math.log(p) + (1 - y) * math.log(1 - p))

    expected = (sum(bce(z, 1.0) for z in video_logits.tolist()) + sum(bce(z, 0.0) for z in music_logits.tolist())) / 5
    assert domain_classification_loss(video_logits, music_logits).item() == pytest.approx(expected, rel=1e-6)
    assert DomainAdversarialLoss()(video_logits, music_logits).item() == pytest.approx(expected, rel=1e-6)
    assert domain_accuracy(video_logits, music_logits).item() == pytest.approx(3 / 5)


def test_reversal_schedule():
    assert dann_reversal_scale(0.0) == 0.0
    assert dann_reversal_scale(1.0) == pytest.approx(2 / (1 + math.exp(-10)) - 1)
    assert dann_reversal_scale(0.5) == pytest.approx(2 / (1 + math.exp(-5)) - 1)
    assert dann_reversal_scale(7.0) == dann_reversal_scale(1.0)
