"""Reader wording the review found wrong, checked on the built book: the same series has the
same name in a chart's data and in a table, a chart of values beside their plans says which are
below their plan (not which share is largest), the key findings count the register's rows as
claims, the HTML says a thing once and the PDF says print things, and the changelog says in
words what the reproducibility appendix gives exactly.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from egovbook.build import changes_words
from egovbook.common import fmt

from conftest import ROOT


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _download(html: Path, name: str) -> list[dict[str, str]]:
    path = min(html.glob(f"_downloads/*/{name}"))
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_changed_rows_are_named_as_the_tables_name_them() -> None:
    with (ROOT / "data" / "domestic" / "targets.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with (ROOT / "data" / "domestic" / "indicators.csv").open(encoding="utf-8") as fh:
        names = {r["code"]: r["name_vi"] for r in csv.DictReader(fh)}
    first = rows[0]  # spreadsheet row 2
    said = changes_words.row_names(ROOT, "data/domestic/targets.csv", [2, 999])
    assert said == [f"mục tiêu *{fmt.lower_first(names[first['indicator']])}* của bài "
                    f"{first['source_id']}",
                    "1 dòng khác"]
    assert changes_words.data_name("data/domestic/targets.csv") == "tệp mục tiêu trong nước"
    assert "/" not in changes_words.data_name("data/nothing.csv")


@pytest.mark.slow
def test_a_series_has_one_name_in_the_chart_data_and_the_table(built_book: Path) -> None:
    chart = list(_download(built_book, "fig-egdi-xu-huong.csv")[0])
    table = list(_download(built_book, "tbl-egdi-trung-binh.csv")[0])
    means = [c for c in table if c.startswith("Trung bình ")]
    assert len(means) == 3 and [c for c in chart if c.startswith("Trung bình ")] == means


@pytest.mark.slow
def test_the_plan_chart_says_which_indicators_are_below_their_plan(built_book: Path) -> None:
    page = _soup(built_book / "notebooks" / "05_cong_dvc_chuyen_doi_so.html")
    fig = page.select_one("figure#fig-kpi-cds")
    if fig is None:
        pytest.skip("no KPI chart in this quarter")
    said = fig.find_next(class_="egv-figure-more").find("p").get_text(" ", strip=True)
    assert "Lớn nhất" not in said and "nhỏ nhất" not in said, said
    rows = _download(built_book, "fig-kpi-cds.csv")
    below = [r for r in rows if r["Kế hoạch"] and Decimal(r["Giá trị"]) < Decimal(r["Kế hoạch"])]
    part = said.split(";")[0] if said.startswith("Dưới kế hoạch") else ""
    assert len(re.findall(r"kế hoạch \d", part)) == len(below), said


@pytest.mark.slow
def test_the_key_findings_count_claims_not_numbers(built_book: Path) -> None:
    page = _soup(built_book / "notebooks" / "00_diem_chinh.html")
    for popup in page.select(".egv-prov"):  # a figure's provenance, not the sentence
        popup.decompose()
    text = page.get_text(" ", strip=True)
    n = len(_download(built_book, "tbl-so-doi-chieu.csv"))
    assert re.search(rf"Sổ đối chiếu có {n} khẳng định", text), text[:2000]
    assert "con số báo chí nêu" not in text


@pytest.mark.slow
def test_the_html_says_once_what_the_pdf_says_for_print(built_book: Path) -> None:
    from pypdf import PdfReader

    from egovbook.publish import pdf

    pages = [*built_book.glob("book/*.html"), *built_book.glob("notebooks/*.html")]
    assert [p.name for p in pages if _soup(p).select(".print-only")] == []
    intro = _soup(built_book / "book" / "gioi-thieu.html").get_text(" ", strip=True)
    assert "notebook" not in intro and '"' not in intro
    printed = " ".join(re.sub(r"\s+", " ", p.extract_text() or "")
                       for p in PdfReader(str(built_book / pdf.PDF_NAME)).pages[:6])
    assert "Bản trực tuyến của sách có thêm tệp dữ liệu" in printed


@pytest.mark.slow
def test_the_changelog_says_in_words_what_the_appendix_gives_exactly(built_book: Path) -> None:
    changes = _soup(built_book / "book" / "thay-doi.html").find("article")
    appendix = _soup(built_book / "book" / "tai-lap.html").get_text(" ", strip=True)
    assert "Thay đổi so với ấn bản đã công bố" in appendix
    if "Vì sao các con số thay đổi" not in changes.get_text():
        return  # nothing changed: nothing to point to
    assert changes.select("a[href^='tai-lap.html']"), "the changelog links to the appendix"
    said = changes.get_text(" ", strip=True)
    assert not re.search(r"data/|\.csv|git log|commit `", said), said
    if "Dữ liệu đầu vào được sửa" in said:
        # (The rows are numbered when the edition's commit can be read.)
        assert re.search(r"data/\S+\.csv", appendix), appendix[-2000:]
    if "Phương pháp tính thay đổi" in said:
        # The commit range, or why it is unknown (a copy of the project without its history).
        assert re.search(r"git log [0-9a-f]{7}\.\.[0-9a-f]{7}|không xác định được các commit",
                         appendix), appendix[-2000:]
        assert "scripts/egovbook/" in appendix


@pytest.mark.slow
def test_the_data_sources_chapter_describes_files_the_appendix_names(built_book: Path) -> None:
    """Chapter 90 describes the data in words and points to the appendix, which names the file
    of every data table it describes (review 6, C2; the wording lint checks the words)."""
    import json

    page = _soup(built_book / "notebooks" / "90_nguon_du_lieu.html").find("article")
    opening = page.find("p").get_text(" ", strip=True)
    assert "Phụ lục" in opening and "Tên từng tệp" in opening, opening
    assert page.find("p").select("a[href*='tai-lap']"), "the opening links to the appendix"
    for popup in page.select(".egv-prov"):
        popup.decompose()
    said = page.get_text(" ")
    assert not re.search(r"data/|\.csv\b|\.json\b|\.md\b|Babel", said)
    appendix = _soup(built_book / "book" / "tai-lap.html").get_text(" ")
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        assert res["title"] in said and f"data/{res['path']}" in appendix, res["path"]
    assert "data/raw/PROVENANCE.md" in appendix


# An edition's identifier, a site folder, a commit, a BibTeX entry, a command-line option, a
# build message: the appendix's, never the changelog's reader text.
INTERNAL = re.compile(r"\b[A-Z]{3}-\d{4}\b|an-ban/|commit [0-9a-f]{7}|@book\{|(?<![\w-])--[a-z]"
                      r"|không đọc được tệp|\bfig-|\btbl-")


@pytest.mark.slow
def test_the_changelog_names_editions_in_words_and_the_appendix_exactly(
        built_book: Path) -> None:
    changes = _soup(built_book / "book" / "thay-doi.html").find("article")
    said = re.sub(r"\s+", " ", changes.get_text(" "))
    assert not INTERNAL.findall(said), INTERNAL.findall(said)
    assert "Cách trích dẫn" in said and changes.select("a[href^='tai-lap.html']")
    appendix = _soup(built_book / "book" / "tai-lap.html")
    exact = appendix.get_text(" ")
    assert appendix.select("div.highlight-bibtex, pre") and "@book" in exact
    assert re.search(r"`?\b[A-Z]{3}-\d{4}(?:-\d{4}Q[1-4])?(?:-\d+)?\b", exact)
    assert re.search(r"an-ban/[A-Z]{3}-\d{4}\S*/", exact)


@pytest.mark.slow
def test_what_the_changelog_says_is_under_figures_and_tables_is_there(built_book: Path) -> None:
    """«Mỗi hình và bảng có … liên kết cố định …»: each label it names (in italics) is on the
    chapters' pages (the «#» beside a caption, the lines under a figure)."""
    article = _soup(built_book / "book" / "thay-doi.html").find("article")
    paragraph = next(p for p in article.find_all("p") if "Mỗi hình và bảng" in p.get_text())
    named = [" ".join(em.get_text().split()) for em in paragraph.find_all("em")]
    assert named, paragraph.get_text()
    chapters = [_soup(p) for p in sorted(built_book.glob("notebooks/*.html"))]
    text = " ".join(s.get_text(" ") for s in chapters)
    for words in named:
        if words == "#":
            assert any(s.select("caption a.headerlink") for s in chapters)
            assert any(s.select("figcaption a.headerlink") for s in chapters)
        else:
            assert words in text, words


