"""The print document: the single page cut to its chapters, with a cover and a contents page.

Chapters start on new pages, interactive parts (filters, popups) are left out, formulas get a
print form, wide tables a landscape page, short ones one page, links point inside the document.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

import yaml

from egovbook.build.pipeline import BuildError
from egovbook.compat import myst_nb as compat_myst_nb
from egovbook.compat import sphinx as compat_sphinx
from egovbook.compat import theme as compat_theme
from egovbook.publish.pdf_front import CHAPTER_LIST, Edition, chapter_list, contents, cover
from egovbook.publish.pdf_text import HASH, LABEL, keep_whole

PRINT_CSS = "_static/print.css"

# Tables with this many columns get a landscape page; from MEDIUM on, a condensed face.
WIDE_COLUMNS = 7
MEDIUM_COLUMNS = 5
SHORT_ROWS = 4  # a table of so few rows prints whole on one page
# Column widths, in characters: a longer word may break; padding of a cell; about how many
# characters of the table's face fit across the page (print.css: 8pt portrait, 8pt condensed
# portrait, 7pt condensed landscape).
LONG_WORD = 24
CELL_PADDING = 3
# A checksum letter (``.egv-hash``: 0.8 of the face, monospace) is about 0.75 of a character.
HASH_LETTER = 0.85  # with room to spare
CAPACITY = {"normal": 95, "medium": 105, "wide": 165}
HEADING_RE = re.compile(r"^h([1-6])$")


class PdfError(BuildError):
    """The print edition could not be made; the message is Vietnamese and says what to do."""


# --------------------------------------------------------------------------------------------
# Composing the print document


def _text(el: Any) -> str:
    return " ".join(el.get_text(" ").split())


def _mathml_to_html(soup: Any, node: Any) -> Any:
    """A print form of the MathML Sphinx writes (WeasyPrint does not lay out MathML): the book's
    formulas use identifiers, numbers, operators, rows, fractions, sub- and superscripts."""
    name = getattr(node, "name", None)
    if name is None:  # a text node
        text = str(node).strip()
        return soup.new_string(text) if text else None
    children = [c for c in (_mathml_to_html(soup, c) for c in node.children) if c is not None]
    if name == "mfrac" and len(children) == 2:
        frac = soup.new_tag("span", attrs={"class": "egv-frac"})
        for part in children:
            wrap = soup.new_tag("span")
            wrap.append(part)
            frac.append(wrap)
        return frac
    if name in ("msub", "msup") and len(children) == 2:
        span = soup.new_tag("span")
        span.append(children[0])
        script = soup.new_tag("sub" if name == "msub" else "sup")
        script.append(children[1])
        span.append(script)
        return span
    if name == "mi" and len(node.get_text(strip=True)) == 1:
        tag = soup.new_tag("i")
    elif name == "mo":
        tag = soup.new_tag("span", attrs={"class": "egv-mo"})
        text = node.get_text(strip=True)
        if text in "=+−-×·<>≤≥":
            tag.string = f"\u2009{text}\u2009"
            return tag
    else:
        tag = soup.new_tag("span")
    for child in children:
        tag.append(child)
    return tag


def print_math(soup: Any, root: Any) -> None:
    for math in root.find_all("math"):
        block = math.get("display") == "block"
        wrap = soup.new_tag("div" if block else "span",
                            attrs={"class": "egv-math-block" if block else "egv-math",
                                   "role": "math", "aria-label": _text(math)})
        converted = _mathml_to_html(soup, math)
        if converted is not None:
            wrap.append(converted)
        math.replace_with(wrap)


def _strip_interactive(root: Any) -> None:
    """Print form of interactive parts: scripts, filters, popups and widgets go; buttons keep
    their text (a glued figure is a button in the HTML book). A figure's folded data view
    goes too: the print keeps the sentence describing the figure and its citation."""
    for el in root.select("script, style, noscript, a.headerlink, .egv-prov, .egovbook-filter, "
                          "input, select, textarea, .copybtn, .egv-pdf-link, .egv-explorer, "
                          ".screen-only, .egv-figdata"):
        el.decompose()
    # A download link cannot be followed on paper: say where the file is instead, once for
    # a figure's or a table's files (XLSX · CSV · …: the first link stands for them all).
    for a in root.select("a.download + a.download, a.download ~ a.download"):
        if isinstance(a.previous_sibling, str) and a.previous_sibling.strip() == "·":
            a.previous_sibling.extract()
        a.decompose()
    for a in root.select("a.download"):
        a.replace_with(a.get_text(" ", strip=True).replace("Tải dữ liệu", "Dữ liệu")
                       + " có trong bản trực tuyến")
    for el in root.find_all(["button", "form", "label"]):
        el.unwrap()
    for el in root.find_all(["details", "summary"]):
        el.name = "div" if el.name == "details" else "p"


def _flatten_cells(root: Any) -> None:
    """A cell holding one paragraph holds its text: the paragraph has no margin in print, and
    the 3,400 boxes fewer take WeasyPrint's layout of the book from about 7 s to under 6."""
    for cell in root.find_all(["td", "th"]):
        paragraphs = cell.find_all("p", recursive=False)
        if len(paragraphs) == 1:
            paragraphs[0].unwrap()


