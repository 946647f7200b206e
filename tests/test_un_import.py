"""The UN importer on the real Data Center files and on small official-format fixtures."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from egovbook.common.problems import DataError
from egovbook.intake import un_import

from conftest import ROOT, UN_HEADER, official_rows, write_official

YEARS = [2003, 2004, 2005, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024]


def raw_rows(path: Path) -> dict[str, list[str]]:
    """The raw file read independently of the importer: stripped name → row."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        return {row[1].strip(): row for row in reader}


# --- real files -------------------------------------------------------------------------------


@pytest.fixture
def imported(raw_un: Path, data_copy: Path) -> pd.DataFrame:
    (data_copy / un_import.UN_FILE).unlink()
    un_import.import_files(sorted(raw_un.glob("EGOV_DATA_*.csv")), data_copy)
    return un_import.load(data_copy)


def test_all_years_and_members_imported(imported: pd.DataFrame) -> None:
    assert sorted(imported["year"].unique()) == YEARS
    assert imported.groupby("year").size().eq(193).all()
    assert not imported.duplicated(["year", "iso3"]).any()


def test_values_equal_the_raw_file(imported: pd.DataFrame, raw_un: Path) -> None:
    for year in (2003, 2020, 2024):
        raw = raw_rows(raw_un / f"EGOV_DATA_{year}.csv")["Viet Nam"]
        row = imported[(imported["year"] == year) & (imported["iso3"] == "VNM")].iloc[0]
        assert row["egdi_rank"] == int(raw[2])
        assert row["egdi"] == pytest.approx(float(raw[3]), abs=0)
        assert row["epi"] == pytest.approx(float(raw[4]), abs=0)
        assert row["osi"] == pytest.approx(float(raw[5]), abs=0)
        assert row["hci"] == pytest.approx(float(raw[6]), abs=0)
        assert row["tii"] == pytest.approx(float(raw[7]), abs=0)


def test_not_assessed_rows_are_missing_not_zero(imported: pd.DataFrame) -> None:
    na = imported[imported["status"] == un_import.STATUS_NOT_ASSESSED]
    got = sorted(zip(na["iso3"], na["year"], strict=True))
    expected = sorted([("MNE", y) for y in (2003, 2004, 2005)]
                      + [("SSD", y) for y in (2003, 2004, 2005, 2008, 2010)])
    assert got == expected
    assert na[un_import.INDICES].isna().all().all()
    assert na["egdi_rank"].isna().all()


def test_no_online_presence_kept_and_flagged(imported: pd.DataFrame, raw_un: Path) -> None:
    # Count in the raw file: ranked rows whose EGDI is written as 0.
    for year in (2003, 2008, 2012):
        raw = raw_rows(raw_un / f"EGOV_DATA_{year}.csv").values()
        zero = sum(1 for r in raw if r[2].strip() and float(r[3]) == 0)
        got = imported[(imported["year"] == year)
                       & (imported["status"] == un_import.STATUS_NO_ONLINE)]
        assert len(got) == zero > 0
        assert got["egdi"].eq(0).all()
        assert got["egdi_rank"].nunique() == 1  # they share the last rank


def test_hci_above_one_flagged(imported: pd.DataFrame) -> None:
    flagged = imported[imported["flags"].str.contains("hci_above_1")]
    assert sorted(flagged["iso3"]) == ["FSM", "TUV"]
    assert (flagged["year"] == 2003).all()
    assert (flagged["hci"] > 1).all()


def test_published_rank_ties_kept(imported: pd.DataFrame, raw_un: Path) -> None:
    raw = raw_rows(raw_un / "EGOV_DATA_2022.csv").values()
    raw_counts = pd.Series([int(r[2]) for r in raw]).value_counts()
    got_counts = imported[imported["year"] == 2022]["egdi_rank"].value_counts()
    for rank in raw_counts[raw_counts > 1].index:
        assert got_counts[rank] == raw_counts[rank] == 2


def test_descriptor_records_raw_file_hashes(imported: pd.DataFrame, raw_un: Path,
                                           data_copy: Path) -> None:
    desc = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == "un_egov")
    by_name = {f["path"]: f for f in res["raw_files"]}
    assert len(by_name) == 12
    for path in raw_un.glob("EGOV_DATA_*.csv"):
        assert by_name[path.name]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert by_name[path.name]["bytes"] == path.stat().st_size


