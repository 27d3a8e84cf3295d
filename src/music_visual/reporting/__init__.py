"""Metrics files, figures, results tables and the rendered report (HTML + PDF)."""

from music_visual.reporting.figures import save_figure
from music_visual.reporting.metrics_io import gather_metrics, read_metrics, summarize_over_seeds, write_metrics
from music_visual.reporting.tables import format_mean_ci, method_table, results_table, to_markdown

__all__ = [
    "format_mean_ci", "gather_metrics", "method_table", "read_metrics", "results_table", "save_figure",
    "summarize_over_seeds", "to_markdown", "write_metrics",
]
