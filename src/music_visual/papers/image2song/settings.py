"""How Image2song's methods are trained: one record built from ``params.yaml``'s ``image2song.train``.

Every field is a key of that section (and of ``notebooks/image2song/03_train``'s parameters cell, which
holds tiny test values); there are no defaults here, so a setting has one source.
"""

from __future__ import annotations

from dataclasses import dataclass

from music_visual.study.run_settings import ParamSettings


@dataclass(frozen=True)
class RunSettings(ParamSettings):
    """Training settings of every learned method, the tuning grid, the runs, seeds and galleries."""

    SECTION = "image2song.train"
    LABEL = "Image2song"

    seeds: tuple[int, ...]
    table2_methods: tuple[str, ...]     # run on every tag set and both protocols
    tag_sets: tuple[str, ...]
    protocols: tuple[str, ...]
    ablation_methods: tuple[str, ...]   # Tables 4, 5, 7: run on one protocol and tag set
    ablation_protocol: str
    ablation_tags: str
    target_transform: str               # the tag space: none (the paper's probabilities) | standardise | sqrt
    batch_size: int                     # the paper: 100 pairs
    learning_rate: float                # RMSprop (the paper's optimiser), unless the grid sets it
    weight_decay: float
    max_steps: int                      # the step cap (flagged when reached)
    eval_every: int
    patience_steps: int
    min_delta: float
    smoothing: int
    lstm_hidden: int                    # per direction
    state_dim: int                      # the final recurrence's width (the lyric representation)
    head_hidden: int                    # the MLP into the tag space
    dropout: float
    margin: float                       # MRL's margin
    two_tower_hidden: int
    two_tower_embed: int
    tuning_grid: tuple                  # ((setting, (values...)), ...): every learned method
    tuning_protocol: str                # each method is tuned once, on this protocol and tag set
    tuning_tags: str
    val_queries: int                    # at most this many validation queries per evaluation
    device: str
    n_jobs: int                         # worker processes for independent runs (0 = every core); CPU only
    threads_per_run: int