def test_committed_table_is_reproducible_from_raw_files(imported: pd.DataFrame,
                                                        data_copy: Path) -> None:
    committed = (ROOT / "data" / un_import.UN_FILE).read_bytes()
    assert (data_copy / un_import.UN_FILE).read_bytes() == committed


def test_committed_descriptor_hashes_match_raw_files(raw_un: Path) -> None:
    desc = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == "un_egov")
    assert ROOT / "data" / res["raw_folder"] == raw_un
    assert Path(res["raw_folder"]) == un_import.RAW_DIR
    # Every committed raw file is described, and every described one is committed.
    assert {e["path"] for e in res["raw_files"]} == {p.name for p in raw_un.glob("*.csv")}
    for entry in res["raw_files"]:
        data = (raw_un / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]


def test_provenance_names_every_raw_file_and_checksum() -> None:
    desc = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    text = (ROOT / "data" / "raw" / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "publicadministration.un.org/egovkb/en-us/Data-Center" in text
    assert "https://www.un.org/en/about-us/terms-of-use" in text
    for res in desc["resources"]:
        for entry in res.get("raw_files", []):
            assert (ROOT / "data" / res["raw_folder"] / entry["path"]).is_file()
            assert f"| {entry['path']} | {entry['bytes']} |" in text
            assert entry["sha256"] in text


def test_reimporting_the_committed_raw_files_reproduces_the_table(data_copy: Path) -> None:
    """What PROVENANCE.md tells a reviewer to run, on a copy: ``egovbook import-un`` of every
    committed export gives data/un_egov.csv back byte for byte. Only the import dates in the
    descriptor may change."""
    committed = (ROOT / "data" / un_import.UN_FILE).read_bytes()
    (data_copy / un_import.UN_FILE).unlink()
    raw = sorted((data_copy / un_import.RAW_DIR).glob("EGOV_DATA_*.csv"))
    assert len(raw) == len(YEARS)
    proc = subprocess.run([sys.executable, "-m", "egovbook.cli", "import-un", *map(str, raw)],
                          capture_output=True, text=True, cwd=data_copy.parent)
    assert proc.returncode == 0, proc.stderr
    assert (data_copy / un_import.UN_FILE).read_bytes() == committed

    def undated(folder: Path) -> dict[str, object]:
        desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        for res in desc["resources"]:
            for entry in res.get("raw_files", []):
                entry.pop("imported", None)
        return desc

    assert undated(data_copy) == undated(ROOT / "data")


def test_countries_table_is_reproducible_from_its_raw_file() -> None:
    from egovbook.intake import countries

    desc = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == "countries")
    [entry] = res["raw_files"]
    source = ROOT / "data" / res["raw_folder"] / entry["path"]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == entry["sha256"]
    table = countries.build_table(source)
    assert table.to_csv(index=False, lineterminator="\n").encode() == (
        ROOT / "data" / countries.COUNTRIES_FILE).read_bytes()


def test_crlf_copy_of_the_same_export_gives_the_same_rows(raw_un: Path, tmp_path: Path) -> None:
    # The same export saved with Windows line endings (as one public copy of 2022 is).
    original = raw_un / "EGOV_DATA_2022.csv"
    crlf = tmp_path / original.name
    crlf.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    a, _ = un_import.parse_file(original)
    b, _ = un_import.parse_file(crlf)
    pd.testing.assert_frame_equal(a, b)


# --- official-format fixtures -----------------------------------------------------------------


def test_fixture_year_is_added_and_other_years_kept(tmp_path: Path, data_copy: Path) -> None:
    before = un_import.load(data_copy)
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026, bom=True, newline="\r\n")
    un_import.import_files([path], data_copy)
    after = un_import.load(data_copy)
    assert len(after) == len(before) + 193
    pd.testing.assert_frame_equal(after[after["year"] != 2026].reset_index(drop=True),
                                  before.reset_index(drop=True))
    first = after[(after["year"] == 2026)].sort_values("egdi_rank").iloc[0]
    assert first["egdi"] == pytest.approx(0.95)


def test_import_keeps_the_raw_file_in_the_repository(tmp_path: Path, data_copy: Path) -> None:
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026)
    un_import.import_files([path], data_copy)
    kept = data_copy / un_import.RAW_DIR / "EGOV_DATA_2026.csv"
    assert kept.read_bytes() == path.read_bytes()
    desc = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == "un_egov")
    entry = next(e for e in res["raw_files"] if e["path"] == kept.name)
    assert entry["sha256"] == hashlib.sha256(kept.read_bytes()).hexdigest()


