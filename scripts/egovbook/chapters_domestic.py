"""What the domestic chapters state: the quarter's data, targets, the portal, what is new.

Shared by the notebooks of chapters 4–6 so no helper is written twice. A change between two
observations is computed only when both have the same scope, and bounds ("hơn", "dưới",
"khoảng") stay bounds through the arithmetic (:mod:`egovbook.bounds`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pandas as pd

from . import bounds, domestic, fmt, periods, progress, quarterly, tables
from .values import Figure, Rows, Traced, phrase

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
        obs_all = quarterly.load_observations()
        chosen = quarter or quarterly.quarters(obs_all)[-1]
        return cls(domestic.load_indicators(), domestic.load_targets(), obs_all, chosen)

    @property
    def vi(self) -> str:
        return periods.quarter_vi(self.quarter)

    @cached_property
    def obs(self) -> pd.DataFrame:
        """Observations dated no later than the end of the quarter."""
        return self.obs_all[self.obs_all["end"] <= progress.quarter_end(self.quarter)]

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

    def assessments(self, quarter: str | None = None) -> list[progress.Assessment]:
        return progress.assess(self.obs_all, self.targets, quarter or self.quarter)

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
                      "egovbook.chapters_domestic.Quarter", "số đếm").show()

    def observation(self, row: Any) -> Traced:
        return Traced(float(row["value_num"]),
                      f"{self.name(row['indicator'])}, {row['period'].vi()} (bài "
                      f"{row['source_id']})",
                      self.rows_of(pd.DataFrame([row]), f"{self.name(row['indicator'])}, "
                                   f"{row['period'].vi()}"),
                      "egovbook.quarterly.load_observations", self.unit(row["indicator"]))


# --- chapter 4: targets -----------------------------------------------------------------------


def target_counts(assessments: list[progress.Assessment]) -> pd.Series:
    return pd.Series([a.status for a in assessments], dtype=object).value_counts()


def status_summary(assessments: list[progress.Assessment]) -> str:
    """``1 đã đạt, 6 chưa có số liệu sau thời hạn, …`` in the order of the statuses."""
    counts = target_counts(assessments)
    parts = [f"{fmt.number(counts[s])} mục tiêu «{progress.STATUS_VI[s].lower()}»"
             for s in progress.STATUS_VI if counts.get(s, 0)]
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
                            "egovbook.chapters_domestic.Quarter.missing_between"),
        "missing": fmt.join_vi([periods.quarter_vi(x) for x in missing]) or "không có",
        "n_targets": Figure(fmt.number(len(assessments)), str(len(assessments)), "mục tiêu",
                            table_what, "egovbook.progress.distinct_targets",
                            (Rows("domestic/targets.csv",
                                  tuple(f"target_id={t}" for t in target_rows["target_id"]),
                                  ("indicator", "value", "deadline"),
                                  f"{len(target_rows)} mục tiêu như các nguồn nêu"),)),
        "status_summary": Figure(status_summary(assessments), None, "mục tiêu",
                                 "đếm theo cột Đánh giá của bảng các mục tiêu",
                                 "egovbook.chapters_domestic.status_summary"),
        "conflict_list": phrase(progress.conflict_summary(q.targets, q.indicators),
                                "các chỉ tiêu mà các nguồn nêu mục tiêu khác nhau về giá trị hoặc "
                                "thời hạn (bảng các mục tiêu mâu thuẫn)",
                                "egovbook.progress.conflicting_targets",
                                (Rows("domestic/targets.csv",
                                      tuple(f"target_id={t}" for t in target_rows["target_id"]),
                                      ("indicator", "value", "deadline"),
                                      "các mục tiêu như từng nguồn nêu"),)),
        "cntt_year": fmt.year(domestic.load_rankings()["year"].iloc[0]),
    }


def target_text(q: Quarter, a: progress.Assessment) -> str:
    """``≥ 30 %; hạn năm 2020`` or ``không nêu giá trị``."""
    if a.target is None:
        return "không nêu giá trị"
    pct = q.unit(a.indicator) == "percent"
    shown = fmt.percent(a.target, 0) if pct else fmt.number(a.target)
    when = (f"hạn {progress.deadline_text(a.deadline)}" if a.deadline
            else "không nêu thời hạn")
    return f"{'≥' if a.comparator == '>=' else '≤'} {shown}; {when}"


def gap_text(q: Quarter, a: progress.Assessment) -> str:
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
    def latest(a: progress.Assessment) -> str:
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
class WhatsNew:
    shown: pd.DataFrame  # the reader's table
    data: pd.DataFrame  # its CSV
    glue: Glue
    changes: list[tuple[progress.Assessment, progress.Assessment]]
    stale: list[str]


def whats_new(q: Quarter) -> WhatsNew:
    prev = q.previous
    new = q.obs_all[q.obs_all["quarter"] == q.quarter]
    before = q.obs_all[q.obs_all["end"] < min(new["end"])] if not new.empty \
        else q.obs_all.iloc[0:0]
    rows, data = [], []
    for _, r in new.iterrows():
        old = before[before["indicator"] == r["indicator"]]
        o = old.iloc[-1] if len(old) else None
        cmp = compare(q, r, o)
        unit = q.unit(r["indicator"])
        rows.append({
            "Chỉ tiêu": q.name(r["indicator"]),
            "Số liệu mới": domestic.format_value(r["value"], unit, r["qualifier"])
            + f" ({r['period'].vi()})",
            "Số liệu trước": (domestic.format_value(o["value"], unit, o["qualifier"])
                              + f" ({o['period'].vi()})") if o is not None else fmt.MISSING,
            "Thay đổi": cmp.text,
            "Ghi chú": r["scope_note"] if o is None or r["scope_note"] == o["scope_note"]
            else " / ".join(x for x in (o["scope_note"], r["scope_note"]) if x),
            "Nguồn": r["source_id"] if o is None or o["source_id"] == r["source_id"]
            else f"{o['source_id']}, {r['source_id']}",
        })
        data.append({"chi_tieu": r["indicator"], "ngay": r["date"], "gia_tri": r["value_num"],
                     "tu_chi_ban": r["qualifier"], "pham_vi": r.get("scope", ""),
                     "ngay_truoc": None if o is None else o["date"],
                     "gia_tri_truoc": None if o is None else o["value_num"],
                     "pham_vi_truoc": None if o is None else o.get("scope", ""),
                     "so_sanh_duoc": cmp.comparable,
                     "thay_doi": None if cmp.change is None else float(cmp.change.value),
                     "thay_doi_la": None if cmp.change is None else cmp.change.kind,
                     "nguon": r["source_id"]})
    data_frame = pd.DataFrame(data)
    n_first = sum(1 for r in rows if r["Số liệu trước"] == fmt.MISSING)
    n_cmp = int(data_frame["so_sanh_duoc"].sum()) if len(data_frame) else 0
    changes = (progress.status_changes(q.assessments(prev), q.assessments())
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
                          "egovbook.chapters_domestic.Quarter.missing_between")
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
                                    len(rows) - n_first - n_cmp),
        "n_first": q.count(new, f"số dòng của {table} lần đầu có số liệu", n_first),
        "n_status": Figure(fmt.number(len(changes)), str(len(changes)), "mục tiêu",
                           "số dòng của bảng mục tiêu đổi trạng thái",
                           "egovbook.progress.status_changes"),
        "n_stale": Figure(fmt.number(len(stale)), str(len(stale)), "chỉ tiêu",
                          "số chỉ tiêu có số liệu ở quý trước mà chưa có ở quý này",
                          "egovbook.chapters_domestic.whats_new"),
    }
    return WhatsNew(pd.DataFrame(rows), data_frame, glue, changes, stale)


# --- chapter 5: the portal at two dates -------------------------------------------------------


def portal_table(q: Quarter) -> tuple[pd.DataFrame, pd.DataFrame, list[Any]]:
    """Each portal figure at the first and last dates, compared only where comparable."""
    portal = q.obs[q.indicators.loc[q.obs["indicator"], "group"].values == "cong_dvcqg"]
    dates = sorted(portal["period"].unique(), key=lambda p: p.end)
    if len(dates) < 2:
        return pd.DataFrame(), pd.DataFrame(), dates
    first, last = dates[0], dates[-1]
    rows, data = [], []
    for code in dict.fromkeys(portal["indicator"]):
        pick = {}
        for when in (first, last):
            hit = portal[(portal["indicator"] == code) & (portal["period"] == when)]
            pick[when] = hit.iloc[0] if len(hit) else None
        a, b = pick[first], pick[last]
        cmp = compare(q, b, a) if a is not None and b is not None else None
        ratio = cmp.ratio if cmp else None
        rows.append({
            "Chỉ tiêu": q.name(code),
            first.vi(): domestic.format_value(a["value"], "count", a["qualifier"])
            if a is not None else fmt.MISSING,
            last.vi(): domestic.format_value(b["value"], "count", b["qualifier"])
            if b is not None else fmt.MISSING,
            "Gấp (lần)": bounds.show(ratio, fmt.number, 1) if ratio else
            (cmp.text if cmp and not cmp.comparable else fmt.MISSING)
            if cmp else fmt.MISSING,
            "Phạm vi": " / ".join(dict.fromkeys(x["scope_note"] for x in (a, b)
                                                if x is not None and x["scope_note"])),
            "Nguồn": ", ".join(dict.fromkeys(x["source_id"] for x in (a, b) if x is not None)),
        })
        data.append({"chi_tieu": code,
                     "gia_tri_dau": None if a is None else a["value_num"],
                     "tu_chi_ban_dau": None if a is None else a["qualifier"],
                     "gia_tri_cuoi": None if b is None else b["value_num"],
                     "tu_chi_ban_cuoi": None if b is None else b["qualifier"],
                     "so_sanh_duoc": bool(cmp and cmp.comparable),
                     "ty_so": None if ratio is None else float(ratio.value),
                     "ty_so_la": None if ratio is None else ratio.kind})
    return pd.DataFrame(rows), pd.DataFrame(data), dates
