"""The print edition (PDF): same figures as the HTML, every chapter, embedded fonts, nothing
outside the page, and a second country's book."""

from __future__ import annotations

import builtins
import json
import os
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from egovbook.publish import pdf, pdf_layout

from conftest import ROOT, pdf_texts, run_build

PDF_NAME = pdf.PDF_NAME


def weasyprint_or_skip() -> None:
    """WeasyPrint needs the system Pango: missing, the test fails in CI and skips on a laptop."""
    try:
        pdf.load_weasyprint()
    except pdf.PdfError as err:
        if os.environ.get("CI"):
            pytest.fail(str(err))
        pytest.skip(str(err))


def squash(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def pdf_pages(path: Path) -> tuple[str, ...]:
    return tuple(squash(text) for text in pdf_texts(path))


def chapter_files(html_root: Path) -> list[str]:
    """The chapters the built book's table of contents lists, as HTML paths."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f"{f}.html" for f in files if (html_root / f"{f}.html").is_file()]


def title_of(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    h1 = soup.select_one("article h1")
    for link in h1.select("a.headerlink"):
        link.decompose()
    return squash(h1.get_text(" "))


@cache
def outline_titles(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return [squash(item.title) for item in reader.outline if not isinstance(item, list)]


# ------------------------------------------------------------------------------------------
# Fast checks of the pieces


def test_missing_pango_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_pango(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': No such file")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(__import__("sys").modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    with pytest.raises(pdf.PdfError) as err:
        pdf.load_weasyprint()
    message = str(err.value)
    assert "apt-get install" in message and "libpango-1.0-0" in message
    assert "fonts-dejavu-core" in message and "Không làm được bản PDF" in message


def test_column_widths_keep_every_word_and_fill_the_table() -> None:
    soup = BeautifulSoup(
        "<table><tr><th>Mã</th><th>Nguồn</th><th>Trích dẫn</th></tr>"
        "<tr><td>A001-01</td><td>A001</td><td>" + "rất dài " * 60 + "</td></tr></table>",
        "html.parser")
    widths = pdf_layout.column_widths(soup.table, capacity=100)
    assert sum(widths) == pytest.approx(1.0)
    # "A001-01" (7 letters) and "Nguồn" keep their room; the quote takes the rest.
    assert widths[0] * 100 >= 7 * 1.25 and widths[1] * 100 >= 5 * 1.25
    assert widths[2] > 0.6


def test_column_widths_keep_a_date_label_whole() -> None:
    """print.css keeps «tháng 02/2020» on one line: its column has room for it (an earlier
    quarter's book printed it past its cell)."""
    soup = BeautifulSoup(
        "<table><tr><th>Số</th><th>Trích dẫn</th></tr><tr><td>hơn 1 (tháng 02/2020)</td><td>"
        + "rất dài " * 60 + "</td></tr></table>", "html.parser")
    widths = pdf_layout.column_widths(soup.table, capacity=100)
    assert widths[0] * 100 >= len("tháng 02/2020") * 1.25


def test_column_widths_keep_a_checksum_whole() -> None:
    """Review 8, C1: a SHA-256 column is wide enough for the whole checksum in print. print.css:
    an A4 page less 2 × 18 mm margins, tables at 8 pt, a checksum at 0.8 of that in monospace
    (0.6 em a letter), cells padded 1.5 mm a side."""
    path = "scripts/egovbook/chapters/survey_subindices.py"
    soup = BeautifulSoup("<table><tr><th>Tệp</th><th>SHA-256</th><th>Byte</th></tr>"
                         f"<tr><td>{path}</td><td><code>{'c5ea7d4b' * 8}</code></td><td>12.109"
                         "</td></tr></table>", "html.parser")
    widths = pdf_layout.column_widths(soup.table, capacity=pdf_layout.CAPACITY["normal"])
    assert widths[1] * (210 - 2 * 18) >= 64 * 0.6 * 0.8 * 8 * 25.4 / 72 + 2 * 1.5


def test_formulas_get_a_print_form() -> None:
    soup = BeautifulSoup(
        '<section><div class="math"><math display="block"><mi>EGDI</mi><mo>=</mo><mfrac><mrow>'
        "<mi>OSI</mi><mo>+</mo><mi>TII</mi></mrow><mn>3</mn></mfrac></math></div></section>",
        "html.parser")
    pdf_layout.print_math(soup, soup.section)
    assert soup.find("math") is None
    frac = soup.select_one(".egv-math-block .egv-frac")
    assert [squash(s.get_text()) for s in frac.find_all("span", recursive=False)] == [
        "OSI + TII", "3"]


def test_overflow_check_finds_content_outside_the_page() -> None:
    weasyprint_or_skip()
    import weasyprint

    style = "<style>@page { size: A5; margin: 20mm }</style>"
    fits = weasyprint.HTML(string=style + "<p>Chính phủ điện tử</p>").render()
    assert pdf.overflow(fits) == []
    wide = weasyprint.HTML(string=style + '<p style="width: 300mm">Chính phủ điện tử</p>'
                           '<p style="white-space: nowrap">' + "dài " * 80 + "</p>").render()
    assert pdf.overflow(wide)
    # Text past its table cell's edge, into the next column (review 7, C2).
    cell = ('<table style="table-layout: fixed; width: 60mm"><col style="width: 30mm"><col>'
            '<tr><td style="white-space: nowrap">' + "8a415cff886" * 4 + "</td><td>22/11/2026"
            "</td></tr></table>")
    assert pdf.overflow(weasyprint.HTML(string=style + cell).render())


def test_print_css_wraps_a_checksum_inside_its_cell() -> None:
    """A SHA-256 cell (code > span.pre, as Sphinx writes it) wraps inside its column in print:
    the rule that keeps figures in cells whole (td span) must not keep a checksum whole."""
    weasyprint_or_skip()
    import weasyprint

    css = (ROOT / "_static" / "print.css").resolve().as_uri()
    checksum = "df7991cb21cc115b5ca2baa94d62058768d8e91dd3c5ea7d4b8ea8a415cff886"
    html = (f'<link rel="stylesheet" href="{css}"><body class="egv-print"><table class="egv-fixed">'
            '<colgroup><col style="width: 30%"><col style="width: 50%"><col style="width: 20%">'
            '</colgroup><tr><td>2003</td><td><code class="docutils literal notranslate"><span '
            f'class="pre">{checksum}</span></code></td><td>22/11/2026</td></tr></table></body>')
    assert pdf.overflow(weasyprint.HTML(string=html).render()) == []


def test_print_keeps_dates_and_quarter_labels_whole() -> None:
    from bs4 import BeautifulSoup

    from egovbook.publish import pdf_text

    soup = BeautifulSoup("<p>Trạng thái quý III/2020, số liệu tháng 08/2020 (26/08/2020; 07/2020)"
                         "; hạng 86/193, tỷ số 3,6 <code>quy/2022Q3.csv</code></p>", "html.parser")
    assert pdf_text.keep_whole(soup, soup) == 4
    assert [s.get_text() for s in soup.select(".egv-whole")] == [
        "quý III/2020", "tháng 08/2020", "26/08/2020", "07/2020"]
    assert soup.get_text() .startswith("Trạng thái quý III/2020, số liệu tháng 08/2020")


# ------------------------------------------------------------------------------------------
# The built book (Viet Nam, built once per session)


@pytest.mark.slow
def test_pdf_has_every_chapter_and_the_glued_figures(built_book: Path) -> None:
    path = built_book / PDF_NAME
    assert path.is_file()
    text = " ".join(pdf_pages(path))
    files = chapter_files(built_book)
    assert len(files) >= 14
    titles = [title_of(built_book / f) for f in files]
    missing = [t for t in titles if t not in text]
    assert missing == []
    # Each chapter opens at a top-level bookmark (the PDF's own table of contents).
    outline = outline_titles(path)
    assert [t for t in titles if t not in outline] == []
    # The headline figures glued into the overview chapter are in the print, as in the HTML.
    soup = BeautifulSoup((built_book / "notebooks/01_tong_quan_egdi.html").read_text(
        encoding="utf-8"), "html.parser")
    for popup in soup.select(".egv-prov"):  # a number's provenance is for the screen
        popup.decompose()
    # (In prose: a table cell's text may wrap over lines in print.)
    glued = {squash(s.get_text(" ")) for s in soup.select("article .pasted-text")
             if s.find_parent("td") is None}
    glued.discard("")
    assert len(glued) >= 10
    assert sorted(g for g in glued if g not in text) == []
    # Cover: country, survey year, domestic quarter and edition date from the build record.
    record = json.loads((built_book / "reproducibility.json").read_text(encoding="utf-8"))
    cover = pdf_pages(path)[0]
    year, quarter = record["parameters"]["year"], record["parameters"]["quarter"]
    assert "Việt Nam" in cover and f"năm {year}" in cover
    q_year, q_num = quarter.split("Q")
    assert f"quý {['I', 'II', 'III', 'IV'][int(q_num) - 1]}/{q_year}" in cover
    built = record["build_date"][:10].split("-")
    assert f"ngày {built[2]}/{built[1]}/{built[0]}" in cover


@pytest.mark.slow
def test_pdf_numbers_figures_and_tables_like_the_html(built_book: Path) -> None:
    text = " ".join(pdf_pages(built_book / PDF_NAME))
    numbers = []
    for name in chapter_files(built_book):
        soup = BeautifulSoup((built_book / name).read_text(encoding="utf-8"), "html.parser")
        for cap in soup.select("article .caption-number"):
            numbers.append(squash(cap.get_text()))
    assert any(n.startswith("Hình") for n in numbers) and any(n.startswith("Bảng") for n in numbers)
    for label in numbers:
        assert re.search(re.escape(label) + r"\b", text), label
    # The claims register (8 columns of long text) is in, with every column heading.
    soup = BeautifulSoup((built_book / "notebooks/07_kiem_chung.html").read_text(
        encoding="utf-8"), "html.parser")
    heads = [squash(th.get_text(" ")) for th in soup.select("#tbl-so-doi-chieu thead th")]
    assert len(heads) == 8
    register = [p for p in pdf_pages(built_book / PDF_NAME) if "A001-01" in p]
    assert register and all(h.split()[0] in " ".join(register) for h in heads)


@pytest.mark.slow
def test_a_figures_summary_prints_on_the_figures_page(built_book: Path) -> None:
    """Review 17, C4: the sentence under a figure (its «Xem số liệu» summary) fell on the next
    page for six of nine figures. Each starts on the page its caption ends on."""
    pages = pdf_pages(built_book / PDF_NAME)
    checked = 0
    for name in chapter_files(built_book):
        soup = BeautifulSoup((built_book / name).read_text(encoding="utf-8"), "html.parser")
        for fig in soup.select("article figure[id^='fig-']"):
            more = fig.find_next_sibling(class_="egv-figure-more")
            said = more.find("p", recursive=False) if more else None
            if said is None:
                continue
            caption = " ".join(squash(fig.select_one("figcaption").get_text(" ")).split()[:6])
            start = " ".join(squash(said.get_text(" ")).split()[:6])
            on = [i for i, p in enumerate(pages) if caption in p]
            assert len(on) == 1 and start in pages[on[0]], (caption, start, on)
            checked += 1
    assert checked >= 8, checked


@pytest.mark.slow
def test_pdf_fonts_are_all_embedded(built_book: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(built_book / PDF_NAME))
    fonts = pdf.pdf_fonts(reader)
    assert fonts
    # The finished file, read back: every font embedded and none a fallback (the build checks
    # WeasyPrint's own list; this reads what was written).
    assert pdf.font_problems(built_book / PDF_NAME) == []
    names = {str(font.get("/BaseFont")).split("+")[-1] for font in fonts}
    # Text, headings and code each come from a face that carries Vietnamese.
    assert {n.replace("-", "").split("Bold")[0] for n in names} >= {"DejaVuSerif", "DejaVuSans"}


@pytest.mark.slow
def test_pdf_text_stays_inside_each_page(built_book: Path) -> None:
    """Every run of text starts inside its page and, at a width below any face's real one
    (0.4 em a character), also ends inside it. WeasyPrint's own layout check (the build fails
    on overflow) is exact; this one reads the finished file."""
    from pypdf import PdfReader

    reader = PdfReader(str(built_book / PDF_NAME))
    outside = []
    landscape = 0
    for number, page in enumerate(reader.pages, start=1):
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        landscape += width > height

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  number: int = number, width: float = width, height: float = height) -> None:
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            em = size * abs(tm[0] * cm[0])
            if not (0 <= x <= width and 0 <= y <= height) or \
                    x + 0.4 * em * len(text.strip()) > width:
                outside.append((number, text.strip()[:30], round(x), round(y)))

        page.extract_text(visitor_text=visit)
    assert outside == []
    # The wide tables got landscape pages; the rest is A4 portrait.
    assert landscape >= 1
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)


NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


def split_numbers(pages: tuple[str, ...], shown: set[str]) -> list[str]:
    """Numbers the PDF breaks across two lines («0,63» / «21»): a line ending in a piece of a
    number and the next one starting with the rest, where the two pieces joined are a number
    the book shows and are not both numbers it shows on their own (two cells in a row)."""
    out = []
    for n, page in enumerate(pages, start=1):
        lines = page.splitlines()
        for first, second in zip(lines, lines[1:], strict=False):
            head = re.search(r"(?<![\w.,/])[\d.,/]*\d[.,/]?$", first.rstrip())
            tail = re.match(r"[.,/]?\d[\d.,/]*(?!\w)", second.lstrip())
            if head and tail and head[0] + tail[0] in shown and not (
                    head[0] in shown and tail[0] in shown):
                out.append(f"trang {n}: …{first[-30:]} / {second[:20]}…")
    return out


# A date or a quarter label (quý III/2022, tháng 08/2020, 26/08/2020, 08/2020), or a document
# number (749/QĐ-TTg), with a line break anywhere inside it.
DATE = re.compile(r"(?:quý\s+[IV]{1,3}|tháng\s+\d{1,2}|(?<![\d/])\d{1,2}/\s*\d{1,2}"
                  r"|(?<![\d/])\d{1,2})/\s*\d{4}(?!\d)|tháng\s+\d{1,2}\s*-\s*\d{4}"
                  r"|(?<![\w/])\d{1,5}/\s*(?:\d{4}/\s*)?[A-ZĐ]\w*(?:\s*-\s*[A-ZĐ]\w*)+")


