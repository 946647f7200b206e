"""Domestic indicators: catalogue, targets, and the quarterly observation files staff add.

Quarterly input rules (also in ``templates/HUONG_DAN.md``):

* One file per quarter in ``data/quarterly/``, named ``YYYYQn.csv`` or ``YYYYQn.xlsx``
  (first sheet).
  CSV is UTF-8, with or without BOM.
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
a value already given in another quarter's file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .paths import data_dir
from .problems import ProblemList

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


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path, problems: ProblemList) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a quarterly file as text, whatever its format. Faults go to problems."""
    name = path.name
    if path.suffix.lower() == ".xlsx":
        try:
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook gets the same message
            problems.add(name, "không mở được tệp Excel (.xlsx); hãy lưu lại bằng Excel")
            return [], []
        sheet = book.worksheets[0]
        table = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.add(name, f"không đọc được theo mã UTF-8 (byte thứ {exc.start + 1}); hãy "
                         "lưu tệp bằng «CSV UTF-8 (Comma delimited)»")
            return [], []
        table = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""))]
    table = [row for row in table if any(row)]
    if not table:
        problems.add(name, "tệp rỗng: cần dòng tiêu đề và ít nhất một dòng số liệu; xem "
                     "templates/quy_mau.csv")
        return [], []
    header = [h.strip() for h in table[0]]
    rows = []
    for values in table[1:]:
        values = values + [""] * (len(header) - len(values))
        rows.append(dict(zip(header, values[: len(header)], strict=True)))
    if not rows:
        problems.add(name, "tệp chỉ có dòng tiêu đề, chưa có số liệu")
    return header, rows


# --- catalogue --------------------------------------------------------------------------------


def load_indicators(folder: Path | None = None) -> pd.DataFrame:
    path = (folder or data_dir()) / DOMESTIC / "indicators.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False).set_index("code")


def load_targets(folder: Path | None = None) -> pd.DataFrame:
    path = (folder or data_dir()) / DOMESTIC / "targets.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table["value_num"] = pd.to_numeric(table["value"], errors="coerce")
    return table


def load_rankings(folder: Path | None = None) -> pd.DataFrame:
    path = (folder or data_dir()) / DOMESTIC / "cntt_2019.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _source_ids(folder: Path) -> set[str]:
    with (folder / "sources.csv").open(encoding="utf-8") as fh:
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


