"""The claims ledger: one row schema for every paper's claims (``reports/<id>/claims.csv``).

Columns (:data:`COLUMNS`):

* ``paper`` -- the paper id; ``claim_id`` -- a short stable key (``nonlinear_beats_linear_inter``);
* ``claim`` -- the paper's claim in short words (also the key of ``claims`` in metrics.json);
* ``paper_figure`` -- what the paper reports for it, on its own data;
* ``ours`` -- our number: mean and 95 % CI over seeds (or repeats) where the claim is a paired
  difference, otherwise the measured quantity the verdict rests on;
* ``chance`` and ``oracle`` -- the same quantity for a random scorer and for the corpus oracle;
* ``verdict`` -- one of :data:`VERDICTS`; ``evidence`` -- the rule applied, with its numbers;
* ``substitutes`` -- the models, features or data that stand in for the paper's and affect the row.

The README's findings and the report's ledger are read back from these files by
:func:`read_ledgers` (never typed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd

from music_visual.errors import StudyError

COLUMNS = ["paper", "claim_id", "claim", "paper_figure", "ours", "chance", "oracle", "verdict", "evidence",
           "substitutes"]
REPRODUCED, NOT_REPRODUCED, NOT_TESTABLE = "reproduced", "not reproduced", "not testable"
VERDICTS = (REPRODUCED, NOT_REPRODUCED, NOT_TESTABLE)
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


def paired_verdict(diff: Mapping | None, expect_gain: bool) -> str:
    """Verdict of "A beats B" (``expect_gain``) or "A does not help over B" from a paired difference.

    ``diff`` is :func:`music_visual.study.summaries.paired_difference`'s summary: a gain is
    significant when its 95 % interval lies above 0. No difference or a single seed (no
    interval) is *not testable*.
    """
    if diff is None or diff.get("ci95_low") is None:
        return NOT_TESTABLE
    significant_gain = diff["ci95_low"] > 0
    return REPRODUCED if significant_gain == expect_gain else NOT_REPRODUCED


def mean_ci(summary: Mapping | None, scale: float = 100.0, unit: str = " pp", signed: bool = True) -> str:
    """``"+1.2 pp [-0.3, +2.7] (n=3)"`` from a summary over seeds (empty for None)."""
    if summary is None:
        return ""
    fmt = "+.1f" if signed else ".1f"
    text = f"{scale * summary['mean']:{fmt}}{unit}"
    if summary.get("ci95_low") is not None:
        text += f" [{scale * summary['ci95_low']:{fmt}}, {scale * summary['ci95_high']:{fmt}}]"
    return text + f" (n={summary.get('n_seeds', 1)})"
