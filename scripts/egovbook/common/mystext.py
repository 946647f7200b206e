"""MyST text helpers shared by the report outputs and the standalone export (no heavy imports)."""

from __future__ import annotations

import re

ROLE_RE = re.compile(r"\{(\w+)(?::\w+)?\}`([^`]*)`")


def plain_roles(text: str) -> str:
    """MyST roles reduced to their text, for outputs read outside the book."""

    def repl(m: re.Match[str]) -> str:
        role, body = m.group(1), m.group(2)
        if role in ("download", "egv", "doc", "ref", "numref"):  # ``text <target>``: the text
            return re.sub(r"\s*<[^>]*>$", "", body)
        if role == "cite":
            return "[" + body + "]"
        return body

    return ROLE_RE.sub(repl, text)


# A book's label set in italics, as prose and popups write it (``*đã đạt*``).
EMPHASIS = re.compile(r"\*(\S(?:[^*\n]*\S)?)\*")


def upright(text: str) -> str:
    """A text for a table cell, which the book sets upright: its italics dropped.

    >>> upright("đếm theo cột *Kết luận*")
    'đếm theo cột Kết luận'
    """
    return EMPHASIS.sub(r"\1", text)


def quoted(text: str) -> str:
    """A text for a file of plain text (a CSV cell, a sources note): a name the book sets in
    italics is in straight double quotes there (the Method page's rule), roles their text.

    >>> quoted("Đối chiếu (quy tắc ở chương *Phương pháp*)")
    'Đối chiếu (quy tắc ở chương "Phương pháp")'
    """
    return EMPHASIS.sub(r'"\1"', plain_roles(text))
