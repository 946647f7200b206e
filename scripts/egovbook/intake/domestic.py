"""The one door into domestic data: every loader of a domestic file is here, and reads it the
same tolerant way.

* The catalogue (:data:`CATALOGUE`): ``data/sources.csv`` (:func:`load_sources`,
  :func:`load_source_ids`), ``data/claims.csv`` (:func:`load_claims`), and in ``data/domestic/``
  the indicators (:func:`load_indicators`), targets as each source states them
  (:func:`load_targets`) and the 2019 IT-application ranking (:func:`load_rankings`).
* The quarterly files in ``data/quarterly/`` (:func:`load_observations`; their columns and
  checks are :mod:`egovbook.intake.quarterly` and :mod:`egovbook.intake.quarterly_checks`).

Every file goes through :func:`egovbook.intake.staff_files.read_table` with its own columns, so
each accepts what staff's programs save (BOM, ``;`` or tab, UTF-16, title rows, NFC, dates as
Vietnamese programs show them, decimal commas in number columns) and is refused with the same
quality of message; :func:`read_catalogue` collects those faults (``egovbook validate``), the
``load_*`` functions raise them as :class:`DataError`. Bytes are read through
:mod:`egovbook.intake.data_access`, which records what each notebook read.

* A figure keeps the decimals and the word («khoảng», «hơn») its source wrote
  (:func:`format_value`, :func:`decimals_of`).
* :func:`write_templates` writes the empty quarterly files staff fill in (``templates/``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from egovbook.common.paths import data_dir
from egovbook.common.periods import parse_period, quarter_end
from egovbook.common.problems import DataError, ProblemList
from egovbook.intake import quarterly, staff_files, staff_table, staff_text
from egovbook.intake.figures import READ, SCALED, SCALES, value_read
from egovbook.intake.quarterly import COLUMNS, QUALIFIERS, REQUIRED, parse_number

DOMESTIC = "domestic"


@dataclass(frozen=True)
class Catalogue:
    """One catalogue file: its path under ``data/``, columns (all required), and the columns
    read as dates or as numbers (a decimal comma becomes a point)."""

    path: str
    columns: tuple[str, ...]
    dates: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()

    def spec(self) -> staff_table.ColumnSpec:
        return staff_table.ColumnSpec(self.columns, self.columns, date_columns=self.dates,
                                      number_columns=self.numbers)


# The same columns as the schemas of data/datapackage.json (a test keeps them equal); kept here
# because a notebook that reads the catalogue does not read the descriptor.
CATALOGUE = {
    "sources": Catalogue("sources.csv", ("source_id", "kind", "title", "outlet", "event_date",
                                         "published", "file", "url", "note", "event",
                                         "event_inferred", "title_from", "relays"),
                         dates=frozenset({"event_date", "published"})),
    "claims": Catalogue("claims.csv", ("claim_id", "source_id", "country", "quote",
                                       "claimed_text", "claimed_value", "decimals", "kind",
                                       "index", "scope", "year", "compare_year", "chapter",
                                       "refs", "comparator", "contradicts", "note"),
                        numbers=frozenset({"claimed_value", "decimals", "year", "compare_year"})),
    "indicators": Catalogue(f"{DOMESTIC}/indicators.csv",
                            ("code", "group", "name_vi", "short_vi", "unit", "better",
                             "cumulative", "description", "scope")),
    "targets": Catalogue(f"{DOMESTIC}/targets.csv",
                         ("target_id", "indicator", "comparator", "value", "deadline",
                          "deadline_inferred", "legal_basis", "source_id", "quote",
                          "stated_outcome", "note"),
                         dates=frozenset({"deadline"}), numbers=frozenset({"value"})),
    "cntt_2019": Catalogue(f"{DOMESTIC}/cntt_2019.csv",
                           ("year", "group", "position", "order", "unit_name", "value",
                            "qualifier", "source_id", "quote"),
                           numbers=frozenset({"year", "order", "value"})),
}


@dataclass
class CatalogueTable:
    """A catalogue file as read: its rows (text; ``frame``) and their spreadsheet numbers."""

    frame: pd.DataFrame
    rows: list[int]
    header_row: int = 1


def read_catalogue(name: str, problems: ProblemList, folder: Path | None = None
                   ) -> CatalogueTable:
    """A catalogue file (see :data:`CATALOGUE`) as text; every fault goes to ``problems``."""
    cat = CATALOGUE[name]
    path = (folder or data_dir()) / cat.path
    empty = CatalogueTable(pd.DataFrame(columns=list(cat.columns)), [])
    if not path.is_file():
        problems.add(cat.path, f"không tìm thấy tệp data/{cat.path}")
        return empty
    table = staff_files.read_table(path, problems, cat.spec(), label=cat.path)
    if not table.header:
        return empty
    missing = [c for c in cat.columns if c not in table.header]
    unknown = [c for c in table.header if c not in cat.columns]
    if unknown:
        described = []
        for col in unknown:
            found = staff_text.explain_lookalikes(col)
            guess = staff_text.suggest(col, missing, 0.7)
            described.append(f"«{col}»" + (f" ({found})" if found else "")
                             + (f" — có phải «{guess}»?" if guess else ""))
        problems.add(cat.path, table.where + "cột không được hỗ trợ " + ", ".join(described)
                     + "; các cột hợp lệ: " + ", ".join(cat.columns), row=table.header_row)
    if missing:
        problems.add(cat.path, table.where + "thiếu cột " + ", ".join(f"«{c}»" for c in missing)
                     + "; các cột cần có: " + ", ".join(cat.columns), row=table.header_row)
        return empty
    records = []
    for row in table.rows:
        cells = {c: row.cells.get(c, "") for c in cat.columns}
        for col in cat.numbers:
            text = cells[col]
            if "," in text and parse_number(text) is not None:
                cells[col] = text.replace(",", ".")
        records.append(cells)
    frame = pd.DataFrame(records, columns=list(cat.columns))
    return CatalogueTable(frame, [r.number for r in table.rows], table.header_row)


def _load(name: str, folder: Path | None) -> pd.DataFrame:
    problems = ProblemList()
    table = read_catalogue(name, problems, folder)
    if problems:
        raise DataError(problems, f"Không nạp được data/{CATALOGUE[name].path} (kiểm tra đầy đủ: "
                        "egovbook validate)")
    return table.frame


# --- catalogue --------------------------------------------------------------------------------


def load_indicators(folder: Path | None = None) -> pd.DataFrame:
    return _load("indicators", folder).set_index("code")


def load_targets(folder: Path | None = None, until: str | None = None) -> pd.DataFrame:
    """The targets as sources state them; with ``until`` (``YYYYQn``), only those of sources
    known at the end of that quarter (:func:`known_sources`)."""
    table = _load("targets", folder)
    if until:
        table = table[table["source_id"].isin(known_sources(until, folder))]
        table = table.reset_index(drop=True)
    table["value_num"] = pd.to_numeric(table["value"], errors="coerce")
    return table


def load_rankings(folder: Path | None = None) -> pd.DataFrame:
    return _load("cntt_2019", folder)


# The Survey's row of sources.csv: its data are cited per survey year (the raw files' entries).
SURVEY_DATA = "UN"


def load_sources(folder: Path | None = None) -> pd.DataFrame:
    return _load("sources", folder)


def load_source_ids(folder: Path | None = None) -> set[str]:
    """The ``source_id`` of every source in ``sources.csv``."""
    return set(load_sources(folder)["source_id"])


def load_claims(folder: Path | None = None) -> pd.DataFrame:
    return _load("claims", folder)


def load_observations(folder: Path | None = None, until: str | None = None) -> pd.DataFrame:
    """Every row of ``data/quarterly/`` (with ``until``: of that quarter or earlier), parsed
    (see :func:`.quarterly.load_observations`), each ``scope_note`` as the reader sees it
    (:func:`note_sentence`)."""
    table = quarterly.load_observations(folder, until)
    table["scope_note"] = [note_sentence(n) for n in table["scope_note"]]
    return table


def note_sentence(note: str) -> str:
    """A row's note as a sentence: the compiler's remark on the article («Bài …», «Câu …») or a
    note with its own label of up to three words («Ngày: …», «Các bộ: …») as written, anything
    else being the figure's scope, labelled so (a bare «Trung bình cả nước.» after a verdict
    reads as a broken sentence). A name keeps its capitals («Bộ Y tế»).

    >>> note_sentence("Trung bình cả nước."), note_sentence("Bộ, tỉnh có nền tảng.")
    ('Phạm vi: trung bình cả nước.', 'Phạm vi: bộ, tỉnh có nền tảng.')
    >>> note_sentence("Bài không nêu mẫu số."), note_sentence("Ngày: ngày của hội nghị.")
    ('Bài không nêu mẫu số.', 'Ngày: ngày của hội nghị.')
    >>> note_sentence("")
    ''
    """
    note = note.strip()
    if not note or re.match(r"(Bài|Câu|Phạm vi)\b|[^\s:;,.]+(?: [^\s:;,.]+){0,2}:", note):
        return note
    words = note.split()
    named = len(words) > 1 and words[1][:1].isupper()
    return "Phạm vi: " + (note if named else note[:1].lower() + note[1:])


def known_sources(quarter: str, folder: Path | None = None) -> set[str]:
    """Sources known at the end of a quarter: dated (event, else publication) no later than its
    last day, or undated (the UN's files, an article that gives no date). An edition for a
    quarter uses nothing a later source says."""
    end = quarter_end(quarter)
    known = set()
    for row in load_sources(folder).to_dict("records"):
        period = parse_period(row.get("event_date") or row.get("published") or "")
        if period is None or period.end <= end:
            known.add(row["source_id"])
    return known


# --- figures and templates ------------------------------------------------------------------


def decimals_of(text: str) -> int:
    """Decimals as the source wrote the figure (``82.6`` → 1, ``15,91`` → 2, ``27`` → 0)."""
    text = text.strip()
    for sep in (".", ","):
        if sep in text:
            return len(text.split(sep, 1)[1])
    return 0


def format_value(text: str, unit: str, qualifier: str = "", quote: str = "") -> str:
    """A figure in Vietnamese style with the source's own word: ``khoảng 15,91 %``; a count the
    quote states with a scale word keeps it (``hơn 122,7 triệu``, not ``hơn 122.700.000``,
    which would claim a count to the unit).

    >>> format_value("122700000", "count", "hơn", "hơn 122,7 triệu hồ sơ")
    'hơn 122,7 triệu'
    >>> format_value("1039", "count", "", "1.039 dịch vụ")
    '1.039'
    >>> format_value("2", "count", "", "Bộ Y tế và Bộ Thông tin và Truyền thông")
    '2 (sách đọc ra)'
    """
    from egovbook.common import fmt

    number = parse_number(text) if text else None
    if number is None:
        return fmt.MISSING
    shown = (fmt.percent(number, decimals_of(text)) if unit == "percent"
             else fmt.number(number, decimals_of(text)))
    for digits, word in SCALED.findall(quote) if unit != "percent" else ():
        if abs(float(digits.replace(",", ".")) * SCALES[word] - number) < 0.5:
            shown = f"{fmt.number(float(digits.replace(',', '.')), decimals_of(digits))} {word}"
            break
    if quote and value_read(text, quote, unit):
        shown += f" ({READ})"  # a figure its quote does not state is the book's reading
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
    guide.append(["Trang tính được đọc là trang có dòng tiêu đề cột (trang so_lieu); trang hướng "
                  "dẫn này không được đọc. Lưu tệp với tên YYYYQn.xlsx, ví dụ 2022Q4.xlsx, trong "
                  "thư mục data/quarterly/."])
    guide.append(["Giá trị của cột qualifier: để trống, hoặc " + ", ".join(QUALIFIERS[1:])])
    xlsx_path = folder / "quy_mau.xlsx"
    book.save(xlsx_path)
    return [csv_path, xlsx_path]
