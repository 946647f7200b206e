"""Editions: a draft is compared with the latest *published* edition recorded in editions/, and
says why each figure changed (new quarter, corrected rows, method commits); publishing refuses a
checkout the recorded commit would not reproduce."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from egovbook import cli
from egovbook.build import changes_words, citing, editions, inputdiff, release, site_index
from egovbook.build.pipeline import Options
from egovbook.common import fmt

from conftest import ROOT

HEADER = (ROOT / "data" / "quarterly" / "2022Q3.csv").read_text(encoding="utf-8").splitlines()
INDICATORS = ROOT / "data" / "domestic" / "indicators.csv"


def _indicator_name(line: str) -> str:
    """The reader's name of a quarterly row's indicator, read from the indicators file here."""
    import csv

    with INDICATORS.open(encoding="utf-8") as fh:
        names = {r["code"]: r["name_vi"] for r in csv.DictReader(fh)}
    return names[line.split(",")[0]]


def _git(root: Path, *args: str) -> str:
    out = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                         cwd=root, check=True, capture_output=True, text=True)
    return out.stdout.strip()


def _inputs(root: Path) -> list[dict[str, str]]:
    return [{"path": str(p.relative_to(root)), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for p in sorted(root.rglob("*")) if p.is_file() and ".git" not in p.parts
            and "editions" not in p.parts]


def _rec(root: Path, quarter: str, year: int = 2024) -> dict[str, object]:
    return {"build_date": "2026-12-01T10:00:00+00:00", "command": "make book",
            "parameters": {"country": "VNM", "year": year, "quarter": quarter},
            "git": {"commit": _git(root, "rev-parse", "HEAD"), "modified_tracked_files": False},
            "inputs": _inputs(root)}


def _value(key: str, text: str, quarter: str, exact: str | None = None,
           file: str = "quarterly/2022Q3.csv") -> dict[str, object]:
    chapter, _, _ = key.partition("::")
    return {"key": key, "chapter": chapter, "text": text, "exact": exact,
            "how": "số liệu có đến cuối quý" if exact else "",
            "inputs": [{"file": file, "sha256": "x"}] if exact else [],
            "parameters": {"country": "VNM", "quarter": quarter}}


def _reg(quarter: str, n_obs: str, extra: dict[str, str] | None = None) -> dict[str, object]:
    vals = [_value("04::n_obs", n_obs, quarter, n_obs),
            _value("04::quarter", quarter, quarter),
            _value("04::quarter_vi", editions.periods.quarter_vi(quarter), quarter)]
    vals += [_value(k, v, quarter, v) for k, v in (extra or {}).items()]
    return {"parameters": {"country": "VNM", "year": 2024, "quarter": quarter}, "values": vals}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A small git project: one quarterly file (three rows of 2022Q3.csv) and a module."""
    root = tmp_path / "p"
    (root / "data" / "quarterly").mkdir(parents=True)
    (root / "data" / "domestic").mkdir()
    shutil.copy(INDICATORS, root / "data" / "domestic" / "indicators.csv")
    (root / "scripts").mkdir()
    (root / "data" / "quarterly" / "2022Q3.csv").write_text("\n".join(HEADER[:4]) + "\n",
                                                            encoding="utf-8")
    (root / "scripts" / "m.py").write_text("X = 1\n", encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "start")
    return root


def _publish(root: Path, reg: dict[str, object], day: str = "2026-12-01") -> dict[str, object]:
    editions.record_edition(root, _rec(root, "2022Q3"), reg, True, dt.date.fromisoformat(day))
    found = editions.latest(root, "VNM")
    assert found is not None
    return found


def _page(root: Path, edition: dict[str, object], reg: dict[str, object],
          rec: dict[str, object]) -> str:
    return editions.page(root, edition, reg, rec, {"04": "Chỉ tiêu"}, "Việt Nam", root / "book")


