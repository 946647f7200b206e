"""A download speaks like the book: words where the book shows words, the identifiers the book
shows (claim ids, article ids, ISO3 codes) and no other, ranks with the number ranked, and a
figure's data view with the decimals its source gave.

The built book's downloads are read as a reader gets them; each expectation comes from the
page's HTML or from the committed data, not from the code that wrote the file.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from egovbook.analysis import claims
from egovbook.chapters import claims_tables, report

from conftest import ROOT

NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def _pages(html: Path) -> list[tuple[Path, BeautifulSoup]]:
    return [(p, BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser"))
            for p in sorted((html / "notebooks").glob("*.html"))]


def _files(page: Path, element: BeautifulSoup) -> dict[str, Path]:
    found = [page.parent / unquote(a["href"]) for a in element.select("a.download")]
    return {"nguon" if f.name.endswith(".nguon.txt") else f.suffix[1:]: f for f in found}


def _table_files(page: Path, table: BeautifulSoup) -> dict[str, Path]:
    source = table.find_next_sibling("p") or table.find_parent("div").find_next_sibling("p")
    return _files(page, source)


def _downloads(html: Path) -> dict[str, Path]:
    return {p.stem: p for p in html.glob("_downloads/*/*.csv")}


# --- the register's codes, on the real register (fast) ----------------------------------------


@pytest.fixture(scope="module")
def register_download() -> pd.DataFrame:
    return claims_tables.register(claims.evaluate()).download()


def test_the_register_downloads_no_internal_code(register_download: pd.DataFrame) -> None:
    # Codes the book never shows: the chapter's, the kind of check, the index and scope in
    # lower case, the data references «INDICATOR@date», the targets file's «T01».
    assert not {"Mã chương", "Mã loại", "Mã chỉ số", "Mã phạm vi", "Mã tham chiếu",
                "Mã kết luận"} & set(register_download.columns)
    words = register_download[["Loại", "Chỉ số", "Phạm vi", "Tham chiếu", "Dùng ở"]]
    values = {str(v) for col in words for v in words[col] if v is not None}
    assert not [v for v in values if "@" in v or re.fullmatch(r"[a-z_]+|T\d{2}", v)]
    assert {"EGDI", "thế giới", "châu Á", "Đông Nam Á"} <= values


def test_a_yes_no_claim_has_no_number(register_download: pd.DataFrame) -> None:
    """A claim with no figure in its words («cao hơn trung bình thế giới») holds no number
    where the register would write 1 for «yes»."""
    # (A number in words, «gấp đôi», is a figure.)
    said = register_download["Báo chí nêu"]
    wordy = register_download[~said.str.contains(r"\d|\b(?:đôi|nửa|một|hai|ba)\b")]
    assert len(wordy) >= 3
    assert not [v for v in wordy["Giá trị báo chí nêu"] if NUMBER.match(str(v))]


def test_a_reference_names_the_indicator_and_its_date(register_download: pd.DataFrame) -> None:
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8") as fh:
        refs = {r["claim_id"]: r["refs"] for r in csv.DictReader(fh) if r["refs"]}
    with (ROOT / "data" / "domestic" / "indicators.csv").open(encoding="utf-8") as fh:
        names = {r["code"]: r["name_vi"] for r in csv.DictReader(fh)}
    said = dict(zip(register_download["Mã khẳng định"], register_download["Tham chiếu"],
                    strict=True))
    for claim_id, ref in refs.items():
        for one in ref.split():
            code, _, date = one.partition("@")
            year, month = date[:4], date[5:7]
            assert names[code] in said[claim_id] and f"{month}/{year}" in said[claim_id], one


def test_figure_ids_follow_the_rule_the_method_page_states(
        register_download: pd.DataFrame) -> None:
    """«A001-S03»: within an article, figures are numbered by date, then by the indicator's
    name as the register shows it, accents set aside (Phương pháp, «Mã khẳng định»); read
    from the download's reference column, which gives the name and the date."""
    method = (ROOT / "book" / "phuong-phap.md").read_text(encoding="utf-8")
    assert "theo tên chỉ\ntiêu (theo chữ cái, không kể dấu)" in method
    shown = re.compile(r"^(.*) \((?:ngày (\d\d)/|tháng )(\d\d)/(\d{4})\)$")
    keyed: dict[str, list[tuple[int, tuple[str, str, str, str]]]] = {}
    for claim_id, ref in zip(register_download["Mã khẳng định"],
                             register_download["Tham chiếu"], strict=True):
        if not (m := re.fullmatch(r"(A\d{3})-S(\d\d)", claim_id)):
            continue
        name, day, month, year = shown.match(ref).groups()  # type: ignore[union-attr]
        plain = "".join(c for c in unicodedata.normalize("NFD", name.replace("Đ", "D")
                                                         .replace("đ", "d"))
                        if not unicodedata.combining(c)).lower()
        keyed.setdefault(m[1], []).append((int(m[2]), (year, month, day or "", plain)))
    assert len(keyed) >= 3
    for article, rows in keyed.items():
        numbers = sorted(n for n, _ in rows)
        assert numbers == list(range(1, len(rows) + 1)), (article, numbers)
        by_id = [key for _, key in sorted(rows)]
        # A month-only date sorts before the days of its month, as «2020-08» before «2020-08-26».
        assert by_id == sorted(by_id), (article, by_id)


