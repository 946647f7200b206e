"""As-of filtering: an edition for quarter Q uses only what was known at the end of Q.

A later quarter is added to a copy of the data only (invented rows, never committed): the
quarterly rows, the register, the targets, the references and the data notes of a 2022Q3
edition stay what they were without it; the 2022Q3 book built after drafts of the later quarter
contains nothing of it (slow test at the end, on the built project)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from egovbook.analysis import claims, values
from egovbook.build import editions
from egovbook.chapters.domestic_quarter import Quarter
from egovbook.intake import domestic, quarterly
from egovbook.publish import bibliography

from conftest import copy_built, pdf_texts, run_build

# A marker no real row contains, in every invented row and the invented source.
MARK = "KIEMTHU-QUY-SAU"
HEADER = "indicator,date,quarter,value,qualifier,numerator,denominator,scope_note,scope,source_id"
LATER = f"""{HEADER},quote
KPI_HOA_DON_DT,2023-03-31,2023Q1,100,,,,{MARK},,A005,hóa đơn điện tử đạt 100% {MARK}
KPI_TMDT_BAN_LE,2023-03-31,2023Q1,12.5,,,,{MARK},,A005,"thương mại điện tử đạt 12,5% {MARK}"
DVC_M4_TYLE,2023-03-31,2023Q1,55,,,,{MARK},,A004,"dịch vụ công trực tuyến mức độ 4 đạt 55% {MARK}"
"""
SOURCE = f'A005,press,"Bài {MARK}",,2023-03-15,,,,"{MARK}",,false,sách\n'
# A later article's claim about a UN figure: the Survey chapters' claims boxes must not show it.
UN_CLAIM = f'A005-01,A005,VNM,"xếp hạng 71/193 {MARK}",71/193,71,0,rank,egdi,world,2024,,egdi,,,,\n'


def saved_as(program: str, text: str) -> bytes:
    """The rows as a staff member's program saves them with Vietnamese settings: dates shown
    and saved as 31/03/2023; Excel: BOM, `;`, decimal commas, CRLF; LibreOffice: `;`, every
    text cell quoted; Google Sheets: `,`, CRLF."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    head, body = rows[0], rows[1:]
    at = {name: i for i, name in enumerate(head)}
    for row in body:
        y, m, d = row[at["date"]].split("-")
        row[at["date"]] = f"{d}/{m}/{y}"
        if program != "sheets":
            row[at["value"]] = row[at["value"]].replace(".", ",")
    out = io.StringIO()
    if program == "excel":
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows([head, *body])
        return ("\ufeff" + out.getvalue()).encode()
    if program == "libreoffice":
        csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(
            [head, *body])
    else:
        csv.writer(out, lineterminator="\r\n").writerows([head, *body])
    return out.getvalue().encode()


