"""The staged sources: what Sphinx reads from ``_build/stage``.

The project's book pages and configuration are copied in (only changed files are touched, so
Sphinx re-reads only what changed), and the build writes its generated pages beside them: the
data notes, the values registry, the changelog. :func:`stage_digest` says whether anything
Sphinx reads has changed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from egovbook.analysis import values
from egovbook.build import editions
from egovbook.build.cache import files_digest, write_if_changed
from egovbook.build.nbcache import declared_parameters, notebook_applies
from egovbook.build.pipeline import DEFAULT_COUNTRY, Options
from egovbook.intake import validate
from egovbook.intake.countries import country_name

NOTEBOOK_DIR = "notebooks"
BOOK_DIRS = ["book", "_static", "_templates", "locale"]
# Files the build writes into the staged sources (not copied from the project).
GENERATED = {Path("book/references.bib"), Path("book/tai-lap.md"),
             editions.PAGE, *editions.table_files(editions.PAGE.parent).values(),
             Path("locale/vi/LC_MESSAGES/sphinx.js"), Path("locale/vi/LC_MESSAGES/sphinx.mo"),
             Path("locale/vi/LC_MESSAGES/booktheme.mo")}


def has_domestic_chapters(config: dict[str, Any]) -> bool:
    """Whether a staged ``_config.yml`` (loaded) is of a book with the domestic chapters, as
    :func:`stage_sources` records it for Sphinx (``egovbook_domestic``)."""
    return bool(((config.get("sphinx") or {}).get("config") or {})
                .get("egovbook_domestic", True))


def stage_sources(root: Path, stage: Path, opts: Options) -> None:
    """Copy the book's sources into the stage, touching only files whose content changed."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config["title"] = config["title"].replace("Việt Nam", country_name(opts.country)) \
        if opts.country != DEFAULT_COUNTRY else config["title"]
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    skipped = {f"{NOTEBOOK_DIR}/{nb.stem}" for nb in (root / NOTEBOOK_DIR).glob("*.ipynb")
               if not notebook_applies(nb, opts.country)}
    config.setdefault("sphinx", {}).setdefault("config", {})["egovbook_domestic"] = not skipped
    write_if_changed(stage / "_config.yml",
                      yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    # A chapter this country's book leaves out leaves nothing behind from an earlier build of
    # another country: its executed notebook and the pages Sphinx made from it (Sphinx never
    # deletes an output page).
    for doc in skipped:
        (stage / f"{doc}.ipynb").unlink(missing_ok=True)
        for built in (stage / "_build").glob(f"*/{doc}.html"):
            built.unlink()
    for part in toc.get("parts", []):
        part["chapters"] = [c for c in part["chapters"] if c.get("file") not in skipped]
    toc["parts"] = [p for p in toc.get("parts", []) if p["chapters"]]
    write_if_changed(stage / "_toc.yml", yaml.safe_dump(toc, allow_unicode=True,
                                                         sort_keys=False))
    from egovbook.publish import bibliography

    bibliography.write(stage / "book" / "references.bib", opts.quarter)
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


def notes_section(report: validate.DataSummary, until: str | None = None) -> str:
    """What validation noticed without refusing the data: notes for the staff who review the
    files (rows, columns, file names), so a section of the reproducibility appendix, not a page
    of the book's text. With ``until``, not about the quarterly files of later quarters, which
    the edition does not read."""
    from egovbook.build import data_notes
    from egovbook.intake import quarterly

    later = {p.name for p in quarterly.quarterly_files()} - {
        p.name for p in quarterly.quarterly_files(until=until)} if until else set()
    body = data_notes.render_data_notes([n for n in report.notes if n.file not in later])
    return ("\n## Ghi chú dữ liệu\n\n:::{container} egovbook-generated\n" + body.rstrip()
            + "\n:::\n")


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
    write_if_changed(stage / values.REGISTRY_NAME,
                      json.dumps(reg, ensure_ascii=False, indent=1) + "\n")


def compile_catalogs(stage: Path) -> None:
    """Compile the UI translations before two Sphinx processes start, so neither writes them
    while the other reads."""
    from egovbook.compat.sphinx import compile_catalogs
    from egovbook.publish.sphinx_ext import write_js_catalog

    compile_catalogs(stage, "vi")
    write_js_catalog(stage, "vi")


def stage_digest(stage: Path, leave_out: tuple[Path, ...] = ()) -> str:
    """Hash of everything Sphinx reads from the stage (not its own output or log)."""
    skip = {stage / "_build", stage / "jupyter-book.log", *(stage / p for p in leave_out)}
    # Sphinx compiles .mo files and the extension writes sphinx.js during the build itself;
    # their .po sources are hashed instead.
    files = [p for p in stage.rglob("*") if p.is_file()
             and not any(p == s or s in p.parents for s in skip)
             and p.suffix != ".mo" and not (p.name == "sphinx.js" and "locale" in p.parts)]
    return files_digest(files, stage)
