"""Frictionless internals the book relies on (written for frictionless 5.21.0).

A ``constraint-error`` names the broken constraint only in the English text of its note
(``constraint "minimum" is "0"``); :func:`constraint_name` reads it, so the Vietnamese message
can say what the cell needs (``egovbook.intake.validate``). The error types themselves
(``type-error``, ``constraint-error``, …) are Frictionless's public codes.
"""

from __future__ import annotations

import re
from typing import Any

WRITTEN_FOR = {"frictionless": "5.21.0"}

CONSTRAINT_NOTE_RE = re.compile(r'constraint "(\w+)"')


def constraint_name(error: Any) -> str:
    """``minimum``, ``enum``, … for a constraint error; "" when the note does not say."""
    m = CONSTRAINT_NOTE_RE.search(str(getattr(error, "note", "") or ""))
    return m.group(1) if m else ""
