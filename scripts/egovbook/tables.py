"""Tables declared once: each column says its header, how a cell is shown, and which raw
values (snake_case names) go into the table's CSV download.

The displayed table and its CSV come from the same declaration, so they cannot drift apart and
every download uses one naming style.

>>> cols = [Col("Năm", lambda r: str(r[0]), {"nam": lambda r: r[0]}),
...         Col("EGDI", lambda r: r[1], {"egdi": lambda r: r[2]}, align="right")]
>>> shown, data = frames([(2024, "0,7709", 0.77092)], cols)
>>> list(shown.columns), list(data.columns), float(data.iloc[0]["egdi"])
(['Năm', 'EGDI'], ['nam', 'egdi'], 0.77092)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Col:
    """One column: header, shown text of a row, and the raw values it contributes to the CSV."""

    header: str
    show: Callable[[Any], str]
    raw: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    align: str = "left"

    def __post_init__(self) -> None:
        bad = [name for name in self.raw if not SNAKE.match(name)]
        if bad:
            raise ValueError(f"tên cột CSV cần dạng snake_case không dấu: {bad}")


def frames(rows: Sequence[Any], cols: Sequence[Col]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(table as shown, its CSV data) from one declaration."""
    shown = pd.DataFrame({c.header: [c.show(r) for r in rows] for c in cols},
                         columns=[c.header for c in cols])
    raw: dict[str, list[Any]] = {}
    for c in cols:
        for name, get in c.raw.items():
            if name in raw:
                raise ValueError(f"cột CSV «{name}» khai báo hai lần")
            raw[name] = [get(r) for r in rows]
    return shown, pd.DataFrame(raw, columns=list(raw))


def aligns(cols: Sequence[Col]) -> list[str]:
    return [c.align for c in cols]
