"""Inputs of the VM-NET notebooks: the corpus folder and the two feature families it reads.

Under ``dvc repro`` the corpus stage and the feature-family stages have run
before ``notebooks/vmnet/01_data``; :func:`check_inputs` only checks that they
did, for the same corpus. Under nbval the notebooks run alone in an empty
temporary workspace: with ``build_if_missing`` :func:`ensure_inputs` then
builds the generated world at the given size and runs the two families in
this process (synchronous scheduler, the workers' default parameters, which
are ``params.yaml``'s: 12 kHz audio; 0.2 frames/s, at most 60 frames).
"""

from __future__ import annotations

import json
from pathlib import Path

from music_visual import paths
from music_visual.corpus import build_corpus
from music_visual.errors import StudyError
from music_visual.features.families import FAMILIES, family_units
from music_visual.features.stage import save_outputs
from music_visual.sharding import map_sharded

VMNET_FAMILIES = {"vmnet_audio": "music", "cnn_frames": "pooled"}


def feature_folder(family: str) -> Path:
    """``data/processed/features/<family>/<output>`` of one of the two VM-NET families."""
    return paths.features_dir(family) / VMNET_FAMILIES[family]


def _features_corpus(family: str) -> str | None:
    folder = feature_folder(family)
    if not (folder / "values.npy").is_file() or not (folder / "meta.json").is_file():
        return None
    return str(json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("corpus", ""))


def check_inputs(corpus_name: str) -> list[str]:
    """What is missing or mismatched for the VM-NET stages on ``corpus_name`` (empty: all there)."""
    problems = []
    corpus_folder = paths.corpus_dir(corpus_name)
    if not (corpus_folder / "manifest.json").is_file():
        problems.append(f"no corpus at {corpus_folder}: run the corpus stage (notebooks/corpus/01_corpus.ipynb) "
                        f"with corpus_name={corpus_name!r}, or set build_corpus_if_missing=True for a generated one")
    for family in VMNET_FAMILIES:
        found = _features_corpus(family)
        if found is None:
            problems.append(f"no {family} features in {feature_folder(family)}: "
                            f"run `python -m music_visual.features.stage {family}`")
        elif found != corpus_name:
            problems.append(f"{family} features were extracted from corpus {found!r}, not {corpus_name!r}: "
                            f"set features.corpus to {corpus_name!r} and rerun the feature stages")
    return problems


def run_family_here(family: str, corpus_name: str) -> dict:
    """Run one feature family over the corpus in this process (no dask cluster)."""
    from music_visual.corpus import load_corpus

    fam = FAMILIES[family]
    corpus = load_corpus(paths.corpus_dir(corpus_name), validate=False)
    units = family_units(fam, corpus.items, corpus.root)
    result = map_sharded(fam.worker, units, scheduler="synchronous", progress=False, desc=family,
                         **fam.worker_params({}))
    meta = {"family": family, "description": fam.description, "params": {}, "corpus": corpus_name,
            "built_by": "music_visual.experiments.vmnet_inputs (development fallback)"}
    return save_outputs(fam, units, result, paths.features_dir(family), meta)


def ensure_inputs(corpus_name: str, build_if_missing: bool, size: str = "tiny", seed: int = 0) -> list[str]:
    """Check the inputs; with ``build_if_missing`` build what is missing. Returns what was built.

    Raises :class:`StudyError` listing the problems when inputs are missing and
    ``build_if_missing`` is False (the DVC run: the earlier stages must provide them).
    """
    problems = check_inputs(corpus_name)
    if not problems:
        return []
    if not build_if_missing:
        raise StudyError("VM-NET inputs missing:\n  " + "\n  ".join(problems))
    built = []
    if not (paths.corpus_dir(corpus_name) / "manifest.json").is_file():
        build_corpus("world", paths.corpus_dir(corpus_name), seed=seed, size=size)
        built.append(f"corpus {corpus_name} (world, size {size}, seed {seed})")
    for family in VMNET_FAMILIES:
        if _features_corpus(family) != corpus_name:
            summary = run_family_here(family, corpus_name)
            built.append(f"{family}: {summary['n_ok']}/{summary['n_items']} items")
    return built
