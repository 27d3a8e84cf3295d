"""Inputs left out of a corpus: every skip has a reason, is written to ``skipped.csv``
and counted in the manifest; too many skips (or nothing usable) stop the build."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from music_visual.corpus.schema import SKIPPED_FILE, CorpusError

SKIP_COLUMNS = ("input", "reason", "detail")
REASONS = (
    "unreadable_media", "no_audio_track", "silent_audio", "too_short", "unreadable_image",
    "empty_lyric", "duplicate_id", "missing_file", "bad_record", "filtered_label", "render_failed",
)


@dataclass
class SkipLog:
    """Collects skipped inputs: ``add(input, reason, detail)``; reasons from ``REASONS``."""

    rows: list[dict] = field(default_factory=list)

    def add(self, input_ref: str, reason: str, detail: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown skip reason {reason!r}; expected one of {REASONS}")
        self.rows.append({"input": str(input_ref), "reason": reason, "detail": str(detail)[:300]})

    def extend(self, rows) -> None:
        for row in rows:
            self.add(row["input"], row["reason"], row.get("detail", ""))

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(SKIP_COLUMNS))

    def counts(self) -> dict[str, int]:
        """Number of skips per reason (only reasons that occurred)."""
        return {k: int(v) for k, v in self.frame()["reason"].value_counts().sort_index().items()}

    def write(self, root: str | Path) -> Path:
        path = Path(root) / SKIPPED_FILE
        self.frame().to_csv(path, index=False)
        return path


def check_skip_share(n_used: int, skips: SkipLog, max_share: float, what: str = "inputs") -> None:
    """Raise :class:`CorpusError` when nothing usable remains or when the skipped share of
    all inputs exceeds ``max_share`` (0..1); the message names the most common reasons."""
    if not 0.0 <= max_share <= 1.0:
        raise ValueError(f"max_skip_share must lie in [0, 1], got {max_share}")
    total = n_used + len(skips)
    reasons = ", ".join(f"{r}: {n}" for r, n in sorted(skips.counts().items(), key=lambda kv: -kv[1]))
    if n_used == 0:
        raise CorpusError(f"no usable {what} remain ({len(skips)} skipped; {reasons or 'no inputs found'})")
    share = len(skips) / total
    if share > max_share:
        raise CorpusError(
            f"{len(skips)} of {total} {what} skipped ({share:.0%} > max_skip_share {max_share:.0%}); "
            f"reasons: {reasons}; see {SKIPPED_FILE}"
        )
