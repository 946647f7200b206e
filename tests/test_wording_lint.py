"""Wording lint over the built HTML: what a reader must not see, whatever the sentence.

General rules over the reader-facing text of every page (code, provenance popups, verbatim
quotes «…» and article titles excepted; the reproducibility appendix ``tai-lap`` is for staff
and names files, commands and checksums on purpose): no internal identifiers (quarter codes,
claim keys such as ``2022Q3 → 2023Q1``, ISO dates, code-like tokens, file paths outside the
pages about the data), no ``nan``, and one spacing rule for «%» (``15,91 %``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from conftest import ROOT

# Pages that name the data files on purpose (file names allowed, other rules still apply).
FILE_PAGES = {"90_nguon_du_lieu", "ghi-chu-du-lieu", "phuong-phap", "tai-lieu-tham-khao"}
SKIP_PAGES = {"tai-lap", "genindex", "search"}
SKIP_TAGS = {"script", "style", "code", "pre", "math", "nav", "kbd", "samp"}
SKIP_CLASSES = {"egv-prov", "literal", "highlight", "cell_input", "headerlink"}

RULES = {
    "ISO date": re.compile(r"(?<![\w/.-])\d{4}-\d{2}-\d{2}(?![\w/-])"),
    "quarter code": re.compile(r"(?<![\w/])\d{4}Q[1-4](?!\w)"),
    "code-like token": re.compile(r"(?<![\w/.])(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|[a-z][a-z0-9]*_"
                                  r"[a-z0-9_]+)(?!\w)"),
    "file path": re.compile(r"(?<!\w)[\w./-]+\.(?:csv|json|ipynb|py|yml|md)(?!\w)"),
    "nan": re.compile(r"(?<!\w)(?:nan|NaN)(?!\w)"),
    "«%» without a space before it": re.compile(r"\d%"),
}


def _titles() -> list[str]:
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        return [r["title"] for r in csv.DictReader(fh) if r.get("title")]


def reader_text(path: Path, titles: list[str]) -> str:
    """The text a reader reads on a page, without code, popups, quotes and article titles."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    root = soup.find("article") or soup.body or soup
    for el in root.find_all(True):
        if el.decomposed:
            continue
        if el.name in SKIP_TAGS or SKIP_CLASSES & set(el.get("class") or []):
            el.decompose()
    text = re.sub(r"\s+", " ", root.get_text(" ").replace("\xa0", " ").replace("\u202f", " "))
    text = re.sub(r"«[^»]*»", " ", text)  # verbatim quotes keep the article's spelling
    for title in titles:
        text = text.replace(re.sub(r"\s+", " ", title), " ")
    return text


def lint(html: Path) -> list[str]:
    """Every breach of the rules in a built HTML folder, as «page: rule: hits»."""
    titles, out = _titles(), []
    pages = sorted([html / "index.html", *html.glob("notebooks/*.html"),
                    *html.glob("book/*.html")])
    for path in pages:
        if path.stem in SKIP_PAGES or not path.is_file():
            continue
        text = reader_text(path, titles)
        if path.stem in FILE_PAGES:  # file names are what these pages are about
            text = RULES["file path"].sub(" ", text)
        for label, rule in RULES.items():
            hits = list(dict.fromkeys(m.group(0) for m in rule.finditer(text)))
            if hits:
                out.append(f"{path.relative_to(html)}: {label}: {', '.join(hits[:5])}")
    return out


@pytest.mark.parametrize(("text", "label"), [
    ("Quý 2022Q3 → 2023Q1", "quarter code"), ("ngày 2023-03-31", "ISO date"),
    ("cột DVC_M4_TYLE", "code-like token"), ("xem data/claims.csv", "file path"),
    ("giá trị nan", "nan"), ("đạt 15,91%", "«%» without a space before it"),
])
def test_each_rule_catches_its_case(text: str, label: str) -> None:
    assert RULES[label].search(text)


@pytest.mark.parametrize("text", ["quý III/2022", "31/03/2023", "15,91 %", "A001-S03",
                                  "EGDI 0,7709", "Nghị quyết 17", "tài khoản thanh toán"])
def test_reader_wording_passes(text: str) -> None:
    assert not any(rule.search(text) for rule in RULES.values())


def test_code_popups_and_quotes_are_not_reader_text(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<article><p>Tỷ lệ 15,91 % <code>DVC_M4_TYLE</code> «đạt 30%»"
                    '<span class="egv-prov">data/un_egov.csv, 2023-03-31</span></p></article>',
                    encoding="utf-8")
    text = reader_text(page, [])
    assert not any(rule.search(text) for rule in RULES.values()), text


@pytest.mark.slow
def test_built_book_wording(built_book: Path) -> None:
    problems = lint(built_book)
    assert problems == [], "\n".join(problems)
