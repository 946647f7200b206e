"""What the data sources chapter shows: the data tables, the UN's raw files and the articles,
each table declared once (:class:`egovbook.chapters.tables.Table`)."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import pandas as pd

from egovbook.chapters import prose, tables
from egovbook.common import fmt

PROSE = "90_nguon_du_lieu"
Row = dict[str, Any]


def data_tables(descriptor: dict[str, Any]) -> tables.Table:
    """Every resource of the data package; its download is the text shown."""
    rows = [{"tep": f"`data/{res['path']}`", "noi_dung": res["title"],
             "so_cot": fmt.number(len(res["schema"]["fields"])),
             "nguon": "; ".join(src["title"] for src in res.get("sources", [])) or "nhóm biên soạn sách"}
            for res in descriptor["resources"]]
    # The quarterly files are described beside the resources: one file per quarter, checked by
    # the package rather than by a fixed schema.
    quarterly = descriptor.get("quarterly")
    if quarterly:
        rows.append({"tep": "`data/quarterly/YYYYQn.csv`",
                     "noi_dung": quarterly["title"],
                     "so_cot": fmt.number(len(quarterly["schema"]["fields"])),
                     "nguon": prose.text(PROSE, "quarterly.source")})
    return tables.Table("tbl-bang-du-lieu", prose.text(PROSE, "tbl-bang-du-lieu"), rows, [
        tables.text("Tệp", "tep"), tables.text("Nội dung", "noi_dung"),
        tables.text("Số cột", "so_cot"), tables.text("Nguồn", "nguon"),
    ], source=prose.text(PROSE, "tbl-bang-du-lieu.source"), units="mô tả")


def raw_files(descriptor: dict[str, Any]) -> tables.Table:
    """The UN's yearly exports imported into data/un_egov.csv, with their checksums."""
    from egovbook.intake.datapackage import resource

    return tables.Table(
        "tbl-tep-goc-un", prose.text(PROSE, "tbl-tep-goc-un"),
        resource(descriptor, "un_egov")["raw_files"], [
            tables.Col("Năm khảo sát", lambda f: fmt.year(f["survey_year"]),
                       {"nam_khao_sat": itemgetter("survey_year")}),
            tables.Col("Tệp", lambda f: f"`{f['path']}`", {"tep": itemgetter("path")}),
            tables.Col("Số quốc gia", lambda f: fmt.number(f["rows"]),
                       {"so_quoc_gia": itemgetter("rows")}),
            tables.Col("Kích thước (byte)", lambda f: fmt.number(f["bytes"]),
                       {"so_byte": itemgetter("bytes")}),
            tables.Col("SHA-256", lambda f: f"`{f['sha256']}`", {"sha256": itemgetter("sha256")}),
            tables.Col("Ngày nhập", lambda f: fmt.date(f["imported"]),
                       {"ngay_nhap": itemgetter("imported")}),
        ], source="UN DESA, Trung tâm dữ liệu của UN E-Government Knowledgebase",
        units="byte; ngày")


def event_date(text: str) -> str:
    """``2020-10-05`` → ``05/10/2020``; ``2020-10`` → ``tháng 10/2020``."""
    return fmt.date(text) if len(text) == 10 else "tháng " + text[5:] + "/" + text[:4]


def press(sources: pd.DataFrame) -> tables.Table:
    """The press articles of the book's sources."""
    found = sources[sources["kind"] == "press"].to_dict("records")
    return tables.Table("tbl-nguon-bao-chi", prose.text(PROSE, "tbl-nguon-bao-chi"), found, [
        tables.Col("Mã", itemgetter("source_id"),
                   {"nguon": itemgetter("source_id"), "loai": itemgetter("kind")}),
        tables.Col("Nội dung", itemgetter("title"),
                   {"tieu_de": itemgetter("title"), "url": itemgetter("url")}),
        tables.Col("Báo", lambda r: r["outlet"] or "không ghi",
                   {"bao": itemgetter("outlet"), "ngay_dang": itemgetter("published")}),
        tables.Col("Thời điểm sự kiện", lambda r: event_date(r["event_date"]),
                   {"ngay_su_kien": itemgetter("event_date"), "su_kien": itemgetter("event")}),
        tables.Col("Ghi chú", itemgetter("note"), {"ghi_chu": itemgetter("note")}),
    ], source=prose.text(PROSE, "tbl-nguon-bao-chi.source"), units="mô tả")
