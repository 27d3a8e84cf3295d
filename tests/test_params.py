import pytest

from music_visual.errors import StudyError
from music_visual.params import load_section, type_mismatches


def test_dotted_sections(tmp_path):
    p = tmp_path / "params.yaml"
    p.write_text("vmnet:\n  train:\n    lr: 0.0003\n    seeds: [0, 1]\n")
    assert load_section("vmnet.train", p) == {"lr": 0.0003, "seeds": [0, 1]}


def test_missing_section_names_the_available_ones(tmp_path):
    p = tmp_path / "params.yaml"
    p.write_text("vmnet: {a: 1}\nmrcca: {b: 2}\n")
    with pytest.raises(StudyError, match=r"no section 'sdcca'.*available: mrcca, vmnet"):
        load_section("sdcca", p)
    with pytest.raises(StudyError, match="params file not found"):
        load_section("vmnet", p.with_name("x.yaml"))


def test_leaf_is_not_a_section(tmp_path):
    p = tmp_path / "params.yaml"
    p.write_text("vmnet: {a: 1}\n")
    with pytest.raises(StudyError, match="not a mapping of parameters"):
        load_section("vmnet.a", p)


def test_invalid_yaml_is_one_line(tmp_path):
    p = tmp_path / "params.yaml"
    p.write_text("vmnet: [unclosed\n")
    with pytest.raises(StudyError, match="not valid YAML") as err:
        load_section("vmnet", p)
    assert "\n" not in str(err.value)


def test_type_mismatches():
    defaults = {"lr": 0.1, "epochs": 2, "name": "a", "flag": True, "any": None}
    assert type_mismatches({"lr": 1, "epochs": 3, "name": "b", "flag": False, "any": [1]}, defaults) == []
    problems = type_mismatches({"lr": "fast", "epochs": 2.5, "flag": 1}, defaults)
    assert len(problems) == 3 and problems[0].startswith("lr:")
