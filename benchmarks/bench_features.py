"""Speed and agreement of the feature extractors (issue 4's speed figures).

Prints:
1. VM-NET audio features, x real time per core (numpy/BLAS/numba pinned to one
   thread), with and without decoding + resampling; target >= 60x;
2. the same 20 clips through our extractor and through
   ``vmnet_reference_port.py`` (a straight per-file port of the public code,
   with the two bug fixes applied so that only implementation choices differ):
   max abs / scale-relative difference per feature block, and the speed ratio;
   also with ``VmnetAudioConfig(cens_source="cqt", mfcc_source="stft2048")``
   (the old code's CENS and MFCC paths) to show the numbers agree everywhere;
3. CNN frame features with onnxruntime on ``--threads`` threads (target >= 40
   frames/s on 2 cores), with and without preprocessing, and eager torch;
4. seconds per item of the other extractors, and the arithmetic for the
   default corpus (``--videos`` x 30 s, frames at ``--fps``) on ``--cores`` cores.

The clips are synthetic "songs" (chords with harmonics, a bass line, noise
drums at a random tempo; seeded), written as 22.05 kHz wav files and decoded
like corpus files. Run from the repository root:

    .venv/bin/python benchmarks/bench_features.py            # ~3-4 min on 2 busy cores
    .venv/bin/python benchmarks/bench_features.py --clips 5  # quicker
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ[_var] = "1"  # "per core": set before numpy/numba are imported

import argparse  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import soundfile as sf  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import vmnet_reference_port  # noqa: E402

from music_visual.features import audio_vmnet  # noqa: E402
from music_visual.features.audio_io import load_audio  # noqa: E402

SR_FILE, SR = 22050, 12000


def synthetic_song(rng: np.random.Generator, duration_s: float, sr: int = SR_FILE) -> np.ndarray:
    """Chords (4 harmonics) + bass + noise drums at a random tempo; peak-normalised to 0.8."""
    n = int(duration_s * sr)
    t = np.arange(n) / sr
    bpm = rng.uniform(70, 160)
    beat = 60.0 / bpm
    root = 220.0 * 2 ** (rng.integers(0, 12) / 12)
    y = np.zeros(n)
    for bar_start in np.arange(0.0, duration_s, 4 * beat):
        degree = rng.choice([0, 5, 7, 9])
        mask = (t >= bar_start) & (t < bar_start + 4 * beat)
        for interval in (0, 4 if rng.random() < 0.6 else 3, 7):
            f = root * 2 ** ((degree + interval) / 12)
            y[mask] += sum(0.15 / h * np.sin(2 * np.pi * f * h * t[mask]) for h in range(1, 5))
        y[mask] += 0.2 * np.sin(2 * np.pi * root / 2 * 2 ** (degree / 12) * t[mask])
    hit = int(0.05 * sr)
    for k, start in enumerate((np.arange(0.0, duration_s, beat / 2) * sr).astype(int)):
        m = min(hit, n - start)
        level = 0.6 if k % 2 == 0 else 0.25
        y[start : start + m] += level * rng.standard_normal(m) * np.exp(-np.arange(m) / (0.01 * sr))
    return (0.8 * y / np.abs(y).max()).astype(np.float32)


def write_clips(folder: Path, n: int, duration_s: float, seed: int) -> list[Path]:
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(n):
        path = folder / f"clip{i:02d}.wav"
        sf.write(path, synthetic_song(rng, duration_s), SR_FILE)
        paths.append(path)
    return paths


def run_ours(paths: list[Path], config=audio_vmnet.VmnetAudioConfig()) -> tuple[np.ndarray, float, float, float]:
    """(features, total wall s incl. decoding, extraction-only wall s, extraction-only CPU s)."""
    rows, extract_s, cpu_s, start = [], 0.0, 0.0, time.perf_counter()
    for path in paths:
        y, sr = load_audio(path, sr=SR)
        t0, c0 = time.perf_counter(), time.process_time()
        rows.append(audio_vmnet.extract_vmnet_audio_features(y, sr, config=config)[0])
        extract_s, cpu_s = extract_s + time.perf_counter() - t0, cpu_s + time.process_time() - c0
    return np.stack(rows), time.perf_counter() - start, extract_s, cpu_s


def run_reference(paths: list[Path], outdir: str, intent: bool = True) -> tuple[np.ndarray, float]:
    start, rows = time.perf_counter(), []
    for path in paths:
        rows.append(vmnet_reference_port.feature_extraction(
            str(path.parent), path.stem, path.suffix, outdir, SR, 512, 256, 29.12, intent=intent))  # fmt: skip
    return np.stack(rows).astype(np.float64), time.perf_counter() - start


def block_differences(ours: np.ndarray, ref: np.ndarray) -> list[tuple[str, float, float]]:
    """Per (statistic, block): max |ours - ref| and that divided by the block's max |ref|."""
    names = audio_vmnet.vmnet_feature_names()
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        stat, _, block = name.split("/")
        groups.setdefault(f"{stat}/{block.split('[')[0]}", []).append(i)
    out = []
    for key, idx in groups.items():
        diff = np.abs(ours[:, idx] - ref[:, idx]).max()
        out.append((key, float(diff), float(diff / max(np.abs(ref[:, idx]).max(), 1e-12))))
    return out


