"""A sanity check that the corpus is learnable: CCA on simple features vs chance vs the oracle.

Music: mean of 20 MFCCs over the song. Video: mean joint RGB colour histogram
(4 x 4 x 4 bins) over frames decoded at 1 fps, standardised and reduced to 16
principal components. CCA is fitted on the train split
and ranks test videos for every test song (music -> video). Recall@K is the
hit rate (share of queries whose true video is in the top K); ranks are 1-based.
Chance: K / N. Oracles: :func:`oracle_similarity` on the same queries, all three
(``full``: the generator's rule; ``per_genre`` and ``global_linear``: the best
per-genre and single affine maps of the true factors), so the report shows how much
of the achievable score the local and the nonlinear structure carry.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
from sklearn.cross_decomposition import CCA
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler
from tqdm.auto import tqdm

from music_visual.corpus.media import decode_audio, decode_frames
from music_visual.corpus.oracle import ORACLES, oracle_similarity
from music_visual.corpus.schema import Corpus

KS = (1, 5, 10)


def mean_mfcc(audio: np.ndarray, sample_rate: int, n_mfcc: int = 20) -> np.ndarray:
    import librosa

    return librosa.feature.mfcc(y=audio, sr=sample_rate, n_mfcc=n_mfcc).mean(axis=1)


def mean_colour_histogram(frames: np.ndarray, bins: int = 4) -> np.ndarray:
    """Mean over frames of the normalised joint RGB histogram (``bins``^3 values)."""
    q = (frames.astype(np.int32) * bins) // 256
    codes = (q[..., 0] * bins + q[..., 1]) * bins + q[..., 2]
    hist = np.stack([np.bincount(c.ravel(), minlength=bins ** 3) for c in codes]).astype(float)
    return (hist / hist.sum(axis=1, keepdims=True)).mean(axis=0)


def _pair_features(paths: tuple[str, str, int]) -> tuple[np.ndarray, np.ndarray]:
    audio_path, video_path, sample_rate = paths
    music = mean_mfcc(decode_audio(Path(audio_path), sample_rate), sample_rate)
    return music, mean_colour_histogram(decode_frames(Path(video_path), fps=1.0))


def music_video_features(corpus: Corpus, sample_rate: int = 22050, workers: int = 0):
    """(mean-MFCC matrix, colour-histogram matrix, pair rows) over all music_video pairs."""
    pairs = corpus.pairs[corpus.pairs["role"] == "music_video"].reset_index(drop=True)
    jobs = [(str(corpus.path_of(a)), str(corpus.path_of(v)), sample_rate) for a, v in zip(pairs["left_id"], pairs["right_id"])]
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        out = list(tqdm(pool.map(_pair_features, jobs, chunksize=8), total=len(jobs), desc="simple features"))
    return np.array([m for m, _ in out]), np.array([v for _, v in out]), pairs


def true_match_ranks(similarity: np.ndarray) -> np.ndarray:
    """1-based rank of the diagonal (true) candidate in each row; ties count against it."""
    diag = np.diag(similarity)
    return 1 + (similarity > diag[:, None]).sum(axis=1) + ((similarity == diag[:, None]).sum(axis=1) - 1)


def retrieval_summary(similarity: np.ndarray) -> dict:
    ranks = true_match_ranks(similarity)
    return {**{f"recall_at_{k}": float(np.mean(ranks <= k)) for k in KS}, "median_rank": float(np.median(ranks))}


def cca_similarity(music: np.ndarray, video: np.ndarray, train: np.ndarray, test: np.ndarray,
                   n_components: int, video_pca: int = 16) -> tuple[np.ndarray, int]:
    """Cosine similarity in a CCA space fitted on ``train`` rows (video side: standardised
    histogram reduced to ``video_pca`` principal components first, to tame over-fitting);
    returns (similarity, number of CCA components used)."""
    sm, sv = StandardScaler().fit(music[train]), StandardScaler().fit(video[train])
    pca = PCA(min(video_pca, int(train.sum()) - 1, video.shape[1])).fit(sv.transform(video[train]))
    reduce = lambda x: pca.transform(sv.transform(x))  # noqa: E731
    n_components = min(n_components, pca.n_components_)
    cca = CCA(n_components=n_components, max_iter=2000).fit(sm.transform(music[train]), reduce(video[train]))
    a, b = cca.transform(sm.transform(music[test]), reduce(video[test]))
    a /= np.linalg.norm(a, axis=1, keepdims=True) + 1e-12
    b /= np.linalg.norm(b, axis=1, keepdims=True) + 1e-12
    return a @ b.T, n_components


def cca_chance_oracle(corpus: Corpus, music: np.ndarray, video: np.ndarray, pairs, n_components: int = 8) -> dict:
    """music -> video retrieval on the test split: CCA, chance and the oracles' summaries (``oracle`` is the full
    one; ``oracle_per_genre``, ``oracle_global_linear``)."""
    train = (pairs["split"] == "train").to_numpy()
    test = (pairs["split"] == "test").to_numpy()
    n_test = int(test.sum())
    n_components = min(n_components, music.shape[1], video.shape[1], int(train.sum()) - 1)
    similarity, n_components = cca_similarity(music, video, train, test, n_components)
    cca = retrieval_summary(similarity)
    oracles = {("oracle" if kind == "full" else f"oracle_{kind}"):
               retrieval_summary(oracle_similarity(corpus, pairs["left_id"][test], pairs["right_id"][test], kind))
               for kind in ORACLES}
    chance = {**{f"recall_at_{k}": min(1.0, k / n_test) for k in KS}, "median_rank": (n_test + 1) / 2}
    return {"n_test_queries": n_test, "n_components": n_components, "chance": chance, "cca": cca, **oracles}
