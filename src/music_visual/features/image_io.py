"""Image loading and bad-input flags shared by the visual extractors.

Visual extractors take RGB ``uint8`` arrays of shape (H, W, 3) (PIL images and
paths are converted by :func:`as_rgb_array`) and report, with :func:`image_flags`:

``blank``  every pixel (nearly) the same colour: peak-to-peak below ``blank_ptp``
           grey levels in every channel (black, white or any uniform frame);
``tiny``   shorter side below ``min_side`` pixels (default 16).

A file that cannot be decoded raises :class:`ImageDecodeError` (the driver
counts and names it).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

import numpy as np

ImageLike = Union[np.ndarray, "os.PathLike[str]", str, "PIL.Image.Image"]  # noqa: F821
IMAGE_FLAG_NAMES = ("blank", "tiny")


class ImageDecodeError(RuntimeError):
    """An image that could not be decoded."""


def as_rgb_array(image: ImageLike) -> np.ndarray:
    """RGB ``uint8`` array (H, W, 3) of a path, PIL image or array (grey, RGBA and floats in [0, 1] accepted)."""
    from PIL import Image

    if isinstance(image, (str, os.PathLike)):
        try:
            with Image.open(Path(image)) as im:
                return np.asarray(im.convert("RGB"))
        except Exception as err:  # any decoder failure becomes one named error
            raise ImageDecodeError(f"{image}: {type(err).__name__}: {err}") from err
    if isinstance(image, Image.Image):
        return np.asarray(image.convert("RGB"))
    arr = np.asarray(image)
    if arr.dtype != np.uint8:
        arr = np.nan_to_num(arr.astype(np.float64))
        arr = np.clip(arr * 255.0 if arr.max() <= 1.0 else arr, 0, 255).round().astype(np.uint8)
    if arr.ndim == 2:
        arr = np.repeat(arr[:, :, None], 3, axis=2)
    if arr.ndim != 3 or arr.shape[2] not in (3, 4):
        raise ValueError(f"expected an (H, W, 3) image, got shape {arr.shape}")
    return np.ascontiguousarray(arr[:, :, :3])


def image_flags(rgb: np.ndarray, *, blank_ptp: int = 2, min_side: int = 16) -> dict[str, bool]:
    """Flags of an RGB uint8 image (see module docstring)."""
    if rgb.size == 0:
        return {"blank": True, "tiny": True}
    channels = np.ascontiguousarray(np.moveaxis(rgb, -1, 0)).reshape(rgb.shape[-1], -1)  # fast contiguous reductions
    ptp = channels.max(axis=1).astype(np.int64) - channels.min(axis=1)
    return {"blank": bool((ptp < blank_ptp).all()), "tiny": min(rgb.shape[:2]) < min_side}
