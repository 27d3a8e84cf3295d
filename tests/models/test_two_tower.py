"""The CLIP-style two-tower baseline."""

from __future__ import annotations

import math

import pytest
import torch

from music_visual.models.two_tower import TwoTower, TwoTowerConfig


def test_shapes_unit_norm_and_temperature():
    config = TwoTowerConfig(video_dim=12, music_dim=14, hidden_dim=16, embed_dim=6, num_hidden_layers=2)
    model = TwoTower(config, generator=torch.Generator().manual_seed(0))
    video, music = model(torch.randn(5, 12), torch.randn(5, 14))
    assert video.shape == (5, 6) and music.shape == (5, 6)
    assert torch.allclose(video.norm(dim=1), torch.ones(5), atol=1e-5)
    assert model.logit_scale.item() == pytest.approx(1 / 0.07, rel=1e-5)
    with torch.no_grad():
        model.log_logit_scale.fill_(10.0)
    assert model.logit_scale.item() == pytest.approx(100.0, rel=1e-5)


def test_default_dimensions_and_validation():
    model = TwoTower(TwoTowerConfig(hidden_dim=8), generator=torch.Generator().manual_seed(0))
    video, music = model(torch.randn(2, 1024), torch.randn(2, 1140))
    assert video.shape == music.shape == (2, 256)
    assert TwoTowerConfig().hidden_dim == 1024 and TwoTowerConfig().embed_dim == 256
    assert model.log_logit_scale.item() == pytest.approx(math.log(1 / 0.07))
    with pytest.raises(ValueError):
        TwoTower(TwoTowerConfig(initial_temperature=0.0))
