"""The files a reader downloads under a figure or a table, written the same way every build.

- CSV for programs: UTF-8 with a byte-order mark (so Excel shows the Vietnamese letters), the
  header on the first line, no comment lines; columns named in Vietnamese as the table shows
  them, codes as the table's words (:func:`egovbook.chapters.tables.words`), with no column of
  codes the book does not show.
- ``<name>.nguon.txt`` beside it: the lines that say where the data come from.
- XLSX for spreadsheets: a sheet of the data (numbers as numbers, which opens right in any
  Excel locale) and a sheet «Nguồn» with the same lines.

Identical data give identical bytes: the XLSX's dates and the zip entries' times are fixed.

>>> frame = pd.DataFrame({"nam": [2003, 2024], "danh_gia": ["no_data_after", "met"]})
>>> list(for_download(frame).columns), list(for_download(frame)["Đánh giá"])
(['Năm', 'Đánh giá'], ['Chưa có số liệu sau thời hạn', 'Đã đạt'])
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from egovbook.chapters import tables
from egovbook.common import fmt, mystext
from egovbook.intake import figures

BOM = "\ufeff"
SOURCE_SUFFIX = ".nguon.txt"
DATA_SHEET, SOURCE_SHEET = "Số liệu", "Nguồn"
# A fixed date for the workbook's properties and the zip entries (1980 is the zip format's
# first); the data's own dates are in the «Nguồn» sheet.
FIXED = dt.datetime(1980, 1, 1)


# Every number in every download has at most this many decimals, rounded half up: a mean of
# published five-decimal values keeps all the digits anyone could use, a quotient of decimals
# does not run to 28 (one rule for floats and decimals alike).
PLACES = 12
_STEP = Decimal(1).scaleb(-PLACES)


def plain(v: object) -> object:
    """A number as the decimal it stands for (``2003``, not ``2003.0``; never ``-0``), with at
    most :data:`PLACES` decimals.

    >>> plain(2003.0), plain(Decimal("0.06962266666666666666666666667")), plain(-1e-17)
    (2003, Decimal('0.069622666667'), 0)
    """
    if isinstance(v, bool) or not isinstance(v, (float, Decimal)):
        return v
    if v != v:  # NaN, float or Decimal
        return None
    exact = fmt.exact(v)
    if exact.as_tuple().exponent < -PLACES:  # type: ignore[operator]
        exact = exact.quantize(_STEP, rounding=ROUND_HALF_UP)
    if exact == exact.to_integral_value():
        return int(exact)
    return exact.normalize() if exact else Decimal(0)


def for_download(data: pd.DataFrame, titles: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Columns in Vietnamese (``titles``, else :data:`tables.TITLES`), codes as words, numbers
    as decimals."""
    titles = titles or {}
    out = data.rename(columns={c: titles.get(str(c)) or tables.title(str(c))
                               for c in data.columns})
    if len(set(out.columns)) < len(out.columns):
        raise ValueError(f"hai cột cùng tên trong tệp tải: {list(out.columns)}")
    for col in out.columns:
        out[col] = pd.Series([plain(tables.words(v)) for v in out[col]], index=out.index,
                             dtype=object)
    out = countries_named(out)
    if SOURCE_COLUMN in out.columns and out[SOURCE_COLUMN].map(_is_ids).all():
        named = source_names()
        out[SOURCE_COLUMN] = [_named_ids(v, named) for v in out[SOURCE_COLUMN]]
    return out


