"""MusiCNN (Pons & Serra, 2019) audio tagger ported to torch: 200-d embeddings and 50 tag probabilities.

The ``musicnn`` 0.1.0 wheel ships the trained ``MSD_musicnn`` (Million Song
Dataset tags) and ``MTT_musicnn`` (MagnaTagATune) checkpoints beside a
TensorFlow-1 model. This module rebuilds that model in torch and loads the
checkpoint with :mod:`.tf_checkpoint`, so neither TensorFlow nor musicnn's own
code is imported (install the wheel with ``pip install --no-deps``).

Preprocessing (musicnn ``extractor.batch_data``): mono 16 kHz; librosa mel power
spectrogram, ``n_fft`` 512, hop 256, Hann, centred with zero padding (librosa
>= 0.10's default; 0.7-0.9 padded by reflection, which changes the first and
last frame only), 96 Slaney-normalised bands 0-8 kHz; rounded to float16, then
``log10(10000 * mel + 1)`` in float32. That is what musicnn's
``np.log10(10000 * audio_rep + 1)`` on the float16 array computes under
numpy < 2 (the int 10000 promoted float16 to float32), the numpy its wheel
pins (< 1.17) and trained with. Under numpy >= 2 (NEP 50) the same line stays
in float16 and overflows to inf wherever the mel power exceeds 6.55 (a sine
above ~0.11 of full scale): musicnn run with numpy 2 feeds inf to the network
and its tags change by 0.26-0.55 (``benchmarks/README.md``). Patches of 187
frames (3 s), by default back to back; the trailing remainder is dropped, a
clip shorter than one patch is repeat-padded (musicnn's training
``pad_short``; flag ``padded``).

Network (musicnn ``models.build_musicnn``; every batch norm in inference mode,
epsilon 1e-3): input batch norm; front end of two timbral convolutions
(7 x 38 and 7 x 67 mel bins, 204 filters each) and three temporal ones
(128, 64, 32 frames, 51 filters each), each ReLU -> batch norm -> max over
frequency (561 channels); mid end of three 7-frame convolutions (64 filters)
with residual connections, concatenated with the front end (753); back end
of max and mean over time (interleaved per channel, 1506), batch norm,
dense 200 + ReLU + batch norm = the **penultimate embedding**, dense 50 =
tag logits (sigmoid = probabilities). Each patch gets its own embedding
(musicnn 0.1.0's ``extractor`` returns the first patch's penultimate features
for every patch). Parity with musicnn's TF model: tags within 5e-6,
embeddings within 1.5e-5 (``benchmarks/musicnn_parity.py``).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .audio_io import audio_flags, load_audio, resample, sanitize_waveform

MUSICNN_SR, FFT_SIZE, FFT_HOP, N_MELS = 16000, 512, 256, 96
PATCH_FRAMES = 187  # librosa.time_to_frames(3, sr=16000, n_fft=512, hop_length=256) + 1
EMBEDDING_DIM, N_TAGS = 200, 50
MODELS = ("MSD_musicnn", "MTT_musicnn")
BN_EPS = 1e-3  # tf.compat.v1.layers.batch_normalization's default


def musicnn_package_dir() -> Path:
    """Folder of the installed ``musicnn`` package, found without importing it (its code imports TensorFlow)."""
    spec = importlib.util.find_spec("musicnn")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("musicnn is not installed: pip install --no-deps musicnn==0.1.0")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=8)
def musicnn_tag_names(model: str = "MSD_musicnn", package_dir: str | None = None) -> tuple[str, ...]:
    """The 50 tag names of ``model``, read from musicnn's ``configuration.py`` (run alone, not via the package)."""
    path = Path(package_dir or musicnn_package_dir()) / "configuration.py"
    spec = importlib.util.spec_from_file_location("_musicnn_configuration", path)
    config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(config)
    return tuple(config.MSD_LABELS if model.startswith("MSD") else config.MTT_LABELS)


