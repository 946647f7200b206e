"""Validation of data/ against its descriptor, and the claims register."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from egovbook.analysis import claims, claims_rules
from egovbook.common.problems import DataError
from egovbook.intake import domestic, validate

from conftest import ROOT


def test_committed_data_is_valid() -> None:
    report = validate.validate_all()
    assert report.rows["un_egov"] == 12 * 193
    assert report.rows["countries"] == 193


def _corrupt(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_type_range_and_flag_faults_are_all_reported(data_copy: Path) -> None:
    un = data_copy / "un_egov.csv"
    _corrupt(un, "2020,VNM,86,0.6667", "2020,VNM,86.0,0.6667")
    _corrupt(un, "2024,VNM,71,0.77092,0.70811", "2024,VNM,71,0.77092,1.70811")
    _corrupt(un, "0.84,0.0172,assessed,", "1.2,0.0172,assessed,")
    with pytest.raises(DataError) as info:
        validate.validate_all(data_copy)
    text = info.value.render()
    assert "cột «egdi_rank»: giá trị «86.0» — không đúng kiểu, cần một số nguyên" in text
    assert "cột «osi»: giá trị «1.70811» — cần nhỏ hơn hoặc bằng 1" in text
    assert "HCI lớn hơn 1 chỉ được chấp nhận khi có cờ hci_above_1" in text
    assert "(3 lỗi)" in text


def test_missing_rows_and_unknown_country(data_copy: Path) -> None:
    un = data_copy / "un_egov.csv"
    lines = un.read_text(encoding="utf-8").splitlines(keepends=True)
    vnm = next(i for i, line in enumerate(lines) if line.startswith("2022,VNM"))
    lines[vnm] = lines[vnm].replace("VNM", "XXX")
    del lines[vnm + 1]
    un.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as info:
        validate.validate_all(data_copy)
    text = info.value.render()
    assert f"dòng {vnm + 1}" in text and "tham chiếu tới mã không có" in text
    assert "năm 2022 có 192 dòng" in text


def test_every_quote_is_verbatim_in_its_article(seeds: Path) -> None:
    sources = claims.load_sources().set_index("source_id")
    for _, claim in domestic.load_claims().iterrows():
        text = (seeds / sources.loc[claim["source_id"], "file"]).read_text(encoding="utf-8")
        assert claim["quote"] in text, claim["claim_id"]


def test_register_verdicts_on_real_data() -> None:
    evaluated = claims.evaluate()
    assert len(evaluated) == len(claims.register()) > len(domestic.load_claims())
    assert set(evaluated["verdict"]) <= set(claims_rules.VERDICT_VI)
    # The UN figures the press quoted for 2020 are all reproduced by the data.
    un_rows = evaluated[evaluated["kind"].isin(["rank", "rank_change", "scope_size"])]
    assert (un_rows["verdict"] == claims_rules.MATCH).all()
    osi = evaluated[(evaluated["index"] == "osi") & (evaluated["kind"] == "rank_change")]
    assert osi["detail"].str.contains("đồng hạng").all()


def test_verdict_rules() -> None:
    assert claims_rules.compare_number(0.6667, 0.6667, 4) == claims_rules.MATCH
    assert claims_rules.compare_number(15.9, 15.91, 1) == claims_rules.MATCH_ROUNDED
    assert claims_rules.compare_number(88.5, 88.53, 1) == claims_rules.MATCH_ROUNDED
    assert claims_rules.compare_number(83.0, 81.6, 0) == claims_rules.DIFFERS
    # "gần 83%" (nearly): rounds to the claim and does not exceed it.
    assert claims_rules.compare_number(83.0, 82.6, 0, "≤") == claims_rules.MATCH_ROUNDED
    assert claims_rules.compare_number(83.0, 83.4, 0, "≤") == claims_rules.DIFFERS
    # "hơn 3 lần" (more than): strictly above.
    assert claims_rules.compare_number(3.0, 3.06, 0, ">") == claims_rules.MATCH
    assert claims_rules.compare_number(3.0, 2.98, 0, ">") == claims_rules.DIFFERS
    assert claims_rules.compare_number(1.0, None, 0) == claims_rules.UNCHECKABLE
    # "dưới" (below): strictly under.
    assert claims_rules.compare_number(10.0, 8.0, 0, "<") == claims_rules.MATCH
    assert claims_rules.compare_number(10.0, 10.0, 0, "<") == claims_rules.DIFFERS


def test_a_wrong_claim_is_caught() -> None:
    register = domestic.load_claims()
    wrong = register[register["claim_id"] == "A001-01"].copy()
    wrong["claimed_value"] = "85"
    assert claims.evaluate(wrong)["verdict"].iloc[0] == claims_rules.DIFFERS


def test_a_sentence_several_articles_print_is_checked_the_same_way_in_each() -> None:
    """Two articles that print the same sentence about the Survey («cao hơn chỉ số trung bình
    thế giới và khu vực», «24/47 châu Á») have it checked against the same data: the same
    kinds, indices, scopes and years (a region checked for one article is checked for all)."""
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    un_kinds = {"rank", "rank_change", "scope_size", "value", "above_average", "level",
                "un_goal"}
    checks: dict[str, dict[str, set[tuple[str, ...]]]] = {}
    for r in rows:
        if r["kind"] in un_kinds:
            words = " ".join(re.findall(r"\w+", r["quote"].casefold()))
            checks.setdefault(words, {}).setdefault(r["source_id"], set()).add(
                (r["kind"], r["index"], r["scope"], r["year"], r["compare_year"]))
    shared = {s: by for s, by in checks.items() if len(by) > 1}
    assert len(shared) >= 5, shared  # the articles share their Survey sentences
    uneven = {s: by for s, by in shared.items() if len({frozenset(c) for c in by.values()}) > 1}
    assert not uneven, uneven
