"""Inputs of a stage: a clear error in a real run, a build under the test harness only."""

import json

import numpy as np
import pytest

from music_visual import paths
from music_visual.errors import StudyError
from music_visual.study.inputs import BUILD_MISSING, ensure_inputs, input_problems


def test_missing_inputs_are_a_clear_error_unless_the_harness_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("MUSIC_VISUAL_WORKSPACE", str(tmp_path))
    monkeypatch.delenv(BUILD_MISSING, raising=False)
    problems = input_problems("nothing", ["vmnet_audio", "cnn_frames"])
    assert len(problems) == 3 and "no corpus at" in problems[0] and "features@vmnet_audio" in problems[1]
    with pytest.raises(StudyError, match="corpus stage"):
        ensure_inputs("nothing", ["vmnet_audio"])
    folder = paths.features_dir("cnn_frames") / "pooled"
    folder.mkdir(parents=True)
    np.save(folder / "values.npy", np.zeros((1, 2), np.float32))
    (folder / "meta.json").write_text(json.dumps({"corpus": "other"}))
    assert any("extracted from corpus 'other'" in p for p in input_problems("nothing", ["cnn_frames"]))
    assert input_problems("nothing", []) == problems[:1]
