"""The built book in a real browser: Debian's Chromium driven by Playwright, served on 127.0.0.1."""

from __future__ import annotations

import base64
import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def need(path: Path | str, what: str) -> None:
    """Missing browser tooling fails in CI (it must install it) and skips on a laptop."""
    if Path(path).exists():
        return
    message = f"{what} không có ({path}); .ci/run và 'make test' cài đặt nó"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(built_book: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    need(CHROMIUM, "Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="vi-VN")  # type: ignore[attr-defined]
    pg = context.new_page()
    yield pg
    context.close()


def book_pages(built_book: Path) -> list[str]:
    pages = [p.relative_to(built_book).as_posix() for p in built_book.rglob("*.html")
             if "_downloads" not in p.parts and "_static" not in p.parts]
    return sorted(pages)


def standalone_pages(built_book: Path) -> list[str]:
    """The chapters' standalone copies, as the book links them."""
    return sorted(p.relative_to(built_book).as_posix()
                  for p in (built_book / "_downloads").glob("*/*.html")
                  if not p.name.endswith("-ma.html"))


def code_pages(built_book: Path) -> list[str]:
    """The chapters' code pages for reviewers (nbconvert), as the book links them."""
    return sorted(p.relative_to(built_book).as_posix()
                  for p in (built_book / "_downloads").glob("*/*-ma.html"))


WIDTHS = {"desktop": 1280, "phone": 375}
# axe-core started on a page without waiting for it: the pages of both widths are scanned at
# once, each in its own renderer process, so the machine's two cores share the work.
AXE_START = ("() => { window.egvAxe = axe.run(document, {resultTypes: ['violations']})"
             ".then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))"
             ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' '))"
             ".join(', '))); }")


@pytest.fixture(scope="module")
def every_page(browser: object, site: str, built_book: Path) -> dict[str, list[str]]:
    """Every page of the book (the bibliography and search included), every standalone chapter
    and every code page, opened once at a desktop and a phone width: what went wrong while each
    loaded (console errors, failed requests, broken images, language) and what axe-core found
    serious or critical, by width."""
    need(AXE, "axe-core (npm)")
    script = AXE.read_text(encoding="utf-8")
    names = book_pages(built_book) + standalone_pages(built_book) + code_pages(built_book)
    assert "book/tai-lieu-tham-khao.html" in names and len(standalone_pages(built_book)) >= 6
    assert len(code_pages(built_book)) == len(standalone_pages(built_book))
    found: dict[str, list[str]] = {"load": [], **{w: [] for w in WIDTHS}}
    at = [""]  # the page being loaded, to name it in a problem
    contexts = {w: browser.new_context(  # type: ignore[attr-defined]
        locale="vi-VN", viewport={"width": px, "height": 900}) for w, px in WIDTHS.items()}
    pages = {w: c.new_page() for w, c in contexts.items()}
    for w, page in pages.items():
        page.on("console", lambda m, w=w: found["load"].append(  # type: ignore
            f"{at[0]} ({w}): console {m.type}: {m.text} ({m.location.get('url', '')})")
            if m.type == "error" else None)
        page.on("pageerror", lambda e, w=w: found["load"].append(  # type: ignore
            f"{at[0]} ({w}): pageerror: {e}"))
        # A request the browser gave up because the test moved on to the next page
        # (net::ERR_ABORTED) is not a fault of the page; a missing file answers 404 (below).
        page.on("requestfailed", lambda r, w=w: found["load"].append(  # type: ignore
            f"{at[0]} ({w}): failed: {r.url} {r.failure}")
            if "ERR_ABORTED" not in (r.failure or "") else None)
        page.on("response", lambda r, w=w: found["load"].append(  # type: ignore
            f"{at[0]} ({w}): {r.status}: {r.url}") if r.status >= 400 else None)
    try:
        for name in names:
            at[0] = name
            # index.html only redirects to the first chapter (scanned under its own name).
            if 'http-equiv="Refresh"' in (built_book / name).read_text(encoding="utf-8"):
                for page in pages.values():
                    page.goto(f"{site}/{name}", wait_until="load")
                    page.wait_for_load_state("networkidle")
                continue
            for page in pages.values():
                page.goto(f"{site}/{name}", wait_until="load")
                if page.evaluate("document.documentElement.lang") != "vi":
                    found["load"].append(f"{name}: lang không phải vi")
                broken = page.evaluate(
                    "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
                    ".map(i => i.src)")
                found["load"] += [f"{name}: ảnh hỏng {src}" for src in broken]
            for page in pages.values():
                page.add_script_tag(content=script)
                page.evaluate(AXE_START)
            for w, page in pages.items():
                found[w] += [f"{name}: {v}" for v in page.evaluate("() => window.egvAxe")]
    finally:
        for c in contexts.values():
            c.close()
    return found


