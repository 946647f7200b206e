"""One plotting theme for every chart: seaborn style, a font with Vietnamese diacritics,
Vietnamese number format on the axes, and the chosen country always in the same colour."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from egovbook.common import fmt

COUNTRY_COLOR = "#c0392b"
SCOPE_COLORS = {"world": "#7f8c8d", "region": "#2980b9", "subregion": "#27ae60"}
INDEX_COLORS = {"egdi": "#c0392b", "osi": "#8e44ad", "tii": "#2980b9", "hci": "#16a085",
                "epi": "#d35400"}
OTHER_COLOR = "#b3b3b3"


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


def year_axis(ax: Axes, years: list[int]) -> None:
    ax.set_xticks(years)
    ax.set_xticklabels([fmt.year(y) for y in years], rotation=45, ha="right")


def new(figsize: tuple[float, float] | None = None) -> tuple[plt.Figure, Axes]:
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax
