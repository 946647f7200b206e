"""Domestic indicators: catalogue, targets, and the quarterly observation files staff add.

Quarterly input rules (also in ``templates/HUONG_DAN.md``):

* One file per quarter in ``data/quarterly/``, named ``YYYYQn.csv`` or ``YYYYQn.xlsx``. How files
  are read — encodings, delimiters, sheets, header row, Unicode normalization, workbook dates and
  formulas — is :mod:`egovbook.staff_files`' business; this module sees text cells with their
  spreadsheet row numbers (:func:`read_table`).
* Columns: see :data:`COLUMNS`; ``indicator``, ``date``, ``quarter``, ``value``, ``source_id`` and
  ``quote`` are required.
* ``date`` is ``yyyy-mm-dd`` or, when the source gives only a month, ``yyyy-mm`` (an Excel date
  cell is also accepted). ``quarter`` is ``YYYYQn`` and must contain the date and match the file.
* Numbers are written **without thousands separators**; the decimal separator may be a point or a
  comma (``15.91`` or ``15,91``). ``1.039`` is therefore one point zero three nine, never a
  thousand and thirty-nine: a count that is not a whole number is refused.
* ``qualifier`` keeps the source's own word when the figure is not exact: one of
  :data:`QUALIFIERS`.

:func:`validate_folder` reports every fault of every file at once: unknown codes, bad dates,
percentages outside 0–100, numerator above denominator, the same indicator and date twice, or
a value already given in another quarter's file. A value that fails only because of an invisible
or look-alike character says which one; a near miss gets «— có phải «…»?».

It also collects warnings that do not stop the build (:func:`data_notes`, rendered for the
"Ghi chú dữ liệu" appendix by :func:`render_data_notes`): how a file was read when that was not
the plain way (header below row 1, another sheet, Excel date serials, percentage cells, text
typed decomposed), a percentage that looks like a fraction or a count a hundred times off its
previous value, and a quote that does not state its figure.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import data_access, staff_files
from .paths import data_dir
from .problems import Problem, ProblemList

QUARTERLY = "quarterly"
DOMESTIC = "domestic"
COLUMNS = ["indicator", "date", "quarter", "value", "qualifier", "numerator", "denominator",
           "scope_note", "scope", "source_id", "quote"]
REQUIRED = ["indicator", "date", "quarter", "value", "source_id", "quote"]
QUALIFIERS = ["", "khoảng", "trên", "hơn", "gần", "dưới", "trên dưới", "vượt"]
FILE_RE = re.compile(r"^(\d{4})Q([1-4])\.(csv|xlsx)$")
QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
FIRST_YEAR = 2000


@dataclass(frozen=True)
class Period:
    """A date as precise as the source gives it (day or month)."""

    year: int
    month: int
    day: int | None

    @property
    def quarter(self) -> str:
        return f"{self.year}Q{(self.month - 1) // 3 + 1}"

    @property
    def end(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month, self.day)
        nxt = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)

    def iso(self) -> str:
        base = f"{self.year:04d}-{self.month:02d}"
        return base + (f"-{self.day:02d}" if self.day else "")

    def vi(self) -> str:
        """``26/08/2020`` or ``tháng 07/2020``."""
        if self.day:
            return f"{self.day:02d}/{self.month:02d}/{self.year}"
        return f"tháng {self.month:02d}/{self.year}"


def parse_period(text: str) -> Period | None:
    m = DATE_RE.match(text.strip())
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    day = int(m.group(3)) if m.group(3) else None
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None
    return Period(year, month, day)


def parse_number(text: str) -> float | None:
    """``15.91``, ``15,91`` → 15.91; thousands separators and anything else → None."""
    text = text.strip().replace("\u00a0", "")
    if not re.fullmatch(r"-?\d+([.,]\d+)?", text):
        return None
    return float(text.replace(",", "."))


def quarter_index(label: str) -> int:
    m = QUARTER_RE.match(label)
    if not m:
        raise ValueError(label)
    return int(m.group(1)) * 4 + int(m.group(2)) - 1


def quarter_label(index: int) -> str:
    return f"{index // 4}Q{index % 4 + 1}"


def quarter_vi(label: str) -> str:
    """``2022Q3`` → ``quý III/2022``."""
    m = QUARTER_RE.match(label)
    if not m:
        return label
    return f"quý {['I', 'II', 'III', 'IV'][int(m.group(2)) - 1]}/{m.group(1)}"


# --- reading ----------------------------------------------------------------------------------


def column_spec() -> staff_files.ColumnSpec:
    """The quarterly columns as the reader needs them (built from :data:`COLUMNS` at call time)."""
    return staff_files.ColumnSpec(COLUMNS, REQUIRED, date_columns=frozenset({"date"}),
                                  number_columns=frozenset({"value", "numerator", "denominator"}))


def read_table(path: Path, problems: ProblemList) -> staff_files.StaffTable:
    """A quarterly file as text with its spreadsheet row numbers (see :mod:`.staff_files`)."""
    return staff_files.read_table(path, problems, column_spec())


def read_rows(path: Path, problems: ProblemList) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a quarterly file as text, whatever its format. Faults go to problems.

    Cells are NFC-normalized and stripped; dates from workbooks are ``yyyy-mm-dd`` (or
    ``yyyy-mm``). Use :func:`read_table` for the rows' spreadsheet numbers.
    """
    table = read_table(path, problems)
    return table.header, [row.cells for row in table.rows]


