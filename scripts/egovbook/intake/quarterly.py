"""The quarterly observation files staff add: their columns, reading them, loading them.

Quarterly input rules (also in ``templates/HUONG_DAN.md``):

* One file per quarter in ``data/quarterly/``, named ``YYYYQn.csv`` or ``YYYYQn.xlsx``. How files
  are read — encodings, delimiters, sheets, header row, Unicode normalization, workbook dates and
  formulas — is :mod:`egovbook.intake.staff_files`' business; this module sees text cells with their
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

Every rule is checked, with hints, by :mod:`quarterly_checks`; the build runs it before
anything loads the files. :func:`load_observations` still refuses (:class:`DataError`) a file or
cell it cannot parse, rather than drop or mis-read a row. The check's warnings go to the
«Ghi chú dữ liệu» section of the reproducibility appendix (:mod:`egovbook.build.data_notes`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from egovbook.common.paths import data_dir
from egovbook.common.periods import QUARTER_RE, parse_period, quarter_end, quarter_index
from egovbook.common.problems import DataError, ProblemList
from egovbook.intake import data_access, staff_files, staff_table

QUARTERLY = "quarterly"
COLUMNS = ["indicator", "date", "quarter", "value", "qualifier", "numerator", "denominator",
           "scope_note", "scope", "source_id", "quote"]
REQUIRED = ["indicator", "date", "quarter", "value", "source_id", "quote"]
# «không đạt» (did not reach: A000's «không đạt ngưỡng 10%») bounds from above like «dưới»,
# but the book shows the article's word, not its own.
QUALIFIERS = ["", "khoảng", "trên", "hơn", "gần", "dưới", "không đạt", "trên dưới", "vượt",
              "ở mức"]
# The extension in any case: Windows may save «2023Q1.CSV».
FILE_RE = re.compile(r"^(\d{4})Q([1-4])\.((?i:csv|xlsx))$")


def parse_number(text: str) -> float | None:
    """``15.91``, ``15,91`` → 15.91; thousands separators and anything else → None."""
    text = text.strip().replace("\u00a0", "")
    if not re.fullmatch(r"-?\d+([.,]\d+)?", text):
        return None
    return float(text.replace(",", "."))


# --- reading ----------------------------------------------------------------------------------


def column_spec() -> staff_table.ColumnSpec:
    """The quarterly columns as the reader needs them (built from :data:`COLUMNS` at call time)."""
    return staff_table.ColumnSpec(COLUMNS, REQUIRED, date_columns=frozenset({"date"}),
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


def quarterly_files(folder: Path | None = None, until: str | None = None) -> list[Path]:
    """The files of ``data/quarterly/`` that are meant as data (system files and README aside);
    with ``until`` (``YYYYQn``), only those of that quarter or earlier: an edition for a quarter
    never reads what was added after it (its name says its quarter)."""
    base = (folder or data_dir()) / QUARTERLY
    last = quarter_index(until) if until else None
    return [p for p in data_access.list_files(base) if p.name != "README.md"
            and (last is None or file_order(p)[0] - 1 <= last)]


def system_files(folder: Path | None = None) -> list[Path]:
    """Files the operating system left in ``data/quarterly/`` (``Thumbs.db``, ``desktop.ini``,
    ``.DS_Store``…): never read, named in a data note."""
    base = (folder or data_dir()) / QUARTERLY
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir()
                  if p.is_file() and p.name.lower() in data_access.SYSTEM_FILES)


def misplaced_files(folder: Path | None = None) -> list[Path]:
    """Quarter files one folder too high (``data/2023Q2.csv``) or at the project's root."""
    base = folder or data_dir()
    found = []
    for where in (base, base.parent):
        if where.is_dir():
            found += sorted(p for p in where.iterdir() if p.is_file() and FILE_RE.match(p.name))
    return found


def file_order(path: Path) -> tuple[int, str]:
    """Sort key: oldest quarter first, whatever the file names sort as; other names last."""
    m = FILE_RE.match(path.name)
    return (int(m.group(1)) * 4 + int(m.group(2)) if m else 10**9, path.name)


# --- loading for the chapters -----------------------------------------------------------------


def load_observations(folder: Path | None = None, until: str | None = None) -> pd.DataFrame:
    """All quarterly rows (with ``until``: those of that quarter or earlier, by file and by
    date), parsed, sorted by indicator and date.

    The build validates first, so on valid data this never fails. A file or cell it cannot parse
    (a fault of the reader, a missing column, a date, quarter or number it cannot read) raises
    :class:`DataError` naming the file, row and column, instead of losing or mis-reading the row.
    """
    frames = []
    problems = ProblemList()
    for path in quarterly_files(folder, until):
        table = read_table(path, problems)
        _check_parsable(path.name, table, problems)
        frame = pd.DataFrame([row.cells for row in table.rows], columns=COLUMNS).fillna("")
        frame["file"] = path.name
        frames.append(frame)
    if problems:
        raise DataError(problems, "Không nạp được số liệu quý trong data/quarterly/ (kiểm tra đầy "
                        "đủ: egovbook validate)")
    if not frames:
        return pd.DataFrame(columns=[*COLUMNS, "file", "period", "end", "value_num"])
    table = pd.concat(frames, ignore_index=True)
    table["period"] = [parse_period(d) for d in table["date"]]
    table["end"] = [p.end for p in table["period"]]
    if until:
        table = table[table["end"] <= quarter_end(until)].reset_index(drop=True)
    table["value_num"] = [parse_number(v) for v in table["value"]]
    for col in ("numerator", "denominator"):
        table[col + "_num"] = [parse_number(v) if v else None for v in table[col]]
    return table.sort_values(["indicator", "end"]).reset_index(drop=True)


def _check_parsable(name: str, table: staff_files.StaffTable, problems: ProblemList) -> None:
    """What :func:`load_observations` cannot parse, as errors (cells the reader reported aside)."""
    if not table.header:
        return
    missing = [c for c in REQUIRED if c not in table.header]
    if missing:
        problems.add(name, table.where + "thiếu cột " + ", ".join(f"«{c}»" for c in missing),
                     row=table.header_row)
        return
    checks = (("date", True, lambda v: parse_period(v) is not None,
               "không đọc được ngày: cần dạng yyyy-mm-dd (hoặc yyyy-mm)"),
              ("quarter", True, lambda v: QUARTER_RE.match(v) is not None,
               "không đọc được quý: cần dạng YYYYQn"),
              ("value", True, lambda v: parse_number(v) is not None,
               "không đọc được số (không dùng dấu phân cách hàng nghìn)"),
              ("numerator", False, lambda v: parse_number(v) is not None, "không đọc được số"),
              ("denominator", False, lambda v: parse_number(v) is not None, "không đọc được số"))
    for row in table.rows:
        for column, required, parses, message in checks:
            text = row.cells.get(column, "")
            if (row.number, column) in table.reported or (not text and not required):
                continue
            if not parses(text):
                problems.add(name, message, row=row.number, column=column, value=text)


def quarters(observations: pd.DataFrame) -> list[str]:
    return sorted(set(observations["quarter"]), key=quarter_index)
