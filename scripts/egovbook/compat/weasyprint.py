"""WeasyPrint internals the book relies on (written for WeasyPrint 70.0).

- :func:`overflowing` walks each page's box tree (``Page._page_box``, the classes of
  ``weasyprint.formatting_structure.boxes``) for text or images that reach outside the page's
  content area: the build refuses such a PDF. No public API exposes the layout; the walk costs
  about 0,04 s for the book's 66 pages.
- :func:`fonts_used` reads the font objects of ``Document.fonts`` after writing (family, bitmap
  or not, embedded bytes): the build refuses a fallback font. Reading the finished file with
  pypdf instead (``egovbook.publish.pdf.font_problems``, which the tests use) costs about 2 s
  of each PDF build; this costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

WRITTEN_FOR = {"weasyprint": "70.0"}

# One CSS pixel of tolerance for rounding.
TOLERANCE = 1


def _outside(box: Any, area: tuple[float, float, float, float], found: list[str]) -> None:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return  # running header and footer live in the margins by design
    if isinstance(box, boxes.TextBox | boxes.ReplacedBox):
        x, y = box.position_x, box.position_y
        x1, y1 = x + box.margin_width(), y + box.margin_height()
        if x < area[0] or y < area[1] or x1 > area[2] or y1 > area[3]:
            found.append(getattr(box, "text", "") or "[hình]")
    for child in getattr(box, "children", []):
        _outside(child, area, found)


def overflowing(document: Any) -> Iterator[tuple[int, list[str]]]:
    """(page number, texts or "[hình]") of each page with boxes outside its content area."""
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        x0, y0 = page_box.content_box_x(), page_box.content_box_y()
        area = (x0 - TOLERANCE, y0 - TOLERANCE, x0 + page_box.width + TOLERANCE,
                y0 + page_box.height + TOLERANCE)
        found: list[str] = []
        _outside(page_box, area, found)
        if found:
            yield number, found


@dataclass(frozen=True)
class FontUse:
    family: str
    embedded: bool  # an outline font whose bytes are in the file


def fonts_used(document: Any) -> list[FontUse]:
    """The fonts a written document embedded."""
    return [FontUse(font.family, not font.bitmap and bool(font.file_content))
            for font in document.fonts.values()]