def musicnn_log_mel(y: np.ndarray) -> np.ndarray:
    """``(frames, 96)`` float32 log-mel of a 16 kHz waveform, as musicnn computed it with numpy < 2 (see above)."""
    import librosa

    mel = librosa.feature.melspectrogram(
        y=np.asarray(y, dtype=np.float32), sr=MUSICNN_SR, n_fft=FFT_SIZE, hop_length=FFT_HOP, win_length=FFT_SIZE,
        window="hann", center=True, pad_mode="constant", power=2.0, n_mels=N_MELS, fmin=0.0, fmax=MUSICNN_SR / 2,
        htk=False, norm="slaney",
    ).T  # fmt: skip
    return np.log10(np.float32(10000) * mel.astype(np.float16).astype(np.float32) + np.float32(1))


def spectrogram_patches(log_mel: np.ndarray, hop_frames: int = PATCH_FRAMES) -> tuple[np.ndarray, np.ndarray]:
    """``(n_patches, 187, 96)`` patches every ``hop_frames`` and their first frames (musicnn's
    ``range(0, n_frames - 187 + 1, hop)``); a spectrogram shorter than a patch (>= 1 frame) is repeated to fill one."""
    if log_mel.shape[0] < PATCH_FRAMES:
        log_mel = np.resize(log_mel, (PATCH_FRAMES, log_mel.shape[1]))  # cycles whole frames
    starts = np.arange(0, log_mel.shape[0] - PATCH_FRAMES + 1, hop_frames)
    return np.stack([log_mel[s : s + PATCH_FRAMES] for s in starts]), starts


@dataclass(frozen=True)
class MusicnnConfig:
    """Sizes of ``build_musicnn`` (MSD/MTT_musicnn: 1.6 x 128 and 1.6 x 32 front-end filters, 64, 200, 50)."""

    n_mels: int = N_MELS
    timbral_filters: int = 204
    temporal_filters: int = 51
    midend_filters: int = 64
    backend_units: int = EMBEDDING_DIM
    n_tags: int = N_TAGS