# --- catalogue --------------------------------------------------------------------------------


def load_indicators(folder: Path | None = None) -> pd.DataFrame:
    path = (folder or data_dir()) / DOMESTIC / "indicators.csv"
    return data_access.read_csv(path, dtype=str, keep_default_na=False).set_index("code")


def load_targets(folder: Path | None = None) -> pd.DataFrame:
    path = (folder or data_dir()) / DOMESTIC / "targets.csv"
    table = data_access.read_csv(path, dtype=str, keep_default_na=False)
    table["value_num"] = pd.to_numeric(table["value"], errors="coerce")
    return table


def load_rankings(folder: Path | None = None) -> pd.DataFrame:
    path = (folder or data_dir()) / DOMESTIC / "cntt_2019.csv"
    return data_access.read_csv(path, dtype=str, keep_default_na=False)


def _source_ids(folder: Path) -> set[str]:
    with data_access.open_text(folder / "sources.csv") as fh:
        return {row["source_id"] for row in csv.DictReader(fh)}


# --- validation -------------------------------------------------------------------------------


@dataclass
class Seen:
    file: str
    row: int
    value: str


@dataclass
class History:
    """What earlier files said, to catch duplicates and conflicts across quarters."""

    keys: dict[tuple[str, str], Seen]
    quotes: dict[tuple[str, str, str], Seen]
    cumulative: dict[str, tuple[dt.date, float, Seen]]


def _why(value: str) -> str:
    """``"; giá trị chứa ký tự U+… (…)"`` when invisible or look-alike characters explain a miss."""
    why = staff_files.explain_lookalikes(value)
    return f"; giá trị {why}" if why else ""


def _did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str:
    """``" — có phải «DVC_M4_TYLE»?"`` when a choice is close to ``value``, else ``""``."""
    guess = staff_files.suggest(value, choices, cutoff)
    return f" — có phải «{guess}»?" if guess else ""


DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
MONTH_YEAR = re.compile(r"^(?:tháng|th|t)?\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$", re.IGNORECASE)


