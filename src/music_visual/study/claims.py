"""The claims ledger: one row schema for every paper's claims (``reports/<id>/claims.csv``).

Columns (:data:`COLUMNS`):

* ``paper`` -- the paper id; ``claim_id`` -- a short stable key (``nonlinear_beats_linear_inter``);
* ``claim`` -- the paper's claim in short words (also the key of ``claims`` in metrics.json);
* ``paper_figure`` -- what the paper reports for it, on its own data;
* ``ours`` -- our number: mean and 95 % CI over seeds (or repeats) where the claim is a paired
  difference, otherwise the measured quantity the verdict rests on;
* ``chance`` and ``oracle`` -- the same quantity for a random scorer and for the corpus oracle;
* ``verdict`` -- one of :data:`VERDICTS`; ``evidence`` -- the rule applied, with its numbers;

  The rule (:func:`interval_verdict`): a claim is *reproduced* when the 95 % CI of its paired
  difference over seeds (or repeats) lies on the claimed side of the threshold (0 unless stated),
  *not reproduced* when it lies on the other side, and *inconclusive* when it contains the
  threshold. A claim about a data regime we cannot reach (VM-NET's 200,000 pairs) whose learning
  curve moves significantly toward the claim is *not testable at this size*
  (:func:`regime_verdict`); *not testable* means a method was not run or one seed gives no interval.
* ``substitutes`` -- the models, features or data that stand in for the paper's and affect the row.

The README's findings and the report's ledger are read back from these files by
:func:`read_ledgers` (never typed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from music_visual.errors import StudyError

COLUMNS = ["paper", "claim_id", "claim", "paper_figure", "ours", "chance", "oracle", "verdict", "evidence",
           "substitutes"]
REPRODUCED, NOT_REPRODUCED, NOT_TESTABLE = "reproduced", "not reproduced", "not testable"
INCONCLUSIVE, NOT_TESTABLE_AT_SIZE = "inconclusive", "not testable at this size"
VERDICTS = (REPRODUCED, NOT_REPRODUCED, INCONCLUSIVE, NOT_TESTABLE_AT_SIZE, NOT_TESTABLE)
FILE = "claims.csv"


def claim_row(paper: str, claim_id: str, claim: str, verdict: str, **fields) -> dict:
    """One ledger row; unknown fields and verdicts are errors, missing fields are empty."""
    unknown = set(fields) - set(COLUMNS)
    if unknown:
        raise StudyError(f"claim {claim_id!r}: unknown ledger fields {sorted(unknown)}; the schema is {COLUMNS}")
    if verdict not in VERDICTS:
        raise StudyError(f"claim {claim_id!r}: verdict {verdict!r} is not one of {VERDICTS}")
    row = {c: "" for c in COLUMNS} | {"paper": paper, "claim_id": claim_id, "claim": claim, "verdict": verdict}
    return row | {k: "" if v is None else str(v) for k, v in fields.items()}


def ledger(rows: Iterable[Mapping]) -> pd.DataFrame:
    """Rows as a ledger table, checked: the schema's columns in order, known verdicts, unique ids."""
    table = pd.DataFrame(list(rows), columns=COLUMNS).fillna("")
    check_ledger(table)
    return table


def check_ledger(table: pd.DataFrame, where: str = "claims") -> None:
    if list(table.columns) != COLUMNS:
        raise StudyError(f"{where}: columns {list(table.columns)} are not the ledger schema {COLUMNS}")
    bad = sorted(set(table["verdict"]) - set(VERDICTS))
    if bad:
        raise StudyError(f"{where}: unknown verdicts {bad}; allowed: {VERDICTS}")
    dupes = table.loc[table.duplicated(["paper", "claim_id"]), "claim_id"].tolist()
    if dupes:
        raise StudyError(f"{where}: claim ids used twice: {dupes}")


def verdicts(table: pd.DataFrame) -> dict[str, str]:
    """``{claim: verdict}``, the ``claims`` entry of a paper's metrics.json."""
    return dict(zip(table["claim"], table["verdict"]))


def write_ledger(table: pd.DataFrame, folder: str | Path) -> Path:
    """``folder/claims.csv`` (the ledger) and ``claims.md`` beside it; returns the CSV path."""
    from music_visual.reporting import to_markdown

    check_ledger(table)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    table.to_csv(folder / FILE, index=False)
    (folder / "claims.md").write_text(to_markdown(table.drop(columns=["paper", "claim_id"])), encoding="utf-8")
    return folder / FILE


def read_ledgers(reports_root: str | Path, papers: Iterable[str]) -> pd.DataFrame:
    """Every paper's ``reports/<id>/claims.csv`` that exists, concatenated in ``papers`` order."""
    frames = []
    for paper in papers:
        path = Path(reports_root) / paper / FILE
        if path.is_file():
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            check_ledger(table, str(path))
            frames.append(table)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)


