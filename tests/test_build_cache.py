"""Notebook caching: metadata, cache keys and volatile outputs (fast unit tests); a notebook that
reads a file it did not declare is refused; and, on full builds, same inputs give the same bytes,
unchanged inputs give no work, and a data change re-runs only the notebooks that read it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from egovbook.build import nbcache, pipeline, runner

from conftest import ROOT, run_build

NOTEBOOKS = ROOT / "notebooks"


def executed(stdout: str) -> set[str]:
    return set(re.findall(r"✓ (\S+\.ipynb): đã chạy", stdout))


def write_notebook(path: Path, params: str, code: str, reads: list[str],
                   as_list: bool = False) -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})
    if as_list:
        cell["source"] = params.splitlines(keepends=True)
    nb.cells = [nbformat.v4.new_markdown_cell("# Thử"), cell, nbformat.v4.new_code_cell(code)]
    nb.metadata["egovbook"] = {"reads": reads}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small project: package, benchmark script, lock file, data and one notebook."""
    root = tmp_path / "mini"
    (root / "scripts" / "egovbook").mkdir(parents=True)
    (root / "scripts" / "egovbook" / "mod.py").write_text("X = 1\n", encoding="utf-8")
    (root / "scripts" / "benchmark.py").write_text("print('nhanh')\n", encoding="utf-8")
    (root / "requirements.txt").write_text("pandas==2.2.3\n", encoding="utf-8")
    (root / "_config.yml").write_text("title: thử\n", encoding="utf-8")
    shutil.copytree(ROOT / "data", root / "data")
    write_notebook(root / "notebooks" / "nb.ipynb", 'country = "VNM"\nyear = None\n',
                   "from egovbook.intake import countries\ncountries.load()\n", ["countries.csv"])
    monkeypatch.setenv("EGOVBOOK_ROOT", str(root))
    return root


# --- notebook metadata --------------------------------------------------------------------------


def test_declared_parameters_read_with_ast(tmp_path: Path) -> None:
    nb = write_notebook(tmp_path / "a.ipynb",
                        'country = "VNM"  # mã\nyear: int | None = None\nquarter: str\n'
                        "import os\nlimit = top = 3\nfirst, second = 1, 2\n", "pass", [])
    assert nbcache.declared_parameters(nb) == {"country", "year", "quarter", "limit", "top"}
    listed = write_notebook(tmp_path / "b.ipynb", 'country = "VNM"\nquarter = None\n', "pass",
                            [], as_list=True)
    assert nbcache.declared_parameters(listed) == {"country", "quarter"}
    none = tmp_path / "c.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), none)
    assert nbcache.declared_parameters(none) == set()


def test_parameters_of_the_book_notebooks() -> None:
    assert nbcache.declared_parameters(NOTEBOOKS / "01_tong_quan_egdi.ipynb") == {
        "country", "year", "quarter"}  # the claims box quotes articles up to the quarter
    assert nbcache.declared_parameters(NOTEBOOKS / "04_chi_tieu_trong_nuoc.ipynb") == \
        {"country", "quarter"}


def test_metadata_is_parsed_once_per_content_of_the_file(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Path] = []
    real = nbcache._parse
    monkeypatch.setattr(nbcache, "_parse", lambda path, raw: parsed.append(path) or real(path, raw))
    nb = write_notebook(tmp_path / "a.ipynb", "country = 'VNM'\n", "pass", ["un_egov.csv"])
    assert nbcache.notebook_reads(nb) == ["un_egov.csv"]
    assert nbcache.notebook_applies(nb, "KHM")
    assert nbcache.declared_parameters(nb) == {"country"}
    assert nbcache.notebook_meta(nb).parameters == {"country"}
    assert parsed == [nb]
    # Same size, same second: the edit is still seen.
    text = nb.read_text(encoding="utf-8")
    nb.write_text(text.replace('"un_egov.csv"', '"claims.csv"'), encoding="utf-8")
    assert nbcache.notebook_reads(nb) == ["claims.csv"]
    data = json.loads(nb.read_text(encoding="utf-8"))
    data["metadata"]["egovbook"] = {"reads": ["quarterly/*"], "countries": ["VNM"]}
    nb.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert nbcache.notebook_reads(nb) == ["quarterly/*"]
    assert not nbcache.notebook_applies(nb, "KHM") and nbcache.notebook_applies(nb, "VNM")
    assert len(parsed) == 3


