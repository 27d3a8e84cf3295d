"""The toy examples in S-DCCA's docstrings run and give the values they show."""

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["chunks", "eval"])
def test_docstring_examples_pass(name):
    module = importlib.import_module(f"music_visual.papers.sdcca.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