def verdict_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Per paper: how many claims are reproduced, not reproduced, not testable."""
    counts = pd.crosstab(table["paper"], table["verdict"]).reindex(columns=list(VERDICTS), fill_value=0)
    return counts.reindex(pd.unique(table["paper"])).reset_index()


def interval_verdict(low: float | None, high: float | None, expect_gain: bool = True,
                     threshold: float = 0.0) -> str:
    """The verdict of "difference > threshold" (``expect_gain``) or "difference <= threshold".

    Reproduced when the whole 95 % interval ``[low, high]`` lies on the claimed side of
    ``threshold``, not reproduced when it lies on the other side, inconclusive when it
    contains the threshold; not testable without an interval. A non-inferiority claim
    ("A about as good as B, within 1 point") is ``expect_gain`` with ``threshold = -0.01``.
    """
    if low is None or high is None or low != low or high != high:
        return NOT_TESTABLE
    above, below = low > threshold, high < threshold
    if not (above or below):
        return INCONCLUSIVE
    return REPRODUCED if above == expect_gain else NOT_REPRODUCED


def paired_verdict(diff: Mapping | None, expect_gain: bool, threshold: float = 0.0) -> str:
    """:func:`interval_verdict` of :func:`music_visual.study.summaries.paired_difference`'s summary.

    No difference (a method not run) or a single seed (no interval) is *not testable*.
    """
    if diff is None:
        return NOT_TESTABLE
    return interval_verdict(diff.get("ci95_low"), diff.get("ci95_high"), expect_gain, threshold)


def size_trend(points: pd.DataFrame, value: str = "difference", size: str = "n_train",
               unit: str = "seed") -> dict | None:
    """How a paired difference moves with the training-set size: its change per doubling.

    ``points`` holds one row per (``unit``, ``size``) with the paired ``value`` at that size.
    Per seed a least-squares line ``value = a + b log2(size)``; returns the summary over
    seeds of ``b`` (``slope_*`` keys: mean, ci95_low, ci95_high), the mean line's
    intercept, the largest size and, where the mean slope is not zero, the size at which the
    mean line crosses zero (``crossing_size``; an extrapolation beyond the measured sizes).
    None with fewer than two sizes.
    """
    from music_visual.reporting import summarize_over_seeds

    slopes, intercepts = [], []
    for _, rows in points.groupby(unit):
        x = np.log2(rows[size].to_numpy(float))
        if len(np.unique(x)) < 2:
            continue
        b, a = np.polyfit(x, rows[value].to_numpy(float), 1)
        slopes.append(b)
        intercepts.append(a)
    if not slopes:
        return None
    summary = summarize_over_seeds(np.asarray(slopes))
    a, b = float(np.mean(intercepts)), float(summary["mean"])
    doublings = -a / b if b != 0 else float("inf")
    crossing = float(2.0 ** doublings) if doublings < 64 else None  # beyond 2**64 pairs: never
    return {"slope_mean": b, "slope_ci95_low": summary.get("ci95_low"), "slope_ci95_high": summary.get("ci95_high"),
            "intercept": a, "max_size": float(points[size].max()), "crossing_size": crossing,
            "n_seeds": len(slopes)}


def regime_verdict(diff: Mapping | None, trend: Mapping | None, expect_gain: bool,
                   paper_size: int | None = None, threshold: float = 0.0) -> tuple[str, str]:
    """Verdict and note of a claim about a data regime larger than ours.

    The claim is judged at our full size first (:func:`paired_verdict`). If that does not
    reproduce it but the learning curve's slope per doubling (:func:`size_trend`) moves
    significantly toward the claim (its 95 % interval on the claimed side of 0), the claim is
    *not testable at this size*, and the note gives the size at which the fitted line would
    cross (a log-linear extrapolation) beside ``paper_size``.
    """
    verdict = paired_verdict(diff, expect_gain, threshold)
    if verdict in (REPRODUCED, NOT_TESTABLE) or trend is None:
        return verdict, ""
    toward = interval_verdict(trend.get("slope_ci95_low"), trend.get("slope_ci95_high"), expect_gain) == REPRODUCED
    slope = (f"the difference moves {100 * trend['slope_mean']:+.1f} points per doubling of the training set "
             f"[{_pp(trend.get('slope_ci95_low'))}, {_pp(trend.get('slope_ci95_high'))}]")
    if not toward:
        return verdict, f"learning curve: {slope}, not significantly toward the claim"
    crossing = trend.get("crossing_size")
    where = (f"; the fitted line crosses zero at about {crossing:,.0f} training pairs (log-linear extrapolation "
             f"from at most {trend['max_size']:,.0f})" if crossing and crossing > trend["max_size"] else "")
    paper = f"; the paper trained on {paper_size:,} pairs" if paper_size else ""
    return NOT_TESTABLE_AT_SIZE, f"learning curve: {slope}{where}{paper}"


def _pp(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:+.1f}"


def mean_ci(summary: Mapping | None, scale: float = 100.0, unit: str = " pp", signed: bool = True) -> str:
    """``"+1.2 pp [-0.3, +2.7] (n=3)"`` from a summary over seeds (empty for None)."""
    if summary is None:
        return ""
    fmt = "+.1f" if signed else ".1f"
    text = f"{scale * summary['mean']:{fmt}}{unit}"
    if summary.get("ci95_low") is not None:
        text += f" [{scale * summary['ci95_low']:{fmt}}, {scale * summary['ci95_high']:{fmt}}]"
    return text + f" (n={summary.get('n_seeds', 1)})"
