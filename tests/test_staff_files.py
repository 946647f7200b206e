"""The quarterly files staff really make: each shape read or refused with its exact message.

CSV fixtures are bytes in ``tests/fixtures/staff/`` (``make_fixtures.py`` writes them; README.md
says what each one imitates); workbooks are made here with openpyxl. Every case asserts the exact
Vietnamese message, or the rows read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from egovbook.build import data_notes
from egovbook.common.problems import ProblemList
from egovbook.intake import quarterly, quarterly_checks, staff_encodings, staff_text, staff_xlsx

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "staff"
TARGET = "2022Q4.csv"

FIBRE_QUOTE = "tỷ lệ hộ gia đình có cáp quang đạt khoảng 73,5% (thử nghiệm)"
SERVICES_QUOTE = "cung cấp trên 4.210 dịch vụ công trực tuyến (thử nghiệm)"
QUALIFIER_LIST = ("cần để trống hoặc một trong: khoảng, trên, hơn, gần, dưới, không đạt, trên "
                  "dưới, vượt, ở mức")
NOT_IN_CATALOGUE = "mã chỉ tiêu không có trong data/domestic/indicators.csv"
NEED_DATE = "cần ngày dạng yyyy-mm-dd (hoặc yyyy-mm nếu nguồn chỉ nêu tháng)"
NEED_NUMBER = "cần một số, không dùng dấu phân cách hàng nghìn (ví dụ 15,91 hoặc 1039)"
UNIKEY = ("hãy chuyển sang Unicode bằng Unikey Toolkit (bấm Ctrl+Shift+F6, chọn Nguồn «{}», "
          "Đích «Unicode», chép các ô vào bộ nhớ tạm, bấm «Chuyển mã» rồi dán lại; đổi phông "
          "sang Times New Roman) rồi lưu «CSV UTF-8»")
SAVE_UTF8 = "«CSV UTF-8 (Comma delimited) (*.csv)»"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def errors_of(problems: ProblemList, file: str = TARGET) -> list[str]:
    return [p.render() for p in problems.items if p.file == file]


def warnings_of(problems: ProblemList, file: str = TARGET) -> list[str]:
    return [p.render() for p in problems.warnings if p.file == file]


def place(folder: Path, name: str, data: bytes) -> Path:
    path = folder / quarterly.QUARTERLY / name
    path.write_bytes(data)
    return path


def rows_of(path: Path) -> list[dict[str, str]]:
    scratch = ProblemList()
    _, rows = quarterly.read_rows(path, scratch)
    return rows


def test_fixtures_are_what_the_generator_writes() -> None:
    """The committed bytes are reproducible (and nobody edited one by hand)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.fixtures()
    assert len(made) >= 12
    for name, data in made.items():
        assert fixture(name) == data, name


# --- CSV files that are read -------------------------------------------------------------------

FIBRE_ROW = {"indicator": "KPI_CAP_QUANG", "date": "2022-11-15", "quarter": "2022Q4",
             "qualifier": "khoảng", "numerator": "", "denominator": "", "source_id": "A004",
             "quote": FIBRE_QUOTE}
SERVICES_ROW = {"indicator": "CDVCQG_DVC", "date": "2022-12-01", "quarter": "2022Q4",
                "value": "4210", "qualifier": "trên", "numerator": "", "denominator": "",
                "source_id": "A004", "quote": SERVICES_QUOTE}

ACCEPTED: list[tuple[str, list[dict[str, str]]]] = [
    # Excel on Vietnamese-locale Windows, "CSV UTF-8": BOM, ';', CRLF, decimal comma, and a ';'
    # inside a quoted cell. Refused before as one giant column.
    ("excel_vi_csv_utf8.csv", [
        {**FIBRE_ROW, "value": "73,5", "scope_note": "Thử nghiệm; số liệu của Hà Nội"},
        {**SERVICES_ROW, "scope_note": "Mức độ 3; mức độ 4 (thử nghiệm)"}]),
    # Excel "Unicode Text": UTF-16 LE with BOM, tab-separated.
    ("excel_unicode_text.csv", [
        {**FIBRE_ROW, "value": "73,5", "scope_note": "Thử nghiệm; số liệu của Hà Nội"},
        {**SERVICES_ROW, "scope_note": "Mức độ 3; mức độ 4 (thử nghiệm)"}]),
    # Google Sheets: no BOM, CRLF, quoted cell with a line break and doubled quotes.
    ("google_sheets.csv", [
        {**FIBRE_ROW, "value": "73.5",
         "scope_note": 'Ghi chú hai dòng:\r\n"khoảng" theo nguồn, số liệu, thử nghiệm'},
        {**SERVICES_ROW, "scope_note": "Mức độ 3, 4 (thử nghiệm)"}]),
    # LibreOffice: ';' and every text cell quoted.
    ("libreoffice_quoted.csv", [
        {**FIBRE_ROW, "value": "73,5", "scope_note": "Thử nghiệm; số liệu của Hà Nội"},
        {**SERVICES_ROW, "scope_note": "Mức độ 3, 4 (thử nghiệm)"}]),
    # Unikey "Unicode tổ hợp": read and stored as NFC.
    ("unikey_to_hop.csv", [
        {**FIBRE_ROW, "value": "73.5", "scope_note": "Thử nghiệm; số liệu của Hà Nội"}]),
    # A title row and an empty row above the header (Excel, ';').
    ("title_row_semicolon.csv", [
        {**FIBRE_ROW, "value": "73,5", "scope_note": "Thử nghiệm; số liệu của Hà Nội"}]),
]


