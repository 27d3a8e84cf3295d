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
