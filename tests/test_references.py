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


def test_a_title_is_marked_the_sources_own_exactly_when_the_article_has_it(seeds: Path) -> None:
    """``title_from`` (data/sources.csv) takes the descriptor's values, and an article's title
    is «nguồn» exactly when the article's text holds it: a description the book wrote is never
    passed off as the article's title, nor a real title as the book's words."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in package["resources"] if r["path"] == "sources.csv")
    allowed = next(f for f in res["schema"]["fields"]
                   if f["name"] == "title_from")["constraints"]["enum"]
    rows = _sources()
    assert {r["title_from"] for r in rows} <= set(allowed) and "sách" in allowed
    wrong = [r["source_id"] for r in rows if r["file"]
             and (r["title_from"] == "nguồn")
             != (r["title"] in (seeds / r["file"]).read_text(encoding="utf-8"))]
    assert wrong == []


def test_a_source_label_puts_only_the_articles_own_words_in_guillemets(seeds: Path) -> None:
    """The label a download's «Nguồn» column and a figure's data view give a source, and the
    bibliography's title slot: text in «» is in the article; a book-written description says
    it is the book's."""
    from egovbook.chapters import downloads

    rows = [r for r in _sources() if r["file"]]
    bib = {re.match(r"@misc\{([^,]+),", e)[1]: e for e in bibliography.entries()}  # type: ignore[index]
    assert any(r["title_from"] == "sách" for r in rows)
    for row in rows:
        article = (seeds / row["file"]).read_text(encoding="utf-8")
        label = downloads.source_label(row)
        quoted = re.findall(r"«([^»]*)»", label)
        assert [q for q in quoted if q not in article] == [], label
        entry = bib[bibliography.press_key(row["source_id"])]
        if row["title_from"] == "sách":
            assert quoted == [] and "mô tả của sách" in label, label
            assert "mô tả của sách" in entry, entry
        else:
            assert quoted == [row["title"]], label


# Statements the book cannot back (review 4, B2–B5 and C2): a register said to hold every figure
# of the articles, the averaging rule said to be the Survey's and to reproduce averages the book
# does not show, an inference about A003's sources stated as fact, a baseline said to be the
# article's, a build parameter's «mặc định» and «của dự án» where the book means itself.
# So are «mỗi con số về … mà các bài báo nêu» above a register table and «các nguồn nêu N mục
# tiêu» (the register and the targets file hold what the book records, review 9, B1).
UNBACKED = re.compile(r"(?:mọi|mỗi) con số (?:về [^.;]*? )?mà các bài báo|quy tắc của Khảo sát"
                      r"|tái tạo các giá trị"
                      r"|các nguồn nêu (?:\{\{ n_targets|\{glue:text\}`n_targets)"
                      r"|theo tài liệu của Bộ Thông tin và Truyền thông cho phiên họp"
                      r"|mốc bài tính|mặc định|của dự án", re.I)


def test_the_book_states_no_claim_its_sources_do_not_back() -> None:
    found = []
    for name, text in _reader_texts().items():
        if name.startswith("book/prose/"):  # the changelog and citation lines: another review
            continue
        shown = re.sub(r"\s+", " ", re.sub(r"<!--.*?-->", "", text, flags=re.S))
        found += [f"{name}: {m[0]}" for m in UNBACKED.finditer(shown)]
    found += [f"sources.csv {r['source_id']}: {m[0]}" for r in _sources()
              for m in UNBACKED.finditer(r["note"] + " " + r["title"])]
    assert found == []


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
    notes = [claims.note_text(r) for _, r in agree.iterrows()]
    # The rule's own note, whether or not the articles of this build agree anywhere.
    one, other = (claims_rules.Statement(f"{s}-01", s, ("obs", "X"), "2020-07", "9", 0, "=", "9",
                                         quote) for s, quote in (("A1", "có 9 bộ đạt"),
                                                                 ("A2", "chín bộ đã hoàn thành")))
    found = claims_rules.link(one, [one, other], lambda s: ())
    assert found.verdict == claims_rules.AGREE
    notes += found.sentences
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


def _cited_articles(doc: BeautifulSoup) -> set[str]:
    """The articles a chapter's «Nguồn: […]» line under its title cites (by each citation's
    title, «Bài A000 trong bộ nguồn …»)."""
    head = next((p for p in doc.select("article p") if p.select_one(".bibtex-citation")
                 and p.get_text().startswith("Nguồn:")), None)
    return set() if head is None else {
        m[1] for a in head.select(".bibtex-citation a")
        if (m := re.search(r"Bài ([A-Z]\d{3}) trong bộ nguồn", a.get("title", "")))}


