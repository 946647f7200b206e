"""Chapter 5: the national public service portal at two dates, the digital transformation
indicators beside their plan (the national platforms and information security:
:mod:`egovbook.chapters.domestic_platforms`).

The sentences (the opening, captions, what a table says instead when it has no row) are in
``notebooks/prose/05_cong_dvc_chuyen_doi_so.md``; this module gives them values, cell words and
lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from egovbook.analysis import bounds, target_status
from egovbook.analysis.values import Figure, Traced, exact_text, merge_inputs
from egovbook.chapters import describe, prose, tables, theme
from egovbook.chapters.domestic_platforms import platform_table
from egovbook.chapters.domestic_quarter import Comparison, Glue, Quarter, compare
from egovbook.chapters.report import PRESS_DATED, press_source
from egovbook.common import fmt, units
from egovbook.intake import domestic

PROSE = "05_cong_dvc_chuyen_doi_so"


def _say(block: str, **fields: object) -> str:
    return prose.text(PROSE, block, **fields)


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
                                                                   r["qualifier"], r["quote"])

    def ratio(f: PortalFigure) -> str:
        if f.ratio:
            return bounds.show(f.ratio, fmt.number, 1)
        cmp = f.comparison
        return cmp.text if cmp and not cmp.comparable else fmt.MISSING

    def both(f: PortalFigure) -> list[Any]:
        return [x for x in (f.first, f.last) if x is not None]

    def raw(which: str, column: str) -> Any:
        return lambda f: None if getattr(f, which) is None else getattr(f, which)[column]

    def scopes(f: PortalFigure) -> str:
        return " / ".join(dict.fromkeys(x["scope_note"] for x in both(f) if x["scope_note"]))

    def sources(f: PortalFigure) -> str:
        return ", ".join(dict.fromkeys(x["source_id"] for x in both(f)))

    first, last = ((dates[0].vi(), dates[-1].vi()) if len(dates) > 1
                   else ("Thời điểm đầu", "Thời điểm cuối"))
    return [
        tables.Col("Chỉ tiêu", lambda f: q.name(f.code), {"chi_tieu": lambda f: f.code}),
        tables.right(first, lambda f: count(f.first),
                     {"gia_tri_dau": raw("first", "value_num"),
                      "tu_chi_muc_dau": raw("first", "qualifier"),
                      "ngay_dau": raw("first", "date")},
                     lambda f: q.cell(f.first, count(f.first))),
        tables.right(last, lambda f: count(f.last),
                     {"gia_tri_cuoi": raw("last", "value_num"),
                      "tu_chi_muc_cuoi": raw("last", "qualifier"),
                      "ngay_cuoi": raw("last", "date")},
                     lambda f: q.cell(f.last, count(f.last))),
        tables.right(RATIO, ratio,
                     {"so_sanh_duoc": lambda f: bool(f.comparison and f.comparison.comparable),
                      "ty_so": lambda f: None if f.ratio is None else float(f.ratio.value),
                      "ty_so_la": lambda f: None if f.ratio is None else f.ratio.kind,
                      # Why no ratio is given, in the table's words.
                      "ghi_chu_so_sanh": lambda f: "" if f.ratio or ratio(f) == fmt.MISSING
                      else ratio(f)},
                     lambda f: _ratio_cell(q, f, ratio(f))),
        tables.Col("Ghi chú", scopes, {"ghi_chu": scopes}),
        tables.Col("Nguồn", sources, {"nguon": sources}),
    ]


def _ratio_cell(q: Quarter, f: PortalFigure, text: str) -> Figure | None:
    """The ratio of the two dates' figures: traced to both rows."""
    if f.ratio is None or f.first is None or f.last is None:
        return None
    return Figure(text, exact_text(f.ratio.value), units.TIMES, _say("cell.ratio.how"),
                  "egovbook.analysis.bounds.ratio", merge_inputs(
                      q.observation(f.last).inputs + q.observation(f.first).inputs))


