"""The MR-CCA dataset view: (music segment, key frame) pairs, preference annotations, song splits.

MR-CCA (Wu et al., Sec. 2.1, 4): every key frame of a music video is paired with the music
segment it falls in; labellers compared "a pair from the MV and a random pair (music is the
same but image is selected randomly)" for half of the pairs and preferred the MV pair 89.2 %
of the time; 20,000 of 22,632 segments (88.4 %) train, the rest test.

Choices where the corpus or the paper leave room:

* **Key-frame times**: the schema stores no timestamp for an image. Key frames of a song are
  taken as evenly spaced, key frame ``k`` of ``n`` at ``(k + 0.5) * duration / n`` in the
  order of the corpus's ``song_image`` pairs -- how the world generator and the folder
  adapter (regular frame sampling) take them.
* **Annotations in the paper's form**: the corpus's simulated annotators answer another
  question (one key frame per video, *two songs*). We build the paper's form instead: for
  every pair, the same segment with an image of another song drawn at random; a random
  ``labelled_share`` (half) of these comparisons are "human-labelled" by ``n_annotators``
  simulated annotators who each prefer the MV pair with probability ``agreement`` -- the
  corpus's own rate and annotator count (``manifest.world_params``), 89.2 % and 3 by default,
  the paper's rate. Like the corpus's annotators they judge independently of the content.
* **Split**: by song (no song on both sides), songs shuffled and taken until the training
  share of segments is closest to ``train_share`` (the paper's 20,000 / 22,632).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.papers.mrcca import paper

COMPARISONS_FILE = "comparisons.parquet"  # 01_data -> 02_features, 03_train
PAPER_TRAIN_SHARE = paper.TRAIN_SHARE
PAPER_AGREEMENT = paper.ANNOTATOR_AGREEMENT
PAIR_COLUMNS = ("pair_id", "song_id", "audio_id", "segment", "segment_id", "image_id", "keyframe_s",
                "segment_start", "segment_end")


def keyframe_times(song_image_pairs: pd.DataFrame, durations: pd.Series) -> np.ndarray:
    """Time (s) of each ``song_image`` pair's key frame: evenly spaced within its song.

    ``song_image_pairs`` has ``left_id`` (audio) and ``right_id`` (image) in key-frame order;
    ``durations`` maps audio ids to seconds.
    """
    order = song_image_pairs.groupby("left_id", sort=False).cumcount().to_numpy()
    count = song_image_pairs.groupby("left_id", sort=False)["right_id"].transform("size").to_numpy()
    duration = durations.loc[song_image_pairs["left_id"]].to_numpy(dtype=float)
    return (order + 0.5) * duration / count


def segment_of(times: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Index of the segment (rows ``[start, end)`` of ``bounds``) holding each time; the last
    segment also takes times at or beyond its end."""
    starts = np.asarray(bounds)[:, 0]
    return np.clip(np.searchsorted(starts, times, side="right") - 1, 0, len(starts) - 1)


def music_image_pairs(items: pd.DataFrame, pairs: pd.DataFrame, bounds: dict[str, np.ndarray]) -> pd.DataFrame:
    """One row per key frame: its song, audio item, the segment it falls in and the segment's bounds.

    ``bounds`` maps audio item ids to (n_segments, 2) start/end seconds; songs without bounds
    (their audio failed in the feature stage) are left out.
    """
    song_images = pairs[(pairs["role"] == "song_image") & pairs["left_id"].isin(list(bounds))]
    song_images = song_images.reset_index(drop=True)
    durations = items.set_index("item_id")["duration"]
    times = keyframe_times(song_images, durations)
    rows = []
    for image_id, audio_id, song_id, time in zip(song_images["right_id"], song_images["left_id"],
                                                 song_images["song_id"], times):
        b = np.asarray(bounds[audio_id])
        s = int(segment_of(np.array([time]), b)[0])
        rows.append((image_id, song_id, audio_id, s, f"{audio_id}#{s}", image_id, float(time),
                     float(b[s, 0]), float(b[s, 1])))
    return pd.DataFrame(rows, columns=list(PAIR_COLUMNS))


