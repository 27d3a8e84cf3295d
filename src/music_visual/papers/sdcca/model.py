"""S-DCCA's two branches (Sec. IV-B): 4 fully connected layers each, tanh hidden, sigmoid last, dropout 0.2.

* visual: ``visual_dim -> 512 -> 512 -> 256 -> 256``; audio: ``audio_dim -> 128 -> 128 -> 64 -> 64``
  (the paper's "number of units per layer"); dropout after every hidden layer;
* the 30 CCA components are not a layer: the loss correlates the two outputs
  (:func:`music_visual.losses.dcca.dcca_loss`, top-30 correlations) and a linear (C-)CCA fitted
  on the training outputs projects them for retrieval (:mod:`.objective`), as in the authors' code;
* weights Glorot-uniform (Keras' default, the authors' framework), zero biases, drawn from a
  seeded generator (the global RNG is untouched).

The same network, trained with plain pairwise DCCA on one-to-one pairs, is the DCCA baseline
("we set the same hidden layers structure for DCCA, S-DCCA, S-DCCA-extend1, and S-DCCA-extend2").
``forward(video, music) -> (video_output, music_output)``; ``model.video`` / ``model.music`` are the branches.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn

from music_visual.models.mlp import Dropout


@dataclass(frozen=True)
class SDCCAConfig:
    video_dim: int = 1024
    music_dim: int = 128
    video_widths: tuple[int, ...] = (512, 512, 256, 256)
    music_widths: tuple[int, ...] = (128, 128, 64, 64)
    dropout: float = 0.2


def glorot_linear(in_features: int, out_features: int, generator: torch.Generator | None) -> nn.Linear:
    with torch.random.fork_rng(devices=[]):  # PyTorch's own init draws are discarded
        layer = nn.Linear(in_features, out_features)
    with torch.no_grad():
        nn.init.xavier_uniform_(layer.weight, generator=generator)
        layer.bias.zero_()
    return layer


class Branch(nn.Module):
    """FC -> tanh -> dropout for every hidden layer, then FC -> sigmoid."""

    def __init__(self, input_dim: int, widths: tuple[int, ...], dropout: float,
                 generator: torch.Generator | None = None) -> None:
        super().__init__()
        if not widths:
            raise ValueError("a branch needs at least one layer")
        layers: list[nn.Module] = []
        sizes = [input_dim, *widths]
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(glorot_linear(a, b, generator))
            layers += [nn.Tanh(), Dropout(dropout)] if i < len(widths) - 1 else [nn.Sigmoid()]
        self.layers = nn.Sequential(*layers)
        self.output_dim = widths[-1]

    def forward(self, x: Tensor) -> Tensor:
        return self.layers(x)


class SDCCANet(nn.Module):
    def __init__(self, config: SDCCAConfig = SDCCAConfig(), generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.config = config
        self.video = Branch(config.video_dim, tuple(config.video_widths), config.dropout, generator)
        self.music = Branch(config.music_dim, tuple(config.music_widths), config.dropout, generator)

    def forward(self, video: Tensor, music: Tensor) -> tuple[Tensor, Tensor]:
        return self.video(video), self.music(music)
