"""Image2song's dataset view: (image, song clip, lyric) triplets, the five favourite images per song, and
the paper's two protocols D_a and D_b.

**Triplets.** A song of the corpus is a ``song_lyric`` pair (its audio and its lyric); its images are its
``song_image`` pairs (the music videos' key frames in the generated world, the posts' images in a
Shuttersong folder). A song keeps the ``images_per_song`` images with the highest favourite counts
(``favourites`` annotations; ties by item id; an image without a count counts 0, and the number of such
images is reported) and needs at least that many usable images, as the paper keeps songs that occur at
least 5 times and their 5 favourite triplets.

**Bad input** is a named, counted skip (:data:`SKIP_REASONS`, saved in ``skipped.csv``): a song without a
lyric, a lyric file that is missing, unreadable or empty after the paper's preprocessing, a lyric with no
word in the GloVe vocabulary, an image the ``cnn_images`` family could not decode or flagged, a song left
with fewer than ``images_per_song`` usable images (its images are skipped with it), a pair listed twice.

**Protocols** (one column each, values ``train`` / ``val`` / ``test``):

* ``da`` -- held-out songs: the corpus's own split of the song (drawn per unit, 70/10/20), so a test song's
  images and lyric are never seen in training (the paper: 100 random test songs of 586).
* ``db`` -- seen songs: every song keeps four images in training and one image out (chosen by a seeded
  draw); the held-out image is a test image, except for the songs of the corpus's validation split, whose
  held-out image is a validation image (so validation and test queries are different songs and every song
  has exactly four training images).

:func:`protocol_problems` checks both (no D_a test song in training; every D_b song in training with four
images; no image in two roles). Retrieval is scored in **galleries** of a fixed number of songs
(:func:`galleries`): the paper's D_a ranks 100 songs per query and its D_b 586, so our test songs are dealt
into disjoint galleries of (about) that size and the metrics averaged over queries: the chance level then
matches the paper's whatever the corpus size.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.corpus.schema import Corpus, CorpusError
from music_visual.features.text import GloveVectors, preprocess_lyrics

SKIP_REASONS = ("no_lyric", "missing_lyric_file", "empty_lyric", "no_vocabulary_word", "image_failed",
                "image_flagged", "no_image_features", "too_few_images", "duplicate_pair")
SKIP_COLUMNS = ("item_id", "song_id", "reason", "detail")
TRIPLET_COLUMNS = ("image_id", "song_id", "audio_id", "lyric_id", "favourites", "has_favourites", "rank", "split",
                   "da", "db")
SONG_COLUMNS = ("song_id", "audio_id", "lyric_id", "split", "mood", "n_tokens", "n_in_vocabulary")
PROTOCOLS = ("da", "db")
ROLES = ("train", "val", "test")
IMAGE_FLAGS = ("blank", "tiny")


class SkipList:
    """Skipped items with a reason from :data:`SKIP_REASONS` (unknown reasons are errors)."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, item_id: str, song_id: str, reason: str, detail: str = "") -> None:
        if reason not in SKIP_REASONS:
            raise ValueError(f"unknown skip reason {reason!r}; expected one of {SKIP_REASONS}")
        self.rows.append({"item_id": str(item_id), "song_id": str(song_id), "reason": reason,
                          "detail": str(detail)[:200]})

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(SKIP_COLUMNS))


def read_lyric(path: Path) -> str | None:
    """The lyric text, or None when the file is missing or unreadable."""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def song_table(corpus: Corpus, glove: GloveVectors, skips: SkipList) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """One row per song with a usable lyric (:data:`SONG_COLUMNS`) and ``{song_id: tokens}``."""
    pairs, items = corpus.role_pairs("song_lyric", "Image2song needs songs with lyrics")
    dupes = pairs.duplicated(["left_id", "right_id"])
    for row in pairs[dupes].itertuples(index=False):
        skips.add(row.right_id, row.song_id, "duplicate_pair", f"{row.left_id} <-> {row.right_id} listed twice")
    pairs = pairs[~dupes].drop_duplicates("left_id")
    moods = _moods(corpus)
    rows, tokens = [], {}
    for row in pairs.itertuples(index=False):
        song = row.song_id or items.loc[row.left_id, "song_id"] or row.left_id
        text = read_lyric(corpus.path_of(row.right_id))
        if text is None:
            skips.add(row.right_id, song, "missing_lyric_file", str(corpus.path_of(row.right_id)))
            continue
        words = preprocess_lyrics(text)
        if not words:
            skips.add(row.right_id, song, "empty_lyric", "no word left after removing stop words and symbols")
            continue
        known = [w for w in words if w in glove]
        if not known:
            skips.add(row.right_id, song, "no_vocabulary_word", f"{len(words)} words, none in GloVe 6B")
            continue
        tokens[song] = known
        rows.append({"song_id": song, "audio_id": row.left_id, "lyric_id": row.right_id,
                     "split": items.loc[row.left_id, "split"], "mood": moods.get(row.left_id, ""),
                     "n_tokens": len(words), "n_in_vocabulary": len(known)})
    lyric_songs = set(pairs["left_id"])
    image_pairs = corpus.pairs[corpus.pairs["role"] == "song_image"]
    for audio_id, group in image_pairs[~image_pairs["left_id"].isin(lyric_songs)].groupby("left_id"):
        for image_id in group["right_id"]:
            skips.add(image_id, group["song_id"].iloc[0], "no_lyric", f"song {audio_id} has no song_lyric pair")
    return pd.DataFrame(rows, columns=list(SONG_COLUMNS)), tokens


