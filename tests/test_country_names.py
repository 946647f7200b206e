"""Country names as Vietnamese official usage writes them, and the M49 grouping."""

from __future__ import annotations

from egovbook.intake import countries


def test_names_are_vietnamese_not_cldr_abbreviations() -> None:
    table = countries.load().set_index("iso3")
    for iso3, name in table["name_vi"].items():
        # CLDR's "St. Lucia", "Congo - Kinshasa", "Myanmar (Miến Điện)" are not how Vietnamese
        # official texts write them.
        assert "St. " not in name and " - " not in name and "(" not in name, (iso3, name)
    assert table.loc["GEO", "name_vi"] == "Gruzia"
    assert table.loc["COD", "name_vi"] == "Cộng hòa Dân chủ Congo"
    assert table.loc["VNM", "name_vi"] == "Việt Nam"


def test_every_override_is_used_and_differs_from_cldr() -> None:
    table = countries.load().set_index("iso3")
    for iso3, name in countries.NAME_VI_OFFICIAL.items():
        assert table.loc[iso3, "name_vi"] == name
        assert countries.cldr_name(table.loc[iso3, "iso2"]) != name


def test_nauru_is_in_micronesia_as_m49_has_it() -> None:
    table = countries.load().set_index("iso3")
    assert table.loc["NRU", "subregion_m49"] == "057"
    assert (table["subregion"] == "South-eastern Asia").sum() == 11
    assert (table["region"] == "Asia").sum() == 47
