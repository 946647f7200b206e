"""How to cite an edition: in words on the changes page («Cách trích dẫn»), exactly in the
reproducibility appendix (its identifier, its folder on the site, its commit and a BibTeX
entry). The sentences are in ``book/prose/trich-dan.md``; an edition's words (its scope, a
target rank asked at build time, which publication of that scope it is) in
``book/prose/thay-doi.md``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from egovbook.build import changes_words, editions
from egovbook.chapters import prose
from egovbook.common import fmt


def this_edition(root: Path, parameters: dict[str, Any],
                 domestic: bool) -> tuple[str, dt.date | None]:
    """The identifier this build has as an edition (the next publication of its scope), and
    its publication date when ``egovbook site`` rebuilds a published edition
    (``EGOVBOOK_PUBLISHED``); None: the build is a draft."""
    taken = {e["id"] for e in editions.published(root)}
    on = os.environ.get("EGOVBOOK_PUBLISHED")
    return (editions.edition_id(parameters, domestic, taken),
            dt.date.fromisoformat(on) if on else None)


def _nth(ident: str) -> str | None:
    """Which publication of its scope an identifier is (``-2``: the second; none: the first)."""
    n = ident.rsplit("-", 1)[-1]
    return n if n.isdigit() and len(n) < 4 else None


def status(ident: str, built: dt.date, published_on: dt.date | None) -> str:
    """Published or draft, the same words in the citation, the BibTeX note and the PDF cover.

    >>> status("VNM-2024-2022Q3-2", dt.date(2026, 12, 5), None)
    'bản nháp cho lần công bố thứ 2, dựng ngày 05/12/2026'
    >>> status("VNM-2024-2022Q3-2", dt.date(2026, 12, 5), dt.date(2026, 12, 6))
    'công bố ngày 06/12/2026, lần công bố thứ 2'
    """
    return prose.text(changes_words.PROSE, "status", n=_nth(ident),
                      built=fmt.date(built), published=fmt.date(published_on) if published_on
                      else None)


def edition_words(parameters: dict[str, Any], domestic: bool, ident: str,
                  state: str | None = None) -> str:
    """An edition in the reader's words: its scope, the target rank asked at build time, and
    its status (:func:`status`: which publication of its scope it is, or is a draft for).

    >>> edition_words({"year": 2024, "quarter": "2022Q3"}, True, "VNM-2024-2022Q3-2")
    'kỳ khảo sát 2024, số liệu trong nước đến quý III/2022'
    """
    return prose.text(changes_words.PROSE, "edition", scope=editions.scope(parameters, domestic),
                      rank=parameters.get("target_rank"), status=state)


def _built(rec: dict[str, Any]) -> dt.date:
    return dt.datetime.fromisoformat(rec["build_date"]).date()


def citation(rec: dict[str, Any], title: str, author: str, url: str | None, domestic: bool,
             ident: str, published_on: dt.date | None = None) -> str:
    """"Cách trích dẫn": the edition in words (appended to the changes page), pointing to the
    appendix for its BibTeX entry (:func:`bibtex`). A draft says it is one, and where the
    published editions are listed (the site's list when ``_config.yml`` gives its address)."""
    year = (published_on or _built(rec)).year
    site = url.rstrip("/") + f"/{editions.SITE_DIR}/" if url else None
    where = ("" if published_on is None
             else prose.text(editions.CITE_PROSE, "link", url=f"{site}{ident}/") if site
             else prose.text(editions.CITE_PROSE, "link.none"))
    edition = edition_words(rec["parameters"], domestic, ident,
                            status(ident, _built(rec), published_on))
    reference = prose.text(editions.CITE_PROSE, "reference", author=author, year=year, title=title,
                           edition=edition, where=where)
    note = "" if published_on else "\n\n" + prose.text(editions.CITE_PROSE, "draft", site=site)
    return f"""
## Cách trích dẫn

:::{{container}} egovbook-generated
{reference}{note}

{prose.text(editions.CITE_PROSE, "bibtex")}

{prose.text(editions.CITE_PROSE, "labels")}
:::
"""


def bibtex(rec: dict[str, Any], title: str, author: str, url: str | None, domestic: bool,
           ident: str, published_on: dt.date | None = None) -> str:
    """The section of the reproducibility appendix that gives the edition exactly: its
    identifier, its folder on the site, its commit, and its BibTeX entry (whose note has the
    citation's words, draft status included)."""
    year = (published_on or _built(rec)).year
    path = f"{editions.SITE_DIR}/{ident}/"
    commit = ((rec.get("git") or {}).get("commit") or "")[:12]
    bib_url = f"  url = {{{url.rstrip('/')}/{path}}},\n" if url else ""
    words = edition_words(rec["parameters"], domestic, ident,
                          status(ident, _built(rec), published_on))
    return f"""
## {prose.text(editions.CITE_PROSE, "appendix.title")}

:::{{container}} egovbook-generated
{prose.text(editions.CITE_PROSE, "appendix.head", ident=ident, path=path,
            commit=commit or fmt.MISSING, draft=published_on is None)}

```bibtex
@book{{egovbook_{ident.replace('-', '_').lower()},
  title = {{{title}}},
  author = {{{{{author}}}}},
  year = {{{year}}},
  edition = {{{ident}}},
  note = {{{words}; commit {commit}}},
{bib_url}}}
```
:::
"""