def test_every_page_loads_without_console_errors(every_page: dict[str, list[str]]) -> None:
    """At both widths: no console error, failed request or HTTP error (the standalone chapters
    too: served over HTTP, a page without an icon makes the browser ask for /favicon.ico), every
    image drawn, the page in Vietnamese."""
    assert every_page["load"] == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_accessibility_has_no_serious_violations(every_page: dict[str, list[str]],
                                                 width: str) -> None:
    """axe-core finds nothing serious or critical on any page at this width."""
    assert every_page[width] == []


VI_LETTERS = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư"
# Text in a proportional face: a glyph the fonts lack is drawn as the same box as an unassigned
# code point ("tofu"), so every Vietnamese letter must measure differently from that box in the
# font of the first element each selector finds, or would give such an element. (Useless for
# monospace, where every glyph has one width: see MONO_CHECK.)
TOFU_CHECK = """async (selectors) => {
    await document.fonts.ready;
    const letters = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư";
    const out = {};
    for (const sel of selectors) {
      let el = document.querySelector(sel), made = null;
      if (!el) {  // none on the page: measure the font such an element would get
        made = el = document.createElement(sel.split(/[ ,]/)[0]);
        document.body.appendChild(made);
      }
      const ctx = document.createElement("canvas").getContext("2d");
      ctx.font = getComputedStyle(el).font;
      if (made) { made.remove(); }
      const tofu = ctx.measureText("\\u0378").width;
      out[sel] = Array.from(letters).filter(c => ctx.measureText(c).width === tofu);
    }
    return out;
}"""


MONO_FAMILY = "Noto Sans Mono VI"
# Monospace text: the web fonts that the first element (or a new one) of a selector loads to draw
# the Vietnamese letters in its computed font.
MONO_CHECK = """async (selector) => {
    let el = document.querySelector(selector), made = null;
    if (!el) { made = el = document.createElement("code"); document.body.appendChild(made); }
    const font = getComputedStyle(el).font;
    if (made) { made.remove(); }
    const faces = await document.fonts.load(font, "@LETTERS@");
    return faces.filter(f => f.status === "loaded").map(f => f.family.replace(/"/g, ""))
      .filter((f, i, all) => all.indexOf(f) === i);
}""".replace("@LETTERS@", VI_LETTERS)


def missing_letters(font: bytes) -> list[str]:
    """Vietnamese letters absent from a font file's character map."""
    import io

    from fontTools.ttLib import TTFont

    cmap = TTFont(io.BytesIO(font)).getBestCmap()
    return [c for c in VI_LETTERS + VI_LETTERS.upper() if ord(c) not in cmap]


def test_vietnamese_diacritics_render(page: object, site: str) -> None:
    page.goto(f"{site}/notebooks/01_tong_quan_egdi.html")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    text = page.inner_text("article")  # type: ignore[attr-defined]
    assert "Chỉ số phát triển Chính phủ điện tử" in text
    # A glyph the fonts lack is drawn as the same box as an unassigned code point ("tofu"):
    # every Vietnamese letter used must measure differently from that box, in body and code text.
    widths = page.evaluate(TOFU_CHECK, ["article p"])  # type: ignore[attr-defined]
    assert widths == {"article p": []}
    # Code: the face actually used is the bundled Noto Sans Mono subset, which has every letter.
    page.goto(f"{site}/book/phuong-phap.html")  # type: ignore[attr-defined]
    used = page.evaluate(MONO_CHECK, "code.literal:not(.download)")  # type: ignore
    assert used == [MONO_FAMILY], used
    for name in ("NotoSansMono-Regular-vi.woff", "NotoSansMono-Bold-vi.woff"):
        assert missing_letters((ROOT / "_static" / "fonts" / name).read_bytes()) == []


