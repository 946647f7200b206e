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


def test_a_target_first_stated_after_the_earlier_quarter_changed_no_status() -> None:
    """Review 11, B2: a target whose every article is dated after the earlier quarter did not
    exist then: its earlier status reads «Chưa được nêu», it is counted apart from the targets
    that changed status, and its direction is no move."""
    q = domestic_quarter.Quarter.load("2022Q3")
    new = domestic_new.whats_new(q)
    prev_end = periods.quarter_end(q.previous)
    dated = {r.source_id: periods.parse_period(r.event_date).end
             for r in domestic.load_sources().itertuples() if r.event_date}
    first = []
    for before, after in new.changes:
        later = all(dated[s] > prev_end for s in after.sources)
        assert (before.status == target_status.NOT_STATED) == later, after.target_ids
        if later:
            first.append(after)
            assert domestic_new.direction(before, after) == "lần đầu được nêu"
    # A004 (08/08/2022) states four plans; none existed in quý III/2020.
    assert sorted(s for a in first for s in a.sources) == ["A004"] * 4
    assert new.glue["n_first_stated"].text == str(len(first))
    assert new.glue["n_status"].text == str(len(new.changes) - len(first))
    shown = domestic_new.status_table(q, new).frames()[0]
    earlier = shown[f"Trạng thái {periods.quarter_vi(q.previous)}"]
    assert (earlier == "Chưa được nêu").sum() == len(first)
    text = new.glue["status_text"].text
    assert f"có {len(new.changes) - len(first)} mục tiêu đổi trạng thái" in text
    assert f"{len(first)} mục tiêu lần đầu được nêu" in text


def test_same_deadline_in_other_words_is_one_target() -> None:
    targets = domestic.load_targets()
    distinct = target_status.distinct_targets(targets)
    # T01–T03 («năm 2020», «cuối năm 2020», «trong năm 2020») state one 30 % target; T21
    # (A003, no deadline) joins it, the only deadline the others give for that value.
    thirty = distinct[(distinct["indicator"] == "DVC_M4_TYLE_KHONG_RO")
                      & (distinct["value"] == "30")]
    assert len(thirty) == 1
    assert sorted(thirty.iloc[0]["target_ids"]) == ["T01", "T02", "T03", "T21"]


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


# --- statuses and gaps on the real targets (issue 17) ---------------------------------------


def _real(as_of: str = "2022Q3") -> dict[tuple[str, ...], target_status.Assessment]:
    from egovbook.intake import quarterly

    obs, targets = quarterly.load_observations(), domestic.load_targets()
    return {tuple(a.target_ids): a for a in target_status.assess(obs, targets, as_of)}


def test_a_plan_the_source_says_is_exceeded_is_met() -> None:
    # A004: «đạt 66% (vượt 1%)» — no plan level, but the plan is exceeded: met on the article's
    # word alone, which the status says (issue 17, B5).
    plan = _real()[("T16",)]
    assert plan.status == target_status.MET_STATED and plan.gap is None
    assert plan.status_vi.startswith("Đã đạt") and "không nêu mức" in plan.status_vi
    assert plan.status in target_status.ON_TRACK_SET
    # Without the source saying so, a target without a level cannot be judged.
    targets = domestic.load_targets()
    silent = targets.assign(stated_outcome="")
    obs = _obs([{"indicator": "KPI_TK_THANH_TOAN", "date": "2022-08-08", "value": "66"}])
    found = target_status.assess(obs, silent[silent["target_id"] == "T16"], "2022Q3")
    assert [a.status for a in found] == [target_status.NO_VALUE]


def test_a_gap_to_a_below_figure_is_a_bound_never_zero() -> None:
    from egovbook.chapters import domestic_indicators

    budget = _real()[("T14",)]  # «không đạt ngưỡng 10%»: below 10 % against ≥ 10 %
    assert budget.qualifier == "không đạt" and budget.status == target_status.NO_DEADLINE
    assert (budget.gap, budget.gap_word) == (0.0, "hơn")
    shown = domestic_indicators.gap_text(domestic_quarter.Quarter.load("2022Q3"), budget)
    assert shown == "hơn 0 điểm phần trăm"
    # An exact figure under the target gives an exact gap; an approximate one an approximate gap.
    assert _real()[("T07", "T08")].gap_word == ""
    assert _real()[("T04",)].gap_word == "khoảng"


