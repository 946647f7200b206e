"""Vietnamese number and date formatting (Babel, locale ``vi``).

Every number a reader sees goes through here: ``0,6667``, ``1.039``, ``15,91 %``, ``dd/mm/yyyy``.
Missing values render as an em dash so a table never shows ``nan``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "vi"
MISSING = "—"
# Narrow no-break space keeps "15,91 %" on one line, as Vietnamese typography writes it.
PCT_SPACE = "\u00a0"


def is_missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(math.isnan(x))
    except TypeError:
        return False


def _pattern(decimals: int, grouping: bool = True) -> str:
    base = "#,##0" if grouping else "0"
    return base + ("." + "0" * decimals if decimals > 0 else "")


def number(x: Any, decimals: int = 0) -> str:
    """``1039`` → ``1.039``; ``0.66667, 4`` → ``0,6667``."""
    if is_missing(x):
        return MISSING
    return format_decimal(float(x), format=_pattern(decimals), locale=LOCALE)


def index(x: Any, decimals: int = 4) -> str:
    """An index value on the 0–1 scale, four decimals as the Survey publishes them."""
    return number(x, decimals)


def percent(x: Any, decimals: int = 2, *, ratio: bool = False) -> str:
    """``15.91`` → ``15,91 %`` (``ratio=True`` takes ``0.1591``)."""
    if is_missing(x):
        return MISSING
    value = float(x) * 100 if ratio else float(x)
    return number(value, decimals) + PCT_SPACE + "%"


def signed(x: Any, decimals: int = 0) -> str:
    """A change with its sign always shown: ``+2``, ``-22``, ``0``."""
    if is_missing(x):
        return MISSING
    value = float(x)
    text = number(abs(value), decimals)
    if round(value, decimals) > 0:
        return "+" + text
    if round(value, decimals) < 0:
        return "-" + text
    return text


def rank(position: Any, out_of: Any | None = None) -> str:
    """``86`` or ``86/193``."""
    if is_missing(position):
        return MISSING
    text = number(int(position))
    return text if out_of is None else f"{text}/{number(int(out_of))}"


def rank_change(before: Any, after: Any) -> str:
    """Places gained (positive) or lost, in words: ``tăng 2 bậc``, ``giảm 22 bậc``."""
    if is_missing(before) or is_missing(after):
        return MISSING
    gained = int(before) - int(after)
    if gained > 0:
        return f"tăng {number(gained)} bậc"
    if gained < 0:
        return f"giảm {number(-gained)} bậc"
    return "giữ nguyên thứ hạng"


def date(value: dt.date | str) -> str:
    """``2020-08-26`` → ``26/08/2020``."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date(value, format="dd/MM/yyyy", locale=LOCALE)


def year(value: Any) -> str:
    """Years are written without a thousands separator (``2020``, not ``2.020``)."""
    if is_missing(value):
        return MISSING
    return str(int(value))


def join_vi(items: list[str]) -> str:
    """``a, b và c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " và " + items[-1]
