"""Chapter 6: what is new in the quarter, and the targets whose status changed.

The sentences (the gap between the two quarters, captions, the lines of the provenance popup)
are in ``notebooks/prose/06_co_gi_moi.md``; this module gives them values, status words and
lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import pandas as pd

from egovbook.analysis import target_status
from egovbook.analysis.values import Figure, counted, counts_phrase
from egovbook.chapters import prose, tables
from egovbook.chapters.domestic_quarter import Comparison, Glue, Quarter, compare
from egovbook.chapters.report import PRESS_DATED, press_source
from egovbook.common import fmt, periods, units
from egovbook.intake import domestic

PROSE = "06_co_gi_moi"


def _say(block: str, **fields: object) -> str:
    return prose.text(PROSE, block, **fields)


@dataclass
class NewFigure:
    """An observation of the quarter beside the latest earlier one of its indicator."""

    new: Any
    old: Any | None
    comparison: Comparison


def _stated(q: Quarter, r: Any) -> str:
    return (domestic.format_value(r["value"], q.unit(r["indicator"]), r["qualifier"],
                                  r["quote"])
            + f" ({r['period'].vi()})")


def _scope_note(f: Any) -> str:
    """The new figure's scope note, or both notes when the scope changed."""
    if f.old is None or f.new["scope_note"] == f.old["scope_note"]:
        return f.new["scope_note"]
    return " / ".join(x for x in (f.old["scope_note"], f.new["scope_note"]) if x)


def new_columns(q: Quarter) -> list[tables.Col]:
    def old(get: Any) -> Any:
        return lambda f: None if f.old is None else get(f.old)

    return [
        tables.Col("Chỉ tiêu", lambda f: q.name(f.new["indicator"]),
                   {"chi_tieu": lambda f: f.new["indicator"]}),
        # Earlier figure first, as the change, the notes and the sources read (review 25, C2).
        tables.Col("Số liệu trước", lambda f: fmt.MISSING if f.old is None
                   else _stated(q, f.old),
                   {"ngay_truoc": old(itemgetter("date")),
                    "gia_tri_truoc": old(itemgetter("value_num")),
                    "tu_chi_muc_truoc": old(itemgetter("qualifier")),
                    "pham_vi_truoc": old(lambda o: o.get("scope", ""))},
                   trace=lambda f: q.cell(f.old, _stated(q, f.old)) if f.old is not None
                   else None, titles={"gia_tri_truoc": "Số liệu trước"}),
        tables.Col("Số liệu mới", lambda f: _stated(q, f.new),
                   {"ngay": lambda f: f.new["date"], "gia_tri": lambda f: f.new["value_num"],
                    "tu_chi_muc": lambda f: f.new["qualifier"],
                    "pham_vi": lambda f: f.new.get("scope", "")},
                   trace=lambda f: q.cell(f.new, _stated(q, f.new)),
                   titles={"gia_tri": "Số liệu mới"}),
        tables.Col("Thay đổi", lambda f: f.comparison.text,
                   {"so_sanh_duoc": lambda f: f.comparison.comparable,
                    "thay_doi": lambda f: None if f.comparison.change is None
                    else float(f.comparison.change.value),
                    "thay_doi_la": lambda f: None if f.comparison.change is None
                    else f.comparison.change.kind,
                    # Why no change is given, in the table's words.
                    "ghi_chu_so_sanh": lambda f: f.comparison.text
                    if f.comparison.change is None else ""}),
        tables.Col("Ghi chú", _scope_note, {"ghi_chu": _scope_note}),
        # The sources of both figures compared (review 17, C2: the file named only the new one).
        tables.Col("Nguồn", _sources, {"nguon": _sources}),
    ]


def _sources(f: Any) -> str:
    """The article of the new figure, and of the earlier one it is compared with if another."""
    return (f.new["source_id"] if f.old is None or f.old["source_id"] == f.new["source_id"]
            else f"{f.old['source_id']}, {f.new['source_id']}")


@dataclass
class WhatsNew:
    shown: pd.DataFrame  # the reader's table
    data: pd.DataFrame  # its CSV
    glue: Glue
    changes: list[tuple[target_status.Assessment, target_status.Assessment]]
    stale: list[str]
    figures: list[NewFigure]


