"""CPU cost of every feature family on a built corpus, and the whole extraction on idle cores.

For each family (``music_visual.features.families.FAMILIES``) the real worker
runs, in this process with numpy/BLAS/numba/onnxruntime pinned to one thread,
on ``--items`` of the corpus's items (evenly spaced through the table, after
one warm-up item). It prints CPU seconds per item (``time.process_time``,
which does not depend on what else runs on the machine), the family's item
count, and ``items x seconds / cores``: the wall time of the stage on
``--cores`` idle cores, the dask overhead left out. The sum is the whole
feature extraction of that corpus. Run from the repository root after the
corpus stage:

    .venv/bin/python benchmarks/bench_families.py                   # default corpus, 12 items each
    .venv/bin/python benchmarks/bench_families.py --families vmnet_audio cnn_frames --items 30

Compare with the ``seconds`` of ``reports/features/<family>.json`` (the stage's
wall time, dask included). Not a test.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_var] = "1"  # one thread per worker process, as the dask LocalCluster runs them

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402

from music_visual import paths  # noqa: E402
from music_visual.corpus.schema import load_corpus  # noqa: E402
from music_visual.features.families import FAMILIES, family_units  # noqa: E402
from music_visual.params import load_section  # noqa: E402


def family_cost(name: str, corpus, n_items: int) -> dict:
    """CPU seconds per item of one family's worker, on ``n_items`` evenly spaced items."""
    family = FAMILIES[name]
    units = family_units(family, corpus.items, corpus.root)
    params = family.worker_params(load_section(f"features.{name}"))
    worker = family.worker
    picks = np.unique(np.linspace(0, len(units) - 1, n_items + 1).round().astype(int))
    worker(units[picks[0]], **params)  # warm-up: numba compilation, ONNX session
    started = time.process_time()
    for i in picks[1:]:
        worker(units[i], **params)
    per_item = (time.process_time() - started) / max(len(picks) - 1, 1)
    return {"family": name, "items": len(units), "cpu_s_per_item": round(per_item, 4),
            "cpu_s": round(per_item * len(units), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=None, help="corpus name under data/processed/corpus (params.yaml's)")
    parser.add_argument("--families", nargs="+", default=list(FAMILIES))
    parser.add_argument("--items", type=int, default=12, help="items timed per family")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print one JSON line per family as well")
    args = parser.parse_args()
    name = args.corpus or load_section("corpus")["corpus_name"]
    corpus = load_corpus(paths.corpus_dir(name), validate=False)
    warnings.filterwarnings("ignore")
    print(f"corpus {name!r}, {args.items} items per family, 1 thread, estimate on {args.cores} idle cores")
    print(f"{'family':20s} {'items':>6s} {'CPU s/item':>11s} {'CPU s':>8s} {'wall s':>8s}")
    total = 0.0
    for family in args.families:
        row = family_cost(family, corpus, args.items)
        wall = row["cpu_s"] / args.cores
        total += wall
        print(f"{family:20s} {row['items']:6d} {row['cpu_s_per_item']:11.4f} {row['cpu_s']:8.0f} {wall:8.0f}")
        if args.json:
            print(json.dumps(row | {"wall_s_on_idle_cores": round(wall, 1), "cores": args.cores}))
    print(f"{'whole extraction':20s} {'':6s} {'':11s} {'':8s} {total:8.0f}  ({total / 60:.1f} min)")


if __name__ == "__main__":
    main()
