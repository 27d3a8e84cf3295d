"""How ACP-Net's methods are trained: one record built from ``params.yaml``'s ``acpnet.train``.

Every field is a key of that section (and of ``notebooks/acpnet/03_train``'s parameters cell, which holds
tiny test values); there are no defaults here, so a setting has one source.
"""

from __future__ import annotations

from dataclasses import dataclass

from music_visual.study.run_settings import ParamSettings, grid_dict


@dataclass(frozen=True)
class RunSettings(ParamSettings):
    """Training settings of every learned method, the tuning grids, seeds and what is saved."""

    SECTION = "acpnet.train"
    LABEL = "ACP-Net"


    seeds: tuple[int, ...]
    methods: tuple[str, ...]            # correspondence methods to run (registry names)
    batch_size: int                     # pairs per step
    learning_rate: float                # Adam, every network
    max_steps: int                      # the step cap (flagged when reached)
    eval_every: int
    patience_steps: int                 # plateau rule: steps without a smoothed gain above min_delta
    min_delta: float
    smoothing: int
    embed_dim: int                      # both subnetworks' output (the paper: 1024), unless the grid sets it
    dropout: float                      # the paper: 0.4, unless the grid sets it
    image_hidden: tuple[int, ...]       # ACP-Net image subnetwork: hidden widths (2 FC layers in all)
    music_hidden: tuple[int, ...]       # music subnetwork: 3 hidden widths (4 FC layers in all)
    fusion_hidden: tuple[int, ...]      # fusion: 3 hidden widths (4 FC layers in all)
    cnn_channels: tuple[int, ...]       # conv blocks of the L3-Net / spectrogram CNNs
    l3_fusion_hidden: int               # L3-Net's fc1 (128 in L3-Net)
    two_tower_hidden: int
    tuning_grid: tuple                  # ((setting, (values...)), ...): every correspondence method
    probe_hidden: tuple[int, ...]       # Table 5 MLPs (the paper's music probe: 512, 32)
    probe_batch_size: int
    probe_learning_rate: float
    probe_max_steps: int
    probe_eval_every: int
    probe_patience_steps: int
    probe_grid: tuple                   # every probe and direct classifier chooses from it on validation
    probe_sources: tuple[str, ...]      # correspondence methods whose frozen embeddings are probed
    checkpoint_seeds: int               # save the weights of the first N seeds
    device: str
    n_jobs: int                         # worker processes for independent runs (0 = every core); CPU only
    threads_per_run: int

    @property
    def probe_grid_dict(self) -> dict[str, list]:
        return grid_dict(self.probe_grid)
