from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from music_visual.reporting import figures
from music_visual.reporting.build_report import build_html, executed_notebooks, write_pdf
from music_visual.reporting.notebook_html import notebook_to_fragment, notebook_to_html
from music_visual.reporting.readme_results import END, START, splice
from music_visual.errors import StudyError


def _executed_notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("print('secret code')", execution_count=1)
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="visible result 42\n"),
                    nbformat.v4.new_output("stream", name="stderr", text="100%|####| 10/10 [00:01<00:00]\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# A heading\nSome *markdown*."), code]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def test_fragment_hides_code_and_progress_bars(tmp_path):
    nb = _executed_notebook(tmp_path / "reports/vmnet/04_results.ipynb")
    fragment = notebook_to_fragment(nb)
    assert "visible result 42" in fragment and "A heading" in fragment
    assert "secret code" not in fragment and "10/10" not in fragment
    page = notebook_to_html(nb)
    assert "secret code" in page and page.lstrip().lower().startswith("<!doctype html")


def test_executed_notebooks_in_report_order(tmp_path):
    (tmp_path / "dvc.yaml").write_text(
        "stages:\n"
        "  a: {cmd: x, outs: [reports/vmnet/01_data.ipynb, reports/vmnet/01_data.html]}\n"
        "  b: {cmd: x, outs: [reports/compare/01_all_methods.ipynb]}\n"
        "  c: {cmd: x, outs: [reports/mrcca/02_features.ipynb, data/processed/x]}\n")
    found = [p.as_posix() for p in executed_notebooks(tmp_path / "dvc.yaml")]
    assert found == ["reports/compare/01_all_methods.ipynb", "reports/mrcca/02_features.ipynb",
                     "reports/vmnet/01_data.ipynb"]


def test_the_study_report_builds_offline_before_any_stage_has_run(tmp_path):
    page = build_html("Title", tmp_path)                   # the repository's dvc.yaml, an empty workspace
    assert "The claims ledger has not been produced" in page and "The corpus has not been built yet" in page
    assert "has not been produced yet" in page and 'href="vmnet/04_results.html"' in page
    assert "<b>Substitutes</b>" in page and str(tmp_path) not in page
    write_pdf(page, tmp_path / "study.pdf", tmp_path)
    assert (tmp_path / "study.pdf").read_bytes()[:5] == b"%PDF-"


def test_readme_splice():
    text = f"intro\n{START}\nold\n{END}\noutro\n"
    assert splice(text, "| a |\n") == f"intro\n{START}\n| a |\n{END}\noutro\n"
    with pytest.raises(StudyError, match="markers"):
        splice("no markers", "x")


def test_save_figure_headless(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    written = figures.save_figure(fig, tmp_path / "sub" / "curve", formats=("png", "pdf"))
    assert [p.suffix for p in written] == [".png", ".pdf"]
    assert written[0].read_bytes()[:4] == b"\x89PNG"
    plt.close(fig)


def test_paper_vs_ours_plot_empty_and_filled():
    table = pd.DataFrame({"paper": ["vmnet", "vmnet"], "method": ["cca", "x"], "metric": ["r", "r"],
                          "paper reports": ["14.0 %", "8.9 %"], "ours": ["not run yet", "not run yet"]})
    ax = figures.plot_paper_vs_ours(table)
    assert not ax.axison  # says "no paper has produced metrics yet"
    table.loc[0, "ours"] = "12.0 ± 1.0 (n=3)"
    ax = figures.plot_paper_vs_ours(table)
    assert [round(p.get_width(), 1) for p in ax.patches] == [14.0, 12.0]
    plt.close("all")
