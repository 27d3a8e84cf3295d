"""Steps per second of every VM-NET method at the default settings, and the cost of one default run.

    python benchmarks/bench_vmnet_pipeline.py            # random features of the default corpus's shape
    python benchmarks/bench_vmnet_pipeline.py --steps 100 --device cuda

For each network of Table III (and the two-tower) at ``params.yaml``'s ``vmnet.train`` settings
(batch 512 at most half of 1,407 pairs, hidden widths, top-K share, the larger embedding of the
tuning grid): optimisation steps per second over ``--steps`` timed steps after a warm-up, and the
time of one validation evaluation (batch-norm recalibration on the training set + scoring 191
pairs). A run to a plateau takes (best step + patience) steps; 03_train's ``training_history.csv``
has the real step counts.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
import torch

from music_visual.device import describe_device, get_device
from music_visual.papers.vmnet.methods import table_iii_methods
from music_visual.papers.vmnet.runner import VMNetData, build_neural, train_config
from music_visual.papers.vmnet.settings import RunSettings
from music_visual.params import load_params
from music_visual.seeding import torch_generator
from music_visual.training.batch_norm import recalibrate_batch_norm
from music_visual.training.embedding_trainer import batch_stream, run_steps, validation_scores


def random_data(n_train: int, n_val: int, n_test: int) -> VMNetData:
    rng = np.random.default_rng(0)
    draw = lambda n, d: rng.normal(size=(n, d)).astype(np.float32)  # noqa: E731
    return VMNetData(draw(n_train, 1024), draw(n_train, 1140), draw(n_val, 1024), draw(n_val, 1140),
                     draw(n_test, 1024), draw(n_test, 1140), pd.DataFrame({"in_gallery": [True] * n_test}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=int, default=1407)
    parser.add_argument("--val", type=int, default=191)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    settings = RunSettings.from_params(load_params()["vmnet"]["train"], device=args.device)
    device = get_device(args.device)
    data = random_data(args.train, args.val, 402)
    point = {"embed_dim": max(settings.grid.get("embed_dim", [settings.embed_dim])), "dropout": 0.1}
    config = train_config(settings, args.train, 0)
    tv, tm = (torch.as_tensor(x).to(device) for x in (data.train_video, data.train_music))
    vv, vm = (torch.as_tensor(x).to(device) for x in (data.val_video, data.val_music))
    print(f"device: {describe_device(device)}; torch {torch.__version__}; threads {torch.get_num_threads()}; "
          f"batch {config.batch_size}")
    for spec in table_iii_methods():
        if spec.kind == "decomposition":
            continue
        model, objective = build_neural(spec, settings, data, 0, point)
        model.to(device)
        optimizer = torch.optim.Adam(model.parameters(), lr=settings.learning_rate)
        batches = batch_stream(args.train, config.batch_size, torch_generator(0))
        run_steps(model, objective, optimizer, tv, tm, batches, 0, 5, 10)
        started = time.perf_counter()
        run_steps(model, objective, optimizer, tv, tm, batches, 0, args.steps, 10)
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        per_step = (time.perf_counter() - started) / args.steps
        started = time.perf_counter()
        recalibrate_batch_norm(model, tv, tm)
        validation_scores(model, vv, vm)
        evaluation = time.perf_counter() - started
        print(f"{spec.name:34s} {1 / per_step:6.1f} steps/s ({1000 * per_step:5.1f} ms/step); "
              f"one evaluation {1000 * evaluation:5.1f} ms")


if __name__ == "__main__":
    main()
