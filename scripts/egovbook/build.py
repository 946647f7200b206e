"""The build: validate data → execute notebooks with Papermill → ``jupyter-book build`` → swap.

Everything happens in ``_build/stage`` first. ``_build/html`` (the published book) is replaced only
after every step succeeded, so a bad data file or a failing notebook leaves it exactly as it was.

A notebook is re-executed only when its key changes: its source, the parameters it receives, the
data files it declares in its metadata (``egovbook.reads``), the project's code and the pinned
environment. Executed notebooks are written only when their content changed, so Sphinx rebuilds
only the pages that did.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import yaml

from . import fmt, record, validate
from .paths import project_root
from .problems import DataError, ProblemList

DEFAULT_COUNTRY = "VNM"
NOTEBOOK_DIR = "notebooks"
BOOK_DIRS = ["book", "_static", "_templates", "locale"]
# Files the build writes into the staged sources (not copied from the project).
GENERATED = {Path("book/references.bib"), Path("book/tai-lap.md"),
             Path("locale/vi/LC_MESSAGES/sphinx.js"), Path("locale/vi/LC_MESSAGES/sphinx.mo"),
             Path("locale/vi/LC_MESSAGES/booktheme.mo")}
# Run metadata Papermill and nbclient write into every notebook; stripped so two runs from the
# same inputs give the same bytes (and Sphinx sees no change).
VOLATILE_NB_KEYS = ("papermill",)
VOLATILE_CELL_KEYS = ("papermill", "execution")


@dataclass
class Options:
    country: str = DEFAULT_COUNTRY
    year: int | None = None
    quarter: str | None = None
    jobs: int = 0
    force: bool = False
    strict: bool = True
    root: Path | None = None
    quiet: bool = False

    @property
    def parameters(self) -> dict[str, Any]:
        return {"country": self.country, "year": self.year, "quarter": self.quarter}


@dataclass
class NotebookRun:
    name: str
    executed: bool
    seconds: float
    exported: bool = False


class BuildError(Exception):
    """A step after validation failed; the message is Vietnamese and names the step."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--country", default=DEFAULT_COUNTRY,
                        help="mã ISO3 của quốc gia (mặc định VNM)")
    parser.add_argument("--year", type=int, default=None,
                        help="năm khảo sát (mặc định: năm mới nhất trong dữ liệu)")
    parser.add_argument("--quarter", default=None,
                        help="quý của số liệu trong nước, dạng YYYYQn (mặc định: quý mới nhất)")
    parser.add_argument("--jobs", type=int, default=0,
                        help="số notebook chạy song song (mặc định: số lõi CPU + 1)")
    parser.add_argument("--force", action="store_true",
                        help="chạy lại mọi notebook, bỏ qua bộ nhớ đệm")
    parser.add_argument("--no-strict", dest="strict", action="store_false",
                        help="không coi cảnh báo của Sphinx là lỗi")


def _say(opts: Options, text: str) -> None:
    if not opts.quiet:
        print(text, flush=True)


def resolve_parameters(opts: Options, report: validate.Report) -> Options:
    """Check country, year and quarter against the validated data; fill in the defaults."""
    from . import countries, domestic

    problems = ProblemList()
    table = countries.load()
    opts.country = opts.country.upper()
    if opts.country not in set(table["iso3"]):
        problems.add("tham số --country", "không phải mã ISO3 của quốc gia thành viên Liên Hợp "
                     "Quốc (ví dụ VNM, KHM, THA)", value=opts.country)
    years = report.survey_years
    if opts.year is None:
        opts.year = int(years[-1])
    elif opts.year not in years:
        problems.add("tham số --year", "không có trong dữ liệu; các năm khảo sát có: "
                     + ", ".join(map(str, years)), value=opts.year)
    available = report.quarters
    if opts.quarter is None:
        opts.quarter = available[-1] if available else None
    else:
        opts.quarter = opts.quarter.upper()
        if not domestic.QUARTER_RE.match(opts.quarter):
            problems.add("tham số --quarter", "cần dạng YYYYQn, ví dụ 2022Q3", value=opts.quarter)
        elif opts.quarter not in available:
            problems.add("tham số --quarter", "không có số liệu quý này trong data/quarterly/; "
                         "các quý có số liệu: " + ", ".join(available), value=opts.quarter)
    if problems:
        raise DataError(problems, "Tham số dựng sách không hợp lệ")
    return opts


