"""Sphinx: the data explorer's scripts load on its page only, in their order.

Jupyter Book links every ``.js`` file under ``_static`` from every page, in the order the file
system lists them. The explorer's (Vega, Vega-Lite, Vega-Embed: about 840 KB, and its own script)
are needed on one page and must load in order, so they are taken out of every page's scripts and
put back, ordered, on the explorer's page.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

PAGE = "notebooks/91_kham_pha_du_lieu"
FOLDER = "_static/explorer/"
ORDER = ("vendor/vega.min.js", "vendor/vega-lite.min.js", "vendor/vega-embed.min.js",
         "explorer.js")


def _scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
             doctree: Any) -> None:
    scripts = context.get("script_files")
    if scripts is None:
        return
    ours = {str(getattr(s, "filename", s)): s for s in scripts
            if str(getattr(s, "filename", s)).startswith(FOLDER)}
    kept = [s for s in scripts if str(getattr(s, "filename", s)) not in ours]
    if pagename == PAGE:
        # Jupyter Book's own entries, in load order, last: Sphinx sorts by priority keeping
        # equal ones in list order. explorer.js waits for the page to be parsed.
        kept += [ours[FOLDER + name] for name in ORDER if FOLDER + name in ours]
    context["script_files"] = kept


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
