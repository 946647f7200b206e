"""Hình 7 (chapter 4's rate chart) says what it draws and labels each target star with its own
articles (review 13, C6).

The scope is recomputed here from the data files (indicators, targets, the quarter's
observations), not from the chart's code: the title's claim «các chỉ tiêu tỷ lệ có mục tiêu hạn
năm … và có số liệu» must name exactly the panels drawn, and the other rate indicators with a
target and data must be named beside the chart with where they are shown. Each star's label must
name exactly the sources that Bảng 11 (the targets table) gives for that value and deadline.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from egovbook.chapters import domestic_indicators, domestic_rates, theme  # noqa: E402
from egovbook.chapters.domestic_quarter import Quarter  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

EDITIONS = ["2022Q3", "2020Q3"]
SOURCE = re.compile(r"A\d{3}")


@pytest.fixture(autouse=True)
def _theme() -> None:
    theme.apply()
    yield
    plt.close("all")


def _rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / "domestic" / name).open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def rates_with_target_and_data(q: Quarter) -> dict[str, set[int]]:
    """Percent indicators with a target and an observation by the quarter's end → the years
    their targets with a value fall due (a target without a deadline, or without a value to
    draw, such as A004's «vượt 1%», adds no year; its indicator is still one with a target:
    review 16, C6)."""
    percent = {r["code"] for r in _rows("indicators.csv") if r["unit"] == "percent"}
    observed = set(q.obs["indicator"])
    out: dict[str, set[int]] = {}
    for t in q.targets.to_dict("records"):
        if t["indicator"] in percent & observed:
            due = str(t["deadline"] or "").strip() if str(t["value"]).strip() else ""
            out.setdefault(t["indicator"], set()).update({int(due[:4])} if due else set())
    return out


def _flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


@pytest.mark.parametrize("quarter", EDITIONS)
def test_title_caption_and_alt_say_what_the_chart_draws(quarter: str) -> None:
    q = Quarter.load(quarter)
    chart = domestic_rates.rate_chart(q)
    fig = domestic_rates.rate_figure(q, chart)
    title = _flat(fig._suptitle.get_text())
    said = re.search(r"có mục tiêu hạn năm ([\d, và]+?) và có số liệu", title)
    assert said, title  # not «Các chỉ tiêu tỷ lệ so với mục tiêu»: not every rate is drawn
    years = {int(y) for y in re.findall(r"\d{4}", said.group(1))}
    found = rates_with_target_and_data(q)
    due = {code for code, when in found.items() if when & years}
    panels = [_flat(ax.get_title()) for ax in fig.axes]
    assert set(chart.codes) == due and len(panels) == len(due), (title, panels)
    others = sorted(set(found) - due)
    assert others  # both editions have rates with a target and data that the chart leaves out
    caption = _flat(domestic_rates.caption(q, chart))
    assert caption.startswith(f"Các chỉ tiêu tỷ lệ có mục tiêu hạn năm {said.group(1)}")
    assert f"Còn {len(others)} chỉ tiêu tỷ lệ khác có mục tiêu và số liệu" in caption
    alt = _flat(domestic_rates.alt(q, chart))
    assert alt.startswith(f"{len(panels)} biểu đồ nhỏ"), alt
    names = {r["code"]: r["short_vi"] for r in _rows("indicators.csv")}
    for code in domestic_rates.RATES:
        shown = names[code][1:].replace("\xa0", " ") in alt
        assert shown == (code in due), (code, alt)


@pytest.mark.parametrize("quarter", EDITIONS)
def test_the_note_names_the_other_rates_and_where_they_are(quarter: str) -> None:
    q = Quarter.load(quarter)
    chart = domestic_rates.rate_chart(q)
    note = _flat(domestic_rates.scope_note(q, chart))
    found = rates_with_target_and_data(q)
    others = set(found) - set(chart.codes)
    names = {r["code"]: r["name_vi"] for r in _rows("indicators.csv")}
    named = {c for c in names if f"*{names[c][0].lower()}{names[c][1:]}*" in note}
    assert named == others, note
    assert "{numref}`tbl-muc-tieu`" in note
    # Chapter 5's KPI chart is referred to where the edition draws it, for the rates it draws.
    kpi = {r["code"] for r in _rows("indicators.csv") if r["group"] == "cds_kpi"} & others
    assert ("{numref}`fig-kpi-cds`" in note) == bool(kpi)
    if kpi:
        after = note.split("{numref}`tbl-muc-tieu`", 1)[1]
        assert {c for c in kpi if names[c][1:] in after} == kpi


def _drawn_at(deadline: str) -> float:
    """A deadline on the chart's month axis: a year on its December, a month on its first."""
    year, month = int(deadline[:4]), int(deadline[5:7]) if len(deadline) > 4 else 12
    return float(mdates.date2num(dt.date(year, month, 1)))


