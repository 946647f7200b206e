"""WeasyPrint internals the book relies on (written for WeasyPrint 70.0).

- :func:`overflowing` walks each page's box tree (``Page._page_box``, the classes of
  ``weasyprint.formatting_structure.boxes``) for text or images that reach outside the page's
  content area, and for text that reaches past the right edge of its table cell (a checksum
  printed into the next column): the build refuses such a PDF. No public API exposes the
  layout; the walk costs about 0,04 s for the book's 66 pages.
- :func:`page_layout` walks the same boxes for how far down each page's content reaches, the
  chapter (``data-doc``) a page belongs to and the figure it starts with: the PDF build lays
  the book out a second time when a page is nearly empty (``egovbook.publish.pdf.fit_pages``).
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


def _outside(box: Any, area: tuple[float, float, float, float], found: list[str],
             cell: float | None = None) -> None:
    """Boxes under ``box`` outside ``area``, or text past ``cell`` (the right edge of the
    table cell it is in)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return  # running header and footer live in the margins by design
    if isinstance(box, boxes.TableCellBox):
        cell = box.border_box_x() + box.border_width() + TOLERANCE
    if isinstance(box, boxes.TextBox | boxes.ReplacedBox):
        x, y = box.position_x, box.position_y
        x1, y1 = x + box.margin_width(), y + box.margin_height()
        if x < area[0] or y < area[1] or x1 > area[2] or y1 > area[3] or \
                (cell is not None and x1 > cell):
            found.append(getattr(box, "text", "") or "[hình]")
    for child in getattr(box, "children", []):
        _outside(child, area, found, cell)


def overflowing(document: Any) -> Iterator[tuple[int, list[str]]]:
    """(page number, texts or "[hình]") of each page with boxes outside its content area or
    text outside its table cell."""
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


def _leaves(box: Any) -> list[Any]:
    """The line and image boxes under ``box``, running headers and footers left out."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox):
        return []
    if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
        return [box]
    return [leaf for child in getattr(box, "children", []) for leaf in _leaves(child)]


def _first(box: Any, test: Any) -> Any | None:
    if test(box):
        return box
    for child in getattr(box, "children", []):
        found = _first(child, test)
        if found is not None:
            return found
    return None


def page_layout(document: Any, more_class: str = "egv-figure-more") -> list[dict[str, Any]]:
    """Each page: ``chapter`` (the ``data-doc`` of the element it belongs to), ``fill`` (how
    far down its content area the lowest line or image reaches, 0–1), ``height`` (of the
    content area, CSS px) and ``figure``: the figure the page starts with, if any (``id``,
    ``image`` and ``caption`` heights in CSS px, and ``more``: the height of the block of the
    class ``more_class`` right under it, which print.css keeps on the figure's page)."""
    from weasyprint.formatting_structure import boxes

    out = []
    for page in document.pages:
        box = page._page_box
        top, height = box.content_box_y(), box.height
        bottom = max((b.position_y + b.margin_height() for b in _leaves(box)), default=top)
        chapter = _first(box, lambda b: getattr(b, "element", None) is not None
                         and b.element.get("data-doc") is not None)
        figure = _first(box, lambda b: getattr(b, "element_tag", None) == "figure")
        first = None
        if figure is not None and figure.position_y - top < 5 and figure.element.get("id"):
            image = _first(figure, lambda b: isinstance(b, boxes.ReplacedBox))
            if image is not None:
                below = figure.position_y + figure.margin_height()
                more = _first(box, lambda b, y=below: getattr(b, "element", None) is not None
                              and more_class in (b.element.get("class") or "").split()
                              and abs(b.position_y - y) < 5)
                first = {"id": figure.element.get("id"), "image": image.margin_height(),
                         "caption": figure.margin_height() - image.margin_height(),
                         "more": more.margin_height() if more is not None else 0.0}
        out.append({"chapter": chapter.element.get("data-doc") if chapter else None,
                    "fill": (bottom - top) / height, "height": height, "figure": first})
    return out
