"""Read sections of ``params.yaml`` (the one place where a run's settings live)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from music_visual import paths
from music_visual.errors import StudyError


def load_params(path: str | Path | None = None) -> dict[str, Any]:
    path = Path(path) if path else paths.params_file()
    if not path.is_file():
        raise StudyError(f"params file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise StudyError(f"{path} is not valid YAML: {exc}".splitlines()[0]) from None
    if not isinstance(data, dict):
        raise StudyError(f"{path} must hold a mapping of sections at the top level")
    return data


def load_section(section: str, path: str | Path | None = None) -> dict[str, Any]:
    """The mapping at ``section`` (dotted for nested sections, e.g. ``vmnet.train``)."""
    data = load_params(path)
    node: Any = data
    walked: list[str] = []
    for key in section.split("."):
        if not isinstance(node, dict) or key not in node:
            available = sorted(node) if isinstance(node, dict) else []
            where = ".".join(walked) or "params.yaml"
            raise StudyError(
                f"params.yaml has no section {section!r} (no key {key!r} in {where}; "
                f"available: {', '.join(map(str, available)) or 'none'})"
            )
        node = node[key]
        walked.append(key)
    if not isinstance(node, dict):
        raise StudyError(f"params.yaml section {section!r} is not a mapping of parameters")
    return dict(node)


_COMPATIBLE = {int: (int,), float: (int, float), bool: (bool,), str: (str,), list: (list, tuple),
               tuple: (list, tuple), dict: (dict,)}


def type_mismatches(values: dict[str, Any], defaults: dict[str, Any]) -> list[str]:
    """Parameters whose value has another type than the notebook's default (None = any)."""
    problems = []
    for name, value in values.items():
        default = defaults.get(name)
        if default is None or value is None or name not in defaults:
            continue
        allowed = _COMPATIBLE.get(type(default), (type(default),))
        if isinstance(value, bool) and bool not in allowed:
            ok = False
        else:
            ok = isinstance(value, allowed)
        if not ok:
            problems.append(
                f"{name}: params.yaml gives {type(value).__name__} {value!r}, "
                f"the notebook declares {type(default).__name__} {default!r}"
            )
    return problems
