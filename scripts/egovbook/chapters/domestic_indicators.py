"""Chapter 4: the domestic indicators against their targets, by ministry, ranked (the rate
chart is :mod:`egovbook.chapters.domestic_rates`).

Every table is declared once (:class:`egovbook.chapters.tables.Table`). The sentences (captions,
the provenance popup's lines) are in ``notebooks/prose/04_chi_tieu_trong_nuoc.md``; this module
gives them values, status words and lists.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import pandas as pd

from egovbook.analysis import bounds, target_status
from egovbook.analysis.values import Figure, Rows, counted, counts_phrase
from egovbook.chapters import prose, tables
from egovbook.chapters.domestic_quarter import Glue, Quarter, conflict_figure
from egovbook.chapters.report import PRESS_DATED, press_source
from egovbook.common import fmt, periods, units
from egovbook.intake import domestic

PROSE = "04_chi_tieu_trong_nuoc"
# The downloads' names of the sources of a target that do not state its deadline (Bảng 11's
# and Hình 7's): the book inferred it for them, or they give none (review 14, B1).
DEADLINE_TITLES = {"thoi_han_suy_ra_voi": "Thời hạn suy ra với bài",
                   "khong_neu_thoi_han": "Bài không nêu thời hạn"}
# A target value no quote states: the sources the book read it from (review 16, B1).
READ_TITLES = {"gia_tri_doc_ra_voi": "Giá trị sách đọc ra với bài"}


def _say(block: str, **fields: object) -> str:
    return prose.text(PROSE, block, **fields)


def target_counts(assessments: list[target_status.Assessment]) -> pd.Series:
    return pd.Series([a.status for a in assessments], dtype=object).value_counts()


def _by_status(assessments: list[target_status.Assessment]) -> dict[str, list[Any]]:
    """The targets under each status, in the table's words and the order of the statuses."""
    # By the table's words: a status judged on an old figure («…, theo số liệu …») apart.
    order = list(target_status.STATUS_VI)
    out: dict[str, list[Any]] = {}
    for a in sorted(assessments, key=lambda a: order.index(a.status)):
        out.setdefault(a.status_vi, []).append(a)
    return out


def status_summary(assessments: list[target_status.Assessment]) -> str:
    """``1 mục tiêu *đã đạt*, 6 mục tiêu *chưa có số liệu sau thời hạn*, …``, statuses in order."""
    parts = [_say("status_summary.item", n=fmt.number(len(found)), status=words.lower())
             for words, found in _by_status(assessments).items()]
    return fmt.join_vi(parts) if parts else _say("status_summary.none")


def status_figure(q: Quarter, assessments: list[target_status.Assessment]) -> Figure:
    """:func:`status_summary` with each count traced to the rows of the targets it counts."""
    fn, how = "egovbook.chapters.domestic_indicators.status_summary", _say("status_summary.how")
    counts = [counted(len(found), how, fn, q.target_rows(
        [t for a in found for t in a.target_ids], status_summary(found)), units.TARGETS)
        for found in _by_status(assessments).values()]
    return counts_phrase(status_summary(assessments), how, fn, counts)


def _target_rows(q: Quarter, summary: str) -> tuple[Rows, ...]:
    return q.target_rows(q.targets["target_id"], summary)