@pytest.mark.parametrize(("name", "expected"), ACCEPTED, ids=[a for a, _ in ACCEPTED])
def test_staff_csv_is_read(name: str, expected: list[dict[str, str]], data_copy: Path) -> None:
    path = place(data_copy, TARGET, fixture(name))
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems) == []
    rows = rows_of(path)
    assert [{c: r.get(c, "") for c in e} for r, e in zip(rows, expected, strict=True)] == expected
    for r in rows:
        assert all(unicodedata.is_normalized("NFC", v) for v in r.values())
    # The chapters see the figures as numbers.
    obs = quarterly.load_observations(data_copy)
    assert obs.loc[obs["indicator"] == "KPI_CAP_QUANG", "value_num"].iloc[-1] == 73.5


def test_accepted_files_note_only_what_a_reviewer_should_know(data_copy: Path) -> None:
    expected = {
        "excel_vi_csv_utf8.csv": [],
        "google_sheets.csv": [],
        "unikey_to_hop.csv": [
            "Tệp 2022Q4.csv, dòng 2, cột «qualifier»: ô này và 2 ô khác được gõ bằng Unicode tổ "
            "hợp (dấu tách rời khỏi chữ, như khi Unikey đặt bảng mã «Unicode tổ hợp»); đã tự "
            "chuyển sang Unicode dựng sẵn. Nên đặt bảng mã của Unikey là «Unicode»"],
        "title_row_semicolon.csv": [
            "Tệp 2022Q4.csv, dòng 3: dòng tiêu đề cột là dòng 3, không phải dòng 1; đã bỏ qua "
            "phần ở trên (dòng 1: «Số liệu quý IV/2022 — Bộ Thông tin và Truyền thông»)"],
    }
    for name, notes in expected.items():
        place(data_copy, TARGET, fixture(name))
        problems = quarterly_checks.validate_folder(data_copy)
        assert not problems, name
        assert warnings_of(problems) == notes, name


def test_decomposed_qualifier_is_accepted_as_nfc(data_copy: Path) -> None:
    """``trên`` typed as t-r-e-◌̂-n: refused before with a message showing «trên»."""
    typed = unicodedata.normalize("NFD", "trên")
    assert typed != "trên" and len(typed) == 5
    path = place(data_copy, TARGET, fixture("unikey_to_hop.csv"))
    assert rows_of(path)[0]["qualifier"] == "khoảng"
    text = path.read_text(encoding="utf-8").replace(unicodedata.normalize("NFD", "khoảng"), typed)
    path.write_text(text, encoding="utf-8")
    assert not quarterly_checks.validate_folder(data_copy)
    assert rows_of(path)[0]["qualifier"] == "trên"


# --- CSV files that are refused ----------------------------------------------------------------

