"""The files staff really make: sniff, decode and normalize them into a plain table.

Every domestic input file is read here: the quarterly files and the catalogue (``sources.csv``,
``claims.csv``, ``domestic/*.csv``), each with its :class:`ColumnSpec`
(:mod:`egovbook.intake.domestic` is the door). Everything about file formats lives in the
``staff_*`` modules, so :mod:`egovbook.intake.quarterly` only sees text cells with their
spreadsheet row numbers. This module is their entry point (:func:`read_table`,
:class:`StaffTable`, :class:`ColumnSpec`) and decides the kind of file; :mod:`.staff_encodings`
decodes bytes, :mod:`.staff_csv` splits CSV, :mod:`.staff_xlsx` reads workbooks,
:mod:`.staff_table` finds the header and builds the table, and :mod:`.staff_text` explains
look-alike characters and reads dates. What is accepted, and why (also in
``templates/HUONG_DAN.md``):

* **Kind of file.** Decided from the bytes, not only the name: an ``.xlsx`` is a zip, an old
  ``.xls`` (or a password-protected workbook) an OLE2 container, an ``.ods`` a zip with its own
  mimetype. A file whose name and content disagree is refused with what it really is.
* **Encodings.** UTF-8 with or without BOM; UTF-16 with BOM (Excel's "Unicode Text") or without
  (recognised by its zero bytes). Anything else is never decoded and carried on: if the bytes read
  as Vietnamese in TCVN3 (ABC), VNI Windows or Windows-1258, the message names that encoding and
  the conversion to use; otherwise it says the encoding is unknown.
* **Legacy fonts inside Unicode.** Text typed with a TCVN3 (``.VnTime``) or VNI font is stored as
  Latin-1 look-alikes (``Hµ Néi``, ``Haø Noäi``) even in a UTF-8 file or a workbook. Words that
  are not Vietnamese as they stand but become Vietnamese syllables once read as TCVN3 or VNI are
  reported, with the reading, so staff can convert them with Unikey Toolkit.
* **Delimiters.** ``,``, ``;`` (Excel on a Vietnamese-locale Windows) or tab: the one whose
  parse yields a header with the expected columns wins. Decimal commas are the validator's job
  (:func:`egovbook.intake.quarterly.parse_number` reads ``15,91``).
* **Header row.** The first row (of the first :data:`.staff_table.HEADER_SCAN` rows) naming
  every required column. Rows above it are skipped with a warning when each has at most
  :data:`.staff_table.TITLE_MAX_CELLS` filled cells (a title, a unit line); a fuller row above
  the header is an error, since it may be data. Header names are compared after NFKC, without
  invisible characters, case-insensitively.
* **Workbooks.** The sheet whose header names the required columns (a guide sheet beside it is
  ignored; the reader says which sheet it read when it is not the first). Cached formula results
  are used; a formula without a cached result, or a formula error, is reported with its cell.
  Date cells become ``yyyy-mm-dd`` (``yyyy-mm`` when the cell's format shows no day); an integer
  in the date column is read as an Excel date serial (with a warning); a date in a number column
  is refused (Excel turns ``15.9`` into 15 September on some locales); a cell formatted as a
  percentage (``73,5%`` stored as 0.735) is read as the percentage shown (``73.5``), with a
  warning. Numbers are written with at most 15 significant digits, as Excel shows them.
* **Text.** Every header and cell is normalized to NFC (Unikey's "Unicode tổ hợp" types base
  letters plus combining marks) and stripped of surrounding spaces; a warning counts the cells
  that were decomposed. Other invisible or look-alike characters are kept, so a value that still
  fails to match is explained by :func:`.staff_text.explain_lookalikes`.
* **Dates written as text.** ``yyyy-mm-dd`` and ``yyyy-mm`` are the rule. Year-first variants
  (``2020/8/26``, ``2020.08``) are unambiguous and normalized to that form. Dates as
  Vietnamese-locale Excel, Google Sheets and LibreOffice show and save them are day/month/year
  (``31/03/2023``; ``03/04/2023`` is 3 April) and month/year (``03/2023``); they, and Excel date
  serials written as text (``45016``), are converted with a warning that says how. A
  day/month/year that is no date (``04/31/2023``) is refused: the file came from an
  English-locale program, which puts the month first (:func:`.staff_text.read_date_text`).
* **Merged cells** over data rows are refused, naming the range: only its first cell holds a value.
"""

from __future__ import annotations

from pathlib import Path

from egovbook.common.problems import ProblemList
from egovbook.intake import data_access
from egovbook.intake.staff_csv import read_csv
from egovbook.intake.staff_encodings import SAVE_UTF8, sniff
from egovbook.intake.staff_table import ColumnSpec as ColumnSpec
from egovbook.intake.staff_table import StaffRow as StaffRow
from egovbook.intake.staff_table import StaffTable, after_reading
from egovbook.intake.staff_xlsx import read_xlsx


def read_table(path: Path, problems: ProblemList, spec: ColumnSpec,
               label: str | None = None) -> StaffTable:
    """A staff file (CSV or xlsx, decided from its bytes) as text; faults go to problems under
    ``label`` (the file's name by default)."""
    name = label or path.name
    raw = data_access.read_bytes(path)
    kind = sniff(raw)
    suffix = path.suffix.lower()
    if kind == "empty":
        problems.add(name, "tệp rỗng: cần dòng tiêu đề và ít nhất một dòng số liệu; xem "
                     "templates/quy_mau.csv")
        return StaffTable()
    wrong = {
        "ole2": "là bảng tính Excel 97–2003 (.xls) hoặc tệp Excel có mật khẩu; hãy bỏ mật khẩu "
                "và lưu lại bằng «Excel Workbook (*.xlsx)»",
        "ods": "là bảng tính LibreOffice (.ods); hãy lưu lại bằng «Excel 2007-365 (.xlsx)» hoặc "
               "CSV UTF-8",
    }
    if suffix != ".xlsx":
        wrong["zip"] = "là tệp nén (zip), không phải CSV; hãy giải nén hoặc lưu lại bằng " \
            + SAVE_UTF8
    if kind in wrong:
        problems.add(name, f"tệp {wrong[kind]}")
        return StaffTable()
    if suffix == ".csv" and kind == "xlsx":
        problems.add(name, "tệp có tên .csv nhưng thực ra là bảng tính Excel (.xlsx); hãy đổi đuôi "
                     f"tên tệp thành .xlsx, hoặc mở bằng Excel và lưu lại bằng {SAVE_UTF8}")
        return StaffTable()
    if suffix == ".xlsx" and kind == "text":
        problems.add(name, "tệp có tên .xlsx nhưng thực ra là tệp văn bản (CSV); hãy đổi đuôi tên "
                     "tệp thành .csv")
        return StaffTable()
    if suffix == ".xlsx":
        table = read_xlsx(name, path, spec, problems)
    else:
        table = read_csv(name, raw, spec, problems)
    if table.header:
        after_reading(name, table, problems)
        if not table.rows and not table.skipped_rows:
            problems.add(name, f"{table.where}tệp chỉ có dòng tiêu đề, chưa có số liệu")
    return table
