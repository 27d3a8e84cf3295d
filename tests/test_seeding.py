import random

import numpy as np
import pytest
import torch

from music_visual.seeding import seed_everything, torch_generator


def _draw():
    return random.random(), np.random.rand(), torch.rand(1).item()


def test_same_seed_same_numbers_different_seed_different():
    seed_everything(7)
    a = _draw()
    rng_a = seed_everything(7).random(3)
    seed_everything(7)
    b = _draw()
    rng_b = seed_everything(7).random(3)
    seed_everything(8)
    c = _draw()
    assert a == b
    assert np.array_equal(rng_a, rng_b)
    assert a != c


def test_deterministic_algorithms_switched_on():
    seed_everything(0, deterministic=True)
    assert torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(False)


@pytest.mark.parametrize("bad", [-1, 1.5, "3", True])
def test_bad_seed_rejected(bad):
    with pytest.raises(ValueError, match="seed"):
        seed_everything(bad)


def test_torch_generator_is_seeded():
    assert torch.equal(torch.rand(4, generator=torch_generator(3)), torch.rand(4, generator=torch_generator(3)))
