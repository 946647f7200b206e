"""Vietnamese number and date formatting (Babel, locale ``vi``).

Every number a reader sees goes through here: ``0,6667``, ``1.039``, ``15,91 %``, ``dd/mm/yyyy``.
Missing values render as an em dash so a table never shows ``nan``.

Rounding is half up from the decimal text, as the printed Survey rounds: the published
``0.72665`` shows ``0,7267``, where rounding the binary float half-to-even would give ``0,7266``.

>>> index(0.72665)
'0,7267'
>>> number(1039)
'1.039'
>>> percent(15.91)
'15,91\xa0%'
>>> signed(-0.00125, 4)
'-0,0013'
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
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


# Float noise is far below this (about 1e-16 for values near 1) and every published figure has
# far fewer decimals, so snapping here recovers the exact decimal of a published value or of a
# sum or difference of published values; a mean keeps its true digits up to this place.
_SNAP = Decimal("1e-12")
_CONTEXT = decimal.Context(prec=60)


def exact(x: Any) -> Decimal:
    """The decimal a number stands for: ``0.72665`` (float) → ``Decimal('0.72665')``.

    A float parsed from published text is written back by ``repr`` as that same shortest text;
    arithmetic noise (``0.1 + 0.2``) is removed by snapping to 12 decimals.

    >>> exact(0.1 + 0.2), exact(-0.01949 - 1e-17), exact(-1.7e-17)
    (Decimal('0.3'), Decimal('-0.01949'), Decimal('0'))
    """
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool):
        return Decimal(int(x))
    if isinstance(x, int):
        return Decimal(x)
    value = Decimal(repr(float(x)))
    if value.as_tuple().exponent < -12:  # type: ignore[operator]
        value = value.quantize(_SNAP, context=_CONTEXT).normalize(context=_CONTEXT)
    return value if value else Decimal(0)  # noise around zero is zero, without a sign


def decimals_of(*values: Any, most: int = 2) -> int:
    """Decimals a result of ``values`` may show: as many as the most precise of them has (at
    most ``most``), so 100 % minus 50 % is «50 điểm phần trăm», not «50,00».

    >>> decimals_of(100.0, 50), decimals_of(88.53, 90), decimals_of(1.2345, 2)
    (0, 2, 2)
    """
    places = [max(0, -int(exact(v).normalize().as_tuple().exponent))  # type: ignore[arg-type]
              for v in values if not is_missing(v)]
    return min(most, max(places, default=0))


def half_up(x: Any, decimals: int = 0) -> Decimal:
    """Round half up (away from zero on a tie) at ``decimals`` places, from the exact decimal."""
    return exact(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP,
                             context=_CONTEXT)


def _pattern(decimals: int, grouping: bool = True) -> str:
    base = "#,##0" if grouping else "0"
    return base + ("." + "0" * decimals if decimals > 0 else "")


def number(x: Any, decimals: int = 0) -> str:
    """``1039`` → ``1.039``; ``0.66667, 4`` → ``0,6667``."""
    if is_missing(x):
        return MISSING
    # Rounded here, so Babel (which would round half-to-even) only lays out the digits.
    return format_decimal(half_up(x, decimals), format=_pattern(decimals), locale=LOCALE)


def index(x: Any, decimals: int = 4) -> str:
    """An index value on the 0–1 scale, four decimals as the Survey publishes them."""
    return number(x, decimals)


def percent(x: Any, decimals: int = 2, *, ratio: bool = False) -> str:
    """``15.91`` → ``15,91 %`` (``ratio=True`` takes ``0.1591``)."""
    if is_missing(x):
        return MISSING
    value = exact(x) * 100 if ratio else exact(x)
    return number(value, decimals) + PCT_SPACE + "%"


def signed(x: Any, decimals: int = 0) -> str:
    """A change with its sign always shown: ``+2``, ``-22``, ``0``."""
    if is_missing(x):
        return MISSING
    rounded = half_up(x, decimals)
    text = number(abs(rounded), decimals)
    if rounded > 0:
        return "+" + text
    if rounded < 0:
        return "-" + text
    return text


def change(x: Any, decimals: int = 0) -> str:
    """A change in words, its size unsigned: ``tăng 0,0922``, ``giảm 0,0134``; a change that
    rounds to zero is ``không đổi`` (exactly zero) or ``gần như không đổi``."""
    if is_missing(x):
        return MISSING
    rounded = half_up(x, decimals)
    if rounded == 0:
        return "không đổi" if exact(x) == 0 else "gần như không đổi"
    return ("tăng " if rounded > 0 else "giảm ") + number(abs(rounded), decimals)


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


def lower_first(text: str) -> str:
    """A name inside a sentence: only its first letter lower-cased, so acronyms and proper
    nouns keep their capitals (``Tỷ lệ … có LGSP`` → ``tỷ lệ … có LGSP``).

    >>> lower_first("Số nền tảng phục vụ Chính phủ số")
    'số nền tảng phục vụ Chính phủ số'
    """
    return text[:1].lower() + text[1:]


def plain(text: str) -> str:
    """The letters without their diacritics (đ → d), case kept: for search words, URLs,
    forgiving matches and an order that does not depend on how accents are coded.

    >>> plain("Đông Nam Á"), plain("trên dưới")
    ('Dong Nam A', 'tren duoi')
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def join_vi(items: list[str]) -> str:
    """``a, b và c``."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " và " + items[-1]
