"""How S-DCCA's methods are trained: one record built from ``params.yaml``'s ``sdcca.train``.

Every field is a key of that section (and of ``notebooks/sdcca/03_train``'s parameters cell,
which holds tiny test values); there are no defaults here, so a setting has one source.
"""

from __future__ import annotations

from dataclasses import dataclass

from music_visual.study.run_settings import ParamSettings


@dataclass(frozen=True)
class RunSettings(ParamSettings):
    SECTION = "sdcca.train"
    LABEL = "S-DCCA"

    seeds: tuple[int, ...]
    audio_components: int           # PCA-whitened audio frame dimensions (YouTube-8M: 128)
    visual_components: int          # PCA-whitened frame dimensions (YouTube-8M: 1024)
    cca_components: int             # the paper's 30 (every CCA-family method, capped by the rank)
    video_widths: tuple[int, ...]   # the paper's 512, 512, 256, 256
    music_widths: tuple[int, ...]   # the paper's 128, 128, 64, 64
    dropout: float                  # the paper's 0.2
    learning_rate: float            # RMSprop, the paper's 1e-3
    batch_size: int                 # the paper's 512
    max_steps: int                  # the step cap (flagged when reached)
    eval_every: int
    patience_steps: int
    min_delta: float
    smoothing: int
    beta: float                     # weight of the pairwise term in the supervised cross-covariance (code: 0.2)
    extend1_share: float            # extend1: share of a cluster's other videos paired with each audio
    dcca_regs: tuple[float, ...]    # DCCA-family grid: the correlation loss's (and final CCA's) relative ridge
    cca_regs: tuple[float, ...]     # CCA / C-CCA grid: relative ridge
    kcca_widths: tuple[float, ...]  # KCCA grid: Gaussian width as a multiple of the median distance
    kcca_regs: tuple[float, ...]    # KCCA grid: relative regulariser
    multiview_components: tuple[int, ...]  # Multi-view grid: shared-subspace dimensions
    two_tower_hidden: int
    two_tower_embed_dims: tuple[int, ...]   # two-tower grid: embedding size
    two_tower_learning_rate: float  # Adam (the two-tower's own optimiser)
    pr_queries: tuple[str, ...]     # query keys whose precision-recall curves are kept
    pr_points: int                  # recall levels of the averaged precision-recall curves
    device: str
    n_jobs: int                     # worker processes for independent runs (0 = every core); CPU only
    threads_per_run: int