REFUSED: list[tuple[str, list[str]]] = [
    ("excel_vi_csv_ansi.csv", [
        "Tệp 2022Q4.csv: tệp không phải UTF-8 mà có vẻ được lưu bằng bảng mã Windows-1258 (kiểu "
        "lưu «CSV (Comma delimited)» của Excel trên Windows tiếng Việt); hãy mở tệp Excel gốc và "
        f"lưu lại bằng {SAVE_UTF8}; 17 từ đã mất chữ, bị thay bằng «?» (ví dụ «kho?ng»), không "
        "khôi phục được từ tệp này"]),
    ("thousands_semicolon.csv", [
        "Tệp 2022Q4.csv, dòng 2, cột «value»: giá trị «4.210» — số đếm phải là số nguyên không âm "
        "(không dùng dấu chấm phân cách hàng nghìn: viết 1039, không viết 1.039)"]),
    ("lookalike_code.csv", [
        "Tệp 2022Q4.csv, dòng 2, cột «indicator»: giá trị «KPI_CAP_QU\u0410NG» — "
        f"{NOT_IN_CATALOGUE}; giá trị chứa ký tự U+0410 CYRILLIC CAPITAL LETTER A ở vị trí 11 "
        "(chữ Kirin, trông giống «A») — có phải «KPI_CAP_QUANG»?"]),
    ("invisible_qualifier.csv", [
        f"Tệp 2022Q4.csv, dòng 2, cột «qualifier»: giá trị «trên\u200b» — {QUALIFIER_LIST}; giá "
        "trị chứa ký tự U+200B ZERO WIDTH SPACE ở vị trí 5 (ký tự vô hình) — có phải «trên»?",
        f"Tệp 2022Q4.csv, dòng 3, cột «qualifier»: giá trị «trên\u00a0dưới» — {QUALIFIER_LIST}; "
        "giá trị chứa ký tự U+00A0 NO-BREAK SPACE ở vị trí 5 (khoảng trắng đặc biệt, trông như "
        "dấu cách thường) — có phải «trên dưới»?"]),
    ("tcvn3_font.csv", [
        "Tệp 2022Q4.csv, dòng 2, cột «qualifier»: giá trị «kho¶ng» — chữ có vẻ được gõ bằng bảng "
        "mã TCVN3 (ABC) (phông .VnTime, .VnArial…), không phải Unicode: «kho¶ng» có lẽ là "
        "«khoảng»; cùng lỗi ở 2 ô khác (dòng 2 cột «scope_note», dòng 2 cột «quote»); "
        + UNIKEY.format("TCVN3 (ABC)")]),
    ("vni_font.csv", [
        "Tệp 2022Q4.csv, dòng 2, cột «qualifier»: giá trị «khoaûng» — chữ có vẻ được gõ bằng "
        "bảng mã VNI Windows (phông VNI-Times, VNI-Helve…), không phải Unicode: «khoaûng» có lẽ "
        "là «khoảng»; cùng lỗi ở 2 ô khác (dòng 2 cột «scope_note», dòng 2 cột «quote»); "
        + UNIKEY.format("VNI Windows")]),
    ("tcvn3_bytes.csv", [
        "Tệp 2022Q4.csv: tệp không phải UTF-8 mà có vẻ được gõ bằng bảng mã TCVN3 (ABC) (ví dụ "
        "dòng 2: «kho¶ng» có lẽ là «khoảng»); " + UNIKEY.format("TCVN3 (ABC)")]),
    ("vni_bytes.csv", [
        "Tệp 2022Q4.csv: tệp không phải UTF-8 mà có vẻ được gõ bằng bảng mã VNI Windows (ví dụ "
        "dòng 2: «khoaûng» có lẽ là «khoảng»); " + UNIKEY.format("VNI Windows")]),
    ("damaged_utf8.csv", [
        "Tệp 2022Q4.csv: không đọc được theo mã UTF-8 (dòng 2, byte 0xE1) và không nhận ra bảng "
        "mã tiếng Việt cũ nào (TCVN3, VNI, Windows-1258); hãy mở tệp bằng chương trình đã tạo ra "
        f"nó và lưu lại bằng {SAVE_UTF8}"]),
    ("comma_decimal_unquoted.csv", [
        f"Tệp 2022Q4.csv, dòng 2: giá trị «{FIBRE_QUOTE}» — dòng có ô có nội dung ở cột thứ 9, "
        "cột không có tiêu đề (dòng tiêu đề có 8 cột); các cột của dòng này bị lệch nên dòng "
        "không được kiểm tra tiếp — thường do số thập phân viết bằng dấu phẩy (như 73,5) trong "
        "tệp phân cách bằng dấu phẩy: hãy viết 73.5, đặt số trong ngoặc kép, hoặc lưu lại bằng "
        "Excel"]),
    ("near_miss.csv", [
        "Tệp 2022Q4.csv, dòng 2, cột «indicator»: giá trị «KPI_CAP_QUANGG» — "
        f"{NOT_IN_CATALOGUE} — có phải «KPI_CAP_QUANG»?",
        "Tệp 2022Q4.csv, dòng 2, cột «quarter»: giá trị «Q4/2022» — cần quý dạng YYYYQn, ví dụ "
        "2022Q3 — có phải «2022Q4»?",
        f"Tệp 2022Q4.csv, dòng 2, cột «value»: giá trị «73,5%» — {NEED_NUMBER}; bỏ dấu % (tỷ lệ "
        "phần trăm ghi số từ 0 đến 100, ví dụ 73,5)",
        f"Tệp 2022Q4.csv, dòng 2, cột «qualifier»: giá trị «khoang» — {QUALIFIER_LIST} — có phải "
        "«khoảng»?",
        "Tệp 2022Q4.csv, dòng 2, cột «source_id»: giá trị «A04» — mã nguồn chưa có trong "
        "data/sources.csv; thêm nguồn vào đó trước — có phải «A004»?"]),
]


@pytest.mark.parametrize(("name", "expected"), REFUSED, ids=[a for a, _ in REFUSED])
def test_staff_csv_is_refused_precisely(name: str, expected: list[str], data_copy: Path) -> None:
    place(data_copy, TARGET, fixture(name))
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems) == expected


def test_fixture_count() -> None:
    assert len({n for n, _ in ACCEPTED} | {n for n, _ in REFUSED}) >= 12


def test_legacy_fixtures_say_what_they_read_as() -> None:
    """The fixtures really are in the legacy encodings: decoding them gives the Vietnamese."""
    tcvn3 = fixture("tcvn3_bytes.csv").decode("latin-1")
    vni = fixture("vni_bytes.csv").decode("latin-1")
    assert "Hµ Néi" in tcvn3 and "Haø Noäi" in vni
    assert "số liệu của Hà Nội" in staff_encodings.decode_tcvn3(tcvn3)
    assert "số liệu của Hà Nội" in staff_encodings.decode_vni(vni)
    assert staff_encodings.decode_vni("Vieät Nam ngöôøi ÑAØ NAÜNG") == "Việt Nam người ĐÀ NẴNG"


def test_utf16_without_bom_and_unusual_header_spelling(data_copy: Path) -> None:
    header = "\t".join(c.upper() if c == "indicator" else c for c in quarterly.COLUMNS)
    cells = dict(zip(quarterly.COLUMNS, [""] * len(quarterly.COLUMNS), strict=True))
    cells.update({"indicator": "KPI_CAP_QUANG", "date": "2022/11/15", "quarter": "2022Q4",
                  "value": "73,5", "source_id": "A004", "quote": FIBRE_QUOTE})
    text = "\u200b" + header + "\r\n" + "\t".join(cells[c] for c in quarterly.COLUMNS) + "\r\n"
    path = place(data_copy, TARGET, text.encode("utf-16-le"))
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems) == []
    assert rows_of(path)[0]["date"] == "2022-11-15"  # year first: unambiguous, normalized


