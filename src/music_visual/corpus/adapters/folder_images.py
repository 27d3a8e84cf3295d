"""A user's image files checked for what the feature extractors would get wrong.

The extractors read images with ``convert("RGB")``, which drops transparency: the colour
under a transparent pixel (often black or arbitrary) would be read as the picture. So an
image with any pixel that is not fully opaque is composited onto ``BACKGROUND`` (white)
and the folder adapter writes that RGB copy into the corpus. An image whose picture is
only in its alpha channel (e.g. a white glyph on a transparent ground) is one colour after
compositing: :func:`inspect_image` refuses it (``unreadable_image``, detail
``blank_after_composite``). Extreme aspect ratios (the CNNs' centre crop then sees a
fraction of the picture) and tiny images are flagged, not refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from music_visual.corpus.adapters.common import check_image
from music_visual.corpus.media import MediaError

BACKGROUND = (255, 255, 255)  # transparency is composited onto white
MAX_ASPECT = 3.0              # longer side / shorter side above this: flagged ``extreme_aspect``
MIN_SIDE = 32                 # shorter side below this (pixels): flagged ``tiny_image``
BLANK_RANGE = 2               # a composited image whose channels vary by at most this is blank
IMAGE_FLAGS = {"alpha_composited": "had transparency, composited onto white",
               "extreme_aspect": f"have an aspect ratio above {MAX_ASPECT:g}:1 (the centre crop sees a fraction)",
               "tiny_image": f"have a shorter side under {MIN_SIDE} px"}
NO_IMAGE_FLAGS = {"width": None, "height": None, "aspect_ratio": np.nan, "transparent_share": np.nan,
                  "alpha_composited": False, "extreme_aspect": False, "tiny_image": False}


@dataclass(frozen=True)
class ImageInfo:
    width: int
    height: int
    transparent_share: float  # share of pixels that are not fully opaque (alpha < 255); 0 without alpha

    @property
    def alpha_composited(self) -> bool:
        return self.transparent_share > 0

    def flags(self) -> dict:
        aspect = max(self.width, self.height) / min(self.width, self.height)
        return {"width": self.width, "height": self.height, "aspect_ratio": aspect,
                "transparent_share": self.transparent_share, "alpha_composited": self.alpha_composited,
                "extreme_aspect": aspect > MAX_ASPECT, "tiny_image": min(self.width, self.height) < MIN_SIDE}


def _has_alpha(img: Image.Image) -> bool:
    return "A" in img.getbands() or "transparency" in img.info


def composite(img: Image.Image) -> tuple[Image.Image, float]:
    """``img`` as RGB with its transparency blended onto ``BACKGROUND``, and the share of pixels that were
    not fully opaque."""
    rgba = img.convert("RGBA")
    share = float(np.mean(np.asarray(rgba.getchannel("A")) < 255))
    canvas = Image.new("RGBA", rgba.size, BACKGROUND + (255,))
    return Image.alpha_composite(canvas, rgba).convert("RGB"), share


def inspect_image(path: Path) -> ImageInfo:
    """Size and transparency of a readable image; :class:`MediaError` when missing, unreadable or blank once
    composited."""
    width, height = check_image(path)
    with Image.open(path) as img:
        if not _has_alpha(img):
            return ImageInfo(width, height, 0.0)
        rgb, share = composite(img)
    pixels = np.asarray(rgb).reshape(-1, 3).astype(int)
    if share and int((pixels.max(axis=0) - pixels.min(axis=0)).max()) <= BLANK_RANGE:
        raise MediaError("unreadable_image", f"{path}: blank_after_composite: {share:.0%} of its pixels are "
                                             "transparent and composited onto white it is one colour (the picture "
                                             "is only in the alpha channel)")
    return ImageInfo(width, height, share)


def write_composite(path: Path, target: Path) -> None:
    """Write the RGB composite of the image at ``path`` as a PNG at ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(path) as img:
        composite(img)[0].save(target)
