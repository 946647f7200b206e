"""Every loader reads through intake.data_access, which records what was read while the build
asks it to (EGOVBOOK_READS_LOG): the notebooks' cache keys are made of those records."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from egovbook.analysis import claims, un
from egovbook.chapters import report
from egovbook.intake import (
    countries,
    data_access,
    datapackage,
    domestic,
    quarterly,
    quarterly_checks,
    un_import,
)

from conftest import ROOT

DATA = ROOT / "data"
QUARTERLY = sorted(p.relative_to(DATA).as_posix() for p in (DATA / "quarterly").glob("*.csv"))


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "nb.reads"
    monkeypatch.setenv(data_access.READS_LOG, str(path))
    return path


def sha(name: str) -> str:
    return hashlib.sha256((DATA / name).read_bytes()).hexdigest()


LOADERS: list[tuple[str, Callable[[], Any], set[str]]] = [
    ("un_import.load", un_import.load, {"un_egov.csv"}),
    ("countries.load", countries.load, {"countries.csv"}),
    ("un.load", un.load, {"un_egov.csv", "countries.csv"}),
    ("domestic.load_claims", domestic.load_claims, {"claims.csv"}),
    ("claims.load_sources", claims.load_sources, {"sources.csv"}),
    ("datapackage.load", datapackage.load, {"datapackage.json"}),
    ("report.retrieval_date", report.retrieval_date, {"datapackage.json"}),
    ("domestic.load_indicators", domestic.load_indicators, {"domestic/indicators.csv"}),
    ("domestic.load_targets", domestic.load_targets, {"domestic/targets.csv"}),
    ("domestic.load_rankings", domestic.load_rankings, {"domestic/cntt_2019.csv"}),
    ("quarterly.quarterly_files", quarterly.quarterly_files, {"quarterly/"}),
    ("quarterly.load_observations", quarterly.load_observations, {"quarterly/", *QUARTERLY}),
]


@pytest.mark.parametrize(("loader", "expected"), [(fn, names) for _, fn, names in LOADERS],
                         ids=[name for name, _, _ in LOADERS])
def test_loader_records_what_it_reads(log: Path, loader: Callable[[], Any],
                                      expected: set[str]) -> None:
    loader()
    reads = data_access.parse_log(log)
    assert set(reads) == expected
    for name in expected - {"quarterly/"}:
        assert reads[name] == {sha(name)}
    if "quarterly/" in expected:
        assert reads["quarterly/"] == {data_access.listing_digest(DATA / "quarterly")}


def test_staff_file_reader_records_the_file(log: Path) -> None:
    from egovbook.common.problems import ProblemList

    quarterly.read_rows(DATA / "quarterly" / "2022Q3.csv", ProblemList())
    assert data_access.parse_log(log) == {"quarterly/2022Q3.csv": {sha("quarterly/2022Q3.csv")}}


def test_domestic_validation_records_its_reads(log: Path) -> None:
    quarterly_checks.validate_folder()
    reads = data_access.parse_log(log)
    assert {"sources.csv", "domestic/indicators.csv", "quarterly/", *QUARTERLY} <= set(reads)


def test_nothing_is_recorded_without_the_variable(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(data_access.READS_LOG, raising=False)
    domestic.load_claims()
    quarterly.load_observations()
    assert list(tmp_path.iterdir()) == []


def test_loaded_tables_are_those_pandas_reads(log: Path) -> None:
    """Reading the bytes once and parsing them gives the same table as reading the path."""
    kwargs: dict[str, Any] = {"dtype": {"region_m49": str, "subregion_m49": str},
                              "keep_default_na": False}
    pd.testing.assert_frame_equal(countries.load(), pd.read_csv(DATA / "countries.csv", **kwargs))
    pd.testing.assert_frame_equal(domestic.load_claims(),
                                  pd.read_csv(DATA / "claims.csv", dtype=str,
                                              keep_default_na=False))


def test_reads_are_named_relative_to_data_of_the_project(data_copy: Path, log: Path) -> None:
    """The project is EGOVBOOK_ROOT: a copy's files are named as the original's."""
    domestic.load_claims()
    outside = data_copy.parent / "elsewhere.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    data_access.read_csv(outside)
    reads = data_access.parse_log(log)
    assert set(reads) == {"claims.csv", outside.resolve().as_posix()}


def test_listing_sees_new_files_but_not_lock_files(data_copy: Path) -> None:
    folder = data_copy / "quarterly"
    before = data_access.listing_digest(folder)
    (folder / "~$2022Q3.xlsx").write_bytes(b"lock")
    (folder / ".DS_Store").write_bytes(b"")
    assert data_access.listing_digest(folder) == before
    assert [p.name for p in quarterly.quarterly_files(data_copy)] == \
        [Path(n).name for n in QUARTERLY]
    shutil.copy(folder / "2022Q3.csv", folder / "2023Q1.csv")
    assert data_access.listing_digest(folder) != before
    (folder / "2023Q1.csv").unlink()
    assert data_access.listing_digest(folder) == before
    shutil.rmtree(folder)
    assert data_access.listing_digest(folder) != before
    assert quarterly.quarterly_files(data_copy) == []


def test_every_read_line_is_path_tab_digest(log: Path) -> None:
    domestic.load_claims()
    domestic.load_claims()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines == [f"claims.csv\t{sha('claims.csv')}"] * 2
    assert data_access.parse_log(log) == {"claims.csv": {sha("claims.csv")}}
