"""The domestic data as known at the end of a quarter, and two observations compared.

Shared by the modules of chapters 4–6 (:mod:`domestic_indicators`, :mod:`domestic_portal`,
:mod:`domestic_new`) so no helper is written twice. A change between two observations is
computed only when both have the same scope, and bounds ("hơn", "dưới", "khoảng") stay bounds
through the arithmetic (:mod:`egovbook.analysis.bounds`). The words of a comparison that cannot
be made are in chapter 6's prose file (``notebooks/prose/06_co_gi_moi.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from egovbook.analysis import bounds, target_status
from egovbook.analysis.values import Figure, Rows, Traced, exact_text, merge_inputs
from egovbook.chapters import prose
from egovbook.common import fmt, periods, units
from egovbook.intake import domestic, figures, quarterly

Glue = dict[str, Figure | str]
COMPARE_PROSE = "06_co_gi_moi"
BOUND_WORDS = {bounds.LOWER: "cận dưới", bounds.UPPER: "cận trên", bounds.APPROX: "số xấp xỉ"}


@dataclass
class Quarter:
    """The domestic data as known at the end of a chosen quarter (``obs_all``: every row up to
    it, :meth:`load`)."""

    indicators: pd.DataFrame
    targets: pd.DataFrame
    obs_all: pd.DataFrame
    quarter: str

    @classmethod
    def load(cls, quarter: str | None = None) -> Quarter:
        """What was known at the end of the quarter (the latest without one): the quarterly rows
        of that quarter or earlier, the targets of sources dated no later. Nothing later is
        read, so an edition for a quarter is the same whatever was added since."""
        obs_all = domestic.load_observations(until=quarter)
        chosen = quarter or quarterly.quarters(obs_all)[-1]
        return cls(domestic.load_indicators(), domestic.load_targets(until=chosen), obs_all,
                   chosen)

    @property
    def vi(self) -> str:
        return periods.quarter_vi(self.quarter)

    @cached_property
    def obs(self) -> pd.DataFrame:
        """Observations dated no later than the end of the quarter."""
        return self.obs_all[self.obs_all["end"] <= periods.quarter_end(self.quarter)]

    @cached_property
    def known_quarters(self) -> list[str]:
        limit = periods.quarter_index(self.quarter)
        return [q for q in quarterly.quarters(self.obs_all) if periods.quarter_index(q) <= limit]

    def missing_between(self, first: str, last: str) -> list[str]:
        """Quarters strictly between two quarters with no observation at all."""
        have = set(quarterly.quarters(self.obs_all))
        span = range(periods.quarter_index(first) + 1, periods.quarter_index(last))
        return [periods.quarter_label(i) for i in span if periods.quarter_label(i) not in have]

    @cached_property
    def previous(self) -> str | None:
        earlier = self.known_quarters[:-1] if self.quarter in self.known_quarters \
            else self.known_quarters
        return earlier[-1] if earlier else None

    def name(self, code: str) -> str:
        return str(self.indicators.loc[code, "name_vi"])

    @cached_property
    def claim_ids(self) -> dict[str, str]:
        """Each target's id as the book shows it, the register's (``T04`` → ``A003-M01``): the
        targets file's own ids are named nowhere in the book."""
        from egovbook.analysis.claims import target_claim_ids

        return target_claim_ids(self.targets)

    def unit(self, code: str) -> str:
        return str(self.indicators.loc[code, "unit"])

    def cumulative(self, code: str) -> bool:
        """Whether the indicators file marks this count cumulative (else a stock)."""
        return str(self.indicators.loc[code, "cumulative"]).lower() in {"yes", "true"}

    @staticmethod
    def date_note(row: Any) -> str:
        """What a figure's date is when not the article's own (:func:`figures.date_note`)."""
        return figures.date_note(row["scope_note"])

    def read(self, row: Any) -> bool:
        """Whether an observation's figure is the book's reading of its quote (the rule
        ``domestic.format_value`` marks «sách đọc ra» by)."""
        return figures.value_read(row["value"], row["quote"], self.unit(row["indicator"]))

    def data_unit(self, code: str) -> str:
        """A figure's unit in its popup, as the download notes say it (review 16, C5)."""
        return units.of_data(self.unit(code), self.cumulative(code))

    def count_unit(self, codes: list[str]) -> str:
        """The unit of these counts as the indicators file says each is (``cumulative``): a
        stock, such as the services on the portal, is never called «lũy kế» (review 6, C5).
        The counts are named as the tables name them (:meth:`name`; review 8, C7)."""
        return units.counts_of([(fmt.lower_first(self.name(c)), self.cumulative(c))
                                for c in dict.fromkeys(codes)])

    def value_units(self, columns: list[str], codes: list[str], change: list[str] | None = None,
                    changed: list[str] | None = None) -> str:
        """The unit line of a table of these indicators' figures (in ``columns``) and of the
        differences of some of them (``changed``, in ``change``): %, counts said cumulative or
        a stock (:meth:`count_unit`), percentage points (review 7, C6)."""
        def kinds(found: list[str], difference: bool) -> list[str]:
            counts = [c for c in found if self.unit(c) != "percent"]
            pct = [units.PERCENT_POINTS if difference else units.PERCENT]
            return pct * (len(counts) < len(found)) + [
                units.COUNT if difference else self.count_unit(counts)] * bool(counts)

        lines = [units.of_columns(columns, kinds(codes, False))] if codes else []
        if changed:
            lines.append(units.of_columns(change or [], kinds(changed, True)))
        return units.line(*lines)

    def assessments(self, quarter: str | None = None) -> list[target_status.Assessment]:
        """The targets assessed as of a quarter (this one by default); a target whose sources
        are all dated after that quarter was not yet stated then (as :meth:`load` reads)."""
        quarter = quarter or self.quarter
        return target_status.assess(self.obs_all, self.targets, quarter,
                                    domestic.known_sources(quarter))

    def group(self, name: str) -> pd.DataFrame:
        """Observations up to the quarter of one group of indicators (``cong_dvcqg``…)."""
        return self.obs[self.indicators.loc[self.obs["indicator"], "group"].values == name]

    def latest(self, code: str) -> pd.Series | None:
        """The last observation of an indicator up to the quarter."""
        rows = self.obs[self.obs["indicator"] == code]
        return None if rows.empty else rows.iloc[-1]

    # --- provenance -------------------------------------------------------------------------

    def rows_of(self, frame: pd.DataFrame, summary: str) -> tuple[Rows, ...]:
        out = []
        for file, group in frame.groupby("file", sort=True):
            keys = tuple(f"indicator={c} date={d}" for c, d in
                         zip(group["indicator"], group["date"], strict=True))
            out.append(Rows(f"{quarterly.QUARTERLY}/{file}", keys, ("indicator", "date", "value"),
                            summary))
        return tuple(out)

    def count(self, frame: pd.DataFrame, what: str, n: int | None = None) -> Figure:
        value = len(frame) if n is None else n
        return Traced(value, what, self.rows_of(frame, what),
                      "egovbook.chapters.domestic_quarter.Quarter", units.COUNT).show()

    def observed(self, indicator: str, period: Any) -> Any | None:
        """The observation of an indicator at a date (the last one if several)."""
        rows = self.obs_all[(self.obs_all["indicator"] == indicator)
                            & (self.obs_all["period"] == period)]
        return None if rows.empty else rows.iloc[-1]

    def cell(self, row: Any | None, text: str) -> Figure | None:
        """A table cell showing one observation as ``text``: traced to the row it shows. A
        figure stated as a bound or an approximation says so beside its number."""
        if row is None:
            return None
        traced = self.observation(row)
        kind = bounds.KIND_OF.get(row["qualifier"] or "", bounds.EXACT)
        how = traced.what if kind == bounds.EXACT else prose.text(
            COMPARE_PROSE, "cell.bound", what=traced.what, word=row["qualifier"],
            kind=BOUND_WORDS[kind])
        if self.read(row):  # the quote gives no such figure
            how = prose.text(COMPARE_PROSE, "cell.read", what=how)
        return traced.show(lambda _: text, how=how)

    def target_rows(self, ids: Any, summary: str) -> tuple[Rows, ...]:
        """Rows of the targets file, by target id."""
        return (Rows("domestic/targets.csv", tuple(f"target_id={t}" for t in ids),
                     ("indicator", "value", "deadline"), summary),)

    def target_cell(self, a: target_status.Assessment, text: str, how: str) -> Figure | None:
        """A table cell showing a target's value: traced to the sources' rows stating it."""
        if a.target is None:
            return None
        return Figure(text, exact_text(a.target), self.data_unit(a.indicator), how,
                      "egovbook.analysis.target_status.assess",
                      self.target_rows(a.target_ids, self.name(a.indicator)))

    def gap_cell(self, a: target_status.Assessment, text: str, how: str) -> Figure | None:
        """A cell showing what is missing to a target: the target's rows and the observation's."""
        row = self.observed(a.indicator, a.observed) if a.observed else None
        if a.gap is None or row is None or text == fmt.MISSING:
            return None
        unit = self.data_unit(a.indicator)
        return Figure(text, exact_text(a.gap), units.DIFFERENCE.get(unit, unit), how,
                      "egovbook.analysis.target_status.assess", merge_inputs(
                          self.target_rows(a.target_ids, self.name(a.indicator))
                          + self.observation(row).inputs))

    def observation(self, row: Any) -> Traced:
        return Traced(float(row["value_num"]),
                      f"{self.name(row['indicator'])}, {row['period'].vi()} (bài "
                      f"{row['source_id']})",
                      self.rows_of(pd.DataFrame([row]), f"{self.name(row['indicator'])}, "
                                   f"{row['period'].vi()}"),
                      "egovbook.intake.quarterly.load_observations",
                      self.data_unit(row["indicator"]))


