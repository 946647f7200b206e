"""The numbers of the claims tables (each chapter's cross-check box and chapter 7's register)
open their provenance: the press figure («Báo chí nêu») the data row that records the article's
sentence, the compared value («Giá trị đối chiếu») the data rows it was recomputed from.

The checks read the built pages, the values registry and the committed data files: every row a
popup names exists, and the press figure's rows hold the very sentence the «Trích dẫn» column
quotes. Guillemets anywhere in the book (the tables' notes among them) hold only the sources'
words (checked against ../shared's articles when they are here).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_table_provenance import check_cell, rows_of, shown_text

from conftest import ROOT

pytestmark = pytest.mark.slow

CLAIMS_TABLES = ("tbl-egdi-doi-chieu", "tbl-thanh-phan-doi-chieu", "tbl-trong-nuoc-doi-chieu",
                 "tbl-cong-doi-chieu", "tbl-so-doi-chieu")
NUMBERS = ("Báo chí nêu", "Giá trị đối chiếu")


def _tables(book: Path) -> dict[str, BeautifulSoup]:
    found = {}
    for page in sorted((book / "notebooks").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        found |= {t["id"]: t for t in soup.select("table[id]") if t["id"] in CLAIMS_TABLES}
    return found


def _cells(table: BeautifulSoup) -> list[dict[str, BeautifulSoup]]:
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    return [dict(zip(heads, tr.select("td"), strict=True)) for tr in table.select("tbody tr")]


def test_claims_table_numbers_open_their_data_rows(built_book: Path) -> None:
    registry = json.loads((built_book / "values.json").read_text(encoding="utf-8"))
    cells = {c["key"]: c for c in registry["cells"]}
    tables = _tables(built_book)
    assert set(tables) == set(CLAIMS_TABLES)
    counted = {head: 0 for head in NUMBERS}
    for table in tables.values():
        for row in _cells(table):
            quote = shown_text(row["Trích dẫn"]).strip("«»")
            for head in NUMBERS:
                text = shown_text(row[head])
                if not re.search(r"\d", text):  # words: «Cao», «—», «không nêu giá trị»
                    continue
                figures = check_cell(row[head], cells)
                counted[head] += 1
                if head == "Báo chí nêu":
                    # The press figure opens the row of the article's sentence it quotes.
                    held = [r.get("quote") for f in figures for rows in f["inputs"]
                            for r in rows_of(rows["file"])
                            for key in rows["keys"] if _key_of(r, key)]
                    assert quote in held, (shown_text(row["Mã khẳng định"]), quote, held)
    # Every claim with a number in the register, and the boxes' own rows (a row that is its
    # own data row has «—» to compare: review 25, C4).
    assert counted["Báo chí nêu"] >= 200 and counted["Giá trị đối chiếu"] >= 80, counted


def _key_of(row: dict[str, str], key: str) -> bool:
    return all(row.get(col) == value for col, value in (p.split("=", 1) for p in key.split()))


QUOTED = re.compile(r"«([^«»]*)»")


def _said() -> list[str]:
    """The sources' words the data records, normalised: every ``quote`` column, and the web
    pages' own titles (``title_from`` «nguồn») and the words their notes quote (no copy of the
    pages is in ../shared)."""
    said = []
    for path in sorted((ROOT / "data").rglob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        said += [_norm(r["quote"]) for r in rows if r.get("quote")]
        if path.name == "sources.csv":
            said += [_norm(r["title"]) for r in rows if r["title_from"] == "nguồn"]
            said += [_norm(q) for r in rows for q in QUOTED.findall(r["note"])]
    return said


def _norm(text: str) -> str:
    """Case and spacing aside (the PDF's text breaks a line after a hyphen or a slash: «TT-
    TT», «trực tuyến/ 6.842»)."""
    text = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).casefold()
    return text.replace("- ", "-").replace("/ ", "/")


def _reader_texts(book: Path) -> tuple[dict[str, str], set[str]]:
    """What a reader reads: each page's main text (popups included) and each standalone
    chapter's, each download's notes (the .nguon.txt; the XLSX sheet «Nguồn» has the same
    lines) and the PDF's text; and apart, the «…» of the changes page's column of the published
    edition's texts, which quotes that edition as it was (its marks included)."""
    from egovbook.build.editions import OLD_COLUMN

    from conftest import pdf_texts

    texts, published = {}, set()
    for page in sorted(book.rglob("*.html")):
        if {"_static", "_sources"} & set(page.relative_to(book).parts):
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one("main") or soup.body
        if main is None:
            continue
        for table in main.select("table"):
            heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
            if OLD_COLUMN in heads:
                for tr in table.select("tbody tr"):
                    cell = tr.select("td")[heads.index(OLD_COLUMN)]
                    published |= {_norm(q) for q in QUOTED.findall(cell.get_text(" "))}
                    cell.decompose()
        texts[page.relative_to(book).as_posix()] = main.get_text(" ")
    for note in sorted(book.glob("_downloads/*/*.nguon.txt")):
        texts[note.name] = note.read_text(encoding="utf-8")
    texts["PDF"] = " ".join(pdf_texts(book / "chinh-phu-dien-tu.pdf"))
    return texts, published


def test_guillemets_hold_only_the_sources_words(built_book: Path) -> None:
    """«…» marks words a source wrote, and nothing else: in every page (popups included), every
    download's notes and the PDF, each «…» (each part between the «…» of an elision) occurs in
    an article of ../shared or in a quote the data records. The book's own labels (statuses,
    verdicts, terms, titles, column names) are in italics, or plain in plain text
    (book/phuong-phap.md says so). A note of a claims table quotes its own row's article or an
    article it names."""
    from conftest import SEEDS

    said = _said()
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        files = {r["source_id"]: r["file"] for r in csv.DictReader(fh) if r["file"]}
    article = {a: (SEEDS / f).read_text(encoding="utf-8") for a, f in files.items()
               if SEEDS.is_dir()}
    articles = [_norm(t) for t in article.values()]
    spans, unsaid = 0, set()
    texts, published = _reader_texts(built_book)
    assert published  # the default book differs from its published edition
    for where, text in texts.items():
        for quoted in QUOTED.findall(text):
            spans += 1
            if where == "PDF" and _norm(quoted) in published:
                continue  # the print of that column (the pages checked it everywhere else)
            parts = [_norm(p) for p in quoted.split("…") if _norm(p)]
            if not all(any(p in s for s in said) or any(p in a for a in articles)
                       for p in parts):
                unsaid.add((where, " ".join(quoted.split())))
    assert spans >= 200, spans
    if not article:
        if unsaid:
            pytest.skip(f"../shared/seeds không có ở đây: {len(unsaid)} «…» chưa đối chiếu được")
        return
    assert not unsaid, sorted(unsaid)
    checked, wrong = 0, []
    for tid, table in _tables(built_book).items():
        for row in _cells(table):
            note, source = shown_text(row["Ghi chú"]), shown_text(row["Nguồn"])
            named = {source, *re.findall(r"A\d{3}", note)}
            for quoted in QUOTED.findall(note):
                checked += 1
                if not any(quoted in article.get(a, "") for a in named):
                    wrong.append((tid, shown_text(row["Mã khẳng định"]), quoted))
    assert not wrong, wrong
    assert checked >= 20, checked
