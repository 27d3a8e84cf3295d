"""Check a corpus folder against the schema and report every problem found."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.corpus import labels
from music_visual.corpus.schema import (
    ANNOTATION_KINDS, FORMATS, KINDS, MANIFEST_FILE, ROLES, SPLITS, TABLE_COLUMNS, TABLE_FILES,
    CorpusError, resolve_item_path,
)

REQUIRED_FILES = ("items", "pairs")
MANIFEST_KEYS = ("source", "schema_version", "params", "seed", "counts")
LABEL_VALUES = {"affect3": labels.AFFECT3, "emotion8": labels.EMOTION8, "emotion10": labels.EMOTION10}
ROLE_KINDS = {"music_video": ("audio", "video"), "song_image": ("audio", "image"),
              "song_lyric": ("audio", "lyric"), "image_lyric": ("image", "lyric")}


def _examples(values, limit: int = 5) -> str:
    values = list(values)
    more = f" (+{len(values) - limit} more)" if len(values) > limit else ""
    return ", ".join(map(str, values[:limit])) + more


def _read_tables(root: Path, problems: list[str]) -> dict[str, pd.DataFrame]:
    tables = {}
    for name, filename in TABLE_FILES.items():
        file = root / filename
        if not file.is_file():
            if name in REQUIRED_FILES:
                problems.append(f"missing {filename}")
            continue
        frame = pd.read_parquet(file)
        lacking = [c for c in TABLE_COLUMNS[name] if c not in frame.columns]
        if lacking:
            problems.append(f"{filename} lacks columns {lacking}")
            continue
        tables[name] = frame
    return tables


def _check_items(root: Path, items: pd.DataFrame, problems: list[str]) -> None:
    dup = items["item_id"][items["item_id"].duplicated()]
    if len(dup):
        problems.append(f"duplicate item_id: {_examples(dup.unique())}")
    if (items["item_id"].astype(str).str.len() == 0).any():
        problems.append("empty item_id")
    for col, allowed in (("kind", KINDS), ("split", SPLITS)):
        bad = items.loc[~items[col].isin(allowed), "item_id"]
        if len(bad):
            problems.append(f"items with {col} not in {allowed}: {_examples(bad)}")
    bad_fmt = [i for i, k, f in zip(items["item_id"], items["kind"], items["format"]) if f not in FORMATS.get(k, ())]
    if bad_fmt:
        problems.append(f"items whose format does not fit their kind: {_examples(bad_fmt)}")
    missing = [i for i, p in zip(items["item_id"], items["path"]) if not resolve_item_path(root, p).is_file()]
    if missing:
        problems.append(f"{len(missing)} item files missing: {_examples(missing)}")
    timed = items["kind"].isin(("audio", "video")) & (items["format"] != "npz")  # video-level features: no length
    dur = pd.to_numeric(items["duration"], errors="coerce")
    bad_dur = items.loc[timed & ~(np.isfinite(dur) & (dur > 0)), "item_id"]
    if len(bad_dur):
        problems.append(f"audio/video items without a positive duration: {_examples(bad_dur)}")
    for col, allowed in LABEL_VALUES.items():
        bad = items.loc[(items[col] != "") & ~items[col].isin(allowed), col]
        if len(bad):
            problems.append(f"unknown {col} labels: {_examples(bad.unique())}")
    songs = items[items["song_id"] != ""].groupby("song_id")["split"].nunique()
    if (songs > 1).any():
        problems.append(f"songs whose items span several splits: {_examples(songs[songs > 1].index)}")


def _check_pairs(items: pd.DataFrame, pairs: pd.DataFrame, problems: list[str]) -> None:
    kind_of = dict(zip(items["item_id"], items["kind"]))
    split_of = dict(zip(items["item_id"], items["split"]))
    unknown = [i for i in pd.concat([pairs["left_id"], pairs["right_id"]]) if i not in kind_of]
    if unknown:
        problems.append(f"pairs refer to unknown items: {_examples(sorted(set(unknown)))}")
    bad_role = pairs.loc[~pairs["role"].isin(ROLES), "role"]
    if len(bad_role):
        problems.append(f"unknown pair roles: {_examples(bad_role.unique())}")
    for row in pairs.itertuples(index=False):
        expected = ROLE_KINDS.get(row.role)
        got = (kind_of.get(row.left_id), kind_of.get(row.right_id))
        if expected and None not in got and got != expected:
            problems.append(f"pair {row.left_id}-{row.right_id} has role {row.role} but kinds {got}")
            break
    crossing = [(a, b) for a, b in zip(pairs["left_id"], pairs["right_id"])
                if a in split_of and b in split_of and split_of[a] != split_of[b]]
    if crossing:
        problems.append(f"pairs crossing splits: {_examples(crossing)}")


def _check_annotations(items: pd.DataFrame, ann: pd.DataFrame, problems: list[str]) -> None:
    known = set(items["item_id"])
    bad_kind = ann.loc[~ann["kind"].isin(ANNOTATION_KINDS), "kind"]
    if len(bad_kind):
        problems.append(f"unknown annotation kinds: {_examples(bad_kind.unique())}")
    refs = pd.concat([ann["item_id"], ann["left_id"], ann["right_id"]])
    unknown = sorted({r for r in refs if r and r not in known})
    if unknown:
        problems.append(f"annotations refer to unknown items: {_examples(unknown)}")
    pref = ann[ann["kind"] == "preference"]
    if len(pref) and not pref["value"].isin((0.0, 1.0)).all():
        problems.append("preference annotations must have value 0 or 1")
    sec = ann[ann["kind"] == "section"]
    if len(sec) and not (sec["start"] < sec["end"]).all():
        problems.append("section annotations need start < end")


def _check_manifest(root: Path, tables: dict, problems: list[str]) -> None:
    file = root / MANIFEST_FILE
    if not file.is_file():
        problems.append(f"missing {MANIFEST_FILE}")
        return
    try:
        manifest = json.loads(file.read_text())
    except json.JSONDecodeError as err:
        problems.append(f"{MANIFEST_FILE} is not valid JSON: {err}")
        return
    lacking = [k for k in MANIFEST_KEYS if k not in manifest]
    if lacking:
        problems.append(f"{MANIFEST_FILE} lacks keys {lacking}")
        return
    if "items" in tables:
        counted = manifest["counts"].get("items", {})
        actual = tables["items"]["kind"].value_counts().to_dict()
        if {k: int(v) for k, v in counted.items() if v} != {k: int(v) for k, v in actual.items()}:
            problems.append(f"manifest item counts {counted} differ from items.parquet {actual}")


def validate_corpus(path: str | Path) -> list[str]:
    """Every problem found in the corpus folder ``path`` (an empty list means valid)."""
    root = Path(path)
    if not root.is_dir():
        return [f"corpus folder {root} does not exist"]
    problems: list[str] = []
    tables = _read_tables(root, problems)
    if "items" in tables:
        items = tables["items"].fillna({c: "" for c in tables["items"].columns if c != "duration"})
        _check_items(root, items, problems)
        if "pairs" in tables:
            _check_pairs(items, tables["pairs"], problems)
        if "annotations" in tables:
            _check_annotations(items, tables["annotations"].fillna({"item_id": "", "left_id": "", "right_id": ""}),
                               problems)
    _check_manifest(root, tables, problems)
    return problems


def assert_valid_corpus(path: str | Path) -> None:
    """Raise :class:`CorpusError` listing every problem :func:`validate_corpus` finds."""
    problems = validate_corpus(path)
    if problems:
        raise CorpusError(f"invalid corpus {path}:\n  - " + "\n  - ".join(problems))