def build_musicnn(config: MusicnnConfig = MusicnnConfig()):
    """An untrained :class:`Musicnn` ``torch.nn.Module`` (torch is imported here, not at module import)."""
    import torch
    from torch import nn
    from torch.nn import functional as F

    def bn(kind, n):
        return kind(n, eps=BN_EPS)

    class Musicnn(nn.Module):
        """``(B, 187, 96)`` log-mel patches -> ``(logits (B, 50), penultimate (B, 200))``."""

        def __init__(self, c: MusicnnConfig):
            super().__init__()
            self.input_bn = bn(nn.BatchNorm2d, 1)
            widths = (int(0.4 * c.n_mels), int(0.7 * c.n_mels))
            self.timbral = nn.ModuleList(nn.Conv2d(1, c.timbral_filters, (7, w)) for w in widths)
            self.temporal = nn.ModuleList(nn.Conv2d(1, c.temporal_filters, (k, 1)) for k in (128, 64, 32))
            self.front_bn = nn.ModuleList(bn(nn.BatchNorm2d, m.out_channels) for m in [*self.timbral, *self.temporal])
            front = 2 * c.timbral_filters + 3 * c.temporal_filters
            self.midend = nn.ModuleList(nn.Conv1d(n, c.midend_filters, 7, padding=3)
                                        for n in (front, c.midend_filters, c.midend_filters))
            self.mid_bn = nn.ModuleList(bn(nn.BatchNorm1d, c.midend_filters) for _ in range(3))
            self.pool_bn = bn(nn.BatchNorm1d, 2 * (front + 3 * c.midend_filters))
            self.dense = nn.Linear(2 * (front + 3 * c.midend_filters), c.backend_units)
            self.dense_bn = bn(nn.BatchNorm1d, c.backend_units)
            self.output = nn.Linear(c.backend_units, c.n_tags)

        def frontend(self, x):
            x = self.input_bn(x.unsqueeze(1))  # (B, 1, T, F)
            maps = [conv(F.pad(x, (0, 0, 3, 3))) for conv in self.timbral]  # time-only 'same' padding
            for conv in self.temporal:  # TF 'same': the odd extra frame of padding goes at the end
                k = conv.kernel_size[0]
                maps.append(conv(F.pad(x, (0, 0, (k - 1) // 2, k - 1 - (k - 1) // 2))))
            return torch.cat([norm(F.relu(m)).amax(dim=3) for m, norm in zip(maps, self.front_bn)], dim=1)

        def forward(self, x):
            front = self.frontend(x)  # (B, 561, T)
            h1 = self.mid_bn[0](F.relu(self.midend[0](front)))
            h2 = self.mid_bn[1](F.relu(self.midend[1](h1))) + h1
            h3 = self.mid_bn[2](F.relu(self.midend[2](h2))) + h2
            feats = torch.cat([front, h1, h2, h3], dim=1)  # (B, 753, T)
            pooled = torch.stack([feats.amax(dim=2), feats.mean(dim=2)], dim=2).flatten(1)
            penultimate = self.dense_bn(F.relu(self.dense(self.pool_bn(pooled))))
            return self.output(penultimate), penultimate

    return Musicnn(config)


def musicnn_state_dict(weights: dict[str, np.ndarray]) -> dict:
    """Torch ``state_dict`` of :func:`build_musicnn` from the TF variables (``conv2d_N``, ``batch_normalization_N``...).

    TF names layers in creation order: batch norm 0 is the input's, 1-5 the
    front end's, 6-8 the mid end's, 9 the pooled features', 10 the dense layer's;
    convolutions 0-1 are timbral, 2-4 temporal, 5-7 mid end.
    """
    import torch

    def suffix(name, i):
        return name if i == 0 else f"{name}_{i}"

    state = {}

    def put_bn(module, i):
        tf = suffix("batch_normalization", i)
        for ours, theirs in (("weight", "gamma"), ("bias", "beta"), ("running_mean", "moving_mean"),
                             ("running_var", "moving_variance")):
            state[f"{module}.{ours}"] = weights[f"{tf}/{theirs}"]
        state[f"{module}.num_batches_tracked"] = np.array(0)

    def put_conv(module, i, one_d=False):
        kernel = weights[f"{suffix('conv2d', i)}/kernel"]  # (kh, kw, in, out)
        state[f"{module}.weight"] = kernel[:, :, 0, :].transpose(2, 1, 0) if one_d else kernel.transpose(3, 2, 0, 1)
        state[f"{module}.bias"] = weights[f"{suffix('conv2d', i)}/bias"]

    put_bn("input_bn", 0)
    for i in range(5):
        put_conv(f"timbral.{i}" if i < 2 else f"temporal.{i - 2}", i)
        put_bn(f"front_bn.{i}", i + 1)
    for i in range(3):
        put_conv(f"midend.{i}", i + 5, one_d=True)
        put_bn(f"mid_bn.{i}", i + 6)
    put_bn("pool_bn", 9)
    put_bn("dense_bn", 10)
    for module, tf in (("dense", "dense"), ("output", "dense_1")):
        state[f"{module}.weight"], state[f"{module}.bias"] = weights[f"{tf}/kernel"].T, weights[f"{tf}/bias"]
    return {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in state.items()}


@lru_cache(maxsize=4)
def load_musicnn(model: str = "MSD_musicnn", package_dir: str | None = None):
    """The pretrained ``model`` (one of :data:`MODELS`) in eval mode, weights from the wheel's checkpoint."""
    from .tf_checkpoint import read_checkpoint

    if model not in MODELS:
        raise ValueError(f"unknown musicnn model {model!r}; known: {', '.join(MODELS)}")
    weights = read_checkpoint(f"{Path(package_dir or musicnn_package_dir()) / model}/")
    net = build_musicnn()
    net.load_state_dict(musicnn_state_dict(weights))
    return net.eval()


def musicnn_predict(patches: np.ndarray, model: str = "MSD_musicnn", *, batch_size: int = 4,
                    package_dir: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Tag probabilities ``(n, 50)`` and penultimate embeddings ``(n, 200)`` of ``(n, 187, 96)`` patches."""
    import torch

    net = load_musicnn(model, package_dir)
    probs, embeddings = [], []
    with torch.inference_mode():
        for i in range(0, len(patches), batch_size):
            logits, penultimate = net(torch.from_numpy(np.ascontiguousarray(patches[i : i + batch_size], np.float32)))
            probs.append(torch.sigmoid(logits).numpy())
            embeddings.append(penultimate.numpy())
    return np.concatenate(probs), np.concatenate(embeddings)


@dataclass
class MusicnnEmbedding:
    """Per-patch rows (``penultimate``, ``tag_probabilities``, ``patch_start_s``/``patch_end_s``) and clip summaries."""

    penultimate: np.ndarray  # (n_patches, 200)
    tag_probabilities: np.ndarray  # (n_patches, 50): musicnn's taggram
    patch_start_s: np.ndarray  # (n_patches,)
    patch_end_s: np.ndarray
    tag_names: list[str]
    flags: dict[str, bool]

    @property
    def embedding_mean(self) -> np.ndarray:
        return self.penultimate.mean(axis=0)

    @property
    def embedding_max(self) -> np.ndarray:
        return self.penultimate.max(axis=0)

    @property
    def tag_mean(self) -> np.ndarray:
        return self.tag_probabilities.mean(axis=0)


def musicnn_embed(y: np.ndarray, sr: int, model: str = "MSD_musicnn", *, batch_size: int = 4,
                  hop_s: float | None = None, package_dir: str | None = None) -> MusicnnEmbedding:
    """MusiCNN embeddings and tags of a waveform: 3 s patches, every ``hop_s`` (None: back to back).

    ``hop_s`` converts to frames as musicnn's ``input_overlap`` does
    (``librosa.time_to_frames``: 1 s -> 61 frames = 0.976 s).
    """
    flags = audio_flags(y, sr)
    y = resample(sanitize_waveform(y), sr, MUSICNN_SR)
    log_mel = musicnn_log_mel(np.pad(y, (0, max(0, FFT_SIZE - y.size))))
    hop = PATCH_FRAMES if hop_s is None else max(1, (int(hop_s * MUSICNN_SR) - FFT_SIZE // 2) // FFT_HOP)
    patches, starts = spectrogram_patches(log_mel, hop)
    probs, penultimate = musicnn_predict(patches, model, batch_size=batch_size, package_dir=package_dir)
    flags["padded"] = log_mel.shape[0] < PATCH_FRAMES
    seconds = FFT_HOP / MUSICNN_SR
    return MusicnnEmbedding(penultimate, probs, starts * seconds, (starts + PATCH_FRAMES) * seconds,
                            list(musicnn_tag_names(model, package_dir)), flags)


def musicnn_audio_worker(unit: dict, model: str = "MSD_musicnn", batch_size: int = 4, hop_s: float | None = None,
                         threads: int = 1):
    """Feature-family worker: per-patch ``penultimate`` (n, 200), ``patch_tags`` (n, 50) and ``patch_times``
    (n, 2), clip-level ``embedding_mean``/``embedding_max`` (200) and ``tag_mean`` (50 probabilities), and the
    flags of one audio item. ``hop_s`` None (musicnn's default): back-to-back 3 s patches; 1.0: a frame per
    second (three times the work)."""
    from music_visual.parallel import torch_threads

    y, sr = load_audio(unit["path"], MUSICNN_SR)
    with torch_threads(threads):
        out = musicnn_embed(y, sr, model, batch_size=batch_size, hop_s=hop_s)
    times = np.stack([out.patch_start_s, out.patch_end_s], axis=1)
    return {"penultimate": out.penultimate, "patch_tags": out.tag_probabilities, "patch_times": times,
            "embedding_mean": out.embedding_mean, "embedding_max": out.embedding_max,
            "tag_mean": out.tag_mean}, out.flags


def musicnn_meta(model: str = "MSD_musicnn", **_) -> dict:
    """Stored with the family's features: the model and its 50 tag names (columns of ``tag_mean``/``patch_tags``)."""
    return {"model": model, "tag_names": list(musicnn_tag_names(model))}