def split_dates(pages: tuple[str, ...]) -> list[str]:
    """Dates, quarter labels and document numbers the PDF breaks across two lines («quý III/» /
    «2022», «Quyết định 749/» / «QĐ-TTg»)."""
    out = []
    for n, page in enumerate(pages, start=1):
        lines = page.splitlines()
        for first, second in zip(lines, lines[1:], strict=False):
            end, start = first.rstrip()[-16:], second.lstrip()[:16]
            joined = end + "\n" + start
            if any(m.start() < len(end) < m.end() for m in DATE.finditer(joined)):
                out.append(f"trang {n}: …{first[-30:]} / {second[:20]}…")
    return out


def test_a_date_split_across_lines_is_caught() -> None:
    found = split_dates(("đến quý III/\n2022, dựng ngày", "đến quý\nIII/2022",
                         "ngày 26/08/\n2020", "tháng\n08/2020 và"))
    assert found == ["trang 1: …đến quý III/ / 2022, dựng ngày…", "trang 2: …đến quý / III/2022…",
                     "trang 3: …ngày 26/08/ / 2020…", "trang 4: …tháng / 08/2020 và…"]
    assert split_dates(("quý III/2022\n2020\nhạng 86/\n193", "tháng\n7 vừa qua")) == []
    # Review 8, C1: the changes page's Bảng 28 printed «Quyết định 749/» / «QĐ-TTg ngày».
    found = split_dates(("thuật lại Quyết định 749/\nQĐ-TTg ngày", "Quyết định 749/QĐ-\nTTg"))
    assert found == ["trang 1: …thuật lại Quyết định 749/ / QĐ-TTg ngày…",
                     "trang 2: …Quyết định 749/QĐ- / TTg…"]
    assert split_dates(("Quyết định 749/QĐ-TTg\nngày", "số 86/\n193 Quốc gia")) == []
    # Review 18, C2: a quote's «trong tháng» / «10-2020»» in Bảng 12.
    assert split_dates(("cấp bộ, tỉnh trong tháng\n10-2020» tháng", "tháng 10-2020\nx")) == [
        "trang 1: …cấp bộ, tỉnh trong tháng / 10-2020» tháng…"]