def test_used_in_names_each_chapter_by_its_title() -> None:
    for chapter, (notebook, _) in claims.CHAPTER_DOC.items():
        cells = json.loads((ROOT / "notebooks" / f"{notebook}.ipynb").read_text("utf-8"))["cells"]
        heading = next("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
                       and "".join(c["source"]).startswith("# "))
        title = heading.splitlines()[0][2:].strip()
        assert f'"{title}"' in claims_tables.USED_IN[chapter], chapter


# --- the figure data view (fast) --------------------------------------------------------------


def test_a_view_of_source_figures_keeps_their_decimals() -> None:
    frame = pd.DataFrame({"Chỉ tiêu": ["A", "B", "C"], "Giá trị": [30.0, 82.6, 15.91]})
    cells = BeautifulSoup(report.data_view(frame, "fig-x", None), "html.parser").select("td")
    assert [c.get_text() for c in cells][1::2] == ["30", "82,6", "15,91"]
    # An index keeps the Survey's four decimals.
    frame = pd.DataFrame({"Năm": [2003, 2024], "EGDI": [0.5, 0.77092]})
    cells = BeautifulSoup(report.data_view(frame, "fig-y"), "html.parser").select("td")
    assert [c.get_text() for c in cells][1::2] == ["0,5000", "0,7709"]


# --- the built book ---------------------------------------------------------------------------


def _shown_text(html: Path) -> str:
    """Everything a reader reads in the book's pages (not attributes or file names)."""
    text = []
    for page in sorted([*html.glob("notebooks/*.html"), *html.glob("book/*.html")]):
        main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("main")
        text.append(main.get_text(" ") if main else "")
    return " ".join(text)


WORD = re.compile(r"[\w@-]+")


def unknown_codes(downloads: dict[str, list[dict[str, str]]], shown: set[str],
                  public: set[str]) -> list[tuple[str, str, str]]:
    """The identifiers of a download's «Mã …» and «Tệp» columns that the book does not show
    (``shown``: its words) and that are not ISO3 country codes (``public``)."""
    unknown = set()
    for name, rows in downloads.items():
        for row in rows:
            for column, value in row.items():
                if column.startswith("Mã ") or column == "Tệp":
                    unknown |= {(name, column, v) for v in WORD.findall(value or "")
                                if v not in shown | public}
    return sorted(unknown)


def test_a_code_the_book_does_not_show_is_caught() -> None:
    rows = {"t": [{"Chỉ tiêu": "Cáp quang", "Mã chỉ tiêu": "KPI_CAP_QUANG", "Mã ISO3": "KOR"},
                  {"Tệp": "000_99639af47dd974fa.txt", "Mã khẳng định": "A001-07"}]}
    assert unknown_codes(rows, {"A001-07", "txt"}, {"KOR"}) == [
        ("t", "Mã chỉ tiêu", "KPI_CAP_QUANG"), ("t", "Tệp", "000_99639af47dd974fa")]


