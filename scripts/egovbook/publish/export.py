"""Standalone HTML of each chapter, for sharing: made from the chapter's page in the built book.

The built page already holds what Sphinx computed: figure and table numbers («Hình 3», «Bảng 11»),
cross-references resolved to those words, citations as the bibliography's labels, the data files
Sphinx copied for each table and figure. The standalone file is that page's article made
self-contained, so it says exactly what the book page says:

- citations point to a «Tài liệu tham khảo» list at the end, holding the bibliography's own
  entries (same labels, same wording) for exactly the works the chapter cites;
- images and the data links under each table and figure (CSV, XLSX, sources, SVG/PNG) are
  embedded as data URIs with their file names;
- links to other pages of the book go to the published book when ``egovbook.url`` is set,
  otherwise they become text and the page says why;
- ``lang="vi"``, the chapter's title as ``<title>``, the favicon and the Vietnamese monospace font
  embedded, the project's own styles and scripts inline; no theme, no script from elsewhere.

Sphinx's ``{download}`` role needs its file when it reads the chapter, before the page exists:
each executed chapter gets a placeholder in ``notebooks/_exports/`` (:func:`placeholder`), which
Sphinx copies into ``_downloads/<hash>/``; :func:`write_all` then writes the page over that copy.
"""

from __future__ import annotations

import base64
import copy
import mimetypes
import re
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

from egovbook.build.cache import write_if_changed
from egovbook.build.staging import NOTEBOOK_DIR
from egovbook.chapters import prose
from egovbook.compat import theme as compat_theme