@pytest.mark.slow
def test_a_chapter_cites_every_article_its_tables_name(built_book: Path) -> None:
    """The «Nguồn: […]» line under a chapter's title cites every article that the source line
    or the «Nguồn» column of one of its tables names (chapter 6 once left out A002, whose
    targets its table of changed statuses shows)."""
    article = re.compile(r"\b[A-Z]\d{3}\b")
    ids = re.compile(r"[A-Z]\d{3}(?:[ ,;]+[A-Z]\d{3})*")
    missing = {}
    for page in sorted((built_book / "notebooks").glob("*.html")):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        cited = _cited_articles(doc)
        named: set[str] = set()
        for table in doc.select("article table"):
            heads = [th.get_text(strip=True) for th in table.select("thead th")]
            if "Nguồn" in heads:
                col = heads.index("Nguồn")
                for tr in table.select("tbody tr"):
                    cells = tr.find_all("td")
                    # A cell of article ids (chapter 90's list of data files describes its
                    # sources in words, «Các bài báo trong bộ nguồn…»: not a citation).
                    if len(cells) > col and ids.fullmatch(cells[col].get_text(strip=True)):
                        named |= set(article.findall(cells[col].get_text()))
        for p in doc.select("article p"):
            text = p.get_text(" ")
            if text.startswith("Nguồn: bài ") and "trong bộ nguồn" in text:
                named |= set(article.findall(text.split("trong bộ nguồn")[0]))
        if named - cited:
            missing[page.name] = sorted(named - cited)
    assert missing == {}


def _cited_titles(doc: BeautifulSoup) -> str:
    """The references every citation of a page points to, as their popups give them."""
    return " ".join(a.get("title", "") for a in doc.select(".bibtex-citation a"))


@pytest.mark.slow
def test_a_page_cites_every_article_its_text_names(built_book: Path) -> None:
    """Every article id a chapter's paragraphs, lists or tables name (a quote's source, a claim
    id) is among the articles its «Nguồn: […]» line cites (chapter 8 once quoted A000's goal
    and cited only the two web pages of its target); chapter 90's table of articles cites them
    all (review 7, C8). A page of the book (Method, Glossary) cites, somewhere on the page, every
    article it names or quotes (the Method page once quoted A000–A003 and cited none)."""
    article = re.compile(r"\b[A-Z]\d{3}\b")
    missing, seen = {}, set()
    pages = [*sorted((built_book / "notebooks").glob("*.html")),
             *sorted((built_book / "book").glob("*.html"))]
    for page in pages:
        if page.stem in {"thay-doi", "tai-lieu-tham-khao", "tai-lap"}:
            continue  # the changelog quotes editions; the references and appendix list sources
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if page.parent.name == "notebooks":
            cited = _cited_articles(doc)
        else:
            cited = set(re.findall(r"Bài ([A-Z]\d{3}) trong bộ nguồn", _cited_titles(doc)))
        named = {i for el in doc.select("article p, article li, article td, article dd")
                 for i in article.findall(el.get_text(" "))}
        seen |= named
        if named - cited:
            missing[page.name] = sorted(named - cited)
    assert missing == {} and {"A000", "A004"} <= seen


@pytest.mark.slow
def test_the_datasets_a_page_names_are_cited_there(built_book: Path) -> None:
    """The country codes (M49) and the Vietnamese country names (CLDR) are sources: chapter
    90's table of data tables names both, so its citation line cites both, and the references
    list them with what the repository records of them (review 7, C8)."""
    datasets = [r for r in _sources() if r["kind"] == "dataset" and r["source_id"] != "UN"]
    record = (ROOT / "data" / "raw" / "PROVENANCE.md").read_text(encoding="utf-8")
    m49 = next(r for r in datasets if "(M49)" in r["title"])
    assert m49["title"] in record and m49["url"] in record
    assert any(r["title"] == "Unicode CLDR" for r in datasets)
    doc = BeautifulSoup((built_book / "notebooks" / "90_nguon_du_lieu.html")
                        .read_text(encoding="utf-8"), "html.parser")
    text, cited = _page_text(built_book / "notebooks" / "90_nguon_du_lieu.html"), \
        _cited_titles(doc)
    named = [r for r in datasets if r["title"] in text]
    assert len(named) == len(datasets)
    assert [r["source_id"] for r in named if r["title"] not in cited] == []
    from babel.core import get_cldr_version

    assert f"phiên bản {get_cldr_version()}" in cited


