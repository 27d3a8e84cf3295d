"""Features stored by item id: one folder per feature family.

A feature folder holds

* ``values.npy`` -- float32 rows; an item owns rows ``start:stop`` (one row for a
  fixed-size vector, several for a sequence such as per-second frames);
* ``index.parquet`` -- ``item_id``, ``start``, ``stop`` and one boolean column per
  bad-input flag (``silent``, ``too_short``...), so flagged items stay visible;
* ``failures.csv`` -- items that could not be decoded, with the reason (never
  silently missing: an id is either in the index or in the failures);
* ``meta.json`` -- family, dimension, the extractor's parameters, counts.

Every value is checked finite on save: a NaN feature is an error, not a number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from music_visual.errors import StudyError


@dataclass
class FeatureTable:
    """Features of many items; see the module docstring for the layout."""

    index: pd.DataFrame
    values: np.ndarray
    meta: dict = field(default_factory=dict)
    failures: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["item_id", "reason"]))

    @property
    def ids(self) -> list[str]:
        return self.index["item_id"].tolist()

    @property
    def dim(self) -> int:
        return int(self.values.shape[1])

    def _rows(self, ids: Sequence[str] | None) -> pd.DataFrame:
        if ids is None:
            return self.index
        pos = pd.Series(np.arange(len(self.index)), index=self.index["item_id"])
        missing = [i for i in ids if i not in pos.index]
        if missing:
            raise StudyError(f"{len(missing)} item(s) have no {self.meta.get('family', '')} features, e.g. {missing[:3]}")
        return self.index.iloc[pos.loc[list(ids)].to_numpy()]

    def matrix(self, ids: Sequence[str] | None = None) -> np.ndarray:
        """(n_items, dim) for fixed-size features, rows in the order of ``ids``."""
        rows = self._rows(ids)
        if not ((rows["stop"] - rows["start"]) == 1).all():
            raise StudyError("these features are sequences; use sequences()")
        return self.values[rows["start"].to_numpy()]

    def sequences(self, ids: Sequence[str] | None = None) -> list[np.ndarray]:
        """One (length_i, dim) array per item."""
        rows = self._rows(ids)
        return [self.values[a:b] for a, b in zip(rows["start"], rows["stop"])]


def save_feature_table(folder: str | Path, ids: Sequence[str], arrays: Sequence[np.ndarray],
                       flags: Sequence[dict] | None = None, meta: dict | None = None,
                       failures: Sequence[tuple[str, str]] = ()) -> Path:
    """Write features (1-D vectors or 2-D sequences, one per id) and return the folder."""
    if len(ids) != len(arrays) or (flags is not None and len(flags) != len(ids)):
        raise StudyError("ids, arrays and flags must have the same length")
    if len(set(ids)) != len(ids):
        raise StudyError("duplicate item ids in a feature table")
    blocks = [np.atleast_2d(np.asarray(a, dtype=np.float32)) for a in arrays]
    dims = {b.shape[1] for b in blocks}
    if len(dims) > 1:
        raise StudyError(f"features of different dimensions in one table: {sorted(dims)}")
    values = np.concatenate(blocks) if blocks else np.zeros((0, 0), np.float32)
    bad = ~np.isfinite(values).all(axis=1) if values.size else np.zeros(0, bool)
    if bad.any():
        stops = np.cumsum([len(b) for b in blocks])
        culprits = sorted({ids[int(np.searchsorted(stops, r, side="right"))] for r in np.flatnonzero(bad)})
        raise StudyError(f"non-finite features for {len(culprits)} item(s), e.g. {culprits[:3]}")
    lengths = np.array([len(b) for b in blocks], dtype=np.int64)
    stop = np.cumsum(lengths)
    index = pd.DataFrame({"item_id": list(ids), "start": stop - lengths, "stop": stop})
    if flags:
        index = pd.concat([index, pd.DataFrame(list(flags)).fillna(False).astype(bool)], axis=1)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "values.npy", values)
    index.to_parquet(folder / "index.parquet", index=False)
    pd.DataFrame(list(failures), columns=["item_id", "reason"]).to_csv(folder / "failures.csv", index=False)
    meta = {**(meta or {}), "dim": int(values.shape[1]) if values.size else 0, "n_items": len(ids),
            "n_rows": int(values.shape[0]), "n_failed": len(failures),
            "n_flagged": {c: int(index[c].sum()) for c in index.columns[3:]}}
    (folder / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return folder


def load_feature_table(folder: str | Path) -> FeatureTable:
    """Read a folder written by :func:`save_feature_table`."""
    folder = Path(folder)
    if not (folder / "values.npy").is_file():
        raise StudyError(f"no features in {folder} (run the features stage first)")
    failures = pd.read_csv(folder / "failures.csv", dtype=str, keep_default_na=False)
    return FeatureTable(index=pd.read_parquet(folder / "index.parquet"), values=np.load(folder / "values.npy"),
                        meta=json.loads((folder / "meta.json").read_text(encoding="utf-8")), failures=failures)
