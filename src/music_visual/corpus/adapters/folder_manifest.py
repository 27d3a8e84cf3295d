"""The folder adapter's manifest layout: ``manifest.csv`` rows of (image, audio[, lyric]) files -> items,
pairs and the ``item_metadata.parquet`` side table (the rules are in :mod:`music_visual.corpus.adapters.folder`)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from music_visual.corpus.adapters.common import LABEL_COLUMNS, audio_duration, item_row, pair_row, safe_id, tables
from music_visual.corpus.adapters.folder_images import IMAGE_FLAGS, NO_IMAGE_FLAGS, inspect_image, write_composite
from music_visual.corpus.media import MediaError
from music_visual.corpus.schema import SPLITS, CorpusError
from music_visual.corpus.skips import SkipLog

log = logging.getLogger(__name__)

MANIFEST = "manifest.csv"
ITEM_METADATA_FILE = "item_metadata.parquet"
REQUIRED_COLUMNS = ("image", "audio")
OPTIONAL_COLUMNS = ("lyric", "split", *LABEL_COLUMNS, "pair_id", "group", "source")
FILE_KINDS = ("image", "audio", "lyric")
ITEM_FIELDS = (*FILE_KINDS, "split", *LABEL_COLUMNS)  # manifest columns read into the items table


def _check_lyric(path: Path) -> None:
    if not path.is_file():
        raise MediaError("missing_file", f"{path}: no such file")
    if not path.read_text(errors="replace").strip():
        raise MediaError("empty_lyric", f"{path}: empty lyric")


CHECKS = {"image": inspect_image, "audio": audio_duration, "lyric": _check_lyric}


def _distinct(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


class ManifestCollection:
    """The items and pairs of a manifest's usable rows: one item per (kind, file) however many rows use it; a row
    is a pair between the items of its files. Files are keyed by their resolved path."""

    def __init__(self, folder: Path, out_dir: Path):
        self.folder, self.out_dir = folder, out_dir
        self.items: dict[str, dict] = {}            # item_id -> items row
        self.pairs: dict[tuple, dict] = {}          # (left_id, right_id, role) -> pairs row
        self.groups: list[tuple[str, str]] = []     # (item_id, group) links for the split
        self._ids: dict[tuple, str] = {}            # (kind, file) -> item_id
        self._owner: dict[str, tuple] = {}          # item_id -> (kind, file)
        self._checked: dict[tuple, object] = {}     # (kind, file) -> ImageInfo | duration | None | MediaError
        self._rows: dict[str, list[dict]] = {}      # item_id -> the manifest rows that use it

    def files(self, row: dict) -> dict[str, Path]:
        """kind -> resolved file of one row (no lyric when its cell is empty)."""
        files = {}
        for kind in FILE_KINDS:
            if row.get(kind, ""):
                files[kind] = (self.folder / row[kind]).resolve()
            elif kind != "lyric":
                raise MediaError("missing_file", f"the row has no {kind} path")
        return files

    def add(self, row: dict, files: dict[str, Path]) -> None:
        """Check a row's files (each file once), give new files ids and add the row's pairs; :class:`MediaError`
        when a file is unusable or would take another file's id."""
        for kind, path in files.items():
            self._check((kind, path))
        ids = self._item_ids(files, row.get("pair_id", ""))
        for kind, path in files.items():
            if ids[kind] not in self.items:
                self._register((kind, path), ids[kind])
            self._rows[ids[kind]].append(row)
        for kind in ("image", "lyric"):
            if kind in ids:
                key = (ids["audio"], ids[kind], f"song_{kind}")
                self.pairs.setdefault(key, pair_row(*key, ids["audio"]))
        if row.get("group"):
            self.groups += [(iid, row["group"]) for iid in ids.values()]

    def _check(self, key: tuple) -> None:
        if key not in self._checked:
            try:
                self._checked[key] = CHECKS[key[0]](key[1])
            except MediaError as err:
                self._checked[key] = err
        if isinstance(self._checked[key], MediaError):
            raise self._checked[key]

    def _item_ids(self, files: dict[str, Path], pair_id: str) -> dict[str, str]:
        ids, claimed = {}, dict(self._owner)
        for kind, path in files.items():
            iid = self._ids.get((kind, path)) or self._new_id(kind, path, pair_id)
            other = claimed.setdefault(iid, (kind, path))
            if other != (kind, path):
                raise MediaError("duplicate_id", f"{path} ({kind}) would get the id {iid} of {other[1]} "
                                                 f"({other[0]}); rename one file or give the rows distinct pair_ids")
            ids[kind] = iid
        return ids

    def _new_id(self, kind: str, path: Path, pair_id: str) -> str:
        if pair_id:
            return f"{safe_id(pair_id)}_{kind}"
        root = self.folder.resolve()
        return safe_id((path.relative_to(root) if path.is_relative_to(root) else path).as_posix())

    def _register(self, key: tuple, iid: str) -> None:
        (kind, path), checked = key, self._checked[key]
        where = path
        if kind == "image" and checked.alpha_composited:
            where = f"image/{iid}.png"
            write_composite(path, self.out_dir / where)
        duration = checked if kind == "audio" else np.nan
        self.items[iid] = item_row(iid, kind, where, "folder", iid if kind == "audio" else "", duration)
        self._ids[key], self._owner[iid], self._rows[iid] = iid, key, []

    def finished_items(self) -> list[dict]:
        """The items with the labels and split of their rows (the first label given wins; two splits for one
        file raise :class:`CorpusError`) and, for an image or lyric paired with one song only, its song id."""
        songs = {}
        for left, right, _ in self.pairs:
            songs.setdefault(right, set()).add(left)
        conflicts = 0
        for iid, item in self.items.items():
            rows = self._rows[iid]
            for column in LABEL_COLUMNS:
                values = _distinct(r.get(column, "") for r in rows)
                item[column], conflicts = (values or [""])[0], conflicts + (len(values) > 1)
            splits = _distinct(r.get("split", "") for r in rows)
            if len(splits) > 1:
                raise CorpusError(f"{MANIFEST} puts {self._owner[iid][1]} in the splits {', '.join(splits)}; "
                                  "a file must stay on one side")
            item["split"] = (splits or [""])[0]
            if item["kind"] != "audio" and len(songs.get(iid, ())) == 1:
                item["song_id"] = next(iter(songs[iid]))
        if conflicts:
            log.warning("%s: %d labels differ between the rows of one file; the first row's label was kept",
                        MANIFEST, conflicts)
        return list(self.items.values())

    def metadata(self, user_columns: list[str]) -> pd.DataFrame:
        """The side table: one row per item with its source file, how many rows use it, the image flags and the
        user's own columns (the distinct values of the file's rows joined by ``|``)."""
        rows = []
        for iid in self.items:
            kind, path = self._owner[iid]
            row = {"item_id": iid, "kind": kind, "file": str(path), "n_rows": len(self._rows[iid])}
            row |= self._checked[(kind, path)].flags() if kind == "image" else NO_IMAGE_FLAGS
            for column in user_columns:
                name = column if column not in row else f"manifest_{column}"
                row[name] = "|".join(_distinct(r.get(column, "") for r in self._rows[iid]))
            rows.append(row)
        frame = pd.DataFrame(rows)
        return frame.astype({"width": "Int64", "height": "Int64"}) if len(frame) else frame

    def image_flags(self) -> dict[str, int]:
        """How many image items were composited, have an extreme aspect ratio or are tiny (logged as warnings)."""
        infos = [self._checked[key] for key in self._owner.values() if key[0] == "image"]
        counts = {flag: sum(bool(info.flags()[flag]) for info in infos) for flag in IMAGE_FLAGS}
        for flag, n in counts.items():
            if n:
                log.warning("%s: %d images %s", MANIFEST, n, IMAGE_FLAGS[flag])
        return counts


