"""Every number a reader can open is one figure with its own provenance (review 3, C5).

* A button shows one number, or only numbers its popup's exact value rounds to (a rank keeps its
  field, «5/11»; a cell quoting an article keeps the article's words): a sentence of several
  numbers shows each as its own button (chapter 3's «Indonesia (EGDI 0,7991), cách 0,0282»).
* The summary sentence under each figure has no button, as the introduction says; its numbers
  are the figure's own data, shown in the figure's «Xem số liệu của hình» view.

Read from the built book and the project's data files.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

# Not quantities: dates (26/08/2020, 07/2020, 8/2017), quarters (quý III/2022), survey years,
# article and claim ids (A001, A004-02).
NOT_A_NUMBER = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}/\d{4}\b|\b[IV]+/\d{4}\b"
                          r"|\b(?:năm|kỳ|Năm|Kỳ) \d{4}\b|\b[A-Z]\d{3}(?:-[A-Z]?\d+)?\b")
NUMBER = re.compile(r"(?<![\d,.])-?\d+(?:[.,]\d+)*")


def numbers(text: str) -> list[str]:
    return NUMBER.findall(NOT_A_NUMBER.sub(" ", text))


def decimal(vi: str) -> Decimal:
    return Decimal(vi.replace(".", "").replace(",", "."))


def rounds_to(exact: Decimal, shown: str) -> bool:
    """``shown`` is ``exact`` rounded half up (away from zero) to the decimals it shows."""
    places = len(shown.split(",")[1]) if "," in shown else 0
    return exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) == decimal(shown)


def lines(popup: BeautifulSoup) -> dict[str, str]:
    out = {}
    for line in popup.select(".egv-prov-line"):
        head = line.find("b")
        if head is not None:
            out[head.get_text().rstrip(":")] = line.get_text()[len(head.get_text()):].strip()
    return out


def offenders(html: Path) -> list[tuple[str, str, str | None]]:
    """(page, button text, key) of each button showing numbers its popup does not explain."""
    found = []
    for page in sorted(html.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for span in soup.select("span.egv-value"):
            button, popup = span.find("button", class_="egv-num"), span.find(class_="egv-prov")
            shown = numbers(button.get_text())
            if len(shown) <= 1:
                continue
            said = lines(popup)
            exact = said.get("Giá trị chính xác", "").split(";")[0].rstrip(".")
            if said.get("Đơn vị") == "hạng." and re.fullmatch(r"\d+/\d+", button.get_text()):
                continue  # a rank and its field: «5/11»
            if said.get("Cách tính", "").startswith("con số bài"):
                continue  # the article's own words, quoted in the claims ledger
            if exact and all(rounds_to(decimal(exact), n) for n in shown):
                continue
            found.append((page.name, button.get_text(), span.get("data-key")))
    return found


@pytest.mark.slow
def test_each_button_shows_one_figure(built_book: Path) -> None:
    assert offenders(built_book) == []


def _un_row(iso3: str, year: str) -> dict[str, str]:
    with (ROOT / "data" / "un_egov.csv").open(encoding="utf-8-sig", newline="") as fh:
        return next(r for r in csv.DictReader(fh) if r["iso3"] == iso3 and r["year"] == year)


@pytest.mark.slow
def test_the_neighbour_and_the_gap_are_two_buttons(built_book: Path) -> None:
    """Chapter 3: the neighbour's EGDI opens its own UN row (the value published there), the
    gap opens the subtraction of the two rows."""
    registry = json.loads((built_book / "values.json").read_text(encoding="utf-8"))
    page = BeautifulSoup((built_book / "notebooks" / "03_so_sanh_khu_vuc.html").read_text(
        encoding="utf-8"), "html.parser")
    for name in ("next_sub", "next_reg"):
        key = f"03_so_sanh_khu_vuc::{name}"
        entry = next(v for v in registry["values"] if v["key"] == key)
        sentence = page.select_one(f'.egv-sentence[data-key="{key}"]')
        buttons = sentence.select("button.egv-num")
        assert [b.get_text() for b in buttons] == [p["text"] for p in entry["parts"]]
        assert len(buttons) == 2
        egdi, gap = entry["parts"]
        (row_key,) = egdi["inputs"][0]["keys"]
        year, iso3 = (k.split("=")[1] for k in row_key.split())
        published = Decimal(_un_row(iso3, year)["egdi"])
        assert Decimal(egdi["exact"]) == published and rounds_to(published, egdi["text"])
        own = Decimal(_un_row("VNM", year)["egdi"])
        assert Decimal(gap["exact"]) == published - own and rounds_to(published - own,
                                                                        gap["text"])


@pytest.mark.slow
def test_figure_summaries_restate_their_figure_data_and_the_introduction_says_so(
        built_book: Path) -> None:
    labels, summaries = set(), 0
    for page in built_book.joinpath("notebooks").glob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for more in soup.select(".egv-figure-more"):
            said, view = more.find("p"), more.select_one("details.egv-figdata")
            if said is None or view is None:
                continue
            labels.add(view.find("summary").get_text(strip=True))
            assert not said.select(".egv-value"), said  # no button, as the introduction says
            cells = [[td.get_text(strip=True) for td in tr.find_all("td")]
                     for tr in view.select("tbody tr")]
            known = {n for row in cells for c in row for n in numbers(c)}
            # Counts of the view's rows, of each value of a column, of a column's values; a
            # stacked bar's total (a row's counts added).
            known |= {str(len(cells))}
            known |= {str(sum(int(c) for c in row if c.isdigit())) for row in cells}
            for column in zip(*cells, strict=False):
                known |= {str(n) for n in Counter(column).values()} | {str(len(set(column)))}
            missing = [n for n in numbers(said.get_text()) if n.lstrip("-") not in
                       {k.lstrip("-") for k in known}]
            assert missing == [], (page.name, said.get_text(), missing)
            summaries += 1
    assert summaries >= 8
    (label,) = labels
    intro = " ".join(BeautifulSoup((built_book / "book" / "gioi-thieu.html").read_text(
        encoding="utf-8"), "html.parser").get_text(" ").split())
    assert f"«{label}»" in intro and "lời văn của các chương là một nút" in intro
