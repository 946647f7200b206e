"""A word a source puts beside a figure («hơn», «khoảng», «không đạt») is the source's word and
keeps its meaning everywhere the figure goes.

The book shows the word beside the number as the article's («Báo chí nêu»), so the data may hold
only words the quote has; every list of such words is the one list of the intake; and a claim
whose text bounds its figure carries that bound («Phép so sánh»), in the register and its
downloads, not only in the words.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from egovbook.analysis import bounds, target_status
from egovbook.analysis import claims_rules as rules
from egovbook.intake import domestic, quarterly, quarterly_checks

from conftest import ROOT

# A word of the list right before a number: «gấp hơn 3 lần», «trên dưới 0,9».
WORDS = "|".join(re.escape(w) for w in sorted(quarterly.QUALIFIERS, key=len, reverse=True) if w)
BEFORE_NUMBER = re.compile(rf"(?<!\w)({WORDS})\s+\d")


def _quarterly_enum() -> list[str]:
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = [f for f in descriptor["quarterly"]["schema"]["fields"] if f["name"] == "qualifier"]
    assert len(fields) == 1
    return list(fields[0]["constraints"]["enum"])


def test_the_bound_words_are_one_list() -> None:
    """The intake's words, the descriptor's, the bounds' and the register's are the same."""
    assert _quarterly_enum() == quarterly.QUALIFIERS
    assert set(bounds.KIND_OF) == set(quarterly.QUALIFIERS) == set(rules.QUALIFIER_COMPARATOR)
    # Reading: «không đạt 10 %» bounds from above, as «dưới» does; «gần» never exceeds.
    assert rules.QUALIFIER_COMPARATOR["không đạt"] == rules.QUALIFIER_COMPARATOR["dưới"] == "<"
    assert rules.QUALIFIER_COMPARATOR["gần"] == "≤"
    assert "không đạt" in target_status.BELOW and "vượt" in target_status.ABOVE


def test_every_word_beside_a_figure_is_in_its_quote() -> None:
    """The shipped data hold no word the article did not write (A000 wrote «không đạt ngưỡng
    10%», which the book once showed as «dưới 10 %»)."""
    problems = quarterly_checks.validate_folder()
    assert not problems, problems.render()
    assert not [w.render() for w in problems.warnings if w.column == "qualifier"]
    budget = quarterly.load_observations().query("indicator == 'ATTT_NGAN_SACH'").iloc[0]
    shown = domestic.format_value(budget["value"], "percent", budget["qualifier"],
                                  budget["quote"])
    assert shown.startswith("không đạt 10") and shown.split(" 10")[0] in budget["quote"]


def test_a_word_the_quote_lacks_is_a_note_for_the_reviewer(data_copy: Path) -> None:
    path = data_copy / "quarterly" / "2020Q3.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    line = next(i for i, r in enumerate(rows, start=2) if r["indicator"] == "ATTT_NGAN_SACH")
    rows[line - 2]["qualifier"] = "dưới"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    problems = quarterly_checks.validate_folder(data_copy)
    assert not problems, problems.render()  # a note, not an error: the build goes on
    notes = [w.render() for w in problems.warnings if w.column == "qualifier"]
    assert notes == [f"Tệp 2020Q3.csv, dòng {line}, cột «qualifier»: giá trị «dưới» — trích "
                     "dẫn không có từ «dưới» của cột «qualifier»; sách hiển thị từ này như lời "
                     "của nguồn, nên ghi đúng từ nguồn dùng"]


def test_a_claims_bound_word_is_its_comparison() -> None:
    """«hơn 8 tháng» is «> 8», not 8: the register's «Phép so sánh» says so for every claim
    whose text bounds its figure, whatever kind of check the claim gets."""
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8", newline="") as fh:
        register = list(csv.DictReader(fh))
    bounded = {r["claim_id"]: (m.group(1), r["comparator"]) for r in register
               if (m := BEFORE_NUMBER.search(r["claimed_text"]))}
    assert len(bounded) >= 5 and any(r["kind"] == "text" for r in register
                                     if r["claim_id"] in bounded)
    wrong = {cid: pair for cid, pair in bounded.items()
             if rules.QUALIFIER_COMPARATOR[pair[0]] != pair[1]}
    assert not wrong, wrong
