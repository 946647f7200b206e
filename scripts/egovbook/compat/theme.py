"""pydata-sphinx-theme and sphinx-book-theme internals the book relies on (written for
pydata-sphinx-theme 0.17.1 with sphinx-book-theme 1.3.0, the pair jupyter-book 1.0.4.post1
installs).

- Phone navigation (:data:`TOGGLES_JS`): pydata-sphinx-theme ≥ 0.17 renders its own
  ``.primary-toggle`` and ``.secondary-toggle`` in the header, hidden under sphinx-book-theme,
  which renders the visible pair in the article header. Both themes' scripts bind
  ``document.querySelector(".primary-toggle")``, the first, hidden one: at 390 × 844 the visible
  ☰ and page-contents buttons did nothing (pydata-sphinx-theme #2451, sphinx-book-theme #988).
  The script passes a click on any other toggle to the bound one. Checked Dec 2026: the newest
  sphinx-book-theme (1.4.0, with pydata-sphinx-theme 0.20.0) still binds the first toggle and
  needs Sphinx ≥ 8.2, which jupyter-book 1.x refuses; older pairs were not tried (their
  templates differ from the ones ``_templates/`` copies).
- Templates in ``_templates/`` (:data:`TEMPLATE_COPIES`) are edited copies of, or wrap, the
  themes' own: a changed original must be looked at again (the canary compares checksums).
  ``layout.html`` also rewrites one landmark label of the theme's rendered HTML.
- :data:`ARTICLE_SELECTOR`: where the theme puts a page's content (the PDF cuts it out);
  :data:`TABLE_BOX_CLASS`: the box pydata-sphinx-theme wraps each table in (it scrolls
  sideways; ``_static/tables.css`` styles it, the PDF moves a table's source line into it).
- :func:`link_print_button`: sphinx-book-theme's download menu (``header_buttons`` in the page
  context, an entry labelled ``download-pdf-button`` that runs ``window.print()``).
- :func:`drop_source_buttons`: the same menu's entries for the page's source (labels
  ``download-source-button`` and ``download-notebook-button``: the build's notebook or
  Markdown, not a reader's file).
"""

from __future__ import annotations

from typing import Any

WRITTEN_FOR = {"pydata-sphinx-theme": "0.17.1", "sphinx-book-theme": "1.3.0"}

ARTICLE_SELECTOR = "article.bd-article"
TABLE_BOX_CLASS = "pst-scrollable-table-container"
PRINT_BUTTON_LABEL = "download-pdf-button"
SOURCE_BUTTON_LABELS = ("download-source-button", "download-notebook-button")

# Our template → (theme package, path of its original in the package, sha256 of the original).
TEMPLATE_COPIES = {
    "layout.html": ("sphinx_book_theme", "theme/sphinx_book_theme/layout.html",
                    "2cd2fbbe2caedf3a"),
    "sbt-sidebar-nav.html": ("sphinx_book_theme",
                             "theme/sphinx_book_theme/components/sbt-sidebar-nav.html",
                             "38342bd744042ee1"),
    "toggle-primary-sidebar.html": (
        "sphinx_book_theme", "theme/sphinx_book_theme/components/toggle-primary-sidebar.html",
        "316c98ec6677c656"),
    "toggle-secondary-sidebar.html": (
        "sphinx_book_theme", "theme/sphinx_book_theme/components/toggle-secondary-sidebar.html",
        "0cf39e5b61b02a71"),
    "search-button-field.html": (
        "pydata_sphinx_theme", "theme/pydata_sphinx_theme/components/search-button-field.html",
        "518dda81dd8cd06a"),
    "theme-switcher.html": (
        "pydata_sphinx_theme", "theme/pydata_sphinx_theme/components/theme-switcher.html",
        "a68d37b2ca353382"),
}

# The shipped scripts that bind only the first toggle (what the canary looks for).
THEME_SCRIPTS = {
    "pydata_sphinx_theme": "theme/pydata_sphinx_theme/static/scripts/pydata-sphinx-theme.js",
    "sphinx_book_theme": "theme/sphinx_book_theme/static/scripts/sphinx-book-theme.js",
}
BINDS_FIRST_TOGGLE = 'document.querySelector(".primary-toggle")'

TOGGLES_JS = """// egovbook.compat.theme: the themes bind only the first .primary-toggle and
// .secondary-toggle, which are hidden; a click on another one goes to the bound one.
document.addEventListener("click", function (ev) {
  var button = ev.target.closest ? ev.target.closest(".primary-toggle, .secondary-toggle") : null;
  if (!button) { return; }
  var kind = button.classList.contains("primary-toggle") ? ".primary-toggle" : ".secondary-toggle";
  var bound = document.querySelector(kind);
  if (bound && bound !== button) {
    ev.preventDefault();
    ev.stopPropagation();
    bound.click();
  }
}, true);
"""


def setup(app: Any) -> None:
    """Add the toggle script to every page (inline: nothing to copy, works offline)."""
    app.add_js_file(None, body=TOGGLES_JS)


def link_print_button(context: dict[str, Any], url: str, text: str, tooltip: str) -> bool:
    """Make sphinx-book-theme's «.pdf» download entry (it printed the page) a link to ``url``;
    whether the page had one."""
    for group in context.get("header_buttons") or []:
        for i, button in enumerate(group.get("buttons") or []):
            if button.get("label") == PRINT_BUTTON_LABEL:
                group["buttons"][i] = {"type": "link", "url": url, "text": text,
                                       "tooltip": tooltip, "icon": "fas fa-file-pdf",
                                       "label": PRINT_BUTTON_LABEL}
                return True
    return False


def drop_source_buttons(context: dict[str, Any]) -> int:
    """Remove the download menu's entries for the page's source file; how many there were."""
    dropped = 0
    for group in context.get("header_buttons") or []:
        buttons = group.get("buttons") or []
        kept = [b for b in buttons if b.get("label") not in SOURCE_BUTTON_LABELS]
        dropped += len(buttons) - len(kept)
        if "buttons" in group:
            group["buttons"] = kept
    return dropped
