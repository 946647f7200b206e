"""Wording lint over the built HTML: what a reader must not see, whatever the sentence.

General rules over the reader-facing text of every page (code blocks, provenance popups,
verbatim quotes «…» and article titles excepted; the reproducibility appendix ``tai-lap`` is for
staff and names files, commands and checksums on purpose): no internal identifiers (quarter
codes, claim keys such as ``2022Q3 → 2023Q1``, ISO dates, code-like tokens, file paths outside
the pages that list the data files, figure and table labels, package and command names, column
names in «…» as staff notes write them), no ``nan``, one spacing rule for «%» (``15,91 %``), one
case rule (``châu Á``, ``thế giới`` inside a sentence), no spurious precision (``50,00 điểm phần
trăm`` where the inputs are whole numbers), one form of a month (``tháng 07/2020``, as dates are
dd/mm/yyyy), percentage points in words (``điểm phần trăm``, not ``điểm %``), and in the PDF no
words that only make sense on a screen.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, pdf_texts

# Pages that name the data files on purpose (file names allowed, other rules still apply): the
# bibliography. Chapter 90 describes the data in words and the appendix names the files (review
# 6, C2); the changelog says which data changed in words and links to the appendix.
FILE_PAGES = {"tai-lieu-tham-khao"}
SKIP_PAGES = {"tai-lap", "genindex", "search"}
# Inline ``code`` is reader text (a file or command name in it is still a name); code blocks
# are not.
SKIP_TAGS = {"script", "style", "pre", "math", "nav", "kbd", "samp"}
SKIP_CLASSES = {"egv-prov", "highlight", "cell_input", "headerlink"}

RULES = {
    "ISO date": re.compile(r"(?<![\w/.-])\d{4}-\d{2}-\d{2}(?![\w/-])"),
    "quarter code": re.compile(r"(?<![\w/])\d{4}Q[1-4](?!\w)"),
    "code-like token": re.compile(r"(?<![\w/.])(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|[a-z][a-z0-9]*_"
                                  r"[a-z0-9_]+)(?!\w)"),
    "file path": re.compile(r"(?<!\w)[\w./-]+\.(?:csv|json|ipynb|py|yml|md|css|js)(?!\w)"
                            r"|(?<![\w/.-])(?:Makefile|_toc|_config|_static/\S*)(?![\w-])"),
    # A commit id (7 or 12 hexadecimal digits, at least one a digit) or a git command.
    "commit or git command": re.compile(r"\bgit (?:log|show|checkout|diff)\b|(?<![\w-])"
                                        r"(?=[0-9a-f]*\d)(?:[0-9a-f]{12}|"
                                        r"[0-9a-f]{7})(?:\.\.[0-9a-f]{7,12})?(?![\w-])"),
    # The book's own quotation marks are «…»; a straight double quote is a slip.
    "straight double quote": re.compile(r'"'),
    "nan": re.compile(r"(?<!\w)(?:nan|NaN)(?!\w)"),
    "«%» without a space before it": re.compile(r"\d%"),
    # A permalink's fragment (``…html#fig-…``, «Trích dẫn hình này») is an address, not prose.
    "figure or table label": re.compile(r"(?<![\w/.#-])(?:tbl|fig)-[a-z0-9]+(?:-[a-z0-9]+)*"),
    "package or command name": re.compile(r"(?<![\w/.-])(?:egovbook|make book|pytest|npm ci|"
                                          r"Babel|Frictionless|\.venv/\S*)(?![\w-])"),
    "column name in «…»": re.compile(r"«[a-z][a-z0-9_]*»"),
    "command-line option": re.compile(r"(?<![\w-])--[a-z][a-z-]+"),
    "«Châu»/«Thế giới» capitalised inside a sentence": re.compile(
        r"(?<=[\w,;(] )(?:Châu (?=Á|Âu|Mỹ|Phi|Đại)|(?<!Ngân hàng )Thế giới)"),
    "spurious precision": re.compile(r"(?<![\d,.])\d{1,3}(?:\.\d{3})*,0+ "
                                     r"(?:%|điểm phần trăm)"),
    "month of one digit (write «tháng 07/2020»)": re.compile(r"(?<!\w)tháng \d/\d{4}(?!\d)"),
    "«điểm %» (write «điểm phần trăm»)": re.compile(r"(?<!\w)điểm %"),
    # A date the book writes is dd/mm/yyyy: not «03/6/2020», nor a day and month without the
    # year («chiều 26/8»), outside a verbatim quote (review 7, C3). A rank out of a count
    # («22/47») is no date: a day without a year is caught after a word of the day.
    "date not dd/mm/yyyy": re.compile(r"(?<![\w/,.])(?!\d\d/\d\d/)\d{1,2}/\d{1,2}/\d{4}(?![\w/])"
                                      r"|(?:ngày|sáng|chiều|trưa|tối|đêm) \d{1,2}/\d{1,2}"
                                      r"(?![\w/])"),
    # What a reader cannot check: every number, every computation, tested automatically, terms
    # said to be official with no source that says so, a list said to be always complete
    # (review 7, B1 and C9). «không chứa mọi con số» (a register that does not hold every
    # figure) denies the absolute, and stays.
    "over-claim": re.compile(r"(?<!không chứa )(?:[Mm]ọi|[Bb]ất kỳ) (?:con số|phép tính|bảng)"
                             r"|không có (?:một )?con số nào|kiểm thử tự động"
                             r"|(?:thuật ngữ|tên) chính thức|luôn đủ"),
}

# Words that only make sense on a screen: not in the PDF. A provenance popup («khung nguồn gốc»)
# and a number that opens its computation («con số mở được cách tính») are the HTML's (review 11,
# C3); «mở được cả khi không có mạng», of the HTML book, says where it works.
SCREEN_WORDS = re.compile(r"di chuột|phím Tab|bấm vào|bấm hoặc|gõ vào|ô tìm kiếm|tải chương|"
                          r"Tải dữ liệu|tải về|nhấp|liên kết tải|khung nguồn gốc|"
                          r"(?:con số|nút|ô) mở được|mở được (?:cách tính|khung)",
                          re.IGNORECASE)


# An edition's identifier (``VNM-2024-2022Q3``, ``KHM-2024``, ``VNM-2024-2022Q3-hang70-2``) is
# what a reader cites (the changelog and «Cách trích dẫn» give it): not an internal name.
EDITION_ID = re.compile(r"\b[A-Z]{3}-\d{4}(?:-\d{4}Q[1-4])?(?:-hang\d+)?(?:-\d+)?\b")


def _titles() -> list[str]:
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        return [r["title"] for r in csv.DictReader(fh) if r.get("title")]


def reader_text(path: Path, titles: list[str]) -> str:
    """The text a reader reads on a page, without code, popups, quotes and article titles."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    root = soup.find("article") or soup.body or soup
    # The changelog quotes the published edition's texts as they were: a quote, not our text.
    for table in root.find_all("table"):
        heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        for i in [i for i, h in enumerate(heads) if h.startswith("Ấn bản ")]:
            for row in table.select("tbody tr"):
                cells = row.find_all("td")
                if i < len(cells):
                    cells[i].decompose()
    for el in root.find_all(True):
        if el.decomposed:
            continue
        if el.name in SKIP_TAGS or SKIP_CLASSES & set(el.get("class") or []):
            el.decompose()
    text = re.sub(r"\s+", " ", root.get_text(" ").replace("\xa0", " ").replace("\u202f", " "))
    # Verbatim quotes keep the article's spelling; a quoted lower-case ASCII name («quote») is
    # a column name, not a quote, and stays for the rules.
    text = re.sub(r"«(?![a-z][a-z0-9_]*»)[^»]*»", " ", text)
    for title in titles:
        text = text.replace(re.sub(r"\s+", " ", title), " ")
    return EDITION_ID.sub(" ", text)


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
    ("Nhãn để trích dẫn: tbl-egdi-theo-nam", "figure or table label"),
    ("xem fig-kpi-cds", "figure or table label"),
    ("bằng lệnh egovbook import-un", "package or command name"),
    ("một lệnh (make book)", "package or command name"),
    ("Unicode CLDR (tên tiếng Việt), qua Babel", "package or command name"),
    ("hồ sơ data/raw/PROVENANCE.md", "file path"),
    ("Dòng 5, cột «quote»: giá trị", "column name in «…»"),
    ("dựng lại sách với tham số --target-rank", "command-line option"),
    ("các tệp khác nhau: Makefile, _toc.yml", "file path"),
    ("_static/egovbook.css", "file path"),
    ("lịch sử đầy đủ: git log 9828843..cae15b4", "commit or git command"),
    ("dựng từ commit 9828843", "commit or git command"),
    ('một cận ("trên", "hơn")', "straight double quote"),
    ("so với trung bình thế giới, Châu Á và", "«Châu»/«Thế giới» capitalised inside a sentence"),
    ("trung bình Thế giới", "«Châu»/«Thế giới» capitalised inside a sentence"),
    ("còn thiếu 50,00 điểm phần trăm", "spurious precision"),
    ("đạt 100,00 %", "spurious precision"),
    ("Bài A001 so với tháng 2/2020", "month of one digit (write «tháng 07/2020»)"),
    ("thiếu 14,09 điểm %", "«điểm %» (write «điểm phần trăm»)"),
    ("Quyết định 749/QĐ-TTg ngày 03/6/2020", "date not dd/mm/yyyy"),
    ("trước phiên họp chiều 26/8 của Ủy ban", "date not dd/mm/yyyy"),
    ("bản mô tả theo chuẩn Frictionless Data Package", "package or command name"),
    ("Mọi con số trong sách được tính từ dữ liệu gốc", "over-claim"),
    ("Văn bản của sách thì không có con số nào được gõ tay", "over-claim"),
    ("Mọi phép tính do mã nguồn của sách thực hiện và được kiểm thử tự động", "over-claim"),
    ("trước khi tính bất kỳ con số nào, bản dựng kiểm tra mọi bảng", "over-claim"),
    ("Sách dùng thống nhất các thuật ngữ chính thức dưới đây", "over-claim"),
    ("(lấy từ mục lục, nên luôn đủ và đúng thứ tự)", "over-claim"),
])
def test_each_rule_catches_its_case(text: str, label: str) -> None:
    assert RULES[label].search(text)


