"""Check the study's pipeline contract; every problem is listed, none is fixed silently.

    python -m music_visual.pipeline.check

* every notebook has one ``parameters`` cell of literals, no ``def``/``class``,
  and is committed without outputs;
* every notebook stage's params.yaml section exists, is declared in ``params``,
  and matches the notebook's parameter names exactly;
* every stage lists its notebook and every ``music_visual`` module the notebook
  (or the runner) imports, transitively, in ``deps``, and its executed notebook in ``outs``;
* the report stage depends on every executed notebook;
* every notebook is run by a stage.
"""

from __future__ import annotations

import ast
import re
import shlex
import sys
from pathlib import Path

import yaml

from music_visual import paths
from music_visual.errors import StudyError
from music_visual.pipeline.notebook_params import cell_source, declared_parameters, read_notebook
from music_visual.params import load_params

RUNNER = "music_visual.pipeline.run_notebook"
CORPUS_NAME, CORPUS_KEY = "corpus_name", "corpus.corpus_name"
DEF_RE = re.compile(r"^\s*(async\s+def|def|class)\s", re.M)


def notebook_problems(nb_path: Path) -> list[str]:
    """Contract problems of one source notebook."""
    problems = []
    try:
        nb = read_notebook(nb_path)
        declared_parameters(nb, nb_path)
    except StudyError as exc:
        return [str(exc)]
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "code":
            continue
        if DEF_RE.search(cell_source(cell)):
            problems.append(f"{nb_path}: cell {i} defines a function or class (move it into src/music_visual)")
        if cell.get("outputs") or cell.get("execution_count") is not None:
            problems.append(f"{nb_path}: cell {i} has outputs or an execution count (run nbstripout)")
    return problems


def _python_source(text: str) -> str:
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in text.splitlines())


def imported_modules(source: str, package: str = "") -> set[str]:
    """``music_visual`` modules imported by Python source (names as dotted paths).

    Relative imports (``from .x import y``) are resolved against ``package``,
    the dotted package the source belongs to (ignored when it is empty).
    """
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "music_visual"}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                if not package:
                    continue
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([module] if module else []))
            if module.split(".")[0] == "music_visual":
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
    return found


def _package_of(file: Path, src: Path) -> str:
    parts = list(file.relative_to(src).with_suffix("").parts)
    return ".".join(parts[:-1])


def module_file(dotted: str, src: Path) -> Path | None:
    """The file of a dotted module name under ``src`` (None for attributes/non-modules)."""
    base = src.joinpath(*dotted.split("."))
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def lazy_exports(init_file: Path) -> dict[str, str]:
    """A package's ``__lazy__ = {"name": "dotted.module"}`` literal (PEP 562 lazy names), or {}."""
    for node in ast.parse(init_file.read_text(encoding="utf-8")).body:
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__lazy__" for t in node.targets)):
            value = ast.literal_eval(node.value)
            return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
    return {}


def import_closure(sources: list[str], src: Path) -> set[Path]:
    """Files of every music_visual module imported by ``sources``, transitively (with parent packages).

    ``from package import name`` where the package maps ``name`` in its
    ``__lazy__`` dict counts as importing the module that defines ``name``.
    """
    todo = [m for s in sources for m in imported_modules(s)]
    files: set[Path] = set()
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):
            f = module_file(".".join(parts[:i]), src)
            if f is None and i == len(parts) and i > 1:
                package = module_file(".".join(parts[:-1]), src)
                if package is not None and package.name == "__init__.py":
                    lazy = lazy_exports(package).get(parts[-1])
                    f = module_file(lazy, src) if lazy else None
            if f and f not in files:
                files.add(f)
                todo.extend(imported_modules(f.read_text(encoding="utf-8"), _package_of(f, src)))
    return files


def _covered(path: Path, deps: list[Path]) -> bool:
    return any(path == d or d in path.parents for d in deps)


