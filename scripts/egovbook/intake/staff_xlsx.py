"""Workbooks (``.xlsx``): the sheet with the header, and each cell as the text Excel shows.

The sheet whose header names the required columns is read (the reader says which when it is not
the first). Cached formula results are used; a formula without one, or a formula error, is
reported with its cell. Date cells become ``yyyy-mm-dd`` (``yyyy-mm`` when the cell's format shows
no day); an integer in the date column is read as an Excel date serial (with a warning); a date in
a number column is refused; a percentage-formatted number is read as the percentage shown (with a
warning). Numbers are written with at most 15 significant digits (:func:`number_text`). Merged
cells over data rows are named by their range (only the first cell holds the value).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from egovbook.common.problems import ProblemList
from egovbook.intake.staff_table import ColumnSpec, StaffTable, assemble, find_header, text_cell
from egovbook.intake.staff_text import header_name

RESAVE_EXCEL = "hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại rồi chạy lại"


def number_text(value: float | int) -> str:
    """A number as Excel shows it: at most 15 significant digits, never an exponent."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.15g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def _vi(number: str) -> str:
    """A number as Vietnamese prose writes it: decimal comma."""
    return number.replace(".", ",")


def _format_shows_day(number_format: str) -> bool:
    """Whether an Excel date format shows the day (``dd/mm/yyyy``) or not (``mm/yyyy``)."""
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).lower()
    return "d" in bare


def _plain(value: Any) -> str:
    """A workbook value as text for finding the header (no column roles)."""
    if value is None:
        return ""
    if isinstance(value, float | int):
        return number_text(value)
    return str(value)


def read_xlsx(name: str, path: Path, spec: ColumnSpec, problems: ProblemList) -> StaffTable:
    """A workbook's sheet of data as a :class:`StaffTable`; faults go to problems."""
    from openpyxl import load_workbook

    table = StaffTable()
    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same message
        problems.add(name, f"không mở được tệp Excel (.xlsx); {RESAVE_EXCEL}")
        return table
    sheets = []
    for sheet in values.worksheets:
        cells = [list(r) for r in sheet.iter_rows()]
        texts = [[_plain(c.value) for c in r] for r in cells]
        index, known, complete = find_header(texts, spec)
        data = sum(1 for r in texts[index + 1:] if any(t.strip() for t in r))
        sheets.append((sheet, cells, complete, known, data))
    complete = [s for s in sheets if s[2]]
    with_data = [s for s in complete if s[4]]
    if len(with_data) > 1:
        listed = ", ".join(f"«{s[0].title}»" for s in with_data)
        problems.add(name, f"có {len(with_data)} trang tính cùng có dòng tiêu đề cột và số liệu "
                     f"({listed}); mỗi tệp chỉ để một trang số liệu của quý này")
        return table
    chosen = (with_data or complete or sorted(sheets, key=lambda s: -s[3]))[0]
    sheet, cells, _, _, _ = chosen
    table.sheet = sheet.title
    position = values.worksheets.index(sheet)
    if position > 0:
        others = ", ".join(f"«{s.title}»" for s in values.worksheets if s is not sheet)
        problems.warn(name, f"đã đọc trang tính «{sheet.title}» (trang thứ {position + 1}), trang "
                      f"có dòng tiêu đề cột; các trang khác ({others}) không được đọc")
    formula_sheet = formulas[sheet.title]
    grid = [(r[0].row, r) for r in cells if r]

    def convert(cell: Any, column: str, row: int) -> str:
        if cell is None:
            return ""
        return _xlsx_cell(name, table, cell, formula_sheet, column, row, spec, values.epoch,
                          problems)

    assemble(name, grid, lambda c: _plain(c.value), convert, spec, table, problems)
    _merged_ranges(sheet, cells, table)
    return table


def _merged_ranges(sheet: Any, cells: list[list[Any]], table: StaffTable) -> None:
    """Merged ranges that reach below the header, for :func:`.staff_table.after_reading`; the
    empty cells they cover are not reported again as empty."""
    if not table.header:
        return
    header = next((r for r in cells if r and r[0].row == table.header_row), [])
    names = {c.column: header_name(_plain(c.value)) for c in header}
    for merged in sorted(sheet.merged_cells.ranges, key=lambda m: (m.min_row, m.min_col)):
        if merged.max_row <= table.header_row:
            continue
        first = max(merged.min_row, table.header_row + 1)
        columns = [n for n in (names.get(c, "") for c in range(merged.min_col, merged.max_col + 1))
                   if n]
        shown = _plain(sheet.cell(merged.min_row, merged.min_col).value)
        table.merged.append((merged.coord, first, columns, shown))
        for row in range(max(merged.min_row + 1, first), merged.max_row + 1):
            table.reported.update((row, c) for c in columns)


def _xlsx_cell(name: str, table: StaffTable, cell: Any, formula_sheet: Any, column: str, row: int,
               spec: ColumnSpec, epoch: dt.datetime, problems: ProblemList) -> str:
    """One workbook cell as text, by its column's role; faults are reported with the cell."""
    value = cell.value
    coordinate = cell.coordinate
    if value is None:
        formula = formula_sheet[coordinate].value
        text = str(getattr(formula, "text", formula) or "")
        if text.startswith("="):
            problems.add(name, f"ô {coordinate} có công thức nhưng tệp không lưu kết quả đã tính "
                         "(tệp được tạo bằng chương trình không tính công thức, ví dụ openpyxl); "
                         f"{RESAVE_EXCEL}, hoặc dán giá trị thay cho công thức",
                         row=row, column=column, value=text)
            table.reported.add((row, column))
        return ""
    if cell.data_type == "e":
        problems.add(name, f"ô {coordinate} chứa lỗi của công thức; sửa công thức hoặc gõ giá trị",
                     row=row, column=column, value=value)
        table.reported.add((row, column))
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if column in spec.number_columns:
            problems.add(name, f"ô {coordinate} là một ngày ({day:%d/%m/%Y}), không phải số: Excel "
                         "có thể đã tự đổi số vừa gõ (như «15.9») thành ngày; hãy định dạng ô là "
                         "Number hoặc Text rồi gõ lại số", row=row, column=column,
                         value=f"{day:%d/%m/%Y}")
            table.reported.add((row, column))
            return f"{day:%Y-%m-%d}"
        if column in spec.date_columns and not _format_shows_day(cell.number_format):
            return f"{day:%Y-%m}"
        return f"{day:%Y-%m-%d}"
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return number_text(value)
    if isinstance(value, int | float):
        if column in spec.date_columns and float(value).is_integer() and 36526 <= value <= 73051:
            from openpyxl.utils.datetime import from_excel

            day = from_excel(value, epoch).date()
            problems.warn(name, f"ô {coordinate} là số {number_text(value)}, được hiểu là ngày "
                          f"theo số thứ tự ngày của Excel: {day:%d/%m/%Y}; nên định dạng ô là "
                          "ngày (Date) để thấy đúng ngày", row=row, column=column,
                          value=number_text(value))
            return f"{day:%Y-%m-%d}"
        if column in spec.number_columns and "%" in (cell.number_format or ""):
            shown = number_text(value * 100)
            problems.warn(name, f"ô {coordinate} được định dạng phần trăm (Excel lưu "
                          f"{_vi(number_text(value))}, hiện {_vi(shown)}%); đã đọc là {_vi(shown)}",
                          row=row, column=column, value=shown)
            return shown
        return number_text(value)
    return text_cell(table, str(value), column, row, spec)
