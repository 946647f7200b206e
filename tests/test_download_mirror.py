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
# TII, HCI, EPI), ``A@B`` references.
CODE = re.compile(r"^(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|T\d{2}|[a-z][a-z0-9]*(?:_[a-z0-9]+)*"
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
            cut = [same] if same and not NUMBER.match(same) and cell != same \
                and cell.startswith(same) else []
            if cut:
                out.append(f"{label}: «{head}» cho thấy «{cell}», tệp chỉ có «{cut[0]}»")
            elif all(v in EMPTY for v in own) and cell not in row:
                out.append(f"{label}: «{head}» cho thấy «{cell}», tệp để trống {held[head]}")
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
    for j, name in enumerate(columns):
        if CODE_COLUMN.match(name) or name == "SHA-256":
            continue
        codes = sorted({r[j] for r in rows[1:] if j < len(r) and CODE.match(r[j])
                        and not NUMBER.match(r[j])})
        if codes:
            out.append(f"{label}: cột «{name}» có mã thay cho chữ: {codes[:5]}")
    return out


@pytest.mark.parametrize(("rows", "bad"), [
    ([["Chỉ tiêu"], ["DVC_M4_TYLE"]], True), ([["Mục tiêu"], ["T01"]], True),
    ([["Chỉ số"], ["osi"]], True), ([["Loại"], ["press"]], True),
    ([["Quốc gia"], ["KOR"]], True), ([["Tham chiếu"], ["LGSP_TYLE@2020-07"]], True),
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
    found = tables_and_downloads(built_book)
    assert len(found) >= 25
    problems = [p for label, heads, rows, said in found
                for p in mirror_problems(label, heads, rows, said)]
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
