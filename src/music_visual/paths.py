"""Every path the study uses, in one place.

Two roots:

* :func:`repo_root` holds the code and configuration (``dvc.yaml``,
  ``params.yaml``, ``notebooks/``, ``src/``). It is found by walking up from
  the current directory to the folder that holds ``dvc.yaml``, so the same
  code works from the repository root (DVC stages, papermill) and from a
  notebook's own folder (Jupyter, nbval).
* :func:`workspace` holds what a run produces (``data/`` and ``reports/``).
  It is the repository root unless the environment variable
  ``MUSIC_VISUAL_WORKSPACE`` names another folder; the test-suite uses that to
  run the notebooks on their tiny defaults without touching a real run.
"""

from __future__ import annotations

import os
from pathlib import Path

WORKSPACE_ENV = "MUSIC_VISUAL_WORKSPACE"
ROOT_ENV = "MUSIC_VISUAL_ROOT"


class NotInRepositoryError(RuntimeError):
    """Raised when the study's repository root cannot be found."""


def repo_root(start: str | os.PathLike | None = None) -> Path:
    """The folder holding ``dvc.yaml``, searched upwards from ``start`` (default: cwd).

    ``MUSIC_VISUAL_ROOT`` overrides the search.
    """
    override = os.environ.get(ROOT_ENV)
    if override:
        root = Path(override).resolve()
        if not (root / "dvc.yaml").is_file():
            raise NotInRepositoryError(f"{ROOT_ENV}={override} does not contain dvc.yaml")
        return root
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "dvc.yaml").is_file() and (folder / "params.yaml").is_file():
            return folder
    raise NotInRepositoryError(
        f"not inside the study's repository: no dvc.yaml + params.yaml in {here} or any parent; "
        "run from the repository root (or set MUSIC_VISUAL_ROOT)"
    )


def workspace() -> Path:
    """Root under which ``data/`` and ``reports/`` live (see module docstring)."""
    override = os.environ.get(WORKSPACE_ENV)
    return Path(override).resolve() if override else repo_root()


def params_file() -> Path:
    return repo_root() / "params.yaml"


def dvc_file() -> Path:
    return repo_root() / "dvc.yaml"


def notebooks_dir() -> Path:
    return repo_root() / "notebooks"


def data_dir(stage: str = "") -> Path:
    """``data/`` or one of its sub-folders: ``raw`` (immutable inputs and caches),
    ``interim`` (intermediate results), ``processed`` (features and datasets)."""
    if stage not in ("", "raw", "interim", "processed"):
        raise ValueError(f"unknown data stage {stage!r}; use raw, interim or processed")
    return workspace() / "data" / stage if stage else workspace() / "data"


def raw_dir() -> Path:
    return data_dir("raw")


def interim_dir() -> Path:
    return data_dir("interim")


def processed_dir() -> Path:
    return data_dir("processed")


def reports_dir(section: str = "") -> Path:
    """``reports/`` or ``reports/<section>/`` (a paper id, ``compare``...)."""
    return workspace() / "reports" / section if section else workspace() / "reports"


def corpus_dir(name: str = "default") -> Path:
    """Folder of a corpus written in the study's schema."""
    return processed_dir() / "corpus" / name


def features_dir(paper: str) -> Path:
    return processed_dir() / "features" / paper


def artifacts_dir(paper: str) -> Path:
    """Trained models, checkpoints and embeddings of one paper."""
    return workspace() / "data" / "processed" / "artifacts" / paper


def metrics_file(section: str) -> Path:
    """The metrics JSON of one report section (``reports/<section>/metrics.json``)."""
    return reports_dir(section) / "metrics.json"


def ensure_dir(path: str | os.PathLike) -> Path:
    """Create ``path`` (a folder) with its parents and return it."""
    p = Path(path)
    p.mkdir(parents=True, exist_ok=True)
    return p