def gap_text(q: Quarter, prev: str | None) -> Figure | str:
    """The quarters with no data between the previous quarter and this one, in a sentence."""
    gap = q.missing_between(prev, q.quarter) if prev else []
    text = _say("gap_text", first=not prev, n=fmt.number(len(gap)),
                quarters=fmt.join_vi([periods.quarter_vi(x) for x in gap]))
    if not gap:
        return text
    # A missing quarter has no row: the count names the rows of the two quarters it lies
    # between, whose files say which quarters have data.
    looked = q.obs_all[q.obs_all["quarter"].isin([prev, q.quarter])]
    # Only the count is a button; the sentence around it is text.
    fn = "egovbook.chapters.domestic_quarter.Quarter.missing_between"
    count = Figure(fmt.number(len(gap)), str(len(gap)), units.QUARTERS, _say("gap_text.how"), fn,
                   q.rows_of(looked, _say("gap_text.rows")))
    return Figure(text, None, units.PHRASE, count.how, fn, count.inputs, (count.as_part(),))


def status_text(prev: str | None, changed: Figure, first: Figure) -> Figure | str:
    """The sentence of the two counts of the status table: targets that changed status and
    targets first stated since the earlier quarter; each count it shows is a button."""
    if not prev:
        return _say("status_text.none")
    some = [f.exact != "0" for f in (changed, first)]
    return counts_phrase(_say("status_text", prev=periods.quarter_vi(prev), n=changed.text,
                              n_first=first.text, changed=some[0], first=some[1]),
                         _say("status_text.how"),
                         "egovbook.analysis.target_status.status_changes",
                         [f for f, s in zip((changed, first), some, strict=True) if s])


def whats_new(q: Quarter) -> WhatsNew:
    prev = q.previous
    new = q.obs_all[q.obs_all["quarter"] == q.quarter]
    before = q.obs_all[q.obs_all["end"] < min(new["end"])] if not new.empty \
        else q.obs_all.iloc[0:0]
    figures = []
    for _, r in new.iterrows():
        old = before[before["indicator"] == r["indicator"]]
        o = old.iloc[-1] if len(old) else None
        figures.append(NewFigure(r, o, compare(q, r, o)))
    shown, data_frame = tables.frames(figures, new_columns(q))
    changes = (target_status.status_changes(q.assessments(prev), q.assessments())
               if prev else [])
    stale = (sorted(set(q.obs_all[q.obs_all["quarter"] == prev]["indicator"])
                    - set(new["indicator"])) if prev else [])

    def rows_where(keep: Any) -> pd.DataFrame:
        return new.loc[[f.new.name for f in figures if keep(f)]]

    def among(how: str, found: pd.DataFrame, looked: pd.DataFrame, n: int | None = None,
              unit: str = units.COUNT,
              function: str = "egovbook.chapters.domestic_quarter.Quarter") -> Figure:
        # A count names the rows it counted; a count of none, the rows it looked through.
        return counted(len(found) if n is None else n, how, function,
                       q.rows_of(found if len(found) else looked, how), unit)

    prev_rows = q.obs_all[q.obs_all["quarter"] == prev] if prev else new
    # The table's rows: targets that changed status, and targets first stated since (no status
    # to change from), counted apart.
    changed_ids = [t for c in changes if not target_status.first_stated(c)
                   for t in c[1].target_ids]
    first_ids = [t for c in changes if target_status.first_stated(c) for t in c[1].target_ids]
    n_status = counted(len(changes) - sum(map(target_status.first_stated, changes)),
                       _say("n_status.how"), "egovbook.analysis.target_status.status_changes",
                       q.target_rows(changed_ids or q.targets["target_id"],
                                     _say("n_status.how")), units.TARGETS)
    n_first_stated = counted(sum(map(target_status.first_stated, changes)),
                             _say("n_first_stated.how"),
                             "egovbook.analysis.target_status.first_stated",
                             q.target_rows(first_ids or q.targets["target_id"],
                                           _say("n_first_stated.how")), units.TARGETS)
    glue: Glue = {
        "quarter_vi": q.vi,
        "prev_vi": periods.quarter_vi(prev) if prev else _say("prev_vi.none"),
        "gap_text": gap_text(q, prev),
        "n_new": among(_say("n_new.how"), new, new),
        "n_new_ind": among(_say("n_new_ind.how"), new, new, new["indicator"].nunique()),
        "n_changed": among(_say("n_changed.how"),
                           rows_where(lambda f: f.comparison.comparable), new),
        "n_not_comparable": among(_say("n_not_comparable.how"),
                                  rows_where(lambda f: f.old is not None
                                             and not f.comparison.comparable), new),
        "n_first": among(_say("n_first.how"), rows_where(lambda f: f.old is None), new),
        "n_status": n_status,
        "n_first_stated": n_first_stated,
        "status_text": status_text(prev, n_status, n_first_stated),
        "n_stale": among(_say("n_stale.how"), prev_rows[prev_rows["indicator"].isin(stale)],
                         prev_rows, len(stale), units.INDICATORS,
                         "egovbook.chapters.domestic_new.whats_new"),
    }
    return WhatsNew(shown, data_frame, glue, changes, stale, figures)


