"""The numbers of the domestic tables and the dates of chapter 5's opening open their
provenance like the glued figures do, and every popup states its unit the same way.

The checks read the built pages and the committed data files, not the package's code: a
cell's popup must lead to rows that exist in ``data/`` and that hold the number it shows.
"""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from egovbook.common import units
from egovbook.publish.sphinx_provenance import BOUND_LABEL, EXACT_LABEL

from conftest import ROOT

pytestmark = pytest.mark.slow

# The domestic tables and their columns (from 1) that show numbers read from the data files.
NUMBER_COLUMNS = {
    "tbl-muc-tieu": ("Số liệu gần nhất", "Mục tiêu", "Còn thiếu"),
    "tbl-dvc-bo-tinh": ("Giá trị",),
    "tbl-cntt-2019": ("Chỉ số",),
    "tbl-cong-dvcqg": None,  # every column after the first two words columns: see below
    "tbl-kpi-cds": ("Thực hiện", "Kế hoạch", "Chênh lệch"),
    "tbl-nen-tang-attt": ("Số liệu bài nêu", "Số liệu bài nêu kèm theo", "Kết quả"),
}


def _pages(book: Path) -> dict[str, BeautifulSoup]:
    return {p.stem: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted((book / "notebooks").glob("*.html"))}


def _columns(table: BeautifulSoup) -> list[str]:
    return [th.get_text(" ", strip=True) for th in table.select("thead th")]


def shown_text(cell: BeautifulSoup) -> str:
    copy = BeautifulSoup(str(cell), "html.parser")
    for popup in copy.select(".egv-prov"):
        popup.decompose()
    return re.sub(r"[ \t\r\n]+", " ", copy.get_text()).strip(" ")


def rows_of(file: str) -> list[dict[str, str]]:
    with (ROOT / "data" / file).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _matches(row: dict[str, str], key: str) -> bool:
    return all(row.get(col) == value for col, value in
               (part.split("=", 1) for part in key.split()))


def _vi(value: str) -> set[str]:
    """The ways a data file's number may be printed in Vietnamese (1000 → 1.000; 15.91 →
    15,91; 0.9 → 0,9)."""
    number = Decimal(value)
    whole, _, frac = f"{number.normalize():f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    out = {grouped + ("," + frac if frac else ""), whole + ("," + frac if frac else "")}
    # With the article's scale word (15000000 → «15 triệu», 122700000 → «122,7 triệu»).
    for scale, word in ((Decimal(10) ** 6, "triệu"), (Decimal(10) ** 3, "nghìn")):
        if number >= scale:
            out.add(f"{(number / scale).normalize():f}".replace(".", ",") + " " + word)
    return out


def _check_rows(entry: dict) -> None:
    """Every row a popup names exists in its file; a popup of one data row's value shows it."""
    assert entry["inputs"], entry.get("key", entry["text"])
    for rows in entry["inputs"]:
        data = rows_of(rows["file"])
        for key in rows["keys"]:
            assert any(_matches(r, key) for r in data), (rows["file"], key)
    if len(entry["inputs"]) == 1 and len(entry["inputs"][0]["keys"]) == 1:
        only = entry["inputs"][0]
        shown = [c for c in only["columns"] if c in ("value", "egdi_rank", "egdi", "osi",
                                                     "tii", "hci", "epi")]
        if len(shown) == 1:
            row = next(r for r in rows_of(only["file"]) if _matches(r, only["keys"][0]))
            assert any(v in entry["text"] for v in _vi(row[shown[0]])), \
                (entry["text"], row[shown[0]])


def check_cell(td: BeautifulSoup, cells: dict[str, dict]) -> list[dict]:
    """A table cell showing numbers opens their provenance: the whole cell is one number's
    button, or (a cell of several numbers) each number is a button and the words are text.
    Returns the figures the cell opens (the cell's own, or each of its numbers')."""
    text = shown_text(td)
    sentence = td.select_one(".egv-sentence[data-key]")
    if sentence is None:
        span = td.select_one(".egv-value[data-key]")
        assert span is not None, text
        entry = cells[span["data-key"]]
        assert span.select_one("button").get_text(strip=True) == entry["text"] == text
        _check_rows(entry)
        return [entry]
    entry = cells[sentence["data-key"]]
    assert entry["text"] == text and entry["parts"], (text, entry["key"])
    copy = BeautifulSoup(str(sentence), "html.parser")
    buttons = [b.get_text(strip=True) for b in copy.select("button")]
    for value in copy.select(".egv-value"):
        value.decompose()
    # Only the numbers are buttons, and every number is one (article ids are names).
    words = re.sub(r"A\d{3}", "", copy.get_text(" ", strip=True))
    assert not re.search(r"\d", words), (text, words)
    assert buttons == [p["text"] for p in entry["parts"]], (buttons, entry["parts"])
    for part in entry["parts"]:
        _check_rows(part)
    return list(entry["parts"])


