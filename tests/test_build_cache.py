"""Reproducible and incremental builds: same inputs give the same bytes; unchanged inputs give
no work; a domestic data change re-runs only the notebooks that read domestic data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from egovbook import build

from conftest import COPY_IGNORE, ROOT, run_build

pytestmark = pytest.mark.slow


def executed(stdout: str) -> set[str]:
    return set(re.findall(r"✓ (\S+\.ipynb): đã chạy", stdout))


def test_two_clean_builds_give_identical_notebooks_and_charts(built_book: Path,
                                                              tmp_path: Path) -> None:
    first = built_book.parents[1] / "_build" / "stage" / "notebooks"
    other = tmp_path / "project"
    shutil.copytree(ROOT, other, ignore=COPY_IGNORE)
    proc = run_build(other)
    assert proc.returncode == 0, proc.stderr
    second = other / "_build" / "stage" / "notebooks"
    names = sorted(p.relative_to(first) for p in first.rglob("*")
                   if p.is_file() and p.suffix in {".ipynb", ".png", ".csv"})
    assert len([n for n in names if n.suffix == ".png"]) >= 8
    differing = [str(n) for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert differing == []


def test_unchanged_rebuild_does_no_work(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
    assert run_build(project).returncode == 0
    html = project / "_build" / "html"
    stamp = (html / "index.html").stat().st_mtime_ns
    proc = run_build(project)
    assert proc.returncode == 0
    assert executed(proc.stdout) == set()
    assert "giữ nguyên bản đã xuất bản" in proc.stdout
    assert (html / "index.html").stat().st_mtime_ns == stamp
    # A changed quarterly file re-runs exactly the notebooks that declare domestic data.
    quarterly = project / "data" / "quarterly" / "2022Q3.csv"
    quarterly.write_text(quarterly.read_text(encoding="utf-8").replace(",71.75,", ",71.8,"),
                         encoding="utf-8")
    proc = run_build(project)
    assert proc.returncode == 0, proc.stderr
    domestic = {nb.name for nb in (project / "notebooks").glob("*.ipynb")
                if any("quarterly" in r for r in build.notebook_reads(nb))}
    assert executed(proc.stdout) == domestic
    assert {"04_chi_tieu_trong_nuoc.ipynb", "06_co_gi_moi.ipynb"} <= domestic
    assert "01_tong_quan_egdi.ipynb" not in domestic
    page = (html / "notebooks" / "05_cong_dvc_chuyen_doi_so.html").read_text(encoding="utf-8")
    assert "71,8" in page
