"""Parity of the torch MusiCNN port (``music_visual.features.audio_musicnn``) with musicnn's own TensorFlow model.

TensorFlow is not part of the study's environment, so the check runs in two
interpreters and exchanges arrays through an ``.npz`` file:

1. ``reference`` -- in a separate venv with ``tensorflow-cpu`` 2.x, ``tf-keras``
   (musicnn uses ``tf.compat.v1.layers``, which needs Keras 2), ``librosa`` and
   ``pip install --no-deps musicnn==0.1.0``; run with ``TF_USE_LEGACY_KERAS=1``.
   Use numpy 1.26 there (``pip install numpy==1.26.4 "ml_dtypes<0.6"``): under
   numpy 2 musicnn's float16 log-mel overflows (``benchmarks/README.md``).
   For each clip and model it saves musicnn's input batch (``batch_data``), its
   taggram (``extractor``), the per-patch penultimate features (musicnn's graph:
   see :func:`tf_forward`) and the 16 kHz waveform musicnn decoded.
2. ``compare`` -- in the study's venv: runs the port on the same waveforms
   (end to end: our log-mel + network) and on musicnn's own input batches
   (network only) and prints the largest absolute differences.

Clips: three seeded synthetic 10 s clips (a chord with vibrato, a click and
noise track, a quiet pad), or ``--audio FILE ...``. ``--tests-data PATH`` also
writes the small reference used by ``tests/features/test_musicnn.py`` (two
6.5 s synthetic clips, both models) and ``--tiny-checkpoint DIR`` a tiny TF
checkpoint for the reader's unit test.

    TF_USE_LEGACY_KERAS=1 /tmp/tfvenv/bin/python benchmarks/musicnn_parity.py reference --out /tmp/musicnn_ref.npz
    python benchmarks/musicnn_parity.py compare --reference /tmp/musicnn_ref.npz [--speed]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

MODELS = ("MSD_musicnn", "MTT_musicnn")
SR = 16000


def synthetic_clip(kind: int, duration_s: float, sr: int = SR) -> np.ndarray:
    """Seeded test signal (same code as ``tests/features/test_musicnn.py``): 0 chord, 1 clicks + noise, 2 quiet pad."""
    t = np.arange(int(duration_s * sr)) / sr
    rng = np.random.default_rng(kind)
    if kind == 0:
        f0 = 220.0 * (1 + 0.01 * np.sin(2 * np.pi * 5 * t))
        y = sum(0.05 * np.sin(2 * np.pi * f0 * r * t) for r in (1.0, 1.26, 1.5, 2.0))
    elif kind == 1:
        y = 0.02 * rng.standard_normal(t.size) * (1 + np.sin(2 * np.pi * 0.5 * t))
        y[(np.arange(t.size) % (sr // 2)) < 40] += 0.3
    else:
        y = 0.01 * np.sin(2 * np.pi * 110 * t) + 0.003 * rng.standard_normal(t.size)
    return y.astype(np.float32)


def tensorflow_available() -> bool:
    return importlib.util.find_spec("tensorflow") is not None


def tf_forward(batch: np.ndarray, model: str) -> tuple[np.ndarray, np.ndarray]:
    """Tag probabilities and penultimate features of every patch, from musicnn's TF graph and checkpoint.

    Needed because musicnn 0.1.0's ``extractor`` returns the *first* patch's
    penultimate (and cnn1-3) features for every later patch (its loop unpacks
    them into new names and concatenates the old ones).
    """
    import tensorflow as tf
    from musicnn import models

    tf.compat.v1.disable_eager_execution()
    tf.compat.v1.reset_default_graph()
    with tf.name_scope("model"):
        x = tf.compat.v1.placeholder(tf.float32, [None, 187, 96])
        is_training = tf.compat.v1.placeholder(tf.bool)
        logits, *_, penultimate = models.define_model(x, is_training, model, 50)
    with tf.compat.v1.Session() as sess:
        tf.compat.v1.train.Saver().restore(sess, str(Path(models.__file__).parent / model) + "/")
        probs, emb = sess.run([tf.nn.sigmoid(logits), penultimate], {x: batch, is_training: False})
    return probs, emb


def run_reference(paths: list[str], models=MODELS) -> dict[str, np.ndarray]:
    """musicnn's own outputs (TensorFlow) for each file and model."""
    import librosa
    from musicnn.extractor import batch_data, extractor

    out: dict[str, np.ndarray] = {}
    for i, path in enumerate(paths):
        out[f"clip{i}/waveform"] = librosa.load(path, sr=SR)[0]
        batch, _ = batch_data(path, 187, 187)
        out[f"clip{i}/batch"] = batch
        for model in models:
            taggram, _, features = extractor(path, model=model, extract_features=True)
            probs, emb = tf_forward(batch.astype(np.float32), model)
            if not np.allclose(probs, taggram, atol=1e-6):
                print(f"warning: {path} {model}: graph and extractor disagree by {np.abs(probs - taggram).max():.2e}")
            out[f"clip{i}/{model}/taggram"] = taggram.astype(np.float32)
            out[f"clip{i}/{model}/penultimate"] = emb.astype(np.float32)
            out[f"clip{i}/{model}/extractor_penultimate"] = np.asarray(features["penultimate"], np.float32)
    return out


