"""The data explorer page («Khám phá dữ liệu»): the data it embeds and its markup.

The page works from ``file://`` with no network: the data is embedded in the page as JSON, and
the charting library (Vega, Vega-Lite, Vega-Embed, pinned in ``package.json`` and shipped in
``_static/explorer/vendor``) is loaded by Sphinx on this page only
(:mod:`egovbook.publish.sphinx_explorer`). ``_static/explorer/explorer.js`` draws the chart and
the table from that JSON.

Every value shown is formatted here, by the book's own :mod:`egovbook.common.fmt` (half up from
the published decimal text), and the averages are the package's (:meth:`un.Survey.averages`),
so the explorer follows the chapters' rules; the script only chooses and places them.
Reader-facing strings are in ``notebooks/prose/91_kham_pha_du_lieu.md``.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any

import pandas as pd
from markdown_it import MarkdownIt

from egovbook.analysis import un
from egovbook.analysis.values import Figure, Rows, counted
from egovbook.chapters import prose
from egovbook.chapters.survey import Context
from egovbook.common import fmt
from egovbook.intake import un_import

PROSE = "91_kham_pha_du_lieu"
# The average lines offered: the world, and Viet Nam's region and sub-region (Asia,
# South-eastern Asia) in every book, plus the edition country's own when they differ.
REFERENCE = "VNM"
# Strings of the page's controls (prose blocks ``ui.<name>``), handed to the script.
UI = ["title", "index", "averages", "search", "search_hint", "shown", "none_found", "chosen",
      "remove", "unknown", "table_caption", "year", "chart", "readout", "readout_hint", "share",
      "missing", "empty", "no_values"]


def slug(text: str) -> str:
    """``Đông Nam Á`` → ``dong-nam-a``: a name without diacritics, for the page's URL.

    >>> slug("Đông Nam Á"), slug("Thế giới")
    ('dong-nam-a', 'the-gioi')
    """
    return re.sub(r"[^a-z0-9]+", "-", fmt.plain(text).lower()).strip("-")


def _series(values: pd.Series) -> tuple[list[float | None], list[str]]:
    """Numbers for the chart and the texts the book would show (``—`` when missing)."""
    numbers = [None if pd.isna(v) else float(v) for v in values]
    return numbers, [fmt.MISSING if v is None else fmt.index(v) for v in numbers]


def _averages(c: Context) -> list[dict[str, Any]]:
    surveys = [un.Survey(c.s.data, REFERENCE, c.s.cache), c.s]
    out: dict[str, dict[str, Any]] = {}
    for s in surveys:
        for scope in un.SCOPES:
            name = s.scope_name(scope)
            key = slug(name)
            if key in out:
                continue
            entry: dict[str, Any] = {"id": key, "name": prose.text(
                PROSE, "average", scope=fmt.lower_first(name) if scope == "world" else name),
                                     "values": {}, "texts": {}}
            for index in un.INDICES:
                means = s.averages(index).reindex(c.years)[scope]
                entry["values"][index], entry["texts"][index] = _series(means)
            out[key] = entry
    return list(out.values())


def payload(c: Context) -> dict[str, Any]:
    """What the page embeds: survey years, indices, members, values and their texts."""
    data = c.s.data[c.s.data["year"].isin(c.years)]
    # In Vietnamese alphabetical order as a reader folds it (Ấn Độ with the A's, not after Z).
    members = data.drop_duplicates("iso3").sort_values("name_vi", key=lambda n: n.map(slug))
    wide = {index: data.pivot(index="iso3", columns="year", values=index).reindex(
        columns=c.years) for index in un.INDICES}
    countries = []
    for row in members.itertuples():
        entry: dict[str, Any] = {"iso3": row.iso3, "name": row.name_vi, "en": row.un_name,
                                 "values": {}, "texts": {}}
        for index in un.INDICES:
            entry["values"][index], entry["texts"][index] = _series(wide[index].loc[row.iso3])
        countries.append(entry)
    return {
        "edition": c.s.country, "years": c.years,
        "indices": [{"code": k, "short": un.SHORT[k], "name": un.label(k)} for k in un.INDICES],
        "countries": countries, "averages": _averages(c),
        "ui": {name: prose.text(PROSE, f"ui.{name}") for name in UI},
    }


def glue(c: Context) -> dict[str, Figure | str]:
    """What the page's introduction states: how many members and which Surveys it covers."""
    # Each member counted once, by its row of the latest Survey that lists it.
    latest = c.s.data.sort_values("year").drop_duplicates("iso3", keep="last")
    rows = Rows(un_import.UN_FILE, tuple(f"year={y} iso3={i}" for y, i in
                                         zip(latest["year"], latest["iso3"], strict=True)),
                ("iso3",), "mỗi quốc gia một dòng: kỳ khảo sát gần nhất có quốc gia đó")
    return {"n_members": counted(len(latest), prose.text(PROSE, "n_members.how"),
                                 "egovbook.chapters.explorer.payload", (rows,)),
            "first_year": fmt.year(c.years[0]), "last_year": fmt.year(c.years[-1])}


def markup(c: Context) -> tuple[str, str]:
    """(the page's block for the book, the note that stands for it in print and in the
    standalone export, where no script runs)."""
    data = json.dumps(payload(c), ensure_ascii=False, separators=(",", ":"))
    # JSON inside <script>: "</" must not close the element.
    data = data.replace("</", "<\\/")
    # Markdown inline: the page's name is a label of the book, in italics.
    note = MarkdownIt("commonmark").renderInline(prose.text(PROSE, "print_note"))
    # One HTML block without blank lines: MyST passes it through as raw HTML.
    block = (
        '<div class="egv-explorer" id="egv-explorer" lang="vi">'
        f'<script type="application/json" id="egv-explorer-data">{data}</script>'
        f'<noscript><p>{escape(prose.text(PROSE, "noscript"))}</p></noscript>'
        "</div>\n\n"
        f'<p class="egv-print-note">{note}</p>\n'
    )
    return block, f"<p>{note}</p>"


def sources_line(cited: str) -> str:
    """The page's line of sources, on screen only: in print the page is a note citing nothing."""
    return prose.text(PROSE, "source", source=cited)
