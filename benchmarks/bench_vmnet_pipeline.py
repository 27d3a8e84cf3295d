"""What one VM-NET study run costs on this machine, on random features of the default corpus's size.

    python benchmarks/bench_vmnet_pipeline.py                  # 1,400 / 200 / 400 pairs, 1 seed
    python benchmarks/bench_vmnet_pipeline.py --train 200000 --device cuda

Times (1) one training epoch of the paper's network and of the default run's
narrower one (``params.yaml`` ``vmnet.train``: hidden 256/128/128, 128-d), (2) the
linear baselines' fits at ``--components`` components and (3) scoring one run on
the test gallery (Recall@K both directions, machine GR, Recall@K curve), then
prints the estimated time of the default sweep: 13 networks x 3 seeds x
``--epochs`` epochs + the linear fits once.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from music_visual.papers.vmnet.methods import RunSettings, table_iii_methods
from music_visual.papers.vmnet.eval import gallery_metrics, recall_curve
from music_visual.papers.vmnet.runner import VMNetData, fit_decomposition, train_neural


def random_data(n_train: int, n_val: int, n_test: int, seed: int = 0) -> VMNetData:
    rng = np.random.default_rng(seed)
    draw = lambda n, d: rng.normal(size=(n, d)).astype(np.float32)  # noqa: E731
    import pandas as pd

    return VMNetData(draw(n_train, 1024), draw(n_train, 1140), draw(n_val, 1024), draw(n_val, 1140),
                     draw(n_test, 1024), draw(n_test, 1140), pd.DataFrame({"in_gallery": [True] * n_test}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=int, default=1400)
    parser.add_argument("--val", type=int, default=200)
    parser.add_argument("--test", type=int, default=400)
    parser.add_argument("--components", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=8, help="expected epochs per run (early stopping)")
    parser.add_argument("--device", default="auto")
    args = parser.parse_args()
    data = random_data(args.train, args.val, args.test)
    specs = {s.name: s for s in table_iii_methods()}
    settings = {"default run (256/128/128, 128-d)": RunSettings(batch_size=128, max_epochs=1, patience=1,
                                                                hidden_widths=(256, 128, 128, 128), embed_dim=128,
                                                                device=args.device),
                "paper network (2048/1024/1024, 512-d)": RunSettings(batch_size=128, max_epochs=1, patience=1,
                                                                     device=args.device)}
    epoch = {}
    for name, s in settings.items():
        out = train_neural(specs["nonlinear_inter_soft_intra"], s, data, seed=0)
        epoch[name] = out.info["seconds"]
        print(f"one epoch of {args.train} pairs + validation, {name}: {epoch[name]:.2f} s")
    linear = 0.0
    for method in ("pca", "plssvd", "plsca", "cca"):
        s = RunSettings(linear_components=args.components)
        started = time.perf_counter()
        fit_decomposition(specs[method], s, data)
        linear += time.perf_counter() - started
        print(f"{method} fit ({args.components} components): {time.perf_counter() - started:.2f} s")
    sim = np.random.default_rng(1).normal(size=(args.test, args.test))
    started = time.perf_counter()
    gallery_metrics(sim), recall_curve(sim)
    scoring = time.perf_counter() - started
    print(f"scoring one run on {args.test} pairs: {scoring:.2f} s")
    runs = 13 * 3
    total = runs * (args.epochs * epoch["default run (256/128/128, 128-d)"] + scoring) + linear
    print(f"estimated default sweep: {runs} trainings x {args.epochs} epochs + linear fits = {total / 60:.1f} min")


if __name__ == "__main__":
    main()
