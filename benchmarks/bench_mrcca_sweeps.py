"""Time the MR-CCA sweeps (Fig. 2A, Fig. 2B, Table 1, human-labelled subset, K = 1) per repeat.

Not a test: it prints wall-clock timings. With the pipeline's outputs present
(``data/processed/mrcca/dataset/comparisons.parquet`` and ``.../features/features.npz``, i.e.
after ``dvc repro mrcca_02_features``) it times the real data; otherwise, or with
``--synthetic``, random features of the default corpus's shape (2,000 songs x 4 segments, 5
key frames per song: 8,000 segments, 10,000 pairs; 133-d music, 2,596-d images).

    .venv/bin/python benchmarks/bench_mrcca_sweeps.py                # the default sweeps
    .venv/bin/python benchmarks/bench_mrcca_sweeps.py --repeats 1    # one repeat
    .venv/bin/python benchmarks/bench_mrcca_sweeps.py --paper        # the paper's full grid
    .venv/bin/python benchmarks/bench_mrcca_sweeps.py --jobs 1       # one process (the serial baseline)
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from music_visual import paths
from music_visual.papers.mrcca.data import simulate_comparisons
from music_visual.papers.mrcca.runner import SweepSettings, mrcca_data, paper_settings, run_sweeps
from music_visual.papers.mrcca.features import read_sweep_inputs


def synthetic_data(n_songs: int, segments: int = 4, key_frames: int = 5, seed: int = 0):
    """Music segments and key frames sharing 6 latent factors per song (non-negative images)."""
    rng = np.random.default_rng(seed)
    latent = rng.standard_normal((n_songs, 6))
    segment_song = np.repeat(np.arange(n_songs), segments)
    music = np.hstack([latent[segment_song] @ rng.standard_normal((6, 89)) + rng.standard_normal((len(segment_song), 89)),
                       rng.dirichlet(np.ones(44), size=len(segment_song))])
    image_song = np.repeat(np.arange(n_songs), key_frames)
    images = np.abs(0.3 * latent[image_song] @ rng.standard_normal((6, 2596))
                    + rng.standard_normal((len(image_song), 2596))) / 10
    segment = image_song * segments + (np.arange(len(image_song)) % key_frames) * segments // key_frames
    pairs = pd.DataFrame({"song_id": [f"s{s}" for s in image_song], "image_id": [f"i{i}" for i in range(len(image_song))],
                          "segment_id": [f"g{s}" for s in segment]})
    comparisons = simulate_comparisons(pairs, rng)
    return mrcca_data(comparisons, [f"g{i}" for i in range(len(segment_song))], music,
                      [f"i{i}" for i in range(len(image_song))], images)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic", action="store_true")
    parser.add_argument("--songs", type=int, default=2000, help="synthetic songs")
    parser.add_argument("--repeats", type=int, default=None, help="override the number of repeats")
    parser.add_argument("--paper", action="store_true", help="K = 3..20, d = 2..20, 10 repeats")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (0 = every core; default: the settings)")
    args = parser.parse_args()
    dataset = paths.processed_dir() / "mrcca"
    if args.synthetic or not (dataset / "features" / "features.npz").is_file():
        data, source = synthetic_data(args.songs), f"synthetic ({args.songs} songs)"
    else:
        _, data = read_sweep_inputs(dataset / "dataset", dataset / "features" / "features.npz")
        source = str(dataset)
    settings = paper_settings() if args.paper else SweepSettings()
    if args.repeats:
        settings = SweepSettings(**{**settings.__dict__, "n_repeats": args.repeats})
    if args.jobs is not None:
        settings = SweepSettings(**{**settings.__dict__, "n_jobs": args.jobs})
    print(f"data: {source}: {len(data.music):,} segments, {len(data.pair_segment):,} pairs; "
          f"{len(settings.fits())} fits per repeat, {settings.n_repeats} repeats, BLAS threads {settings.blas_threads}")
    started = time.perf_counter()
    runs = run_sweeps(data, settings)
    total = time.perf_counter() - started
    groups = pd.DataFrame(runs.attrs["group_seconds"])
    print(f"{len(groups)} (repeat, K) groups on {runs.attrs['n_jobs']} processes; group seconds by K:")
    print(groups.groupby("n_clusters")["seconds"].agg(["mean", "sum"]).round(1).to_string())
    fits = runs[runs["method"] == "mrcca"]
    unique = fits.drop_duplicates(["repeat", "n_clusters", "d", "reference_mode"])
    sweeps = fits[fits["experiment"].isin(["fig2a", "fig2b"])].drop_duplicates(["repeat", "n_clusters", "d", "reference_mode"])
    print(f"total {total:.1f} s ({total / settings.n_repeats:.1f} s per repeat); the two sweeps (Fig. 2A + 2B): "
          f"{sweeps['fit_wall_s'].sum():.1f} s; all fits {unique['fit_wall_s'].sum():.1f} s")
    print("mean wall time per fit (fit + scoring) and MR-CCA training time, by experiment:")
    print(fits.groupby("experiment")[["fit_wall_s", "train_time_s"]].mean().round(2).to_string())


if __name__ == "__main__":
    main()
