"""The code of each executed chapter as one HTML file (nbconvert), for reviewers: every cell
the chapter ran, with its code, the parameters the build gave it and its outputs, linked under
the chapter beside its standalone copy (:mod:`egovbook.publish.export`).

The book's MyST features do not exist outside Sphinx, so before export: glued values are pasted
into the Markdown cells, MyST roles are reduced to their text, and outputs are shown through
their HTML twin (see
:func:`egovbook.chapters.report.show`).

The page is one file that opens offline: ``lang="vi"``, the chapter's title as ``<title>``,
figures, favicon and the monospace font embedded as data URIs, fonts that carry Vietnamese, and
none of the template's CDN scripts (require.js, MathJax, Mermaid).
"""

from __future__ import annotations

import base64
import re
import threading
from pathlib import Path
from typing import Any

import nbformat

from egovbook.analysis import values
from egovbook.build import cache
from egovbook.chapters import prose
from egovbook.common.mystext import plain_roles
from egovbook.common.paths import project_root

GLUE_RE = re.compile(r"\{glue(?::\w+)?\}`([^`:]+)(?::[^`]*)?`")
CODE_SUFFIX = "-ma.html"  # beside the standalone page in the chapters' export folder
REMOTE_SCRIPT_RE = re.compile(r'<script[^>]*\bsrc="(?:https?:[^"]*)?"[^>]*>\s*</script>')
# Inline scripts of the template for MathJax (its configuration) and Mermaid (a loader that
# imports from a CDN): the chapters use neither.
CDN_SCRIPT_RE = re.compile(r"<script\b[^>]*>(?:(?!</script>).)*?(?:https?://|MathJax)"
                           r"(?:(?!</script>).)*?</script>", re.S)
PROSE = "chung"
TITLE_RE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.M)
# Fonts with every Vietnamese letter. Text: the first one a reader's system has (Windows,
# Android/ChromeOS, most Linux desktops, Debian's fonts-dejavu-core, macOS/iOS); code: the
# project's Noto Sans Mono subset, embedded (the template's stack ends in DejaVu Sans Mono,
# which lacks U+1EA0–1EF9).
TEXT_FONTS = ('"Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Helvetica Neue", Arial, '
              "sans-serif")
MONO_FONT = "Noto Sans Mono VI"
MONO_FILES = {400: "NotoSansMono-Regular-vi.woff", 700: "NotoSansMono-Bold-vi.woff"}


