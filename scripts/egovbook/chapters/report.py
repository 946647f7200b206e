"""What a notebook shows: glued values, numbered figures and tables with source and data download.

Figures and tables are emitted as MyST ``figure``/``table`` directives in a Markdown output, so
Sphinx numbers them ("Hình 3", "Bảng 2"), gives them a stable label a reviewer can cite, and copies
the PNG and the CSV of exactly the plotted data into the book.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from html import escape
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure

from egovbook.analysis import values
from egovbook.chapters import prose, tables
from egovbook.common import fmt
from egovbook.common.mystext import plain_roles
from egovbook.compat import myst_nb as compat_myst_nb
from egovbook.intake import datapackage

OUTPUT_NAME = "_outputs"
# The lines every chapter shows under a figure or a table, and its share link.
PROSE = "chung"
UN_SOURCE = ("UN DESA, Khảo sát Chính phủ điện tử của Liên Hợp Quốc (Data Center), "
             "tính toán của nhóm biên soạn")
PRESS_DATED = "theo ngày của từng số liệu (cột date), như các bài báo nguồn nêu"


def press_source(ids: Sequence[str]) -> str:
    """``bài A001, A003 trong bộ nguồn của sách; tính toán của nhóm biên soạn``.

    An item may hold several ids (``"A000 A001"``, ``"A000, A001"``): each is listed once.
    """
    unique = sorted({i for item in ids if item for i in re.split(r"[\s,;]+", str(item)) if i})
    return ("bài " + ", ".join(unique)
            + " trong bộ nguồn của sách; tính toán của nhóm biên soạn")


def show(markdown: str, html: str | None = None) -> None:
    """Display MyST Markdown for the book, with an HTML twin for nbconvert's standalone pages.

    myst-nb renders the Markdown (MyST directives give numbered figures and tables); nbconvert
    prefers the HTML, in which MyST syntax would otherwise show as raw text.
    """
    if html is None:
        from markdown_it import MarkdownIt

        html = MarkdownIt("commonmark").enable("table").render(plain_roles(markdown))
    display({"text/markdown": markdown, "text/html": html}, raw=True)


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

    def plain(v: object) -> object:
        if not isinstance(v, float):
            return v
        if math.isnan(v):
            return None
        exact = fmt.exact(v)
        return int(exact) if exact == exact.to_integral_value() else exact

    out = data.copy()
    for col in out.columns:
        if out[col].dtype.kind in "fO":
            out[col] = pd.Series([plain(v) for v in out[col]], index=out.index, dtype=object)
    return out


def _csv_with_header(data: pd.DataFrame, path: Path, title: str, source: str,
                     units: str, retrieved: str | None = None) -> None:
    """CSV of the plotted data with a short ``#`` metadata header (source, units, date)."""
    header = [
        f"# {title}",
        f"# Nguồn: {source}",
        f"# Đơn vị: {units}",
        f"# Ngày nhập dữ liệu: {retrieved or retrieval_date()}",
    ]
    body = plain_numbers(data).to_csv(index=False, lineterminator="\n")
    path.write_text("\n".join(header) + "\n" + body, encoding="utf-8")


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
           retrieved: str | None = None) -> None:
    """Save the chart and its data, then show it as a numbered figure."""
    folder = output_dir()
    png, csv = f"{OUTPUT_NAME}/{name}.png", f"{OUTPUT_NAME}/{name}.csv"
    # No timestamp or software tag in the PNG, so identical inputs give identical bytes.
    fig.savefig(folder / f"{name}.png", dpi=150, bbox_inches="tight",
                metadata={"Software": None})
    plt.close(fig)
    _csv_with_header(data, folder / f"{name}.csv", _clean(caption), source, units, retrieved)
    footer = prose.text(PROSE, "figure.footer", source=source, name=name, csv=csv)
    text = (f"```{{figure}} {png}\n:name: {name}\n:alt: {_clean(alt)}\n:width: 100%\n\n"
            f"{_clean(caption)} {footer}\n```\n")
    # The twin refers to the PNG by path (the standalone export embeds it): base64 here would
    # make every notebook Sphinx reads several hundred kilobytes heavier.
    html_twin = (f'<figure id="{name}"><img src="{png}" '
                 f'alt="{escape(_clean(alt))}" style="max-width:100%"/>'
                 f"<figcaption>{escape(_clean(caption))} "
                 f"{escape(prose.text(PROSE, 'source', source=source))}</figcaption>"
                 "</figure>")
    show(text, html_twin)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def table(frame: pd.DataFrame, name: str, caption: str, *, data: pd.DataFrame | None = None,
          source: str = UN_SOURCE, units: str = "chỉ số, thang 0–1; thứ hạng",
          align: Sequence[str] | None = None, retrieved: str | None = None) -> None:
    """Show an already formatted table (strings) as a numbered MyST table with a CSV download."""
    csv = f"{OUTPUT_NAME}/{name}.csv"
    _csv_with_header(frame if data is None else data, output_dir() / f"{name}.csv",
                     _clean(caption), source, units, retrieved)
    cols = [str(c) for c in frame.columns]
    align = align or ["left"] + ["right"] * (len(cols) - 1)
    rule = ["---" if a == "left" else "---:" if a == "right" else ":---:" for a in align]
    lines = ["| " + " | ".join(_cell(c) for c in cols) + " |", "| " + " | ".join(rule) + " |"]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    text = (
        f"```{{table}} {_clean(caption)}\n:name: {name}\n:width: 100%\n\n" + "\n".join(lines)
        + "\n```\n\n" + prose.text(PROSE, "table.footer", source=source, name=name, csv=csv)
        + "\n"
    )
    body = "\n".join(lines)
    show(text, f"<p><em>{escape(_clean(caption))}</em></p>"
         + show_html_table(body)
         + f"<p>{escape(prose.text(PROSE, 'source', source=source))}</p>")


def declared(spec: tables.Table) -> None:
    """A table declared once (:mod:`tables`): the view and its CSV from one source.

    A table without rows that says what to show instead shows that note (or nothing).
    """
    instead = spec.shown_instead
    if instead is not None:
        if instead:
            note(instead)
        return
    shown, data = spec.frames()
    given = {"source": spec.source, "units": spec.units, "retrieved": spec.retrieved}
    table(shown, spec.name, spec.caption, data=data, align=tables.aligns(spec.cols),
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