RATIO = "Tỷ số giữa hai thời điểm"  # the portal table's ratio column, named by its unit line


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
    caption = (_say("tbl-cong-dvcqg", first=dates[0].vi(), last=dates[-1].vi()) if figures
               else "")
    return tables.Table(
        "tbl-cong-dvcqg", caption, figures, portal_columns(q, dates),
        # Each unit with what it measures (review 19, C2): the file's ratio column named.
        units=units.line(q.count_unit([f.code for f in figures]),
                         units.of_columns([tables.title("ty_so")], [units.TIMES])),
        source=press_source(q.group("cong_dvcqg")["source_id"]),
        retrieved=PRESS_DATED, empty=_say("tbl-cong-dvcqg.empty", quarter=q.vi))


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
    parts: list[Figure | str] = []
    portal = q.group("cong_dvcqg")
    dated = [_date(q, when, portal) for when in dates]
    if len(dates) >= 2:
        out["portal_first"], out["portal_last"] = dates[0].vi(), dates[-1].vi()
        parts.append(prose.figure(PROSE, "intro.portal_two", None, FN, first=dated[0],
                                  last=dated[-1]))
    elif dates:
        parts.append(prose.figure(PROSE, "intro.portal_one", None, FN, first=dated[0]))
    if not kpi.empty:
        out["kpi_when"] = kpi["period"].iloc[-1].vi()
        parts.append(prose.figure(PROSE, "intro.kpi", None, FN,
                                  when=_date(q, kpi["period"].iloc[-1], kpi)))
    if len(platform_table(q).rows):
        parts.append(_say("intro.platforms"))
    joined = Figure(fmt.join_vi([p.text if isinstance(p, Figure) else p for p in parts]), None,
                    units.PHRASE, "", FN, prose.inputs_of(parts), prose.parts_of(parts))
    out["intro"] = prose.figure(PROSE, "intro", None, FN, parts=joined, quarter=q.vi)
    return out


FN = "egovbook.chapters.domestic_portal.portal_glue"


def _date(q: Quarter, when: Any, rows: pd.DataFrame) -> Figure:
    """A date the opening names, traced to the rows dated that day."""
    on = rows[rows["period"] == when]
    return Figure(when.vi(), when.iso(), units.DATE, _say("intro.date.how"), FN,
                  q.rows_of(on, _say("intro.date.rows", when=when.vi())))


def portal_lead(q: Quarter) -> str:
    """What the portal table shows, said only when it shows: the comparison rules, and which
    indicators have a different scope at the two dates (computed, not written by hand)."""
    figures, dates = portal_figures(q)
    if len(dates) < 2:
        return ""
    scoped = [q.name(f.code) for f in figures if f.first is not None and f.last is not None
              and (f.first.get("scope") or "") != (f.last.get("scope") or "")]
    return _say("portal_lead", scoped=fmt.join_vi([fmt.lower_first(n) for n in scoped]))


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


def _kpi_status(k: Kpi) -> str:
    return k.plan.status_vi if k.plan else _say("tbl-kpi-cds.no_plan")


def _plan_gap(k: Kpi) -> str:
    if k.plan is None or k.plan.target is None:
        return fmt.MISSING
    places = fmt.decimals_of(k.row["value_num"], k.plan.target)
    return fmt.signed(k.row["value_num"] - k.plan.target, places) + " " + units.PERCENT_POINTS


def _plan_gap_cell(q: Quarter, k: Kpi) -> Figure | None:
    """The KPI minus its plan: traced to the observation and the plan's rows."""
    if k.plan is None or k.plan.target is None:
        return None
    traced = q.observation(k.row) - Traced(k.plan.target, _say("cell.plan.how"),
                                           q.target_rows(k.plan.target_ids,
                                                         q.name(k.row["indicator"])),
                                           unit=units.PERCENT)
    return traced.show(lambda _: _plan_gap(k))


def _done(k: Kpi) -> str:
    return domestic.format_value(k.row["value"], "percent", k.row["qualifier"])


def kpi_table(q: Quarter) -> tables.Table:
    """Chapter 5: the digital transformation indicators against the plan."""
    found = kpis(q)
    kpi = q.group("cds_kpi")
    when = kpi["period"].iloc[-1].vi() if found else ""
    return tables.Table(
        "tbl-kpi-cds", _say("tbl-kpi-cds", when=when), found, [
            tables.Col("Chỉ tiêu", lambda k: q.name(k.row["indicator"]),
                       {"chi_tieu": lambda k: k.row["indicator"]}),
            tables.right("Thực hiện", lambda k: _done(k),
                         # The figure's date and article are the figure's (review 25, C5).
                         {"gia_tri": lambda k: k.row["value_num"],
                          "ngay": lambda k: k.row["date"], "nguon": lambda k: k.row["source_id"]},
                         lambda k: q.cell(k.row, _done(k)), titles={"gia_tri": "Thực hiện"}),
            tables.Col("Kế hoạch", _plan_text,
                       # A plan without a level keeps its words (the table's) in the file.
                       {"ke_hoach": lambda k: k.plan.target if k.plan else None,
                        "ke_hoach_ghi_chu": lambda k: None if k.plan and k.plan.target is not None
                        else _plan_text(k)}, titles={"ke_hoach_ghi_chu": "Kế hoạch (lời)"},
                       trace=lambda k: q.target_cell(k.plan, _plan_text(k),
                                                     _say("cell.plan.how"))
                       if k.plan else None),
            tables.right("Chênh lệch", _plan_gap,
                         {"chenh_lech": lambda k: None if k.plan is None or k.plan.target is None
                          else k.row["value_num"] - k.plan.target},
                         trace=lambda k: _plan_gap_cell(q, k)),
            tables.Col("Đánh giá", _kpi_status, {"danh_gia": _kpi_status}),
        ], units=units.line(units.of_columns(["Thực hiện", "Kế hoạch"], [units.PERCENT]),
                            units.of_columns(["Chênh lệch"], [units.PERCENT_POINTS])),
        source=press_source(kpi["source_id"]), retrieved=PRESS_DATED,
        empty=_say("tbl-kpi-cds.empty", quarter=q.vi))


