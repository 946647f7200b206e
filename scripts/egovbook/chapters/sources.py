"""What the data sources chapter shows: the data tables, the UN's raw files and the articles,
each table declared once (:class:`egovbook.chapters.tables.Table`)."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import pandas as pd

from egovbook.chapters import prose, tables
from egovbook.common import fmt
from egovbook.common.problems import ProblemList
from egovbook.intake import domestic
from egovbook.intake import quarterly as quarterly_files

PROSE = "90_nguon_du_lieu"
Row = dict[str, Any]


def _widths(until: str | None) -> str:
    """How many columns the quarterly files have, counted from their headers: one number, or
    a range when the files differ (a column the descriptor lets a file leave out)."""
    found = sorted({len(quarterly_files.read_rows(path, ProblemList())[0])
                    for path in quarterly_files.quarterly_files(until=until)})
    return "–".join(fmt.number(n) for n in (found[0], found[-1])[:len(found)]) if found else ""


def _data_files(descriptor: dict[str, Any], until: str | None = None) -> list[Row]:
    """Every resource of the data package, then the quarterly files (one file per quarter,
    checked by the package rather than by a fixed schema): file, contents, columns (of the
    files themselves for the quarterly ones), sources."""
    rows = [{"tep": f"data/{res['path']}", "noi_dung": res["title"],
             "so_cot": fmt.number(len(res["schema"]["fields"])), "nguon": _credit(res)}
            for res in descriptor["resources"]]
    quarterly = descriptor.get("quarterly")
    if quarterly:
        rows.append({"tep": "data/quarterly/YYYYQn.csv", "noi_dung": quarterly["title"],
                     "so_cot": _widths(until), "nguon": _credit(quarterly)})
    return rows


def _credit(table: dict[str, Any]) -> str:
    """Whom a data table is credited to: the descriptor's sources, else the book's team (a
    table the team wrote itself, such as the indicator catalogue)."""
    return ("; ".join(src["title"] for src in table.get("sources", []))
            or prose.text(PROSE, "own.source"))


def data_tables(descriptor: dict[str, Any], until: str | None = None) -> tables.Table:
    """The book's data tables in words (with ``until``, the quarterly files of that quarter
    or earlier, those the edition reads); their file names are the appendix's
    (:func:`appendix_files`)."""
    return tables.Table("tbl-bang-du-lieu", prose.text(PROSE, "tbl-bang-du-lieu"),
                        _data_files(descriptor, until), [
        tables.text("Nội dung", "noi_dung"), tables.text("Số cột", "so_cot"),
        tables.text("Nguồn", "nguon"),
    ], source=prose.text(PROSE, "tbl-bang-du-lieu.source"), units="mô tả")


def appendix_files(descriptor: dict[str, Any]) -> str:
    """The reproducibility appendix's section naming the file of each data table (MyST)."""
    rows = "\n".join(f"| `{r['tep']}` | {r['noi_dung']} |" for r in _data_files(descriptor))
    return (f"\n## {prose.text(PROSE, 'appendix.files.title')}\n\n"
            f"{prose.text(PROSE, 'appendix.files')}\n\n| Tệp | Nội dung |\n|---|---|\n{rows}\n")


def raw_files(descriptor: dict[str, Any]) -> tables.Table:
    """The UN's yearly exports imported into the Survey table, with their checksums (their
    file names are in the appendix's list of input files)."""
    from egovbook.intake.datapackage import resource

    return tables.Table(
        "tbl-tep-goc-un", prose.text(PROSE, "tbl-tep-goc-un"),
        resource(descriptor, "un_egov")["raw_files"], [
            tables.Col("Năm khảo sát", lambda f: fmt.year(f["survey_year"]),
                       {"nam_khao_sat": itemgetter("survey_year")}),
            # The file's rows, one a country: not all were assessed (review 26, C5).
            tables.Col("Số quốc gia trong tệp", lambda f: fmt.number(f["rows"]),
                       {"so_quoc_gia": itemgetter("rows")},
                       titles={"so_quoc_gia": "Số quốc gia trong tệp"}),
            tables.Col("Kích thước (byte)", lambda f: fmt.number(f["bytes"]),
                       {"so_byte": itemgetter("bytes")}),
            tables.Col("SHA-256", lambda f: f"`{f['sha256']}`", {"sha256": itemgetter("sha256")}),
            tables.Col("Ngày nhập", lambda f: fmt.date(f["imported"]),
                       {"ngay_nhap": itemgetter("imported")}),
        ], source=prose.text(PROSE, "tbl-tep-goc-un.source"), units="byte; ngày")


def cited(known: pd.DataFrame) -> list[str]:
    """The sources the chapter lists or names besides the Survey's files (cited per year):
    the articles of its table of articles and the datasets of its table of data tables."""
    rows = known[known["kind"].isin(["press", "dataset"])
                 & (known["source_id"] != domestic.SURVEY_DATA)]
    return list(rows["source_id"])


def event_date(text: str) -> str:
    """``2020-10-05`` → ``05/10/2020``; ``2020-10`` → ``tháng 10/2020``."""
    return fmt.date(text) if len(text) == 10 else "tháng " + text[5:] + "/" + text[:4]


HEADER_ORIGIN = "Sự kiện, cơ quan được dẫn tin về số liệu trong nước"


def _true(value: object) -> bool:
    """A boolean cell of the sources table, read as text or as a boolean."""
    return str(value).strip().lower() in ("true", "1")


def press(sources: pd.DataFrame) -> tables.Table:
    """The press articles of the book's sources."""
    found = sources[sources["kind"] == "press"].to_dict("records")
    return tables.Table("tbl-nguon-bao-chi", prose.text(PROSE, "tbl-nguon-bao-chi"), found, [
        # Its id under the table's own header: this is the table that names the ids, so its
        # file keeps the id bare (a «Nguồn» column elsewhere is spelt out from here).
        tables.Col("Mã", itemgetter("source_id"),
                   {"ma": itemgetter("source_id"), "loai": itemgetter("kind")},
                   titles={"ma": "Mã"}),
        tables.Col("Nội dung", itemgetter("title"),
                   {"noi_dung": itemgetter("title"), "url": itemgetter("url")}),
        tables.Col("Báo", lambda r: r["outlet"] or "không ghi",
                   {"bao": itemgetter("outlet"), "ngay_dang": itemgetter("published")}),
        tables.Col("Thời điểm sự kiện", lambda r: event_date(r["event_date"]),
                   {"ngay_su_kien": itemgetter("event_date")}),
        # What makes two articles one source (the Method page's «Độc lập»): the same event
        # reported, or the same body relayed. The UN report they relay is in the note: its
        # figures are checked against the Survey data, not by the independence rule.
        tables.Col(HEADER_ORIGIN,
                   lambda r: prose.text(PROSE, "tbl-nguon-bao-chi.event", event=r["event"],
                                        inferred=_true(r.get("event_inferred")),
                                        relays=r["relays"]) or fmt.MISSING,
                   {"su_kien": itemgetter("event"),
                    "su_kien_suy_ra": lambda r: "có" if _true(r.get("event_inferred")) else "",
                    "dan_tin": itemgetter("relays")},
                   titles={"su_kien_suy_ra": "Sự kiện do sách suy ra"}),
        tables.Col("Ghi chú", itemgetter("note"), {"ghi_chu": itemgetter("note")}),
    ], source=prose.text(PROSE, "tbl-nguon-bao-chi.source"), units="mô tả",
        retrieved=prose.text(PROSE, "tbl-nguon-bao-chi.retrieved"))