def annotation_settings(manifest: dict) -> tuple[float, int]:
    """(agreement, annotators per comparison) of the corpus's simulated annotators, else the paper's."""
    world = manifest.get("world_params") or {}
    return float(world.get("preference_agreement", PAPER_AGREEMENT)), int(world.get("annotators_per_pair", 3))


def random_other_images(songs: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """For each row, the row of a uniformly drawn image of another song (``songs[j] != songs[i]``)."""
    songs = np.asarray(songs)
    if len(np.unique(songs)) < 2:
        raise ValueError("random images of another song need at least two songs")
    other = rng.integers(len(songs), size=len(songs))
    clash = songs[other] == songs
    while clash.any():
        other[clash] = rng.integers(len(songs), size=int(clash.sum()))
        clash = songs[other] == songs
    return other


def simulate_comparisons(pairs: pd.DataFrame, rng: np.random.Generator, labelled_share: float = 0.5,
                         agreement: float = PAPER_AGREEMENT, n_annotators: int = 3) -> pd.DataFrame:
    """The paper's annotation set: each pair against (same segment, random image of another song).

    Adds ``other_image_id``, ``other_song_id``, ``labelled`` (the "human-labelled" half),
    ``votes_true`` (annotators preferring the MV pair) and ``n_votes`` (0 when not labelled).
    """
    out = pairs.copy()
    other = random_other_images(out["song_id"].to_numpy(), rng)
    out["other_image_id"] = out["image_id"].to_numpy()[other]
    out["other_song_id"] = out["song_id"].to_numpy()[other]
    labelled = np.zeros(len(out), dtype=bool)
    labelled[rng.choice(len(out), size=int(round(labelled_share * len(out))), replace=False)] = True
    out["labelled"] = labelled
    out["n_votes"] = np.where(labelled, n_annotators, 0)
    out["votes_true"] = np.where(labelled, rng.binomial(n_annotators, agreement, size=len(out)), 0)
    return out


def split_by_song(segment_songs: np.ndarray, rng: np.random.Generator,
                  train_share: float = PAPER_TRAIN_SHARE) -> set:
    """Training songs: shuffled songs taken while that brings the share of segments closer to
    ``train_share`` (at least one song on each side). ``segment_songs``: the song of each segment."""
    songs, counts = np.unique(np.asarray(segment_songs), return_counts=True)
    if len(songs) < 2:
        raise ValueError("a split by song needs at least two songs")
    order = rng.permutation(len(songs))
    shares = np.cumsum(counts[order]) / counts.sum()
    n_train = int(np.clip(np.argmin(np.abs(shares - train_share)) + 1, 1, len(songs) - 1))
    return set(songs[order[:n_train]].tolist())


def boundary_hit_rate(estimated: np.ndarray, reference: np.ndarray, tolerance: float = 1.0) -> tuple[float, float]:
    """(precision, recall) of inner boundaries within ``tolerance`` seconds (greedy one-to-one match)."""
    estimated, reference = np.sort(np.asarray(estimated, float)), np.sort(np.asarray(reference, float))
    used, hits = np.zeros(len(reference), dtype=bool), 0
    for e in estimated:
        gaps = np.where(used, np.inf, np.abs(reference - e))
        if gaps.size and gaps.min() <= tolerance:
            used[int(np.argmin(gaps))] = True
            hits += 1
    precision = hits / len(estimated) if len(estimated) else float(len(reference) == 0)
    recall = hits / len(reference) if len(reference) else 1.0
    return precision, recall


def oracle_pair_scores(corpus, music_ids, image_ids, block: int = 256) -> np.ndarray:
    """The corpus oracle's score of each (music item, image item) pair (row-aligned ids), in blocks."""
    from music_visual.corpus import oracle_similarity

    music_ids, image_ids = list(music_ids), list(image_ids)
    out = np.empty(len(music_ids))
    for start in range(0, len(music_ids), block):
        stop = min(start + block, len(music_ids))
        out[start:stop] = np.diag(oracle_similarity(corpus, music_ids[start:stop], image_ids[start:stop]))
    return out
