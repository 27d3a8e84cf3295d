"""A paper's methods as a registry: what each row of its tables is.

Every paper lists its methods (the paper's own, its baselines and ablations, and the
study's modern baseline) as :class:`Method` records, in table order. ``name`` is the key
the metrics file uses, ``label`` the table text, ``table`` the paper's table or figure the
row belongs to (``"extra"`` for what the paper does not have), ``kind`` how it is trained
and ``group`` the table section. A paper may extend the record with its own settings
(VM-NET's :class:`~music_visual.papers.vmnet.methods.MethodSpec`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Iterable

import pandas as pd


@dataclass(frozen=True)
class Method:
    name: str
    label: str
    kind: str = ""
    table: str = ""
    group: str = ""


def registry_table(methods: Iterable[Method]) -> pd.DataFrame:
    """The registry's common fields as a table (name, label, kind, table, group)."""
    common = [f.name for f in fields(Method)]
    return pd.DataFrame([{k: getattr(m, k) for k in common} for m in methods], columns=common)


def by_name(methods: Iterable[Method]) -> dict[str, Method]:
    """``{name: method}``; two methods with one name are an error."""
    out: dict[str, Method] = {}
    for m in methods:
        if m.name in out:
            raise ValueError(f"two methods named {m.name!r}")
        out[m.name] = m
    return out