def split_sums(pages: tuple[str, ...]) -> list[str]:
    """Sums the PDF breaks at an operator (review 10, C3: «50 = 18 + 16 +» / «16»): a line
    ending in a number and an operator, or a line starting with an operator and a number
    after a line ending in a number."""
    out = []
    for n, page in enumerate(pages, start=1):
        lines = page.splitlines()
        for first, second in zip(lines, lines[1:], strict=False):
            if re.search(r"\d(?:\s?%)?\s*[+=−×]$", first.rstrip()) or (
                    re.search(r"\d(?:\s?%)?$", first.rstrip())
                    and re.match(r"[+=−×] \d", second.lstrip())):
                out.append(f"trang {n}: …{first[-30:]} / {second[:20]}…")
    return out


def test_a_sum_split_across_lines_is_caught() -> None:
    found = split_sums(("50 = 18 + 16 +\n16", "18 + 16 + 16\n= 50", "tỷ lệ 25/92 =\n27,17 %"))
    assert found == ["trang 1: …50 = 18 + 16 + / 16…", "trang 2: …18 + 16 + 16 / = 50…",
                     "trang 3: …tỷ lệ 25/92 = / 27,17 %…"]
    assert split_sums(("50 = 18 + 16 + 16\nhệ thống", "EGDI =\nOSI + TII", "+ 3 bậc")) == []


