"""The book's sentences, kept in Markdown files an editor can change without Python.

Each chapter's sentences live beside its notebook, in ``notebooks/prose/<notebook>.md``; pages
the build writes (the changelog, the citation block) in ``book/prose/<page>.md``. A file is a
list of blocks, each opened by a heading line naming the block:

    ## f_level
    Năm {{ year }}, {{ name }} có EGDI {{ egdi }}, xếp hạng {{ rank }}.

The body is a Jinja2 template (``{{ value }}``, ``{% if … %}…{% endif %}``). Lines of one
paragraph are joined with a space, so an editor may wrap them; a blank line starts a new
paragraph. HTML comments on lines of their own (``<!-- … -->``, one line or several) are notes
for editors and are dropped.
Python passes values, never sentences: a :class:`~egovbook.analysis.values.Figure` is shown as
its text, and :func:`figure` joins the data rows of the figures a sentence quotes, so the
sentence's provenance names them.

The build hashes these files with the package's code (:mod:`egovbook.build.nbcache`): editing a
sentence re-runs the chapters that use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from egovbook.analysis.values import Figure, Rows, merge_inputs
from egovbook.common import units
from egovbook.common.paths import project_root

CHAPTER_DIR = Path("notebooks") / "prose"
PAGE_DIR = Path("book") / "prose"
_BLOCK = re.compile(r"^## +([A-Za-z0-9_.\-]+) *$")
_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False,
                          keep_trailing_newline=False)


class ProseError(KeyError):
    """A block a chapter asks for is not in its prose file (or the file is missing)."""


def parse(text: str) -> dict[str, str]:
    """Blocks of a prose file: name → template text, paragraphs joined as described above."""
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    in_comment = False
    for line in text.splitlines():
        # Notes for editors: whole lines from «<!--» to «-->», over one line or several.
        if in_comment or line.lstrip().startswith("<!--"):
            in_comment = "-->" not in line
            continue
        match = _BLOCK.match(line)
        if match:
            if match.group(1) in blocks:
                raise ValueError(f"khối «{match.group(1)}» có hai lần")
            current = blocks[match.group(1)] = []
        elif current is not None:
            current.append(line.strip())
    out = {}
    for name, lines in blocks.items():
        out[name] = "\n\n".join(_paragraphs(lines))
    return out


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [" ".join(p) for p in paragraphs if p]


@lru_cache(maxsize=64)
def _load(path: Path, mtime_ns: int) -> dict[str, str]:
    return parse(path.read_text(encoding="utf-8"))


def path_of(name: str, root: Path | None = None) -> Path:
    """``name`` is a notebook stem (``00_diem_chinh``) or ``book/<page>`` for a build page."""
    base = root or project_root()
    if name.startswith("book/"):
        return base / PAGE_DIR / f"{name.removeprefix('book/')}.md"
    return base / CHAPTER_DIR / f"{name}.md"


def blocks(name: str, root: Path | None = None) -> dict[str, str]:
    path = path_of(name, root)
    try:
        return _load(path, path.stat().st_mtime_ns)
    except FileNotFoundError as err:
        raise ProseError(f"không có tệp câu văn {path}") from err


def _shown(value: Any) -> Any:
    if isinstance(value, Figure):
        return value.text
    return value


def text(name: str, block: str, /, **fields: Any) -> str:
    """The block rendered with ``fields`` (figures shown as their text; positional-only
    parameters, so a sentence may have a field called ``name``)."""
    try:
        template = blocks(name)[block]
    except KeyError as err:
        raise ProseError(f"tệp câu văn {name} không có khối «{block}»") from err
    return _ENV.from_string(template).render({k: _shown(v) for k, v in fields.items()}).strip()


def inputs_of(values: Iterable[Any]) -> tuple[Rows, ...]:
    rows: list[Rows] = []
    for value in values:
        if isinstance(value, Figure):
            rows.extend(value.inputs)
    return merge_inputs(rows)


# A number of a phrase; the parts of a date («tháng 08/2020», «26/08/2020») are no count.
_NUMBER = re.compile(r"(?<![\d/])(?:[+\-−]?\d[\d.,]*\d|[+\-−]?\d)(?![\d/])")


def parts_of(values: Iterable[Any]) -> tuple[dict[str, Any], ...]:
    """The numbers a sentence quotes, each with its own provenance: a figure with an exact
    value; the numbers of a sentence it quotes; each number of a phrase of counts (with the
    phrase's provenance). Names and other words stay words."""
    out: list[dict[str, Any]] = []
    for value in values:
        if not isinstance(value, Figure):
            continue
        if value.parts:
            out.extend(value.parts)
        elif value.exact is not None:
            out.append(value.as_part())
        else:
            # A count in a phrase of counts is exact as written («1.039» is 1039).
            out.extend({**value.as_part(m.group()), "exact": m.group().replace(".", "")
                        if value.unit in units.COUNTS else None}
                       for m in _NUMBER.finditer(value.text))
    return tuple(out)


def figure(name: str, block: str, how: str | None, function: str, /,
           **fields: Any) -> Figure:
    """The block as a phrase with figures: its provenance joins the rows of the figures it
    quotes (``how`` says how the sentence was computed, for the provenance popup; ``None``:
    the block ``<block>.how`` of the same file says it, rendered with the same fields)."""
    said = text(name, f"{block}.how", **fields) if how is None else how
    return Figure(text(name, block, **fields), None, units.PHRASE, said, function,
                  inputs_of(fields.values()), parts_of(fields.values()))
