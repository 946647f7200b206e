"""Issue 16's cases, each with its exact message: what staff's programs save, the catalogue files
re-saved by them, merged cells, `make validate`'s notes, and the build parameters.

Files are made here (bytes as Excel, Google Sheets and LibreOffice save them, workbooks with
openpyxl) in a throw-away copy of ``data/``; the committed data are never touched.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from egovbook import cli
from egovbook.build import data_notes, steps
from egovbook.build.pipeline import Options
from egovbook.common.problems import DataError, ProblemList
from egovbook.intake import (
    data_access,
    datapackage,
    domestic,
    quarterly,
    quarterly_checks,
    staff_text,
    validate,
)

ROOT = Path(__file__).resolve().parents[1]
QUOTE = "tỷ lệ hộ gia đình có cáp quang đạt 72,5% (thử nghiệm)"
ENGLISH = ("tệp có lẽ được lưu bằng chương trình đặt ngôn ngữ tiếng Anh (Mỹ), vốn ghi tháng trước "
           "ngày (tháng/ngày/năm), nên các ngày khác trong tệp cũng có thể đã bị đảo ngày và "
           "tháng: hãy đặt vùng (Region/Locale) của Excel, Google Sheets hoặc LibreOffice là Việt "
           "Nam rồi lưu lại, hoặc ghi ngày dạng yyyy-mm-dd")


def row(date: str, value: str = "72.5", **changes: str) -> dict[str, str]:
    cells = {"indicator": "KPI_CAP_QUANG", "date": date, "quarter": "2023Q1", "value": value,
             "scope_note": "Thử nghiệm", "source_id": "A004", "quote": QUOTE}
    cells.update(changes)
    return cells


def saved_by(program: str, rows: list[dict[str, str]]) -> bytes:
    """A quarterly CSV as each program saves it (see tests/fixtures/staff/README.md)."""
    buffer = io.StringIO()
    if program == "excel":  # Vietnamese-locale Excel, «CSV UTF-8»: BOM, `;`, decimal commas
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        rows = [{k: (v.replace(".", ",") if k == "value" else v) for k, v in r.items()}
                for r in rows]
    elif program == "sheets":  # Google Sheets: UTF-8, `,`, quotes where needed
        writer = csv.writer(buffer, lineterminator="\r\n")
    else:  # LibreOffice, `;` and «Quote all text cells»
        writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(quarterly.COLUMNS)
    for cells in rows:
        writer.writerow([cells.get(c, "") for c in quarterly.COLUMNS])
    text = buffer.getvalue()
    return ("\ufeff" + text).encode() if program == "excel" else text.encode()


def put(folder: Path, name: str, data: bytes) -> Path:
    path = folder / quarterly.QUARTERLY / name
    path.write_bytes(data)
    return path


def errors_of(problems: ProblemList, file: str) -> list[str]:
    return [p.render() for p in problems.items if p.file == file]


def warnings_of(problems: ProblemList, file: str) -> list[str]:
    return [p.render() for p in problems.warnings if p.file == file]


# --- (a) dates as Vietnamese programs show them ---------------------------------------------


def test_day_month_year_is_read_the_vietnamese_way() -> None:
    assert staff_text.read_date_text("31/03/2023") == staff_text.DateText(
        "2023-03-31", "ngày/tháng/năm (ngày 31 tháng 3 năm 2023)")
    assert staff_text.read_date_text("03/04/2023").text == "2023-04-03"  # 3 April
    assert staff_text.read_date_text("3.4.2023").text == "2023-04-03"
    assert staff_text.read_date_text("04/2023").text == "2023-04"
    assert staff_text.read_date_text("45016").text == "2023-03-31"  # an Excel serial as text
    assert staff_text.read_date_text("2023-03-31") == staff_text.DateText("2023-03-31")
    assert staff_text.read_date_text("2023/3/31") == staff_text.DateText("2023-03-31")
    assert staff_text.read_date_text("31/04/2023").error == (
        "không phải ngày có thật: tháng 4 năm 2023 không có ngày 31")


@pytest.mark.parametrize("program", ["excel", "sheets", "libreoffice"])
def test_saved_dates_are_accepted_with_a_note(program: str, data_copy: Path) -> None:
    put(data_copy, "2023Q1.csv", saved_by(program, [row("31/03/2023"), row("03/02/2023",
                                                                           value="72")]))
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems, "2023Q1.csv") == []
    assert [w for w in warnings_of(problems, "2023Q1.csv") if "cột «date»" in w] == [
        "Tệp 2023Q1.csv, dòng 2, cột «date»: giá trị «31/03/2023» — ngày ghi dạng ngày/tháng/năm "
        "(ngày 31 tháng 3 năm 2023), đã đọc là 2023-03-31; cùng cách đọc cho 1 ô ngày khác"]
    obs = quarterly.load_observations(data_copy)
    mine = obs[obs["file"] == "2023Q1.csv"]
    assert sorted(mine["date"]) == ["2023-02-03", "2023-03-31"]
    assert sorted(mine["value_num"]) == [72.0, 72.5]


def test_a_month_first_date_is_refused_as_english_locale(data_copy: Path) -> None:
    put(data_copy, "2023Q1.csv", saved_by("sheets", [row("03/31/2023"), row("02/30/2023")]))
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems, "2023Q1.csv") == [
        "Tệp 2023Q1.csv, dòng 2, cột «date»: giá trị «03/31/2023» — không phải ngày theo cách ghi "
        f"ngày/tháng/năm (không có tháng 31); {ENGLISH}; nếu là ngày 31 tháng 3 năm 2023 thì hãy "
        "ghi 2023-03-31",
        "Tệp 2023Q1.csv, dòng 3, cột «date»: giá trị «02/30/2023» — không phải ngày theo cách ghi "
        f"ngày/tháng/năm (không có tháng 30); {ENGLISH}"]


def test_the_issue_example_04_31_2023(data_copy: Path) -> None:
    put(data_copy, "2023Q2.csv", saved_by("sheets", [row("04/31/2023", quarter="2023Q2")]))
    assert errors_of(quarterly_checks.validate_folder(data_copy), "2023Q2.csv") == [
        "Tệp 2023Q2.csv, dòng 2, cột «date»: giá trị «04/31/2023» — không phải ngày theo cách ghi "
        f"ngày/tháng/năm (không có tháng 31); {ENGLISH}"]


def test_a_converted_date_must_still_fall_in_the_quarter(data_copy: Path) -> None:
    put(data_copy, "2023Q1.csv", saved_by("excel", [row("03/04/2023")]))
    assert errors_of(quarterly_checks.validate_folder(data_copy), "2023Q1.csv") == [
        "Tệp 2023Q1.csv, dòng 2, cột «quarter»: giá trị «2023Q1» — ngày 2023-04-03 thuộc 2023Q2, "
        "không thuộc quý này"]


# --- (b) the catalogue files, re-saved ------------------------------------------------------


def resave(path: Path, delimiter: str = ";", bom: bool = True,
           change: dict[tuple[int, str], str] | None = None) -> None:
    """Rewrite a catalogue CSV as Vietnamese-locale Excel saves it (rows counted from 0)."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    for (i, col), value in (change or {}).items():
        rows[i][col] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter,
                            lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode())