# A run of hex digits longer than a short id (a commit's 12, a checksum's 16 before «…», as
# the references print them): a piece of a broken checksum (64) or commit (40) is that long.
HEX = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{17,}(?![0-9A-Za-z])")


def broken_hashes(pages: tuple[str, ...]) -> list[str]:
    """Checksums and commits the PDF does not print whole on one line: every long run of hex
    digits is a whole SHA-256 (64) or commit (40)."""
    return [f"trang {n}: {m[0]}" for n, page in enumerate(pages, start=1)
            for m in HEX.finditer(page) if len(m[0]) not in (40, 64)]


def test_a_hash_split_across_lines_is_caught() -> None:
    whole = "df7991cb21cc115b5ca2baa94d62058768d8e91dd3c5ea7d4b8ea8a415cff886"
    prefix = whole[:16] + "…"
    assert broken_hashes((f"2003 193 {whole} 22/11/2026", f"SHA-256 {prefix}; nhập",
                          "commit fd927d8126ea4955d1da818c65ffc75350ba7a33 (không",
                          "dựng từ commit 04197f35647b.")) == []
    assert broken_hashes((f"2003 193 {whole[:-3]}\n{whole[-3:]} 22/11/2026",)) == [
        f"trang 1: {whole[:-3]}"]


def test_a_number_split_across_lines_is_caught() -> None:
    shown = {"0,6321", "2020", "0,6667", "21"}
    assert split_numbers(("bình Đông Nam Á 0,63\n21 khớp",), shown) == [
        "trang 1: …bình Đông Nam Á 0,63 / 21 khớp…"]
    assert split_numbers(("2020\n0,6667\nhạng 21\n2020",), shown) == []


@pytest.mark.slow
def test_pdf_never_breaks_a_number(built_book: Path) -> None:
    """A figure in a table cell stays on one line in print (review 6, C3: «0,6321» of Bảng 3
    printed as «0,63» and «21»), and so do dates, quarter labels and checksums' columns."""
    shown: set[str] = set()
    for page in [*built_book.glob("notebooks/*.html"), *built_book.glob("book/*.html")]:
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        shown |= set(NUMBER.findall(text))
    texts = pdf_texts(built_book / PDF_NAME)
    assert split_numbers(texts, shown) == []
    # Nor a date or a quarter label, anywhere (review 7, C1: «quý III/» / «2022»).
    assert split_dates(texts) == []
    # A checksum stays in its column: its last digits are not printed into the date beside
    # it (review 7, C2: «…8a415cff88622/11/2026»).
    assert not [m[0] for t in texts for m in re.finditer(r"[0-9a-f]{6}\d\d/\d\d/\d{4}", t)]
    # Every checksum and commit is whole on one line (review 8, C1: ch90's Bảng 26 and the
    # appendix printed «…c5ea7d4b8ea8a415cff» / «886»).
    assert broken_hashes(texts) == []
    # Nor a sum the book writes out (review 10, C3: «18 + 16 + 16 =» / «50» in Bảng 24).
    assert split_sums(texts) == []
    # Nor a number and its unit word (review 19, C3: «+2» / «bậc», «tăng 15» / «bậc»).
    assert split_units(texts) == []


UNIT_WORD = re.compile(r"(?:bậc|lần|triệu|nghìn|tỷ)(?!\w)")


def split_units(pages: tuple[str, ...]) -> list[str]:
    """A line ending in a number whose unit word starts the next line."""
    out = []
    for n, page in enumerate(pages, start=1):
        lines = page.splitlines()
        for first, second in zip(lines, lines[1:], strict=False):
            if re.search(r"(?<![\w.,/])[+−-]?\d[\d.,]*$", first.rstrip()) and UNIT_WORD.match(
                    second.lstrip()):
                out.append(f"trang {n}: …{first[-20:]} / {second[:15]}…")
    return out


