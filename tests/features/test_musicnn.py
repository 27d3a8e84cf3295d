"""The TF checkpoint reader and the torch MusiCNN port.

``data/tiny_checkpoint/`` was written by TensorFlow 2.21's own ``Saver`` and
``data/musicnn_reference.npz`` holds musicnn's TensorFlow outputs (numpy 1.26,
i.e. musicnn's float32 log compression) for two 6.5 s synthetic clips; both come from
``benchmarks/musicnn_parity.py reference --tests-data ... --tiny-checkpoint ...``.
"""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from music_visual.features.tf_checkpoint import (
    CheckpointFormatError, crc32c, masked_crc32c, parse_proto_fields, read_checkpoint,
)  # fmt: skip

from .conftest import tone

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny_checkpoint" / "tiny"
needs_musicnn = pytest.mark.skipif(importlib.util.find_spec("musicnn") is None,
                                   reason="musicnn wheel not installed (pip install --no-deps musicnn==0.1.0)")


def synthetic_clip(kind: int, duration_s: float, sr: int = 16000) -> np.ndarray:
    """Same as ``benchmarks/musicnn_parity.synthetic_clip`` (the reference was computed on it)."""
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


def test_crc32c_and_protobuf_decoding():
    assert crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value
    assert masked_crc32c(b"") == 0xA282EAD8
    # field 1 varint 150, field 2 bytes "ab", field 5 fixed32 1
    assert parse_proto_fields(b"\x08\x96\x01\x12\x02ab\x2d\x01\x00\x00\x00") == [(1, 150), (2, b"ab"), (5, 1)]


def test_reads_a_checkpoint_written_by_tensorflow():
    tensors = read_checkpoint(TINY, verify=True)
    assert sorted(tensors) == ["global_step", "half", "layer/bias64", "layer/kernel", "names"]
    np.testing.assert_array_equal(tensors["layer/kernel"], np.arange(6, dtype=np.float32).reshape(2, 3) / 4)
    assert tensors["layer/kernel"].dtype == np.float32
    np.testing.assert_array_equal(tensors["layer/bias64"], [1.5, -2.25, 1e300, 0.0])
    assert tensors["global_step"].shape == () and tensors["global_step"] == -7
    assert tensors["half"].dtype == np.float16 and tensors["half"].tolist() == [0.5, 65504.0, -1.0]
    assert tensors["names"].tolist() == [b"musicnn", b""]


def test_corrupt_checkpoints_are_refused(tmp_path):
    for suffix in (".index", ".data-00000-of-00001"):
        shutil.copy(f"{TINY}{suffix}", tmp_path / f"tiny{suffix}")
    data = tmp_path / "tiny.data-00000-of-00001"
    raw = bytearray(data.read_bytes())
    raw[0] ^= 0xFF
    data.write_bytes(bytes(raw))
    read_checkpoint(tmp_path / "tiny")  # without verification the flipped byte goes unnoticed
    with pytest.raises(CheckpointFormatError, match="CRC"):
        read_checkpoint(tmp_path / "tiny", verify=True)
    index = tmp_path / "tiny.index"
    index.write_bytes(index.read_bytes()[:-1])
    with pytest.raises(CheckpointFormatError, match="magic"):
        read_checkpoint(tmp_path / "tiny")


@needs_musicnn
def test_reads_the_wheels_checkpoint():
    from music_visual.features.audio_musicnn import musicnn_package_dir

    tensors = read_checkpoint(f"{musicnn_package_dir() / 'MSD_musicnn'}/")
    assert tensors["conv2d/kernel"].shape == (7, 38, 1, 204) and tensors["conv2d_5/kernel"].shape == (7, 561, 1, 64)
    assert tensors["dense_1/kernel"].shape == (200, 50)
    assert tensors["batch_normalization_9/moving_mean"].shape == (1506,)


@needs_musicnn
@pytest.mark.parametrize("model", ["MSD_musicnn", "MTT_musicnn"])
@pytest.mark.parametrize("clip", [0, 1])
def test_port_matches_musicnns_tensorflow_outputs(model, clip):
    from music_visual.features.audio_musicnn import musicnn_embed

    ref = np.load(DATA / "musicnn_reference.npz")
    out = musicnn_embed(synthetic_clip(clip, 6.5), 16000, model, batch_size=1)
    np.testing.assert_allclose(out.tag_probabilities, ref[f"clip{clip}/{model}/taggram"], atol=2e-5)
    np.testing.assert_allclose(out.penultimate, ref[f"clip{clip}/{model}/penultimate"], atol=2e-4)
    np.testing.assert_allclose(out.patch_start_s, [0.0, 187 * 256 / 16000])
    assert out.tag_mean.shape == (50,) and out.embedding_max.shape == (200,) and len(out.tag_names) == 50


@needs_musicnn
def test_tag_names_and_no_tensorflow_import():
    code = ("import sys; from music_visual.features.audio_musicnn import musicnn_embed, musicnn_tag_names\n"
            "import numpy as np; musicnn_embed(np.zeros(16000 * 4, np.float32), 16000)\n"
            "assert musicnn_tag_names('MSD_musicnn')[:3] == ('rock', 'pop', 'alternative')\n"
            "assert musicnn_tag_names('MTT_musicnn')[0] == 'guitar'\n"
            "assert not [m for m in sys.modules if m.startswith(('tensorflow', 'musicnn'))]")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_log_mel_is_float32_log_of_float16_mel_and_never_overflows():
    import librosa

    from music_visual.features.audio_musicnn import musicnn_log_mel

    y = tone(220.0, 2.0, 16000, amplitude=0.9)  # mel power ~400: float16 arithmetic would overflow
    mel = librosa.feature.melspectrogram(y=y, sr=16000, hop_length=256, n_fft=512, n_mels=96).T
    expected = np.log10(10000 * mel.astype(np.float16).astype(np.float32) + 1)
    got = musicnn_log_mel(y)
    assert got.dtype == np.float32 and np.isfinite(got).all() and got.max() > np.log10(65505.0)
    np.testing.assert_array_equal(got, expected)


@needs_musicnn
def test_short_silent_and_file_inputs(tmp_path):
    import soundfile as sf

    from music_visual.features.audio_musicnn import musicnn_audio_worker, musicnn_embed

    short = musicnn_embed(tone(440.0, 1.5, 22050), 22050)
    assert short.penultimate.shape == (1, 200) and short.flags["padded"]
    silent = musicnn_embed(np.zeros(16000 * 7, np.float32), 16000)
    assert silent.flags["silent"] and silent.penultimate.shape == (2, 200) and np.isfinite(silent.penultimate).all()
    hop = musicnn_embed(synthetic_clip(1, 6.5), 16000, hop_s=1.0)
    np.testing.assert_allclose(np.diff(hop.patch_start_s), 61 * 256 / 16000)
    sf.write(tmp_path / "clip.flac", synthetic_clip(0, 9.5), 16000)
    outputs, flags = musicnn_audio_worker({"item_id": "x", "path": str(tmp_path / "clip.flac")})
    assert outputs["penultimate"].shape == (3, 200) and outputs["patch_times"].shape == (3, 2)
    assert outputs["embedding_mean"].shape == outputs["embedding_max"].shape == (200,)
    assert outputs["tag_mean"].shape == (50,) and not flags["padded"]
