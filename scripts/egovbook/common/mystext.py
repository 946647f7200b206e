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