def test_a_unit_split_from_its_number_is_caught() -> None:
    assert split_units(("kết quả là +2\nbậc ở kỳ", "tăng 15 bậc\nx", "năm 2020\nlần")) == [
        "trang 1: …kết quả là +2 / bậc ở kỳ…", "trang 3: …năm 2020 / lần…"]


@pytest.mark.slow
def test_pdf_figure_citations_give_an_address_or_no_permalink(built_book: Path) -> None:
    """On paper a permalink is an address a reader can type: without the book's address
    (``egovbook.url``) the screen's link «Hình 1 trong sách» is left out of print, and the
    citation still names the figure, the book and the edition."""
    text = " ".join(pdf_pages(built_book / PDF_NAME))
    cites = re.findall(r"Trích dẫn hình này: (.{0,400}?dựng ngày \d\d/\d\d/\d{4}\.)(.{0,120})",
                       text)
    assert len(cites) >= 5
    for cite, after in cites:
        assert re.search(r"Hình \d+, trong", cite), cite
        if "Liên kết cố định" in after:
            assert re.match(r"\s*Liên kết cố định: <?https?://\S+", after), after
    assert not re.search(r"Liên kết cố định:\s*Hình \d+ trong sách", text)


@pytest.mark.slow
def test_pdf_links_work(built_book: Path) -> None:
    """Internal links (table of contents, cross-references, citations) land on a destination
    in the PDF; the others are web addresses or files of the published book beside the PDF."""
    from pypdf import PdfReader

    reader = PdfReader(str(built_book / PDF_NAME))
    destinations = set(reader.named_destinations)
    internal, broken = 0, []
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            target = annot.get("/Dest") or (action.get("/D") if action else None)
            if target is not None:
                internal += 1
                if str(target) not in destinations:
                    broken.append((number, str(target)))
            elif action is not None and action.get("/S") == "/URI":
                uri = str(action["/URI"])
                if not uri.startswith(("http://", "https://", "mailto:")) and \
                        not (built_book / uri.split("#")[0]).is_file():
                    broken.append((number, uri))
    assert internal >= 100 and broken == []


@pytest.mark.slow
def test_every_page_links_the_pdf(built_book: Path) -> None:
    pages = [p for p in built_book.rglob("*.html")
             if "_downloads" not in p.parts and "_static" not in p.parts]
    assert len(pages) >= 15
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "Refresh"}):
            continue  # index.html only redirects to the first chapter
        link = soup.select_one(".egv-pdf-link a[href]")
        assert link is not None and squash(link.get_text(" ")) == "Tải bản PDF", page
        assert (page.parent / link["href"]).resolve() == (built_book / PDF_NAME).resolve()
        # Saved under the book's file name (it was «Project name not set.pdf»).
        assert link.get("download") == PDF_NAME, page
        # The theme's own «.pdf» entry printed the page; it now opens the book's PDF.
        assert not soup.select("[onclick*='print']"), page
        theirs = soup.select_one(".btn-download-pdf-button")
        if theirs is not None:
            assert theirs.name == "a", page
            assert (page.parent / theirs["href"]).resolve() == (built_book / PDF_NAME).resolve()


