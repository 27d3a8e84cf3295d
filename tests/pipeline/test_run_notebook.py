"""The notebook runner, end to end in a throw-away repository (one real kernel run)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers_repo import make_repo, write_notebook

STAGE = {"toy": {"cmd": "python -m music_visual.pipeline.run_notebook notebooks/toy/01_toy.ipynb --section toy",
                 "outs": ["reports/toy/01_toy.ipynb", "data/processed/toy/out.json"]}}


def run_cli(repo: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("MUSIC_VISUAL_WORKSPACE", "MUSIC_VISUAL_ROOT")}
    return subprocess.run([sys.executable, "-m", "music_visual.pipeline.run_notebook", *args], cwd=cwd or repo,
                          capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture()
def repo(tmp_path):
    make_repo(tmp_path, {"toy": {"n": 5, "label": "real"}, "other": {"x": 1}}, STAGE)
    write_notebook(tmp_path / "notebooks" / "toy" / "01_toy.ipynb", "n = 1\nlabel = 'tiny'", [
        "import json, pathlib\n"
        "pathlib.Path('data/processed/toy/out.json').write_text(json.dumps({'n': n, 'label': label}))\n"
        "print('sum', sum(range(n)))",
    ])
    return tmp_path


def test_runs_with_the_section_and_writes_executed_copy_and_html(repo):
    source_before = (repo / "notebooks/toy/01_toy.ipynb").read_text()
    proc = run_cli(repo, "notebooks/toy/01_toy.ipynb", "--section", "toy")
    assert proc.returncode == 0, proc.stderr
    assert json.loads((repo / "data/processed/toy/out.json").read_text()) == {"n": 5, "label": "real"}
    executed = repo / "reports/toy/01_toy.ipynb"
    assert "sum 10" in executed.read_text()
    assert (repo / "reports/toy/01_toy.html").read_text().lstrip().lower().startswith("<!doctype html")
    assert (repo / "notebooks/toy/01_toy.ipynb").read_text() == source_before


def test_unknown_parameter_is_refused_listing_declared_names(repo):
    (repo / "params.yaml").write_text("toy: {n: 5, lable: real}\n")
    proc = run_cli(repo, "notebooks/toy/01_toy.ipynb", "--section", "toy")
    assert proc.returncode == 2
    assert "'lable' (did you mean 'label'?)" in proc.stderr
    assert "declared parameters: n, label" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (repo / "reports/toy/01_toy.ipynb").exists()


def test_missing_parameter_and_wrong_type_are_refused(repo):
    (repo / "params.yaml").write_text("toy: {n: 5}\n")
    proc = run_cli(repo, "notebooks/toy/01_toy.ipynb", "--section", "toy")
    assert proc.returncode == 2 and "lacks label" in proc.stderr
    (repo / "params.yaml").write_text("toy: {n: five, label: x}\n")
    proc = run_cli(repo, "notebooks/toy/01_toy.ipynb", "--section", "toy")
    assert proc.returncode == 2 and "n: params.yaml gives str" in proc.stderr


@pytest.mark.parametrize("case", ["missing_section", "malformed_notebook", "outside_repo"])
def test_user_errors_are_one_line(repo, tmp_path_factory, case):
    args = ["notebooks/toy/01_toy.ipynb", "--section", "toy"]
    cwd = repo
    if case == "missing_section":
        args[-1] = "vmnet"
    elif case == "malformed_notebook":
        (repo / "notebooks/toy/01_toy.ipynb").write_text("{ broken")
    else:
        cwd = tmp_path_factory.mktemp("elsewhere")
    proc = run_cli(repo, *args, cwd=cwd)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("run_notebook: error:")
    expected = {"missing_section": "no section 'vmnet'", "malformed_notebook": "malformed notebook",
                "outside_repo": "not inside the study's repository"}[case]
    assert expected in lines[0]


def test_failing_cell_reports_one_line_and_keeps_partial_notebook(repo):
    write_notebook(repo / "notebooks/toy/01_toy.ipynb", "n = 1\nlabel = 'tiny'", ["raise ValueError('boom')"])
    proc = run_cli(repo, "notebooks/toy/01_toy.ipynb", "--section", "toy")
    assert proc.returncode == 1
    assert "ValueError: boom" in proc.stderr
    assert (repo / "reports/toy/01_toy.ipynb").is_file()
