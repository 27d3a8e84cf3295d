"""The oracles: similarity from the generator's ground truth (``latents.parquet``).

Each generated item expresses its song's factors with noise (see
:mod:`music_visual.corpus.world.latents`): music its valence and arousal, pictures
the three visual coordinates that the structure rule
(:mod:`music_visual.corpus.world.structure`) gives the song's affect and genre.
An oracle scores a (query, candidate) pair by the log-likelihood ratio "same song"
vs "different songs" of the factors both items express:

* affect. Between music and pictures, a *predictor* maps the music item's valence,
  arousal and genre to visual coordinates and each coordinate's difference to the
  picture is Gaussian: same song ``N(0, s2)``, different songs ``N(0, t2)``. Three
  oracles differ only in the predictor, so the report shows how much of the
  achievable score each kind of structure carries:

  - ``full``: the generator's own rule; ``s2`` = the two items' noise variances,
    ``t2 = s2 +`` twice the coordinate's variance over songs. The best achievable from
    the factors the media carry.
  - ``per_genre``: the best affine map from (valence, arousal) to the visual
    coordinates fitted by least squares on the train split's music-picture pairs,
    one per music genre; ``s2`` its residual variance, ``t2`` the variance of the
    difference between unrelated items (prediction plus picture variance). It
    carries the genre-specific (local) structure but not the nonlinear one.
  - ``global_linear``: one such map for all genres: only the global linear part.

  Two items of one modality compare their own coordinates (``s2`` the noise
  variances, ``t2 = s2 +`` twice the variance over songs).
* genre: kept with probability ``genre_fidelity`` (else uniform over G genres):
  P(equal | same) = f_q f_c + (1 - f_q f_c) / G, P(equal | different) = 1 / G.
* topic: shown exactly when expressed (``""`` means not expressed).

Factors one of the two items does not express are left out, so the oracle
between audio and video uses affect and genre (audio carries no topic).
It does not use cues of the shared timeline: a music video lasts as long as its
song (10 % of songs are long ones in the default size) and its cuts fall on the
song's beats. A method that reads durations or beat-aligned cuts can in principle
beat the oracle; retrieval evaluations that want to exclude the duration cue
should compare songs of one length.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.corpus.schema import Corpus, CorpusError
from music_visual.corpus.world.catalog import GENRES
from music_visual.corpus.world.structure import PRIOR_VAR, Structure, prior_variance, structure_of, visual_affect

ORACLES = ("full", "per_genre", "global_linear")
FIT_ROLES = ("music_video", "song_image")
MIN_GENRE_PAIRS = 8  # a genre with fewer train pairs uses the global fit
TOPIC_ERROR = 1e-3  # the oracle allows a tiny chance that an expressed topic is wrong
COORDS = ("valence", "arousal", "motion")


def _gaussian_llr(d2: np.ndarray, s2: np.ndarray, t2: np.ndarray) -> np.ndarray:
    """log N(d; 0, s2) - log N(d; 0, t2) from the squared difference ``d2``; 0 where undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        llr = -0.5 * d2 / s2 + 0.5 * d2 / t2 + 0.5 * np.log(t2 / s2)
    return np.where(np.isfinite(llr), llr, 0.0)


def _categorical_llr(q: np.ndarray, c: np.ndarray, p_same_equal: np.ndarray, p_diff_equal: float) -> np.ndarray:
    equal = q[:, None] == c[None, :]
    known = (q[:, None] != "") & (c[None, :] != "")
    p_same_equal = np.clip(p_same_equal, 1e-9, 1 - 1e-9)
    llr = np.where(equal, np.log(p_same_equal / p_diff_equal), np.log((1 - p_same_equal) / (1 - p_diff_equal)))
    return np.where(known, llr, 0.0)


def _latent_index(corpus: Corpus) -> pd.DataFrame:
    latents = corpus.latents.set_index("item_id")
    if latents.empty:
        raise CorpusError("this corpus has no latents.parquet: the oracle exists only for generated corpora")
    return latents


def _rows(latents: pd.DataFrame, ids) -> pd.DataFrame:
    ids = list(ids)
    missing = [i for i in ids if i not in latents.index]
    if missing:
        raise CorpusError(f"no latent factors for {len(missing)} items (e.g. {missing[:3]}); "
                          "the oracle needs a generated corpus")
    return latents.loc[ids]


class _Side:
    """One list of items: its own coordinates and, for music items, their predicted visual coordinates."""

    def __init__(self, rows: pd.DataFrame, predictor):
        self.modality = rows["modality"].to_numpy(str)
        self.own = rows.loc[:, list(COORDS)].to_numpy(float)
        self.noise2 = np.repeat(rows["noise"].to_numpy(float)[:, None] ** 2, 3, axis=1)
        self.pred, self.pred_var = predictor(rows)


class _FullRule:
    """The generator's rule: music (valence, arousal, genre) -> visual coordinates."""

    def __init__(self, structure: Structure):
        self.structure = structure

    def __call__(self, rows: pd.DataFrame):
        pred = visual_affect(rows["valence"], rows["arousal"], rows["genre"].to_numpy(str), self.structure)
        return pred, None


