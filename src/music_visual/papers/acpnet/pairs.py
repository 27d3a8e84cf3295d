"""True and false (image, music) correspondence pairs: the class design, sampling, checks.

A pair is *true* when the image and the music segment share the 3-class label (the paper's Sec. 2), *false*
otherwise. The paper does not say how it drew pairs nor how many. We draw them from a **class design**: a
joint distribution ``J`` over (image class, music class) cells,

* every true cell ``(c, c)`` gets ``1/2`` of the mass shared equally, every false cell ``(c, k)``, ``c != k``,
  the other ``1/2`` shared equally (with all three classes: 1/6 per true cell, 1/12 per false cell);
* then an image uniformly among the split's images of class ``c`` and a segment among its segments of class
  ``k``.

So pairs are balanced (half true, chance is 50 %) *and neither modality alone predicts correspondence*:
P(true | image class) = P(true | music class) = 1/2 for every class. A naive sampler (each image with one
song of its class and one random song of another class, :func:`per_image_pairs`) lets the music's class
alone predict correspondence (the negative songs turn up in true pairs more often than in false ones, as
negative is the largest class); :func:`unimodal_ceiling` measures that, and 01_data shows it for both samplers.

When a split lacks a class on one side, the design keeps only the cells that exist (and a split with no false
or no true cell at all yields only one kind of pair; chance, the majority rate, then says so). A pair never
joins an image with its own unit's song when another song of the class exists (those would share more
than their emotion); unavoidable ones are kept and counted (``same_unit``).

Training pairs are drawn afresh every epoch (:class:`EpochPairs`, seeded by (seed, epoch)); validation and
test pairs once, with a fixed seed (:func:`fixed_pairs`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from music_visual.corpus.labels import AFFECT3

CLASSES = AFFECT3  # positive, neutral, negative
PAIR_COLUMNS = ("image", "music", "label", "image_class", "music_class", "same_unit")
MAX_REDRAWS = 20


def class_index(labels: Iterable[str]) -> np.ndarray:
    """Positions of 3-class labels in :data:`CLASSES` (an unknown label is an error)."""
    lookup = {c: i for i, c in enumerate(CLASSES)}
    labels = list(labels)
    unknown = sorted({str(x) for x in labels} - set(lookup))
    if unknown:
        raise ValueError(f"labels outside {CLASSES}: {unknown}")
    return np.array([lookup[x] for x in labels], dtype=np.int64)


def class_design(image_classes: Iterable[str], music_classes: Iterable[str]) -> np.ndarray:
    """The 3 x 3 joint ``J[image class, music class]`` over the cells both sides can fill (sums to 1)."""
    has_image = np.isin(np.arange(3), class_index(set(image_classes)))
    has_music = np.isin(np.arange(3), class_index(set(music_classes)))
    feasible = np.outer(has_image, has_music)
    true_cells = feasible & np.eye(3, dtype=bool)
    false_cells = feasible & ~np.eye(3, dtype=bool)
    if not feasible.any():
        raise ValueError("no (image class, music class) cell can be filled: a side has no labelled item")
    design = np.zeros((3, 3))
    shares = (0.5, 0.5) if true_cells.any() and false_cells.any() else (float(true_cells.any()),
                                                                         float(false_cells.any()))
    for cells, share in zip((true_cells, false_cells), shares):
        if cells.any():
            design[cells] = share / cells.sum()
    return design


def _draw(pools: list[np.ndarray], classes: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    out = np.empty(len(classes), dtype=np.int64)
    for c in range(3):
        rows = np.flatnonzero(classes == c)
        if len(rows):
            out[rows] = pools[c][rng.integers(len(pools[c]), size=len(rows))]
    return out


def sample_pairs(image_classes: np.ndarray, image_units: np.ndarray, music_classes: np.ndarray,
                 music_units: np.ndarray, n_pairs: int, rng: np.random.Generator,
                 design: np.ndarray | None = None) -> pd.DataFrame:
    """``n_pairs`` pairs drawn from ``design`` (default :func:`class_design` of the two sides).

    Classes are positions in :data:`CLASSES`; ``image`` and ``music`` in the result are row positions of
    the two item tables given (one split's images and music segments).
    """
    image_classes, music_classes = np.asarray(image_classes), np.asarray(music_classes)
    if design is None:
        design = class_design([CLASSES[c] for c in set(image_classes.tolist())],
                              [CLASSES[c] for c in set(music_classes.tolist())])
    cells = rng.choice(9, size=int(n_pairs), p=design.ravel() / design.sum())
    c_img, c_mus = cells // 3, cells % 3
    image_pools = [np.flatnonzero(image_classes == c) for c in range(3)]
    music_pools = [np.flatnonzero(music_classes == c) for c in range(3)]
    images = _draw(image_pools, c_img, rng)
    music = _draw(music_pools, c_mus, rng)
    image_units, music_units = np.asarray(image_units), np.asarray(music_units)
    same = image_units[images] == music_units[music]
    for _ in range(MAX_REDRAWS):
        if not same.any():
            break
        rows = np.flatnonzero(same)
        music[rows] = _draw(music_pools, c_mus[rows], rng)
        same[rows] = image_units[images[rows]] == music_units[music[rows]]
    return pd.DataFrame({"image": images, "music": music, "label": (c_img == c_mus).astype(np.int64),
                         "image_class": c_img, "music_class": c_mus, "same_unit": same})


def split_arrays(images: pd.DataFrame, music: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """(image classes, image units, music classes, music units) of one split's item tables."""
    return (class_index(images["affect3"]), images["unit"].to_numpy(str), class_index(music["affect3"]),
            music["unit"].to_numpy(str))


def fixed_pairs(images: pd.DataFrame, music: pd.DataFrame, pairs_per_image: float, seed: int) -> pd.DataFrame:
    """The fixed validation or test pairs of one split: ``round(pairs_per_image * n_images)`` pairs."""
    n = max(1, int(round(pairs_per_image * len(images))))
    return sample_pairs(*split_arrays(images, music), n, np.random.default_rng(seed))


class EpochPairs:
    """Training pairs drawn afresh each epoch: epoch ``e`` uses ``default_rng([seed, e])``."""

    def __init__(self, images: pd.DataFrame, music: pd.DataFrame, pairs_per_image: float, seed: int):
        self.arrays = split_arrays(images, music)
        self.n_pairs = max(1, int(round(pairs_per_image * len(images))))
        self.seed = int(seed)

    def epoch(self, e: int) -> pd.DataFrame:
        return sample_pairs(*self.arrays, self.n_pairs, np.random.default_rng([self.seed, int(e)]))


def per_image_pairs(images: pd.DataFrame, music: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The naive sampler (for comparison only): each image with one song of its class and one song drawn
    uniformly among the songs of the other classes."""
    rng = np.random.default_rng(seed)
    c_img, image_units, c_mus_all, music_units = split_arrays(images, music)
    same_pool = [np.flatnonzero(c_mus_all == c) for c in range(3)]
    other_pool = [np.flatnonzero(c_mus_all != c) for c in range(3)]
    rows = []
    for i, c in enumerate(c_img):
        if len(same_pool[c]):
            rows.append((i, int(rng.choice(same_pool[c]))))
        if len(other_pool[c]):
            rows.append((i, int(rng.choice(other_pool[c]))))
    image, music_rows = np.array([r[0] for r in rows]), np.array([r[1] for r in rows])
    return pd.DataFrame({"image": image, "music": music_rows, "label": (c_img[image] == c_mus_all[music_rows]).astype(int),
                         "image_class": c_img[image], "music_class": c_mus_all[music_rows],
                         "same_unit": image_units[image] == music_units[music_rows]})


def pair_problems(pairs: pd.DataFrame, images: pd.DataFrame, music: pd.DataFrame) -> list[str]:
    """What is wrong with ``pairs`` over these item tables (empty: nothing)."""
    problems = []
    if len(pairs) == 0:
        return ["no pairs"]
    if pairs["image"].max() >= len(images) or pairs["music"].max() >= len(music) or pairs[["image", "music"]].min().min() < 0:
        return ["pair positions outside the item tables"]
    img_cls = class_index(images["affect3"].to_numpy()[pairs["image"]])
    mus_cls = class_index(music["affect3"].to_numpy()[pairs["music"]])
    if (img_cls != pairs["image_class"]).any() or (mus_cls != pairs["music_class"]).any():
        problems.append("recorded classes differ from the items' labels")
    wrong_true = int(((pairs["label"] == 1) & (img_cls != mus_cls)).sum())
    wrong_false = int(((pairs["label"] == 0) & (img_cls == mus_cls)).sum())
    if wrong_true:
        problems.append(f"{wrong_true} true pairs whose classes differ")
    if wrong_false:
        problems.append(f"{wrong_false} false pairs whose classes agree")
    splits = set(images["split"].to_numpy()[pairs["image"]]) | set(music["split"].to_numpy()[pairs["music"]])
    if len(splits) > 1:
        problems.append(f"pairs join items of several splits: {sorted(splits)}")
    return problems


def unimodal_ceiling(pairs: pd.DataFrame) -> dict[str, float]:
    """Best accuracy from one side's class alone (and from neither: the majority rate, i.e. chance).

    For the music side: sum over classes k of max(#true, #false pairs with music class k) / n; likewise
    for images. A sampler without single-modality shortcuts keeps both at the majority rate.
    """
    n = len(pairs)
    label = pairs["label"].to_numpy()
    out = {"majority_rate": float(max(label.mean(), 1 - label.mean()))}
    for side in ("image", "music"):
        cls = pairs[f"{side}_class"].to_numpy()
        best = sum(max(int((label[cls == c] == 1).sum()), int((label[cls == c] == 0).sum())) for c in range(3))
        out[f"{side}_class_only"] = best / n
    return out


def cell_counts(pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs per (image class, music class) cell, classes named."""
    table = pd.crosstab(pairs["image_class"], pairs["music_class"]).reindex(index=range(3), columns=range(3),
                                                                             fill_value=0)
    table.index = [f"image {c}" for c in CLASSES]
    table.columns = [f"music {c}" for c in CLASSES]
    return table


def pair_summary(pairs: pd.DataFrame, name: str) -> dict:
    """Counts and shares of one pair set (for the tables of 01_data)."""
    return {"pairs": name, "n_pairs": len(pairs), "true": int(pairs["label"].sum()),
            "false": int((pairs["label"] == 0).sum()), "true share": float(pairs["label"].mean()),
            "same unit (unavoidable)": int(pairs["same_unit"].sum()), **unimodal_ceiling(pairs)}