def search(page: object, site: str, query: str) -> list[str]:
    page.goto(f"{site}/search.html?q={quote(query)}")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => { const s = document.querySelector('#search-results p.search-summary');"
        " return s && s.textContent.trim().length > 0; }", timeout=20000)
    links = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")
    return sorted({urlparse(h).path for h in links})


def test_search_with_and_without_diacritics(page: object, site: str) -> None:
    with_marks = search(page, site, "chỉ số dịch vụ")
    without = search(page, site, "chi so dich vu")
    # Without marks the query also meets other words that fold alike («chi tiêu», «so sánh»).
    assert with_marks and set(with_marks) <= set(without)
    assert any("02_chi_so_thanh_phan" in h for h in with_marks)
    summary = page.inner_text("#search-results p.search-summary")  # type: ignore[attr-defined]
    assert "trang khớp với từ khóa" in summary
    # Years and numbers are searchable.
    assert any("06_co_gi_moi" in h or "04_chi_tieu" in h for h in search(page, site, "2022"))
    assert search(page, site, "LGSP")
    assert search(page, site, "xyzqw") == []


def _article_text(built_book: Path, href: str) -> str:
    soup = BeautifulSoup((built_book / unquote(href).lstrip("/")).read_text(encoding="utf-8"),
                         "html.parser")
    art = soup.find("article")
    for el in art.select(".egv-prov, script, style, .headerlink"):
        el.decompose()
    return " ".join(art.get_text(" ").split()).lower()


def _ranked(page: object, site: str, query: str) -> list[tuple[str, str]]:
    """(page, snippet) of each result, in the order shown once every snippet is in."""
    search(page, site, query)
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => [...document.querySelectorAll('#search-results ul.search li')]"
        ".every(li => li.querySelector('p.context'))", timeout=20000)
    page.wait_for_timeout(300)  # type: ignore[attr-defined]  # the last re-ranking
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#search-results ul.search li", "els => els.map(li => [new URL(li.querySelector('a')"
        ".href).pathname, li.querySelector('p.context').textContent])")


def test_search_snippets_ranking_and_popups(page: object, site: str, built_book: Path) -> None:
    """Snippets are the chapter's text around the query (not the toolbar's «.ipynb»); a page
    that contains the query ranks above pages that do not (a look-alike «công» for «cổng»,
    the words of «chính xác» scattered over a page); the provenance popups are not searched."""
    for query in ("cổng", "chính xác"):
        results = _ranked(page, site, query)
        has = [query in _article_text(built_book, h) for h, _ in results]
        assert results and has[0] and has == sorted(has, reverse=True), (query, results)
        assert all(".ipynb" not in t for _, t in results), results
        assert all(query in t.lower() for (_, t), h in zip(results, has, strict=True) if h)
    # Every number's popup says «Giá trị chính xác»; the chapters' own text does not.
    popups = "notebooks/01_tong_quan_egdi.html"
    assert "chính xác" not in _article_text(built_book, popups)
    assert popups not in {h.lstrip("/") for h, _ in _ranked(page, site, "chính xác")}


FINDINGS_WIDTHS = [(1366, 900), (390, 844)]


