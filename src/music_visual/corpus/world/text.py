"""Lyrics and simulated annotations of the generated world.

* Lyrics: lines of topic words, mood words (of the song's true affect) and filler.
* Preferences: each music video's first key frame is shown with its own song and
  a random other song of the same split. *Content* annotators (the default) pick
  the song whose affect, as its genre's rule would show it, lies closer to the
  image's, through Gaussian perception noise calibrated so that the expected
  agreement with the true pairing is ``agreement`` (MR-CCA reports 89.2 %): pairs
  whose two songs look alike split the annotators. *Fixed* annotators prefer the
  true song with probability ``agreement`` whatever the content
  (:mod:`music_visual.corpus.world.structure`).
* Favourite counts per (song, key frame) pair: on-topic frames get more.
* Moods (the song's emotion10 word) for a random ``mood_share`` of songs, as in
  Shuttersong (18.6 %).
* Sections of every audio item with their intensity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from music_visual.corpus.world.catalog import FILLER, MOOD_WORDS, TOPICS
from music_visual.corpus.world.music import section_bounds
from music_visual.corpus.world.structure import IDENTITY, Structure, calibrate_noise, visual_affect

LYRIC_LINES = 8
WORDS_PER_LINE = 6
TOPIC_WORD_SHARE = 0.3
MOOD_WORD_SHARE = 0.2


def make_lyric(topic: str, affect3: str, rng: np.random.Generator) -> str:
    lines = []
    for _ in range(LYRIC_LINES):
        draw = rng.random(WORDS_PER_LINE)
        words = [rng.choice(TOPICS[topic]["words"]) if d < TOPIC_WORD_SHARE
                 else rng.choice(MOOD_WORDS[affect3]) if d < TOPIC_WORD_SHARE + MOOD_WORD_SHARE
                 else rng.choice(FILLER) for d in draw]
        lines.append(" ".join(words))
    return "\n".join(lines) + "\n"


def _row(kind, item_id="", left_id="", right_id="", value=np.nan, text="", annotator="", start=np.nan, end=np.nan):
    return {"kind": kind, "item_id": item_id, "left_id": left_id, "right_id": right_id, "value": float(value),
            "text": text, "annotator": annotator, "start": start, "end": end}


def preference_trials(videos: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One trial per music video: its key frame with its own song and a random other song of its split;
    columns ``uid``, ``other``, ``true_left``."""
    trials = []
    for _, group in videos.groupby("split", sort=True):
        ids = group["unit_id"].to_numpy()
        if len(ids) < 2:
            continue
        for i, uid in enumerate(ids):
            other = ids[(i + 1 + rng.integers(len(ids) - 1)) % len(ids)]
            trials.append((uid, other, bool(rng.random() < 0.5)))
    return pd.DataFrame(trials, columns=["uid", "other", "true_left"])


def content_gaps(videos: pd.DataFrame, trials: pd.DataFrame, structure: Structure) -> np.ndarray:
    """Squared distance, in the visual coordinates, between each trial's two songs as their genres' rules show
    their true affect (the own song shows exactly the image's noise-free coordinates, so this is how much
    closer the true song is)."""
    by_id = videos.set_index("unit_id")
    shown = {side: visual_affect(by_id.loc[trials[side], "valence"], by_id.loc[trials[side], "arousal"],
                                 by_id.loc[trials[side], "genre"].to_numpy(), structure) for side in ("uid", "other")}
    return ((shown["uid"] - shown["other"]) ** 2).sum(axis=1)


def preference_rows(videos: pd.DataFrame, agreement: float, annotators: int, rng: np.random.Generator,
                    structure: Structure = IDENTITY) -> list[dict]:
    """``videos``: unit_id, split, valence, arousal, genre of the music videos (each has ``<id>_img0`` and
    ``<id>_audio``)."""
    trials = preference_trials(videos, rng)
    if not len(trials):
        return []
    draws = rng.standard_normal((len(trials), annotators))
    if structure.annotators == "content":
        gaps = content_gaps(videos, trials, structure)
        picks_true = gaps[:, None] + calibrate_noise(gaps, agreement) * draws > 0
    else:
        from scipy.special import ndtr

        picks_true = ndtr(draws) < agreement
    rows = []
    for t, trial in enumerate(trials.itertuples(index=False)):
        left, right = (trial.uid, trial.other) if trial.true_left else (trial.other, trial.uid)
        for a in range(annotators):
            rows.append(_row("preference", f"{trial.uid}_img0", f"{left}_audio", f"{right}_audio",
                             value=float(picks_true[t, a] == trial.true_left), annotator=f"annotator{a:02d}"))
    return rows


def favourite_rows(on_topic: dict[str, list[bool]], rng: np.random.Generator) -> list[dict]:
    rows = []
    for uid, flags in on_topic.items():
        for k, flag in enumerate(flags):
            count = 1 + rng.poisson(np.exp(1.2 + 1.0 * flag + 0.8 * rng.normal()))
            rows.append(_row("favourites", left_id=f"{uid}_audio", right_id=f"{uid}_img{k}", value=count))
    return rows


def mood_rows(songs: pd.DataFrame, share: float, rng: np.random.Generator) -> list[dict]:
    chosen = songs[rng.random(len(songs)) < share]
    return [_row("mood", f"{u}_audio", text=m) for u, m in zip(chosen["unit_id"], chosen["emotion10"])]


def section_rows(songs: pd.DataFrame) -> list[dict]:
    return [_row("section", f"{u}_audio", value=i, text=name, start=s, end=e)
            for u, d in zip(songs["unit_id"], songs["duration"]) for name, s, e, i in section_bounds(d)]
