"""How to cite an edition: in words on the changes page («Cách trích dẫn»), exactly in the
reproducibility appendix (its identifier, its folder on the site, its commit and a BibTeX
entry). The sentences are in ``book/prose/trich-dan.md``; an edition's words (its scope, a
target rank asked at build time, which publication of that scope it is) in
``book/prose/thay-doi.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from egovbook.build import editions
from egovbook.chapters import prose
from egovbook.common import fmt


def edition_words(parameters: dict[str, Any], domestic: bool, ident: str) -> str:
    """An edition in the reader's words: its scope, the target rank asked at build time, and
    which publication of that scope it is (``-2`` of its identifier).

    >>> edition_words({"year": 2024, "quarter": "2022Q3"}, True, "VNM-2024-2022Q3-2")
    'kỳ khảo sát 2024, số liệu trong nước đến quý III/2022, lần công bố thứ 2'
    """
    n = ident.rsplit("-", 1)[-1]
    return prose.text(editions.PROSE, "edition", scope=editions.scope(parameters, domestic),
                rank=parameters.get("target_rank"),
                n=n if n.isdigit() and len(n) < 4 else None)


def citation(rec: dict[str, Any], title: str, author: str, url: str | None, domestic: bool,
             ident: str, published_on: dt.date | None = None) -> str:
    """"Cách trích dẫn": the edition in words (appended to the changes page), pointing to the
    appendix for its BibTeX entry (:func:`bibtex`). A draft says it is one."""
    when = dt.datetime.fromisoformat(rec["build_date"])
    year = (published_on or when).year
    where = (prose.text(editions.CITE_PROSE, "link",
                        url=url.rstrip("/") + f"/{editions.SITE_DIR}/{ident}/")
             if url else prose.text(editions.CITE_PROSE, "link.none"))
    edition = edition_words(rec["parameters"], domestic, ident)
    reference = prose.text(editions.CITE_PROSE, "reference", author=author, year=year, title=title,
                           edition=edition, where=where,
                           published=fmt.date(published_on) if published_on else "")
    status = "" if published_on else "\n\n" + prose.text(editions.CITE_PROSE, "draft",
                                                          date=fmt.date(when.date()))
    return f"""
## Cách trích dẫn

:::{{container}} egovbook-generated
{reference}{status}

{prose.text(editions.CITE_PROSE, "bibtex")}

{prose.text(editions.CITE_PROSE, "labels")}
:::
"""


def bibtex(rec: dict[str, Any], title: str, author: str, url: str | None, domestic: bool,
           ident: str, published_on: dt.date | None = None) -> str:
    """The section of the reproducibility appendix that gives the edition exactly: its
    identifier, its folder on the site, its commit, and its BibTeX entry."""
    year = (published_on or dt.datetime.fromisoformat(rec["build_date"])).year
    path = f"{editions.SITE_DIR}/{ident}/"
    commit = ((rec.get("git") or {}).get("commit") or "")[:12]
    bib_url = f"  url = {{{url.rstrip('/')}/{path}}},\n" if url else ""
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
  note = {{{edition_words(rec["parameters"], domestic, ident)}; commit {commit}}},
{bib_url}}}
```
:::
"""
