"""ACP-Net's dataset view: every emotion-labelled image and music segment of a corpus, split by unit.

One row per **item** of the view (:data:`ITEM_COLUMNS`):

* images: every corpus item of kind ``image`` -- the standalone images *and* the key frames of the
  music videos, which carry their unit's labels. The 3-class label ``affect3`` is the paper's Table 1
  regrouping of the 8-class ``emotion8`` (:func:`music_visual.corpus.labels.affect3_of_emotion8`);
  an image with no 8-class label keeps the corpus's ``affect3`` (it then takes no part in the 8-class probe).
* music: every corpus item of kind ``audio`` (standalone songs and the music videos' songs), cut into the
  paper's 60 s segments by the ``acpnet_audio`` feature family: ``floor(duration / 60)`` segments, the
  remainder dropped, and a song shorter than 60 s is **one segment, the whole song** (our substitute for the
  paper's 60 s-only data: the default corpus's songs last 30 s, one in ten 72 s). Each segment is an item
  ``<audio id>#<k>`` with its song's label, as the paper treats segments as independent samples.

**Split.** The corpus's own ``split`` column: a random 70/10/20 split drawn per *unit* (a music video, a
standalone song or a standalone image), so a music video's five key frames and its song lie in one split
(they express the same latent factors: putting them in two splits would leak). :func:`leakage_problems`
checks that no item, segment or unit lies in two splits.

**Bad input** is a named, counted skip (:data:`SKIP_REASONS`), never a silent drop: an item without an
emotion label, a song the ``acpnet_audio`` family could not decode or flagged (silent, constant, empty,
too short, non-finite), a song shorter than ``min_song_seconds``, an image the ``cnn_images`` family could
not decode or flagged blank or tiny. The skips are saved beside the view (``skipped.csv``) and counted in
``view.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.corpus.labels import AFFECT3, AFFECT3_OF_EMOTION8, EMOTION8
from music_visual.corpus.schema import SPLITS, Corpus, CorpusError

ITEM_COLUMNS = ("item_id", "source_id", "modality", "unit", "split", "affect3", "emotion8", "segment", "start_s",
                "end_s", "path")
SKIP_COLUMNS = ("source_id", "modality", "reason", "detail")
SKIP_REASONS = ("no_emotion_label", "feature_failed", "no_features", "silent_audio", "constant_audio",
                "empty_audio", "nonfinite_audio", "too_short", "blank_image", "tiny_image", "unknown_label")
AUDIO_FLAG_REASONS = {"empty": "empty_audio", "silent": "silent_audio", "constant": "constant_audio",
                      "too_short": "too_short", "nonfinite": "nonfinite_audio", "nonfinite_output": "nonfinite_audio"}
IMAGE_FLAG_REASONS = {"blank": "blank_image", "tiny": "tiny_image"}
SEGMENT_SECONDS = 60.0  # the paper's segment length (the acpnet_audio family's segment_s)
PAPER_COUNTS = {"images": 88_395, "songs": 3_812}  # Table 3's totals (IMAC)


class SkipList:
    """Skipped corpus items with a reason from :data:`SKIP_REASONS` (unknown reasons are errors)."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, source_id: str, modality: str, reason: str, detail: str = "") -> None:
        if reason not in SKIP_REASONS:
            raise ValueError(f"unknown skip reason {reason!r}; expected one of {SKIP_REASONS}")
        self.rows.append({"source_id": str(source_id), "modality": modality, "reason": reason,
                          "detail": str(detail)[:200]})

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(SKIP_COLUMNS))


def unit_of(items: pd.DataFrame) -> pd.Series:
    """The unit an item belongs to: its song (a music video or a standalone song) or, for a standalone
    image (``song_id == ""``), the image itself."""
    return items["song_id"].where(items["song_id"] != "", items["item_id"])


