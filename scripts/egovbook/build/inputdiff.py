"""Which rows of an input file changed since a published edition.

The edition records each input's checksum; this module reads the file as it was at the
edition's commit (``git show``) and as it is now, and says which spreadsheet rows were changed,
added or removed. A quarterly file is read as staff files are read (CSV or workbook, so the same
rows saved in another format are the same rows); another CSV row by row.
"""

from __future__ import annotations

import csv
import difflib
import io
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

from egovbook.common import periods
from egovbook.common.problems import ProblemList
from egovbook.intake import quarterly

Row = tuple[int, tuple[str, ...]]


def _quarterly_label(path: str) -> str | None:
    """``data/quarterly/2023Q1.csv`` → ``2023Q1``; None for any other file."""
    p = PurePosixPath(path)
    m = quarterly.FILE_RE.match(p.name)
    return f"{m.group(1)}Q{m.group(2)}" if m and p.parent.as_posix() == "data/quarterly" else None


def is_later_quarter(path: str, quarter: str | None) -> bool:
    """Whether a path is the quarterly file of a quarter after ``quarter``."""
    own = _quarterly_label(path)
    return bool(own and quarter) and periods.quarter_index(own) > periods.quarter_index(quarter)


def pair_formats(paths: list[str], old: dict[str, str], new: dict[str, str]
                 ) -> list[tuple[str | None, str | None]]:
    """Changed files as (path at the edition, path now); a file saved in another format (same
    folder and name, ``.xlsx`` → ``.csv``) is one pair, not one removed and one added."""
    out: list[tuple[str | None, str | None]] = []
    gone = [p for p in paths if p in old and p not in new]
    came = [p for p in paths if p in new and p not in old]
    for path in paths:
        if path in old and path in new:
            out.append((path, path))
        elif path in gone:
            stem = str(PurePosixPath(path).with_suffix(""))
            twin = next((c for c in came if str(PurePosixPath(c).with_suffix("")) == stem), None)
            if twin:
                came.remove(twin)
            out.append((path, twin))
    out += [(None, p) for p in came]
    return sorted(out, key=lambda pair: pair[1] or pair[0] or "")


def _rows(name: str, data: bytes, as_quarterly: bool) -> list[Row] | None:
    if as_quarterly:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            table = quarterly.read_table(path, ProblemList())
        return [(r.number, tuple(r.cells.get(c, "") for c in quarterly.COLUMNS))
                for r in table.rows]
    if not name.endswith(".csv"):
        return None
    # A row is its filled cells by column name: a column added empty changes no row.
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace"))))
    header = rows[0] if rows else []
    return [(i + 1, tuple((h, v) for h, v in zip(header, cells, strict=False) if v != ""))
            for i, cells in enumerate(rows) if i > 0]


def old_bytes(root: Path, commit: str | None, path: str) -> bytes | None:
    if not commit:
        return None
    try:
        out = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=root,
                             capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout if out.returncode == 0 else None


# The cells of a quarterly row that make its figure; a row whose other cells alone changed (its
# note, its quote) is «noted», not a changed figure (review 25, C10).
FIGURE_CELLS = tuple(quarterly.COLUMNS.index(c) for c in
                     ("indicator", "date", "value", "qualifier", "numerator", "denominator"))


def compare_rows(old: list[Row], new: list[Row], figure: tuple[int, ...] = ()
                 ) -> dict[str, list[int]]:
    """Rows changed and added (numbered as now) and removed (numbered as at the edition); with
    ``figure`` (cell positions), a changed row with those cells equal is «noted» instead."""
    found: dict[str, list[int]] = {"changed": [], "noted": [], "added": [], "removed": []}
    matcher = difflib.SequenceMatcher(None, [c for _, c in old], [c for _, c in new],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            (_, was), (number, now) = old[i1 + k], new[j1 + k]
            same = figure and all(was[c] == now[c] for c in figure if c < min(len(was), len(now)))
            found["noted" if same else "changed"].append(number)
        found["added"] += [new[j][0] for j in range(j1 + paired, j2)]
        found["removed"] += [old[i][0] for i in range(i1 + paired, i2)]
    return found


def row_changes(root: Path, commit: str | None, old_path: str, new_path: str
                ) -> dict[str, list[int]] | None:
    """The rows of an input that differ from the edition's commit (None: cannot tell)."""
    before = old_bytes(root, commit, old_path)
    current = root / new_path
    if before is None or not current.is_file():
        return None
    as_quarterly = _quarterly_label(new_path) is not None
    old = _rows(PurePosixPath(old_path).name, before, as_quarterly)
    new = _rows(current.name, current.read_bytes(), as_quarterly)
    if old is None or new is None:
        return None
    return compare_rows(old, new, FIGURE_CELLS if as_quarterly else ())
