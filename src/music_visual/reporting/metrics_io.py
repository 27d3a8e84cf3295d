"""Metrics files: ``reports/<paper>/metrics.json`` (what every table and the README quote).

Schema (DVC shows the numeric leaves with ``dvc metrics show``)::

    {"paper": "vmnet",
     "results": {"<method>": {"<metric>": {"mean": 0.252, "ci95_low": 0.24,
                                            "ci95_high": 0.26, "std": 0.01, "n_seeds": 3}}}}

Metric values are fractions (0.252, not 25.2 %). ``chance`` and ``oracle``
are methods like any other. Per-seed values go to a CSV beside the JSON.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
from scipy import stats

from music_visual.errors import StudyError


def summarize_over_seeds(values: Iterable[float], confidence: float = 0.95) -> dict:
    """Mean, Student-t confidence interval, standard deviation and count of per-seed values.

    With one value the interval is undefined and given as ``None``.

    >>> s = summarize_over_seeds([0.2, 0.3, 0.4])
    >>> round(s["mean"], 3), round(s["ci95_low"], 3), round(s["ci95_high"], 3), s["n_seeds"]
    (0.3, 0.052, 0.548, 3)
    """
    arr = np.asarray(list(values), dtype=float)
    if arr.size == 0:
        raise ValueError("no values to summarise")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"non-finite per-seed values: {arr.tolist()}")
    mean = float(arr.mean())
    if arr.size == 1:
        return {"mean": mean, "ci95_low": None, "ci95_high": None, "std": None, "n_seeds": 1}
    std = float(arr.std(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2, arr.size - 1) * std / math.sqrt(arr.size))
    return {"mean": mean, "ci95_low": mean - half, "ci95_high": mean + half, "std": std,
            "n_seeds": int(arr.size)}


def _check_finite(obj, where: str = "") -> None:
    if isinstance(obj, Mapping):
        for k, v in obj.items():
            _check_finite(v, f"{where}.{k}" if where else str(k))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            _check_finite(v, f"{where}[{i}]")
    elif isinstance(obj, float) and not math.isfinite(obj):
        raise StudyError(f"metric {where} is {obj}: refusing to write a non-finite metric")


def _to_builtin(obj):
    if isinstance(obj, Mapping):
        return {str(k): _to_builtin(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_to_builtin(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


def write_metrics(path: str | Path, results: Mapping, paper: str | None = None, **extra) -> Path:
    """Write a metrics JSON (sorted keys, finite numbers only) and return its path.

    ``results`` maps method -> metric -> summary dict (see :func:`summarize_over_seeds`)
    or a plain number. ``extra`` adds top-level keys (e.g. ``corpus="default"``).
    """
    payload = _to_builtin({"paper": paper, "results": dict(results), **extra})
    if paper is None:
        payload.pop("paper")
    _check_finite(payload)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def read_metrics(path: str | Path) -> dict:
    """Read a metrics JSON written by :func:`write_metrics`, with a clear error otherwise."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise StudyError(f"cannot read metrics file {path}: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise StudyError(f"{path} is not a study metrics file (no 'results' mapping)")
    return data


def gather_metrics(reports_root: str | Path, sections: Iterable[str] | None = None) -> dict[str, dict]:
    """Every ``reports/<paper>/metrics.json`` that exists, keyed by paper id (sorted).

    Only the papers' sections are read (``sections`` defaults to the five paper ids);
    other sections (``corpus``, ``features``...) keep their own metrics formats.
    """
    from music_visual import PAPERS

    wanted = set(PAPERS if sections is None else sections)
    return {path.parent.name: read_metrics(path) for path in sorted(Path(reports_root).glob("*/metrics.json"))
            if path.parent.name in wanted}
