"""Print edition: the whole book as one A4 PDF, laid out by WeasyPrint (CSS paged media).

``egovbook build`` calls :func:`make` on a second thread while the HTML build runs. Sphinx's
``singlehtml`` builder renders the same staged sources (same executed notebooks, figures and
numbering: "Hình 3" in the PDF is "Hình 3" on the site). That page is cut down to its article,
given a cover and a table of contents with page numbers, and laid out with
``_static/print.css``. The build copies the PDF into the built HTML folder before publishing, so
publishing moves both together and a rebuild with nothing changed keeps both.

WeasyPrint needs the system's Pango, and the print fonts come from Debian's DejaVu packages.
When they are missing the build stops with a Vietnamese message naming the packages and keeps
the published book as it was (README explains the choice: one build publishes one edition).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from egovbook.compat import theme as compat_theme
from egovbook.compat import weasyprint as compat_weasyprint
from egovbook.publish.pdf_front import Edition
from egovbook.publish.pdf_layout import PdfError, compose

PDF_NAME = "chinh-phu-dien-tu.pdf"
STAMP = "pdf.sha256"
SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra"
INSTALL_HINT = (f"Cài bằng: sudo apt-get install -y {SYSTEM_PACKAGES} (Debian/Ubuntu), "
                "hoặc chạy 'make book' với quyền root: lệnh này tự cài.")
# Font families the print stylesheet asks for; anything else in the PDF is a fallback, which
# means a glyph was missing from these.
PRINT_FONTS = ("DejaVuSerif", "DejaVuSans", "NotoSansMono")


def name_in_templates(app: Any, config: Any) -> None:
    """Sphinx ``config-inited``: the PDF's file name for the sidebar link
    (_templates/sbt-sidebar-nav.html, which also saves the file under that name)."""
    config.html_context = {**(config.html_context or {}), "egv_pdf_name": PDF_NAME}


def page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    """Sphinx ``html-page-context``, after sphinx-book-theme's header buttons: the theme's own
    «.pdf» entry of the download menu, which only printed the page in the browser, becomes a
    link to this book's PDF; the menu's entry for the page's source (the build's notebook) goes
    (the chapter's files are under its figures and tables)."""
    compat_theme.drop_source_buttons(context)
    pathto = context.get("pathto")
    if pathto is not None:
        compat_theme.link_print_button(context, pathto(PDF_NAME, 1), ".pdf (cả sách)",
                                       "Tải bản PDF của cả sách")


def load_weasyprint() -> Any:
    """Import WeasyPrint, or explain in Vietnamese which system packages are missing."""
    try:
        # On a missing library WeasyPrint also prints an English notice: the message below
        # says the same in Vietnamese, with the packages to install.
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except OSError as err:  # cffi could not open libpango / libpangoft2 / libgobject
        raise PdfError("Không làm được bản PDF: thiếu thư viện hệ thống Pango mà WeasyPrint cần "
                       f"({err}).\n{INSTALL_HINT}") from None
    except ImportError as err:
        raise PdfError("Không làm được bản PDF: thiếu gói Python WeasyPrint trong môi trường "
                       f"({err}). Chạy lại 'make env' (requirements.txt).") from None
    return weasyprint


# --------------------------------------------------------------------------------------------
# The single page (Sphinx singlehtml on the stage)


def single_root(stage: Path) -> Path:
    """Where the single page is built: beside the stage, with its own environment, so the
    build can run it at the same time as the HTML build (two cores, two Sphinx processes)."""
    return stage.parent / "print"


def singlehtml(stage: Path) -> Path:
    """Build the stage with Sphinx's singlehtml builder; return the path of the one page."""
    out = single_root(stage)
    out.mkdir(parents=True, exist_ok=True)
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(stage),
           "--path-output", str(out), "--builder", "singlehtml"]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=stage)
    log = out / "jupyter-book-pdf.log"
    log.write_text(proc.stdout + "\n" + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise PdfError(f"Jupyter Book không dựng được trang đơn cho bản PDF (chi tiết: {log}):\n"
                       f"{tail}")
    root = yaml.safe_load((stage / "_toc.yml").read_text(encoding="utf-8"))["root"]
    return out / "_build" / "singlehtml" / f"{root}.html"


# --------------------------------------------------------------------------------------------
# Layout, checks, output


def overflow(document: Any) -> list[str]:
    """Text or images that reach outside their page's content area (one line per page)."""
    return [f"trang {number}: " + ", ".join(repr(t[:40]) for t in found[:3])
            for number, found in compat_weasyprint.overflowing(document)]


# Fitting pages after a first layout (fit_pages): a chapter's last page (or the last before a
# landscape part) filled less than SHORT_TAIL is avoided by setting the chapter a little
# closer; a figure pushed to the next page that would fit the gap it leaves when drawn at
# least SHRINK_MIN of its size is drawn so.
SHORT_TAIL = 0.15
# A landscape part (a wide table) whose last page holds less than SHORT_WIDE_TAIL gets its
# rows set closer: its last rows then join the page before instead of standing alone.
SHORT_WIDE_TAIL = 0.4
SHRINK_MIN = 0.6
FIGURE_ROOM = 38  # CSS px around a figure's image: its margins (2 × 4 mm) and a safety margin


def fit_pages(document: Any, html: str) -> tuple[str, bool]:
    """The print document with rules added for the pages a first layout left nearly empty
    (see SHORT_TAIL, SHRINK_MIN), and whether it must be laid out again. Chapters start on
    new pages, so a change inside one chapter moves no other chapter's pages."""
    pages, before_fit = compat_weasyprint.page_layout(document), html
    rules, snug, fitted, wide = [], set(), set(), set()
    portrait = max((p["height"] for p in pages), default=0)
    for i, page in enumerate(pages):
        chapter = page["chapter"]
        before = pages[i - 1] if i else None
        after = pages[i + 1] if i + 1 < len(pages) else None
        # The last page of a chapter, or of a run of pages before a landscape part.
        ends_run = (after is None or after["chapter"] != chapter
                    or after["height"] != page["height"])
        # (Also after a landscape part: the chapter set closer may take the tail back.)
        if (chapter and page["fill"] < SHORT_TAIL and before and before["chapter"] == chapter
                and ends_run):
            snug.add(chapter)
        if (chapter and page["height"] < portrait and ends_run and page["fill"] < SHORT_WIDE_TAIL
                and before and before["chapter"] == chapter and before["height"] < portrait):
            wide.add(chapter)
        pushed = after["figure"] if after and after["chapter"] == chapter else None
        if pushed and chapter not in fitted:
            # The figure's summary and citation print with it (print.css): they need room too.
            room = ((1 - page["fill"]) * page["height"] - pushed["caption"] - pushed["more"]
                    - FIGURE_ROOM)
            if SHRINK_MIN * pushed["image"] <= room < pushed["image"]:
                rules.append(f'.egv-print #{pushed["id"]} img {{ max-height: {room:.0f}px; '
                             "width: auto; }")
                fitted.add(chapter)  # later pages of this chapter move: one figure each
    for chapter in sorted(snug | wide):
        # A second pass sets a chapter that is still short «tight» (print.css).
        found = re.search(f'data-doc="{re.escape(chapter)}"(?: data-fit="([^"]*)")?', html)
        had = set((found[1] or "").split()) if found else set()
        fit = had | {k for k, chosen in (("snug", snug), ("wide", wide)) if chapter in chosen}
        fit |= {"tight"} if "snug" in had and chapter in snug else set()
        if found is not None and fit != had:
            html = html.replace(found[0], f'data-doc="{chapter}" data-fit="'
                                + " ".join(sorted(fit)) + '"', 1)
    if rules:
        html = html.replace("</head>", "<style>\n" + "\n".join(rules) + "\n</style>\n</head>", 1)
    return html, html != before_fit


def used_font_problems(document: Any) -> list[str]:
    """The fonts a written document embedded must be the ones the stylesheet asks for: another
    family is a fallback (a glyph was missing). Read from WeasyPrint's own list after writing,
    which costs nothing; :func:`font_problems` reads the finished file (the PDF tests use it)."""
    problems = set()
    for font in compat_weasyprint.fonts_used(document):
        if not font.embedded:
            problems.add(f"phông {font.family} không được nhúng")
        elif not font.family.replace(" ", "").startswith(PRINT_FONTS):
            problems.add(f"phông thay thế {font.family} (thiếu phông DejaVu của hệ thống?)")
    return sorted(problems)


def font_problems(pdf: Path) -> list[str]:
    """Every font of a finished PDF must be embedded, and be one the stylesheet asks for."""
    from pypdf import PdfReader

    problems = set()
    for font in pdf_fonts(PdfReader(str(pdf))):
        name = str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1]
        descriptor = font_descriptor(font)
        if descriptor is None or not any(k in descriptor for k in
                                         ("/FontFile", "/FontFile2", "/FontFile3")):
            problems.add(f"phông {name} không được nhúng")
        elif not name.replace("-", "").startswith(PRINT_FONTS):
            problems.add(f"phông thay thế {name} (thiếu phông DejaVu của hệ thống?)")
    return sorted(problems)


