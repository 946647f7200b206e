"""One plotting theme for every chart: seaborn style, a font with Vietnamese diacritics,
Vietnamese number format on the axes, and the chosen country always in the same colour.

Charts that carry value labels place them with :func:`place_labels`: each label tries its
candidate spots in order and takes the first whose box, measured by the renderer, stays inside
its axes and clear of every other text and marker, so labels never cover each other, a tick
label or a marker, whatever the data.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text
from matplotlib.ticker import FixedLocator, Formatter, FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from egovbook.common import fmt, periods

COUNTRY_COLOR = "#c0392b"
SCOPE_COLORS = {"world": "#7f8c8d", "region": "#2980b9", "subregion": "#27ae60"}
INDEX_COLORS = {"egdi": "#c0392b", "osi": "#8e44ad", "tii": "#2980b9", "hci": "#16a085",
                "epi": "#d35400"}
OTHER_COLOR = "#b3b3b3"
# Charts meant to read on a phone: the book shows a figure at the text's width, about 360 CSS
# px on a phone, so in a figure PHONE_WIDTH inches wide the smallest text (PHONE_TEXT - 1
# points) shows at about 8.3 px there (and at about 17 px on a desktop page).
PHONE_WIDTH = 6.0
PHONE_TEXT = 11


def apply() -> None:
    sns.set_theme(style="whitegrid", context="notebook")
    mpl.rcParams.update({
        # DejaVu Sans carries every Vietnamese diacritic (checked on this toolchain).
        "font.family": "DejaVu Sans",
        "figure.figsize": (8.0, 4.5),
        "figure.dpi": 100,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "svg.hashsalt": "egovbook",
        "path.simplify": True,
    })


def vi_axis(ax: Axes, axis: str = "y", decimals: int = 2, integer: bool = False) -> None:
    """Tick labels with decimal comma (``0,25``) or thousands dot (``1.039``)."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    if integer:
        target.set_major_locator(MaxNLocator(integer=True))
        target.set_major_formatter(FuncFormatter(lambda v, _: fmt.number(v)))
    else:
        target.set_major_formatter(FuncFormatter(lambda v, _: fmt.number(v, decimals)))


# Width of a digit of DejaVu Sans, in ems (a year label is four digits).
DIGIT_EM = 0.64


class YearLabels(Formatter):
    """Survey years on a proportional axis, written level: a year too close to the last
    labelled one for its label to fit keeps its tick and grid line but no label (2003, 2004
    and 2005 would otherwise run into each other). Measured when the axis is drawn, so a later
    change of limits or size is taken into account."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return fmt.year(int(round(x)))

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        ax = self.axis.axes
        size = FontProperties(size=mpl.rcParams["xtick.labelsize"]).get_size_in_points()
        em = size * ax.figure.dpi / 72
        out, right = [], -float("inf")
        for v in values:
            text = self(v)
            x = ax.transData.transform((v, 0))[0]
            half = len(text) * DIGIT_EM * em / 2
            fits = x - half >= right + em / 2
            out.append(text if fits else "")
            right = x + half if fits else right
        return out


def year_axis(ax: Axes, years: list[int]) -> None:
    ax.set_xticks(years)
    ax.xaxis.set_major_formatter(YearLabels())


def new(figsize: tuple[float, float] | None = None) -> tuple[plt.Figure, Axes]:
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def wrap(text: str, width: int) -> str:
    """Break a title or a label into lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(text, width)) or text


