"""Embed a query with a trained model and rank the other modality's corpus items by cosine similarity.

The searchable items are those of the model's paper (VM-NET's music videos: its train, validation and test
pairs, each result row marked with its split; a result from the training split was seen in training). A
video or image query ranks the corpus's music; an audio query ranks its videos.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual import paths
from music_visual.models.cross_decomposition import cosine_similarity_matrix
from music_visual.search.models import LoadedModel, load_model, pick_model, vmnet_features
from music_visual.search.query import Query, read_query

SPLITS = ("train", "val", "test")


@dataclass
class SearchResult:
    query: Query
    model: LoadedModel
    matches: pd.DataFrame          # the top: rank, score, item_id, kind, split, path
    ranking: pd.DataFrame          # every searched item, best first: rank, score, item_id, split
    splits: tuple[str, ...] = SPLITS

    def rank_of(self, item_id: str) -> int | None:
        """The rank of ``item_id`` among every searched item (None when it was not searched)."""
        hit = self.ranking.loc[self.ranking["item_id"] == item_id, "rank"]
        return int(hit.iloc[0]) if len(hit) else None

    def table(self, truth: str | None = None):
        """The matches without their absolute paths (the file name instead); ``truth``: the query's own pair,
        marked in an ``is_its_pair`` column."""
        m = self.matches.assign(file=self.matches["path"].map(lambda p: Path(p).name)).drop(columns=["path"])
        if truth is not None:
            m["is_its_pair"] = m["item_id"] == truth
        return m.round({"score": 3})

    def to_text(self) -> str:
        q, m = self.query, self.model.model
        side = "searched with its soundtrack" if q.kind == "video" and q.side == "audio" else (
            "read as a one-frame video" if q.kind == "image" else f"searched with {len(q.frames)} sampled frames"
            if q.frames is not None else f"searched with {q.seconds:.1f} s of audio")
        where = "" if self.splits == SPLITS else f" in the {'/'.join(self.splits)} split"
        lines = [f"query: {q.path} ({q.kind}, {side})",
                 f"model: {m.name} (seed {m.seed}, {m.label}; {m.paper})",
                 f"the {len(self.matches)} best of the corpus's {len(self.ranking)} "
                 f"{'videos' if q.side == 'audio' else 'songs'}{where} by cosine similarity:"]
        table = self.matches.assign(score=self.matches["score"].map("{:.3f}".format))
        lines.append(table.to_string(index=False))
        return "\n".join(lines)


def gallery(want: str, splits: tuple[str, ...] = SPLITS) -> tuple[pd.DataFrame, np.ndarray]:
    """``(items, features)`` of every VM-NET pair's ``want`` side ("music" or "video") in ``splits``, one row
    per item, with its split, in split order."""
    from music_visual.papers.vmnet.features import load_split_features

    unknown = sorted(set(splits) - set(SPLITS))
    if unknown or not splits:
        raise ValueError(f"splits must be some of {', '.join(SPLITS)}, got {', '.join(splits) or 'none'}")
    frames, rows = [], []
    column = f"{want}_id"
    for split in (s for s in SPLITS if s in splits):
        ids, video, music = load_split_features(vmnet_features(), split)
        frames.append(pd.DataFrame({"item_id": ids[column].astype(str).to_numpy(), "split": split}))
        rows.append(music if want == "music" else video)
    items, features = pd.concat(frames, ignore_index=True), np.concatenate(rows)
    keep = ~items["item_id"].duplicated().to_numpy()
    return items[keep].reset_index(drop=True), features[keep]


def item_paths(item_ids: pd.Series, corpus_name: str | None = None) -> pd.Series:
    """Each corpus item's media file (absolute), from the items table of ``corpus_name`` (default: the study's,
    ``corpus.corpus_name``)."""
    from music_visual.corpus.schema import load_corpus, resolve_item_path
    from music_visual.params import load_section

    corpus_name = corpus_name or load_section("corpus")["corpus_name"]
    corpus = load_corpus(paths.corpus_dir(corpus_name), validate=False)
    where = dict(zip(corpus.items["item_id"].astype(str), corpus.items["path"]))
    return item_ids.map(lambda i: str(resolve_item_path(corpus.root, where[i])) if i in where else "")


def search(query_file, model: str, top: int = 10, seed: int | None = None, as_kind: str | None = None,
           corpus_name: str | None = None, splits: tuple[str, ...] = SPLITS) -> SearchResult:
    """The ``top`` corpus items of the other modality closest to ``query_file`` under ``model`` (``corpus_name``:
    the corpus the model was trained on, by default the study's; ``splits``: which of its splits to search, e.g.
    ``("test",)`` for items the model never saw)."""
    if top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    loaded = load_model(pick_model(model, seed))
    query = read_query(query_file, as_kind)
    if query.side == "audio":
        q, (items, features), kind = loaded.embed_music(query.music), gallery("video", splits), "video"
        g = loaded.embed_video_features(features)
    else:
        q, (items, features), kind = loaded.embed_video([query.frames]), gallery("music", splits), "audio"
        g = loaded.embed_music_features(features)
    scores = cosine_similarity_matrix(q, g)[0]
    order = np.argsort(-scores, kind="stable")
    ranking = pd.DataFrame({"rank": np.arange(1, len(order) + 1), "score": scores[order],
                            "item_id": items["item_id"].to_numpy()[order], "split": items["split"].to_numpy()[order]})
    best = ranking.head(top)
    matches = pd.DataFrame({"rank": best["rank"], "score": best["score"], "item_id": best["item_id"], "kind": kind,
                            "split": best["split"], "path": item_paths(best["item_id"], corpus_name).to_numpy()})
    return SearchResult(query, loaded, matches, ranking, tuple(x for x in SPLITS if x in splits))