@pytest.mark.slow
def test_every_code_in_a_download_is_one_the_book_shows(built_book: Path) -> None:
    """A «Mã …» or «Tệp» column holds identifiers a reader finds in the book (claim and article
    ids, file names of the data page) or ISO3 codes (public; the data views show them): not
    the indicator codes or the stored articles' file names the book never shows."""
    shown = set(WORD.findall(_shown_text(built_book)))
    with (ROOT / "data" / "countries.csv").open(encoding="utf-8") as fh:
        iso3 = {r["iso3"] for r in csv.DictReader(fh)}
    found = {name: _csv(path) for name, path in _downloads(built_book).items()}
    assert not unknown_codes(found, shown, iso3), unknown_codes(found, shown, iso3)[:10]
    # The check has codes to look at: the register's claim ids, the countries' ISO3.
    columns = {c for rows in found.values() for c in (rows[0] if rows else {})}
    assert {"Mã khẳng định", "Mã ISO3"} <= columns


def unnamed_countries(downloads: dict[str, list[dict[str, str]]],
                      names: dict[str, str]) -> list[tuple[str, str, str]]:
    """The ISO3 codes a download holds without the country's name in the same row (``names``:
    code → the book's name): a reader cannot tell which country «LVA» is."""
    out = set()
    for name, rows in downloads.items():
        for row in rows:
            cells = " | ".join(v or "" for v in row.values())
            out |= {(name, column, code) for column, value in row.items()
                    for code in WORD.findall(value or "") if code in names
                    and names[code] not in cells}
    return sorted(out)


def test_a_code_without_its_name_is_caught() -> None:
    names = {"LVA": "Latvia", "THA": "Thái Lan"}
    rows = {"t": [{"Mã ISO3 của nhóm": "LVA THA", "Quốc gia của nhóm": "Thái Lan"}]}
    assert unnamed_countries(rows, names) == [("t", "Mã ISO3 của nhóm", "LVA")]


@pytest.mark.slow
def test_every_country_code_in_a_download_is_named(built_book: Path) -> None:
    """A download that holds a country's ISO3 code names that country in the same row, by the
    book's name (data/countries.csv); codes are not the book's words for a comparison either
    («>=»), and the glossary says what ISO3 is."""
    with (ROOT / "data" / "countries.csv").open(encoding="utf-8") as fh:
        names = {r["iso3"]: r["name_vi"] for r in csv.DictReader(fh)}
    found = {name: _csv(path) for name, path in _downloads(built_book).items()}
    assert not unnamed_countries(found, names), unnamed_countries(found, names)[:10]
    columns = {c for rows in found.values() for c in (rows[0] if rows else {})}
    assert "Mã quốc gia" not in columns
    # The check has lists of codes to look at (the band of countries around the target rank).
    assert any(len(WORD.findall(row.get("Mã ISO3 của nhóm") or "")) > 1
               for rows in found.values() for row in rows)
    operators = {row[c] for rows in found.values() for row in rows for c in row
                 if c == "Phép so sánh"}
    assert operators and not operators & {">=", "<=", "=>", "=<"}
    glossary = BeautifulSoup((built_book / "book" / "thuat-ngu.html").read_text(encoding="utf-8"),
                             "html.parser")
    assert glossary.select_one("dl.glossary dt#term-ISO3") is not None


def _sidecars(html: Path) -> dict[str, dict[str, str]]:
    """Each download's sources file, line by line («key: value»)."""
    return {p.name.removesuffix(".nguon.txt"): dict(
        line.split(": ", 1) for line in p.read_text(encoding="utf-8").splitlines() if ": " in line)
        for p in html.glob("_downloads/*/*.nguon.txt")}