# --- declarations -------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "patterns", "ok"), [
    ("quarterly/2022Q3.csv", ["quarterly/*"], True),
    ("quarterly/", ["quarterly/*"], True),
    ("quarterly/", ["quarterly/*.csv"], True),
    ("quarterly/", ["quarterly/2022Q3.csv"], False),
    ("quarterly/2022Q3.csv", ["*.csv"], False),
    ("domestic/targets.csv", ["*.csv"], False),
    ("domestic/targets.csv", ["domestic/*.csv"], True),
    ("claims.csv", ["*.csv"], True),
    ("claims.csv", ["claims.csv"], True),
    ("sources.csv", ["claims.csv", "domestic/*.csv"], False),
    ("/tmp/x.csv", ["*", "/tmp/*"], False),
])
def test_declaration_covers_reads_as_glob_does(name: str, patterns: list[str], ok: bool) -> None:
    assert nbcache.covered(name, patterns) is ok


def test_un_chapters_do_not_depend_on_the_quarterly_files() -> None:
    """Their claims boxes judge UN figures on the UN files alone (claims.for_chapter), so a new
    quarter does not re-run them; the build's check of recorded reads keeps this true."""
    for stem in ("01_tong_quan_egdi", "02_chi_so_thanh_phan", "03_so_sanh_khu_vuc"):
        reads = nbcache.notebook_reads(NOTEBOOKS / f"{stem}.ipynb")
        assert nbcache.undeclared(["quarterly/2022Q3.csv"], reads) == ["quarterly/2022Q3.csv"]


# --- the cache key ------------------------------------------------------------------------------


def key_of(root: Path, params: dict[str, Any] | None = None,
           names: tuple[str, ...] = ("countries.csv", "quarterly/", "quarterly/2022Q3.csv")) -> str:
    nb = root / "notebooks" / "nb.ipynb"
    return nbcache.cache_key(nb, {"country": "VNM"} if params is None else params, root,
                           nbcache.current_reads(names, root))


def test_cache_key_changes_with_what_the_notebook_depends_on(mini: Path) -> None:
    base = key_of(mini)
    assert key_of(mini) == base
    changes = {
        "notebook": lambda: write_notebook(mini / "notebooks" / "nb.ipynb", 'country = "KHM"\n',
                                           "pass", ["countries.csv"]),
        "recorded data file": lambda: (mini / "data" / "countries.csv").write_bytes(
            (mini / "data" / "countries.csv").read_bytes() + b"\n"),
        "recorded quarterly file": lambda: (mini / "data" / "quarterly" / "2022Q3.csv")
        .write_bytes((mini / "data" / "quarterly" / "2022Q3.csv").read_bytes()
                     .replace(b",71.75,", b",71.8,")),
        "new file in a listed folder": lambda: shutil.copy(
            mini / "data" / "quarterly" / "2022Q3.csv", mini / "data" / "quarterly" / "2023Q1.csv"),
        "recorded file deleted": lambda: (mini / "data" / "countries.csv").unlink(),
        "package code": lambda: (mini / "scripts" / "egovbook" / "mod.py").write_text(
            "X = 2\n", encoding="utf-8"),
        "new package module": lambda: (mini / "scripts" / "egovbook" / "sub").mkdir() or (
            mini / "scripts" / "egovbook" / "sub" / "new.py").write_text("", encoding="utf-8"),
        "requirements": lambda: (mini / "requirements.txt").write_text("pandas==2.2.4\n",
                                                                       encoding="utf-8"),
    }
    for what, change in changes.items():
        before = key_of(mini)
        change()
        assert key_of(mini) != before, what
    assert key_of(mini, {"country": "KHM"}) != key_of(mini, {"country": "VNM"})
    assert key_of(mini, {"country": "VNM", "year": 2022}) != key_of(mini)