def new_table(q: Quarter, new: WhatsNew) -> tables.Table:
    """Chapter 6: the quarter's observations beside the previous one of each indicator."""
    # The earlier figures the table shows beside the new ones are cited too.
    shown = [f.new["source_id"] for f in new.figures] + [
        f.old["source_id"] for f in new.figures if f.old is not None]
    return tables.Table(
        "tbl-moi-trong-quy", _say("tbl-moi-trong-quy", quarter=q.vi), new.figures,
        new_columns(q), units=q.value_units(
            ["Số liệu trước", "Số liệu mới"], [f.new["indicator"] for f in new.figures],
            ["Thay đổi"],
            [f.new["indicator"] for f in new.figures if f.comparison.comparable]),
        source=press_source(shown), retrieved=PRESS_DATED,
        empty=_say("tbl-moi-trong-quy.empty", quarter=q.vi))


def direction(before: target_status.Assessment, after: target_status.Assessment) -> str:
    """Whether a change of status moved a target onto or off track."""
    on = target_status.ON_TRACK_SET
    # A target first stated since the earlier quarter had no status, hence no direction.
    if before.status == target_status.NOT_STATED:
        return _say("direction.first_stated")
    # A new status that judges nothing (no data, no data after the deadline, no target value)
    # is no move off track: it says that the change cannot be judged.
    if after.status in target_status.UNJUDGED:
        return _say("direction.unjudged")
    # A first figure moves nothing: there was no direction before it. Its status, with the full
    # label, is the next column's; a shortened copy here would drop qualifiers («theo lời bài»).
    if before.status == target_status.NO_DATA:
        return _say("direction.first")
    if after.status in on and before.status not in on:
        return _say("direction.on")
    if before.status in on and after.status not in on:
        return _say("direction.off")
    if after.status in on:
        return _say("direction.still_on")
    return _say("direction.still_off")


def status_table(q: Quarter, new: WhatsNew) -> tables.Table:
    """Chapter 6: the targets whose assessment changed since the previous quarter."""
    prev = periods.quarter_vi(q.previous) if q.previous else ""
    return tables.Table(
        "tbl-doi-trang-thai", _say("tbl-doi-trang-thai", prev=prev, quarter=q.vi, first=any(
            map(target_status.first_stated, new.changes))), new.changes, [
            tables.Col("Chỉ tiêu", lambda c: q.name(c[0].indicator),
                       {"chi_tieu": lambda c: c[1].indicator}),
            tables.Col("Mục tiêu (nguồn)", lambda c: ", ".join(c[1].sources),
                       {"ma_muc_tieu": lambda c: " ".join(q.claim_ids[t]
                                                          for t in c[1].target_ids),
                        "nguon": lambda c: " ".join(c[1].sources)}),
            tables.Col(f"Trạng thái {prev}", lambda c: c[0].status_vi,
                       {"danh_gia_truoc": lambda c: c[0].status}),
            tables.Col(f"Trạng thái {q.vi}", lambda c: c[1].status_vi,
                       {"danh_gia_sau": lambda c: c[1].status}),
            tables.Col("Chiều", lambda c: direction(*c), {"chieu": lambda c: direction(*c)}),
        ], units="trạng thái", source=press_source(q.targets["source_id"]),
        retrieved=PRESS_DATED, empty=_say("tbl-doi-trang-thai.empty"))