def _date_hint(text: str) -> str:
    """How to write a date the reader refused (day first, month/year, an Excel serial)."""
    folded = staff_files.fold(text)
    if folded != text and parse_period(staff_files.normalize_date_text(folded)):
        return _why(text) + f" — có phải «{staff_files.normalize_date_text(folded)}»?"
    m = DAY_FIRST.match(folded)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        vn = _valid_day(year, b, a)
        us = _valid_day(year, a, b)
        if vn and (not us or a == b):
            return f"; nếu là ngày {a} tháng {b} năm {year} thì hãy ghi {vn}"
        if us and not vn:
            return (f"; nếu là ngày {b} tháng {a} năm {year} (kiểu Mỹ, tháng trước ngày) thì hãy "
                    f"ghi {us}")
        if vn and us:
            return (f"; ngày và tháng có thể bị hiểu nhầm: theo cách ghi của Việt Nam là ngày "
                    f"{a} tháng {b} ({vn}), theo kiểu Mỹ là ngày {b} tháng {a} "
                    f"({us}); hãy ghi rõ dạng yyyy-mm-dd")
    m = MONTH_YEAR.match(folded)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"; nếu là tháng {int(m.group(1)):02d}/{m.group(2)} thì hãy ghi {m.group(2)}-" \
               f"{int(m.group(1)):02d}"
    if re.fullmatch(r"\d{5}", folded) and 36526 <= int(folded) <= 73051:
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(folded))
        return (f"; nếu đây là số thứ tự ngày của Excel thì là ngày {day:%d/%m/%Y}: hãy ghi "
                f"{day:%Y-%m-%d}")
    return _why(text)


def _valid_day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


QUARTER_LIKE = re.compile(r"^(?:(\d{4})\s*[-/ ]?\s*(?:q|quý)\s*([1-4])"
                          r"|(?:q|quý)\s*([1-4]|i{1,3}|iv)\s*[-/ ]\s*(\d{4}))$", re.IGNORECASE)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _quarter_hint(text: str) -> str:
    """``2022-Q4``, ``Q4/2022``, ``quý IV/2022`` → `` — có phải «2022Q4»?``."""
    folded = staff_files.fold(text)
    m = QUARTER_LIKE.match(folded)
    if not m:
        return _why(text)
    if m.group(1):
        label = f"{m.group(1)}Q{m.group(2)}"
    else:
        part = m.group(3).lower()
        label = f"{m.group(4)}Q{ROMAN.get(part, part)}"
    return _why(text) + f" — có phải «{label}»?"


def _number_hint(text: str) -> str:
    folded = staff_files.fold(text)
    if folded.endswith("%") and parse_number(folded[:-1]) is not None:
        return f"; bỏ dấu % (tỷ lệ phần trăm ghi số từ 0 đến 100, ví dụ {folded[:-1].strip()})"
    if folded != text and parse_number(folded) is not None:
        return _why(text) + f" — có phải «{folded}»?"
    return _why(text)


