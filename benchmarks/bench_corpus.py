"""Time the corpus build: tiny and default sizes, and seconds per minute of rendered audio.

    python benchmarks/bench_corpus.py                 # tiny and default
    python benchmarks/bench_corpus.py --sizes tiny    # only tiny

Assets (Debian packages, picture bank, parsed compositions) are prepared first and
timed separately: the one-time download is not part of the build time. Corpora go
to a temporary folder (``--out`` to keep them). Besides wall time it prints the CPU
seconds of the build (this process and its workers), which do not depend on what
else runs on the machine: ``cpu_seconds / cores`` is the wall time on idle cores.
``--scale 0.1`` builds a tenth of each preset for a quick estimate. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from music_visual.corpus import build_corpus, world_params
from music_visual.corpus.assets import build_asset_bank, image_catalog
from music_visual.corpus.world.compositions import load_composition_pool
from music_visual.corpus.world.visuals import canvas_size
from music_visual.paths import raw_dir


def prepare_assets(size: str, cache: Path) -> float:
    started = time.perf_counter()
    params = world_params(size)
    catalog, _, warnings = image_catalog(cache, params.use_debian_assets)
    canvas = canvas_size(params.width, params.height)
    build_asset_bank(catalog, canvas, min(canvas), cache)
    load_composition_pool(params.n_compositions, cache)
    for warning in warnings:
        print("warning:", warning)
    return time.perf_counter() - started


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bench(size: str, out_root: Path, cache: Path, workers: int, scale: float) -> dict:
    """Build one size; ``scale`` < 1 builds that share of the preset's units (for a quick estimate)."""
    prep = prepare_assets(size, cache)
    preset = world_params(size)
    counts = {k: max(1, round(getattr(preset, k) * scale)) for k in ("n_videos", "n_songs", "n_images")}
    started, cpu = time.perf_counter(), _cpu_seconds()
    corpus = build_corpus("world", out_root / size, size=size, seed=0, workers=workers, asset_cache=cache, **counts)
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    audio_minutes = corpus.manifest["audio_seconds"] / 60.0
    return {"size": size, "scale": scale, **counts, "asset_prep_seconds": round(prep, 1),
            "build_seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
            "workers": workers or os.cpu_count(), "audio_minutes": round(audio_minutes, 1),
            "seconds_per_audio_minute": round(seconds / audio_minutes, 3),
            "cpu_seconds_per_audio_minute": round(cpu / audio_minutes, 3),
            "items": corpus.manifest["counts"]["items"], "skipped": corpus.manifest["counts"]["skipped_total"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["tiny", "default"])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None, help="asset cache (default: data/raw/corpus_assets)")
    parser.add_argument("--workers", type=int, default=0, help="0 = all cores")
    parser.add_argument("--scale", type=float, default=1.0, help="share of each preset's units to build")
    args = parser.parse_args()
    cache = args.cache or raw_dir() / "corpus_assets"
    with tempfile.TemporaryDirectory(prefix="bench_corpus_") as tmp:
        out_root = args.out or Path(tmp)
        for size in args.sizes:
            print(json.dumps(bench(size, out_root, cache, args.workers, args.scale)), flush=True)


if __name__ == "__main__":
    main()
