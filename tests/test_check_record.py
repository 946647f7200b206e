"""``egovbook check-record``: every recorded part compared, each difference listed, exit 2; files
that are no record refused in Vietnamese; the README's command works as written; argparse speaks
Vietnamese."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from egovbook import cli
from egovbook.build import record

PARAMETERS = {"country": "VNM", "year": 2024, "quarter": "2022Q3"}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny project (no git) with the record of a book built in it, as the working directory."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (root / "data" / "sources.csv").write_text("source_id\nA000\n", encoding="utf-8")
    monkeypatch.setenv("EGOVBOOK_ROOT", str(root))
    monkeypatch.chdir(root)
    record.write_json(record.collect(root, PARAMETERS), root / "_build" / "html" /
                      record.RECORD_NAME)
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["check-record", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_readme_command_works_from_the_root(project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`.venv/bin/egovbook check-record reproducibility.json`" in readme
    code, out, err = run(capsys, "reproducibility.json")
    python = sys.version.split()[0]
    assert (code, err) == (0, "")
    assert out == (f"Hồ sơ _build/html/reproducibility.json khớp với bản sao này: commit không có, "
                   f"Python {python}, {len(record.PACKAGES)} gói, tham số «make book COUNTRY=VNM "
                   "YEAR=2024 QUARTER=2022Q3», mọi 2 tệp đầu vào.\n")
    assert run(capsys)[0] == 0  # the record of the book built here is the default


def test_every_recorded_part_is_compared(project: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    saved = json.loads((project / "_build" / "html" / record.RECORD_NAME).read_text("utf-8"))
    pandas = saved["packages"]["pandas"]
    saved["git"]["commit"] = "0" * 40
    saved["python"] = "3.10.1"
    saved["packages"]["pandas"] = "2.0.0"
    saved["parameters"]["country"] = "KHM"
    saved["inputs"][0]["sha256"] = "0" * 64
    changed = tmp_path / "doi.json"
    changed.write_text(json.dumps(saved), encoding="utf-8")
    code, out, _ = run(capsys, str(changed))
    python = sys.version.split()[0]
    assert code == cli.EXIT_DATA
    assert out.splitlines() == [
        f"Hồ sơ {changed} KHÔNG khớp với bản sao này (6 điểm khác):",
        f"• commit git: hồ sơ ghi {'0' * 40}, bản sao này không nằm trong kho git",
        f"• phiên bản Python: hồ sơ ghi 3.10.1, ở đây là {python}",
        f"• gói pandas: hồ sơ ghi 2.0.0, ở đây là {pandas}",
        "• tham số: hồ sơ ghi country KHM, year 2024, quarter 2022Q3 nhưng lệnh dựng lại của nó là "
        "«make book COUNTRY=VNM YEAR=2024 QUARTER=2022Q3» (theo tham số phải là «make book "
        "COUNTRY=KHM YEAR=2024 QUARTER=2022Q3»)",
        "• tham số country: hồ sơ ghi KHM, sách dựng ở đây (_build/html) dùng VNM",
        f"• khác nội dung: {saved['inputs'][0]['path']}"]


@pytest.mark.parametrize(("name", "data", "why"), [
    ("rong.json", b"", "rong.json là tệp rỗng, không phải hồ sơ tái lập reproducibility.json"),
    ("sach.pdf", b"%PDF-1.7\n%\xe2\xe3", "sach.pdf là tệp PDF (có lẽ là bản in của sách), không "
                                         "phải hồ sơ tái lập reproducibility.json"),
    ("hong.json", b'{"inputs": [', "hong.json không phải JSON hợp lệ (dòng 1, cột 13), nên không "
                                   "phải hồ sơ tái lập reproducibility.json"),
    ("khac.json", b'{"a": 1}', "khac.json không phải hồ sơ tái lập đầy đủ: thiếu mục «parameters», "
                               "«command», «git», «python», «packages», «inputs»"),
])
def test_what_is_no_record_is_said_in_vietnamese(name: str, data: bytes, why: str, project: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (project / name).write_bytes(data)
    assert run(capsys, name) == (cli.EXIT_DATA, "",
                                 f"Không kiểm tra được hồ sơ tái lập: {why}.\n")


def test_a_missing_record_says_where_it_looked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "p"
    (root / "data").mkdir(parents=True)
    (root / "_config.yml").write_text("title: t\n", encoding="utf-8")
    monkeypatch.setenv("EGOVBOOK_ROOT", str(root))
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "reproducibility.json")
    here = Path("reproducibility.json")
    assert (code, out) == (cli.EXIT_DATA, "")
    assert err == (
        "Không kiểm tra được hồ sơ tái lập: không thấy tệp hồ sơ «reproducibility.json» (đã tìm: "
        f"{here}, {root / here}, {root / '_build' / 'html' / here}); hồ sơ của sách dựng ở đây là "
        "_build/html/reproducibility.json (chạy make book nếu chưa dựng), hồ sơ của sách đã xuất "
        "bản tải được ở trang «Phụ lục: hồ sơ tái lập».\n")


# --- argparse in Vietnamese -----------------------------------------------------------------


def test_help_is_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: egovbook [-h] LỆNH ...\n")
    assert "  -h, --help        in hướng dẫn này rồi thoát\n" in out
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in out
    with pytest.raises(SystemExit):
        cli.main(["check-record", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: egovbook check-record [-h] [HỒ_SƠ]\n")
    assert "\ntham số:\n" in out and "\ntùy chọn:\n" in out


@pytest.mark.parametrize(("args", "message"), [
    ([], "egovbook: lỗi: thiếu tham số bắt buộc: LỆNH"),
    (["kiemtra"], "egovbook: lỗi: LỆNH: không có lựa chọn 'kiemtra' (chọn một trong: "
                  "'import-un', 'import-countries', 'validate', 'templates', 'check-record', "
                  "'golden', 'build', 'publish', 'site')"),
    (["build", "--year", "hai nghìn"], "egovbook build: lỗi: --year: giá trị 'hai nghìn' không hợp "
                                       "lệ (cần số nguyên)"),
    (["build", "--quater", "2022Q3"], "egovbook: lỗi: không nhận ra tham số: --quater 2022Q3"),
    (["import-un"], "egovbook import-un: lỗi: thiếu tham số bắt buộc: TỆP"),
])
def test_argument_errors_are_vietnamese(args: list[str], message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(args)
    assert stopped.value.code == cli.EXIT_DATA
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Cách dùng: egovbook")
    assert err[-2:] == [message, f"Xem hướng dẫn: {message.split(': lỗi')[0]} --help"]


def test_the_appendix_tells_how_to_rebuild_only_from_a_clean_tree(project: Path) -> None:
    """A build from uncommitted changes cannot be rebuilt by checking out its commit: the
    appendix says so instead of giving the instruction (review 6, C7)."""
    commit = "fcc53850638bea6eed3c838002f1b89d84e4b1dc"
    built = record.collect(project, PARAMETERS)
    clean = record.page({**built, "git": {"commit": commit, "modified_tracked_files": False}})
    assert f"lấy mã nguồn ở commit trên (`git checkout {commit}`)" in clean
    assert "không có tệp nào sửa so với commit" in clean and "bản nháp" not in clean
    draft = record.page({**built, "git": {"commit": commit, "modified_tracked_files": True}})
    assert "git checkout" not in draft and "Để dựng lại đúng bản này" not in draft
    assert "có tệp đã sửa so với commit" in draft
    assert "không dựng lại được đúng bản này từ commit trên" in " ".join(draft.split())