def validate_file(path: Path, indicators: pd.DataFrame, sources: set[str],
                  history: History, today: dt.date | None = None) -> ProblemList:
    """All faults of one quarterly file; ``history`` carries what earlier files said.

    Errors are in the result's ``items``; warnings (data notes that do not stop the build) in its
    ``warnings``.
    """
    problems = ProblemList()
    name = path.name
    today = today or dt.date.today()
    m = FILE_RE.match(name)
    if not m:
        problems.add(name, "tên tệp cần dạng YYYYQn.csv hoặc YYYYQn.xlsx, ví dụ 2022Q3.csv"
                     + _file_name_hint(name))
        return problems
    file_quarter = f"{m.group(1)}Q{m.group(2)}"
    table = read_table(path, problems)
    header = table.header
    if not header:
        return problems
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    absent = [c for c in COLUMNS if c not in header]
    if missing:
        message = (table.where + "thiếu cột " + ", ".join(f"«{c}»" for c in missing)
                   + "; các cột cần có: " + ", ".join(COLUMNS))
        if len(header) == 1 and len(REQUIRED) > 1:
            message += (f"; dòng tiêu đề chỉ có một cột «{header[0]}»: các cột phải cách nhau bằng "
                        "dấu phẩy, dấu chấm phẩy hoặc tab")
        problems.add(name, message, row=table.header_row)
    if unknown:
        described = []
        for col in unknown:
            why = staff_files.explain_lookalikes(col)
            described.append(f"«{col}»" + (f" ({why})" if why else "")
                             + _did_you_mean(col, absent, 0.7))
        problems.add(name, table.where + "cột không được hỗ trợ " + ", ".join(described)
                     + "; các cột hợp lệ: " + ", ".join(COLUMNS), row=table.header_row)
    if missing:
        return problems
    in_file: dict[tuple[str, str], int] = {}
    for rec in table.rows:
        line = rec.number

        def add(column: str, message: str, value: str, line: int = line) -> None:
            if (line, column) not in table.reported:
                problems.add(name, message, row=line, column=column, value=value)

        cell: defaultdict[str, str] = defaultdict(str, {k: v.strip() for k, v in rec.cells.items()})
        code = cell["indicator"]
        unit = ""
        if not code:
            add("indicator", "cần mã chỉ tiêu (xem data/domestic/indicators.csv)", code)
        elif code not in indicators.index:
            add("indicator", "mã chỉ tiêu không có trong data/domestic/indicators.csv" + _why(code)
                + _did_you_mean(code, indicators.index, 0.8), code)
        else:
            unit = indicators.loc[code, "unit"]
        period = parse_period(cell["date"])
        if period is None:
            add("date", "cần ngày dạng yyyy-mm-dd (hoặc yyyy-mm nếu nguồn chỉ nêu tháng)"
                + _date_hint(cell["date"]), cell["date"])
        elif period.year < FIRST_YEAR or period.end > today + dt.timedelta(days=31):
            add("date", f"ngày không hợp lý: cần từ {FIRST_YEAR} đến nay", cell["date"])
        quarter = cell["quarter"]
        if not QUARTER_RE.match(quarter):
            add("quarter", "cần quý dạng YYYYQn, ví dụ 2022Q3" + _quarter_hint(quarter), quarter)
        else:
            if quarter != file_quarter:
                add("quarter", f"quý khác với tên tệp ({file_quarter})", quarter)
            if period is not None and period.quarter != quarter:
                add("quarter", f"ngày {cell['date']} thuộc {period.quarter}, không thuộc quý này",
                    quarter)
        errors_before_value = len(problems.items)
        value = parse_number(cell["value"])
        if ("value" in header and (line, "value") in table.reported):
            value = None
        elif value is None:
            add("value", "cần một số, không dùng dấu phân cách hàng nghìn (ví dụ 15,91 hoặc 1039)"
                + _number_hint(cell["value"]), cell["value"])
        elif unit == "percent" and not 0 <= value <= 100:
            add("value", "tỷ lệ phần trăm phải nằm trong khoảng 0–100", cell["value"])
        elif unit == "count" and (value < 0 or not float(value).is_integer()):
            add("value", "số đếm phải là số nguyên không âm (không dùng dấu chấm phân cách hàng "
                "nghìn: viết 1039, không viết 1.039)", cell["value"])
        value_ok = len(problems.items) == errors_before_value
        fraction: dict[str, float | None] = {}
        for col in ("numerator", "denominator"):
            fraction[col] = None
            if cell[col]:
                number = parse_number(cell[col])
                if number is None or number < 0:
                    add(col, "cần một số không âm, không dùng dấu phân cách hàng nghìn"
                        + _number_hint(cell[col]), cell[col])
                else:
                    fraction[col] = number
        num, den = fraction["numerator"], fraction["denominator"]
        if den is not None and den == 0:
            add("denominator", "mẫu số phải lớn hơn 0", cell["denominator"])
        elif den is not None:
            top = num if num is not None else (value if unit == "count" else None)
            if top is not None and top > den:
                add("denominator", f"tử số ({cell['numerator'] or cell['value']}) lớn hơn mẫu số",
                    cell["denominator"])
        if cell["qualifier"] not in QUALIFIERS:
            add("qualifier", "cần để trống hoặc một trong: " + ", ".join(QUALIFIERS[1:])
                + _why(cell["qualifier"]) + _did_you_mean(cell["qualifier"], QUALIFIERS, 0.6),
                cell["qualifier"])
        if not cell["source_id"]:
            add("source_id", "cần mã nguồn (xem data/sources.csv)", "")
        elif cell["source_id"] not in sources:
            add("source_id", "mã nguồn chưa có trong data/sources.csv; thêm nguồn vào đó trước"
                + _why(cell["source_id"]) + _did_you_mean(cell["source_id"], sorted(sources), 0.8),
                cell["source_id"])
        if not cell["quote"]:
            add("quote", "cần trích dẫn nguyên văn ngắn từ nguồn", "")
        elif value is not None and not quote_has_figure(cell["quote"], cell["value"], value):
            problems.warn(name, f"trích dẫn không chứa con số «{cell['value']}» của cột «value»; "
                          "người duyệt nên đối chiếu với nguồn", row=line, column="quote",
                          value=cell["quote"])
        if code and period is not None:
            _check_history(problems, name, line, cell, code, period, value, indicators,
                           history, in_file, value_ok=value_ok)
    return problems


