"""The plain table every reader produces, and the rules common to CSV and workbooks.

A reader turns its file into a grid of (spreadsheet row number, cells); :func:`assemble` finds the
header row (:func:`find_header`: the first of the first :data:`HEADER_SCAN` rows naming every
required column), skips title rows above it (at most :data:`TITLE_MAX_CELLS` filled cells each;
a fuller row is an error, since it may be data), refuses rows with cells under no header, and
makes a :class:`StaffTable`. :func:`after_reading` reports what concerns the whole table: cells
typed decomposed (a warning), dates converted from the way Vietnamese programs show them (a
warning per way) or that cannot be such a date (an error each), merged cells (an error per range)
and text typed with a legacy Vietnamese font (an error).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from egovbook.common.problems import ProblemList
from egovbook.intake.staff_encodings import LEGACY, UNIKEY_ADVICE, LegacyGuess, guess_legacy_text
from egovbook.intake.staff_text import DateText, header_name, read_date_text

HEADER_SCAN = 20
TITLE_MAX_CELLS = 2


@dataclass(frozen=True)
class ColumnSpec:
    """What the reader needs to know about the columns: names, required ones, and roles."""

    columns: Sequence[str]
    required: Sequence[str]
    date_columns: frozenset[str] = frozenset()
    number_columns: frozenset[str] = frozenset()


@dataclass
class StaffRow:
    """One data row: its number as the spreadsheet shows it, and its cells by column name."""

    number: int
    cells: dict[str, str]


@dataclass
class StaffTable:
    """A quarterly file read as text.

    ``header`` holds the named columns in file order (normalized names); ``reported`` the cells
    ``(row, column)`` the reader already reported, and ``skipped_rows`` the rows it reported as a
    whole, so the validator does not report them a second time.
    """

    header: list[str] = field(default_factory=list)
    rows: list[StaffRow] = field(default_factory=list)
    header_row: int = 1
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    reported: set[tuple[int, str]] = field(default_factory=set)
    skipped_rows: set[int] = field(default_factory=set)
    decomposed: list[tuple[int, str]] = field(default_factory=list)
    # Date cells read another way than as typed: (row, column, as typed, how it was read).
    dates: list[tuple[int, str, str, DateText]] = field(default_factory=list)
    # Merged ranges over data rows: (range, its first data row, column names, value shown).
    merged: list[tuple[str, int, list[str], str]] = field(default_factory=list)

    def clean(self, text: str, row: int, column: str) -> str:
        """NFC and stripped; remembers cells typed decomposed (for one warning per file)."""
        text = text.strip()
        composed = unicodedata.normalize("NFC", text)
        if composed != text:
            self.decomposed.append((row, column))
        return composed

    @property
    def where(self) -> str:
        """``trang tính «so_lieu»: `` for a workbook, empty for CSV (used in header messages)."""
        return f"trang tính «{self.sheet}»: " if self.sheet else ""


# --- the table --------------------------------------------------------------------------------


def find_header(records: Sequence[Sequence[str]], spec: ColumnSpec) -> tuple[int, int, bool]:
    """(index, known columns, all required present) of the header among the first rows."""
    fallback: tuple[int, int, bool] | None = None
    known_names = set(spec.columns)
    for i, rec in enumerate(records[:HEADER_SCAN]):
        names = {header_name(c) for c in rec}
        known = len(names & known_names)
        if all(r in names for r in spec.required):
            return i, known, True
        if known >= 2 and (fallback is None or known > fallback[1]):
            fallback = (i, known, False)
    if fallback is not None:
        return fallback
    first = next((i for i, rec in enumerate(records) if any(c.strip() for c in rec)), 0)
    return first, 0, False


def assemble(name: str, grid: Sequence[tuple[int, Sequence[Any]]], plain: Callable[[Any], str],
             convert: Callable[[Any, str, int], str], spec: ColumnSpec, table: StaffTable,
             problems: ProblemList) -> None:
    """Header, skipped rows above it, and the data rows, from a grid of (row number, cells)."""
    texts = [[plain(v) for v in cells] for _, cells in grid]
    index, _, _ = find_header(texts, spec)
    if not grid:
        return
    table.header_row = grid[index][0]
    names = [header_name(c) for c in texts[index]]
    while names and not names[-1]:
        names.pop()
    positions: dict[str, int] = {}
    for pos, col in enumerate(names):
        if not col:
            continue
        if col in positions:
            problems.add(name, f"{table.where}cột «{col}» xuất hiện hai lần (cột thứ "
                         f"{positions[col] + 1} và cột thứ {pos + 1}); chỉ giữ một cột",
                         row=table.header_row)
            continue
        positions[col] = pos
    table.header = list(positions)
    above = [(number, [t for t in row if t.strip()]) for (number, _), row
             in zip(grid[:index], texts[:index], strict=True)]
    above = [(number, filled) for number, filled in above if filled]
    for number, filled in above:
        if len(filled) > TITLE_MAX_CELLS:
            problems.add(name, f"{table.where}dòng này nằm trên dòng tiêu đề cột (dòng "
                         f"{table.header_row}) nhưng có {len(filled)} ô có nội dung; dữ liệu phải "
                         "nằm dưới dòng tiêu đề: hãy xóa dòng này hoặc chuyển nó xuống dưới",
                         row=number, value=" | ".join(filled))
    if above and all(len(filled) <= TITLE_MAX_CELLS for _, filled in above):
        shown = "; ".join(f"dòng {n}: «{' | '.join(f)}»" for n, f in above)
        problems.warn(name, f"{table.where}dòng tiêu đề cột là dòng {table.header_row}, không phải "
                      f"dòng 1; đã bỏ qua phần ở trên ({shown})", row=table.header_row)
    unnamed = [pos for pos, col in enumerate(names) if not col]
    for (number, cells), row_text in zip(grid[index + 1:], texts[index + 1:], strict=True):
        if not any(t.strip() for t in row_text):
            continue
        extra = [(pos, row_text[pos]) for pos in range(len(row_text))
                 if (pos >= len(names) or pos in unnamed) and row_text[pos].strip()]
        if extra:
            first_pos, first_value = extra[0]
            hint = ""
            if table.delimiter == "," and len(row_text) > len(names):
                hint = (" — thường do số thập phân viết bằng dấu phẩy (như 73,5) trong tệp phân "
                        "cách bằng dấu phẩy: hãy viết 73.5, đặt số trong ngoặc kép, hoặc lưu lại "
                        "bằng Excel")
            problems.add(name, f"{table.where}dòng có ô có nội dung ở cột thứ {first_pos + 1}, cột "
                         f"không có tiêu đề (dòng tiêu đề có {len(table.header)} cột); các cột "
                         f"của dòng này bị lệch nên dòng không được kiểm tra tiếp{hint}",
                         row=number, value=first_value)
            table.skipped_rows.add(number)
            continue
        values = {col: convert(cells[pos] if pos < len(cells) else None, col, number)
                  for col, pos in positions.items()}
        table.rows.append(StaffRow(number, values))


def after_reading(name: str, table: StaffTable, problems: ProblemList) -> None:
    """Warnings and faults that concern the table as a whole: decomposed text, dates, merged
    cells, legacy fonts."""
    _report_dates(name, table, problems)
    _report_merged(name, table, problems)
    if table.decomposed:
        row, col = table.decomposed[0]
        count = len(table.decomposed)
        which = f"ô này và {count - 1} ô khác" if count > 1 else "ô này"
        problems.warn(name, f"{which} được gõ bằng Unicode tổ hợp (dấu tách rời khỏi chữ, như khi "
                      "Unikey đặt bảng mã «Unicode tổ hợp»); đã tự chuyển sang Unicode dựng sẵn. "
                      "Nên đặt bảng mã của Unikey là «Unicode»", row=row, column=col)
    hits: dict[str, list[tuple[StaffRow, str, LegacyGuess]]] = {}
    for legacy in LEGACY[:2]:
        for rec in table.rows:
            for col, text in rec.cells.items():
                guess = guess_legacy_text(text, legacy)
                if guess is not None:
                    hits.setdefault(legacy.key, []).append((rec, col, guess))
    if not hits:
        return
    key = max(hits, key=lambda k: sum(g.words for _, _, g in hits[k]))
    cells = hits[key]
    # Two different words at least: one foreign name ("São") must not pass for a legacy font.
    if len({w for _, _, g in cells for w in g.hits}) < 2:
        return
    rec, col, guess = cells[0]
    legacy = guess.legacy
    others = ""
    if len(cells) > 1:
        places = ", ".join(f"dòng {r.number} cột «{c}»" for r, c, _ in cells[1:6])
        others = f"; cùng lỗi ở {len(cells) - 1} ô khác ({places}{'…' if len(cells) > 6 else ''})"
    problems.add(name, f"chữ có vẻ được gõ bằng bảng mã {legacy.name} ({legacy.fonts}), không phải "
                 f"Unicode: «{guess.example}» có lẽ là «{guess.reading}»{others}; "
                 + UNIKEY_ADVICE.format(src=legacy.unikey),
                 row=rec.number, column=col, value=rec.cells[col])
    for r, c, _ in cells:
        table.reported.add((r.number, c))


def _report_dates(name: str, table: StaffTable, problems: ProblemList) -> None:
    """A warning per way dates were converted (first cell, how many), an error per bad date."""
    ways: dict[str, list[tuple[int, str, str, DateText]]] = {}
    for row, column, typed, read in table.dates:
        if read.error:
            problems.add(name, read.error, row=row, column=column, value=typed)
            table.reported.add((row, column))
        elif read.how:
            ways.setdefault(read.how.split(" (")[0], []).append((row, column, typed, read))
    for cells in ways.values():
        row, column, typed, read = cells[0]
        others = f"; cùng cách đọc cho {len(cells) - 1} ô ngày khác" if len(cells) > 1 else ""
        problems.warn(name, f"ngày ghi dạng {read.how}, đã đọc là {read.text}{others}",
                      row=row, column=column, value=typed)


def _report_merged(name: str, table: StaffTable, problems: ProblemList) -> None:
    """One error per merged range over data rows: only its first cell holds the value."""
    for where, first, columns, shown in table.merged:
        what = f"«{shown}» " if shown else ""
        problems.add(name, f"các ô {where} được gộp (merge): ô gộp hiện {what}trên "
                     "mọi dòng của vùng nhưng chỉ ô đầu tiên có giá trị, các dòng khác là ô trống; "
                     f"hãy bỏ gộp ô {where} (Home → Merge & Center → Unmerge Cells) rồi điền giá "
                     "trị vào từng ô", row=first, column=columns[0] if columns else None)


def text_cell(table: StaffTable, text: str, column: str, row: int, spec: ColumnSpec) -> str:
    """A text cell, NFC and stripped; a date cell read as :func:`.staff_text.read_date_text`
    says (converted ones and refused ones are remembered for :func:`after_reading`)."""
    text = table.clean(text, row, column)
    if column not in spec.date_columns:
        return text
    read = read_date_text(text)
    if read.how or read.error:
        table.dates.append((row, column, text, read))
    return read.text
