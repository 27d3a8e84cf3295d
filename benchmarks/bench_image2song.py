"""Speed of Image2song's lyric models: training steps and exact pairwise gallery scoring, on random inputs.

    python benchmarks/bench_image2song.py                   # CPU, 1 thread
    python benchmarks/bench_image2song.py --device cuda

Prints, for "Our" (no attention), "Our-attention" and the Attentive Reader at the study's widths (BiLSTM 32 per
direction, state 64, head 128, 1023 tags, lyrics of 40 words): training steps per second on batches of 20 songs x
5 images, and the time to score 1,800 query images against a gallery of 600 songs (1.08 M pairs: the D_b test)
with the exact pairwise cosine; and the padded BiLSTM against a packed one (the choice in ``model.LyricLSTM``).
"""

from __future__ import annotations

import argparse
import time

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from music_visual.device import describe_device, get_device
from music_visual.papers.image2song.model import AttentiveReader, Batch, Image2SongNet
from music_visual.papers.image2song.objective import mse_loss


def songs(n: int, length: int, vocab: int, device) -> Batch:
    lengths = torch.randint(length // 2, length + 1, (n,), device=device)
    ids = torch.randint(1, vocab, (n, length), device=device) * (torch.arange(length, device=device) < lengths[:, None])
    return Batch(ids=ids, lengths=lengths, mood=torch.randn(n, 51, device=device))


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--device", default="cpu")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=60)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    device = get_device(args.device)
    print("device:", describe_device(device), f"| threads {args.threads}")
    emb = torch.randn(120, 50)
    models = {"ours": Image2SongNet(emb, 1023, 32, 64, 128, 0.2, attention=False, mood=False),
              "ours_attention": Image2SongNet(emb, 1023, 32, 64, 128, 0.2, attention=True, mood=False),
              "attentive_reader": AttentiveReader(emb, 1023, 32, 64, 128, 0.2)}
    for name, model in models.items():
        model.to(device)
        opt = torch.optim.RMSprop(model.parameters(), lr=1e-3)
        batch, pairs = songs(20, 40, 120, device), torch.arange(20, device=device).repeat_interleave(5)
        v, q = torch.rand(100, 1023, device=device), torch.randn(100, 50, device=device)
        start = time.perf_counter()
        for _ in range(args.steps):
            opt.zero_grad()
            mse_loss(model.predict(batch, pairs, q), v).backward()
            opt.step()
        steps = args.steps / (time.perf_counter() - start)
        model.eval()
        gallery, v_all, q_all = songs(600, 40, 120, device), torch.rand(1800, 1023, device=device), torch.randn(1800, 50, device=device)
        start = time.perf_counter()
        with torch.no_grad():
            for i in range(0, 1800, 256):
                model.scores(gallery, v_all[i:i + 256], q_all[i:i + 256])
        print(f"{name:17s} {steps:6.1f} training steps/s | 1,800 x 600 gallery scored in {time.perf_counter() - start:5.2f} s")
    lstm = torch.nn.LSTM(50, 32, batch_first=True, bidirectional=True)
    x, lengths = torch.randn(20, 40, 50), torch.randint(20, 41, (20,))
    for label, fn in (("packed", lambda: pad_packed_sequence(lstm(pack_padded_sequence(x, lengths, batch_first=True,
                                                                                     enforce_sorted=False))[0],
                                                           batch_first=True)[0]),
                      ("padded", lambda: models["ours"].lstm(torch.randint(1, 120, (20, 40)), lengths)[1])):
        start = time.perf_counter()
        for _ in range(30):
            fn().sum().backward()
        print(f"BiLSTM {label}: {1000 * (time.perf_counter() - start) / 30:.1f} ms per forward+backward of 20 lyrics")


if __name__ == "__main__":
    main()
