"""Ranking, averages, groups and decomposition: on small frames and on the real data.

Expected real-data values come from outside the code: the Survey's published averages and the
press figures quoted in the source articles (ranks and rank changes of 2020), and the tie analysis
in the raw data's PROVENANCE.
"""

from __future__ import annotations

import pandas as pd
import pytest

from egovbook.analysis import un


def small_survey() -> un.Survey:
    rows = []
    values = {"AAA": 0.9, "BBB": 0.7, "CCC": 0.7, "DDD": 0.5, "EEE": 0.3}
    regions = {"AAA": "X", "BBB": "X", "CCC": "Y", "DDD": "X", "EEE": "Y"}
    for rank, (iso3, v) in enumerate(values.items(), start=1):
        rows.append({"year": 2020, "iso3": iso3, "egdi_rank": rank, "egdi": v, "osi": v,
                     "tii": v, "hci": v, "epi": v, "status": "assessed", "flags": "",
                     "region": regions[iso3], "subregion": regions[iso3]})
    survey = un.Survey(pd.DataFrame(rows), "CCC")
    return survey


def test_ties_share_the_better_rank_by_default() -> None:
    s = small_survey()
    ranks = s.ranks("osi", 2020)
    assert ranks["BBB"] == ranks["CCC"] == 2
    assert ranks["DDD"] == 4
    assert s.rank("osi", 2020, method="average") == 2.5
    assert s.rank("osi", 2020, method="max") == 3


def test_egdi_ranks_follow_the_published_rank_not_the_value() -> None:
    s = small_survey()
    # Published ranks break the 0.7 tie: BBB 2, CCC 3.
    assert s.rank("egdi", 2020) == 3
    assert s.rank("osi", 2020) == 2


def test_scope_rank_and_size() -> None:
    s = small_survey()  # CCC is in region Y with EEE
    assert s.rank("egdi", 2020, "region") == 1
    assert s.scope_size(2020, "region") == 2


@pytest.mark.parametrize(("value", "name"), [
    # The Survey's ranges: very high 0,75–1,00, high 0,50–0,7499, middle 0,25–0,4999.
    (0.7501, "Rất cao"), (0.75, "Rất cao"), (0.7499, "Cao"), (0.5, "Cao"), (0.4999, "Trung bình"),
    (0.25, "Trung bình"), (0.2499, "Thấp"), (0.0, "Thấp"),
])
def test_egdi_levels_boundaries(value: float, name: str) -> None:
    assert un.level(value)[1] == name


@pytest.fixture(scope="module")
def vnm() -> un.Survey:
    return un.Survey.for_country("VNM")


def test_press_figures_of_2020_are_reproduced(vnm: un.Survey) -> None:
    # A000/A001/A003: 86/193, +2; 24/47 in Asia; 6/11 in South-Eastern Asia;
    # TII +31, HCI +3, OSI -22.
    assert vnm.rank("egdi", 2020) == 86
    assert vnm.scope_size(2020, "world") == 193
    assert vnm.rank("egdi", 2020, "region") == 24
    assert vnm.scope_size(2020, "region") == 47
    assert vnm.rank("egdi", 2020, "subregion") == 6
    assert vnm.scope_size(2020, "subregion") == 11
    changes = vnm.rank_changes().loc[2020]
    assert (changes["egdi"], changes["tii"], changes["hci"], changes["osi"]) == (2, 31, 3, -22)


def test_osi_tie_in_2018_depends_on_the_rule(vnm: un.Survey) -> None:
    # PROVENANCE: six countries share OSI 0.7361 in 2018, ranks 59-64.
    assert len(vnm.tied_with("osi", 2018)) == 5
    assert vnm.rank("osi", 2018, method="min") == 59
    assert vnm.rank("osi", 2018, method="average") == 61.5
    assert vnm.rank("osi", 2018, method="max") == 64
    ties = vnm.tie_sensitivity()
    row = ties[(ties["index"] == "osi") & (ties["year"] == 2020)].iloc[0]
    assert (row["change_min"], row["change_max"]) == (-22, -17)