def test_a_new_quarter_is_listed_against_the_published_edition(repo: Path) -> None:
    edition = _publish(repo, _reg("2022Q3", "40", {"04::gone": "7"}))
    (repo / "data" / "quarterly" / "2023Q1.csv").write_text(
        "\n".join(HEADER[:2]).replace("2022-08-08,2022Q3", "2023-03-31,2023Q1") + "\n",
        encoding="utf-8")
    page = _page(repo, edition, _reg("2023Q1", "43", {"04::new": "2"}), _rec(repo, "2023Q1"))
    # The edition in words (its identifier is the appendix's).
    assert ("so với ấn bản đã công bố gần nhất về Việt Nam: ấn bản kỳ khảo sát 2024, số liệu "
            "trong nước đến quý III/2022, công bố ngày 01/12/2026") in page
    assert "VNM-2024" not in page
    assert ("Quý số liệu mới: bản này có số liệu trong nước đến quý I/2023, ấn bản đã công bố "
            "đến quý III/2022.") in page
    assert "| Chỉ tiêu | số liệu có đến cuối quý | 40 | 43 | tăng | quý số liệu mới |" in page
    assert "| — | 2 | mới |" in page and "| 7 | — | không còn |" in page
    # The quarter's key and its words show the same change: one row, in words.
    assert page.count("| quý III/2022 | quý I/2023 | đổi con số | quý số liệu mới |") == 1
    assert "2022Q3 |" not in page and "| 2023Q1" not in page
    assert "Có 4 giá trị trong văn bản khác" in page
    assert "): 4 giá trị có con số khác." in page and "chỉ khác" not in page
    # A new quarter's file is not a corrected input.
    assert "Dữ liệu đầu vào được sửa" not in page


def test_a_corrected_input_names_its_file_and_rows(repo: Path) -> None:
    edition = _publish(repo, _reg("2022Q3", "40"))
    path = repo / "data" / "quarterly" / "2022Q3.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",11.27,", ",11.5,")
    path.write_text("\n".join([*lines, HEADER[4]]) + "\n", encoding="utf-8")
    page = _page(repo, edition, _reg("2022Q3", "41"), _rec(repo, "2022Q3"))
    # The changelog says which data, in words, and names the rows as the tables do ...
    # (a name inside a sentence: lower case first, review 12, C1)
    changed, added = (fmt.lower_first(_indicator_name(x)) for x in (lines[2], HEADER[4]))
    assert (f"Số liệu trong nước quý III/2022: sửa số liệu *{changed}* ngày 08/08/2022; thêm số "
            f"liệu *{added}* ngày 08/08/2022.") in page
    assert "data/" not in page and "dòng 3" not in page
    assert "| 40 | 41 | tăng | dữ liệu đầu vào được sửa |" in page
    assert "Quý số liệu mới" not in page and "Phương pháp" not in page
    assert "<tai-lap>" in page  # ... and sends the rebuilder to the appendix, which is exact
    appendix = editions.appendix(repo, edition, _rec(repo, "2022Q3"))
    assert "- `data/quarterly/2022Q3.csv` (dòng sửa 3; dòng thêm 5)" in appendix


def test_the_same_rows_saved_as_a_workbook_are_not_a_data_change(repo: Path) -> None:
    import csv

    import openpyxl

    edition = _publish(repo, _reg("2022Q3", "40"))
    path = repo / "data" / "quarterly" / "2022Q3.csv"
    book = openpyxl.Workbook()
    for row in csv.reader(path.read_text(encoding="utf-8").splitlines()):
        book.active.append(row)
    book.save(path.with_suffix(".xlsx"))
    path.unlink()
    page = _page(repo, edition, _reg("2022Q3", "40"), _rec(repo, "2022Q3"))
    assert "Số liệu trong nước quý III/2022: các dòng số liệu không đổi" in page
    assert "- `data/quarterly/2022Q3.xlsx`\n" in editions.appendix(repo, edition,
                                                                   _rec(repo, "2022Q3"))
    assert "Không con số nào trong văn bản khác với ấn bản đã công bố." in page


