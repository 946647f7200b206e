"""What the book says about its sources holds: citations support their sentence, the reference
list holds every source the book quotes and says how the UN files were obtained, targets are not
called official when the data records no document for them, «thống nhất» notes claim no
independence, one Vietnamese name for the UN's Data Center, and titles follow dd/mm/yyyy.

Fast checks run on the real data and prose files; the last two read the built book."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from egovbook.analysis import claims, claims_rules
from egovbook.publish import bibliography

from conftest import ROOT

SHORT_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
UN_CITE = re.compile(r"\{cite(?::p)?\}`[^`]*\bun\d{4}\b[^`]*`")
# Sentences that tell the reader two articles have separate sources of information.
SEPARATE = re.compile(r"không (?:cùng|chung) nguồn|khác nguồn|nguồn (?:tin )?độc lập", re.I)


def _sources() -> list[dict[str, str]]:
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _reader_texts() -> dict[str, str]:
    """The book's own prose: book pages, prose files, notebooks' Markdown cells."""
    out = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
           for p in [*(ROOT / "book").glob("*.md"), *(ROOT / "notebooks" / "prose").glob("*.md")]}
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        out[nb.name] = "\n".join("".join(c["source"]) for c in cells
                                 if c["cell_type"] == "markdown")
    return out


def test_source_titles_write_dates_dd_mm_yyyy_unless_the_article_does(seeds: Path) -> None:
    wrong = []
    for row in _sources():
        article = (seeds / row["file"]).read_text(encoding="utf-8") if row["file"] else ""
        for m in SHORT_DATE.finditer(row["title"]):
            padded = len(m[1]) == 2 and len(m[2]) == 2
            if not padded and m[0] not in article:
                wrong.append(f"{row['source_id']}: {m[0]}")
    assert wrong == []


def test_a_un_data_file_is_not_cited_for_what_the_reports_say() -> None:
    """A {cite} of a UN export (un2024…) sits in a sentence about the data, not the reports."""
    found = []
    for name, text in _reader_texts().items():
        for sentence in re.split(r"(?<=[.;])\s", re.sub(r"\s+", " ", text)):
            if UN_CITE.search(sentence) and "báo cáo" in sentence:
                found.append(f"{name}: {sentence}")
    assert found == []


def test_every_source_the_chapters_quote_is_in_the_bibliography() -> None:
    keys = {re.match(r"@misc\{([^,]+),", e)[1] for e in bibliography.entries()}  # type: ignore[index]
    quoted = {bibliography.press_key(r["source_id"]) for r in _sources()
              if r["kind"] in {"press", "web"}}
    assert quoted and quoted <= keys


def test_targets_are_not_called_official_when_some_have_no_document() -> None:
    with (ROOT / "data" / "domestic" / "targets.csv").open(encoding="utf-8-sig") as fh:
        targets = list(csv.DictReader(fh))
    if all(t["legal_basis"] for t in targets):
        pytest.skip("mọi mục tiêu đều có căn cứ")
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["path"] == "domestic/targets.csv")
    texts = {**_reader_texts(), "datapackage.json": res["title"] + " " + res["description"]}
    found = [n for n, t in texts.items() if re.search(r"mục tiêu chính thức", t, re.I)]
    assert found == []


def test_agreeing_articles_are_not_said_to_have_separate_sources() -> None:
    evaluated = claims.evaluate()
    agree = evaluated[evaluated["verdict"] == claims_rules.AGREE]
    assert len(agree)  # the LGSP target of A002 and A003 (data/domestic/targets.csv)
    notes = [claims.note_text(r) for _, r in agree.iterrows()]
    method = (ROOT / "book" / "phuong-phap.md").read_text(encoding="utf-8")
    assert [n for n in [*notes, re.sub(r"\s+", " ", method)] if SEPARATE.search(n)] == []


def _page_text(path: Path) -> str:
    doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = doc.select_one("article") or doc
    return article.get_text(" ")


@pytest.mark.slow
def test_the_data_center_has_one_vietnamese_name(built_book: Path) -> None:
    """«Trung tâm dữ liệu» in every source line and reference; the English name once, on the
    data-source chapter."""
    english = {p.name: _page_text(p).count("Data Center")
               for p in [*built_book.glob("notebooks/*.html"), *built_book.glob("book/*.html")]}
    assert {k: v for k, v in english.items() if v} == {"90_nguon_du_lieu.html": 1}
    assert "Trung tâm dữ liệu" in _page_text(built_book / "notebooks" / "01_tong_quan_egdi.html")


@pytest.mark.slow
def test_chapter_8_cites_the_pages_of_its_target(built_book: Path) -> None:
    page = built_book / "book" / "tai-lieu-tham-khao.html"
    refs = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    chapter = (built_book / "notebooks" / "08_khoang_cach_muc_tieu.html").read_text("utf-8")
    anchors = set(re.findall(r'href="[^"]*tai-lieu-tham-khao\.html#([^"]+)"', chapter))
    cited = " ".join(refs.find(id=a).get_text(" ") for a in anchors if refs.find(id=a))
    web = [r["title"] for r in _sources() if r["kind"] == "web"]
    assert web and all(title in cited for title in web)
    text = _page_text(page)
    assert "Trung tâm dữ liệu" in text and "kho mã công khai" in text