def print_agreement(title: str, ours: np.ndarray, ref: np.ndarray) -> None:
    rows = block_differences(ours, ref)
    print(f"\n{title}\n  {'stat/block':28s} {'max abs diff':>13s} {'max diff / max|ref|':>20s}")
    for key, diff, rel in rows:
        print(f"  {key:28s} {diff:13.3g} {rel:20.3g}")
    print(f"  overall: max abs {max(r[1] for r in rows):.3g}, max scale-relative {max(r[2] for r in rows):.3g}")


def bench_vmnet(args, folder: Path) -> None:
    paths = write_clips(folder, args.clips, args.duration, args.seed)
    audio_s = len(paths) * 29.12
    run_ours(paths[:1]), run_reference(paths[:1], str(folder))  # warm-up: numba compilation, caches
    ours, total_s, extract_s, cpu_s = run_ours(paths)
    print(f"VM-NET audio features, {len(paths)} clips x 29.12 s analysed, 1 thread "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
    print(f"  extractor only       {extract_s:7.2f} s  -> {audio_s / extract_s:6.1f}x real time per core (target >= 60x)")
    print(f"  extractor CPU time   {cpu_s:7.2f} s  -> {audio_s / cpu_s:6.1f}x real time per CPU-second")
    print(f"  + decode + resample  {total_s:7.2f} s  -> {audio_s / total_s:6.1f}x real time per core")
    if args.skip_reference:
        return
    ref, ref_s = run_reference(paths, str(folder), intent=True)
    print(f"  reference port       {ref_s:7.2f} s  -> {audio_s / ref_s:6.1f}x real time; speed ratio ours/port "
          f"{ref_s / total_s:.1f}x (incl. decoding both)")
    print_agreement("Ours (default: one STFT per component) vs reference port (bug fixes applied):", ours, ref)
    old_config = audio_vmnet.VmnetAudioConfig(cens_source="cqt", mfcc_source="stft2048")
    old_paths, _, old_s, _ = run_ours(paths, old_config)
    print_agreement(f"Ours with the old CENS (CQT) and MFCC (2048 STFT) paths ({audio_s / old_s:.1f}x real time) "
                    "vs reference port:", old_paths, ref)
    literal, _ = run_reference(paths[: args.literal_clips], str(folder), intent=False)
    print_agreement(f"Effect of the old code's bugs (literal port vs fixed port, {args.literal_clips} clips):",
                    literal, ref[: args.literal_clips])


def bench_cnn(args, folder: Path) -> float:
    import torch

    from music_visual.features.visual_cnn import CnnFrameExtractor, export_onnx, load_torch_model, preprocess_images

    rng = np.random.default_rng(args.seed)
    frames = [rng.integers(0, 256, (360, 640, 3), dtype=np.uint8) for _ in range(args.frames)]
    extractor = CnnFrameExtractor(export_onnx(folder / "lite0.onnx"), batch_size=32, num_threads=args.threads)
    batch = preprocess_images(frames)
    extractor.run_preprocessed(batch[:32])  # warm-up
    t0 = time.perf_counter()
    extractor.run_preprocessed(batch)
    infer_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    extractor(frames)
    full_s = time.perf_counter() - t0
    torch.set_num_threads(args.threads)
    model = load_torch_model()
    with torch.no_grad():
        model(torch.from_numpy(batch[:4]))
        t0 = time.perf_counter()
        model(torch.from_numpy(batch[:16]))
        torch_fps = 16 / (time.perf_counter() - t0)
    print(f"\nCNN frame features (EfficientNet-Lite0, {args.frames} frames 640x360, {args.threads} threads):")
    print(f"  onnxruntime inference     {args.frames / infer_s:6.1f} frames/s (target >= 40)")
    print(f"  + preprocessing (PIL)     {args.frames / full_s:6.1f} frames/s")
    print(f"  eager torch               {torch_fps:6.1f} frames/s")
    return full_s / args.frames


def seconds_per_item(function, *inputs, repeats: int = 2) -> float:
    function(*inputs)
    t0 = time.perf_counter()
    for _ in range(repeats):
        function(*inputs)
    return (time.perf_counter() - t0) / repeats


def bench_other_extractors(args, cnn_s_per_frame: float) -> None:
    from music_visual.features import audio_acpnet, audio_mrcca, audio_sdcca, image_tags, spectrogram, visual_handcrafted

    song = synthetic_song(np.random.default_rng(args.seed + 1), 30.0)
    frame = np.random.default_rng(args.seed).integers(0, 256, (360, 640, 3), dtype=np.uint8)
    audio = {
        "vmnet (1140)": lambda y: audio_vmnet.extract_vmnet_audio_features(y, SR_FILE),
        "acpnet (193)": lambda y: audio_acpnet.extract_acpnet_audio_features(y, SR_FILE),
        "mrcca (133)": lambda y: audio_mrcca.extract_mrcca_audio_features(y, SR_FILE),
        "sdcca (30 x 128)": lambda y: audio_sdcca.sdcca_audio_frames(y, SR_FILE),
        "log-spectrogram": lambda y: spectrogram.log_spectrogram(y, SR_FILE),
    }
    print("\nSeconds per item, 1 thread (30 s clip at 22.05 kHz; 640x360 frame):")
    audio_total = 0.0
    for name, fn in audio.items():
        s = seconds_per_item(fn, song)
        audio_total += s
        print(f"  audio  {name:20s} {s:7.3f} s  ({30.0 / s:6.1f}x real time)")
    hand = seconds_per_item(visual_handcrafted.extract_handcrafted_image_features, frame)
    tags = seconds_per_item(image_tags.attribute_probabilities, frame)
    print(f"  image  {'handcrafted (2596)':20s} {hand:7.3f} s\n  image  {'attribute tags (23)':20s} {tags:7.3f} s")
    print(f"  image  {'CNN (per frame)':20s} {cnn_s_per_frame:7.3f} s  ({args.threads} threads)")
    n_frames = args.videos * 30 * args.fps
    core_s = args.videos * audio_total + n_frames * cnn_s_per_frame * args.threads + args.videos * (hand + tags)
    print(f"\nDefault corpus arithmetic: {args.videos} videos x 30 s, {n_frames} frames ({args.fps} fps), "
          f"{args.cores} cores:\n  all audio families {args.videos * audio_total / args.cores:7.0f} s wall, "
          f"CNN {n_frames * cnn_s_per_frame * args.threads / args.cores:7.0f} s wall, "
          f"handcrafted + tags on one frame per video {args.videos * (hand + tags) / args.cores:5.0f} s wall"
          f"\n  total ~{core_s / args.cores / 60:.1f} min (budget 6 min)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clips", type=int, default=20)
    parser.add_argument("--duration", type=float, default=35.0, help="seconds per synthetic clip (analysed: 29.12)")
    parser.add_argument("--literal-clips", type=int, default=3)
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--frames", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="onnxruntime / torch threads for the CNN")
    parser.add_argument("--videos", type=int, default=2000)
    parser.add_argument("--fps", type=float, default=0.2, help="frames per second sampled for the arithmetic")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_vmnet(args, Path(tmp))
        cnn_s = bench_cnn(args, Path(tmp))
        bench_other_extractors(args, cnn_s)


if __name__ == "__main__":
    main()