def write_clips(folder: Path, durations=(10.0, 10.0, 10.0)) -> list[str]:
    import soundfile as sf

    paths = []
    for kind, duration in enumerate(durations):
        paths.append(str(folder / f"synthetic{kind}.wav"))
        sf.write(paths[-1], synthetic_clip(kind, duration), SR, subtype="FLOAT")
    return paths


def write_tiny_checkpoint(folder: Path) -> None:
    """A 5-variable checkpoint (float32, float64, int64, half, string) written by TF's own Saver."""
    import tensorflow as tf

    tf.compat.v1.disable_eager_execution()
    graph = tf.Graph()
    with graph.as_default():
        tf.compat.v1.Variable(np.arange(6, dtype=np.float32).reshape(2, 3) / 4, name="layer/kernel")
        tf.compat.v1.Variable(np.array([1.5, -2.25, 1e300, 0.0]), name="layer/bias64")
        tf.compat.v1.Variable(np.int64(-7), name="global_step")
        tf.compat.v1.Variable(np.array([0.5, 65504.0, -1.0], np.float16), name="half")
        tf.compat.v1.Variable(np.array([b"musicnn", b""]), name="names")
        with tf.compat.v1.Session() as sess:
            sess.run(tf.compat.v1.global_variables_initializer())
            tf.compat.v1.train.Saver().save(sess, str(folder / "tiny"), write_meta_graph=False)
    for extra in folder.glob("checkpoint"):
        extra.unlink()


