"""Metrics files, figures, results tables and the rendered report (HTML + PDF)."""

from music_visual.reporting.figures import save_figure
from music_visual.reporting.metrics_io import gather_metrics, read_metrics, summarize_over_seeds, write_metrics
from music_visual.reporting.paper_numbers import paper_info, paper_numbers
from music_visual.reporting.tables import cross_paper_table, format_mean_ci, method_table, papers_overview, results_table, to_markdown

__all__ = [
    "cross_paper_table", "format_mean_ci", "gather_metrics", "method_table", "paper_info", "paper_numbers", "papers_overview",
    "read_metrics", "results_table", "save_figure", "summarize_over_seeds", "to_markdown", "write_metrics",
]