def _moods(corpus: Corpus) -> dict[str, str]:
    notes = corpus.annotations
    moods = notes[(notes["kind"] == "mood") & (notes["text"].astype(str).str.strip() != "")]
    return dict(zip(moods["item_id"], moods["text"].astype(str).str.strip().str.lower()))


def _favourites(corpus: Corpus) -> dict[tuple[str, str], float]:
    notes = corpus.annotations
    fav = notes[notes["kind"] == "favourites"]
    return {(l, r): float(v) for l, r, v in zip(fav["left_id"], fav["right_id"], fav["value"])}


def image_status(image_features, ids) -> dict[str, tuple[str, str]]:
    """``{image_id: (reason, detail)}`` for images whose features failed, are missing or were flagged."""
    failed = dict(zip(image_features.failures["item_id"], image_features.failures["reason"]))
    index = image_features.index.set_index("item_id")
    out = {}
    for item_id in ids:
        if item_id in failed:
            out[item_id] = ("image_failed", failed[item_id])
        elif item_id not in index.index:
            out[item_id] = ("no_image_features", "not in the cnn_images features")
        else:
            flags = [f for f in IMAGE_FLAGS if f in index.columns and bool(index.loc[item_id, f])]
            if flags:
                out[item_id] = ("image_flagged", f"flagged {', '.join(flags)} by the cnn_images family")
    return out


def triplets(corpus: Corpus, songs: pd.DataFrame, image_features, images_per_song: int,
             skips: SkipList) -> pd.DataFrame:
    """The ``images_per_song`` favourite usable images of every song that has that many."""
    pairs = corpus.pairs[corpus.pairs["role"] == "song_image"]
    dupes = pairs.duplicated(["left_id", "right_id"])
    for row in pairs[dupes].itertuples(index=False):
        skips.add(row.right_id, row.song_id, "duplicate_pair", f"{row.left_id} <-> {row.right_id} listed twice")
    pairs = pairs[~dupes & pairs["left_id"].isin(set(songs["audio_id"]))]
    status = image_status(image_features, pairs["right_id"])
    favourites = _favourites(corpus)
    by_audio = songs.set_index("audio_id")
    rows = []
    for audio_id, group in pairs.groupby("left_id", sort=True):
        song = by_audio.loc[audio_id]
        usable = []
        for image_id in group["right_id"]:
            if image_id in status:
                skips.add(image_id, song["song_id"], *status[image_id])
            else:
                count = favourites.get((audio_id, image_id))
                usable.append((image_id, 0.0 if count is None else count, count is not None))
        if len(usable) < images_per_song:
            for image_id, _, _ in usable:
                skips.add(image_id, song["song_id"], "too_few_images",
                          f"song has {len(usable)} usable images, needs {images_per_song}")
            continue
        usable.sort(key=lambda t: (-t[1], t[0]))
        for rank, (image_id, count, known) in enumerate(usable[:images_per_song]):
            rows.append({"image_id": image_id, "song_id": song["song_id"], "audio_id": audio_id,
                         "lyric_id": song["lyric_id"], "favourites": count, "has_favourites": known, "rank": rank,
                         "split": song["split"]})
    table = pd.DataFrame(rows, columns=[c for c in TRIPLET_COLUMNS if c not in PROTOCOLS])
    return table