@dataclass
class Comparison:
    """A later observation against an earlier one of the same indicator."""

    text: str  # the change as the reader sees it
    change: bounds.Bounded | None
    ratio: bounds.Bounded | None
    comparable: bool


def compare(q: Quarter, new: Any, old: Any | None) -> Comparison:
    if old is None:
        return Comparison(prose.text(COMPARE_PROSE, "compare.first"), None, None, False)
    if (new.get("scope") or "") != (old.get("scope") or ""):
        usual = prose.text(COMPARE_PROSE, "compare.usual_scope")
        scopes = " / ".join(s or usual for s in (old.get("scope"), new.get("scope")))
        return Comparison(prose.text(COMPARE_PROSE, "compare.scopes", scopes=scopes), None, None,
                          False)
    a = bounds.Bounded(float(new["value_num"]), new["qualifier"])
    b = bounds.Bounded(float(old["value_num"]), old["qualifier"])
    change = bounds.difference(a, b)
    if change is None:
        return Comparison(prose.text(COMPARE_PROSE, "compare.bounds"), None, None, False)
    if q.unit(new["indicator"]) == "percent":
        # Two rounded percentages: the change keeps the decimals of the less precise one.
        places = bounds.places(new["value"], old["value"])
        return Comparison(f"{bounds.show(change, fmt.signed, places)} {units.PERCENT_POINTS}",
                          change, None, True)
    ratio = bounds.ratio(a, b) if float(old["value_num"]) else None
    text = bounds.show(change, fmt.signed)
    if ratio is not None:
        text += f" (gấp {bounds.show(ratio, fmt.number, 1)} lần)"
    return Comparison(text, change, ratio, True)


