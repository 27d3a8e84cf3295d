"""Feature families: which corpus items each family reads and the per-item worker it runs.

A family is one DVC stage (``python -m music_visual.features.stage FAMILY``).
Its worker takes one unit (``item_id`` + absolute ``path``) and returns
``({output_name: array}, flags)``; outputs are saved by item id with
:mod:`music_visual.features.store`.

Workers live next to their extractors and are named here as ``"module:function"``
strings, resolved only when a family runs. So this registry imports no
extractor, and a family's stage depends (in ``dvc.yaml``) only on the modules
its own worker imports: editing ``audio_vmnet.py`` reruns ``vmnet_audio`` (and
``acpnet_audio``/``mrcca_segments``, which reuse its tuning estimate), not the
image families. ``python -m music_visual.pipeline.check`` checks those deps
through :func:`stage_imports`. Workers are module-level functions, so a dask
worker unpickles them by reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Callable

import pandas as pd

PACKAGE = "music_visual.features"


def module_of(reference: str) -> str:
    """The dotted module of ``"module:function"`` (relative to :data:`PACKAGE` when it starts with '.')."""
    module = reference.partition(":")[0]
    return PACKAGE + module if module.startswith(".") else module


def resolve(reference: str) -> Callable:
    """The function named by ``"module:function"``."""
    return getattr(import_module(module_of(reference)), reference.partition(":")[2])


@dataclass(frozen=True)
class Family:
    """A feature family: the item kind it reads, its worker and (optionally) a setup hook.

    ``setup`` (``"module:function"``) is called once in the stage's process and
    returns extra worker keyword arguments (the CNN families export the ONNX
    model there and pass its path to the workers). ``meta`` (``"module:function"``,
    called with the family's params) returns what is stored with the features
    in ``meta.json`` (MusiCNN's tag names).
    """

    name: str
    kind: str
    worker_ref: str
    description: str = ""
    setup_ref: str = ""
    meta_ref: str = ""

    @property
    def module(self) -> str:
        """Dotted name of the module that holds the worker."""
        return module_of(self.worker_ref)

    @property
    def worker(self) -> Callable:
        return resolve(self.worker_ref)

    def worker_params(self, params: dict) -> dict:
        """``params`` plus whatever the setup hook adds."""
        return {**params, **resolve(self.setup_ref)()} if self.setup_ref else dict(params)

    def setup_module(self) -> str | None:
        return module_of(self.setup_ref) if self.setup_ref else None

    def extra_meta(self, params: dict) -> dict:
        """What the family stores beside its arrays in every output's ``meta.json`` (e.g. tag names)."""
        return resolve(self.meta_ref)(**params) if self.meta_ref else {}


FAMILIES = {f.name: f for f in [
    Family("vmnet_audio", "audio", ".audio_vmnet:vmnet_audio_worker", "VM-NET 1140-d music-level features"),
    Family("acpnet_audio", "audio", ".audio_acpnet:acpnet_audio_worker", "ACP-Net 193-d per 60 s segment"),
    Family("sdcca_audio", "audio", ".audio_sdcca:sdcca_audio_worker", "S-DCCA per-second 128-d frames"),
    Family("mrcca_segments", "audio", ".audio_segments:mrcca_segments_worker",
           "MR-CCA 133-d per music segment (novelty segmentation) + segment bounds"),
    Family("cnn_frames", "video", ".visual_cnn:cnn_frames_worker",
           "EfficientNet-Lite0 1280-d per sampled video frame", setup_ref=".visual_cnn:cnn_worker_setup"),
    Family("cnn_images", "image", ".image_tags:cnn_images_worker",
           "EfficientNet-Lite0 1280-d + 1023-d tag vector per image", setup_ref=".visual_cnn:cnn_worker_setup"),
    Family("handcrafted_images", "image", ".visual_handcrafted:handcrafted_images_worker",
           "MR-CCA-style 2596-d colour/shape/texture features per image"),
    Family("musicnn_audio", "audio", ".audio_musicnn:musicnn_audio_worker",
           "MusiCNN (pretrained, MSD) 200-d embedding per 3 s patch, its mean/max and 50 tag probabilities",
           meta_ref=".audio_musicnn:musicnn_meta"),
]}


def stage_imports(args: list[str]) -> list[str]:
    """Modules ``python -m music_visual.features.stage ARGS`` imports at run time (for the pipeline check)."""
    family = FAMILIES.get(args[0]) if args else None
    if family is None:
        return []
    modules = (family.module, family.setup_module(), module_of(family.meta_ref) if family.meta_ref else None)
    return list(dict.fromkeys(m for m in modules if m))


def family_units(family: Family, items: pd.DataFrame, root) -> list[dict]:
    """Units (item id + absolute path) of the corpus items a family reads."""
    from music_visual.corpus.schema import resolve_item_path

    rows = items[items["kind"] == family.kind]
    return [{"item_id": i, "path": str(resolve_item_path(root, p))} for i, p in zip(rows["item_id"], rows["path"])]

