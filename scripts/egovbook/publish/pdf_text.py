"""Print rules for words that must stay whole on paper: a date or a quarter label.

The line breaker may break after a slash, so WeasyPrint printed «quý III/» at a line's end and
«2022» on the next. In the print document each such label is wrapped in a span that print.css
keeps on one line (``.egv-whole``). The HTML book is left as it is: its text, search index and
copied text stay the formatter's (``egovbook.common.fmt``, ``egovbook.common.periods``).

>>> from bs4 import BeautifulSoup
>>> soup = BeautifulSoup("<p>đến hết quý III/2022, ngày 26/08/2020 (tháng 07/2020)</p>",
...                      "html.parser")
>>> keep_whole(soup, soup)
3
>>> [s.get_text() for s in soup.select(".egv-whole")]
['quý III/2022', '26/08/2020', 'tháng 07/2020']
"""

from __future__ import annotations

import re
from typing import Any

WHOLE_CLASS = "egv-whole"
# A quarter (quý III/2022), a month (tháng 07/2020, 07/2020) or a day (26/08/2020): each
# of the book's formatters writes these, as do the articles' quotes.
LABEL = re.compile(r"(?:quý [IV]{1,3}|tháng \d{1,2}|(?<![\d/])\d{1,2}/\d{1,2}|(?<![\d/])\d{1,2})"
                   r"/\d{4}(?![\d/])")
# Text a reader does not read as prose, or that is laid out verbatim.
SKIP = ("code", "pre", "script", "style", "math")


def keep_whole(soup: Any, root: Any) -> int:
    """Wrap every date and quarter label in the text under ``root`` in a span of
    :data:`WHOLE_CLASS`; return how many."""
    count = 0
    from bs4 import NavigableString

    for text in list(root.find_all(string=LABEL)):
        parent = text.parent
        if type(text) is not NavigableString or parent is None or parent.name in SKIP \
                or parent.find_parent(SKIP) is not None \
                or WHOLE_CLASS in (parent.get("class") or []):
            continue
        pieces, at = [], 0
        for m in LABEL.finditer(str(text)):
            pieces.append(soup.new_string(str(text)[at:m.start()]))
            span = soup.new_tag("span", attrs={"class": WHOLE_CLASS})
            span.string = m.group(0)
            pieces.append(span)
            at, count = m.end(), count + 1
        pieces.append(soup.new_string(str(text)[at:]))
        for piece in pieces:
            text.insert_before(piece)
        text.extract()
    return count
