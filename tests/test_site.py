"""The site: every edition recorded in editions/ rebuilt from its own commit, at a stable path,
the latest at the root (one rebuild of the one recorded edition; needs the git history)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from egovbook.analysis import values
from egovbook.build import editions, release

from conftest import ROOT


@pytest.mark.slow
def test_the_site_keeps_each_recorded_edition_at_its_stable_path(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("không có lịch sử git (bản sao không có .git)")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    recorded = editions.published(clone)
    assert [e["id"] for e in recorded][:1] == ["VNM-2024-2022Q3"]
    site = release.build_site(clone, tmp_path / "site", say=lambda _: None)
    for edition in recorded:
        folder = site / editions.SITE_DIR / edition["id"]
        assert (folder / "index.html").is_file() and (folder / "chinh-phu-dien-tu.pdf").is_file()
        rebuilt = values.load(folder / values.REGISTRY_NAME) or {}
        stored = values.load(clone / "editions" / edition["id"] / values.REGISTRY_NAME) or {}
        assert values.differences(values.snapshot(stored), values.snapshot(rebuilt)) == []
        record = json.loads((folder / "reproducibility.json").read_text(encoding="utf-8"))
        assert record["git"]["commit"] == edition["commit"]
        page = (folder / "book" / "thay-doi.html").read_text(encoding="utf-8")
        day = dt.date.fromisoformat(edition["published"])
        assert f"công bố ngày {day:%d/%m/%Y}" in page and "bản nháp" not in page
    latest = recorded[-1]["id"]
    assert (site / "index.html").read_bytes() == \
        (site / editions.SITE_DIR / latest / "index.html").read_bytes()
    listing = (site / editions.SITE_DIR / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{e["id"]}/index.html"' in listing for e in recorded)
    assert (site / ".nojekyll").is_file()
    worktrees = subprocess.run(["git", "worktree", "list"], cwd=clone, capture_output=True,
                               text=True, check=True).stdout.splitlines()
    assert len(worktrees) == 1
