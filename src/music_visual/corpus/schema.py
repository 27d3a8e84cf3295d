"""The corpus schema: one folder, three tables, a manifest and the media files.

A corpus folder holds:

``items.parquet`` -- one row per media item:

=============  ==========================================================================
``item_id``    unique string id (``s00012_video``, ``img00003``...)
``kind``       ``video`` | ``audio`` | ``image`` | ``lyric``
``format``     file format: ``mp4`` ``mkv`` ``webm`` ``avi`` ``flac`` ``wav`` ``ogg`` ``mp3``
               ``jpg`` ``png`` ``txt``, or ``npz`` for pre-extracted features (YouTube-8M)
``path``       file path, relative to the corpus folder (absolute for a user's files left in place)
``duration``   seconds (audio, video, npz features); NaN for images and lyrics
``split``      ``train`` | ``val`` | ``test`` (all items of one song share a split)
``song_id``    the song/music video the item belongs to (a standalone song is its own song);
               ``""`` for standalone images
``source``     which source wrote it (``world``, ``folder``, ``youtube8m``...)
``affect3``    ``positive`` | ``neutral`` | ``negative`` (ACP-Net/IMAC) or ``""`` if unknown
``emotion8``   one of the 8 image-emotion classes (``labels.EMOTION8``) or ``""``
``emotion10``  one of S-DCCA's 10 music-emotion categories (``labels.EMOTION10``) or ``""``
``genre``      genre name or ``""``
``topic``      topic name (what the pictures show, what the lyric is about) or ``""``
=============  ==========================================================================

``pairs.parquet`` -- which items belong together: ``left_id`` (always the music side
when there is one), ``right_id``, ``role`` (``music_video`` audio<->video of one music
video, ``song_image`` audio<->image, ``song_lyric`` audio<->lyric, ``image_lyric``),
``song_id`` and ``split``.

``annotations.parquet`` -- long format, one row per annotation: ``kind``
(``preference``: annotator ``annotator`` shown image ``item_id`` with two songs
``left_id`` / ``right_id`` chose the left one when ``value`` is 1.0;
``favourites``: favourite count ``value`` of the (``left_id``, ``right_id``) pair;
``mood``: mood word ``text`` of song ``item_id``; ``section``: a section of
audio ``item_id`` from ``start`` to ``end`` seconds with intensity ``value`` in 0..1,
name in ``text``), then ``item_id``, ``left_id``, ``right_id``, ``value``, ``text``,
``annotator``, ``start``, ``end``.

In generated corpora, ids say what an item is: ``s00012_audio|video|lyric|img<k>`` for
music video ``s00012`` (key frame ``k`` of ``n`` is the frame shown at
``(k + 0.5) * duration / n`` seconds), ``m00003_audio`` for a standalone song and
``i00007_image`` for a standalone image.

``latents.parquet`` (generated corpora only) -- the generator's ground truth as each
item *expresses* it: ``item_id``, ``song_id``, ``modality`` (``music``, ``visual`` or
``text``), ``valence``, ``arousal`` and ``motion``: for music the song's noisy valence and
arousal (motion NaN); for pictures the visual coordinates grading ``x``, vividness ``y``
and motion ``m`` (:mod:`music_visual.corpus.world.structure`; NaN where the item does
not express them), ``genre``, ``topic`` (``""`` where not expressed), ``noise``
(standard deviation of the expressed coordinates around the noise-free ones) and
``genre_fidelity`` (probability that the expressed genre is the song's genre). Only
:mod:`music_visual.corpus.oracle` reads it; methods must not.

``manifest.json`` -- ``source``, ``schema_version``, ``params``, ``seed``, ``counts``
(per kind, pairs, annotations, ``skipped`` per reason) and ``asset_versions`` -- no timings, so that a
rebuild from the same seed is byte-identical and DVC sees the same corpus (the build time is in
``reports/corpus/metrics.json``); ``skipped.csv`` -- every input that was left out, with its reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

SCHEMA_VERSION = 2  # 2: latents carry modality and motion (the structure knobs)
KINDS = ("video", "audio", "image", "lyric")
SPLITS = ("train", "val", "test")
ROLES = ("music_video", "song_image", "song_lyric", "image_lyric")
ANNOTATION_KINDS = ("preference", "favourites", "mood", "section")
FORMATS = {
    "video": ("mp4", "mkv", "webm", "avi", "npz"),
    "audio": ("flac", "wav", "ogg", "mp3", "m4a", "npz"),
    "image": ("jpg", "jpeg", "png"),
    "lyric": ("txt",),
}

ITEM_STRING_COLUMNS = ("item_id", "kind", "format", "path", "split", "song_id", "source",
                       "affect3", "emotion8", "emotion10", "genre", "topic")
ITEM_COLUMNS = ITEM_STRING_COLUMNS[:4] + ("duration",) + ITEM_STRING_COLUMNS[4:]
PAIR_COLUMNS = ("left_id", "right_id", "role", "song_id", "split")
ANNOTATION_COLUMNS = ("kind", "item_id", "left_id", "right_id", "value", "text", "annotator", "start", "end")
ANNOTATION_FLOAT_COLUMNS = ("value", "start", "end")
LATENT_COLUMNS = ("item_id", "song_id", "modality", "valence", "arousal", "motion", "genre", "topic", "noise",
                  "genre_fidelity")
LATENT_FLOAT_COLUMNS = ("valence", "arousal", "motion", "noise", "genre_fidelity")
MODALITIES = ("music", "visual", "text")

TABLE_FILES = {"items": "items.parquet", "pairs": "pairs.parquet",
               "annotations": "annotations.parquet", "latents": "latents.parquet"}
TABLE_COLUMNS = {"items": ITEM_COLUMNS, "pairs": PAIR_COLUMNS,
                 "annotations": ANNOTATION_COLUMNS, "latents": LATENT_COLUMNS}
FLOAT_COLUMNS = {"items": ("duration",), "pairs": (),
                 "annotations": ANNOTATION_FLOAT_COLUMNS, "latents": LATENT_FLOAT_COLUMNS}
MANIFEST_FILE = "manifest.json"
SKIPPED_FILE = "skipped.csv"


class CorpusError(RuntimeError):
    """A corpus cannot be built or read (bad input, too much skipped, invalid folder)."""


@dataclass
class Corpus:
    """A corpus read back from its folder (see the module docstring for the columns)."""

    root: Path
    items: pd.DataFrame
    pairs: pd.DataFrame
    annotations: pd.DataFrame
    manifest: dict
    latents: pd.DataFrame = field(default_factory=lambda: empty_table("latents"))
    _paths: dict | None = field(default=None, init=False, repr=False, compare=False)

    def path_of(self, item_id: str) -> Path:
        """Absolute path of one item's file (``KeyError`` for an unknown id)."""
        if self._paths is None or len(self._paths) != len(self.items):
            self._paths = dict(zip(self.items["item_id"], self.items["path"]))
        return resolve_item_path(self.root, self._paths[item_id])

    def of_kind(self, kind: str) -> pd.DataFrame:
        return self.items[self.items["kind"] == kind].reset_index(drop=True)

    def role_pairs(self, role: str, why: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The pairs of ``role`` and the items table indexed by ``item_id``; :class:`CorpusError` when there are
        none (the message ends with ``why``, e.g. "VM-NET needs music videos") or a paired item is missing."""
        pairs = self.pairs[self.pairs["role"] == role]
        if pairs.empty:
            raise CorpusError(f"the corpus has no {role} pairs ({why})")
        items = self.items.set_index("item_id")
        missing = sorted(set(pairs["left_id"]).union(pairs["right_id"]) - set(items.index))
        if missing:
            raise CorpusError(f"{len(missing)} paired items are not in items.parquet, e.g. {missing[:3]}")
        return pairs, items


def resolve_item_path(root: str | Path, rel: str) -> Path:
    """An item's ``path`` column made absolute (relative paths hang off the corpus folder)."""
    p = Path(rel)
    return p if p.is_absolute() else Path(root) / p


def empty_table(name: str) -> pd.DataFrame:
    return normalise_table(pd.DataFrame(columns=list(TABLE_COLUMNS[name])), name)


def normalise_table(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Columns in schema order; strings as ``str`` (missing -> ``""``), floats as float64."""
    columns = TABLE_COLUMNS[name]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CorpusError(f"{name} table lacks columns {missing}")
    out = frame.loc[:, list(columns)].copy()
    for col in columns:
        if col in FLOAT_COLUMNS[name]:
            out[col] = pd.to_numeric(out[col], errors="raise").astype("float64")
        else:
            out[col] = out[col].where(out[col].notna(), "").astype(str)
    return out.reset_index(drop=True)


def save_tables(root: str | Path, tables: dict[str, pd.DataFrame]) -> None:
    """Write the given tables (``items``, ``pairs``, ``annotations``, ``latents``) as parquet."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        normalise_table(frame, name).to_parquet(root / TABLE_FILES[name], index=False)


def save_manifest(root: str | Path, manifest: dict) -> None:
    text = json.dumps(manifest, indent=2, sort_keys=True, default=_json_default)
    (Path(root) / MANIFEST_FILE).write_text(text + "\n")


def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {value!r}")


def load_corpus(path: str | Path, validate: bool = True) -> Corpus:
    """Read a corpus folder; with ``validate`` (default) raise :class:`CorpusError` listing
    every problem :func:`~music_visual.corpus.validate.validate_corpus` finds."""
    root = Path(path)
    if validate:
        from music_visual.corpus.validate import assert_valid_corpus

        assert_valid_corpus(root)
    tables = {}
    for name, filename in TABLE_FILES.items():
        file = root / filename
        tables[name] = normalise_table(pd.read_parquet(file), name) if file.is_file() else empty_table(name)
    manifest = json.loads((root / MANIFEST_FILE).read_text())
    return Corpus(root=root, manifest=manifest, **tables)
