"""A deadline's form follows its article's words (review 14, C6): a year-end deadline the
article words as a year («hết năm 2020», «cuối năm 2020», «trong năm 2020») is the year
``2020`` (shown «năm 2020»); only a month the article names is a month (``2020-10`` for «tháng
10/2020», «tháng 10-2020»). A deadline the book inferred is a year, and its note quotes the
words it is inferred from."""

from __future__ import annotations

import csv
import re

from egovbook.chapters import domestic_indicators
from egovbook.chapters.domestic_quarter import Quarter
from tests.conftest import ROOT

YEAR, MONTH = re.compile(r"^\d{4}$"), re.compile(r"^(\d{4})-(\d{2})$")
# Words from which a year is inferred: the article's «năm nay», «năm tới», or its context.
INFERRED_FROM = ("năm nay", "năm tới", "bối cảnh")


def _targets() -> list[dict[str, str]]:
    with (ROOT / "data" / "domestic" / "targets.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _names_month(quote: str, year: str, month: str) -> bool:
    return re.search(rf"tháng 0?{int(month)}\s*[/-]\s*{year}", quote) is not None


def test_a_deadlines_form_matches_its_quotes_words() -> None:
    checked = 0
    for t in _targets():
        deadline, quote = t["deadline"], t["quote"]
        if not deadline:
            continue
        if t["deadline_inferred"] == "true":
            assert YEAR.match(deadline), t["target_id"]  # the book never infers a month
            assert any(w in t["note"] for w in INFERRED_FROM), t["target_id"]
            continue
        month = MONTH.match(deadline)
        if month:
            assert _names_month(quote, *month.groups()), (t["target_id"], quote)
        else:
            assert YEAR.match(deadline), t["target_id"]
            assert f"năm {deadline}" in quote, (t["target_id"], quote)
            assert not re.search(rf"tháng \d+\s*[/-]\s*{deadline}", quote), t["target_id"]
        checked += 1
    assert checked >= 8


def test_an_end_of_year_deadline_is_shown_as_the_year() -> None:
    """A003's «đến hết năm 2020» and A000's «vào cuối năm 2020» read «năm 2020» in Bảng 11 and
    Bảng 12, as A001's «trong năm 2020» does; «tháng 12/2020» appears in neither."""
    q = Quarter.load("2022Q3")
    for table in (domestic_indicators.targets_table(q), domestic_indicators.conflicts_table(q)):
        shown, _ = table.frames()
        assert not shown.apply(lambda col: col.astype(str).str.contains("tháng 12/2020")).any(
            ).any(), table
    shown, _ = domestic_indicators.conflicts_table(q).frames()
    by_id = dict(zip(shown["Mã mục tiêu"], shown["Thời hạn"], strict=True))
    end_of_year = [t for t in _targets() if re.search(r"(hết|cuối) năm 2020", t["quote"])]
    assert len(end_of_year) >= 3
    for t in end_of_year:
        cid = q.claim_ids[t["target_id"]]
        if cid in by_id:
            assert by_id[cid] == "năm 2020", (cid, by_id[cid])
