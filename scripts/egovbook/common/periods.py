"""Dates as precise as a source gives them, quarters, and deadlines.

* A date is ``yyyy-mm-dd`` or, when the source gives only a month, ``yyyy-mm``
  (:func:`parse_period`); a month-only date ends on the month's last day (:attr:`Period.end`).
* A quarter is ``YYYYQn``; :func:`quarter_index` numbers quarters consecutively, so the quarter
  after ``2022Q4`` is ``quarter_label(quarter_index("2022Q4") + 1)`` = ``2023Q1``.
* A deadline is a year (``2020``: the end of that year) or a date as above (:func:`deadline_date`),
  in the article's words: «hết năm 2020», «cuối năm 2020» are ``2020``; only a month the
  article names is a month (``2020-10`` for «tháng 10/2020»).
* In Vietnamese: ``26/08/2020``, ``tháng 07/2020``, ``quý III/2022``, ``năm 2020``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Period:
    """A date as precise as the source gives it (day or month)."""

    year: int
    month: int
    day: int | None

    @property
    def quarter(self) -> str:
        return f"{self.year}Q{(self.month - 1) // 3 + 1}"

    @property
    def end(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month, self.day)
        nxt = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)

    def iso(self) -> str:
        base = f"{self.year:04d}-{self.month:02d}"
        return base + (f"-{self.day:02d}" if self.day else "")

    def vi(self) -> str:
        """``26/08/2020`` or ``tháng 07/2020``."""
        if self.day:
            return f"{self.day:02d}/{self.month:02d}/{self.year}"
        return f"tháng {self.month:02d}/{self.year}"


def parse_period(text: str) -> Period | None:
    m = DATE_RE.match(text.strip())
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3)) if m.group(3) else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return Period(year, month, day)


# --- quarters ---------------------------------------------------------------------------------


def quarter_index(label: str) -> int:
    m = QUARTER_RE.match(label)
    if not m:
        raise ValueError(label)
    return int(m.group(1)) * 4 + int(m.group(2)) - 1


def quarter_label(index: int) -> str:
    return f"{index // 4}Q{index % 4 + 1}"


def quarter_vi(label: str) -> str:
    """``2022Q3`` → ``quý III/2022``."""
    m = QUARTER_RE.match(label)
    if not m:
        return label
    return f"quý {['I', 'II', 'III', 'IV'][int(m.group(2)) - 1]}/{m.group(1)}"


def quarter_end(label: str) -> dt.date:
    """Last day of quarter ``YYYYQn``: the end of its last month."""
    return Period(int(label[:4]), int(label[-1]) * 3, None).end


# --- deadlines --------------------------------------------------------------------------------


def deadline_date(text: str) -> dt.date | None:
    """``2020`` → 31/12/2020; ``2020-10`` → 31/10/2020; ``''`` → None."""
    text = (text or "").strip()
    if not text:
        return None
    if len(text) == 4:
        return dt.date(int(text), 12, 31)
    period = parse_period(text)
    return period.end if period else None


INFERRED = "sách suy ra"


def deadline_text(text: str, inferred: object = False, stated_by: Sequence[str] = (),
                  inferred_by: Sequence[str] = (), silent_by: Sequence[str] = ()) -> str:
    """``2020`` → ``năm 2020``; ``2020-10`` → ``tháng 10/2020``; a full date → dd/mm/yyyy. A
    deadline no source states (``inferred``, the targets file's ``deadline_inferred``) says so:
    the one formatter of a target's deadline, so no table or sentence shows it unmarked. Of one
    target that some sources state and others do not (the book inferred it for them, or they
    give none), the mark names each (:func:`deadline_sources`).

    >>> deadline_text("2020", "true"), deadline_text("2020-10")
    ('năm 2020 (sách suy ra)', 'tháng 10/2020')
    >>> deadline_text("2020", stated_by=["A003"], inferred_by=["A002"])
    'năm 2020 (bài A003 nêu; với bài A002, sách suy ra)'
    """
    text = (text or "").strip()
    if not text:
        return ""
    if len(text) == 4:
        shown = f"năm {text}"
    else:
        period = parse_period(text)
        shown = period.vi() if period else text
    if is_inferred(inferred) or (inferred_by and not stated_by):
        return f"{shown} ({INFERRED})"
    if stated_by and (inferred_by or silent_by):
        return f"{shown} ({deadline_sources(stated_by, inferred_by, silent_by)})"
    return shown


SILENT = "không nêu thời hạn"


def deadline_sources(stated_by: Sequence[str], inferred_by: Sequence[str] = (),
                     silent_by: Sequence[str] = ()) -> str:
    """The sources of one target by how each gives its deadline: those stating it, then those
    for which the book inferred it, then those giving none.

    >>> deadline_sources(["A003"], ["A002"]), deadline_sources(["A001"], silent_by=["A003"])
    ('bài A003 nêu; với bài A002, sách suy ra', 'bài A001 nêu; bài A003 không nêu thời hạn')
    """
    # Each list in the order of the articles' ids, as the book lists articles.
    parts = [f"bài {', '.join(sorted(stated_by))} nêu"] if stated_by else []
    if inferred_by:
        parts.append(f"với bài {', '.join(sorted(inferred_by))}, {INFERRED}")
    if silent_by:
        parts.append(f"bài {', '.join(sorted(silent_by))} {SILENT}")
    return "; ".join(parts)


def inferred_flag(all_inferred: object, inferred_by: Sequence[str]) -> str:
    """A download's «Thời hạn suy ra»: «có» when no source states the deadline, «một phần»
    when the book inferred it for some of them, else «không».

    >>> inferred_flag(True, ["A002"]), inferred_flag(False, ["A002"]), inferred_flag(False, [])
    ('có', 'một phần', 'không')
    """
    return "có" if is_inferred(all_inferred) else "một phần" if inferred_by else "không"


def is_inferred(flag: object) -> bool:
    """The targets file's ``deadline_inferred`` (``true``/``false``, or a bool)."""
    return flag is True or str(flag).strip().lower() in {"true", "1", "yes"}
