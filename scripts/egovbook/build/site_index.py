"""The site's list of published editions (``an-ban/index.html``), written by ``egovbook site``
(:mod:`egovbook.build.release`): each recorded edition (:mod:`egovbook.build.editions`) named in
words, latest first, with its folder and commit. Its sentences are in ``book/prose/thay-doi.md``.
"""

from __future__ import annotations

import html
from typing import Any

from egovbook.build import changes_words, editions
from egovbook.chapters import prose


def _say(block: str) -> str:
    return html.escape(prose.text(changes_words.PROSE, block))


def site_index(recorded: list[dict[str, Any]]) -> str:
    """The site's list of published editions, latest first."""
    items = "\n".join(
        f'<li><a href="{html.escape(e["id"])}/index.html"><code>{html.escape(e["id"])}</code>'
        f'</a>: {html.escape(editions.label(e))}; commit <code>{html.escape(e["commit"][:7])}'
        f'</code></li>' for e in reversed(recorded))
    title = _say("site.title")
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n"
            f"<p>{_say('site.intro')}</p>\n<ul>\n{items}\n</ul>\n"
            f'<p><a href="../index.html">{_say("site.latest")}</a></p>\n'
            "</main>\n</body>\n</html>\n")