def kpi_chart(q: Quarter) -> pd.DataFrame:
    """What the KPI chart draws (and downloads): value and plan of each indicator."""
    return pd.DataFrame([{"indicator": k.row["indicator"], "value": k.row["value_num"],
                          "plan": k.plan.target if k.plan else None, "date": k.row["date"],
                          "source": k.row["source_id"]} for k in kpis(q)])


def kpi_describe(q: Quarter) -> describe.Plan:
    """The line under the KPI chart: each indicator beside its plan; one whose article gives no
    plan level but says it exceeded the plan («vượt 1%») keeps that verdict, in the article's
    words (its quote, without the brackets), apart from those with no plan (review 11, C8)."""
    said = {k.row["indicator"]: k.plan_quote.strip().strip("()").strip() for k in kpis(q)
            if k.plan is not None and k.plan.status == target_status.MET_STATED}
    return describe.Plan("indicator", "value", "plan", places=2, unit="%", said=said,
                         label_of=lambda c: fmt.lower_first(q.name(str(c))))


KPI_WORDS = {"value": "Thực hiện", "plan": "Kế hoạch", "axis": "Tỷ lệ (%)"}


def kpi_figure(q: Quarter, frame: pd.DataFrame) -> plt.Figure:
    """Chapter 5's KPI chart for the quarter (:func:`draw_kpis` with the quarter's words)."""
    shown = [domestic.format_value(k.row["value"], "percent", k.row["qualifier"])
             for k in kpis(q)]
    return draw_kpis(frame, [q.indicators.loc[c, "short_vi"] for c in frame["indicator"]],
                     shown, _say("fig-kpi-cds.title"))


def draw_kpis(frame: pd.DataFrame, names: list[str], shown: list[str],
              title: str) -> plt.Figure:
    """A bar per indicator and a diamond at its plan. The values stand in a column right of
    the plotting area, level with their bars, and the legend under the axis: nothing drawn
    inside the area (bars, plan markers) can cover them, whatever the values."""
    text = theme.PHONE_TEXT
    fig, ax = theme.new((theme.PHONE_WIDTH, 0.8 * len(frame) + 2.4))
    rows = list(range(len(frame)))
    ax.barh(rows, frame["value"], color=theme.COUNTRY_COLOR, label=KPI_WORDS["value"])
    planned = [i for i, p in zip(rows, frame["plan"], strict=True) if pd.notna(p)]
    ax.scatter([frame["plan"].iloc[i] for i in planned], planned, marker="D", s=45,
               color="black", zorder=3, label=KPI_WORDS["plan"])
    ax.set_yticks(rows, [theme.wrap(n, 22) for n in names])
    ax.invert_yaxis()
    ax.set_xlim(0, max([100.0, *frame["value"], *frame["plan"].dropna()]) * 1.02)
    for i, label in zip(rows, shown, strict=True):
        ax.annotate(label, (1, i), xycoords=("axes fraction", "data"), xytext=(6, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=text - 1,
                    annotation_clip=False)
    ax.set_xlabel(KPI_WORDS["axis"], fontsize=text - 1)
    ax.tick_params(labelsize=text - 1)
    ax.set_title(theme.wrap(title, 46), fontsize=text + 1)
    theme.vi_axis(ax, "x", 0)
    # The legend in its own strip at the bottom of the figure, under the axis label.
    fig.legend(loc="lower center", ncol=2, frameon=False, fontsize=text - 1)
    theme.tight(fig, bottom=0.45)
    return fig
