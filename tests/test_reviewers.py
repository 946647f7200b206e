"""What reviewers rely on: no hand-typed numbers, captioned and downloadable figures and tables,
claims computed from data, the reproducibility record, standalone chapters, the bibliography."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from egovbook.analysis import claims, claims_rules
from egovbook.intake import domestic

from conftest import ROOT

pytestmark = pytest.mark.slow

# Names that contain digits but are not figures: the UN M49 code list, ISO standards, source ids,
# hash and encoding names, the service-level names "mức độ 3, 4" of Vietnamese regulation, and
# the World Bank's Data360.
NOT_FIGURES = [r"\bM49\b", r"\bISO ?3166(-1)?\b", r"\bISO3\b", r"\bA\d{3}\b", r"\bSHA-256\b",
               r"\bUTF-8\b", r"mức độ \d(, \d)?\b", r"\bData360\b"]
# What a notebook or the register produced: glued values, code-cell outputs (tables, figures,
# computed notes), math, code, generated pages, citations and numbered references.
GENERATED = [".cell", ".pasted-text", ".pasted-inline", ".egv-value", "table", ".math", "math",
             "pre", "code",
             ".egovbook-generated", ".bibtex-citation", ".citation-list", ".citation",
             "span.std-numref", ".headerlink", "script", "style"]


def pages(html: Path) -> list[Path]:
    return sorted([*(html / "book").glob("*.html"), *(html / "notebooks").glob("*.html")])


def soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def hand_typed_numbers(page: Path) -> list[str]:
    article = soup(page).select_one("article") or soup(page)
    for selector in GENERATED:
        for element in article.select(selector):
            element.decompose()
    text = article.get_text(" ")
    for pattern in NOT_FIGURES:
        text = re.sub(pattern, " ", text)
    return [text[max(0, m.start() - 40):m.end() + 20] for m in re.finditer(r"\S*\d\S*", text)]


def test_no_number_typed_into_prose(built_book: Path) -> None:
    found = {p.name: hand_typed_numbers(p) for p in pages(built_book)}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_scan_catches_a_typed_number(built_book: Path, tmp_path: Path) -> None:
    page = built_book / "book" / "phuong-phap.html"
    doctored = tmp_path / "p.html"
    doctored.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", "<p>Việt Nam đứng thứ 86 năm nay.</p></article>", 1), encoding="utf-8")
    assert any("86" in hit for hit in hand_typed_numbers(doctored))


def downloads(built_book: Path, page: Path, element: BeautifulSoup) -> list[Path]:
    links = element.select("a.download") if element else []
    return [(page.parent / unquote(a["href"])).resolve() for a in links]


def test_every_figure_and_table_is_captioned_sourced_and_downloadable(built_book: Path) -> None:
    checked = 0
    for page in pages(built_book):
        doc = soup(page)
        for fig in doc.select("figure"):
            caption = fig.select_one("figcaption")
            assert fig.get("id", "").startswith("fig-"), page.name
            assert caption and caption.select_one(".caption-number").text.startswith("Hình")
            assert "Nguồn:" in caption.text
            files = downloads(built_book, page, caption)
            assert files and all(f.is_file() for f in files), fig["id"]
            assert {f.suffix for f in files} >= {".csv", ".xlsx", ".svg", ".png"}, fig["id"]
            assert fig.select_one("img")["alt"].strip()
            checked += 1
        for table in doc.select("table[id^='tbl-']"):
            number = table.select_one("caption .caption-number")
            assert number is not None and number.text.startswith("Bảng"), table["id"]
            # The theme wraps wide tables in a scrolling container.
            source = (table.find_next_sibling("p")
                      or table.find_parent("div").find_next_sibling("p"))
            assert source is not None and source.text.startswith("Nguồn:"), table["id"]
            files = downloads(built_book, page, source)
            assert files and files[0].is_file(), table["id"]
            checked += 1
    assert checked >= 30


def read_download(built_book: Path, page: str, label: str) -> tuple[list[str], pd.DataFrame]:
    """The sources lines (``<label>.nguon.txt``) and the CSV of a figure or a table: UTF-8 with
    a byte-order mark, the header on the first line, no comment lines."""
    doc = soup(built_book / "notebooks" / page)
    fig = doc.select_one(f"#{label}")
    caption = (fig.select_one("figcaption") if fig.name == "figure"
               else fig.find_next_sibling("p") or fig.find_parent("div").find_next_sibling("p"))
    files = downloads(built_book, built_book / "notebooks" / page, caption)
    path = next(f for f in files if f.suffix == ".csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n#" not in raw
    header = next(f for f in files if f.name.endswith(".nguon.txt")).read_text(
        encoding="utf-8").splitlines()
    return header, pd.read_csv(io.StringIO(raw.decode("utf-8-sig")))


def test_downloaded_data_is_the_plotted_data(built_book: Path) -> None:
    header, data = read_download(built_book, "01_tong_quan_egdi.html", "fig-egdi-xu-huong")
    assert header[1].startswith("Nguồn:") and header[2].startswith("Đơn vị:")
    assert header[3].startswith("Ngày nhập dữ liệu:")
    # Independently from the committed table: Viet Nam's EGDI and the world's unweighted mean
    # (the Surveys up to 2010 left out members with no online presence, EGDI 0).
    with (ROOT / "data" / "un_egov.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh)
                if r["egdi"] and (float(r["egdi"]) > 0 or int(r["year"]) >= 2012)]
    vnm = {int(r["year"]): float(r["egdi"]) for r in rows if r["iso3"] == "VNM"}
    world: dict[int, list[float]] = {}
    for r in rows:
        # The Survey's rule: before 2012 its means leave out members with no online presence.
        if float(r["egdi"]) > 0 or int(r["year"]) >= 2012:
            world.setdefault(int(r["year"]), []).append(float(r["egdi"]))
    assert list(data["Năm"]) == sorted(vnm)
    for _, row in data.iterrows():
        year = row["Năm"]
        assert row["EGDI"] == pytest.approx(vnm[year])
        assert row["Trung bình thế giới"] == pytest.approx(sum(world[year]) / len(world[year]))
    # A table's download has one row per row shown.
    doc = soup(built_book / "notebooks" / "03_so_sanh_khu_vuc.html")
    shown = doc.select("#tbl-tieu-vung tbody tr")
    _, data = read_download(built_book, "03_so_sanh_khu_vuc.html", "tbl-tieu-vung")
    assert len(data) == len(shown) == 11


def test_claims_file_holds_no_answers() -> None:
    columns = set(domestic.load_claims().columns)
    assert not columns & {"recomputed", "recomputed_text", "verdict", "verdict_vi"}


def test_verdicts_follow_the_data(data_copy: Path) -> None:
    def verdict(cid: str) -> str:
        table = claims.evaluate()
        return str(table.set_index("claim_id").loc[cid, "verdict"])

    # Readings of the articles: 86/193 is what the 2020 data say; "khoảng 15,9%" checked
    # against the article's own 15,91 % verifies nothing; A003's period of the ranking
    # contradicts A000's; "gấp đôi" has no 2019 value to compare with.
    assert verdict("A001-01") == claims_rules.MATCH
    assert verdict("A001-13") == claims_rules.UNCHECKABLE
    assert verdict("A003-12") == claims_rules.CONFLICT
    assert verdict("A001-14") == claims_rules.UNCHECKABLE
    # Change the data, and the verdict follows: it is computed, not stored.
    un = data_copy / "un_egov.csv"
    un.write_text(un.read_text(encoding="utf-8").replace("2020,VNM,86,", "2020,VNM,87,"),
                  encoding="utf-8")
    assert verdict("A001-01") == claims_rules.DIFFERS
    q3 = data_copy / "quarterly" / "2020Q3.csv"
    q3.write_text(q3.read_text(encoding="utf-8").replace(",15.91,", ",16.4,"), encoding="utf-8")
    assert verdict("A001-13") == claims_rules.DIFFERS


def test_every_verdict_class_occurs_and_links_to_its_chapter(built_book: Path) -> None:
    table = claims.evaluate()
    # Every class occurs in the real register but "match after rounding", "differs", "goal
    # met" and "articles agree" (the only agreement, A002/A003 on LGSP, relays one ministry);
    # their rules are tested on constructed claims in test_verdicts.py.
    assert set(table["verdict"]) <= set(claims_rules.VERDICT_VI)
    assert set(claims_rules.VERDICT_VI) - set(table["verdict"]) <= {
        claims_rules.MATCH_ROUNDED, claims_rules.DIFFERS, claims_rules.GOAL_MET,
        claims_rules.AGREE}
    doc = soup(built_book / "notebooks" / "07_kiem_chung.html")
    rows = doc.select("#tbl-so-doi-chieu tbody tr")
    assert len(rows) == len(table)
    pages: dict[str, BeautifulSoup] = {}  # each chapter parsed once, not once per row
    for row in rows:
        link = row.select_one("a.reference")
        page, _, anchor = link["href"].partition("#")
        if page not in pages:
            pages[page] = soup(built_book / "notebooks" / page)
        assert pages[page].select_one(f"#{anchor}") is not None, link["href"]


def test_reproducibility_record(built_book: Path) -> None:
    record = json.loads((built_book / "reproducibility.json").read_text(encoding="utf-8"))
    assert record["parameters"] == {"country": "VNM", "year": 2024, "quarter": "2022Q3"}
    inputs = {i["path"]: i["sha256"] for i in record["inputs"]}
    for name in ("data/un_egov.csv", "data/quarterly/2020Q3.csv",
                 "notebooks/01_tong_quan_egdi.ipynb", "_config.yml"):
        assert inputs[name] == hashlib.sha256((ROOT / name).read_bytes()).hexdigest()
    assert record["packages"]["jupyter-book"] and record["python"]
    page = " ".join(soup(built_book / "book" / "tai-lap.html").get_text(" ").split())
    assert "make book COUNTRY=VNM YEAR=2024 QUARTER=2022Q3" in page


def test_check_record_finds_a_changed_input(built_book: Path, project_copy: Path) -> None:
    from egovbook.build import record

    saved = json.loads((built_book / "reproducibility.json").read_text(encoding="utf-8"))
    assert record.compare(saved, project_copy) == []
    q = project_copy / "data" / "quarterly" / "2022Q3.csv"
    q.write_text(q.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert record.compare(saved, project_copy) == ["khác nội dung: data/quarterly/2022Q3.csv"]


def test_standalone_chapters(built_book: Path) -> None:
    for page in sorted((built_book / "notebooks").glob("0*.html")):
        doc = soup(page)
        links = [a for a in doc.select("a.download") if a["href"].endswith(page.name)]
        assert links, page.name
        path = (page.parent / unquote(links[0]["href"])).resolve()
        text = path.read_text(encoding="utf-8")
        assert "{glue" not in text and "```{" not in text, page.name
        assert "Việt Nam" in text or "quý" in text
        assert not re.search(r'<script[^>]*src="https?:', text), page.name


def test_bibliography_lists_every_source(built_book: Path) -> None:
    text = soup(built_book / "book" / "tai-lieu-tham-khao.html").get_text(" ")
    for year in (2003, 2012, 2024):
        assert f"United Nations E-Government Survey {year}" in text
    for src in claims.load_sources().query("kind == 'press'").itertuples():
        assert src.title in text
    chapter = (built_book / "notebooks" / "01_tong_quan_egdi.html").read_text(encoding="utf-8")
    assert "tai-lieu-tham-khao.html#" in chapter


def test_other_countries_get_no_viet_nam_claims(project_copy: Path) -> None:
    shutil.rmtree(project_copy / "notebooks" / "_outputs", ignore_errors=True)
    assert claims.for_chapter("egdi", "KHM").empty


def test_one_spacing_rule_for_percent(built_book: Path) -> None:
    """Our text writes a no-break space before "%"; quotes and article titles stay verbatim."""
    found = []
    for page in pages(built_book):
        if page.name in {"tai-lieu-tham-khao.html", "90_nguon_du_lieu.html"}:
            continue  # article titles, as published
        article = soup(page).select_one("article")
        for quoted in article.select(".egv-prov"):
            quoted.decompose()
        text = re.sub(r"«[^»]*»", "", article.get_text(" "))
        found += [f"{page.name}: {text[max(0, m.start() - 30):m.end()]}"
                  for m in re.finditer(r"\d( ?)%", text)]
    assert found == []
