"""The toy examples in the metrics docstrings run and give the values they show."""

import doctest
import importlib

import pytest

MODULES = ["relevance", "ties", "ranking", "precision", "classification", "chance"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_pass(name):
    module = importlib.import_module(f"music_visual.metrics.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no doctest examples"
    assert result.failed == 0
