"""Train and score every Image2song run: tuning at the first seed, then the other seeds.

The runs: Table 2's methods (``table2_methods``) on every tag set and both protocols; the ablations of the
supplement (``ablation_methods``: mood, max pooling, CPL, MRL) on ``ablation_protocol`` and
``ablation_tags``; the training-free Schwarz et al. baseline on every (tag set, protocol).

1. **Tuning** (first seed): every learned method trains at every point of ``tuning_grid`` on one configuration
   -- ``tuning_protocol`` / ``tuning_tags`` where it runs there, else its first configuration -- and keeps the
   point with the best validation criterion (the first on a tie) for all of its configurations: one grid,
   one validation set and one rule for the paper's models, its baselines and the two-tower.
2. **Runs**: every other configuration at the first seed, and every configuration at the other seeds, at its
   method's chosen point.

Runs are independent tasks on ``n_jobs`` worker processes with ``threads_per_run`` torch threads each
(:func:`music_visual.parallel.run_tasks`), so the numbers do not depend on ``n_jobs``; on a GPU every run
stays in this process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from music_visual.device import get_device
from music_visual.papers.image2song.features import Image2songInputs
from music_visual.papers.image2song.methods import MethodSpec, methods_by_name
from music_visual.papers.image2song.paper import config_name
from music_visual.papers.image2song.settings import RunSettings
from music_visual.papers.image2song.trainer import Outcome, train_run
from music_visual.parallel import run_tasks
from music_visual.training.tuning import choice_rows, grid_points


@dataclass(frozen=True)
class Config:
    spec: MethodSpec
    tags: str
    protocol: str

    @property
    def name(self) -> str:
        return config_name(self.spec.name, self.tags)


def configurations(s: RunSettings) -> list[Config]:
    """Every (method, tag set, protocol) the run trains, Table 2 first."""
    table2 = methods_by_name(s.table2_methods)
    out = [Config(spec, tags, protocol) for protocol in s.protocols for tags in s.tag_sets for spec in table2]
    out += [Config(spec, tags, protocol) for protocol in s.protocols for tags in s.tag_sets
            for spec in methods_by_name(["schwarz"])]
    out += [Config(spec, s.ablation_tags, s.ablation_protocol) for spec in methods_by_name(s.ablation_methods)]
    return list(dict.fromkeys(out))  # an ablation that is also a Table 2 configuration runs once


def run_one(config: Config, s: RunSettings, inputs_folder: str, seed: int, point: dict,
            galleries: dict[str, int], gallery_seed: int) -> Outcome:
    inputs = Image2songInputs.load(inputs_folder)
    return train_run(config.spec, s, inputs, config.protocol, config.tags, seed, point,
                     galleries[config.protocol], gallery_seed, get_device(s.device))


def _parallelism(s: RunSettings) -> tuple[int, int | None]:
    if get_device(s.device).type != "cpu":
        return 1, None
    return s.n_jobs, s.threads_per_run


def _run(tasks: list[tuple], s: RunSettings, desc: str, progress: bool) -> list[Outcome]:
    n_jobs, threads = _parallelism(s)
    out = []
    bar = tqdm(total=len(tasks), desc=desc, disable=not progress)
    for result in run_tasks(run_one, tasks, n_jobs, threads):
        out.append(result)
        bar.update()
    bar.close()
    return out


@dataclass
class ExperimentResults:
    per_seed: pd.DataFrame       # one row per (config, seed): metrics, chosen point, stopping record
    histories: pd.DataFrame      # training curves
    tuning: pd.DataFrame         # one row per (config, grid point) at the first seed
    outcomes: dict               # (config name, protocol, seed) -> Outcome (test ranks for the figures)


def tuning_configs(configs: list[Config], s: RunSettings) -> dict[str, Config]:
    """The configuration each learned method is tuned on (see the module docstring)."""
    target, out = (s.tuning_protocol, s.tuning_tags), {}
    for c in configs:
        current = out.get(c.spec.name)
        if c.spec.learned and (current is None or ((c.protocol, c.tags) == target
                                                   and (current.protocol, current.tags) != target)):
            out[c.spec.name] = c
    return out


def run_experiment(s: RunSettings, inputs_folder: str | Path, galleries: dict[str, int], gallery_seed: int,
                   progress: bool = True) -> ExperimentResults:
    inputs_folder = str(inputs_folder)
    seeds = list(s.seeds)
    configs = configurations(s)
    grid = grid_points(s.grid)
    task = lambda c, seed, point: (c, s, inputs_folder, seed, point, galleries, gallery_seed)  # noqa: E731
    tuned_on = tuning_configs(configs, s)
    first = [task(c, seeds[0], point) for c in tuned_on.values() for point in grid]
    first_out = _run(first, s, "image2song tuning", progress)
    chosen, runs, tuning_rows = {}, {}, []
    for name, c in tuned_on.items():
        results = [(t[4], o) for t, o in zip(first, first_out) if t[0] == c]
        best, rows = choice_rows([p for p, _ in results], [o.info["val_criterion"] for _, o in results])
        chosen[name] = results[best][0]
        runs[c, seeds[0]] = results[best][1]
        tuning_rows += [{"method": name, "config": c.name, "protocol": c.protocol, "seed": seeds[0], **row}
                        for row in rows]
    later = [task(c, seed, chosen.get(c.spec.name, {})) for seed in seeds for c in configs if (c, seed) not in runs]
    for t, o in zip(later, _run(later, s, "image2song runs", progress)):
        runs[t[0], t[3]] = o
    rows, histories, outcomes = [], [], {}
    for (c, seed), o in runs.items():
        rows.append({"config": c.name, "table": c.spec.table, **o.info})
        if len(o.history):
            histories.append(o.history.assign(run=f"{c.name} ({c.protocol})", config=c.name, protocol=c.protocol,
                                              seed=seed))
        outcomes[c.name, c.protocol, seed] = o
    per_seed = pd.DataFrame(rows).sort_values(["protocol", "config", "seed"], kind="stable").reset_index(drop=True)
    return ExperimentResults(per_seed, pd.concat(histories, ignore_index=True) if histories else pd.DataFrame(),
                             pd.DataFrame(tuning_rows), outcomes)


def test_ranks_table(results: ExperimentResults, inputs: Image2songInputs) -> pd.DataFrame:
    """One row per (config, protocol, seed, test query): the query image, its song and the rank of its song,
    and the top-5 retrieved songs (for the per-song figures and the examples)."""
    frames = []
    for (name, protocol, seed), o in results.outcomes.items():
        rows = o.test["image_rows"].astype(int)
        if not len(rows):
            continue
        top = o.test["top"].astype(int)
        frames.append(pd.DataFrame({"config": name, "protocol": protocol, "seed": seed,
                                    "image_id": inputs.image_ids[rows], "song_id": inputs.song_ids[inputs.image_song[rows]],
                                    "rank": o.test["ranks"],
                                    "top5": [" ".join(inputs.song_ids[r]) for r in top]}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def per_song_recall(ranks: pd.DataFrame, configs: list[str], protocol: str, k: int = 3) -> pd.DataFrame:
    """R@k per song (mean over its query images and seeds), songs x configs (the paper's Figs. 7-8)."""
    part = ranks[(ranks["protocol"] == protocol) & ranks["config"].isin(configs)]
    table = part.assign(hit=(part["rank"] <= k).astype(float)).pivot_table(index="song_id", columns="config",
                                                                            values="hit", aggfunc="mean")
    return table.reindex(columns=[c for c in configs if c in table.columns])

