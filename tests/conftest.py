"""Fixtures shared by the unit tests."""

import pytest


@pytest.fixture(scope="module")
def torch_one_thread():
    """A shared 2-core machine: one torch thread is faster and keeps timings stable."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)