def named(data: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """A column of codes (every value one of ``names``) as the words a chart shows; the codes
    are not kept (a reader finds them nowhere in the book).

    >>> out = named(pd.DataFrame({"Chỉ tiêu": ["KPI_A"], "Giá trị": [1]}), {"KPI_A": "Cáp quang"})
    >>> out.to_dict("records")
    [{'Chỉ tiêu': 'Cáp quang', 'Giá trị': 1}]
    """
    out = data.copy()
    for col in list(out.columns):
        values = [v for v in out[col] if v is not None and v == v]
        if names and values and all(isinstance(v, str) and v in names for v in values):
            out[col] = [names.get(v, v) if isinstance(v, str) else v for v in out[col]]
    return out


COUNTRY_COLUMN = "Quốc gia"
ISO3_LIST = re.compile(r"^[A-Z]{3}(?: [A-Z]{3})+$")


def countries_named(data: pd.DataFrame) -> pd.DataFrame:
    """Countries by the names the book gives them: a column «Quốc gia» of ISO3 codes holds the
    names; a column listing several codes («LVA TUR ROU») gets the names beside it (a reader
    finds those countries named nowhere else).

    >>> out = countries_named(pd.DataFrame({"Quốc gia": ["VNM"], "Mã ISO3 của nhóm": ["THA LAO"]}))
    >>> out.to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'Quốc gia': 'Việt Nam', 'Mã ISO3 của nhóm': 'THA LAO', 'Quốc gia của nhóm': 'Thái Lan, Lào'}]
    """
    names = None
    out = data.copy()
    for col in list(out.columns):
        values = [v for v in out[col] if isinstance(v, str) and v]
        single = col == COUNTRY_COLUMN and values and all(tables.ISO3.match(v) for v in values)
        listed = values and all(ISO3_LIST.match(v) or tables.ISO3.match(v) for v in values) \
            and any(ISO3_LIST.match(v) for v in values)
        if not (single or listed):
            continue
        if names is None:
            from egovbook.intake import countries

            names = dict(zip(*(countries.load()[c] for c in ("iso3", "name_vi")), strict=True))
        said = [", ".join(names.get(c, c) for c in v.split()) if isinstance(v, str) else v
                for v in out[col]]
        if single:
            out[col] = said
        else:
            head = str(col).replace("Mã ISO3", COUNTRY_COLUMN) if str(col).startswith(
                "Mã ISO3") else f"{col} (tên quốc gia)"
            out.insert(list(out.columns).index(col) + 1, head, said)
    return out


def beside(columns: Mapping[str, Sequence[str]], written: Sequence[str]) -> dict[str, list[str]]:
    """Each shown column's file columns (``columns``), with a column the download adds (the
    names beside a list of codes, :func:`countries_named`) after the one it follows.

    >>> beside({"Nhóm": ["Mã ISO3 của nhóm", "OSI"]}, ["Mã ISO3 của nhóm", "Quốc gia của nhóm",
    ...                                               "OSI"])
    {'Nhóm': ['Mã ISO3 của nhóm', 'Quốc gia của nhóm', 'OSI']}
    """
    out = {head: list(held) for head, held in columns.items()}
    for before, col in zip(written, written[1:], strict=False):
        if any(col in held for held in out.values()):
            continue
        for held in out.values():
            if before in held:
                held.insert(held.index(before) + 1, col)
                break
    return out


SOURCE_COLUMN = "Nguồn"
_IDS = re.compile(r"^[A-Z]\d{3}(?:[ ,;]+[A-Z]\d{3})*$")


def _is_ids(value: object) -> bool:
    return isinstance(value, str) and bool(_IDS.match(value.strip()))


def source_label(row: Mapping[str, str]) -> str:
    """How the book names a source outside its table of sources: its id with its title and
    outlet (a file read on its own has no table beside it to look «A000» up in). A title is in
    «» only when it is the source's own (``title_from`` «nguồn»); a source without one gets the
    book's description, said to be the book's (the book keeps «» for verbatim text). Its date
    is the event's (the articles carry no publication date): said so, never bare."""
    when = row.get("event_date") or ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when):
        when = f"sự kiện ngày {fmt.date(when)}"
    elif re.fullmatch(r"\d{4}-\d{2}", when):  # a month: «tháng 08/2020», as the tables say
        # An undated article's month is read from its text (review 25, C3).
        when = f"sự kiện tháng {when[5:]}/{when[:4]}" + (
            "" if row.get("published") else ", sách suy ra từ nội dung bài")
    elif when:
        when = f"sự kiện {when}"
    where = ", ".join(x for x in (row.get("outlet"), when) if x)
    if row.get("title_from") == "nguồn":
        return f"{row['source_id']}: «{row['title']}»" + (f" ({where})" if where else "")
    return f"{row['source_id']} (mô tả của sách: {row['title']}" + (
        f"; {where})" if where else ")")


def source_names() -> dict[str, str]:
    """:func:`source_label` of every source, by id."""
    from egovbook.intake import domestic

    return {row["source_id"]: source_label(row)
            for row in domestic.load_sources().fillna("").to_dict("records")}


def _named_ids(value: str, named: dict[str, str]) -> str:
    return "; ".join(named.get(i, i) for i in re.split(r"[ ,;]+", value.strip()))


# A cell that is a number written for reading, as a table shows it: a few words before it at
# most («hơn 900», «mục tiêu 100 %»), grouped thousands, a decimal comma, a sign, a rank «86/193»
# or a percent sign; not a plain number kept as text («2020»), nor a date or a sentence.
WORDED = re.compile(r"^(?:[^\d\n]{1,12} )?[+−-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?:/\d+)?"
                    r"(?:[ \xa0]?%| \w{1,6})?$"  # a unit word after it: «tăng 31 bậc»
                    r"|^\d[\d.,]*(?: [+−-] \d[\d.,]*)+ = \d[\d.,]*$")  # a sum: «31 + 4 = 35»
