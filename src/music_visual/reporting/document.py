"""The study report as a document: contents, the claims ledger, the shared comparison, then one section per paper.

Everything is read from what the stages wrote -- the ``reports/`` outs declared in ``dvc.yaml`` (tables as CSV or
Markdown, figures as PNG, ``metrics.json``) -- and each paper's ``papers/<id>/report.py`` (its method in a paragraph
and its substitutes). Nothing is typed here:

* **Tables** that fit a page (at most :data:`MAX_COLUMNS` columns and :data:`MAX_ROWS` rows) are set in the text;
  the others go to the appendix, small, or (wider than :data:`MAX_APPENDIX_COLUMNS`) as a link to their CSV.
* **Captions** come from the executed notebook that wrote the file: the Markdown cell before the code cell that
  names it (its heading and first paragraph).
* **Links**: every section links its executed notebooks (``reports/<section>/*.html``: every cell, code and
  output) and every table links its CSV, relative to ``reports/``, so the folder can be moved or shared.

Paths of the machine that built the report never appear: tables and captions are scrubbed of the workspace path.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import mistune
import nbformat
import pandas as pd
import yaml

MAX_COLUMNS = 9
MAX_ROWS = 40
MAX_APPENDIX_COLUMNS = 16
SKIP_TABLES = ("claims.md", "claims.csv", "paper_vs_ours.md")   # the ledger and the headline table hold these


@dataclass
class Artifact:
    """One table or figure out of a stage: ``path`` relative to the workspace, the stage that wrote it."""

    path: Path
    stage: str
    caption: str = ""

    @property
    def is_figure(self) -> bool:
        return self.path.suffix.lower() in (".png", ".svg", ".jpg")


@dataclass
class Section:
    key: str
    title: str
    notebooks: list[Path] = field(default_factory=list)
    artifacts: list[Artifact] = field(default_factory=list)


def _stage_outs(dvc_file: Path) -> list[tuple[str, str]]:
    stages = (yaml.safe_load(dvc_file.read_text(encoding="utf-8")) or {}).get("stages") or {}
    out = []
    for name, stage in stages.items():
        for entry in stage.get("outs") or []:
            out.append((name, next(iter(entry)) if isinstance(entry, dict) else entry))
    return out


def sections(dvc_file: Path, order: tuple[str, ...]) -> dict[str, Section]:
    """The report's sections (``reports/<key>/``) with their notebooks, tables and figures, in ``order``."""
    found: dict[str, Section] = {}
    for stage, out in _stage_outs(dvc_file):
        parts = Path(out).parts
        if len(parts) < 3 or parts[0] != "reports":
            continue
        section = found.setdefault(parts[1], Section(parts[1], parts[1]))
        path = Path(out)
        if path.suffix == ".ipynb":
            section.notebooks.append(path)
        elif path.suffix in (".csv", ".md", ".png") and path.name not in SKIP_TABLES:
            section.artifacts.append(Artifact(path, stage))
    rank = {k: i for i, k in enumerate(order)}
    return dict(sorted(found.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


# --- captions from the executed notebooks -------------------------------------------------------------------

def _first_paragraph(markdown: str) -> str:
    lines, heading, body = markdown.strip().splitlines(), "", []
    for line in lines:
        if line.startswith("#") and not heading and not body:
            heading = line.lstrip("#").strip()
            continue
        if not line.strip():
            if body:
                break
            continue
        body.append(line)
    text = " ".join(body)
    return f"**{heading}.** {text}" if heading and text else (heading or text)


def captions(notebook: Path, stems: list[str]) -> dict[str, str]:
    """``{stem: caption}``: the Markdown before the first code cell that names ``stem`` (a file name without
    suffix)."""
    if not notebook.is_file():
        return {}
    cells = nbformat.read(str(notebook), as_version=4).cells
    out = {}
    for stem in stems:
        last_md = ""
        for cell in cells:
            if cell.cell_type == "markdown":
                last_md = cell.source
            elif cell.cell_type == "code" and re.search(rf"\b{re.escape(stem)}\b", cell.source):
                out[stem] = _first_paragraph(last_md)
                break
    return out


MAX_CAPTION = 420


def shorten(text: str, limit: int = MAX_CAPTION) -> str:
    """``text`` cut after the last sentence that ends within ``limit`` characters (with an ellipsis)."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(". ", 0, limit), text.rfind(": ", 0, limit))
    return (text[:cut + 1] if cut > limit // 3 else text[:limit].rsplit(" ", 1)[0]) + " …"


def attach_captions(section: Section, workspace: Path) -> None:
    """Each artifact's caption; a notebook text already used by an earlier artifact of the section is not
    repeated (the artifact is then named by its file)."""
    stems = [a.path.stem for a in section.artifacts]
    found: dict[str, str] = {}
    for nb in section.notebooks:
        for stem, text in captions(workspace / nb, stems).items():
            found.setdefault(stem, text)
    used: set[str] = set()
    for a in section.artifacts:
        text = found.get(a.path.stem, "")
        a.caption = "" if text in used else shorten(text)
        used.add(text)


# --- rendering ------------------------------------------------------------------------------------------------

def markdown_html(text: str, workspace: Path | None = None) -> str:
    return mistune.html(scrub(text, workspace))


def scrub(text: str, workspace: Path | None) -> str:
    """``text`` without the workspace's absolute path (nor the user's home)."""
    if workspace is not None:
        text = text.replace(str(workspace) + "/", "").replace(str(workspace), ".")
    return re.sub(r"/(?:home|Users|tmp|work)/[^\s'\"<>)]*", "<path>", text)


def _number(x) -> str:
    if isinstance(x, float):
        if pd.isna(x):
            return ""
        if abs(x) >= 100:
            return f"{x:.0f}"
        if abs(x) >= 10:
            return f"{x:.1f}"
        return f"{x:.3f}"
    return str(x)


def read_table(path: Path) -> pd.DataFrame:
    """A CSV, or a Markdown pipe table, as a frame of strings."""
    if path.suffix == ".csv":
        return pd.read_csv(path, keep_default_na=False).map(_number)
    rows = [line.strip().strip("|").split("|") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip().startswith("|")]
    rows = [[c.strip() for c in r] for r in rows if not all(set(c.strip()) <= set("-: ") for c in r)]
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame(rows[1:], columns=rows[0])


def fits(table: pd.DataFrame) -> bool:
    return table.shape[1] <= MAX_COLUMNS and len(table) <= MAX_ROWS


def table_html(table: pd.DataFrame, workspace: Path | None = None, css: str = "") -> str:
    body = table.to_html(index=False, escape=True, border=0, classes=css or None)
    return scrub(body, workspace)


def figure_html(artifact: Artifact, number: str, workspace: Path) -> str:
    src = artifact.path.relative_to("reports").as_posix()
    if not (workspace / artifact.path).is_file():
        return f'<p class="empty">{html.escape(artifact.path.name)} has not been produced yet.</p>'
    caption = markdown_html(artifact.caption, workspace) if artifact.caption else html.escape(_named(artifact))
    return (f'<figure><img src="{src}" alt="{html.escape(artifact.path.stem)}"/>'
            f'<figcaption><b>Figure {number}.</b> {caption}</figcaption></figure>')


def _named(artifact: Artifact) -> str:
    return artifact.path.stem.replace("_", " ").capitalize() + "."


def paper_text(paper: str) -> tuple[str, tuple[str, ...]]:
    """A paper's method paragraph and substitutes (``papers/<id>/report.py``; empty when it has none)."""
    try:
        module = import_module(f"music_visual.papers.{paper}.report")
    except ModuleNotFoundError:
        return "", ()
    return getattr(module, "METHOD", ""), tuple(getattr(module, "SUBSTITUTES", ()))


def ledger_html(workspace: Path) -> str:
    """The claims of every paper: the verdict counts, then per paper its claims with their evidence and, once,
    the substitutes that affect them."""
    csv = workspace / "reports" / "compare" / "claims_ledger.csv"
    if not csv.is_file():
        return '<p class="empty">The claims ledger has not been produced (run the compare stage).</p>'
    ledger = pd.read_csv(csv, keep_default_na=False)
    counts = pd.crosstab(ledger["paper"], ledger["verdict"]).reset_index()
    head = ("<tr><th>claim (evidence)</th><th>paper's figure</th><th>ours</th><th>chance</th><th>oracle</th>"
            "<th>verdict</th></tr>")
    out = [table_html(counts, workspace, "counts")]
    for paper, claims in ledger.groupby("paper", sort=False):
        subs = _distinct(claims.get("substitutes", pd.Series(dtype=str)))
        out.append(f"<h3>{html.escape(str(paper))}: {_count(len(claims), 'claim')}</h3>")
        if subs:
            out.append('<p class="evidence"><i>Substitutes that affect these claims:</i> '
                       + html.escape(" ".join(subs)) + "</p>")
        rows = []
        for _, r in claims.iterrows():
            evidence = (f'<div class="evidence">{html.escape(scrub(str(r.get("evidence", "")), workspace))}</div>'
                        if r.get("evidence") else "")
            verdict = str(r["verdict"])
            cells = [html.escape(str(r.get(k, ""))) for k in ("paper_figure", "ours", "chance", "oracle")]
            rows.append(f'<tr><td>{html.escape(str(r["claim"]))}{evidence}</td>' + "".join(f"<td>{c}</td>" for c in cells)
                        + f'<td class="verdict {verdict.replace(" ", "-")}">{html.escape(verdict)}</td></tr>')
        out.append(f'<table class="ledger"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>')
    out.append('<p class="note">A claim is <i>reproduced</i> or <i>not reproduced</i> only when the paired difference '
               'over seeds has a 95 % interval that excludes zero; <i>inconclusive</i> otherwise; <i>not testable at '
               'this size</i> when it is about a data regime the corpus cannot reach. '
               '<a href="compare/claims_ledger.csv">claims_ledger.csv</a></p>')
    return "".join(out)


def _distinct(values) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if str(v).strip()))


