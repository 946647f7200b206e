"""The «Ghi chú dữ liệu» section of the reproducibility appendix: what validation noticed in
the input files without refusing them, grouped by file, for the staff who review the files
(rows, columns and file names are what they need here). The files' own text (a column's name,
a cell's value), which the staff's messages quote in «», is shown here as code: the book keeps
«» for the sources' words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from egovbook.common.problems import Problem
from egovbook.intake import quarterly
from egovbook.intake.domestic import CATALOGUE

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _code(text: str) -> str:
    """A file's text as a Markdown code span (spaces kept; a backtick inside takes longer
    fences)."""
    fence = "`" * (max((len(r) for r in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _message(text: str) -> str:
    """A staff message in Markdown: its «…» (the file's text) as code, the rest escaped."""
    parts = re.split(r"«([^«»]*)»", text)
    return "".join(_code(p) if i % 2 else _md(p) for i, p in enumerate(parts))


def shown_path(file: str) -> str:
    """Where a noted file is, from the project's root: catalogue files are named by their path
    under ``data/``, files outside it by theirs, quarterly files by their name."""
    if file in {c.path for c in CATALOGUE.values()}:
        return f"data/{file}"
    return file if "/" in file else f"data/{quarterly.QUARTERLY}/{file}"


def render_data_notes(notes: Sequence[Problem]) -> str:
    """A short Markdown page body (no title) listing the notes, grouped by file.

    The notes are the warnings of :func:`egovbook.intake.validate.validate_all`: the quarterly
    files' (:func:`egovbook.intake.quarterly_checks.data_notes`) and the catalogue's.
    """
    intro = ("Bước kiểm tra số liệu trong nước ghi lại những điểm dưới đây. Chúng không ngăn sách "
             "được dựng, nhưng người duyệt nên xem lại trước khi phát hành.")
    if not notes:
        return "Không có ghi chú nào: mọi tệp số liệu quý đọc được đúng như mẫu.\n"
    by_file: dict[str, list[Problem]] = {}
    for note in notes:
        by_file.setdefault(note.file, []).append(note)
    lines = [intro, ""]
    for file in sorted(by_file, key=lambda f: quarterly.file_order(Path(f))):
        lines += [f"**Tệp {_md(shown_path(file))}**", ""]
        for note in by_file[file]:
            where = []
            if note.row is not None:
                where.append(f"dòng {note.row}")
            if note.column:
                where.append(f"cột {_code(note.column)}")
            head = ", ".join(where)
            head = head[0].upper() + head[1:] + ": " if head else ""
            if note.value is not None:
                shown = note.value if len(note.value) <= 60 else note.value[:57] + "…"
                head += f"giá trị {_code(shown)} — "
            text = _message(note.message)
            lines.append(f"- {head}{text[0].upper() + text[1:] if not head else text}")
        lines.append("")
    return "\n".join(lines)