def _shift_headings(section: Any, by: int) -> None:
    for el in section.find_all(HEADING_RE):
        level = int(el.name[1]) - by
        el.name = f"h{min(max(level, 1), 6)}"


def column_widths(table: Any, capacity: int) -> list[float]:
    """Column widths (shares of the table's width) from the text each column holds.

    Every column gets at least its longest word (up to LONG_WORD characters: paths may break, a
    checksum may not), and wants the geometric mean of its average and longest cell;
    ``capacity`` is about how many characters fit across the table. What is left after the
    minimums goes to the columns in proportion to what they want beyond them. Fixed widths
    print predictably, and fixed table layout spares WeasyPrint measuring every cell twice."""
    rows = [[_text(c) for c in tr.find_all(["th", "td"], recursive=False)]
            for tr in table.find_all("tr")]
    columns = max((len(r) for r in rows), default=0)
    minimum, wanted = [], []
    for i in range(columns):
        cells = [r[i] for r in rows if i < len(r)]
        lengths = [len(c) for c in cells] or [1]
        # A date or a quarter label is one word in print (pdf_text keeps it whole).
        longest_word = max((len(w) for c in cells for w in [*c.split(), *(
            m[0] for m in LABEL.finditer(c))]), default=1)
        # Header words are bold and capitals are wide: a quarter more than the letters.
        low = min(longest_word, LONG_WORD) * 1.25 + CELL_PADDING
        low = max([low, *(len(m[0]) * HASH_LETTER + CELL_PADDING for c in cells
                          for m in HASH.finditer(c))])
        minimum.append(low)
        wanted.append(max(low, (sum(lengths) / len(lengths) * max(lengths)) ** 0.5
                          + CELL_PADDING))
    if sum(wanted) <= capacity or sum(minimum) >= capacity:
        widths = wanted if sum(wanted) <= capacity else minimum
    else:
        extra = [w - m for w, m in zip(wanted, minimum, strict=True)]
        share = (capacity - sum(minimum)) / (sum(extra) or 1.0)
        widths = [m + e * share for m, e in zip(minimum, extra, strict=True)]
    total = sum(widths) or 1.0
    return [w / total for w in widths]


def _fix_table_layout(soup: Any, table: Any, capacity: int) -> None:
    if table.find("tr") is None or table.find(attrs={"colspan": True}):
        return
    for old in table.find_all("colgroup"):
        old.decompose()
    group = soup.new_tag("colgroup")
    for share in column_widths(table, capacity):
        group.append(soup.new_tag("col", attrs={"style": f"width: {100 * share:.1f}%"}))
    caption = table.find("caption", recursive=False)
    if caption is not None:
        caption.insert_after(group)
    else:
        table.insert(0, group)
    table["class"] = [*table.get("class", []), "egv-fixed"]
    if table.get("style"):
        del table["style"]