@pytest.mark.slow
def test_a_sources_file_names_only_columns_its_file_has(built_book: Path) -> None:
    """«Ngày nhập dữ liệu» names the file's own date columns («cột «Ngày»»), or says it has
    none: never a column the file does not have."""
    files = _downloads(built_book)
    seen = {"dated": 0, "undated": 0}
    for name, lines in _sidecars(built_book).items():
        said = lines.get("Ngày nhập dữ liệu", "")
        columns = list(_csv(files[name])[0]) if _csv(files[name]) else []
        assert "date" not in said, (name, said)
        if "không có cột ngày" in said:
            assert not [c for c in columns if c.startswith("Ngày")], (name, said, columns)
            seen["undated"] += 1
        rest = said.replace("không có cột ngày", "")
        if "cột" in rest:
            named = re.findall(r'"([^"]+)"', rest.split("cột", 1)[1])  # plain text: "…"
            assert named and set(named) <= set(columns), (name, said, columns)
            seen["dated"] += "không có cột ngày" not in said
    # The press downloads with dates (chapters 4–6) and the registers without (chapter 7).
    assert seen["dated"] >= 5 and seen["undated"] >= 5, seen


@pytest.mark.slow
def test_a_sources_file_points_to_what_the_page_has(built_book: Path) -> None:
    """The «Trong sách» line sends a reader to a «Trích dẫn hình này» block only where the
    page has one for that figure, and to the «#» link beside a table's caption only where the
    caption has it; a figure is one, a table the other, as its caption on the page says."""
    pointers = {name: lines.get("Trong sách", "")
                for name, lines in _sidecars(built_book).items()}
    kinds = set()
    for _page, soup in _pages(built_book):
        cited = {a["href"].rsplit("#", 1)[-1] for p in soup.find_all(
            string=re.compile("Trích dẫn hình này")) for a in p.find_parent("p").find_all("a")
            if "#" in a.get("href", "")}
        for element in soup.select("figure[id], table[id]"):
            label = element["id"]
            if label not in pointers:
                continue
            said = pointers[label]
            if "Trích dẫn hình này" in said:
                assert label in cited and "hình" in said.split(";")[0], (label, said)
                kinds.add("figure")
            if '"#"' in said:
                assert element.select_one(f"a.headerlink[href='#{label}']"), (label, said)
                assert "bảng" in said.split(";")[0], (label, said)
                kinds.add("table")
            assert ("Trích dẫn hình này" in said) != ('"#"' in said), (label, said)
    assert kinds == {"figure", "table"}


@pytest.mark.slow
def test_used_in_names_the_chapter_the_book_links(built_book: Path) -> None:
    pages = _pages(built_book)
    titles = {p.name: s.select_one("h1").get_text(" ", strip=True).rstrip("#").strip()
              for p, s in pages}
    page, soup = next((p, s) for p, s in pages if s.select_one("table#tbl-so-doi-chieu"))
    table = soup.select_one("table#tbl-so-doi-chieu")
    column = [th.get_text(strip=True) for th in table.select("thead th")].index("Dùng ở")
    rows = _csv(_table_files(page, table)["csv"])
    cells = [tr.select("td")[column] for tr in table.select("tbody tr")]
    assert len(rows) == len(cells) >= 50
    for row, cell in zip(rows, cells, strict=True):
        link = cell.select_one("a")
        if link is None:
            assert not row["Dùng ở"]
            continue
        target = link["href"].split("#")[0].rsplit("/", 1)[-1] or page.name
        assert f'"{titles[target]}"' in row["Dùng ở"], (row["Mã khẳng định"], row["Dùng ở"])


@pytest.mark.slow
def test_target_ids_are_the_registers(built_book: Path) -> None:
    """The targets tables' «Mã mục tiêu» are the register's ids of the targets' claims, of
    the articles the row cites."""
    pages = _pages(built_book)
    register = next(s for _, s in pages if s.select_one("table#tbl-so-doi-chieu"))
    ids = {tr.select_one("td").get_text(strip=True)
           for tr in register.select("table#tbl-so-doi-chieu tbody tr")}
    found = _downloads(built_book)
    seen = 0
    for name in ("tbl-muc-tieu", "tbl-doi-trang-thai", "tbl-muc-tieu-mau-thuan"):
        for row in _csv(found[name]):
            cited = row.get("Nguồn mục tiêu", row.get("Nguồn", ""))  # as each table heads it
            for one in row["Mã mục tiêu"].split():
                assert one in ids and one[:4] in cited, (name, one)
                seen += 1
    assert seen >= 20