def test_reimporting_a_year_replaces_it(tmp_path: Path, data_copy: Path) -> None:
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026)
    un_import.import_files([path], data_copy)
    un_import.import_files([path], data_copy)
    assert (un_import.load(data_copy)["year"] == 2026).sum() == 193


def _expect_error(path: Path, data_copy: Path, *fragments: str) -> str:
    before = (data_copy / un_import.UN_FILE).read_bytes()
    desc_before = (data_copy / "datapackage.json").read_bytes()
    with pytest.raises(DataError) as info:
        un_import.import_files([path], data_copy)
    text = info.value.render()
    for fragment in fragments:
        assert fragment in text, text
    # Nothing written on failure.
    assert (data_copy / un_import.UN_FILE).read_bytes() == before
    assert (data_copy / "datapackage.json").read_bytes() == desc_before
    assert not (data_copy / un_import.RAW_DIR / path.name).exists()
    return text


def test_wrong_header(tmp_path: Path, data_copy: Path) -> None:
    bad = UN_HEADER.replace("Online Service Index", "OSI")
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026, header=bad)
    _expect_error(path, data_copy, "dòng 1", "thiếu cột «Online Service Index»", "cột lạ «OSI»")


def test_missing_country(tmp_path: Path, data_copy: Path) -> None:
    rows = official_rows(2026)[1:]
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026, rows=rows)
    _expect_error(path, data_copy, "thiếu 1 trong 193")


def test_duplicate_and_unknown_country(tmp_path: Path, data_copy: Path) -> None:
    rows = official_rows(2026)
    rows[5] = rows[4]
    rows[7] = rows[7].replace(rows[7].split(",")[1], '"Atlantis "')
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026, rows=rows)
    text = _expect_error(path, data_copy, "dòng 7", "quốc gia đã có ở dòng 6",
                         "dòng 9", "«Atlantis»")
    assert text.count("•") == 2


def test_text_negative_and_out_of_range_values(tmp_path: Path, data_copy: Path) -> None:
    rows = official_rows(2026)
    parts = rows[0].split(",")
    parts[3] = "n/a"
    rows[0] = ",".join(parts)
    parts = rows[1].split(",")
    parts[5] = "-0.10000"
    rows[1] = ",".join(parts)
    parts = rows[2].split(",")
    parts[7] = "1.20000"
    rows[2] = ",".join(parts)
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026, rows=rows)
    _expect_error(path, data_copy,
                  "dòng 2, cột «E-Government Index»: giá trị «n/a»",
                  "dòng 3, cột «Online Service Index»: giá trị «-0.10000»",
                  "dòng 4, cột «Telecommunication Infrastructure Index»: giá trị «1.20000»")


def test_two_years_in_one_file(tmp_path: Path, data_copy: Path) -> None:
    rows = official_rows(2026)
    rows[10] = rows[10].replace("2026,", "2025,", 1)
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026, rows=rows)
    _expect_error(path, data_copy, "nhiều năm khảo sát: 2025, 2026")


def test_rank_empty_but_values_present(tmp_path: Path, data_copy: Path) -> None:
    rows = official_rows(2026)
    parts = rows[3].split(",")
    parts[2] = ""
    rows[3] = ",".join(parts)
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026, rows=rows)
    _expect_error(path, data_copy, "dòng 5, cột «E-Government Rank»", "thứ hạng trống")


def test_empty_and_non_utf8_files(tmp_path: Path, data_copy: Path) -> None:
    empty = tmp_path / "EGOV_DATA_2026.csv"
    empty.write_bytes(b"")
    _expect_error(empty, data_copy, "tệp rỗng")
    latin = tmp_path / "EGOV_DATA_2027.csv"
    text = "\n".join([UN_HEADER, *official_rows(2027)]) + "\n"
    latin.write_bytes(text.encode("utf-8").replace("Côte".encode(), "Côte".encode("latin-1")))
    _expect_error(latin, data_copy, "UTF-8")


def test_cli_reports_in_vietnamese_without_traceback(tmp_path: Path, data_copy: Path) -> None:
    path = write_official(tmp_path / "EGOV_DATA_2026.csv", 2026, header="a,b,c")
    proc = subprocess.run([sys.executable, "-m", "egovbook.cli", "import-un", str(path)],
                          capture_output=True, text=True,
                          env={"EGOVBOOK_ROOT": str(data_copy.parent), "PATH": "/usr/bin"})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "Không nhập được tệp của Liên Hợp Quốc" in proc.stderr
    assert "EGOV_DATA_2026.csv, dòng 1" in proc.stderr
