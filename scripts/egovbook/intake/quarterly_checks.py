"""Checking the quarterly files: every fault of every file at once, and the data notes.

:func:`validate_folder` reports every fault of every file at once: unknown codes, bad dates,
percentages outside 0–100, numerator above denominator, the same indicator and date twice, or
a value already given in another quarter's file. A value that fails only because of an invisible
or look-alike character says which one; a near miss gets «— có phải «…»?» (the hints are
:mod:`egovbook.intake.quarterly_hints`').

It also collects warnings that do not stop the build (:func:`data_notes`, rendered for the
"Ghi chú dữ liệu" appendix by :mod:`egovbook.build.data_notes`): how a file was read
when that was not the plain way (header below row 1, another sheet, Excel date serials,
percentage cells, text typed decomposed), a percentage that looks like a fraction or a count a
hundred times off its previous value, and a quote that does not state its figure or the word
beside it (``qualifier``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from egovbook.common.paths import data_dir
from egovbook.common.periods import QUARTER_RE, Period, parse_period
from egovbook.common.problems import Problem, ProblemList
from egovbook.intake import domestic, staff_text
from egovbook.intake.figures import READ_NOTE, quote_has_figure, value_read
from egovbook.intake.quarterly import (
    COLUMNS,
    FILE_RE,
    QUALIFIERS,
    REQUIRED,
    file_order,
    misplaced_files,
    parse_number,
    quarterly_files,
    read_table,
    system_files,
)
from egovbook.intake.quarterly_hints import (
    date_hint,
    did_you_mean,
    file_name_hint,
    number_hint,
    quarter_hint,
    why,
)

FIRST_YEAR = 2000


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


def validate_file(path: Path, indicators: pd.DataFrame, sources: set[str],
                  history: History, today: dt.date | None = None,
                  neighbours: Sequence[str] = ()) -> ProblemList:
    """All faults of one quarterly file; ``history`` carries what earlier files said.

    Errors are in the result's ``items``; warnings (data notes that do not stop the build) in its
    ``warnings``. ``neighbours`` are the names of the other files in the folder (for the hint on
    a misnamed file).
    """
    problems = ProblemList()
    name = path.name
    today = today or dt.date.today()
    m = FILE_RE.match(name)
    if not m:
        problems.add(name, "tên tệp cần dạng YYYYQn.csv hoặc YYYYQn.xlsx, ví dụ 2022Q3.csv"
                     + file_name_hint(name, neighbours))
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
            found = staff_text.explain_lookalikes(col)
            described.append(f"«{col}»" + (f" ({found})" if found else "")
                             + did_you_mean(col, absent, 0.7))
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
            add("indicator", "mã chỉ tiêu không có trong data/domestic/indicators.csv" + why(code)
                + did_you_mean(code, indicators.index, 0.8), code)
        else:
            unit = indicators.loc[code, "unit"]
        period = parse_period(cell["date"])
        if period is None:
            add("date", "cần ngày dạng yyyy-mm-dd (hoặc yyyy-mm nếu nguồn chỉ nêu tháng)"
                + date_hint(cell["date"]), cell["date"])
        elif period.year < FIRST_YEAR or period.end > today + dt.timedelta(days=31):
            add("date", f"ngày không hợp lý: cần từ {FIRST_YEAR} đến nay", cell["date"])
        quarter = cell["quarter"]
        if not QUARTER_RE.match(quarter):
            add("quarter", "cần quý dạng YYYYQn, ví dụ 2022Q3" + quarter_hint(quarter), quarter)
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
                + number_hint(cell["value"]), cell["value"])
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
                        + number_hint(cell[col]), cell[col])
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
                + why(cell["qualifier"]) + did_you_mean(cell["qualifier"], QUALIFIERS, 0.6),
                cell["qualifier"])
        if not cell["source_id"]:
            add("source_id", "cần mã nguồn (xem data/sources.csv)", "")
        elif cell["source_id"] not in sources:
            add("source_id", "mã nguồn chưa có trong data/sources.csv; thêm nguồn vào đó trước"
                + why(cell["source_id"]) + did_you_mean(cell["source_id"], sorted(sources), 0.8),
                cell["source_id"])
        if not cell["quote"]:
            add("quote", "cần trích dẫn nguyên văn ngắn từ nguồn", "")
        elif value is not None and not quote_has_figure(cell["quote"], cell["value"], value):
            # A quote with no figure of this kind: the book shows the number as its reading
            # (review 21, C2: say so, rather than leave it to a reviewer to settle).
            problems.warn(name, f"trích dẫn không chứa con số «{cell['value']}» của cột «value»; "
                          + (READ_NOTE if value_read(cell["value"], cell["quote"], unit or None)
                             else "người duyệt nên đối chiếu với nguồn"),
                          row=line, column="quote", value=cell["quote"])
        if cell["quote"] and cell["qualifier"] in QUALIFIERS and not _says(
                cell["quote"], cell["qualifier"]):
            # The book shows the word beside the figure as the article's («Báo chí nêu»).
            problems.warn(name, f"trích dẫn không có từ «{cell['qualifier']}» của cột "
                          "«qualifier»; sách hiển thị từ này như lời của nguồn, nên ghi đúng "
                          "từ nguồn dùng", row=line, column="qualifier", value=cell["qualifier"])
        if code and period is not None:
            _check_history(problems, name, line, cell, code, period, value, indicators,
                           history, in_file, value_ok=value_ok)
    return problems


def _says(quote: str, word: str) -> bool:
    """Whether ``word`` (a qualifier, or none) is a word of the quote."""
    quote, word = (unicodedata.normalize("NFC", s).casefold() for s in (quote, word))
    return not word or re.search(rf"(?<!\w){re.escape(word)}(?!\w)", quote) is not None


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


def validate_folder(folder: Path | None = None, today: dt.date | None = None,
                    indicators: pd.DataFrame | None = None,
                    sources: set[str] | None = None) -> ProblemList:
    """Every quarterly file, oldest first, so a later file is the one told about a conflict.

    The result is true only when there are errors; warnings (see :func:`data_notes`) are in its
    ``warnings`` and never fail the build. ``indicators`` and ``sources`` are the catalogue as
    :mod:`egovbook.intake.domestic` read it (read here when not given).
    """
    folder = folder or data_dir()
    problems = ProblemList()
    if indicators is None:
        indicators = domestic.load_indicators(folder)
    if sources is None:
        sources = domestic.load_source_ids(folder)
    history = History({}, {}, {})
    labels: dict[str, str] = {}
    for path in system_files(folder):
        problems.warn(path.name, "tệp do Windows hoặc macOS tự tạo khi mở thư mục, không phải số "
                      "liệu; đã bỏ qua (có thể xóa)")
    for path in misplaced_files(folder):
        where = path.relative_to(folder.parent).as_posix()
        problems.warn(where if "/" in where else f"./{where}", "tệp số liệu quý nằm ngoài thư mục "
                      "data/quarterly/ nên không được đọc; hãy chuyển nó vào data/quarterly/")
    files = quarterly_files(folder)
    names = [p.name for p in files]
    # Oldest quarter first, whatever the file names sort as.
    for path in sorted(files, key=file_order):
        m = FILE_RE.match(path.name)
        if m:
            label = f"{m.group(1)}Q{m.group(2)}"
            if label in labels:
                problems.add(path.name, f"đã có tệp {labels[label]} cho cùng quý; mỗi quý một tệp")
                continue
            labels[label] = path.name
        problems.extend(validate_file(path, indicators, sources, history, today,
                                      [n for n in names if n != path.name]))
    return problems


def data_notes(folder: Path | None = None, today: dt.date | None = None) -> list[Problem]:
    """The warnings of every quarterly file: what the "Ghi chú dữ liệu" appendix lists."""
    return validate_folder(folder, today).warnings