@pytest.mark.parametrize("text", ["quý III/2022", "31/03/2023", "15,91 %", "A001-S03",
                                  "EGDI 0,7709", "Nghị quyết 17", "tài khoản thanh toán",
                                  "Châu Á có 47 quốc gia. Châu Âu", "trong châu Á", "1.000,50 %",
                                  "ngưỡng 0,50", "còn thiếu 50 điểm phần trăm", "lệnh dựng lại",
                                  "(tháng 02/2020)", "tháng 10/2020", "đạt 15 %",
                                  "chỉ số dịch vụ công", "Trong thế giới",
                                  "Ấn bản VNM-2024-2022Q3-20261204-225727-c9a334b",
                                  "VNM-2024-2022Q3-20261204-231826-khongco",
                                  "bản của Ngân hàng Thế giới", "một cận («trên», «hơn»)",
                                  "tệp mục tiêu trong nước: sửa mục tiêu", "decade 2024",
                                  "ngày 03/06/2020", "hạng 71/193", "82,6/27", "22/47",
                                  "Quyết định 749/QĐ-TTg", "Sổ không chứa mọi con số của các bài",
                                  "liệt kê mọi trường hợp", "sách không có văn bản chính thức nào"])
def test_reader_wording_passes(text: str) -> None:
    assert not any(rule.search(EDITION_ID.sub(" ", text)) for rule in RULES.values())


