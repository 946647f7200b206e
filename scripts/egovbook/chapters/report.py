"""What a notebook shows: glued values, numbered figures and tables with source and data download.

Figures and tables are emitted as MyST ``figure``/``table`` directives in a Markdown output, so
Sphinx numbers them ("Hình 3", "Bảng 2"), gives them a stable label a reviewer can cite, and copies
the PNG and the CSV of exactly the plotted data into the book.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure

from egovbook.analysis import values
from egovbook.chapters import describe, downloads, prose, tables
from egovbook.common import fmt, periods
from egovbook.common.mystext import plain_roles
from egovbook.compat import myst_nb as compat_myst_nb
from egovbook.intake import countries, datapackage

OUTPUT_NAME = "_outputs"
# The lines every chapter shows under a figure or a table, and its share link.
PROSE = "chung"
UN_SOURCE = ("UN DESA, Khảo sát Chính phủ điện tử của Liên Hợp Quốc (Trung tâm dữ liệu), "
             "tính toán của nhóm biên soạn")
# Press figures' dates: each figure's own (the sidecar names its columns, :func:`press_dated`).
PRESS_DATED = "theo ngày của từng số liệu, như các bài báo nguồn nêu"


def press_source(ids: Sequence[str], computed: bool = True) -> str:
    """``bài A001, A003 trong bộ nguồn của sách; tính toán của nhóm biên soạn``.

    An item may hold several ids (``"A000 A001"``, ``"A000, A001"``): each is listed once.
    """
    unique = sorted({i for item in ids if item for i in re.split(r"[\s,;]+", str(item)) if i})
    return ("bài " + ", ".join(unique) + " trong bộ nguồn của sách; "  # a table only copied:
            + ("tính toán của nhóm biên soạn" if computed else "nhóm biên soạn chép lại"))


def show(markdown: str, html: str | None = None,
         metadata: Mapping[str, object] | None = None) -> None:
    """Display MyST Markdown for the book, with an HTML twin for nbconvert's standalone pages.

    myst-nb renders the Markdown (MyST directives give numbered figures and tables); nbconvert
    prefers the HTML, in which MyST syntax would otherwise show as raw text.
    """
    if html is None:
        html = show_html_table(markdown)
    display({"text/markdown": markdown, "text/html": html}, raw=True,
            metadata=dict(metadata) if metadata else None)


def glue_text(key: str, value: str | values.Figure) -> None:
    """Glue a string for ``{glue:text}`key:s``` in the prose; numbers are formatted first.

    A :class:`values.Figure` is glued as its text, with its provenance (exact value, unit,
    source rows, method) in the output's metadata for the values registry.
    """
    text = value.text if isinstance(value, values.Figure) else str(value)
    metadata = {values.META_KEY: value.as_meta()} if isinstance(value, values.Figure) else {}
    compat_myst_nb.glue(key, {"text/plain": repr(text)}, metadata)


def glue_md(key: str, markdown: str) -> None:
    """Glue MyST Markdown for ``{glue:md}`key:myst``` (e.g. a reference that exists only in
    some books: a book without the target glues an empty string, so Sphinx sees no dangling
    reference)."""
    compat_myst_nb.glue(key, {"text/markdown": markdown})


def glue_all(items: dict[str, str | values.Figure]) -> None:
    for key, value in items.items():
        glue_text(key, value)


def retrieval_date(resource: str = "un_egov") -> str:
    """Latest import date of a resource's raw files, from the data descriptor (dd/mm/yyyy)."""
    res = datapackage.resource(datapackage.load(), resource)
    dates = [f["imported"] for f in res.get("raw_files", []) if f.get("imported")]
    return fmt.date(max(dates)) if dates else fmt.MISSING


