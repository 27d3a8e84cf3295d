"""Speed of the MusiCNN port on CPU: patches per second against the batch size, one torch thread.

    python benchmarks/bench_musicnn.py [--patches 60] [--threads 1]

Feeds random log-mel patches (187 frames x 96 bands, 3 s each) to ``musicnn_predict`` (MSD_musicnn) at
batch sizes 1..32 and prints patches per second (best of three rounds). The feature family runs one song at a
time per dask worker, so its ``batch_size`` is the number of a song's patches per forward pass.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from music_visual.features.audio_musicnn import PATCH_FRAMES, musicnn_predict


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--patches", type=int, default=60)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    patches = np.random.default_rng(0).normal(0.0, 1.0, (args.patches, PATCH_FRAMES, 96)).astype(np.float32)
    musicnn_predict(patches[:2])  # load the checkpoint once
    print(f"MSD_musicnn, {args.patches} patches, {args.threads} thread(s)")
    for batch in (1, 2, 4, 8, 16, 32):
        rates = []
        for _ in range(3):
            started = time.perf_counter()
            musicnn_predict(patches, batch_size=batch)
            rates.append(args.patches / (time.perf_counter() - started))
        print(f"batch {batch:3d}: {max(rates):6.1f} patches/s")


if __name__ == "__main__":
    main()