@pytest.mark.parametrize("quarter", EDITIONS)
def test_each_star_is_labelled_with_the_sources_of_its_deadline(quarter: str) -> None:
    """The LGSP panel's 100 % is due in tháng 10/2020 (A000, A001) and in năm 2020 (A002,
    A003): two stars, two labels, not one label «(A000, A001, A002, A003)»."""
    q = Quarter.load(quarter)
    chart = domestic_rates.rate_chart(q)
    fig = domestic_rates.rate_figure(q, chart)
    fig.canvas.draw()
    _, table = domestic_indicators.targets_table(q).frames()
    two_stars = 0
    for ax, code in zip(fig.axes, chart.codes, strict=True):
        expected = {(_drawn_at(r["thoi_han"]), float(r["muc_tieu"])):
                    set(r["nguon_muc_tieu"].split()) for r in table.to_dict("records")
                    if r["chi_tieu"] == code and r["thoi_han"] and r["muc_tieu"] is not None}
        stars = {(float(x), float(y)) for line in ax.get_lines() if line.get_marker() == "*"
                 for x, y in line.get_xydata()}
        assert stars == set(expected), code
        labels = [a for a in ax.texts if isinstance(a, Annotation)
                  and a.get_text().startswith("mục tiêu")]
        assert len(labels) == len(stars), [a.get_text() for a in labels]
        for a in labels:
            assert a.xycoords == "data", a.get_text()  # anchored at a star, not a line's end
            anchor = (float(a.xy[0]), float(a.xy[1]))
            assert anchor in expected, (code, a.get_text())
            assert set(SOURCE.findall(a.get_text())) == expected.pop(anchor), a.get_text()
        two_stars += len({v for _, v in stars}) < len(stars)
    assert two_stars  # the LGSP panel: one value, two deadlines


@pytest.mark.slow
def test_the_book_points_from_hinh_7_to_the_other_rates(built_book: Path) -> None:
    """In the built page, the sentence before Hình 7 links to Bảng 11 and to Hình 8 of chapter
    5, whose page has that figure; the caption says the chart's scope."""
    page = built_book / "notebooks" / "04_chi_tieu_trong_nuoc.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    figure = soup.find(id="fig-chi-tieu-muc-tieu")
    caption = _flat(figure.find("figcaption").get_text(" "))
    assert "có mục tiêu hạn năm" in caption and "chỉ tiêu tỷ lệ khác" in caption, caption
    before = figure.find_previous("p")
    hrefs = [a.get("href", "") for a in before.find_all("a")]
    assert any(h.endswith("#fig-chi-tieu-muc-tieu") for h in hrefs), hrefs
    assert any(h.endswith("#tbl-muc-tieu") for h in hrefs), hrefs
    kpi = [a for a in before.find_all("a")
           if a.get("href", "").startswith("05_cong_dvc_chuyen_doi_so.html#fig-kpi-cds")]
    assert kpi and _flat(kpi[0].get_text()).startswith("Hình "), hrefs
    other = BeautifulSoup((built_book / "notebooks" / "05_cong_dvc_chuyen_doi_so.html")
                          .read_text(encoding="utf-8"), "html.parser")
    number = _flat(other.find(id="fig-kpi-cds").find("span", class_="caption-number")
                   .get_text())
    assert _flat(kpi[0].get_text()) == number.rstrip(" .")
