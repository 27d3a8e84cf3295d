"""The corpus oracle for ACP-Net: the true labels seen through the generator's noise.

The generated world (:mod:`music_visual.corpus.world.latents`) draws each unit's true valence and arousal
``(v, a)`` uniformly in the unit disk; its labels are wedges of that disk (:mod:`music_visual.corpus.labels`:
``emotion8`` by the nearest prototype angle, ``affect3`` by Table 1's regrouping). The media never show
``(v, a)`` itself, only noisy expressions of it (``latents.parquet``):

* **music** expresses ``clip(v + e, -1, 1)``, ``clip(a + e, -1, 1)`` with ``e ~ N(0, s_m^2)`` (``noise``);
* **pictures** express the three visual coordinates of :func:`~music_visual.corpus.world.structure.visual_affect`
  of ``(v, a)`` and the unit's *true* genre, each plus ``N(0, s_v^2)`` noise and clipped to [-1, 1]; the
  genre they show (their style) is the true genre with probability ``genre_fidelity``, else a uniform draw.

The oracle is the exact Bayes posterior of the class given what an item expresses,
``P(c | item) = integral over wedge c of p(expressed | v, a) dv da / integral over the disk``, with the
uniform-disk prior, the Gaussian noise (a clipped coordinate is a censored observation: its likelihood is
the normal tail beyond the bound) and, for pictures, a sum over the four genres weighted by
``P(true genre | shown style)``. The integrals are sums over a fine grid of the disk (:func:`disk_grid`).

For a **pair**, the units are independent draws, so given the design ``J`` of the pair sampler
(:func:`music_visual.papers.acpnet.pairs.class_design`, whose pairs pick an image of class ``c`` and a segment of
class ``k`` with probability ``J[c, k]``), the posterior that the pair is true is

``P(true | image, music) = sum_c J[c, c] a_c b_c / sum_{c, k} J[c, k] a_c b_k``, with ``a_c = P(c | image) / pi_c``
and ``b_k = P(k | music) / pi_k`` (``pi`` the classes' prior shares of the disk),

because sampling an image uniformly among those of class ``c`` draws its expression from
``p(x | c) = P(c | x) p(x) / pi_c``. Predicting *true* when it exceeds 1/2 is the best any method can do from
the factors the media carry: the oracle rows of every table. The probes' oracle is the argmax of
``P(emotion8 | image)`` and of ``P(affect3 | music)``.

Nothing here reads the items' labels; the tests check the posteriors' calibration on simulated draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import log_ndtr, logsumexp

from music_visual.corpus import labels as corpus_labels
from music_visual.corpus.schema import Corpus, CorpusError
from music_visual.corpus.world.catalog import GENRES
from music_visual.corpus.world.structure import Structure, structure_of, visual_affect

AFFECT3 = corpus_labels.AFFECT3
EMOTION8 = corpus_labels.EMOTION8
GRID_SIDE = 81  # points per side of the square grid over [-1, 1]^2 (about 5,100 inside the disk)
BOUND = 1.0 - 1e-9  # an expressed coordinate at or beyond this is a clipped (censored) one


def disk_grid(side: int = GRID_SIDE) -> tuple[np.ndarray, np.ndarray]:
    """Cell centres of a ``side`` x ``side`` grid over [-1, 1]^2 that lie in the unit disk (equal weights)."""
    centres = (np.arange(side) + 0.5) / side * 2.0 - 1.0
    v, a = np.meshgrid(centres, centres, indexing="ij")
    inside = v ** 2 + a ** 2 <= 1.0
    return v[inside], a[inside]


def grid_classes(v: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One-hot (n_grid, 3) affect3 and (n_grid, 8) emotion8 memberships of the grid points."""
    e8 = corpus_labels.emotion8_of(v, a)
    a3 = corpus_labels.affect3_of_emotion8(e8)
    return (np.stack([a3 == c for c in AFFECT3], axis=1).astype(float),
            np.stack([e8 == c for c in EMOTION8], axis=1).astype(float))


