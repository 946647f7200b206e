"""A book for any of the 193 member states: the overview's facts for every one (not 193 full
builds), checked against the UN's raw export, including survey years a member was not assessed.

The reference is the raw file (data/raw/un-egov/EGOV_DATA_<year>.csv, read here with the csv
module) and the member list (data/countries.csv): the member's name, its EGDI rounded half up
from the published decimal text, and its published rank out of 193. Every member runs in the
slow tier; a sample of very different members runs in the fast one.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal

import pytest

from egovbook.analysis import un
from egovbook.chapters import survey
from egovbook.common import fmt

from conftest import RAW_UN, ROOT

DATA = un.load()
CACHE: dict[tuple[object, ...], object] = {}
LATEST = max(int(p.stem.rsplit("_", 1)[1]) for p in RAW_UN.glob("EGOV_DATA_*.csv"))

with (ROOT / "data" / "countries.csv").open(encoding="utf-8") as fh:
    MEMBERS = {row["iso3"]: row for row in csv.DictReader(fh)}


def raw_rows(year: int) -> dict[str, dict[str, str]]:
    """The raw export of one year by ISO3 (names matched as the UN writes them)."""
    by_name = {m["un_name"]: iso3 for iso3, m in MEMBERS.items()}
    with (RAW_UN / f"EGOV_DATA_{year}.csv").open(encoding="utf-8-sig") as fh:
        return {by_name[row["Country Name"].strip()]: row for row in csv.DictReader(fh)
                if row["Country Name"].strip() in by_name}


RAW = raw_rows(LATEST)
SAMPLE = ["VNM", "KHM", "DNK", "SSD", "USA", "TUV", "PRK", "MNE", "SOM", "LAO", "KOR", "CHE"]


def overview(iso3: str, year: int | None = None) -> dict[str, object]:
    s = un.Survey(DATA, iso3, CACHE)  # type: ignore[arg-type]
    return survey.overview(survey.Context.of(s, year))


def text(value: object) -> str:
    return str(getattr(value, "text", value))


def half_up_vi(published: str) -> str:
    return str(Decimal(published).quantize(Decimal("0.0001"), ROUND_HALF_UP)).replace(".", ",")


def check_member(iso3: str) -> None:
    values = overview(iso3)
    assert text(values["name"]) == MEMBERS[iso3]["name_vi"]
    row = RAW[iso3]
    assert text(values["egdi"]) == half_up_vi(row["E-Government Index"]), iso3
    assert text(values["rank"]) == f"{row['E-Government Rank']}/193", iso3
    assert not any("nan" in text(v).lower().split() for v in values.values()), iso3


@pytest.mark.parametrize("iso3", SAMPLE)
def test_sample_of_members_overview_matches_the_raw_export(iso3: str) -> None:
    check_member(iso3)


@pytest.mark.slow
@pytest.mark.parametrize("iso3", sorted(set(MEMBERS) - set(SAMPLE)))
def test_every_member_overview_matches_the_raw_export(iso3: str) -> None:
    check_member(iso3)


def test_the_raw_export_covers_every_member() -> None:
    assert len(MEMBERS) == 193 and set(RAW) == set(MEMBERS)


@pytest.mark.parametrize(("iso3", "year"), [("SSD", 2008), ("SSD", 2010), ("MNE", 2003),
                                            ("SSD", 2012)])
def test_years_before_a_member_was_assessed_read_gracefully(iso3: str, year: int) -> None:
    egdi = text(overview(iso3, year)["egdi"])
    row = raw_rows(year).get(iso3)
    if row and row["E-Government Rank"].strip():  # the export gives no rank to a member it
        assert egdi == half_up_vi(row["E-Government Index"])  # did not assess (zeros)
    else:
        assert egdi == fmt.MISSING  # not assessed: a dash, never "nan" or an error