def test_one_target_stated_with_and_without_a_deadline() -> None:
    distinct = target_status.distinct_targets(domestic.load_targets())
    # A001 (90 % for 2020, Resolution 17) and A003 (90 %, no deadline): one target.
    ninety = distinct[distinct["indicator"] == "VBDT_TYLE"]
    assert len(ninety) == 1 and sorted(ninety.iloc[0]["target_ids"]) == ["T12", "T13"]
    # 19 rows: T01–T03, T07–T08, T09–T10 and T12–T13 state one target each (review 11, B1: A001's
    # monitoring requirement, T20, is not A002's SOC target, T11; review 20, B2: A002's
    # programme of 100 experts, once T19, is the size of a programme, not a target).
    assert len(distinct) == 19 - 2 - 1 - 1 - 1 == 14
    # An undated target does not join when the others give its value two deadlines.
    rows = pd.DataFrame([
        {"target_id": "X1", "indicator": "LGSP_TYLE", "comparator": ">=", "value": "100",
         "deadline": "2020-10", "source_id": "A000", "legal_basis": ""},
        {"target_id": "X2", "indicator": "LGSP_TYLE", "comparator": ">=", "value": "100",
         "deadline": "2020-12", "source_id": "A003", "legal_basis": ""},
        {"target_id": "X3", "indicator": "LGSP_TYLE", "comparator": ">=", "value": "100",
         "deadline": "", "source_id": "A002", "legal_basis": ""}])
    rows["value_num"] = 100.0
    assert len(target_status.distinct_targets(rows)) == 3


def test_only_a002_states_a_soc_target_and_its_deadline_is_inferred() -> None:
    """Review 11, B1: A001 asks units to complete centralised monitoring linked to the national
    centre; it names no SOC and no rate. Its requirement is its own target, under its own
    words, so the SOC target is A002's alone, with A002's «trong năm tới» marked inferred."""
    from egovbook.chapters import domestic_indicators

    found = _real()
    q = domestic_quarter.Quarter.load("2022Q3")
    soc = found[("T11",)]
    assert soc.sources == ["A002"] and soc.deadline_inferred
    assert "sách suy ra" in domestic_indicators.target_text(q, soc)
    a001 = found[("T20",)]
    assert a001.sources == ["A001"] and a001.indicator != soc.indicator
    name, quote = q.name(a001.indicator), q.targets.set_index("target_id").loc["T20", "quote"]
    assert "SOC" not in name and "SOC" not in quote
    # The indicator's name takes the article's own words.
    assert "giám sát, điều hành an toàn, an ninh mạng tập trung" in name and name.split(
        "hoàn thành triển khai ")[1].replace("giám sát", "biện pháp giám sát", 1) in quote
    # Every distinct target of the SOC indicator is stated by an article naming the SOC.
    for a in found.values():
        if a.indicator == soc.indicator:
            for t in a.target_ids:
                assert "(SOC)" in q.targets.set_index("target_id").loc[t, "quote"], t


def test_a_target_step_is_not_an_observation() -> None:
    # A002's «tăng từ 50% lên 100%» sets a target of 100 %; 50 % is not a figure of 28/12/2019.
    from egovbook.intake import quarterly

    obs = quarterly.load_observations()
    assert obs[obs["indicator"] == "DVC_HAI_LONG_CONG_KHAI"].empty
    assert _real()[("T06",)].status == target_status.NO_DATA


def test_inferred_deadlines_are_marked() -> None:
    from egovbook.chapters import domestic_indicators

    found = _real()
    q = domestic_quarter.Quarter.load("2022Q3")
    # A000's «cuối năm nay» (a session of 08/2020): the 2.000 services are due at the end of 2020.
    services = found[("T05",)]
    assert services.deadline == "2020" and services.deadline_inferred
    assert "(sách suy ra)" in domestic_indicators.target_text(q, services)
    # A004's plans: the year is inferred from the context.
    assert all(found[(t,)].deadline_inferred for t in ("T15", "T17", "T18"))
    # LGSP by 2020: A002's «năm tới» is inferred, A003's «hết năm 2020» is stated: the
    # target's deadline is stated, and A002's part is marked (review 14, B1).
    lgsp = found[("T09", "T10")]
    assert not lgsp.deadline_inferred and lgsp.inferred_by == ["A002"]
    assert domestic_indicators.target_text(q, lgsp).endswith(
        "(bài A003 nêu; với bài A002, sách suy ra)")


def test_every_status_and_verdict_label_is_on_the_method_page() -> None:
    from egovbook.analysis import claims_rules

    from conftest import ROOT

    page = (ROOT / "book" / "phuong-phap.md").read_text(encoding="utf-8")
    flat = " ".join(page.split())
    for label in [*target_status.STATUS_VI.values(), *claims_rules.VERDICT_VI.values()]:
        # Defined in bold, with a capital only where it opens the item (the case rule).
        assert f"**{label}**" in flat or f"**{label[:1].lower() + label[1:]}**" in flat, label
    # One situation, one label.
    labels = list(target_status.STATUS_VI.values())
    assert len(labels) == len(set(labels))