@pytest.mark.slow
def test_a_rank_out_of_a_number_downloads_both(built_book: Path) -> None:
    """A cell «97/191» of any table is in its download as that text, or as both numbers."""
    checked = 0
    for page, soup in _pages(built_book):
        for table in soup.select("table[id^='tbl-']"):
            rows = _csv(_table_files(page, table)["csv"])
            for tr, row in zip(table.select("tbody tr"), rows, strict=True):
                values = list(row.values())
                for td in tr.select("td"):
                    m = re.fullmatch(r"(\d+)/(\d+)", td.get_text(strip=True))
                    if m and m[0] not in values:
                        assert m[1] in values and m[2] in values, (table["id"], m[0], row)
                        checked += 1
    assert checked >= 12 * 3


@pytest.mark.slow
def test_a_domestic_figure_view_shows_the_decimals_of_its_source(built_book: Path) -> None:
    """Figures of press figures show each value as its article gave it (the download holds
    the same text); an index keeps the Survey's four decimals."""
    with (ROOT / "data" / "domestic" / "targets.csv").open(encoding="utf-8") as fh:
        given = {r["value"] for r in csv.DictReader(fh)}
    for path in sorted((ROOT / "data" / "quarterly").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            given |= {r["value"] for r in csv.DictReader(fh)}
    seen = {}
    for _page, soup in _pages(built_book):
        for fig in soup.select("figure[id^='fig-']"):
            view = fig.find_next(class_="egv-figure-more").select_one("details.egv-figdata")
            heads = [th.get_text() for th in view.select("thead th")]
            rows = [[td.get_text() for td in tr.select("td")] for tr in view.select("tbody tr")]
            seen[fig["id"]] = dict(zip(heads, zip(*rows, strict=True), strict=True))
    for label, columns in (("fig-chi-tieu-muc-tieu", ["Giá trị (%)"]),
                           ("fig-kpi-cds", ["Giá trị", "Kế hoạch"])):
        for column in columns:
            cells = [c for c in seen[label][column] if c != "—"]
            assert cells and all(c.replace(".", "").replace(",", ".") in given
                                 for c in cells), (label, column, cells)
    egdi = seen["fig-egdi-xu-huong"]["EGDI"]
    assert all(re.fullmatch(r"0,\d{4}", c) for c in egdi), egdi


def internal_codes(lines: list[str], label: str, country: str) -> list[str]:
    """The lines of a sources note that show a code, not words: the edition's ISO3 code
    (``country``), a quarter as ``YYYYQn``, an anchor ``#tbl-…``/``#fig-…`` or the file's own
    label."""
    code = re.compile(rf"\b(?:{re.escape(country)}|\d{{4}}Q[1-4])\b|#(?:tbl|fig)-")
    return [line for line in lines if code.search(line) or label in line]


def test_a_code_in_a_sources_note_is_caught() -> None:
    lines = ["Ấn bản: quốc gia VNM", "Ấn bản: Việt Nam, đến hết quý III/2022", "Quý: 2022Q3",
             "Nhãn: mục #fig-a", "Nhãn: tbl-b", "Nguồn: bài A001 (VNExpress)"]
    assert internal_codes(lines, "tbl-b", "VNM") == [lines[0], lines[2], lines[3], lines[4]]


@pytest.mark.slow
def test_every_download_states_its_precision(built_book: Path) -> None:
    """Each sources note (the .nguon.txt file and the XLSX's «Nguồn» sheet) says what the
    file does with the sources' decimals, and names the edition in words, with no code."""
    import openpyxl

    country = json.loads((built_book / "values.json").read_text(encoding="utf-8"))[
        "parameters"]["country"]
    notes = sorted(built_book.glob("_downloads/*/*.nguon.txt"))
    assert len(notes) >= 30
    words_only = 0
    for note in notes:
        lines = note.read_text(encoding="utf-8").splitlines()
        line = next((x for x in lines if x.startswith("Độ chính xác: ")), "")
        label = note.name.removesuffix(".nguon.txt")
        cells = [c for row in _csv(min(built_book.glob(f"_downloads/*/{label}.csv")))
                 for c in row.values()]
        if "không có giá trị số" in line:  # words only (review 12, C4; 18, C8): and it is
            words_only += 1
            assert not [c for c in cells if re.fullmatch(r"-?\d+(?:\.\d+)?", c)], label
        else:
            assert "chữ số thập phân" in line and "nguồn" in line, note.name
        sheet = openpyxl.load_workbook(min(built_book.glob(f"_downloads/*/{label}.xlsx")))[
            "Nguồn"]
        rows = [": ".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True)]
        assert rows == lines, label
        assert not internal_codes(lines, label, country), (label, internal_codes(
            lines, label, country))
    assert 0 < words_only < len(notes) // 2, words_only