def targets_chapter(q: Quarter) -> Glue:
    assessments = q.assessments()
    missing = (q.missing_between(q.known_quarters[0], q.quarter)
               if q.known_quarters else [])
    return {
        "quarter": q.quarter, "quarter_vi": q.vi,
        "n_obs": q.count(q.obs, _say("n_obs.how")),
        "n_indicators": q.count(q.obs, _say("n_indicators.how"), q.obs["indicator"].nunique()),
        "n_quarters": q.count(q.obs, _say("n_quarters.how"), len(q.known_quarters)),
        "quarters": fmt.join_vi([periods.quarter_vi(x) for x in q.known_quarters]),
        "n_missing": Figure(fmt.number(len(missing)), str(len(missing)), units.QUARTERS,
                            _say("n_missing.how"),
                            "egovbook.chapters.domestic_quarter.Quarter.missing_between",
                            q.rows_of(q.obs, _say("n_missing.rows"))),
        "missing": fmt.join_vi([periods.quarter_vi(x) for x in missing]) or _say("missing.none"),
        "n_targets": Figure(fmt.number(len(assessments)), str(len(assessments)), units.TARGETS,
                            _say("n_targets.how"),
                            "egovbook.analysis.target_status.distinct_targets",
                            _target_rows(q, _say("n_targets.rows", n=len(q.targets)))),
        "status_summary": status_figure(q, assessments),
        "conflict_list": conflict_figure(
            q, target_status.conflict_summary(q.targets, q.indicators), _say("conflict_list.how"),
            _say("conflict_list.rows"), lambda i, v: _say(  # a name inside a sentence
                "conflict_list.value.how", indicator=fmt.lower_first(i), value=v)),
        "cntt_year": fmt.year(domestic.load_rankings()["year"].iloc[0]),
    }


def target_text(q: Quarter, a: target_status.Assessment) -> str:
    """``≥ 30 %; hạn năm 2020``; ``không nêu giá trị; hạn năm 2022 (sách suy ra)``: the deadline
    marked as :meth:`target_status.Assessment.deadline_vi` marks it, with or without a value."""
    when = f"hạn {a.deadline_vi()}" if a.deadline else "không nêu thời hạn"
    if a.target is None:
        return f"không nêu giá trị; {when}"
    shown = fmt.percent(a.target, 0) if q.unit(a.indicator) == "percent" else fmt.number(a.target)
    read = target_status.value_mark(a.value_read_by, a.sources)  # a value no quote states
    # «≥ 100 %» says nothing a share can do: at most 100 %, so «100 %» (review 25, C8).
    sign = ("" if a.comparator == ">=" and a.target == 100 and q.unit(a.indicator) == "percent"
            else ("≥ " if a.comparator == ">=" else "≤ "))
    return f"{sign}{shown}{f' ({read})' if read else ''}; {when}"



def gap_text(q: Quarter, a: target_status.Assessment) -> str:
    """What is still missing to the target, keeping the figure's word: ``khoảng 14,09 điểm phần
    trăm``, ``hơn 0 điểm phần trăm`` below a «dưới 10 %» (the gap is computed by target_status)."""
    if a.gap is None or a.status == target_status.MET:
        return fmt.MISSING
    pct = q.unit(a.indicator) == "percent"
    # The figures' decimals (none between whole percentages); a bound at 0 («hơn 0») has none.
    places = fmt.decimals_of(a.target, a.value) if pct and a.gap else 0
    return bounds.show(bounds.Bounded(a.gap, a.gap_word), fmt.number, places) + (
        " " + units.PERCENT_POINTS if pct else "")


