"""Faults found in input files, reported in Vietnamese, all at once, never as a traceback.

A problem is either an error (the build stops) or a warning: something a reviewer should see
(it goes to the "Ghi chú dữ liệu" appendix) that does not stop the build. A
:class:`ProblemList` keeps the two apart: its truth value, length, ``items`` and
:meth:`ProblemList.render` are about errors only, so code that only knows errors is unchanged;
warnings are in ``warnings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Problem:
    """One fault: which file, which row (as a spreadsheet numbers it: header = 1), which column."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def render(self) -> str:
        where = [f"Tệp {self.file}"]
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột «{self.column}»")
        text = ", ".join(where) + ": "
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
            text += f"giá trị «{shown}» — "
        return text + self.message


@dataclass
class ProblemList:
    """Collects problems so a file's every fault is reported in one run.

    ``items`` holds the errors, ``warnings`` the warnings; only errors make the list true.
    """

    items: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def add(
        self,
        file: str | Path,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object | None = None,
        severity: Severity = ERROR,
    ) -> None:
        name = Path(file).name if isinstance(file, Path) else file
        shown = None if value is None else str(value)
        problem = Problem(name, message, row, column, shown, severity)
        (self.warnings if problem.is_warning else self.items).append(problem)

    def warn(self, file: str | Path, message: str, *, row: int | None = None,
             column: str | None = None, value: object | None = None) -> None:
        """Add a warning: worth a reviewer's attention, does not stop the build."""
        self.add(file, message, row=row, column=column, value=value, severity=WARNING)

    def extend(self, other: ProblemList) -> None:
        self.items.extend(other.items)
        self.warnings.extend(other.warnings)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def render(self) -> str:
        """The errors, one bullet each (warnings are rendered by :meth:`render_warnings`)."""
        return "\n".join("• " + p.render() for p in self.items)

    def render_warnings(self) -> str:
        return "\n".join("• " + p.render() for p in self.warnings)


class DataError(Exception):
    """Raised with every problem found; the CLI prints them and exits non-zero."""

    def __init__(self, problems: ProblemList, headline: str = "Dữ liệu đầu vào có lỗi") -> None:
        self.problems = problems
        self.headline = headline
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        return f"{self.headline} ({count} lỗi):\n{self.problems.render()}"


class ParameterError(DataError):
    """Build parameters that cannot be used: one line each, naming the parameter as the user
    typed it (``QUARTER=2023Q2 (make) / --quarter``), not as a file."""

    def __init__(self, lines: list[str], headline: str = "Tham số dựng sách không hợp lệ") -> None:
        self.lines = lines
        problems = ProblemList()
        for line in lines:
            problems.add("", line)
        super().__init__(problems, headline)

    def render(self) -> str:
        return f"{self.headline} ({len(self.lines)} lỗi):\n" + "\n".join(
            "• " + line for line in self.lines)