def test_resaved_catalogue_files_load_the_same(data_copy: Path) -> None:
    """BOM, `;`, decimal commas and day/month/year dates: the same tables as the committed files."""
    before = {name: domestic._load(name, None) for name in domestic.CATALOGUE}
    resave(data_copy / "sources.csv", change={(1, "event_date"): "26/08/2020"})
    resave(data_copy / "domestic" / "cntt_2019.csv", change={(0, "value"): "0,9"})
    resave(data_copy / "domestic" / "targets.csv", delimiter="\t", bom=False)
    resave(data_copy / "claims.csv")
    for name in domestic.CATALOGUE:
        pd.testing.assert_frame_equal(domestic._load(name, data_copy), before[name])
    assert "A004" in domestic.load_source_ids(data_copy)
    report = validate.validate_all(data_copy)
    assert [n.render() for n in report.notes if n.file == "sources.csv"] == [
        "Tệp sources.csv, dòng 3, cột «event_date»: giá trị «26/08/2020» — ngày ghi dạng "
        "ngày/tháng/năm (ngày 26 tháng 8 năm 2020), đã đọc là 2020-08-26"]


def test_a_broken_sources_csv_is_named_not_a_crash(data_copy: Path) -> None:
    path = data_copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("source_id", "source id", 1),
                    encoding="utf-8")
    expected = [
        "Tệp sources.csv, dòng 1: cột không được hỗ trợ «source id» — có phải «source_id»?; các "
        "cột hợp lệ: " + ", ".join(domestic.CATALOGUE["sources"].columns),
        "Tệp sources.csv, dòng 1: thiếu cột «source_id»; các cột cần có: "
        + ", ".join(domestic.CATALOGUE["sources"].columns)]
    with pytest.raises(DataError) as caught:
        domestic.load_source_ids(data_copy)
    assert [p.render() for p in caught.value.problems.items] == expected
    with pytest.raises(DataError) as caught:
        validate.validate_all(data_copy)
    assert [p.render() for p in caught.value.problems.items] == expected
    assert cli.main(["validate"]) == cli.EXIT_DATA


