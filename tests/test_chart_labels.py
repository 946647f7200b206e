"""Chart labels (Hình 7: rates against targets; Hình 8: KPIs against plan) never cover each
other, a tick label, a title or a marker, for the real editions and for data made to crowd them;
and the charts read at a phone's width.

The overlap check here is the test's own: every text the figure draws and every marker, measured
by the renderer after drawing, compared pairwise."""

from __future__ import annotations

import datetime as dt
from itertools import combinations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from egovbook.chapters import domestic_portal, domestic_rates, theme  # noqa: E402
from egovbook.chapters.domestic_quarter import Quarter  # noqa: E402
from egovbook.chapters.domestic_rates import Goal, RateChart  # noqa: E402

# A phone shows the figure at about this many CSS pixels across (390 px screen, page margins).
PHONE_PX = 358
SMALLEST_PX = 8


@pytest.fixture(autouse=True)
def _theme() -> None:
    theme.apply()
    yield
    plt.close("all")


def drawn(fig: plt.Figure) -> list[tuple[str, object]]:
    """(what, box) of every text drawn (tick labels only inside the view) and every marker."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ticks, out = set(), []
    for ax in fig.axes:
        for axis, view in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks |= {id(tick.label1), id(tick.label2)}
                inside = min(view) <= tick.get_loc() <= max(view)
                if inside and tick.label1.get_visible() and tick.label1.get_text():
                    out.append((f"tick {tick.label1.get_text()}",
                                tick.label1.get_window_extent(renderer)))
    for t in fig.findobj(Text):
        if id(t) not in ticks and t.get_visible() and t.get_text().strip():
            # The text's own box (an annotation's box would also span its leader line).
            out.append((t.get_text(), Text.get_window_extent(t, renderer)))
    px = fig.dpi / 72
    for c in fig.findobj(PathCollection):
        r = (c.get_sizes()[0] ** 0.5) / 2 * px if len(c.get_sizes()) else 0
        for x, y in c.get_offset_transform().transform(c.get_offsets()):
            out.append(("marker", matplotlib.transforms.Bbox.from_extents(x - r, y - r,
                                                                          x + r, y + r)))
    for line in fig.findobj(Line2D):
        if line.get_visible() and line.get_marker() not in (None, "None", "", " ", "none"):
            r = line.get_markersize() / 2 * px
            for x, y in line.get_transform().transform(line.get_xydata()):
                out.append(("marker", matplotlib.transforms.Bbox.from_extents(
                    x - r, y - r, x + r, y + r)))
    return out


def collisions(fig: plt.Figure) -> list[str]:
    """Pairs of drawn things that overlap by more than half a pixel each way (two markers may
    touch: a deadline star on its own target line is not a label)."""
    found = []
    for (a, box_a), (b, box_b) in combinations(drawn(fig), 2):
        if a == b == "marker":
            continue
        w = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        h = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if w > 0.5 and h > 0.5:
            found.append(f"«{a}» × «{b}»")
    return found


def phone_px(fig: plt.Figure) -> float:
    """The smallest text of the figure, in CSS pixels when the figure is shown phone-wide."""
    smallest = min(t.get_fontsize() for t in fig.findobj(Text)
                   if t.get_visible() and t.get_text().strip())
    return smallest / 72 * PHONE_PX / fig.get_figwidth()


@pytest.mark.parametrize("quarter", ["2022Q3", "2020Q3"])
def test_edition_charts_have_no_colliding_labels(quarter: str) -> None:
    q = Quarter.load(quarter)
    chart = domestic_rates.rate_chart(q)
    rates = domestic_rates.rate_figure(q, chart)
    assert collisions(rates) == []
    assert phone_px(rates) >= SMALLEST_PX
    # Several indicators: in two columns, not all side by side.
    assert len(chart.codes) >= 3
    assert len({round(ax.get_position().x0, 3) for ax in rates.axes}) == 2
    if domestic_portal.kpi_table(q).rows:
        frame = domestic_portal.kpi_chart(q)
        kpis = domestic_portal.kpi_figure(q, frame)
        assert collisions(kpis) == []
        assert phone_px(kpis) >= SMALLEST_PX


def crowded_rates() -> tuple[RateChart, dict[str, str]]:
    """Values just under, on and over close targets; many dates in a short span; a value at 0
    and at 100; a long qualifier; long names."""
    d = dt.date
    rows = {
        "A": [(d(2020, 8, 1), "88.53", ""), (d(2020, 8, 20), "89.9", "khoảng"),
              (d(2020, 9, 5), "91", "hơn"), (d(2020, 9, 30), "100", "")],
        "B": [(d(2019, 12, 31), "0", ""), (d(2020, 1, 15), "2.5", "dưới")],
        "C": [(d(2021, 3, 1), "15.91", "khoảng")],
        "D": [(d(2020, 1, 1), "49", ""), (d(2020, 4, 1), "50", ""), (d(2020, 7, 1), "51", ""),
              (d(2020, 10, 1), "52", "")],
        "E": [(d(2020, 6, 30), "29.5", "gần")],
    }
    # One goal per star: a value due at two deadlines is two goals, each with its sources.
    goals = {
        "A": [Goal(88.0, ["A001"], d(2020, 12, 31)), Goal(90.0, ["A000", "A001"], d(2020, 12, 31)),
              Goal(90.0, ["A002"], d(2021, 6, 30)), Goal(100.0, ["A003"], d(2020, 9, 30))],
        "B": [Goal(1.0, ["A002"], d(2020, 1, 15))],
        "C": [Goal(15.0, ["A004"], d(2021, 3, 1)), Goal(16.0, ["A000"])],
        "D": [Goal(50.0, ["A000", "A001"], d(2020, 4, 1)),
              Goal(50.0, ["A002", "A003"], d(2020, 10, 1))],
        "E": [Goal(30.0, ["A001"], d(2020, 6, 30))],
    }
    observations = {c: pd.DataFrame([{"drawn": e, "value": v, "value_num": float(v),
                                      "qualifier": k} for e, v, k in r])
                     for c, r in rows.items()}
    names = {c: f"Tỷ lệ chỉ tiêu thử nghiệm {c} của các bộ, ngành và địa phương" for c in rows}
    return RateChart(list(rows), observations, goals, pd.DataFrame()), names


def test_crowded_rate_chart_has_no_colliding_labels() -> None:
    chart, names = crowded_rates()
    fig = domestic_rates.draw_rates(chart, names, "Hình thử: nhãn dày đặc, nhiều mục tiêu "
                                                       "sát nhau, giá trị ở 0 và 100")
    assert collisions(fig) == []
    assert phone_px(fig) >= SMALLEST_PX


def test_crowded_kpi_chart_has_no_colliding_labels() -> None:
    frame = pd.DataFrame({"indicator": list("ABCDEF"),
                          "value": [71.75, 100.0, 0.0, 11.27, 85.0, 99.5],
                          "plan": [75.0, 100.0, 5.0, 7.0, 85.0, None]})
    names = ["Hộ gia đình có cáp quang băng rộng", "Doanh nghiệp dùng hóa đơn điện tử",
             "Thương mại điện tử / bán lẻ", "Người trưởng thành có điện thoại thông minh", "X",
             "Người từ 15 tuổi có tài khoản thanh toán"]
    shown = ["71,75 %", "100 %", "0 %", "khoảng 11,27 %", "85 %", "hơn 99,5 %"]
    fig = domestic_portal.draw_kpis(frame, names, shown, "Hình thử: kế hoạch trùng thực hiện")
    assert collisions(fig) == []
    assert phone_px(fig) >= SMALLEST_PX


def test_the_check_finds_a_label_over_a_target_label() -> None:
    """The check itself: the old layout's «88,53 %» over «mục tiêu 90 %» is found."""
    fig, ax = plt.subplots(figsize=(3, 4))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 110)
    ax.axhline(90)
    ax.annotate("mục tiêu 90 % (A001, A003)", (0.02, 90), xycoords=("axes fraction", "data"),
                xytext=(0, 3), textcoords="offset points")
    ax.scatter([0.05], [88.53])
    ax.annotate("88,53 %", (0.05, 88.53), xytext=(0, 7), textcoords="offset points",
                ha="center")
    assert any("88,53 %" in c and "mục tiêu" in c for c in collisions(fig))