def plain_numbers(data: pd.DataFrame) -> pd.DataFrame:
    """Numbers in a download as the decimals they stand for: ``2003`` and ``900``, not
    ``2003.0`` (floats, because of pandas' NaN or a mixed column); ``-0.01949``, not
    ``-0.019490000000000007``; never ``-0``.

    >>> frame = pd.DataFrame({"x": [900.0, 88.5, None, 0.1 + 0.2], "y": [True, 2, 1.0, "a"]})
    >>> print(plain_numbers(frame).to_csv(index=False), end="")
    x,y
    900,True
    88.5,2
    ,1
    0.3,a
    """
    out = data.copy()
    for col in out.columns:
        if out[col].dtype.kind in "fO":
            out[col] = pd.Series([downloads.plain(v) for v in out[col]], index=out.index,
                                 dtype=object)
    return out


def _parameters() -> str:
    """The chapter's parameters as the kernel holds them (Papermill injects exactly those the
    notebook declares, so the words change only with what the chapter shows)."""
    try:
        from IPython import get_ipython

        space = get_ipython().user_ns  # type: ignore[union-attr]
    except Exception:
        return fmt.MISSING
    found = {k: space.get(k) for k in ("country", "year", "quarter")}
    words = {"country": countries.country_name, "quarter": periods.quarter_vi, "year": str}
    return prose.text(PROSE, "downloads.parameters.value", **{  # the reader's words, not codes
        k: v and words[k](v) for k, v in found.items()}) if any(found.values()) else fmt.MISSING


def press_dated(columns: Sequence[str]) -> str:
    """Where a download of press figures holds their dates: its columns "Ngày…" (plain text:
    not «», the sources' words), else the articles its "Nguồn" column names (no date column).

    >>> press_dated(["Chỉ tiêu", "Ngày", "Ngày trước"]).split("; ")[1]
    'thời điểm của từng số liệu ở cột "Ngày", "Ngày trước", như các bài nêu'
    """
    dated = ", ".join(f'"{c}"' for c in columns if str(c).startswith("Ngày"))
    return prose.text(PROSE, f"downloads.retrieved.{'dated' if dated else 'undated'}",
                      columns=dated, named=downloads.SOURCE_COLUMN in columns)


def data_columns(data: pd.DataFrame, titles: Mapping[str, str] | None = None) -> list[str]:
    """The download's names of a frame's columns."""
    return list(downloads.for_download(data.head(0), titles).columns)


def _write_downloads(data: pd.DataFrame, name: str, title: str, source: str, units: str,
                     retrieved: str | None, titles: Mapping[str, str] | None = None,
                     columns: Mapping[str, Sequence[str]] | None = None,
                     names: Mapping[str, str] | None = None, kind: str = "figure"
                     ) -> pd.DataFrame:
    """CSV, XLSX and sources sidecar of a figure's or a table's data (``kind``); the data as
    written. ``columns``: the file's columns of each column a table shows; ``names``: the
    words a chart shows for codes of its data (:func:`downloads.named`)."""
    folder = output_dir()
    written = downloads.named(downloads.for_download(data, titles), names or {})
    retrieved = press_dated(list(written.columns)) if retrieved == PRESS_DATED else retrieved
    lines = [(prose.text(PROSE, f"downloads.{key}"), value) for key, value in (
        ("title", title), ("source", source), ("units", units),
        ("retrieved", retrieved or retrieval_date()), ("parameters", _parameters()),
        ("label", prose.text(PROSE, "downloads.label.value", kind=kind)))]
    if columns:
        lines.append((prose.text(PROSE, "downloads.columns"), "; ".join(
            prose.text(PROSE, "downloads.columns.value", shown=head, held=list(held))
            for head, held in downloads.beside(columns, list(written.columns)).items())))
    worded = ", ".join(f'"{c}"' for c in downloads.worded(written))  # numbers as shown
    lines.append((prose.text(PROSE, "downloads.precision"), prose.text(
        PROSE, "downloads.precision.value", places=downloads.PLACES, worded=worded,
        numbers=downloads.has_numbers(written), scaled=downloads.scaled(written))))
    downloads.write_csv(written, folder / f"{name}.csv")
    downloads.write_sources(lines, folder / f"{name}{downloads.SOURCE_SUFFIX}")
    downloads.write_xlsx(written, lines, folder / f"{name}.xlsx")
    return written


