"""The book's labels where Python writes them (review 11, C1 and C2): a group, a verdict glued
into a sentence are in italics (``*…*``, rendered ``<em>``) and lower case inside a sentence; a
figure's summary line (plain text) names a group in lower case. Expected counts are read from the
committed UN table with the csv module and the Survey's published thresholds, not from the code
under test."""

from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from egovbook.analysis import un
from egovbook.chapters import describe, findings, survey, survey_target

from conftest import ROOT

# The Survey's groups and floors (very high from 0.75, high from 0.50, middle from 0.25).
FLOORS = (("rất cao", Decimal("0.75")), ("cao", Decimal("0.50")), ("trung bình", Decimal("0.25")),
          ("thấp", Decimal("0")))


def group_counts(year: int) -> Counter[str]:
    """Member states assessed in ``year`` per group, from the published EGDI text."""
    with (ROOT / "data" / "un_egov.csv").open(encoding="utf-8") as fh:
        egdi = [Decimal(r["egdi"]) for r in csv.DictReader(fh)
                if r["year"] == str(year) and r["egdi"] and r["egdi_rank"]]
    return Counter(next(name for name, floor in FLOORS if v >= floor) for v in egdi)


def test_viet_nam_group_is_an_italic_lower_case_label() -> None:
    c = survey.Context.of(un.Survey.for_country("VNM"), 2024)
    assert survey.overview(c)["level"] == "*rất cao*"  # EGDI 0,7709 ≥ 0,75
    assert findings.un_findings(c)["f_level"].text.endswith("thuộc nhóm EGDI *rất cao*.")


def test_figure_2_summary_names_groups_in_lower_case() -> None:
    s = un.Survey.for_country("VNM")
    counts = s.level_counts(2024)
    data = counts.rename_axis("nhom").reset_index(name="so_quoc_gia")
    said = describe.Bars("nhom", "so_quoc_gia", places=0, what="Số quốc gia",
                         label_of=survey.level_in_sentence)(pd.DataFrame(data))
    want = group_counts(2024)
    (high, n_high), *_, (low, n_low) = want.most_common()
    assert said == (f"Số quốc gia lớn nhất: nhóm {high} ({n_high}); "
                    f"nhỏ nhất: nhóm {low} ({n_low}).")
    assert "Rất" not in said and "Thấp" not in said


def test_chapter_8_verdict_is_italic_and_lower_case() -> None:
    goal = survey_target.press_goal("VNM", un.Survey.for_country("VNM"))
    assert goal["goal_verdict"] == "*mục tiêu chưa đạt theo dữ liệu*"


def test_verdicts_counted_in_a_sentence_are_lower_case() -> None:
    """Review 11 (helper note): «Sổ gồm 118 khẳng định …: 34 *Khớp với dữ liệu*, …» capitalised
    each verdict mid-sentence; the register's table keeps the capital where a cell begins."""
    from egovbook.analysis import claims, claims_counts
    from egovbook.analysis.claims_rules import VERDICT_VI

    register = claims.evaluate()
    said = claims_counts.summary_values(register, "Việt Nam")["counts_text"].text
    shown = [v for v in VERDICT_VI.values() if f"*{v[:1].lower()}{v[1:]}*" in said]
    assert len(shown) == len(VERDICT_VI) and not any(f"*{v}*" in said
                                                     for v in VERDICT_VI.values()), said
    assert set(register["verdict_vi"]) <= set(VERDICT_VI.values())  # the table's cells
    # Review 12, C2: a verdict is not a noun to count («6 *các bài báo mâu thuẫn*»): each
    # label has its count after it, in brackets.
    counts = register["verdict_vi"].value_counts()
    for v in VERDICT_VI.values():
        assert f"*{v[:1].lower()}{v[1:]}* ({counts.get(v, 0)})" in said, (v, said)
    assert not re.search(r"\d \*", said), said


@pytest.mark.slow
def test_a_label_opening_a_table_cell_has_its_capital(built_book: Path) -> None:
    """Review 12, C1: the Method page's case rule, as it reads: a verdict or a target status
    that opens a cell starts with a capital; other words in a cell (a value with its word, a
    direction, a note) are written as inside a sentence. And a summary under a figure names an
    indicator in lower case after its group's word (Hình 8)."""
    from bs4 import BeautifulSoup

    from egovbook.analysis import claims_rules, target_status

    labels = [*claims_rules.VERDICT_VI.values(), *target_status.STATUS_VI.values()]
    lowered = tuple(v[:1].lower() + v[1:] for v in labels)
    capital, wrong = 0, []
    for page in sorted((built_book / "notebooks").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for popup in soup.select(".egv-prov"):
            popup.decompose()
        for td in soup.select("table td"):
            text = " ".join(td.get_text(" ").split())
            capital += text.startswith(tuple(labels))
            if text.startswith(lowered):
                wrong.append(f"{page.stem}: {text[:60]}")
        for p in soup.select(".egv-figure-more p"):
            said = p.get_text(" ")
            wrong += [f"{page.stem}: {m}" for m in re.findall(r"kế hoạch: [A-ZĐ]\w+", said)]
    assert capital >= 40 and wrong == [], wrong
