"""DVC workflow: artifacts shared through the default remote (push from one clone, pull into a second) and
source-folder dependencies unaffected by Python/numba caches.

The toy project uses this repository's own ``.dvc/config`` (its default remote is a folder beside the
checkout), a stage whose output stands for a trained model, and a second stage that renders a "report" from
it. After ``dvc push`` in the first clone, a second clone pulls, finds every stage up to date (nothing is
retrained) and regenerates the report from the pulled model alone.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DVC = shutil.which("dvc", path=str(Path(sys.executable).parent)) or shutil.which("dvc")
pytestmark = pytest.mark.skipif(DVC is None or shutil.which("git") is None, reason="needs dvc and git")


def _run(args, cwd):
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "DVC_NO_ANALYTICS": "1"}
    out = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env)
    assert out.returncode == 0, f"{args}: {out.stdout}\n{out.stderr}"
    return out.stdout


def _toy_project(path: Path) -> None:
    path.mkdir()
    _run(["git", "init", "-q"], path)
    _run([DVC, "init", "-q"], path)
    shutil.copy(ROOT / ".dvc" / "config", path / ".dvc" / "config")
    train = f"{sys.executable} -c \"import pathlib; pathlib.Path('model').mkdir(exist_ok=True); " \
            f"pathlib.Path('model/weights.txt').write_text('w=0.42')\""
    report = f"{sys.executable} -c \"import pathlib; w = pathlib.Path('model/weights.txt').read_text(); " \
             f"pathlib.Path('report.html').write_text('<p>' + w + '</p>')\""
    stages = {"train": {"cmd": train, "outs": ["model"]},
              "report": {"cmd": report, "deps": ["model"], "outs": ["report.html"]}}
    (path / "dvc.yaml").write_text(yaml.safe_dump({"stages": stages}))
    _run([DVC, "repro", "-q"], path)
    _run(["git", "add", "-A"], path)
    _run(["git", "commit", "-qm", "toy"], path)


def test_push_from_one_clone_and_pull_into_another(tmp_path):
    first = tmp_path / "first"
    _toy_project(first)
    assert "local" in _run([DVC, "remote", "default"], first)
    _run([DVC, "push", "-q"], first)
    remote = tmp_path / "music-visual-dvc-remote"  # beside the checkout, as .dvc/config says
    assert remote.is_dir() and any(p.is_file() for p in remote.rglob("*"))

    second = tmp_path / "second"
    _run(["git", "clone", "-q", str(first), str(second)], tmp_path)
    assert not (second / "model").exists()
    _run([DVC, "pull", "-q"], second)
    assert (second / "model" / "weights.txt").read_text() == "w=0.42"
    status = _run([DVC, "status"], second)
    assert "up to date" in status, status
    (second / "report.html").unlink()  # regenerate the report without retraining
    log = _run([DVC, "repro", "--force", "--single-item", "report"], second)
    assert "Running stage 'report'" in log and "train" not in log, log
    assert (second / "report.html").read_text() == "<p>w=0.42</p>"
    assert "up to date" in _run([DVC, "status"], second)


def test_python_caches_do_not_change_a_source_folder_dependency(tmp_path):
    """A stage depending on a source folder stays up to date when Python or numba write caches into it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _run(["git", "init", "-q"], repo)
    _run([DVC, "init", "-q"], repo)
    shutil.copy(ROOT / ".dvcignore", repo / ".dvcignore")
    (repo / "pkg").mkdir()
    (repo / "pkg" / "mod.py").write_text("X = 1\n")
    stage = {"cmd": f"{sys.executable} -c \"open('out.txt', 'w').write('1')\"", "deps": ["pkg"], "outs": ["out.txt"]}
    (repo / "dvc.yaml").write_text(yaml.safe_dump({"stages": {"s": stage}}))
    _run([DVC, "repro", "-q"], repo)
    (repo / "pkg" / "__pycache__").mkdir()
    (repo / "pkg" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\0" * 64)
    (repo / "pkg" / "__pycache__" / "mod._f-26.py311.1.nbc").write_bytes(b"\1" * 64)
    assert "up to date" in _run([DVC, "status"], repo)
    (repo / "pkg" / "mod.py").write_text("X = 2\n")  # a real code change still counts
    assert "changed deps" in _run([DVC, "status"], repo)
