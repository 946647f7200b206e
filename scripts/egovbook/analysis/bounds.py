"""Figures the sources give as bounds or approximations, and arithmetic that respects them.

"hơn 122.700.000" is not 122.700.000: it is a lower bound. The difference of two lower bounds
says nothing (both may be far larger), so nothing is computed; a lower bound minus an exact
figure is again a lower bound, and so on. Approximate figures ("khoảng", "gần") give
approximate results. "ở mức 1.000" (at the level of) is a round spoken level, so approximate too.

A published percentage is rounded to its decimals: 27 % stands for anything from 26,5 to 27,5.
A ratio or difference of such figures keeps only the precision the least precise one supports
(:func:`rounded_ratio`, :func:`places`): 82,6 % ÷ 27 % is «khoảng 3,1», between 3,00 and 3,12.

>>> difference(Bounded(122_700_000, "hơn"), Bounded(15_000_000, "hơn")) is None
True
>>> difference(Bounded(3699), Bounded(1039)).words()
''
>>> difference(Bounded(60_000_000, "trên"), Bounded(1_000_000)).words()
'hơn'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from egovbook.common import fmt

EXACT, LOWER, UPPER, APPROX = "exact", "lower", "upper", "approx"
# The sources' words and what they bound.
KIND_OF = {"": EXACT, "hơn": LOWER, "trên": LOWER, "vượt": LOWER, "dưới": UPPER,
           "không đạt": UPPER, "khoảng": APPROX, "gần": APPROX, "trên dưới": APPROX,
           "ở mức": APPROX}
WORD_OF = {EXACT: "", LOWER: "hơn", UPPER: "dưới", APPROX: "khoảng"}


def word_in(text: str) -> str:
    """The bound word a figure's text carries (the longest, so «trên dưới» is not «trên»), or
    "" for a figure given as it is.

    >>> word_in("hơn 122,7 triệu"), word_in("trên dưới 30 %"), word_in("1.039")
    ('hơn', 'trên dưới', '')
    """
    return next((w for w in sorted(KIND_OF, key=len, reverse=True)
                 if w and re.search(rf"(?<!\w){w}(?!\w)", text)), "")


@dataclass(frozen=True)
class Bounded:
    """A figure and what it is: exact, a lower or upper bound, or an approximation."""

    value: Decimal | int | float
    qualifier: str = ""

    @property
    def kind(self) -> str:
        return KIND_OF.get(self.qualifier.strip(), APPROX)

    def words(self) -> str:
        return WORD_OF[self.kind]


def _result(kind_a: str, kind_b: str, flip: bool) -> str | None:
    """Kind of ``a op b`` for an operation increasing in ``a`` and, unless ``flip``, in ``b``.

    Subtraction and division decrease in ``b``: a lower bound on ``b`` then bounds the result
    from above.
    """
    if APPROX in (kind_a, kind_b):
        return APPROX if EXACT in (kind_a, kind_b) or kind_a == kind_b == APPROX else None
    b = {LOWER: UPPER, UPPER: LOWER}.get(kind_b, kind_b) if flip else kind_b
    kinds = {kind_a, b} - {EXACT}
    if not kinds:
        return EXACT
    return kinds.pop() if len(kinds) == 1 else None


def difference(a: Bounded, b: Bounded) -> Bounded | None:
    """``a − b``, or None when the bounds leave it undetermined."""
    kind = _result(a.kind, b.kind, flip=True)
    if kind is None:
        return None
    return Bounded(fmt.exact(a.value) - fmt.exact(b.value), WORD_OF[kind])


def ratio(a: Bounded, b: Bounded) -> Bounded | None:
    """``a / b`` for positive figures, or None when undetermined."""
    kind = _result(a.kind, b.kind, flip=True)
    if kind is None or fmt.exact(b.value) == 0:
        return None
    return Bounded(fmt.exact(a.value) / fmt.exact(b.value), WORD_OF[kind])


def show(value: Bounded | None, formatter: object = fmt.number, *args: object) -> str:
    """``hơn 59.000.000``; an undetermined result reads as such."""
    if value is None:
        return "không xác định được (cả hai số đều là cận)"
    text = formatter(value.value, *args)  # type: ignore[operator]
    return f"{value.words()} {text}".strip()


def _published(text: object) -> Decimal:
    """The decimal a figure was written as (``27`` has no decimal; ``15,91`` or ``15.91``)."""
    return Decimal(str(text).strip().replace(",", "."))


def _half_unit(text: str) -> Decimal:
    """Half a unit of the last decimal a figure was published with: ``27`` → 0,5."""
    return Decimal(1).scaleb(_published(text).as_tuple().exponent) / 2  # type: ignore[arg-type]


def places(*published: str) -> int:
    """Decimals a difference of rounded published figures supports: those of the least precise
    (82,6 − 27 is 55,6 ± 0,55, so «56»)."""
    return min(max(-int(_published(t).as_tuple().exponent), 0) for t in published)


@dataclass(frozen=True)
class RoundedRatio:
    """``a / b`` of two figures published rounded, with the interval their rounding allows."""

    value: Decimal
    low: Decimal
    high: Decimal
    decimals: int  # what the least precise figure supports (its significant digits)

    def shown(self) -> str:
        """``khoảng 3,1`` (exact when neither figure was rounded away)."""
        word = "" if self.low == self.high else "khoảng "
        return word + fmt.number(self.value, self.decimals)

    def interval(self) -> str:
        """``3,0018–3,1189``: the bounds with one decimal more than shown, and more until
        rounding each outwards gives what rounding half up gives (so the text both encloses
        the interval and follows the book's rounding rule: 3,00182 is neither «3,001» nor
        «3,002», review 25, A1) and no bound reads as a whole number it is not («3,00» for
        3,0018: whether a ratio is «hơn 3» turns on it; review 18, C6).

        >>> rounded_ratio("82.6", "27").interval(), rounded_ratio("50", "20").interval()
        ('3,0018–3,1189', '2,41–2,59')
        """
        for places in range(self.decimals + 1, self.decimals + 7):
            unit = Decimal(1).scaleb(-places)
            low = self.low.quantize(unit, ROUND_FLOOR)
            high = self.high.quantize(unit, ROUND_CEILING)
            if (low == fmt.half_up(self.low, places) and high == fmt.half_up(self.high, places)
                    and all(b == exact or b != b.to_integral_value()
                            for b, exact in ((low, self.low), (high, self.high)))):
                break
        return fmt.number(low, places) + "–" + fmt.number(high, places)


def rounded_ratio(a: str, b: str, rounded: bool = True) -> RoundedRatio | None:
    """``a / b`` of two positive published figures (decimal text); ``rounded``: both stand for
    any value within half a unit of their last decimal (percentages), else they are exact."""
    x, y = _published(a), _published(b)  # the text, not a float: 27 has no decimal
    if y == 0:
        return None
    dx, dy = (_half_unit(a), _half_unit(b)) if rounded else (Decimal(0), Decimal(0))
    value = x / y
    digits = min(len(_published(t).as_tuple().digits) for t in (a, b))
    whole = len(str(int(value))) if value >= 1 else 0
    decimals = max(digits - whole, 0) if rounded else 2
    return RoundedRatio(value, (x - dx) / (y + dy), (x + dx) / (y - dy), decimals)
