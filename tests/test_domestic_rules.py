"""Rules of the domestic chapters on constructed cases: bounds, scopes, targets, counts."""

from __future__ import annotations

import doctest

import pandas as pd

from egovbook.analysis import bounds, target_status
from egovbook.chapters import domestic_new, domestic_quarter
from egovbook.common import periods
from egovbook.intake import domestic


def test_bounds_module_examples() -> None:
    assert doctest.testmod(bounds).failed == 0


def test_two_lower_bounds_give_no_difference_and_no_ratio() -> None:
    a, b = bounds.Bounded(122_700_000, "hơn"), bounds.Bounded(15_000_000, "hơn")
    assert bounds.difference(a, b) is None
    assert bounds.ratio(a, b) is None


def test_bound_minus_exact_stays_a_bound_and_exact_minus_bound_flips() -> None:
    lower, exact = bounds.Bounded(100, "trên"), bounds.Bounded(40)
    assert bounds.difference(lower, exact).words() == "hơn"
    assert bounds.difference(exact, lower).words() == "dưới"
    assert bounds.difference(bounds.Bounded(10, "dưới"), exact).words() == "dưới"
    assert bounds.ratio(exact, lower).words() == "dưới"
    assert bounds.difference(bounds.Bounded(1000, "khoảng"), exact).words() == "khoảng"
    assert bounds.difference(bounds.Bounded(1000, "khoảng"), lower) is None
    assert bounds.show(bounds.difference(lower, exact)) == "hơn 60"


def _obs(rows: list[dict[str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["period"] = [periods.parse_period(d) for d in frame["date"]]
    frame["end"] = [p.end for p in frame["period"]]
    frame["value_num"] = [float(v) for v in frame["value"]]
    for col in ("qualifier", "scope", "scope_note", "source_id", "file"):
        if col not in frame:
            frame[col] = ""
    return frame


def _quarter(rows: list[dict[str, str]]) -> domestic_quarter.Quarter:
    return domestic_quarter.Quarter(domestic.load_indicators(), domestic.load_targets(),
                                     _obs(rows), "2022Q3")


def test_no_change_is_computed_across_scopes() -> None:
    q = _quarter([
        {"indicator": "CDVCQG_DVC", "date": "2020-08-26", "value": "1039", "scope": "a"},
        {"indicator": "CDVCQG_DVC", "date": "2022-08-08", "value": "3699", "scope": "b"}])
    old, new = q.obs_all.iloc[0], q.obs_all.iloc[1]
    cmp = domestic_quarter.compare(q, new, old)
    assert not cmp.comparable and cmp.change is None and "khác phạm vi" in cmp.text
    same = domestic_quarter.compare(q, new.copy().replace({"b": "a"}), old)
    assert same.comparable and same.text == "+2.660 (gấp 3,6 lần)"


def test_whats_new_counts_are_the_table_rows() -> None:
    q = domestic_quarter.Quarter.load("2022Q3")
    new = domestic_new.whats_new(q)
    shown = new.shown
    assert new.glue["n_new"].text == str(len(shown))
    first = int((shown["Số liệu trước"] == "—").sum())
    assert new.glue["n_first"].text == str(first)
    computed = int(new.data["so_sanh_duoc"].sum())
    assert new.glue["n_changed"].text == str(computed)
    assert new.glue["n_not_comparable"].text == str(len(shown) - first - computed)


def test_same_deadline_in_other_words_is_one_target() -> None:
    targets = domestic.load_targets()
    distinct = target_status.distinct_targets(targets)
    # T01–T03 ("2020") and T02 ("2020-12") state one 30 % target for the end of 2020.
    thirty = distinct[(distinct["indicator"] == "DVC_M4_TYLE") & (distinct["value"] == "30")]
    assert len(thirty) == 1 and sorted(thirty.iloc[0]["target_ids"]) == ["T01", "T02", "T03"]


def test_no_observation_after_the_deadline_is_not_overdue() -> None:
    obs = _obs([{"indicator": "LGSP_TYLE", "date": "2020-07", "value": "82.6"}])
    targets = domestic.load_targets()
    targets = targets[targets["indicator"] == "LGSP_TYLE"]
    before = target_status.assess(obs, targets, "2022Q3")
    assert {a.status for a in before} == {target_status.NO_DATA_AFTER}
    after = _obs([{"indicator": "LGSP_TYLE", "date": "2020-07", "value": "82.6"},
                  {"indicator": "LGSP_TYLE", "date": "2021-01", "value": "95"}])
    statuses = {a.status for a in target_status.assess(after, targets, "2022Q3")}
    assert statuses == {target_status.OVERDUE}
