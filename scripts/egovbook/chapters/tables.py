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
ARTICLE = re.compile(r"(?<![\w-])A\d{3}(?![\w-])")


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
    headers = [c.header for c in cols]
    if len(set(headers)) < len(headers):
        raise ValueError(f"hai cột cùng tiêu đề: {headers}")
    shown = pd.DataFrame({c.header: [c.show(r) for r in rows] for c in cols}, columns=headers)
    raw: dict[str, list[Any]] = {}
    for c in cols:
        for name, get in c.raw.items():
            if name in raw:
                raise ValueError(f"cột CSV «{name}» khai báo hai lần")
            raw[name] = [get(r) for r in rows]
    # Values are kept as given (object columns): pandas would make 92 and 1.5 both floats.
    return shown, pd.DataFrame(raw, columns=list(raw), dtype=object)


def aligns(cols: Sequence[Col]) -> list[str]:
    return [c.align for c in cols]


def right(header: str, show: Callable[[Any], str],
          raw: Mapping[str, Callable[[Any], Any]] | None = None) -> Col:
    """A right-aligned column (numbers)."""
    return Col(header, show, raw or {}, align="right")


def text(header: str, name: str, align: str = "left") -> Col:
    """A column of rows that are mappings, whose CSV value is the text shown (``row[name]``)."""
    return Col(header, lambda r: r[name], {name: lambda r: r[name]}, align=align)


@dataclass(frozen=True)
class Table:
    """A whole table as a page shows it: label, caption, rows and their declared columns, and
    what its CSV header states (``None``: the defaults of :func:`egovbook.chapters.report.table`).

    ``empty`` is what the page says instead of a table without rows (``""``: nothing at all);
    ``None`` shows the table even without rows.
    """

    name: str
    caption: str
    rows: Sequence[Any]
    cols: Sequence[Col]
    source: str | None = None
    units: str | None = None
    retrieved: str | None = None
    empty: str | None = None

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(table as shown, its CSV data)."""
        return frames(self.rows, self.cols)

    @property
    def shown_instead(self) -> str | None:
        """The note shown instead of the table (``""``: nothing), or None if the table shows."""
        return self.empty if self.empty is not None and not len(self.rows) else None


def articles(*shown: Table) -> list[str]:
    """The articles some tables show: ids in their source lines and in their «Nguồn…» columns
    (a chapter cites these, no more and no fewer).

    >>> t = Table("tbl-x", "", [{"s": "A001"}, {"s": "A000 A001"}], [text("Nguồn", "s")],
    ...           source="bài A004 trong bộ nguồn")
    >>> articles(t)
    ['A000', 'A001', 'A004']
    """
    found: set[str] = set()
    for table in shown:
        if table.shown_instead is not None:
            continue
        found |= set(ARTICLE.findall(table.source or ""))
        view, _ = table.frames()
        for header in view.columns:
            if header.startswith("Nguồn"):
                found |= {a for cell in view[header] for a in ARTICLE.findall(str(cell))}
    return sorted(found)
