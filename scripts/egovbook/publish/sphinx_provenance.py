"""Sphinx side of the values registry: each glued figure opens its provenance in the page.

``{glue:text}`` pastes a notebook's value as plain text. Here the role is wrapped so the pasted
text keeps its key (``chapter::name``); the HTML writer then looks the key up in ``values.json``
(written by the build into the source folder) and renders the figure as a button that shows,
on hover, keyboard focus or click, how it was computed and from which data rows. The popup is
the button's accessible description, so screen readers read it too; it needs no network.

A glued text, and the "how" and data lines of a popup, may set one of the book's labels (a
status, a verdict) as ``*…*``, as the prose's Markdown does: it is shown in italics, since «…»
marks only the sources' words.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from egovbook.analysis import bounds
from egovbook.common import fmt, units
from egovbook.compat import myst_nb as compat_myst_nb
from egovbook.intake import figures
from egovbook.intake.figures import READ

REGISTRY = "values.json"


class egv_value(nodes.inline):  # noqa: N801 - docutils names node classes in lower case
    """A pasted figure; ``key`` is ``chapter::name`` in the values registry."""


def _wrap_role(role_cls: type) -> type:
    class ProvenanceTextRole(role_cls):  # type: ignore[misc, valid-type]
        def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
            result, messages = super().run()
            if not result:
                return result, messages
            # As the role itself parses it: ``[doc::]key[:format]`` (the book always gives ":s").
            key = self.text.rsplit(":", 1)[0]
            doc, _, name = key.rpartition("::")
            own = self.document.settings.env.docname
            chapter = PurePosixPath(doc or own).stem
            wrapper = egv_value("", "", *result, key=f"{chapter}::{name}")
            for text in list(wrapper.findall(nodes.Text)):
                if EMPHASIS.search(text.astext()):
                    text.parent.replace(text, _emphasised_nodes(text.astext()))
            return [wrapper], messages

    return ProvenanceTextRole


# A label in a glued text: ``*đã đạt*`` (no asterisk inside, no space next to one).
EMPHASIS = re.compile(r"\*(\S(?:[^*]*\S)?)\*")


def plain(text: str) -> str:
    """A glued text as read, without the asterisks of its labels."""
    return EMPHASIS.sub(r"\1", text)


def _em(text: str) -> str:
    """Plain text as HTML, its labels in italics."""
    return EMPHASIS.sub(r"<em>\1</em>", escape(text))


def _emphasised_nodes(text: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    at = 0
    for m in EMPHASIS.finditer(text):
        out += [nodes.Text(text[at:m.start()]), nodes.emphasis(m[1], m[1])]
        at = m.end()
    return [n for n in (*out, nodes.Text(text[at:])) if n.astext()]


_REGISTRIES: dict[int, dict[str, dict[str, Any]]] = {}


def _registry(app: Sphinx) -> dict[str, dict[str, Any]]:
    """The build's registry, read once per Sphinx application."""
    cached = _REGISTRIES.get(id(app))
    if cached is None:
        path = Path(app.srcdir) / REGISTRY
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        cached = _REGISTRIES[id(app)] = {v["key"]: v for v in (*data.get("values", []),
                                                              *data.get("cells", []))}
    return cached


def exact_vi(exact: str | None) -> str:
    """The exact value with every digit, in Vietnamese style (``0,72665``)."""
    if exact is None:
        return fmt.MISSING
    try:
        value = fmt.exact(exact if "." in exact or "E" in exact.upper() else int(exact))
    except (ValueError, ArithmeticError):
        return exact
    if isinstance(value, int) or value == value.to_integral_value():
        return fmt.number(value)
    decimals = max(0, -int(value.normalize().as_tuple().exponent))  # type: ignore[arg-type]
    return fmt.number(value, decimals)


# The popup's line for the value in the data: a bounded figure's data hold its bound.
EXACT_LABEL, BOUND_LABEL = "Giá trị chính xác", "Giá trị trong dữ liệu"


def _is(raw: str, digits: str, scale: str) -> bool:
    """Whether the data's value is the figure a text writes with a scale word (122,7 triệu)."""
    try:
        return Decimal(digits.replace(",", ".")) * figures.SCALES[scale] == Decimal(raw)
    except (ArithmeticError, ValueError):
        return False


def popup_html(entry: dict[str, Any]) -> str:
    """The provenance of one figure, as the reader sees it."""
    parts = []
    if entry.get("how"):
        parts.append(f'<span class="egv-prov-line"><b>Cách tính:</b> {_em(entry["how"])}.'
                     "</span>")
    unit = entry.get("unit") or ""
    exact = exact_vi(entry.get("exact"))
    # Only a figure with more decimals than it shows has been rounded.
    raw = entry.get("exact") or ""
    rounded = ("; hiển thị làm tròn nửa lên" if "." in raw and exact not in entry.get("text", "")
               else "")
    if entry.get("exact") is not None and unit not in units.WORDS:
        label = EXACT_LABEL
        text = entry.get("text", "")
        if bounds.word_in(text) or text.endswith(f"({READ})"):
            # «hơn 122,7 triệu»: the data hold a bound; «2 (sách đọc ra)»: the book's reading.
            label = BOUND_LABEL
        scaled = figures.SCALED.search(text)
        if scaled and not rounded and _is(raw, scaled.group(1), scaled.group(2)):
            # As the source counts (122,7 triệu): no digits it does not give.
            exact = f"{scaled.group(1)} {scaled.group(2)}"
        parts.append(f'<span class="egv-prov-line"><b>{label}:</b> '
                     f"{escape(exact)}{rounded}.</span>")
    # Every quantity's popup has the same line for its unit, in the book's words (units).
    if unit and unit not in units.WORDS:
        parts.append(f'<span class="egv-prov-line"><b>Đơn vị:</b> {escape(unit)}.</span>')
    for rows in entry.get("inputs", []):
        cols = ", ".join(rows.get("columns", []))
        count = len(rows.get("keys", []))
        what = f"{count} dòng" if count != 1 else "1 dòng"
        parts.append(
            f'<span class="egv-prov-line"><b>Dữ liệu:</b> {_em(rows.get("summary", ""))} '
            f"({what} của tệp data/{escape(rows['file'])}"
            + (f", cột {escape(cols)}" if cols else "") + ")"
            + escape(raw_files(rows)) + ".</span>")
    parts.append('<span class="egv-prov-line egv-prov-reg">Tra cứu đầy đủ trong sổ giá trị '
                 f"values.json của bản dựng, khóa <code>{escape(entry.get('key', ''))}</code>."
                 "</span>")
    return "".join(parts)


