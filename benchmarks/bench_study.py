"""The whole study's wall time, stage by stage, from the last run in this workspace.

    python benchmarks/bench_study.py [--target-minutes 45]

Reads each executed notebook's papermill duration and each feature family's report
(:mod:`music_visual.reporting.stage_times`) and prints every stage's seconds and share of the whole, then the
sum (DVC runs the stages one after another) against the target of issue 19.
"""

from __future__ import annotations

import argparse

from music_visual.reporting.stage_times import stage_times, stage_times_md


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--target-minutes", type=float, default=45.0)
    args = p.parse_args()
    print(stage_times_md(stage_times(), args.target_minutes))


if __name__ == "__main__":
    main()
