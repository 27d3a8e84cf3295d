"""What every paper's ``RunSettings`` shares: built from one ``params.yaml`` section, frozen, no defaults.

A paper's settings record is a frozen dataclass that subclasses :class:`ParamSettings` and names its
section (``SECTION = "vmnet.train"``, ``LABEL = "VM-NET"``). Every field is a key of that section (and of
the training notebook's parameters cell, which holds tiny test values), so a setting has one source.
Lists and mappings are stored as tuples so that the record is hashable and cannot be changed in place.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, ClassVar, Mapping

from music_visual.errors import StudyError


def frozen(value: Any) -> Any:
    """Lists become tuples and mappings tuples of ``(key, value)`` pairs, recursively."""
    if isinstance(value, Mapping):
        return tuple((k, frozen(v)) for k, v in value.items())
    return tuple(frozen(v) for v in value) if isinstance(value, (list, tuple)) else value


def grid_dict(pairs: tuple) -> dict[str, list]:
    """A frozen tuning grid ``((setting, (values...)), ...)`` as ``{setting: [values]}``."""
    return {name: list(values) for name, values in pairs}


class ParamSettings:
    """Mixin of a paper's frozen settings dataclass (see the module docstring)."""

    SECTION: ClassVar[str] = ""
    LABEL: ClassVar[str] = ""

    @classmethod
    def from_params(cls, params: Mapping[str, Any], **overrides):
        """The settings from a mapping holding every field (extra keys are ignored), then ``overrides``."""
        names = [f.name for f in fields(cls)]
        values = {**{k: params[k] for k in names if k in params}, **overrides}
        missing = [k for k in names if k not in values]
        if missing:
            raise StudyError(f"{cls.LABEL} run settings lack {', '.join(missing)} (keys of params.yaml {cls.SECTION})")
        return cls(**{k: frozen(values[k]) for k in names})

    def replace(self, **overrides):
        """A copy with some fields replaced (lists become tuples)."""
        return replace(self, **{k: frozen(v) for k, v in overrides.items()})

    @property
    def grid(self) -> dict[str, list]:
        """The tuning grid (field ``tuning_grid``) as ``{setting: [values]}``."""
        return grid_dict(self.tuning_grid)
