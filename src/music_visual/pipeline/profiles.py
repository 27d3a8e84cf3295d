"""Named parameter profiles: sets of ``params.yaml`` overrides run as a DVC experiment.

A profile is ``profiles/<name>.yaml``: flat dotted keys of ``params.yaml`` and their values,
e.g. ``mrcca.train.n_repeats: 10``. Every key must already exist in ``params.yaml`` and keep
its type (a list stays a list, a number a number), so a typo or a renamed parameter is an
error, never a silently ignored setting.

    python -m music_visual.pipeline.profiles paper             # print the `dvc exp run` command
    python -m music_visual.pipeline.profiles large paper       # several profiles, later ones win
    python -m music_visual.pipeline.profiles paper --check     # only validate
    python -m music_visual.pipeline.profiles paper --run       # run it (what `make run-profile PROFILES=paper` does)

``dvc exp run -S key=value`` writes the values into ``params.yaml`` of the workspace and reruns
exactly the stages that read them (DVC's own behaviour): ``git checkout params.yaml`` or
``dvc exp apply`` returns to another set.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from music_visual import paths
from music_visual.errors import StudyError
from music_visual.params import load_params

PROFILES_DIR = "profiles"


def profile_path(name: str, root: Path | None = None) -> Path:
    return Path(root or paths.repo_root()) / PROFILES_DIR / f"{name}.yaml"


def available_profiles(root: Path | None = None) -> list[str]:
    folder = Path(root or paths.repo_root()) / PROFILES_DIR
    return sorted(p.stem for p in folder.glob("*.yaml"))


def load_profile(name: str, root: Path | None = None) -> dict[str, Any]:
    """The profile's ``{dotted key: value}``; unknown profile names raise with the known ones."""
    path = profile_path(name, root)
    if not path.is_file():
        raise StudyError(f"no profile {name!r} ({path}); known: {', '.join(available_profiles(root)) or 'none'}")
    overrides = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(overrides, dict) or not all(isinstance(k, str) for k in overrides):
        raise StudyError(f"{path}: expected a mapping of dotted params.yaml keys to values")
    return overrides


def _lookup(params: dict, dotted: str) -> tuple[bool, Any]:
    node: Any = params
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (list, tuple)):
        return "list"
    return type(value).__name__


def profile_problems(overrides: dict[str, Any], params: dict[str, Any]) -> list[str]:
    """Keys missing from ``params.yaml``, whole sections replaced, and values of another kind."""
    problems = []
    for key, value in overrides.items():
        found, current = _lookup(params, key)
        if not found:
            problems.append(f"{key}: not a key of params.yaml")
        elif isinstance(current, dict):
            problems.append(f"{key}: is a section; override its keys one by one")
        elif current is not None and _kind(current) != _kind(value):
            problems.append(f"{key}: params.yaml has {_kind(current)} {current!r}, the profile gives "
                            f"{_kind(value)} {value!r}")
    return problems


def format_value(value: Any) -> str:
    """A value in the override syntax of ``dvc exp run -S`` (flow-style YAML, no spaces)."""
    if isinstance(value, str):
        return json.dumps(value) if any(c in value for c in " ,[]{}:'\"=") or value == "" else value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(format_value(v) for v in value) + "]"
    return repr(value)


def set_param_args(names: str | list[str], root: Path | None = None) -> list[str]:
    """``["-S", "key=value", ...]`` for ``dvc exp run``; raises when a profile does not fit.

    Several profiles are merged in order (a later one overrides an earlier one's key).
    """
    names = [names] if isinstance(names, str) else list(names)
    params = load_params(Path(root or paths.repo_root()) / "params.yaml")
    merged: dict[str, Any] = {}
    for name in names:
        overrides = load_profile(name, root)
        problems = profile_problems(overrides, params)
        if problems:
            raise StudyError(f"profile {name!r} does not fit params.yaml:\n  " + "\n  ".join(problems))
        merged |= overrides
    return [arg for key, value in merged.items() for arg in ("-S", f"{key}={format_value(value)}")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m music_visual.pipeline.profiles", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="+", help="profiles in profiles/ (e.g. paper, large)")
    parser.add_argument("--check", action="store_true", help="only validate the profile")
    parser.add_argument("--run", action="store_true", help="run `dvc exp run` with the overrides")
    args = parser.parse_args(argv)
    try:
        arguments = set_param_args(args.names)
    except (StudyError, paths.NotInRepositoryError) as exc:
        print(f"profiles: error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        print(f"profiles {' + '.join(args.names)}: {len(arguments) // 2} overrides, all keys and kinds match params.yaml")
        return 0
    command = ["dvc", "exp", "run", "-n", "-".join(args.names), *arguments]
    if not args.run:
        print(shlex.join(command))
        return 0
    print("+", shlex.join(command), flush=True)
    return subprocess.run(command, cwd=paths.repo_root()).returncode


if __name__ == "__main__":
    sys.exit(main())
