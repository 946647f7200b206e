"""The data explorer («Khám phá dữ liệu») in Debian's Chromium: offline from a file and served on
127.0.0.1, its URL, the keyboard, a phone's width and axe-core.

Every request that is neither the page's own (file: or 127.0.0.1) nor data: is blocked and
recorded: the explorer must make none.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from test_browser import AXE, AXE_START, browser, need, site  # noqa: F401  (fixtures)

from conftest import ROOT, pdf_texts

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PAGE = "notebooks/91_kham_pha_du_lieu.html"


def shown(iso3: str, index: str, year: int) -> str:
    """The value as the book shows it, from the committed data: half up, decimal comma."""
    with (ROOT / "data" / "un_egov.csv").open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["iso3"] == iso3 and r["year"] == str(year))
    return str(Decimal(row[index]).quantize(Decimal("0.0001"), ROUND_HALF_UP)).replace(".", ",")


def open_page(launched: object, url: str, width: int = 1280) -> tuple[object, object, list[str]]:
    """A page at ``url`` with every non-local request blocked and recorded, and page errors."""
    context = launched.new_context(  # type: ignore[attr-defined]
        locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    outside: list[str] = []

    def route(r: object) -> None:
        target = r.request.url  # type: ignore[attr-defined]
        host = urlparse(target).hostname
        if target.startswith(("file:", "data:")) or host == "127.0.0.1":
            r.continue_()  # type: ignore[attr-defined]
        else:
            outside.append(target)
            r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.on("pageerror", lambda e: outside.append(f"pageerror: {e}"))
    page.on("console", lambda m: outside.append(f"console: {m.text}")  # type: ignore
            if m.type == "error" else None)
    page.goto(url)
    page.wait_for_selector(".egv-x-chart svg", timeout=20000)
    return context, page, outside


def column(page: object, name: str) -> dict[str, str]:
    """Year → cell of the explorer's table column headed ``name``."""
    return page.evaluate(  # type: ignore[attr-defined]
        """(name) => {
          const t = document.querySelector('.egv-x-data');
          const heads = Array.from(t.querySelectorAll('thead th')).map(h => h.textContent);
          const i = heads.indexOf(name);
          if (i < 0) { return null; }
          const out = {};
          t.querySelectorAll('tbody tr').forEach(tr => {
            out[tr.children[0].textContent] = tr.children[i].textContent; });
          return out;
        }""", name)


def test_opened_from_a_file_it_shows_thailand_osi_with_no_network(
        browser: object, built_book: Path) -> None:  # noqa: F811
    url = (built_book / PAGE).as_uri() + "?nuoc=THA&chiso=osi"
    context, page, outside = open_page(browser, url)
    try:
        values = column(page, "Thái Lan")
        assert values is not None and len(values) == 12
        assert values["2024"] == shown("THA", "osi", 2024)
        assert values["2003"] == shown("THA", "osi", 2003)
        assert page.is_checked("input[name=egv-x-index][value=osi]")  # type: ignore
        # Hovering a point shows its exact value in the book's format.
        point = page.locator(".egv-x-chart path[tabindex]").last  # type: ignore
        point.hover()
        readout = page.locator(".egv-x-readout")  # type: ignore[attr-defined]
        assert shown("THA", "osi", 2024) in readout.inner_text()
        assert page.locator(".egv-x-note").is_hidden()  # type: ignore[attr-defined]
    finally:
        context.close()
    assert outside == []


def test_the_selection_lives_in_the_url(browser: object, site: str) -> None:  # noqa: F811
    context, page, outside = open_page(browser,
                                       f"{site}/{PAGE}?nuoc=VNM,tha,XYZ&chiso=tii&tb=chau-a,abc")
    try:
        note = page.locator(".egv-x-note")  # type: ignore[attr-defined]
        assert note.is_visible() and "XYZ" in note.inner_text() and "abc" in note.inner_text()
        query = parse_qs(urlparse(page.url).query)  # type: ignore[attr-defined]
        assert query == {"nuoc": ["VNM,THA"], "chiso": ["tii"], "tb": ["chau-a"]}
        assert column(page, "Việt Nam")["2024"] == shown("VNM", "tii", 2024)
        assert column(page, "Trung bình châu Á") is not None
        # Another index and another country change the URL.
        page.check("input[name=egv-x-index][value=hci]")  # type: ignore[attr-defined]
        page.fill(".egv-x-countries input[type=search]", "lao")  # type: ignore
        page.check(".egv-x-list li:not([hidden]) input[value=LAO]")  # type: ignore
        query = parse_qs(urlparse(page.url).query)  # type: ignore[attr-defined]
        assert query["nuoc"] == ["VNM,THA,LAO"] and query["chiso"] == ["hci"]
        assert column(page, "Lào")["2024"] == shown("LAO", "hci", 2024)
        share = page.locator(".egv-x-link").get_attribute("href")  # type: ignore
        assert share == "?nuoc=VNM,THA,LAO&chiso=hci&tb=chau-a"
        # A link someone shares opens the same selection.
        page.goto(f"{site}/{PAGE}{share}")  # type: ignore[attr-defined]
        page.wait_for_selector(".egv-x-chart svg")  # type: ignore[attr-defined]
        assert column(page, "Lào")["2024"] == shown("LAO", "hci", 2024)
    finally:
        context.close()
    assert outside == []


