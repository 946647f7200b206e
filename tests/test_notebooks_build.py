"""Notebooks executed by Papermill with non-default parameters, a full build for another
country, and builds stopped by their checks."""

from __future__ import annotations

import csv
import json
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

import papermill
import pytest

from egovbook import cli

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def raw_row(iso3: str, year: int) -> dict[str, str]:
    """A row of the committed UN table, read without the package."""
    with (ROOT / "data" / "un_egov.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["iso3"] == iso3 and row["year"] == str(year):
                return row
    raise KeyError((iso3, year))


def glued(nb_path: Path) -> dict[str, str]:
    """Values a notebook glued (myst-nb stores them as outputs tagged with their name)."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    values = {}
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            prefix = out.get("metadata", {}).get("scrapbook", {}).get("mime_prefix", "")
            # Markdown glue (links) has no text/plain.
            if name and prefix + "text/plain" in out["data"]:
                values[name] = out["data"][prefix + "text/plain"].strip("'\"")
    return values


def test_notebooks_are_committed_without_outputs() -> None:
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        tags = [c.get("metadata", {}).get("tags", []) for c in nb["cells"]]
        assert sum("parameters" in t for t in tags) == 1, path.name
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, path.name


OTHER = {"country": "THA", "year": 2018, "quarter": "2020Q3"}


def run_with_other_parameters(nb: Path, folder: Path) -> Path:
    """``nb`` executed alone by Papermill with :data:`OTHER` (those it declares), in ``folder``."""
    out = folder / nb.name
    declared = papermill.inspect_notebook(str(nb))
    papermill.execute_notebook(str(nb), str(out),
                               parameters={k: v for k, v in OTHER.items() if k in declared},
                               cwd=str(folder), progress_bar=False, kernel_name="python3")
    return out


@pytest.fixture(scope="module")
def other_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Future[Path]]:
    """Every notebook run with other parameters, two at a time: each run is its own kernel
    process, so the machine's two cores share them."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {nb.stem: pool.submit(run_with_other_parameters, nb,
                                     tmp_path_factory.mktemp(nb.stem)) for nb in NOTEBOOKS}
        wait(runs.values())
    return runs


@pytest.mark.slow
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_with_other_parameters(nb: Path, other_runs: dict[str, Future[Path]]
                                             ) -> None:
    out = other_runs[nb.stem].result()  # a notebook that failed raises its error here
    tmp_path = out.parent
    declared = papermill.inspect_notebook(str(nb))
    values = glued(out)
    if "quarter" in declared and "name" not in values:
        return  # domestic chapters 4–6: covered with another quarter below
    # The explorer is about every member, not the edition's country.
    assert values.get("name", "Thái Lan") == "Thái Lan"
    if "year" in declared and "year" in values:
        assert values["year"] == "2018"
    if "rank" in values:
        assert values["rank"] == f"{raw_row('THA', 2018)['egdi_rank']}/193"
    # Every figure and table wrote the data it shows.
    # (CSV with a byte-order mark and its header first; the source lines in a sidecar.)
    for csv_file in (tmp_path / "_outputs").glob("*.csv"):
        assert csv_file.read_bytes().startswith("\ufeff".encode())
        assert csv_file.with_suffix(".nguon.txt").read_text(encoding="utf-8").strip()


@pytest.mark.slow
def test_domestic_notebook_with_an_earlier_quarter(other_runs: dict[str, Future[Path]]) -> None:
    values = glued(other_runs["06_co_gi_moi"].result())
    assert values["quarter_vi"] == "quý III/2020"
    assert values["prev_vi"] == "quý I/2020"
    # 2020Q3.csv, read independently: every row is new in that quarter.
    with (ROOT / "data" / "quarterly" / "2020Q3.csv").open(encoding="utf-8") as fh:
        assert values["n_new"] == str(sum(1 for _ in csv.DictReader(fh)))


@pytest.mark.slow
def test_full_build_for_another_country(other_country_project: Path) -> None:
    html = other_country_project / "_build" / "html"
    year = json.loads((html / "values.json").read_text(encoding="utf-8"))["parameters"]["year"]
    index = (html / "book" / "gioi-thieu.html").read_text(encoding="utf-8")
    assert "<title>Giới thiệu &#8212; Chính phủ điện tử Campuchia" in index
    chapter = (html / "notebooks" / "01_tong_quan_egdi.html").read_text(encoding="utf-8")
    khm = raw_row("KHM", year)
    assert f"{khm['egdi_rank']}/193" in chapter
    assert khm["egdi"].replace(".", ",")[:6] in chapter
    for page in ("01_tong_quan_egdi", "02_chi_so_thanh_phan"):
        text = (html / "notebooks" / f"{page}.html").read_text(encoding="utf-8")
        assert "Việt Nam" not in text, page
    # Chapters on Viet Nam's own domestic data are left out of another country's book.
    assert not (html / "notebooks" / "04_chi_tieu_trong_nuoc.html").exists()
    assert "04_chi_tieu_trong_nuoc" not in index
    # Key findings: the UN ones, each linking to its table; no domestic part, no dangling link.
    findings = (html / "notebooks" / "00_diem_chinh.html").read_text(encoding="utf-8")
    assert "Campuchia" in findings and "không có phần chỉ tiêu trong nước" in findings
    assert "mục tiêu" not in findings.split("không có phần chỉ tiêu trong nước")[1].split(
        "</section>")[0]  # no domestic finding follows the sentence that says there are none
    assert findings.count('href="01_tong_quan_egdi.html#tbl-') == 2
    # Figures and their CSV downloads made it into the book.
    assert list((html / "_images").glob("*.png"))
    assert list((html / "_downloads").rglob("fig-egdi-xu-huong.csv"))


# The build stops at the data and parameter checks before staging anything: run in this
# process (tests/test_quarterly.py shows a full build leaving the published book intact).


def build_in_process(*args: str) -> tuple[int, str]:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.main(["build", "--no-wait", *args])
    return code, err.getvalue()


def test_bad_un_table_stops_the_build_naming_the_cell(data_copy: Path) -> None:
    un = data_copy / "un_egov.csv"
    un.write_text(un.read_text(encoding="utf-8").replace("2022,KHM,", "2022,KHM,x", 1),
                  encoding="utf-8")
    code, err = build_in_process("--country", "KHM")
    assert code == cli.EXIT_DATA
    assert "Traceback" not in err
    assert "un_egov.csv" in err and "egdi_rank" in err
    assert "giữ nguyên" in err
    assert not (data_copy.parent / "_build" / "stage").exists()


def test_bad_parameters_are_refused_in_vietnamese(data_copy: Path) -> None:
    code, err = build_in_process("--country", "XYZ", "--year", "2019")
    assert code == cli.EXIT_DATA
    assert "Traceback" not in err
    assert "«XYZ»" in err and "«2019»" in err
    assert not (data_copy.parent / "_build" / "html").exists()
