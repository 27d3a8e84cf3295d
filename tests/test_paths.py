from pathlib import Path

import pytest

from music_visual import paths


def test_repo_root_found_from_a_subfolder(tmp_path, monkeypatch):
    (tmp_path / "dvc.yaml").write_text("stages: {}\n")
    (tmp_path / "params.yaml").write_text("{}\n")
    sub = tmp_path / "notebooks" / "vmnet"
    sub.mkdir(parents=True)
    monkeypatch.delenv(paths.ROOT_ENV, raising=False)
    monkeypatch.chdir(sub)
    assert paths.repo_root() == tmp_path.resolve()


def test_outside_the_repository_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.ROOT_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(paths.NotInRepositoryError, match="not inside the study's repository"):
        paths.repo_root()


def test_workspace_override_moves_data_and_reports_only(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.WORKSPACE_ENV, str(tmp_path))
    assert paths.data_dir("raw") == tmp_path.resolve() / "data" / "raw"
    assert paths.reports_dir("vmnet") == tmp_path.resolve() / "reports" / "vmnet"
    assert paths.metrics_file("vmnet").name == "metrics.json"
    assert (paths.repo_root() / "dvc.yaml").is_file()  # code stays in the repository


def test_unknown_data_stage_is_refused():
    with pytest.raises(ValueError, match="unknown data stage"):
        paths.data_dir("final")


def test_root_override_must_hold_dvc_yaml(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    with pytest.raises(paths.NotInRepositoryError):
        paths.repo_root()
    (tmp_path / "dvc.yaml").write_text("stages: {}\n")
    assert paths.repo_root() == Path(tmp_path).resolve()
