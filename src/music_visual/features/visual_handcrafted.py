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
from functools import lru_cache
from typing import Callable

import numpy as np

from .image_io import ImageLike, as_rgb_array, image_flags

_SIZE = 128


def _grid_edges(size: int, n: int) -> np.ndarray:
    return np.linspace(0, size, n + 1).astype(int)


def _grid_cells(h: int, w: int, n: int) -> list[tuple[slice, slice]]:
    rows, cols = _grid_edges(h, n), _grid_edges(w, n)
    return [(slice(rows[i], rows[i + 1]), slice(cols[j], cols[j + 1])) for i in range(n) for j in range(n)]


@lru_cache(maxsize=64)
def _grid_labels(h: int, w: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row-major cell index (h * w,) of every pixel of the :func:`_grid_cells` grid, and the cell sizes (n * n,)."""
    rows, cols = _grid_edges(h, n), _grid_edges(w, n)
    row_cell = np.searchsorted(rows, np.arange(h), side="right") - 1
    col_cell = np.searchsorted(cols, np.arange(w), side="right") - 1
    labels = (row_cell[:, None] * n + col_cell[None, :]).ravel()
    sizes = np.bincount(labels, minlength=n * n).astype(np.float64)
    labels.flags.writeable = sizes.flags.writeable = False
    return labels, sizes


def _grid_sums(a: np.ndarray, n: int) -> np.ndarray:
    """Sums (float64) of ``a`` (..., h, w) over the cells of the n x n :func:`_grid_cells` grid -> (..., n * n)."""
    *lead, h, w = a.shape
    if h % n == 0 and w % n == 0:  # equal cells (linspace edges are then exact multiples): reshapes, rows first
        rows = a.reshape(*lead, n, h // n, w).sum(axis=-2, dtype=np.float64)
        return rows.reshape(*lead, n, n, w // n).sum(axis=-1).reshape(*lead, n * n)
    rows, cols = _grid_edges(h, n), _grid_edges(w, n)
    if (np.diff(rows) > 0).all() and (np.diff(cols) > 0).all():  # unequal but non-empty cells
        col_sums = np.add.reduceat(a, cols[:-1], axis=-1, dtype=np.float64)
        return np.add.reduceat(col_sums, rows[:-1], axis=-2).reshape(*lead, n * n)
    labels, _ = _grid_labels(h, w, n)  # some empty cells (image smaller than the grid): sums of 0 there
    k = int(np.prod(lead, dtype=np.int64))
    codes = (np.arange(k)[:, None] * (n * n) + labels[None, :]).ravel()
    sums = np.bincount(codes, weights=a.reshape(k * h * w), minlength=k * n * n)
    return sums.reshape(*lead, n * n)


def _grid_counts(codes: np.ndarray, n: int, bins: int) -> np.ndarray:
    """Histogram (n * n, bins) of the integer ``codes`` (h, w) in [0, bins) of each grid cell, one bincount."""
    labels, _ = _grid_labels(*codes.shape, n)
    return np.bincount(labels * bins + codes.ravel(), minlength=n * n * bins).reshape(n * n, bins)


def _l1(h: np.ndarray) -> np.ndarray:
    total = h.sum()
    return h / total if total > 0 else np.zeros_like(h, dtype=np.float64)


_UINT8_TO_FLOAT = np.multiply(np.arange(256), 1.0 / 255)  # skimage's img_as_float of uint8, bit for bit


def _rgb2hsv_uint8(rgb: np.ndarray) -> np.ndarray:
    """``skimage.color.rgb2hsv`` of an RGB uint8 image (h, w, 3), same float64 arithmetic, vectorised."""
    arr = _UINT8_TO_FLOAT[np.moveaxis(rgb, -1, 0)]  # (3, h, w)
    r, g, b = arr
    v = np.maximum(np.maximum(r, g), b)
    delta = v - np.minimum(np.minimum(r, g), b)
    grey = delta == 0.0
    blue_max, green_max = b == v, g == v  # blue overrides green overrides red where maxima tie, as in skimage
    numerator = np.where(blue_max, r - g, np.where(green_max, b - r, g - b))
    offset = np.where(blue_max, 4.0, np.where(green_max, 2.0, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        s = delta / v
        h = (offset + numerator / delta) / 6.0
    np.add(h, 1.0, out=h, where=h < 0)  # == h % 1.0 for h in [-1/6, 5/6]
    s[grey] = 0.0
    h[grey] = 0.0
    out = np.stack([h, s, v], axis=-1)
    out[np.isnan(out)] = 0
    return out


def hue_histogram(hsv: np.ndarray, bins: int = 48) -> np.ndarray:
    weights = hsv[..., 1] * hsv[..., 2]
    return _l1(np.histogram(hsv[..., 0], bins=bins, range=(0.0, 1.0), weights=weights)[0])


def rgb_histogram(rgb: np.ndarray, bins: int = 8) -> np.ndarray:
    q = (rgb.astype(np.int64) * bins) // 256
    codes = (q[..., 0] * bins + q[..., 1]) * bins + q[..., 2]
    return _l1(np.bincount(codes.ravel(), minlength=bins**3).astype(np.float64))


def colour_moments(hsv: np.ndarray, grid: int = 3) -> np.ndarray:
    h, w = hsv.shape[:2]
    labels, sizes = _grid_labels(h, w, grid)
    x = np.ascontiguousarray(np.moveaxis(hsv, -1, 0), dtype=np.float64).reshape(3, h * w)  # channel-planar
    with np.errstate(invalid="ignore", divide="ignore"):  # empty regions give NaN, as numpy's mean of nothing
        mean = np.concatenate([x.mean(axis=1)[:, None], _grid_sums(x.reshape(3, h, w), grid) / sizes], axis=1)
        rows, cols = np.diff(_grid_edges(h, grid)), np.diff(_grid_edges(w, grid))
        if (rows > 0).all() and (cols > 0).all():  # each pixel's cell mean, by repeating the grid of means
            cell_mean = np.repeat(np.repeat(mean[:, 1:].reshape(3, grid, grid), rows, axis=1), cols, axis=2)
        else:
            cell_mean = mean[:, 1:][:, labels]
        d = np.empty((2, 3, h * w))  # deviations from the whole-image mean, then from each pixel's cell mean
        np.subtract(x, mean[:, :1], out=d[0])
        np.subtract(x, cell_mean.reshape(3, h * w), out=d[1])
        d2 = d * d
        d3 = d2 * d
        var = np.concatenate([d2[0].mean(axis=1)[:, None], _grid_sums(d2[1].reshape(3, h, w), grid) / sizes], axis=1)
        m3 = np.concatenate([d3[0].mean(axis=1)[:, None], _grid_sums(d3[1].reshape(3, h, w), grid) / sizes], axis=1)
    # (channel, region) -> region-major [mean H S V, s.d. H S V, skew H S V]
    return np.stack([mean, np.sqrt(var), np.cbrt(m3)]).transpose(2, 0, 1).ravel()


def colour_layout(ycbcr: np.ndarray, grid: int = 8) -> np.ndarray:
    import scipy.fft

    h, w = ycbcr.shape[:2]
    planes = np.ascontiguousarray(np.moveaxis(ycbcr, -1, 0), dtype=np.float64)  # (3, h, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = (_grid_sums(planes, grid) / _grid_labels(h, w, grid)[1]).reshape(3, grid, grid)
    return scipy.fft.dctn(means, axes=(1, 2), norm="ortho").ravel()


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
    angle = np.mod(np.arctan2(gy[edges], gx[edges]), np.pi)  # only edge pixels are counted
    idx = np.minimum((angle / np.pi * bins).astype(int), bins - 1)
    labels, sizes = _grid_labels(*grey.shape, grid)
    counts = np.bincount(labels[edges.ravel()] * bins + idx, minlength=grid * grid * bins).reshape(-1, bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (counts / sizes[:, None]).ravel()


def _lbp_offsets(points: int, radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Sampling offsets of skimage's ``local_binary_pattern`` (rounded to 5 decimals, as there)."""
    angles = 2 * np.pi * np.arange(points, dtype=np.float64) / points
    return np.round(-radius * np.sin(angles), 5), np.round(radius * np.cos(angles), 5)


def _uniform_lbp_table(points: int) -> np.ndarray:
    """Uniform-LBP label of every bit pattern: number of set bits if at most 2 bit changes, else points + 1."""
    bits = (np.arange(2**points)[:, None] >> np.arange(points)[None, :]) & 1
    changes = (bits[:, :-1] != bits[:, 1:]).sum(axis=1)
    return np.where(changes <= 2, bits.sum(axis=1), points + 1)


_LBP_ROWS, _LBP_COLS = _lbp_offsets(8, 1.0)
_LBP_UNIFORM = _uniform_lbp_table(8)


def uniform_lbp(image: np.ndarray) -> np.ndarray:
    """``skimage.feature.local_binary_pattern(image, P=8, R=1, method="uniform")`` as int codes 0..9, vectorised.

    Same arithmetic as skimage's loop (bilinear interpolation with zero outside the image, evaluated in the
    same order in float64, then ``neighbour - centre >= 0``), so the codes are identical.
    """
    img = np.asarray(image, dtype=np.float64)
    h, w = img.shape
    padded = np.zeros((h + 2, w + 2))
    padded[1:-1, 1:-1] = img
    pattern = np.zeros((h, w), np.uint16)
    for i, (on_grid, tl, tr, bl, br, weights) in enumerate(_lbp_plan(h, w)):
        if on_grid:  # the interpolation returns the pixel itself
            texture = padded[tl]
        else:
            one_dc, dc, one_dr, dr = weights
            top = one_dc * padded[tl] + dc * padded[tr]
            bottom = one_dc * padded[bl] + dc * padded[br]
            texture = one_dr * top + dr * bottom
        pattern |= (texture - img >= 0).view(np.uint8).astype(np.uint16) << i
    return _LBP_UNIFORM[pattern]


@lru_cache(maxsize=16)
def _lbp_plan(h: int, w: int) -> tuple:
    """Per neighbour: on-grid flag, the four corner indexers into the zero-padded image, interpolation weights."""

    def index(rows: np.ndarray, cols: np.ndarray):  # padded[rows][:, cols], as slices where possible
        if (np.diff(rows) == 1).all() and (np.diff(cols) == 1).all():
            return slice(int(rows[0]), int(rows[0]) + h), slice(int(cols[0]), int(cols[0]) + w)
        return np.ix_(rows, cols)

    plan = []
    for dr_off, dc_off in zip(_LBP_ROWS, _LBP_COLS):
        r, c = np.arange(h) + dr_off, np.arange(w) + dc_off
        minr, maxr, minc, maxc = np.floor(r), np.ceil(r), np.floor(c), np.ceil(c)
        dr, dc = (r - minr)[:, None], c - minc  # as skimage: r - floor(r), per row / column
        on_grid = not dr.any() and not dc.any()
        minr, maxr, minc, maxc = (v.astype(np.int64) + 1 for v in (minr, maxr, minc, maxc))  # padded indices
        weights = (1 - dc, dc, 1 - dr, dr)
        plan.append((on_grid, index(minr, minc), index(minr, maxc), index(maxr, minc), index(maxr, maxc), weights))
    return tuple(plan)


def lbp_histograms(grey: np.ndarray, grid: int = 4) -> np.ndarray:
    counts = _grid_counts(uniform_lbp((grey * 255).astype(np.uint8)), grid, 10).astype(np.float64)
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0).ravel()