def font_descriptor(font: Any) -> Any:
    if "/FontDescriptor" in font:
        return font["/FontDescriptor"].get_object()
    for descendant in font.get("/DescendantFonts", []):
        descendant = descendant.get_object()
        if "/FontDescriptor" in descendant:
            return descendant["/FontDescriptor"].get_object()
    return None


def pdf_fonts(reader: Any) -> list[Any]:
    """Every font dictionary the pages use (also inside form XObjects), once each."""
    seen: dict[int, Any] = {}

    def visit(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            obj = font.get_object()
            seen.setdefault(id(obj), obj)
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                visit(xobj.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return list(seen.values())


def edition_of(stage: Path) -> Edition:
    from egovbook.build import citing
    from egovbook.build.record import RECORD_NAME
    from egovbook.build.staging import has_domestic_chapters
    from egovbook.common.paths import project_root
    from egovbook.common.periods import quarter_vi
    from egovbook.intake.countries import country_name

    config = yaml.safe_load((stage / "_config.yml").read_text(encoding="utf-8"))
    record = json.loads((stage / RECORD_NAME).read_text(encoding="utf-8"))
    params = record["parameters"]
    built = record["build_date"]
    # The quarter matters only when the book has the domestic chapters (the key findings page
    # reads quarterly data for any country).
    domestic = has_domestic_chapters(config)
    # Draft or published, in the words of the changelog's citation (build/citing.py).
    ident, published_on = citing.this_edition(project_root(), params, domestic)
    return Edition(
        title=config["title"], author=config.get("author", ""),
        country=country_name(params["country"]), survey_year=int(params["year"]),
        quarter=quarter_vi(params["quarter"]) if domestic and params.get("quarter") else None,
        status=citing.status(ident, dt.date.fromisoformat(built[:10]), published_on),
        created=built)


def _key(stage: Path, sources: str | None = None) -> str:
    """The PDF's key (:mod:`egovbook.build.cache`): the staged sources (``sources``: their
    digest, when the build has it already) and the code."""
    from egovbook.build import cache
    from egovbook.build.staging import stage_digest
    from egovbook.common.paths import project_root

    return cache.key({"stage": sources or stage_digest(stage),
                      "code": cache.code_digest(project_root())})


class _Collect(logging.Handler):
    """WeasyPrint reports what it could not load or lay out through its logger."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def output(stage: Path) -> Path:
    """Where the PDF is written (beside the single page); the build copies it into the book."""
    return single_root(stage) / PDF_NAME


def make(stage: Path, *, force: bool = False, strict: bool = True,
         say: Callable[[str], None] = print, sources: str | None = None) -> Path:
    """Write the print edition to :func:`output` unless it is current; return its path.

    The single page is built first (Sphinx singlehtml). The build calls this on a second thread
    while the HTML build runs, so both cores stay busy.
    """
    target, stamp = output(stage), single_root(stage) / STAMP
    key = _key(stage, sources)
    from egovbook.build import cache

    if not force and cache.is_current(target, stamp, key):
        say("Bản PDF không đổi: giữ nguyên.")
        return target
    weasyprint = load_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    started = time.perf_counter()
    say("Dựng bản PDF (trang đơn của Sphinx, rồi WeasyPrint)…")
    page = singlehtml(stage)
    edition = edition_of(stage)
    html = compose(page, stage, edition)
    fonts = FontConfiguration()
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        # base_url=None keeps relative links (data files of the published book) relative in
        # the PDF; images and the stylesheet were given absolute file URIs by compose().
        document = weasyprint.HTML(string=html, base_url=None).render(font_config=fonts)
        for _ in range(3):  # more passes for what the one before left short
            html, refit = fit_pages(document, html)
            if not refit:
                break
            document = weasyprint.HTML(string=html, base_url=None).render(font_config=fonts)
    finally:
        logger.removeHandler(collect)
    (stage / "_build" / "print.html").write_text(html, encoding="utf-8")
    problems = [f"WeasyPrint: {m}" for m in collect.messages] + overflow(document)
    if problems:
        message = ("Bản PDF có lỗi trình bày (nội dung tràn ra ngoài trang hoặc tệp không "
                   "tải được):\n  " + "\n  ".join(problems[:10]))
        if strict:
            raise PdfError(message)
        say("Cảnh báo: " + message)
    tmp = target.with_suffix(".pdf.tmp")
    document.write_pdf(str(tmp), pdf_variant="pdf/ua-1")
    fonts_wrong = used_font_problems(document)
    if fonts_wrong:
        tmp.unlink()
        raise PdfError("Bản PDF dùng phông không đúng: " + "; ".join(fonts_wrong) + ".\n"
                       + INSTALL_HINT)
    tmp.replace(target)
    cache.mark(stamp, key)
    from egovbook.common import fmt

    say(f"  ✓ {PDF_NAME}: {len(document.pages)} trang "
        f"({fmt.number(time.perf_counter() - started, 1)} giây)")
    return target
