"""Stage wall times read from executed notebooks and feature reports."""

import json

import yaml

from music_visual.reporting.stage_times import stage_times, stage_times_md


def test_times_come_from_papermill_and_feature_reports(tmp_path):
    dvc = {"stages": {"corpus": {"cmd": "x", "outs": ["data/c", "reports/corpus/01.ipynb"]},
                      "features": {"foreach": {"a": {}, "b": {}}, "do": {"cmd": "y"}},
                      "paper_03": {"cmd": "z", "outs": [{"reports/paper/03.ipynb": {"cache": True}}]},
                      "report": {"cmd": "r", "outs": ["reports/index.html"]}}}
    (tmp_path / "dvc.yaml").write_text(yaml.safe_dump(dvc, sort_keys=False))
    (tmp_path / "reports/corpus").mkdir(parents=True)
    (tmp_path / "reports/features").mkdir()
    nb = {"metadata": {"papermill": {"duration": 120.0, "start_time": "2026-12-06T21:00:00"}}, "cells": []}
    (tmp_path / "reports/corpus/01.ipynb").write_text(json.dumps(nb))
    (tmp_path / "reports/features/a.json").write_text(json.dumps({"seconds": 60.0}))
    table = stage_times(tmp_path, tmp_path / "dvc.yaml")
    assert table["stage"].tolist() == ["corpus", "features@a", "features@b", "paper_03"]
    assert table["seconds"].tolist()[:2] == [120.0, 60.0] and table["seconds"].isna().tolist() == [False, False, True, True]
    text = stage_times_md(table, 45)
    assert "| corpus | 120 | 2.0 | 66.7 % |" in text and "| features@b | not run | | |" in text
    assert "2 stage(s) have no timing" in text and "target" not in text  # no verdict on a partial sum
    (tmp_path / "reports/features/b.json").write_text(json.dumps({"seconds": 30.0}))
    (tmp_path / "reports/paper").mkdir()
    (tmp_path / "reports/paper/03.ipynb").write_text(json.dumps(nb))
    done = stage_times_md(stage_times(tmp_path, tmp_path / "dvc.yaml"), 5)
    assert "**330**" in done and "5.5 min, over the 5-minute target" in done
