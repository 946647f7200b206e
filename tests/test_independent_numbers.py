"""The number-only independent check (tests/independent/check_numbers.py).

Fast tests pin its helpers on the half cases and ties that matter; slow tests run it on the
session's built default book and on two other editions built in project copies, and require no
discrepancy and no figure of the kinds it covers left unchecked.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import AN_EARLIER_QUARTER, ANOTHER_COUNTRY, ROOT, edition

SCRIPT = Path(__file__).resolve().parent / "independent" / "check_numbers.py"
_spec = importlib.util.spec_from_file_location("independent_check_numbers", SCRIPT)
check = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = check  # dataclasses look their module up while executing it
_spec.loader.exec_module(check)


def test_script_is_independent_of_the_package() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+egovbook\b", source, re.MULTILINE)
    assert "scripts/" not in source


def test_script_stays_small() -> None:
    assert len(SCRIPT.read_text(encoding="utf-8").splitlines()) <= 1500


@pytest.mark.parametrize(("published", "places", "sign", "shown"), [
    ("0.72665", 4, False, "0,7267"),   # Viet Nam HCI 2024: half up, not half even
    ("0.47045", 4, False, "0,4705"),   # Viet Nam EGDI 2014
    ("0.14285", 4, False, "0,1429"),   # Viet Nam OSI 2004
    ("0.76105", 4, False, "0,7611"),   # Thailand OSI 2024
    ("0.07625", 4, True, "+0,0763"),   # EGDI change 2010-2012
    ("-0.00005", 4, True, "-0,0001"),  # halves go away from zero
    ("-0.0000033", 4, True, "0,0000"),  # zero has no sign
    ("0.09222", 4, True, "+0,0922"),
    ("107700000", 0, True, "+107.700.000"),
    ("1039", 0, False, "1.039"),
    ("15.91", 2, False, "15,91"),
    ("0", 2, False, "0,00"),
])
def test_round_half_up_vietnamese_format(published: str, places: int, sign: bool,
                                         shown: str) -> None:
    assert check.fmt(check.frac(published), places, sign=sign) == shown


def test_means_are_exact_rationals_rounded_half_up() -> None:
    # (0.5 + 0.5 + 0.50005) / 3 = 0.500016..., and a mean landing exactly on a half.
    assert check.fmt(check.mean([check.frac(x) for x in ("0.5", "0.5", "0.50005")]), 4) == \
        "0,5000"
    assert check.fmt(Fraction(12765, 20000), 4) == "0,6383"
    assert check.fmt(Fraction(-1, 3), 4, sign=True) == "-0,3333"
    assert check.fmt_natural("82.60") == "82,6" and check.fmt_natural("1000") == "1.000"


def test_ties_share_the_better_rank() -> None:
    values = {k: check.frac(v) for k, v in
              {"A": "0.9", "B": "0.7361", "C": "0.7361", "D": "0.7361", "E": "0.5"}.items()}
    ranks = check.tie_ranks(values)
    assert ranks["A"] == (1, 1, 1)
    assert ranks["B"] == ranks["D"] == (2, 3, 4)  # best / average / worst
    assert ranks["E"] == (5, 5, 5)
    assert check.fmt_half(Fraction(123, 2)) == "61,5"
    assert check.fmt_half(Fraction(-39, 2), sign=True) == "-19,5"


def test_osi_2018_2020_tie_rule_on_the_raw_data() -> None:
    raw, m49 = check.find_raw(ROOT)
    un = check.UN(raw, m49)
    before, after = un.sub_ranks(2018, "osi")["VNM"], un.sub_ranks(2020, "osi")["VNM"]
    assert before == (59, Fraction(123, 2), 64)  # six members share OSI 0.7361
    assert [before[i] - after[i] for i in range(3)] == [-22, Fraction(-39, 2), -17]
    assert un.get(2024, "VNM").rank == 71
    assert len(un.assessed(2003)) == 191  # Montenegro and South Sudan not assessed yet


def test_numbers_are_read_as_a_reader_sees_them() -> None:
    nums = check.numbers_in
    assert nums("EGDI 0,7709, xếp hạng 71/193") == ["0,7709", "71", "193"]
    assert nums("A001-S03, 2022Q3, DVC_M4_TYLE, M49") == []  # identifiers are not figures
    assert nums("Bài nêu «đạt 30%» cho quý III/2022") == ["2022", "quý III"]
    assert nums("khoảng 15,91\xa0% (tháng 07/2020)") == ["15,91", "07", "2020"]
    assert check.qualifiers("hơn 122.700.000 (08/08/2022)") == {"hơn"}
    assert check.qualifiers("trên tổng số hệ thống") == set()


def test_a_slip_in_the_last_decimal_is_reported_as_rounding() -> None:
    rep = check.Report()
    assert not rep.numbers("x", "0,7266", check.fmt(check.frac("0.72665"), 4))
    assert "rounding" in rep.findings[0].why and rep.findings[0].expected == "0,7267"
    assert not rep.numbers("y", "122.700.000", "hơn 122.700.000")  # a bound is not exact
    assert rep.numbers("z", "tăng 15 bậc, EGDI +0,0922", "+0,0922 ; 15", ordered=False)


def test_deadlines_and_quarters() -> None:
    assert check.date_end("2020") == check.date_end("2020-12")  # «năm 2020» = «tháng 12/2020»
    assert check.quarters_between("2020Q3", "2022Q3") == [
        "2020Q4", "2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1", "2022Q2"]
    assert check.quarter_vi("2022Q3") == "quý III/2022"
    assert check.date_vi("2020-08-26") == "26/08/2020"


def _obs(day: str, value: str, qualifier: str = "", scope: str = "",
         indicator: str = "X") -> check.Obs:
    return check.Obs(indicator, day, "", check.frac(value), qualifier, "", scope, "A001", "",
                     value)


def test_changes_only_within_a_scope_and_not_between_two_bounds() -> None:
    dom = check.Domestic(ROOT)
    dom.indicators = {"X": {"unit": "count"}, "P": {"unit": "percent"}}
    assert check.diff_text(dom, _obs("2022-08-08", "3699", scope="mức độ 3, 4"),
                           _obs("2020-08-26", "1039")) is None
    assert check.diff_text(dom, _obs("2022-08-08", "2100000", "hơn"),
                           _obs("2020-08-26", "235000", "trên")) is None
    assert check.diff_text(dom, _obs("2022-08-08", "2100000", "hơn"),
                           _obs("2020-08-26", "1000")) == "hơn +2.099.000 (gấp hơn 2.100,0 lần)"
    # 27 % is whole-percent (26,5–27,5): the change keeps the decimals of the less precise
    # figure, not 55,6 (issue 17, B9).
    assert check.diff_text(dom, _obs("2020-07", "82.6", indicator="P"),
                           _obs("2020-02", "27", indicator="P")) == "+56 điểm phần trăm"
    # A change has the decimals of its figures: none between whole percentages.
    assert check.diff_text(dom, _obs("2022-08", "100", indicator="P"),
                           _obs("2020-02", "50", indicator="P")) == "+50 điểm phần trăm"


def test_claim_ids_are_derived_as_the_method_page_says() -> None:
    obs_ids, tgt_ids = check.Domestic(ROOT).claim_ids()
    assert obs_ids["DVC_M4_BO_100@2020-07"] == "A001-S03"
    assert obs_ids["LGSP_SO_DON_VI@2020-02"] == "A001-S01"
    assert tgt_ids["T04"] == "A003-M01" and tgt_ids["T07"] == "A000-M03"
    assert len(set(obs_ids.values())) == len(obs_ids)


def _run(html: Path, root: Path) -> check.Report:
    report = check.run(html, root)
    print(check.format_report(report))
    return report


@pytest.mark.slow
def test_built_book_matches_the_independent_check(built_book: Path) -> None:
    report = _run(built_book, built_book.parent.parent)
    text = check.format_report(report)
    assert report.findings == [] and report.unchecked == [], text
    # What it covers in the default book: every chapter's glued figures, tables and charts.
    assert report.covered["tables"] >= 25 and report.covered["chart CSVs"] >= 9, text
    assert report.covered["glued values"] >= 100, text


@pytest.mark.slow
def test_a_wrong_figure_is_found(built_book: Path, tmp_path: Path) -> None:
    html = tmp_path / "html"
    shutil.copytree(built_book, html)
    registry = json.loads((html / "values.json").read_text(encoding="utf-8"))
    for v in registry["values"]:
        if v["key"] == "02_chi_so_thanh_phan::hci_value":
            v["text"] = "0,7266"  # half to even
    (html / "values.json").write_text(json.dumps(registry, ensure_ascii=False),
                                      encoding="utf-8")
    page = html / "notebooks" / "01_tong_quan_egdi.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<p>0,3573</p>", "<p>0,3572</p>",
                                                             1), encoding="utf-8")
    wheres = [f.where for f in check.run(html, built_book.parent.parent).findings]
    assert "02_chi_so_thanh_phan::hci_value" in wheres
    assert any(w.startswith("tbl-egdi-theo-nam dòng «2003» cột «EGDI»") for w in wheres)


@pytest.mark.slow
@pytest.mark.parametrize("edition_args", [ANOTHER_COUNTRY, AN_EARLIER_QUARTER],
                         ids=["another-country", "an-earlier-quarter"])
def test_other_editions_match_the_independent_check(
        tmp_path_factory: pytest.TempPathFactory, edition_args: tuple[str, ...]) -> None:
    """A book without the domestic chapters, and Viet Nam's book as of its first quarter with
    portal figures (one date, no KPI): the same bar as the default book."""
    project = edition(tmp_path_factory, *edition_args)
    report = _run(project / "_build" / "html", project)
    text = check.format_report(report)
    assert report.findings == [] and report.unchecked == [], text
    assert report.covered["tables"] >= 9 and report.covered["glued values"] >= 60, text