def _csv_files(folder: Path) -> str:
    found = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.suffix.lower() == ".csv")
    return ", ".join(found[:10]) + (f" (+{len(found) - 10} more)" if len(found) > 10 else "") or "none"


def manifest_help(folder: Path) -> str:
    return (f"the pairs layout needs {folder / MANIFEST} with the columns {', '.join(REQUIRED_COLUMNS)} (paths "
            f"relative to the folder, or absolute) and optionally {', '.join(OPTIONAL_COLUMNS)} and columns of your "
            f"own; CSV files found in the folder: {_csv_files(folder)}")


def read_manifest(folder: Path) -> pd.DataFrame:
    """The manifest's rows as stripped strings; :class:`CorpusError` naming what is expected when unusable."""
    try:
        frame = pd.read_csv(folder / MANIFEST, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise CorpusError(f"{MANIFEST} is empty; {manifest_help(folder)}") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise CorpusError(f"{MANIFEST} lacks the column(s) {', '.join(missing)} (its columns: "
                          f"{', '.join(frame.columns)}); {manifest_help(folder)}")
    frame = frame.apply(lambda col: col.str.strip())
    bad = sorted(set(frame.get("split", pd.Series(dtype=str))) - {"", *SPLITS})
    if bad:
        raise CorpusError(f"{MANIFEST}: unknown split value(s) {bad}; use {', '.join(SPLITS)} or leave it empty")
    return frame


def build_from_manifest(out_dir: Path, folder: Path, seed: int):
    frame = read_manifest(folder)
    collection, skips, seen, repeated = ManifestCollection(folder, out_dir), SkipLog(), set(), []
    for n, row in enumerate(frame.to_dict("records")):
        where = f"{MANIFEST} row {n + 2}"
        try:
            files = collection.files(row)
            if tuple(files.items()) in seen:
                repeated.append(n + 2)
                continue
            seen.add(tuple(files.items()))
            collection.add(row, files)
        except MediaError as err:
            skips.add(where, err.reason, str(err))
    if repeated:
        log.warning("%s: %d repeated rows (the same files as an earlier row) ignored, not skipped: rows %s",
                    MANIFEST, len(repeated), ", ".join(map(str, repeated[:20])))
    corpus_tables = tables(collection.finished_items(), list(collection.pairs.values()), [], seed,
                           collection.groups)
    metadata = collection.metadata([c for c in frame.columns if c not in ITEM_FIELDS])
    metadata.to_parquet(out_dir / ITEM_METADATA_FILE, index=False)
    return corpus_tables, skips, {"n_inputs": len(frame) - len(repeated), "duplicate_rows": len(repeated),
                                  "image_flags": collection.image_flags()}
