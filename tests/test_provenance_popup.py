"""What a figure's provenance popup names: its data rows, the raw file a UN row was imported
from (data/raw, kept byte for byte), and its key in the values registry; a count names the rows
it counted."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from egovbook.common import units
from egovbook.publish.sphinx_provenance import popup_html

from conftest import ROOT

UN_ENTRY = {"key": "01_tong_quan_egdi::egdi", "how": "giá trị công bố", "exact": "0.77091",
            "text": "0,7709", "unit": "chỉ số",
            "inputs": [{"file": "un_egov.csv", "keys": ["year=2024 iso3=VNM",
                                                        "year=2022 iso3=VNM"],
                        "columns": ["egdi"], "summary": "Việt Nam"}]}


def test_a_un_figure_names_its_raw_exports_and_its_registry_key() -> None:
    text = BeautifulSoup(popup_html(UN_ENTRY), "html.parser").get_text()
    named = re.findall(r"data/raw/un-egov/EGOV_DATA_\d{4}\.csv", text)
    assert named == ["data/raw/un-egov/EGOV_DATA_2022.csv", "data/raw/un-egov/EGOV_DATA_2024.csv"]
    assert all((ROOT / name).is_file() for name in named)
    assert "01_tong_quan_egdi::egdi" in text


def test_a_domestic_figure_names_its_file_and_no_raw_export() -> None:
    entry = {**UN_ENTRY, "key": "05::x", "inputs": [
        {"file": "quarterly/2022Q3.csv", "keys": ["indicator=CDVCQG_DVC date=2022-08-08"],
         "columns": ["value"], "summary": "Cổng"}]}
    text = BeautifulSoup(popup_html(entry), "html.parser").get_text()
    assert "data/quarterly/2022Q3.csv" in text and "data/raw" not in text


@pytest.mark.slow
def test_every_un_popup_of_the_book_names_existing_raw_files(built_book: Path) -> None:
    names = set()
    for page in built_book.rglob("*.html"):
        for popup in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
                ".egv-prov"):
            text = popup.get_text()
            if "data/un_egov.csv" in text:
                found = re.findall(r"data/raw/un-egov/EGOV_DATA_\d{4}\.csv", text)
                assert found, text
                names.update(found)
            assert "values.json" in text and "::" in text
    assert names and all((ROOT / n).is_file() for n in names)


# --- counts name the rows they counted ------------------------------------------------------

COUNT_UNIT = re.compile(r"Đơn vị: (" + "|".join(map(re.escape, units.COUNTS)) + r")\.")
DATA_LINE = re.compile(r"Dữ liệu: .*?\((\d+) dòng của tệp data/(\S+?)[,)]")


def _data_rows(file: str) -> list[dict[str, str]]:
    with (ROOT / "data" / file).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _holds(rows: list[dict[str, str]], key: str) -> bool:
    wanted = dict(part.split("=", 1) for part in key.split())
    return any(all(r.get(c) == v for c, v in wanted.items()) for r in rows)


def _figures(registry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every figure a reader can open: glued values, table cells, and the numbers of a sentence."""
    for entry in (*registry["values"], *registry["cells"]):
        yield entry
        for part in entry.get("parts", []):
            yield {"key": entry["key"], **part}


@pytest.mark.slow
def test_every_count_popup_names_data_rows_that_exist(built_book: Path) -> None:
    """A count in the book (a number of targets, claims, rows, countries…, or a figure the
    sources state as a count) opens its rows: its popup has a «Dữ liệu» line naming a file of
    data/, and each row the registry names for it is in that file."""
    popups = 0
    for page in built_book.rglob("*.html"):
        for popup in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
                ".egv-prov"):
            text = popup.get_text(" ", strip=True)
            if COUNT_UNIT.search(text):
                named = DATA_LINE.findall(text)
                assert named, (page.name, text)
                assert all(int(n) > 0 and (ROOT / "data" / f).is_file() for n, f in named), text
                popups += 1
    assert popups >= 40, popups
    registry = json.loads((built_book / "values.json").read_text(encoding="utf-8"))
    counts = [f for f in _figures(registry) if f.get("unit") in units.COUNTS]
    assert len(counts) >= 30
    files: dict[str, list[dict[str, str]]] = {}
    for figure in counts:
        keys = [(rows["file"], key) for rows in figure["inputs"] for key in rows["keys"]]
        assert keys, figure
        for file, key in keys:
            assert _holds(files.setdefault(file, _data_rows(file)), key), (figure["key"], file, key)