def _notebook_cmd(cmd: str) -> tuple[str, str] | None:
    args = shlex.split(cmd)
    if RUNNER not in args:
        return None
    rest = args[args.index(RUNNER) + 1:]
    nb = next((a for a in rest if a.endswith(".ipynb")), None)
    section = rest[rest.index("--section") + 1] if "--section" in rest else None
    return (nb, section) if nb and section else None


def _output_dir(cmd: str, section: str) -> str:
    """The folder the runner writes the executed notebook to: ``--output-dir`` or ``reports/<section root>``."""
    args = shlex.split(cmd)
    if "--output-dir" in args:
        return args[args.index("--output-dir") + 1].rstrip("/")
    return f"reports/{section.split('.')[0]}"


def _module_of_cmd(cmd: str) -> str | None:
    args = shlex.split(cmd)
    if "-m" in args and args.index("-m") + 1 < len(args):
        mod = args[args.index("-m") + 1]
        return mod if mod.split(".")[0] == "music_visual" else None
    return None


def _runtime_imports(module: str, cmd: str) -> list[str]:
    """Modules a command imports by name at run time, from its module's ``stage_imports(args)`` hook.

    A stage command whose module picks code by argument (the feature stage
    resolves one family's worker) declares what it loads for those arguments;
    the check then requires exactly those modules in ``deps``.
    """
    import importlib

    hook = getattr(importlib.import_module(module), "stage_imports", None)
    if hook is None:
        return []
    args = shlex.split(cmd)
    return list(hook(args[args.index(module) + 1:]))


def code_dep_problems(name: str, stage: dict, extra_sources: list[str], root: Path) -> list[str]:
    """Modules a stage's command (and notebook) import, transitively, missing from deps."""
    deps = [root / d for d in stage.get("deps") or []]
    sources = list(extra_sources)
    module = _module_of_cmd(str(stage.get("cmd", "")))
    if module:
        f = module_file(module, root / "src")
        if f is None:
            return [f"stage {name}: command runs {module}, which does not exist"]
        sources.append(f.read_text(encoding="utf-8"))
        sources += [f"import {m}" for m in [module, *_runtime_imports(module, str(stage.get("cmd", "")))]]
    return [f"stage {name}: imports {f.relative_to(root)} but it is not in deps"
            for f in sorted(import_closure(sources, root / "src")) if not _covered(f, deps)]


def missing_params(name: str, stage: dict, params: dict) -> list[str]:
    """Declared params (dotted keys) that params.yaml does not hold."""
    problems = []
    for entry in stage.get("params") or []:
        for key in (entry if isinstance(entry, dict) else {entry: None}):
            node = params
            for part in str(key).split("."):
                node = node.get(part) if isinstance(node, dict) else None
                if node is None:
                    break
            if node is None and not _has_null(params, str(key)):
                problems.append(f"stage {name}: declares param {key!r}, which params.yaml does not hold")
    return problems


def _has_null(params: dict, dotted: str) -> bool:
    *parents, leaf = dotted.split(".")
    node = params
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    return isinstance(node, dict) and leaf in node


def stage_problems(name: str, stage: dict, params: dict, root: Path) -> list[str]:
    return missing_params(name, stage, params) + _stage_code_problems(name, stage, params, root)