@pytest.mark.slow
def test_rebuild_with_nothing_changed_keeps_the_pdf(built_book: Path) -> None:
    project = built_book.parents[1]
    before = (built_book / PDF_NAME).stat()
    proc = run_build(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = (project / "_build" / "html" / PDF_NAME).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert "PDF" not in proc.stdout  # not made again


@pytest.mark.slow
def test_second_country_pdf(other_country_project: Path) -> None:
    html = other_country_project / "_build" / "html"
    path = html / PDF_NAME
    cover = pdf_pages(path)[0]
    assert "Campuchia" in cover and "Việt Nam" not in cover
    assert "Số liệu trong nước" not in cover  # no domestic chapter, so no quarter
    # Chapters on Viet Nam's own data are left out of the PDF as of the HTML.
    only_vnm = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        meta = json.loads(nb.read_text(encoding="utf-8"))["metadata"].get("egovbook", {})
        if "KHM" not in meta.get("countries", ["KHM"]):
            only_vnm.append(nb.stem)
    assert only_vnm
    bookmarks = outline_titles(path)
    for stem in only_vnm:
        assert not (html / "notebooks" / f"{stem}.html").exists()
        source = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
        heading = next(line[2:].strip() for cell in source["cells"]
                       if cell["cell_type"] == "markdown"
                       for line in "".join(cell["source"]).splitlines() if line.startswith("# "))
        assert heading not in bookmarks
    titles = [title_of(html / f) for f in chapter_files(html)]
    assert [t for t in titles if t not in bookmarks] == []


def text_rows(page: object) -> list[tuple[float, str]]:
    """(height from the page's bottom in points, text) of each text run pypdf reads."""
    rows: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            rows.append((tm[5] * cm[3] + cm[5], text.strip()))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return rows


def content_rows(page: object) -> tuple[list[str], float]:
    """The texts inside the page's content area, top first, and how far down that area the
    lowest reaches (0–1). Margins as print.css sets them: portrait 22 mm top, 20 mm bottom;
    landscape 18 and 16 mm (the running header and "Trang N" sit outside). A figure's caption
    is under its image, so figures count."""
    mm = 72 / 25.4
    box = page.mediabox  # type: ignore[attr-defined]
    height = float(box.height)
    top, bottom = (18 * mm, 16 * mm) if box.width > box.height else (22 * mm, 20 * mm)
    inside = sorted(((y, t) for y, t in text_rows(page) if bottom + 2 < y < height - top - 2),
                    key=lambda r: -r[0])
    if not inside:
        return [], 0.0
    return [t for _, t in inside], (height - top - inside[-1][0]) / (height - top - bottom)


def running_header(page: object) -> str:
    """The text above a page's content area: its running header (the chapter's name)."""
    mm = 72 / 25.4
    box = page.mediabox  # type: ignore[attr-defined]
    top = 18 * mm if box.width > box.height else 22 * mm
    return " ".join(t for y, t in text_rows(page) if y >= float(box.height) - top - 2)


@pytest.mark.slow
def test_pdf_has_no_lonely_source_line_or_near_empty_page(built_book: Path) -> None:
    """No page holds only a table's source line, and no page is nearly empty but the only page
    of a short chapter (a chapter starts on a new page; see also the cover and contents)."""
    from pypdf import PdfReader

    reader = PdfReader(str(built_book / PDF_NAME))
    texts = pdf_pages(built_book / PDF_NAME)
    # A page whose running header differs from both neighbours' is a chapter of its own. (The
    # header is the text above the content area: review 18 found the old guess, the end of a
    # page's text, differed on every page, so no page was ever checked.)
    headers = [running_header(page) for page in reader.pages]
    assert len(set(headers)) < len(headers) / 3, headers
    lonely, empty, tails = [], [], []
    wide = [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]
    for number, page in enumerate(reader.pages, start=1):
        rows, fill = content_rows(page)
        if rows and rows[0].startswith("Nguồn") and len(texts[number - 1]) < 400:
            lonely.append(number)
        alone = all(headers[number - 1] != headers[i] for i in (number - 2, number)
                    if 0 <= i < len(headers))
        if number > 2 and fill < 0.15 and not alone:
            empty.append((number, round(fill, 2)))
        # The last landscape page of a table that began on a landscape page before it: a few
        # rows and the source alone there (review 22's p. 44) is a tail to take back.
        i = number - 1
        if (wide[i] and i and wide[i - 1] and headers[i - 1] == headers[i]
                and (i + 1 == len(wide) or not wide[i + 1] or headers[i + 1] != headers[i])
                and fill < 0.3):
            tails.append((number, round(fill, 2)))
        # A portrait page the next portrait page of its chapter continues is not left two
        # thirds empty (review 24, C2: a figure and its summary pushed over whole).
        if (not wide[i] and i + 1 < len(wide) and not wide[i + 1]
                and headers[i + 1] == headers[i] and fill < 0.35):
            tails.append((number, round(fill, 2)))
    assert lonely == [] and empty == [] and tails == [], (lonely, empty, tails)


@pytest.mark.slow
def test_pdf_cover_title_whole_and_intro_lists_the_chapters(built_book: Path) -> None:
    """The cover's title never breaks inside the country's name or leaves one word alone; the
    introduction lists every part and chapter, as the HTML introduction does."""
    from pypdf import PdfReader

    cover = PdfReader(str(built_book / PDF_NAME)).pages[0].extract_text()
    title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    lines = [squash(line) for line in cover.splitlines() if squash(line)]
    title_lines = lines[1:1 + next(i for i in range(1, 4)
                                   if squash(" ".join(lines[1:1 + i])) == squash(title))]
    assert " ".join(title_lines) == squash(title)
    assert all(len(line.split()) > 1 for line in title_lines)
    assert not any(line.endswith("Việt") for line in title_lines)
    intro = BeautifulSoup((built_book / "book" / "gioi-thieu.html").read_text(encoding="utf-8"),
                          "html.parser")
    listed = [squash(a.get_text(" ")) for a in intro.select("article .toctree-wrapper a")]
    parts = [squash(c.get_text(" "))
             for c in intro.select("article .toctree-wrapper .caption-text")]
    assert len(listed) >= 10 and len(parts) >= 4
    texts = pdf_pages(built_book / PDF_NAME)
    first = end = next(i for i, t in enumerate(texts) if t.startswith("Giới thiệu"))
    while end < len(texts) and texts[end].endswith(f"Giới thiệu Trang {end + 1}"):
        end += 1
    page = " ".join(texts[first:end])
    assert [t for t in listed + parts if t not in page] == []


def upright_chapter_names(runs: list[tuple[str, str]], titles: list[str]) -> list[str]:
    """Chapter names after «chương» set in an upright font: ``runs`` are a page's (font, text)
    pieces in reading order; the Method page says a chapter's name is in italics, as a link too
    (review 11, C1)."""
    out = []
    for (_, before), (font, text) in zip(runs, runs[1:], strict=False):
        name = squash(text)
        if re.search(r"(?:^|\s)chương\s*$", squash(before) + " ", re.I) and any(
                name.startswith(t) for t in titles) and not re.search(r"Italic|Oblique", font):
            out.append(f"{name[:50]} ({font})")
    return out


def test_an_upright_chapter_name_is_caught() -> None:
    runs = [("DejaVu-Serif", "được giải thích ở chương "), ("DejaVu-Serif", "Phương pháp"),
            ("DejaVu-Serif", ", xem chương "), ("DejaVu-Serif-Italic", "Phương pháp")]
    assert upright_chapter_names(runs, ["Phương pháp"]) == ["Phương pháp (DejaVu-Serif)"]


@pytest.mark.slow
def test_pdf_sets_chapter_names_in_italics(built_book: Path) -> None:
    from pypdf import PdfReader

    path = built_book / PDF_NAME
    titles = [t for t in outline_titles(path) if len(t) > 6]
    found, seen = [], 0
    for n, page in enumerate(PdfReader(str(path)).pages, start=1):
        runs: list[tuple[str, str]] = []

        def visit(text: str, cm: object, tm: object, font: object, size: object,
                  runs: list[tuple[str, str]] = runs) -> None:
            if text.strip():
                runs.append((str((font or {}).get("/BaseFont", "")), text))

        page.extract_text(visitor_text=visit)
        seen += sum(1 for _, text in runs if any(squash(text).startswith(t) for t in titles))
        found += [f"trang {n}: {x}" for x in upright_chapter_names(runs, titles)]
    assert seen and found == [], "\n".join(found)


def test_a_year_or_rank_stays_with_the_word_naming_it() -> None:
    """Review 21, C1: «(năm» / «2016)», «(hạng» / «79/193)» in print: a no-break space joins
    the word to its number, also when the number is a glued figure of its own."""
    from bs4 import BeautifulSoup

    from egovbook.publish import pdf_text

    soup = BeautifulSoup("<p>(năm <button>2016</button>), hạng 79/193, thứ 50, năm nay</p>",
                         "html.parser")
    pdf_text.keep_whole(soup, soup)
    text = soup.get_text()
    assert "năm\u00a02016" in text and "hạng\u00a079/193" in text and "thứ\u00a050" in text
    assert "năm nay" in text  # a word not before a number keeps its space
    # …and a unit word after a glued figure (review 19, C3: «+2» / «bậc» on page 33).
    soup = BeautifulSoup("<p>kết quả là <span><button>+2</button></span> bậc, lần này</p>",
                         "html.parser")
    pdf_text.keep_whole(soup, soup)
    assert "+2\u00a0bậc" in soup.get_text() and ", lần này" in soup.get_text()