def test_date_ticks_are_each_shown_once() -> None:
    """Month ticks on short and long spans never repeat a label (the old axis showed «10/2020»
    twice); a span inside one month is ticked at its dates."""
    for dates in ([dt.date(2020, 8, 1), dt.date(2021, 1, 15)],
                  [dt.date(2019, 12, 31), dt.date(2021, 12, 31)],
                  [dt.date(2020, 5, 10), dt.date(2020, 5, 20)]):
        fig, ax = plt.subplots()
        theme.month_axis(ax, dates)
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
        assert labels and len(labels) == len(set(labels)) <= 3, labels


@pytest.mark.parametrize("quarter", ["2022Q3", "2020Q3"])
def test_rate_chart_draws_a_value_on_its_own_date(quarter: str) -> None:
    """Hình 7: a value the source dates by month («07/2020») sits on its month's tick, not on
    the next month's (drawn at the month's last day it did); a value dated by day on its day.
    Read from the drawn axes against the quarter's data file dates."""
    q = Quarter.load(quarter)
    chart = domestic_rates.rate_chart(q)
    fig = domestic_rates.rate_figure(q, chart)
    fig.canvas.draw()
    on_tick = 0
    for ax, code in zip(fig.axes, chart.codes, strict=True):
        xs = [x for x, _ in ax.collections[0].get_offsets()]
        ticks = {t.get_text(): loc for t, loc in zip(ax.get_xticklabels(), ax.get_xticks(),
                                                     strict=True) if t.get_text()}
        dates = list(q.obs[q.obs["indicator"] == code]["date"])
        assert len(xs) == len(dates)
        for x, text in zip(xs, dates, strict=True):
            y, m, *day = map(int, text.split("-"))
            assert x == matplotlib.dates.date2num(dt.date(y, m, day[0] if day else 1)), text
            if not day and f"{m:02d}/{y}" in ticks:
                assert x == ticks[f"{m:02d}/{y}"], text
                on_tick += 1
            # No value is drawn past the next month's start (the old fault).
            nxt = dt.date(y + m // 12, m % 12 + 1, 1)
            assert x < matplotlib.dates.date2num(nxt), text
    if quarter == "2022Q3":
        assert on_tick >= 1  # the edition has month-dated values on their ticks


def year_label_boxes(fig: plt.Figure) -> list[tuple[str, object]]:
    """(text, box) of every year label drawn on the x axes, measured by the renderer."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [(t.get_text(), t.get_window_extent(renderer)) for ax in fig.axes
            for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]


def year_chart(years: list[int], size: tuple[float, float] | None,
               right_margin: float = 0.0) -> plt.Figure:
    """A chart on the survey years as Hình 1 (default size) and Hình 6 (8,5 × 5 in, room at the
    right for end labels) draw them: the real years of the Survey, one line through them."""
    fig, ax = theme.new(size)
    ax.plot(years, [0.5] * len(years), marker="o")
    theme.year_axis(ax, years)
    if right_margin:
        ax.set_xlim(years[0] - 0.5, years[-1] + right_margin)
    theme.tight(fig)
    return fig


@pytest.mark.parametrize(("size", "margin"), [(None, 0.0), ((8.5, 5), 3.5),
                                              ((theme.PHONE_WIDTH, 3.5), 0.0)])
def test_survey_year_labels_do_not_overlap(size: tuple[float, float] | None,
                                           margin: float) -> None:
    from egovbook.analysis import un

    years = [int(y) for y in un.Survey.for_country("VNM").series().index]
    boxes = year_label_boxes(year_chart(years, size, margin))
    shown = [int(text) for text, _ in boxes]
    # The first and the last survey are always named; close years may go unlabelled.
    assert shown[0] == years[0] and shown[-1] == years[-1]
    assert set(shown) <= set(years) and len(shown) >= len(years) // 2
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        assert not box_a.overlaps(box_b), f"nhãn năm {a} chồng lên {b}"


def test_the_year_check_finds_rotated_crowded_labels() -> None:
    """Every year labelled, as the figures used to be, does collide on 2003–2005."""
    years = [2003, 2004, 2005, 2008, 2010, 2012]
    fig, ax = theme.new((3.0, 3.0))
    ax.plot(years, [0.5] * len(years))
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years])
    boxes = year_label_boxes(fig)
    assert any(a.overlaps(b) for (_, a), (_, b) in combinations(boxes, 2))


def test_figures_on_survey_years_use_the_year_axis() -> None:
    """Hình 1 and Hình 6 are drawn by notebooks that label their years with theme.year_axis."""
    from pathlib import Path

    for name in ("01_tong_quan_egdi", "03_so_sanh_khu_vuc"):
        source = (Path(__file__).parents[1] / "notebooks" / f"{name}.ipynb").read_text()
        assert "theme.year_axis(ax, years)" in source and "rotation" not in source