def target_columns(q: Quarter) -> list[tables.Col]:
    """The targets table (chapter 4), declared once for the page and its CSV."""
    def latest(a: target_status.Assessment) -> str:
        if not a.observed:
            return fmt.MISSING
        shown = domestic.format_value(a.value_text, q.unit(a.indicator), a.qualifier)
        # A figure dated by the meeting that reported it, or by a month the book read from an
        # undated article, says so, as its note does (review 20; review 24, C1).
        return f"{shown} ({a.observed.vi()}{', ' + a.date_note if a.date_note else ''})"

    return [
        tables.Col("Chỉ tiêu", lambda a: q.name(a.indicator), {"chi_tieu": lambda a: a.indicator}),
        tables.Col("Số liệu gần nhất", latest,
                   {"gia_tri": lambda a: a.value, "tu_chi_muc": lambda a: a.qualifier,
                    "ngay": lambda a: a.observed.iso() if a.observed else "",
                    "ngay_la": lambda a: a.date_note or None},  # a meeting's, or read
                   titles={"gia_tri": "Số liệu gần nhất",  # the header, as it mirrors it
                           "ngay_la": "Về ngày số liệu"},
                   trace=lambda a: q.cell(q.observed(a.indicator, a.observed), latest(a))
                   if a.observed else None),
        tables.Col("Mục tiêu", lambda a: target_text(q, a),
                   # No value, no comparison to state (review 27, C6).
                   {"muc_tieu": lambda a: a.target,
                    "so_sanh": lambda a: a.comparator if a.target is not None else None,
                    "thoi_han": lambda a: a.deadline,
                    # Of a target some sources state the deadline of, which do not (review 14).
                    # «có» when no source states it, «một phần» when some do (the column
                    # beside names for whom: review 18, C9; review 22, C6).
                    "thoi_han_suy_ra": lambda a: periods.inferred_flag(a.deadline_inferred,
                                                                      a.inferred_by),
                    "thoi_han_suy_ra_voi": lambda a: " ".join(a.inferred_by),
                    "khong_neu_thoi_han": lambda a: " ".join(a.silent_by),
                    "gia_tri_doc_ra_voi": lambda a: " ".join(a.value_read_by)},
                   titles={**DEADLINE_TITLES, **READ_TITLES},
                   trace=lambda a: q.target_cell(a, target_text(q, a), _say(
                       "cell.target.read.how", read=target_status.value_mark(
                           a.value_read_by, a.sources)) if a.value_read_by
                       else _say("cell.target.how"))),
        tables.Col("Nguồn mục tiêu", lambda a: ", ".join(dict.fromkeys(a.sources))
                   + (f"; {a.legal_basis}" if a.legal_basis else ""),
                   {"ma_muc_tieu": lambda a: " ".join(q.claim_ids[t] for t in a.target_ids),
                    "nguon_muc_tieu": lambda a: " ".join(dict.fromkeys(a.sources)),
                    "can_cu": lambda a: a.legal_basis},
                   titles={"nguon_muc_tieu": "Nguồn mục tiêu"}),  # as shown (review 25, C6)
        tables.Col("Còn thiếu", lambda a: gap_text(q, a),
                   {"con_thieu": lambda a: a.gap_download,
                    "con_thieu_tu_chi_muc": lambda a: a.gap_word_download,
                    "du_bao_den_han": lambda a: a.projected},
                   trace=lambda a: q.gap_cell(a, gap_text(q, a), _say("cell.gap.how"))),
        tables.Col("Đánh giá", lambda a: a.status_vi, {"danh_gia": lambda a: a.status}),
    ]


def targets_table(q: Quarter) -> tables.Table:
    """Chapter 4: every distinct target, assessed with the data up to the quarter."""
    found = q.assessments()
    shown = ["Số liệu gần nhất", "Mục tiêu", "Dự báo đến hạn"], [a.indicator for a in found]
    gaps = ["Còn thiếu"], [a.indicator for a in found if a.gap_download is not None]
    return tables.Table(
        "tbl-muc-tieu", _say("tbl-muc-tieu", quarter=q.vi), found, target_columns(q),
        units=q.value_units(*shown, *gaps), retrieved=PRESS_DATED,
        source=press_source([*q.targets["source_id"], *q.obs["source_id"]]))


