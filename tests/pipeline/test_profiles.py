"""Parameter profiles: the shipped ones fit params.yaml; bad keys and kinds are refused; DVC applies them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from music_visual.errors import StudyError
from music_visual.params import load_params
from music_visual.pipeline.profiles import (available_profiles, format_value, load_profile, main, profile_problems,
                                   set_param_args)


def test_shipped_profiles_fit_params_yaml():
    names = available_profiles()
    assert {"paper", "large"} <= set(names)
    for name in names:
        assert profile_problems(load_profile(name), load_params()) == [], name
    paper = load_profile("paper")
    assert paper["mrcca.train.k_grid"] == list(range(3, 21)) and paper["mrcca.train.d_grid"] == list(range(2, 21))
    assert paper["mrcca.train.n_repeats"] == 10 and paper["vmnet.train.batch_size"] == 2000


def test_problems_name_missing_keys_sections_and_kinds():
    params = {"a": {"b": [1, 2], "c": 0.5, "d": "x", "e": {"f": 1}}}
    problems = profile_problems({"a.b": 3, "a.c": 2, "a.zz": 1, "a.e": {}, "a.d": "y"}, params)
    assert problems == ["a.b: params.yaml has list [1, 2], the profile gives number 3",
                        "a.zz: not a key of params.yaml", "a.e: is a section; override its keys one by one"]


@pytest.mark.parametrize("value, text", [(3, "3"), (0.25, "0.25"), (True, "true"), ("large", "large"),
                                         ([[1, 3], [3, 1]], "[[1,3],[3,1]]"), ("a b", '"a b"'), ("", '""')])
def test_values_in_override_syntax(value, text):
    assert format_value(value) == text


def test_unknown_profile_and_merge_order(tmp_path):
    (tmp_path / "params.yaml").write_text("s:\n  n: 1\n  name: a\n")
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "one.yaml").write_text("s.n: 2\ns.name: b\n")
    (tmp_path / "profiles" / "two.yaml").write_text("s.n: 3\n")
    args = set_param_args(["one", "two"], tmp_path)
    assert dict(a.split("=") for a in args[1::2]) == {"s.n": "3", "s.name": "b"}
    with pytest.raises(StudyError, match="known: one, two"):
        load_profile("three", tmp_path)
    (tmp_path / "profiles" / "bad.yaml").write_text("s.typo: 1\n")
    with pytest.raises(StudyError, match="s.typo: not a key"):
        set_param_args("bad", tmp_path)


def test_cli_check_and_error_exit(capsys):
    assert main(["paper", "--check"]) == 0
    assert "all keys and kinds match" in capsys.readouterr().out
    assert main(["no-such-profile"]) == 2
    assert "no profile 'no-such-profile'" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_dvc_exp_run_writes_the_profile_into_params(tmp_path):
    """The printed overrides are what `dvc exp run -S` understands: nested lists included."""
    import os

    identity = {f"GIT_{who}_{what}": value for who in ("AUTHOR", "COMMITTER")
                for what, value in (("NAME", "test"), ("EMAIL", "test@example.org"))}

    def sh(*cmd):
        subprocess.run(cmd, cwd=tmp_path, check=True, capture_output=True, text=True, env=os.environ | identity)

    (tmp_path / "params.yaml").write_text("m:\n  grid: [1, 2]\n  pairs: [[1, 3]]\n  name: default\n  n: 1\n")
    (tmp_path / "dvc.yaml").write_text("stages:\n  s:\n    cmd: cp params.yaml out.yaml\n    params: [m]\n"
                                       "    outs: [out.yaml]\n")
    (tmp_path / "profiles").mkdir()
    profile = {"m.grid": [3, 4, 5], "m.pairs": [[1, 5], [5, 1]], "m.name": "large", "m.n": 10}
    (tmp_path / "profiles" / "p.yaml").write_text(yaml.safe_dump(profile))
    sh("git", "init", "-q")
    sh("git", "commit", "-q", "--allow-empty", "-m", "root")
    sh(sys.executable, "-m", "dvc", "init", "-q")
    sh("git", "add", "-A")
    sh("git", "commit", "-q", "-m", "init")
    sh(sys.executable, "-m", "dvc", "exp", "run", "-q", *set_param_args("p", tmp_path))
    out = yaml.safe_load((tmp_path / "out.yaml").read_text())["m"]
    assert {f"m.{k}": v for k, v in out.items()} == profile
