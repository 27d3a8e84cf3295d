import json

import pytest

from helpers_repo import write_notebook
from music_visual.errors import StudyError
from music_visual.pipeline.notebook_params import notebook_parameters, read_notebook


def test_literal_parameters_in_order(tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", "seed = 3\nsizes: list = [1, 2]\nname = 'x'\nopt = None", [])
    assert notebook_parameters(nb) == {"seed": 3, "sizes": [1, 2], "name": "x", "opt": None}


@pytest.mark.parametrize("source, message", [
    ("n = 2 * 3", "not a literal"),
    ("import os", "not a plain"),
    ("a, b = 1, 2", "not a plain"),
    ("x = (", "not valid Python"),
])
def test_non_literal_parameters_refused(tmp_path, source, message):
    nb = write_notebook(tmp_path / "a.ipynb", source, [])
    with pytest.raises(StudyError, match=message):
        notebook_parameters(nb)


def test_missing_parameters_cell(tmp_path):
    nb = write_notebook(tmp_path / "a.ipynb", "x = 1", [])
    data = json.loads(nb.read_text())
    data["cells"][0]["metadata"]["tags"] = []
    nb.write_text(json.dumps(data))
    with pytest.raises(StudyError, match="tagged 'parameters', found 0"):
        notebook_parameters(nb)


def test_malformed_notebook_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(StudyError, match="malformed notebook"):
        read_notebook(bad)
    with pytest.raises(StudyError, match="not found"):
        read_notebook(tmp_path / "missing.ipynb")