def _mark_tables(soup: Any, root: Any) -> None:
    """Column widths for every table; for tables with many columns a condensed face, or a
    landscape page with their source line; a short table is kept on one page."""
    for table in root.find_all("table"):
        head = table.find("tr")
        columns = len(head.find_all(["th", "td"])) if head else 0
        if 0 < len(table.select("tbody > tr")) <= SHORT_ROWS:  # no page holds a row or two alone
            table["class"] = [*table.get("class", []), "egv-short"]
        if columns >= WIDE_COLUMNS:
            _fix_table_layout(soup, table, CAPACITY["wide"])
            # The table goes on the wide page with its source line (the notebook output), and
            # with its heading and lead-in when its section holds nothing else to lay out.
            holder = table.find_parent("div", class_=compat_myst_nb.CELL_OUTPUT_CLASS) or table
            section = table.find_parent("section")
            if (section is not None and not section.find("figure")
                    and len(section.find_all("table")) == 1
                    and not section.find("section") and not section.has_attr("data-doc")):
                holder = section
            holder["class"] = [*holder.get("class", []), "egv-wide"]
            _after_wide(holder)
        elif columns >= MEDIUM_COLUMNS:
            _fix_table_layout(soup, table, CAPACITY["medium"])
            table["class"] = [*table.get("class", []), "egv-medium"]
        else:
            _fix_table_layout(soup, table, CAPACITY["normal"])


def _after_wide(holder: Any) -> None:
    """A section with a figure that follows a landscape part starts a new page (print.css):
    WeasyPrint changes the page type only between siblings, so the section would otherwise
    begin on the wide page, its heading cut off from its figure."""
    node = holder
    while node is not None and node.find_next_sibling() is None:
        node = node.parent
        if node is None or node.has_attr("data-doc"):
            return
    follower = node.find_next_sibling() if node is not None else None
    # Only a part that leads to a figure: text alone may as well end the wide page.
    if follower is not None and follower.find("figure") is not None:
        follower["class"] = [*follower.get("class", []), "egv-after-wide"]


def _keep_sources(soup: Any, root: Any) -> None:
    """A table's source line (the paragraph after it in its notebook output) goes into the
    table as its last row group, a footer that is not repeated, which print.css keeps with
    the last row: a page never holds the source line alone. (WeasyPrint does not look back
    into a table for ``break-before: avoid`` on the paragraph after it.)"""
    for table in root.find_all("table"):
        holder = table.find_parent("div", class_=compat_theme.TABLE_BOX_CLASS) or table
        line = holder.find_next_sibling()
        if (line is None or line.name != "p" or holder.parent is None
                or compat_myst_nb.CELL_OUTPUT_CLASS not in holder.parent.get("class", [])):
            continue
        head = table.find("tr")
        columns = sum(int(c.get("colspan", 1)) for c in head.find_all(["th", "td"])) if head else 1
        foot = soup.new_tag("tfoot", attrs={"class": "egv-source"})
        row = soup.new_tag("tr")
        cell = soup.new_tag("td", attrs={"colspan": str(columns)})
        cell.extend(list(line.extract().contents))
        row.append(cell)
        foot.append(row)
        table.append(foot)


def _dedupe_ids(chapters: list[tuple[str, Any]]) -> dict[tuple[str, str], str]:
    """Two chapters may share a section id (each has "Đối chiếu với số liệu báo chí"); in one
    document the later ones get the chapter as prefix. Returns (chapter, old id) → new id."""
    seen: set[str] = set()
    renamed: dict[tuple[str, str], str] = {}
    for docname, section in chapters:
        stem = docname.rsplit("/", 1)[-1]
        for el in [section, *section.find_all(id=True)]:
            old = el.get("id")
            if not old:
                continue
            if old in seen:
                new = f"{stem}--{old}"
                el["id"] = new
                renamed[(docname, old)] = new
                seen.add(new)
            else:
                seen.add(old)
    return renamed


def _fix_links(chapters: list[tuple[str, Any]], renamed: dict[tuple[str, str], str],
               published: Path) -> None:
    """Internal links point inside the PDF; a duplicated id resolves within the same chapter.
    Links to files of the published book (data CSVs, standalone chapters) stay relative, so they
    open when the PDF sits in the book's folder; links to anything else become plain text.
    ``published`` is a build of the same stage with the book's layout of files (the single
    page's build: the PDF is made while the HTML build is still running)."""
    for docname, section in chapters:
        for a in section.find_all("a", href=True):
            href = a["href"]
            if href.startswith("#"):
                key = (docname, href[1:])
                if key in renamed:
                    a["href"] = "#" + renamed[key]
                continue
            if re.match(r"^(https?|mailto):", href):
                continue
            target = href.split("#", 1)[0]
            if not (target and (published / target).is_file()):
                a.unwrap()


