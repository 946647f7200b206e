"""Importer for the UN E-Government Survey Data Center per-year export ``EGOV_DATA_<year>.csv``.

Format quirks handled (see the raw files' PROVENANCE): names padded with a trailing space and
quoted; rows not in order; every number written with five decimals; countries that were not yet
assessed (empty rank, all indices ``0.00000``) become missing values, not zeros; countries assessed
with no online presence (EGDI 0, sharing the last rank) are kept as published and flagged; the
published EGDI rank is kept as is, ties included; HCI above 1 (2003) is kept and flagged.

The output is ``data/un_egov.csv`` (one row per survey year and country) plus the raw file's
provenance (sha256, size, rows, import date) in ``data/datapackage.json``. The raw file itself is
kept, byte for byte, in ``data/raw/un-egov/``: re-importing that folder gives ``un_egov.csv`` back
exactly, so the repository alone reproduces its data.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from egovbook.common.paths import data_dir
from egovbook.common.problems import DataError, ProblemList
from egovbook.intake import countries, data_access, datapackage

UN_FILE = "un_egov.csv"
RAW_DIR = Path("raw") / "un-egov"  # relative to data/; the descriptor's ``raw_folder``
HEADER = [
    "Survey Year",
    "Country Name",
    "E-Government Rank",
    "E-Government Index",
    "E-Participation Index",
    "Online Service Index",
    "Human Capital Index",
    "Telecommunication Infrastructure Index",
]
# Raw column → normalized column.
VALUE_COLUMNS = {
    "E-Government Index": "egdi",
    "Online Service Index": "osi",
    "Telecommunication Infrastructure Index": "tii",
    "Human Capital Index": "hci",
    "E-Participation Index": "epi",
}
INDICES = ["egdi", "osi", "tii", "hci", "epi"]
COLUMNS = ["year", "iso3", "egdi_rank", *INDICES, "status", "flags"]
FIRST_SURVEY = 2003

HEADLINE = "Không nhập được tệp của Liên Hợp Quốc"
RAW_COLUMN = {v: k for k, v in VALUE_COLUMNS.items()}

STATUS_ASSESSED = "assessed"
STATUS_NOT_ASSESSED = "not_assessed"
STATUS_NO_ONLINE = "no_online_presence"


@dataclass(frozen=True)
class RawFileInfo:
    name: str
    year: int
    sha256: str
    bytes: int
    rows: int
    imported: str

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.name,
            "survey_year": self.year,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "rows": self.rows,
            "imported": self.imported,
        }


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _plain(value: Decimal) -> str:
    """``0.66670`` → ``0.6667``; ``0.00000`` → ``0``: the published value, no float noise."""
    text = format(value.normalize(), "f")
    return text


def parse_file(path: Path, today: dt.date | None = None) -> tuple[pd.DataFrame, RawFileInfo]:
    """Parse one export. Raises :class:`DataError` listing every fault of the file."""
    problems = ProblemList()
    name = path.name
    raw = path.read_bytes()
    if not raw.strip():
        problems.add(name, "tệp rỗng; cần tệp CSV xuất từ UN E-Government Data Center")
        raise DataError(problems, HEADLINE)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.add(
            name,
            f"không đọc được theo mã UTF-8 (byte thứ {exc.start + 1}); "
            "hãy lưu lại tệp dưới dạng CSV UTF-8",
        )
        raise DataError(problems, HEADLINE) from None

    table = countries.load()
    by_name = dict(zip(table["un_name"], table["iso3"], strict=True))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader, [])]
    if header != HEADER:
        missing = [h for h in HEADER if h not in header]
        extra = [h for h in header if h not in HEADER]
        detail = []
        if missing:
            detail.append("thiếu cột " + ", ".join(f"«{h}»" for h in missing))
        if extra:
            detail.append("cột lạ " + ", ".join(f"«{h}»" for h in extra))
        if not detail:
            detail.append("các cột không đúng thứ tự")
        problems.add(
            name,
            "; ".join(detail) + ". Tiêu đề cần đúng như bản xuất của Liên Hợp Quốc: "
            + ",".join(HEADER),
            row=1,
        )
        raise DataError(problems, HEADLINE)

    file_year = re.search(r"(\d{4})", name)
    records: list[dict[str, str]] = []
    years: set[int] = set()
    seen: dict[str, int] = {}
    for line, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(HEADER):
            problems.add(name, f"có {len(fields)} ô, cần {len(HEADER)} ô", row=line)
            continue
        cell = dict(zip(HEADER, fields, strict=True))
        year_text = cell["Survey Year"].strip()
        if not re.fullmatch(r"\d{4}", year_text) or int(year_text) < FIRST_SURVEY:
            problems.add(name, f"cần năm khảo sát dạng yyyy, từ {FIRST_SURVEY} trở đi",
                         row=line, column="Survey Year", value=year_text)
            continue
        year = int(year_text)
        years.add(year)
        country = cell["Country Name"].strip()
        iso3 = by_name.get(country)
        if iso3 is None:
            problems.add(name, "không phải tên quốc gia thành viên Liên Hợp Quốc trong "
                         "data/countries.csv", row=line, column="Country Name", value=country)
            continue
        if iso3 in seen:
            problems.add(name, f"quốc gia đã có ở dòng {seen[iso3]}", row=line,
                         column="Country Name", value=country)
            continue
        seen[iso3] = line
        values: dict[str, Decimal | None] = {}
        bad = False
        for raw_col, col in VALUE_COLUMNS.items():
            value = _decimal(cell[raw_col].strip())
            if value is None or value < 0:
                problems.add(name, "cần một số thập phân không âm, dấu chấm thập phân",
                             row=line, column=raw_col, value=cell[raw_col])
                bad = True
            values[col] = value
        rank_text = cell["E-Government Rank"].strip()
        rank: int | None = None
        if rank_text:
            if not rank_text.isdigit() or int(rank_text) < 1:
                problems.add(name, "cần một số nguyên dương hoặc để trống (chưa được đánh giá)",
                             row=line, column="E-Government Rank", value=rank_text)
                bad = True
            else:
                rank = int(rank_text)
        if bad:
            continue
        flags: list[str] = []
        if rank is None:
            if any(v != 0 for v in values.values()):
                problems.add(name, "thứ hạng trống nhưng có giá trị chỉ số khác 0; thứ hạng chỉ "
                             "được trống khi quốc gia chưa được đánh giá",
                             row=line, column="E-Government Rank", value="")
                continue
            status = STATUS_NOT_ASSESSED
        elif values["egdi"] == 0:
            status = STATUS_NO_ONLINE
        else:
            status = STATUS_ASSESSED
        for col, value in values.items():
            # HCI above 1 is in the UN's own 2003 data: kept as published, flagged.
            if value is not None and value > 1 and col != "hci":
                problems.add(name, "chỉ số phải nằm trong khoảng 0–1", row=line,
                             column=RAW_COLUMN[col], value=cell[RAW_COLUMN[col]])
        if values["hci"] is not None and values["hci"] > 1:
            flags.append("hci_above_1")
        # Written as text, exactly as published: no float noise, no "97.0" ranks.
        record: dict[str, str] = {"year": str(year), "iso3": iso3,
                                  "egdi_rank": "" if rank is None else str(rank)}
        for col in INDICES:
            value = values[col]
            record[col] = "" if status == STATUS_NOT_ASSESSED or value is None else _plain(value)
        record["status"] = status
        record["flags"] = " ".join(flags)
        records.append(record)

    if len(years) > 1:
        problems.add(name, "tệp chứa nhiều năm khảo sát: " + ", ".join(map(str, sorted(years)))
                     + "; mỗi tệp chỉ một năm", column="Survey Year")
    if years and file_year and int(file_year.group(1)) not in years:
        problems.add(name, f"tên tệp ghi năm {file_year.group(1)} nhưng dữ liệu là năm "
                     + ", ".join(map(str, sorted(years))), column="Survey Year")
    missing_countries = sorted(set(by_name.values()) - set(seen))
    if not problems and missing_countries:
        names = table.set_index("iso3").loc[missing_countries, "un_name"].tolist()
        shown = ", ".join(names[:10]) + (" …" if len(names) > 10 else "")
        problems.add(name, f"thiếu {len(names)} trong {len(by_name)} quốc gia thành viên: {shown}")
    if problems:
        raise DataError(problems, HEADLINE)

    year = years.pop()
    info = RawFileInfo(
        name=name,
        year=year,
        sha256=hashlib.sha256(raw).hexdigest(),
        bytes=len(raw),
        rows=len(records),
        imported=(today or dt.date.today()).isoformat(),
    )
    return pd.DataFrame(records, columns=COLUMNS, dtype=str), info


def load(folder: Path | None = None) -> pd.DataFrame:
    """The normalized UN table, with float indices and nullable integer ranks."""
    folder = folder or data_dir()
    frame = data_access.read_csv(folder / UN_FILE, dtype={"iso3": str, "status": str, "flags": str},
                        keep_default_na=False, na_values={c: [""] for c in [*INDICES, "egdi_rank"]})
    frame["egdi_rank"] = frame["egdi_rank"].astype("Int64")
    for col in INDICES:
        frame[col] = frame[col].astype(float)
    return frame


def merge(new: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """Replace the survey year that ``new`` holds; keep every other year as it is."""
    path = folder / UN_FILE
    both = new
    if path.exists():
        old = pd.read_csv(path, dtype=str, keep_default_na=False)
        both = pd.concat([old[old["year"] != new["year"].iloc[0]], new])
    both["_y"] = both["year"].astype(int)
    both = both.sort_values(["_y", "iso3"]).drop(columns="_y")
    return both[COLUMNS]


def keep_raw(path: Path, folder: Path) -> Path:
    """Copy an imported export into ``data/raw/un-egov/`` unless the same bytes are there."""
    dest = folder / RAW_DIR / path.name
    if not (dest.is_file() and dest.read_bytes() == path.read_bytes()):
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    return dest


def import_files(paths: list[Path], folder: Path | None = None,
                 today: dt.date | None = None) -> list[RawFileInfo]:
    """Import every file or none: each is parsed fully before anything is written."""
    folder = folder or data_dir()
    parsed = []
    problems = ProblemList()
    for path in paths:
        try:
            parsed.append(parse_file(path, today))
        except DataError as err:
            problems.extend(err.problems)
    if problems:
        raise DataError(problems, HEADLINE)
    infos = []
    for path, (frame, info) in zip(paths, parsed, strict=True):
        keep_raw(path, folder)
        merged = merge(frame, folder)
        merged.to_csv(folder / UN_FILE, index=False, lineterminator="\n")
        datapackage.record_raw_file(folder, "un_egov", info.as_dict())
        infos.append(info)
    return infos