def test_domestic_table_numbers_open_their_data_rows(built_book: Path) -> None:
    registry = json.loads((built_book / "values.json").read_text(encoding="utf-8"))
    cells = {c["key"]: c for c in registry["cells"]}
    checked = 0
    for soup in _pages(built_book).values():
        for table in soup.select("table[id]"):
            wanted = NUMBER_COLUMNS.get(table["id"], ())
            heads = _columns(table)
            assert set(wanted or ()) <= set(heads), (table["id"], wanted, heads)  # renamed?
            if wanted is None:  # the portal table: both dates and the ratio
                wanted = tuple(heads[1:4])
            for tr in table.select("tbody tr"):
                for head, td in zip(heads, tr.select("td"), strict=True):
                    # Words («không nêu giá trị», «không so sánh: … mức độ 3, 4», «—») are
                    # not figures.
                    text = shown_text(td)
                    if head not in wanted or not re.search(r"\d", text) \
                            or text.startswith("không"):
                        continue
                    check_cell(td, cells)
                    checked += 1
    # Every table above is in the default book, with its numbers.
    assert checked >= 63, checked


def test_the_dates_of_chapter_5s_opening_open_the_rows_of_that_day(built_book: Path) -> None:
    soup = _pages(built_book)["05_cong_dvc_chuyen_doi_so"]
    sentence = soup.select_one('.egv-sentence[data-key="05_cong_dvc_chuyen_doi_so::intro"]')
    assert sentence is not None
    dates = sentence.select(".egv-value")
    shown = [d.select_one("button").get_text(strip=True) for d in dates]
    assert shown and all(re.fullmatch(r"\d\d/\d\d/\d{4}", s) for s in shown), shown
    for date, popup in zip(shown, (d.select_one(".egv-prov") for d in dates), strict=True):
        files = re.findall(r"data/(quarterly/\d{4}Q\d\.csv)", popup.get_text())
        day, month, year = date.split("/")
        assert files and any(r["date"] == f"{year}-{month}-{day}"
                             for f in files for r in rows_of(f)), (date, files)


UNIT_LINE = re.compile(r"Đơn vị: (.+?)\.(?= Dữ liệu| Tra cứu|$)")


def test_every_popup_states_its_unit_in_the_same_words(built_book: Path) -> None:
    """A popup with an exact value has one unit line, from the book's one list of units; the
    shape of the number says which: ``+0,0922`` is a difference of two index values, never an
    index; ``14,09 điểm phần trăm`` percentage points."""
    seen: dict[str, set[str]] = {}
    for soup in _pages(built_book).values():
        for value in soup.select(".egv-value"):
            popup = value.select_one(".egv-prov").get_text(" ", strip=True)
            shown = value.select_one("button").get_text(strip=True)
            found = UNIT_LINE.findall(popup)
            if EXACT_LABEL not in popup and BOUND_LABEL not in popup:
                continue
            assert len(found) == 1, popup
            unit = found[0]
            assert unit in units.ALL, unit
            seen.setdefault(unit, set()).add(shown)
            if re.fullmatch(r"[+\-−]0,\d{4}", shown):
                assert unit == units.INDEX_POINTS, (shown, unit)
            elif re.fullmatch(r"0,\d{4}", shown):  # a value, or a gap stated without sign
                assert unit in (units.INDEX, units.INDEX_POINTS), (shown, unit)
            if shown.endswith("điểm phần trăm"):
                assert unit == units.PERCENT_POINTS, (shown, unit)
    assert {units.INDEX, units.INDEX_POINTS, units.RANK, units.PERCENT} <= seen.keys()
