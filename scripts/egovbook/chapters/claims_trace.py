"""Where the numbers of the claims tables come from: the press figure («Báo chí nêu») opens the
row that records it (the register file, a quarterly row, a target), the compared value («Giá
trị đối chiếu») the data rows it was recomputed from (the Survey's rows, the quarterly rows the
arithmetic used, the target).

A cell with one number is traced as a whole; a cell with several («86/193», «31 + 4 = 35»,
«0,6667 so với trung bình thế giới 0,5988») is a phrase whose numbers each open their own rows
(the phrase's ``parts``), so no number stands for another. Words («Cao», «—») are not traced.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from egovbook.analysis import bounds, claims, target_status, un
from egovbook.analysis.values import Figure, Rows, Traced, exact_text
from egovbook.chapters import prose
from egovbook.chapters.domestic_quarter import BOUND_WORDS, Quarter
from egovbook.common import fmt, units

PROSE = "07_kiem_chung"
FN = "egovbook.analysis.claims.evaluate"
DIGIT = re.compile(r"\d")
NUMBERS = re.compile(r"\d[\d.,]*")
# The unit of a press figure by the kind of its check (other kinds: see :meth:`unit`).
KIND_UNIT = {"rank": units.RANK, "rank_change": units.RANK_PLACES,
             "un_goal": units.RANK_PLACES, "scope_size": units.COUNTRIES,
             "value": units.INDEX, "ratio": units.TIMES}
Row = dict[str, Any]


def phrase(text: str, how: str, parts: list[Figure]) -> Figure:
    """A cell of several numbers: each number opens its own figure's rows."""
    missing = [p.text for p in parts if p.text not in text]
    if missing:
        raise ValueError(f"ô «{text}» không chứa các số {missing}")
    return Figure(text, None, units.PHRASE, how, FN, prose.inputs_of(parts),
                  prose.parts_of(parts))