def corpus_html(workspace: Path) -> str:
    """What the corpus holds: items per kind, pairs per role, skips -- from its metrics file."""
    path = workspace / "reports" / "corpus" / "metrics.json"
    if not path.is_file():
        return '<p class="empty">The corpus has not been built yet.</p>'
    metrics = json.loads(path.read_text(encoding="utf-8"))
    counts = metrics.get("counts", {})
    rows = [{"table": name, "entry": key, "count": value} for name in ("items", "pairs", "skipped")
            for key, value in (counts.get(name) or {}).items() if not isinstance(value, dict)]
    facts = [f"source <b>{html.escape(str(metrics.get('source', '')))}</b>", f"seed {metrics.get('seed', '')}",
             f"{metrics.get('audio_minutes', '')} minutes of audio",
             f"{metrics.get('skipped_total', 0)} inputs skipped",
             f"preference agreement of the simulated annotators {metrics.get('preference_agreement', '')}"]
    out = f"<p>{', '.join(facts)}.</p>" + (table_html(pd.DataFrame(rows), workspace) if rows else "")
    test = metrics.get("music_to_video_test") or {}
    names = {"chance": "chance", "cca": "CCA on simple features", "oracle_global_linear": "oracle: one linear rule",
             "oracle_per_genre": "oracle: per-genre rules", "oracle": "oracle: the full rule"}
    columns = [("recall_at_1", "R@1"), ("recall_at_5", "R@5"), ("recall_at_10", "R@10"), ("median_rank", "median rank")]
    learn = [{"scorer": label, **{name: (f"{100 * test[key][k]:.1f}" if k.startswith("recall") else test[key][k])
                                  for k, name in columns if k in test[key]}}
             for key, label in names.items() if key in test]
    if learn:
        out += (f'<div class="caption"><b>How learnable the corpus is</b>: music -> video retrieval over its '
                f'{test.get("n_test_queries", "")} test pairs (R@K in %), from chance to the generating rule.</div>'
                + table_html(pd.DataFrame(learn), workspace))
    return out