def output_dir() -> Path:
    """Where figures and CSVs go: beside the executed notebook.

    The build sets ``EGOVBOOK_OUTPUTS`` (the staged notebook folder's ``_outputs``); a notebook
    run on its own writes into ``_outputs`` under its working directory. The Markdown always
    refers to ``_outputs/<name>``, relative to the notebook, as Sphinx resolves it.
    """
    folder = Path(os.environ.get("EGOVBOOK_OUTPUTS") or OUTPUT_NAME)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def figure(fig: Figure, name: str, caption: str, alt: str, data: pd.DataFrame, *,
           source: str = UN_SOURCE, units: str = "chỉ số, thang 0–1",
           retrieved: str | None = None, describe: describe.Describe | None = None,
           places: int | None = 4, names: Mapping[str, str] | None = None,
           titles: Mapping[str, str] | None = None) -> None:
    """Save the chart (PNG, SVG) and its data (CSV, XLSX), then show it as a numbered figure
    with a sentence saying what it shows, its data as a table and how to cite it.

    ``places``: the decimals of the data view (the sentence's, if it says); ``None`` shows each
    number with the decimals its source gave («30 %», «82,6 %»), as the domestic tables do.

    ``titles`` names columns whose name depends on the book (``tb_vung``: «Trung bình châu
    Á»), as the chart's legend and the chapter's tables name them."""
    folder = output_dir()
    files = {k: f"{OUTPUT_NAME}/{name}{suffix}" for k, suffix in (
        ("png", ".png"), ("svg", ".svg"), ("csv", ".csv"), ("xlsx", ".xlsx"),
        ("txt", downloads.SOURCE_SUFFIX))}
    # No timestamp or software tag in the images, and a fixed id salt in the SVG, so identical
    # inputs give identical bytes.
    fig.savefig(folder / f"{name}.png", dpi=150, bbox_inches="tight",
                metadata={"Software": None})
    with plt.rc_context({"svg.hashsalt": name}):
        fig.savefig(folder / f"{name}.svg", format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": None})
    plt.close(fig)
    written = _write_downloads(data, name, _clean(caption), source, units, retrieved, titles,
                               names=names)
    footer = prose.text(PROSE, "figure.footer", source=source, name=name, **files)
    said = describe(data) if describe is not None else ""
    if places is not None:  # the sentence's decimals, the table's too
        places = getattr(describe, "places", places)
    # The view shows the words; the codes kept beside them are for programs.
    view = data_view(written.drop(columns=[c for c in written.columns
                                           if c not in data_columns(data, titles)]),
                     name, places, names)
    text = (f"```{{figure}} {files['png']}\n:name: {name}\n:alt: {_clean(alt)}\n:width: 100%\n\n"
            f"{_clean(caption)} {footer}\n```\n\n"
            f":::{{container}} egv-figure-more\n{said}\n\n{view}\n\n"
            f"{citation(name, _clean(caption))}\n:::\n")
    # The twin refers to the PNG by path (the standalone export embeds it): base64 here would
    # make every notebook Sphinx reads several hundred kilobytes heavier.
    html_twin = (f'<figure id="{name}"><img src="{files["png"]}" '
                 f'alt="{escape(_clean(alt))}" style="max-width:100%"/>'
                 f"<figcaption>{escape(_clean(caption))} "
                 f"{escape(prose.text(PROSE, 'source', source=source))}</figcaption>"
                 f"</figure><p>{escape(said)}</p>{view}")
    show(text, html_twin)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) \
        and not (isinstance(value, float) and math.isnan(value))