def _file_name_hint(name: str) -> str:
    """Why a file name was refused, when it is close to a right one."""
    m = re.search(r"(\d{4})\s*[-_ ]?\s*[qQ]\s*([1-4])", name)
    suffix = Path(name).suffix.lower()
    if suffix in (".xls", ".ods", ".txt", ".tsv"):
        target = ".csv" if suffix in (".txt", ".tsv") else ".xlsx"
        what = {".xls": "Excel 97–2003", ".ods": "LibreOffice", ".txt": "văn bản",
                ".tsv": "văn bản phân cách bằng tab"}[suffix]
        advice = (f"; tệp {suffix} ({what}) không được đọc: hãy lưu lại dạng {target}"
                  if target == ".xlsx" else f"; tệp {suffix} ({what}): hãy đổi đuôi thành .csv")
    else:
        advice = ""
    if m:
        ext = ".xlsx" if suffix in (".xlsx", ".xls", ".ods") else ".csv"
        guess = f"{m.group(1)}Q{m.group(2)}{ext}"
        if guess != name:
            return advice + f" — có phải «{guess}»?"
    return advice


# Ways sources write a figure: 1.039 for 1039, 2,1 triệu for 2100000, 50 nghìn for 50000.
SCALE_WORDS = ((1_000_000_000, ("tỷ", "tỉ")), (1_000_000, ("triệu",)), (1_000, ("nghìn", "ngàn")))


def quote_has_figure(quote: str, text: str, value: float) -> bool:
    """Whether the quote states the figure, in any of the ways Vietnamese sources write it."""
    forms = {text, text.replace(".", ","), text.replace(",", ".")}
    if float(value).is_integer() and abs(value) >= 1000:
        whole = f"{int(value):,}"
        forms |= {whole.replace(",", sep) for sep in (".", " ", "\u00a0", ",")}
    for scale, words in SCALE_WORDS:
        if abs(value) >= scale:
            short = f"{value / scale:.3f}".rstrip("0").rstrip(".")
            for word in words:
                forms |= {f"{short} {word}", f"{short.replace('.', ',')} {word}"}
    quote = unicodedata.normalize("NFC", quote)
    for form in forms:
        if re.search(rf"(?<![\d.,]){re.escape(form)}(?!\d|[.,]\d)", quote):
            return True
    return False


def _check_history(problems: ProblemList, name: str, line: int, cell: dict[str, str],
                   code: str, period: Period, value: float | None, indicators: pd.DataFrame,
                   history: History, in_file: dict[tuple[str, str], int],
                   value_ok: bool = True) -> None:
    """Duplicates within the file; repeats of, and conflicts with, earlier quarters.

    Also notes (warnings) a figure far from the indicator's previous one, if ``value_ok``.
    """
    key = (code, period.iso())
    if key in in_file:
        problems.add(name, f"trùng với dòng {in_file[key]} (cùng chỉ tiêu, cùng ngày)",
                     row=line, column="indicator", value=code)
        return
    prior = history.keys.get(key)
    if prior is not None and prior.file != name:
        what = "trùng" if prior.value == cell["value"] else "mâu thuẫn"
        problems.add(name, f"{what} với tệp {prior.file} dòng {prior.row} (giá trị "
                     f"«{prior.value}» cho cùng chỉ tiêu, cùng ngày); sửa tệp cũ nếu cần đính "
                     "chính", row=line, column="value", value=cell["value"])
        return
    quote_key = (code, cell["source_id"], cell["quote"])
    copied = history.quotes.get(quote_key)
    if copied is not None and copied.file != name and cell["quote"]:
        problems.add(name, f"trùng với tệp {copied.file} dòng {copied.row}: cùng chỉ tiêu, cùng "
                     "nguồn, cùng trích dẫn — có phải chép lại số liệu của quý trước?",
                     row=line, column="quote", value=cell["quote"])
    last = history.cumulative.get(code)
    if (value is not None and last is not None and last[0] < period.end and value < last[1]
            and indicators.loc[code, "cumulative"] == "yes"):
        problems.add(name, f"mâu thuẫn với tệp {last[2].file} dòng {last[2].row}: số lũy kế "
                     f"không thể giảm (đã có «{last[2].value}» ngày {last[0]:%d/%m/%Y})",
                     row=line, column="value", value=cell["value"])
    if value_ok and value is not None and last is not None and code in indicators.index:
        _note_jump(problems, name, line, cell, value, indicators.loc[code, "unit"], last)
    in_file[key] = line
    seen = Seen(name, line, cell["value"])
    history.keys[key] = seen
    history.quotes.setdefault(quote_key, seen)
    if value is not None and code in indicators.index and (
            code not in history.cumulative or history.cumulative[code][0] <= period.end):
        history.cumulative[code] = (period.end, value, seen)


