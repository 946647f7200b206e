"""One indicator, one name: the tables and the charts' data views name an indicator by its full
name (``name_vi``); a chart's own short label (``short_vi``) only shortens that name (words
dropped, or written by their initials as «DVCTT»), never says it in other words («Văn bản điện tử
liên thông» for «Tỷ lệ văn bản trao đổi … dưới dạng điện tử»)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT


def _indicators() -> list[dict[str, str]]:
    with (ROOT / "data" / "domestic" / "indicators.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _initials(word: str, full: list[str]) -> bool:
    """``dvctt`` is «dịch vụ công trực tuyến»: the initials of consecutive words."""
    n = len(word)
    return any("".join(w[0] for w in full[i:i + n]) == word for i in range(len(full) - n + 1))


def shortens(short: str, full: str) -> bool:
    words = _words(full)
    return all(w in words or _initials(w, words) for w in _words(short))


def test_every_short_label_shortens_its_indicators_name() -> None:
    named = [r for r in _indicators() if r["short_vi"]]
    assert len(named) >= 20
    wrong = [(r["code"], r["short_vi"], r["name_vi"]) for r in named
             if not shortens(r["short_vi"], r["name_vi"])]
    assert not wrong, wrong


def test_the_rule_finds_a_label_in_other_words() -> None:
    full = "Tỷ lệ văn bản trao đổi giữa các cơ quan nhà nước dưới dạng điện tử"
    assert not shortens("Văn bản điện tử liên thông", full)
    assert shortens("Văn bản trao đổi dưới dạng điện tử", full)
    assert shortens("Số DVCTT mức độ 4", "Số dịch vụ công trực tuyến mức độ 4")


@pytest.mark.slow
def test_chart_data_views_name_indicators_as_the_tables_do(built_book: Path) -> None:
    """The data view of every chart of chapters 4 and 5 names each indicator by the name the
    chapters' tables use (the full name), never by a chart label."""
    full = {r["name_vi"] for r in _indicators()}
    short = {r["short_vi"] for r in _indicators() if r["short_vi"]} - full
    seen = set()
    for stem in ("04_chi_tieu_trong_nuoc", "05_cong_dvc_chuyen_doi_so"):
        page = built_book / "notebooks" / f"{stem}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        tables = soup.select("table.egv-figdata-table")
        assert tables, stem
        for table in tables:
            heads = [th.get_text(strip=True) for th in table.select("thead th")]
            if "Chỉ tiêu" not in heads:
                continue
            col = heads.index("Chỉ tiêu")
            for tr in table.select("tbody tr"):
                name = tr.select("td")[col].get_text(strip=True)
                assert name in full and name not in short, (stem, name)
                seen.add(name)
    assert "Tỷ lệ văn bản trao đổi giữa các cơ quan nhà nước dưới dạng điện tử" in seen