EXPORT_DIR = "_exports"
PROSE = "book/ban-doc-lap"
# The book's own styles and scripts, as the built book serves them (``_static/``). Not the
# theme's (its layout is navigation this page does not have), not print.css (the PDF's), not the
# explorer's (it needs its charting libraries: the chapter's printed note stands for it).
STYLES = ("standalone.css", "figures.css", "tables.css", "egovbook.css")
SCRIPTS = ("tables.js", "egovbook.js")
# docutils writes each bibliography entry as an element of this class (sphinxcontrib-bibtex's
# bibliography is a list of citations); a link to one is a citation.
ENTRY_CLASS = "citation"
# Ids of the copied entries: the bibliography page's ids (``id15``) also occur in a chapter.
ENTRY_PREFIX = "tltk-"
REFERENCES_ID = "tai-lieu-tham-khao"
MIME = {".png": "image/png", ".svg": "image/svg+xml", ".woff": "font/woff",
        ".csv": "text/csv;charset=utf-8", ".txt": "text/plain;charset=utf-8",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
CSS_URL_RE = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")


def placeholder(executed: Path, folder: Path) -> bool:
    """The file the chapter's share link names while Sphinx reads it (the page is written over
    Sphinx's copy after the build). Returns True if written."""
    text = (f'<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8">'
            f"<title>{escape(executed.stem)}</title></head>\n"
            f"<body><p>{escape(prose.text(PROSE, 'placeholder'))}</p></body>\n</html>\n")
    return write_if_changed(folder / f"{executed.stem}.html", text)


def data_uri(path: Path) -> str:
    mime = MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    return (f"data:{mime or 'application/octet-stream'};base64,"
            + base64.b64encode(path.read_bytes()).decode("ascii"))


def linked_file(page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment a relative link of ``page`` points at; None for a link that stays
    on the page or leaves the book (``https:``, ``mailto:``, ``data:``)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (page.parent / unquote(parts.path)).resolve(), parts.fragment


def inline_css(path: Path) -> str:
    """A stylesheet with the files it refers to (fonts) embedded."""

    def repl(m: re.Match[str]) -> str:
        ref = m.group(2)
        if ":" in ref or ref.startswith("#"):
            return m.group(0)
        target = (path.parent / unquote(ref.split("?")[0])).resolve()
        return f'url("{data_uri(target)}")' if target.is_file() else m.group(0)

    return CSS_URL_RE.sub(repl, path.read_text(encoding="utf-8"))


def markdown(text: str) -> str:
    """A prose block as HTML (its links, its emphasis); raw HTML in it stays text."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).render(text)


class Book:
    """The built book the pages are made from: its address, styles, scripts, bibliography."""

    def __init__(self, built: Path, config: dict[str, Any]) -> None:
        self.built = built.resolve()
        self.title = str(config.get("title", ""))
        url = (config.get("egovbook") or {}).get("url")
        self.url = url.rstrip("/") + "/" if url else None
        static = self.built / "_static"
        favicon = static / "favicon.png"
        self.head = (
            (f'<link rel="icon" type="image/png" href="{data_uri(favicon)}">\n'
             if favicon.is_file() else "")
            + "".join(f"<style>\n{inline_css(static / name)}</style>\n" for name in STYLES
                      if (static / name).is_file()))
        self.scripts = "".join(
            f"<script>\n{(static / name).read_text(encoding='utf-8')}</script>\n"
            for name in SCRIPTS if (static / name).is_file())
        self._pages: dict[Path, BeautifulSoup] = {}

    def entry(self, path: Path, fragment: str) -> Tag | None:
        """The bibliography entry a link points at, or None if it points at something else."""
        if not fragment or path.suffix != ".html" or not path.is_file():
            return None
        if path not in self._pages:
            self._pages[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found = self._pages[path].find(id=fragment)
        return found if found is not None and ENTRY_CLASS in found.get("class", []) else None

    def online(self, path: Path, fragment: str) -> str | None:
        """A file of the book at the published book's address (None: no address configured)."""
        if self.url is None or not path.is_relative_to(self.built):
            return None
        return self.url + path.relative_to(self.built).as_posix() + (
            f"#{fragment}" if fragment else "")

    def share_target(self, page: Path, article: Tag) -> tuple[Tag, Path] | None:
        """The chapter's share link and the file it downloads (the page's name under
        ``_downloads/``), or None for a page without one."""
        for a in article.find_all("a", href=True):
            found = linked_file(page, a["href"])
            if found and found[0].name == page.name and found[0].parent.parent == (
                    self.built / "_downloads"):
                return a, found[0]
        return None

    def standalone(self, page: Path) -> tuple[Path, str] | None:
        """(where the chapter's share link points, the standalone page), or None if the page
        has no share link."""
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one(compat_theme.ARTICLE_SELECTOR)
        if article is None:
            return None
        share = self.share_target(page, article)
        if share is None:
            return None
        link, target = share
        # The sentence offering this very file.
        (link.find_parent("p") or link).decompose()
        for el in article.select("a.headerlink, script, noscript"):
            el.decompose()
        cited, unlinked = self.relink(page, article)
        for img in article.find_all("img", src=True):
            found = linked_file(page, img["src"])
            if found and found[0].is_file():
                img["src"] = data_uri(found[0])
        # A table wider than its box scrolls: the box takes keyboard focus (the theme's script
        # does this in the book).
        for box in article.find_all("div", class_=compat_theme.TABLE_BOX_CLASS):
            box["tabindex"] = "0"
        if cited:
            article.append(self.references(cited))
        h1 = article.find("h1")
        title = " ".join(h1.get_text().split()) if h1 else page.stem
        return target, self.page(title, article, unlinked)

    def relink(self, page: Path, article: Tag) -> tuple[list[Tag], int]:
        """Point every link of the article at something the single file has: the cited
        entries (returned, in the bibliography's order), the data files (embedded), the other
        pages (online, or text: their number is returned)."""
        cited: dict[str, Tag] = {}
        unlinked = 0
        for a in article.find_all("a", href=True):
            found = linked_file(page, a["href"])
            if found is None:
                continue
            path, fragment = found
            entry = self.entry(path, fragment)
            if path == page.resolve():
                a["href"] = f"#{fragment}"
            elif entry is not None:
                cited.setdefault(fragment, entry)
                a["href"] = f"#{ENTRY_PREFIX}{fragment}"
            elif a.has_attr("download") and path.is_file():
                # Embedded, not linked to the published book: the book online shows its latest
                # build, whose files may differ from this copy's figures; these are the bytes
                # behind this page, and they open offline. The largest file is a few tens of KB.
                a["href"], a["download"] = data_uri(path), path.name
                for code in a.find_all("code"):
                    code.unwrap()
            elif path.suffix != ".html" and path.is_file():
                a.unwrap()  # an image's link to itself: the image is embedded
            elif (online := self.online(path, fragment)) is not None:
                a["href"] = online
            else:
                a.name = "span"
                a.attrs = {"class": ["egv-unlinked"]}
                unlinked += 1
        order = {id(e): i for i, e in enumerate(
            e for soup in self._pages.values() for e in soup.find_all(class_=ENTRY_CLASS))}
        return sorted(cited.values(), key=lambda e: order[id(e)]), unlinked

    def references(self, entries: list[Tag]) -> Tag:
        """«Tài liệu tham khảo»: the book's entries for the works the chapter cites."""
        soup = BeautifulSoup("", "html.parser")
        section = soup.new_tag("section", id=REFERENCES_ID)
        heading = soup.new_tag("h2")
        heading.string = prose.text(PROSE, "references")
        listing = soup.new_tag("div", attrs={"class": "citation-list", "role": "list"})
        for entry in entries:
            item = copy.copy(entry)
            item["id"] = ENTRY_PREFIX + entry["id"]
            listing.append(item)
        section.extend([heading, listing])
        return section

    def page(self, title: str, article: Tag, unlinked: int) -> str:
        head = markdown(prose.text(PROSE, "head", book=self.title, url=self.url or ""))
        foot = markdown(prose.text(PROSE, "unlinked", url=self.url or "")) if unlinked else ""
        return (
            '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n{self.head}</head>\n<body>\n"
            f'<header class="egv-standalone-head">\n{head}</header>\n'
            f'<main class="egv-standalone">\n{article}\n</main>\n'
            + (f'<footer class="egv-standalone-foot">\n{foot}</footer>\n' if foot else "")
            + f"{self.scripts}</body>\n</html>\n")


def write_all(built: Path, config: Path) -> int:
    """Write each chapter's standalone page where its share link points, in the built book
    (``config``: the staged ``_config.yml``). Returns how many were written."""
    book = Book(built, yaml.safe_load(config.read_text(encoding="utf-8")) or {})
    written = 0
    for page in sorted((book.built / NOTEBOOK_DIR).glob("*.html")):
        made = book.standalone(page)
        if made is not None:
            target, html = made
            target.write_text(html, encoding="utf-8")
            written += 1
    return written
