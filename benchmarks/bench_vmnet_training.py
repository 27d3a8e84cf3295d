"""Speed of VM-NET training and of blockwise test retrieval, on random features.

    python benchmarks/bench_vmnet_training.py                      # CPU, 20,000 pairs, 1 thread
    python benchmarks/bench_vmnet_training.py --pairs 200000 --device cuda

Prints, for the paper's network and loss (video 1024 -> 2048 -> 512, music
1140 -> 2048 -> 1024 -> 512, ReLU, batch 2000 (the paper), top-K 100, soft structure loss on
100 anchors, Adam 3e-4):

* training throughput in pairs/s and the time of one epoch over ``--pairs``
  random pairs (after ``--warmup`` untimed steps);
* the time to rank 1,000 queries' true items in a 200,000-item gallery and to
  find their top 25, in blocks (``--gallery-block`` items at a time), never
  holding the full 1,000 x 200,000 similarity matrix.
"""

from __future__ import annotations

import argparse
import time

import torch

from music_visual.device import describe_device, get_device
from music_visual.papers.vmnet.model import VMNet, VMNetConfig
from music_visual.training.embedding_trainer import TrainConfig, epoch_batches, run_steps
from music_visual.papers.vmnet.objective import VMNetLossConfig, VMNetObjective
from music_visual.training.retrieval import blockwise_top_k, true_item_ranks


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def timed(device: torch.device, fn, *args, **kwargs):
    """Run ``fn`` and return ``(result, seconds)`` with the device synchronised."""
    synchronize(device)
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    synchronize(device)
    return result, time.perf_counter() - start


def random_pairs(n: int, config: VMNetConfig, device: torch.device, generator: torch.Generator):
    video = torch.randn(n, config.video_dim, generator=generator).to(device)
    music = torch.randn(n, config.music_dim, generator=generator).to(device)
    return video, music


def bench_training(args, device: torch.device) -> dict[str, float]:
    gen = torch.Generator().manual_seed(args.seed)
    config = VMNetConfig()
    model = VMNet(config, generator=gen).to(device)
    objective = VMNetObjective(VMNetLossConfig())
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-4)
    video, music = random_pairs(args.pairs, config, device, gen)
    warm = epoch_batches(args.pairs, args.batch_size, gen)[: args.warmup]
    run_steps(model, objective, optimizer, video, music, iter(warm), 0, len(warm), 1)
    batches = epoch_batches(args.pairs, args.batch_size, gen)
    _, seconds = timed(device, run_steps, model, objective, optimizer, video, music, iter(batches), 0,
                       len(batches), 1)
    used = sum(len(b) for b in batches)
    return {"pairs": used, "epoch_seconds": seconds, "pairs_per_second": used / seconds}


def bench_retrieval(args, device: torch.device) -> dict[str, float]:
    gen = torch.Generator().manual_seed(args.seed + 1)
    gallery = torch.nn.functional.normalize(torch.randn(args.gallery, 512, generator=gen), dim=1).to(device)
    queries = torch.nn.functional.normalize(torch.randn(args.queries, 512, generator=gen), dim=1).to(device)
    targets = torch.randint(0, args.gallery, (args.queries,), generator=gen).to(device)
    ranks, rank_seconds = timed(device, true_item_ranks, queries, gallery, targets,
                                gallery_block=args.gallery_block)
    _, topk_seconds = timed(device, blockwise_top_k, queries, gallery, 25, gallery_block=args.gallery_block)
    rows = min(args.queries, 1024)  # DEFAULT_QUERY_BLOCK
    block_mb = 4 * rows * (args.gallery_block + rows) / 2**20
    return {"rank_seconds": rank_seconds, "top25_seconds": topk_seconds, "block_mb": block_mb,
            "median_rank": float(ranks.float().median())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=20_000, help="pairs in the timed epoch (200000 on a GPU)")
    parser.add_argument("--batch-size", type=int, default=2000, help="the paper's 2,000")
    parser.add_argument("--warmup", type=int, default=2, help="untimed steps first")
    parser.add_argument("--gallery", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--gallery-block", type=int, default=16_384)
    parser.add_argument("--device", default="auto", help="auto, cpu or cuda")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads (torch.set_num_threads)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    device = get_device(args.device)
    print(f"device: {describe_device(device)}; torch {torch.__version__}")
    train = bench_training(args, device)
    print(f"training : {train['pairs_per_second']:,.0f} pairs/s; one epoch of {train['pairs']:,} pairs "
          f"in {train['epoch_seconds']:.2f} s (batch {args.batch_size}, inter + soft intra, top-K 100)")
    found = bench_retrieval(args, device)
    print(f"retrieval: {args.queries:,} queries x {args.gallery:,} gallery: true-item ranks "
          f"{found['rank_seconds']:.2f} s, top-25 {found['top25_seconds']:.2f} s "
          f"(blocks of {found['block_mb']:.0f} MB; random median rank {found['median_rank']:,.0f})")


if __name__ == "__main__":
    main()