def test_code_popups_and_quotes_are_not_reader_text(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<article><p>Tỷ lệ 15,91 % <pre>DVC_M4_TYLE</pre> «đạt 30%»"
                    '<span class="egv-prov">data/un_egov.csv, 2023-03-31</span></p></article>',
                    encoding="utf-8")
    text = reader_text(page, [])
    assert not any(rule.search(text) for rule in RULES.values()), text


def test_inline_code_is_reader_text(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<article><p>bảng <code>data/un_egov.csv</code></p></article>",
                    encoding="utf-8")
    assert RULES["file path"].search(reader_text(page, []))


def test_a_quoted_column_name_is_not_a_quote(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<article><p>Dòng 5, cột «quote»: giá trị «Bộ Y tế 2%»</p></article>",
                    encoding="utf-8")
    text = reader_text(page, [])
    assert "«quote»" in text and "2%" not in text


@pytest.mark.parametrize("text", ["di chuột, bấm hoặc dùng phím Tab", "gõ vào ô tìm kiếm",
                                  "Bản chia sẻ: tải chương này", "Tải dữ liệu của bảng (CSV)",
                                  "nguồn và liên kết tải đúng phần dữ liệu đã vẽ",
                                  "khung nguồn gốc của chúng nói quy ước ấy từ đâu",
                                  "(ngưỡng và số quốc gia, mỗi con số mở được cách tính)"])
def test_screen_words_are_caught(text: str) -> None:
    assert SCREEN_WORDS.search(text)