def assign_protocols(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Add the ``da`` and ``db`` columns (see the module docstring)."""
    table = table.copy()
    table["da"] = table["split"].where(table["split"].isin(ROLES), "train")
    rng = np.random.default_rng(seed)
    held = {}
    for song, group in table.groupby("song_id", sort=True):
        held[song] = group["image_id"].iloc[int(rng.integers(len(group)))]
    out_role = np.where(table["split"] == "val", "val", "test")
    table["db"] = np.where(table["song_id"].map(held) == table["image_id"], out_role, "train")
    return table


def protocol_problems(table: pd.DataFrame, images_per_song: int) -> list[str]:
    """What breaks the protocols' rules (empty: none)."""
    problems = []
    if table["image_id"].duplicated().any():
        problems.append(f"images in two triplets: {table.loc[table['image_id'].duplicated(), 'image_id'].tolist()[:3]}")
    da_roles = table.groupby("song_id")["da"].nunique()
    if (da_roles > 1).any():
        problems.append(f"D_a: songs on two sides of the split: {da_roles[da_roles > 1].index.tolist()[:3]}")
    train_songs = set(table.loc[table["da"] == "train", "song_id"])
    leaked = sorted(set(table.loc[table["da"] == "test", "song_id"]) & train_songs)
    if leaked:
        problems.append(f"D_a: test songs in training: {leaked[:3]}")
    counts = table.groupby("song_id")["db"].agg(lambda s: (s == "train").sum())
    wrong = counts[counts != images_per_song - 1]
    if len(wrong):
        problems.append(f"D_b: songs without {images_per_song - 1} training images: {wrong.index.tolist()[:3]}")
    held = table[table["db"] != "train"].groupby("song_id").size()
    if (held != 1).any() or len(held) != table["song_id"].nunique():
        problems.append("D_b: every song must hold out exactly one image")
    return problems


def galleries(song_ids, size: int, seed: int) -> list[np.ndarray]:
    """Songs dealt at random into ``max(1, n // size)`` disjoint galleries of near-equal size (>= ``size``
    when there are at least ``size`` songs); sorted ids within each."""
    ids = np.array(sorted(set(song_ids)))
    n_gal = max(1, len(ids) // max(1, size))
    order = np.random.default_rng(seed).permutation(len(ids))
    return [np.sort(ids[part]) for part in np.array_split(order, n_gal)]


@dataclass
class Image2songView:
    corpus: str
    triplets: pd.DataFrame
    songs: pd.DataFrame
    tokens: dict[str, list[str]]
    skipped: pd.DataFrame
    meta: dict = field(default_factory=dict)

    def role(self, protocol: str, role: str) -> pd.DataFrame:
        """The triplets of one role of one protocol."""
        return self.triplets[self.triplets[protocol] == role].reset_index(drop=True)

    def skip_counts(self) -> dict:
        return self.skipped["reason"].value_counts().to_dict() if len(self.skipped) else {}

    def counts(self) -> pd.DataFrame:
        """Triplets, songs and images per role of each protocol."""
        rows = []
        for protocol in PROTOCOLS:
            for role in ROLES:
                part = self.triplets[self.triplets[protocol] == role]
                rows.append({"protocol": protocol, "role": role, "triplets": len(part),
                             "songs": part["song_id"].nunique()})
        return pd.DataFrame(rows)


def image2song_view(corpus: Corpus, corpus_name: str, image_features, images_per_song: int, seed: int,
                    glove: GloveVectors | None = None) -> Image2songView:
    """Build the view (see the module docstring)."""
    glove = glove or GloveVectors()
    skips = SkipList()
    songs, tokens = song_table(corpus, glove, skips)
    table = triplets(corpus, songs, image_features, images_per_song, skips)
    if table.empty:
        raise CorpusError(f"no song has {images_per_song} usable images with a lyric (Image2song needs them)")
    table = assign_protocols(table, seed)
    kept = set(table["song_id"])
    songs = songs[songs["song_id"].isin(kept)].reset_index(drop=True)
    tokens = {s: tokens[s] for s in songs["song_id"]}
    meta = {"images_per_song": images_per_song, "seed": seed,
            "images_without_favourites": int((~table["has_favourites"]).sum()),
            "songs_with_mood": int((songs["mood"] != "").sum())}
    return Image2songView(corpus_name, table, songs, tokens, skips.frame(), meta)


def save_view(view: Image2songView, folder: str | Path, extra: dict | None = None) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    view.triplets.to_parquet(folder / "triplets.parquet", index=False)
    view.songs.to_parquet(folder / "songs.parquet", index=False)
    view.skipped.to_csv(folder / "skipped.csv", index=False)
    (folder / "tokens.json").write_text(json.dumps(view.tokens), encoding="utf-8")
    meta = {"corpus": view.corpus, **view.meta, "skips": view.skip_counts(), **(extra or {})}
    (folder / "view.json").write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
    return folder


def load_view(folder: str | Path) -> Image2songView:
    folder = Path(folder)
    if not (folder / "view.json").is_file():
        from music_visual.errors import StudyError

        raise StudyError(f"no Image2song view in {folder}: run `dvc repro image2song_01_data`")
    meta = json.loads((folder / "view.json").read_text(encoding="utf-8"))
    skipped = pd.read_csv(folder / "skipped.csv", dtype=str, keep_default_na=False)
    tokens = json.loads((folder / "tokens.json").read_text(encoding="utf-8"))
    return Image2songView(meta.pop("corpus"), pd.read_parquet(folder / "triplets.parquet"),
                          pd.read_parquet(folder / "songs.parquet"), tokens, skipped, meta)