def panels(n: int, row_height: float = 3.6) -> tuple[plt.Figure, list[Axes]]:
    """Small multiples for a phone-width figure: two columns at most, y shared along rows."""
    cols = min(n, 2)
    rows = -(-n // cols)
    fig, grid = plt.subplots(rows, cols, figsize=(PHONE_WIDTH, row_height * rows + 0.8),
                             sharey=True, squeeze=False)
    axes = list(grid.flat)
    for extra in axes[n:]:
        extra.remove()
    return fig, axes[:n]


def tight(fig: plt.Figure, bottom: float = 0.0, title: Text | None = None) -> None:
    """``tight_layout`` above ``bottom`` inches kept free (a legend strip). The figure's
    ``title`` (what ``fig.suptitle`` returned) keeps a fixed 0.1 inch from the top (matplotlib
    puts it 2 % down, which tight_layout does not count: a tall figure's title would cover the
    panels' titles)."""
    if title is not None:
        title.set_y(1 - 0.1 / fig.get_figheight())
    fig.canvas.draw()
    fig.tight_layout(rect=(0, bottom / fig.get_figheight(), 1, 1))


def month_axis(ax: Axes, dates: Sequence[dt.date], most: int = 3) -> None:
    """A date axis with at most ``most`` ticks at month starts, shown ``mm/yyyy`` (each label
    once), padded so the first and last points sit inside; a span shorter than a month is
    ticked at its own dates, shown ``dd/mm/yyyy``."""
    lo, hi = min(dates), max(dates)
    pad = dt.timedelta(days=max(20, (hi - lo).days * 0.12))
    start, end = lo - pad, hi + pad
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    months, day = [], dt.date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if months:
        step = -(-len(months) // most)
        ticks, shown = months[::step], "%m/%Y"
    else:
        ticks, shown = sorted(set(dates))[:most], "%d/%m/%Y"
    ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(ticks)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter(shown))
    ax.xaxis.set_minor_locator(FixedLocator([]))


def drawn_at(period: periods.Period) -> dt.date:
    """Where a dated value is drawn on a :func:`month_axis`: a day on its day; a month given
    without a day on the month's first day, where the axis ticks that month (drawn at the
    month's last day, as the analysis dates it, it would sit on the next month's tick)."""
    return dt.date(period.year, period.month, period.day or 1)


def deadline_drawn_at(text: str) -> dt.date | None:
    """A deadline as drawn: a day or a month as :func:`drawn_at`; a year («2020», the end of
    that year) on its last month, 12/2020; none (``''``) not drawn."""
    text = (text or "").strip()
    if len(text) == 4 and text.isdigit():
        return dt.date(int(text), 12, 1)
    period = periods.parse_period(text)
    return drawn_at(period) if period else None


@dataclass
class Spot:
    """One place a label may take: an anchor (in ``coords``), an offset in points, alignment."""

    xy: tuple[float, float]
    offset: tuple[float, float]
    ha: str = "center"
    va: str = "center"
    coords: str | tuple[str, str] = "data"
    leader: bool = False  # far from its anchor: a thin line joins them


@dataclass
class Label:
    """A label for :func:`place_labels`: its text, its axes, its spots (first choice first) and
    boxes it must also keep clear of (display pixels, e.g. the lines it should not cross)."""

    text: str
    ax: Axes
    spots: list[Spot]
    style: dict[str, object] = field(default_factory=dict)
    avoid: list[Bbox] = field(default_factory=list)


def _drawn_texts(fig: plt.Figure) -> list[Text]:
    """Every text the figure draws: titles, axis and tick labels inside the view, legends."""
    out: list[Text] = []
    ticks: set[int] = set()
    for ax in fig.axes:
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lo, hi), max(lo, hi)
            major = axis.get_major_ticks()
            for t in [*major, *axis.get_minor_ticks()]:
                ticks.update((id(t.label1), id(t.label2)))
            out += [t.label1 for t in major if t.label1.get_visible()
                    and t.label1.get_text().strip() and lo <= t.get_loc() <= hi]
    out += [t for t in fig.findobj(Text) if id(t) not in ticks and t.get_visible()
            and t.get_text().strip()]
    return out


def text_boxes(fig: plt.Figure, skip: Sequence[Text] = ()) -> list[Bbox]:
    renderer = fig.canvas.get_renderer()
    return [Text.get_window_extent(t, renderer) for t in _drawn_texts(fig) if t not in skip]


def marker_boxes(fig: plt.Figure) -> list[Bbox]:
    """The square around each marker drawn (scatter points, line markers), display pixels."""
    px = fig.dpi / 72
    out = []
    for c in fig.findobj(PathCollection):
        if not c.get_visible() or not len(c.get_offsets()):
            continue
        sizes = c.get_sizes()
        points = c.get_offset_transform().transform(c.get_offsets())
        for i, (x, y) in enumerate(points):
            r = (float(sizes[i % len(sizes)]) ** 0.5) / 2 * px if len(sizes) else 3 * px
            out.append(Bbox.from_extents(x - r, y - r, x + r, y + r))
    for line in fig.findobj(Line2D):
        if not line.get_visible() or line.get_marker() in (None, "None", "", " ", "none"):
            continue
        r = line.get_markersize() / 2 * px
        for x, y in line.get_transform().transform(line.get_xydata()):
            out.append(Bbox.from_extents(x - r, y - r, x + r, y + r))
    return out


def hline_box(ax: Axes, y: float, width_px: float = 2.0) -> Bbox:
    """A horizontal line across ``ax`` at data ``y``, as a thin box (display pixels)."""
    box = ax.get_window_extent()
    _, py = ax.transData.transform((ax.get_xlim()[0], y))
    return Bbox.from_extents(box.x0, py - width_px, box.x1, py + width_px)


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _outside(box: Bbox, area: Bbox) -> float:
    """How much of ``box`` lies outside ``area`` (pixels²)."""
    return box.width * box.height - _overlap(box, area)


def _anchor(ax: Axes, spot: Spot) -> tuple[float, float]:
    """The display position of a spot's anchor (data, or axes fraction across and data up)."""
    if spot.coords == "data":
        x, y = ax.transData.transform(spot.xy)
    else:
        x = ax.transAxes.transform((spot.xy[0], 0))[0]
        y = ax.transData.transform((ax.get_xlim()[0], spot.xy[1]))[1]
    return float(x), float(y)


