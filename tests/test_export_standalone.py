"""The standalone chapter a reader downloads from the book's share link, checked against the
book itself: same figure and table numbers, same cross-reference words, the cited works (and only
they) listed as the book lists them, data links that give the book's own files, nothing fetched
from the network. Everything is read from a real build of the default book."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from egovbook.publish import export

pytestmark = pytest.mark.slow

# 04: cites the articles, Bảng 11; 01: figures, cites the Surveys; 00 and 07: references to
# tables of other chapters («Bảng 11», «Bảng 3»).
CHAPTERS = ["00_diem_chinh", "01_tong_quan_egdi", "04_chi_tieu_trong_nuoc", "07_kiem_chung"]
BIB_ENTRY = re.compile(r"@\w+\{(\w+),.*?\n\s*title = \{\{(.*?)\}\}", re.S)
MYST = re.compile(r"\{(?:cite|numref|glue|download|ref|doc|term)[:}]")


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def book_article(built_book: Path, stem: str) -> Tag:
    return soup_of(built_book / "notebooks" / f"{stem}.html").select_one("article.bd-article")


def linked(page: Path, href: str) -> Path:
    return (page.parent / unquote(urlsplit(href).path)).resolve()


def downloads(article: Tag) -> list[Tag]:
    return [a for a in article.find_all("a", href=True) if a.has_attr("download")]


def standalone_file(built_book: Path, stem: str) -> Path:
    """The file the chapter's share link downloads, found as a reader finds it."""
    page = built_book / "notebooks" / f"{stem}.html"
    shares = [linked(page, a["href"]) for a in downloads(book_article(built_book, stem))
              if a["href"].endswith(f"/{stem}.html")]
    assert len(shares) == 1, stem
    return shares[0]


def texts(root: Tag, selector: str) -> list[str]:
    return [" ".join(el.get_text().split()) for el in root.select(selector)]


@pytest.mark.parametrize("stem", CHAPTERS)
def test_numbers_captions_and_references_read_as_in_the_book(built_book: Path,
                                                             stem: str) -> None:
    book = book_article(built_book, stem)
    alone = soup_of(standalone_file(built_book, stem))
    main = alone.find("main")
    # Figure and table numbers with their captions, in the book's order.
    numbers = texts(book, ".caption-number")
    assert texts(main, ".caption-number") == numbers
    assert texts(main, ".caption-text") == texts(book, ".caption-text")
    if stem in ("01_tong_quan_egdi", "04_chi_tieu_trong_nuoc"):
        assert any(n.startswith("Hình ") for n in numbers)
        assert any(n.startswith("Bảng ") for n in numbers)
    if stem == "04_chi_tieu_trong_nuoc":
        assert "Bảng 11" in numbers
    # Cross-references: the same words as the book page, each in the same place of the text.
    refs = texts(book, ".std-numref")
    assert refs and texts(main, ".std-numref") == refs
    # Citations: the book's labels.
    assert texts(main, ".bibtex-citation") == texts(book, ".bibtex-citation")
    # A same-page reference still leads to its figure or table in the file.
    for a in main.find_all("a", href=True):
        if a["href"].startswith("#"):
            assert alone.find(id=a["href"][1:]) is not None, (stem, a["href"])


