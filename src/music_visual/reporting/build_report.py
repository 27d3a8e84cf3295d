"""Combine the executed notebooks into ``reports/index.html`` and ``reports/study.pdf``.

    python -m music_visual.reporting.build_report

The notebooks are the ``reports/**.ipynb`` outs declared in ``dvc.yaml``; each
becomes a code-free section (markdown, tables, figures) with a link to its
full HTML copy. The PDF is the same page rendered offline by weasyprint.
"""

from __future__ import annotations

import datetime as dt
import html
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from music_visual import PAPERS, paths
from music_visual.errors import StudyError
from music_visual.params import load_section
from music_visual.reporting.notebook_html import notebook_to_fragment
from music_visual.study.papers import paper_info, papers_overview

SECTION_ORDER = ("compare", "corpus", "features", *PAPERS)


def executed_notebooks(dvc_file: Path | None = None) -> list[Path]:
    """Executed-notebook outs of all stages (``reports/...ipynb``), report order."""
    dvc = yaml.safe_load((dvc_file or paths.dvc_file()).read_text(encoding="utf-8")) or {}
    found = []
    for stage in (dvc.get("stages") or {}).values():
        for entry in stage.get("outs") or []:
            name = next(iter(entry)) if isinstance(entry, dict) else entry
            if name.startswith("reports/") and name.endswith(".ipynb"):
                found.append(Path(name))
    rank = {s: i for i, s in enumerate(SECTION_ORDER)}
    return sorted(found, key=lambda p: (rank.get(p.parts[1], len(rank)), p.parts[1], p.name))


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


def headline_table_html(workspace: Path) -> str:
    csv = workspace / "reports" / "compare" / "cross_paper_table.csv"
    if not csv.is_file():
        return '<p class="empty">The cross-paper table has not been produced (run the compare stage).</p>'
    return pd.read_csv(csv, keep_default_na=False).to_html(index=False, escape=True, border=0)


def notebook_section(nb: Path, workspace: Path) -> str:
    full = workspace / nb
    link = nb.with_suffix(".html").relative_to("reports").as_posix()
    title = f'<div class="notebook-title">{html.escape(nb.stem)} — <a href="{link}">full notebook</a></div>'
    if not full.is_file():
        return title + f'<p class="empty">{html.escape(str(nb))} has not been run.</p>'
    return title + f'<div class="notebook">{notebook_to_fragment(full)}</div>'


def build_html(title: str, notebooks: list[Path], workspace: Path) -> str:
    sections: dict[str, list[Path]] = {}
    for nb in notebooks:
        sections.setdefault(nb.parts[1], []).append(nb)
    css = resources.files("music_visual.reporting").joinpath("report.css").read_text("utf-8")
    toc = "".join(f'<li><a href="#{s}">{html.escape(section_title(s))}</a></li>' for s in sections)
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             f"<style>{css}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p class='meta'>Generated {dt.date.today().isoformat()} from commit {_git_describe()}. "
             "Every number below is read from a metrics file written by the pipeline; the papers' own "
             "figures (on their data) stand beside ours and are never mixed with them.</p>",
             f"<nav><ul>{toc}</ul></nav>",
             "<h3>The five papers</h3>", papers_overview(list(PAPERS)).to_html(index=False, border=0),
             "<h2 class='first' id='headline'>Headline results</h2>", headline_table_html(workspace)]
    for section, nbs in sections.items():
        parts.append(f"<h2 id='{section}'>{html.escape(section_title(section))}</h2>")
        parts.extend(notebook_section(nb, workspace) for nb in nbs)
    parts.append("</body></html>")
    return "\n".join(parts)


def write_pdf(html_text: str, pdf: Path, base_url: Path) -> None:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html_text, base_url=str(base_url)).write_pdf(str(pdf))


def build_report(title: str | None = None) -> tuple[Path, Path]:
    workspace = paths.workspace()
    title = title or load_section("report").get("title", "Music <-> image/video correspondence")
    notebooks = executed_notebooks()
    out_dir = paths.ensure_dir(paths.reports_dir())
    page = build_html(title, notebooks, workspace)
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