def glued_values(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Each glued key's text, read as the values registry reads it."""
    return {e.name: e.text for e in values.entries_of(nb, "", {})}


def paste_glue(nb: nbformat.NotebookNode, resources: dict[str, Any]
               ) -> tuple[nbformat.NotebookNode, dict[str, Any]]:
    """Replace ``{glue:text}`key:s``` in Markdown cells by the glued value."""
    glued = glued_values(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = GLUE_RE.sub(lambda m: glued.get(m.group(1), m.group(0)), cell.source)
            cell.source = plain_roles(text)
            # The page's <title> is the chapter's, not the file name.
            title = TITLE_RE.search(cell.source)
            if title and "title" not in nb.metadata:
                nb.metadata["title"] = prose.text(PROSE, "code.title", chapter=title.group(1))
    return nb, resources


_PER_THREAD = threading.local()


def exporter() -> Any:
    """This thread's exporter: made once, so its Jinja templates are compiled once per worker
    rather than once per chapter (about 0.17 s each); not shared, exporters keep state."""
    if getattr(_PER_THREAD, "html", None) is None:
        _PER_THREAD.html = _new_exporter()
    return _PER_THREAD.html


def _new_exporter() -> Any:
    # nbconvert is imported here: a rebuild with nothing to export should not pay for it.
    from nbconvert import HTMLExporter

    html = HTMLExporter()
    # Reviewers read the code: inputs and their prompts stay.
    html.mathjax_url = ""  # offline: no CDN link
    html.language_code = "vi"
    # Every cell stays, those the book hides too (parameters, imports): they are the code.
    html.register_preprocessor(paste_glue, enabled=True)
    return html


IMG_RE = re.compile(r'(<img[^>]*\bsrc=")(_outputs/[^"]+\.png)(")')


def embed_images(html: str, base: Path) -> str:
    """Inline the PNGs the outputs refer to, so the standalone page is one file."""

    def repl(m: re.Match[str]) -> str:
        path = base / m.group(2)
        if not path.is_file():
            return m.group(0)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{m.group(1)}data:image/png;base64,{data}{m.group(3)}"

    return IMG_RE.sub(repl, html)


def _data_uri(path: Path, mime: str) -> str:
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def head_extras(static: Path) -> str:
    """Favicon and fonts for the page's <head>, after the template's styles so they win."""
    faces = "".join(
        f'@font-face {{ font-family: "{MONO_FONT}"; font-weight: {weight}; '
        f'src: url("{_data_uri(static / "fonts" / name, "font/woff")}") format("woff"); }}\n'
        for weight, name in MONO_FILES.items())
    favicon = static / "favicon.png"
    icon = (f'<link rel="icon" type="image/png" href="{_data_uri(favicon, "image/png")}">\n'
            if favicon.is_file() else "")
    return (f"{icon}<style>\n{faces}:root {{\n"
            f"  --jp-content-font-family: {TEXT_FONTS};\n"
            f"  --jp-ui-font-family: {TEXT_FONTS};\n"
            f'  --jp-code-font-family: "{MONO_FONT}", "DejaVu Sans Mono", monospace;\n'
            f'  --jp-code-font-family-default: "{MONO_FONT}", "DejaVu Sans Mono", monospace;\n'
            "}\n"
            # Monospace text outside the template's own classes gets the same face.
            "pre, code, kbd, samp, tt { font-family: var(--jp-code-font-family); }\n"
            # Colours of the template below WCAG AA contrast on the cell background (comments,
            # numbers, word operators, the empty input prompt): darker shades of the same hues.
            ".highlight .c, .highlight .c1, .highlight .ch, .highlight .cm, .highlight .cp, "
            ".highlight .cpf, .highlight .cs { color: #2f5f5f; }\n"
            ".highlight .m, .highlight .mf, .highlight .mi, .highlight .mh, .highlight .mo, "
            ".highlight .il { color: #006400; }\n"
            ".highlight .ow { color: #7a14c2; }\n"
            # The template's prompt rules come later and more specific: these must win.
            ".jp-InputPrompt, .jp-OutputPrompt { color: #595959 !important; "
            "opacity: 1 !important; }\n"
            "</style>\n")


def standalone(body: str, base: Path, static: Path) -> str:
    """nbconvert's page made self-contained: no CDN script, images, favicon and fonts inline."""
    body = CDN_SCRIPT_RE.sub("", REMOTE_SCRIPT_RE.sub("", body))
    body = body.replace("</head>", head_extras(static) + "</head>", 1)
    return embed_images(body, base)


def export(executed: Path, folder: Path) -> bool:
    """Write one executed notebook's code page if the notebook changed since. True if written."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{executed.stem}{CODE_SUFFIX}"
    stamp = folder / f"{executed.stem}-ma.sha256"
    static = project_root() / "_static"
    # The page depends on the notebook, the code and the files it embeds.
    root = project_root()
    key = cache.key({
        "notebook": cache.files_digest([executed], executed.parent),
        "code": cache.code_digest(root),
        "embedded": cache.files_digest([static / "favicon.png", *(
            static / "fonts" / name for name in MONO_FILES.values())], root),
    })
    if cache.is_current(target, stamp, key):
        return False
    nb = nbformat.read(executed, as_version=4)
    body, _ = exporter().from_notebook_node(nb, resources={"metadata": {"name": executed.stem}})
    target.write_text(standalone(body, executed.parent, static), encoding="utf-8")
    cache.mark(stamp, key)
    return True
