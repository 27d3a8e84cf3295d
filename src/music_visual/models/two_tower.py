"""The "modern baseline": a CLIP-style two-tower model on the same features.

Each tower is an MLP (FC -> GELU -> dropout, ``num_hidden_layers`` times, then a
linear projection) whose output is L2-normalised; a learnable temperature sets
the scale of the cosine logits, as in CLIP (Radford et al. 2021): the logit
scale is stored as ``log(1 / temperature)``, initialised at temperature 0.07
and clamped to at most 100. Trained with
:func:`music_visual.losses.contrastive.symmetric_info_nce`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from music_visual.models.mlp import Dropout, make_linear


@dataclass(frozen=True)
class TwoTowerConfig:
    """Architecture of the two-tower baseline."""

    video_dim: int = 1024
    music_dim: int = 1140
    hidden_dim: int = 1024
    embed_dim: int = 256
    num_hidden_layers: int = 1
    dropout: float = 0.1
    initial_temperature: float = 0.07
    max_logit_scale: float = 100.0


class MLPTower(nn.Module):
    """FC -> GELU -> dropout (repeated), then a linear projection and L2 normalisation."""

    def __init__(self, input_dim: int, config: TwoTowerConfig,
                 generator: torch.Generator | None = None) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        width = input_dim
        for _ in range(config.num_hidden_layers):
            layers += [make_linear(width, config.hidden_dim, generator), nn.GELU(), Dropout(config.dropout)]
            width = config.hidden_dim
        layers.append(make_linear(width, config.embed_dim, generator))
        self.layers = nn.Sequential(*layers)

    def forward(self, features: Tensor) -> Tensor:
        return F.normalize(self.layers(features), dim=1)


class TwoTower(nn.Module):
    """``forward(video, music) -> (video_embedding, music_embedding)``, both unit-norm."""

    def __init__(self, config: TwoTowerConfig = TwoTowerConfig(),
                 generator: torch.Generator | None = None) -> None:
        super().__init__()
        if not 0 < config.initial_temperature:
            raise ValueError("initial_temperature must be positive")
        self.config = config
        self.video = MLPTower(config.video_dim, config, generator)
        self.music = MLPTower(config.music_dim, config, generator)
        self.log_logit_scale = nn.Parameter(torch.tensor(math.log(1.0 / config.initial_temperature)))

    @property
    def logit_scale(self) -> Tensor:
        """``1 / temperature``, clamped to ``max_logit_scale`` (gradient stops at the clamp)."""
        return self.log_logit_scale.clamp(max=math.log(self.config.max_logit_scale)).exp()

    def forward(self, video: Tensor, music: Tensor) -> tuple[Tensor, Tensor]:
        return self.video(video), self.music(music)
