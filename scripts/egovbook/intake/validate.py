"""Validate ``data/`` against its descriptor before any notebook runs.

The domestic catalogue is read through the one door (:func:`.domestic.read_catalogue`, the
staff-grade reader: BOM, ``;``, decimal commas, dates as Vietnamese programs write them), and
Frictionless checks the schema (columns, types, ranges, keys) of the table as read, so a file
re-saved by Excel is judged on its content; its English notes are turned into Vietnamese messages
naming file, row (as the spreadsheet numbers it), column, value and what was expected. Every fault
of every file is collected before anything is reported.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frictionless import Package, Resource, system

from egovbook.common.paths import data_dir
from egovbook.common.problems import DataError, Problem, ProblemList
from egovbook.compat import frictionless as compat_frictionless
from egovbook.intake import datapackage

TYPE_VI = {
    "integer": "một số nguyên",
    "number": "một số (dấu chấm thập phân, ví dụ 15.91)",
    "string": "một chuỗi ký tự",
    "date": "một ngày dạng yyyy-mm-dd",
    "boolean": "true hoặc false",
}
CONSTRAINT_VI = {
    "required": "ô này không được để trống",
    "minimum": "cần lớn hơn hoặc bằng {v}",
    "maximum": "cần nhỏ hơn hoặc bằng {v}",
    "pattern": "cần khớp mẫu {v}",
    "enum": "cần là một trong: {v}",
    "unique": "giá trị phải là duy nhất trong cột",
    "minLength": "cần ít nhất {v} ký tự",
    "maxLength": "cần nhiều nhất {v} ký tự",
}


@dataclass
class DataSummary:
    rows: dict[str, int] = field(default_factory=dict)
    # What the valid data hold, for the build's parameter checks (no second read of the files).
    survey_years: list[int] = field(default_factory=list)
    quarters: list[str] = field(default_factory=list)
    # Warnings that do not stop the build (listed on the "Ghi chú dữ liệu" appendix page).
    notes: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        lines = ["Dữ liệu hợp lệ:"]
        lines += [f"  • {name}: {count} dòng" for name, count in self.rows.items()]
        return "\n".join(lines)

    def render_notes(self) -> str:
        """The notes as the build and ``egovbook validate`` print them ("" when there are none)."""
        if not self.notes:
            return ""
        return (f"  {len(self.notes)} ghi chú (không ngăn việc dựng sách; có ở phụ lục «Hồ sơ "
                "tái lập», mục «Ghi chú dữ liệu»):\n"
                + "\n".join("    • " + n.render() for n in self.notes))


def _constraint_message(error: Any, schema_field: dict[str, Any] | None) -> str:
    name = compat_frictionless.constraint_name(error)
    value: Any = (schema_field or {}).get("constraints", {}).get(name, "")
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    template = CONSTRAINT_VI.get(name, "không thỏa ràng buộc " + name)
    return template.format(v=value)


def error_to_problem(error: Any, file: str, fields: dict[str, dict[str, Any]],
                     problems: ProblemList) -> None:
    """Translate one Frictionless error into a Vietnamese problem."""
    kind = error.type
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    schema_field = fields.get(column or "")
    if kind == "type-error":
        expected = TYPE_VI.get((schema_field or {}).get("type", ""), "đúng kiểu dữ liệu")
        problems.add(file, f"không đúng kiểu, cần {expected}", row=row, column=column, value=cell)
    elif kind == "constraint-error":
        problems.add(file, _constraint_message(error, schema_field), row=row,
                     column=column, value=cell)
    elif kind == "missing-cell":
        problems.add(file, "thiếu ô (dòng ngắn hơn tiêu đề)", row=row, column=column)
    elif kind == "extra-cell":
        problems.add(file, "thừa ô (dòng dài hơn tiêu đề)", row=row, value=cell)
    elif kind == "blank-row":
        problems.add(file, "dòng trống", row=row)
    elif kind in ("primary-key", "unique-error"):
        problems.add(file, "trùng khóa với một dòng trước (" + _cells(error) + ")", row=row)
    elif kind == "foreign-key":
        problems.add(file, "tham chiếu tới mã không có trong bảng liên quan", row=row,
                     value=_cells(error))
    elif kind in ("missing-label", "incorrect-label", "extra-label", "duplicate-label",
                  "blank-label"):
        expected = ", ".join(fields)
        problems.add(file, f"tiêu đề cột không đúng; cần các cột: {expected}", row=1,
                     column=getattr(error, "label", None) or column)
    elif kind == "encoding-error":
        problems.add(file, "không đọc được theo mã UTF-8; hãy lưu tệp dưới dạng CSV UTF-8")
    elif kind in ("scheme-error", "source-error", "format-error", "resource-error"):
        problems.add(file, "không mở được tệp: " + error.note)
    else:
        problems.add(file, f"lỗi {kind}: {error.note}", row=row, column=column, value=cell)


def _cells(error: Any) -> str:
    cells = getattr(error, "cells", None) or []
    return ", ".join(str(c) for c in cells)


# What describes a file on disk; a table already read is given to Frictionless as data instead.
FILE_KEYS = {"path", "format", "encoding", "mediatype", "scheme", "bytes", "hash", "dialect",
             "raw_files"}


def inline(descriptor: dict[str, Any], rows: list[list[str]]) -> dict[str, Any]:
    """A resource descriptor whose data are ``rows`` (header first) rather than its file."""
    return {**{k: v for k, v in descriptor.items() if k not in FILE_KEYS}, "data": rows}


def check_resource(descriptor: dict[str, Any], basepath: Path,
                   package: Package | None = None) -> tuple[ProblemList, int]:
    """Validate one resource; return its problems and the number of data rows read."""
    problems = ProblemList()
    file = descriptor.get("path", descriptor["name"])
    if "data" not in descriptor and not (basepath / file).is_file():
        problems.add(file, f"không tìm thấy tệp trong {basepath}")
        return problems, 0
    spec = {k: v for k, v in descriptor.items() if k != "raw_files"}
    fields = {f["name"]: f for f in spec["schema"]["fields"]}
    with system.use_context(trusted=True):
        resource = Resource(spec, basepath=str(basepath))
        if package is not None:
            resource.package = package
        report = resource.validate(limit_errors=10_000)
    for task in report.tasks:
        for error in task.errors:
            error_to_problem(error, file, fields, problems)
    rows = report.tasks[0].stats.get("rows", 0) if report.tasks else 0
    return problems, int(rows or 0)


def validate_all(folder: Path | None = None) -> DataSummary:
    """Validate every resource of the descriptor; raise :class:`DataError` with all problems."""
    from egovbook.intake import domestic, quarterly, quarterly_checks

    folder = folder or data_dir()
    descriptor = datapackage.load(folder)
    problems = ProblemList()
    report = DataSummary()
    read: dict[str, domestic.CatalogueTable] = {}
    unreadable: set[str] = set()
    for name in domestic.CATALOGUE:
        found = ProblemList()
        read[name] = domestic.read_catalogue(name, found, folder)
        if found:
            unreadable.add(name)
        problems.extend(found)
    resources = []
    for res in descriptor["resources"]:
        table = read.get(res["name"])
        if table is not None:
            res = inline(res, [list(table.frame.columns), *table.frame.values.tolist()])
        resources.append(res)
    clean = {**descriptor, "resources": [{k: v for k, v in r.items() if k != "raw_files"}
                                         for r in resources]}
    with system.use_context(trusted=True):
        package = Package(clean, basepath=str(folder))
    # A table that could not be read is reported once: not again through the keys that name it.
    blocked = unreadable | {r["name"] for r in resources for key in
                            r["schema"].get("foreignKeys", [])
                            if key["reference"]["resource"] in unreadable}
    for res in resources:
        if res["name"] in blocked:
            report.rows[res["name"]] = 0
            continue
        found, rows = check_resource(res, folder, package)
        table = read.get(res["name"])
        if table is not None:
            found = _as_in_file(found, domestic.CATALOGUE[res["name"]].path, table)
        problems.extend(found)
        report.rows[res["name"]] = rows
    found, report.survey_years = _check_un_consistency(folder)
    problems.extend(found)
    if not {"indicators", "sources"} & unreadable:
        problems.extend(quarterly_checks.validate_folder(
            folder, indicators=read["indicators"].frame.set_index("code"),
            sources=set(read["sources"].frame["source_id"])))
    report.notes = list(problems.warnings)
    if not problems:
        observations = quarterly.load_observations(folder)
        report.rows["quarterly"] = len(observations)
        report.quarters = quarterly.quarters(observations)
    if problems:
        raise DataError(problems, "Dữ liệu trong data/ không hợp lệ; sách chưa được dựng lại")
    return report


def _as_in_file(found: ProblemList, path: str, table: Any) -> ProblemList:
    """Frictionless's problems on a table as read, named and numbered as in the file."""
    out = ProblemList()
    for problem in found.items:
        row = problem.row
        if row is not None:
            row = table.rows[row - 2] if 2 <= row < len(table.rows) + 2 else table.header_row
        out.items.append(dataclasses.replace(problem, file=path, row=row))
    return out


