"""Runs on worker processes give the same numbers as runs in this process."""

import pytest
import torch

from music_visual.parallel import resolve_n_jobs, run_tasks, torch_threads


def _matmul_sum(seed: int) -> tuple[float, int]:
    gen = torch.Generator().manual_seed(seed)
    a = torch.randn(300, 200, generator=gen)
    return float((a @ a.T).sum()), torch.get_num_threads()


def test_results_come_back_in_order_and_equal_for_every_n_jobs():
    tasks = [(s,) for s in range(4)]
    serial = list(run_tasks(_matmul_sum, tasks, n_jobs=1, threads=1))
    parallel = list(run_tasks(_matmul_sum, tasks, n_jobs=2, threads=1))
    assert serial == parallel and all(threads == 1 for _, threads in serial)


def test_n_jobs_and_threads_are_resolved_and_restored():
    assert resolve_n_jobs(5, 2) == 2 and resolve_n_jobs(0, 1) == 1 and resolve_n_jobs(0, 100) >= 1
    with pytest.raises(ValueError):
        resolve_n_jobs(-1, 3)
    before = torch.get_num_threads()
    with torch_threads(1):
        assert torch.get_num_threads() == 1
    assert torch.get_num_threads() == before