@pytest.mark.slow
def test_a_pointer_to_rebuilding_with_another_target_finds_the_command(built_book: Path) -> None:
    """Chapter 8 sends the reader to the appendix to rebuild with another target rank: the
    appendix gives a command whose variable the Makefile passes to the build's option."""
    chapter = _soup(built_book / "notebooks" / "08_khoang_cach_muc_tieu.html").get_text(" ")
    appendix = " ".join(_soup(built_book / "book" / "tai-lap.html").find("article")
                        .get_text(" ").split())
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    if "Phụ lục hồ sơ tái lập" not in chapter:
        return
    command = re.search(r"make book [^`\n]*TARGET_RANK=(\d+)", appendix)
    assert command, appendix[:1500]
    assert re.search(r"\$\(if \$\(TARGET_RANK\),--target-rank \$\(TARGET_RANK\)\)", makefile)
    import argparse

    from egovbook.build.steps import add_arguments

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert parser.parse_args(["--target-rank", command[1]]).target_rank == int(command[1])


@pytest.mark.slow
def test_the_download_menu_offers_no_build_notebook(built_book: Path) -> None:
    """A page's download menu offers the book's PDF, not the notebook or Markdown the build
    made the page from."""
    pages = [*built_book.glob("notebooks/*.html"), *built_book.glob("book/*.html")]
    offered = {}
    for page in pages:
        menu = _soup(page).select(".dropdown-download-buttons a")
        offered[page.name] = [a.get("href", "") for a in menu]
    assert all(any(h.endswith(".pdf") for h in links) for links in offered.values()), offered
    assert not {n: h for n, h in offered.items()
                if any("_sources/" in x or x.endswith((".ipynb", ".md")) for x in h)}


