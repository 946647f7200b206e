"""Canaries for egovbook.compat: each patch names the library version it was written for and
fails clearly when that version, or the internal it relies on, changes; and no other module of
the package may touch another library's internals."""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import re
import warnings
from pathlib import Path

import pytest

from egovbook.compat import frictionless as compat_frictionless
from egovbook.compat import installed
from egovbook.compat import myst_nb as compat_myst_nb
from egovbook.compat import sphinx as compat_sphinx
from egovbook.compat import theme as compat_theme
from egovbook.compat import weasyprint as compat_weasyprint

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "egovbook"
MODULES = [compat_sphinx, compat_myst_nb, compat_theme, compat_weasyprint, compat_frictionless]


def recheck(module: object, what: str) -> str:
    name = module.__name__  # type: ignore[attr-defined]
    return (f"{what}: hãy kiểm tra lại bản vá trong {name} rồi cập nhật WRITTEN_FOR / "
            f"re-check the patch in {name}, then update WRITTEN_FOR")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_pinned_versions_are_the_ones_the_patches_were_written_for(module: object) -> None:
    for dist, version in module.WRITTEN_FOR.items():  # type: ignore[attr-defined]
        assert installed(dist) == version, recheck(
            module, f"{dist} {installed(dist)} đã cài, bản vá viết cho {version}")


def test_every_compat_module_has_its_canary() -> None:
    found = {p.stem for p in (PACKAGE / "compat").glob("*.py") if p.stem != "__init__"}
    assert found == {m.__name__.rsplit(".", 1)[-1] for m in MODULES}


# --- sphinx ---------------------------------------------------------------------------------


def test_sphinx_numref_resolver_is_still_there() -> None:
    from sphinx.domains.std import StandardDomain

    compat_sphinx.cache_numref_lookups()
    wrapper = StandardDomain._resolve_numref_xref
    assert getattr(wrapper, "egovbook_cached", False)
    original = inspect.getclosurevars(wrapper).nonlocals["resolve"]
    params = list(inspect.signature(original).parameters)
    # The wrapper swaps env.get_doctree around the call: the resolver must take env second.
    assert params[:2] == ["self", "env"], recheck(compat_sphinx, f"chữ ký mới {params}")
    assert "env.get_doctree(" in inspect.getsource(original), recheck(
        compat_sphinx, "_resolve_numref_xref không còn đọc env.get_doctree")


def test_sphinx_catalog_internals_are_still_there() -> None:
    from sphinx import locale
    from sphinx.util.i18n import CatalogRepository

    assert isinstance(locale.translators, dict), recheck(compat_sphinx, "sphinx.locale")
    params = list(inspect.signature(CatalogRepository.__init__).parameters)
    assert params == ["self", "basedir", "locale_dirs", "language", "encoding"], recheck(
        compat_sphinx, f"CatalogRepository{params}")


def test_sphinx_singlehtml_marks_each_document() -> None:
    import sphinx.writers.html5 as writer

    marker = f'<span id="{compat_sphinx.SINGLEHTML_DOC_PREFIX}%s"></span>'
    assert marker in inspect.getsource(writer), recheck(compat_sphinx, "singlehtml")


# --- myst-nb --------------------------------------------------------------------------------


def _displays(monkeypatch: pytest.MonkeyPatch, target: object, name: str) -> list[tuple]:
    shown: list[tuple] = []
    monkeypatch.setattr(target, name, lambda data, raw, metadata: shown.append((data, metadata)))
    return shown


def test_myst_nb_glue_output_is_what_our_glue_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display
    import myst_nb.ext.glue as glue_module

    theirs = _displays(monkeypatch, glue_module, "ipy_display")
    glue_module.glue("k", "0,7709", display=False)
    ours = _displays(monkeypatch, IPython.display, "display")
    compat_myst_nb.glue("k", {"text/plain": repr("0,7709")}, {"egovbook": {"unit": "x"}})
    (their_data, their_meta), (our_data, our_meta) = theirs[0], ours[0]
    assert our_data == their_data, recheck(compat_myst_nb, "dạng dữ liệu glue")
    assert our_meta == {**their_meta, "egovbook": {"unit": "x"}}, recheck(
        compat_myst_nb, "metadata glue (scrapbook)")
    output = {"metadata": our_meta, "data": our_data}
    assert compat_myst_nb.glued_name(output) == "k"
    assert compat_myst_nb.glued_data(output, "text/plain") == repr("0,7709")
    assert compat_myst_nb.glued_name({"metadata": {}}) is None