def class_priors(side: int = GRID_SIDE) -> np.ndarray:
    """Prior share of the disk of each affect3 class (positive, neutral, negative)."""
    onehot3, _ = grid_classes(*disk_grid(side))
    return onehot3.mean(axis=0)


def censored_loglik(observed: np.ndarray, predicted: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Per-coordinate log-likelihood of ``observed = clip(predicted + N(0, sigma^2), -1, 1)``.

    ``observed`` (n, 1, d), ``predicted`` (1 or n, g, d), ``sigma`` (n, 1, 1); constants that do not depend on
    ``predicted`` are dropped, so values compare across grid points of one item, not across items.
    """
    predicted = np.broadcast_to(predicted, np.broadcast_shapes(observed.shape, predicted.shape))
    out = -0.5 * ((observed - predicted) / sigma) ** 2
    sigma = np.broadcast_to(sigma, observed.shape)
    for mask, bound, sign in ((observed[:, 0, :] >= BOUND, 1.0, 1.0), (observed[:, 0, :] <= -BOUND, -1.0, -1.0)):
        rows, dims = np.nonzero(mask)  # only the clipped coordinates need the normal tail
        if len(rows):
            # P(predicted + e >= 1) = Phi((predicted - 1) / sigma); P(predicted + e <= -1) = Phi((-1 - predicted) / sigma)
            out[rows, :, dims] = log_ndtr(sign * (predicted[rows, :, dims] - bound) / sigma[rows, 0, dims][:, None])
    return out


def _posteriors(log_weights: np.ndarray, onehot3: np.ndarray, onehot8: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    w = np.exp(log_weights - logsumexp(log_weights, axis=1, keepdims=True))
    return w @ onehot3, w @ onehot8


def music_posteriors(expressed: np.ndarray, noise: np.ndarray, side: int = GRID_SIDE,
                     chunk: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3) P(affect3) and (n, 8) P(emotion8) of music items expressing ``(v_m, a_m)`` with ``noise``."""
    v, a = disk_grid(side)
    onehot3, onehot8 = grid_classes(v, a)
    grid = np.stack([v, a], axis=1)[None]
    expressed, noise = np.asarray(expressed, float), np.asarray(noise, float)
    p3, p8 = [], []
    for s in range(0, len(expressed), chunk):
        obs = expressed[s:s + chunk, None, :]
        ll = censored_loglik(obs, grid, noise[s:s + chunk, None, None]).sum(axis=2)
        a3, a8 = _posteriors(ll, onehot3, onehot8)
        p3.append(a3), p8.append(a8)
    return (np.concatenate(p3) if p3 else np.zeros((0, 3)), np.concatenate(p8) if p8 else np.zeros((0, 8)))


def genre_weights(shown: np.ndarray, fidelity: np.ndarray) -> np.ndarray:
    """(n, G) P(true genre | shown style genre): fidelity + (1 - fidelity) / G on the shown one."""
    genres = sorted(GENRES)
    shown = np.asarray(shown, dtype=str)
    f = np.nan_to_num(np.asarray(fidelity, float))
    same = shown[:, None] == np.array(genres)[None, :]
    known = same.any(axis=1, keepdims=True)
    w = np.where(same, f[:, None] + (1 - f[:, None]) / len(genres), (1 - f[:, None]) / len(genres))
    return np.where(known, w, 1.0 / len(genres))


def image_posteriors(expressed: np.ndarray, noise: np.ndarray, shown_genre: np.ndarray, fidelity: np.ndarray,
                     structure: Structure, side: int = GRID_SIDE, chunk: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """(n, 3) P(affect3) and (n, 8) P(emotion8) of pictures expressing visual coordinates ``(x, y, m)``."""
    v, a = disk_grid(side)
    onehot3, onehot8 = grid_classes(v, a)
    genres = sorted(GENRES)
    predicted = np.stack([visual_affect(v, a, np.full(len(v), g), structure) for g in genres])  # (G, n_grid, 3)
    expressed, noise = np.asarray(expressed, float), np.asarray(noise, float)
    with np.errstate(divide="ignore"):  # fidelity 1: the other genres have probability 0
        log_prior = np.log(genre_weights(shown_genre, fidelity))  # (n, G)
    p3, p8 = [], []
    for s in range(0, len(expressed), chunk):
        obs = expressed[s:s + chunk, None, :]
        sig = noise[s:s + chunk, None, None]
        ll = np.stack([censored_loglik(obs, predicted[g][None], sig).sum(axis=2) for g in range(len(genres))],
                      axis=1)  # (chunk, G, n_grid)
        ll = logsumexp(ll + log_prior[s:s + chunk, :, None], axis=1)
        a3, a8 = _posteriors(ll, onehot3, onehot8)
        p3.append(a3), p8.append(a8)
    return (np.concatenate(p3) if p3 else np.zeros((0, 3)), np.concatenate(p8) if p8 else np.zeros((0, 8)))


def item_posteriors(corpus: Corpus, items: pd.DataFrame, side: int = GRID_SIDE) -> pd.DataFrame:
    """Per view item (``item_id``, ``source_id``, ``modality``): P(affect3) and, for images, P(emotion8).

    Columns ``p_<affect3 class>`` and ``p_<emotion8 class>``; raises :class:`CorpusError` for a corpus
    without latents (a user's own data: no oracle).
    """
    latents = corpus.latents.set_index("item_id")
    if latents.empty:
        raise CorpusError("this corpus has no latents.parquet: the oracle exists only for generated corpora")
    missing = sorted(set(items["source_id"]) - set(latents.index))
    if missing:
        raise CorpusError(f"no latent factors for {len(missing)} items, e.g. {missing[:3]}")
    structure = structure_of(corpus.manifest)
    out = pd.DataFrame({"item_id": items["item_id"].to_numpy(), "modality": items["modality"].to_numpy()})
    for c in AFFECT3:
        out[f"p_{c}"] = np.nan
    for c in EMOTION8:
        out[f"p_{c}"] = np.nan
    cols3, cols8 = [f"p_{c}" for c in AFFECT3], [f"p_{c}" for c in EMOTION8]
    for modality in ("image", "music"):
        rows = np.flatnonzero(out["modality"].to_numpy() == modality)
        if not len(rows):
            continue
        source = items["source_id"].to_numpy()[rows]
        unique, inverse = np.unique(source, return_inverse=True)  # a unit's items share their latents
        lat = latents.loc[unique]
        if modality == "music":
            p3, p8 = music_posteriors(lat[["valence", "arousal"]].to_numpy(float), lat["noise"].to_numpy(float),
                                      side)
        else:
            p3, p8 = image_posteriors(lat[["valence", "arousal", "motion"]].to_numpy(float),
                                      lat["noise"].to_numpy(float), lat["genre"].to_numpy(str),
                                      lat["genre_fidelity"].to_numpy(float), structure, side)
        out.loc[rows, cols3] = p3[inverse]
        out.loc[rows, cols8] = p8[inverse]
    return out


def pair_true_probability(image_p3: np.ndarray, music_p3: np.ndarray, design: np.ndarray,
                          priors: np.ndarray) -> np.ndarray:
    """P(true | image, music) for pairs drawn from ``design`` (see the module docstring)."""
    a = np.asarray(image_p3, float) / priors
    b = np.asarray(music_p3, float) / priors
    numerator = np.einsum("nc,c,nc->n", a, np.diag(design), b)
    denominator = np.einsum("nc,ck,nk->n", a, design, b)
    return np.divide(numerator, denominator, out=np.full(len(a), 0.5), where=denominator > 0)
