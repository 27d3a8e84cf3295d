"""How VM-NET's methods are trained: one record built from ``params.yaml``'s ``vmnet.train``.

Every field is a key of that section (and of ``notebooks/vmnet/03_train``'s parameters
cell, which holds tiny test values); there are no defaults here, so a setting has one
source. :meth:`RunSettings.from_params` takes any mapping holding the keys -- the
params section, or a notebook's namespace (``RunSettings.from_params(globals())``).
"""

from __future__ import annotations

from dataclasses import dataclass

from music_visual.study.run_settings import ParamSettings


PAPER_BATCH = 2000  # the paper's mini-batch (Sec. IV-B): top-K counts are out of its 1,999 negatives
MIN_STEPS_PER_EPOCH = 2  # a batch is at most half the training pairs


@dataclass(frozen=True)
class RunSettings(ParamSettings):
    """Training settings of every learned method, the tuning grid, seeds, sweeps and what is saved."""

    SECTION = "vmnet.train"
    LABEL = "VM-NET"


    seeds: tuple[int, ...]
    batch_size: int
    max_steps: int                  # the step cap (flagged in the report when a run reaches it)
    eval_every: int                 # steps between validation evaluations
    patience_steps: int             # plateau rule: steps without a smoothed gain above min_delta
    min_delta: float
    smoothing: int                  # trailing mean over this many evaluations
    criterion_k: int                # validation criterion: mean Recall@1..criterion_k, both directions
    learning_rate: float
    top_k_share: float              # hardest negatives mined per anchor, as a share of the batch's negatives
    margin: float
    structure_weight: float
    structure_anchors: int
    domain_weight: float
    hidden_widths: tuple[int, ...]
    embed_dim: int                  # used where the tuning grid does not set it
    dropout: float
    two_tower_hidden: int
    tuning_grid: tuple              # ((setting, (values...)), ...): every network chooses on validation
    linear_components: tuple[int, ...]   # the linear baselines choose their components from these
    cca_regs: tuple[float, ...]          # ... and CCA its ridge
    sweep_weights: tuple[tuple[float, float], ...]
    sweep_layers: tuple[tuple[int, int], ...]
    sweep_top_k: tuple[int, ...]    # Table II's counts out of the paper's 1,999 negatives
    learning_curve_shares: tuple[float, ...]
    learning_curve_methods: tuple[str, ...]
    curve_max_k: int
    checkpoint_seeds: int
    device: str
    n_jobs: int                     # worker processes for independent runs (0 = every core); CPU only
    threads_per_run: int            # torch threads per run, whatever n_jobs is (the numbers do not change with n_jobs)

    def batch_for(self, n_train: int) -> int:
        """The mini-batch actually used: the configured size, at most half the training pairs.

        The rule that lets one profile serve every corpus size: the paper's 2,000 on the
        ``large`` corpus (~14,000 training pairs), 703 on the default one (1,407 pairs), so an
        epoch always has at least :data:`MIN_STEPS_PER_EPOCH` steps and a shuffle means something.
        """
        return max(2, min(self.batch_size, n_train // MIN_STEPS_PER_EPOCH))

    def top_k_for(self, spec, n_train: int) -> int:
        """Hardest negatives mined per anchor: the paper's share of the batch's negatives.

        The main runs mine ``top_k_share`` of the ``batch - 1`` negatives (the paper: 100 of
        1,999, 5 %); a Table II row's count K is read as K / 1,999 of the paper's batch. At least 1.
        """
        negatives = self.batch_for(n_train) - 1
        share = spec.top_k / (PAPER_BATCH - 1) if spec.top_k else self.top_k_share
        return int(max(1, min(negatives, round(share * negatives))))
