"""Fixtures of S-DCCA's tests (the hand-made inputs live in ``sdcca_inputs``)."""

import pytest

from papers.sdcca.sdcca_inputs import make_inputs


@pytest.fixture
def inputs():
    return make_inputs()
