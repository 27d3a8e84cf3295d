from dataclasses import dataclass

import pytest

from music_visual.errors import StudyError
from music_visual.study.run_settings import ParamSettings, frozen, grid_dict


@dataclass(frozen=True)
class Toy(ParamSettings):
    SECTION = "toy.train"
    LABEL = "Toy"

    seeds: tuple
    tuning_grid: tuple


def test_from_params_freezes_ignores_extra_keys_and_names_the_missing_ones():
    toy = Toy.from_params({"seeds": [0, 1], "tuning_grid": {"dim": [8, 16]}, "other": 3})
    assert toy.seeds == (0, 1) and toy.tuning_grid == (("dim", (8, 16)),)
    assert toy.grid == {"dim": [8, 16]} and hash(toy)
    assert toy.replace(seeds=[2]).seeds == (2,)
    with pytest.raises(StudyError, match="Toy run settings lack tuning_grid .*toy.train"):
        Toy.from_params({"seeds": [0]})


def test_frozen_and_grid_dict():
    assert frozen({"a": [1, [2, 3]], "b": 4}) == (("a", (1, (2, 3))), ("b", 4))
    assert grid_dict((("lr", (0.1, 0.01)),)) == {"lr": [0.1, 0.01]}
