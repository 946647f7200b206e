"""Standalone HTML of each executed chapter (nbconvert), linked from the chapter for sharing.

The book's MyST features do not exist outside Sphinx, so before export: glued values are pasted
into the Markdown cells, MyST roles are reduced to their text, hidden cells and code are dropped,
and outputs are shown through their HTML twin (see :func:`egovbook.report.show`).
"""

from __future__ import annotations

import ast
import base64
import hashlib
import re
from pathlib import Path
from typing import Any

import nbformat

from .mystext import plain_roles

GLUE_RE = re.compile(r"\{glue(?::\w+)?\}`([^`:]+)(?::[^`]*)?`")
EXPORT_DIR = "_exports"
REMOTE_SCRIPT_RE = re.compile(r'<script[^>]*\bsrc="(?:https?:[^"]*)?"[^>]*>\s*</script>')


def glued_values(nb: nbformat.NotebookNode) -> dict[str, str]:
    values: dict[str, str] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = out.get("metadata", {}).get("scrapbook", {})
            if "name" in meta:
                raw = out.get("data", {}).get(meta.get("mime_prefix", "") + "text/plain", "")
                try:
                    values[meta["name"]] = str(ast.literal_eval(raw))
                except (ValueError, SyntaxError):
                    values[meta["name"]] = raw
    return values


def paste_glue(nb: nbformat.NotebookNode, resources: dict[str, Any]
               ) -> tuple[nbformat.NotebookNode, dict[str, Any]]:
    """Replace ``{glue:text}`key:s``` in Markdown cells by the glued value."""
    values = glued_values(nb)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            text = GLUE_RE.sub(lambda m: values.get(m.group(1), m.group(0)), cell.source)
            cell.source = plain_roles(text)
    return nb, resources


def exporter() -> Any:
    # nbconvert is imported here: a rebuild with nothing to export should not pay for it.
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    html = HTMLExporter()
    html.exclude_input = True
    html.exclude_input_prompt = True
    html.exclude_output_prompt = True
    html.mathjax_url = ""  # offline: no CDN link
    remove = TagRemovePreprocessor(remove_cell_tags={"remove-cell", "injected-parameters"},
                                   remove_input_tags={"remove-input"})
    # Paste first: the glued values live in cells the tag filter removes.
    html.register_preprocessor(paste_glue, enabled=True)
    html.register_preprocessor(remove, enabled=True)
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


def export(executed: Path, folder: Path) -> bool:
    """Export one executed notebook if it changed since the last export. Returns True if written."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{executed.stem}.html"
    stamp = folder / f"{executed.stem}.sha256"
    digest = hashlib.sha256(executed.read_bytes()).hexdigest()
    if target.exists() and stamp.exists() and stamp.read_text() == digest:
        return False
    nb = nbformat.read(executed, as_version=4)
    body, _ = exporter().from_notebook_node(nb, resources={"metadata": {"name": executed.stem}})
    # Standalone means offline: drop the template's CDN scripts (require.js, MathJax loader),
    # which these pages do not need.
    body = embed_images(REMOTE_SCRIPT_RE.sub("", body), executed.parent)
    target.write_text(body, encoding="utf-8")
    stamp.write_text(digest)
    return True
