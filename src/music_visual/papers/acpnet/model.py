"""ACP-Net and its two baselines as binary correspondence classifiers (Verma et al., Sec. 3 and 4).

Every network here has an image encoder (``model.image``), a music encoder (``model.music``) and a fusion
head, and ``forward(image, music) -> (n, 2)`` logits of (false, true) correspondence; ``fuse(image_embedding,
music_embedding)`` scores precomputed embeddings (evaluation embeds each item once).

* :class:`ACPNet` (Fig. 2): image subnetwork = 2 FC layers on the CNN features yielding the embedding;
  music subnetwork = 4 FC layers on the 193-d features yielding the embedding; their concatenation goes
  through 4 FC fusion layers, the last giving the two logits (softmax cross-entropy). Every FC layer but the
  last is followed by ReLU and dropout (0.4 in the paper). The paper's embedding is 1024-d; the hidden
  widths are not printed (Fig. 2 is not in the text), so they are settings (``*_hidden``).
* :class:`L3Net` (Arandjelovic & Zisserman, *Look, listen and learn*): a vision CNN on raw images and an
  audio CNN on log-spectrograms, trained from scratch; each is a stack of conv blocks (3x3 conv, batch norm,
  ReLU, 2x2 max-pool) ending in a global max-pool, the two pooled vectors concatenated, then FC 128 -> ReLU
  -> FC 2 (L3-Net's fusion). L3-Net has two convs per block and 64..512 channels on 224 x 224 images and
  257 x 199 spectrograms; on our downsized inputs we use one conv per block and ``cnn_channels`` (stated in
  the notebook).
* :class:`SpectrogramACP`: ACP-Net with the audio CNN (conv blocks, global max-pool, FC to the embedding)
  as its music subnetwork.

Weights are drawn from a seeded ``torch.Generator`` (``generator``), never from the global RNG; dropout
draws from torch's global RNG, which the training loop seeds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor, nn

from music_visual.models.mlp import Dropout, make_linear


def mlp_layers(widths: list[int], dropout: float, generator: torch.Generator | None, last_activation: bool) -> nn.Sequential:
    """FC layers ``widths[0] -> ... -> widths[-1]``, each followed by ReLU + dropout (the last only when asked)."""
    layers: list[nn.Module] = []
    for i, (w_in, w_out) in enumerate(zip(widths[:-1], widths[1:])):
        layers.append(make_linear(w_in, w_out, generator))
        if i < len(widths) - 2 or last_activation:
            layers += [nn.ReLU(), Dropout(dropout)]
    return nn.Sequential(*layers)


def _conv(c_in: int, c_out: int, generator: torch.Generator | None) -> nn.Conv2d:
    with torch.random.fork_rng(devices=[]):  # PyTorch's own init draws are discarded
        conv = nn.Conv2d(c_in, c_out, 3, padding=1)
    std = math.sqrt(2.0 / (c_in * 9))
    with torch.no_grad():
        conv.weight.normal_(0.0, std, generator=generator)
        conv.bias.zero_()
    return conv


class ConvEncoder(nn.Module):
    """Conv blocks (3x3 conv, batch norm, ReLU, 2x2 max-pool; no pool once a side is 1) and a global max-pool.

    ``out_dim`` adds FC -> ReLU -> dropout to that width (ACP-Net's embedding); 0 keeps the pooled channels
    (L3-Net). Input ``(n, channels, height, width)``.
    """

    def __init__(self, in_channels: int, channels: tuple[int, ...], input_hw: tuple[int, int], out_dim: int = 0,
                 dropout: float = 0.0, generator: torch.Generator | None = None) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        c, (h, w) = in_channels, input_hw
        for c_out in channels:
            layers += [_conv(c, c_out, generator), nn.BatchNorm2d(c_out), nn.ReLU()]
            kernel = (2 if h >= 2 else 1, 2 if w >= 2 else 1)
            if kernel != (1, 1):
                layers.append(nn.MaxPool2d(kernel))
                h, w = h // kernel[0], w // kernel[1]
            c = c_out
        self.trunk = nn.Sequential(*layers)
        self.head = mlp_layers([c, out_dim], dropout, generator, last_activation=True) if out_dim else nn.Identity()
        self.out_dim = out_dim or c

    def forward(self, x: Tensor) -> Tensor:
        return self.head(torch.amax(self.trunk(x), dim=(2, 3)))


@dataclass(frozen=True)
class ACPConfig:
    """ACP-Net's architecture; the defaults are the paper's where it gives them."""

    image_dim: int = 2048                           # Inception-v3 features (ours: 1280, EfficientNet-Lite0)
    music_dim: int = 193
    embed_dim: int = 1024                           # both subnetworks' output (the common space V)
    image_hidden: tuple[int, ...] = (1024,)         # 2 FC layers: hidden + the embedding layer
    music_hidden: tuple[int, ...] = (256, 512, 1024)  # 4 FC layers: 3 hidden + the embedding layer
    fusion_hidden: tuple[int, ...] = (1024, 256, 64)  # 4 FC fusion layers: 3 hidden + the 2 logits
    dropout: float = 0.4


class PairClassifier(nn.Module):
    """Shared ``forward``/``fuse`` of the correspondence networks."""

    image: nn.Module
    music: nn.Module
    fusion: nn.Module

    def fuse(self, image_embedding: Tensor, music_embedding: Tensor) -> Tensor:
        return self.fusion(torch.cat([image_embedding, music_embedding], dim=1))

    def forward(self, image: Tensor, music: Tensor) -> Tensor:
        return self.fuse(self.image(image), self.music(music))


class ACPNet(PairClassifier):
    def __init__(self, config: ACPConfig = ACPConfig(), generator: torch.Generator | None = None) -> None:
        super().__init__()
        c = self.config = config
        self.image = mlp_layers([c.image_dim, *c.image_hidden, c.embed_dim], c.dropout, generator, True)
        self.music = mlp_layers([c.music_dim, *c.music_hidden, c.embed_dim], c.dropout, generator, True)
        self.fusion = mlp_layers([2 * c.embed_dim, *c.fusion_hidden, 2], c.dropout, generator, False)


@dataclass(frozen=True)
class SpectrogramACPConfig:
    """ACP-Net with a spectrogram CNN as its music subnetwork."""

    image_dim: int = 2048
    spectrogram_hw: tuple[int, int] = (64, 96)      # (mel bands, frames)
    cnn_channels: tuple[int, ...] = (8, 16, 32, 64)
    embed_dim: int = 1024
    image_hidden: tuple[int, ...] = (1024,)
    fusion_hidden: tuple[int, ...] = (1024, 256, 64)
    dropout: float = 0.4


class SpectrogramACP(PairClassifier):
    def __init__(self, config: SpectrogramACPConfig = SpectrogramACPConfig(),
                 generator: torch.Generator | None = None) -> None:
        super().__init__()
        c = self.config = config
        self.image = mlp_layers([c.image_dim, *c.image_hidden, c.embed_dim], c.dropout, generator, True)
        self.music = ConvEncoder(1, c.cnn_channels, c.spectrogram_hw, c.embed_dim, c.dropout, generator)
        self.fusion = mlp_layers([2 * c.embed_dim, *c.fusion_hidden, 2], c.dropout, generator, False)


@dataclass(frozen=True)
class L3Config:
    """L3-Net on downsized inputs (see the module docstring)."""

    image_hw: tuple[int, int] = (24, 32)            # thumbnail (height, width)
    spectrogram_hw: tuple[int, int] = (64, 96)
    cnn_channels: tuple[int, ...] = (8, 16, 32, 64)
    fusion_hidden: int = 128                        # L3-Net's fc1
    dropout: float = 0.0                            # before the fusion layers (L3-Net has none)


class L3Net(PairClassifier):
    def __init__(self, config: L3Config = L3Config(), generator: torch.Generator | None = None) -> None:
        super().__init__()
        c = self.config = config
        self.image = ConvEncoder(3, c.cnn_channels, c.image_hw, 0, 0.0, generator)
        self.music = ConvEncoder(1, c.cnn_channels, c.spectrogram_hw, 0, 0.0, generator)
        width = self.image.out_dim + self.music.out_dim
        self.fusion = nn.Sequential(Dropout(c.dropout), make_linear(width, c.fusion_hidden, generator), nn.ReLU(),
                                    Dropout(c.dropout), make_linear(c.fusion_hidden, 2, generator))


class EmotionClassifier(nn.Module):
    """An encoder (optional) followed by an MLP classifier: the Table 5 probes and direct classifiers.

    With ``encoder=None`` the input is already a feature vector (a frozen embedding, the CNN features...);
    with a :class:`ConvEncoder` the network is trained end to end on spectrograms (the "Spectrogram + CNN" row).
    """

    def __init__(self, input_dim: int, hidden: tuple[int, ...], n_classes: int, dropout: float,
                 encoder: nn.Module | None = None, generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.encoder = encoder if encoder is not None else nn.Identity()
        width = encoder.out_dim if encoder is not None else input_dim
        self.classifier = mlp_layers([width, *hidden, n_classes], dropout, generator, False)

    def forward(self, x: Tensor) -> Tensor:
        return self.classifier(self.encoder(x))


class ImageMusicTwoTower(nn.Module):
    """The shared two-tower (:class:`music_visual.models.two_tower.TwoTower`, video tower = images) under this
    package's names: ``image`` and ``music`` encoders, ``forward(image, music) -> (embeddings)``, ``logit_scale``."""

    def __init__(self, tower: nn.Module) -> None:
        super().__init__()
        self.tower = tower

    @property
    def image(self) -> nn.Module:
        return self.tower.video

    @property
    def music(self) -> nn.Module:
        return self.tower.music

    @property
    def logit_scale(self) -> Tensor:
        return self.tower.logit_scale

    def forward(self, image: Tensor, music: Tensor) -> tuple[Tensor, Tensor]:
        return self.tower(image, music)
