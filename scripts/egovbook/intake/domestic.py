"""Domestic indicators: the catalogue, figures as sources write them, and the staff templates.

* The catalogue in ``data/domestic/``: indicators (:func:`load_indicators`), targets as each
  source states them (:func:`load_targets`), the 2019 IT-application ranking
  (:func:`load_rankings`); and the ids of ``data/sources.csv`` (:func:`load_source_ids`).
* A figure keeps the decimals and the word («khoảng», «hơn») its source wrote
  (:func:`format_value`, :func:`decimals_of`).
* :func:`write_templates` writes the empty quarterly files staff fill in (``templates/``).

The quarterly files themselves are :mod:`egovbook.intake.quarterly` (columns, reading, loading) and
:mod:`egovbook.intake.quarterly_checks` (validation, data notes); dates and quarters are
:mod:`egovbook.common.periods`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from egovbook.common.paths import data_dir

# Moved to periods and quarterly; these names stay importable from here for the notebooks
# (COLUMNS, quarter_vi) and build.py (QUARTER_RE, render_data_notes).
from egovbook.common.periods import QUARTER_RE as QUARTER_RE
from egovbook.common.periods import parse_period, quarter_end
from egovbook.common.periods import quarter_vi as quarter_vi
from egovbook.intake import data_access
from egovbook.intake.quarterly import COLUMNS, QUALIFIERS, REQUIRED, parse_number
from egovbook.intake.quarterly import render_data_notes as render_data_notes

DOMESTIC = "domestic"


# --- catalogue --------------------------------------------------------------------------------


def load_indicators(folder: Path | None = None) -> pd.DataFrame:
    path = (folder or data_dir()) / DOMESTIC / "indicators.csv"
    return data_access.read_csv(path, dtype=str, keep_default_na=False).set_index("code")


def load_targets(folder: Path | None = None, until: str | None = None) -> pd.DataFrame:
    """The targets as sources state them; with ``until`` (``YYYYQn``), only those of sources
    known at the end of that quarter (:func:`known_sources`)."""
    path = (folder or data_dir()) / DOMESTIC / "targets.csv"
    table = data_access.read_csv(path, dtype=str, keep_default_na=False)
    if until:
        table = table[table["source_id"].isin(known_sources(until, folder))]
        table = table.reset_index(drop=True)
    table["value_num"] = pd.to_numeric(table["value"], errors="coerce")
    return table


def load_rankings(folder: Path | None = None) -> pd.DataFrame:
    path = (folder or data_dir()) / DOMESTIC / "cntt_2019.csv"
    return data_access.read_csv(path, dtype=str, keep_default_na=False)


def load_source_ids(folder: Path | None = None) -> set[str]:
    """The ``source_id`` of every source in ``sources.csv``."""
    with data_access.open_text((folder or data_dir()) / "sources.csv") as fh:
        return {row["source_id"] for row in csv.DictReader(fh)}


def known_sources(quarter: str, folder: Path | None = None) -> set[str]:
    """Sources known at the end of a quarter: dated (event, else publication) no later than its
    last day, or undated (the UN's files, an article that gives no date). An edition for a
    quarter uses nothing a later source says."""
    end = quarter_end(quarter)
    with data_access.open_text((folder or data_dir()) / "sources.csv") as fh:
        rows = list(csv.DictReader(fh))
    known = set()
    for row in rows:
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


def format_value(text: str, unit: str, qualifier: str = "") -> str:
    """A figure in Vietnamese style with the source's own word: ``khoảng 15,91 %``."""
    from egovbook.common import fmt

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