def conflicts_table(q: Quarter) -> tables.Table:
    """Each target of the indicators whose sources disagree, as each source states it."""
    rows = [{**t, "target_id": q.claim_ids[t["target_id"]], "row_id": t["target_id"],
             "basis": target_status.named_basis(t["legal_basis"], t["source_id"]),
             "when": periods.deadline_text(t["deadline"], t["deadline_inferred"]),
             "inferred": periods.is_inferred(t["deadline_inferred"]),
             "read": target_status.value_read(t["value"], t["quote"])}
            for c in target_status.conflicting_targets(q.targets).itertuples()
            for t in c.targets.to_dict("records")]

    def value(t: dict[str, Any]) -> str:
        if not t["value"]:
            return fmt.MISSING
        shown = fmt.percent(float(t["value"]), 0)
        return f"{shown} ({target_status.READ})" if t["read"] else shown

    def traced(t: dict[str, Any]) -> Figure | None:
        """A source's target value: the row of the targets file stating it."""
        if not t["value"]:
            return None
        return Figure(value(t), str(t["value"]), q.data_unit(t["indicator"]),
                      _say("cell.read.how", source=t["source_id"]) if t["read"]
                      else _say("cell.stated.how", source=t["source_id"]),
                      "egovbook.intake.domestic.load_targets",
                      q.target_rows([t["row_id"]], q.name(t["indicator"])))

    return tables.Table(
        "tbl-muc-tieu-mau-thuan", _say("tbl-muc-tieu-mau-thuan"), rows, [
            tables.Col("Chỉ tiêu", lambda t: q.name(t["indicator"]),
                       {"chi_tieu": itemgetter("indicator")}),
            tables.Col("Mã mục tiêu", itemgetter("target_id"),
                       {"ma_muc_tieu": itemgetter("target_id")}),
            tables.Col("Nguồn", itemgetter("source_id"), {"nguon": itemgetter("source_id")}),
            tables.Col("Trích dẫn", lambda t: f"«{t['quote']}»",
                       {"trich_dan": itemgetter("quote"), "ghi_chu": itemgetter("note")}),
            tables.Col("Giá trị", value,
                       {"so_sanh": itemgetter("comparator"), "gia_tri": itemgetter("value"),
                        "gia_tri_so": itemgetter("value_num"),
                        "gia_tri_doc_ra": lambda t: "có" if t["read"] else ""},
                       titles=READ_TITLES, trace=traced),
            tables.Col("Thời hạn", lambda t: t["when"] or "không nêu",
                       {"thoi_han": itemgetter("deadline"),
                        "thoi_han_suy_ra": itemgetter("inferred")}),
            tables.Col("Căn cứ", lambda t: t["basis"] or "không nêu",
                       {"can_cu": itemgetter("basis")}),
        ], units="%", source=press_source([t["source_id"] for t in rows]),
        retrieved=PRESS_DATED)


MINISTRIES = ["DVC_M4_BO_TREN_30", "DVC_M4_TINH_TREN_30", "DVC_M4_BO_100", "DVC_M4_BO_DUOI_10",
              "DVC_M4_TINH_DUOI_10", "DVC_M4_SO_LUONG"]


def ministries_table(q: Quarter) -> tables.Table:
    """Counts of ministries, provinces (and level-4 services) as stated; all columns kept."""
    sub = q.obs[q.obs["indicator"].isin(MINISTRIES)]
    services = sub["indicator"] == "DVC_M4_SO_LUONG"  # a count of services, not of bodies
    return tables.Table(
        "tbl-dvc-bo-tinh", _say("tbl-dvc-bo-tinh", bodies=bool((~services).any()),
                                services=bool(services.any())), sub.to_dict("records"), [
            tables.Col("Chỉ tiêu", lambda r: q.name(r["indicator"]),
                       {"chi_tieu": itemgetter("indicator")}),
            tables.Col("Giá trị", lambda r: _stated(q, r),
                       # No numerator or denominator: the table shows none (a denominator
                       # another article gives is not this figure's; review 25, C6).
                       {"gia_tri": itemgetter("value"), "tu_chi_muc": itemgetter("qualifier"),
                        # The book's reading, as the cell marks it (review 22, B1).
                        "gia_tri_doc_ra": lambda r: "có" if q.read(r) else None},
                       trace=lambda r: q.cell(r, _stated(q, r))),
            tables.Col("Ngày", lambda r: r["period"].vi(),
                       {"ngay": itemgetter("date"), "quy": itemgetter("quarter")}),
            tables.Col("Ghi chú", itemgetter("scope_note"),
                       {"ghi_chu": itemgetter("scope_note"),
                        "pham_vi": itemgetter("scope")}),
            tables.Col("Nguồn", itemgetter("source_id"), {"nguon": itemgetter("source_id")}),
            tables.Col("Trích dẫn", lambda r: f"«{r['quote']}»",
                       {"trich_dan": itemgetter("quote")}),
        ], units=q.count_unit(list(sub["indicator"])),  # as its popups say (review 22, C2)
        # Copied from the articles, but a count the book read from named bodies is its own
        # (review 15, C2; review 24, C5).
        source=press_source(sub["source_id"], computed=False) + (
            "; " + _say("tbl-dvc-bo-tinh.read") if any(map(q.read, sub.to_dict("records")))
            else ""),
        retrieved=PRESS_DATED,
        empty=_say("tbl-dvc-bo-tinh.empty", quarter=q.vi))


