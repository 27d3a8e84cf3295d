"""Image2song's reference rows on the test queries of each protocol: chance and the corpus oracles.

* **chance** -- a uniformly random ranking of each gallery: Recall@K = K / n for n gallery songs, the
  median rank (n + 1) / 2 (image -> song); song -> image with r relevant images among m:
  :func:`~music_visual.metrics.chance.expected_random_recall_at_k`.
* **oracle** -- :func:`music_visual.corpus.oracle.oracle_similarity` (the generator's ground truth, which
  no method reads) between the query image and both items of a song: its lyric (the topic) and its audio
  (affect and genre); their log-likelihood ratios add, as the factors are independent given the song.
  The best any method could do from what the image and the song carry.
* **lyric oracle** -- the same with the lyric alone (the topic: what lyric words and image tags can share).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.corpus.schema import Corpus
from music_visual.metrics.chance import expected_random_recall_at_k
from music_visual.papers.image2song.data import galleries
from music_visual.papers.image2song.trainer import KS, gallery_ranks, rank_metrics


def chance_metrics(song_of: np.ndarray, role_images: np.ndarray, gallery_size: int, seed: int) -> dict:
    """Expected metrics of a random ranking on the role's queries, both directions."""
    recall, medians, s_recall, s_ranks = {k: [] for k in KS}, [], {k: [] for k in KS}, []
    for gallery in galleries(np.unique(song_of[role_images]), gallery_size, seed):
        in_gallery = np.isin(song_of[role_images], gallery)
        n_q, n, m = int(in_gallery.sum()), len(gallery), int(in_gallery.sum())
        per_song = pd.Series(song_of[role_images][in_gallery]).value_counts().reindex(gallery).fillna(0).to_numpy()
        for k in KS:
            recall[k] += [min(k, n) / n] * n_q
            s_recall[k] += list(expected_random_recall_at_k(m, min(k, m), np.maximum(per_song, 1).astype(int)))
        medians += [(n + 1) / 2] * n_q
        s_ranks += list((m + 1) / (np.maximum(per_song, 1) + 1))
    out = {f"recall_at_{k}": float(np.mean(v)) for k, v in recall.items()}
    out |= {"median_rank": float(np.median(medians)), "mean_rank": float(np.mean(medians))}
    out |= {f"song2image_recall_at_{k}": float(np.mean(v)) for k, v in s_recall.items()}
    return out | {"song2image_median_rank": float(np.median(s_ranks)), "song2image_mean_rank": float(np.mean(s_ranks))}


def oracle_metrics(corpus: Corpus, view, protocol: str, gallery_size: int, seed: int,
                   with_audio: bool = True) -> dict:
    """The oracle's metrics on the protocol's test queries (see the module docstring)."""
    from music_visual.corpus.oracle import oracle_similarity

    table = view.triplets
    songs = view.songs.reset_index(drop=True)
    row_of = {s: i for i, s in enumerate(songs["song_id"])}
    song_of = table["song_id"].map(row_of).to_numpy()
    image_ids, lyric_ids, audio_ids = table["image_id"].to_numpy(), songs["lyric_id"].to_numpy(), songs["audio_id"].to_numpy()

    def score(image_rows, song_rows):
        s = oracle_similarity(corpus, image_ids[image_rows], lyric_ids[song_rows])
        if with_audio:
            s = s + oracle_similarity(corpus, image_ids[image_rows], audio_ids[song_rows])
        return s

    role_images = np.flatnonzero(table[protocol].to_numpy() == "test")
    ranks = gallery_ranks(score, song_of, role_images, gallery_size, seed, song2image=True)
    return rank_metrics(ranks) | rank_metrics(ranks, "song2image_")


def reference_metrics(corpus: Corpus | None, view, gallery_sizes: dict[str, int], seed: int) -> dict:
    """``{protocol: {"chance": ..., "oracle": ..., "lyric_oracle": ...}}`` (no oracle without latents)."""
    table = view.triplets
    row_of = {s: i for i, s in enumerate(view.songs["song_id"])}
    song_of = table["song_id"].map(row_of).to_numpy()
    out = {}
    for protocol, size in gallery_sizes.items():
        role_images = np.flatnonzero(table[protocol].to_numpy() == "test")
        out[protocol] = {"chance": chance_metrics(song_of, role_images, size, seed)}
        if corpus is not None and len(corpus.latents):
            out[protocol]["oracle"] = oracle_metrics(corpus, view, protocol, size, seed)
            out[protocol]["lyric_oracle"] = oracle_metrics(corpus, view, protocol, size, seed, with_audio=False)
    return out


def reference_rows(references: dict, seeds: list[int], tag_sets: list[str]) -> pd.DataFrame:
    """The references as per-seed rows (repeated per seed and tag set) for the summaries and claims."""
    rows = []
    for protocol, refs in references.items():
        for name, metrics in refs.items():
            for tags in tag_sets:
                for seed in seeds:
                    rows.append({"config": f"{name}@{tags}", "method": name, "tags": tags, "protocol": protocol,
                                 "seed": seed, "table": "reference", **metrics})
    return pd.DataFrame(rows)
