"""Tables and figures at a phone's width (390 × 844) and on a desktop, in Chromium: every
table's caption in view, a hint above each table that scrolls sideways (and only there), the
header row of a long table kept in view while it scrolls, chapter 4's small multiples legible.
The styles are _static/tables.css and _static/tables.js."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import book_pages, browser, need, site  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# The book's tables (Sphinx's index page lays itself out with tables too: not those).
TABLES = """() => [...document.querySelectorAll(
    'article .pst-scrollable-table-container > table')].map(t => {
  const box = t.closest('.pst-scrollable-table-container');
  const cap = t.querySelector('caption');
  const hint = box.previousElementSibling;
  const shown = !!hint && hint.classList.contains('egv-scroll-hint') && !hint.hidden
    && hint.getBoundingClientRect().height > 0;
  const r = cap ? cap.getBoundingClientRect() : null;
  return {id: t.id, wide: box.scrollWidth > box.clientWidth + 1, hint: shown,
          caption: r ? [r.left, r.right, r.height] : null};
})"""


@pytest.fixture
def phone(browser: object) -> Iterator[object]:  # noqa: F811
    context = browser.new_context(locale="vi-VN", viewport=PHONE)  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def table_pages(built_book: Path) -> list[str]:
    return [n for n in book_pages(built_book)
            if "pst-scrollable-table-container" in (built_book / n).read_text(encoding="utf-8")]


def test_phone_tables_show_their_caption_and_say_when_they_scroll(
        phone: object, site: str, built_book: Path) -> None:  # noqa: F811
    """At 390 px every caption lies inside the screen, also once its table is scrolled to the
    end; a hint stands above exactly the tables wider than their box."""
    captioned = 0
    names = table_pages(built_book)
    assert len(names) >= 8
    problems, wide = [], 0
    for name in names:
        phone.goto(f"{site}/{name}")  # type: ignore[attr-defined]
        phone.wait_for_load_state("load")  # type: ignore[attr-defined]
        for scrolled in (False, True):
            if scrolled:
                phone.evaluate("() => document.querySelectorAll("  # type: ignore[attr-defined]
                               "'.pst-scrollable-table-container')"
                               ".forEach(b => b.scrollLeft = b.scrollWidth)")
            for t in phone.evaluate(TABLES):  # type: ignore[attr-defined]
                # The reproducibility appendix's file lists have headings, not captions.
                left, right, height = t["caption"] or (0, PHONE["width"], 1)
                if height <= 0 or left < 0 or right > PHONE["width"]:
                    problems.append(f"{name} {t['id']}: caption {t['caption']}")
                if t["hint"] != t["wide"]:
                    problems.append(f"{name} {t['id']}: wide={t['wide']} hint={t['hint']}")
                wide += t["wide"] and not scrolled
                captioned += t["caption"] is not None and not scrolled
    assert problems == [], problems
    assert wide >= 3  # the claims and targets tables do not fit a phone
    assert captioned >= 20


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_long_table_keeps_its_header_in_view(browser: object, site: str,  # noqa: F811
                                             viewport: dict[str, int]) -> None:
    """The claims register is longer than the screen: it scrolls in a box no taller than the
    window, and its header row stays at the top of the box while the rows scroll under it."""
    context = browser.new_context(locale="vi-VN", viewport=viewport)  # type: ignore
    page = context.new_page()
    try:
        page.goto(f"{site}/notebooks/07_kiem_chung.html")
        page.wait_for_load_state("load")
        found = page.evaluate("""() => {
          const t = document.getElementById('tbl-so-doi-chieu');
          const box = t.closest('.pst-scrollable-table-container');
          box.scrollIntoView();
          const before = t.querySelector('thead th').getBoundingClientRect().top
            - box.getBoundingClientRect().top;
          box.scrollTop = box.scrollHeight / 2;
          const th = t.querySelector('thead th');
          const r = th.getBoundingClientRect(), b = box.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + 5, r.top + r.height / 2);
          return {long: box.scrollHeight > box.clientHeight, tall: b.height,
                  scrolled: box.scrollTop, offset: r.top - b.top, before: before,
                  onTop: th.contains(hit)};
        }""")
    finally:
        context.close()
    assert found["long"] and found["tall"] <= viewport["height"]
    assert found["scrolled"] > 500 and found["before"] > 0  # the caption is above it at first
    assert abs(found["offset"]) <= 2 and found["onTop"], found


def test_chapter_4_small_multiples_read_on_a_phone(phone: object, site: str) -> None:  # noqa
    """Hình 7 shows its four panels two by two at the column's width, its smallest text
    (10 pt at 150 dpi in the PNG) at 8 CSS px or more; on a desktop no taller than the window."""
    phone.goto(f"{site}/notebooks/04_chi_tieu_trong_nuoc.html")  # type: ignore[attr-defined]
    phone.wait_for_load_state("load")  # type: ignore[attr-defined]
    size = phone.evaluate("""() => {
      const img = document.querySelector('#fig-chi-tieu-muc-tieu img');
      const r = img.getBoundingClientRect();
      return {shown: r.width, natural: img.naturalWidth,
              page: document.documentElement.clientWidth};
    }""")  # type: ignore[attr-defined]
    assert size["shown"] >= 0.85 * size["page"] and size["shown"] <= size["page"]
    smallest = 10 / 72 * 150 * size["shown"] / size["natural"]
    assert smallest >= 8, size
    phone.set_viewport_size(DESKTOP)  # type: ignore[attr-defined]
    height = phone.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('#fig-chi-tieu-muc-tieu img').getBoundingClientRect()"
        ".height")
    assert height <= 0.9 * DESKTOP["height"] + 1
