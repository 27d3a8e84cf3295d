"""The study report: ``reports/index.html`` and ``reports/study.pdf``.

    python -m music_visual.reporting.build_report

A document (:mod:`music_visual.reporting.document`): contents, the claims ledger of all five papers, the headline
results, the shared comparison, the corpus and features, then one section per paper (its method in a paragraph,
its substitutes, its tables and captioned figures) and an appendix of long tables. The executed notebooks (the
``reports/**.ipynb`` outs of ``dvc.yaml``, every cell) stay beside it as HTML pages that every section links.
The PDF is the same page rendered offline by weasyprint.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from importlib import resources
from pathlib import Path


from music_visual import PAPERS, paths
from music_visual.errors import StudyError
from music_visual.params import load_section
from music_visual.reporting.document import build_document, sections
from music_visual.study.papers import paper_info, papers_overview

SECTION_ORDER = ("compare", "corpus", "features", *PAPERS)


def executed_notebooks(dvc_file: Path | None = None) -> list[Path]:
    """Executed-notebook outs of all stages (``reports/...ipynb``), report order."""
    found = sections(dvc_file or paths.dvc_file(), SECTION_ORDER)
    return [nb for section in found.values() for nb in sorted(section.notebooks, key=lambda p: p.name)]


def section_title(section: str) -> str:
    if section in PAPERS:
        return f"{section}: {paper_info(section)['title']}"
    return {"compare": "All methods side by side", "corpus": "The embedded default corpus",
            "features": "Features"}.get(section, section)


def _git_describe() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                             cwd=paths.repo_root(), check=False)
        return out.stdout.strip() or "uncommitted"
    except OSError:
        return "unknown"


def build_html(title: str, workspace: Path) -> str:
    css = resources.files("music_visual.reporting").joinpath("report.css").read_text("utf-8")
    meta = (f"Generated {dt.date.today().isoformat()} from commit {_git_describe()}. Every number is read from a "
            "file the pipeline wrote; the papers' own figures (on their data) stand beside ours and are never "
            "mixed with them.")
    return build_document(title, workspace, paths.dvc_file(), tuple(PAPERS), section_title,
                          papers_overview(list(PAPERS)), meta, css)


def write_pdf(html_text: str, pdf: Path, base_url: Path) -> None:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html_text, base_url=str(base_url)).write_pdf(str(pdf))


def build_report(title: str | None = None) -> tuple[Path, Path]:
    workspace = paths.workspace()
    title = title or load_section("report").get("title", "Music <-> image/video correspondence")
    out_dir = paths.ensure_dir(paths.reports_dir())
    page = build_html(title, workspace)
    index, pdf = out_dir / "index.html", out_dir / "study.pdf"
    index.write_text(page, encoding="utf-8")
    write_pdf(page, pdf, out_dir)
    return index, pdf


def main(argv: list[str] | None = None) -> int:
    try:
        index, pdf = build_report()
    except (StudyError, paths.NotInRepositoryError) as exc:
        print(f"build_report: error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {index} and {pdf}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