@pytest.mark.parametrize("size", FINDINGS_WIDTHS, ids=["desktop", "phone"])
def test_key_findings_are_list_items_with_number_buttons(browser: object, site: str,
                                                        size: tuple[int, int]) -> None:
    """Each finding is a left-aligned list item of text; only its figures are buttons; the
    «xem Bảng N» link is in the same paragraph; the group titles are headings in the page's
    contents."""
    context = browser.new_context(  # type: ignore[attr-defined]
        locale="vi-VN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        page.goto(f"{site}/notebooks/00_diem_chinh.html")
        page.wait_for_load_state("load")
        items = page.evaluate("""() => [...document.querySelectorAll('article li')]
          .filter(li => li.querySelector('.egv-sentence')).map(li => {
            const p = li.querySelector('p'), box = p.getBoundingClientRect();
            const first = document.createRange();
            first.selectNodeContents(p); const rect = first.getClientRects()[0];
            const blocks = [...p.querySelectorAll('*')].filter(e => !e.closest('.egv-prov'))
              .filter(e => !['inline', 'inline-block', 'none'].includes(
                getComputedStyle(e).display)).map(e => e.tagName + '.' + e.className);
            return {align: getComputedStyle(p).textAlign, indent: rect.left - box.left,
                    blocks, buttons: [...p.querySelectorAll('button.egv-num')]
                      .map(b => b.textContent.trim()),
                    link: !!p.querySelector('a.reference.internal .std-numref')};
          })""")
        assert len(items) >= 5, items
        for item in items:
            assert item["align"] in ("left", "start") and abs(item["indent"]) < 2, item
            assert item["blocks"] == [] and item["link"], item
            assert item["buttons"], item
            # A button is a figure: digits, at most a short word or two («tăng 15 bậc»).
            assert all(re.search(r"\d", b) and len(b.split()) <= 3 for b in item["buttons"])
        toc = page.eval_on_selector_all(
            ".bd-toc-nav a, nav#bd-toc-nav a, .page-toc a", "els => els.map(e => e.textContent)")
        heads = page.eval_on_selector_all("article h2", "els => els.map(e => e.textContent)")
        assert len(heads) >= 2
        for head in heads:
            assert any(head.strip("#").strip() in t for t in toc), (head, toc)
    finally:
        context.close()


def test_claims_table_filter(page: object, site: str) -> None:
    page.goto(f"{site}/notebooks/07_kiem_chung.html")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    rows = "#tbl-so-doi-chieu tbody tr"
    total = page.locator(rows).count()  # type: ignore[attr-defined]
    visible = f"{rows}:visible"
    box = page.locator(".egovbook-filter input").first  # type: ignore[attr-defined]
    box.fill("muc tieu chua dat")  # no diacritics: matches «Mục tiêu chưa đạt theo dữ liệu»
    shown = page.locator(visible).count()  # type: ignore[attr-defined]
    assert 0 < shown < total
    box.fill("")
    page.locator(".egovbook-filter select").first.select_option(  # type: ignore
        "Mục tiêu chưa đạt theo dữ liệu")
    # One goal the data show unmet: A000-11, ten more places by 2020 (two came).
    assert page.locator(visible).count() == 1  # type: ignore[attr-defined]
    assert "A000-11" in page.locator(visible).first.inner_text()  # type: ignore[attr-defined]


def test_figure_data_opens_by_keyboard_and_the_citation_gives_the_permalink(
        page: object, site: str) -> None:
    label = "fig-egdi-xu-huong"
    page.goto(f"{site}/notebooks/01_tong_quan_egdi.html")  # type: ignore[attr-defined]
    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    view = page.locator(f"#{label}-so-lieu")  # type: ignore[attr-defined]
    rows = view.locator("tbody tr")
    assert rows.count() >= 10 and not rows.first.is_visible()
    view.locator("summary").focus()
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert view.get_attribute("open") is not None and rows.first.is_visible()
    # The first row is the first survey: the year and Viet Nam's EGDI as the book shows them.
    assert re.fullmatch(r"2003 0,\d{4} .*", rows.first.inner_text().replace("\t", " "))
    cite = page.locator(".egv-figure-more p", has_text="Trích dẫn hình này").first  # type: ignore
    text = cite.inner_text()
    # The permalink is a link in words (no address is configured): «Hình 1 trong sách».
    assert "Liên kết cố định: Hình 1 trong sách" in text
    assert cite.locator(f"a[href$='#{label}']").count() >= 1
    cite.locator(f"a[href$='#{label}']").last.click()
    assert page.url.endswith(f"#{label}")  # type: ignore[attr-defined]


def test_no_broken_internal_links_or_anchors(built_book: Path) -> None:
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids[path] = {el["id"] for el in soup.select("[id]")} | {
                el["name"] for el in soup.select("a[name]")}
        return ids[path]

    broken = []
    for name in book_pages(built_book):
        page = built_book / name
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a[href]"):
            href = a["href"]
            if href.startswith(("http:", "https:", "mailto:", "javascript:")):
                continue
            target, _, anchor = href.partition("#")
            path = (page.parent / unquote(target)).resolve() if target else page
            if not path.exists():
                broken.append(f"{name}: {href}")
            elif anchor and path.suffix == ".html" and unquote(anchor) not in anchors(path):
                broken.append(f"{name}: {href}")
    assert broken == []


def chapter_title(built_book: Path, export: Path) -> str:
    """The chapter's title as the book shows it (its first heading)."""
    chapter = built_book / "notebooks" / export.name
    soup = BeautifulSoup(chapter.read_text(encoding="utf-8"), "html.parser")
    h1 = soup.select_one("article h1")
    for link in h1.select("a.headerlink"):
        link.decompose()
    return " ".join(h1.get_text(" ").split())


def test_standalone_chapters_open_offline_from_a_file(page: object, built_book: Path) -> None:
    """Each exported chapter, opened from disk with the network cut: Vietnamese, titled by its
    chapter, no request leaving the file (favicon included), fonts with Vietnamese letters."""
    requests: list[str] = []

    def route(r: object) -> None:
        url = r.request.url  # type: ignore[attr-defined]
        if url.startswith(("file:", "data:")):
            r.continue_()  # type: ignore[attr-defined]
        else:
            requests.append(url)
            r.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)  # type: ignore[attr-defined]
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")  # type: ignore
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))  # type: ignore
    exports = standalone_pages(built_book)
    assert len(exports) >= 6
    for name in exports:
        path = built_book / name
        page.goto(path.as_uri(), wait_until="load")  # type: ignore[attr-defined]
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
        assert page.evaluate("document.documentElement.lang") == "vi", name  # type: ignore
        assert page.title() == chapter_title(built_book, path), name  # type: ignore
        broken = page.evaluate(  # type: ignore[attr-defined]
            "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => i.src.slice(0, 40))")
        assert broken == [], (name, broken)
        assert page.evaluate(  # type: ignore[attr-defined]
            "document.querySelectorAll('script[src], link[rel=stylesheet][href^=http]').length"
        ) == 0, name
        assert page.evaluate(  # type: ignore[attr-defined]
            "(document.querySelector('link[rel~=icon]') || {href: ''}).href.startsWith('data:')"
        ), name
        missing = page.evaluate(TOFU_CHECK, ["p"])  # type: ignore[attr-defined]
        assert missing == {"p": []}, (name, missing)
        used = page.evaluate(MONO_CHECK, "pre, code, kbd, samp, tt")  # type: ignore
        assert used == [MONO_FAMILY], (name, used)
        # ... and the faces embedded in the page carry every letter.
        faces = re.findall(rf'font-family: "{MONO_FAMILY}";[^}}]*?base64,([A-Za-z0-9+/=]+)',
                           path.read_text(encoding="utf-8"))
        assert len(faces) == 2 and all(
            missing_letters(base64.b64decode(f)) == [] for f in faces), name
    assert requests == [] and problems == []


