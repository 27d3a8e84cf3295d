import numpy as np
import pandas as pd
import pytest

from music_visual.corpus import CorpusError, oracle_similarity
from music_visual.corpus.schema import Corpus, empty_table


def _corpus(latents):
    return Corpus(root=None, items=empty_table("items"), pairs=empty_table("pairs"),
                  annotations=empty_table("annotations"), manifest={}, latents=latents)


def _latents(n, noise, rng):
    v, a = rng.uniform(-0.7, 0.7, n), rng.uniform(-0.7, 0.7, n)
    genre = rng.choice(["rock", "folk", "classical", "electronic"], n)
    audio = pd.DataFrame({"item_id": [f"a{i}" for i in range(n)], "song_id": [f"s{i}" for i in range(n)],
                          "modality": "music", "valence": v + rng.normal(0, noise, n),
                          "arousal": a + rng.normal(0, noise, n), "motion": np.nan,
                          "genre": genre, "topic": "", "noise": noise, "genre_fidelity": 1.0})
    video = audio.assign(item_id=[f"v{i}" for i in range(n)], modality="visual", valence=v + rng.normal(0, noise, n),
                         arousal=a + rng.normal(0, noise, n), motion=rng.normal(0, noise, n), topic="space")
    return pd.concat([audio, video], ignore_index=True)


def test_oracle_ranks_true_pairs_first_when_noise_is_small():
    corpus = _corpus(_latents(50, 0.01, np.random.default_rng(0)))
    sim = oracle_similarity(corpus, [f"a{i}" for i in range(50)], [f"v{i}" for i in range(50)])
    assert (sim.argmax(axis=1) == np.arange(50)).mean() > 0.95


def test_oracle_degrades_with_noise_but_beats_chance():
    corpus = _corpus(_latents(200, 0.3, np.random.default_rng(1)))
    sim = oracle_similarity(corpus, [f"a{i}" for i in range(200)], [f"v{i}" for i in range(200)])
    ranks = 1 + (sim > np.diag(sim)[:, None]).sum(axis=1)
    assert 0.05 < np.mean(ranks == 1) < 0.9
    assert np.median(ranks) < 100 / 4


def test_genre_match_raises_the_score():
    lat = _latents(2, 0.1, np.random.default_rng(2))
    lat.loc[:, ["valence", "arousal"]] = 0.0
    lat["genre"] = ["rock", "folk", "rock", "rock"]
    sim = oracle_similarity(_corpus(lat), ["a0", "a1"], ["v0"])
    assert sim[0, 0] > sim[1, 0]


def test_oracle_needs_latents():
    with pytest.raises(CorpusError, match="only for generated"):
        oracle_similarity(_corpus(empty_table("latents")), ["a"], ["b"])
    with pytest.raises(CorpusError, match="no latent factors"):
        oracle_similarity(_corpus(_latents(2, 0.1, np.random.default_rng(0))), ["zz"], ["v0"])


def test_unknown_oracle_kind_and_fitted_oracles_need_train_pairs():
    corpus = _corpus(_latents(20, 0.1, np.random.default_rng(0)))
    with pytest.raises(ValueError, match="unknown oracle"):
        oracle_similarity(corpus, ["a0"], ["v0"], kind="best")
    with pytest.raises(CorpusError, match="train split"):
        oracle_similarity(corpus, ["a0"], ["v0"], kind="per_genre")
