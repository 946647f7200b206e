"""The build: validate data → execute notebooks with Papermill → ``jupyter-book build`` → swap.

Everything happens in ``_build/stage`` first. ``_build/html`` (the published book) is replaced only
after every step succeeded, so a bad data file or a failing notebook leaves it exactly as it was.

A notebook is re-executed only when its key changes: its source, the parameters it receives, the
data files it read in its last run (recorded as they are read; they must be within what its
metadata declares, ``egovbook.reads``), the package's code and the pinned environment
(:mod:`egovbook.nbcache`). Executed notebooks are written only when their content changed, so
Sphinx rebuilds only the pages that did.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import yaml

from . import data_access, editions, fmt, nbcache, record, validate, values

# Notebook metadata and cache keys live in nbcache; these names stay importable from here.
from .nbcache import cache_key as cache_key
from .nbcache import declared_parameters, notebook_applies
from .nbcache import hash_files as _hash_files
from .nbcache import notebook_reads as notebook_reads
from .paths import project_root
from .problems import DataError, ProblemList

DEFAULT_COUNTRY = "VNM"
NOTEBOOK_DIR = "notebooks"
BOOK_DIRS = ["book", "_static", "_templates", "locale"]
# Files the build writes into the staged sources (not copied from the project).
NOTES_PAGE = Path("book/ghi-chu-du-lieu.md")
GENERATED = {Path("book/references.bib"), Path("book/tai-lap.md"), NOTES_PAGE,
             Path("book/thay-doi.md"),
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


def _kernel_manager(env: dict[str, str]) -> type:
    """A kernel manager class whose kernels get ``env`` on top of this process's environment.

    Each notebook's kernel needs its own reads log; ``os.environ`` is shared by the worker
    threads, so the variable is given to the kernel's process instead of set here.
    """
    from jupyter_client.manager import AsyncKernelManager

    class KernelManager(AsyncKernelManager):  # type: ignore[misc]
        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            kw["env"] = {**kw.get("env", os.environ), **env}
            return await super()._async_pre_start_kernel(**kw)

    return KernelManager


def execute_notebook(nb_path: Path, out_path: Path, params: dict[str, Any], root: Path,
                     cache_dir: Path, force: bool) -> NotebookRun:
    """Run one notebook unless its key is unchanged (see :mod:`egovbook.nbcache`).

    The kernel records every data file it reads (:mod:`egovbook.data_access`) in
    ``<stem>.reads``; they are checked against the notebook's declaration and stored in
    ``<stem>.reads.json`` beside the key, which hashes them.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    meta = nbcache.notebook_meta(nb_path)
    used = {k: v for k, v in params.items() if k in meta.parameters}
    parts = nbcache.static_parts(nb_path, used, root)
    key_file = cache_dir / (nb_path.stem + ".key")
    reads_file = cache_dir / (nb_path.stem + ".reads.json")
    recorded = nbcache.load_reads(reads_file)
    if (not force and out_path.exists() and key_file.exists() and recorded is not None
            and key_file.read_text() == nbcache.combine(
                parts, nbcache.current_reads(recorded, root))):
        return NotebookRun(nb_path.name, False, 0.0)
    start = time.perf_counter()
    tmp_out = cache_dir / (nb_path.stem + ".running.ipynb")
    log = cache_dir / (nb_path.stem + ".reads")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # No cwd= here: Papermill would chdir the whole process, which races between threads.
        # Figures find their folder through EGOVBOOK_OUTPUTS instead (set in run_notebooks).
        for attempt in (1, 2):
            log.unlink(missing_ok=True)
            try:
                papermill.execute_notebook(
                    str(nb_path), str(tmp_out), parameters=used,
                    progress_bar=False, log_output=False, kernel_name="python3",
                    kernel_manager_class=_kernel_manager({data_access.READS_LOG: str(log)}),
                )
                break
            except RuntimeError as err:
                # On a loaded machine a kernel can die while starting, before running any cell:
                # starting it once more is safe. A cell's own error is not retried.
                if attempt == 2 or "Kernel died before replying" not in str(err):
                    raise
    except PapermillExecutionError as err:
        raise BuildError(
            f"Notebook {nb_path.name} lỗi ở ô số {err.exec_count or err.cell_index}: "
            f"{err.ename}: {err.evalue}"
        ) from None
    reads = data_access.parse_log(log)
    wrong = nbcache.undeclared(reads, meta.reads)
    if wrong:
        raise BuildError(nbcache.undeclared_message(nb_path.name, wrong))
    nb = strip_volatile(nbformat.read(tmp_out, as_version=4))
    _write_if_changed(out_path, nbformat.writes(nb) + "\n")
    tmp_out.unlink(missing_ok=True)
    log.unlink(missing_ok=True)
    nbcache.save_reads(reads_file, nb_path.name, reads)
    key_file.write_text(nbcache.combine(parts, reads))
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
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    skipped = {f"{NOTEBOOK_DIR}/{nb.stem}" for nb in (root / NOTEBOOK_DIR).glob("*.ipynb")
               if not notebook_applies(nb, opts.country)}
    config.setdefault("sphinx", {}).setdefault("config", {})["egovbook_domestic"] = not skipped
    _write_if_changed(stage / "_config.yml",
                      yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
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


def write_notes_page(stage: Path, report: validate.Report) -> None:
    """The "Ghi chú dữ liệu" appendix: what validation noticed without refusing the data."""
    from . import domestic

    body = domestic.render_data_notes(report.notes)
    _write_if_changed(stage / NOTES_PAGE, "# Phụ lục: ghi chú dữ liệu\n\n"
                      ":::{container} egovbook-generated\n" + body.rstrip() + "\n:::\n")


def chapter_titles(stage: Path) -> dict[str, str]:
    """Each executed notebook's title (its first heading), for pages that name chapters."""
    titles = {}
    for nb in sorted((stage / NOTEBOOK_DIR).glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8")).get("cells", []):
            source = "".join(cell.get("source", []))
            if cell.get("cell_type") == "markdown" and source.startswith("# "):
                titles[nb.stem] = source.splitlines()[0][2:].strip()
                break
    return titles


def write_registry(root: Path, stage: Path, opts: Options, rec: dict[str, Any]) -> None:
    """Every glued value of the executed notebooks, with its inputs' checksums (values.json)."""
    notebooks = sorted((stage / NOTEBOOK_DIR).glob("*.ipynb"))
    hashes = {i["path"].removeprefix("data/"): i["sha256"] for i in rec["inputs"]
              if i["path"].startswith("data/")}
    used = {}
    for nb in notebooks:
        wanted = declared_parameters(root / NOTEBOOK_DIR / nb.name)
        used[nb.stem] = {k: v for k, v in opts.parameters.items() if k in wanted}
    reg = values.registry(notebooks, opts.parameters, hashes, used)
    _write_if_changed(stage / values.REGISTRY_NAME,
                      json.dumps(reg, ensure_ascii=False, indent=1) + "\n")


def _compile_catalogs(stage: Path) -> None:
    """Compile the UI translations before two Sphinx processes start, so neither writes them
    while the other reads."""
    from sphinx.util.i18n import CatalogRepository

    from .sphinx_ext import write_js_catalog

    for catalog in CatalogRepository(str(stage), ["locale"], "vi", "utf-8").catalogs:
        if catalog.is_outdated():
            catalog.write_mo("vi")
    write_js_catalog(stage, "vi")


def sphinx_builds(stage: Path, opts: Options) -> tuple[Path, Path]:
    """The HTML book and, at the same time on the other core, the single page for the PDF."""
    from . import pdf

    _compile_catalogs(stage)
    with ThreadPoolExecutor(max_workers=1) as pool:
        single = pool.submit(pdf.singlehtml, stage)
        try:
            built = sphinx_build(stage, opts)
        except BuildError:
            single.cancel()
            raise
        return built, single.result()  # a PdfError is a BuildError


def stage_digest(stage: Path, leave_out: tuple[Path, ...] = ()) -> str:
    """Hash of everything Sphinx reads from the stage (not its own output or log)."""
    skip = {stage / "_build", stage / "jupyter-book.log", *(stage / p for p in leave_out)}
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
    if report.notes:
        _say(opts, f"  {len(report.notes)} ghi chú (không ngăn việc dựng sách; có ở phụ lục "
                   "«Ghi chú dữ liệu»):\n" + "\n".join("    • " + n.render() for n in report.notes))
    resolve_parameters(opts, report)
    _say(opts, f"Quốc gia: {country_name(opts.country)} ({opts.country}); năm khảo sát: "
               f"{opts.year}; quý số liệu trong nước: {opts.quarter or 'không có'}")
    stage = root / "_build" / "stage"
    stage_sources(root, stage, opts)
    write_notes_page(stage, report)
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
    write_registry(root, stage, opts, rec)
    # The edition's identity is its sources without the changelog page, which depends on it.
    base = stage_digest(stage, (editions.PAGE,))
    config = yaml.safe_load((stage / "_config.yml").read_text(encoding="utf-8"))
    _write_if_changed(stage / editions.PAGE, editions.page(
        root, editions.previous(root, opts.country, base),
        values.load(stage / values.REGISTRY_NAME) or {}, rec, chapter_titles(stage))
        + editions.citation(rec, config["title"], config.get("author", ""),
                            (config.get("egovbook") or {}).get("url")))
    target = root / "_build" / "html"
    marker = root / "_build" / "cache" / "published.sha256"
    digest = stage_digest(stage)
    if (not opts.force and target.is_dir() and marker.is_file()
            and marker.read_text() == digest):
        _say(opts, "Nguồn của sách không đổi: giữ nguyên bản đã xuất bản.")
        return target
    built, page = sphinx_builds(stage, opts)
    for name in (record.RECORD_NAME, values.REGISTRY_NAME):
        shutil.copy2(stage / name, built / name)
    from . import pdf  # the print edition, from the same stage, into the folder to publish

    pdf.make(stage, built, force=opts.force, strict=opts.strict, say=lambda t: _say(opts, t),
             page=page)
    publish(built, target)
    marker.write_text(digest)
    kept = editions.archive(root, target, rec, base)
    _say(opts, f"Ấn bản được lưu trong {kept.relative_to(root)}.")
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