# --------------------------------------------------------------------------------------------
# A phone (390 × 844): the theme's sidebars (egovbook.compat.theme) and the provenance popups

PHONE = {"width": 390, "height": 844}
PRIMARY = "#pst-primary-sidebar-modal"
SECONDARY = "#pst-secondary-sidebar-modal"


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    context = browser.new_context(locale="vi-VN", viewport=PHONE)  # type: ignore[attr-defined]
    pg = context.new_page()
    yield pg
    context.close()


def rect(page: object, selector: str) -> dict[str, float]:
    return page.eval_on_selector(  # type: ignore[attr-defined]
        selector, "el => { const r = el.getBoundingClientRect(); "
                  "return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }")


def inside_phone(r: dict[str, float], screen: dict[str, int] = PHONE) -> bool:
    """The box is inside the screen (the phone's unless another is given)."""
    return (r["left"] >= 0 and r["top"] >= 0 and r["right"] <= screen["width"]
            and r["bottom"] <= screen["height"] and r["right"] > r["left"])


def test_phone_menu_opens_the_book_contents_and_follows_a_chapter(phone: object, site: str,
                                                                  built_book: Path) -> None:
    phone.goto(f"{site}/notebooks/01_tong_quan_egdi.html")  # type: ignore[attr-defined]
    phone.wait_for_load_state("load")  # type: ignore[attr-defined]
    toggle = phone.locator(".primary-toggle:visible")  # type: ignore[attr-defined]
    assert toggle.count() == 1
    toggle.click()
    phone.wait_for_selector(f"{PRIMARY}[open]", timeout=3000)  # type: ignore[attr-defined]
    assert inside_phone(rect(phone, PRIMARY))
    # The print edition is one tap away, and is there.
    pdf = phone.locator(f"{PRIMARY} a", has_text="Tải bản PDF")  # type: ignore[attr-defined]
    assert pdf.is_visible()
    box = pdf.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
    href = pdf.get_attribute("href")
    assert (built_book / "notebooks" / href).resolve().is_file(), href
    # A chapter link in the opened contents goes to that chapter.
    link = phone.locator(f"{PRIMARY} a", has_text="So sánh trong khu vực")  # type: ignore
    assert link.is_visible()
    link.click()
    phone.wait_for_url("**/notebooks/03_so_sanh_khu_vuc.html")  # type: ignore[attr-defined]
    assert "So sánh" in phone.inner_text("article h1")  # type: ignore[attr-defined]