class ClaimTraces:
    """The provenance of the claims tables' numbers, for the edition of quarter ``until``."""

    def __init__(self, until: str | None = None) -> None:
        self.until = until
        self.surveys: dict[str, un.Survey] = {}

    @cached_property
    def q(self) -> Quarter:
        return Quarter.load(self.until)

    def survey(self, iso3: str) -> un.Survey:
        if iso3 not in self.surveys:
            self.surveys[iso3] = un.Survey.for_country(iso3)
        return self.surveys[iso3]

    def row(self, ref: str) -> Any | None:
        """The quarterly row a reference names (``INDICATOR@date``)."""
        code, _, date = ref.partition("@")
        obs = self.q.obs_all
        found = obs[(obs["indicator"] == code) & (obs["date"] == date)]
        return None if found.empty else found.iloc[-1]

    def unit(self, r: Row) -> str | None:
        """The unit of the figure a claim states (None: the claim's words carry no unit)."""
        if r["kind"] in KIND_UNIT:
            return KIND_UNIT[r["kind"]]
        if r["kind"] == "observation":
            return self.q.data_unit(r["refs"].split("@")[0])
        return None

    # --- the press figure ------------------------------------------------------------------

    def claimed(self, r: Row) -> Figure | None:
        text = r["claimed_text"]
        if not DIGIT.search(text):
            return None
        if r["kind"] == "recorded":
            return self.q.cell(self.row(r["refs"]), text)
        if r["kind"] == "target":
            return self.target(r, text)
        unit = self.unit(r)
        one = len(NUMBERS.findall(text)) == 1 and unit is not None
        how = prose.text(PROSE, "cell.claimed.how", source=r["source_id"], claim=r["claim_id"])
        # «hơn 3 lần» stays a bound in its popup: 3 is what the article wrote, not the value.
        word = bounds.word_in(text)
        if one and word:
            how = prose.text("06_co_gi_moi", "cell.bound", what=how, word=word,
                             kind=BOUND_WORDS[bounds.KIND_OF[word]])
        return Figure(text, exact_text(r["claimed_value"]) if one else None,
                      unit if one else units.PHRASE,  # type: ignore[arg-type]
                      how,
                      "egovbook.intake.domestic.load_claims",
                      (Rows("claims.csv", (f"claim_id={r['claim_id']}",),
                            ("quote", "claimed_text", "claimed_value"),
                            f"khẳng định {r['claim_id']} của bài {r['source_id']}"),))

    def target(self, r: Row, text: str) -> Figure | None:
        t = self.q.targets[self.q.targets["target_id"] == r["refs"]]
        if t.empty or not t.iloc[0]["value"]:
            return None
        code, value = t.iloc[0]["indicator"], t.iloc[0]["value"]
        # A value the quote does not state (T20: «100 %» read from a sentence) is the book's.
        read = target_status.value_read(value, t.iloc[0]["quote"])
        how = (prose.text(PROSE, "cell.target.read.how", source=r["source_id"]) if read
               else prose.text(PROSE, "cell.target.how", source=r["source_id"]))
        return Figure(text, exact_text(value), self.q.data_unit(code), how,
                      "egovbook.intake.domestic.load_targets",
                      self.q.target_rows([r["refs"]], self.q.name(code)))

    # --- the compared value ----------------------------------------------------------------

    def recomputed(self, r: Row) -> Figure | None:
        text = r["recomputed_text"]
        if text == fmt.MISSING or not DIGIT.search(text):
            return None
        kind = r["kind"]
        if kind in claims.UN_KINDS:
            return self.un(r, text)
        if kind == "target":
            return self.target(r, text)
        rows = [self.row(ref) for ref in r["refs"].split()]
        if not rows or any(x is None for x in rows):
            return None
        if kind in ("recorded", "observation"):
            return self.q.cell(rows[0], text)
        seen = [self.q.observation(x) for x in rows]
        if kind == "ratio":
            return Figure(text, exact_text(r["recomputed"]), units.TIMES,
                          prose.text(PROSE, "cell.ratio.how", later=seen[0].what,
                                     earlier=seen[1].what),
                          FN, prose.inputs_of([x.show() for x in seen]))
        if kind == "sum":
            total = sum(seen[2:], seen[1])
            return phrase(text, prose.text(PROSE, "cell.sum.how"),
                          [x.show(fmt.number) for x in seen[1:]] + [total.show(fmt.number)])
        if kind == "share_consistency":
            return Figure(text, exact_text(r["recomputed"]), units.COUNT,
                          prose.text(PROSE, "cell.denominator.how",
                                     what="; ".join(x.what for x in seen)),
                          FN, prose.inputs_of([x.show() for x in seen]))
        return None

    def un(self, r: Row, text: str) -> Figure | None:
        s = self.survey(r["country"])
        kind, index, scope, year = r["kind"], r["index"], r["scope"] or "world", int(r["year"])
        if year not in s.years:
            return None
        if kind == "rank":
            return phrase(text, prose.text(PROSE, "cell.rank.how"),
                          [s.traced_rank(index, year, scope).show(fmt.number),
                           s.traced_size(year, scope).show(fmt.number)])
        if kind == "scope_size":
            return s.traced_size(year, scope).show(lambda _: text)
        if kind == "value":
            return s.traced(index, year).show(lambda _: text)
        if kind == "above_average":
            return phrase(text, prose.text(PROSE, "cell.above.how"),
                          [s.traced(index, year).show(fmt.index),
                           s.traced_mean(index, year, scope).show(fmt.index)])
        start = int(r["compare_year"]) if r["compare_year"] else None
        if kind == "rank_change" and start is not None:
            return self.gained(s, index, scope, start, year, text)
        if kind == "un_goal" and start is not None:
            # The last Survey by the deadline, as the verdict judged it (claims_rules.check_un).
            last = max((y for y in s.years if start < y <= year), default=None)
            return None if last is None else self.gained(s, index, scope, start, last, text)
        return None

    @staticmethod
    def gained(s: un.Survey, index: str, scope: Any, before: int, after: int,
               text: str) -> Figure:
        change: Traced = s.traced_rank(index, before, scope).places_gained(
            s.traced_rank(index, after, scope))
        return change.show(lambda _: text)