def test_print_words_pass() -> None:
    assert not SCREEN_WORDS.search("chỉ có trong sách HTML, mở được cả khi không có mạng")


def pdf_screen_words(pdf: Path) -> list[str]:
    """Lines of the PDF that speak of a mouse, a keyboard, a search box or a download."""
    out = []
    for n, page in enumerate(pdf_texts(pdf), start=1):
        text = re.sub(r"\s+", " ", page)
        out += [f"trang {n}: …{text[max(0, m.start() - 40):m.end() + 40]}…"
                for m in SCREEN_WORDS.finditer(text)]
    return out


@pytest.mark.slow
def test_built_book_wording(built_book: Path) -> None:
    problems = lint(built_book)
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
def test_pdf_says_print_things(built_book: Path) -> None:
    """The PDF names no mouse, key, search box or download link: screen-only text is left out
    (class ``screen-only``) and download links say where the data are."""
    from egovbook.publish import pdf

    problems = pdf_screen_words(built_book / pdf.PDF_NAME)
    assert problems == [], "\n".join(problems)


def prose_quotes(text: str) -> list[str]:
    """Straight double quotes in the book's own prose (Markdown of a prose file or a notebook
    cell), outside comments, code, Jinja fields, MyST options and the blocks of plain-text
    download notes (``## downloads.…``, where the book's labels take "…"): the book quotes its
    sources with «…» and sets its own labels in italics."""
    text = re.sub(r"^## downloads\..*?(?=^## |\Z)", " ", text, flags=re.S | re.M)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|`[^`\n]*`", " ", text, flags=re.S)
    return [line.strip() for line in text.splitlines() if '"' in line]


def test_a_straight_quote_in_prose_is_caught() -> None:
    assert prose_quotes('một cận ("trên", "hơn")\n')
    assert not prose_quotes('<!-- "ghi chú" -->\n{{ x | join(", ") }} `a="b"` «trên»\n')
    assert not prose_quotes('## downloads.x\ncột "Nguồn"\n\n## y\n«trên»\n')
    assert prose_quotes('## downloads.x\ncột "Nguồn"\n\n## y\n"trên"\n')


def prose_findings(check: Callable[[str], list[str]]) -> dict[str, list[str]]:
    """What ``check`` finds in each prose file and in each notebook's Markdown cells."""
    import json

    found = {}
    for path in sorted([*(ROOT / "notebooks" / "prose").glob("*.md"),
                        *(ROOT / "book").rglob("*.md")]):
        found[path.relative_to(ROOT)] = check(path.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        found[path.relative_to(ROOT)] = [q for c in cells if c["cell_type"] == "markdown"
                                         for q in check("".join(c["source"]))]
    return {str(k): v for k, v in found.items() if v}


def test_prose_files_quote_with_guillemets() -> None:
    bad = prose_findings(prose_quotes)
    assert bad == {}, bad


# A column named in the book's prose is set in italics with its exact header, as the Method
# page says («cột *Đánh giá*»), not «cột Đánh giá» (review 8, C3). Download notes are plain
# text and quote labels with "…" (their blocks are left out, as for quotes above).
PLAIN_COLUMN = re.compile(r"(?<!\w)[Cc]ột (\w+(?: \w+)?)")


def prose_plain_columns(text: str) -> list[str]:
    """«cột <Capitalised word>» outside italics in the book's own prose, outside comments,
    code, Jinja fields and download-note blocks."""
    text = re.sub(r"^## downloads\..*?(?=^## |\Z)", " ", text, flags=re.S | re.M)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|`[^`\n]*`", " ", text, flags=re.S)
    return [m.group(0) for m in PLAIN_COLUMN.finditer(re.sub(r"\s+", " ", text))
            if m.group(1)[0].isupper()]


def test_a_plain_column_name_in_prose_is_caught() -> None:
    assert prose_plain_columns("theo cột Đánh giá của bảng\n") == ["cột Đánh giá"]
    assert prose_plain_columns("Cột Ấn bản này") == ["Cột Ấn bản"]
    assert prose_plain_columns("(ghi ở cột Ghi\nchú)") == ["cột Ghi chú"]
    assert not prose_plain_columns("theo cột *Đánh giá*, cột thứ hạng, cột ở giữa, cột *Ghi "
                                   "chú*\n<!-- cột Thay đổi -->\n## downloads.x\ncột Nguồn\n")


def test_prose_files_italicise_column_names() -> None:
    bad = prose_findings(prose_plain_columns)
    assert bad == {}, bad


# The Method page says the book's own names are in italics, bold only for the term a definition
# opens with (review 9, C5): bold in running text, not opening a paragraph or list item (nor a
# run-in heading ending in «:» or «.», nor the second term of «**a** hoặc **b**:»), is caught.
ITEM = re.compile(r"\n\s*\n|\n\s*(?=[-*] |\d+\. )")
BOLD = re.compile(r"\*\*([^*]+)\*\*")


def bold_in_running_text(text: str) -> list[str]:
    found = []
    for para in ITEM.split(re.sub(r"<!--.*?-->", "", text, flags=re.S)):
        body = re.sub(r"^\s*(?:[-*] |\d+\. )?", "", para)
        for m in BOLD.finditer(body):
            opens = m.start() == 0 or re.fullmatch(r"\*\*[^*]+\*\*\s+hoặc\s+", body[:m.start()])
            if not opens and not m[1].rstrip().endswith((":", ".")):
                found.append(m[0])
    return found


def test_bold_in_running_text_is_caught() -> None:
    assert bold_in_running_text("- **Đã đạt**: số liệu đạt.\n- **A** hoặc **B**: x.") == []
    assert bold_in_running_text("từ giá trị cao. **Quy tắc đồng hạng:** các quốc gia") == []
    assert bold_in_running_text("cột *Chiều* ghi **lần đầu có số liệu** khi") == [
        "**lần đầu có số liệu**"]


def test_the_method_page_sets_its_labels_in_italics() -> None:
    page = Path(__file__).parents[1] / "book" / "phuong-phap.md"
    assert bold_in_running_text(page.read_text(encoding="utf-8")) == []


# The book's labels (review 11, C1 and C2): a verdict, a status, an EGDI group, *dễ biến động*.
# The Method page's case rule: a label is capitalised where it opens a table cell, a list item or
# a sentence, lower case inside a sentence; and the labels a reader could take for plain words
# (the verdicts, *dễ biến động*, a group after «nhóm») are set in italics.
def _labels() -> tuple[set[str], set[str]]:
    """(labels that must be in italics wherever they stand, every label), lower case."""
    from egovbook.analysis import claims_rules, target_status, un

    italic = {v.lower() for v in claims_rules.VERDICT_VI.values()} | {"dễ biến động"}
    return italic, italic | {v.lower() for v in target_status.STATUS_VI.values()} | {
        name.lower() for _, name, _ in un.LEVELS}


def _prose_only(text: str) -> str:
    """The book's own running words: no comments, code, Jinja, quotes, terms in bold or
    download-note blocks (plain text, labels in "…")."""
    text = re.sub(r"^## downloads\..*?(?=^## |\Z)", " ", text, flags=re.S | re.M)
    text = re.sub(r"<!--.*?-->|```.*?```|\{\{.*?\}\}|\{%.*?%\}|`[^`\n]*`|\*\*[^*]+\*\*",
                  " ", text, flags=re.S)
    return re.sub(r"«[^»]*»", "«»", text)


# What may come just before a label that opens a sentence, a list item or a table cell.
OPENS = re.compile(r"(?:\A|[.!?]|\n\s*\n|\n\s*(?:[-*]|\d+\.)|\||^#+)\s*\Z", re.M)
ITALIC = re.compile(r"(?<![*\w])\*((?:[^*\n]|\n(?!\s*\n))+?)\*(?![*\w])")
# A chapter named upright after «chương», «trang» or «cách dựng lại:» (review 13, C1): its
# name is a link ({doc}, set in italics) or in italics; «Phụ lục hồ sơ tái lập» misnames one.
CHAPTER = re.compile(r"(?:(?:chương|trang|dựng lại:) (?:Phương pháp|Phụ lục:? hồ sơ tái lập|"
                     r"Thuật ngữ|Giới thiệu|Tổng quan|Kiểm chứng|Khoảng cách tới)"
                     # … or by a description instead of its name (review 14, C2)
                     r"|Phụ lục hồ sơ tái lập|chương (?:tổng quan|về (?:các|chỉ))\b)")
# «nhóm cao hơn» (the higher group) is a comparison, not the group *cao*.
GROUP = re.compile(r"(?<!\w)nhóm (?:EGDI )?(?:rất cao|cao|trung bình|thấp)(?!\w)(?! hơn)")


def label_slips(text: str) -> list[str]:
    """A label capitalised inside a sentence (``*Không kiểm chứng được*`` after «bị xếp»); a
    verdict or *dễ biến động* outside italics; a group after «nhóm (EGDI)» outside italics."""
    italic, labels = _labels()
    body, found = _prose_only(text), []
    for m in ITALIC.finditer(body):
        label = re.sub(r"\s+", " ", m[1]).strip()
        if label.lower() in labels and label[0].isupper() and not OPENS.search(body[:m.start()]):
            found.append(f"*{label}* viết hoa giữa câu")
    flat = re.sub(r"\s+", " ", ITALIC.sub(" ", body))
    for label in sorted(italic):
        found += [f"{m[0]} không in nghiêng"
                  for m in re.finditer(rf"(?<!\w){re.escape(label)}(?!\w)(?! nhau)", flat, re.I)]
    found += [f"{m[0]} không in nghiêng" for m in CHAPTER.finditer(flat)]
    return found + [f"{m[0]} không in nghiêng" for m in GROUP.finditer(flat)]


def test_label_slips_are_caught() -> None:
    assert label_slips("các số ấy chỉ bị xếp *Không kiểm chứng được* thay vì *Các bài báo "
                       "thống nhất*.") == ["*Không kiểm chứng được* viết hoa giữa câu",
                                           "*Các bài báo thống nhất* viết hoa giữa câu"]
    assert label_slips("kết quả là +2 bậc: mục tiêu chưa đạt theo dữ liệu.") == [
        "mục tiêu chưa đạt theo dữ liệu không in nghiêng"]
    assert label_slips("## Chỗ các bài báo mâu thuẫn nhau\n") == []
    assert label_slips("thứ hạng tính lại dễ biến động: một") == [
        "dễ biến động không in nghiêng"]
    assert label_slips("thuộc nhóm EGDI rất cao; nhóm thấp; thuộc nhóm cao hơn") == [
        "nhóm EGDI rất cao không in nghiêng", "nhóm thấp không in nghiêng"]
    assert label_slips("mục tiêu *Đã đạt* ở") == ["*Đã đạt* viết hoa giữa câu"]
    assert label_slips("ở chương Phương pháp; (cách dựng lại: Phụ lục hồ sơ tái lập).") == [
        "chương Phương pháp không in nghiêng", "dựng lại: Phụ lục hồ sơ tái lập không in nghiêng"]
    assert label_slips("ở chương *Phương pháp* và chương {doc}`tai-lap`") == []
    assert label_slips("(ở chương tổng quan EGDI; chương về các chỉ số thành phần)") == [
        "chương tổng quan không in nghiêng", "chương về các không in nghiêng"]


def test_labels_where_the_case_rule_allows_them_pass() -> None:
    assert label_slips("- **Lệch so với dữ liệu**: dữ liệu cho giá trị khác, không tính là "
                       "*lệch so với dữ liệu*.\n- *Đã đạt* ở đầu mục\n\n*Không kiểm chứng "
                       "được* mở câu. *Rất cao* cũng vậy.\n| *Đã đạt* | x |\n"
                       "nhóm *rất cao*, kết luận «không kiểm chứng được» trong bài, *không\nkiểm "
                       "chứng được*\n"
                       "<!-- nhóm rất cao --> `nhóm thấp` {{ level }}") == []


def test_prose_files_follow_the_label_rules() -> None:
    bad = prose_findings(label_slips)
    assert bad == {}, bad


@pytest.mark.slow
def test_what_the_introduction_says_of_every_table_holds(built_book: Path) -> None:
    """Review 12, B1: «Mỗi hình và mỗi bảng có số thứ tự và nguồn» while the appendix's tables
    have neither: a sentence about every table says which tables, and holds for those."""
    from bs4 import BeautifulSoup

    intro = " ".join(BeautifulSoup((built_book / "book" / "gioi-thieu.html").read_text(
        encoding="utf-8"), "html.parser").get_text(" ").split())
    claims = re.findall(r"[^.]*mỗi bảng[^.]*\.", intro, flags=re.IGNORECASE)
    assert claims, intro[:300]
    unnumbered = []
    for page in sorted(built_book.glob("*/*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for table in soup.select("article table, main table"):  # a figure's data view is its
            if not table.select_one("caption .caption-number") and not table.find_parent(
                    "details", class_="egv-figdata"):  # figure's, numbered with it
                unnumbered.append(f"{page.parent.name}/{page.stem}")
    assert all(p.startswith(("book/", "_")) for p in unnumbered), unnumbered
    for sentence in claims:
        assert not unnumbered or "của các chương" in sentence, sentence