def test_myst_nb_text_role_can_be_wrapped() -> None:
    from myst_nb.ext.glue.domain import NbGlueDomain
    from myst_nb.ext.glue.roles import PasteTextRole

    assert isinstance(NbGlueDomain.roles["text"], PasteTextRole), recheck(
        compat_myst_nb, "vai trò glue:text")
    assert "cell_output" in Path(importlib.util.find_spec(
        "myst_nb.core.render").origin).read_text(encoding="utf-8"), recheck(  # type: ignore
        compat_myst_nb, "lớp cell_output")


# --- themes ---------------------------------------------------------------------------------


def _theme_file(package: str, path: str) -> Path:
    return Path(importlib.util.find_spec(package).origin).parent / path  # type: ignore


@pytest.mark.parametrize("ours", sorted(compat_theme.TEMPLATE_COPIES))
def test_theme_templates_we_copy_are_unchanged(ours: str) -> None:
    package, path, digest = compat_theme.TEMPLATE_COPIES[ours]
    assert (ROOT / "_templates" / ours).is_file()
    actual = hashlib.sha256(_theme_file(package, path).read_bytes()).hexdigest()
    assert actual.startswith(digest), recheck(
        compat_theme, f"{package}/{path} đã đổi; so lại với _templates/{ours}")


def test_layout_override_still_finds_the_label_it_replaces() -> None:
    package, path, _ = compat_theme.TEMPLATE_COPIES["layout.html"]
    assert '<nav aria-label="Page">' in _theme_file(package, path).read_text(encoding="utf-8")
    assert '<nav aria-label="Page">' in (ROOT / "_templates" / "layout.html").read_text(
        encoding="utf-8")


def test_themes_still_bind_only_the_first_sidebar_toggle() -> None:
    """If a theme binds every toggle (querySelectorAll), the phone fix may be dropped."""
    for package, path in compat_theme.THEME_SCRIPTS.items():
        script = _theme_file(package, path).read_text(encoding="utf-8")
        assert compat_theme.BINDS_FIRST_TOGGLE in script, recheck(
            compat_theme, f"{package} gắn nút ☰ khác trước (có thể bỏ TOGGLES_JS)")
    layout = _theme_file("pydata_sphinx_theme", "theme/pydata_sphinx_theme/layout.html")
    assert compat_theme.ARTICLE_SELECTOR.split(".", 1)[1] in layout.read_text(encoding="utf-8")


def test_theme_print_entry_and_table_box_are_still_there() -> None:
    """sphinx-book-theme's download menu still has the print-the-page entry we relink, and
    pydata-sphinx-theme still wraps tables in the box the table styles and the PDF rely on."""
    buttons = _theme_file("sphinx_book_theme", "header_buttons/__init__.py").read_text(
        encoding="utf-8")
    assert f'"{compat_theme.PRINT_BUTTON_LABEL}"' in buttons and "window.print()" in buttons, \
        recheck(compat_theme, "nút «.pdf» của sphinx-book-theme")
    context = {"header_buttons": [{"type": "group", "buttons": [
        {"type": "javascript", "javascript": "window.print()",
         "label": compat_theme.PRINT_BUTTON_LABEL}]}]}
    assert compat_theme.link_print_button(context, "x.pdf", ".pdf", "PDF")
    assert context["header_buttons"][0]["buttons"][0]["url"] == "x.pdf"
    translator = _theme_file("pydata_sphinx_theme", "translator.py").read_text(encoding="utf-8")
    assert compat_theme.TABLE_BOX_CLASS in translator, recheck(compat_theme, "hộp bảng")


# --- WeasyPrint -----------------------------------------------------------------------------


def test_weasyprint_layout_and_fonts_are_readable() -> None:
    pytest.importorskip("weasyprint")
    import weasyprint

    document = weasyprint.HTML(string="<p style='font-family: DejaVu Sans'>Việt Nam</p>"
                               ).render()
    assert list(compat_weasyprint.overflowing(document)) == []
    figure = weasyprint.HTML(string=(
        "<body style='margin:0'><section data-doc='a'><figure id='f' style='margin:0'><img "
        "style='height:100px' "
        "src='data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='"
        " /><figcaption>Hình</figcaption></figure><div class='m' style='height:30px'></div>"
        "</section>")).render()
    (page,) = compat_weasyprint.page_layout(figure, "m")
    assert page["chapter"] == "a" and 0 < page["fill"] < 0.5, recheck(compat_weasyprint, "hộp")
    assert page["figure"]["id"] == "f" and page["figure"]["image"] == 100
    assert page["figure"]["more"] == 30, recheck(compat_weasyprint, "hộp")
    document.write_pdf()
    fonts = compat_weasyprint.fonts_used(document)
    assert fonts and all(f.embedded for f in fonts), recheck(compat_weasyprint, "Document.fonts")
    assert any(f.family.replace(" ", "").startswith("DejaVuSans") for f in fonts)


