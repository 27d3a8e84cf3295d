"""Splice the pipeline's cross-paper table and claims ledger into README.md between markers.

    python -m music_visual.reporting.readme_results README.md

Run by ``make run`` after ``dvc repro``, so the README's results and findings are generated,
never typed: ``<!-- results:start -->`` ... ``<!-- results:end -->`` receive
``reports/compare/cross_paper_table.md`` and ``<!-- findings:start -->`` ...
``<!-- findings:end -->`` ``reports/compare/claims_ledger.md`` (every paper's claims) and
``<!-- corpus:start -->`` ... ``<!-- corpus:end -->`` the corpus stage's learnability check
(``reports/corpus/metrics.json``: chance, a simple CCA and the three oracles), and
``<!-- stage-times:start -->`` ... ``<!-- stage-times:end -->`` every stage's wall time of the last run
(:mod:`music_visual.reporting.stage_times`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from music_visual import paths
from music_visual.errors import StudyError

START, END = "<!-- results:start -->", "<!-- results:end -->"
BLOCKS = {"results": "cross_paper_table.md", "findings": "claims_ledger.md"}


def splice(readme_text: str, table_md: str, block: str = "results") -> str:
    """Replace what lies between the ``block``'s markers with ``table_md``."""
    start, end = f"<!-- {block}:start -->", f"<!-- {block}:end -->"
    if start not in readme_text or end not in readme_text:
        raise StudyError(f"README has no {start} ... {end} markers")
    head, rest = readme_text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{table_md.strip()}\n{end}{tail}"


CORPUS_ROWS = (("chance", "chance"), ("cca", "CCA on mean MFCC vs mean colour histogram"),
               ("oracle_global_linear", "oracle: one global linear map of the true factors"),
               ("oracle_per_genre", "oracle: one linear map per genre"), ("oracle", "oracle: the generator's full rule"))


def corpus_check_md(metrics: dict) -> str:
    """The corpus stage's learnability check (``reports/corpus/metrics.json``) as a markdown table."""
    check = metrics.get("music_to_video_test")
    if not check:
        return "_This corpus has no music videos with latent factors: no learnability check._"
    lines = [f"The corpus stage's learnability check (`reports/corpus/metrics.json`): music -> video retrieval over "
             f"the {check['n_test_queries']} test songs of the corpus:",
             "", "| ranking | R@1 | R@5 | R@10 | median rank |", "|---|---|---|---|---|"]
    for key, label in CORPUS_ROWS:
        if key in check:
            row = check[key]
            lines.append(f"| {label} | {100 * row['recall_at_1']:.1f} % | {100 * row['recall_at_5']:.1f} % | "
                         f"{100 * row['recall_at_10']:.1f} % | {row['median_rank']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    readme = Path(argv[0] if argv else "README.md")
    try:
        text = readme.read_text(encoding="utf-8")
        for block, name in BLOCKS.items():
            table = paths.reports_dir("compare") / name
            if not table.is_file():
                raise StudyError(f"{table} not found: run `dvc repro compare` first")
            text = splice(text, table.read_text(encoding="utf-8"), block)
        if "<!-- stage-times:start -->" in text:
            from music_visual.reporting.stage_times import stage_times, stage_times_md

            text = splice(text, stage_times_md(stage_times(), target_minutes=45), "stage-times")
        corpus = paths.reports_dir("corpus") / "metrics.json"
        if "<!-- corpus:start -->" in text and corpus.is_file():
            text = splice(text, corpus_check_md(json.loads(corpus.read_text(encoding="utf-8"))), "corpus")
        readme.write_text(text, encoding="utf-8")
    except StudyError as exc:
        print(f"readme_results: error: {exc}", file=sys.stderr)
        return 2
    print(f"updated the results and findings in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