def test_cache_key_ignores_what_the_notebook_never_read(mini: Path) -> None:
    base = key_of(mini)
    (mini / "scripts" / "benchmark.py").write_text("print('chậm')\n", encoding="utf-8")
    (mini / "data" / "un_egov.csv").write_bytes(b"changed\n")
    (mini / "data" / "domestic" / "cntt_2019.csv").unlink()
    (mini / "data" / "quarterly" / "~$2022Q3.xlsx").write_bytes(b"Excel lock")
    (mini / "scripts" / "egovbook" / "notes.txt").write_text("không phải mã\n", encoding="utf-8")
    assert key_of(mini) == base


def test_cache_key_hashes_the_recorded_digests(mini: Path) -> None:
    """The key stored after a run hashes the bytes the kernel read; a file changed since then
    gives another key when checked, and one read twice with different bytes never matches."""
    nb = mini / "notebooks" / "nb.ipynb"
    parts = nbcache.static_parts(nb, {"country": "VNM"}, mini)
    now = nbcache.current_reads(["countries.csv"], mini)
    assert nbcache.combine(parts, now) == key_of(mini, names=("countries.csv",))
    assert nbcache.combine(parts, {"countries.csv": ["0" * 64]}) != nbcache.combine(parts, now)
    assert nbcache.combine(parts, {"countries.csv": [*now["countries.csv"], "0" * 64]}) != \
        nbcache.combine(parts, now)


def test_reads_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "nb.reads.json"
    assert nbcache.load_reads(path) is None
    nbcache.save_reads(path, "nb.ipynb", {"b.csv": {"2", "1"}, "a/": ["3"]})
    assert nbcache.load_reads(path) == {"a/": ["3"], "b.csv": ["1", "2"]}
    path.write_text("{không phải json", encoding="utf-8")
    assert nbcache.load_reads(path) is None


# --- volatile outputs ---------------------------------------------------------------------------


def test_strip_volatile_removes_run_metadata_and_hides_injected_cell() -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"start_time": "2024-01-01T00:00:00", "parameters": {}}
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    params = nbformat.v4.new_code_cell("country = 'VNM'", metadata={"tags": ["parameters"]})
    injected = nbformat.v4.new_code_cell("country = 'KHM'",
                                         metadata={"tags": ["injected-parameters"]})
    body = nbformat.v4.new_code_cell("1 + 1", execution_count=7, metadata={
        "papermill": {"duration": 0.5}, "execution": {"iopub.status.idle": "2024"},
        "tags": ["remove-input"]})
    text = nbformat.v4.new_markdown_cell("Chữ", metadata={"papermill": {"status": "completed"}})
    injected["id"] = "f3a9c1"  # Papermill's ids are random
    nb.cells = [params, injected, body, text]

    out = runner.strip_volatile(nb)
    assert "papermill" not in out.metadata and out.metadata["kernelspec"]["name"] == "python3"
    assert all("papermill" not in c.metadata and "execution" not in c.metadata for c in out.cells)
    assert out.cells[1]["id"] == "injected-parameters"
    assert out.cells[1].metadata["tags"] == ["injected-parameters", "remove-cell"]
    assert out.cells[0]["id"] != "injected-parameters"
    assert out.cells[0].metadata["tags"] == ["parameters"]
    assert out.cells[2].metadata == {"tags": ["remove-input"]}
    assert all(c["execution_count"] is None for c in out.cells if c.cell_type == "code")
    # Stripping again changes nothing; a cell already hidden is not tagged twice.
    text_once = nbformat.writes(out)
    assert nbformat.writes(runner.strip_volatile(nbformat.reads(text_once, as_version=4))) == \
        text_once


# --- the execute step (one small kernel each) ---------------------------------------------------