def image_labels(items: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(emotion8, affect3) of images: affect3 is Table 1's regrouping of emotion8 where it is known."""
    emotion8 = items["emotion8"].astype(str).str.strip().str.lower()
    affect3 = emotion8.map(AFFECT3_OF_EMOTION8)
    affect3 = affect3.where(affect3.notna(), items["affect3"].astype(str).str.strip().str.lower())
    return emotion8, affect3


def _flag_reason(index_row: pd.Series, reasons: dict[str, str]) -> str | None:
    for flag, reason in reasons.items():
        if flag in index_row and bool(index_row[flag]):
            return reason
    return None


def _feature_status(table, ids: pd.Series, reasons: dict[str, str]) -> dict[str, tuple[str, str]]:
    """``{item_id: (reason, detail)}`` for items whose features failed, are missing or were flagged."""
    failed = dict(zip(table.failures["item_id"], table.failures["reason"]))
    index = table.index.set_index("item_id")
    out = {}
    for item_id in ids:
        if item_id in failed:
            out[item_id] = ("feature_failed", failed[item_id])
        elif item_id not in index.index:
            out[item_id] = ("no_features", f"not in the {table.meta.get('family', '')} features")
        else:
            reason = _flag_reason(index.loc[item_id], reasons)
            if reason:
                out[item_id] = (reason, f"flagged by the {table.meta.get('family', '')} family")
    return out


def image_items(corpus: Corpus, image_features, skips: SkipList) -> pd.DataFrame:
    """One row per usable image (see the module docstring); skipped images go to ``skips``."""
    items = corpus.items[corpus.items["kind"] == "image"].reset_index(drop=True)
    emotion8, affect3 = image_labels(items)
    status = _feature_status(image_features, items["item_id"], IMAGE_FLAG_REASONS)
    keep = np.ones(len(items), bool)
    for i, row in items.iterrows():
        if affect3[i] not in AFFECT3:
            reason = "no_emotion_label" if affect3[i] in ("", "nan") else "unknown_label"
            skips.add(row["item_id"], "image", reason, f"emotion8={row['emotion8']!r}, affect3={row['affect3']!r}")
            keep[i] = False
        elif row["item_id"] in status:
            skips.add(row["item_id"], "image", *status[row["item_id"]])
            keep[i] = False
    kept = items[keep]
    e8 = emotion8[keep].where(emotion8[keep].isin(EMOTION8), "")
    return pd.DataFrame({"item_id": kept["item_id"], "source_id": kept["item_id"], "modality": "image",
                         "unit": unit_of(kept), "split": kept["split"], "affect3": affect3[keep], "emotion8": e8,
                         "segment": 0, "start_s": np.nan, "end_s": np.nan, "path": kept["path"]})


def segment_bounds(duration: float, n_segments: int, segment_s: float = SEGMENT_SECONDS) -> list[tuple[float, float]]:
    """Start and end (s) of each segment: ``segment_s`` each, or the whole song when it is shorter."""
    if duration < segment_s:
        return [(0.0, float(duration))]
    return [(k * segment_s, (k + 1) * segment_s) for k in range(n_segments)]


def music_items(corpus: Corpus, music_features, skips: SkipList, min_song_seconds: float = 1.0,
                segment_s: float = SEGMENT_SECONDS) -> pd.DataFrame:
    """One row per usable 60 s segment of every labelled song; skipped songs go to ``skips``."""
    items = corpus.items[corpus.items["kind"] == "audio"].reset_index(drop=True)
    status = _feature_status(music_features, items["item_id"], AUDIO_FLAG_REASONS)
    index = music_features.index.set_index("item_id")
    rows = []
    for _, row in items.iterrows():
        label = str(row["affect3"]).strip().lower()
        if label not in AFFECT3:
            skips.add(row["item_id"], "music", "no_emotion_label" if label in ("", "nan") else "unknown_label",
                      f"affect3={row['affect3']!r}")
            continue
        if row["item_id"] in status:
            skips.add(row["item_id"], "music", *status[row["item_id"]])
            continue
        duration = float(row["duration"])
        if not duration >= min_song_seconds:  # NaN durations are too short as well
            skips.add(row["item_id"], "music", "too_short", f"{duration:.1f} s < min_song_seconds {min_song_seconds}")
            continue
        entry = index.loc[row["item_id"]]
        n_segments = int(entry["stop"] - entry["start"])
        for k, (start, end) in enumerate(segment_bounds(duration, n_segments, segment_s)):
            rows.append({"item_id": f"{row['item_id']}#{k}", "source_id": row["item_id"], "modality": "music",
                         "unit": row["song_id"] or row["item_id"], "split": row["split"], "affect3": label,
                         "emotion8": "", "segment": k, "start_s": start, "end_s": end, "path": row["path"]})
    return pd.DataFrame(rows, columns=list(ITEM_COLUMNS))


def leakage_problems(items: pd.DataFrame) -> list[str]:
    """Items, segments' songs or units found in more than one split; splits outside train/val/test."""
    problems = []
    bad = sorted(set(items["split"]) - set(SPLITS))
    if bad:
        problems.append(f"unknown splits {bad}")
    duplicated = items[items.duplicated("item_id")]["item_id"].tolist()
    if duplicated:
        problems.append(f"{len(duplicated)} item ids appear twice, e.g. {duplicated[:3]}")
    for column in ("source_id", "unit"):
        splits = items.groupby(column)["split"].nunique()
        leaked = splits[splits > 1].index.tolist()
        if leaked:
            problems.append(f"{len(leaked)} {column} values in more than one split, e.g. {leaked[:3]}")
    return problems


@dataclass
class ACPNetView:
    """The items (one row per image or music segment), the skipped inputs and what was decided."""

    items: pd.DataFrame
    skipped: pd.DataFrame
    corpus: str
    meta: dict = field(default_factory=dict)

    def split(self, name: str, modality: str) -> pd.DataFrame:
        part = self.items[(self.items["split"] == name) & (self.items["modality"] == modality)]
        return part.reset_index(drop=True)

    def counts(self) -> pd.DataFrame:
        """Items per split, modality and affect class (and their share of the modality's split)."""
        table = pd.crosstab([self.items["modality"], self.items["split"]], self.items["affect3"])
        return table.reindex(columns=list(AFFECT3), fill_value=0)

    def skip_counts(self) -> dict:
        if self.skipped.empty:
            return {}
        return {f"{m}: {r}": int(n) for (m, r), n in self.skipped.groupby(["modality", "reason"]).size().items()}


def acpnet_view(corpus: Corpus, corpus_name: str, image_features, music_features,
                min_song_seconds: float = 1.0) -> ACPNetView:
    """Build the view; raise :class:`CorpusError` on leakage or when a split has no image or no music."""
    skips = SkipList()
    images = image_items(corpus, image_features, skips)
    music = music_items(corpus, music_features, skips, min_song_seconds,
                        float((music_features.meta.get("params") or {}).get("segment_s", SEGMENT_SECONDS)))
    items = pd.concat([images, music], ignore_index=True).loc[:, list(ITEM_COLUMNS)]
    problems = leakage_problems(items)
    if problems:
        raise CorpusError("the ACP-Net view leaks across train/val/test: " + "; ".join(problems))
    empty = [f"{m} in {s}" for s in SPLITS for m in ("image", "music")
             if not ((items["split"] == s) & (items["modality"] == m)).any()]
    if empty:
        raise CorpusError(f"no usable {', '.join(empty)}: ACP-Net needs images and music in every split")
    items = items.sort_values(["modality", "split", "item_id"]).reset_index(drop=True)
    skipped = skips.frame()
    meta = {"min_song_seconds": min_song_seconds, "n_skipped": len(skipped),
            "skipped": {f"{m}: {r}": int(n) for (m, r), n in skipped.groupby(["modality", "reason"]).size().items()}
            if len(skipped) else {}}
    return ACPNetView(items=items, skipped=skipped, corpus=corpus_name, meta=meta)


def save_view(view: ACPNetView, folder: str | Path, extra: dict | None = None) -> Path:
    """``items.parquet``, ``skipped.csv`` and ``view.json`` (meta, counts and ``extra``) in ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    view.items.to_parquet(folder / "items.parquet", index=False)
    view.skipped.to_csv(folder / "skipped.csv", index=False)
    counts = view.items.groupby(["modality", "split"]).size()
    info = {"corpus": view.corpus, **view.meta, **(extra or {}),
            "counts": {f"{m} {s}": int(n) for (m, s), n in counts.items()}}
    view.meta = {**view.meta, **(extra or {})}
    (folder / "view.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return folder


def load_view(folder: str | Path) -> ACPNetView:
    """Read a view written by :func:`save_view` (a clear error when 01_data has not run)."""
    folder = Path(folder)
    if not (folder / "view.json").is_file():
        raise FileNotFoundError(f"no ACP-Net dataset view in {folder}: run notebooks/acpnet/01_data.ipynb first")
    info = json.loads((folder / "view.json").read_text(encoding="utf-8"))
    skipped = pd.read_csv(folder / "skipped.csv", dtype=str, keep_default_na=False)
    meta = {k: v for k, v in info.items() if k not in ("corpus", "counts")}
    return ACPNetView(items=pd.read_parquet(folder / "items.parquet"), skipped=skipped, corpus=info["corpus"],
                      meta=meta)
