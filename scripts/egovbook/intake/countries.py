"""The project's own table of the 193 UN member states, with UN M49 regions and Vietnamese names.

Built once from a ``un_name,iso3,m49,region,subregion`` list (the names as the UN Survey files
write them); Vietnamese names of countries and regions come from CLDR through Babel, so the
book never carries a hand-made translation table.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.core import get_global

from egovbook.common.paths import data_dir
from egovbook.common.problems import DataError, ProblemList
from egovbook.intake import data_access

COUNTRIES_FILE = "countries.csv"

# UN M49 area codes of the regions and sub-regions the Survey uses
# (unstats.un.org/unsd/methodology/m49).
M49_AREAS: dict[str, str] = {
    "World": "001",
    "Africa": "002",
    "Eastern Africa": "014",
    "Middle Africa": "017",
    "Northern Africa": "015",
    "Southern Africa": "018",
    "Western Africa": "011",
    "Americas": "019",
    "Caribbean": "029",
    "Central America": "013",
    "Northern America": "021",
    "South America": "005",
    "Asia": "142",
    "Central Asia": "143",
    "Eastern Asia": "030",
    "South-eastern Asia": "035",
    "Southern Asia": "034",
    "Western Asia": "145",
    "Europe": "150",
    "Eastern Europe": "151",
    "Northern Europe": "154",
    "Southern Europe": "039",
    "Western Europe": "155",
    "Oceania": "009",
    "Australia and New Zealand": "053",
    "Melanesia": "054",
    "Micronesia": "057",
    "Polynesia": "061",
}

# Where CLDR keeps an English, abbreviated or outdated form, the name Vietnamese official usage
# (Bộ Ngoại giao, the press) writes. Reviewed against every name the book can show.
NAME_VI_OFFICIAL: dict[str, str] = {
    "CIV": "Bờ Biển Ngà",
    "COD": "Cộng hòa Dân chủ Congo",
    "COG": "Cộng hòa Congo",
    "CPV": "Cabo Verde",
    "CZE": "Cộng hòa Séc",
    "FSM": "Liên bang Micronesia",
    "GEO": "Gruzia",
    "ITA": "Italia",
    "KNA": "Saint Kitts và Nevis",
    "LCA": "Saint Lucia",
    "MMR": "Myanmar",
    "TCD": "Tchad",
    "VCT": "Saint Vincent và Grenadines",
}
# Corrections to the member-state list's sub-regions, checked against UN M49: Nauru is in
# Micronesia (057), not Polynesia as the list (made with country_converter) has it.
SUBREGION_CORRECTIONS: dict[str, str] = {"NRU": "Micronesia"}

COLUMNS = [
    "iso3",
    "iso2",
    "m49",
    "un_name",
    "name_vi",
    "region",
    "region_m49",
    "region_vi",
    "subregion",
    "subregion_m49",
    "subregion_vi",
]


def cldr_name(code: str) -> str:
    """Vietnamese CLDR name of an ISO 3166 alpha-2 code or an M49 area code."""
    return str(Locale("vi").territories[code])


def build_table(source: Path) -> pd.DataFrame:
    """Read the member-state list and add ISO2 and Vietnamese names. All faults at once."""
    problems = ProblemList()
    aliases = get_global("territory_aliases")
    rows = []
    with source.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"un_name", "iso3", "m49", "region", "subregion"}
        missing = need - set(reader.fieldnames or [])
        if missing:
            problems.add(source, f"thiếu cột: {', '.join(sorted(missing))}", row=1)
            raise DataError(problems)
        for line, rec in enumerate(reader, start=2):
            iso3 = rec["iso3"].strip()
            iso2_list = aliases.get(iso3)
            if not iso2_list:
                problems.add(source, "mã ISO3 không có trong CLDR", row=line, column="iso3",
                             value=iso3)
                continue
            region, subregion = rec["region"].strip(), rec["subregion"].strip()
            subregion = SUBREGION_CORRECTIONS.get(iso3, subregion)
            for col, area in (("region", region), ("subregion", subregion)):
                if area not in M49_AREAS:
                    problems.add(source, "không phải vùng M49 đã biết", row=line, column=col,
                                 value=area)
            if region not in M49_AREAS or subregion not in M49_AREAS:
                continue
            iso2 = iso2_list[0]
            rows.append(
                {
                    "iso3": iso3,
                    "iso2": iso2,
                    "m49": int(rec["m49"]),
                    "un_name": rec["un_name"].strip(),
                    "name_vi": NAME_VI_OFFICIAL.get(iso3) or cldr_name(iso2),
                    "region": region,
                    "region_m49": M49_AREAS[region],
                    "region_vi": cldr_name(M49_AREAS[region]),
                    "subregion": subregion,
                    "subregion_m49": M49_AREAS[subregion],
                    "subregion_vi": cldr_name(M49_AREAS[subregion]),
                }
            )
    if problems:
        raise DataError(problems, "Danh sách quốc gia có lỗi")
    table = pd.DataFrame(rows, columns=COLUMNS).sort_values("iso3").reset_index(drop=True)
    return table


def load(folder: Path | None = None) -> pd.DataFrame:
    folder = folder or data_dir()
    return data_access.read_csv(
        folder / COUNTRIES_FILE,
        dtype={"region_m49": str, "subregion_m49": str},
        keep_default_na=False,
    )


def country_name(iso3: str, folder: Path | None = None) -> str:
    """The country's Vietnamese name, as the book writes it (``VNM`` → ``Việt Nam``)."""
    return str(load(folder).set_index("iso3").loc[iso3, "name_vi"])


def write(table: pd.DataFrame, folder: Path | None = None) -> Path:
    folder = folder or data_dir()
    out = folder / COUNTRIES_FILE
    table.to_csv(out, index=False, lineterminator="\n")
    return out
