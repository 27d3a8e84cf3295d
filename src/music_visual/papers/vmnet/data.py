"""VM-NET's dataset view: the video–music pairs of a corpus's music videos, split by song.

One row per music video (corpus pairs of role ``music_video``): ``song_id``,
``music_id`` (the audio item), ``video_id``, ``split`` and the song's labels
(``genre``, ``affect3``, ``emotion8``, ``topic``) plus its annotated ``mood``
word (``""`` for the songs without one; the corpus annotates a random share).

* **Split by song.** The corpus's own ``split`` column is used; every song,
  audio item and video item must lie in exactly one split, else
  :func:`leakage_problems` lists the offenders and :func:`vmnet_pairs` raises.
* **Test gallery.** The paper ranks 1,000 test pairs (Sec. V-A). When the test
  split holds more, a seeded sample of ``gallery_size`` pairs is the gallery;
  when it holds fewer, all test pairs are (``in_gallery`` marks them), and the
  expected random Recall@K is stated for that size (:func:`music_visual.study.references.recall_chance`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.corpus.schema import Corpus, CorpusError
from music_visual.study.references import recall_chance

PAPER_GALLERY_SIZE = 1000
LABELS = ("genre", "affect3", "emotion8", "emotion10", "topic")
PAIR_COLUMNS = ("song_id", "music_id", "video_id", "split", *LABELS, "mood", "in_gallery")


def song_moods(corpus: Corpus) -> pd.Series:
    """Annotated mood word per audio item id (first annotation wins)."""
    moods = corpus.annotations[corpus.annotations["kind"] == "mood"]
    return moods.drop_duplicates("item_id").set_index("item_id")["text"]


def music_video_pairs(corpus: Corpus) -> pd.DataFrame:
    """All ``music_video`` pairs with the split of each item and the song's labels."""
    pairs, items = corpus.role_pairs("music_video", "VM-NET needs music videos")
    out = pd.DataFrame({"song_id": pairs["song_id"].to_numpy(), "music_id": pairs["left_id"].to_numpy(),
                        "video_id": pairs["right_id"].to_numpy(), "split": pairs["split"].to_numpy()})
    out["music_split"] = items.loc[out["music_id"], "split"].to_numpy()
    out["video_split"] = items.loc[out["video_id"], "split"].to_numpy()
    for label in LABELS:
        out[label] = items.loc[out["music_id"], label].to_numpy()
    out["mood"] = out["music_id"].map(song_moods(corpus)).fillna("").astype(str)
    return out.sort_values(["split", "song_id", "music_id"]).reset_index(drop=True)


def leakage_problems(pairs: pd.DataFrame) -> list[str]:
    """Songs, music items or videos found in more than one split, or pairs whose items disagree."""
    problems = []
    for column in ("song_id", "music_id", "video_id"):
        splits = pairs.groupby(column)["split"].nunique()
        leaked = splits[splits > 1].index.tolist()
        if leaked:
            problems.append(f"{len(leaked)} {column} values in more than one split, e.g. {leaked[:3]}")
    for column in ("music_split", "video_split"):
        if column in pairs:
            bad = pairs[pairs[column] != pairs["split"]]
            if len(bad):
                problems.append(f"{len(bad)} pairs whose {column} differs from the pair's split, "
                                f"e.g. {bad['song_id'].tolist()[:3]}")
    duplicated = pairs[pairs.duplicated(["music_id", "video_id"])]
    if len(duplicated):
        problems.append(f"{len(duplicated)} duplicated (music, video) pairs")
    return problems


def choose_gallery(test_pairs: pd.DataFrame, size: int = PAPER_GALLERY_SIZE, seed: int = 0) -> np.ndarray:
    """Boolean mask over ``test_pairs``: a seeded sample of ``size`` rows, or all when fewer."""
    if size < 1:
        raise ValueError(f"gallery size must be positive, got {size}")
    mask = np.zeros(len(test_pairs), dtype=bool)
    if len(test_pairs) <= size:
        mask[:] = True
        return mask
    mask[np.random.default_rng(seed).choice(len(test_pairs), size=size, replace=False)] = True
    return mask


