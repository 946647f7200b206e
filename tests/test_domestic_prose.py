"""No reader-facing sentence is left in a Python string of the modules that fill the chapters
and the changelog: they live in the prose files (tests/test_glue_keys.py checks that every block
asked for exists and every block is used)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from egovbook.common.paths import project_root

ROOT = project_root()
CHAPTERS = ROOT / "scripts" / "egovbook" / "chapters"
EDITIONS = ROOT / "scripts" / "egovbook" / "build" / "editions.py"
SENTENCE = re.compile(r"[\w)}»][.!?](\s|$)")


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef))
                  and ast.get_docstring(n) is not None}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            out.append((node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}"
                                             for v in node.values)))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            out.append((node.lineno, node.value))
    return out


@pytest.mark.parametrize("path", [*sorted(CHAPTERS.glob("*.py")), EDITIONS],
                         ids=lambda p: p.name)
def test_no_sentence_is_left_in_python(path: Path) -> None:
    """Labels, status words and units may stay; a Vietnamese sentence may not."""
    found = [(line, s) for line, s in _literals(path)
             if len(s.split()) >= 5 and SENTENCE.search(s) and re.search(r"[^\x00-\x7f]", s)]
    assert found == []


def test_the_rule_sees_a_sentence() -> None:
    s = "Chưa có số liệu về nền tảng số đến hết {}."
    assert SENTENCE.search(s) and len(s.split()) >= 5
    assert not SENTENCE.search("% hoặc số đếm theo từng chỉ tiêu")