def test_header_faults(data_copy: Path) -> None:
    cols = list(quarterly.COLUMNS)
    place(data_copy, TARGET, ("|".join(cols) + "\nKPI_CAP_QUANG|2022-11-15\n").encode())
    text = errors_of(quarterly_checks.validate_folder(data_copy))
    assert len(text) == 2  # the missing columns, and the one unknown column
    assert text[0].startswith("Tệp 2022Q4.csv, dòng 1: thiếu cột «indicator», «date»")
    assert text[0].endswith(f"; dòng tiêu đề chỉ có một cột «{'|'.join(cols)}»: các cột phải "
                            "cách nhau bằng dấu phẩy, dấu chấm phẩy hoặc tab")
    renamed = ["sourceid" if c == "source_id" else c for c in cols]
    body = ",".join(renamed) + "\n" + ",".join(["x"] * len(cols)) + "\n"
    place(data_copy, TARGET, body.encode())
    text = errors_of(quarterly_checks.validate_folder(data_copy))
    assert text[0] == ("Tệp 2022Q4.csv, dòng 1: thiếu cột «source_id»; các cột cần có: "
                       + ", ".join(cols))
    assert text[1] == ("Tệp 2022Q4.csv, dòng 1: cột không được hỗ trợ «sourceid» — có phải "
                       "«source_id»?; các cột hợp lệ: " + ", ".join(cols))


def csv_line(cells: dict[str, str], extra: tuple[str, ...] = ()) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(
        [cells.get(c, "") for c in quarterly.COLUMNS] + list(extra))
    return buffer.getvalue()


def test_duplicate_column_and_data_above_the_header(data_copy: Path) -> None:
    cols = list(quarterly.COLUMNS)
    good = {"indicator": "KPI_CAP_QUANG", "date": "2022-11-15", "quarter": "2022Q4",
            "value": "73.5", "source_id": "A004", "quote": "đạt 73.5%"}
    line = csv_line(good)
    place(data_copy, TARGET, "\n".join([line, ",".join(cols + ["value"]),
                                        csv_line(good, ("1",))]).encode())
    above = " | ".join(v for v in line.split(",") if v)
    assert len(above) > 60  # shown cut, as every long value is
    assert errors_of(quarterly_checks.validate_folder(data_copy)) == [
        "Tệp 2022Q4.csv, dòng 2: cột «value» xuất hiện hai lần (cột thứ 4 và cột thứ "
        f"{len(cols) + 1}); chỉ giữ một cột",
        f"Tệp 2022Q4.csv, dòng 1: giá trị «{above[:57]}…» — "
        "dòng này nằm trên dòng tiêu đề cột (dòng 2) nhưng có 6 ô có nội dung; dữ liệu phải nằm "
        "dưới dòng tiêu đề: hãy xóa dòng này hoặc chuyển nó xuống dưới",
    ]


def test_file_kind_is_read_from_the_bytes(data_copy: Path) -> None:
    book = Workbook()
    book.active.append(quarterly.COLUMNS)
    folder = data_copy / quarterly.QUARTERLY
    book.save(folder / TARGET)
    (folder / "2023Q1.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    (folder / "2023Q2.xlsx").write_bytes(b"indicator,date\n")
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems) == [
        "Tệp 2022Q4.csv: tệp có tên .csv nhưng thực ra là bảng tính Excel (.xlsx); hãy đổi đuôi "
        f"tên tệp thành .xlsx, hoặc mở bằng Excel và lưu lại bằng {SAVE_UTF8}"]
    assert errors_of(problems, "2023Q1.xlsx") == [
        "Tệp 2023Q1.xlsx: tệp là bảng tính Excel 97–2003 (.xls) hoặc tệp Excel có mật khẩu; hãy "
        "bỏ mật khẩu và lưu lại bằng «Excel Workbook (*.xlsx)»"]
    assert errors_of(problems, "2023Q2.xlsx") == [
        "Tệp 2023Q2.xlsx: tệp có tên .xlsx nhưng thực ra là tệp văn bản (CSV); hãy đổi đuôi tên "
        "tệp thành .csv"]


@pytest.mark.parametrize(("name", "hint"), [
    ("2022q4.csv", " — có phải «2022Q4.csv»?"),
    ("2022Q4 (1).csv", " — có phải «2022Q4.csv»?"),
    ("2022Q4.xls", "; tệp .xls (Excel 97–2003) không đọc được, và đổi đuôi tên tệp không đổi "
                   "được nội dung: hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại bằng "
                   "«Excel Workbook (*.xlsx)» với tên 2022Q4.xlsx"),
    ("2022Q4.txt", "; tệp .txt (văn bản): hãy đổi đuôi thành .csv — có phải «2022Q4.csv»?"),
    ("bao_cao.csv", ""),
])
def test_file_name_hints(name: str, hint: str, data_copy: Path) -> None:
    place(data_copy, name, fixture("google_sheets.csv"))
    assert errors_of(quarterly_checks.validate_folder(data_copy), name) == [
        f"Tệp {name}: tên tệp cần dạng YYYYQn.csv hoặc YYYYQn.xlsx, ví dụ 2022Q3.csv{hint}"]


# --- workbooks ---------------------------------------------------------------------------------


