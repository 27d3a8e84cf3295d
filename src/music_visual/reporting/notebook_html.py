"""Executed notebooks -> HTML: a full page per notebook, and code-free fragments for the report."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

HIDE_TAG = "report-hide"


class DropStderrAndHidden(Preprocessor):
    """Drop stderr streams (progress bars, warnings) and cells tagged ``report-hide``."""

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if HIDE_TAG not in c.get("metadata", {}).get("tags", [])]
        for cell in nb.cells:
            if cell.get("cell_type") == "code":
                cell.outputs = [o for o in cell.get("outputs", [])
                                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        return nb, resources


def _coalesce(exporter: HTMLExporter) -> None:
    try:
        from nbconvert.preprocessors import CoalesceStreamsPreprocessor
    except ImportError:  # older nbconvert
        return
    exporter.register_preprocessor(CoalesceStreamsPreprocessor(enabled=True), enabled=True)


def notebook_to_html(path: str | Path) -> str:
    """Full standalone HTML page of an executed notebook (code shown, streams coalesced)."""
    nb = nbformat.read(str(path), as_version=4)
    exporter = HTMLExporter(template_name="lab")
    _coalesce(exporter)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": Path(path).stem}})
    return body


def notebook_to_fragment(path: str | Path) -> str:
    """Body-only HTML of an executed notebook for the combined report: markdown and
    outputs only (no code, no prompts, no stderr)."""
    nb = nbformat.read(str(path), as_version=4)
    exporter = HTMLExporter(template_name="basic", exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(DropStderrAndHidden(), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    return body