def test_phone_page_contents_button_opens_and_closes(phone: object, site: str) -> None:
    phone.goto(f"{site}/notebooks/01_tong_quan_egdi.html")  # type: ignore[attr-defined]
    phone.wait_for_load_state("load")  # type: ignore[attr-defined]
    toggle = phone.locator(".secondary-toggle:visible")  # type: ignore[attr-defined]
    assert toggle.count() == 1
    toggle.click()
    phone.wait_for_selector(f"{SECONDARY}[open]", timeout=3000)  # type: ignore[attr-defined]
    assert inside_phone(rect(phone, SECONDARY))
    sections = phone.locator(f"{SECONDARY} nav a:visible")  # type: ignore[attr-defined]
    assert sections.count() >= 3
    phone.keyboard.press("Escape")  # type: ignore[attr-defined]
    phone.wait_for_selector(f"{SECONDARY}:not([open])", state="attached")  # type: ignore
    # The section list is back in the page, and the button opens it again.
    toggle.click()
    phone.wait_for_selector(f"{SECONDARY}[open]", timeout=3000)  # type: ignore[attr-defined]


POPUP_STATE = """(value) => {
    const r = (el) => { const b = el.getBoundingClientRect();
      return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
    const popup = value.querySelector('.egv-prov');
    return {shown: getComputedStyle(popup).display !== 'none', popup: r(popup),
            num: r(value.querySelector('.egv-num'))};
}"""


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (a["right"] <= b["left"] or b["right"] <= a["left"]
                or a["bottom"] <= b["top"] or b["bottom"] <= a["top"])


def pinned_popup(value: object, where: str, screen: dict[str, int] = PHONE) -> dict:
    """Scroll a number to the top (``start``) or the bottom (``end``) of the screen and click it:
    its popup shows inside the screen and off its number. Returns its state; it stays open."""
    value.evaluate(  # type: ignore[attr-defined]
        f"el => el.scrollIntoView({{block: '{where}', inline: 'nearest'}})")
    value.locator(".egv-num").click()  # type: ignore[attr-defined]
    state = value.evaluate(POPUP_STATE)  # type: ignore[attr-defined]
    assert state["shown"], where
    assert inside_phone(state["popup"], screen), (where, state)
    assert not overlaps(state["popup"], state["num"]), (where, state)
    return state


