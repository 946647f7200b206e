"""The build: validate data → execute notebooks with Papermill → ``jupyter-book build`` → swap.

Everything happens in ``_build/stage`` first. ``_build/html`` (the published book) is replaced only
after every step succeeded, so a bad data file or a failing notebook leaves it exactly as it was.

A notebook is re-executed only when its key changes: its source, the parameters it receives, the
data files it read in its last run (recorded as they are read; they must be within what its
metadata declares, ``egovbook.reads``), the package's code and the pinned environment
(:mod:`egovbook.build.nbcache`). Executed notebooks are written only when their content changed, so
Sphinx rebuilds only the pages that did.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from egovbook.analysis import values
from egovbook.build import cache, citing, editions, inputdiff, record, swap
from egovbook.build.cache import write_if_changed
from egovbook.build.pipeline import DEFAULT_COUNTRY, BuildError, Options, say
from egovbook.build.runner import run_notebooks
from egovbook.build.staging import (
    chapter_titles,
    compile_catalogs,
    has_domestic_chapters,
    notes_section,
    stage_digest,
    stage_sources,
    write_registry,
)
from egovbook.chapters import sources
from egovbook.common import fmt, periods
from egovbook.common.paths import project_root
from egovbook.common.problems import DataError, ParameterError
from egovbook.intake import datapackage, validate
from egovbook.intake.countries import country_name


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--country", default=DEFAULT_COUNTRY,
                        help="mã ISO3 của quốc gia (mặc định VNM)")
    parser.add_argument("--year", type=int, default=None,
                        help="năm khảo sát (mặc định: năm mới nhất trong dữ liệu)")
    parser.add_argument("--quarter", default=None,
                        help="quý của số liệu trong nước, dạng YYYYQn (mặc định: quý mới nhất)")
    parser.add_argument("--target-rank", dest="target_rank", type=int, default=None,
                        help="hạng mục tiêu của chương «Khoảng cách tới mục tiêu xếp hạng» "
                             "(mặc định 50)")
    parser.add_argument("--jobs", type=int, default=0,
                        help="số notebook chạy song song (mặc định: số lõi CPU + 1)")
    parser.add_argument("--force", action="store_true",
                        help="chạy lại mọi notebook, bỏ qua bộ nhớ đệm")
    parser.add_argument("--no-strict", dest="strict", action="store_false",
                        help="không coi cảnh báo của Sphinx là lỗi")


def resolve_parameters(opts: Options, report: validate.DataSummary) -> Options:
    """Check country, year and quarter against the validated data; fill in the defaults.

    A refused value is named as the user typed it, in both spellings (``COUNTRY=Vietnam (make) /
    --country``), with what was probably meant.
    """
    from egovbook.intake import countries, quarterly, quarterly_hints, staff_text

    def said(name: str, value: object) -> str:
        return f"{name.upper()}={value} (make) / --{name}"

    lines = []
    table = countries.load()
    typed = opts.country
    opts.country = typed.strip().upper()
    if opts.country not in set(table["iso3"]):
        def key(text: str) -> str:
            return "".join(ch for ch in fmt.plain(staff_text.fold(text)).casefold()
                           if ch.isalnum())

        names = {key(n): iso for col in ("un_name", "name_vi", "iso2")
                 for n, iso in zip(table[col], table["iso3"], strict=True)}
        guess = names.get(key(typed))
        if guess is None:
            near = staff_text.suggest(typed, [*table["un_name"], *table["name_vi"]], 0.8)
            guess = names.get(key(near)) if near else None
        hint = f" — có phải {guess}?" if guess else ""
        lines.append(f"{said('country', typed)}: «{typed}» không phải mã ISO3 (ba chữ cái) của một "
                     f"quốc gia thành viên Liên Hợp Quốc, ví dụ VNM, KHM, THA{hint}")
    years = report.survey_years
    if opts.year is None:
        opts.year = int(years[-1])
    elif opts.year not in years:
        lines.append(f"{said('year', opts.year)}: năm «{opts.year}» không có kỳ khảo sát nào trong "
                     "dữ liệu; các năm khảo sát có: " + ", ".join(map(str, years)))
    if opts.target_rank is not None and not 1 <= opts.target_rank <= len(table):
        lines.append(f"--target-rank {opts.target_rank}: cần một hạng từ 1 đến {len(table)} "
                     "(số quốc gia thành viên)")
    available = report.quarters
    if opts.quarter is None:
        opts.quarter = available[-1] if available else None
    else:
        typed = opts.quarter
        opts.quarter = typed.strip().upper()
        where = ("số liệu mỗi quý là một tệp trong thư mục data/quarterly/, tên YYYYQn.csv hoặc "
                 "YYYYQn.xlsx")
        if not periods.QUARTER_RE.match(opts.quarter):
            lines.append(f"{said('quarter', typed)}: cần dạng YYYYQn, ví dụ 2022Q3"
                         + quarterly_hints.quarter_hint(typed))
        elif opts.quarter not in available:
            message = (f"{said('quarter', typed)}: chưa có số liệu quý «{opts.quarter}»; {where} "
                       f"(ví dụ data/quarterly/{opts.quarter}.csv); các quý có số liệu: "
                       + ", ".join(available))
            root = (opts.root or project_root()).resolve()
            astray = [p for p in quarterly.misplaced_files(root / "data")
                      if p.stem.upper() == opts.quarter]
            if astray:
                shown = astray[0].resolve().relative_to(root).as_posix()
                message += (f". Tệp {shown} nằm ngoài thư mục đó nên không được đọc: hãy chuyển "
                            f"nó vào data/quarterly/{astray[0].name}")
            lines.append(message)
    if lines:
        raise ParameterError(lines)
    return opts


def sphinx_build(stage: Path, opts: Options) -> Path:
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(stage),
           "--path-output", str(stage), "--builder", "html"]
    if opts.strict:
        cmd += ["-W", "-n", "--keep-going"]
    say(opts, "Dựng sách HTML (Jupyter Book)…")
    # cwd=stage: Sphinx resolves locale_dirs against the working directory when it looks for
    # the JavaScript translations.
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=stage)
    log = stage / "jupyter-book.log"
    log.write_text(proc.stdout + "\n" + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise BuildError(f"Jupyter Book không dựng được sách (chi tiết: {log}):\n{tail}")
    return stage / "_build" / "html"


def sphinx_builds(stage: Path, opts: Options, digest: str) -> Path:
    """The HTML book and, at the same time on a second thread, the print edition: the single page
    (a second Sphinx process) then the PDF, so both cores stay busy. The PDF joins the book.

    The thread is a daemon so that Ctrl-C stops the build at once, not after WeasyPrint
    finishes; it writes only beside the stage (``pdf.output``), never into the published book.
    """
    from egovbook.publish import pdf

    compile_catalogs(stage)
    printed: dict[str, Any] = {}

    def print_edition() -> None:
        try:
            printed["path"] = pdf.make(stage, force=opts.force, strict=opts.strict,
                                       say=lambda t: say(opts, t), sources=digest)
        except BaseException as err:  # noqa: BLE001  raised again on the build's thread
            printed["error"] = err

    thread = threading.Thread(target=print_edition, daemon=True)
    thread.start()
    built = sphinx_build(stage, opts)
    thread.join()
    if "error" in printed:
        raise printed["error"]  # a PdfError is a BuildError
    shutil.copy2(printed["path"], built / pdf.PDF_NAME)
    return built


def write_citation_fields(stage: Path, rec: dict[str, Any]) -> None:
    """The edition's words under every figure («Trích dẫn hình này»), as MyST substitutions:
    they exist only once the chapters have run (the date: the edition's publication, as
    :func:`write_changelog` cites it, else the record's)."""
    from egovbook.chapters import report

    config = yaml.safe_load((stage / "_config.yml").read_text(encoding="utf-8"))
    on = os.environ.get("EGOVBOOK_PUBLISHED")
    when = dt.date.fromisoformat(on) if on else dt.datetime.fromisoformat(rec["build_date"]).date()
    p = rec["parameters"]
    edition = f"{country_name(p.get('country'))}, " + editions.scope(
        p, has_domestic_chapters(config))
    fields = report.citation_substitutions(config["title"], config.get("author", ""), edition,
                                           fmt.date(when),
                                           (config.get("egovbook") or {}).get("url"))
    config.setdefault("sphinx", {}).setdefault("config", {})["myst_substitutions"] = fields
    write_if_changed(stage / "_config.yml",
                     yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


# Folders of files Sphinx copies for the pages that refer to them; it never deletes one.
COPIED = ("_downloads", "_images")
DOC_FOLDERS = ("book", "notebooks")
_REFERENCE = re.compile(r'(?:href|src)="([^"#?]+)')


def prune_unreferenced(built: Path) -> list[Path]:
    """Delete figures, downloads and pages no page refers to any more: what an earlier build of
    another country, quarter or data made (a chart that is now empty, a chapter left out, a
    page the contents dropped)."""
    wanted: set[Path] = set()
    for page in built.rglob("*.html"):
        for ref in _REFERENCE.findall(page.read_text(encoding="utf-8", errors="replace")):
            if "://" not in ref and not ref.startswith(("data:", "mailto:")):
                wanted.add((page.parent / unquote(ref)).resolve())
    gone = [path for folder in COPIED for path in (built / folder).rglob("*")
            if path.is_file() and path.resolve() not in wanted]
    # A page of a document the book no longer has (every page of the book is in the contents
    # of every other page).
    gone += [page for folder in DOC_FOLDERS for page in (built / folder).glob("*.html")
             if page.resolve() not in wanted]
    for path in gone:
        path.unlink()
        if not any(path.parent.iterdir()):
            path.parent.rmdir()
    return gone


def write_changelog(root: Path, stage: Path, opts: Options, rec: dict[str, Any]) -> str:
    """The page comparing this draft with the latest published edition of the same country
    (``editions/``), and how to cite it; the appendix's section with the edition's exact
    identity and BibTeX entry. ``EGOVBOOK_PUBLISHED`` (set by ``egovbook site`` when
    it rebuilds a recorded edition) is that edition's publication date: the book then cites
    itself as published rather than as a draft."""
    config = yaml.safe_load((stage / "_config.yml").read_text(encoding="utf-8"))
    domestic = has_domestic_chapters(config)
    ident, published_on = citing.this_edition(root, opts.parameters, domestic)
    cite = (rec, config["title"], config.get("author", ""),
            (config.get("egovbook") or {}).get("url"), domestic, ident, published_on)
    write_if_changed(stage / editions.PAGE, editions.page(
        root, editions.latest(root, opts.country), values.load(stage / values.REGISTRY_NAME) or {},
        rec, chapter_titles(stage), country_name(opts.country), (stage / editions.PAGE).parent)
        + citing.citation(*cite))
    return citing.bibtex(*cite)


def build(opts: Options) -> Path:
    root = opts.root or project_root()
    opts.root = root
    # Papermill kernels inherit the environment: they read data/ from this project.
    os.environ["EGOVBOOK_ROOT"] = str(root)
    started = time.perf_counter()
    say(opts, "Kiểm tra dữ liệu trong data/…")
    report = validate.validate_all(root / "data")
    say(opts, "  " + ", ".join(f"{k}: {v} dòng" for k, v in report.rows.items()))
    if report.notes:
        say(opts, report.render_notes())
    resolve_parameters(opts, report)
    say(opts, f"Quốc gia: {country_name(opts.country)} ({opts.country}); năm khảo sát: "
               f"{opts.year}; quý số liệu trong nước: {opts.quarter or 'không có'}")
    stage = root / "_build" / "stage"
    stage_sources(root, stage, opts)
    run_notebooks(root, stage, opts)
    rec = record.collect(root, opts.parameters)
    # The edition's inputs are what it reads: not the quarterly files of later quarters.
    rec["inputs"] = [i for i in rec["inputs"]
                     if not inputdiff.is_later_quarter(i["path"], opts.quarter)]
    previous = record.load(stage / record.RECORD_NAME)
    if previous is not None and record.same_build(previous, rec):
        rec = previous  # same inputs: the published book is that build, with its date
    record.write_json(rec, stage / record.RECORD_NAME)
    write_registry(root, stage, opts, rec)
    cited = write_changelog(root, stage, opts, rec)
    write_if_changed(stage / "book" / "tai-lap.md",
                     record.page(rec) + sources.appendix_files(datapackage.load(root / "data"))
                     + notes_section(report, opts.quarter)
                     + editions.appendix(root, editions.latest(root, opts.country), rec) + cited)
    write_citation_fields(stage, rec)
    target = root / "_build" / "html"
    marker = root / "_build" / "cache" / "published.sha256"
    # The published book is made from the staged sources by the package's code (the Sphinx
    # extensions, the PDF's layout): both are its key.
    digest = cache.key({"stage": stage_digest(stage), "code": cache.code_digest(root)})
    if not opts.force and cache.is_current(target, marker, digest):
        say(opts, "Nguồn của sách không đổi: giữ nguyên bản đã xuất bản.")
        return target
    built = sphinx_builds(stage, opts, digest)
    # From the built pages: their figure numbers, references and citations are Sphinx's.
    from egovbook.publish import export

    exported = export.write_all(built, stage / "_config.yml")
    say(opts, f"Đã xuất {exported} chương thành HTML độc lập (từ trang của chương trong sách).")
    prune_unreferenced(built)
    for name in (record.RECORD_NAME, values.REGISTRY_NAME):
        shutil.copy2(stage / name, built / name)
    swap.replace(built, target)
    cache.mark(marker, digest)
    say(opts, f"Xong sau {fmt.number(time.perf_counter() - started, 1)} giây: {target}/index.html")
    return target


def main(args: argparse.Namespace) -> int:
    opts = Options(country=args.country, year=args.year, quarter=args.quarter, jobs=args.jobs,
                   force=args.force, strict=args.strict, target_rank=args.target_rank)
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
