"""Chapter 4's rate chart (Hình 7): the e-government rates beside their targets, each target's
star labelled with the sources of its own deadline, and the words that say what the chart draws
and where the other rate indicators with a target are shown.

The sentences are in ``notebooks/prose/04_chi_tieu_trong_nuoc.md`` (blocks
``fig-chi-tieu-muc-tieu…``); this module gives them the chart's own scope, computed from what it
draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FixedLocator

from egovbook.analysis import target_status
from egovbook.chapters import domestic_indicators, prose, theme
from egovbook.chapters.domestic_portal import kpi_chart
from egovbook.chapters.domestic_quarter import Quarter
from egovbook.common import fmt, periods
from egovbook.intake import domestic

FIGURE = "fig-chi-tieu-muc-tieu"  # its label (the prose blocks are named after it)
# Its data's headers: the date of a figure apart from a target's deadline; every value a percent.
TITLES = {**domestic_indicators.DEADLINE_TITLES, **domestic_indicators.READ_TITLES,
          "date": "Ngày số liệu", "ngay_la": "Về ngày số liệu", "value": "Giá trị (%)"}
# The e-government rates the chart is for (those with data are drawn); the other rate
# indicators with a target are named beside it (:func:`scope`).
RATES = ["DVC_M4_TYLE", "LGSP_TYLE", "VBDT_TYLE", "DVC_HAI_LONG_CONG_KHAI"]


def _say(block: str, **fields: object) -> str:
    return prose.text(domestic_indicators.PROSE, block, **fields)


@dataclass
class Goal:
    """One target of an indicator as drawn (a value and a deadline, as the targets table has
    it): the sources stating that value with that deadline, and where its star is (none: no
    source gives a deadline)."""

    value: float
    sources: list[str]
    deadline: date | None = None
    inferred_by: list[str] = field(default_factory=list)  # the book inferred their deadline
    silent_by: list[str] = field(default_factory=list)  # they give no deadline
    read_by: list[str] = field(default_factory=list)  # their quote gives no value: the book's

    def label(self) -> str:
        """The words by the goal's star: ``mục tiêu 30 % (A001, A002)``; the sources that do
        not state its deadline named as such: ``mục tiêu 100 % (bài A003 nêu; với bài A002,
        sách suy ra)``; a value no quote states, as the book's: ``mục tiêu 100 % (sách đọc ra
        từ bài A000, A001)``."""
        stated = [s for s in self.sources if s not in {*self.inferred_by, *self.silent_by}]
        marked = self.inferred_by or self.silent_by  # else the ids alone, as the table's column
        when = (periods.deadline_sources(stated, self.inferred_by, self.silent_by) if marked
                else "" if self.read_by else ", ".join(stated))
        read = target_status.value_mark(self.read_by, self.sources)
        return _say("fig-chi-tieu-muc-tieu.goal", value=fmt.percent(self.value, 0),
                    sources="; ".join(x for x in (read, when) if x))


@dataclass
class RateChart:
    """The percent indicators beside their targets (chapter 4's chart) and its download."""

    codes: list[str]
    observations: dict[str, pd.DataFrame]
    goals: dict[str, list[Goal]]
    data: pd.DataFrame


def rate_chart(q: Quarter) -> RateChart:
    """One goal per distinct target: one dashed line per target value, a star at each deadline,
    each star with its own sources (one value due at two deadlines is two stars)."""
    codes = [c for c in RATES if c in set(q.obs["indicator"])]
    observations, goals, plotted = {}, {}, []
    for code in codes:
        series = q.obs[q.obs["indicator"] == code]  # drawn: where the axis ticks its date
        series = observations[code] = series.assign(drawn=list(map(theme.drawn_at,
                                                                   series["period"])))
        own = target_status.distinct_targets(q.targets[q.targets["indicator"] == code]).dropna(
            subset=["value_num"])
        goals[code] = []
        for value, group in own.groupby("value_num"):
            for t in group.itertuples():
                goals[code].append(Goal(value, sorted(set(t.sources)),
                                        theme.deadline_drawn_at(t.deadline),
                                        sorted(t.inferred_by), sorted(t.silent_by),
                                        sorted(t.value_read_by)))
                plotted.append({"indicator": code, "kind": "target", "date": None, "ngay_la": None,
                                "thoi_han": t.deadline, "value": value, "qualifier": "",
                                "sources": " ".join(t.sources),
                                "deadline_inferred": periods.inferred_flag(
                                    t.deadline_inferred, t.inferred_by),
                                "thoi_han_suy_ra_voi": " ".join(t.inferred_by) or None,
                                "khong_neu_thoi_han": " ".join(t.silent_by) or None,
                                "gia_tri_doc_ra_voi": " ".join(t.value_read_by) or None})
        # The qualifier travels with the value: "khoảng 15,91 %" is not drawn as exactly 15,91.
        # A figure's date and a target's deadline are two columns (review 15, C5): one is when
        # a value was seen, the other when one is due.
        # A date that is a meeting's or the book's reading says so (review 25, C3).
        plotted += [{"indicator": code, "kind": "observation", "date": r["date"],
                     "ngay_la": q.date_note(r) or None, "thoi_han": None,
                     "value": r["value_num"], "qualifier": r["qualifier"],
                     "sources": r["source_id"]} for _, r in series.iterrows()]
    return RateChart(codes, observations, goals, pd.DataFrame(plotted))


@dataclass(frozen=True)
class Scope:
    """What the chart draws, in words: the years its targets fall due; the other rate
    indicators with a target and data (codes), and those of them chapter 5's KPI chart draws."""

    years: list[int]
    others: list[str]
    in_kpi: list[str]

    @property
    def years_text(self) -> str:
        return fmt.join_vi([fmt.year(y) for y in self.years])


def scope(q: Quarter, chart: RateChart) -> Scope:
    """The chart's scope: every rate indicator with a target due in the chart's years and data
    is drawn (checked here, so the title never claims more than the chart draws)."""
    years = sorted({g.deadline.year for c in chart.codes for g in chart.goals[c] if g.deadline})
    # A target with no value stated («vượt 1%») is a target too: counted among the others
    # (review 16, C6), though it has no level to draw.
    found = [a for a in q.assessments() if q.unit(a.indicator) == "percent"
             and a.observed is not None]
    others = list(dict.fromkeys(a.indicator for a in found if a.indicator not in chart.codes))
    missed = [a.indicator for a in found if a.indicator in others and a.deadline
              and a.target is not None and periods.deadline_date(a.deadline).year in years]
    if missed:
        raise ValueError(f"{FIGURE} leaves out rates with a target due in {years}: {missed}")
    kpi = kpi_chart(q)
    in_kpi = set(kpi["indicator"]) if len(kpi) else set()
    return Scope(years, others, [c for c in others if c in in_kpi])


def _names(q: Quarter, codes: list[str]) -> str:
    return fmt.join_vi([f"*{fmt.lower_first(q.name(c))}*" for c in codes])


def _count(codes: list[str]) -> str:
    return fmt.number(len(codes)) if codes else ""  # none: the clause is left out


def caption(q: Quarter, chart: RateChart) -> str:
    """The figure's caption (plain words, no cross-reference: it also heads the downloads)."""
    s = scope(q, chart)
    return _say("fig-chi-tieu-muc-tieu", years=s.years_text, quarter=q.vi,
                n_others=_count(s.others), n_kpi=_count(s.in_kpi))


def alt(q: Quarter, chart: RateChart) -> str:
    """The description for a reader who cannot see the chart: its panels, by name."""
    names = [fmt.lower_first(str(q.indicators.loc[c, "short_vi"])) for c in chart.codes]
    return _say("fig-chi-tieu-muc-tieu.alt", n=fmt.number(len(chart.codes)),
                years=scope(q, chart).years_text, names="; ".join(names))


def scope_note(q: Quarter, chart: RateChart) -> str:
    """The sentence before the chart: what it draws, and where the other rate indicators with
    a target and data are (the targets table; chapter 5's KPI chart for those it draws)."""
    s = scope(q, chart)
    return _say("fig-chi-tieu-muc-tieu.scope", years=s.years_text, others=_names(q, s.others),
                in_kpi=_names(q, s.in_kpi))


RATE_AXIS = "Tỷ lệ (%)"
GOAL_COLOR = "#555555"
STAR_SIZE = 12


def rate_figure(q: Quarter, chart: RateChart) -> plt.Figure:
    """Chapter 4's chart for the quarter (:func:`draw_rates` with the quarter's words)."""
    return draw_rates(chart, {c: q.indicators.loc[c, "short_vi"] for c in chart.codes},
                      _say("fig-chi-tieu-muc-tieu.title", quarter=q.vi,
                           years=scope(q, chart).years_text))


def _star_spots(x: float, y: float) -> list[theme.Spot]:
    """Spots by a star, off its dashed line (a label level with the star would sit on it):
    above or below the line, ending left of the star, starting right of it or centred on it;
    nearest first, and from a little way off with a leader line to the star."""
    side = STAR_SIZE / 2 + 3  # points from the star's centre to the label's near edge
    spots = [(dx, dy) for dx in (0, side, 30, 60, 90) for dy in (3, 12, 22, 34, 48, 64, 80)
             if dx or dy > side]  # centred: clear of the star's top or bottom
    return [theme.Spot((x, y), (sx * dx, sy * dy), ha, va, leader=dx > side or dy >= 22)
            for dx, dy in sorted(spots, key=lambda s: s[0] + s[1])
            for sy, va in ((1, "bottom"), (-1, "top"))
            for sx, ha in (((0, "center"),) if dx == 0 else ((-1, "right"), (1, "left")))]


def draw_rates(chart: RateChart, names: dict[str, str], title: str) -> plt.Figure:
    """One panel per indicator, two columns (the figure reads at a phone's width): points only
    (the quarters between observations have no data, so no line joins them), one dashed line
    per target value, a star at each deadline, labelled with the sources of that deadline.
    Value and target labels are placed clear of each other, the markers, the lines and the
    tick labels (:func:`theme.place_labels`)."""
    fig, axes = theme.panels(len(chart.codes))
    text = theme.PHONE_TEXT
    values = [v for c in chart.codes for v in chart.observations[c]["value_num"]]
    values += [g.value for c in chart.codes for g in chart.goals[c]]
    # Headroom above the highest value or target for its label; ticks stop at that value.
    highest = max([100.0, *values])
    ticks = list(range(0, int(-(-highest // 20) * 20) + 1, 20))
    for i, (ax, code) in enumerate(zip(axes, chart.codes, strict=True)):
        series = chart.observations[code]
        ax.scatter(mdates.date2num(list(series["drawn"])), series["value_num"],
                   color=theme.COUNTRY_COLOR, zorder=3, s=40)
        goals = chart.goals[code]
        for value in dict.fromkeys(g.value for g in goals):
            ax.axhline(value, color=GOAL_COLOR, ls="--", lw=1)
        stars = [g for g in goals if g.deadline]
        if stars:
            ax.plot(mdates.date2num([g.deadline for g in stars]), [g.value for g in stars],
                    ls="none", marker="*", ms=STAR_SIZE, color=GOAL_COLOR, zorder=3)
        ax.set_title(theme.wrap(names[code], 26), fontsize=text, fontweight="bold")
        ax.set_ylim(0, highest * 1.3)
        theme.month_axis(ax, list(series["drawn"]) + [g.deadline for g in stars])
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        theme.vi_axis(ax, "y", 0)
        ax.tick_params(labelsize=text - 1)
        if i % 2 == 0:
            ax.set_ylabel(RATE_AXIS, fontsize=text - 1)
    heading = fig.suptitle(theme.wrap(title, 52), fontsize=text + 1, fontweight="bold")
    theme.tight(fig, title=heading)

    def labels() -> list[theme.Label]:
        values, targets = [], []
        for ax, code in zip(axes, chart.codes, strict=True):
            goals = chart.goals[code]
            lines = {v: theme.hline_box(ax, v) for v in dict.fromkeys(g.value for g in goals)}
            for _, row in chart.observations[code].iterrows():
                shown = domestic.format_value(row["value"], "percent", row["qualifier"])
                spots = theme.around_point(mdates.date2num(row["drawn"]), row["value_num"])
                values.append(theme.Label(shown, ax, spots, {"fontsize": text - 1},
                                          list(lines.values())))
            targets += [theme.Label(
                theme.wrap(g.label(), 20), ax,
                _star_spots(mdates.date2num(g.deadline), g.value) if g.deadline
                else theme.along_hline(g.value), {"fontsize": text - 1, "color": "#333333"},
                [b for v, b in lines.items() if v != g.value]) for g in goals]
        return values + targets

    theme.place_growing(fig, labels, title=heading)
    return fig