def add_later_quarter(data: Path, program: str = "excel") -> None:
    (data / "quarterly" / "2023Q1.csv").write_bytes(saved_as(program, LATER))
    with (data / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write(SOURCE)
    with (data / "claims.csv").open("a", encoding="utf-8") as fh:
        fh.write(UN_CLAIM)


def workbook(text: str, path: Path) -> None:
    """The rows as a workbook (.xlsx), one cell a value, as staff save them from a sheet."""
    import csv

    import openpyxl

    book = openpyxl.Workbook()
    for row in csv.reader(text.splitlines()):
        book.active.append(row)
    book.save(path)


def test_each_program_saves_the_same_rows(data_copy: Path) -> None:
    """The later quarter saved by Excel, LibreOffice, Google Sheets (Vietnamese settings) or as
    a workbook reads as the same rows: a second draft from another program changes no figure."""
    folder = data_copy / "quarterly"
    seen = []
    for program in ("excel", "libreoffice", "sheets", "xlsx"):
        for old in folder.glob("2023Q1.*"):
            old.unlink()
        if program == "xlsx":
            workbook(LATER, folder / "2023Q1.xlsx")
        else:
            (folder / "2023Q1.csv").write_bytes(saved_as(program, LATER))
        rows = quarterly.load_observations()
        rows = rows[rows["quarter"] == "2023Q1"]
        seen.append(rows[["indicator", "date", "value_num", "qualifier", "scope_note",
                          "source_id", "quote"]].to_dict("records"))
    assert len(seen[0]) == 3 and all(s == seen[0] for s in seen), seen
    assert {r["value_num"] for r in seen[0]} == {100.0, 12.5, 55.0}


def test_rows_targets_and_sources_stop_at_the_quarter(data_copy: Path) -> None:
    before = claims.evaluate(until="2022Q3")
    add_later_quarter(data_copy)
    assert "2023Q1.csv" in {p.name for p in quarterly.quarterly_files()}
    assert "2023Q1.csv" not in {p.name for p in quarterly.quarterly_files(until="2022Q3")}
    obs = quarterly.load_observations(until="2022Q3")
    assert obs["date"].max() == "2022-08-08" and len(quarterly.load_observations()) == len(obs) + 3
    assert "A005" not in domestic.known_sources("2022Q3")
    assert "A005" in domestic.known_sources("2023Q1") and "UN" in domestic.known_sources("2019Q4")
    # Targets of sources dated after the quarter: A001's (08/2020) are not known in 2019Q4.
    assert "A001" in set(domestic.load_targets()["source_id"])
    assert "A001" not in set(domestic.load_targets(until="2019Q4")["source_id"])
    after = claims.evaluate(until="2022Q3")
    assert after.drop(columns=["detail"]).equals(before.drop(columns=["detail"]))
    assert len(claims.evaluate(until="2023Q1")) == len(before) + 4
    assert claims.for_chapter("egdi", "VNM", "2022Q3")["source_id"].ne("A005").all()
    assert claims.for_chapter("egdi", "VNM", "2023Q1")["source_id"].eq("A005").any()
    assert not any(MARK in str(v) for v in after.to_numpy().ravel())
    q = Quarter.load("2022Q3")
    assert q.known_quarters[-1] == "2022Q3" and len(q.obs_all) == len(obs)
    assert Quarter.load(None).quarter == "2023Q1"
    assert not any(MARK in e for e in bibliography.entries("2022Q3"))
    assert any(MARK in e for e in bibliography.entries())


def _texts(html: Path) -> dict[str, str]:
    """Every text file of a built book but the theme's (``_static``), and the PDF's text;
    commits and checksums left out (a hexadecimal run may contain any digits)."""
    out = {str(p.relative_to(html)): p.read_text(encoding="utf-8", errors="replace")
           for p in html.rglob("*") if p.is_file() and "_static" not in p.parts
           and p.suffix in {".html", ".json", ".csv", ".txt", ".js", ".md", ".ipynb", ".bib"}}
    pdf = next(html.glob("*.pdf"))
    out[pdf.name] = " ".join(pdf_texts(pdf))
    return {name: HEX.sub("", STALE.sub("", text)) for name, text in out.items()}


HEX = re.compile(r"\b[0-9a-f]{7,64}\b")
# Sphinx's incremental search index keeps the words of earlier builds with no page: they find
# nothing, so they are not what the book shows.
STALE = re.compile(r'"[^"]*": \[\]')

# The later quarter's year as a year (a date, a quarter, a file name), not digits of an index
# value such as 0,42023; the invented rows' marker; the invented source.
LEAK = re.compile(rf"(?<![\d.,])2023(?!\d)|{MARK}|A005")


@pytest.mark.slow
def test_the_quarters_changes_survive_drafts_and_the_older_quarter_stays_as_of(
        built_project: Path, tmp_path: Path) -> None:
    """Against the recorded 2022Q3 edition: a 2023Q1 draft, its file saved as Vietnamese-locale
    Excel saves a CSV, lists the quarter's changes and shows its new figures beside the previous
    ones, and still lists them after a second draft with nothing changed; the
    2022Q3 book built afterwards holds nothing of 2023 and gives the golden values."""
    project = copy_built(built_project, tmp_path / "project")
    recorded = editions.latest(project, "VNM")
    assert recorded is not None and recorded["quarter"] == "2022Q3"
    add_later_quarter(project / "data")

    def draft() -> tuple[str, str]:
        """What the build said, and the changes page it staged."""
        proc = run_build(project)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc.stdout, (project / "_build" / "stage" / editions.PAGE).read_text(
            encoding="utf-8")

    def quarter_listed(page: str) -> None:
        # The changes, against the recorded edition, named in words (the citation below them
        # names the draft's own edition).
        page = page.split("## Cách trích dẫn")[0]
        assert editions.label(recorded) in page and recorded["id"] not in page
        assert "Quý số liệu mới: bản này có số liệu trong nước đến quý I/2023" in page
        rows = [r for r in page.splitlines() if r.startswith("| ") and "quý số liệu mới" in r]
        assert len(rows) >= 5 and len(rows) == len(set(rows))
        assert "| quý III/2022 | quý I/2023 |" in page and "2023Q1" not in page
        # The recorded edition had 113 claims; this data has 118 (review 20: A002's programme
        # of experts is no target; review 26: A003's «chỉ tiêu 30%» is), and the added quarter
        # 4 more.
        assert "| số dòng của sổ đối chiếu | 113 | 122 | tăng | quý số liệu mới |" in page

    quarter_listed(draft()[1])
    # What's new: the quarter's figure beside the previous one of its indicator.
    whats_new = BeautifulSoup((project / "_build" / "html" / "notebooks" / "06_co_gi_moi.html")
                              .read_text(encoding="utf-8"), "html.parser")
    for p in whats_new.select(".egv-prov"):
        p.decompose()
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in whats_new.select("#tbl-moi-trong-quy tbody tr")]
    # (The earlier figure first, then the new one: review 25, C2.)
    assert any(r[1].startswith("11,27\xa0% (") and r[2].startswith("12,5\xa0% (")
               for r in rows), rows
    # The scan below finds the later quarter where it is shown.
    assert any(LEAK.search(t) for t in _texts(project / "_build" / "html").values())
    # A second draft with nothing changed: the page is written anew from the recorded edition,
    # not from the draft before it (whose changes would then be none), and the book is kept.
    said, page = draft()
    quarter_listed(page)
    assert "giữ nguyên bản đã xuất bản" in said

    proc = run_build(project, "--quarter", "2022Q3")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    html = project / "_build" / "html"
    leaks = {name: LEAK.findall(text) for name, text in _texts(html).items()}
    assert {k: v for k, v in leaks.items() if v} == {}
    golden = json.loads((Path(__file__).parent / "golden" / "values-default.json")
                        .read_text(encoding="utf-8"))
    built = values.snapshot(values.load(html / values.REGISTRY_NAME) or {})
    assert values.differences(golden, built) == []
    # Against the recorded 2022Q3 edition nothing of a new quarter is listed (what the code
    # changed since that edition may be, as a method change).
    page = (project / "_build" / "stage" / editions.PAGE).read_text(encoding="utf-8")
    assert "quý số liệu mới" not in page and "quý I/2023" not in page
    shutil.rmtree(project / "_build" / "stage", ignore_errors=True)