@pytest.mark.slow
def test_reading_an_undeclared_file_fails_the_notebook(mini: Path) -> None:
    nb = write_notebook(mini / "notebooks" / "10_thu.ipynb", 'country = "VNM"\n',
                        "from egovbook.intake import countries, domestic\n"
                        "countries.load()\ndomestic.load_claims()\n", ["countries.csv"])
    cache, out = mini / "_build" / "cache", mini / "_build" / "stage" / "notebooks" / nb.name
    cache.mkdir(parents=True)
    with pytest.raises(pipeline.BuildError) as err:
        runner.execute_notebook(nb, out, {"country": "VNM", "year": None}, mini, cache, False)
    message = str(err.value)
    assert "Notebook 10_thu.ipynb đọc dữ liệu không khai báo trong metadata egovbook.reads" \
        in message
    assert "data/claims.csv" in message and "countries.csv" not in message
    assert not out.exists() and not (cache / "10_thu.key").exists()


@pytest.mark.slow
def test_execute_step_keys_on_recorded_reads(mini: Path) -> None:
    nb = mini / "notebooks" / "nb.ipynb"
    cache, out = mini / "_build" / "cache", mini / "_build" / "stage" / "notebooks" / nb.name
    cache.mkdir(parents=True)

    def run() -> bool:
        return runner.execute_notebook(nb, out, {"country": "VNM", "quarter": "2022Q3"}, mini,
                                      cache, False).executed

    assert run()
    stored = json.loads((cache / "nb.reads.json").read_text(encoding="utf-8"))
    assert list(stored["reads"]) == ["countries.csv"]
    assert not (cache / "nb.reads").exists()
    assert not run()
    (mini / "data" / "claims.csv").write_bytes(b"changed\n")  # never read by nb
    (mini / "scripts" / "benchmark.py").write_text("# khác\n", encoding="utf-8")
    assert not run()
    countries = mini / "data" / "countries.csv"
    countries.write_bytes(countries.read_bytes().replace(b"Viet Nam", b"Viet  Nam"))
    assert run()
    assert not run()


# --- full builds --------------------------------------------------------------------------------


def recorded_readers(project: Path, prefix: str) -> set[str]:
    """Notebooks whose last run read a file (or listing) under ``prefix``."""
    out = set()
    for nb in (project / "notebooks").glob("*.ipynb"):
        reads = nbcache.load_reads(project / "_build" / "cache" / f"{nb.stem}.reads.json") or {}
        if any(name.startswith(prefix) for name in reads):
            out.add(nb.name)
    return out


@pytest.mark.slow
def test_rebuild_reruns_only_the_notebooks_that_read_the_change(built_copy: Path) -> None:
    project = built_copy
    html = project / "_build" / "html"
    stamp = (html / "index.html").stat().st_mtime_ns
    proc = run_build(project)
    assert proc.returncode == 0
    assert executed(proc.stdout) == set()
    assert "giữ nguyên bản đã xuất bản" in proc.stdout
    assert (html / "index.html").stat().st_mtime_ns == stamp
    # A script outside the package is not an input of any notebook.
    (project / "scripts" / "benchmark.py").write_text(
        (project / "scripts" / "benchmark.py").read_text(encoding="utf-8") + "\n# sửa\n",
        encoding="utf-8")
    proc = run_build(project)
    assert proc.returncode == 0, proc.stderr
    assert executed(proc.stdout) == set()
    # Nor of the book: the published book is kept as it was.
    assert "giữ nguyên bản đã xuất bản" in proc.stdout
    assert (html / "index.html").stat().st_mtime_ns == stamp
    # A file two chapters read (chapter 04's ranking table; the key findings quote its year)
    # and a quarterly file, changed together: exactly the notebooks that read one of them
    # re-run; the UN chapters are not among them (their claims boxes judge UN figures on the
    # UN files).
    rankings = project / "data" / "domestic" / "cntt_2019.csv"
    rankings.write_text(rankings.read_text(encoding="utf-8").replace(
        "xếp cuối cùng là", "xếp cuối là"), encoding="utf-8")
    quarterly = project / "data" / "quarterly" / "2022Q3.csv"
    quarterly.write_text(quarterly.read_text(encoding="utf-8").replace(",71.75,", ",71.8,"),
                         encoding="utf-8")
    proc = run_build(project)
    assert proc.returncode == 0, proc.stderr
    ranked = recorded_readers(project, "domestic/cntt_2019.csv")
    readers = recorded_readers(project, "quarterly/")
    assert ranked == {"00_diem_chinh.ipynb", "04_chi_tieu_trong_nuoc.ipynb"}
    assert executed(proc.stdout) == ranked | readers
    # Chapter 90 counts the quarterly files' columns from the files themselves (review 7, C10).
    assert {"00_diem_chinh.ipynb", "04_chi_tieu_trong_nuoc.ipynb",
            "06_co_gi_moi.ipynb", "90_nguon_du_lieu.ipynb"} <= readers
    assert not readers & {"01_tong_quan_egdi.ipynb", "02_chi_so_thanh_phan.ipynb",
                          "03_so_sanh_khu_vuc.ipynb"}
    declared = {nb.name for nb in (project / "notebooks").glob("*.ipynb")
                if any(r.startswith("quarterly/") for r in nbcache.notebook_reads(nb))}
    assert readers == declared
    page = (html / "notebooks" / "05_cong_dvc_chuyen_doi_so.html").read_text(encoding="utf-8")
    assert "71,8" in page


