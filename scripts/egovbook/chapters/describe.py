"""One sentence that says what a figure shows, computed from the figure's own data.

A chart's kind decides what the sentence says (a line over the years: first and last value,
highest and lowest; bars: largest and smallest; values beside their plans: which are below
them); the words are blocks of
``notebooks/prose/chung.md`` (``describe.*``), the numbers are shown the Vietnamese way,
rounded half up. A description is a small object a notebook passes to ``report.figure`` with
the plotted frame, so the sentence cannot describe other data than the download holds.

>>> data = pd.DataFrame({"nam": [2003, 2010, 2024], "egdi": [0.35726, 0.4454, 0.76]})
>>> said = Line("nam", {"egdi": "EGDI"})(data)
>>> print(said.replace(", thấp", ",\\nthấp"))
EGDI từ 0,3573 (năm 2003) đến 0,7600 (năm 2024),
thấp nhất 0,3573 (năm 2003), cao nhất 0,7600 (năm 2024).
>>> Bars("nhom", "so", places=0)(pd.DataFrame({"nhom": ["Cao", "Thấp"], "so": [62, 7]}))
'Lớn nhất: Cao (62); nhỏ nhất: Thấp (7).'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from egovbook.analysis import bounds
from egovbook.chapters import prose
from egovbook.common import fmt

PROSE = "chung"


def _shown(value: object, places: int, unit: str) -> str:
    """An index with its fixed decimals; a percentage with no more than it has (``100 %``,
    not ``100,00 %``)."""
    if unit != "%":
        return fmt.number(value, places)
    exact = fmt.exact(value).normalize()
    decimals = min(places, max(0, -exact.as_tuple().exponent))  # type: ignore[operator]
    return fmt.number(value, decimals) + fmt.PCT_SPACE + "%"


@dataclass(frozen=True)
class Line:
    """Lines over the years: for each series, its first and last value, its lowest and highest.

    ``series`` maps a column to the words naming it; years without a value are skipped.
    """

    x: str
    series: Mapping[str, str]
    places: int = 4
    unit: str = ""

    def __call__(self, data: pd.DataFrame) -> str:
        parts = []
        for col, name in self.series.items():
            s = data[[self.x, col]].dropna().reset_index(drop=True)
            if s.empty:
                parts.append(prose.text(PROSE, "describe.line.none", name=name))
                continue
            low, high = s[col].astype(float).idxmin(), s[col].astype(float).idxmax()
            at = {k: self._point(s, col, i) for k, i in (
                ("first", 0), ("last", len(s) - 1), ("low", low), ("high", high))}
            parts.append(prose.text(PROSE, "describe.line", name=name, **at))
        return prose.text(PROSE, "describe.sentence", parts=parts)

    def _point(self, s: pd.DataFrame, col: str, i: int) -> dict[str, str]:
        return {"value": _shown(s.loc[i, col], self.places, self.unit),
                "x": fmt.year(s.loc[i, self.x])}


@dataclass(frozen=True)
class Bars:
    """Bars: the largest and the smallest, by ``value`` (or the sum of the ``stack`` columns).

    ``bound`` names a column of :mod:`bounds` kinds: a bound stays a bound in the sentence.
    ``label_of`` turns a label (a code) into the words the chart shows.
    """

    label: str
    value: str | None = None
    places: int = 4
    unit: str = ""
    stack: tuple[str, ...] = ()
    bound: str | None = None
    label_of: Callable[[object], str] = field(default=str)
    what: str = ""  # what the bars measure («Thay đổi EGDI»): «… lớn nhất»

    def __call__(self, data: pd.DataFrame) -> str:
        values = (data[list(self.stack)].astype(float).sum(axis=1) if self.stack
                  else data[self.value].astype(float))
        values = values.dropna()
        if values.empty:
            return prose.text(PROSE, "describe.bars.none")
        high, low = values.idxmax(), values.idxmin()
        return prose.text(PROSE, "describe.bars", high=self._bar(data, values, high),
                          low=self._bar(data, values, low), total=bool(self.stack),
                          same=high == low, what=self.what)

    def _bar(self, data: pd.DataFrame, values: pd.Series, i: object) -> dict[str, str]:
        word = bounds.WORD_OF.get(data.loc[i, self.bound], "") if self.bound else ""
        shown = _shown(values[i], self.places, self.unit)
        return {"label": self.label_of(data.loc[i, self.label]), "value": f"{word} {shown}".strip()}


@dataclass(frozen=True)
class Counts:
    """Points of several kinds (observations, targets): how many of each, over how many items."""

    kind: str
    item: str
    words: Mapping[str, str]

    def __call__(self, data: pd.DataFrame) -> str:
        counts = [{"n": fmt.number(int((data[self.kind] == k).sum())), "word": w}
                  for k, w in self.words.items()]
        return prose.text(PROSE, "describe.counts", counts=counts,
                          items=fmt.number(data[self.item].nunique()))


@dataclass(frozen=True)
class Plan:
    """Values beside their plans (shares of different things, which are not compared with one
    another): which are below their plan, which reach it, which have no plan to compare. A
    value without a plan level that its article says exceeded the plan (``said``: label → the
    article's words) keeps that verdict, apart from those with no plan.

    >>> data = pd.DataFrame({"c": ["A", "B", "C", "D"], "v": [71.75, 11.27, 100.0, 66.0],
    ...                      "p": [75.0, 7.0, None, None]})
    >>> said = Plan("c", "v", "p", places=2, unit="%", said={"D": "vượt 1%"})(data)
    >>> print(said.replace("\\xa0", " ").replace("; ", ";\\n"))
    Dưới kế hoạch: A (71,75 %, kế hoạch 75 %);
    đạt hoặc vượt kế hoạch: B (11,27 %, kế hoạch 7 %);
    vượt kế hoạch theo lời bài (bài không nêu mức kế hoạch): D (66 %, bài ghi «vượt 1%»);
    không có mức kế hoạch để so: C (100 %).
    """

    label: str
    value: str
    plan: str
    places: int = 2
    unit: str = ""
    label_of: Callable[[object], str] = field(default=str)
    said: Mapping[object, str] = field(default_factory=dict)

    def __call__(self, data: pd.DataFrame) -> str:
        groups: dict[str, list[dict[str, str]]] = {"below": [], "met": [], "said": [],
                                                   "none": []}
        for _, row in data.iterrows():
            value, plan = row[self.value], row[self.plan]
            if pd.isna(value):
                continue
            said = self.said.get(row[self.label], "") if pd.isna(plan) else ""
            kind = ("said" if said else "none") if pd.isna(plan) \
                else "below" if float(value) < float(plan) else "met"
            groups[kind].append({
                "label": self.label_of(row[self.label]),
                "value": _shown(value, self.places, self.unit), "said": said,
                "plan": "" if pd.isna(plan) else _shown(plan, self.places, self.unit)})
        parts = [{"word": prose.text(PROSE, f"describe.plan.{k}"), "items": items}
                 for k, items in groups.items() if items]
        if not parts:
            return prose.text(PROSE, "describe.bars.none")
        parts[0]["word"] = parts[0]["word"][:1].upper() + parts[0]["word"][1:]
        return prose.text(PROSE, "describe.plan", parts=parts)


Describe = Line | Bars | Counts | Plan
