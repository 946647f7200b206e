"""Glued values with their provenance: the book's values registry.

A notebook glues a :class:`Figure` (or plain text) for the prose. Besides the displayed text, a
figure carries the exact value, its unit, the data rows it was computed from and how. The glue
output stores all of it in its metadata; the build collects every notebook's figures into one
``values.json`` published with the book, and the Sphinx extension shows each figure's provenance
beside the number in the page.

:class:`Traced` is a number that remembers where it came from: arithmetic on two traced numbers
keeps both sets of rows and writes down the operation, so a gap or a change explains itself.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from egovbook.common import fmt, units
from egovbook.compat import myst_nb as compat_myst_nb

REGISTRY_NAME = "values.json"
META_KEY = "egovbook"
# A table output's traced cells: {cell key: figure}, registered beside the glued values.
CELLS_KEY = "egovbook_cells"


def cell_key(table: str, row: int, column: int) -> str:
    """The registry name of a table's cell (row and column from 0, named from 1).

    >>> cell_key("tbl-muc-tieu", 0, 1)
    'tbl-muc-tieu/1/2'
    """
    return f"{table}/{row + 1}/{column + 1}"


@dataclass(frozen=True)
class Rows:
    """Rows of one data file: ``file`` relative to ``data/``; each key is ``col=value …``."""

    file: str
    keys: tuple[str, ...]
    columns: tuple[str, ...]
    summary: str  # Vietnamese, for the reader: "Việt Nam, năm 2024"


@dataclass(frozen=True)
class Figure:
    """What the prose shows, and what a reviewer needs to check it."""

    text: str
    exact: str | None
    unit: str
    how: str  # Vietnamese: how the figure was computed
    function: str
    inputs: tuple[Rows, ...] = ()
    # A sentence's own figures (text, exact, unit, how, inputs), in the order it quotes them:
    # the page shows each as a number with its provenance and the words as plain text.
    parts: tuple[dict[str, Any], ...] = ()

    def as_meta(self) -> dict[str, Any]:
        return asdict(self)

    def as_part(self, text: str | None = None) -> dict[str, Any]:
        """This figure as a number of a sentence (shown as ``text``, default its own)."""
        return {"text": self.text if text is None else text, "exact": self.exact,
                "unit": self.unit, "how": self.how, "inputs": [asdict(r) for r in self.inputs]}


def exact_text(value: Any) -> str | None:
    """The exact value as text (decimal, never a binary float's noise)."""
    if value is None or fmt.is_missing(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()
                                  and abs(value) < 1e15):
        return str(int(value))
    return format(fmt.exact(value), "f")


@dataclass(frozen=True)
class Traced:
    """A number with the rows it came from and a Vietnamese description of how."""

    value: Any
    what: str
    inputs: tuple[Rows, ...] = ()
    function: str = ""
    unit: str = ""

    def _combine(self, other: Traced, value: Any, word: str, unit: str) -> Traced:
        return Traced(value, f"{self.what} {word} {other.what}",
                      merge_inputs(self.inputs + other.inputs), self.function or other.function,
                      unit)

    def __sub__(self, other: Traced) -> Traced:
        missing = fmt.is_missing(self.value) or fmt.is_missing(other.value)
        value = None if missing else fmt.exact(self.value) - fmt.exact(other.value)
        # The difference of two index values is in points of the index, of two shares in
        # percentage points: a change reads as a change in every popup.
        unit = self.unit or other.unit
        return self._combine(other, value, "trừ", units.DIFFERENCE.get(unit, unit))

    def __add__(self, other: Traced) -> Traced:
        missing = fmt.is_missing(self.value) or fmt.is_missing(other.value)
        value = None if missing else fmt.exact(self.value) + fmt.exact(other.value)
        return self._combine(other, value, "cộng", self.unit or other.unit)

    def places_gained(self, later: Traced) -> Traced:
        """Ranks: places gained from ``self`` (earlier) to ``later`` (positive = moved up)."""
        missing = fmt.is_missing(self.value) or fmt.is_missing(later.value)
        value = None if missing else int(self.value) - int(later.value)
        return Traced(value, f"{self.what} trừ {later.what}",
                      merge_inputs(self.inputs + later.inputs),
                      self.function or later.function, units.RANK_PLACES)

    def show(self, formatter: Callable[..., str] = fmt.number, *args: Any,
             unit: str | None = None, how: str | None = None) -> Figure:
        """The displayed figure: ``formatter(value, *args)`` and its provenance."""
        return Figure(formatter(self.value, *args), exact_text(self.value),
                      self.unit if unit is None else unit, how or self.what, self.function,
                      self.inputs)


def merge_inputs(rows: Iterable[Rows]) -> tuple[Rows, ...]:
    """Rows of the same file and columns joined, in first-seen order, keys deduplicated."""
    out: dict[tuple[str, tuple[str, ...]], Rows] = {}
    for r in rows:
        key = (r.file, r.columns)
        if key in out:
            old = out[key]
            keys = tuple(dict.fromkeys(old.keys + r.keys))
            summary = old.summary if r.summary == old.summary else f"{old.summary}; {r.summary}"
            out[key] = Rows(r.file, keys, r.columns, summary)
        else:
            out[key] = r
    return tuple(out.values())


def count(items: Any, what: str, rows: Rows | None = None, function: str = "") -> Traced:
    """A count of table rows or items, traced to the rows counted."""
    return Traced(len(items), what, (rows,) if rows else (), function, units.COUNT)


# --- the registry ---------------------------------------------------------------------------


@dataclass
class Entry:
    key: str
    chapter: str
    name: str
    text: str
    exact: str | None = None
    unit: str = units.TEXT
    how: str = ""
    function: str = ""
    inputs: list[dict[str, Any]] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)


