"""The same small validation grid for every learned method (networks and linear baselines alike).

A grid is a mapping ``{setting: [values...]}``; :func:`grid_points` is its Cartesian product in
the stated order. :func:`tune` fits one model per point with a caller's ``fit(point) ->
(validation criterion, outcome)`` and keeps the point with the highest criterion (the first
one on a tie), so CCA choosing its ridge and a network choosing its embedding size and dropout
go through the same code and the same table (:attr:`TuningResult.table`: one row per point,
``chosen`` marking the winner).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd


def grid_points(grid: Mapping[str, Sequence]) -> list[dict]:
    """Every combination of the grid's values, the first setting varying slowest.

    >>> grid_points({"embed_dim": [32, 128], "dropout": [0.1]})
    [{'embed_dim': 32, 'dropout': 0.1}, {'embed_dim': 128, 'dropout': 0.1}]
    """
    if not grid:
        return [{}]
    empty = [name for name, values in grid.items() if len(values) == 0]
    if empty:
        raise ValueError(f"tuning grid settings without values: {empty}")
    names = list(grid)
    return [dict(zip(names, values)) for values in itertools.product(*(grid[n] for n in names))]


@dataclass
class TuningResult:
    chosen: dict            # the winning point
    outcome: Any            # what ``fit`` returned for it
    table: pd.DataFrame     # one row per point: its values, ``criterion``, ``chosen``


def choose(criteria: Sequence[float], points: Sequence[dict] | None = None) -> int:
    """Index of the highest criterion, the first one on a tie; a NaN criterion is an error.

    >>> choose([0.2, 0.3, 0.3])
    1
    """
    criteria = [float(c) for c in criteria]
    missing = [points[i] if points is not None else i for i, c in enumerate(criteria) if c != c]
    if missing or not criteria:
        raise ValueError(f"tuning points without a validation criterion (NaN): {missing or 'no points'}")
    return max(range(len(criteria)), key=lambda i: (criteria[i], -i))


def choice_rows(points: Sequence[dict], criteria: Sequence[float]) -> tuple[int, list[dict]]:
    """The winner (:func:`choose`) and one row per point: its values, ``criterion``, ``chosen``."""
    best = choose(criteria, points)
    return best, [{**point, "criterion": float(c), "chosen": i == best}
                  for i, (point, c) in enumerate(zip(points, criteria))]


def tune(grid: Mapping[str, Sequence], fit: Callable[[dict], tuple[float, Any]]) -> TuningResult:
    """Fit every point of ``grid`` one after another and keep the best by validation criterion.

    (Runners that fit the points in parallel call :func:`grid_points` and :func:`choice_rows`.)
    """
    points = grid_points(grid)
    scored = [fit(point) for point in points]
    best, rows = choice_rows(points, [criterion for criterion, _ in scored])
    return TuningResult(points[best], scored[best][1], pd.DataFrame(rows))