def place_labels(fig: plt.Figure, labels: Sequence[Label],
                 gap: float = 1.5) -> tuple[list[Annotation], int]:
    """Place each label at its first spot whose box stays inside its axes and clear (by ``gap``
    pixels) of every text and marker drawn so far and of its own ``avoid`` boxes; labels are
    placed in order, each then an obstacle to the next. When no spot is clear, the one that
    covers least is taken. Call after the layout is final (the boxes are measured). Returns
    the labels placed and how many found no clear spot (see :func:`place_growing`)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    taken = text_boxes(fig) + marker_boxes(fig)
    placed, crowded = [], 0
    for label in labels:
        area = label.ax.get_window_extent(renderer)
        probe = label.ax.annotate(label.text, (0, 0), xytext=(0, 0), textcoords="offset points",
                                  annotation_clip=False, **label.style)  # type: ignore[arg-type]
        # A spot's cost: first what it covers (texts, markers, outside its axes), then how
        # much it crosses the lines it should stay clear of (a softer rule).
        best: tuple[tuple[float, float], Spot] | None = None
        for spot in label.spots:
            _put(probe, spot)
            box = probe.get_window_extent(renderer).padded(gap)
            # The label with its anchor should not cross an avoided line: a value label on the
            # far side of a target line would read as the wrong side of the target.
            x, y = _anchor(label.ax, spot)
            reach = Bbox.union([box, Bbox.from_extents(x, y, x, y)])
            cost = (sum(_overlap(box, b) for b in taken) + 10 * _outside(box, area),
                    sum(_overlap(reach, b) for b in label.avoid))
            if best is None or cost < best[0]:
                best = (cost, spot)
            if cost == (0, 0):
                break
        assert best is not None, "a label needs at least one spot"
        crowded += best[0][0] > 0
        probe.remove()
        spot = best[1]
        arrow = ({"arrowstyle": "-", "color": "#777777", "lw": 0.6, "shrinkA": 1, "shrinkB": 4}
                 if spot.leader else None)
        note = label.ax.annotate(label.text, (0, 0), xytext=(0, 0), textcoords="offset points",
                                 annotation_clip=False, arrowprops=arrow,
                                 **label.style)  # type: ignore[arg-type]
        _put(note, spot)
        # The text's own box: an annotation's box also spans its leader line.
        note.update_positions(renderer)
        taken.append(Text.get_window_extent(note, renderer))
        placed.append(note)
    return placed, crowded


def place_growing(fig: plt.Figure, make_labels: Callable[[], Sequence[Label]],
                  tries: int = 6, factor: float = 1.15,
                  title: Text | None = None) -> list[Annotation]:
    """:func:`place_labels`, and while some label finds no clear spot, make the figure taller
    (more room between values) and place them all again. ``make_labels`` builds the labels
    for the current layout (their ``avoid`` boxes are in display pixels)."""
    for attempt in range(tries):
        notes, crowded = place_labels(fig, make_labels())
        if not crowded or attempt == tries - 1:
            return notes
        for note in notes:
            note.remove()
        fig.set_figheight(fig.get_figheight() * factor)
        tight(fig, title=title)
    return notes


def _put(note: Annotation, spot: Spot) -> None:
    note.xy, note.xycoords = spot.xy, spot.coords
    note.set_position(spot.offset)
    note.set_ha(spot.ha)
    note.set_va(spot.va)


def around_point(x: float, y: float,
                 steps: Sequence[float] = (6, 12, 20, 32, 46, 62)) -> list[Spot]:
    """Spots around a data point: above, below, right, left, then the diagonals, farther out
    at each step (from 20 points on, with a leader line)."""
    out = []
    for d in steps:
        far = d >= 20
        out += [Spot((x, y), (0, d), "center", "bottom", leader=far),
                Spot((x, y), (0, -d), "center", "top", leader=far),
                Spot((x, y), (d, 0), "left", "center", leader=far),
                Spot((x, y), (-d, 0), "right", "center", leader=far),
                Spot((x, y), (d * 0.7, d * 0.7), "left", "bottom", leader=far),
                Spot((x, y), (-d * 0.7, d * 0.7), "right", "bottom", leader=far),
                Spot((x, y), (d * 0.7, -d * 0.7), "left", "top", leader=far),
                Spot((x, y), (-d * 0.7, -d * 0.7), "right", "top", leader=far)]
    return out


def along_hline(y: float, steps: Sequence[float] = (3, 10, 18, 30, 44)) -> list[Spot]:
    """Spots beside a horizontal line at data ``y``: just above or below it, at its left end,
    its right end or its middle, then farther from it (with a leader line)."""
    out = []
    coords = ("axes fraction", "data")
    for d in steps:
        far = d >= 18
        for fx, ha in ((0.02, "left"), (0.98, "right"), (0.5, "center")):
            out += [Spot((fx, y), (0, d), ha, "bottom", coords, far),
                    Spot((fx, y), (0, -d), ha, "top", coords, far)]
    return out
