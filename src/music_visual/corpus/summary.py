"""Numbers about a built corpus for ``reports/corpus/metrics.json``."""

from __future__ import annotations

import numpy as np

from music_visual.corpus.schema import Corpus


def preference_agreement(corpus: Corpus) -> float:
    """Share of preference annotations that chose the image's own song (its ``song_image``
    pair partner); annotations whose two songs are both foreign are left out. NaN if none remain."""
    pref = corpus.annotations[corpus.annotations["kind"] == "preference"]
    pairs = corpus.pairs[corpus.pairs["role"] == "song_image"]
    own = pref["item_id"].map(dict(zip(pairs["right_id"], pairs["left_id"])))
    left_is_own, right_is_own = (pref["left_id"] == own).to_numpy(), (pref["right_id"] == own).to_numpy()
    usable = left_is_own ^ right_is_own
    if not usable.any():
        return float("nan")
    chose_left = pref["value"].to_numpy() == 1.0
    return float(np.mean(chose_left[usable] == left_is_own[usable]))


def _none_if_nan(value: float) -> float | None:
    """JSON has no NaN: an undefined number is written as null."""
    return None if np.isnan(value) else value


def corpus_metrics(corpus: Corpus, build_seconds: float) -> dict:
    """Counts, skips, timing and annotation checks of one corpus."""
    m = corpus.manifest
    audio_minutes = float(corpus.of_kind("audio")["duration"].sum()) / 60.0
    return {
        "source": m["source"], "seed": m["seed"], "counts": m["counts"],
        "skipped_total": m["counts"].get("skipped_total", 0), "skipped": m["counts"].get("skipped", {}),
        "build_seconds": round(float(build_seconds), 2), "audio_minutes": round(audio_minutes, 2),
        "seconds_per_audio_minute": round(float(build_seconds) / audio_minutes, 3) if audio_minutes else None,
        "preference_agreement": _none_if_nan(preference_agreement(corpus)),
        "asset_versions": m.get("asset_versions", {}), "asset_warnings": m.get("asset_warnings", []),
    }


def paper_needs(corpus: Corpus) -> dict:
    """What the later papers read from a corpus, counted, so a change of the generator that removes one shows:
    emotion classes (ACP-Net: 3 music and 8 image classes), long songs with sections (S-DCCA's chunks),
    lyrics and several images per song with favourite counts (Image2song), preference trials (MR-CCA) and lyrics
    that share a word with their topic's pictures (the topic words)."""
    from music_visual.corpus.world.catalog import TOPICS

    items, notes = corpus.items, corpus.annotations
    audio, images = corpus.of_kind("audio"), corpus.of_kind("image")
    per_song = corpus.pairs[corpus.pairs["role"] == "song_image"].groupby("song_id").size()
    sections = notes[notes["kind"] == "section"].groupby("item_id").size()
    lyrics = corpus.of_kind("lyric")
    topical = [bool(set(corpus.path_of(i).read_text().split()) & set(TOPICS.get(t, {}).get("words", ())))
               for i, t in zip(lyrics["item_id"], lyrics["topic"])] if corpus.root is not None else []
    longest = audio["duration"].max() if len(audio) else float("nan")
    return {
        "affect3_classes_music": int(audio.loc[audio["affect3"] != "", "affect3"].nunique()),
        "emotion8_classes_images": int(images.loc[images["emotion8"] != "", "emotion8"].nunique()),
        "emotion10_classes_music": int(audio.loc[audio["emotion10"] != "", "emotion10"].nunique()),
        "long_songs": int((audio["duration"] >= longest).sum()) if len(audio) else 0,
        "sections_per_song_min": int(sections.min()) if len(sections) else 0,
        "images_per_song_min": int(per_song.min()) if len(per_song) else 0,
        "songs_with_favourites": int(notes.loc[notes["kind"] == "favourites", "left_id"].nunique()),
        "preference_trials": int(notes.loc[notes["kind"] == "preference", "item_id"].nunique()),
        "lyrics_with_topic_words_share": _none_if_nan(float(np.mean(topical)) if topical else float("nan")),
        "items": int(len(items)),
    }
