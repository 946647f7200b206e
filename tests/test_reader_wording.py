"""Reader wording the review found wrong, checked on the built book: the same series has the
same name in a chart's data and in a table, a chart of values beside their plans says which are
below their plan (not which share is largest), the key findings count the register's rows as
claims, the HTML says a thing once and the PDF says print things, and the changelog says in
words what the reproducibility appendix gives exactly.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from egovbook.build import changes_words

from conftest import ROOT


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _download(html: Path, name: str) -> list[dict[str, str]]:
    path = min(html.glob(f"_downloads/*/{name}"))
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_changed_rows_are_named_as_the_tables_name_them() -> None:
    with (ROOT / "data" / "domestic" / "targets.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with (ROOT / "data" / "domestic" / "indicators.csv").open(encoding="utf-8") as fh:
        names = {r["code"]: r["name_vi"] for r in csv.DictReader(fh)}
    first = rows[0]  # spreadsheet row 2
    said = changes_words.row_names(ROOT, "data/domestic/targets.csv", [2, 999])
    assert said == [f"mục tiêu «{names[first['indicator']]}» của bài {first['source_id']}",
                    "1 dòng khác"]
    assert changes_words.data_name("data/domestic/targets.csv") == "tệp mục tiêu trong nước"
    assert "/" not in changes_words.data_name("data/nothing.csv")


@pytest.mark.slow
def test_a_series_has_one_name_in_the_chart_data_and_the_table(built_book: Path) -> None:
    chart = list(_download(built_book, "fig-egdi-xu-huong.csv")[0])
    table = list(_download(built_book, "tbl-egdi-trung-binh.csv")[0])
    means = [c for c in table if c.startswith("Trung bình ")]
    assert len(means) == 3 and [c for c in chart if c.startswith("Trung bình ")] == means


@pytest.mark.slow
def test_the_plan_chart_says_which_indicators_are_below_their_plan(built_book: Path) -> None:
    page = _soup(built_book / "notebooks" / "05_cong_dvc_chuyen_doi_so.html")
    fig = page.select_one("figure#fig-kpi-cds")
    if fig is None:
        pytest.skip("no KPI chart in this quarter")
    said = fig.find_next(class_="egv-figure-more").find("p").get_text(" ", strip=True)
    assert "Lớn nhất" not in said and "nhỏ nhất" not in said, said
    rows = _download(built_book, "fig-kpi-cds.csv")
    below = [r for r in rows if r["Kế hoạch"] and Decimal(r["Giá trị"]) < Decimal(r["Kế hoạch"])]
    part = said.split(";")[0] if said.startswith("Dưới kế hoạch") else ""
    assert len(re.findall(r"kế hoạch \d", part)) == len(below), said


@pytest.mark.slow
def test_the_key_findings_count_claims_not_numbers(built_book: Path) -> None:
    page = _soup(built_book / "notebooks" / "00_diem_chinh.html")
    for popup in page.select(".egv-prov"):  # a figure's provenance, not the sentence
        popup.decompose()
    text = page.get_text(" ", strip=True)
    n = len(_download(built_book, "tbl-so-doi-chieu.csv"))
    assert re.search(rf"Sổ đối chiếu có {n} khẳng định", text), text[:2000]
    assert "con số báo chí nêu" not in text


@pytest.mark.slow
def test_the_html_says_once_what_the_pdf_says_for_print(built_book: Path) -> None:
    from pypdf import PdfReader

    from egovbook.publish import pdf

    pages = [*built_book.glob("book/*.html"), *built_book.glob("notebooks/*.html")]
    assert [p.name for p in pages if _soup(p).select(".print-only")] == []
    intro = _soup(built_book / "book" / "gioi-thieu.html").get_text(" ", strip=True)
    assert "notebook" not in intro and '"' not in intro
    printed = " ".join(re.sub(r"\s+", " ", p.extract_text() or "")
                       for p in PdfReader(str(built_book / pdf.PDF_NAME)).pages[:6])
    assert "Bản trực tuyến của sách có thêm tệp dữ liệu" in printed


@pytest.mark.slow
def test_the_changelog_says_in_words_what_the_appendix_gives_exactly(built_book: Path) -> None:
    changes = _soup(built_book / "book" / "thay-doi.html").find("article")
    appendix = _soup(built_book / "book" / "tai-lap.html").get_text(" ", strip=True)
    assert "Thay đổi so với ấn bản đã công bố" in appendix
    if "Vì sao các con số thay đổi" not in changes.get_text():
        return  # nothing changed: nothing to point to
    assert changes.select("a[href^='tai-lap.html']"), "the changelog links to the appendix"
    said = changes.get_text(" ", strip=True)
    assert not re.search(r"data/|\.csv|git log|commit `", said), said
    if "Dữ liệu đầu vào được sửa" in said:
        # (The rows are numbered when the edition's commit can be read.)
        assert re.search(r"data/\S+\.csv", appendix), appendix[-2000:]
    if "Phương pháp tính thay đổi" in said:
        # The commit range, or why it is unknown (a copy of the project without its history).
        assert re.search(r"git log [0-9a-f]{7}\.\.[0-9a-f]{7}|không xác định được các commit",
                         appendix), appendix[-2000:]
        assert "scripts/egovbook/" in appendix


@pytest.mark.slow
def test_the_data_sources_chapter_says_it_is_reproducibility_material(built_book: Path) -> None:
    """Chapter 90 lists files on purpose, and says so; its source lines are words."""
    page = _soup(built_book / "notebooks" / "90_nguon_du_lieu.html").find("article")
    opening = page.find("p").get_text(" ", strip=True)
    assert "tài liệu tái lập" in opening, opening
    assert page.find("p").select("a[href*='tai-lap']"), "the opening links to the appendix"
    sources = [p.get_text(" ", strip=True) for p in page.find_all("p")
               if p.get_text(strip=True).startswith("Nguồn:")]
    assert sources and not [s for s in sources if re.search(r"data/|\.csv|\.json", s)], sources
