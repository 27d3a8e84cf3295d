"""When to stop training: a step budget with a plateau rule on a smoothed validation criterion.

Every learned model of the study is evaluated every ``eval_every`` optimisation steps on a
validation criterion (higher is better). :class:`PlateauRule` smooths the raw values with a
trailing mean over the last ``smoothing`` evaluations, so one lucky evaluation on a small
validation set does not decide, and stops when the smoothed criterion has not improved on its
best by more than ``min_delta`` for ``patience_steps`` steps. The step cap ``max_steps``
ends a run that is still improving; such a run is *flagged* (``stopped_by == "step_cap"``),
never reported as converged. The untrained network (step 0) takes part like any other
evaluation; if it stays the best, ``kept_initial`` says so, so the report can.

>>> rule = PlateauRule(max_steps=1000, patience_steps=300, min_delta=0.01, smoothing=1)
>>> for step, value in [(0, 0.0), (100, 0.5), (200, 0.6), (300, 0.6), (400, 0.6), (500, 0.6)]:
...     stop = rule.update(step, value)
>>> stop, rule.best_step, rule.stopped_by
(True, 200, 'plateau')
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

PLATEAU, STEP_CAP = "plateau", "step_cap"


@dataclass
class PlateauRule:
    """Stop after ``patience_steps`` steps without a smoothed gain above ``min_delta``, or at ``max_steps``."""

    max_steps: int
    patience_steps: int
    min_delta: float = 0.0
    smoothing: int = 1              # trailing mean over this many evaluations
    best_step: int = -1
    best_value: float = float("-inf")
    stopped_by: str = ""
    last_step: int = -1
    _recent: deque = field(default_factory=deque, repr=False)

    def __post_init__(self) -> None:
        if self.max_steps < 0 or self.patience_steps < 1 or self.smoothing < 1 or self.min_delta < 0:
            raise ValueError(f"invalid plateau rule: {self}")

    def smoothed(self, value: float) -> float:
        """Add ``value`` to the trailing window and return the window's mean."""
        self._recent.append(float(value))
        if len(self._recent) > self.smoothing:
            self._recent.popleft()
        return sum(self._recent) / len(self._recent)

    def update(self, step: int, value: float) -> bool:
        """Record the criterion at ``step``; True when training should stop here.

        Returns whether this evaluation is the new best via :attr:`improved`.
        """
        if step <= self.last_step:
            raise ValueError(f"steps must increase: {step} after {self.last_step}")
        self.last_step = step
        smooth = self.smoothed(value)
        self.improved = smooth > self.best_value + (self.min_delta if self.best_step >= 0 else 0.0)
        self.last_smoothed = smooth
        if self.improved:
            self.best_value, self.best_step = smooth, step
        if step >= self.max_steps:
            self.stopped_by = STEP_CAP if step - self.best_step < self.patience_steps else PLATEAU
            return True
        if step - self.best_step >= self.patience_steps:
            self.stopped_by = PLATEAU
            return True
        return False

    @property
    def kept_initial(self) -> bool:
        """The untrained model (step 0) is still the best evaluation."""
        return self.best_step == 0

    def summary(self) -> dict:
        """``best_step``, ``best_criterion``, ``stopped_by``, ``last_step``, ``kept_initial``, ``hit_cap``."""
        return {"best_step": self.best_step, "best_criterion": self.best_value, "stopped_by": self.stopped_by,
                "last_step": self.last_step, "kept_initial": self.kept_initial,
                "hit_cap": self.stopped_by == STEP_CAP}
