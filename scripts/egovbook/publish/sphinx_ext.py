"""Sphinx extension: search that works for Vietnamese, and the project's own UI translations.

Sphinx indexes ``vi`` as if it were English (Porter stemmer, English stop words) and its query
code drops numbers. Here every word is indexed twice, as written (lower case) and without
diacritics, and the query is looked up as typed: «cổng» finds the pages that say «cổng» (not
every page that says «công»), «chi so dich vu» still finds «chỉ số dịch vụ». No stemming, no stop
words; numbers and years are searchable. The snippet under each result and the ranking of
partial matches are set in ``_static/egovbook.js``.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from docutils.nodes import SkipNode
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from egovbook.common import fmt
from egovbook.compat import sphinx as compat_sphinx

# Sphinx's query code skips all-digit terms; both sides index them with this prefix instead.
NUMBER_PREFIX = "n"


def fold(word: str) -> str:
    """Lower case without diacritics: ``Đông Nam Á`` → ``dong nam a``."""
    return fmt.plain(word).lower()


class SearchVietnamese(SearchLanguage):
    lang = "vi"
    language_name = "Vietnamese"
    stopwords: set[str] = set()
    js_stemmer_code = """
/**
 * Vietnamese: no stemming; the query word as typed, in lower case (the index holds each word
 * as written and without diacritics, so "chi so" finds "chỉ số" and "cổng" finds only "cổng").
 */
var Stemmer = function() {
  this.stemWord = function(w) {
    return w.normalize("NFC").toLowerCase();
  }
}
/** Split like Sphinx, but keep numbers: searchtools drops all-digit terms. */
var splitQuery = function(query) {
  return query
    .split(/[^\\p{Letter}\\p{Number}_\\p{Emoji_Presentation}]+/gu)
    .filter(function(term) { return term; })
    .map(function(term) { return /^\\d+$/.test(term) ? "@PREFIX@" + term : term; });
}
""".replace("@PREFIX@", NUMBER_PREFIX)

    def split(self, input: str) -> list[str]:
        """Each word as written and, when it has diacritics, without them too."""
        out = []
        for word in super().split(input):
            out.append(word)
            if fold(word) != unicodedata.normalize("NFC", word).lower():
                out.append(fold(word))
        return out

    def stem(self, word: str) -> str:
        lower = unicodedata.normalize("NFC", word).lower()
        return NUMBER_PREFIX + lower if lower.isdigit() else lower

    def word_filter(self, word: str) -> bool:
        return len(word) > 0


def po_messages(po: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (single-line entries, as the project writes them)."""
    messages: dict[str, str] = {}
    msgid: str | None = None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            msgid = json.loads(line[6:])
        elif line.startswith("msgstr ") and msgid is not None:
            text = json.loads(line[7:])
            if msgid and text:
                messages[msgid] = text
            msgid = None
    return messages


def write_js_catalog(srcdir: Path, language: str) -> None:
    """Sphinx ships JS translations (search results, etc.) only for its own catalogs; write the
    project's next to its .po so the builder picks them up."""
    base = srcdir / "locale" / language / "LC_MESSAGES"
    po = base / "sphinx.po"
    if not po.is_file():
        return
    data = {"locale": language, "messages": po_messages(po), "plural_expr": "0"}
    text = "Documentation.addTranslations(" + json.dumps(data, ensure_ascii=False,
                                                          indent=1) + ");\n"
    js = base / "sphinx.js"
    if not js.exists() or js.read_text(encoding="utf-8") != text:
        js.write_text(text, encoding="utf-8")


def _builder_inited(app: Sphinx) -> None:
    language = app.config.language or "vi"
    write_js_catalog(Path(app.srcdir), language)
    # The theme registers its catalog before project extensions load.
    compat_sphinx.prefer_project_catalog(Path(app.srcdir) / "locale", language, "booktheme")


def _drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: object) -> None:
    """Thebe (live code) is off in this book, yet jupyter-book always loads sphinx-thebe, which
    injects its config script once per docs read: browsers then report a redeclared constant."""
    compat_sphinx.drop_page_assets(
        context, lambda name, body: "sphinx-thebe" in name or "THEBE_JS_URL" in body)


def _bibliography_roles(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: object) -> None:
    """Docutils marks a bibliography entry ``role="doc-biblioentry"`` inside ``role="list"``;
    that DPUB role is deprecated and no longer counts as a list item (axe 4.14:
    aria-required-children, critical). The entries are list items."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _mathml(latex: str, block: bool) -> str:
    from docutils.utils.math import latex2mathml

    return latex2mathml.tex2mathml(latex, as_block=block)


def _visit_math(self: Any, node: Any) -> None:
    self.body.append(f'<span class="math">{_mathml(node.astext(), False)}</span>')
    raise SkipNode


def _visit_displaymath(self: Any, node: Any) -> None:
    self.body.append(f'<div class="math">{_mathml(node.astext(), True)}</div>')
    raise SkipNode


def _drop_print_only(app: Sphinx, doctree: Any, docname: str) -> None:
    """The print edition's equivalent of a screen sentence (class ``print-only``) is for the
    PDF (the single-page build it is made from) only: an HTML page that held both would say
    the same thing twice to anything that reads its text (search, reader modes, copies)."""
    if app.builder.name != "html":
        return
    from docutils import nodes

    for node in list(doctree.findall(nodes.Element)):
        if "print-only" in node.get("classes", []) and node.parent is not None:
            node.parent.remove(node)


def _domestic_tag(app: Sphinx, config: Any) -> None:
    if config.egovbook_domestic:
        app.tags.add("domestic")


def setup(app: Sphinx) -> dict[str, Any]:
    compat_sphinx.cache_numref_lookups()
    app.connect("build-finished", compat_sphinx.forget_doctrees)
    # Formulas as MathML (rendered by the browser, read by screen readers), so no page needs
    # MathJax from a CDN: the book works offline.
    app.add_html_math_renderer("mathml", (_visit_math, None), (_visit_displaymath, None))
    app.add_search_language(SearchVietnamese)
    app.connect("builder-inited", _builder_inited)
    # Whether the book has the domestic chapters: ``{only} domestic`` blocks (key findings)
    # appear only then. The build sets it in the staged _config.yml.
    app.add_config_value("egovbook_domestic", True, "env")
    app.connect("config-inited", _domestic_tag)
    app.connect("doctree-resolved", _drop_print_only)
    app.connect("html-page-context", _drop_thebe)
    app.connect("html-page-context", _bibliography_roles)
    from egovbook.compat import theme
    from egovbook.publish import pdf

    app.connect("config-inited", pdf.name_in_templates)
    # After sphinx-book-theme's header buttons (priority 501): its «.pdf» entry is replaced.
    app.connect("html-page-context", pdf.page_context, priority=502)
    from egovbook.publish import sphinx_provenance

    theme.setup(app)
    sphinx_provenance.setup(app)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