class _FittedRule:
    """Least-squares affine maps (one, or one per music genre) fitted on the train split's pairs."""

    def __init__(self, corpus: Corpus, latents: pd.DataFrame, per_genre: bool):
        music, visual = _train_pairs(corpus, latents)
        x, y = _design(music), visual.loc[:, list(COORDS)].to_numpy(float)
        self.global_fit = _fit(x, y)
        self.fits = {}
        if per_genre:
            genres = music["genre"].to_numpy(str)
            for genre in np.unique(genres):
                rows = genres == genre
                if rows.sum() >= MIN_GENRE_PAIRS:
                    self.fits[genre] = _fit(x[rows], y[rows])
        pred = self._predict(music)
        residual = y - pred
        self.spread = np.var(y, axis=0) + np.var(pred, axis=0) + (y.mean(axis=0) - pred.mean(axis=0)) ** 2
        genres = music["genre"].to_numpy(str)
        self.residual_var = {g: np.mean(residual[genres == g] ** 2, axis=0) for g in self.fits}
        self.pooled_var = np.mean(residual ** 2, axis=0)

    def _predict(self, rows: pd.DataFrame) -> np.ndarray:
        x, genres = _design(rows), rows["genre"].to_numpy(str)
        pred = np.empty((len(rows), 3))
        for genre in np.unique(genres):
            sel = genres == genre
            pred[sel] = x[sel] @ self.fits.get(genre, self.global_fit)
        return pred

    def __call__(self, rows: pd.DataFrame):
        var = np.array([self.residual_var.get(g, self.pooled_var) for g in rows["genre"].to_numpy(str)]).reshape(-1, 3)
        return self._predict(rows), var


def _design(rows: pd.DataFrame) -> np.ndarray:
    return np.column_stack([rows["valence"].to_numpy(float), rows["arousal"].to_numpy(float), np.ones(len(rows))])


def _fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(x, y, rcond=None)[0]


def _train_pairs(corpus: Corpus, latents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Latent rows of the music and picture items of the train split's music-picture pairs."""
    pairs = corpus.pairs
    pairs = pairs[pairs["role"].isin(FIT_ROLES) & (pairs["split"] == "train")
                  & pairs["left_id"].isin(latents.index) & pairs["right_id"].isin(latents.index)]
    music, visual = latents.loc[pairs["left_id"]], latents.loc[pairs["right_id"]]
    usable = ((music["modality"] == "music").to_numpy() & (visual["modality"] == "visual").to_numpy()
              & np.isfinite(music[["valence", "arousal"]].to_numpy(float)).all(axis=1)
              & np.isfinite(visual[list(COORDS)].to_numpy(float)).all(axis=1))
    if usable.sum() < 4:
        raise CorpusError("the fitted oracles need music-picture pairs with latents in the train split")
    return music[usable], visual[usable]


def _affect(q: _Side, c: _Side, rule, prior: np.ndarray) -> np.ndarray:
    """Sum over coordinates of the Gaussian log-likelihood ratios, each pair compared in the right space."""
    out = np.zeros((len(q.modality), len(c.modality)))
    q_music, c_music = q.modality == "music", c.modality == "music"
    q_visual, c_visual = q.modality == "visual", c.modality == "visual"
    for k in range(3):
        same_kind = np.add.outer(q.noise2[:, k], c.noise2[:, k])
        spread = np.where(np.outer(q_music, c_music), PRIOR_VAR, prior[k])
        own = _gaussian_llr(np.subtract.outer(q.own[:, k], c.own[:, k]) ** 2, same_kind, same_kind + 2 * spread)
        own = np.where(np.equal.outer(q.modality, c.modality), own, 0.0)
        if isinstance(rule, _FittedRule):
            s_qc, s_cq = q.pred_var[:, k][:, None], c.pred_var[:, k][None, :]
            t_qc = t_cq = rule.spread[k]
        else:
            s_qc = s_cq = same_kind
            t_qc = t_cq = same_kind + 2 * prior[k]
        cross_qc = _gaussian_llr(np.subtract.outer(q.pred[:, k], c.own[:, k]) ** 2, s_qc, t_qc)
        cross_cq = _gaussian_llr(np.subtract.outer(q.own[:, k], c.pred[:, k]) ** 2, s_cq, t_cq)
        out += own + np.where(np.outer(q_music, c_visual), cross_qc, 0.0) + np.where(np.outer(q_visual, c_music),
                                                                                   cross_cq, 0.0)
    return out


def oracle_similarity(corpus: Corpus, query_ids, candidate_ids, kind: str = "full") -> np.ndarray:
    """(len(query_ids), len(candidate_ids)) log-likelihood-ratio scores; higher = more likely the same song.

    ``kind``: ``full`` (the generator's rule), ``per_genre`` or ``global_linear`` (affine maps fitted on the
    train split); see the module docstring.
    """
    if kind not in ORACLES:
        raise ValueError(f"unknown oracle {kind!r}; expected one of {ORACLES}")
    latents = _latent_index(corpus)
    q_rows, c_rows = _rows(latents, query_ids), _rows(latents, candidate_ids)
    structure = structure_of(corpus.manifest)
    rule = _FullRule(structure) if kind == "full" else _FittedRule(corpus, latents, per_genre=kind == "per_genre")
    prior = prior_variance(structure)
    score = _affect(_Side(q_rows, rule), _Side(c_rows, rule), rule, prior)
    f = (q_rows["genre_fidelity"].fillna(0).to_numpy()[:, None]
         * c_rows["genre_fidelity"].fillna(0).to_numpy()[None, :])
    g = len(GENRES)
    score += _categorical_llr(q_rows["genre"].to_numpy(str), c_rows["genre"].to_numpy(str), f + (1 - f) / g, 1 / g)
    n_topics = max(2, latents["topic"][latents["topic"] != ""].nunique())
    score += _categorical_llr(q_rows["topic"].to_numpy(str), c_rows["topic"].to_numpy(str),
                              np.full((len(q_rows), len(c_rows)), 1 - TOPIC_ERROR), 1 / n_topics)
    return score
