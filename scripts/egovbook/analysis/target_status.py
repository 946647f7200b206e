"""Domestic indicators against their targets, as of a chosen quarter.

Rules (stated in the domestic chapter):

* The value used is the latest observation dated on or before the end of the chosen quarter.
* A target is *met* when that value satisfies it (``>=`` for "higher is better"); a figure the
  source gives as a bound ("dưới 10 %") is read as one, so "dưới 10 %" does not meet 10 %.
  A target whose source gives no level but says the figure exceeds it ("vượt 1%": column
  ``stated_outcome`` = ``met``) is *met by the article's word*: a status of its own, since nothing
  but the article says so; its gap is unknown.
* A status judged on a figure dated more than a year before the end of the chosen quarter says
  so: "theo số liệu tháng 08/2020" (:attr:`Assessment.status_vi`).
* The gap keeps the figure's word: 10 % minus "dưới 10 %" is "hơn 0", never 0
  (:mod:`egovbook.analysis.bounds`).
* Not met, deadline still ahead: with two or more observations, the pace between the last two is
  projected to the deadline — *on track* if it reaches the target, *off track* if not; with one
  observation there is no trend to judge.
* Not met, deadline passed: *overdue* only when an observation dated at or after the deadline
  shows it not met; when the data stop before the deadline, the status is *no data after the
  deadline* — the data cannot say whether it was met.
* Not met and no deadline given: *no deadline* — progress cannot be judged.
* Sources that state the same target with the same deadline in other words ("năm 2020",
  "tháng 12/2020") state one target: deadlines are compared as the dates they end on. A source
  that states a target's value without a deadline states that target too, when exactly one
  deadline is given for that value by the other sources (the 90 % of e-documents: A001 for 2020,
  A003 without a deadline).
* A deadline the book inferred (the article says "năm nay", "năm tới" or gives none but the
  context) is marked as inferred; a target's deadline is inferred only when no source states it.
  Of a target some sources state the deadline of and others do not, the sources for which the
  book inferred it, or which give none, are named wherever the deadline is shown
  (:meth:`Assessment.deadline_vi`): «năm 2020 (bài A003 nêu; với bài A002, sách suy ra)».
* A target without a value (the source gives none) cannot be assessed.
* A target no source had stated by the end of the quarter (every source stating it is dated
  later) did not exist then: it is *not yet stated*, and becoming stated is no change of status
  (:func:`status_changes`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from egovbook.analysis import bounds
from egovbook.common.fmt import exact as fmt_exact
from egovbook.common.periods import INFERRED as MARK_INFERRED
from egovbook.common.periods import Period, deadline_date, deadline_text, is_inferred, quarter_end
from egovbook.intake.figures import READ, date_note, value_read

STATED_MET = "met"  # column stated_outcome: the source says the figure exceeds the target
MET, ON_TRACK, OFF_TRACK, OVERDUE, NO_TREND, NO_DEADLINE, NO_DATA, NO_VALUE, NO_DATA_AFTER = (
    "met", "on_track", "off_track", "overdue", "no_trend", "no_deadline", "no_data", "no_value",
    "no_data_after")
MET_STATED = "met_stated"
NOT_STATED = "not_stated"
STATUS_VI = {
    MET: "Đã đạt",
    MET_STATED: "Đã đạt theo lời bài (bài không nêu mức mục tiêu)",
    ON_TRACK: "Đúng tiến độ",
    OFF_TRACK: "Chậm so với tiến độ",
    OVERDUE: "Đã quá hạn mà chưa đạt",
    NO_TREND: "Chưa đạt, chưa đủ số liệu để xét xu hướng",
    NO_DEADLINE: "Chưa đạt, nguồn không nêu thời hạn",
    NO_DATA: "Chưa có số liệu",
    NO_VALUE: "Nguồn không nêu mức mục tiêu",
    NO_DATA_AFTER: "Chưa có số liệu sau thời hạn",
    NOT_STATED: "Chưa được nêu",
}
ON_TRACK_SET = {MET, MET_STATED, ON_TRACK}
# Statuses that say nothing about the target being met or on track.
UNJUDGED = {NO_DATA, NO_VALUE, NO_DATA_AFTER, NOT_STATED}
# How a source of a merged target gives its deadline (:func:`distinct_targets`).
STATED, INFERRED, SILENT = "stated", "inferred", "silent"
BY_HOW = {STATED: "stated_by", INFERRED: "inferred_by", SILENT: "silent_by"}
# A figure older than this at the end of the quarter dates the status it supports.
STALE_DAYS = 366


@dataclass
class Assessment:
    target_ids: list[str]
    sources: list[str]
    indicator: str
    target: float | None
    comparator: str
    deadline: str
    legal_basis: str
    value: float | None
    value_text: str
    qualifier: str
    observed: Period | None
    status: str
    gap: float | None
    projected: float | None
    gap_word: str = ""  # "hơn", "dưới", "khoảng" when the figure is a bound or approximate
    deadline_inferred: bool = False  # no source states the deadline's year: the book infers it
    stale: bool = False  # the figure is more than a year older than the quarter assessed
    # The sources by how each gives the deadline: stating it, the book inferring it, none.
    stated_by: list[str] = field(default_factory=list)
    inferred_by: list[str] = field(default_factory=list)
    silent_by: list[str] = field(default_factory=list)
    value_read_by: list[str] = field(default_factory=list)  # their quote does not state it
    date_note: str = ""  # what the figure's date is when not its article's (figures.date_note)

    def deadline_vi(self) -> str:
        """The deadline in words, marked where a source does not state it."""
        return deadline_text(self.deadline, self.deadline_inferred, self.stated_by,
                             self.inferred_by, self.silent_by)

    @property
    def gap_download(self) -> float | None:
        """The gap as a download holds it: empty where the table shows «—» (met, or no gap);
        a number, whose word («hơn» of «hơn 0») is :attr:`gap_word_download` beside it, so a
        bound is never read as the gap (review 6, C5) and the file holds numbers (review 7, C7)."""
        return None if self.gap is None or self.status == MET else self.gap

    @property
    def gap_word_download(self) -> str | None:
        """The word of :attr:`gap_download` (empty for an exact gap or none)."""
        return self.gap_word or None if self.gap_download is not None else None

    @property
    def status_vi(self) -> str:
        """The status in words; judged on an old figure, as of when: «…, theo số liệu tháng
        08/2020»."""
        words = STATUS_VI[self.status]
        if self.stale and self.status not in UNJUDGED and self.observed is not None:
            words += f" (theo số liệu {self.observed.vi()}{', ' if self.date_note else ''}" \
                     f"{self.date_note})"  # «tháng 08/2020, sách suy ra …» (review 26, B3)
        return words


# Words that make a figure a bound rather than a value: "dưới 10 %" is below 10 %.
BELOW = {word for word, kind in bounds.KIND_OF.items() if kind == bounds.UPPER}
ABOVE = {word for word, kind in bounds.KIND_OF.items() if kind == bounds.LOWER}


def _meets(value: float, target: float, comparator: str, qualifier: str = "") -> bool:
    """Whether the target is met, reading "dưới"/"trên" figures as strict bounds.

    A bound on the wrong side ("dưới 20 %" against a floor of 10 %) proves nothing, so it is
    never counted as met.
    """
    if comparator == ">=":
        return qualifier not in BELOW and value >= target
    return qualifier not in ABOVE and value <= target


def _true(value: object) -> bool:
    return is_inferred(value)


def named_basis(basis: object, source: str) -> str:
    """A document a target is said to rest on, as the article names it: the book did not read
    it, so it is shown with the article that names it.

    >>> named_basis("Nghị quyết 17 của Chính phủ", "A001")
    'Nghị quyết 17 của Chính phủ (theo bài A001)'
    """
    basis = "" if basis is None or pd.isna(basis) else str(basis).strip()
    return f"{basis} (theo bài {source})" if basis else ""


def value_mark(read_by: Iterable[str], sources: Iterable[str]) -> str:
    """The words after a target value some of whose sources do not state it: none when all
    do; ``sách đọc ra`` when none does; else who states it and for whom the book read it.

    >>> value_mark(["A000", "A001"], ["A000", "A001"]), value_mark([], ["A003"])
    ('sách đọc ra từ bài A000, A001', '')
    >>> value_mark(["A001"], ["A003", "A001"])
    'bài A003 nêu; với bài A001, sách đọc ra'
    """
    read = list(read_by)
    stated = [x for x in sources if x not in read]
    if not read:
        return ""
    if not stated:
        return f"{READ} từ bài {', '.join(read)}"
    return f"bài {', '.join(stated)} nêu; với bài {', '.join(read)}, {READ}"


def _ids(sources: Iterable[str | None]) -> list[str]:
    """The sources named, once each, in order."""
    return list(dict.fromkeys(s for s in sources if s))


def distinct_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """One row per (indicator, comparator, value, deadline); sources that state it joined.

    A row without a deadline joins the target of the same indicator, comparator and value when
    the other sources give that value exactly one deadline.
    """
    keyed = targets.assign(deadline_end=[deadline_date(d) for d in targets["deadline"]])
    if "stated_outcome" not in keyed:
        keyed["stated_outcome"] = ""
    keyed["inferred"] = [_true(v) for v in keyed.get("deadline_inferred", [False] * len(keyed))]
    keyed["basis_named"] = [named_basis(b, s) for b, s in zip(
        keyed.get("legal_basis", [""] * len(keyed)), keyed["source_id"], strict=True)]
    keyed["by_read"] = [s if value_read(v, q) else None for s, v, q in zip(
        keyed["source_id"], keyed["value"], keyed.get("quote", [""] * len(keyed)), strict=True)]
    gives = [INFERRED if i else STATED for i in keyed["inferred"]]
    same = ["indicator", "comparator", "value"]
    dated = keyed[keyed["deadline_end"].notna()]
    for i in keyed.index[keyed["deadline_end"].isna()]:
        match = dated[(dated[same] == keyed.loc[i, same]).all(axis=1)]
        if match["deadline_end"].nunique() == 1:
            keyed.loc[i, ["deadline_end", "deadline"]] = match[["deadline_end", "deadline"]].iloc[0]
            keyed.loc[i, "inferred"] = bool(match["inferred"].all())
            gives[keyed.index.get_loc(i)] = SILENT  # joined to the others' deadline: gives none
    for how in BY_HOW:  # the source under how it gives the deadline, else None
        keyed["by_" + how] = [s if g == how else None for s, g in zip(keyed["source_id"], gives,
                                                               strict=True)]
    keys = ["indicator", "comparator", "value", "deadline_end"]
    grouped = keyed.groupby(keys, sort=False, dropna=False).agg(
        target_ids=("target_id", list), sources=("source_id", list),
        # The wording of the first source that states it ("2020" before "2020-12").
        deadline=("deadline", lambda s: sorted(s, key=len)[0]),
        deadline_inferred=("inferred", "all"),
        stated_outcome=("stated_outcome", lambda s: next((x for x in s if x), "")),
        legal_basis=("basis_named", lambda s: "; ".join(sorted({x for x in s if x}))),
        value_num=("value_num", "first"), value_read_by=("by_read", _ids),
        **{column: ("by_" + how, _ids) for how, column in BY_HOW.items()}).reset_index()
    grouped["deadline_inferred"] = grouped["deadline_inferred"] & (grouped["deadline"] != "")
    for column in BY_HOW.values():  # no deadline: no source gives one
        grouped[column] = [ids if d else [] for ids, d in zip(grouped[column], grouped["deadline"],
                                                                strict=True)]
    return grouped.drop(columns="deadline_end")


def assess(observations: pd.DataFrame, targets: pd.DataFrame, as_of: str,
           stated: set[str] | None = None) -> list[Assessment]:
    """Every distinct target, assessed with the data available at the end of quarter ``as_of``;
    with ``stated`` (the sources known then), a target none of them states is
    :data:`NOT_STATED`."""
    cutoff = quarter_end(as_of)
    known = observations[observations["end"] <= cutoff]
    out = []
    for _, t in distinct_targets(targets).iterrows():
        series = known[known["indicator"] == t["indicator"]].sort_values("end")
        deadline = deadline_date(t["deadline"])
        base = dict(target_ids=t["target_ids"], sources=t["sources"], indicator=t["indicator"],
                    target=None if pd.isna(t["value_num"]) else float(t["value_num"]),
                    comparator=t["comparator"], deadline=t["deadline"],
                    deadline_inferred=bool(t["deadline_inferred"]),
                    stated_by=t["stated_by"], inferred_by=t["inferred_by"],
                    silent_by=t["silent_by"], value_read_by=t["value_read_by"],
                    legal_basis=t["legal_basis"], projected=None)
        if stated is not None and not stated & set(t["sources"]):
            out.append(Assessment(**base, value=None, value_text="", qualifier="",
                                  observed=None, status=NOT_STATED, gap=None))
            continue
        if series.empty:
            out.append(Assessment(**base, value=None, value_text="", qualifier="",
                                  observed=None, status=NO_DATA, gap=None))
            continue
        last = series.iloc[-1]
        value = float(last["value_num"])
        common = dict(value=value, value_text=last["value"], qualifier=last["qualifier"],
                      observed=last["period"], date_note=date_note(last.get("scope_note")),
                      stale=(cutoff - last["end"]).days > STALE_DAYS)
        target = base["target"]
        if target is None:
            status = MET_STATED if t["stated_outcome"] == STATED_MET else NO_VALUE
            out.append(Assessment(**base, **common, status=status, gap=None))
            continue
        if _meets(value, target, t["comparator"], last["qualifier"]):
            out.append(Assessment(**base, **common, status=MET, gap=0.0))
            continue
        if deadline is not None and deadline < cutoff:
            status = OVERDUE if last["end"] >= deadline else NO_DATA_AFTER
        elif deadline is None:
            status = NO_DEADLINE
        elif len(series) < 2:
            status = NO_TREND
        else:
            prev = series.iloc[-2]
            days = (last["end"] - prev["end"]).days
            slope = (value - float(prev["value_num"])) / days if days else 0.0
            projected = value + slope * (deadline - last["end"]).days
            base["projected"] = projected
            status = ON_TRACK if _meets(projected, target, t["comparator"]) else OFF_TRACK
        gap = _gap(target, last["value"], last["qualifier"], t["comparator"])
        out.append(Assessment(**base, **common, status=status,
                              gap=None if gap is None else float(gap.value),
                              gap_word="" if gap is None else gap.words()))
    return out


def _gap(target: float, value: str, qualifier: str, comparator: str) -> bounds.Bounded | None:
    """What is missing to a target not met, keeping the figure's word: 10 minus "dưới 10" is
    "hơn 0". None when the bounds leave it undetermined."""
    t, v = bounds.Bounded(fmt_exact(target)), bounds.Bounded(fmt_exact(value), qualifier or "")
    gap = bounds.difference(t, v) if comparator == ">=" else bounds.difference(v, t)
    if gap is None:
        return None
    # A bound on the far side of the target ("dưới 20" against 10) leaves the gap unknown.
    return gap if gap.value >= 0 else None


def conflicting_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose sources state different target values or deadlines."""
    rows = []
    for code, group in targets.groupby("indicator"):
        values = {v for v in group["value"] if v}
        deadlines = {deadline_date(d) for d in group["deadline"] if d}
        if len(values) > 1 or len(deadlines) > 1:
            rows.append({"indicator": code, "values": sorted(values, key=float),
                         "deadlines": sorted(d for d in deadlines if d),
                         "targets": group})
    return pd.DataFrame(rows)


