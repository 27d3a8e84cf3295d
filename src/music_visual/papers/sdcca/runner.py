"""Tune, train and score S-DCCA's methods on every fold and seed (the engine of ``notebooks/sdcca/03_train``).

1. **Tuning** (first seed, every fold): each method fits every point of its grid
   (:func:`~.methods.method_grid`) on the fold's training songs and keeps the best validation
   criterion (the first point on a tie); the tuning table records every point. The -extend1/2
   variants vary one factor of their basic model (the training pairs) and inherit its fold's
   choice when the basic model is run (as VM-NET's Table II rows inherit their reference's).
2. **Seeds**: each method at its fold's chosen point at every other seed. Methods without
   randomness (Multi-view, CCA, KCCA, C-CCA and C-CCA-extend2) are fitted once per fold and
   their rows repeat over seeds (zero spread within a fold).
3. **Rows**: one per (method, fold, seed) with every test metric, the chosen point and the
   stopping record; ``unit`` (``f<fold>s<seed>``) is what claims pair methods on.

Runs are independent and go to ``n_jobs`` processes with ``threads_per_run`` torch threads each
(:func:`music_visual.parallel.run_tasks`): the numbers do not depend on ``n_jobs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from tqdm import tqdm

from music_visual.device import get_device
from music_visual.papers.sdcca.eval import chance_scores, reference_scores
from music_visual.papers.sdcca.features import FoldInputs
from music_visual.papers.sdcca.methods import KERNEL, LINEAR, MethodSpec, method_grid
from music_visual.papers.sdcca.runs import RunOutcome, run_one
from music_visual.papers.sdcca.settings import RunSettings
from music_visual.parallel import run_tasks
from music_visual.study.references import CHANCE, ORACLE
from music_visual.training.tuning import choice_rows, grid_points


@dataclass
class ExperimentResults:
    per_seed: pd.DataFrame                       # method, fold, seed, unit, metrics..., chosen point, record
    pr: pd.DataFrame                             # method, fold, seed, query, recall, precision
    histories: pd.DataFrame                      # run, fold, seed, step, train_loss, val_criterion...
    tuning: pd.DataFrame                         # method, fold, grid values, criterion, chosen
    embeddings: dict = field(default_factory=dict)  # (method, fold) -> test embeddings at the first seed
    n_runs: int = 0                              # fits and trainings actually run
    cpu_seconds: float = 0.0                     # their summed CPU time (what the run costs on an idle machine)


def deterministic(spec: MethodSpec) -> bool:
    """Fitted without randomness: one fit per fold serves every seed (extend1 draws its pairs, so it is not)."""
    return spec.kind in (LINEAR, KERNEL) and spec.pairs != "extend1"


def inherited(specs: list[MethodSpec]) -> dict[str, str]:
    """``{extend variant: the basic model it inherits its tuning from}`` for the basic models in ``specs``."""
    names = {spec.name for spec in specs}
    return {spec.name: spec.name.rsplit("_extend", 1)[0] for spec in specs
            if spec.pairs != "basic" and spec.name.rsplit("_extend", 1)[0] in names}


def _parallelism(settings: RunSettings) -> tuple[int, int | None]:
    if get_device(settings.device).type != "cpu":
        return 1, None
    return settings.n_jobs, settings.threads_per_run


def _run_all(tasks: list[tuple], settings: RunSettings, desc: str, progress: bool) -> list[RunOutcome]:
    n_jobs, threads = _parallelism(settings)
    bar = tqdm(total=len(tasks), desc=desc, disable=not progress)
    out = []
    for outcome in run_tasks(run_one, tasks, n_jobs, threads):
        out.append(outcome)
        bar.update()
    bar.close()
    return out


def _row(spec: MethodSpec, fold: int, seed: int, outcome: RunOutcome) -> dict:
    return {"method": spec.name, "fold": fold, "seed": seed, "unit": f"f{fold}s{seed}", "run": spec.name,
            **outcome.metrics, **outcome.info}


def run_experiment(settings: RunSettings, folds: list[FoldInputs], specs: list[MethodSpec],
                   progress: bool = True) -> ExperimentResults:
    """Steps 1-3 of the module docstring for every method in ``specs`` on every fold."""
    seeds, parents = list(settings.seeds), inherited(specs)
    grids = {spec.name: grid_points(method_grid(spec, settings)) for spec in specs}
    keys = [(data.fold, spec, point) for data in folds for spec in specs if spec.name not in parents
            for point in grids[spec.name]]
    by_fold = {data.fold: data for data in folds}
    tuned = _run_all([(spec, settings, by_fold[f], seeds[0], point) for f, spec, point in keys], settings,
                     "sdcca tuning (first seed)", progress)
    chosen, tuning_rows = {}, []
    for data in folds:
        for spec in specs:
            if spec.name in parents:
                continue
            results = [(p, o) for (f, s, p), o in zip(keys, tuned) if f == data.fold and s.name == spec.name]
            best, table = choice_rows([p for p, _ in results], [o.info["val_criterion"] for _, o in results])
            chosen[data.fold, spec.name] = results[best]
            tuning_rows += [{"method": spec.name, "fold": data.fold, "inherits": "", **row} for row in table]
    heirs = [(data.fold, spec) for data in folds for spec in specs if spec.name in parents]
    heir_outcomes = _run_all([(spec, settings, by_fold[f], seeds[0], chosen[f, parents[spec.name]][0])
                              for f, spec in heirs], settings, "sdcca extend variants (first seed)", progress)
    for (f, spec), outcome in zip(heirs, heir_outcomes):
        point = chosen[f, parents[spec.name]][0]
        chosen[f, spec.name] = (point, outcome)
        tuning_rows.append({"method": spec.name, "fold": f, "inherits": parents[spec.name], **point,
                            "criterion": outcome.info["val_criterion"], "chosen": True})
    later = [(data.fold, spec, seed) for seed in seeds[1:] for data in folds for spec in specs
             if not deterministic(spec)]
    later_outcomes = _run_all([(spec, settings, by_fold[f], seed, chosen[f, spec.name][0]) for f, spec, seed in later],
                              settings, "sdcca other seeds", progress)
    outcomes = dict(zip(later, later_outcomes))
    cpu = sum(float(o.info.get("cpu_seconds", 0.0)) for o in [*tuned, *heir_outcomes, *later_outcomes])
    rows, pr, histories, embeddings = [], [], [], {}
    for seed_index, seed in enumerate(seeds):
        for data in folds:
            for spec in specs:
                first = seed_index == 0 or deterministic(spec)
                outcome = chosen[data.fold, spec.name][1] if first else outcomes[data.fold, spec, seed]
                rows.append(_row(spec, data.fold, seed, outcome))
                if len(outcome.pr):
                    pr.append(outcome.pr.assign(method=spec.name, fold=data.fold, seed=seed))
                if len(outcome.history) and (seed_index == 0 or not deterministic(spec)):
                    histories.append(outcome.history.assign(run=spec.name, fold=data.fold, seed=seed))
                if seed_index == 0:
                    embeddings[spec.name, data.fold] = outcome.embeddings
    return ExperimentResults(pd.DataFrame(rows), pd.concat(pr, ignore_index=True) if pr else pd.DataFrame(),
                             pd.concat(histories, ignore_index=True) if histories else pd.DataFrame(),
                             pd.DataFrame(tuning_rows), embeddings, len(keys) + len(heirs) + len(later), cpu)


def reference_rows(folds: list[FoldInputs], seeds, oracles: dict[int, np.ndarray] | None) -> pd.DataFrame:
    """Per (fold, seed) rows of the corpus oracle (when given) and of chance, in the runner's keys."""
    rows = []
    for data in folds:
        queries = list(data.test_queries)
        refs = {CHANCE: chance_scores(queries, data.test_clusters, data.test_labels)}
        if oracles is not None:
            refs[ORACLE] = reference_scores(oracles[data.fold], queries, data.test_clusters, data.test_labels)
        for seed in seeds:
            rows += [{"method": name, "fold": data.fold, "seed": seed, "unit": f"f{data.fold}s{seed}", "run": name,
                      **scores} for name, scores in refs.items()]
    return pd.DataFrame(rows)
