"""Splice the pipeline's cross-paper table into README.md between two markers.

    python -m music_visual.reporting.readme_results README.md

Run by ``make run`` after ``dvc repro``, so the README's table is generated, never typed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from music_visual import paths
from music_visual.errors import StudyError

START, END = "<!-- results:start -->", "<!-- results:end -->"


def splice(readme_text: str, table_md: str) -> str:
    """Replace what lies between the markers with ``table_md``."""
    if START not in readme_text or END not in readme_text:
        raise StudyError(f"README has no {START} ... {END} markers")
    head, rest = readme_text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table_md.strip()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    readme = Path(argv[0] if argv else "README.md")
    table = paths.reports_dir("compare") / "cross_paper_table.md"
    try:
        if not table.is_file():
            raise StudyError(f"{table} not found: run `dvc repro compare` first")
        readme.write_text(splice(readme.read_text(encoding="utf-8"), table.read_text(encoding="utf-8")),
                          encoding="utf-8")
    except StudyError as exc:
        print(f"readme_results: error: {exc}", file=sys.stderr)
        return 2
    print(f"updated the results table in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
