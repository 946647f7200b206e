"""Editions: archived, never overwritten, and compared figure by figure with the previous."""

from __future__ import annotations

import json
from pathlib import Path

from egovbook.build import editions

REC = {"build_date": "2026-11-23T10:00:00+00:00", "git": {"commit": "a" * 40},
       "parameters": {"country": "VNM", "year": 2024, "quarter": "2022Q3"}}


def _reg(quarter: str, text: str, sha: str = "x") -> dict[str, object]:
    return {"parameters": {"country": "VNM", "year": 2024, "quarter": quarter},
            "values": [{"key": "04::n_obs", "chapter": "04", "name": "n_obs", "text": text,
                        "exact": text, "how": "số liệu có đến cuối quý",
                        "inputs": [{"file": "quarterly/2022Q3.csv", "sha256": sha}],
                        "parameters": {"quarter": quarter}}]}


def _publish(root: Path, reg: dict[str, object], rec: dict[str, object], digest: str) -> Path:
    html = root / "html"
    html.mkdir(parents=True, exist_ok=True)
    (html / "values.json").write_text(json.dumps(reg), encoding="utf-8")
    return editions.archive(root, html, rec, digest)


def test_editions_are_kept_and_the_previous_one_is_another_build(tmp_path: Path) -> None:
    first = _publish(tmp_path, _reg("2022Q3", "40"), REC, "d1")
    later = {**REC, "build_date": "2026-11-24T10:00:00+00:00"}
    second = _publish(tmp_path, _reg("2022Q4", "45"), later, "d2")
    assert first.is_dir() and second.is_dir() and first != second
    # The same build again is not its own previous edition.
    assert editions.previous(tmp_path, "VNM", "d2")["path"] == str(first)
    assert editions.previous(tmp_path, "KHM", "d2") is None
    # Archiving the same edition twice keeps the first copy.
    assert _publish(tmp_path, _reg("2022Q4", "99"), later, "d2") == second
    assert "45" in (second / "values.json").read_text(encoding="utf-8")


def test_changelog_lists_each_changed_figure_with_its_reason(tmp_path: Path) -> None:
    _publish(tmp_path, _reg("2022Q3", "40"), REC, "d1")
    prev = editions.previous(tmp_path, "VNM", "d2")
    page = editions.page(tmp_path, prev, _reg("2022Q4", "45"), REC, {"04": "Chỉ tiêu"})
    assert "| Chỉ tiêu | số liệu có đến cuối quý | 40 | 45 | thay đổi | quý số liệu mới |" in page
    same_quarter = editions.page(tmp_path, prev, _reg("2022Q3", "41", sha="y"), REC, {})
    assert "dữ liệu đầu vào được sửa" in same_quarter
    assert "cùng một commit" in same_quarter


def test_first_edition_says_so(tmp_path: Path) -> None:
    assert "ấn bản đầu tiên" in editions.page(tmp_path, None, _reg("2022Q3", "40"), REC, {})


def _with_inputs(rec: dict[str, object], **files: str) -> dict[str, object]:
    return {**rec, "inputs": [{"path": p.replace("__", "/").replace("_dot_", "."), "sha256": h}
                              for p, h in files.items()]}


def test_uncommitted_edits_are_seen_from_the_recorded_checksums(tmp_path: Path) -> None:
    """Same commit, but a package module was edited before the second build: the figure changed
    by the method, not by its data, and the page names the file instead of saying nothing
    changed (the build records every input's checksum)."""
    old_rec = _with_inputs(REC, scripts__m_dot_py="1", data__a_dot_csv="1")
    first = _publish(tmp_path, _reg("2022Q3", "40"), old_rec, "d1")
    (first / "reproducibility.json").write_text(json.dumps(old_rec), encoding="utf-8")
    prev = editions.previous(tmp_path, "VNM", "d2")
    code_edit = _with_inputs(REC, scripts__m_dot_py="2", data__a_dot_csv="1")
    page = editions.page(tmp_path, prev, _reg("2022Q3", "41"), code_edit, {})
    assert "| thay đổi phương pháp hoặc mã nguồn |" in page
    assert "`scripts/m.py`" in page and "phương pháp không đổi" not in page
    data_edit = _with_inputs(REC, scripts__m_dot_py="1", data__a_dot_csv="2")
    page = editions.page(tmp_path, prev, _reg("2022Q3", "41"), data_edit, {})
    assert "| dữ liệu đầu vào được sửa |" in page
    assert "phương pháp không đổi" in page
    assert editions.changed_inputs(old_rec, data_edit) == {"data": ["data/a.csv"]}
    assert editions.changed_inputs(None, data_edit) is None


def test_a_book_without_domestic_chapters_cites_no_domestic_quarter() -> None:
    khm = {**REC, "parameters": {"country": "KHM", "year": 2024, "quarter": "2022Q3"}}
    cited = editions.citation(khm, "Sách", "Nhóm", None, domestic=False)
    assert "kỳ khảo sát 2024" in cited and "trong nước" not in cited
    assert "số liệu trong nước đến quý III/2022" in editions.citation(REC, "Sách", "Nhóm", None)