def observation(**changes: object) -> list[object]:
    cells: dict[str, object] = {
        "indicator": "KPI_CAP_QUANG", "date": dt.datetime(2022, 11, 15), "quarter": "2022Q4",
        "value": 73.5, "qualifier": "", "scope_note": "Thử nghiệm", "source_id": "A004",
        "quote": FIBRE_QUOTE}
    cells.update(changes)
    return [cells.get(c) for c in quarterly.COLUMNS]


def col(name: str) -> str:
    """The spreadsheet letter of a quarterly column (the column list may grow)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(quarterly.COLUMNS.index(name) + 1)


def save(book: Workbook, folder: Path, name: str = "2022Q4.xlsx") -> Path:
    path = folder / quarterly.QUARTERLY / name
    book.save(path)
    return path


def with_cached_values(path: Path, values: dict[str, str]) -> None:
    """What Excel writes: the formula and its last result (openpyxl writes no result)."""
    with zipfile.ZipFile(path) as src:
        items = {n: src.read(n) for n in src.namelist()}
    sheet = items["xl/worksheets/sheet1.xml"].decode()
    for ref, value in values.items():
        sheet, count = re.subn(rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v ?/>',
                               rf"\g<1>\g<2><v>{value}</v>", sheet)
        assert count == 1
    items["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in items.items():
            dst.writestr(name, data)


def test_formula_without_cached_value_names_the_cell(data_copy: Path) -> None:
    book = Workbook()
    book.active.append(quarterly.COLUMNS)
    book.active.append(observation(value="=70+3.5"))
    save(book, data_copy)
    ref = f"{col('value')}2"
    assert errors_of(quarterly_checks.validate_folder(data_copy), "2022Q4.xlsx") == [
        f"Tệp 2022Q4.xlsx, dòng 2, cột «value»: giá trị «=70+3.5» — ô {ref} có công thức nhưng "
        "tệp không lưu kết quả đã tính (tệp được tạo bằng chương trình không tính công thức, ví "
        "dụ openpyxl); hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại rồi chạy lại, hoặc "
        "dán giá trị thay cho công thức"]


def test_formula_with_cached_value_is_read(data_copy: Path) -> None:
    book = Workbook()
    book.active.append(quarterly.COLUMNS)
    book.active.append(observation(value="=70+3.5"))
    path = save(book, data_copy)
    with_cached_values(path, {f"{col('value')}2": "73.5"})
    assert not quarterly_checks.validate_folder(data_copy)
    assert rows_of(path)[0]["value"] == "73.5"


def test_dates_in_workbooks(data_copy: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(quarterly.COLUMNS)
    sheet.append(observation())  # a real date cell
    sheet.append(observation(indicator="KPI_DIEN_THOAI_TM", date=dt.datetime(2022, 11, 1),
                             value=80, quote="đạt 80% (thử nghiệm)"))
    sheet[f"{col('date')}3"].number_format = "mm/yyyy"  # shows the month only
    sheet.append(observation(indicator="KPI_TMDT_BAN_LE", date=44880, value=12,
                             quote="đạt 12% (thử nghiệm)"))  # a serial number
    sheet.append(observation(indicator="KPI_TK_THANH_TOAN", date="2022/11/16", value="70,5",
                             quote="đạt 70,5% (thử nghiệm)"))  # text, year first; number as text
    sheet.append(observation(indicator="KPI_HOA_DON_DT", date="15/11/2022", value=100,
                             quote="đạt 100% (thử nghiệm)"))  # text, day first
    sheet.append(observation(indicator="VBDT_TYLE", date="08/07/2022", value=90,
                             quote="đạt 90% (thử nghiệm)"))  # day and month both ≤ 12
    sheet.append(observation(indicator="SOC_TYLE", date="11/2022", value=40,
                             quote="đạt 40% (thử nghiệm)"))  # month/year
    for _ in range(3):
        sheet.append([None] * len(quarterly.COLUMNS))  # trailing blank rows
    path = save(book, data_copy)
    problems = quarterly_checks.validate_folder(data_copy)
    # Day/month/year and month/year text is read as Vietnamese programs write it, with a note;
    # 08/07/2022 is 8 July, so it is outside the file's quarter.
    assert errors_of(problems, "2022Q4.xlsx") == [
        "Tệp 2022Q4.xlsx, dòng 7, cột «quarter»: giá trị «2022Q4» — ngày 2022-07-08 thuộc 2022Q3, "
        "không thuộc quý này"]
    assert warnings_of(problems, "2022Q4.xlsx") == [
        f"Tệp 2022Q4.xlsx, dòng 4, cột «date»: giá trị «44880» — ô {col('date')}4 là số 44880, "
        "được hiểu là ngày theo số thứ tự ngày của Excel: 15/11/2022; nên định dạng ô là ngày "
        "(Date) để thấy đúng ngày",
        "Tệp 2022Q4.xlsx, dòng 6, cột «date»: giá trị «15/11/2022» — ngày ghi dạng ngày/tháng/năm "
        "(ngày 15 tháng 11 năm 2022), đã đọc là 2022-11-15; cùng cách đọc cho 1 ô ngày khác",
        "Tệp 2022Q4.xlsx, dòng 8, cột «date»: giá trị «11/2022» — ngày ghi dạng tháng/năm (tháng "
        "11 năm 2022), đã đọc là 2022-11"]
    dates = [(r["indicator"], r["date"], r["value"]) for r in rows_of(path)]
    assert dates == [("KPI_CAP_QUANG", "2022-11-15", "73.5"),
                     ("KPI_DIEN_THOAI_TM", "2022-11", "80"),
                     ("KPI_TMDT_BAN_LE", "2022-11-15", "12"),
                     ("KPI_TK_THANH_TOAN", "2022-11-16", "70,5"),
                     ("KPI_HOA_DON_DT", "2022-11-15", "100"),
                     ("VBDT_TYLE", "2022-07-08", "90"),
                     ("SOC_TYLE", "2022-11", "40")]


def test_csv_date_serial_and_dash_hints(data_copy: Path) -> None:
    cols = quarterly.COLUMNS
    good = {"indicator": "KPI_CAP_QUANG", "quarter": "2022Q4", "value": "73.5",
            "source_id": "A004", "quote": "đạt 73,5%"}
    lines = [",".join(cols)]
    for date in ("44880", "2022\u201311\u201316", "13/25/2022"):
        lines.append(csv_line({**good, "date": date}))
    place(data_copy, TARGET, "\n".join(lines).encode())
    problems = quarterly_checks.validate_folder(data_copy)
    assert errors_of(problems) == [
        "Tệp 2022Q4.csv, dòng 4, cột «date»: giá trị «13/25/2022» — không phải ngày theo cách ghi "
        "ngày/tháng/năm (không có tháng 25); tệp có lẽ được lưu bằng chương trình đặt ngôn ngữ "
        "tiếng Anh (Mỹ), vốn ghi tháng trước ngày (tháng/ngày/năm), nên các ngày khác trong tệp "
        "cũng có thể đã bị đảo ngày và tháng: hãy đặt vùng (Region/Locale) của Excel, Google "
        "Sheets hoặc LibreOffice là Việt Nam rồi lưu lại, hoặc ghi ngày dạng yyyy-mm-dd",
        f"Tệp 2022Q4.csv, dòng 3, cột «date»: giá trị «2022\u201311\u201316» — {NEED_DATE}; giá "
        "trị chứa ký tự U+2013 EN DASH ở vị trí 5 (dấu gạch ngang hoặc dấu trừ, khác dấu «-» "
        "thường); ký tự U+2013 EN DASH ở vị trí 8 (dấu gạch ngang hoặc dấu trừ, khác dấu «-» "
        "thường) — có phải «2022-11-16»?",
    ]
    assert warnings_of(problems) == [
        "Tệp 2022Q4.csv, dòng 2, cột «date»: giá trị «44880» — ngày ghi dạng số thứ tự ngày của "
        "Excel (ngày 15/11/2022), đã đọc là 2022-11-15"]


def test_guide_sheet_title_row_percent_and_bad_cells(data_copy: Path) -> None:
    book = Workbook()
    guide = book.active
    guide.title = "huong_dan"
    guide.append(["Cột", "Nội dung"])
    guide.append(["indicator", "mã chỉ tiêu"])
    sheet = book.create_sheet("so_lieu")
    sheet.append(["Số liệu quý IV/2022"])
    sheet.append([])
    sheet.append(quarterly.COLUMNS)
    sheet.append(observation(value=0.735))
    sheet[f"{col('value')}4"].number_format = "0.0%"
    sheet.append([])  # a blank row in the middle keeps the numbering
    sheet.append(observation(indicator="KPI_DIEN_THOAI_TM", value=dt.datetime(2022, 9, 15),
                             quote="đạt 15,9%"))
    sheet.append(observation(indicator="KPI_HOA_DON_DT", value="#DIV/0!"))
    path = save(book, data_copy)
    problems = quarterly_checks.validate_folder(data_copy)
    v = col("value")
    assert errors_of(problems, "2022Q4.xlsx") == [
        f"Tệp 2022Q4.xlsx, dòng 6, cột «value»: giá trị «15/09/2022» — ô {v}6 là một ngày "
        "(15/09/2022), không phải số: Excel có thể đã tự đổi số vừa gõ (như «15.9») thành ngày; "
        "hãy định dạng ô là Number hoặc Text rồi gõ lại số",
        f"Tệp 2022Q4.xlsx, dòng 7, cột «value»: giá trị «#DIV/0!» — ô {v}7 chứa lỗi của công "
        "thức; sửa công thức hoặc gõ giá trị",
    ]
    assert warnings_of(problems, "2022Q4.xlsx") == [
        "Tệp 2022Q4.xlsx: đã đọc trang tính «so_lieu» (trang thứ 2), trang có dòng tiêu đề cột; "
        "các trang khác («huong_dan») không được đọc",
        "Tệp 2022Q4.xlsx, dòng 3: trang tính «so_lieu»: dòng tiêu đề cột là dòng 3, không phải "
        "dòng 1; đã bỏ qua phần ở trên (dòng 1: «Số liệu quý IV/2022»)",
        f"Tệp 2022Q4.xlsx, dòng 4, cột «value»: giá trị «73.5» — ô {v}4 được định dạng phần trăm "
        "(Excel lưu 0,735, hiện 73,5%); đã đọc là 73,5",
    ]
    assert rows_of(path)[0]["value"] == "73.5"


def test_two_data_sheets_and_missing_columns_name_the_sheet(data_copy: Path) -> None:
    book = Workbook()
    book.active.append(quarterly.COLUMNS)
    book.active.append(observation())
    other = book.create_sheet("quy_truoc")
    other.append(quarterly.COLUMNS)
    other.append(observation())
    save(book, data_copy)
    assert errors_of(quarterly_checks.validate_folder(data_copy), "2022Q4.xlsx") == [
        "Tệp 2022Q4.xlsx: có 2 trang tính cùng có dòng tiêu đề cột và số liệu («Sheet», "
        "«quy_truoc»); mỗi tệp chỉ để một trang số liệu của quý này"]
    book = Workbook()
    book.active.title = "Trang1"
    book.active.append(["indicator", "date", "value"])
    book.active.append(["KPI_CAP_QUANG", "2022-11-15", 73.5])
    save(book, data_copy)
    missing = ", ".join(f"«{c}»" for c in quarterly.REQUIRED if c not in ("indicator", "date",
                                                                          "value"))
    assert errors_of(quarterly_checks.validate_folder(data_copy), "2022Q4.xlsx") == [
        f"Tệp 2022Q4.xlsx, dòng 1: trang tính «Trang1»: thiếu cột {missing}; các cột cần có: "
        + ", ".join(quarterly.COLUMNS)]


def test_workbook_in_legacy_font(data_copy: Path) -> None:
    book = Workbook()
    book.active.append(quarterly.COLUMNS)
    book.active.append(observation(scope_note="Sè liÖu cña Hµ Néi", quote="®¹t 73,5%"))
    save(book, data_copy)
    assert errors_of(quarterly_checks.validate_folder(data_copy), "2022Q4.xlsx") == [
        "Tệp 2022Q4.xlsx, dòng 2, cột «scope_note»: giá trị «Sè liÖu cña Hµ Néi» — chữ có vẻ được "
        "gõ bằng bảng mã TCVN3 (ABC) (phông .VnTime, .VnArial…), không phải Unicode: «liÖu» có "
        "lẽ là «liệu»; cùng lỗi ở 1 ô khác (dòng 2 cột «quote»); " + UNIKEY.format("TCVN3 (ABC)")]


# --- data notes (warnings) ---------------------------------------------------------------------


def test_data_notes_do_not_fail_and_render_as_markdown(data_copy: Path) -> None:
    cols = quarterly.COLUMNS
    rows = [
        {"indicator": "KPI_CAP_QUANG", "date": "2022-11-15", "value": "0.735",
         "quote": "tỷ lệ đạt 0,735"},  # a fraction where a percentage was meant
        {"indicator": "CDVCQG_TAI_KHOAN", "date": "2022-11-15", "value": "2100000000",
         "quote": "hơn 2,1 tỷ tài khoản"},  # 1000 × the previous figure
        {"indicator": "KPI_DIEN_THOAI_TM", "date": "2022-11-15", "value": "72",
         "quote": "tỷ lệ điện thoại thông minh tăng"},  # the quote lacks the figure
        {"indicator": "CDVCQG_DVC", "date": "2022-11-15", "value": "4210",
         "quote": "cung cấp 4.210 dịch vụ"},  # written with a thousands point: fine
    ]
    lines = [",".join(cols)]
    for r in rows:
        lines.append(csv_line({**r, "quarter": "2022Q4", "source_id": "A004"}))
    place(data_copy, TARGET, "\n".join(lines).encode())
    problems = quarterly_checks.validate_folder(data_copy)
    assert not problems
    assert warnings_of(problems) == [
        "Tệp 2022Q4.csv, dòng 2, cột «value»: giá trị «0.735» — tỷ lệ rất nhỏ so với lần trước "
        "(lần trước: «71.75» ngày 08/08/2022, tệp 2022Q3.csv dòng 6); có phải đã ghi dạng phân "
        "số (0,735 thay cho 73,5)? Tỷ lệ phần trăm ghi số từ 0 đến 100",
        "Tệp 2022Q4.csv, dòng 3, cột «value»: giá trị «2100000000» — số đếm khác lần trước hơn "
        "100 lần (lần trước: «2100000» ngày 08/08/2022, tệp 2022Q3.csv dòng 16); hãy kiểm tra "
        "đơn vị (nghìn, triệu) và dấu phân cách",
        "Tệp 2022Q4.csv, dòng 4, cột «quote»: giá trị «tỷ lệ điện thoại thông minh tăng» — trích "
        "dẫn không chứa con số «72» của cột «value»; " + quarterly_checks.READ_NOTE,
    ]
    notes = quarterly_checks.data_notes(data_copy)
    assert [n.render() for n in notes if n.file == TARGET] == warnings_of(problems)
    assert all(n.is_warning for n in notes)
    page = data_notes.render_data_notes(notes)
    assert page.startswith("Bước kiểm tra số liệu trong nước ghi lại những điểm dưới đây.")
    assert "**Tệp data/quarterly/2020Q3.csv**" in page
    assert page.index("2020Q3.csv") < page.index("2022Q4.csv")  # oldest quarter first
    # The file's text is code in the book (the book's «» hold the sources' words only).
    assert ("- Dòng 4, cột `quote`: giá trị `tỷ lệ điện thoại thông minh tăng` — trích dẫn không "
            "chứa con số `72` của cột `value`; câu không ghi số nào cùng loại") in page


def test_render_data_notes_escapes_markdown_and_handles_none() -> None:
    assert data_notes.render_data_notes([]) == (
        "Không có ghi chú nào: mọi tệp số liệu quý đọc được đúng như mẫu.\n")
    notes = ProblemList()
    notes.warn("2022Q4.csv", "đã đọc trang tính «so_lieu»")
    notes.warn("2022Q4.csv", "mã *DVC_M4* [x]", row=2, column="indicator", value="<b>")
    assert data_notes.render_data_notes(notes.warnings).splitlines()[2:] == [
        "**Tệp data/quarterly/2022Q4.csv**",
        "",
        "- Đã đọc trang tính `so_lieu`",
        "- Dòng 2, cột `indicator`: giá trị `<b>` — mã \\*DVC\\_M4\\* \\[x\\]",
    ]


def test_committed_data_has_no_errors_and_its_notes() -> None:
    problems = quarterly_checks.validate_folder()
    assert not problems, problems.render()
    assert ("Tệp 2020Q3.csv, dòng 5, cột «quote»: giá trị «Bộ Y tế và Bộ Thông tin-Truyền thông "
            "(TT-TT) có tỷ lệ dịc…» — trích dẫn không chứa con số «2» của cột «value»; "
            + quarterly_checks.READ_NOTE) in [w.render() for w in problems.warnings]
    # A quote that gives another figure of the kind is still a mistake to check.
    assert not quarterly_checks.value_read("16.4", "khoảng 15,91%", "percent")


def test_warnings_never_make_a_problem_list_true() -> None:
    problems = ProblemList()
    problems.warn("a.csv", "lưu ý")
    assert not problems and len(problems) == 0 and problems.render() == ""
    other = ProblemList()
    other.extend(problems)
    assert other.warnings[0].render() == "Tệp a.csv: lưu ý"


# --- the building blocks -----------------------------------------------------------------------


@pytest.mark.parametrize(("word", "ok"), [
    ("Hà", True), ("Nội", True), ("nghiệm", True), ("người", True), ("khuya", True),
    ("Hµ", False), ("thö", False), ("Noäi", False), ("khoaỷng", False), ("Müller", False)])
def test_syllable_shape(word: str, ok: bool) -> None:
    assert staff_encodings.is_vietnamese_syllable(word) is ok


@pytest.mark.parametrize(("value", "choices", "expected"), [
    ("dvc_m4_tyle", ["DVC_M4_TYLE", "DVC_M4_SO_LUONG"], "DVC_M4_TYLE"),
    ("DVC_M4_TYL", ["DVC_M4_TYLE", "DVC_M4_SO_LUONG"], "DVC_M4_TYLE"),
    ("tren duoi", quarterly.QUALIFIERS, "trên dưới"),
    ("hon", quarterly.QUALIFIERS, "hơn"),
    ("xấp xỉ", quarterly.QUALIFIERS, None),
    ("trên", quarterly.QUALIFIERS, None),
])
def test_suggest(value: str, choices: list[str], expected: str | None) -> None:
    assert staff_text.suggest(value, choices) == expected


@pytest.mark.parametrize(("value", "text"), [
    (73.5, "73.5"), (15.909999999999998, "15.91"), (1e-05, "0.00001"), (2500000.0, "2500000"),
    (1039, "1039"), (True, "TRUE")])
def test_number_text(value: float, text: str) -> None:
    assert staff_xlsx.number_text(value) == text


@pytest.mark.parametrize(("make", "kind"), [
    (lambda: b"", "empty"), (lambda: b"  \r\n", "empty"), (lambda: b"a,b\n", "text"),
    (lambda: b"PK\x03\x04junk", "zip"), (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2")])
def test_sniff(make: Callable[[], bytes], kind: str) -> None:
    assert staff_encodings.sniff(make()) == kind


def test_explain_lookalikes_is_silent_for_plain_text() -> None:
    assert staff_text.explain_lookalikes("Số liệu của Hà Nội, 73,5%") == ""
    assert staff_text.explain_lookalikes("A\u00d0") == (
        "chứa ký tự U+00D0 LATIN CAPITAL LETTER ETH ở vị trí 2 (chữ Eth của tiếng Iceland, trông "
        "giống «Đ»)")


def test_reading_does_not_touch_the_file(data_copy: Path) -> None:
    for name in ("excel_vi_csv_ansi.csv", "unikey_to_hop.csv"):
        path = place(data_copy, TARGET, fixture(name))
        quarterly_checks.validate_folder(data_copy)
        assert path.read_bytes() == fixture(name)


def test_fixture_folder_is_documented() -> None:
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for name in {n for n, _ in ACCEPTED} | {n for n, _ in REFUSED}:
        assert name in readme, name


def test_foreign_names_are_not_taken_for_legacy_fonts(data_copy: Path) -> None:
    cols = quarterly.COLUMNS
    good = {"indicator": "KPI_CAP_QUANG", "date": "2022-11-15", "quarter": "2022Q4",
            "value": "73.5", "source_id": "A004"}
    lines = [",".join(cols),
             csv_line({**good, "quote": "đạt 73,5% (theo São Paulo)", "scope_note": "São Paulo"}),
             csv_line({**good, "date": "2022-11-16", "quote": "đạt 73,5% — Müller, Zürich, café"})]
    place(data_copy, TARGET, "\n".join(lines).encode())
    assert errors_of(quarterly_checks.validate_folder(data_copy)) == []
