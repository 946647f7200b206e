"""Every table's download mirrors the table a reader sees: each column the table shows is a
column of its CSV, a column of words holds words, not the codes the data use, and holds all of
them (a status with its «(theo số liệu tháng 08/2020)»; the words that say why a ratio is not
given, where the ratio's columns are empty).

Only codes the book shows stay beside their words, in a column named as a code («Mã …»):
tests/test_download_words.py checks which. One rule of precision for every number of every
download: at most 12 decimals.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

# Codes of the data a reader never sees in a table: indicator codes, target ids, lower-case
# names (``osi``, ``scope_size``, ``press``), ISO3 country codes (not the index names OSI,
# TII, HCI, EPI), ``A@B`` references, quarter keys (``2020Q3``: review 13, C8).
CODE = re.compile(r"^(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|T\d{2}|\d{4}Q[1-4]|[a-z][a-z0-9]*(?:_[a-z0-9]+)*"
                  r"|(?!OSI|TII|HCI|EPI)[A-Z]{3}|\S+@\S+(?: \S+@\S+)*)$")
CODE_COLUMN = re.compile(r"^Mã\b")
NUMBER = re.compile(r"^-?\d+(?:\.(\d+))?$")


def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


COLUMNS_LINE = "Cột của bảng và cột của tệp: "
SHOWN = re.compile(r'"([^"]+)": ([^;]+)(?:; |$)')


def _text(cell: object) -> str:
    return re.sub(r"\s+", " ", cell.get_text(" ", strip=True).replace("\xa0", " "))  # type: ignore[attr-defined]


def tables_and_downloads(html: Path, cells: bool = False) -> list[tuple]:
    """(label, the table's headers, its CSV rows, its sources file) of every table of the
    built book, and with ``cells`` the text of each cell as a reader reads it (no popups)."""
    from bs4 import BeautifulSoup

    out = []
    for page in sorted((html / "notebooks").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for popup in soup.select(".egv-prov"):
            popup.decompose()
        for table in soup.select("table[id^='tbl-']"):
            source = (table.find_next_sibling("p")
                      or table.find_parent("div").find_next_sibling("p"))
            links = {a["href"].rsplit(".", 2)[-2 if a["href"].endswith(".txt") else -1]:
                     page.parent / unquote(a["href"]) for a in source.select("a.download")}
            heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
            found = (table["id"], heads, _csv(links["csv"]),
                     links["nguon"].read_text(encoding="utf-8"))
            out.append((*found, [[_text(td) for td in tr.select("td")]
                                 for tr in table.select("tbody tr")]) if cells else found)
    return out


EMPTY = {"", "không"}  # a CSV cell that says nothing (a comparison's «So sánh được = không»)
# A table's cell that says only that nothing is given: an empty cell of the file says the same.
NOTHING = re.compile(r"^(?:[—/ ]+|không nêu|không ghi)$")


def lost_words(label: str, heads: list[str], rows: list[list[str]], sources: str,
               shown: list[list[str]]) -> list[str]:
    """The words a table shows that its download drops: a column of words cut short (the
    file's column named as the table's holds the start of the cell, not all of it), or a
    cell of words where every column of the file that holds that column is empty and no cell
    of the row holds the words."""
    line = next((x[len(COLUMNS_LINE):] for x in sources.splitlines()
                 if x.startswith(COLUMNS_LINE)), "")
    held = {m.group(1): m.group(2).split(", ") for m in SHOWN.finditer(line)}
    columns, out = rows[0], []
    for row, cells in zip(rows[1:], shown, strict=True):
        values = dict(zip(columns, row, strict=False))
        for head, cell in zip(heads, cells, strict=False):
            own = [values[c] for c in held.get(head, []) if c in values]
            if NOTHING.match(cell or "—") or not own:
                continue
            same = values.get(head, "")  # the file's column named as the table's
            # A unit the file's unit line names is not words the file drops («hơn 0» of
            # «hơn 0 điểm phần trăm» under a unit line naming «điểm phần trăm»).
            rest = cell[len(same):].strip()
            cut = [same] if same and not NUMBER.match(same) and cell != same \
                and cell.startswith(same) and not (rest and rest in _unit_line(sources)) else []
            if cut:
                out.append(f"{label}: «{head}» cho thấy «{cell}», tệp chỉ có «{cut[0]}»")
            elif all(v in EMPTY for v in own) and cell not in row:
                out.append(f"{label}: «{head}» cho thấy «{cell}», tệp để trống {held[head]}")
    return out


def _unit_line(sources: str) -> str:
    return next((x for x in sources.splitlines() if x.startswith("Đơn vị: ")), "")


# A bound a table shows before a number: «hơn 15.000.000», «trên 295.000», «khoảng 14,09».
BOUND = re.compile(r"(?<!\w)(trên dưới|ở mức|hơn|trên|dưới|không đạt|khoảng|gần|vượt)"
                   r"\s+(?=[+−-]?\d)")


def lost_bounds(label: str, heads: list[str], rows: list[list[str]], sources: str,
                shown: list[list[str]]) -> list[str]:
    """Bounds a table shows that its download drops: a cell «trên 295.000» whose columns in
    the file hold 295000 and no «trên» (review 7, C5: every bounded value keeps its word)."""
    line = next((x[len(COLUMNS_LINE):] for x in sources.splitlines()
                 if x.startswith(COLUMNS_LINE)), "")
    held = {m.group(1): m.group(2).split(", ") for m in SHOWN.finditer(line)}
    out = []
    for row, cells in zip(rows[1:], shown, strict=True):
        values = dict(zip(rows[0], row, strict=False))
        for head, cell in zip(heads, cells, strict=False):
            own = [values.get(c, "") for c in held.get(head, [])]
            # Words inside «» are a source's, not a bounded value of the table.
            bare = re.sub(r"«[^«»]*(?:«[^«»]*»[^«»]*)*»", "", cell)
            out += [f"{label}: «{head}» cho thấy «{cell}», tệp không ghi «{m[1]}» ({own})"
                    for m in BOUND.finditer(bare)
                    if not any(re.search(rf"(?<!\w){m[1]}(?!\w)", v) for v in own)]
    return out


PRECISION = "Độ chính xác: "
# A cell that reads as a number laid out for a reader, not for a program: a decimal comma,
# grouped thousands, a rank «86/193», a sign «+2», a bound before a number, a percent sign.
READ = re.compile(r"\d,\d|\d\.\d{3}(?!\d)|^\d+/\d+$|^\+\d|%$|^(?:hơn|trên|dưới|khoảng|vượt) \d")


def unnamed_text_numbers(label: str, rows: list[list[str]], sources: str) -> list[str]:
    """Columns of a download that hold numbers as a table shows them although its note of
    precision («Số trong tệp không làm tròn…») does not name them (review 7, C7)."""
    note = next((x for x in sources.splitlines() if x.startswith(PRECISION)), "")
    if "không làm tròn" not in note:  # a note that says the file holds the text shown
        return []
    out = []
    for j, name in enumerate(rows[0]):
        if name == "Trích dẫn":  # the article's words, as it wrote them
            continue
        found = [r[j] for r in rows[1:] if j < len(r) and len(r[j]) <= 24
                 and READ.search(r[j]) and not NUMBER.match(r[j])]
        if found and f'"{name}"' not in note.split("Riêng", 1)[-1]:
            out.append(f"{label}: cột «{name}» ghi số như bảng hiển thị ({found[:3]}) mà "
                       "dòng Độ chính xác không nêu")
    return out


def mirror_problems(label: str, heads: list[str], rows: list[list[str]],
                    sources: str = "") -> list[str]:
    """What a download lacks of its table: a shown column (its sources file says which columns
    of the file hold each column of the table), or words where it holds codes."""
    columns, out = rows[0], []
    line = next((x[len(COLUMNS_LINE):] for x in sources.splitlines()
                 if x.startswith(COLUMNS_LINE)), "")
    held = {m.group(1): m.group(2).split(", ") for m in SHOWN.finditer(line)}
    for head in heads:
        if not [c for c in held.get(head, []) if c in columns]:
            out.append(f"{label}: cột «{head}» của bảng không có trong CSV {columns}")
    # And the note names every column of the file (review 11, C7: «Quốc gia của nhóm»).
    mapped = {c for cols in held.values() for c in cols}
    out += [f"{label}: cột «{c}» của tệp không có trong dòng ghi cột" for c in columns
            if held and c not in mapped]
    for j, name in enumerate(columns):
        if CODE_COLUMN.match(name) or name == "SHA-256":
            continue
        codes = sorted({r[j] for r in rows[1:] if j < len(r) and CODE.match(r[j])
                        and not NUMBER.match(r[j])})
        if codes:
            out.append(f"{label}: cột «{name}» có mã thay cho chữ: {codes[:5]}")
    return out


def renamed_mirrors(label: str, heads: list[str], rows: list[list[str]], sources: str,
                    shown: list[list[str]]) -> list[str]:
    """Columns of a download that hold a shown column's text, cell for cell, under another name
    than the table's header (review 8, C4: «Tính lại» for «Giá trị đối chiếu»): a file's column
    that mirrors a table's column is named by its header, or by its header made precise (a
    name that starts with the header). A note the table shows where it has no figure («Ghi
    chú so sánh» in «Tỷ số giữa hai thời điểm») mirrors it only while no row has a figure."""
    held = {m.group(1): m.group(2).split(", ") for m in SHOWN.finditer(sources)}
    out = []
    for j, head in enumerate(heads):
        cells = [re.sub(r"\s+", "", r[j]) if j < len(r) else "" for r in shown]
        if head in held.get(head, []):
            continue
        for name in held.get(head, []):
            if name.startswith(head) or name.startswith("Ghi chú") or name not in rows[0]:
                continue
            k = rows[0].index(name)
            pairs = [(re.sub(r"\s+", "", r[k]) if k < len(r) else "", c)
                     for r, c in zip(rows[1:], cells, strict=True) if c and not NOTHING.match(c)]
            if pairs and all(v == c for v, c in pairs) and not all(NUMBER.match(v)
                                                                  for v, _ in pairs):
                out.append(f"{label}: cột «{name}» của tệp chép cột «{head}» của bảng")
    return out


def test_a_mirror_column_named_otherwise_than_its_header_is_caught() -> None:
    said = COLUMNS_LINE + '"Giá trị đối chiếu": Giá trị tính lại, Tính lại; "Năm": Năm khảo sát'
    rows = [["Giá trị tính lại", "Tính lại", "Năm khảo sát"], ["86", "86/193", "2020"],
            ["", "—", "2018"]]
    shown = [["86/193", "2020"], ["—", "2018"]]
    assert renamed_mirrors("t", ["Giá trị đối chiếu", "Năm"], rows, said, shown) == [
        "t: cột «Tính lại» của tệp chép cột «Giá trị đối chiếu» của bảng"]
    rows[0][1] = "Giá trị đối chiếu"
    assert renamed_mirrors("t", ["Giá trị đối chiếu", "Năm"], rows,
                           said.replace("Tính lại", "Giá trị đối chiếu"), shown) == []


@pytest.mark.parametrize(("rows", "bad"), [
    ([["Chỉ tiêu"], ["DVC_M4_TYLE"]], True), ([["Mục tiêu"], ["T01"]], True),
    ([["Chỉ số"], ["osi"]], True), ([["Loại"], ["press"]], True),
    ([["Quốc gia"], ["KOR"]], True), ([["Tham chiếu"], ["LGSP_TYLE@2020-07"]], True),
    ([["Quý"], ["2020Q3"]], True), ([["Quý"], ["quý III/2020"]], False),
    ([["Mã chỉ tiêu"], ["DVC_M4_TYLE"]], False), ([["Chỉ số"], ["OSI"]], False),
    ([["Quốc gia"], ["Hàn Quốc"]], False), ([["Năm"], ["2024"]], False),
])
def test_codes_in_a_words_column_are_caught(rows: list[list[str]], bad: bool) -> None:
    assert bool(mirror_problems("t", [], rows)) == bad


def test_a_shown_column_missing_from_the_csv_is_caught() -> None:
    said = COLUMNS_LINE + '"Năm": Năm khảo sát; "Chênh với thế giới": Chênh\n'
    rows = [["Năm khảo sát"], ["2024"]]
    assert mirror_problems("t", ["Năm", "Chênh với thế giới"], rows, said)
    assert not mirror_problems("t", ["Năm"], rows, said)
    assert mirror_problems("t", ["Năm"], rows, "")  # a file that does not say is a fault
    # A column of the file the note does not name (the names beside a list of codes).
    rows = [["Năm khảo sát", "Mã ISO3 của nhóm", "Quốc gia của nhóm"], ["2024", "THA", "Thái Lan"]]
    said = COLUMNS_LINE + '"Năm": Năm khảo sát; "Nhóm": Mã ISO3 của nhóm\n'
    assert mirror_problems("t", ["Năm", "Nhóm"], rows, said) == [
        "t: cột «Quốc gia của nhóm» của tệp không có trong dòng ghi cột"]
    said = said.replace("Mã ISO3 của nhóm", "Mã ISO3 của nhóm, Quốc gia của nhóm")
    assert not mirror_problems("t", ["Năm", "Nhóm"], rows, said)


def test_words_a_download_drops_are_caught() -> None:
    said = COLUMNS_LINE + '"Đánh giá": Đánh giá; "Gấp (lần)": So sánh được, Tỷ số\n'
    heads = ["Đánh giá", "Gấp (lần)"]
    rows = [["Đánh giá", "So sánh được", "Tỷ số"], ["Chưa đạt", "không", ""]]
    cut = [["Chưa đạt (theo số liệu tháng 08/2020)", "3,6"]]
    assert lost_words("t", heads, rows, said, cut)
    empty = [["Chưa đạt", "không so sánh: hai số liệu khác phạm vi"]]
    assert lost_words("t", heads, rows, said, empty)
    kept = [*rows[:1], ["Chưa đạt", "không", "", "không so sánh: hai số liệu khác phạm vi"]]
    assert not lost_words("t", heads, [[*kept[0], "Ghi chú so sánh"], kept[1]], said, empty)
    assert not lost_words("t", heads, rows, said, [["Chưa đạt", "—"]])


def test_a_dropped_bound_and_an_unnamed_text_number_are_caught() -> None:
    said = COLUMNS_LINE + '"Số liệu trước": Ngày trước, Giá trị trước, Từ kèm số (trước)'
    rows = [["Ngày trước", "Giá trị trước", "Từ kèm số (trước)"], ["2020-08-26", "295000", ""]]
    shown = [["trên 295.000 (26/08/2020)"]]
    assert lost_bounds("t", ["Số liệu trước"], rows, said, shown)
    rows[1][2] = "trên"
    assert not lost_bounds("t", ["Số liệu trước"], rows, said, shown)
    assert not lost_bounds("t", ["Số liệu trước"], rows, said, [["trên tổng số 3.000"]])
    assert not lost_bounds("t", ["Số liệu trước"], rows, said, [["không nêu (bài: «vượt 1%»)"]])
    file = [["Tính lại", "Giá trị tính lại", "Ghi chú"],
            ["86/193", "86", "Sau hơn 8 tháng hoạt động."]]
    assert unnamed_text_numbers("t", file, PRECISION + "Số trong tệp không làm tròn…")
    assert not unnamed_text_numbers("t", file, PRECISION + 'Số … Riêng cột "Tính lại" ghi số…')
    # A unit the unit line names is no word lost (the cell is the file's text and its unit).
    cut = [["Còn thiếu"], ["hơn 0"]]
    head = COLUMNS_LINE + '"Còn thiếu": Còn thiếu\n'
    assert lost_words("t", ["Còn thiếu"], cut, head, [["hơn 0 điểm phần trăm"]])
    assert not lost_words("t", ["Còn thiếu"], cut, head + "Đơn vị: điểm phần trăm (cột "
                          '"Còn thiếu")', [["hơn 0 điểm phần trăm"]])


@pytest.mark.slow
def test_every_table_download_keeps_its_bounds_and_names_its_text_numbers(built_book: Path
                                                                          ) -> None:
    found = tables_and_downloads(built_book, cells=True)
    problems = [p for label, heads, rows, said, cells in found
                for p in lost_bounds(label, heads, rows, said, cells)]
    problems += [p for path in sorted(built_book.glob("_downloads/*/*.csv"))
                 for p in unnamed_text_numbers(path.stem, _csv(path), next(
                     built_book.glob(f"_downloads/*/{path.stem}.nguon.txt")).read_text(
                     encoding="utf-8"))]
    assert problems == [], "\n".join(problems)


PP = re.compile(r"^(?:\w+ )?[+−-]?[\d.,]+ điểm phần trăm$")  # a cell: a number of points


@pytest.mark.slow
def test_unit_lines_name_percentage_points_where_a_table_shows_them(built_book: Path) -> None:
    """Review 7, C6: a column of differences of percentages has its unit, by name."""
    problems, seen = [], 0
    for label, heads, _, said, cells in tables_and_downloads(built_book, cells=True):
        held = {m.group(1): m.group(2).split(", ") for m in SHOWN.finditer(said)}
        units_line = _unit_line(said)
        for j, head in enumerate(heads):
            if any(PP.match(r[j]) for r in cells if j < len(r)):
                seen += 1
                named = [c for c in held.get(head, []) if f'"{c}"' in units_line]
                if "điểm phần trăm" not in units_line or not named:
                    problems.append(f"{label}: «{head}» — {units_line}")
    assert seen >= 2 and problems == [], "\n".join(problems)


@pytest.mark.slow
def test_every_table_download_holds_the_words_its_table_shows(built_book: Path) -> None:
    found = tables_and_downloads(built_book, cells=True)
    problems = [p for label, heads, rows, said, cells in found
                for p in lost_words(label, heads, rows, said, cells)]
    assert problems == [], "\n".join(problems)
    # The cases the check is for are in the book.
    labels = {f[0] for f in found}
    assert {"tbl-muc-tieu", "tbl-cong-dvcqg", "tbl-moi-trong-quy"} <= labels


@pytest.mark.slow
def test_every_table_download_mirrors_its_table(built_book: Path) -> None:
    found = tables_and_downloads(built_book, cells=True)
    assert len(found) >= 25
    problems = [p for label, heads, rows, said, _ in found
                for p in mirror_problems(label, heads, rows, said)]
    problems += [p for found_one in found for p in renamed_mirrors(*found_one)]
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
def test_every_chart_download_holds_words_beside_its_codes(built_book: Path) -> None:
    found = sorted(built_book.glob("_downloads/*/fig-*.csv"))
    assert len(found) >= 9
    problems = [p for path in found for p in mirror_problems(path.stem, [], _csv(path))]
    assert problems == [], "\n".join(problems)


@pytest.mark.slow
def test_every_download_has_one_precision(built_book: Path) -> None:
    """No number in any CSV of the book has more than 12 decimals."""
    long = []
    for path in sorted(built_book.rglob("*.csv")):
        for row in _csv(path)[1:]:
            long += [f"{path.name}: {c}" for c in row
                     if (m := NUMBER.match(c)) and m.group(1) and len(m.group(1)) > 12]
    assert long == [], "\n".join(long[:10])
