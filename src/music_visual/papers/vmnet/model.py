"""VM-NET's two-branch embedding network (Hong, Im & Yang, Sec. III-C and IV-B).

Each branch: hidden FC layers (ReLU, or identity for the "linear" models of
Table III) each followed by dropout, then a final FC to the 512-d embedding,
batch normalisation and L2 normalisation. ``*_layers`` counts the FC layers of
a branch *including* the final one, as the public code's ``num_layer`` does;
the hidden widths are taken in order from ``hidden_widths`` (the code's
2048, 1024, 1024, 512). The defaults give the paper's network:

* video (``video_layers = 2``): 1024 -> 2048 -> 512
* music (``music_layers = 3``): 1140 -> 2048 -> 1024 -> 512

Details read from the public code: dropout *keep* probability 0.9 (the paper's
"dropout with probability 0.9"), i.e. ``dropout = 0.1``, after every hidden
layer, also in the linear model; no dropout on the input or the embedding;
batch norm with TF ``decay = 0.99`` (PyTorch ``momentum = 0.01``) and
``eps = 1e-3``; weights drawn from a normal with std ``sqrt(2 / fan_in)``
truncated at two std, zero biases. The optional DANN head (``domain_classifier``)
is the code's ``dom_classifier``: GRL -> FC 512 -> ReLU -> dropout -> FC 512 ->
ReLU -> dropout -> FC 1 (a modality logit).

Pass a seeded ``torch.Generator`` for a reproducible initialisation that does not
touch the global RNG; dropout in training mode draws from torch's global RNG.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from music_visual.losses.domain import grad_reverse
from music_visual.models.mlp import Dropout, make_linear


@dataclass(frozen=True)
class VMNetConfig:
    """Architecture of VM-NET; the defaults are the paper's network."""

    video_dim: int = 1024            # input: video-level features (Inception + WPCA + aggregation)
    music_dim: int = 1140            # input: music-level features (380 per frame x mean/var/max)
    video_layers: int = 2            # FC layers in the video branch, final FC included
    music_layers: int = 3            # FC layers in the music branch, final FC included
    hidden_widths: tuple[int, ...] = (2048, 1024, 1024, 512)
    embed_dim: int = 512
    nonlinear: bool = True           # ReLU after hidden layers (False: the "linear" models)
    dropout: float = 0.1             # drop probability (the code's keep_prob 0.9)
    batch_norm_momentum: float = 0.01
    batch_norm_eps: float = 1e-3
    domain_classifier: bool = False  # add the DANN head
    domain_hidden: int = 512


def branch_widths(input_dim: int, num_layers: int, hidden_widths: tuple[int, ...],
                  embed_dim: int) -> list[int]:
    """Layer widths from input to embedding, e.g. ``[1140, 2048, 1024, 512]``."""
    if not 1 <= num_layers <= len(hidden_widths) + 1:
        raise ValueError(f"num_layers must be in 1..{len(hidden_widths) + 1}, got {num_layers}")
    return [input_dim, *hidden_widths[: num_layers - 1], embed_dim]


class EmbeddingBranch(nn.Module):
    """One modality's branch: hidden FC layers, final FC, batch norm, L2 normalisation."""

    def __init__(self, input_dim: int, num_layers: int, config: VMNetConfig,
                 generator: torch.Generator | None = None) -> None:
        super().__init__()
        widths = branch_widths(input_dim, num_layers, config.hidden_widths, config.embed_dim)
        hidden: list[nn.Module] = []
        for width_in, width_out in zip(widths[:-2], widths[1:-1]):
            hidden.append(make_linear(width_in, width_out, generator))
            hidden.append(nn.ReLU() if config.nonlinear else nn.Identity())
            hidden.append(Dropout(config.dropout))
        self.hidden = nn.Sequential(*hidden)
        self.final = make_linear(widths[-2], widths[-1], generator)
        self.batch_norm = nn.BatchNorm1d(widths[-1], eps=config.batch_norm_eps,
                                         momentum=config.batch_norm_momentum)
        self.widths = widths

    def forward(self, features: Tensor) -> Tensor:
        return F.normalize(self.batch_norm(self.final(self.hidden(features))), dim=1)


class DomainClassifier(nn.Module):
    """DANN head: gradient reversal, then a small MLP giving one modality logit per item."""

    def __init__(self, embed_dim: int, hidden: int, dropout: float,
                 generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            make_linear(embed_dim, hidden, generator), nn.ReLU(), Dropout(dropout),
            make_linear(hidden, hidden, generator), nn.ReLU(), Dropout(dropout),
            make_linear(hidden, 1, generator),
        )

    def forward(self, embeddings: Tensor, reversal_scale: float = 1.0) -> Tensor:
        return self.layers(grad_reverse(embeddings, reversal_scale)).squeeze(1)


class VMNet(nn.Module):
    """Two-branch network: ``forward(video, music) -> (video_embedding, music_embedding)``.

    ``model.video`` and ``model.music`` are the branches (each maps raw features to
    unit-norm embeddings, usable on its own, e.g. with ``training.embed``).
    """

    def __init__(self, config: VMNetConfig = VMNetConfig(), generator: torch.Generator | None = None) -> None:
        super().__init__()
        self.config = config
        self.video = EmbeddingBranch(config.video_dim, config.video_layers, config, generator)
        self.music = EmbeddingBranch(config.music_dim, config.music_layers, config, generator)
        self.domain_classifier = (
            DomainClassifier(config.embed_dim, config.domain_hidden, config.dropout, generator)
            if config.domain_classifier else None
        )

    def forward(self, video: Tensor, music: Tensor) -> tuple[Tensor, Tensor]:
        return self.video(video), self.music(music)

    def domain_logits(self, video_embedding: Tensor, music_embedding: Tensor,
                      reversal_scale: float = 1.0) -> tuple[Tensor, Tensor]:
        """Modality logits (video positive) through the gradient-reversal layer."""
        if self.domain_classifier is None:
            raise RuntimeError("this VMNet has no domain classifier; set VMNetConfig(domain_classifier=True)")
        return (self.domain_classifier(video_embedding, reversal_scale),
                self.domain_classifier(music_embedding, reversal_scale))
