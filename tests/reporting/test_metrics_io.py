import json
import math

import pytest

from music_visual.errors import StudyError
from music_visual.reporting.metrics_io import gather_metrics, read_metrics, summarize_over_seeds, write_metrics


def test_summary_matches_hand_computed_t_interval():
    s = summarize_over_seeds([0.2, 0.3, 0.4])
    # mean 0.3, sd 0.1, t(0.975, 2) = 4.302653, half-width = 4.302653 * 0.1 / sqrt(3) = 0.248414
    assert s["mean"] == pytest.approx(0.3)
    assert s["std"] == pytest.approx(0.1)
    assert s["ci95_high"] - s["mean"] == pytest.approx(0.248414, abs=1e-6)
    assert s["n_seeds"] == 3


def test_single_seed_has_no_interval_and_nan_is_refused():
    assert summarize_over_seeds([0.5])["ci95_low"] is None
    with pytest.raises(ValueError, match="non-finite"):
        summarize_over_seeds([0.1, math.nan])
    with pytest.raises(ValueError, match="no values"):
        summarize_over_seeds([])


def test_round_trip_and_gather(tmp_path):
    results = {"cca": {"recall_at_10": summarize_over_seeds([0.1, 0.2])}, "chance": {"recall_at_10": 0.01}}
    write_metrics(tmp_path / "vmnet" / "metrics.json", results, paper="vmnet", corpus="tiny")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "metrics.json").write_text('{"counts": {"video": 12}}')  # another format: not read
    data = read_metrics(tmp_path / "vmnet" / "metrics.json")
    assert data["paper"] == "vmnet" and data["corpus"] == "tiny"
    assert data["results"]["cca"]["recall_at_10"]["mean"] == pytest.approx(0.15)
    assert list(gather_metrics(tmp_path)) == ["vmnet"]  # only the papers' sections


def test_non_finite_metric_is_never_written(tmp_path):
    with pytest.raises(StudyError, match="cca.recall_at_1 is nan"):
        write_metrics(tmp_path / "m.json", {"cca": {"recall_at_1": float("nan")}})
    assert not (tmp_path / "m.json").exists()


def test_read_rejects_foreign_json(tmp_path):
    (tmp_path / "m.json").write_text(json.dumps({"acc": 1}))
    with pytest.raises(StudyError, match="not a study metrics file"):
        read_metrics(tmp_path / "m.json")