_HAAR = float(np.sqrt(0.5))  # pywt's Haar filter tap, 0.7071067811865476


def _haar_details(planes: np.ndarray, levels: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """``pywt.wavedec2(planes, "haar", level=levels, axes=(-2, -1))[1:]`` for sides divisible by 2**levels.

    Same products and sums in the same order as pywt (rows, then columns), so the same coefficients.
    """

    def lo(a, axis):
        even, odd = (a[..., 0::2, :], a[..., 1::2, :]) if axis == -2 else (a[..., 0::2], a[..., 1::2])
        return _HAAR * odd + _HAAR * even

    def hi(a, axis):
        even, odd = (a[..., 0::2, :], a[..., 1::2, :]) if axis == -2 else (a[..., 0::2], a[..., 1::2])
        return -_HAAR * odd + _HAAR * even

    out, approx = [], planes
    for _ in range(levels):
        low, high = lo(approx, -2), hi(approx, -2)
        approx = lo(low, -1)
        out.append((lo(high, -1), hi(low, -1), hi(high, -1)))  # (horizontal, vertical, diagonal) as pywt
    return out[::-1]  # coarsest level first


def wavelet_energies(ycbcr: np.ndarray, levels: int = 3) -> np.ndarray:
    import pywt

    planes = np.ascontiguousarray(np.moveaxis(ycbcr, -1, 0), dtype=np.float64)  # (3, h, w): one call for all
    if planes.shape[1] % 2**levels == 0 and planes.shape[2] % 2**levels == 0:  # no boundary padding needed
        details = _haar_details(planes, levels)
    else:
        details = pywt.wavedec2(planes, "haar", level=levels, axes=(-2, -1))[1:]
    bands = [band.reshape(3, -1) for level in details for band in level]  # (channel, coefficients) each
    stats = np.array([[np.abs(b).mean(axis=1), b.std(axis=1)] for b in bands])  # (band, stat, channel)
    return stats.transpose(2, 0, 1).ravel()  # channel-major, then level, band, [mean |c|, s.d.]


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
_GABOR32 = _GABOR.astype(np.float32)  # the batched inverse FFT runs in complex64: ~1e-7 relative error, 2x faster


def gist_descriptor(grey: np.ndarray, grid: int = 4) -> np.ndarray:
    import scipy.fft

    spectrum = scipy.fft.fft2(grey - grey.mean(), workers=1).astype(np.complex64)
    filtered = np.multiply(_GABOR32, spectrum)  # all 32 filters, one batched inverse FFT
    energy = np.abs(scipy.fft.ifft2(filtered, overwrite_x=True, workers=1))  # float32, summed in float64
    return (_grid_sums(energy, grid) / _grid_labels(*grey.shape, grid)[1]).ravel()


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
    from skimage.color import rgb2ycbcr

    rgb = as_rgb_array(image)
    flags = image_flags(rgb)
    small = np.asarray(Image.fromarray(rgb if rgb.size else np.zeros((1, 1, 3), np.uint8)).resize((_SIZE, _SIZE), Image.BILINEAR))
    hsv = _rgb2hsv_uint8(small)
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


def handcrafted_images_worker(unit: dict):
    """Feature-family worker: ``{"handcrafted": (2596,)}`` and flags of one image file."""
    from PIL import Image

    with Image.open(unit["path"]) as img:
        values, flags = extract_handcrafted_image_features(as_rgb_array(img))
    return {"handcrafted": values}, flags
