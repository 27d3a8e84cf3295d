"""Time MR-CCA at the paper's sizes: DtRT, CCA, R-CCA, MR-CCA, and local vs global references.

Not a test: it prints wall-clock timings. The data are random features of the paper's shapes
(20,000 training segments, 133-d music = 33-d "ENS" (euclidean) + 100-d semantic posteriors
(hellinger); 2,596-d image = 1,000-d colour + 1,000-d shape histograms (hellinger) + 596-d
texture (euclidean)), with 10 planted music clusters so that the normalised cut has
something to find, and one preference pair (true image vs a random image) for half of the
training segments, as in the paper. Runs:

1. K = 10, 1/d = 1/6, local references: every training stage and each method's training
   time, plus scoring the 2,632 held-out segments with every method;
2. Table 1's setting, K = 10, 1/d = 1/10: local vs global references (the clustering of run 1
   is reused, so the figures exclude it; its time is printed in run 1).

BLAS runs on ``--blas-threads`` threads (default 1: on a shared machine extra threads slow
small matrix products down by orders of magnitude).

    .venv/bin/python benchmarks/bench_mrcca.py            # paper sizes: ~5 min on 2 shared cores
    .venv/bin/python benchmarks/bench_mrcca.py --quick    # 2,000 segments, seconds
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

from music_visual.papers.mrcca.model import (FeatureType, MrccaConfig, PreferencePairs, fit_mrcca,
                                       score_pairs_all_methods, training_time_s)

MUSIC_TYPES = (FeatureType("ens", 0, 33), FeatureType("semantic", 33, 133, "hellinger"))
IMAGE_TYPES = (FeatureType("colour", 0, 1000, "hellinger"), FeatureType("shape", 1000, 2000, "hellinger"),
               FeatureType("texture", 2000, 2596))


def histogram_block(logits: np.ndarray) -> np.ndarray:
    """Rows that are probability vectors (softmax of ``logits``)."""
    weights = np.exp(logits - logits.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)


def paper_sized_pairs(n: int, n_clusters: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Music (n x 133) with planted clusters and images (n x 2596) sharing 8 latent factors."""
    cluster = rng.integers(n_clusters, size=n)
    latent = rng.standard_normal((n, 8))
    music_centres = 3.0 * rng.standard_normal((n_clusters, 133))
    music_raw = music_centres[cluster] + latent @ rng.standard_normal((8, 133))
    music_raw += rng.standard_normal((n, 133))
    music = np.hstack([music_raw[:, :33], histogram_block(music_raw[:, 33:] / 3.0)])
    image_raw = latent @ rng.standard_normal((8, 2596)) + 2.0 * rng.standard_normal((n, 2596))
    colour, shape = histogram_block(image_raw[:, :1000] / 3.0), histogram_block(image_raw[:, 1000:2000] / 3.0)
    images = np.hstack([colour, shape, image_raw[:, 2000:]])
    return music, images


def preferences_true_over_random(music, images, fraction, rng) -> PreferencePairs:
    """For a random ``fraction`` of the segments: the true image preferred over a random one."""
    rows = rng.choice(len(music), size=int(fraction * len(music)), replace=False)
    random_images = images[rng.permutation(len(images))[: len(rows)]]
    return PreferencePairs.same_music(music[rows], images[rows], random_images)


def report_fit(title: str, model) -> None:
    stages = "  ".join(f"{stage} {seconds:7.2f}s" for stage, seconds in model.timings_s.items())
    dims = sorted({d.n_references for d in model.dtrts})
    print(f"{title}\n  stages: {stages}\n  DtRT dimension per cluster: {dims[0]}..{dims[-1]}")
    for method in ("c-cca", "cr-cca", "mr-cca"):
        print(f"  training time {method:7s} {training_time_s(model, method):8.2f}s")


def run(args) -> None:
    rng = np.random.default_rng(args.seed)
    n_total = args.n_train + args.n_test
    print(f"{args.n_train:,} training + {args.n_test:,} test segments; music 133-d, image 2,596-d; "
          f"K = {args.clusters}; BLAS threads = {args.blas_threads}")
    music, images = paper_sized_pairs(n_total, args.clusters, rng)
    train, test = slice(0, args.n_train), slice(args.n_train, n_total)
    prefs = preferences_true_over_random(music[train], images[train], 0.5, rng)
    print(f"{len(prefs):,} training preference pairs")

    config = MrccaConfig(n_clusters=args.clusters, reference_fraction=1 / args.d)
    model = fit_mrcca(music[train], images[train], prefs, MUSIC_TYPES, IMAGE_TYPES, config, rng)
    report_fit(f"\n[1] local references, 1/d = 1/{args.d}", model)
    start = time.perf_counter()
    scores = score_pairs_all_methods(model, music[test], images[test])
    seconds = time.perf_counter() - start
    print(f"  scoring {args.n_test:,} test pairs with all {len(scores)} methods: {seconds:.2f}s")
    random_images = images[test][rng.permutation(args.n_test)]
    random_scores = score_pairs_all_methods(model, music[test], random_images)
    rates = "  ".join(f"{m} {np.mean(scores[m] > random_scores[m]):.3f}" for m in scores)
    print(f"  sanity: share of test pairs scored above (same music, random image): {rates}")

    print(f"\n[2] local vs global references, 1/d = 1/{args.table1_d}, clustering of [1] reused")
    training = {}
    for mode in ("local", "global"):
        config = MrccaConfig(n_clusters=args.clusters, reference_fraction=1 / args.table1_d,
                             reference_mode=mode)
        fitted = fit_mrcca(music[train], images[train], prefs, MUSIC_TYPES, IMAGE_TYPES, config, rng,
                           cluster_labels=model.labels)
        report_fit(f" {mode}:", fitted)
        training[mode] = training_time_s(fitted, "mr-cca")
    print(f"  global / local MR-CCA training time: {training['global'] / training['local']:.1f}x "
          f"(paper: 869.26 s / 46.40 s = 18.7x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n-train", type=int, default=20_000)
    parser.add_argument("--n-test", type=int, default=2_632)
    parser.add_argument("--clusters", type=int, default=10)
    parser.add_argument("--d", type=int, default=6, help="reference fraction 1/d of run 1")
    parser.add_argument("--table1-d", type=int, default=10, help="reference fraction 1/d of run 2")
    parser.add_argument("--blas-threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="2,000 + 400 segments")
    args = parser.parse_args()
    if args.quick:
        args.n_train, args.n_test = 2_000, 400
    with threadpool_limits(args.blas_threads):
        run(args)


if __name__ == "__main__":
    main()
