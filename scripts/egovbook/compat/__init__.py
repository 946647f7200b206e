"""Other libraries' internals, one door per library.

Everything the book relies on that a library does not promise (private attributes and modules,
the exact text of a message, the markup or script of a theme) lives in this package, one module
per library, and nowhere else; ``tests/test_compat.py`` fails when a pinned version changes
(naming the patch to re-check) and when such a use appears outside this package.

Inventory (what each patch buys was measured on the default book, 2 cores, Dec 2026):

=====================  =================================================  ==================
module                 internal relied on                                 buys
=====================  =================================================  ==================
sphinx                 ``StandardDomain._resolve_numref_xref`` (doctree   HTML build CPU
                       cache for {numref})                                6,8 → 3,6 s
sphinx                 ``sphinx.locale.translators`` (project catalog     Vietnamese theme
                       in front of the theme's)                           strings
sphinx                 ``sphinx.util.i18n.CatalogRepository``; the        no race between
                       ``document-…`` markers of singlehtml               the two builds; PDF
myst_nb                ``myst_nb.ext.glue`` domain, role and output       provenance popups,
                       format ("scrapbook" metadata, mime prefix)         values.json
theme                  pydata-sphinx-theme / sphinx-book-theme: the       phone navigation,
                       toggle buttons' script, templates copied into      Vietnamese labels,
                       ``_templates/``, the article's class               PDF
weasyprint             ``Page._page_box`` and its boxes (overflow         PDF checks; fonts:
                       check); ``Document.fonts`` items (font check)      2 s less than pypdf
frictionless           the English text of a constraint error's note      Vietnamese message
=====================  =================================================  ==================

Dropped: ``warnings._filters_mutated()`` (``warnings.resetwarnings()`` does the same through
the public API) and a script that relabelled the theme's English landmarks (the templates
already do it; the labels it looked for no longer occur).
"""

from __future__ import annotations

from importlib import metadata


def installed(distribution: str) -> str:
    """The installed version of a distribution (for the canaries and messages)."""
    return metadata.version(distribution)