def _check_un_consistency(folder: Path) -> tuple[ProblemList, list[int]]:
    """Rules a schema cannot say: status and values agree; one row per member per year.

    Also returns the survey years present.
    """
    from egovbook.intake import un_import

    problems = ProblemList()
    path = folder / un_import.UN_FILE
    if not path.is_file():
        return problems, []
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    per_year: dict[str, int] = {}
    for line, rec in enumerate(rows, start=2):
        per_year[rec.get("year", "")] = per_year.get(rec.get("year", ""), 0) + 1
        status = rec.get("status")
        empty = [c for c in un_import.INDICES if not rec.get(c)]
        if status == un_import.STATUS_NOT_ASSESSED and (rec.get("egdi_rank") or
                                                        len(empty) != len(un_import.INDICES)):
            problems.add(path.name, "quốc gia chưa được đánh giá phải để trống thứ hạng và chỉ số",
                         row=line, column="status", value=status)
        if status in (un_import.STATUS_ASSESSED, un_import.STATUS_NO_ONLINE) and (
                empty or not rec.get("egdi_rank")):
            problems.add(path.name, "quốc gia đã được đánh giá cần có thứ hạng và đủ 5 chỉ số",
                         row=line, column=(empty or ["egdi_rank"])[0], value="")
        hci = rec.get("hci") or "0"
        try:
            above = float(hci) > 1
        except ValueError:
            above = False  # the schema check already names this cell
        if above and "hci_above_1" not in (rec.get("flags") or "").split():
            problems.add(path.name, "HCI lớn hơn 1 chỉ được chấp nhận khi có cờ hci_above_1",
                         row=line, column="hci", value=hci)
    for year, count in per_year.items():
        if count != 193:
            problems.add(path.name, f"năm {year} có {count} dòng, cần đủ 193 quốc gia thành viên",
                         column="year", value=year)
    return problems, sorted(int(y) for y in per_year if y.isdigit())
