"""One feature family as a DVC stage.

    python -m music_visual.features.stage FAMILY

Reads ``params.yaml``'s ``corpus.corpus_name`` (which corpus), the shared
settings of the ``features`` section (``scheduler``, ``n_workers``,
``shard_size``, ``max_failure_share``) and ``features.FAMILY`` (the
extractor's parameters), runs the family's worker over its corpus items on
dask (:mod:`music_visual.features.sharding`) with a progress bar, and writes

* ``data/processed/features/FAMILY/<output>/`` (see :mod:`music_visual.features.store`),
* ``reports/features/FAMILY.json``: items, failures, flag counts, seconds, items/s.

An item that cannot be decoded is named in ``failures.csv`` and counted; the
stage fails if more than ``max_failure_share`` of the items fail.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from music_visual import paths
from music_visual.corpus.schema import load_corpus
from music_visual.errors import StudyError
from music_visual.features.store import save_feature_table
from music_visual.features.families import FAMILIES, Family, family_units, stage_imports  # noqa: F401
from music_visual.params import load_section
from music_visual.features.sharding import map_sharded

SHARED_KEYS = ("scheduler", "n_workers", "shard_size", "max_failure_share")


def save_outputs(family: Family, units: list[dict], result, out_root, meta: dict) -> dict:
    """Save each output of the family by item id; returns the stage's summary."""
    ok = [(u["item_id"], r) for u, r in zip(units, result.results) if r is not None]
    failures = [(units[i]["item_id"], reason) for i, reason in result.failures]
    names = sorted(ok[0][1][0]) if ok else []
    for name in names:
        save_feature_table(out_root / name, [i for i, _ in ok], [r[0][name] for _, r in ok],
                           flags=[r[1] for _, r in ok], meta={**meta, "output": name}, failures=failures)
    flag_counts: dict[str, int] = {}
    for _, (_, flags) in ok:
        for k, v in flags.items():
            flag_counts[k] = flag_counts.get(k, 0) + int(bool(v))
    return {"n_items": len(units), "n_ok": len(ok), "n_failed": len(failures), "outputs": names,
            "flagged": flag_counts, "failures": [{"item_id": i, "reason": r} for i, r in failures[:50]]}


def run_family(name: str) -> dict:
    if name not in FAMILIES:
        raise StudyError(f"unknown feature family {name!r}; known: {', '.join(FAMILIES)}")
    family, shared = FAMILIES[name], load_section("features")
    params = load_section(f"features.{name}")
    corpus_name = load_section("corpus")["corpus_name"]
    corpus = load_corpus(paths.corpus_dir(corpus_name), validate=False)
    units = family_units(family, corpus.items, corpus.root)
    if not units:
        raise StudyError(f"corpus {corpus_name!r} has no {family.kind} items for family {name}")
    started = time.perf_counter()
    result = map_sharded(family.worker, units, scheduler=shared.get("scheduler") or None,
                         n_workers=shared.get("n_workers") or None, shard_size=shared.get("shard_size", 8),
                         desc=name, **family.worker_params(params))
    seconds = time.perf_counter() - started
    meta = {"family": name, "description": family.description, "params": params, "corpus": corpus_name,
            **family.extra_meta(params)}
    summary = save_outputs(family, units, result, paths.features_dir(name), meta)
    summary |= {"family": name, "seconds": round(seconds, 2), "items_per_second": round(len(units) / seconds, 2)}
    if summary["n_failed"] > shared.get("max_failure_share", 0.05) * len(units):
        raise StudyError(f"{summary['n_failed']} of {len(units)} items failed in {name} "
                         f"(see {paths.features_dir(name)}/*/failures.csv)")
    report = paths.ensure_dir(paths.reports_dir("features")) / f"{name}.json"
    report.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m music_visual.features.stage", description=__doc__.split("\n\n")[0])
    parser.add_argument("family", help=f"one of: {', '.join(FAMILIES)}")
    args = parser.parse_args(argv)
    try:
        summary = run_family(args.family)
    except (StudyError, paths.NotInRepositoryError) as exc:
        print(f"features.stage: error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.family}: {summary['n_ok']}/{summary['n_items']} items in {summary['seconds']} s "
          f"({summary['items_per_second']} items/s), {summary['n_failed']} failed, flagged {summary['flagged']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