PLAIN = re.compile(r"^-?\d+(?:\.\d+)?$")


def worded(data: pd.DataFrame) -> list[str]:
    """The columns of a download that hold numbers as the table shows them (words, rounding):
    its note of precision names them (review 7, C7).

    >>> worded(pd.DataFrame({"Giá trị đối chiếu": ["86/193", "31 + 4 = 35"], "Giá trị": [86, 2],
    ...                      "Báo chí nêu": ["tăng 31 bậc", ""],
    ...                      "Tỷ lệ": ["hơn 30\xa0%", ""], "Thời hạn": ["2020", "2020-12"],
    ...                      "Ghi chú": ["Sau hơn 8 tháng.", ""]}))
    ['Giá trị đối chiếu', 'Báo chí nêu', 'Tỷ lệ']
    """
    return [str(c) for c in data.columns if any(
        isinstance(v, str) and WORDED.match(v) and not PLAIN.match(v) for v in data[c])]


def has_numbers(data: pd.DataFrame) -> bool:
    """Whether a download holds a number (a value, or a number written as the table shows it):
    a file of words only has no precision to state (review 12, C4).

    >>> has_numbers(pd.DataFrame({"Chiều": ["tăng"], "Mã": ["A001-01"]}))
    False
    >>> has_numbers(pd.DataFrame({"Giá trị": ["30"]})), has_numbers(pd.DataFrame({"x": [0.5]}))
    (True, True)
    """
    return bool(worded(data)) or any(
        (isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) and v == v)
        or (isinstance(v, str) and PLAIN.match(v) is not None)
        for c in data.columns for v in data[c])


def scaled(data: pd.DataFrame) -> bool:
    """Whether a download holds a count a source writes with a scale word (122,7 triệu as
    122700000): its note says the digits add no precision (review 19, C1).

    >>> scaled(pd.DataFrame({"x": [122700000, 3]})), scaled(pd.DataFrame({"x": [1039, 0.5]}))
    (True, False)
    >>> scaled(pd.DataFrame({"x": ["50000"], "y": ["trên 50 nghìn"]}))  # its text says so
    True
    """
    numbers = [v for c in data.columns for v in data[c] if isinstance(v, (int, float, Decimal))
               and not isinstance(v, bool) and v == v]
    # (A column of figures as the data files write them holds text: «50000».)
    numbers += [Decimal(v) for c in data.columns for v in data[c]
                if isinstance(v, str) and re.fullmatch(r"\d+(?:\.\d+)?", v)]
    written = {Decimal(n.replace(",", ".")) * figures.SCALES[w] for c in data.columns
               for v in data[c] if isinstance(v, str) for n, w in figures.SCALED.findall(v)}
    return any(v >= 1_000_000 and v % 100_000 == 0 or Decimal(str(v)) in written
               for v in numbers)


def write_csv(data: pd.DataFrame, path: Path) -> None:
    # A decimal as positional digits (``0.0000001``), never ``1E-7``.
    # (Column by column, kept as objects: a mapped frame would turn 75 and None into 75.0.)
    data = pd.DataFrame({c: pd.Series([format(v, "f") if isinstance(v, Decimal) else v
                                       for v in data[c]], index=data.index, dtype=object)
                         for c in data.columns}, columns=data.columns)
    body = data.to_csv(index=False, lineterminator="\n")
    path.write_bytes((BOM + body).encode("utf-8"))


def write_sources(lines: Sequence[tuple[str, str]], path: Path) -> None:
    """A download's note as plain text (its names in straight quotes, :func:`mystext.quoted`)."""
    path.write_text("".join(f"{k}: {mystext.quoted(v)}\n" for k, v in lines), encoding="utf-8")


def _cell(v: object) -> object:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return v


def write_xlsx(data: pd.DataFrame, lines: Sequence[tuple[str, str]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ws.append([str(c) for c in data.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in data.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    ws.freeze_panes = "A2"
    src = wb.create_sheet(SOURCE_SHEET)
    for key, value in lines:
        src.append([key, mystext.quoted(value)])  # as the TXT note says it
    src.column_dimensions["A"].width = 28
    src.column_dimensions["B"].width = 100
    wb.properties.creator = "egovbook"
    wb.properties.created = wb.properties.modified = FIXED
    raw = io.BytesIO()
    wb.save(raw)
    path.write_bytes(_fixed_zip(raw.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated :data:`FIXED`, and so the workbook's «modified»
    property (openpyxl stamps the clock on both when it saves)."""
    out = io.BytesIO()
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, body)
            dst.writestr(fixed, body)
    return out.getvalue()
