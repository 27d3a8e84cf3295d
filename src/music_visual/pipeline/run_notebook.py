"""Run one notebook of the study headlessly with its params.yaml section.

    python -m music_visual.pipeline.run_notebook NOTEBOOK --section SECTION

* reads ``SECTION`` of ``params.yaml`` (dotted for nested sections), plus the study's one corpus
  name (``corpus.corpus_name``) for a notebook that declares ``corpus_name`` (:func:`stage_values`);
* refuses any parameter the notebook's ``parameters`` cell does not declare
  (papermill alone would only warn), and any declared parameter the section
  leaves out (a real run must never fall back to a notebook's tiny defaults);
* creates the output folders of the notebook's DVC stage;
* executes with papermill (kernel ``python3``, cwd = repository root) into
  ``reports/<paper>/<notebook name>.ipynb`` and writes an HTML copy beside it.

Every problem the user can fix is reported on one line, exit status 2; a
failing cell gives a one-line summary and the path of the partially executed
notebook, exit status 1.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
import time
from pathlib import Path

from music_visual import paths
from music_visual.errors import StudyError
from music_visual.pipeline.notebook_params import declared_parameters, read_notebook
from music_visual.params import load_section, type_mismatches


def check_parameters(values: dict, declared: dict, section: str, notebook: Path) -> None:
    """Raise :class:`StudyError` naming unknown, missing or mistyped parameters."""
    unknown = [k for k in values if k not in declared]
    if unknown:
        hints = []
        for k in unknown:
            close = difflib.get_close_matches(k, declared, n=1)
            hints.append(f"{k!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
        raise StudyError(
            f"params.yaml section {section!r} sets {', '.join(hints)}, not declared by {notebook}; "
            f"declared parameters: {', '.join(declared)}"
        )
    missing = [k for k in declared if k not in values]
    if missing:
        raise StudyError(
            f"params.yaml section {section!r} lacks {', '.join(missing)}, declared by {notebook} "
            "(add them so the run does not use the notebook's tiny defaults)"
        )
    mismatches = type_mismatches(values, declared)
    if mismatches:
        raise StudyError(f"{notebook}: " + "; ".join(mismatches))


CORPUS_NAME, CORPUS_KEY = "corpus_name", "corpus.corpus_name"


def stage_values(section: str, declared: dict) -> dict:
    """The section's values, and ``corpus_name`` from ``corpus.corpus_name`` when the notebook declares it
    and the section does not set it (the corpus is named once for the whole study)."""
    values = dict(load_section(section))
    if CORPUS_NAME in declared and CORPUS_NAME not in values:
        values[CORPUS_NAME] = load_section("corpus")[CORPUS_NAME]
    return values


def output_paths(notebook: Path, section: str, output_dir: Path | None = None) -> tuple[Path, Path]:
    """Executed notebook and HTML paths under ``reports/<paper>/``."""
    out_dir = output_dir or paths.reports_dir(section.split(".")[0])
    executed = out_dir / notebook.name
    if executed.resolve() == notebook.resolve():
        raise StudyError(f"the executed notebook would overwrite its source {notebook}")
    return executed, executed.with_suffix(".html")


def stage_outputs(notebook: Path, root: Path) -> list[Path]:
    """Outs (and metrics/plots) of the dvc.yaml stages whose command runs ``notebook``."""
    import yaml

    dvc = yaml.safe_load((root / "dvc.yaml").read_text(encoding="utf-8")) or {}
    rel = notebook.resolve().relative_to(root).as_posix()
    outs: list[Path] = []
    for stage in (dvc.get("stages") or {}).values():
        if rel not in str(stage.get("cmd", "")):
            continue
        for key in ("outs", "metrics", "plots"):
            for entry in stage.get(key) or []:
                name = next(iter(entry)) if isinstance(entry, dict) else entry
                outs.append(paths.workspace() / name)
    return outs


def make_output_folders(outs: list[Path]) -> None:
    for out in outs:
        (out if not out.suffix else out.parent).mkdir(parents=True, exist_ok=True)


def _local_kernel_manager(folder: str):
    """A kernel manager on IPC sockets in a private folder (no TCP ports open, no warning)."""
    from jupyter_client import KernelManager

    return KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(folder, "ipc"))


def execute(notebook: Path, executed: Path, parameters: dict, root: Path) -> None:
    import papermill as pm

    os.environ.setdefault("TQDM_MININTERVAL", "5")
    try:
        with tempfile.TemporaryDirectory(prefix="mv-kernel-") as sockets:
            pm.execute_notebook(
                str(notebook), str(executed), parameters=parameters, kernel_name="python3", cwd=str(root),
                progress_bar=sys.stderr.isatty(), log_output=False, km=_local_kernel_manager(sockets),
            )
    except pm.PapermillExecutionError as exc:
        raise CellFailed(
            f"cell {exc.exec_count} of {notebook} failed: {exc.ename}: {exc.evalue} "
            f"(full traceback in {executed})"
        ) from None


class CellFailed(Exception):
    """A cell raised while the notebook ran."""


def export_html(executed: Path, html: Path) -> None:
    """HTML copy of the executed notebook (progress-bar streams coalesced)."""
    from music_visual.reporting.notebook_html import notebook_to_html

    html.write_text(notebook_to_html(executed), encoding="utf-8")


def run(notebook: str, section: str, output_dir: str | None = None, html: bool = True) -> Path:
    root = paths.repo_root()
    nb_path = Path(notebook).resolve()
    try:
        nb_path.relative_to(root)
    except ValueError:
        raise StudyError(f"{notebook} is not inside the study repository {root}") from None
    declared = declared_parameters(read_notebook(nb_path), notebook)
    values = stage_values(section, declared)
    check_parameters(values, declared, section, Path(notebook))
    executed, html_path = output_paths(nb_path, section, Path(output_dir) if output_dir else None)
    make_output_folders([*stage_outputs(nb_path, root), executed])
    start = time.perf_counter()
    execute(nb_path, executed, values, root)
    if html:
        export_html(executed, html_path)
    print(f"ran {notebook} [{section}] in {time.perf_counter() - start:.1f} s -> {executed}")
    return executed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m music_visual.pipeline.run_notebook", description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", help="path of the source notebook, e.g. notebooks/vmnet/03_train.ipynb")
    parser.add_argument("--section", required=True, help="params.yaml section (dotted for nested), e.g. vmnet.train")
    parser.add_argument("--output-dir", help="folder for the executed notebook (default reports/<paper>/)")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML copy")
    args = parser.parse_args(argv)
    try:
        run(args.notebook, args.section, args.output_dir, html=not args.no_html)
    except (StudyError, paths.NotInRepositoryError) as exc:
        print(f"run_notebook: error: {exc}", file=sys.stderr)
        return 2
    except CellFailed as exc:
        print(f"run_notebook: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