RAW_COLUMNS = {"OSI": "Online Service Index", "TII": "Telecommunication Infrastructure Index",
               "HCI": "Human Capital Index", "EPI": "E-Participation Index"}


@pytest.mark.slow
def test_the_precision_note_says_what_the_files_do_with_the_sources_decimals(
        built_book: Path) -> None:
    """Where a download writes a Survey value without the zeros that close the source's text
    (the source's «0.84000» as 0.84), the note must not claim the file keeps the source's
    decimals: it says the value is the same and the closing zeros are not written."""
    written = {r["Năm khảo sát"]: r for r in _csv(min(built_book.glob(
        "_downloads/*/tbl-chi-so-thanh-phan.csv")))}
    shorter = []
    for raw in sorted((ROOT / "data" / "raw" / "un-egov").glob("EGOV_DATA_*.csv")):
        for row in _csv(raw):
            year = row.get("Survey Year", "")
            if row.get("Country Name", "").strip() != "Viet Nam" or year not in written:
                continue
            for short, long in RAW_COLUMNS.items():
                source, cell = row.get(long) or "", written[year][short]
                if cell and source and float(cell) == float(source) and cell != source:
                    shorter.append((year, short, source, cell))
    note = (min(built_book.glob("_downloads/*/tbl-chi-so-thanh-phan.nguon.txt"))
            .read_text(encoding="utf-8"))
    precision = next(x for x in note.splitlines() if x.startswith("Độ chính xác: "))
    if shorter:
        assert "giữ đúng các chữ số thập phân" not in precision, shorter[:3]
        assert "chữ số 0 ở cuối" in precision, precision


@pytest.mark.slow
def test_a_tables_unit_line_names_only_what_its_columns_hold(built_book: Path) -> None:
    """The table of tie rules (tbl-dong-hang) holds counts of countries, ranks and changes
    of rank, no index value: its unit line must not say «chỉ số»."""
    note = min(built_book.glob("_downloads/*/tbl-dong-hang.nguon.txt")).read_text(
        encoding="utf-8")
    header = next(iter(_csv(min(built_book.glob("_downloads/*/tbl-dong-hang.csv")))), {})
    unit = next(x for x in note.splitlines() if x.startswith("Đơn vị: "))
    assert not any(k in header for k in ("EGDI", "OSI", "TII", "HCI", "EPI")), header
    assert "chỉ số" not in unit and "hạng" in unit, unit


def test_a_declared_table_must_state_its_units() -> None:
    """No default unit line: a default cannot know which quantities the columns hold."""
    from egovbook.chapters import tables

    with pytest.raises(ValueError, match="đơn vị"):
        report.declared(tables.Table("tbl-x", "Bảng", [{"a": 1}], [tables.text("A", "a")]))


# Markdown italics: «*Phương pháp*».
EMPHASIS = re.compile(r"(?<![*\w])\*[^\s*][^*\n]*\*(?![*\w])")


@pytest.mark.slow
def test_plain_text_files_name_the_books_labels_in_straight_quotes(built_book: Path) -> None:
    """Review 16, C2: a note (TXT, the XLSX «Nguồn» sheet) or a CSV cell has no Markdown: a
    name the pages set in italics is in straight double quotes, as the Method page says."""
    import openpyxl

    found, notes = [], 0
    for path in sorted(built_book.rglob("_downloads/*/*")):
        if path.name.endswith(".nguon.txt") or path.suffix == ".csv":
            text = path.read_text(encoding="utf-8-sig")
            notes += path.name.endswith(".nguon.txt")
            found += [(path.name, m) for m in EMPHASIS.findall(text)]
        elif path.suffix == ".xlsx":
            sheet = openpyxl.load_workbook(path, read_only=True)["Nguồn"]
            found += [(path.name, m) for row in sheet.iter_rows(values_only=True)
                      for cell in row if isinstance(cell, str) for m in EMPHASIS.findall(cell)]
    assert notes >= 30 and not found, found
    said = "".join(p.read_text(encoding="utf-8") for p in built_book.rglob("*-doi-chieu.nguon.txt"))
    assert 'chương "Phương pháp"' in said


