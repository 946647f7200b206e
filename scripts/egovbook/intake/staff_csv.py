"""CSV files: decoded (:mod:`egovbook.intake.staff_encodings`), then split with the right delimiter.

``,``, ``;`` (Excel on a Vietnamese-locale Windows) or tab: the delimiter whose parse yields a
header with the expected columns wins; when none does, the one most frequent on the first line.
Decimal commas are the validator's job (:func:`quarterly.parse_number` reads ``15,91``).
"""

from __future__ import annotations

import csv
import io

from egovbook.common.problems import ProblemList
from egovbook.intake.staff_encodings import SAVE_UTF8, decode_text
from egovbook.intake.staff_table import ColumnSpec, StaffTable, assemble, find_header, text_cell

DELIMITERS = (",", ";", "\t")
DELIMITER_VI = {",": "dấu phẩy", ";": "dấu chấm phẩy", "\t": "tab"}


def split_records(text: str, delimiter: str) -> list[list[str]]:
    """CSV records (one per spreadsheet row, blank rows kept as ``[]``)."""
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_csv(name: str, raw: bytes, spec: ColumnSpec, problems: ProblemList) -> StaffTable:
    """A CSV file as a :class:`StaffTable`; a file it cannot decode or split goes to problems."""
    table = StaffTable()
    decoded = decode_text(raw)
    if decoded.text is None:
        problems.add(name, decoded.error or "không đọc được tệp")
        return table
    table.encoding = decoded.encoding
    text = decoded.text.lstrip("\ufeff")
    try:
        parsed = {d: split_records(text, d) for d in DELIMITERS}
    except csv.Error as exc:
        problems.add(name, f"tệp CSV hỏng ({exc}); hãy lưu lại bằng {SAVE_UTF8}")
        return table
    found = {d: find_header(recs, spec) for d, recs in parsed.items()}
    best = max(DELIMITERS, key=lambda d: (found[d][2], found[d][1], -found[d][0]))
    if not found[best][1]:
        first = next((line for line in text.splitlines() if line.strip()), "")
        best = max(DELIMITERS, key=lambda d: first.count(d))
    table.delimiter = best
    grid = [(i, rec) for i, rec in enumerate(parsed[best], start=1)]
    assemble(name, grid, lambda v: v or "",
             lambda v, col, row: text_cell(table, v or "", col, row, spec), spec, table,
             problems)
    return table