def _hash_files(paths: Iterable[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def notebook_reads(nb_path: Path) -> list[str]:
    """Data files a notebook declares it reads (``metadata.egovbook.reads``), relative to data/."""
    meta = json.loads(nb_path.read_text(encoding="utf-8")).get("metadata", {})
    reads: list[str] = meta.get("egovbook", {}).get("reads", [])
    return reads


def notebook_applies(nb_path: Path, country: str) -> bool:
    """Chapters on one country's own data (``egovbook.countries``) are left out for others."""
    meta = json.loads(nb_path.read_text(encoding="utf-8")).get("metadata", {})
    only: list[str] | None = meta.get("egovbook", {}).get("countries")
    return only is None or country in only


def declared_parameters(nb_path: Path) -> set[str]:
    """Names assigned in the cell tagged ``parameters`` (read with ``ast``: importing Papermill
    just to inspect costs more than a no-change rebuild should)."""
    import ast

    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) \
                else cell["source"]
            names: set[str] = set()
            for node in ast.parse(source).body:
                targets = node.targets if isinstance(node, ast.Assign) else (
                    [node.target] if isinstance(node, ast.AnnAssign) else [])
                names |= {t.id for t in targets if isinstance(t, ast.Name)}
            return names
    return set()


def cache_key(nb_path: Path, params: dict[str, Any], root: Path) -> str:
    code = list((root / "scripts").rglob("*.py"))
    # Entries may be patterns ("quarterly/*"): a new quarterly file changes the key.
    data = [p for name in notebook_reads(nb_path) for p in (root / "data").glob(name)]
    parts = {
        "notebook": _hash_files([nb_path], root),
        "params": params,
        "code": _hash_files(code, root),
        "data": _hash_files([p for p in data if p.is_file()], root),
        "env": _hash_files([root / "requirements.txt"], root),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def strip_volatile(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop run timestamps and hide Papermill's injected-parameters cell from readers."""
    for key in VOLATILE_NB_KEYS:
        nb.metadata.pop(key, None)
    for cell in nb.cells:
        for key in VOLATILE_CELL_KEYS:
            cell.metadata.pop(key, None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            # Papermill gives the cell it inserts a random id; a fixed one keeps runs identical.
            cell["id"] = "injected-parameters"
            if "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
        if cell.cell_type == "code":
            cell["execution_count"] = None
    return nb


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def execute_notebook(nb_path: Path, out_path: Path, params: dict[str, Any], root: Path,
                     cache_dir: Path, force: bool) -> NotebookRun:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    wanted = declared_parameters(nb_path)
    used = {k: v for k, v in params.items() if k in wanted}
    key = cache_key(nb_path, used, root)
    key_file = cache_dir / (nb_path.stem + ".key")
    if not force and out_path.exists() and key_file.exists() and key_file.read_text() == key:
        return NotebookRun(nb_path.name, False, 0.0)
    start = time.perf_counter()
    tmp_out = cache_dir / (nb_path.stem + ".running.ipynb")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # No cwd= here: Papermill would chdir the whole process, which races between threads.
        # Figures find their folder through EGOVBOOK_OUTPUTS instead (set in run_notebooks).
        papermill.execute_notebook(
            str(nb_path), str(tmp_out), parameters=used,
            progress_bar=False, log_output=False, kernel_name="python3",
        )
    except PapermillExecutionError as err:
        raise BuildError(
            f"Notebook {nb_path.name} lỗi ở ô số {err.exec_count or err.cell_index}: "
            f"{err.ename}: {err.evalue}"
        ) from None
    nb = strip_volatile(nbformat.read(tmp_out, as_version=4))
    _write_if_changed(out_path, nbformat.writes(nb) + "\n")
    tmp_out.unlink(missing_ok=True)
    key_file.write_text(key)
    return NotebookRun(nb_path.name, True, time.perf_counter() - start)


def run_and_export(nb_path: Path, out_path: Path, params: dict[str, Any], root: Path,
                   cache_dir: Path, force: bool) -> NotebookRun:
    """Execute, then export the standalone HTML in the same worker: the export overlaps with
    the other workers' kernels instead of waiting for all of them."""
    from . import export

    run = execute_notebook(nb_path, out_path, params, root, cache_dir, force)
    run.exported = export.export(out_path, out_path.parent / export.EXPORT_DIR)
    return run


def country_name(iso3: str) -> str:
    from . import countries

    table = countries.load().set_index("iso3")
    return str(table.loc[iso3, "name_vi"])


def stage_sources(root: Path, stage: Path, opts: Options) -> None:
    """Copy the book's sources into the stage, touching only files whose content changed."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = config["title"].replace("Việt Nam", country_name(opts.country)) \
        if opts.country != DEFAULT_COUNTRY else config["title"]
    _write_if_changed(stage / "_config.yml",
                      yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    skipped = {f"{NOTEBOOK_DIR}/{nb.stem}" for nb in (root / NOTEBOOK_DIR).glob("*.ipynb")
               if not notebook_applies(nb, opts.country)}
    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part["chapters"] if c.get("file") not in skipped]
    toc["parts"] = [p for p in toc.get("parts", []) if p["chapters"]]
    _write_if_changed(stage / "_toc.yml", yaml.safe_dump(toc, allow_unicode=True,
                                                         sort_keys=False))
    from . import bibliography

    bibliography.write(stage / "book" / "references.bib")
    for folder in BOOK_DIRS:
        src = root / folder
        wanted = set()
        for path in src.rglob("*"):
            if path.is_file():
                rel = path.relative_to(root)
                wanted.add(rel)
                target = stage / rel
                data = path.read_bytes()
                if not target.exists() or target.read_bytes() != data:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
        for path in (stage / folder).rglob("*"):
            if path.is_file() and path.relative_to(stage) not in wanted | GENERATED:
                path.unlink()


@contextlib.contextmanager
def _kernel_noise_to(log: Path) -> Iterator[None]:
    """Send kernels' stderr chatter (TCP warnings, shutdown notices) to a log, not the console.

    Kernels are child processes that inherit file descriptor 2, so it is redirected at the
    descriptor level for the duration of the notebook runs.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with log.open("ab") as fh:
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def run_notebooks(root: Path, stage: Path, opts: Options) -> list[NotebookRun]:
    notebooks = [nb for nb in sorted((root / NOTEBOOK_DIR).glob("*.ipynb"))
                 if notebook_applies(nb, opts.country)]
    cache_dir = root / "_build" / "cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    # One more worker than cores: kernels spend part of their time starting and waiting on
    # messages, so a third notebook keeps two cores busy (measured: 2 cores, 3 workers fastest).
    jobs = opts.jobs or (os.cpu_count() or 1) + 1
    os.environ["EGOVBOOK_OUTPUTS"] = str(stage / NOTEBOOK_DIR / "_outputs")
    runs: list[NotebookRun] = []
    _say(opts, f"Chạy {len(notebooks)} notebook ({jobs} song song)…")
    with _kernel_noise_to(cache_dir / "kernels.log"), ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = {
            pool.submit(run_and_export, nb, stage / NOTEBOOK_DIR / nb.name, opts.parameters,
                        root, cache_dir, opts.force): nb
            for nb in notebooks
        }
        errors = []
        for future in as_completed(futures):
            nb = futures[future]
            try:
                run = future.result()
            except BuildError as err:
                errors.append(str(err))
                _say(opts, f"  ✗ {nb.name}")
                continue
            runs.append(run)
            state = (f"đã chạy ({fmt.number(run.seconds, 1)} giây)" if run.executed
                     else "không đổi, dùng lại kết quả")
            _say(opts, f"  ✓ {run.name}: {state}")
    if errors:
        raise BuildError("\n".join(errors))
    # Executed copies of notebooks removed from notebooks/ (or not for this country) must not
    # linger in the book.
    wanted = {nb.name for nb in notebooks}
    for old in (stage / NOTEBOOK_DIR).glob("*.ipynb"):
        if old.name not in wanted:
            old.unlink()
    return runs


def sphinx_build(stage: Path, opts: Options) -> Path:
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(stage),
           "--path-output", str(stage), "--builder", "html"]
    if opts.strict:
        cmd += ["-W", "-n", "--keep-going"]
    _say(opts, "Dựng sách HTML (Jupyter Book)…")
    # cwd=stage: Sphinx resolves locale_dirs against the working directory when it looks for
    # the JavaScript translations.
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=stage)
    log = stage / "jupyter-book.log"
    log.write_text(proc.stdout + "\n" + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise BuildError(f"Jupyter Book không dựng được sách (chi tiết: {log}):\n{tail}")
    return stage / "_build" / "html"


def stage_digest(stage: Path) -> str:
    """Hash of everything Sphinx reads from the stage (not its own output or log)."""
    skip = {stage / "_build", stage / "jupyter-book.log"}
    # Sphinx compiles .mo files and the extension writes sphinx.js during the build itself;
    # their .po sources are hashed instead.
    files = [p for p in stage.rglob("*") if p.is_file()
             and not any(p == s or s in p.parents for s in skip)
             and p.suffix != ".mo" and not (p.name == "sphinx.js" and "locale" in p.parts)]
    return _hash_files(files, stage)


def publish(built: Path, target: Path) -> None:
    """Replace ``target`` by a copy of ``built`` with two renames, so it is never half-written."""
    fresh = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(built, fresh)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    if old.exists():
        shutil.rmtree(old)


def build(opts: Options) -> Path:
    root = opts.root or project_root()
    opts.root = root
    # Papermill kernels inherit the environment: they read data/ from this project.
    os.environ["EGOVBOOK_ROOT"] = str(root)
    started = time.perf_counter()
    _say(opts, "Kiểm tra dữ liệu trong data/…")
    report = validate.validate_all(root / "data")
    _say(opts, "  " + ", ".join(f"{k}: {v} dòng" for k, v in report.rows.items()))
    resolve_parameters(opts, report)
    _say(opts, f"Quốc gia: {country_name(opts.country)} ({opts.country}); năm khảo sát: "
               f"{opts.year}; quý số liệu trong nước: {opts.quarter or 'không có'}")
    stage = root / "_build" / "stage"
    stage_sources(root, stage, opts)
    runs = run_notebooks(root, stage, opts)
    exported = sum(r.exported for r in runs)
    if exported:
        _say(opts, f"Đã xuất {exported} chương thành HTML độc lập (nbconvert).")
    rec = record.collect(root, opts.parameters)
    previous = record.load(stage / record.RECORD_NAME)
    if previous is not None and record.same_build(previous, rec):
        rec = previous  # same inputs: the published book is that build, with its date
    record.write_json(rec, stage / record.RECORD_NAME)
    _write_if_changed(stage / "book" / "tai-lap.md", record.page(rec))
    target = root / "_build" / "html"
    marker = root / "_build" / "cache" / "published.sha256"
    digest = stage_digest(stage)
    if (not opts.force and target.is_dir() and marker.is_file()
            and marker.read_text() == digest):
        _say(opts, "Nguồn của sách không đổi: giữ nguyên bản đã xuất bản.")
        return target
    built = sphinx_build(stage, opts)
    shutil.copy2(stage / record.RECORD_NAME, built / record.RECORD_NAME)
    from . import pdf  # the print edition, from the same stage, into the folder to publish

    pdf.make(stage, built, force=opts.force, strict=opts.strict, say=lambda t: _say(opts, t))
    publish(built, target)
    marker.write_text(digest)
    _say(opts, f"Xong sau {fmt.number(time.perf_counter() - started, 1)} giây: {target}/index.html")
    return target


def main(args: argparse.Namespace) -> int:
    opts = Options(country=args.country, year=args.year, quarter=args.quarter, jobs=args.jobs,
                   force=args.force, strict=args.strict)
    try:
        build(opts)
    except BuildError as err:
        print("Không dựng được sách; bản đã xuất bản trong _build/html được giữ nguyên.\n"
              + str(err), file=sys.stderr)
        return 3
    except DataError as err:
        print(err.render() + "\nBản đã xuất bản trong _build/html được giữ nguyên.",
              file=sys.stderr)
        return 2
    return 0
