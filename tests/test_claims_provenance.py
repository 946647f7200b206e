"""The numbers of the claims tables (each chapter's cross-check box and chapter 7's register)
open their provenance: the press figure («Báo chí nêu») the data row that records the article's
sentence, the compared value («Giá trị đối chiếu») the data rows it was recomputed from.

The checks read the built pages, the values registry and the committed data files: every row a
popup names exists, and the press figure's rows hold the very sentence the «Trích dẫn» column
quotes. Guillemets in the tables' notes hold the articles' words (with ../shared's articles).
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
                    assert quote in held, (shown_text(row["Mã"]), quote, held)
    # Every claim with a number in the register, and the boxes' own rows.
    assert counted["Báo chí nêu"] >= 200 and counted["Giá trị đối chiếu"] >= 180, counted


def _key_of(row: dict[str, str], key: str) -> bool:
    return all(row.get(col) == value for col, value in (p.split("=", 1) for p in key.split()))


def test_notes_put_only_the_articles_words_in_guillemets(built_book: Path, seeds: Path) -> None:
    """A «…» in a note occurs verbatim in the row's article or in an article the note names."""
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        text = {r["source_id"]: (seeds / r["file"]).read_text(encoding="utf-8")
                for r in csv.DictReader(fh) if r["file"]}
    checked, wrong = 0, []
    for tid, table in _tables(built_book).items():
        for row in _cells(table):
            note, source = shown_text(row["Ghi chú"]), shown_text(row["Nguồn"])
            articles = {source, *re.findall(r"A\d{3}", note)}
            for quoted in re.findall(r"«([^»]*)»", note):
                checked += 1
                if not any(quoted in text.get(a, "") for a in articles):
                    wrong.append((tid, shown_text(row["Mã"]), quoted))
    assert not wrong, wrong
    assert checked >= 20, checked