JUMP = 100


def _note_jump(problems: ProblemList, name: str, line: int, cell: dict[str, str], value: float,
               unit: str, last: tuple[dt.date, float, Seen]) -> None:
    """Warnings for a figure far from the indicator's previous one (a unit or format slip)."""
    end, before, seen = last
    where = f"lần trước: «{seen.value}» ngày {end:%d/%m/%Y}, tệp {seen.file} dòng {seen.row}"
    if unit == "percent" and 0 < value <= 1 < 5 <= before:
        problems.warn(name, f"tỷ lệ rất nhỏ so với lần trước ({where}); có phải đã ghi dạng phân "
                      "số (0,735 thay cho 73,5)? Tỷ lệ phần trăm ghi số từ 0 đến 100", row=line,
                      column="value", value=cell["value"])
    elif unit == "count" and value > 0 and before > 0 and (
            value >= JUMP * before or value * JUMP <= before):
        problems.warn(name, f"số đếm khác lần trước hơn {JUMP} lần ({where}); hãy kiểm tra đơn vị "
                      "(nghìn, triệu) và dấu phân cách", row=line, column="value",
                      value=cell["value"])


def quarterly_files(folder: Path | None = None) -> list[Path]:
    base = (folder or data_dir()) / QUARTERLY
    return [p for p in data_access.list_files(base)
            if not p.name.startswith((".", "~$")) and p.name != "README.md"]


def validate_folder(folder: Path | None = None, today: dt.date | None = None) -> ProblemList:
    """Every quarterly file, oldest first, so a later file is the one told about a conflict.

    The result is true only when there are errors; warnings (see :func:`data_notes`) are in its
    ``warnings`` and never fail the build.
    """
    folder = folder or data_dir()
    problems = ProblemList()
    indicators = load_indicators(folder)
    sources = _source_ids(folder)
    history = History({}, {}, {})
    labels: dict[str, str] = {}
    # Oldest quarter first, whatever the file names sort as.
    for path in sorted(quarterly_files(folder), key=_file_order):
        m = FILE_RE.match(path.name)
        if m:
            label = f"{m.group(1)}Q{m.group(2)}"
            if label in labels:
                problems.add(path.name, f"đã có tệp {labels[label]} cho cùng quý; mỗi quý một tệp")
                continue
            labels[label] = path.name
        problems.extend(validate_file(path, indicators, sources, history, today))
    return problems


