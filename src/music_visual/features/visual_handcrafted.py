"""MR-CCA handcrafted image features (2,596-d) and one distance per feature type.

MR-CCA (Wu et al., Sec. 2.2, following Lin et al.'s image-aesthetics features)
describes an image by colour (hue and RGB histograms, colour SIFT, colour
spatialet), shape (HOG, edge orientation histogram) and texture/appearance
(wavelet, GIST) features, 2,596 dimensions in all, each type with its own
distance. The exact descriptors were not published; this module builds the
same families from standard definitions, sized to the same total
(colour SIFT is left out; a spatial colour layout stands in for colour spatialet):

=================  ====  ============================================================  ==========
type               dims  definition                                                    distance
=================  ====  ============================================================  ==========
hue_histogram        48  HSV hue, weighted by saturation x value, L1-normalised        chi-square
rgb_histogram       512  joint 8 x 8 x 8 RGB histogram, L1-normalised                  chi-square
colour_moments       90  mean, s.d., cube-root skew of H, S, V; whole + 3 x 3 grid     L2
colour_layout       192  2-D DCT of the 8 x 8 grid of mean Y, Cb, Cr (MPEG-7 CLD)      L2
hog                 900  HOG of a 48 x 48 grey image, 8 px cells, 2 x 2 blocks, 9 bins L2
edge_orientation    128  Sobel edges (> 10 % of max), 8 orientations, 4 x 4 grid      L1
lbp                 160  uniform LBP (P 8, R 1), 10 codes, 4 x 4 grid                  chi-square
wavelet              54  Haar, 3 levels, Y/Cb/Cr: mean |c| and s.d. per detail band    L2
gist                512  Gabor energy, 4 scales x 8 orientations, 4 x 4 grid           L2
=================  ====  ============================================================  ==========

Images are resized to 128 x 128 (aspect ratio not kept, as GIST does) after
conversion to RGB; :data:`HANDCRAFTED_TYPES` registers (name, slice, distance).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .image_io import ImageLike, as_rgb_array, image_flags

_SIZE = 128


def _grid_cells(h: int, w: int, n: int) -> list[tuple[slice, slice]]:
    rows, cols = np.linspace(0, h, n + 1).astype(int), np.linspace(0, w, n + 1).astype(int)
    return [(slice(rows[i], rows[i + 1]), slice(cols[j], cols[j + 1])) for i in range(n) for j in range(n)]


def _l1(h: np.ndarray) -> np.ndarray:
    total = h.sum()
    return h / total if total > 0 else np.zeros_like(h, dtype=np.float64)


def hue_histogram(hsv: np.ndarray, bins: int = 48) -> np.ndarray:
    weights = hsv[..., 1] * hsv[..., 2]
    return _l1(np.histogram(hsv[..., 0], bins=bins, range=(0.0, 1.0), weights=weights)[0])


def rgb_histogram(rgb: np.ndarray, bins: int = 8) -> np.ndarray:
    q = (rgb.astype(np.int64) * bins) // 256
    codes = (q[..., 0] * bins + q[..., 1]) * bins + q[..., 2]
    return _l1(np.bincount(codes.ravel(), minlength=bins**3).astype(np.float64))


def colour_moments(hsv: np.ndarray, grid: int = 3) -> np.ndarray:
    regions = [(slice(None), slice(None))] + _grid_cells(*hsv.shape[:2], grid)
    out = []
    for rs, cs in regions:
        x = hsv[rs, cs].reshape(-1, 3)
        mean = x.mean(axis=0)
        out += [mean, x.std(axis=0), np.cbrt(((x - mean) ** 3).mean(axis=0))]
    return np.concatenate(out)


def colour_layout(ycbcr: np.ndarray, grid: int = 8) -> np.ndarray:
    import scipy.fft

    means = np.array([[ycbcr[rs, cs].reshape(-1, 3).mean(axis=0) for rs, cs in _grid_cells(*ycbcr.shape[:2], grid)]])
    means = means.reshape(grid, grid, 3)
    return np.concatenate([scipy.fft.dctn(means[..., c], norm="ortho").ravel() for c in range(3)])


def hog_descriptor(grey: np.ndarray) -> np.ndarray:
    from skimage.feature import hog
    from skimage.transform import resize

    small = resize(grey, (48, 48), anti_aliasing=True)
    return hog(small, orientations=9, pixels_per_cell=(8, 8), cells_per_block=(2, 2), block_norm="L2-Hys")


def edge_orientation_histogram(grey: np.ndarray, bins: int = 8, grid: int = 4) -> np.ndarray:
    from scipy import ndimage

    gx, gy = ndimage.sobel(grey, axis=1), ndimage.sobel(grey, axis=0)
    magnitude = np.hypot(gx, gy)
    edges = magnitude > max(0.1 * magnitude.max(), 1e-6)
    angle = np.mod(np.arctan2(gy, gx), np.pi)
    idx = np.minimum((angle / np.pi * bins).astype(int), bins - 1)
    cells = []
    for rs, cs in _grid_cells(*grey.shape, grid):
        cells.append(np.bincount(idx[rs, cs][edges[rs, cs]], minlength=bins) / edges[rs, cs].size)
    return np.concatenate(cells)


def lbp_histograms(grey: np.ndarray, grid: int = 4) -> np.ndarray:
    from skimage.feature import local_binary_pattern

    codes = local_binary_pattern((grey * 255).astype(np.uint8), P=8, R=1, method="uniform").astype(int)
    return np.concatenate([_l1(np.bincount(codes[rs, cs].ravel(), minlength=10).astype(float))
                           for rs, cs in _grid_cells(*grey.shape, grid)])  # fmt: skip


def wavelet_energies(ycbcr: np.ndarray, levels: int = 3) -> np.ndarray:
    import pywt

    out = []
    for c in range(3):
        details = pywt.wavedec2(ycbcr[..., c], "haar", level=levels)[1:]
        out += [[np.abs(band).mean(), band.std()] for level in details for band in level]
    return np.asarray(out, dtype=np.float64).ravel()


def _gabor_bank(size: int, n_scales: int = 4, n_orientations: int = 8) -> np.ndarray:
    fy, fx = np.meshgrid(np.fft.fftfreq(size), np.fft.fftfreq(size), indexing="ij")
    radius, theta = np.hypot(fx, fy), np.arctan2(fy, fx)
    bank = []
    for s in range(n_scales):
        f0 = 0.25 / 2**s  # centre frequencies 0.25, 0.125, 0.0625, 0.03125 cycles/pixel
        radial = np.exp(-(np.log(np.maximum(radius, 1e-9) / f0) ** 2) / (2 * np.log(1.6) ** 2))
        for o in range(n_orientations):
            d = np.angle(np.exp(1j * (theta - np.pi * o / n_orientations)))
            bank.append(radial * np.exp(-(d**2) / (2 * (np.pi / n_orientations) ** 2)))
    return np.array(bank)


_GABOR = _gabor_bank(_SIZE)


def gist_descriptor(grey: np.ndarray, grid: int = 4) -> np.ndarray:
    spectrum = np.fft.fft2(grey - grey.mean())
    energy = np.abs(np.fft.ifft2(spectrum[None] * _GABOR))
    cells = _grid_cells(_SIZE, _SIZE, grid)
    return np.array([[e[rs, cs].mean() for rs, cs in cells] for e in energy]).ravel()


@dataclass(frozen=True)
class HandcraftedFeatureType:
    name: str
    slice: slice
    distance: Callable[[np.ndarray, np.ndarray], np.ndarray]


def l2_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Euclidean distance along the last axis (broadcasting)."""
    return np.sqrt(((a - b) ** 2).sum(axis=-1))


