"""What the domestic chapters state: the quarter's data, targets, the portal, what is new.

Shared by the notebooks of chapters 4–6 so no helper is written twice. A change between two
observations is computed only when both have the same scope, and bounds ("hơn", "dưới",
"khoảng") stay bounds through the arithmetic (:mod:`bounds`). Every table is declared
once (:class:`egovbook.chapters.tables.Table`): what the page shows and its CSV come from one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import itemgetter
from typing import Any

import pandas as pd

from egovbook.analysis import bounds, target_status
from egovbook.analysis.values import Figure, Rows, Traced, phrase
from egovbook.chapters import tables
from egovbook.chapters.report import PRESS_DATED, press_source
from egovbook.common import fmt, periods
from egovbook.intake import domestic, quarterly

Glue = dict[str, Figure | str]


@dataclass
class Quarter:
    """The domestic data as known at the end of a chosen quarter."""

    indicators: pd.DataFrame
    targets: pd.DataFrame
    obs_all: pd.DataFrame
    quarter: str

    @classmethod
    def load(cls, quarter: str | None = None) -> Quarter:
        obs_all = domestic.load_observations()
        chosen = quarter or quarterly.quarters(obs_all)[-1]
        return cls(domestic.load_indicators(), domestic.load_targets(), obs_all, chosen)

    @property
    def vi(self) -> str:
        return periods.quarter_vi(self.quarter)

    @cached_property
    def obs(self) -> pd.DataFrame:
        """Observations dated no later than the end of the quarter."""
        return self.obs_all[self.obs_all["end"] <= target_status.quarter_end(self.quarter)]

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

    def unit(self, code: str) -> str:
        return str(self.indicators.loc[code, "unit"])

    def assessments(self, quarter: str | None = None) -> list[target_status.Assessment]:
        return target_status.assess(self.obs_all, self.targets, quarter or self.quarter)

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
                      "egovbook.chapters.domestic_chapters.Quarter", "số đếm").show()

    def observation(self, row: Any) -> Traced:
        return Traced(float(row["value_num"]),
                      f"{self.name(row['indicator'])}, {row['period'].vi()} (bài "
                      f"{row['source_id']})",
                      self.rows_of(pd.DataFrame([row]), f"{self.name(row['indicator'])}, "
                                   f"{row['period'].vi()}"),
                      "egovbook.intake.quarterly.load_observations", self.unit(row["indicator"]))


# --- chapter 4: targets -----------------------------------------------------------------------


def target_counts(assessments: list[target_status.Assessment]) -> pd.Series:
    return pd.Series([a.status for a in assessments], dtype=object).value_counts()


def status_summary(assessments: list[target_status.Assessment]) -> str:
    """``1 đã đạt, 6 chưa có số liệu sau thời hạn, …`` in the order of the statuses."""
    counts = target_counts(assessments)
    parts = [f"{fmt.number(counts[s])} mục tiêu «{target_status.STATUS_VI[s].lower()}»"
             for s in target_status.STATUS_VI if counts.get(s, 0)]
    return fmt.join_vi(parts) if parts else "không có mục tiêu nào"


def targets_chapter(q: Quarter) -> Glue:
    assessments = q.assessments()
    missing = (q.missing_between(q.known_quarters[0], q.quarter)
               if q.known_quarters else [])
    target_rows = q.targets
    table_what = "số dòng của bảng các mục tiêu (mỗi mục tiêu khác nhau một dòng)"
    return {
        "quarter": q.quarter, "quarter_vi": q.vi,
        "n_obs": q.count(q.obs, "số liệu trong nước có ngày không muộn hơn cuối quý"),
        "n_indicators": q.count(q.obs, "số chỉ tiêu có ít nhất một số liệu",
                                q.obs["indicator"].nunique()),
        "n_quarters": q.count(q.obs, "số quý có số liệu", len(q.known_quarters)),
        "quarters": fmt.join_vi([periods.quarter_vi(x) for x in q.known_quarters]),
        "n_missing": Figure(fmt.number(len(missing)), str(len(missing)), "quý",
                            "số quý giữa quý đầu và quý được chọn không có số liệu nào",
                            "egovbook.chapters.domestic_chapters.Quarter.missing_between"),
        "missing": fmt.join_vi([periods.quarter_vi(x) for x in missing]) or "không có",
        "n_targets": Figure(fmt.number(len(assessments)), str(len(assessments)), "mục tiêu",
                            table_what, "egovbook.analysis.target_status.distinct_targets",
                            (Rows("domestic/targets.csv",
                                  tuple(f"target_id={t}" for t in target_rows["target_id"]),
                                  ("indicator", "value", "deadline"),
                                  f"{len(target_rows)} mục tiêu như các nguồn nêu"),)),
        "status_summary": Figure(status_summary(assessments), None, "mục tiêu",
                                 "đếm theo cột Đánh giá của bảng các mục tiêu",
                                 "egovbook.chapters.domestic_chapters.status_summary"),
        "conflict_list": phrase(target_status.conflict_summary(q.targets, q.indicators),
                                "các chỉ tiêu mà các nguồn nêu mục tiêu khác nhau về giá trị hoặc "
                                "thời hạn (bảng các mục tiêu mâu thuẫn)",
                                "egovbook.analysis.target_status.conflicting_targets",
                                (Rows("domestic/targets.csv",
                                      tuple(f"target_id={t}" for t in target_rows["target_id"]),
                                      ("indicator", "value", "deadline"),
                                      "các mục tiêu như từng nguồn nêu"),)),
        "cntt_year": fmt.year(domestic.load_rankings()["year"].iloc[0]),
    }


def target_text(q: Quarter, a: target_status.Assessment) -> str:
    """``≥ 30 %; hạn năm 2020`` or ``không nêu giá trị``."""
    if a.target is None:
        return "không nêu giá trị"
    pct = q.unit(a.indicator) == "percent"
    shown = fmt.percent(a.target, 0) if pct else fmt.number(a.target)
    when = (f"hạn {target_status.deadline_text(a.deadline)}" if a.deadline
            else "không nêu thời hạn")
    return f"{'≥' if a.comparator == '>=' else '≤'} {shown}; {when}"


def gap_text(q: Quarter, a: target_status.Assessment) -> str:
    """What is still missing to the target, keeping the figure's word: ``khoảng 14,09 điểm %``.

    Counts have no decimals; a bound on the figure bounds the gap the other way.
    """
    if not a.gap or a.target is None or a.value is None:
        return fmt.MISSING
    pct = q.unit(a.indicator) == "percent"
    target, value = bounds.Bounded(a.target), bounds.Bounded(a.value, a.qualifier)
    gap = (bounds.difference(target, value) if a.comparator == ">="
           else bounds.difference(value, target))
    if gap is None:
        return fmt.MISSING
    return bounds.show(gap, fmt.number, 2 if pct else 0) + (" điểm %" if pct else "")


def target_columns(q: Quarter) -> list[tables.Col]:
    """The targets table (chapter 4), declared once for the page and its CSV."""
    def latest(a: target_status.Assessment) -> str:
        if not a.observed:
            return fmt.MISSING
        shown = domestic.format_value(a.value_text, q.unit(a.indicator), a.qualifier)
        return f"{shown} ({a.observed.vi()})"

    return [
        tables.Col("Chỉ tiêu", lambda a: q.name(a.indicator), {"chi_tieu": lambda a: a.indicator}),
        tables.Col("Số liệu gần nhất", latest,
                   {"gia_tri": lambda a: a.value, "tu_chi_muc": lambda a: a.qualifier,
                    "ngay": lambda a: a.observed.iso() if a.observed else ""}),
        tables.Col("Mục tiêu", lambda a: target_text(q, a),
                   {"muc_tieu": lambda a: a.target, "so_sanh": lambda a: a.comparator,
                    "thoi_han": lambda a: a.deadline}),
        tables.Col("Nguồn mục tiêu", lambda a: ", ".join(dict.fromkeys(a.sources))
                   + (f"; {a.legal_basis}" if a.legal_basis else ""),
                   {"ma_muc_tieu": lambda a: " ".join(a.target_ids),
                    "nguon": lambda a: " ".join(dict.fromkeys(a.sources)),
                    "can_cu": lambda a: a.legal_basis}),
        tables.Col("Còn thiếu", lambda a: gap_text(q, a),
                   {"con_thieu": lambda a: a.gap, "du_bao_den_han": lambda a: a.projected}),
        tables.Col("Đánh giá", lambda a: a.status_vi, {"danh_gia": lambda a: a.status}),
    ]


def targets_table(q: Quarter) -> tables.Table:
    """Chapter 4: every distinct target, assessed with the data up to the quarter."""
    return tables.Table(
        "tbl-muc-tieu", f"Các chỉ tiêu trong nước so với mục tiêu, số liệu đến hết {q.vi}.",
        q.assessments(), target_columns(q), units="% hoặc số đếm theo từng chỉ tiêu",
        retrieved=PRESS_DATED,
        source=press_source([*q.targets["source_id"], *q.obs["source_id"]]))


def conflicts_table(q: Quarter) -> tables.Table:
    """Each target of the indicators whose sources disagree, as each source states it."""
    from egovbook.analysis.claims import target_claim_ids

    readable = target_claim_ids(q.targets)
    rows = [{**t, "target_id": readable[t["target_id"]]}
            for c in target_status.conflicting_targets(q.targets).itertuples()
            for t in c.targets.to_dict("records")]
    return tables.Table(
        "tbl-muc-tieu-mau-thuan", "Các mục tiêu mà các nguồn nêu khác nhau về giá trị hoặc "
        "thời hạn.", rows, [
            tables.Col("Chỉ tiêu", lambda t: q.name(t["indicator"]),
                       {"chi_tieu": itemgetter("indicator")}),
            tables.Col("Mã mục tiêu", itemgetter("target_id"),
                       {"ma_muc_tieu": itemgetter("target_id")}),
            tables.Col("Nguồn", itemgetter("source_id"), {"nguon": itemgetter("source_id")}),
            tables.Col("Trích dẫn", lambda t: f"«{t['quote']}»",
                       {"trich_dan": itemgetter("quote"), "ghi_chu": itemgetter("note")}),
            tables.Col("Giá trị", lambda t: fmt.percent(float(t["value"]), 0) if t["value"]
                       else fmt.MISSING,
                       {"so_sanh": itemgetter("comparator"), "gia_tri": itemgetter("value"),
                        "gia_tri_so": itemgetter("value_num")}),
            tables.Col("Thời hạn",
                       lambda t: target_status.deadline_text(t["deadline"]) or "không nêu",
                       {"thoi_han": itemgetter("deadline")}),
            tables.Col("Căn cứ", lambda t: t["legal_basis"] or "không nêu",
                       {"can_cu": itemgetter("legal_basis")}),
        ], units="%", source=press_source([t["source_id"] for t in rows]),
        retrieved=PRESS_DATED)


MINISTRIES = ["DVC_M4_BO_TREN_30", "DVC_M4_TINH_TREN_30", "DVC_M4_BO_100", "DVC_M4_BO_DUOI_10",
              "DVC_M4_TINH_DUOI_10", "DVC_M4_SO_LUONG"]


def ministries_table(q: Quarter) -> tables.Table:
    """Ministries and provinces by their share of level-4 online services, as stated; the
    download has every column of the quarterly files."""
    sub = q.obs[q.obs["indicator"].isin(MINISTRIES)]
    return tables.Table(
        "tbl-dvc-bo-tinh", "Số bộ, tỉnh theo mức tỷ lệ dịch vụ công trực tuyến mức độ 4.",
        sub.to_dict("records"), [
            tables.Col("Chỉ tiêu", lambda r: q.name(r["indicator"]),
                       {"chi_tieu": itemgetter("indicator")}),
            tables.Col("Giá trị", lambda r: domestic.format_value(
                r["value"], q.unit(r["indicator"]), r["qualifier"]),
                {"gia_tri": itemgetter("value"), "tu_chi_muc": itemgetter("qualifier"),
                 "tu_so": itemgetter("numerator"), "mau_so": itemgetter("denominator")}),
            tables.Col("Ngày", lambda r: r["period"].vi(),
                       {"ngay": itemgetter("date"), "quy": itemgetter("quarter")}),
            tables.Col("Phạm vi", itemgetter("scope_note"),
                       {"ghi_chu_pham_vi": itemgetter("scope_note"),
                        "pham_vi": itemgetter("scope")}),
            tables.Col("Nguồn", itemgetter("source_id"), {"nguon": itemgetter("source_id")}),
            tables.Col("Trích dẫn", lambda r: f"«{r['quote']}»",
                       {"trich_dan": itemgetter("quote")}),
        ], units="số đếm", source=press_source(sub["source_id"]), retrieved=PRESS_DATED,
        empty="Chưa có số liệu về dịch vụ công trực tuyến mức độ 4 ở các bộ, tỉnh đến hết "
              f"{q.vi}.")


def rankings_table() -> tables.Table:
    """The units leading and trailing the IT application index, as the article states them."""
    rk = domestic.load_rankings()
    return tables.Table(
        "tbl-cntt-2019", "Đơn vị dẫn đầu và xếp cuối về chỉ số ứng dụng công nghệ thông tin năm "
        f"{rk['year'].iloc[0]} (theo bài {rk['source_id'].iloc[0]}).", rk.to_dict("records"), [
            tables.Col("Khối", lambda r: "Bộ, cơ quan ngang bộ" if r["group"] == "bo"
                       else "Tỉnh, thành phố",
                       {"nam": itemgetter("year"), "khoi": itemgetter("group")}),
            tables.Col("Vị trí", lambda r: "Dẫn đầu" if r["position"] == "dan_dau"
                       else "Xếp cuối",
                       {"vi_tri": itemgetter("position"), "thu_tu": itemgetter("order")}),
            tables.Col("Đơn vị", itemgetter("unit_name"), {"don_vi": itemgetter("unit_name")}),
            tables.Col("Chỉ số", lambda r: f"{r['qualifier']} "
                       f"{fmt.number(float(r['value']), 1)}".strip() if r["value"]
                       else "không nêu",
                       {"gia_tri": itemgetter("value"), "tu_chi_muc": itemgetter("qualifier")}),
            tables.Col("Trích dẫn", lambda r: f"«{r['quote']}»",
                       {"nguon": itemgetter("source_id"), "trich_dan": itemgetter("quote")}),
        ], units="chỉ số 0–1", source=press_source(rk["source_id"]), retrieved=PRESS_DATED)


RATES = ["DVC_M4_TYLE", "LGSP_TYLE", "VBDT_TYLE", "DVC_HAI_LONG_CONG_KHAI"]


@dataclass
class Goal:
    """One target value of an indicator as drawn: the sources stating it, dated deadlines."""

    value: float
    sources: list[str]
    deadlines: list[date]


@dataclass
class RateChart:
    """The percent indicators beside their targets (chapter 4's chart) and its download."""

    codes: list[str]
    observations: dict[str, pd.DataFrame]
    goals: dict[str, list[Goal]]
    data: pd.DataFrame


def rate_chart(q: Quarter) -> RateChart:
    """One target line per target value (its sources joined), a star at each stated deadline."""
    codes = [c for c in RATES if c in set(q.obs["indicator"])]
    observations, goals, plotted = {}, {}, []
    for code in codes:
        series = observations[code] = q.obs[q.obs["indicator"] == code]
        own = target_status.distinct_targets(q.targets[q.targets["indicator"] == code]).dropna(
            subset=["value_num"])
        goals[code] = []
        for value, group in own.groupby("value_num"):
            goals[code].append(Goal(value, sorted({s for ids in group["sources"] for s in ids}),
                                    [d for d in map(target_status.deadline_date, group["deadline"])
                                     if d]))
            plotted += [{"indicator": code, "kind": "target", "date": t.deadline, "value": value,
                         "qualifier": "", "sources": " ".join(t.sources)}
                        for t in group.itertuples()]
        # The qualifier travels with the value: "khoảng 15,91 %" is not drawn as exactly 15,91.
        plotted += [{"indicator": code, "kind": "observation", "date": r["date"],
                     "value": r["value_num"], "qualifier": r["qualifier"],
                     "sources": r["source_id"]} for _, r in series.iterrows()]
    return RateChart(codes, observations, goals, pd.DataFrame(plotted))


def no_data_note(q: Quarter) -> str:
    """The indicators with a target but no observation yet, one line each."""
    empty = [a for a in q.assessments() if a.status == target_status.NO_DATA]
    if not empty:
        return "Mọi chỉ tiêu có mục tiêu đều đã có ít nhất một số liệu."
    return "\n".join(f"- {q.name(a.indicator)} (mục tiêu theo bài {', '.join(a.sources)})"
                     for a in empty)


# --- comparing two observations ---------------------------------------------------------------


@dataclass
class Comparison:
    """A later observation against an earlier one of the same indicator."""

    text: str  # the change as the reader sees it
    change: bounds.Bounded | None
    ratio: bounds.Bounded | None
    comparable: bool


def compare(q: Quarter, new: Any, old: Any | None) -> Comparison:
    if old is None:
        return Comparison("lần đầu có số liệu", None, None, False)
    if (new.get("scope") or "") != (old.get("scope") or ""):
        scopes = " / ".join(s or "phạm vi thường" for s in (old.get("scope"), new.get("scope")))
        return Comparison(f"không so sánh: hai số liệu khác phạm vi ({scopes})", None, None,
                          False)
    a = bounds.Bounded(float(new["value_num"]), new["qualifier"])
    b = bounds.Bounded(float(old["value_num"]), old["qualifier"])
    change = bounds.difference(a, b)
    if change is None:
        return Comparison("không tính được: cả hai số đều chỉ là cận (hơn, trên, dưới…)", None,
                          None, False)
    if q.unit(new["indicator"]) == "percent":
        return Comparison(bounds.show(change, fmt.signed, 2) + " điểm %", change, None, True)
    ratio = bounds.ratio(a, b) if float(old["value_num"]) else None
    text = bounds.show(change, fmt.signed)
    if ratio is not None:
        text += f" (gấp {bounds.show(ratio, fmt.number, 1)} lần)"
    return Comparison(text, change, ratio, True)


# --- chapter 6: what is new -------------------------------------------------------------------


@dataclass
class NewFigure:
    """An observation of the quarter beside the latest earlier one of its indicator."""

    new: Any
    old: Any | None
    comparison: Comparison


def _stated(q: Quarter, r: Any) -> str:
    return (domestic.format_value(r["value"], q.unit(r["indicator"]), r["qualifier"])
            + f" ({r['period'].vi()})")


def new_columns(q: Quarter) -> list[tables.Col]:
    def old(get: Any) -> Any:
        return lambda f: None if f.old is None else get(f.old)

    return [
        tables.Col("Chỉ tiêu", lambda f: q.name(f.new["indicator"]),
                   {"chi_tieu": lambda f: f.new["indicator"]}),
        tables.Col("Số liệu mới", lambda f: _stated(q, f.new),
                   {"ngay": lambda f: f.new["date"], "gia_tri": lambda f: f.new["value_num"],
                    "tu_chi_muc": lambda f: f.new["qualifier"],
                    "pham_vi": lambda f: f.new.get("scope", "")}),
        tables.Col("Số liệu trước", lambda f: fmt.MISSING if f.old is None
                   else _stated(q, f.old),
                   {"ngay_truoc": old(itemgetter("date")),
                    "gia_tri_truoc": old(itemgetter("value_num")),
                    "pham_vi_truoc": old(lambda o: o.get("scope", ""))}),
        tables.Col("Thay đổi", lambda f: f.comparison.text,
                   {"so_sanh_duoc": lambda f: f.comparison.comparable,
                    "thay_doi": lambda f: None if f.comparison.change is None
                    else float(f.comparison.change.value),
                    "thay_doi_la": lambda f: None if f.comparison.change is None
                    else f.comparison.change.kind}),
        tables.Col("Ghi chú", lambda f: f.new["scope_note"]
                   if f.old is None or f.new["scope_note"] == f.old["scope_note"]
                   else " / ".join(x for x in (f.old["scope_note"], f.new["scope_note"]) if x)),
        tables.Col("Nguồn", lambda f: f.new["source_id"]
                   if f.old is None or f.old["source_id"] == f.new["source_id"]
                   else f"{f.old['source_id']}, {f.new['source_id']}",
                   {"nguon": lambda f: f.new["source_id"]}),
    ]


@dataclass
class WhatsNew:
    shown: pd.DataFrame  # the reader's table
    data: pd.DataFrame  # its CSV
    glue: Glue
    changes: list[tuple[target_status.Assessment, target_status.Assessment]]
    stale: list[str]
    figures: list[NewFigure]


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
    n_first = sum(1 for f in figures if f.old is None)
    n_cmp = int(data_frame["so_sanh_duoc"].sum()) if len(data_frame) else 0
    changes = (target_status.status_changes(q.assessments(prev), q.assessments())
               if prev else [])
    stale = (sorted(set(q.obs_all[q.obs_all["quarter"] == prev]["indicator"])
                    - set(new["indicator"])) if prev else [])
    gap = q.missing_between(prev, q.quarter) if prev else []
    if not prev:
        gap_text = "Đây là quý đầu tiên có số liệu, nên chưa có gì để so sánh."
    elif gap:
        gap_text = Figure(f"Giữa hai quý này có {fmt.number(len(gap))} quý không có số liệu "
                          f"nào: {fmt.join_vi([periods.quarter_vi(x) for x in gap])}.",
                          str(len(gap)), "quý", "số quý giữa hai quý không có số liệu nào",
                          "egovbook.chapters.domestic_chapters.Quarter.missing_between")
    else:
        gap_text = "Hai quý liền nhau, không có quý nào bị thiếu ở giữa."
    table = "bảng số liệu mới trong quý"
    glue: Glue = {
        "quarter_vi": q.vi,
        "prev_vi": periods.quarter_vi(prev) if prev else "không có",
        "gap_text": gap_text,
        "n_new": q.count(new, f"số dòng của {table}"),
        "n_new_ind": q.count(new, "số chỉ tiêu khác nhau trong " + table,
                             new["indicator"].nunique()),
        "n_changed": q.count(new, f"số dòng của {table} so sánh được với số liệu trước "
                             "(cùng phạm vi)", n_cmp),
        "n_not_comparable": q.count(new, f"số dòng của {table} có số liệu trước nhưng không "
                                    "so sánh được (khác phạm vi, hoặc cả hai đều là cận)",
                                    len(figures) - n_first - n_cmp),
        "n_first": q.count(new, f"số dòng của {table} lần đầu có số liệu", n_first),
        "n_status": Figure(fmt.number(len(changes)), str(len(changes)), "mục tiêu",
                           "số dòng của bảng mục tiêu đổi trạng thái",
                           "egovbook.analysis.target_status.status_changes"),
        "n_stale": Figure(fmt.number(len(stale)), str(len(stale)), "chỉ tiêu",
                          "số chỉ tiêu có số liệu ở quý trước mà chưa có ở quý này",
                          "egovbook.chapters.domestic_chapters.whats_new"),
    }
    return WhatsNew(shown, data_frame, glue, changes, stale, figures)


def new_table(q: Quarter, new: WhatsNew) -> tables.Table:
    """Chapter 6: the quarter's observations beside the previous one of each indicator."""
    # The earlier figures the table shows beside the new ones are cited too.
    shown = [f.new["source_id"] for f in new.figures] + [
        f.old["source_id"] for f in new.figures if f.old is not None]
    return tables.Table(
        "tbl-moi-trong-quy", f"Số liệu mới trong {q.vi} và số liệu gần nhất trước đó của cùng "
        "chỉ tiêu.", new.figures, new_columns(q), units="% hoặc số đếm theo từng chỉ tiêu",
        source=press_source(shown), retrieved=PRESS_DATED,
        empty=f"Không có số liệu mới nào trong {q.vi}.")


def direction(before: target_status.Assessment, after: target_status.Assessment) -> str:
    """Whether a change of status moved a target onto or off track."""
    on = target_status.ON_TRACK_SET
    # A new status that judges nothing (no data, no data after the deadline, no target value)
    # is no move off track: the change is just "khác".
    if after.status in target_status.UNJUDGED:
        return "khác"
    if after.status in on and before.status not in on:
        return "vào đúng hướng"
    if before.status in on and after.status not in on:
        return "ra khỏi đúng hướng"
    return "khác"


def status_table(q: Quarter, new: WhatsNew) -> tables.Table:
    """Chapter 6: the targets whose assessment changed since the previous quarter."""
    prev = domestic.quarter_vi(q.previous) if q.previous else ""
    return tables.Table(
        "tbl-doi-trang-thai", f"Mục tiêu đổi trạng thái giữa {prev} và {q.vi}.", new.changes, [
            tables.Col("Chỉ tiêu", lambda c: q.name(c[0].indicator),
                       {"chi_tieu": lambda c: c[1].indicator}),
            tables.Col("Mục tiêu (nguồn)", lambda c: ", ".join(c[1].sources),
                       {"ma_muc_tieu": lambda c: " ".join(c[1].target_ids)}),
            tables.Col(f"Trạng thái {prev}", lambda c: c[0].status_vi,
                       {"danh_gia_truoc": lambda c: c[0].status}),
            tables.Col(f"Trạng thái {q.vi}", lambda c: c[1].status_vi,
                       {"danh_gia_sau": lambda c: c[1].status}),
            tables.Col("Chiều", lambda c: direction(*c)),
        ], units="trạng thái", source=press_source(q.targets["source_id"]),
        retrieved=PRESS_DATED, empty="Không có mục tiêu nào đổi trạng thái.")


# --- chapter 5: the portal at two dates -------------------------------------------------------


@dataclass
class PortalFigure:
    """One portal indicator at the first and the last date, compared where comparable."""

    code: str
    first: Any | None
    last: Any | None
    comparison: Comparison | None

    @property
    def ratio(self) -> bounds.Bounded | None:
        return self.comparison.ratio if self.comparison else None


def portal_figures(q: Quarter) -> tuple[list[PortalFigure], list[Any]]:
    """Each portal figure at the first and last dates (none with fewer than two dates)."""
    portal = q.group("cong_dvcqg")
    dates = sorted(portal["period"].unique(), key=lambda p: p.end)
    if len(dates) < 2:
        return [], dates
    out = []
    for code in dict.fromkeys(portal["indicator"]):
        pick = {}
        for when in (dates[0], dates[-1]):
            hit = portal[(portal["indicator"] == code) & (portal["period"] == when)]
            pick[when] = hit.iloc[0] if len(hit) else None
        a, b = pick[dates[0]], pick[dates[-1]]
        out.append(PortalFigure(code, a, b, compare(q, b, a) if a is not None and b is not None
                                else None))
    return out, dates


def portal_columns(q: Quarter, dates: list[Any]) -> list[tables.Col]:
    def count(r: Any | None) -> str:
        return fmt.MISSING if r is None else domestic.format_value(r["value"], "count",
                                                                   r["qualifier"])

    def ratio(f: PortalFigure) -> str:
        if f.ratio:
            return bounds.show(f.ratio, fmt.number, 1)
        cmp = f.comparison
        return cmp.text if cmp and not cmp.comparable else fmt.MISSING

    def both(f: PortalFigure) -> list[Any]:
        return [x for x in (f.first, f.last) if x is not None]

    def raw(which: str, column: str) -> Any:
        return lambda f: None if getattr(f, which) is None else getattr(f, which)[column]

    first, last = ((dates[0].vi(), dates[-1].vi()) if len(dates) > 1
                   else ("Thời điểm đầu", "Thời điểm cuối"))
    return [
        tables.Col("Chỉ tiêu", lambda f: q.name(f.code), {"chi_tieu": lambda f: f.code}),
        tables.right(first, lambda f: count(f.first),
                     {"gia_tri_dau": raw("first", "value_num"),
                      "tu_chi_muc_dau": raw("first", "qualifier")}),
        tables.right(last, lambda f: count(f.last),
                     {"gia_tri_cuoi": raw("last", "value_num"),
                      "tu_chi_muc_cuoi": raw("last", "qualifier")}),
        tables.right("Gấp (lần)", ratio,
                     {"so_sanh_duoc": lambda f: bool(f.comparison and f.comparison.comparable),
                      "ty_so": lambda f: None if f.ratio is None else float(f.ratio.value),
                      "ty_so_la": lambda f: None if f.ratio is None else f.ratio.kind}),
        tables.Col("Phạm vi", lambda f: " / ".join(dict.fromkeys(
            x["scope_note"] for x in both(f) if x["scope_note"]))),
        tables.Col("Nguồn", lambda f: ", ".join(dict.fromkeys(x["source_id"] for x in both(f)))),
    ]


def portal_table(q: Quarter) -> tuple[pd.DataFrame, pd.DataFrame, list[Any]]:
    """Each portal figure at the first and last dates, compared only where comparable: (the
    table as shown, its CSV, the dates)."""
    figures, dates = portal_figures(q)
    if not figures:
        return pd.DataFrame(), pd.DataFrame(), dates
    shown, data = tables.frames(figures, portal_columns(q, dates))
    return shown, data, dates


def portal(q: Quarter) -> tables.Table:
    figures, dates = portal_figures(q)
    caption = (f"Cổng Dịch vụ công quốc gia: {dates[0].vi()} và {dates[-1].vi()}." if figures
               else "")
    return tables.Table(
        "tbl-cong-dvcqg", caption, figures, portal_columns(q, dates),
        units="số đếm lũy kế; lần", source=press_source(q.group("cong_dvcqg")["source_id"]),
        retrieved=PRESS_DATED, empty=f"Đến hết {q.vi} mới có số liệu Cổng Dịch vụ công quốc gia "
        "ở một thời điểm; chưa so sánh được.")


# The chart's download keeps the names it was published with.
PORTAL_CHART_NAMES = {"tu_chi_muc_dau": "tu_chi_ban_dau", "tu_chi_muc_cuoi": "tu_chi_ban_cuoi"}


def portal_ratios(q: Quarter) -> pd.DataFrame:
    """The comparable portal figures (the chart of their ratios, and its download)."""
    _, data, _ = portal_table(q)
    return data.dropna(subset=["ty_so"]).rename(columns=PORTAL_CHART_NAMES)


def portal_glue(q: Quarter) -> Glue:
    """The chapter's opening says what this edition has: two portal dates or one, KPIs or none,
    platform figures or none (a sentence never compares a date with itself)."""
    _, dates = portal_figures(q)
    kpi = q.group("cds_kpi")
    out: Glue = {"quarter_vi": q.vi}
    parts = []
    if len(dates) >= 2:
        out["portal_first"], out["portal_last"] = dates[0].vi(), dates[-1].vi()
        parts.append("so sánh các số liệu về Cổng Dịch vụ công quốc gia giữa "
                     f"{dates[0].vi()} và {dates[-1].vi()}")
    elif dates:
        parts.append(f"nêu số liệu về Cổng Dịch vụ công quốc gia ở thời điểm duy nhất có số "
                     f"liệu, {dates[0].vi()}")
    if not kpi.empty:
        out["kpi_when"] = kpi["period"].iloc[-1].vi()
        parts.append(f"đặt các chỉ tiêu chuyển đổi số của kỳ {out['kpi_when']} cạnh kế hoạch")
    if len(platform_table(q).rows):
        parts.append("tổng hợp số liệu về nền tảng số quốc gia và phê duyệt cấp độ an toàn hệ "
                     "thống thông tin")
    out["intro"] = (f"Chương này {fmt.join_vi(parts)}, với số liệu có đến hết {q.vi}." if parts
                    else f"Đến hết {q.vi} chưa có số liệu nào về Cổng Dịch vụ công quốc gia và "
                    "các chỉ tiêu chuyển đổi số.")
    return out


def portal_lead(q: Quarter) -> str:
    """What the portal table shows, said only when it shows: the comparison rules, and which
    indicators have a different scope at the two dates (computed, not written by hand)."""
    figures, dates = portal_figures(q)
    if len(dates) < 2:
        return ""
    text = ("Bảng dưới đây đặt cạnh nhau số liệu của Cổng ở hai thời điểm mà các bài báo nêu. "
            "Khi cả hai số đều là cận dưới (\"trên\", \"hơn\"), tỷ số giữa hai kỳ không xác định "
            "được (số sau có thể lớn hơn nhiều), nên sách không tính.")
    scoped = [q.name(f.code) for f in figures if f.first is not None and f.last is not None
              and (f.first.get("scope") or "") != (f.last.get("scope") or "")]
    if scoped:
        text += (f" Với {fmt.join_vi([fmt.lower_first(n) for n in scoped])}, số liệu ở hai thời "
                 "điểm có phạm vi khác nhau (ghi ở cột Phạm vi), nên sách cũng không so sánh.")
    return text


@dataclass
class Kpi:
    """A digital transformation indicator beside its plan, when a source states one."""

    row: Any
    plan: target_status.Assessment | None
    plan_quote: str


def kpis(q: Quarter) -> list[Kpi]:
    assessed = {a.indicator: a for a in q.assessments()}
    out = []
    for _, r in q.group("cds_kpi").iterrows():
        quotes = q.targets.loc[q.targets["indicator"] == r["indicator"], "quote"]
        out.append(Kpi(r, assessed.get(r["indicator"]), quotes.iloc[0] if len(quotes) else ""))
    return out


def _plan_text(k: Kpi) -> str:
    if k.plan is None:
        return "bài không nêu kế hoạch"
    if k.plan.target is None:
        return "không nêu mức (bài: «" + k.plan_quote + "»)"
    return fmt.percent(k.plan.target, 0)


def _plan_gap(k: Kpi) -> str:
    if k.plan is None or k.plan.target is None:
        return fmt.MISSING
    return fmt.signed(k.row["value_num"] - k.plan.target, 2) + " điểm %"


def kpi_table(q: Quarter) -> tables.Table:
    """Chapter 5: the digital transformation indicators against the plan."""
    found = kpis(q)
    kpi = q.group("cds_kpi")
    when = kpi["period"].iloc[-1].vi() if found else ""
    return tables.Table(
        "tbl-kpi-cds", f"Chỉ tiêu chuyển đổi số, {when}, so với kế hoạch.", found, [
            tables.Col("Chỉ tiêu", lambda k: q.name(k.row["indicator"]),
                       {"chi_tieu": lambda k: k.row["indicator"]}),
            tables.right("Thực hiện", lambda k: domestic.format_value(
                k.row["value"], "percent", k.row["qualifier"]),
                {"gia_tri": lambda k: k.row["value_num"]}),
            tables.Col("Kế hoạch", _plan_text,
                       {"ke_hoach": lambda k: k.plan.target if k.plan else None,
                        "ngay": lambda k: k.row["date"], "nguon": lambda k: k.row["source_id"]}),
            tables.right("Chênh lệch", _plan_gap),
            tables.Col("Đánh giá", lambda k: k.plan.status_vi if k.plan
                       else "không có kế hoạch để so"),
        ], units="%", source=press_source(kpi["source_id"]), retrieved=PRESS_DATED,
        empty=f"Chưa có số liệu chỉ tiêu chuyển đổi số đến hết {q.vi}.")


def kpi_chart(q: Quarter) -> pd.DataFrame:
    """What the KPI chart draws (and downloads): value and plan of each indicator."""
    return pd.DataFrame([{"indicator": k.row["indicator"], "value": k.row["value_num"],
                          "plan": k.plan.target if k.plan else None, "date": k.row["date"],
                          "source": k.row["source_id"]} for k in kpis(q)])


PLATFORM_PARTS = {"NT_QG_TONG": ["NT_QG_CHINH_THUC", "NT_QG_THU_NGHIEM"],
                  "NT_KHAC_TONG": ["NT_KHAC_CP_SO", "NT_KHAC_KT_SO", "NT_KHAC_XH_SO"]}
SECURITY = "ATTT_HTTT_PHE_DUYET"


def platform_checks(q: Quarter) -> list[dict[str, str]]:
    """Totals of platforms against the sum of their parts, and the approved systems' share."""
    rows = []
    for total, pieces in PLATFORM_PARTS.items():
        t = q.latest(total)
        if t is None:
            continue
        vals = [q.latest(p) for p in pieces]
        total_parts = sum(v["value_num"] for v in vals if v is not None)
        rows.append({"chi_tieu": q.name(total), "tong_bai_neu": fmt.number(t["value_num"]),
                     "cac_phan": "; ".join(f"{fmt.lower_first(q.name(p))}: "
                                           f"{fmt.number(v['value_num'])}"
                                           for p, v in zip(pieces, vals, strict=True)
                                           if v is not None),
                     "cong_cac_phan": fmt.number(total_parts),
                     "khop_tong": "có" if total_parts == t["value_num"] else "không"})
    sec = q.latest(SECURITY)
    if sec is not None:
        share = sec["numerator_num"] / sec["denominator_num"] * 100
        rows.append({"chi_tieu": q.name(SECURITY),
                     "tong_bai_neu": domestic.format_value(sec["value"], "count",
                                                           sec["qualifier"]),
                     "cac_phan": f"trên tổng số {fmt.number(sec['denominator_num'])} hệ thống",
                     "cong_cac_phan": f"{sec['qualifier']} {fmt.percent(share, 0)}".strip(),
                     "khop_tong": fmt.MISSING})
    return rows


def platform_table(q: Quarter) -> tables.Table:
    """Chapter 5: platforms and information security, with the sums and shares checked; the
    download is the text shown."""
    stated = q.obs[q.obs["indicator"].str.startswith(("NT_", "ATTT_HTTT"))]
    return tables.Table(
        "tbl-nen-tang-attt", "Nền tảng số và hệ thống thông tin được phê duyệt cấp độ an toàn: "
        "số bài nêu và phép cộng, phép chia kiểm tra.", platform_checks(q), [
            tables.text("Chỉ tiêu", "chi_tieu"),
            tables.text("Tổng bài nêu", "tong_bai_neu", "right"),
            tables.text("Các phần", "cac_phan"),
            tables.text("Cộng các phần", "cong_cac_phan", "right"),
            tables.text("Khớp tổng", "khop_tong"),
        ], units="số đếm; %", source=press_source(stated["source_id"]), retrieved=PRESS_DATED,
        empty=f"Chưa có số liệu về nền tảng số đến hết {q.vi}.")