def test_a_method_change_is_said_in_words_and_its_commits_in_the_appendix(repo: Path) -> None:
    edition = _publish(repo, _reg("2022Q3", "40"))
    old = _git(repo, "rev-parse", "--short=7", "HEAD")
    (repo / "scripts" / "m.py").write_text("X = 2\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "method")
    new = _git(repo, "rev-parse", "--short=7", "HEAD")
    page = _page(repo, edition, _reg("2022Q3", "39"), _rec(repo, "2022Q3"))
    # The reader reads that the method changed and which chapters' figures changed with it;
    # commits and file counts are for those who rebuild the book (the appendix).
    assert ("Cách tính hoặc câu chữ của sách đã thay đổi kể từ ấn bản đã công bố. Vì lý do này, "
            "con số khác (hoặc mới thêm, bỏ đi) ở 1 giá trị của chương *Chỉ tiêu*."
            in " ".join(page.split()))
    assert not re.search(r"commit|lần thay đổi đã ghi lại|\(\d+ tệp\)|mã tính toán", page)
    assert old not in page and "scripts/" not in page
    appendix = editions.appendix(repo, edition, _rec(repo, "2022Q3"))
    assert f"1 commit từ `{old}` đến `{new}` (lịch sử đầy đủ: `git log {old}..{new}`)" in appendix
    assert "`scripts/m.py`" in appendix
    assert "| 40 | 39 | giảm | cách tính của sách thay đổi |" in page
    # A method change that changes no figure says so.
    same = _page(repo, edition, _reg("2022Q3", "40"), _rec(repo, "2022Q3"))
    assert "Vì lý do này, không con số nào trong văn bản đổi." in " ".join(same.split())


def test_an_older_quarter_rebuilt_says_so(repo: Path) -> None:
    edition = _publish(repo, _reg("2022Q3", "40"))
    page = _page(repo, edition, _reg("2020Q3", "30"), _rec(repo, "2020Q3"))
    assert "Dựng lại một quý cũ hơn: bản này có số liệu trong nước đến quý III/2020" in page
    assert "| 40 | 30 | giảm | dựng lại quý cũ hơn |" in page


def test_the_same_build_as_the_edition_changes_nothing(repo: Path) -> None:
    edition = _publish(repo, _reg("2022Q3", "40"))
    page = _page(repo, edition, _reg("2022Q3", "40"), _rec(repo, "2022Q3"))
    assert "Dữ liệu, phương pháp và tham số giống ấn bản đã công bố." in page
    assert "Không con số nào trong văn bản khác với ấn bản đã công bố." in page


def test_editions_are_ordered_by_publication_and_kept_per_country(repo: Path) -> None:
    assert editions.latest(repo, "VNM") is None
    assert "Chưa có ấn bản nào về Việt Nam" in editions.page(repo, None, {}, {}, {}, "Việt Nam",
                                                                repo / "book")
    _publish(repo, _reg("2022Q3", "40"), "2026-12-01")
    again = editions.record_edition(repo, _rec(repo, "2022Q3"), _reg("2022Q3", "41"), True,
                                    dt.date(2026, 12, 2))
    assert again.name == "VNM-2024-2022Q3-2"
    assert [e["id"] for e in editions.published(repo)] == ["VNM-2024-2022Q3", "VNM-2024-2022Q3-2"]
    assert editions.latest(repo, "VNM")["id"] == "VNM-2024-2022Q3-2"
    assert editions.latest(repo, "KHM") is None
    meta = json.loads((again / "edition.json").read_text(encoding="utf-8"))
    assert meta["commit"] == _git(repo, "rev-parse", "HEAD") and meta["quarter"] == "2022Q3"
    assert {"path": "scripts/m.py", "sha256": hashlib.sha256(b"X = 1\n").hexdigest()} \
        in meta["inputs"]
    index = site_index.site_index(editions.published(repo))
    assert index.index("VNM-2024-2022Q3-2/index.html") < index.index("VNM-2024-2022Q3/index.html")
    assert editions.edition_id({"country": "KHM", "year": 2024, "quarter": "2022Q3"},
                               False) == "KHM-2024"
    assert editions.edition_id({"country": "VNM", "year": 2024, "quarter": "2022Q3",
                                "target_rank": 70}, True) == "VNM-2024-2022Q3-hang70"


def test_rows_compare_by_content() -> None:
    old = [(2, ("a", "1")), (3, ("b", "2")), (4, ("c", "3"))]
    new = [(2, ("a", "1")), (3, ("b", "9")), (4, ("c", "3")), (5, ("d", "4"))]
    assert inputdiff.compare_rows(old, new) == {"changed": [3], "noted": [], "added": [5],
                                                "removed": []}
    assert inputdiff.compare_rows(new, old) == {"changed": [3], "noted": [], "added": [],
                                                "removed": [5]}
    # Review 25, C10: with the cells that make a figure named, a row whose other cells alone
    # changed (a note) is «noted», not a changed figure.
    noted = [(2, ("a", "1", "ghi chú")), (3, ("b", "2", "khác")), (4, ("c", "3", ""))]
    found = inputdiff.compare_rows(noted, [(2, ("a", "1", "ghi chú mới")), (3, ("b", "5", "khác")),
                                           (4, ("c", "3", ""))], figure=(0, 1))
    assert (found["noted"], found["changed"]) == ([2], [3])
    assert inputdiff.is_later_quarter("data/quarterly/2023Q1.xlsx", "2022Q3")
    assert not inputdiff.is_later_quarter("data/quarterly/2022Q3.csv", "2022Q3")
    assert not inputdiff.is_later_quarter("data/claims.csv", "2022Q3")


def test_publishing_refuses_uncommitted_changes(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "p"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copy2(ROOT / "_config.yml", root / "_config.yml")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "start")
    with (root / "data" / "claims.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    (root / "data" / "quarterly" / "2023Q1.csv").write_text(HEADER[0] + "\n", encoding="utf-8")
    with pytest.raises(release.Refused, match="chưa commit") as err:
        release.publish(Options(root=root))
    assert "data/claims.csv" in str(err.value) and "data/quarterly/2023Q1.csv" in str(err.value)
    monkeypatch.setenv("EGOVBOOK_ROOT", str(root))
    assert cli.main(["publish", "--no-wait"]) == 2
    assert "Không công bố ấn bản" in capsys.readouterr().err
    assert not (root / "editions").exists()


def test_the_citation_names_the_edition_in_words_and_the_appendix_exactly() -> None:
    rec = {"build_date": "2026-12-04T10:00:00+00:00", "git": {"commit": "a" * 40},
           "parameters": {"country": "VNM", "year": 2024, "quarter": "2022Q3"}}
    draft = citing.citation(rec, "Sách", "Nhóm", None, True, "VNM-2024-2022Q3-2")
    # A draft is a draft in the citation itself, not a publication the next line denies.
    assert ("Ấn bản kỳ khảo sát 2024, số liệu trong nước đến quý III/2022; bản nháp cho lần "
            "công bố thứ 2, dựng ngày 04/12/2026." in draft and "<tai-lap>" in draft)
    assert not re.search(r"(?<!cho )lần công bố thứ|Các ấn bản", draft), draft
    # No identifier, folder, commit or BibTeX where the reader reads: the appendix has them.
    assert not re.search(r"VNM-|an-ban/|a{7}|bibtex|fig-|tbl-", draft), draft
    exact = citing.bibtex(rec, "Sách", "Nhóm", None, True, "VNM-2024-2022Q3-2")
    assert ("`VNM-2024-2022Q3-2`" in exact and "`an-ban/VNM-2024-2022Q3-2/`" in exact
            and "```bibtex" in exact and "commit " + "a" * 12 in exact)
    assert "note = {kỳ khảo sát 2024, số liệu trong nước đến quý III/2022; bản nháp cho lần " \
           "công bố thứ 2, dựng ngày 04/12/2026; commit" in exact
    # A draft of a book whose site is known points to the site's list of editions.
    listed = citing.citation(rec, "Sách", "Nhóm", "https://x.example/sach/", True,
                             "VNM-2024-2022Q3")
    assert "bản nháp cho lần công bố đầu tiên" in listed
    assert "<https://x.example/sach/an-ban/>" in listed and "an-ban/VNM" not in listed
    cited = citing.citation(rec, "Sách", "Nhóm", "https://x.example/sach/", True,
                              "VNM-2024-2022Q3", dt.date(2026, 12, 5))
    assert "; công bố ngày 05/12/2026." in cited and "bản nháp" not in cited
    assert "<https://x.example/sach/an-ban/VNM-2024-2022Q3/>" in cited
    assert "lần công bố" not in cited
    second = citing.bibtex(rec, "Sách", "Nhóm", None, True, "VNM-2024-2022Q3-2",
                           dt.date(2026, 12, 5))
    assert "quý III/2022; công bố ngày 05/12/2026, lần công bố thứ 2; commit" in second
    khm = {**rec, "parameters": {"country": "KHM", "year": 2024, "quarter": "2022Q3"}}
    assert "trong nước" not in citing.citation(khm, "Sách", "Nhóm", None, False, "KHM-2024")
    rank = {**rec, "parameters": {**rec["parameters"], "target_rank": 70}}
    assert "hạng mục tiêu 70" in citing.citation(rank, "Sách", "Nhóm", None, True,
                                                  "VNM-2024-2022Q3-hang70")


def test_a_published_sentence_on_running_the_build_is_not_quoted(repo: Path) -> None:
    """The changes table quotes the published edition's texts, but not a sentence that told
    how to run the build with a command-line option (the appendix gives the commands)."""
    said = ("Sách dùng mục tiêu của bài thứ nhất; muốn xem mục tiêu kia, hãy dựng lại sách "
            "với tham số --target-rank của lệnh dựng.")
    edition = _publish(repo, {**_reg("2022Q3", "40"), "values": [_value("08::t", said, "2022Q3")]})
    page = _page(repo, edition, {**_reg("2022Q3", "40"),
                                 "values": [_value("08::t", "Mới.", "2022Q3")]},
                 _rec(repo, "2022Q3"))
    assert "Sách dùng mục tiêu của bài thứ nhất; [" in page and "--target-rank" not in page
    # The note in its place is a sentence of its own, not an editor's «[…: …]».
    note = re.search(r"\[([^\]]*)\]", page.split("bài thứ nhất; ", 1)[1])
    assert note and "…" not in note[1] and not note[1].startswith(":"), page
    # (a chapter's name keeps its own colon: «Phụ lục: hồ sơ tái lập», upright in a cell)
    assert "*" not in note[1], note[1]
    assert re.fullmatch(r"[a-zà-ỹđ][^:]* [^:]*", note[1].replace("Phụ lục: hồ", "X")), note[1]


def test_the_count_says_how_many_rows_changed_a_number_and_how_many_only_words(
        repo: Path) -> None:
    """«Có n giá trị … khác»: counted from the table's rows, those whose numbers differ apart
    from those where only the words changed («Châu Á» → «châu Á»)."""
    old = [_value("01::a", "Trong Châu Á, thứ 22/47.", "2022Q3"),
           _value("01::b", "Trong Châu Á.", "2022Q3"), _value("01::c", "Sổ có 113 dòng.", "2022Q3")]
    new = [_value("01::a", "Trong châu Á, thứ 22/47.", "2022Q3"),
           _value("01::b", "Trong châu Á.", "2022Q3"), _value("01::c", "Sổ có 118 dòng.", "2022Q3")]
    edition = _publish(repo, {**_reg("2022Q3", "40"), "values": old})
    page = _page(repo, edition, {**_reg("2022Q3", "40"), "values": new}, _rec(repo, "2022Q3"))
    rows = [r for r in page.splitlines() if r.startswith("| ") and "Chương" not in r]
    assert len(rows) == 3, rows
    assert ("Có 3 giá trị trong văn bản khác với ấn bản đã công bố (thay đổi, mới có hoặc không "
            "còn): 1 giá trị có con số khác và 2 giá trị chỉ khác chính tả, dấu câu hoặc cách "
            "trình bày.") in " ".join(page.split()), page


def _method_page(repo: Path, old: list[dict[str, object]], new: list[dict[str, object]],
                 corrected: bool = False) -> str:
    """The page after a code change (and, with ``corrected``, a corrected quarterly row: the
    input of every figure ``_value`` makes), from ``old`` to ``new`` values."""
    edition = _publish(repo, {**_reg("2022Q3", "40"), "values": old})
    (repo / "scripts" / "m.py").write_text("X = 2\n", encoding="utf-8")
    if corrected:
        path = repo / "data" / "quarterly" / "2022Q3.csv"
        path.write_text(path.read_text(encoding="utf-8").replace(",11.27,", ",11.5,"),
                        encoding="utf-8")
    _git(repo, "commit", "-qam", "wording")
    return _page(repo, edition, {**_reg("2022Q3", "40"), "values": new}, _rec(repo, "2022Q3"))


def _rows(page: str) -> list[str]:
    return [r for r in page.splitlines() if r.startswith("| 01 ")]


SPELLING = ("| đổi cách viết | chỉ khác chính tả, dấu câu hoặc cách trình bày; nội dung và con số "
            "giữ nguyên |")
WORDING = "| đổi nội dung | nội dung câu chữ thay đổi, con số giữ nguyên |"


def test_a_wording_change_is_not_said_to_change_numbers(repo: Path) -> None:
    """Review 6, B5: «Châu Á» → «châu Á» after a code change changed no number; the page must
    not say the method changed numbers there, and its table is numbered, captioned, sourced."""
    old = [_value("01::a", "Trong Châu Á, thứ 22/47.", "2022Q3"),
           _value("01::b", "«Khớp với dữ liệu»: 29.", "2022Q3")]
    new = [_value("01::a", "Trong châu Á, thứ 22/47.", "2022Q3"),
           _value("01::b", "*Khớp với dữ liệu*:  29", "2022Q3")]
    page = _method_page(repo, old, new)
    flat = " ".join(page.split())
    assert "con số khác" not in flat, flat
    assert ("Vì lý do này, không con số nào trong văn bản đổi; 2 giá trị của chương *01* chỉ "
            "khác chính tả, dấu câu hoặc cách trình bày.") in flat
    rows = _rows(page)
    assert len(rows) == 2 and all(row.endswith(SPELLING) for row in rows), rows
    # Like every table of the book: a number (a named MyST table), a caption, a source line.
    assert ":::{table} Các giá trị trong văn bản khác với ấn bản đã công bố." in page
    assert ":name: tbl-thay-doi" in page
    assert re.search(r"^Nguồn: sổ giá trị của bản này và của ấn bản .*; so sánh của nhóm biên "
                     r"soạn\. \{download\}", page, re.M), page


def test_a_changed_meaning_is_not_called_spelling(repo: Path) -> None:
    """Review 7, B2: a text that withdrew what it said («mục tiêu năm đó của Việt Nam») changed
    its content, not its spelling, even with the same numbers; one that adds a number («+2
    bậc») changed its numbers, and says it added one, not that one changed (review 12, B2)."""
    old = [_value("01::a", "Hạng mục tiêu là 50, mục tiêu năm đó của Việt Nam.", "2022Q3"),
           _value("01::b", "Sách dùng hạng 50 của một trang web.", "2022Q3")]
    new = [_value("01::a", "Sách so với hạng 50; không văn bản chính thức nào nêu mục tiêu này.",
                  "2022Q3"),
           _value("01::b", "Sách dùng hạng 50 của một trang web; bài A000: kết quả là +2 bậc ở "
                           "kỳ 2020.", "2022Q3")]
    page = _method_page(repo, old, new)
    flat = " ".join(page.split())
    assert "chính tả" not in flat, flat
    rows = _rows(page)
    assert rows[0].endswith(WORDING), rows
    assert rows[1].endswith("| đổi nội dung, thêm con số | nội dung của sách được sửa (con số "
                            "khác, thêm hoặc bỏ) |"), rows
    assert ("Vì lý do này, con số khác (hoặc mới thêm, bỏ đi) ở 1 giá trị của chương *01*; 1 giá "
            "trị của chương *01* đổi nội dung câu chữ nhưng giữ nguyên các con số.") in flat
    assert ("1 giá trị có con số khác và 1 giá trị đổi nội dung câu chữ nhưng giữ nguyên các con "
            "số.") in flat


def test_a_count_now_said_in_a_sentence_is_one_reworded_value(repo: Path) -> None:
    """Review 15: the count «0» of chapter 8 became the sentence «Chưa kỳ nào … 50 …» under
    another key; the page shows one row that kept its number, not a number dropped and one
    added, and counts no value with a number changed."""
    how = "số dòng có hạng không lớn hơn 50"
    old = [{**_value("01::n_within", "0", "2022Q3", "0"), "how": how}]
    new = [{**_value("01::within", "Chưa kỳ nào Việt Nam ở trong nhóm 50 quốc gia đầu.",
                     "2022Q3"), "how": "đếm các dòng", "parts": [
        {"text": "50", "exact": "50", "how": "hạng mục tiêu"},
        {"text": "0", "exact": "0", "how": how}]}]
    page = _method_page(repo, old, new)
    flat = " ".join(page.split())
    rows = _rows(page)
    carried = changes_words.HOW["carried"]
    assert rows == [f"| 01 | đếm các dòng | 0 | Chưa kỳ nào Việt Nam ở trong nhóm 50 quốc gia đầu. "
                    f"| {carried} | nội dung câu chữ thay đổi, con số giữ nguyên |"], rows
    assert "con số khác" not in flat and "| không còn |" not in flat, flat
    # Another count of another rule is still a value gone and one new.
    other = [{**new[0], "parts": [{**new[0]["parts"][1], "how": "số dòng khác"}]}]
    edition = editions.latest(repo, "VNM")
    assert edition is not None
    rows = _rows(_page(repo, edition, {**_reg("2022Q3", "40"), "values": other},
                       _rec(repo, "2022Q3")))
    assert sorted(r.split(" | ")[-2] for r in rows) == ["không còn", "mới"], rows


def test_a_text_that_kept_its_numbers_is_the_codes_change_and_its_cells_are_upright(
        repo: Path) -> None:
    """Review 16, C4: «0 so sánh được» → «không số liệu nào so sánh được» while both the data
    and the code changed is the code's rewording, counted with the others; C3: the table's
    cells are upright (the book's labels in italics only in prose); B2: an article's code in
    a text is a name, not a number the text added."""
    old = [_value("01::a", "17 số liệu mới; 0 so sánh được.", "2022Q3", None),
           _value("01::b", "*Khớp*: hạn 31/10/2020.", "2022Q3", None)]
    new = [_value("01::a", "17 số liệu mới; không số liệu nào so sánh được.", "2022Q3", None),
           _value("01::b", "*Khớp*: hạn tháng 10/2020 (bài A003 nêu).", "2022Q3", None)]
    for v in (*old, *new):  # texts made from the corrected quarterly file
        v["inputs"] = [{"file": "quarterly/2022Q3.csv", "sha256": "x"}]
    page = _method_page(repo, old, new, corrected=True)
    flat = " ".join(page.split())
    rows = _rows(page)
    assert len(rows) == 2 and rows[0].endswith(WORDING.split(" | ", 1)[1]), rows
    # Review 17, C6: the deadline is the same, its day dropped, and the words changed too.
    assert rows[1].endswith(f"| {changes_words.HOW['periods_words']} | "
                            f"{editions.REASONS['periods_words']} |"), rows
    assert "*" not in "".join(rows) and "| Khớp: hạn 31/10/2020. |" in rows[1], rows
    assert "2 giá trị của chương *01* đổi nội dung câu chữ nhưng giữ nguyên các con số" in flat
    assert "con số khác" not in flat, flat


def test_a_reason_is_said_of_the_rows_it_explains_not_of_their_chapter(repo: Path) -> None:
    """Review 7, B2: a chapter with a number changed by corrected data and texts changed by the
    code: the code's reason names those texts (counted), never the whole chapter as «only
    wording»."""
    old = [_value("01::n", "113", "2022Q3", "113"),
           _value("01::a", "Trong Châu Á, thứ 22/47.", "2022Q3"),
           _value("01::b", "EGDI cao hơn trung bình (0,6382) 0,1327 điểm.", "2022Q3")]
    new = [_value("01::n", "118", "2022Q3", "118"),
           _value("01::a", "Trong châu Á, thứ 22/47.", "2022Q3"),
           _value("01::b", "EGDI cao hơn trung bình 0,1327 điểm (trung bình: 0,6382).", "2022Q3")]
    page = _method_page(repo, old, new, corrected=True)
    flat = " ".join(page.split())
    assert "ở chương" not in flat and "(chính tả, lời văn)" not in flat, flat
    assert ("Vì lý do này, không con số nào trong văn bản đổi; 1 giá trị của chương *01* đổi nội "
            "dung câu chữ nhưng giữ nguyên các con số; 1 giá trị của chương *01* chỉ khác chính "
            "tả, dấu câu hoặc cách trình bày.") in flat
    rows = {r.split(" | ")[2]: r for r in _rows(page)}
    assert rows["113"].endswith("| 113 | 118 | tăng | dữ liệu đầu vào được sửa |"), rows
    assert rows["Trong Châu Á, thứ 22/47."].endswith(SPELLING), rows
    assert rows["EGDI cao hơn trung bình (0,6382) 0,1327 điểm."].endswith(WORDING), rows


def test_the_changes_table_downloads_like_every_table(repo: Path) -> None:
    """Its source line links its CSV, XLSX and sources file, written by the chapters' writers:
    the table's rows and columns, in words (italics as plain words, no Markdown escapes)."""
    import csv
    import io

    import openpyxl

    old = [_value("01::a", "«Khớp với dữ liệu»: 29 | 1", "2022Q3")]
    new = [_value("01::a", "*Khớp với dữ liệu*: 34 | 0", "2022Q3")]
    page = _method_page(repo, old, new)
    source = next(line for line in page.splitlines() if line.startswith("Nguồn: sổ giá trị"))
    links = dict(re.findall(r"\{download\}`([^<`]+?) <_outputs/(tbl-thay-doi\.[a-z.]+)>`",
                            source))
    assert sorted(links.values()) == ["tbl-thay-doi.csv", "tbl-thay-doi.nguon.txt",
                                      "tbl-thay-doi.xlsx"], source
    folder = repo / "book" / "_outputs"
    raw = (folder / "tbl-thay-doi.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    table = [r for r in page.splitlines() if r.startswith("| ")]
    assert rows[0] == [c.strip() for c in table[0].strip("|").split(" | ")]
    assert len(rows) == len(table) == 2
    assert rows[1][2:4] == ["«Khớp với dữ liệu»: 29 | 1", "Khớp với dữ liệu: 34 | 0"], rows[1]
    sheet = openpyxl.load_workbook(folder / "tbl-thay-doi.xlsx")["Số liệu"]
    assert [c.value for c in sheet[2]] == rows[1]
    notes = (folder / "tbl-thay-doi.nguon.txt").read_text(encoding="utf-8").splitlines()
    assert notes[0] == "Tiêu đề: Các giá trị trong văn bản khác với ấn bản đã công bố."
    assert notes[1].startswith("Nguồn: sổ giá trị của bản này và của ấn bản kỳ khảo sát 2024")
    assert any(n.startswith("Độ chính xác: ") for n in notes), notes
    # A page without the table leaves no download of an earlier one behind.
    _page(repo, editions.latest(repo, "VNM"), {**_reg("2022Q3", "40"), "values": old},
          _rec(repo, "2022Q3"))
    assert not folder.exists() or not list(folder.iterdir())
