"""The sentences of chapters 4–6 and of the changelog live in Markdown files an editor can change:
each block a chapter asks for exists, each block of the files is used, and no sentence is left
in a Python string of the modules that fill them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

from egovbook.chapters import prose
from egovbook.common.paths import project_root

ROOT = project_root()
CHAPTERS = ROOT / "scripts" / "egovbook" / "chapters"
EDITIONS = ROOT / "scripts" / "egovbook" / "build" / "editions.py"
# prose file → the code that fills it (modules and the chapter's notebook)
USERS = {
    "04_chi_tieu_trong_nuoc": [CHAPTERS / "domestic_indicators.py",
                               ROOT / "notebooks" / "04_chi_tieu_trong_nuoc.ipynb"],
    "05_cong_dvc_chuyen_doi_so": [CHAPTERS / "domestic_portal.py",
                                  ROOT / "notebooks" / "05_cong_dvc_chuyen_doi_so.ipynb"],
    "06_co_gi_moi": [CHAPTERS / "domestic_new.py", CHAPTERS / "domestic_quarter.py"],
    "book/thay-doi": [EDITIONS],
    "book/trich-dan": [EDITIONS],
}
# A call that names a block: _say("x"), prose.text(say, "x"), prose.text(CITE_PROSE, "x")…
CALL = re.compile(r"""(?:_say|prose\.text)\((?:\w+,\s*)?"([A-Za-z0-9_.\-]+)"\s*[,)]""")


def _code(path: Path) -> str:
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, 4)
        return "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return path.read_text(encoding="utf-8")


def _asked(path: Path, name: str) -> set[str]:
    """Blocks a file asks for from the prose file ``name`` (the prose file it is paired with,
    or, in editions.py, the one named by the constant in the call)."""
    text = _code(path)
    if path == EDITIONS:
        cite = set(re.findall(r'prose\.text\(CITE_PROSE,\s*"([^"]+)"', text))
        return cite if name == "book/trich-dan" else set(CALL.findall(text)) - cite
    if path.name == "domestic_quarter.py":
        return set(re.findall(r'prose\.text\(COMPARE_PROSE,\s*"([^"]+)"', text))
    return set(CALL.findall(text))


@pytest.mark.parametrize("name", sorted(USERS))
def test_each_block_asked_for_exists_and_each_block_is_used(name: str) -> None:
    have = set(prose.blocks(name))
    asked = set().union(*(_asked(p, name) for p in USERS[name]))
    assert asked, f"no call found for {name}: the pattern no longer matches the code"
    assert asked - have == set(), f"{name}: blocks asked for but missing"
    assert have - asked == set(), f"{name}: blocks nobody uses"


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


@pytest.mark.parametrize("path", [*sorted(CHAPTERS.glob("domestic_*.py")), EDITIONS],
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


def test_modules_of_the_domestic_chapters_stay_short() -> None:
    long = {p.name: n for p in CHAPTERS.glob("domestic_*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