@pytest.mark.slow
def test_a_domestic_counts_popup_says_cumulative_or_a_stock_as_its_notes_do(
        built_book: Path) -> None:
    """Review 16, C5: a figure of one quarterly row (lượt truy cập, hồ sơ…) has the unit the
    indicators file gives it: «số đếm lũy kế» if marked cumulative, else a count at its date."""
    with (ROOT / "data" / "domestic" / "indicators.csv").open(encoding="utf-8-sig") as fh:
        kinds = {r["code"]: r for r in csv.DictReader(fh)}
    registry = json.loads((built_book / "values.json").read_text(encoding="utf-8"))
    seen = set()
    for entry in (*registry["values"], *registry["cells"]):
        keys = [k for rows in entry.get("inputs", []) if rows["file"].startswith("quarterly/")
                for k in rows["keys"]]
        code = re.match(r"indicator=(\S+)", keys[0]) if len(keys) == 1 else None
        if code is None or kinds[code[1]]["unit"] != "count" or entry.get("exact") is None \
                or len(entry["inputs"]) > 1 or "value" not in entry["inputs"][0]["columns"]:
            continue  # a gap to a target (a difference), a denominator: «số đếm»
        cumulative = kinds[code[1]]["cumulative"].lower() in ("true", "yes")
        assert entry["unit"] == ("số đếm lũy kế" if cumulative else "số đếm tại thời điểm nêu"), (
            entry["key"], entry["unit"])
        seen.add(cumulative)
    assert seen == {True, False}, seen


@pytest.mark.slow
def test_a_notes_unit_line_names_columns_its_file_has(built_book: Path) -> None:
    """Review 17, C1: «(cột "Giá trị", …)» in Bảng 11's note named a column its file calls
    «Số liệu gần nhất»: every column a unit line names is a column of the CSV beside it."""
    checked, wrong = 0, []
    files = {p.name: p for p in built_book.glob("_downloads/*/*")}  # each in its own folder
    for note in sorted(p for name, p in files.items() if name.endswith(".nguon.txt")):
        data = files.get(note.name.removesuffix(".nguon.txt") + ".csv")
        if data is None:
            continue
        header = next(csv.reader(io.StringIO(data.read_text(encoding="utf-8-sig"))))
        unit = next((x for x in note.read_text(encoding="utf-8").splitlines()
                     if x.startswith("Đơn vị: ")), "")
        for group in re.findall(r"\(cột ((?:\"[^\"]+\"(?:, )?)+)\)", unit):
            named = re.findall(r'"([^"]+)"', group)
            checked += len(named)
            wrong += [(note.name, n) for n in named if n not in header]
    assert checked >= 10 and not wrong, wrong


@pytest.mark.slow
def test_a_tables_sources_are_the_sources_its_file_names(built_book: Path) -> None:
    """Review 17, C2: Bảng 20 showed «A001, A004» where its file named A004 alone. A table's
    «Nguồn» cell and the file's «Nguồn» name the same articles, row by row."""
    tables_seen = 0
    for page, soup in _pages(built_book):
        for table in soup.select("table[id^='tbl-']"):
            heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
            if "Nguồn" not in heads:
                continue
            rows = _csv(_table_files(page, table)["csv"])
            if "Nguồn" not in rows[0]:
                continue
            at = heads.index("Nguồn")
            shown = [tr.select("td")[at].get_text(" ", strip=True)
                     for tr in table.select("tbody tr")]
            assert len(shown) == len(rows), (page.name, len(shown), len(rows))
            for cell, row in zip(shown, rows, strict=True):
                named = set(re.findall(r"(?:^|; )([A-Z]\d{3})\b", row["Nguồn"]))
                assert set(re.findall(r"\b[A-Z]\d{3}\b", cell)) == named, (page.name, cell, row)
            tables_seen += 1
    assert tables_seen >= 5, tables_seen