def test_keyboard_search_without_diacritics_choose_remove_and_read(
        browser: object, site: str) -> None:  # noqa: F811
    context, page, outside = open_page(browser, f"{site}/{PAGE}?nuoc=THA&chiso=egdi")
    try:
        search = page.locator(".egv-x-countries input[type=search]")  # type: ignore
        search.focus()
        page.keyboard.type("viet nam")  # type: ignore[attr-defined]
        visible = page.locator(".egv-x-list li:not([hidden])")  # type: ignore[attr-defined]
        assert visible.count() == 1 and "Việt Nam" in visible.inner_text()
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        assert page.evaluate("document.activeElement.value") == "VNM"  # type: ignore
        page.keyboard.press("Space")  # type: ignore[attr-defined]
        assert column(page, "Việt Nam")["2024"] == shown("VNM", "egdi", 2024)
        # Each chosen country is a button that removes it.
        remove = page.get_by_role("button", name="Bỏ Thái Lan")  # type: ignore
        remove.focus()
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        assert column(page, "Thái Lan") is None
        # Tab reaches the chart's points; focusing one reads its exact value.
        page.locator(".egv-x-chart path[tabindex]").last.focus()  # type: ignore
        readout = page.locator(".egv-x-readout").inner_text()  # type: ignore
        assert readout == f"Việt Nam, EGDI năm 2024: {shown('VNM', 'egdi', 2024)}"
        page.keyboard.press("Shift+Tab")  # type: ignore[attr-defined]
        assert "năm 2022" in page.locator(".egv-x-readout").inner_text()  # type: ignore
    finally:
        context.close()
    assert outside == []


def test_readable_at_a_phone_width(browser: object, site: str) -> None:  # noqa: F811
    context, page, outside = open_page(
        browser, f"{site}/{PAGE}?nuoc=VNM,THA&chiso=osi&tb=the-gioi", width=390)
    try:
        sizes = page.evaluate(  # type: ignore[attr-defined]
            """() => { const r = s => document.querySelector(s).getBoundingClientRect();
              return {doc: document.documentElement.scrollWidth, chart: r('.egv-x-chart svg'),
                      table: r('.egv-x-data'), font: parseFloat(getComputedStyle(
                        document.querySelector('.egv-x-data td')).fontSize)}; }""")
        assert sizes["doc"] <= 390
        assert 0 <= sizes["chart"]["left"] and sizes["chart"]["right"] <= 390
        # One column: the table is below the chart, not squeezed beside it.
        assert sizes["table"]["top"] >= sizes["chart"]["bottom"] and sizes["font"] >= 12
    finally:
        context.close()
    assert outside == []


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_axe_finds_nothing_serious(browser: object, site: str, width: int) -> None:  # noqa: F811
    need(AXE, "axe-core (npm)")
    context, page, outside = open_page(
        browser, f"{site}/{PAGE}?nuoc=VNM,THA&chiso=osi&tb=the-gioi,dong-nam-a", width=width)
    try:
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # type: ignore
        page.evaluate(AXE_START)  # type: ignore[attr-defined]
        assert page.evaluate("() => window.egvAxe") == []  # type: ignore[attr-defined]
    finally:
        context.close()
    assert outside == []


def test_the_print_edition_has_a_note_instead(built_book: Path) -> None:
    """The page is in print as a note that says so, with no line of sources (it prints no data;
    review 6, C3); on screen the page cites the Survey."""
    pages = [" ".join(t.split()) for t in pdf_texts(built_book / "chinh-phu-dien-tu.pdf")]
    [page] = [p for p in pages if "Ở đây chỉ có ghi chú này thay cho trang Khám phá dữ liệu" in p]
    assert "Nguồn:" not in page
    assert not [p for p in pages if "Bản in không có trang này" in p or "Đang chọn" in p]
    html = (built_book / PAGE).read_text(encoding="utf-8")
    assert "Nguồn:" in html