def l1_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.abs(a - b).sum(axis=-1)


def chi_square_distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``0.5 * sum (a - b)^2 / (a + b)`` over bins with ``a + b > 0`` (for histograms)."""
    total = a + b
    return 0.5 * np.where(total > 0, (a - b) ** 2 / np.where(total > 0, total, 1.0), 0.0).sum(axis=-1)


_PARTS = (
    ("hue_histogram", 48, chi_square_distance), ("rgb_histogram", 512, chi_square_distance),
    ("colour_moments", 90, l2_distance), ("colour_layout", 192, l2_distance), ("hog", 900, l2_distance),
    ("edge_orientation", 128, l1_distance), ("lbp", 160, chi_square_distance),
    ("wavelet", 54, l2_distance), ("gist", 512, l2_distance),
)  # fmt: skip
_OFFSETS = np.concatenate([[0], np.cumsum([n for _, n, _ in _PARTS])])
HANDCRAFTED_TYPES: tuple[HandcraftedFeatureType, ...] = tuple(
    HandcraftedFeatureType(name, slice(int(_OFFSETS[i]), int(_OFFSETS[i + 1])), dist)
    for i, (name, _, dist) in enumerate(_PARTS)
)
HANDCRAFTED_DIM = int(_OFFSETS[-1])  # 2596


def extract_handcrafted_image_features(image: ImageLike) -> tuple[np.ndarray, dict[str, bool]]:
    """2,596-d float32 MR-CCA image features (layout: :data:`HANDCRAFTED_TYPES`) and image flags."""
    from PIL import Image
    from skimage.color import rgb2hsv, rgb2ycbcr

    rgb = as_rgb_array(image)
    flags = image_flags(rgb)
    small = np.asarray(Image.fromarray(rgb if rgb.size else np.zeros((1, 1, 3), np.uint8)).resize((_SIZE, _SIZE), Image.BILINEAR))
    hsv = rgb2hsv(small)
    ycbcr = rgb2ycbcr(small) / 255.0
    grey = ycbcr[..., 0]
    parts = [hue_histogram(hsv), rgb_histogram(small), colour_moments(hsv), colour_layout(ycbcr),
             hog_descriptor(grey), edge_orientation_histogram(grey), lbp_histograms(grey),
             wavelet_energies(ycbcr), gist_descriptor(grey)]  # fmt: skip
    out = np.concatenate(parts)
    flags["nonfinite_output"] = not bool(np.isfinite(out).all())
    return np.nan_to_num(out, nan=0.0, posinf=0.0, neginf=0.0).astype(np.float32), flags


def feature_type_distances(a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    """Distance of each feature type between rows of ``a`` (n, 2596) and ``b`` (m, 2596) -> (n, m) each."""
    a, b = np.atleast_2d(a).astype(np.float64), np.atleast_2d(b).astype(np.float64)
    return {t.name: t.distance(a[:, None, t.slice], b[None, :, t.slice]) for t in HANDCRAFTED_TYPES}
