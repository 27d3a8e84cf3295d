"""How VM-NET's methods are trained: one record built from ``params.yaml``'s ``vmnet.train``.

Every field is a key of that section (and of ``notebooks/vmnet/03_train``'s parameters
cell, which holds tiny test values); there are no defaults here, so a setting has one
source. :meth:`RunSettings.from_params` takes any mapping holding the keys -- the
params section, or a notebook's namespace (``RunSettings.from_params(globals())``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Mapping

from music_visual.errors import StudyError


def _frozen(value: Any) -> Any:
    return tuple(_frozen(v) for v in value) if isinstance(value, (list, tuple)) else value


@dataclass(frozen=True)
class RunSettings:
    """Training settings of every neural method, the seeds, sweeps and what is saved."""

    seeds: tuple[int, ...]
    batch_size: int
    max_epochs: int
    patience: int
    learning_rate: float
    top_k: int
    margin: float
    structure_weight: float
    structure_anchors: int
    domain_weight: float
    hidden_widths: tuple[int, ...]
    embed_dim: int
    dropout: float
    two_tower_hidden: int
    two_tower_embed: int
    linear_components: int
    cca_regs: tuple[float, ...]
    sweep_weights: tuple[tuple[float, float], ...]
    sweep_layers: tuple[tuple[int, int], ...]
    sweep_top_k: tuple[int, ...]
    curve_max_k: int
    checkpoint_seeds: int
    device: str

    @classmethod
    def from_params(cls, params: Mapping[str, Any], **overrides) -> "RunSettings":
        """The settings from a mapping holding every field (extra keys are ignored), then ``overrides``."""
        names = [f.name for f in fields(cls)]
        values = {**{k: params[k] for k in names if k in params}, **overrides}
        missing = [k for k in names if k not in values]
        if missing:
            raise StudyError(f"VM-NET run settings lack {', '.join(missing)} (keys of params.yaml vmnet.train)")
        return cls(**{k: _frozen(values[k]) for k in names})

    def replace(self, **overrides) -> "RunSettings":
        """A copy with some fields replaced (lists become tuples)."""
        return replace(self, **{k: _frozen(v) for k, v in overrides.items()})

    def batch_for(self, n_train: int) -> int:
        """The mini-batch actually used: the configured size, or all training pairs when fewer."""
        return max(2, min(self.batch_size, n_train))

    def top_k_for(self, spec, n_train: int) -> int:
        """Top-K violations actually mined: at most the other ``batch - 1`` items of the batch."""
        return min(spec.top_k or self.top_k, self.batch_for(n_train) - 1)