def test_schema_faults_are_numbered_as_in_the_file(data_copy: Path) -> None:
    """Frictionless checks the table as read: a title row above the header shifts the rows."""
    path = data_copy / "domestic" / "targets.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[4].startswith("T04,") and ",>=,50," in lines[4]
    lines[4] = lines[4].replace(",>=,50,", ",>=,năm mươi,", 1)
    path.write_text("\n".join(["Mục tiêu", "", *lines]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        validate.validate_all(data_copy)
    assert [p.render() for p in caught.value.problems.items] == [
        "Tệp domestic/targets.csv, dòng 7, cột «value»: giá trị «năm mươi» — không đúng kiểu, cần "
        "một số (dấu chấm thập phân, ví dụ 15.91)"]


def test_catalogue_columns_are_the_descriptor_s() -> None:
    descriptor = datapackage.load()
    for name, cat in domestic.CATALOGUE.items():
        res = datapackage.resource(descriptor, name)
        assert res["path"] == cat.path
        assert tuple(f["name"] for f in res["schema"]["fields"]) == cat.columns
        numeric = {f["name"] for f in res["schema"]["fields"]
                   if f["type"] in ("number", "integer")}
        assert numeric <= cat.numbers, name


# --- (c) merged cells -----------------------------------------------------------------------


def test_merged_cells_are_named_with_their_range(data_copy: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(quarterly.COLUMNS)
    for day in range(1, 11):
        cells = row(f"2023-03-{day:02d}", value=str(70 + day), quote=f"đạt {70 + day}%",
                    indicator="KPI_CAP_QUANG")
        cells["source_id"] = "A004" if day == 1 else ""
        sheet.append([cells.get(c, "") or None for c in quarterly.COLUMNS])
    sheet.merge_cells("J2:J11")
    book.save(data_copy / quarterly.QUARTERLY / "2023Q1.xlsx")
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems, "2023Q1.xlsx") == [
        "Tệp 2023Q1.xlsx, dòng 2, cột «source_id»: các ô J2:J11 được gộp (merge): ô gộp hiện "
        "«A004» trên mọi dòng của vùng nhưng chỉ ô đầu tiên có giá trị, các dòng khác là ô trống; "
        "hãy bỏ gộp ô J2:J11 (Home → Merge & Center → Unmerge Cells) rồi điền giá trị vào từng ô"]


# --- (d) make validate prints the notes the build prints ------------------------------------


def test_validate_prints_the_build_s_notes(data_copy: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    put(data_copy, "2023Q1.csv", saved_by("excel", [row("31/03/2023")]))
    (data_copy / quarterly.QUARTERLY / "Thumbs.db").write_bytes(b"\0" * 16)
    report = validate.validate_all(data_copy)
    assert cli.main(["validate"]) == 0
    out = capsys.readouterr().out
    assert out == report.summary() + "\n" + report.render_notes() + "\n"
    assert ("    • Tệp 2023Q1.csv, dòng 2, cột «date»: giá trị «31/03/2023» — ngày ghi dạng "
            "ngày/tháng/năm (ngày 31 tháng 3 năm 2023), đã đọc là 2023-03-31") in out.splitlines()
    assert out.splitlines()[len(report.rows) + 1] == (
        f"  {len(report.notes)} ghi chú (không ngăn việc dựng sách; có ở phụ lục «Hồ sơ tái lập», "
        "mục «Ghi chú dữ liệu»):")


# --- (e) names, parameters and small slips --------------------------------------------------


def report_of(data_copy: Path) -> validate.DataSummary:
    return validate.DataSummary(survey_years=[2020, 2022, 2024],
                           quarters=quarterly.quarters(quarterly.load_observations(data_copy)))


def refusal(opts: Options, report: validate.DataSummary) -> str:
    with pytest.raises(DataError) as caught:
        steps.resolve_parameters(opts, report)
    return caught.value.render()


def test_quarter_parameter_says_both_spellings_and_where_files_go(data_copy: Path) -> None:
    (data_copy / "2023Q2.csv").write_bytes(saved_by("sheets", [row("2023-04-03")]))
    report = report_of(data_copy)
    have = ", ".join(sorted(p.stem for p in (data_copy / "quarterly").glob("*.csv")))
    assert refusal(Options(quarter="2023Q2", root=data_copy.parent), report) == (
        "Tham số dựng sách không hợp lệ (1 lỗi):\n"
        "• QUARTER=2023Q2 (make) / --quarter: chưa có số liệu quý «2023Q2»; số liệu mỗi quý là một "
        "tệp trong thư mục data/quarterly/, tên YYYYQn.csv hoặc YYYYQn.xlsx (ví dụ "
        f"data/quarterly/2023Q2.csv); các quý có số liệu: {have}. Tệp "
        "data/2023Q2.csv nằm ngoài thư mục đó nên không được đọc: hãy chuyển nó vào "
        "data/quarterly/2023Q2.csv")
    assert [w.render() for w in quarterly_checks.validate_folder(data_copy).warnings
            if w.file == "data/2023Q2.csv"] == [
        "Tệp data/2023Q2.csv: tệp số liệu quý nằm ngoài thư mục data/quarterly/ nên không được "
        "đọc; hãy chuyển nó vào data/quarterly/"]


def test_country_by_name_gets_its_code(data_copy: Path) -> None:
    report = report_of(data_copy)
    message = refusal(Options(country="Vietnam", quarter="q3/2022", root=data_copy.parent), report)
    assert message == (
        "Tham số dựng sách không hợp lệ (2 lỗi):\n"
        "• COUNTRY=Vietnam (make) / --country: «Vietnam» không phải mã ISO3 (ba chữ cái) của một "
        "quốc gia thành viên Liên Hợp Quốc, ví dụ VNM, KHM, THA — có phải VNM?\n"
        "• QUARTER=q3/2022 (make) / --quarter: cần dạng YYYYQn, ví dụ 2022Q3 — có phải «2022Q3»?")
    assert "Tệp" not in message
    assert "có phải KHM?" in refusal(Options(country="Campuchia"), report)
    assert steps.resolve_parameters(Options(country="vnm"), report).country == "VNM"


def test_an_upper_case_extension_is_read(data_copy: Path) -> None:
    put(data_copy, "2023Q1.CSV", saved_by("excel", [row("2023-03-31")]))
    assert errors_of(quarterly_checks.validate_folder(data_copy), "2023Q1.CSV") == []
    assert "2023Q1" in quarterly.quarters(quarterly.load_observations(data_copy))


def test_system_files_are_ignored_with_a_note(data_copy: Path) -> None:
    folder = data_copy / quarterly.QUARTERLY
    before = data_access.listing_digest(folder)
    for name in ("Thumbs.db", "desktop.ini", ".DS_Store"):
        (folder / name).write_bytes(b"\0\1")
    problems = quarterly_checks.validate_folder(data_copy)
    assert not problems
    assert [w.render() for w in problems.warnings if w.row is None and "Windows" in w.message] == [
        f"Tệp {name}: tệp do Windows hoặc macOS tự tạo khi mở thư mục, không phải số liệu; đã bỏ "
        "qua (có thể xóa)" for name in (".DS_Store", "Thumbs.db", "desktop.ini")]
    assert data_access.listing_digest(folder) == before
    assert data_notes.render_data_notes(problems.warnings).count("data/quarterly/Thumbs.db") == 1


def test_a_second_download_is_not_told_to_overwrite(data_copy: Path) -> None:
    put(data_copy, "2023Q1.csv", saved_by("sheets", [row("2023-03-31")]))
    put(data_copy, "2023Q1 (1).csv", saved_by("sheets", [row("2023-03-30")]))
    put(data_copy, "2023Q2 (1).csv", saved_by("sheets", [row("2023-04-03", quarter="2023Q2")]))
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems, "2023Q1 (1).csv") == [
        "Tệp 2023Q1 (1).csv: tên tệp cần dạng YYYYQn.csv hoặc YYYYQn.xlsx, ví dụ 2022Q3.csv; đây "
        "có vẻ là bản sao mà trình duyệt hoặc Windows đặt tên khi thư mục đã có tệp 2023Q1.csv: "
        "nếu tệp này thay cho tệp cũ thì hãy chuyển 2023Q1.csv ra khỏi data/quarterly/ trước rồi "
        "mới đổi tên tệp này thành 2023Q1.csv; nếu không thì hãy xóa tệp này"]
    assert errors_of(problems, "2023Q2 (1).csv") == [
        "Tệp 2023Q2 (1).csv: tên tệp cần dạng YYYYQn.csv hoặc YYYYQn.xlsx, ví dụ 2022Q3.csv — có "
        "phải «2023Q2.csv»?"]


def test_a_number_split_over_two_lines(data_copy: Path) -> None:
    put(data_copy, "2023Q1.csv", saved_by("sheets", [row(
        "2023-03-31", indicator="CDVCQG_TAI_KHOAN", value="5\n.600.000",
        quote="có 5.600.000 tài khoản")]))
    assert errors_of(quarterly_checks.validate_folder(data_copy), "2023Q1.csv") == [
        "Tệp 2023Q1.csv, dòng 2, cột «value»: giá trị «5\n.600.000» — cần một số, không dùng dấu "
        "phân cách hàng nghìn (ví dụ 15,91 hoặc 1039); ô có dấu xuống dòng giữa các chữ số "
        "(Alt+Enter trong Excel): hãy gõ số trên một dòng — có phải «5600000»?"]


def test_template_guide_says_what_the_reader_does(data_copy: Path, tmp_path: Path) -> None:
    """The guide sheet and HUONG_DAN give one rule (the sheet with the header is read), and the
    committed template is what ``egovbook templates`` writes."""
    written = domestic.write_templates(tmp_path, datapackage.load())

    def cells(path: Path) -> dict[str, list[tuple[object, ...]]]:
        book = load_workbook(path)
        return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}

    assert cells(ROOT / "templates" / "quy_mau.xlsx") == cells(written[1])
    assert (ROOT / "templates" / "quy_mau.csv").read_bytes() == written[0].read_bytes()
    guide = " ".join(str(c[0]) for c in cells(written[1])["huong_dan"] if c and c[0])
    assert "Trang tính được đọc là trang có dòng tiêu đề cột" in guide
    assert "đầu tiên" not in guide
    huong_dan = " ".join((ROOT / "templates" / "HUONG_DAN.md").read_text(encoding="utf-8").split())
    assert "trang được đọc là trang có dòng tiêu đề chứa đủ các cột bắt buộc" in huong_dan
    # The rule holds: the guide sheet first, the data second, is read.
    book = load_workbook(written[1])
    book.move_sheet("huong_dan", offset=-1)
    data = book["so_lieu"]
    data.append([{"indicator": "KPI_CAP_QUANG", "date": dt.datetime(2023, 3, 31),
                  "quarter": "2023Q1", "value": 72.5, "source_id": "A004", "quote": QUOTE}.get(c)
                 for c in quarterly.COLUMNS])
    book.save(data_copy / quarterly.QUARTERLY / "2023Q1.xlsx")
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems, "2023Q1.xlsx") == []
    assert warnings_of(problems, "2023Q1.xlsx") == [
        "Tệp 2023Q1.xlsx: đã đọc trang tính «so_lieu» (trang thứ 2), trang có dòng tiêu đề cột; "
        "các trang khác («huong_dan») không được đọc"]