def _stage_code_problems(name: str, stage: dict, params: dict, root: Path) -> list[str]:
    parsed = _notebook_cmd(str(stage.get("cmd", "")))
    if not parsed:
        return code_dep_problems(name, stage, [], root)
    nb_rel, section = parsed
    deps = [root / d for d in stage.get("deps") or []]
    outs = [next(iter(o)) if isinstance(o, dict) else o for o in stage.get("outs") or []]
    nb_path = root / nb_rel
    problems = [] if nb_path in deps else [f"stage {name}: notebook {nb_rel} is not in deps"]
    if not nb_path.is_file():
        return problems + [f"stage {name}: notebook {nb_rel} does not exist"]
    node = params
    for key in section.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, dict):
        return problems + [f"stage {name}: params.yaml has no section {section!r}"]
    declared_params = [next(iter(p)) if isinstance(p, dict) else p for p in stage.get("params") or []]
    if section not in declared_params and not all(f"{section}.{k}" in declared_params for k in node):
        problems.append(f"stage {name}: params does not declare section {section!r}")
    nb = read_notebook(nb_path)
    nb_params = declared_parameters(nb, nb_rel)
    passed = set(node)
    if CORPUS_NAME in nb_params and CORPUS_NAME not in node:
        passed.add(CORPUS_NAME)
        if CORPUS_KEY not in declared_params and "corpus" not in declared_params:
            problems.append(f"stage {name}: notebook {nb_rel} declares {CORPUS_NAME!r}: the stage must declare "
                            f"param {CORPUS_KEY!r}, which the runner passes")
    if set(nb_params) != passed:
        problems.append(f"stage {name}: params.yaml {section} keys {sorted(passed)} != notebook parameters {sorted(nb_params)}")
    executed = f"{_output_dir(str(stage.get('cmd', '')), section)}/{nb_path.name}"
    if executed not in outs:
        problems.append(f"stage {name}: executed notebook {executed} is not in outs")
    nb_sources = [_python_source(cell_source(c)) for c in nb["cells"] if c.get("cell_type") == "code"]
    return problems + code_dep_problems(name, stage, nb_sources, root)


_VAR = re.compile(r"\$\{\s*([\w.]+(?:\[\d+\])*)\s*\}")
_INDEX = re.compile(r"\[(\d+)\]")


def _interpolate(value, variables: dict):
    """Fill ``${a.b}``, ``${item}``, ``${key}`` and ``${item.list[0]}`` as DVC does."""
    if isinstance(value, str):
        def lookup(match):
            node = variables
            for part in match.group(1).split("."):
                name = part.split("[", 1)[0]
                node = node[name]
                for index in _INDEX.findall(part):
                    node = node[int(index)]
            return str(node)
        return _VAR.sub(lookup, value)
    if isinstance(value, list):
        return [_interpolate(v, variables) for v in value]
    if isinstance(value, dict):
        return {_interpolate(k, variables): _interpolate(v, variables) for k, v in value.items()}
    return value


def expand_stages(dvc: dict, params: dict) -> dict:
    """dvc.yaml stages with ``foreach``/``do`` expanded (``name@item``, or ``name@key`` over a mapping)
    and ``${...}`` filled from params."""
    stages = {}
    for name, stage in (dvc.get("stages") or {}).items():
        if "foreach" in stage:
            items = stage["foreach"]
            pairs = items.items() if isinstance(items, dict) else ((item, item) for item in items)
            for key, item in pairs:
                stages[f"{name}@{key}"] = _interpolate(stage["do"], {**params, "item": item, "key": key})
        else:
            stages[name] = _interpolate(stage, params)
    return stages


def pipeline_problems(root: Path | None = None) -> list[str]:
    """Every contract problem of the repository at ``root``."""
    root = root or paths.repo_root()
    dvc = yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8")) or {}
    params = load_params(root / "params.yaml")
    stages = expand_stages(dvc, params)
    problems: list[str] = []
    used = set()
    for name, stage in stages.items():
        problems += stage_problems(name, stage, params, root)
        parsed = _notebook_cmd(str(stage.get("cmd", "")))
        if parsed:
            used.add(parsed[0])
    for nb in sorted((root / "notebooks").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in nb.parts:
            continue
        problems += notebook_problems(nb)
        if nb.relative_to(root).as_posix() not in used:
            problems.append(f"{nb.relative_to(root)} is not run by any dvc.yaml stage")
    executed = {o for s in stages.values() for o in (next(iter(x)) if isinstance(x, dict) else x for x in s.get("outs") or [])
                if o.startswith("reports/") and o.endswith(".ipynb")}
    report_deps = set((stages.get("report") or {}).get("deps") or [])
    problems += [f"stage report: executed notebook {e} is not in its deps" for e in sorted(executed - report_deps)]
    return problems


def main() -> int:
    try:
        problems = pipeline_problems()
    except (StudyError, paths.NotInRepositoryError) as exc:
        print(f"pipeline_check: error: {exc}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