# --- kernels kept between notebooks -------------------------------------------------------------


def test_preparing_a_kept_kernel_reads_no_data(tmp_path: Path) -> None:
    """What prepare() imports must read no data file: a read done once per kernel would be
    missing from the reads (and the cache key) of every notebook after the first."""
    import os
    import subprocess
    import sys

    log = tmp_path / "reads.log"
    env = {**os.environ, "EGOVBOOK_READS_LOG": str(log), "MPLBACKEND": "agg"}
    proc = subprocess.run([sys.executable, "-c", "from egovbook.build import kernelstate\n"
                           "kernelstate.prepare()\nprint('ok')"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.stdout.strip() == "ok", proc.stderr
    assert not log.exists() or log.read_text(encoding="utf-8") == ""


@pytest.mark.slow
def test_a_kept_kernel_runs_the_next_notebook_as_a_new_kernel_would(mini: Path) -> None:
    """The second notebook of a worker's kernel sees nothing of the first: same output and same
    recorded reads as in a kernel of its own."""
    first = write_notebook(mini / "notebooks" / "a.ipynb", 'country = "VNM"\n',
                           "import matplotlib\nmatplotlib.rcParams['lines.linewidth'] = 9\n"
                           "leak = 1\nfrom egovbook.intake import domestic\n"
                           "domestic.load_claims()\n",
                           ["claims.csv"])
    second = write_notebook(mini / "notebooks" / "b.ipynb", 'country = "VNM"\n',
                            "import matplotlib\nprint('leak' in globals(), "
                            "matplotlib.rcParams['lines.linewidth'])\n"
                            "from egovbook.intake import countries\ncountries.load()\n",
                            ["countries.csv"])
    params = {"country": "VNM"}
    stage = mini / "_build" / "stage" / "notebooks"
    kept, alone = mini / "_build" / "kept", mini / "_build" / "alone"
    kept.mkdir(parents=True)
    alone.mkdir()
    kernel = runner.Kernel()
    try:
        runner.execute_notebook(first, stage / first.name, params, mini, kept, True, kernel)
        runner.execute_notebook(second, stage / "kept.ipynb", params, mini, kept, True, kernel)
    finally:
        kernel.close()
    runner.execute_notebook(second, stage / "alone.ipynb", params, mini, alone, True)
    outputs = [nbformat.read(stage / f"{name}.ipynb", as_version=4).cells[-1].outputs
               for name in ("kept", "alone")]
    assert outputs[0] == outputs[1]
    assert outputs[0][0]["text"].split() == ["False", "1.5"]
    reads = [json.loads((folder / "b.reads.json").read_text(encoding="utf-8"))["reads"]
             for folder in (kept, alone)]
    assert reads[0] == reads[1] and list(reads[0]) == ["countries.csv"]
