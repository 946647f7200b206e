"""Figures the sources give as bounds or approximations, and arithmetic that respects them.

"hơn 122.700.000" is not 122.700.000: it is a lower bound. The difference of two lower bounds
says nothing (both may be far larger), so nothing is computed; a lower bound minus an exact
figure is again a lower bound, and so on. Approximate figures ("khoảng", "gần") give
approximate results.

>>> difference(Bounded(122_700_000, "hơn"), Bounded(15_000_000, "hơn")) is None
True
>>> difference(Bounded(3699), Bounded(1039)).words()
''
>>> difference(Bounded(60_000_000, "trên"), Bounded(1_000_000)).words()
'hơn'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from egovbook.common import fmt

EXACT, LOWER, UPPER, APPROX = "exact", "lower", "upper", "approx"
# The sources' words and what they bound.
KIND_OF = {"": EXACT, "hơn": LOWER, "trên": LOWER, "vượt": LOWER, "dưới": UPPER,
           "khoảng": APPROX, "gần": APPROX, "trên dưới": APPROX}
WORD_OF = {EXACT: "", LOWER: "hơn", UPPER: "dưới", APPROX: "khoảng"}


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
