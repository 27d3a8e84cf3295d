"""Time the retrieval metrics on a 1,000 x 1,000 and a 1,000-query x 200,000-gallery similarity.

Not a test: it prints wall-clock timings (best of ``--repeats``) and the
metric values, so that a reader can check that evaluating a large gallery
stays cheap next to computing the embeddings. The similarity is the dot
product of random 64-d embeddings where each query is a noisy copy of its
true gallery item; it is computed in query blocks into one float32 array
and the metrics process the queries in blocks of ``--block-size``.

    .venv/bin/python benchmarks/bench_metrics.py
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from music_visual.metrics import mean_average_precision, precision_recall_curve, retrieval_metrics

KS = (1, 10, 25)


def make_similarity(n_queries: int, n_gallery: int, dim: int, block: int, rng: np.random.Generator):
    """Noisy-copy embeddings -> (float32 similarity computed in query blocks, targets)."""
    gallery = rng.standard_normal((n_gallery, dim), dtype=np.float32)
    targets = rng.integers(0, n_gallery, size=n_queries)
    queries = gallery[targets] + 1.5 * rng.standard_normal((n_queries, dim), dtype=np.float32)
    similarity = np.empty((n_queries, n_gallery), dtype=np.float32)
    for start in range(0, n_queries, block):
        similarity[start:start + block] = queries[start:start + block] @ gallery.T
    return similarity, targets


def best_time(function, repeats: int):
    """(best wall-clock seconds over ``repeats`` calls, last result)."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def bench(n_queries: int, n_gallery: int, args, rng: np.random.Generator) -> None:
    seconds, (similarity, targets) = best_time(
        lambda: make_similarity(n_queries, n_gallery, args.dim, args.block_size, rng), 1
    )
    print(f"\n{n_queries:,} queries x {n_gallery:,} gallery (float32, {similarity.nbytes / 2**20:,.0f} MiB)")
    print(f"  {'similarity (query blocks of ' + str(args.block_size) + ')':<38}{seconds:8.3f} s")
    for ties in ("expected", "optimistic"):
        seconds, metrics = best_time(
            lambda: retrieval_metrics(similarity, targets, ks=KS, ties=ties, block_size=args.block_size),
            args.repeats,
        )
        values = ", ".join(f"{key}={value:.4f}" for key, value in metrics.items())
        print(f"  {'retrieval_metrics(ties=' + repr(ties) + ')':<38}{seconds:8.3f} s  [{values}]")
    if n_gallery <= 10_000:
        seconds, value = best_time(lambda: mean_average_precision(similarity, targets), args.repeats)
        print(f"  {'mean_average_precision':<38}{seconds:8.3f} s  [map={value:.4f}]")
        seconds, _ = best_time(lambda: precision_recall_curve(similarity, targets), args.repeats)
        print(f"  {'precision_recall_curve':<38}{seconds:8.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--block-size", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--large-gallery", type=int, default=200_000)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    bench(1_000, 1_000, args, rng)
    bench(1_000, args.large_gallery, args, rng)


if __name__ == "__main__":
    main()