def _parts(registry: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return next(v for v in registry["values"] if v["key"] == key)["parts"]


@pytest.mark.slow
def test_each_verdict_count_opens_its_own_claims(built_book: Path) -> None:
    """Key findings and chapter 7: «29 «Khớp với dữ liệu», 0 …» — each count names one row per
    claim it counts (a row of claims.csv, or the quarterly row or target a derived claim
    repeats), the counts share no row, and together they are the register («113»)."""
    registry = json.loads((built_book / "values.json").read_text(encoding="utf-8"))
    for key in ("00_diem_chinh::f_claims", "07_kiem_chung::counts_text"):
        parts = _parts(registry, key)
        total = parts[0] if key.startswith("00") else None
        verdicts = parts[1:] if total else parts
        seen: set[tuple[str, str]] = set()
        for part in verdicts:
            rows = {(r["file"], k) for r in part["inputs"] for k in r["keys"]}
            assert part["exact"] is not None and rows, part  # a count of none: the register
            if part["exact"] != "0":
                assert len(rows) == int(part["exact"]) and not rows & seen, part
                seen |= rows
        assert len(verdicts) == 8 and seen
        if total:
            assert int(total["exact"]) == len(seen) == sum(
                len(r["keys"]) for r in total["inputs"]), total
            assert {r["file"] for r in total["inputs"]} >= {"claims.csv", "domestic/targets.csv"}


@pytest.mark.slow
def test_the_target_gap_names_the_group_and_the_goals_places(built_book: Path) -> None:
    """Chapter 8: a part of the gap is computed from the five countries around the target rank
    and the country; the places the articles' goal gained («+2 bậc ở kỳ 2020») are a number
    with the two ranks it subtracts."""
    registry = json.loads((built_book / "values.json").read_text(encoding="utf-8"))
    values = {v["key"]: v for v in registry["values"]}
    band = int(values["08_khoang_cach_muc_tieu::band_n"]["exact"])
    for comp in ("osi", "tii", "hci"):
        inputs = values[f"08_khoang_cach_muc_tieu::part_{comp}"]["inputs"]
        keys = {k for r in inputs for k in r["keys"]}
        assert len(keys) == band + 1 and "year=2024 iso3=VNM" in keys, inputs
        assert all(comp in r["columns"] for r in inputs)
    places = [p for p in _parts(registry, "08_khoang_cach_muc_tieu::target_note")
              if p["unit"] == units.RANK_PLACES]
    assert [p["text"] for p in places] == ["+2"], places
    assert {k for r in places[0]["inputs"] for k in r["keys"]} == {
        "year=2018 iso3=VNM", "year=2020 iso3=VNM"}
    ranks = {r["year"]: int(r["egdi_rank"]) for r in _data_rows("un_egov.csv")
             if r["iso3"] == "VNM" and r["year"] in ("2018", "2020")}
    assert ranks["2018"] - ranks["2020"] == int(places[0]["exact"])


@pytest.mark.slow
def test_each_target_status_count_opens_its_own_targets(built_book: Path) -> None:
    """«1 mục tiêu «đã đạt», …, 6 mục tiêu «chưa có số liệu sau thời hạn»» (key findings and
    chapter 4): the statuses split the targets file, each count opening the rows of its own
    targets (a target the sources state twice has two rows)."""
    registry = json.loads((built_book / "values.json").read_text(encoding="utf-8"))
    every = {f"target_id={r['target_id']}" for r in _data_rows("domestic/targets.csv")}
    for key, skip in (("00_diem_chinh::f_targets", 1),
                      ("04_chi_tieu_trong_nuoc::status_summary", 0)):
        statuses = _parts(registry, key)[skip:]
        seen: set[str] = set()
        for part in statuses:
            assert part["unit"] == units.TARGETS
            (rows,) = part["inputs"]
            assert rows["file"] == "domestic/targets.csv"
            assert len(rows["keys"]) >= int(part["exact"]) and not seen & set(rows["keys"])
            seen |= set(rows["keys"])
        assert len(statuses) >= 3 and seen == every


@pytest.mark.slow
def test_a_bounded_or_scaled_figure_claims_no_precision_it_lacks(built_book: Path) -> None:
    """«hơn 122,7 triệu» (review 15, C4): its popup's value line is the data's bound, named as
    such, and written with the article's scale word, not «Giá trị chính xác: 122.700.000»."""
    bounded = scaled = 0
    for page in built_book.rglob("*.html"):
        for value in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
                ".egv-value"):
            shown = value.select_one("button").get_text(" ", strip=True)
            popup = value.select_one(".egv-prov").get_text(" ", strip=True)
            line = re.search(r"Giá trị (chính xác|trong dữ liệu): (.+?)\.(?= Đơn vị| Dữ liệu|$)",
                             popup)
            if line is None or len(re.findall(r"\d[\d.,]*", shown)) != 1:
                continue
            bound = re.search(r"(?<!\w)(hơn|trên|dưới|khoảng|gần|vượt|ở mức|không đạt) ", shown)
            # …and a figure the book read from a sentence (review 22, B1): not «chính xác».
            read = shown.endswith("(sách đọc ra)")
            assert (line[1] == "trong dữ liệu") == bool(bound or read), (page.name, shown, popup)
            bounded += bool(bound)
            big = re.search(r"(\d+(?:,\d+)?) (triệu|nghìn|tỷ)", shown)
            if big:
                assert line[2].split(";")[0] == f"{big[1]} {big[2]}", (shown, popup)
                scaled += 1
    assert bounded >= 5 and scaled >= 3, (bounded, scaled)
