"""Every figure and table: its data to see («Xem số liệu của hình»), to reuse (XLSX, CSV, the
sources beside them, SVG and PNG) and to cite («Trích dẫn hình này», a permalink by label)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import types
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import openpyxl.writer.excel
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from test_chapter_tables import quarter, row

from egovbook.chapters import describe, domestic_new, downloads, report, tables

from conftest import ROOT

BOM = b"\xef\xbb\xbf"
SNAKE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")
CODES = {"no_data_after", "no_trend", "met", "match", "differs", "uncheckable", "conflict",
         "True", "False", "observation", "target"}


def vnm_egdi() -> pd.DataFrame:
    """Viet Nam's EGDI by survey year, read straight from the committed table."""
    with (ROOT / "data" / "un_egov.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["iso3"] == "VNM" and r["egdi"]]
    return pd.DataFrame({"nam": [int(r["year"]) for r in rows],
                         "egdi": [float(r["egdi"]) for r in rows]})


def vi(text: str, places: int) -> str:
    """Half up, decimal comma: an expectation computed here, not by the package's fmt."""
    return str(Decimal(text).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)).replace(".", ",")


def test_csv_and_xlsx_hold_the_data_with_vietnamese_names(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    data = downloads.for_download(vnm_egdi())
    downloads.write_csv(data, tmp_path / "x.csv")
    lines = [("Nguồn", "UN DESA"), ("Đơn vị", "chỉ số, thang 0–1")]
    downloads.write_xlsx(data, lines, tmp_path / "x.xlsx")
    raw = (tmp_path / "x.csv").read_bytes()
    assert raw.startswith(BOM) and b"\n#" not in raw
    text = raw.decode("utf-8-sig").splitlines()
    assert text[0] == "Năm,EGDI"
    committed = vnm_egdi()
    assert text[1:] == [f"{y},{e}" for y, e in zip(committed["nam"], committed["egdi"],
                                                   strict=True)]
    wb = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert wb.sheetnames == ["Số liệu", "Nguồn"]
    sheet = wb["Số liệu"]
    assert [c.value for c in sheet[1]] == ["Năm", "EGDI"]
    # Numbers, not text: a spreadsheet in any locale reads them as numbers.
    assert all(c.data_type == "n" for r in sheet.iter_rows(min_row=2) for c in r)
    assert [tuple(r) for r in wb["Nguồn"].iter_rows(values_only=True)] == lines
    # The same data give the same bytes at another time (openpyxl stamps its clock).
    class Later(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Later:
            return cls(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    monkeypatch.setattr(openpyxl.writer.excel, "datetime",
                        types.SimpleNamespace(datetime=Later, timezone=dt.timezone))
    monkeypatch.setattr(time, "time", lambda: 1_950_000_000.0)
    downloads.write_xlsx(data, lines, tmp_path / "y.xlsx")
    assert (tmp_path / "x.xlsx").read_bytes() == (tmp_path / "y.xlsx").read_bytes()


def test_a_tables_download_names_columns_as_the_table_and_shows_words() -> None:
    q = quarter(row("CDVCQG_DVC", "2022-05-10", "1000"), row("CDVCQG_DVC", "2022-08-10", "2000"),
                row("LGSP_TYLE", "2022-08-10", "80"))
    table = domestic_new.new_table(q, domestic_new.whats_new(q))
    shown, _ = table.frames()
    data = downloads.for_download(table.download())
    assert not [c for c in data.columns if SNAKE.match(c)]
    # A column giving one value keeps the table's header.
    single = [c.header for c in table.cols if len(c.raw) == 1]
    assert single and set(single) <= set(data.columns)
    assert set(data["So sánh được"]) <= {"có", "không"}
    assert not CODES & {str(v) for col in data.columns for v in data[col]}
    assert len(data) == len(shown)


def test_a_clash_of_names_is_told_apart_by_the_header() -> None:
    cols = [tables.Col("Giá trị", str, {"gia_tri": str, "tu_chi_muc": str}),
            tables.Col("Giá trị trước", str, {"gia_tri_truoc": str, "tu_chi_muc_khac": str})]
    named = tables.names(cols)
    assert len(set(named.values())) == 4
    assert named["tu_chi_muc_khac"] == "tu_chi_muc_khac"  # no Vietnamese name declared


def test_a_line_is_described_by_its_first_last_lowest_and_highest() -> None:
    data = vnm_egdi()
    said = describe.Line("nam", {"egdi": "EGDI của Việt Nam"})(data)
    with (ROOT / "data" / "un_egov.csv").open(encoding="utf-8") as fh:
        text = {int(r["year"]): r["egdi"] for r in csv.DictReader(fh)
                if r["iso3"] == "VNM" and r["egdi"]}
    years = sorted(text)
    low = min(years, key=lambda y: Decimal(text[y]))
    high = max(years, key=lambda y: Decimal(text[y]))
    assert said == (f"EGDI của Việt Nam từ {vi(text[years[0]], 4)} (năm {years[0]}) đến "
                    f"{vi(text[years[-1]], 4)} (năm {years[-1]}), thấp nhất "
                    f"{vi(text[low], 4)} (năm {low}), cao nhất {vi(text[high], 4)} "
                    f"(năm {high}).")


def test_bars_keep_a_bound_a_bound() -> None:
    data = pd.DataFrame({"chi_tieu": ["A", "B"], "ty_so": [8.18, 3.56],
                         "ty_so_la": ["lower", "exact"]})
    said = describe.Bars("chi_tieu", "ty_so", places=1, bound="ty_so_la")(data)
    assert said == "Lớn nhất: A (hơn 8,2); nhỏ nhất: B (3,6)."


def test_the_citation_names_the_number_and_the_permalink_by_label() -> None:
    text = report.citation("fig-x", "Tiêu đề.")
    assert "{numref}`fig-x`" in text and "*Tiêu đề*" in text
    assert "env.docname ~ '.html#fig-x'" in text
    # Without the book's address the permalink is a link to the figure named in words, on
    # screen only (on paper a link with no address leads nowhere).
    assert ("else '<span class=screen-only>Liên kết cố định: {numref}`Hình %s trong sách "
            "<fig-x>`</span>'") in text
    assert "'Liên kết cố định: <' ~ egv_url ~ env.docname ~ '.html#fig-x' ~ '>'" in text
    words = report.citation_substitutions("Sách", "Nhóm", "Việt Nam", "01/02/2026", None)
    assert words["egv_url"] == ""
    words = report.citation_substitutions("Sách", "Nhóm", "Việt Nam", "01/02/2026",
                                          "https://vi.example/sach/")
    assert words["egv_url"] == "https://vi.example/sach/"


# --- the built book --------------------------------------------------------------------------


def _soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def _links(page: Path, element: BeautifulSoup) -> dict[str, Path]:
    files = [(page.parent / unquote(a["href"])).resolve() for a in element.select("a.download")]
    return {"".join(f.suffixes[-2:]) if f.name.endswith(".nguon.txt") else f.suffix: f
            for f in files}


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM), path.name
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert not any(r and r[0].startswith("#") for r in rows), path.name
    return rows


@pytest.mark.slow
def test_every_figure_has_its_data_description_downloads_and_citation(built_book: Path) -> None:
    seen = 0
    for page in sorted((built_book / "notebooks").glob("*.html")):
        for fig in _soup(page).select("figure[id^='fig-']"):
            label, seen = fig["id"], seen + 1
            files = _links(page, fig.select_one("figcaption"))
            assert set(files) == {".csv", ".xlsx", ".nguon.txt", ".svg", ".png"}, label
            assert all(f.is_file() for f in files.values()), label
            assert files[".svg"].read_bytes().lstrip().startswith(b"<?xml"), label
            more = fig.find_next(class_="egv-figure-more")
            sentence = more.find("p").get_text(" ", strip=True)
            assert re.search(r"\d", sentence) and sentence.endswith("."), label
            view = more.select_one(f"details.egv-figdata#{label}-so-lieu")
            assert view.select_one("summary").get_text(strip=True) == "Xem số liệu của hình"
            rows = _read_csv(files[".csv"])
            # The view shows the download's columns but the codes kept beside their words.
            heads = [th.get_text() for th in view.select("thead th")]
            assert heads == [c for c in rows[0] if c in heads], label
            assert all(c.startswith("Mã ") for c in rows[0] if c not in heads), label
            assert len(view.select("tbody tr")) == len(rows) - 1, label
            assert not [c for c in rows[0] if SNAKE.match(c)], label
            # Every number the sentence gives is a value of the figure's data, as the view
            # shows it, a total of a row (stacked bars) or a count of rows or of distinct
            # values of a column (points of several kinds).
            cells = {td.get_text() for td in view.select("td")}
            totals = {str(sum(int(c) for c in r[1:] if c.isdigit())) for r in rows[1:]}
            columns = list(zip(*rows[1:], strict=True))
            counts = {str(n) for col in columns for n in Counter(col).values()}
            counts |= {str(len(set(col))) for col in columns}
            # A number inside a name the data hold («Người từ 15 tuổi …») is part of the name,
            # which a sentence writes in lower case first.
            for words in sorted((c for c in cells if re.search(r"[^\W\d_]", c)), key=len,
                                reverse=True):
                sentence = sentence.replace(words, " ").replace(words[:1].lower() + words[1:], " ")
            for number in re.findall(r"(?<![\w.,])-?\d(?:[\d.,]*\d)?", sentence):
                assert number in cells | totals | counts, (label, number)
            cite = next(p for p in more.find_all("p") if "Trích dẫn hình này" in p.get_text())
            ref = cite.select_one(f"a[href='#{label}']")
            number = fig.select_one(".caption-number").get_text(strip=True)
            assert ref is not None and ref.get_text(strip=True) == number.rstrip(". "), label
            # No configured address: the permalink is a link in words, not a path.
            permalink = [a for a in cite.select(f"a[href='#{label}']")
                         if a.get_text(" ", strip=True) == f"{number.rstrip('. ')} trong sách"]
            assert permalink, (label, cite.get_text())
            assert ".html" not in cite.get_text() and "đường dẫn" not in cite.get_text(), label
            assert "dựng ngày" in cite.get_text() and "ấn bản" in cite.get_text(), label
            sources = files[".nguon.txt"].read_text(encoding="utf-8")
            assert sources.startswith("Tiêu đề: ") and "\nNguồn: " in sources, label
            # Its «Trong sách» line sends the reader to the citation block just checked.
            pointer = next(x for x in sources.splitlines() if x.startswith("Trong sách: "))
            assert '"Trích dẫn hình này"' in pointer and label not in sources, (label, pointer)
    assert seen >= 9


@pytest.mark.slow
def test_every_table_downloads_as_xlsx_and_csv_with_words(built_book: Path) -> None:
    seen = 0
    for page in sorted((built_book / "notebooks").glob("*.html")):
        for table in _soup(page).select("table[id^='tbl-']"):
            source = (table.find_next_sibling("p")
                      or table.find_parent("div").find_next_sibling("p"))
            files = _links(page, source)
            assert {".csv", ".xlsx", ".nguon.txt"} <= set(files), table["id"]
            rows = _read_csv(files[".csv"])
            assert not [c for c in rows[0] if SNAKE.match(c)], (table["id"], rows[0])
            assert not CODES & {c for r in rows[1:] for c in r}, table["id"]
            assert len(rows) - 1 == len(table.select("tbody tr")), table["id"]
            book = openpyxl.load_workbook(files[".xlsx"])
            assert [c.value for c in book["Số liệu"][1]] == rows[0], table["id"]
            seen += 1
    assert seen >= 25


def test_a_download_names_its_sources_not_their_bare_ids() -> None:
    frame = pd.DataFrame({"chi_tieu": ["DVC_M4_TYLE"], "nguon": ["A002 A001"]})
    shown = downloads.for_download(frame)["Nguồn"][0]
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        titles = {r["source_id"]: r["title"] for r in csv.DictReader(fh)}
    # A002 has no title of its own (data/sources.csv, title_from): the book's description,
    # said to be the book's, never in «»; A001's own title is quoted.
    assert shown.startswith("A002 (mô tả của sách: " + titles["A002"])
    # The date is the event's, not a publication date (review 6, C6: no article carries one).
    assert "; A001: «" + titles["A001"] + "» (baoquangbinh.vn, sự kiện ngày 26/08/2020)" in shown
    assert "; sự kiện ngày 28/12/2019)" in shown