def reference_main(args) -> int:
    if not tensorflow_available():
        print("TensorFlow is not importable in this interpreter: run `reference` in a venv with tensorflow-cpu, "
              "tf-keras, librosa and musicnn (--no-deps).", file=sys.stderr)
        return 2
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    import tensorflow as tf

    print(f"TensorFlow {tf.__version__}, numpy {np.__version__}")
    if int(np.__version__.split(".")[0]) >= 2:
        print("warning: numpy >= 2 computes musicnn's log-mel in float16 (overflows to inf); use numpy 1.26 "
              "for the reference musicnn was trained with", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.audio or write_clips(Path(tmp))
        np.savez_compressed(args.out, **run_reference(paths), files=np.array(paths), numpy=np.array(np.__version__),
                            tensorflow=np.array(tf.__version__))
        print(f"wrote {args.out} ({len(paths)} clips)")
        if args.tests_data:
            ref = run_reference(write_clips(Path(tmp), durations=(6.5, 6.5)))
            keep = {k: v for k, v in ref.items() if k.endswith(("/taggram", "/penultimate"))}
            np.savez_compressed(args.tests_data, **keep)
            print(f"wrote {args.tests_data}")
    if args.tiny_checkpoint:
        Path(args.tiny_checkpoint).mkdir(parents=True, exist_ok=True)
        write_tiny_checkpoint(Path(args.tiny_checkpoint))
        print(f"wrote a tiny checkpoint under {args.tiny_checkpoint}")
    return 0


def compare_main(args) -> int:
    from music_visual.features.audio_io import load_audio
    from music_visual.features.audio_musicnn import musicnn_embed, musicnn_predict

    ref = np.load(args.reference)
    clips = sorted({k.split("/")[0] for k in ref.files if k.startswith("clip")})
    names = [Path(str(f)).name for f in ref["files"]]
    print(f"reference: TensorFlow {ref['tensorflow']}, numpy {ref['numpy']}; files {names}")
    print("max |difference| of tag probabilities / penultimate embeddings over all patches; end to end = our log-mel "
          "on musicnn's decoded waveform, network only = musicnn's own input patches, from file = our decoding too")
    print(f"{'clip':6} {'model':12} {'patches':>7} {'inf bins':>8} | {'end to end':>19} | {'network only':>19} | "
          f"{'from file':>19}")
    for i, clip in enumerate(clips):
        y, batch = ref[f"{clip}/waveform"], ref[f"{clip}/batch"].astype(np.float32)
        n_overflow = int(np.isinf(batch).sum())  # musicnn's float16 overflow (numpy >= 2 only)
        path = Path(str(ref["files"][i]))
        decoded = load_audio(path, SR)[0] if path.is_file() else None
        for model in MODELS:
            tags_tf, emb_tf = ref[f"{clip}/{model}/taggram"], ref[f"{clip}/{model}/penultimate"]
            end_to_end = musicnn_embed(y, SR, model)
            runs = [(end_to_end.tag_probabilities, end_to_end.penultimate), musicnn_predict(batch, model)]
            if decoded is not None:
                from_file = musicnn_embed(decoded, SR, model)
                runs.append((from_file.tag_probabilities, from_file.penultimate))
            cells = [f"{np.abs(tags - tags_tf).max():9.2e} {np.abs(emb - emb_tf).max():9.2e}" for tags, emb in runs]
            cells += ["n/a"] * (3 - len(cells))
            print(f"{clip:6} {model:12} {len(tags_tf):7d} {n_overflow:8d} | " + " | ".join(f"{c:>19}" for c in cells))
    if args.speed:
        speed_main()
    return 0


def speed_main(seconds: float = 30.0, repeats: int = 3) -> None:
    """Patches per second of the whole call (log-mel + network) on one torch thread, 30 s clip, best of ``repeats``."""
    import torch

    from music_visual.features.audio_musicnn import load_musicnn, musicnn_embed

    torch.set_num_threads(1)
    y = synthetic_clip(0, seconds)
    load_musicnn("MSD_musicnn")
    musicnn_embed(y, SR)  # warm-up: librosa's first call
    for batch_size in (1, 4, 16):
        wall, cpu = [], []
        for _ in range(repeats):
            started, started_cpu = time.perf_counter(), time.process_time()
            out = musicnn_embed(y, SR, batch_size=batch_size)
            wall.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        n = len(out.penultimate)
        print(f"1 thread, batch {batch_size:2d}: {n} patches, best {min(wall):.2f} s wall = "
              f"{n / min(wall):.1f} patches/s ({seconds / min(wall):.0f}x real time); "
              f"{n / min(cpu):.1f} patches per CPU-second")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("reference", help="run musicnn's TensorFlow model (needs TensorFlow)")
    r.add_argument("--out", required=True)
    r.add_argument("--audio", nargs="*", help="audio files (default: three synthetic 10 s clips)")
    r.add_argument("--tests-data", help="also write the tests' reference .npz here")
    r.add_argument("--tiny-checkpoint", help="also write a tiny TF checkpoint into this folder")
    c = sub.add_parser("compare", help="compare the torch port with a reference .npz")
    c.add_argument("--reference", required=True)
    c.add_argument("--speed", action="store_true", help="also time the port on a 30 s clip, one thread")
    sub.add_parser("speed", help="only time the port")
    args = parser.parse_args(argv)
    if args.command == "reference":
        return reference_main(args)
    if args.command == "speed":
        speed_main()
        return 0
    print(f"TensorFlow importable here: {tensorflow_available()} (not needed for `compare`)")
    return compare_main(args)


if __name__ == "__main__":
    sys.exit(main())