def glued_text(output: dict[str, Any]) -> str:
    """The text a glue output holds (its ``text/plain``, a Python literal), ``""`` if none."""
    value = compat_myst_nb.glued_data(output, "text/plain")
    if value is None:
        return ""
    raw = "".join(value) if isinstance(value, list) else value
    try:
        return str(ast.literal_eval(raw))
    except (ValueError, SyntaxError):
        return raw


def entries_of(nb: Any, chapter: str, parameters: dict[str, Any]) -> list[Entry]:
    """The glued values of one executed notebook, in the order they were glued."""
    out = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            meta = output.get("metadata", {})
            name = compat_myst_nb.glued_name(output)
            if not name:
                continue
            text = glued_text(output)
            figure = meta.get(META_KEY)
            entry = Entry(f"{chapter}::{name}", chapter, name, text, parameters=parameters)
            if figure:
                entry.exact = figure.get("exact")
                entry.unit = figure.get("unit") or ""
                entry.how = figure.get("how") or ""
                entry.function = figure.get("function") or ""
                entry.inputs = [dict(r) for r in figure.get("inputs", [])]
                entry.parts = [dict(p) for p in figure.get("parts", [])]
            out.append(entry)
    return out


def cells_of(nb: Any, chapter: str, parameters: dict[str, Any]) -> list[Entry]:
    """The traced table cells of one executed notebook, in the order the tables show them (a
    cell of several numbers keeps each number's own figure in ``parts``)."""
    out = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            for name, figure in output.get("metadata", {}).get(CELLS_KEY, {}).items():
                out.append(Entry(f"{chapter}::{name}", chapter, name, figure["text"],
                                 figure.get("exact"), figure.get("unit") or "",
                                 figure.get("how") or "", figure.get("function") or "",
                                 [dict(r) for r in figure.get("inputs", [])],
                                 [dict(p) for p in figure.get("parts", [])],
                                 parameters=parameters))
    return out


def registry(notebooks: Iterable[Path], parameters: dict[str, Any],
             hashes: dict[str, str], used: dict[str, dict[str, Any]] | None = None
             ) -> dict[str, Any]:
    """All glued values of the executed notebooks and their tables' traced cells (kept apart:
    the golden values and the changelog compare the glued values); each input names its
    file's sha256."""
    values, cells = [], []
    for path in sorted(notebooks):
        nb = json.loads(path.read_text(encoding="utf-8"))
        own = (used or {}).get(path.stem, parameters)
        for found, entries in ((values, entries_of(nb, path.stem, own)),
                               (cells, cells_of(nb, path.stem, own))):
            for entry in entries:
                for rows in entry.inputs:
                    rows["sha256"] = hashes.get(rows["file"], "")
                found.append(asdict(entry))
    return {"parameters": parameters, "values": values, "cells": cells}


def write(reg: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(reg, ensure_ascii=False, indent=1, sort_keys=False) + "\n",
                    encoding="utf-8")


def load(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def by_key(reg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {v["key"]: v for v in reg.get("values", [])}


# --- golden snapshot and differences --------------------------------------------------------

GOLDEN = Path("tests") / "golden" / "values-default.json"


def snapshot(reg: dict[str, Any]) -> dict[str, Any]:
    """What a reviewer signs off: each key's displayed text and exact value."""
    return {"parameters": reg.get("parameters", {}),
            "values": {v["key"]: {"text": v["text"], "exact": v.get("exact")}
                       for v in reg.get("values", [])}}


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Figures that changed, appeared or disappeared between two snapshots."""
    a, b = old.get("values", {}), new.get("values", {})
    out = []
    for key in sorted(a.keys() | b.keys()):
        before, after = a.get(key), b.get(key)
        if before == after:
            continue
        kind = "mới" if before is None else "bỏ" if after is None else "đổi"
        out.append({"key": key, "kind": kind, "old": before, "new": after})
    return out


def render_differences(diffs: list[dict[str, Any]]) -> str:
    """One readable line per difference, for test failures and review."""
    lines = []
    for d in diffs:
        old = d["old"] or {}
        new = d["new"] or {}
        lines.append(f"{d['kind']:>3}  {d['key']}: «{old.get('text', '')}» ({old.get('exact')})"
                     f" → «{new.get('text', '')}» ({new.get('exact')})")
    return "\n".join(lines)


def write_snapshot(reg: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(snapshot(reg), ensure_ascii=False, indent=1, sort_keys=True)
                    + "\n", encoding="utf-8")


def counted(n: int, how: str, function: str, inputs: tuple[Rows, ...],
            unit: str = units.COUNT) -> Figure:
    """A count stated in prose, with the rows it counted (for a count of none, the rows it
    looked through): a reader can open each row the number stands for."""
    return Figure(fmt.number(n), str(n), unit, how, function, inputs)


def counts_phrase(text: str, how: str, function: str, counts: Iterable[Figure]) -> Figure:
    """A phrase of counts («*khớp với dữ liệu* (29), …»): each count is a number of the phrase
    with its own rows (:func:`counted`), and the phrase names them all."""
    counts = tuple(counts)
    return Figure(text, None, units.PHRASE, how, function,
                  merge_inputs(r for c in counts for r in c.inputs),
                  tuple(c.as_part() for c in counts))


def phrase(text: str, how: str, function: str, inputs: tuple[Rows, ...] = ()) -> Figure:
    """A computed phrase that contains figures (a list of counts, a comparison)."""
    return Figure(text, None, units.PHRASE, how, function, inputs)