@dataclass
class VMNetView:
    """The pairs table (see the module docstring) and what was decided about them."""

    pairs: pd.DataFrame
    corpus: str
    gallery_size: int
    requested_gallery_size: int
    gallery_seed: int
    meta: dict = field(default_factory=dict)

    def split(self, name: str) -> pd.DataFrame:
        return self.pairs[self.pairs["split"] == name].reset_index(drop=True)

    def gallery(self) -> pd.DataFrame:
        return self.pairs[(self.pairs["split"] == "test") & self.pairs["in_gallery"]].reset_index(drop=True)

    def counts(self) -> pd.DataFrame:
        """Pairs per split, and how many of the test pairs form the gallery."""
        table = self.pairs.groupby("split").size().reindex(["train", "val", "test"], fill_value=0)
        return table.rename("pairs").to_frame().assign(gallery=lambda t: [0, 0, self.gallery_size])


def vmnet_pairs(corpus: Corpus, corpus_name: str, gallery_size: int = PAPER_GALLERY_SIZE,
                gallery_seed: int = 0) -> VMNetView:
    """Build the view; raise :class:`CorpusError` on leakage or an empty split."""
    pairs = music_video_pairs(corpus)
    problems = leakage_problems(pairs)
    if problems:
        raise CorpusError("the corpus split leaks across train/val/test: " + "; ".join(problems))
    empty = [s for s in ("train", "val", "test") if not (pairs["split"] == s).any()]
    if empty:
        raise CorpusError(f"no music_video pairs in split(s) {empty}: VM-NET needs train, val and test pairs")
    pairs = pairs.drop(columns=["music_split", "video_split"])
    pairs["in_gallery"] = False
    test = pairs.index[pairs["split"] == "test"]
    pairs.loc[test, "in_gallery"] = choose_gallery(pairs.loc[test], gallery_size, gallery_seed)
    n_gallery = int(pairs["in_gallery"].sum())
    return VMNetView(pairs=pairs.loc[:, list(PAIR_COLUMNS)], corpus=corpus_name, gallery_size=n_gallery,
                     requested_gallery_size=gallery_size, gallery_seed=gallery_seed,
                     meta={"chance": {f"recall_at_{k}": v for k, v in recall_chance(n_gallery, (1, 10, 25)).items()}})


def save_view(view: VMNetView, folder: str | Path) -> Path:
    """Write ``pairs.parquet`` and ``view.json`` into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    view.pairs.to_parquet(folder / "pairs.parquet", index=False)
    info = {"corpus": view.corpus, "gallery_size": view.gallery_size, "gallery_seed": view.gallery_seed,
            "requested_gallery_size": view.requested_gallery_size, **view.meta,
            "counts": {k: int(v) for k, v in view.pairs.groupby("split").size().items()}}
    (folder / "view.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return folder


def load_view(folder: str | Path) -> VMNetView:
    """Read a view written by :func:`save_view` (a clear error when 01_data has not run)."""
    folder = Path(folder)
    if not (folder / "view.json").is_file():
        raise FileNotFoundError(f"no VM-NET dataset view in {folder}: run notebooks/vmnet/01_data.ipynb first")
    info = json.loads((folder / "view.json").read_text(encoding="utf-8"))
    meta = {k: v for k, v in info.items() if k not in ("corpus", "gallery_size", "gallery_seed",
                                                        "requested_gallery_size", "counts")}
    return VMNetView(pairs=pd.read_parquet(folder / "pairs.parquet"), corpus=info["corpus"],
                     gallery_size=info["gallery_size"], requested_gallery_size=info["requested_gallery_size"],
                     gallery_seed=info["gallery_seed"], meta=meta)
