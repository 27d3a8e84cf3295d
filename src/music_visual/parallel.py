"""Independent trainings on worker processes, with results that do not depend on how many.

Tuning grids, seeds and learning-curve shares are independent runs. :func:`run_tasks` runs
``fn(*task)`` for every task on ``n_jobs`` processes (joblib/loky; ``0`` = every core this
process may use, ``1`` = in this process) and yields the results in task order. Every run
uses exactly ``threads`` torch threads whatever ``n_jobs`` is, so the numbers are identical
for every ``n_jobs`` (on 2 cores two single-threaded runs beat one run on two threads: small
products do not scale across threads). On a GPU the runs stay in this process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any


def resolve_n_jobs(n_jobs: int, n_tasks: int) -> int:
    """``n_jobs`` (0 = the cores this process may use), at most ``n_tasks`` and at least 1."""
    if n_jobs < 0:
        raise ValueError(f"n_jobs must be >= 0, got {n_jobs}")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(n_jobs or cores, n_tasks))


@contextmanager
def torch_threads(threads: int | None):
    """Run the block with ``threads`` intra-op threads (None: leave as is)."""
    if threads is None:
        yield
        return
    import torch  # here, so that modules without torch (MR-CCA's) import this one cheaply

    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _call(fn: Callable, threads: int | None, task: tuple) -> Any:
    with torch_threads(threads):
        return fn(*task)


def run_tasks(fn: Callable, tasks: Iterable[tuple], n_jobs: int = 0, threads: int | None = 1) -> Iterator[Any]:
    """``fn(*task)`` for each task, in order, on :func:`resolve_n_jobs` processes with ``threads`` each."""
    tasks = list(tasks)
    n_jobs = resolve_n_jobs(n_jobs, len(tasks)) if tasks else 1
    if n_jobs == 1:
        return (_call(fn, threads, task) for task in tasks)
    from joblib import Parallel, delayed

    return Parallel(n_jobs=n_jobs, backend="loky", return_as="generator")(
        delayed(_call)(fn, threads, task) for task in tasks)
