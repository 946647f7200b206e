"""The print edition's front matter: the cover, the contents page with page numbers, and the
list of parts and chapters on the introduction page (where the HTML book's
``{tableofcontents}`` stands; Sphinx's single page has the chapters themselves there)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from egovbook.chapters import prose

PROSE = "book/bia"


def _say(block: str, **fields: Any) -> str:
    return prose.text(PROSE, block, **fields)

# The class of the introduction's list (pdf_layout.chapters_of leaves its place empty).
CHAPTER_LIST = "egv-chapter-list"


@dataclass
class Edition:
    """What the cover says; every value comes from the build's parameters and record."""

    title: str
    author: str
    country: str
    survey_year: int
    quarter: str | None  # "quý III/2022", or None when no chapter uses domestic data
    status: str  # a draft (its build date) or published (its date), as the citation says
    created: str  # ISO date-time, for the PDF metadata


def _text(el: Any) -> str:
    return " ".join(el.get_text(" ").split())


def _unbroken_title(title: str, country: str) -> str:
    """The title for the cover, escaped, never breaking inside the country's name nor leaving
    one word alone on its last line (no-break spaces there)."""
    nbsp = "\u00a0"
    if country and country in title:
        title = title.replace(country, country.replace(" ", nbsp))
    head, sep, last = title.rpartition(" ")
    return escape(f"{head}{nbsp}{last}" if sep and nbsp not in last else title)


def cover(edition: Edition) -> str:
    rows = [("Quốc gia", edition.country),
            ("Khảo sát Chính phủ điện tử của Liên Hợp Quốc", f"năm {edition.survey_year}")]
    if edition.quarter:
        rows.append(("Số liệu trong nước", edition.quarter))
    rows.append(("Ấn bản", edition.status))
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f"""<section class="egv-cover" id="bia">
<p class="egv-cover-kicker">{escape(_say("kicker"))}</p>
<h1 class="egv-cover-title">{_unbroken_title(edition.title, edition.country)}</h1>
<p class="egv-cover-subtitle">{escape(_say("subtitle"))}</p>
<dl>{items}</dl>
<p class="egv-cover-foot">{escape(_say("foot", author=edition.author))}</p>
</section>"""


def contents(chapters: list[tuple[str, Any]], parts: dict[str, str]) -> str:
    lines = []
    for docname, section in chapters:
        if docname in parts:
            lines.append(f'<li class="egv-toc-part">{escape(parts[docname])}</li>')
        title = section.find("h1")
        lines.append(f'<li class="egv-toc-chapter"><a href="#{escape(section["id"])}">'
                     f"{escape(_text(title))}</a>")
        subs = []
        for sub in section.find_all("section", recursive=False):
            heading = sub.find("h2", recursive=False)
            if heading is not None and sub.get("id"):
                subs.append(f'<li class="egv-toc-section"><a href="#{escape(sub["id"])}">'
                            f"{escape(_text(heading))}</a></li>")
        if subs:
            lines.append(f"<ol>{''.join(subs)}</ol>")
        lines.append("</li>")
    return (f'<nav class="egv-toc" id="muc-luc" aria-label="Mục lục"><h1>Mục lục</h1>'
            f"<ol>{''.join(lines)}</ol></nav>")


def chapter_list(chapters: list[tuple[str, Any]], parts: dict[str, str]) -> str:
    """The parts and their chapters, linked, as the HTML introduction lists them."""
    out = []
    for docname, section in chapters[1:]:
        if docname in parts:
            if out:
                out.append("</ul>")
            out.append(f'<p class="egv-chapter-list-part">{escape(parts[docname])}</p><ul>')
        elif not out:
            out.append("<ul>")
        title = section.find(["h1", "h2", "h3", "h4"])
        out.append(f'<li><a href="#{escape(section.get("id", ""))}">'
                   f"{escape(_text(title) if title else docname)}</a></li>")
    return "".join(out) + ("</ul>" if out else "")
