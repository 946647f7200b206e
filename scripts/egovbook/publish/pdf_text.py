"""Print rules for words that must stay whole on paper: a date, a quarter label, a document
number, a sum written out, a number and its unit word, a checksum.

The line breaker may break after a slash, so WeasyPrint printed «quý III/» at a line's end and
«2022» on the next, and «Quyết định 749/» / «QĐ-TTg». In the print document each such label is
wrapped in a span that print.css keeps on one line (``.egv-whole``). A checksum or a commit is
code: it gets :data:`HASH_CLASS`, a smaller monospace kept on one line, in a column wide enough
for it (``pdf_layout.column_widths``). The HTML book is left as it is: its text, search index and
copied text stay the formatter's (``egovbook.common.fmt``, ``egovbook.common.periods``).

>>> from bs4 import BeautifulSoup
>>> soup = BeautifulSoup("<p>đến hết quý III/2022, ngày 26/08/2020 (tháng 07/2020), Quyết định "
...                      "749/QĐ-TTg, 50 = 18 + 16 + 16; 25/92 = 27,17\u00a0%, tăng 15 bậc, "
...                      "+2 bậc, hơn 122,7 triệu <code>" + "ab12" * 16 + "</code></p>",
...                      "html.parser")
>>> keep_whole(soup, soup)
10
>>> for s in soup.select(".egv-whole"): print(s.get_text())
quý III/2022
26/08/2020
tháng 07/2020
749/QĐ-TTg
50 = 18 + 16 + 16
25/92 = 27,17 %
15 bậc
+2 bậc
122,7 triệu
>>> soup.code["class"]
['egv-hash']
"""

from __future__ import annotations

import re
from typing import Any

WHOLE_CLASS = "egv-whole"
HASH_CLASS = "egv-hash"
# A quarter (quý III/2022), a month (tháng 07/2020, 07/2020) or a day (26/08/2020): each
# of the book's formatters writes these, as do the articles' quotes. A document number
# (749/QĐ-TTg, 01/2021/TT-BTTTT): a number, a slash, the issuer's letters with a hyphen.
# A sum or a ratio the book writes out (50 = 18 + 16 + 16, 25/92 = 27,17 %): terms joined by
# « + », « = », …; a break at «+» leaves «16» alone on the next line.
TERM = r"\d[\d.,]*(?:/\d[\d.,]*)?(?:\u00a0?%)?"
LABEL = re.compile(rf"(?<![\w.,/]){TERM}(?: [+−×=] {TERM})+(?![\w/])"
                   r"|(?:quý [IV]{1,3}|tháng \d{1,2}|(?<![\d/])\d{1,2}/\d{1,2}|(?<![\d/])\d{1,2})"
                   r"/\d{4}(?![\d/])"
                   r"|tháng \d{1,2}-\d{4}(?![\d-])"  # as a quote writes it: «tháng 10-2020»
                   r"|(?<![\w/])\d{1,5}/(?:\d{4}/)?[A-ZĐ]\w*(?:-[A-ZĐ]\w*)+"
                   # A number and its unit word: «+2 bậc», «122,7 triệu» (review 19, C3).
                   r"|(?<![\w.,/])[+−-]?\d[\d.,]* (?:bậc|lần|triệu|nghìn|tỷ)(?!\w)")
# A year, a rank, an ordinal or a day with the word that names it: «năm 2016», «hạng 79/193»,
# «thứ 50» are one unit in print too (review 21, C1).
UNIT_AFTER = re.compile(r"^ (?=(?:bậc|lần|triệu|nghìn|tỷ)(?!\w))")
# The number may be the next element (a glued figure): a space ending the text counts too.
NAMED = re.compile(r"(?<!\w)(năm|hạng|thứ|ngày|kỳ) (?=\d|$)")
# A SHA-256 checksum or a git commit, as code.
HASH = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
# Text a reader does not read as prose, or that is laid out verbatim.
SKIP = ("code", "pre", "script", "style", "math")


def keep_whole(soup: Any, root: Any) -> int:
    """Wrap every date, quarter label and document number in the text under ``root`` in a
    span of :data:`WHOLE_CLASS`, mark every checksum in code with :data:`HASH_CLASS`; return
    how many."""
    count = 0
    from bs4 import NavigableString

    for code in root.find_all("code"):
        if HASH.fullmatch(code.get_text().strip()):
            code["class"] = [*code.get("class", []), HASH_CLASS]
            count += 1
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
    # A unit word after a glued figure («+2» then « bậc»): no break before it either.
    for text in list(root.find_all(string=UNIT_AFTER)):
        before = text.previous_sibling
        if type(text) is NavigableString and before is not None \
                and re.search(r"\d$", before.get_text() if hasattr(before, "get_text")
                              else str(before)):
            text.replace_with(UNIT_AFTER.sub("\u00a0", str(text), count=1))
    for text in list(root.find_all(string=NAMED)):
        if type(text) is NavigableString and text.parent is not None \
                and text.parent.name not in SKIP and text.find_parent(SKIP) is None:
            text.replace_with(NAMED.sub("\\1\u00a0", str(text)))  # no break before the number
    return count