ISO_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def _view_cell(value: object, column: str, decimals: int | None,
               names: Mapping[str, str] | None = None) -> str:
    """A cell of the data view, formatted as the book's tables format it: a code by its name
    (``names``), dates the Vietnamese way, years as written, numbers of a column with fractions
    all with the same decimals, half up (``None``: each with its own decimals, as given)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return fmt.MISSING
    if not _is_number(value):
        text = str(value)
        # A day, a month («tháng 07/2020») or a deadline («năm 2020»), as the tables write it.
        if ISO_DATE.fullmatch(text) or column == tables.TITLES["thoi_han"]:
            return periods.deadline_text(text)
        return (names or {}).get(text, text)
    if column.lower().startswith(("năm", "đến năm", "từ năm")):
        return fmt.year(value)
    if decimals is None:  # 30.0 is «30»: a float's repr is not its source's text
        exact = fmt.exact(value)
        decimals = 0 if exact == exact.to_integral_value() else \
            -int(exact.normalize().as_tuple().exponent)
    # A tiny negative residual rounds to zero, shown without a sign.
    shown = fmt.half_up(value, decimals)
    return fmt.number(abs(shown) if shown == 0 else shown, decimals)


def data_view(data: pd.DataFrame, name: str, places: int | None = 4,
              names: Mapping[str, str] | None = None) -> str:
    """«Xem số liệu của hình»: the downloaded values as a table, folded (HTML ``<details>``).
    A column of whole numbers shows them whole; another shows ``places`` decimals (``None``:
    each number its own, as its source gave it); a code in ``names`` shows as its name (the
    download keeps the code, for programs)."""
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in data.columns)
    decimals: dict[object, int | None] = {
        c: 0 if all(fmt.exact(v) == fmt.exact(v).to_integral_value()
                    for v in data[c] if _is_number(v)) else places for c in data.columns}
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_view_cell(v, str(c), decimals[c], names))}</td>"
                         for c, v in zip(data.columns, row, strict=True)) + "</tr>"
        for row in data.itertuples(index=False))
    return (f'<details class="egv-figdata" id="{name}-so-lieu"><summary>'
            f'{escape(prose.text(PROSE, "figure.data"))}</summary>\n'
            f'<div class="egv-figdata-scroll"><table class="egv-figdata-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></details>")


# MyST substitutions the build defines for the whole book (:func:`citation_substitutions`):
# the edition and its date exist only once every chapter has run.
BOOK_FIELDS = {"book": "{{ egv_sach }}", "author": "{{ egv_tac_gia }}",
               "edition": "{{ egv_an_ban }}", "date": "{{ egv_ngay }}"}


def citation(name: str, title: str) -> str:
    """«Trích dẫn hình này»: title, number (Sphinx's, by ``{numref}``), book, edition, date and
    the permalink by label: the book's address when ``egovbook.url`` is set, else a link to the
    figure whose text is words («Hình 1 trong sách»), never a path."""
    inside = prose.text(PROSE, "cite.no_url", name=name)
    # The address is filled in by MyST (egv_url is a substitution): the block is cut where it
    # stands and joined to it as a Jinja expression.
    before, _, after = prose.text(PROSE, "cite.url", url="\0").partition("\0")
    if "'" in inside + before + after:
        raise ValueError(f"khối cite.url / cite.no_url không được chứa dấu ': {inside}")
    page = f"'{before}' ~ egv_url ~ env.docname ~ '.html#{name}' ~ '{after}'"
    link = f"{{{{ ({page}) if egv_url else '{inside}' }}}}"
    return prose.text(PROSE, "figure.cite", name=name, title=title.rstrip("."), link=link,
                      **BOOK_FIELDS)


def citation_substitutions(title: str, author: str, edition: str, date: str,
                           url: str | None) -> dict[str, str]:
    """The book's words :func:`citation` refers to, for ``myst_substitutions``."""
    base = (url.rstrip("/") + "/") if url else ""
    return {"egv_sach": title, "egv_tac_gia": author, "egv_an_ban": edition, "egv_ngay": date,
            "egv_url": base}


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def table(frame: pd.DataFrame, name: str, caption: str, *, data: pd.DataFrame | None = None,
          source: str = UN_SOURCE, units: str,
          align: Sequence[str] | None = None, retrieved: str | None = None,
          traced: Mapping[tuple[int, int], values.Figure] | None = None,
          columns: Mapping[str, Sequence[str]] | None = None) -> None:
    """Show an already formatted table (strings) as a numbered MyST table with a CSV download.

    A traced cell (``traced``, by row and column from 0) is shown with the ``egv`` role, keyed
    ``<table>/<row>/<column>`` from 1; its figure goes into the output's metadata, whence the
    values registry takes it (:func:`values.cells_of`) for the page's provenance popup.
    """
    traced = traced or {}
    cells = {values.cell_key(name, i, j): f for (i, j), f in traced.items()}
    files = {k: f"{OUTPUT_NAME}/{name}{suffix}" for k, suffix in (
        ("csv", ".csv"), ("xlsx", ".xlsx"), ("txt", downloads.SOURCE_SUFFIX))}
    _write_downloads(frame if data is None else data, name, _clean(caption), source, units,
                     retrieved, columns=columns, kind="table")
    cols = [str(c) for c in frame.columns]
    align = align or ["left"] + ["right"] * (len(cols) - 1)
    rule = ["---" if a == "left" else "---:" if a == "right" else ":---:" for a in align]
    lines = ["| " + " | ".join(_cell(c) for c in cols) + " |", "| " + " | ".join(rule) + " |"]
    for i, row in enumerate(frame.itertuples(index=False)):
        lines.append("| " + " | ".join(
            f"{{egv}}`{_cell(v)} <{values.cell_key(name, i, j)}>`" if (i, j) in traced
            else _cell(v) for j, v in enumerate(row)) + " |")
    text = (
        f"```{{table}} {_clean(caption)}\n:name: {name}\n:width: 100%\n\n" + "\n".join(lines)
        + "\n```\n\n" + prose.text(PROSE, "table.footer", source=source, name=name, **files)
        + "\n"
    )
    body = "\n".join(lines)
    show(text, f"<p><em>{escape(_clean(caption))}</em></p>"
         + show_html_table(body)
         + f"<p>{escape(prose.text(PROSE, 'source', source=source))}</p>",
         {values.CELLS_KEY: {k: f.as_meta() for k, f in cells.items()}} if cells else None)


def declared(spec: tables.Table) -> None:
    """A table declared once (:mod:`tables`): the view and its CSV from one source; a table
    without rows that says what to show instead shows that note (or nothing)."""
    if spec.units is None:
        raise ValueError(f"bảng {spec.name} chưa nêu đơn vị của các cột (units.line)")
    instead = spec.shown_instead
    if instead is not None:
        if instead:
            note(instead)
        return
    shown, data = spec.frames()[0], spec.download()
    given = {"source": spec.source, "units": spec.units, "retrieved": spec.retrieved}
    table(shown, spec.name, spec.caption, data=data, align=tables.aligns(spec.cols),
          traced=spec.traces(), columns=spec.column_map(),
          **{k: v for k, v in given.items() if v is not None})


def show_html_table(markdown_table: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(plain_roles(markdown_table))


def note(text: str) -> None:
    """A short computed paragraph (e.g. a list of countries) shown as Markdown."""
    show(text)


def chapter_sources(cited: str, stem: str) -> None:
    """The chapter's line of sources (``Nguồn: ….``) and the link to its standalone HTML."""
    note(prose.text(PROSE, "source", source=cited))
    share_link(stem)


def share_link(stem: str) -> None:
    """Link to the chapter's standalone HTML (exported by the build with nbconvert)."""
    show(prose.text(PROSE, "share_link", stem=stem), "")
