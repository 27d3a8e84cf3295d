"""Read a notebook and the literal parameters its ``parameters`` cell declares.

The study's contract: the first code cell of every notebook is tagged
``parameters`` and holds only assignments of literals (numbers, strings,
booleans, None, lists/dicts/tuples of those), because papermill injects new
values *after* that cell and does not recompute derived values.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from music_visual.errors import StudyError


def read_notebook(path: str | Path) -> dict:
    """Load a notebook as a plain dict, with a one-line error when it is not one."""
    path = Path(path)
    if not path.is_file():
        raise StudyError(f"notebook not found: {path}")
    if path.suffix != ".ipynb":
        raise StudyError(f"not a notebook (expected .ipynb): {path}")
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StudyError(f"malformed notebook {path}: not valid JSON ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise StudyError(f"malformed notebook {path}: no 'cells' list")
    return nb


def cell_source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def parameters_cell(nb: dict, path: str | Path = "<notebook>") -> dict:
    """The unique code cell tagged ``parameters``."""
    tagged = [
        c for c in nb["cells"]
        if c.get("cell_type") == "code" and "parameters" in c.get("metadata", {}).get("tags", [])
    ]
    if len(tagged) != 1:
        raise StudyError(
            f"{path}: expected exactly one code cell tagged 'parameters', found {len(tagged)}"
        )
    return tagged[0]


def declared_parameters(nb: dict, path: str | Path = "<notebook>") -> dict[str, Any]:
    """Names and default values of the ``parameters`` cell, in order.

    Raises :class:`StudyError` if the cell holds anything but literal assignments.
    """
    source = cell_source(parameters_cell(nb, path))
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise StudyError(f"{path}: parameters cell is not valid Python ({exc.msg}, line {exc.lineno})") from None
    params: dict[str, Any] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, value = node.targets[0].id, node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, value = node.target.id, node.value
        else:
            raise StudyError(
                f"{path}: parameters cell line {node.lineno} is not a plain `name = literal` assignment"
            )
        try:
            params[name] = ast.literal_eval(value)
        except ValueError:
            raise StudyError(
                f"{path}: parameter {name!r} (line {node.lineno}) is not a literal; "
                "derive values in a later cell"
            ) from None
    return params


def notebook_parameters(path: str | Path) -> dict[str, Any]:
    """Shortcut: read ``path`` and return its declared parameters."""
    return declared_parameters(read_notebook(path), path)
