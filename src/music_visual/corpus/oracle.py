"""The oracle: similarity from the generator's ground truth (``latents.parquet``).

Each generated item expresses a noisy copy of its song's factors (see
:mod:`music_visual.corpus.world.latents`). The oracle scores a (query,
candidate) pair by the log-likelihood ratio "same song" vs "different songs"
of the factors both items express:

* valence and arousal (each): expressed = true + N(0, noise^2), true values with
  variance ``PRIOR_VAR`` (uniform disk: 1/4). Same song: difference ~ N(0, s2),
  s2 = noise_q^2 + noise_c^2; different songs: N(0, s2 + 2 PRIOR_VAR).
* genre: kept with probability ``genre_fidelity`` (else uniform over G genres):
  P(equal | same) = f_q f_c + (1 - f_q f_c) / G, P(equal | different) = 1 / G.
* topic: shown exactly when expressed (``""`` means not expressed).

Factors one of the two items does not express are left out, so the oracle
between audio and video uses valence, arousal and genre (audio carries no topic).
Ranking candidates by this score is the best achievable from the factors the
media actually carry: reports show it next to chance as the ceiling for
*content* matching. It does not use cues of the shared timeline: a music video
lasts as long as its song (10 % of songs are long ones in the default size) and
its cuts fall every 8 beats of the song's tempo. A method that reads durations or
cut rates can in principle beat the oracle; retrieval evaluations that want to
exclude the duration cue should compare songs of one length.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.corpus.schema import Corpus, CorpusError
from music_visual.corpus.world.catalog import GENRES

PRIOR_VAR = 0.25
TOPIC_ERROR = 1e-3  # the oracle allows a tiny chance that an expressed topic is wrong


def _gaussian_llr(q: np.ndarray, c: np.ndarray, s2: np.ndarray) -> np.ndarray:
    d2 = (q[:, None] - c[None, :]) ** 2
    llr = -0.5 * d2 / s2 + 0.5 * d2 / (s2 + 2 * PRIOR_VAR) + 0.5 * np.log((s2 + 2 * PRIOR_VAR) / s2)
    return np.where(np.isfinite(llr), llr, 0.0)


def _categorical_llr(q: np.ndarray, c: np.ndarray, p_same_equal: np.ndarray, p_diff_equal: float) -> np.ndarray:
    equal = q[:, None] == c[None, :]
    known = (q[:, None] != "") & (c[None, :] != "")
    p_same_equal = np.clip(p_same_equal, 1e-9, 1 - 1e-9)
    llr = np.where(equal, np.log(p_same_equal / p_diff_equal), np.log((1 - p_same_equal) / (1 - p_diff_equal)))
    return np.where(known, llr, 0.0)


def _rows(latents: pd.DataFrame, ids) -> pd.DataFrame:
    ids = list(ids)
    missing = [i for i in ids if i not in latents.index]
    if missing:
        raise CorpusError(f"no latent factors for {len(missing)} items (e.g. {missing[:3]}); "
                          "the oracle needs a generated corpus")
    return latents.loc[ids]


def oracle_similarity(corpus: Corpus, query_ids, candidate_ids) -> np.ndarray:
    """(len(query_ids), len(candidate_ids)) log-likelihood-ratio scores; higher = more likely the same song."""
    latents = corpus.latents.set_index("item_id")
    if latents.empty:
        raise CorpusError("this corpus has no latents.parquet: the oracle exists only for generated corpora")
    q, c = _rows(latents, query_ids), _rows(latents, candidate_ids)
    s2 = q["noise"].to_numpy()[:, None] ** 2 + c["noise"].to_numpy()[None, :] ** 2
    s2 = np.where(np.isfinite(s2), np.maximum(s2, 1e-4), np.nan)
    score = np.zeros((len(q), len(c)))
    for col in ("valence", "arousal"):
        score += _gaussian_llr(q[col].to_numpy(float), c[col].to_numpy(float), s2)
    f = q["genre_fidelity"].fillna(0).to_numpy()[:, None] * c["genre_fidelity"].fillna(0).to_numpy()[None, :]
    g = len(GENRES)
    score += _categorical_llr(q["genre"].to_numpy(str), c["genre"].to_numpy(str), f + (1 - f) / g, 1 / g)
    n_topics = max(2, latents["topic"][latents["topic"] != ""].nunique())
    score += _categorical_llr(q["topic"].to_numpy(str), c["topic"].to_numpy(str),
                              np.full((len(q), len(c)), 1 - TOPIC_ERROR), 1 / n_topics)
    return score