def conflict_figure(q: Quarter, text: str, how: str, rows: str,
                    value_how: Callable[[str, str], str]) -> Figure:
    """The phrase of conflicting targets (``text``, :func:`target_status.conflict_summary`):
    each target value (or, where only deadlines differ, each deadline) it names is its own
    button, opening the rows of the sources stating it (``value_how(indicator, what)`` says so)."""
    fn = "egovbook.analysis.target_status.conflicting_targets"
    parts = []
    for c in target_status.conflicting_targets(q.targets).itertuples():
        unit = q.unit(c.indicator)
        for v in c.values if len(c.values) > 1 else ():
            shown = fmt.percent(float(v), 0) if unit == "percent" else fmt.number(float(v))
            ids = c.targets.loc[c.targets["value"] == v, "target_id"]
            parts.append(Figure(shown, exact_text(v), q.data_unit(c.indicator),
                                value_how(q.name(c.indicator), f"mục tiêu {shown}"), fn,
                                q.target_rows(ids, q.name(c.indicator))).as_part())
        for d in c.deadlines if len(c.values) < 2 else ():
            # A deadline as precise as the sources give it, opening the rows stating it: the
            # button is the date; its marks («với bài A002, sách suy ra») are words around it.
            label = target_status.deadline_label(c.targets, d)
            rows = c.targets[[periods.deadline_date(x) == d for x in c.targets["deadline"]]]
            shown = periods.deadline_text(min(rows["deadline"], key=len))
            ids = rows["target_id"]
            # Forms of one date («năm 2020», «tháng 12/2020»), the inferred mark set aside.
            stated = sorted({periods.deadline_text(x) for x in rows["deadline"]})
            what = f"thời hạn {label}" + (f" (các nguồn ghi {' và '.join(stated)}: cùng là "
                                          "hết năm)" if len(stated) > 1 else "")
            parts.append(Figure(shown, shown, units.DATE, value_how(q.name(c.indicator), what),
                                fn, q.target_rows(ids, q.name(c.indicator))).as_part())
    return Figure(text, None, units.PHRASE, how, fn,
                  q.target_rows(q.targets["target_id"], rows), tuple(parts))