def features_html(workspace: Path) -> str:
    """One row per feature family: what it extracts, items, failures and flags (from its stage report)."""
    folder = workspace / "reports" / "features"
    rows = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        summary = json.loads(path.read_text(encoding="utf-8"))
        flagged = ", ".join(f"{k} {v}" for k, v in sorted((summary.get("flagged") or {}).items()) if v) or "none"
        rows.append({"family": summary.get("family", path.stem), "items": summary.get("n_items"),
                     "failed": summary.get("n_failed"), "outputs": ", ".join(summary.get("outputs", [])),
                     "flagged": flagged})
    if not rows:
        return '<p class="empty">No feature family has run yet.</p>'
    return table_html(pd.DataFrame(rows), workspace)


@dataclass
class Numbering:
    table: int = 0
    figure: int = 0
    appendix: list[str] = field(default_factory=list)


def artifact_html(a: Artifact, workspace: Path, n: Numbering) -> str:
    """A figure, a table that fits (set here) or a pointer to the appendix."""
    if a.is_figure:
        n.figure += 1
        return figure_html(a, str(n.figure), workspace)
    full = workspace / a.path
    if not full.is_file():
        return f'<p class="empty">{html.escape(a.path.name)} has not been produced yet.</p>'
    table = read_table(full)
    n.table += 1
    link = a.path.relative_to("reports").as_posix()
    caption = markdown_html(a.caption, workspace) if a.caption else ""
    title = (f'<div class="caption"><b>Table {n.table}</b> (<a href="{link}">{html.escape(a.path.name)}</a>, '
             f'{_rows(len(table))}). {caption}</div>')
    if fits(table):
        return title + table_html(table, workspace)
    anchor = f"appendix-{n.table}"
    body = (table_html(table, workspace, "small") if table.shape[1] <= MAX_APPENDIX_COLUMNS else
            f'<p>{table.shape[1]} columns: too wide to print; open <a href="{link}">{html.escape(a.path.name)}</a>.</p>')
    n.appendix.append(f'<h3 id="{anchor}">Table {n.table}: {html.escape(a.path.name)}</h3>{caption}{body}')
    return title + (f'<p class="note">{_rows(len(table))} &times; {table.shape[1]} columns: in the '
                    f'<a href="#{anchor}">appendix</a> and as <a href="{link}">CSV</a>.</p>')


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _rows(n: int) -> str:
    return _count(n, "row")