def _stated(q: Quarter, r: Any) -> str:
    return domestic.format_value(r["value"], q.unit(r["indicator"]), r["qualifier"], r["quote"])


def _ranking(r: Any) -> str:
    return (f"{r['qualifier']} {fmt.number(float(r['value']), 1)}".strip() if r["value"]
            else "không nêu")


def _ranking_cell(r: Any, rk: pd.DataFrame) -> Figure | None:
    """The index of a unit as the article states it: its row, by its place in the article's
    order; where there is none (one index for several units), the rows of its place, named."""
    if not r["value"]:
        return None
    key = f"group={r['group']} position={r['position']}"
    peers = rk[(rk["group"] == r["group"]) & (rk["position"] == r["position"])]
    keys, names = ((f"{key} order={r['order']}",), str(r["unit_name"])) if r["order"] else (
        (key,) * len(peers), ", ".join(peers["unit_name"]))
    return Figure(_ranking(r), str(r["value"]), units.INDEX, _say("cell.ranking.how", source=r[
        "source_id"]), "egovbook.intake.domestic.load_rankings", (Rows(
            "domestic/cntt_2019.csv", keys, ("unit_name", "value", "qualifier"), names),))


def rankings_table() -> tables.Table:
    """The units leading and trailing the IT application index, as the article states them."""
    rk = domestic.load_rankings()
    return tables.Table(
        "tbl-cntt-2019", _say("tbl-cntt-2019", year=rk["year"].iloc[0],
                              source=rk["source_id"].iloc[0]), rk.to_dict("records"), [
            tables.Col("Khối", lambda r: tables.WORDS[r["group"]],
                       {"nam": itemgetter("year"), "khoi": itemgetter("group")}),
            tables.Col("Vị trí", lambda r: tables.WORDS[r["position"]],
                       {"vi_tri": itemgetter("position"), "thu_tu_liet_ke": itemgetter("order")}),
            tables.Col("Đơn vị", itemgetter("unit_name"), {"don_vi": itemgetter("unit_name")}),
            tables.Col("Chỉ số", _ranking,
                       {"gia_tri": itemgetter("value"), "tu_chi_muc": itemgetter("qualifier")},
                       trace=lambda r: _ranking_cell(r, rk), titles={"gia_tri": "Chỉ số"}),
            tables.Col("Trích dẫn", lambda r: f"«{r['quote']}»",
                       {"nguon": itemgetter("source_id"), "trich_dan": itemgetter("quote")}),
        ], units="chỉ số 0–1", source=press_source(rk["source_id"], computed=False),
        retrieved=PRESS_DATED)


def no_data_note(q: Quarter) -> str:
    """The indicators with a target but no observation yet, one line each."""
    empty = [a for a in q.assessments() if a.status == target_status.NO_DATA]
    if not empty:
        return _say("no_data.none")
    return "\n".join("- " + _say("no_data.item", indicator=q.name(a.indicator),
                                 sources=", ".join(a.sources),
                                 about=str(q.indicators.loc[a.indicator, "description"] or ""))
                      for a in empty)