def deadline_label(targets: pd.DataFrame, end: object) -> str:
    """A deadline as precise as the sources stating it: ``tháng 10/2020``; ``năm 2020`` when
    one source gives only the year (a day the sources never give is never shown); marked as
    :meth:`Assessment.deadline_vi` marks it: «sách suy ra» when no source states it, and the
    sources it is inferred for named when others state it."""
    rows = targets[[bool(d) and deadline_date(d) == end for d in targets["deadline"]]]
    if rows.empty:
        return ""
    flags = [_true(i) for i in _inferred_flags(rows)]
    ids = list(rows["source_id"]) if "source_id" in rows else [""] * len(rows)
    return deadline_text(min(rows["deadline"], key=len), all(flags),
                         _ids(s for s, f in zip(ids, flags, strict=True) if not f),
                         _ids(s for s, f in zip(ids, flags, strict=True) if f))


def _inferred_flags(targets: pd.DataFrame) -> list[object]:
    return list(targets["deadline_inferred"] if "deadline_inferred" in targets
                else [False] * len(targets))


def status_changes(before: list[Assessment], after: list[Assessment]) -> list[tuple[Assessment,
                                                                                   Assessment]]:
    """Targets whose status differs between two assessments, including those first stated
    between them (earlier status :data:`NOT_STATED`: :func:`first_stated` tells them apart)."""
    old = {tuple(a.target_ids): a for a in before}
    changed = []
    for a in after:
        b = old.get(tuple(a.target_ids))
        if b is not None and b.status != a.status:
            changed.append((b, a))
    return changed


def first_stated(change: tuple[Assessment, Assessment]) -> bool:
    """Whether a pair of :func:`status_changes` is a target first stated between the two
    quarters: it had no status to change from."""
    return change[0].status == NOT_STATED


def conflict_summary(targets: pd.DataFrame, indicators: pd.DataFrame) -> str:
    """One Vietnamese phrase per indicator whose sources disagree, e.g. for the prose."""
    from egovbook.common import fmt

    parts = []
    for c in conflicting_targets(targets).itertuples():
        unit = indicators.loc[c.indicator, "unit"]
        if len(c.values) > 1:
            shown = [fmt.percent(float(v), 0) if unit == "percent" else fmt.number(float(v))
                     for v in c.values]
            what = "mục tiêu " + " hay ".join(shown)
        else:
            # In prose the book's label is in italics (review 18, C4); a table cell is upright.
            what = "thời hạn " + " hay ".join(
                deadline_label(c.targets, d).replace(MARK_INFERRED, f"*{MARK_INFERRED}*")
                for d in c.deadlines)
        parts.append(f"{fmt.lower_first(indicators.loc[c.indicator, 'name_vi'])}: {what}")
    return "; ".join(parts) if parts else "không có"
