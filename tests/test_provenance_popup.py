"""What a figure's provenance popup names: its data rows, the raw file a UN row was imported
from (data/raw, kept byte for byte), and its key in the values registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

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