def validate_file(path: Path, indicators: pd.DataFrame, sources: set[str],
                  history: History, today: dt.date | None = None) -> ProblemList:
    """All faults of one quarterly file; ``history`` carries what earlier files said."""
    problems = ProblemList()
    name = path.name
    today = today or dt.date.today()
    m = FILE_RE.match(name)
    if not m:
        problems.add(name, "tên tệp cần dạng YYYYQn.csv hoặc YYYYQn.xlsx, ví dụ 2022Q3.csv")
        return problems
    file_quarter = f"{m.group(1)}Q{m.group(2)}"
    header, rows = read_rows(path, problems)
    if not header:
        return problems
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing:
        problems.add(name, "thiếu cột " + ", ".join(f"«{c}»" for c in missing)
                     + "; các cột cần có: " + ", ".join(COLUMNS), row=1)
    if unknown:
        problems.add(name, "cột không được hỗ trợ " + ", ".join(f"«{c}»" for c in unknown)
                     + "; các cột hợp lệ: " + ", ".join(COLUMNS), row=1)
    if missing:
        return problems
    in_file: dict[tuple[str, str], int] = {}
    for line, rec in enumerate(rows, start=2):
        cell: defaultdict[str, str] = defaultdict(str, {k: v.strip() for k, v in rec.items()})
        code = cell["indicator"]
        unit = ""
        if code not in indicators.index:
            problems.add(name, "mã chỉ tiêu không có trong data/domestic/indicators.csv",
                         row=line, column="indicator", value=code)
        else:
            unit = indicators.loc[code, "unit"]
        period = parse_period(cell["date"])
        if period is None:
            problems.add(name, "cần ngày dạng yyyy-mm-dd (hoặc yyyy-mm nếu nguồn chỉ nêu tháng)",
                         row=line, column="date", value=cell["date"])
        elif period.year < FIRST_YEAR or period.end > today + dt.timedelta(days=31):
            problems.add(name, f"ngày không hợp lý: cần từ {FIRST_YEAR} đến nay",
                         row=line, column="date", value=cell["date"])
        quarter = cell["quarter"]
        if not QUARTER_RE.match(quarter):
            problems.add(name, "cần quý dạng YYYYQn, ví dụ 2022Q3", row=line, column="quarter",
                         value=quarter)
        else:
            if quarter != file_quarter:
                problems.add(name, f"quý khác với tên tệp ({file_quarter})", row=line,
                             column="quarter", value=quarter)
            if period is not None and period.quarter != quarter:
                problems.add(name, f"ngày {cell['date']} thuộc {period.quarter}, không thuộc quý "
                             "này", row=line, column="quarter", value=quarter)
        value = parse_number(cell["value"])
        if value is None:
            problems.add(name, "cần một số, không dùng dấu phân cách hàng nghìn (ví dụ 15,91 "
                         "hoặc 1039)", row=line, column="value", value=cell["value"])
        elif unit == "percent" and not 0 <= value <= 100:
            problems.add(name, "tỷ lệ phần trăm phải nằm trong khoảng 0–100", row=line,
                         column="value", value=cell["value"])
        elif unit == "count" and (value < 0 or not float(value).is_integer()):
            problems.add(name, "số đếm phải là số nguyên không âm (không dùng dấu chấm phân cách "
                         "hàng nghìn: viết 1039, không viết 1.039)", row=line, column="value",
                         value=cell["value"])
        fraction: dict[str, float | None] = {}
        for col in ("numerator", "denominator"):
            fraction[col] = None
            if cell[col]:
                number = parse_number(cell[col])
                if number is None or number < 0:
                    problems.add(name, "cần một số không âm, không dùng dấu phân cách hàng nghìn",
                                 row=line, column=col, value=cell[col])
                else:
                    fraction[col] = number
        num, den = fraction["numerator"], fraction["denominator"]
        if den is not None and den == 0:
            problems.add(name, "mẫu số phải lớn hơn 0", row=line, column="denominator",
                         value=cell["denominator"])
        elif den is not None:
            top = num if num is not None else (value if unit == "count" else None)
            if top is not None and top > den:
                problems.add(name, f"tử số ({cell['numerator'] or cell['value']}) lớn hơn mẫu số",
                             row=line, column="denominator", value=cell["denominator"])
        if cell["qualifier"] not in QUALIFIERS:
            problems.add(name, "cần để trống hoặc một trong: " + ", ".join(QUALIFIERS[1:]),
                         row=line, column="qualifier", value=cell["qualifier"])
        if not cell["source_id"]:
            problems.add(name, "cần mã nguồn (xem data/sources.csv)", row=line,
                         column="source_id", value="")
        elif cell["source_id"] not in sources:
            problems.add(name, "mã nguồn chưa có trong data/sources.csv; thêm nguồn vào đó trước",
                         row=line, column="source_id", value=cell["source_id"])
        if not cell["quote"]:
            problems.add(name, "cần trích dẫn nguyên văn ngắn từ nguồn", row=line,
                         column="quote", value="")
        if code and period is not None:
            _check_history(problems, name, line, cell, code, period, value, indicators,
                           history, in_file)
    return problems


def _check_history(problems: ProblemList, name: str, line: int, cell: dict[str, str],
                   code: str, period: Period, value: float | None, indicators: pd.DataFrame,
                   history: History, in_file: dict[tuple[str, str], int]) -> None:
    """Duplicates within the file; repeats of, and conflicts with, earlier quarters."""
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
    in_file[key] = line
    seen = Seen(name, line, cell["value"])
    history.keys[key] = seen
    history.quotes.setdefault(quote_key, seen)
    if value is not None and code in indicators.index and (
            code not in history.cumulative or history.cumulative[code][0] <= period.end):
        history.cumulative[code] = (period.end, value, seen)


def quarterly_files(folder: Path | None = None) -> list[Path]:
    base = (folder or data_dir()) / QUARTERLY
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$")) and p.name != "README.md")


def validate_folder(folder: Path | None = None, today: dt.date | None = None) -> ProblemList:
    """Every quarterly file, oldest first, so a later file is the one told about a conflict."""
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
