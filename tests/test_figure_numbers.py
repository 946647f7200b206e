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
            exact = (said.get("Giá trị chính xác") or said.get("Giá trị trong dữ liệu", "")
                     ).split(";")[0].rstrip(".")
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
    intro = BeautifulSoup((built_book / "book" / "gioi-thieu.html").read_text(encoding="utf-8"),
                          "html.parser").find("article")
    # The introduction names the view by its label, in italics (a label of the book's).
    assert label in [" ".join(em.get_text().split()) for em in intro.find_all("em")]
    assert "lời văn của các chương là một nút" in " ".join(intro.get_text(" ").split())


# A button's words besides its number: a bound («hơn», «khoảng»), a unit («điểm», «bậc»), a
# month («tháng 10/2020»). A sentence has more.
BOUND_WORDS = 3
LETTERS = re.compile(r"[^\W\d_]+")


def sentence_buttons(page: BeautifulSoup) -> list[str]:
    """Buttons of the prose (not table cells, which may quote an article's words) that are not a
    number with its bound word or unit: no digit at all, a sentence's end, or many words."""
    from egovbook.common import fmt

    out = []
    for button in page.select("button.egv-num"):
        if button.find_parent(["td", "th"]) is not None:
            continue
        text = button.get_text(" ", strip=True)
        if text in (fmt.rank_change(1, 1), fmt.change(0), fmt.change("0.00001", 4)):
            # a change of 0, as the book says it in words
            continue
        if (not re.search(r"\d", text) or text.endswith((".", "!", "?"))
                or len(LETTERS.findall(text)) > BOUND_WORDS):
            out.append(text)
    return out


def test_a_sentence_button_is_caught() -> None:
    page = BeautifulSoup('<p><button class="egv-num">Việt Nam còn thấp hơn mức đó 0,0693 điểm '
                         'EGDI</button> và <button class="egv-num">Phần lớn nhất nằm ở HCI.'
                         '</button>, <button class="egv-num">hơn 0,0693 điểm</button></p>',
                         "html.parser")
    assert sentence_buttons(page) == ["Việt Nam còn thấp hơn mức đó 0,0693 điểm EGDI",
                                      "Phần lớn nhất nằm ở HCI."]


@pytest.mark.slow
def test_only_numbers_are_buttons(built_book: Path) -> None:
    """A sentence is text with its numbers as buttons (review 4, C9); a sentence with no
    number of its own is plain text."""
    found = {page.name: bad for page in sorted(built_book.joinpath("notebooks").glob("*.html"))
             if (bad := sentence_buttons(BeautifulSoup(page.read_text(encoding="utf-8"),
                                                        "html.parser")))}
    assert found == {}
    # The sentences of review 4 are on the page, with their numbers as buttons.
    gap = BeautifulSoup((built_book / "notebooks" / "08_khoang_cach_muc_tieu.html").read_text(
        encoding="utf-8"), "html.parser")
    assert [s for s in gap.select("span.egv-sentence") if s.select("button.egv-num")]


@pytest.mark.slow
def test_conflicting_deadlines_are_shown_as_the_sources_give_them(built_book: Path) -> None:
    """Review 4, C1: the sentence of conflicting targets names a deadline as precisely as the
    targets table beside it does (a month, a year; never a day the sources do not give), each
    a button of its own."""
    page = BeautifulSoup((built_book / "notebooks" / "04_chi_tieu_trong_nuoc.html").read_text(
        encoding="utf-8"), "html.parser")
    sentence = page.select_one('[data-key="04_chi_tieu_trong_nuoc::conflict_list"]')
    text = sentence.get_text(" ", strip=True)
    assert "thời hạn" in text and not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text)
    table = page.select_one("table#tbl-muc-tieu-mau-thuan")
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    stated = {tr.find_all("td")[heads.index("Thời hạn")].get_text(" ", strip=True)
              for tr in table.select("tbody tr")}
    deadlines = [b.get_text(" ", strip=True) for b in sentence.select("button.egv-num")
                 if re.fullmatch(r"(?:tháng \d{1,2}/|năm )\d{4}", b.get_text(" ", strip=True))]
    assert len(deadlines) >= 2
    assert set(deadlines) <= stated, (deadlines, stated)
