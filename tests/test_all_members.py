"""A book for any of the 193 member states: the international chapters' computations run for
every one (not 193 full builds), including survey years in which a member was not assessed."""

from __future__ import annotations

import pytest

from egovbook.analysis import un
from egovbook.chapters import survey, survey_regions, survey_subindices
from egovbook.common import fmt

DATA = un.load()
CACHE: dict[tuple[object, ...], object] = {}


def _all(iso3: str, year: int | None) -> dict[str, object]:
    s = un.Survey(DATA, iso3, CACHE)  # type: ignore[arg-type]
    c = survey.Context.of(s, year)
    return {**survey.overview(c), **survey_subindices.subindices(c),
            **survey_regions.regional(c)}


@pytest.mark.parametrize("iso3", sorted(set(DATA["iso3"])))
def test_every_member_gets_every_chapter_value(iso3: str) -> None:
    values = _all(iso3, None)
    texts = [getattr(v, "text", v) for v in values.values()]
    assert all(isinstance(t, str) for t in texts)
    assert not any("nan" in t.lower().split() for t in texts), iso3


@pytest.mark.parametrize(("iso3", "year"), [("SSD", 2008), ("SSD", 2010), ("MNE", 2003),
                                            ("SSD", 2012)])
def test_years_before_a_member_was_assessed_read_gracefully(iso3: str, year: int) -> None:
    values = _all(iso3, year)
    egdi = values["egdi"]
    text = getattr(egdi, "text", egdi)
    if year <= 2010 and iso3 == "SSD" or iso3 == "MNE":
        assert text == fmt.MISSING  # not assessed: a dash, never "nan" or an error
    else:
        assert text != fmt.MISSING