def notebook_links(section: Section) -> str:
    links = [f'<a href="{nb.with_suffix(".html").relative_to("reports").as_posix()}">{html.escape(nb.stem)}</a>'
             for nb in section.notebooks]
    return f'<p class="notebooks">Executed notebooks (every cell): {" &middot; ".join(links)}</p>' if links else ""


def build_document(title: str, workspace: Path, dvc_file: Path, papers: tuple[str, ...], paper_title,
                   overview: pd.DataFrame, meta: str, css: str) -> str:
    """The whole report page (see the module docstring)."""
    found = sections(dvc_file, ("compare", "corpus", "features", *papers))
    for s in found.values():
        attach_captions(s, workspace)
    n = Numbering()
    compare = found.pop("compare", Section("compare", "compare"))
    toc = [("ledger", "The claims ledger of the five papers"), ("headline", "Headline results"),
           ("compare", "Hand-crafted vs pretrained audio on one protocol"), ("data", "The corpus and the features")]
    toc += [(p, paper_title(p)) for p in papers if p in found]
    toc.append(("appendix", "Appendix: long tables"))
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             f"<style>{css}</style></head><body>", f"<h1>{html.escape(title)}</h1>", f"<p class='meta'>{meta}</p>",
             "<nav><h3>Contents</h3><ol>" + "".join(f'<li><a href="#{k}">{html.escape(t)}</a></li>' for k, t in toc)
             + "</ol></nav>", "<h3>The five papers</h3>", table_html(overview, workspace),
             "<h2 class='first' id='ledger'>1. The claims ledger of the five papers</h2>", ledger_html(workspace)]
    headline = [a for a in compare.artifacts if a.path.stem == "cross_paper_table" and a.path.suffix == ".csv"]
    parts.append("<h2 id='headline'>2. Headline results</h2><p>Each paper's headline numbers on its own data "
                 "beside ours on the embedded corpus (mean and 95 % interval over seeds), with chance and the corpus "
                 "oracle on the same gallery.</p>")
    parts += [artifact_html(a, workspace, n) for a in headline]
    parts += [artifact_html(a, workspace, n) for a in compare.artifacts if a.is_figure and a.stage == "compare"]
    parts.append("<h2 id='compare'>3. Hand-crafted vs pretrained audio on one protocol</h2>")
    shared = [a for a in compare.artifacts if a.stage != "compare" and a.path.suffix != ".md"]
    parts += [artifact_html(a, workspace, n) for a in shared] + [notebook_links(compare)]
    parts.append("<h2 id='data'>4. The corpus and the features</h2>" + corpus_html(workspace)
                 + features_html(workspace))
    for key in ("corpus", "features"):
        if key in found:
            s = found.pop(key)
            parts += [artifact_html(a, workspace, n) for a in s.artifacts if a.is_figure] + [notebook_links(s)]
    for i, paper in enumerate(p for p in papers if p in found):
        s = found.pop(paper)
        method, substitutes = paper_text(paper)
        parts.append(f"<h2 id='{paper}'>{5 + i}. {html.escape(paper_title(paper))}</h2>")
        parts.append(f"<p>{html.escape(method)}</p>" if method else "")
        if substitutes:
            parts.append("<p><b>Substitutes</b> (each affects the numbers below):</p><ul>"
                         + "".join(f"<li>{markdown_html(x, workspace)}</li>" for x in substitutes) + "</ul>")
        tables = [a for a in s.artifacts if not a.is_figure and not (a.path.suffix == ".md" and any(
            b.path.stem == a.path.stem and b.path.suffix == ".csv" for b in s.artifacts))]
        parts += [artifact_html(a, workspace, n) for a in tables]
        parts += [artifact_html(a, workspace, n) for a in s.artifacts if a.is_figure]
        parts.append(notebook_links(s))
    parts.append("<div class='appendix'><h2 id='appendix'>Appendix: long tables</h2>"
                 + ("".join(n.appendix) or "<p>None.</p>") + "</div>")
    parts.append("</body></html>")
    return "\n".join(parts)