@pytest.mark.parametrize("stem", CHAPTERS)
def test_the_reference_list_is_exactly_the_works_the_chapter_cites(built_book: Path,
                                                                   built_project: Path,
                                                                   stem: str) -> None:
    """The keys the chapter's Markdown cites (executed notebook) against the titles the list
    shows (the .bib the book was built from), and each label in the text against its entry."""
    stage = built_project / "_build" / "stage"
    notebook = (stage / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8")
    keys = {k for roles in re.findall(r"\{cite(?::\w+)?\}`([^`]*)`", notebook)
            for k in roles.split(",")}
    bib = (stage / "book" / "references.bib").read_text(encoding="utf-8")
    # BibTeX escapes (\%, \&) as the reader sees them.
    titles = {k: re.sub(r"\\([%&])", r"\1", t) for k, t in BIB_ENTRY.findall(bib)}
    alone = soup_of(standalone_file(built_book, stem))
    section = alone.find(id=export.REFERENCES_ID)
    if not keys:
        assert section is None and not alone.select(".bibtex-citation"), stem
        return
    assert section.find("h2").get_text() == "Tài liệu tham khảo"
    entries = section.select(".citation")
    assert len(entries) == len(keys)
    shown = [" ".join(e.get_text().split()) for e in entries]
    for key in keys:
        assert sum(" ".join(titles[key].split()) in text for text in shown) == 1, key
    # As the book's bibliography page words them.
    bibliography = soup_of(built_book / "book" / "tai-lieu-tham-khao.html")
    assert set(shown) <= {" ".join(e.get_text().split())
                          for e in bibliography.select(".citation")}
    # Every label in the text leads to the entry with that label.
    links = alone.select(".bibtex-citation a")
    assert links
    for a in links:
        entry = alone.find(id=a["href"].removeprefix("#"))
        assert entry in entries
        assert entry.select_one(".label").get_text().strip("[] ") == a.get_text()


@pytest.mark.parametrize("stem", CHAPTERS)
def test_each_data_link_gives_the_books_file(built_book: Path, stem: str) -> None:
    page = built_book / "notebooks" / f"{stem}.html"
    share = standalone_file(built_book, stem)
    files = [linked(page, a["href"]) for a in downloads(book_article(built_book, stem))]
    # The sentence offering the shared copy and the chapter's code page is not in the copy.
    files = [f for f in files if f != share and not f.name.endswith("-ma.html")]
    alone = soup_of(share).find("main")
    got = []
    for a in downloads(alone):
        head, data = a["href"].split(",", 1)
        assert head.startswith("data:") and head.endswith(";base64"), a["href"][:60]
        got.append((a["download"], base64.b64decode(data)))
    assert got == [(f.name, f.read_bytes()) for f in files]
    if stem != "00_diem_chinh":
        assert any(name.endswith(".csv") for name, _ in got)


def test_standalone_pages_are_one_offline_file(built_book: Path) -> None:
    exports = sorted(p for p in (built_book / "_downloads").glob("*/*.html")
                     if not p.name.endswith("-ma.html"))  # the code pages: test_notebook_code
    assert {p.stem for p in exports} >= set(CHAPTERS)
    for path in exports:
        text = path.read_text(encoding="utf-8")
        assert not MYST.search(text), path.name
        soup = BeautifulSoup(text, "html.parser")
        assert soup.html["lang"] == "vi"
        assert soup.title.get_text() == " ".join(soup.find("h1").get_text().split())
        for tag, attr in (("img", "src"), ("script", "src"), ("link", "href"),
                          ("source", "src"), ("iframe", "src")):
            for el in soup.find_all(tag, attrs={attr: True}):
                assert el[attr].startswith("data:"), (path.name, tag, el[attr][:60])
        assert "url(http" not in text.replace(" ", "")
        # Links: inside the page, embedded, or to the web (the Survey's site); none into a
        # book that is not there.
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if href.startswith("#"):
                assert soup.find(id=href[1:]) is not None, (path.name, href)
            else:
                assert href.startswith(("data:", "https://", "http://")), (path.name, href)


def test_links_to_other_pages_go_online_or_say_they_cannot(built_book: Path) -> None:
    """Without an address (the default build) a link to another chapter becomes its words and
    the page says why; with one, it leads to the same file and anchor of the published book."""
    stem = "07_kiem_chung"
    alone = soup_of(standalone_file(built_book, stem))
    unlinked = texts(alone, ".egv-unlinked")
    assert "Bảng 3" in unlinked
    assert "chỉ dùng được trong bản trực tuyến" in alone.find("footer").get_text()

    url = "https://sach.example.org/egov/"
    page = built_book / "notebooks" / f"{stem}.html"
    made = export.Book(built_book, {"title": "Sách", "egovbook": {"url": url}}).standalone(page)
    assert made is not None
    online = BeautifulSoup(made[1], "html.parser")
    assert not online.select(".egv-unlinked") and online.find("footer") is None
    assert url in online.find("header").get_text()
    book_links = {(a.get_text(), linked(page, a["href"]), urlsplit(a["href"]).fragment)
                  for a in book_article(built_book, stem).find_all("a", href=True)
                  if not a["href"].startswith("#") and ".html" in a["href"]}
    absolute = [a for a in online.find("main").find_all("a", href=True)
                if a["href"].startswith(url)]
    assert len(absolute) >= len(unlinked)
    for a in absolute:
        parts = urlsplit(a["href"])
        target = built_book / parts.path.removeprefix(urlsplit(url).path)
        assert (a.get_text(), target.resolve(), parts.fragment) in book_links
        if parts.fragment:
            assert soup_of(target).find(id=parts.fragment) is not None
