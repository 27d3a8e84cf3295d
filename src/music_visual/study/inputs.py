"""The inputs a stage reads: the corpus folder and the feature families, checked before any work.

Under ``dvc repro`` the corpus stage and the feature stages have run before any paper stage;
:func:`ensure_inputs` only checks that they did, **for the same corpus** (the name every
stage receives from ``corpus.corpus_name``), and raises a :class:`StudyError` naming the
stage to run otherwise.

The test harness runs each notebook alone in an empty temporary workspace. It sets the
environment variable ``MUSIC_VISUAL_BUILD_MISSING`` (to a world size, ``tiny``; see the
root ``conftest.py``): then what is missing is built here -- the generated world at that
size (seed 0) and the families in this process (synchronous scheduler, the workers'
default parameters, which are ``params.yaml``'s). No real run sets it, so a real run never
builds a silent stand-in.
"""

from __future__ import annotations

import json
import os
from typing import Iterable

from music_visual import paths
from music_visual.errors import StudyError

BUILD_MISSING = "MUSIC_VISUAL_BUILD_MISSING"


def build_size() -> str | None:
    """The world size the test harness asks missing inputs to be built at, or None (a real run)."""
    return os.environ.get(BUILD_MISSING) or None


def features_corpus(family: str) -> str | None:
    """The corpus a family's features were extracted from (None: not extracted, or unreadable)."""
    metas = sorted(paths.features_dir(family).glob("*/meta.json"))
    if not metas or not all((m.parent / "values.npy").is_file() for m in metas):
        return None
    try:
        return str(json.loads(metas[0].read_text(encoding="utf-8")).get("corpus", ""))
    except (OSError, json.JSONDecodeError):
        return None


def input_problems(corpus_name: str, families: Iterable[str] = ()) -> list[str]:
    """What is missing or mismatched on ``corpus_name`` (empty: all there)."""
    problems = []
    corpus_folder = paths.corpus_dir(corpus_name)
    if not (corpus_folder / "manifest.json").is_file():
        problems.append(f"no corpus at {corpus_folder}: run the corpus stage (`dvc repro corpus`) with "
                        f"corpus.corpus_name = {corpus_name!r}")
    for family in families:
        found = features_corpus(family)
        if found is None:
            problems.append(f"no {family} features in {paths.features_dir(family)}: run "
                            f"`dvc repro features@{family}`")
        elif found != corpus_name:
            problems.append(f"{family} features were extracted from corpus {found!r}, not {corpus_name!r}: "
                            f"rerun `dvc repro features@{family}`")
    return problems


def run_family_here(family: str, corpus_name: str) -> dict:
    """Run one feature family over the corpus in this process (no dask cluster)."""
    from music_visual.corpus import load_corpus
    from music_visual.features.families import FAMILIES, family_units
    from music_visual.features.sharding import map_sharded
    from music_visual.features.stage import save_outputs

    fam = FAMILIES[family]
    corpus = load_corpus(paths.corpus_dir(corpus_name), validate=False)
    units = family_units(fam, corpus.items, corpus.root)
    result = map_sharded(fam.worker, units, scheduler="synchronous", progress=False, desc=family,
                         **fam.worker_params({}))
    meta = {"family": family, "description": fam.description, "params": {}, "corpus": corpus_name,
            "built_by": f"music_visual.study.inputs ({BUILD_MISSING} test harness)", **fam.extra_meta({})}
    return save_outputs(fam, units, result, paths.features_dir(family), meta)


def ensure_inputs(corpus_name: str, families: Iterable[str] = ()) -> list[str]:
    """Check the corpus and ``families``; under the test harness build what is missing.

    Returns what was built (empty in a real run). Raises :class:`StudyError` listing every
    problem when something is missing and :data:`BUILD_MISSING` is not set.
    """
    families = list(families)
    problems = input_problems(corpus_name, families)
    if not problems:
        return []
    size = build_size()
    if size is None:
        raise StudyError("inputs missing:\n  " + "\n  ".join(problems))
    from music_visual.corpus import build_corpus

    built = []
    if not (paths.corpus_dir(corpus_name) / "manifest.json").is_file():
        build_corpus("world", paths.corpus_dir(corpus_name), seed=0, size=size)
        built.append(f"corpus {corpus_name} (world, size {size}, seed 0)")
    for family in families:
        if features_corpus(family) != corpus_name:
            summary = run_family_here(family, corpus_name)
            built.append(f"{family}: {summary['n_ok']}/{summary['n_items']} items")
    return built
