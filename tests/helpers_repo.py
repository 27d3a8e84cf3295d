"""Build a throw-away study repository (dvc.yaml, params.yaml, a notebook) for runner tests."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import yaml


def write_notebook(path: Path, params_source: str, body: list[str]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(params_source, metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(src) for src in body]
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def make_repo(tmp: Path, params: dict, stages: dict | None = None) -> Path:
    (tmp / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")
    (tmp / "dvc.yaml").write_text(yaml.safe_dump({"stages": stages or {}}), encoding="utf-8")
    return tmp


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