def test_phone_provenance_popups_fit_and_close(phone: object, site: str) -> None:
    phone.goto(f"{site}/notebooks/01_tong_quan_egdi.html")  # type: ignore[attr-defined]
    phone.wait_for_load_state("load")  # type: ignore[attr-defined]
    values = phone.locator("article .egv-value")  # type: ignore[attr-defined]
    assert values.count() >= 5
    # Figures at the left and at the right of a line, each near the top and near the bottom of
    # the screen: every popup stays inside the screen and off its number.
    xs = [values.nth(i).bounding_box()["x"] for i in range(values.count())]
    picks = {xs.index(min(xs)), xs.index(max(xs))}
    for i in sorted(picks):
        value = values.nth(i)
        for where in ("start", "end"):
            pinned_popup(value, where)
            # A second click closes it, although the finger (pointer) is still on the number.
            value.locator(".egv-num").click()
            assert not value.evaluate(POPUP_STATE)["shown"], (i, where)
    # Escape closes a pinned popup; so does a click elsewhere.
    first = values.nth(0)
    first.scroll_into_view_if_needed()
    first.locator(".egv-num").click()
    assert first.evaluate(POPUP_STATE)["shown"]
    phone.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert not first.evaluate(POPUP_STATE)["shown"]
    first.locator(".egv-num").click()
    assert first.evaluate(POPUP_STATE)["shown"]
    phone.locator("article h1").click(position={"x": 2, "y": 2})  # type: ignore[attr-defined]
    assert not first.evaluate(POPUP_STATE)["shown"]


# A point of the popup the reader sees: what the window shows there is the popup (a table's
# scrolling box does not cut it off).
SEEN_AT = """([value, fx, fy]) => {
    const popup = value.querySelector('.egv-prov');
    const b = popup.getBoundingClientRect();
    const hit = document.elementFromPoint(b.left + fx * b.width, b.top + fy * b.height);
    return !!hit && popup.contains(hit);
}"""


@pytest.mark.parametrize("size", [(1366, 900), PHONE], ids=["desktop", "phone"])
def test_table_numbers_open_their_provenance_whole(browser: object, site: str,
                                                    size: object) -> None:
    """A domestic table's number opens its popup like a number of the text: whole, inside the
    window, off the number, at a desktop and a phone width, near the top and the bottom of the
    screen; it follows the number when the table scrolls sideways."""
    viewport = size if isinstance(size, dict) else {"width": size[0], "height": size[1]}
    context = browser.new_context(locale="vi-VN", viewport=viewport)  # type: ignore
    page = context.new_page()
    try:
        page.goto(f"{site}/notebooks/04_chi_tieu_trong_nuoc.html")
        page.wait_for_load_state("load")
        values = page.locator("#tbl-muc-tieu td .egv-value")
        assert values.count() >= 20
        for i in (0, values.count() - 1):
            value = values.nth(i)
            for where in ("start", "end"):
                pinned_popup(value, where, viewport)
                for fx, fy in ((0.5, 0.05), (0.05, 0.95), (0.95, 0.95)):
                    assert page.evaluate(SEEN_AT, [value.element_handle(), fx, fy]), \
                        (i, where, fx, fy)
                text = value.locator(".egv-prov").inner_text()
                assert "Dữ liệu:" in text and "Đơn vị:" in text
                value.locator(".egv-num").click()
                assert not value.evaluate(POPUP_STATE)["shown"]
        # A pinned popup moves with its number when the table scrolls sideways.
        value = values.nth(values.count() - 1)
        value.scroll_into_view_if_needed()
        value.locator(".egv-num").click()
        page.evaluate("""() => { const box = document.querySelector('#tbl-muc-tieu')
            .closest('.pst-scrollable-table-container'); box.scrollLeft = box.scrollWidth; }""")
        for state in (value.evaluate(POPUP_STATE), None):
            if state is None:  # then scrolled back to the table's left edge
                page.evaluate("""() => { document.querySelector('#tbl-muc-tieu')
                    .closest('.pst-scrollable-table-container').scrollLeft = 0; }""")
                state = value.evaluate(POPUP_STATE)
            pop, num = state["popup"], state["num"]
            assert state["shown"]
            # Just under or just over its number, and level with it as far as the window allows.
            assert abs(pop["top"] - num["bottom"] - 4) < 2 \
                or abs(num["top"] - pop["bottom"] - 4) < 2
            width = pop["right"] - pop["left"]
            assert abs(pop["left"] - max(8, min(num["left"], viewport["width"] - 8 - width))) < 2
    finally:
        context.close()
