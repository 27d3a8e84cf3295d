"""The study report as a document: sections from dvc.yaml outs, captions from notebooks, tables that fit,
the ledger first, no machine paths."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pandas as pd  # noqa: E402

from music_visual.reporting.build_report import write_pdf  # noqa: E402
from music_visual.reporting.document import (build_document, captions, fits, read_table, scrub,  # noqa: E402
                                             sections)

DVC = """stages:
  vmnet_04_results:
    cmd: x
    outs: [reports/vmnet/04_results.ipynb, reports/vmnet/04_results.html, reports/vmnet/table_iii.csv,
           reports/vmnet/wide.csv, reports/vmnet/claims.csv, reports/vmnet/figures/curves.png]
  compare:
    cmd: x
    outs: [reports/compare/01_all_methods.ipynb, reports/compare/cross_paper_table.csv,
           reports/compare/claims_ledger.csv]
"""


def _workspace(tmp_path: Path) -> Path:
    (tmp_path / "dvc.yaml").write_text(DVC)
    vm = tmp_path / "reports" / "vmnet"
    (vm / "figures").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## Recall curves\n\nRecall@K of every method, both ways.\n\nMore."),
                nbformat.v4.new_code_cell("save_figure(fig, figures / 'curves.png')"),
                nbformat.v4.new_markdown_cell("## Table III\n\nThe paper's table beside ours."),
                nbformat.v4.new_code_cell("table.to_csv(out / 'table_iii.csv')")]
    nbformat.write(nb, str(vm / "04_results.ipynb"))
    pd.DataFrame({"method": ["cca", "vmnet"], "recall_at_10": [0.14390243902439, 0.2], "note": [
        f"{tmp_path}/data/x.npz", "ok"]}).to_csv(vm / "table_iii.csv", index=False)
    pd.DataFrame({f"c{i}": [i] for i in range(20)}).to_csv(vm / "wide.csv", index=False)
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([0, 1])
    fig.savefig(vm / "figures" / "curves.png")
    plt.close(fig)
    cmp_ = tmp_path / "reports" / "compare"
    cmp_.mkdir(parents=True)
    pd.DataFrame({"paper": ["vmnet"], "method": ["cca"], "ours": ["12.0 ± 1.0"]}).to_csv(
        cmp_ / "cross_paper_table.csv", index=False)
    pd.DataFrame({"paper": ["vmnet", "vmnet"], "claim": ["A beats B", "C beats D"], "paper_figure": ["+3", "+1"],
                  "ours": ["+1.0 [0.2, 1.8]", "-0.1 [-1, 0.8]"], "chance": ["1", "1"], "oracle": ["90", "90"],
                  "verdict": ["reproduced", "inconclusive"], "evidence": ["paired over 3 seeds", "crosses 0"]}
                 ).to_csv(cmp_ / "claims_ledger.csv", index=False)
    return tmp_path


def _page(ws: Path) -> str:
    return build_document("Study", ws, ws / "dvc.yaml", ("vmnet", "sdcca"), lambda p: f"paper {p}",
                          pd.DataFrame({"paper": ["vmnet"], "title": ["T"]}), "meta", "")


def test_sections_come_from_the_stage_outs(tmp_path):
    found = sections(_workspace(tmp_path) / "dvc.yaml", ("compare", "vmnet"))
    assert list(found) == ["compare", "vmnet"]
    names = [a.path.name for a in found["vmnet"].artifacts]
    assert names == ["table_iii.csv", "wide.csv", "curves.png"]          # claims.csv is in the ledger
    assert [nb.name for nb in found["vmnet"].notebooks] == ["04_results.ipynb"]


def test_captions_are_the_markdown_before_the_cell_that_writes_the_file(tmp_path):
    ws = _workspace(tmp_path)
    found = captions(ws / "reports/vmnet/04_results.ipynb", ["curves", "table_iii", "missing"])
    assert found == {"curves": "**Recall curves.** Recall@K of every method, both ways.",
                     "table_iii": "**Table III.** The paper's table beside ours."}


def test_the_ledger_opens_the_report_and_tables_fit_the_page(tmp_path):
    ws = _workspace(tmp_path)
    page = _page(ws)
    ledger, headline, paper = page.index("id='ledger'"), page.index("id='headline'"), page.index("id='vmnet'")
    assert ledger < headline < paper
    assert "A beats B" in page and "paired over 3 seeds" in page and 'class="verdict reproduced"' in page
    assert "0.144" in page and "0.14390243902439" not in page           # numbers rounded for print
    assert "<b>Figure 1.</b> <p><strong>Recall curves.</strong>" in page and 'src="vmnet/figures/curves.png"' in page
    assert "in the <a href=\"#appendix-" in page                       # 20 columns: to the appendix
    assert 'href="vmnet/04_results.html"' in page and 'href="vmnet/table_iii.csv"' in page
    assert str(ws) not in page and "{" not in page.split("<body>")[1].replace("{ ", "")  # no paths, no JSON
    assert "paper sdcca" not in page                                    # a paper without outs has no section
    write_pdf(page, ws / "study.pdf", ws / "reports")
    assert (ws / "study.pdf").read_bytes()[:5] == b"%PDF-"


def test_read_table_reads_markdown_pipe_tables(tmp_path):
    md = tmp_path / "t.md"
    md.write_text("| method | R@10 |\n|:--|--:|\n| cca | 14.4 |\n| ours | 20.1 |\n")
    table = read_table(md)
    assert list(table.columns) == ["method", "R@10"] and table["R@10"].tolist() == ["14.4", "20.1"]
    assert fits(table) and not fits(pd.DataFrame({f"c{i}": [0] for i in range(10)}))


def test_scrub_removes_the_workspace_and_home_paths(tmp_path):
    text = f"wrote {tmp_path}/reports/x.csv and /home/someone/data/y.wav"
    assert scrub(text, tmp_path) == "wrote reports/x.csv and <path>"


def test_a_notebook_text_captions_one_artifact_and_long_ones_are_shortened(tmp_path):
    from music_visual.reporting.document import Artifact, Section, attach_captions, shorten

    nb = nbformat.v4.new_notebook()
    intro = "## Results\n\n" + "Every number below comes from the runs. " * 20
    nb.cells = [nbformat.v4.new_markdown_cell(intro), nbformat.v4.new_code_cell("save(a); save(b)")]
    (tmp_path / "reports/x").mkdir(parents=True)
    nbformat.write(nb, str(tmp_path / "reports/x/04.ipynb"))
    section = Section("x", "x", [Path("reports/x/04.ipynb")],
                      [Artifact(Path("reports/x/a.png"), "s"), Artifact(Path("reports/x/b.png"), "s")])
    attach_captions(section, tmp_path)
    first, second = (a.caption for a in section.artifacts)
    assert first.startswith("**Results.** Every number") and first.endswith(" …") and len(first) <= 430
    assert second == ""                                                   # not repeated
    assert shorten("Short. Enough.") == "Short. Enough."