def _absolute_sources(root: Any, singledir: Path) -> None:
    for img in root.find_all("img", src=True):
        src = img["src"]
        if not re.match(r"^(data|https?|file):", src):
            img["src"] = (singledir / src).resolve().as_uri()
        # The HTML sets width: 100% inline; print sizes images in the stylesheet.
        if img.get("style"):
            del img["style"]


def chapters_of(article: Any, root_doc: str) -> list[tuple[str, Any]]:
    """(docname, section) for the root page and every document its toctrees pull in, in order."""
    root_section = article.find("section")
    chapters = [(root_doc, root_section)]
    prefix = compat_sphinx.SINGLEHTML_DOC_PREFIX
    for marker in root_section.select(f'span[id^="{prefix}"]'):
        section = marker.find_next_sibling("section")
        if section is not None:
            chapters.append((marker["id"][len(prefix):], section.extract()))
    # The root page's {tableofcontents} pulled the chapters in (they were moved out above):
    # its first wrapper becomes the place of the list of parts and chapters (pdf_front).
    for i, wrapper in enumerate(root_section.select("div.toctree-wrapper")):
        if i == 0:
            wrapper.clear()
            wrapper["class"] = [CHAPTER_LIST]
        else:
            wrapper.decompose()
    root_section.extract()
    return chapters


def _parts(stage: Path) -> dict[str, str]:
    """docname of each part's first chapter → the part's caption (from the staged _toc.yml)."""
    toc = yaml.safe_load((stage / "_toc.yml").read_text(encoding="utf-8"))
    firsts = {}
    for part in toc.get("parts", []):
        if part.get("chapters"):
            firsts[part["chapters"][0]["file"]] = part.get("caption", "")
    return firsts


def compose(page: Path, stage: Path, edition: Edition) -> str:
    """The print document: cover, table of contents, then each chapter on a new page."""
    from bs4 import BeautifulSoup

    root_doc = yaml.safe_load((stage / "_toc.yml").read_text(encoding="utf-8"))["root"]
    singledir = page.parents[len(Path(root_doc).parts) - 1]  # the page is <dir>/<root doc>.html
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one(compat_theme.ARTICLE_SELECTOR) or soup.select_one("[role=main]")
    if article is None or article.find("section") is None:
        raise PdfError(f"Trang đơn {page} không có nội dung sách (không thấy <article>).")
    chapters = chapters_of(article, root_doc)
    parts = _parts(stage)
    for docname, section in chapters:
        _strip_interactive(section)
        print_math(soup, section)
        keep_whole(soup, section)
        top = section.find(HEADING_RE)
        if top is not None and top.name != "h1":
            _shift_headings(section, int(top.name[1]) - 1)
        title = section.find("h1")
        if title is None:
            raise PdfError(f"Chương {docname} không có tiêu đề (#) trong trang đơn.")
        title["class"] = [*title.get("class", []), "egv-chapter-title"]
        if docname in parts:
            label = soup.new_tag("p", attrs={"class": "egv-part"})
            label.string = parts[docname]
            title.insert_before(label)
        section["class"] = [*section.get("class", []), "egv-chapter"]
        section["data-doc"] = docname
        _mark_tables(soup, section)
        _keep_sources(soup, section)
        _flatten_cells(section)
        _absolute_sources(section, singledir)
    listed = chapters[0][1].find(class_=CHAPTER_LIST)
    if listed is not None:
        listed.append(BeautifulSoup(chapter_list(chapters, parts), "html.parser"))
    renamed = _dedupe_ids(chapters)
    _fix_links(chapters, renamed, singledir)
    css = (stage / PRINT_CSS).resolve().as_uri()
    body = "\n".join(str(section) for _, section in chapters)
    front = BeautifulSoup(cover(edition) + "\n" + contents(chapters, parts), "html.parser")
    keep_whole(front, front)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{escape(edition.title)}</title>
<meta name="author" content="{escape(edition.author)}">
<meta name="description" content="Sách báo cáo tái lập được, bản in">
<meta name="dcterms.created" content="{escape(edition.created)}">
<meta name="dcterms.modified" content="{escape(edition.created)}">
<link rel="stylesheet" href="{css}">
</head>
<body class="egv-print">
{front}
{body}
</body>
</html>
"""