def test_published_regional_averages(vnm: un.Survey) -> None:
    # Averages quoted from the 2020, 2022 and 2024 Surveys.
    avg = vnm.averages("egdi").round(4)
    assert avg.loc[2020, "world"] == 0.5988
    assert avg.loc[2020, "region"] == 0.6373
    assert avg.loc[2020, "subregion"] == 0.6321
    assert avg.loc[2022, "region"] == 0.6493
    assert avg.loc[2024, "world"] == 0.6382


def test_world_averages_follow_each_surveys_rule(vnm: un.Survey) -> None:
    # World averages published by the 2008 and 2010 Surveys (0,4514 and 0,4406) leave out the
    # members with no online presence (EGDI 0); the 2012 Survey's (0,4882) includes them.
    avg = vnm.averages("egdi")
    assert round(avg.loc[2008, "world"], 4) == 0.4514
    assert round(avg.loc[2010, "world"], 4) == 0.4406
    assert round(avg.loc[2012, "world"], 4) == 0.4882
    data = vnm.data
    for year, published in ((2008, 0.4514), (2010, 0.4406)):
        rows = data[data["year"] == year]
        with_zeros = rows[rows["status"] != "not_assessed"]["egdi"].mean()
        assert (rows["status"] == "no_online_presence").any()
        assert round(with_zeros, 4) != published  # counting them misses the published figure
    assert (data[data["year"] == 2012]["status"] == "no_online_presence").sum() == 3


@pytest.mark.parametrize("index", un.INDICES)
@pytest.mark.parametrize("scope", un.SCOPES)
def test_every_mean_of_every_index_and_scope_uses_the_rule(vnm: un.Survey, index: str,
                                                           scope: un.Scope) -> None:
    members = vnm.members(scope)
    for year in (2003, 2008, 2010, 2012, 2024):
        rows = members[members["year"] == year]
        counted = rows["status"] == "assessed"
        if year >= 2012:
            counted |= rows["status"] == "no_online_presence"
        want = rows[counted][index].mean()
        assert vnm.averages(index).loc[year, scope] == pytest.approx(want, abs=1e-12)
        assert float(vnm.traced_mean(index, year, scope).value) == pytest.approx(want, abs=1e-12)


def test_asia_comparison_of_2003_is_below_the_surveys_average(vnm: un.Survey) -> None:
    # Asia has members with no online presence in 2003: counting them (EGDI 0) put Viet Nam
    # above the Asian average; by the Survey's rule it is below.
    avg = vnm.averages("egdi").loc[2003]
    asia = vnm.members("region", 2003)
    with_zeros = asia[asia["status"] != "not_assessed"]["egdi"].mean()
    assert avg["country"] > with_zeros
    assert avg["country"] < avg["region"]
    assert int(vnm.traced_size(2003, "region", averaged_only=True).value) < vnm.scope_size(
        2003, "region")


def test_not_assessed_countries_are_left_out(vnm: un.Survey) -> None:
    assert vnm.scope_size(2003, "world") == 191
    assert vnm.scope_size(2012, "world") == 193


def test_decomposition_adds_up(vnm: un.Survey) -> None:
    dec = vnm.decomposition()
    series = vnm.series()
    assert list(dec.index) == vnm.years[1:]
    assert dec.loc[2020, "egdi_change"] == pytest.approx(series.loc[2020, "egdi"]
                                                         - series.loc[2018, "egdi"])
    assert dec.loc[2020, "tii"] == pytest.approx((series.loc[2020, "tii"]
                                                  - series.loc[2018, "tii"]) / 3)
    # Only rounding of published values separates the parts from the whole.
    assert dec["residual"].abs().max() < 0.002


def test_gaps_to_leader_and_next(vnm: un.Survey) -> None:
    g = vnm.gaps(2024, "subregion")
    table = vnm.scope_table(2024, "subregion")
    assert g["leader"] == table["egdi"].idxmax()
    above = table[table["egdi_rank"] < table.loc["VNM", "egdi_rank"]]
    assert g["next"] == above["egdi_rank"].idxmax()
    assert g["gap_next"] == pytest.approx(table.loc[g["next"], "egdi"] - table.loc["VNM", "egdi"])


def test_leader_has_no_next() -> None:
    s = un.Survey.for_country("SGP")
    assert s.gaps(2024, "subregion")["next"] is None