def _button(self: Any, entry: dict[str, Any], key: str | None = None) -> tuple[str, str]:
    """Opening and closing HTML of one number with its provenance popup."""
    self._egv_count = getattr(self, "_egv_count", 0) + 1
    ident = f"egv-p-{self._egv_count}"
    data = f' data-key="{escape(key)}"' if key else ""
    return (f'<span class="egv-value"{data}>'
            f'<button type="button" class="egv-num" aria-describedby="{ident}">',
            f'</button><span class="egv-prov" role="tooltip" id="{ident}">'
            f"{popup_html(entry)}</span></span>")


def _spans(text: str, parts: list[dict[str, Any]]) -> list[tuple[int, int, dict[str, Any]]]:
    """Where each part stands in the sentence: its first free occurrence as a whole number
    (``5`` is not the 5 of ``15`` or of ``0,5``), in the order of the sentence."""
    taken: list[tuple[int, int, dict[str, Any]]] = []
    for part in parts:
        if not part.get("text"):
            continue
        pattern = re.compile(r"(?<![\d,.])" + re.escape(part["text"]) + r"(?![\d]|,\d)")
        for m in pattern.finditer(text):
            if all(m.end() <= a or m.start() >= b for a, b, _ in taken):
                taken.append((m.start(), m.end(), part))
                break
    return sorted(taken, key=lambda t: t[0])


def sentence_html(self: Any, entry: dict[str, Any]) -> str:
    """A glued sentence as words, with each number it quotes as its own button."""
    text, out, at = entry["text"], [], 0
    for start, end, part in _spans(text, entry.get("parts", [])):
        # A number of a sentence is found in the registry under the sentence's key.
        opening, closing = _button(self, {"key": entry.get("key", ""), **part})
        out += [escape(text[at:start]), opening, escape(text[start:end]), closing]
        at = end
    out.append(escape(text[at:]))
    # A label may hold a number of the sentence: the <em> then holds its button (valid HTML).
    return EMPHASIS.sub(r"<em>\1</em>", "".join(out))


def raw_files(rows: dict[str, Any]) -> str:
    """Where a row of the UN table came from: the Survey's own export of that year, kept byte
    for byte in data/raw (the project's table is imported from it)."""
    from egovbook.intake.un_import import RAW_DIR, UN_FILE

    if rows.get("file") != UN_FILE:
        return ""
    years = sorted({k.split("=", 1)[1] for key in rows.get("keys", []) for k in key.split()
                    if k.startswith("year=")})
    if not years:
        return ""
    files = ", ".join(f"data/{RAW_DIR.as_posix()}/EGOV_DATA_{y}.csv" for y in years)
    return f"; nhập từ tệp gốc {files}"


def _visit(self: Any, node: egv_value) -> None:
    entry = _registry(self.builder.app).get(node["key"])
    if entry is not None and entry.get("parts") and node.astext() == plain(entry["text"]):
        # Only the numbers are buttons; the sentence itself is text (its key stays on it).
        self.body.append(f'<span class="egv-sentence" data-key="{escape(node["key"])}">'
                         f'<span class="pasted-text">{sentence_html(self, entry)}</span></span>')
        raise nodes.SkipNode
    if entry is None or (entry.get("unit") in ("", units.TEXT) and not entry.get("inputs")):
        node["egv_plain"] = True
        return
    opening, node["egv_close"] = _button(self, entry, node["key"])
    self.body.append(opening)


def _depart(self: Any, node: egv_value) -> None:
    if node.get("egv_plain"):
        return
    self.body.append(node["egv_close"])


CELL_RE = re.compile(r"^(?P<text>.*?)\s*<(?P<key>[^<>]+)>$", re.S)


def cell_role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
              options: dict[str, Any] | None = None, content: list[str] | None = None
              ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """``{egv}`khoảng 15,91 % <tbl-muc-tieu/1/2>```: a table cell opening its provenance
    like a glued figure (its entry is in the registry's cells, under the chapter's key)."""
    match = CELL_RE.match(text)
    shown, key = (match["text"], match["key"]) if match else (text, "")
    chapter = PurePosixPath(inliner.document.settings.env.docname).stem
    return [egv_value("", "", nodes.Text(shown), key=f"{chapter}::{key}")], []


def _pass(self: Any, node: nodes.Node) -> None:
    pass


def setup(app: Sphinx) -> None:
    compat_myst_nb.wrap_text_role(_wrap_role)
    app.add_role("egv", cell_role)
    app.add_node(egv_value, html=(_visit, _depart), latex=(_pass, _pass), text=(_pass, _pass),
                 man=(_pass, _pass), texinfo=(_pass, _pass))