def test_chapter_90_says_which_index_values_were_cross_checked() -> None:
    """Chapter 90 claims no cross-check that data/raw/PROVENANCE.md does not record: the 12
    years' EGDI/OSI/HCI/TII against Data360; the UNU-EGOV years name no columns, so no EPI
    check is claimed for them (review 10, B2)."""
    record = (ROOT / "data" / "raw" / "PROVENANCE.md").read_text(encoding="utf-8")
    checked = re.search(r"Mọi giá trị ([A-Z/]+) của 12 năm khớp", record)
    assert checked and "EPI" not in checked[1]
    said = " ".join(_reader_texts()["90_nguon_du_lieu.ipynb"].split())
    assert "giá trị các chỉ số đã được đối chiếu" not in said
    assert f"giá trị {', '.join(checked[1].split('/')[:-1])} và TII của mọi kỳ" in said
    unu = re.search(r"khớp bộ dữ liệu UNU-EGOV[^;.]*", record)
    assert unu and "EPI" not in unu[0]  # the record names no columns for these years
    assert "sách không nói giá trị EPI của các kỳ trước đã được đối chiếu" in said
    assert "Ngoài các kỳ đối chiếu với UNU-EGOV" not in said and "các kỳ khác" not in said


def test_what_a_reader_cannot_check_is_said_to_be_the_compilers_word() -> None:
    """Review 6, B4: the cross-checks are the compilers' statement (the compared copies are not
    shipped, as data/raw/PROVENANCE.md says); a table of checksums lets a reader check a copy
    of a file, it proves nothing about the computation; the domestic figures were copied by hand
    from the articles into the data, only the text is filled in by the build."""
    record = (ROOT / "data" / "raw" / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "Các bản kiểm tra chéo không được đưa vào kho" in record
    texts = {k: " ".join(v.split()) for k, v in _reader_texts().items()}
    ch90 = texts["90_nguon_du_lieu.ipynb"]
    assert "Đây là lời của nhóm biên soạn" in ch90
    assert "bạn đọc không kiểm lại được các phép đối chiếu này từ sách" in ch90
    assert "chứng minh" not in ch90
    assert "Tổng kiểm SHA-256 trong bảng dưới đây cho phép kiểm tra một bản của tệp" in ch90
    intro = texts["book/gioi-thieu.md"]
    assert "Không có con số nào được gõ tay" not in intro
    assert ("do nhóm biên soạn chép tay từ các bài báo được trích dẫn vào các tệp dữ liệu của "
            "sách") in intro
    # Review 7, B1: what the build fills in, said without «mọi» or «không có … nào».
    assert "không có con số nào" not in intro and "Mọi con số" not in intro
    assert ("Trong lời văn của các chương, các số liệu, thứ hạng, tỷ lệ, số đếm và ngày được máy "
            "lấy hoặc tính từ dữ liệu") in intro


def _rows(name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / "domestic" / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_note_says_the_article_used_a_word_only_when_its_quote_has_it() -> None:
    """«Bài gọi là «X»» in a target's note: X is in the clause the target quotes (review 7, B3:
    A004's payment-account clause says only «(vượt 1%)», the word «kế hoạch» is in the
    neighbouring clauses, so reading it as a plan is the book's, and the note says so)."""
    said = [(t["target_id"], m[1], t["quote"]) for t in _rows("targets.csv")
            for m in re.finditer(r"gọi là «([^»]+)»", t["note"])]
    assert said and [s for s in said if s[1] not in s[2]] == []
    payment = next(t for t in _rows("targets.csv") if t["quote"] == "(vượt 1%)")
    assert "sách đọc" in payment["note"] and "suy từ các vế bên cạnh" in payment["note"]


def test_an_order_is_recorded_only_where_the_article_gives_one(seeds: Path) -> None:
    """Review 7, C12: A003 names three leading ministries and two last ones without ranking
    them; only the last provinces come «lần lượt» (in turn). A sole unit of its place is first
    of it. The order is empty wherever several units share a place the article does not rank."""
    rows = _rows("cntt_2019.csv")
    article = (seeds / next(r["file"] for r in _sources() if r["source_id"] == "A003")).read_text(
        encoding="utf-8")
    for row in rows:
        assert row["quote"] in article
        peers = [r for r in rows if (r["group"], r["position"]) == (row["group"], row["position"])]
        ranked = len(peers) == 1 or "lần lượt" in row["quote"]
        assert bool(row["order"]) == ranked, row["unit_name"]
    assert {r["order"] for r in rows if r["group"] == "bo"} == {""}


def test_the_column_count_of_the_quarterly_files_is_that_of_the_files() -> None:
    """Review 7, C10: chapter 90 counts the columns of the quarterly files from their headers
    (a range when they differ, as a staff file may leave out an optional column). Review 8,
    C8: the book's own files all carry every column of the descriptor, scope included, as the
    Method page says each figure carries its scope."""
    from egovbook.chapters import sources
    from egovbook.intake import datapackage

    headers = {p.name: p.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
               for p in (ROOT / "data" / "quarterly").glob("*.csv")}
    fields = [f["name"] for f in datapackage.load()["quarterly"]["schema"]["fields"]]
    assert all(h == fields for h in headers.values()), headers
    widths = sorted({len(h) for h in headers.values()})
    rows = sources.data_tables(datapackage.load()).rows
    shown = next(r["so_cot"] for r in rows if r["tep"].startswith("data/quarterly/"))
    assert shown == "–".join(str(w) for w in (widths[0], widths[-1])[:len(widths)])
    first = sources.data_tables(datapackage.load(), "2020Q1").rows
    assert next(r["so_cot"] for r in first if r["tep"].startswith("data/quarterly/")) == str(
        widths[0])


# A day and month in the book's words: «26/8» with no year, or «03/6/2020» (review 7, C3).
LOOSE_DATE = re.compile(r"(?<![\w/,.])(?:\d{1,2}/\d{1,2}(?![\w/])|(?!\d\d/\d\d/)\d{1,2}/\d{1,2}"
                        r"/\d{4}(?![\w/]))")


def test_the_books_own_words_write_dates_dd_mm_yyyy() -> None:
    """The sources' notes and the prose files, outside «» (a verbatim quote keeps its form),
    write a date as dd/mm/yyyy; the decision chapter 8 names is dated from the sources table."""
    texts = {f"sources.csv {r['source_id']}": r["note"] for r in _sources()}
    texts |= {n: re.sub(r"<!--.*?-->", "", t, flags=re.S) for n, t in _reader_texts().items()}
    found = [f"{n}: {m[0]}" for n, t in texts.items()
             for m in LOOSE_DATE.finditer(re.sub(r"«[^»]*»", " ", t))]
    assert found == []
    from egovbook.analysis.values import Figure
    from egovbook.chapters import survey_target
    from egovbook.common import fmt

    date = fmt.date(next(r for r in _sources() if r["source_id"] == "W002")["event_date"])
    assert date == "03/06/2020"
    for rank in (50, 70):  # both notes that name the decision
        note = survey_target.target_note("VNM", rank, Figure(str(rank), str(rank), "hạng", "", ""))
        assert f"749/QĐ-TTg ngày {date}" in note.text
        assert any(p["text"] == date and p["inputs"][0]["file"] == "sources.csv"
                   for p in note.parts)


def test_the_averages_sentence_points_to_the_method_page_only_for_what_it_says() -> None:
    """Review 8, C2: ch01 sent the reader to the Method page for the averages' «quy tắc và lý
    do»; the page's section on averages states the rule and gives no reason. A pointer there
    promises a reason only once the section gives one."""
    method = (ROOT / "book" / "phuong-phap.md").read_text(encoding="utf-8")
    section = method.split("\n## Giá trị trung bình\n", 1)[1].split("\n## ", 1)[0]
    texts = [*(p.read_text(encoding="utf-8") for p in (ROOT / "notebooks" / "prose").glob("*.md"))]
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        texts += ["".join(c["source"]) for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]
                  if c["cell_type"] == "markdown"]
    promised = [re.sub(r"\s+", " ", p)[-120:] for t in texts for p in t.split("\n\n")
                if "trung bình" in p and re.search(r"lý do ở\s+\{doc\}`[./]*book/phuong-phap`", p)]
    assert re.search(r"(?<!\w)(?:vì|lý do)(?!\w)", section) or promised == []


def test_a_chapter_cites_the_datasets_behind_the_files_it_reads(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Review 8, C6: the member countries' table (regions from M49, names from CLDR) is read by
    the regional chapter, which cited neither; a chapter that reads no such file cites none."""
    titles = {s["source_id"]: s["title"] for s in _sources()}
    assert [titles[s] for s in bibliography.datasets_read("03_so_sanh_khu_vuc")] == [
        "Standard country or area codes for statistical use (M49)", "Unicode CLDR"]
    # Every chapter now reads the table (its downloads' notes name the country): a chapter's
    # declared reads without it, as ch06's were, stand for one that does not.
    meta = bibliography.nbcache.notebook_meta(ROOT / "notebooks" / "06_co_gi_moi.ipynb")
    assert "countries.csv" in meta.reads
    with monkeypatch.context() as patch:
        patch.setattr(bibliography.nbcache, "notebook_meta", lambda _path: type(meta)(
            meta.path, tuple(r for r in meta.reads if r != "countries.csv"), meta.countries,
            meta.parameters))
        assert bibliography.datasets_read("06_co_gi_moi") == []
    cited = bibliography.cite([2018, 2020], ["A003", "A001", "A003"], "07_kiem_chung")
    assert cited == "{cite:p}`un2018,un2020,a001,a003,d001,d002`"
    # Reviews 11 and 13 (C6, C3): without a Survey figure the member table is behind nothing
    # the chapter shows (it gives the edition's country name only, which the title names).
    assert bibliography.datasets_read("06_co_gi_moi") == bibliography.datasets_behind(
        [bibliography.countries.COUNTRIES_FILE]) == ["D001", "D002"]
    assert bibliography.cite([], ["A004"], "06_co_gi_moi") == "{cite:p}`a004`"


@pytest.mark.slow
def test_every_chapter_lists_the_sources_it_reads(built_book: Path) -> None:
    """Review 8, C6: each chapter's «Nguồn:» line lists the M49 and CLDR entries when the chapter
    reads the member countries' table (countries.csv) and shows Survey figures (reviews 11 and
    13: without them the table is behind nothing the chapter shows), and the verification chapter
    lists the Survey files its verdicts rest on (2018 and 2020 for Viet Nam's claims)."""
    from fnmatch import fnmatch

    refs = BeautifulSoup((built_book / "book" / "tai-lieu-tham-khao.html").read_text(
        encoding="utf-8"), "html.parser")
    problems, seen = [], 0
    for nb in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        reads = json.loads(nb.read_text(encoding="utf-8"))["metadata"]["egovbook"]["reads"]
        page = BeautifulSoup((built_book / "notebooks" / f"{nb.stem}.html").read_text(
            encoding="utf-8"), "html.parser")
        line = next((p for p in page.select("article p") if p.get_text(strip=True).startswith(
            "Nguồn:") and p.select("a[href*='tai-lieu-tham-khao']")), None)
        if line is None:
            continue
        seen += 1
        listed = " ".join(refs.select_one("#" + a["href"].split("#")[1]).get_text(" ")
                          for a in line.select("a[href*='tai-lieu-tham-khao']"))
        survey = "E-Government Survey" in listed
        member = any(fnmatch("countries.csv", r) for r in reads)
        wanted = ["M49", "Unicode CLDR"] if member and survey else []
        if nb.stem == "07_kiem_chung":
            wanted += ["Survey 2018:", "Survey 2020:"]
        problems += [f"{nb.stem}: thiếu {w}" for w in wanted if w not in listed]
        problems += [f"{nb.stem}: {w} không có số liệu Khảo sát đi kèm"
                     for w in ("M49", "Unicode CLDR") if w in listed and not survey]
    assert seen >= 9 and problems == [], problems


def test_an_articles_note_is_its_own_sentence() -> None:
    """Review 13, C4: «sự kiện 26/08/2020; Tiêu đề là dòng đầu của bài» put a sentence after a
    semicolon with its capital; the compiler's note follows a full stop."""
    press = [e for e in bibliography.entries() if "trong bộ nguồn của sách; sự kiện" in e]
    assert len(press) >= 5
    for entry in press:
        note = re.search(r"note = \{(.*)\}\n\}", entry, re.S)[1]
        after = re.search(r"sự kiện [^.;]*?(\d{4})([.;]) (\S)", note)
        assert after and after[2] == "." and after[3][:1].isupper(), note