# A month as the book writes dates (dd/mm/yyyy, as ``fmt`` prints «tháng 07/2020»): a
# one-digit month («tháng 7/2020») is the other form. An interval «[0,1]» reads as the number
# 0,1 under the Vietnamese decimal comma: the book says «thang 0–1».
ONE_DIGIT_MONTH = re.compile(r"(?<!\w)tháng \d/\d{4}(?!\d)")
INTERVAL = re.compile(r"[\[(]\s*-?\d+(?:[.,]\d+)?\s*[,;]\s*-?\d+(?:[.,]\d+)?\s*[\])]")
# Quotes of the articles stay as the articles wrote them.
QUOTED = re.compile(r"«[^»]*»")


def _reader_files() -> dict[str, str]:
    """The book's own text outside the notebooks' code: prose files, book pages, notebooks'
    Markdown cells, and the data files' text the book shows (notes, the claimed text, the
    sources' events), except the articles' own words (``quote``, ``title``)."""
    import json

    out = {}
    for path in sorted([*(ROOT / "notebooks" / "prose").glob("*.md"),
                        *(ROOT / "book").rglob("*.md")]):
        out[str(path.relative_to(ROOT))] = re.sub(r"<!--.*?-->", " ", path.read_text(
            encoding="utf-8"), flags=re.S)
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        out[str(path.relative_to(ROOT))] = "\n".join("".join(c["source"]) for c in cells
                                                     if c["cell_type"] == "markdown")
    for path in sorted((ROOT / "data").rglob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        out[str(path.relative_to(ROOT))] = "\n".join(
            v for r in rows for k, v in r.items() if k not in (None, "quote", "title") and v)
    return out


@pytest.mark.parametrize(("text", "caught"), [
    ("Bài A001 so với tháng 2/2020", True), ("tháng 07/2020", False),
    ("tháng 10/2020", False), ("Bài nói «từ tháng 8/2017»", False),
    ("thang $[0, 1]$", True), ("thang [0,1]", True), ("thang 0–1", False),
    ("(tháng 02/2020)", False)])
def test_month_and_interval_rules(text: str, caught: bool) -> None:
    text = QUOTED.sub(" ", text)
    assert bool(ONE_DIGIT_MONTH.search(text) or INTERVAL.search(text)) is caught


def test_months_and_scales_read_one_way_in_prose_and_data_notes() -> None:
    bad = {}
    for name, text in _reader_files().items():
        text = QUOTED.sub(" ", text)
        hits = ONE_DIGIT_MONTH.findall(text) + INTERVAL.findall(text)
        if hits:
            bad[name] = hits
    assert bad == {}, bad


@pytest.mark.slow
def test_a_draft_says_so_in_the_citation_the_bibtex_and_the_pdf_cover(built_book: Path) -> None:
    """One publication status: the default build is a draft (no EGOVBOOK_PUBLISHED), the draft
    for the next publication of its scope (one more than the editions recorded in
    ``editions/`` with the same parameters); the changelog tells readers that the method changed
    without commits or file counts, and names no page the book does not have."""
    import json

    from egovbook.publish import pdf

    from conftest import pdf_texts

    record = json.loads((built_book / "reproducibility.json").read_text(encoding="utf-8"))
    same = [e for e in (json.loads(p.read_text(encoding="utf-8"))
                        for p in (ROOT / "editions").glob("*/edition.json"))
            if e["parameters"] == record["parameters"]]
    nth = f"thứ {len(same) + 1}" if same else "đầu tiên"
    day = "/".join(reversed(record["build_date"][:10].split("-")))
    state = f"bản nháp cho lần công bố {nth}, dựng ngày {day}"
    changes = re.sub(r"\s+", " ", _soup(built_book / "book" / "thay-doi.html").find(
        "article").get_text(" "))
    cite = changes[changes.index("Cách trích dẫn"):]
    assert f"; {state}." in cite and not re.search(r"(?<!cho )lần công bố thứ", cite), cite
    entry = next(pre.get_text() for pre in _soup(built_book / "book" / "tai-lap.html")(
        "pre") if "@book" in pre.get_text())
    assert re.search(rf"note = \{{[^}}]*; {re.escape(state)}; commit", entry), entry
    cover = re.sub(r"\s+", " ", pdf_texts(built_book / pdf.PDF_NAME)[0])
    assert f"Ấn bản {state}" in cover, cover
    assert not re.search(r"commit|\(\d+ tệp\)|lần thay đổi đã ghi lại|«Các ấn bản»", changes)


def test_the_changelog_names_sources_as_the_book_does() -> None:
    """A changed row of the sources list is named as the chapters and the bibliography name
    it (an article by its id, a web page by its title and site), never by a code the book
    does not show (the web pages' and the survey's ids are internal)."""
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    said = changes_words.row_names(ROOT, "data/sources.csv", list(range(2, len(rows) + 2)))
    assert len(said) == len(rows), said
    for row, name in zip(rows, said, strict=True):
        if row["kind"] == "press":
            assert name == f"bài {row['source_id']}"
        else:
            assert not re.search(rf"(?<![\w-]){re.escape(row['source_id'])}(?![\w-])", name), name
        if row["kind"] == "web":
            assert row["title"] in name and row["outlet"] in name, name
    assert any("Liên Hợp Quốc" in n for n in said), said


def test_the_changelog_names_the_survey_row_as_the_references_list_it() -> None:
    """The sources list's row for the UN data is printed nowhere; the changelog says so and
    names the references' entries for the survey years by the title they carry."""
    from egovbook.intake import domestic
    from egovbook.publish import bibliography
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    place = next(i for i, r in enumerate(rows) if r["source_id"] == domestic.SURVEY_DATA)
    name, = changes_words.row_names(ROOT, "data/sources.csv", [place + 2])
    titles = {re.sub(r"\s\d{4}:", ":", m) for e in bibliography.entries()
              for m in re.findall(r"title = \{\{(United Nations[^}]*)\}\}", e)}
    assert titles and all(t in name for t in titles), (name, titles)
    assert "không in" in name


def _tiny_data(root: Path, indicators: str, targets: str) -> None:
    """A project's domestic catalogue and targets (CSV text), with an empty quarterly folder."""
    (root / "data" / "domestic").mkdir(parents=True)
    (root / "data" / "quarterly").mkdir()
    (root / "data" / "domestic" / "indicators.csv").write_text(indicators, encoding="utf-8")
    (root / "data" / "domestic" / "targets.csv").write_text(targets, encoding="utf-8")


def test_the_changelog_says_when_an_indicator_is_shown_nowhere(tmp_path: Path) -> None:
    """A catalogue row no figure or target uses is named with that fact: no table names it."""
    _tiny_data(tmp_path, "code,name_vi\nA,Số thứ nhất\nB,Số thứ hai\n",
               "target_id,indicator,source_id\nT01,A,A001\n")
    (tmp_path / "data" / "quarterly" / "2020Q1.csv").write_text(
        "indicator,date\nB,2020-02\n", encoding="utf-8")
    said = changes_words.row_names(tmp_path, "data/domestic/indicators.csv", [2, 3])
    assert said == ["chỉ tiêu *số thứ nhất*", "chỉ tiêu *số thứ hai*"]
    (tmp_path / "data" / "quarterly" / "2020Q1.csv").write_text("indicator,date\n",
                                                               encoding="utf-8")
    shown, unused = changes_words.row_names(tmp_path, "data/domestic/indicators.csv", [2, 3])
    assert shown == "chỉ tiêu *số thứ nhất*"
    assert unused.startswith("chỉ tiêu *số thứ hai*") and "không nêu" in unused, unused


def test_the_citation_page_points_in_print_only_to_what_print_has() -> None:
    """The PDF drops the screen-only lines under a figure (``<span class=screen-only>``): the
    citation page may name one only in a clause that says «trên trang web»."""
    common = (ROOT / "notebooks" / "prose" / "chung.md").read_text(encoding="utf-8")
    screen = {w.strip() for w in re.findall(r"class=screen-only>([^:<{]+)", common)}
    assert "Liên kết cố định" in screen, screen
    from egovbook.build import editions
    from egovbook.chapters import prose

    said = " ".join(prose.text(editions.CITE_PROSE, "labels").split())
    named = 0
    for clause in re.split(r"[.;]\s*", said):
        if screen & set(re.findall(r"\*([^*]+)\*", clause)):  # labels are in italics
            named += 1
            assert "trên trang web" in clause, clause
    assert named, said


# --- review 6 ---------------------------------------------------------------------------------

# The averages follow the book's own per-year rule (Phương pháp, «Giá trị trung bình»): a
# caption, a citation line, a download note or a label that says they follow the Survey's rule
# credits the book's choice to the UN (review 6, B1).
SURVEY_RULE = re.compile(r"theo (?:quy tắc|cách tính)(?: của)?(?: (?:từng|mỗi|các) kỳ)? Khảo sát")


def book_texts(html: Path) -> dict[str, str]:
    """Every text a built book holds, whitespace collapsed: its pages, downloads (notes, CSV,
    the XLSX's strings), embedded data, and the PDF's text."""
    import zipfile

    from egovbook.publish import pdf

    from conftest import pdf_texts

    out = {}
    for path in sorted(p for p in html.rglob("*") if p.is_file()):
        if path.suffix in {".html", ".txt", ".csv", ".json", ".md", ".ipynb", ".bib"}:
            out[str(path.relative_to(html))] = path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                out[str(path.relative_to(html))] = " ".join(
                    book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
    out[pdf.PDF_NAME] = " ".join(pdf_texts(html / pdf.PDF_NAME))
    return {k: re.sub(r"\s+", " ", v) for k, v in out.items()}


def test_a_rule_credited_to_the_survey_is_caught() -> None:
    for said in ("thành viên, theo quy tắc của từng kỳ Khảo sát)",
                 "Đường trung bình (theo cách tính của Khảo sát)"):
        assert SURVEY_RULE.search(said), said
    for said in ("theo quy tắc sách dùng cho từng kỳ", "theo quy tắc từng kỳ của sách",
                 "nhóm EGDI theo ngưỡng của Khảo sát", "theo phương pháp của Khảo sát"):
        assert not SURVEY_RULE.search(said), said


@pytest.mark.slow
def test_the_averaging_rule_is_the_books_everywhere(built_book: Path) -> None:
    texts = book_texts(built_book)
    credited = {name: SURVEY_RULE.findall(text) for name, text in texts.items()
                if SURVEY_RULE.search(text)}
    assert credited == {}
    # Hình 1's caption says whose rule it is, and so does the explorer's averages selector.
    caption = "quốc gia thành viên, theo quy tắc sách dùng cho từng kỳ)"
    note = next(t for n, t in texts.items() if n.endswith("fig-egdi-xu-huong.nguon.txt"))
    assert caption in texts["notebooks/01_tong_quan_egdi.html"] and caption in note
    assert "Đường trung bình (theo quy tắc từng kỳ của sách)" in texts[
        "notebooks/91_kham_pha_du_lieu.html"]


# A finding or a chapter sentence: a change in words («EGDI tăng 0,0922»), no number hanging
# after a parenthesis, no two parentheses in a row, tables cited in their order (review 6, C4).
HANGING = {"a signed change after «thay đổi»": re.compile(r"thay đổi [+-]\d"),
           "two parentheses in a row": re.compile(r"\) \("),
           "a number after a parenthesis": re.compile(r"\(\d[\d.,]*\) \d")}


@pytest.mark.slow
def test_findings_and_changes_read_as_sentences(built_book: Path) -> None:
    import json

    found = {}
    for stem in ("00_diem_chinh", "01_tong_quan_egdi", "02_chi_so_thanh_phan"):
        article = _soup(built_book / "notebooks" / f"{stem}.html").find("article")
        for popup in article.select(".egv-prov"):
            popup.decompose()
        prose = [el.get_text(" ") for el in article.select("p, li") if not el.find_parent("table")]
        text = re.sub(r"\s+", " ", " ".join(prose)).replace("( ", "(").replace(" )", ")")
        found[stem] = [m.group(0) for rule in HANGING.values() for m in rule.finditer(text)]
        found[stem] += [m.group(0) for m in re.finditer(r"Bảng (\d+) và Bảng (\d+)", text)
                        if int(m[1]) > int(m[2])]
    assert found == dict.fromkeys(found, [])
    # The word says the sign of the change the registry keeps exactly.
    registry = json.loads((built_book / "values.json").read_text(encoding="utf-8"))["values"]
    changes = [v for v in registry if v["key"].endswith("::egdi_change")]
    assert len(changes) == 2
    for v in changes:
        word = "tăng" if float(v["exact"]) > 0 else "giảm" if float(v["exact"]) < 0 else "không"
        assert v["text"].startswith(word + " ") and not re.search(r"[+-]", v["text"]), v


def test_iso3_codes_are_said_to_be_the_books() -> None:
    """The Survey's exports name countries only (no code column): the codes are the book's, from
    its table of member states (review 6, C4)."""
    for path in sorted((ROOT / "data" / "raw" / "un-egov").glob("*.csv")):
        header = path.read_text(encoding="utf-8").splitlines()[0]
        assert "Country Name" in header and "ISO" not in header.upper(), path.name
    glossary = " ".join((ROOT / "book" / "thuat-ngu.md").read_text(encoding="utf-8").split())
    iso3 = glossary[glossary.index("ISO3 Mã quốc gia"):].split(" UN DESA ")[0]
    assert "dữ liệu của Khảo sát dùng" not in iso3
    assert "Bản xuất dữ liệu của Khảo sát chỉ ghi tên quốc gia" in iso3
    assert "bảng các quốc gia thành viên Liên Hợp Quốc của sách" in iso3


def test_the_method_background_page_says_it_is_unchecked_background() -> None:
    """Review 22, C4: the page on how the indices are built cites no report the book holds,
    so it says where its descriptions come from and that the book has not checked them."""
    page = (ROOT / "book" / "egdi-la-gi.md").read_text(encoding="utf-8")
    note = page[page.index(":::{note}"):page.index(":::", page.index(":::{note}") + 3)]
    assert "Survey Methodology" in note and "chưa kiểm chứng" in note, note
    assert page.index(":::{note}") < page.index("## Chỉ số dịch vụ trực tuyến (OSI)")


def test_a_removed_row_is_named_as_the_published_edition_had_it(tmp_path: Path) -> None:
    """Review 25, C10: «bỏ 1 dòng» told a reader nothing; a removed target is named from the
    edition's files, its indicator too, though the catalogue no longer holds it."""
    _tiny_data(tmp_path, "code,name_vi\nA,Số thứ nhất\n", "target_id,indicator,source_id\n")
    then = {"data/domestic/targets.csv": b"target_id,indicator,source_id\nT01,B,A002\n",
            changes_words.INDICATORS: "code,name_vi\nA,Số thứ nhất\nB,Số thứ hai\n".encode()}
    said = changes_words.row_names(tmp_path, "data/domestic/targets.csv", [2], then.get)
    assert said == ["mục tiêu *số thứ hai* của bài A002"]
    assert changes_words.row_names(tmp_path, "data/domestic/targets.csv", [2, 3],
                                   lambda path: None) == ["2 dòng"]