def data_notes(folder: Path | None = None, today: dt.date | None = None) -> list[Problem]:
    """The warnings of every quarterly file: what the "Ghi chú dữ liệu" appendix lists."""
    return validate_folder(folder, today).warnings


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_data_notes(notes: Sequence[Problem]) -> str:
    """A short Markdown page body (no title) listing the notes, grouped by file."""
    intro = ("Bước kiểm tra số liệu quý ghi lại những điểm dưới đây. Chúng không ngăn sách được "
             "dựng, nhưng người duyệt nên xem lại trước khi phát hành.")
    if not notes:
        return "Không có ghi chú nào: mọi tệp số liệu quý đọc được đúng như mẫu.\n"
    by_file: dict[str, list[Problem]] = {}
    for note in notes:
        by_file.setdefault(note.file, []).append(note)
    lines = [intro, ""]
    for file in sorted(by_file, key=lambda f: _file_order(Path(f))):
        lines += [f"**Tệp data/quarterly/{_md(file)}**", ""]
        for note in by_file[file]:
            where = []
            if note.row is not None:
                where.append(f"dòng {note.row}")
            if note.column:
                where.append(f"cột «{_md(note.column)}»")
            head = ", ".join(where)
            head = head[0].upper() + head[1:] + ": " if head else ""
            if note.value is not None:
                shown = note.value if len(note.value) <= 60 else note.value[:57] + "…"
                head += f"giá trị «{_md(shown)}» — "
            text = _md(note.message)
            lines.append(f"- {head}{text[0].upper() + text[1:] if not head else text}")
        lines.append("")
    return "\n".join(lines)


def _file_order(path: Path) -> tuple[int, str]:
    m = FILE_RE.match(path.name)
    return (int(m.group(1)) * 4 + int(m.group(2)) if m else 10**9, path.name)


# --- loading for the chapters -----------------------------------------------------------------


def load_observations(folder: Path | None = None) -> pd.DataFrame:
    """All quarterly rows (valid data assumed: the build validates first)."""
    frames = []
    for path in quarterly_files(folder):
        scratch = ProblemList()
        _, rows = read_rows(path, scratch)
        frame = pd.DataFrame(rows, columns=COLUMNS).fillna("")
        frame["file"] = path.name
        frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=[*COLUMNS, "file", "period", "end", "value_num"])
    table = pd.concat(frames, ignore_index=True)
    table["period"] = [parse_period(d) for d in table["date"]]
    table["end"] = [p.end for p in table["period"]]
    table["value_num"] = [parse_number(v) for v in table["value"]]
    for col in ("numerator", "denominator"):
        table[col + "_num"] = [parse_number(v) if v else None for v in table[col]]
    return table.sort_values(["indicator", "end"]).reset_index(drop=True)


def quarters(observations: pd.DataFrame) -> list[str]:
    return sorted(set(observations["quarter"]), key=quarter_index)


def decimals_of(text: str) -> int:
    """Decimals as the source wrote the figure (``82.6`` → 1, ``15,91`` → 2, ``27`` → 0)."""
    text = text.strip()
    for sep in (".", ","):
        if sep in text:
            return len(text.split(sep, 1)[1])
    return 0


def format_value(text: str, unit: str, qualifier: str = "") -> str:
    """A figure in Vietnamese style with the source's own word: ``khoảng 15,91 %``."""
    from . import fmt

    number = parse_number(text) if text else None
    if number is None:
        return fmt.MISSING
    shown = (fmt.percent(number, decimals_of(text)) if unit == "percent"
             else fmt.number(number, decimals_of(text)))
    return f"{qualifier} {shown}" if qualifier else shown


def write_templates(folder: Path, descriptor: dict[str, object]) -> list[Path]:
    """The staff templates: a header-only CSV and an .xlsx with a second, explanatory sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    folder.mkdir(parents=True, exist_ok=True)
    fields = descriptor["quarterly"]["schema"]["fields"]  # type: ignore[index]
    titles = {f["name"]: f["title"] for f in fields}
    csv_path = folder / "quy_mau.csv"
    csv_path.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.title = "so_lieu"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for col in sheet.columns:
        sheet.column_dimensions[col[0].column_letter].width = 18
    guide = book.create_sheet("huong_dan")
    guide.append(["Cột", "Bắt buộc", "Nội dung"])
    for name in COLUMNS:
        guide.append([name, "có" if name in REQUIRED else "không", titles.get(name, "")])
    guide.append([])
    guide.append(["Chỉ trang tính đầu tiên (so_lieu) được đọc. Lưu tệp với tên YYYYQn.xlsx, ví dụ "
                  "2022Q4.xlsx, trong thư mục data/quarterly/."])
    guide.append(["Giá trị của cột qualifier: để trống, hoặc " + ", ".join(QUALIFIERS[1:])])
    xlsx_path = folder / "quy_mau.xlsx"
    book.save(xlsx_path)
    return [csv_path, xlsx_path]