# --- Frictionless ---------------------------------------------------------------------------


def test_frictionless_constraint_note_names_the_constraint() -> None:
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor({"fields": [
        {"name": "a", "type": "integer", "constraints": {"minimum": 0, "enum": [1, 2]}}]})
    report = Resource(data=[["a"], ["-1"]], schema=schema).validate()
    names = [compat_frictionless.constraint_name(e) for e in report.tasks[0].errors]
    assert names == ["minimum", "enum"], recheck(compat_frictionless, "câu báo lỗi ràng buộc")


# --- a dropped patch: the kernel's warnings -------------------------------------------------


def test_fresh_kernel_shows_default_warnings_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """``warnings._filters_mutated()`` was replaced by ``resetwarnings()``: a warning shown once
    under "default" must show again in the next notebook."""
    import IPython  # noqa: F401  (fresh() imports these; importing them sets warning filters)
    import matplotlib.pyplot  # noqa: F401

    from egovbook.build import kernelstate
    from egovbook.intake.data_access import READS_LOG

    monkeypatch.setenv(READS_LOG, "")
    registry: dict[object, object] = {}

    def warn() -> None:
        warnings.warn_explicit("cũ", UserWarning, "chuong.py", 1, registry=registry)

    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("default")
        # No settings to restore: matplotlib's own catch_warnings() would tell the registries.
        monkeypatch.setitem(kernelstate._SAVED, "rc", {})
        monkeypatch.setitem(kernelstate._SAVED, "filters", list(warnings.filters))
        warn()
        warn()
        assert len(shown) == 1
        kernelstate.fresh("")
        warn()
        assert len(shown) == 2


# --- nothing outside compat/ ----------------------------------------------------------------

# (pattern, what it is, a line it must catch)
PRIVATE_USE = [
    (r"\b(?!self\b|cls\b)[A-Za-z_]\w*\._[a-z]\w*", "thuộc tính riêng của thư viện khác",
     "warnings._filters_mutated()"),
    (r"^\s*(from|import)\s+(?!egovbook\b)[\w.]*\._\w+", "mô-đun riêng của thư viện khác",
     "from weasyprint._x import y"),
    (r"^\s*from\s+(?!egovbook\b)[\w.]+\s+import\s+(\(|.*\b_[a-z])", "tên riêng",
     "from sphinx.util import _private"),
    (r"myst_nb\.ext|GLUE_PREFIX|[\"']scrapbook[\"']|mime_prefix", "định dạng glue của myst-nb",
     'meta.get("scrapbook", {})'),
    (r"weasyprint\.formatting_structure|_page_box|\.fonts\.values\(\)", "hộp trang WeasyPrint",
     "from weasyprint.formatting_structure import boxes"),
    (r"sphinx\.domains\.std|sphinx\.util\.i18n|from sphinx import locale|locale\.translators",
     "nội bộ Sphinx", "from sphinx.domains.std import StandardDomain"),
    (r"[\"'][^\"']*\bbd-[a-z]+|document-[\"']|cell_output", "HTML của theme, Sphinx, myst-nb",
     'soup.select_one("article.bd-article")'),
    (r'constraint \\?"', "chữ báo lỗi của Frictionless", r"re.search(r'constraint \"(\w+)\"', n)"),
]


def private_uses(text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        for pattern, what, _ in PRIVATE_USE:
            if re.search(pattern, code):
                found.append(f"{number}: {what}: {line.strip()}")
    return found


def test_private_use_patterns_catch_their_examples() -> None:
    for pattern, what, example in PRIVATE_USE:
        assert re.search(pattern, example), (what, example)
    assert private_uses("self._count += 1\nfrom egovbook.publish.pdf import _key\n") == []


def test_no_private_api_use_outside_compat() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "compat" in path.relative_to(PACKAGE).parts:
            continue
        found += [f"{path.relative_to(ROOT)}:{u}"
                  for u in private_uses(path.read_text(encoding="utf-8"))]
    assert found == [], ("Nội bộ của thư viện khác chỉ được dùng trong egovbook/compat/ "
                         "(kèm một kiểm thử canh ở tests/test_compat.py):\n" + "\n".join(found))
