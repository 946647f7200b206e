"""Each chapter declares once the keys it glues, and every key and every sentence is used.

The declaration is the notebook's metadata ``egovbook.glue`` (beside ``reads``): every key the
chapter glues. ``egovbook.glue_not_shown`` lists those glued only for the values registry
(``values.json``), which no page shows. Read without running a notebook:

- a key a page uses (``{glue:text}`key:s```, ``{glue}``, ``{glue:md}``, or
  ``notebook.ipynb::key`` from another page) must be declared by that notebook;
- a declared key must be used by some page, unless it is declared not shown;
- the default book glues exactly the declared keys (its reviewed values,
  ``tests/golden/values-default.json``);
- every block of a prose file (``notebooks/prose``, ``book/prose``) is asked for by the code,
  and every block the code asks for exists.
"""

from __future__ import annotations

import ast
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from egovbook.chapters import prose

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`]+)`")
GOLDEN = ROOT / "tests" / "golden" / "values-default.json"


def _notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _declared(path: Path) -> tuple[set[str], set[str]]:
    meta = _notebook(path)["metadata"].get("egovbook", {})
    return set(meta.get("glue", [])), set(meta.get("glue_not_shown", []))


def roles(text: str, own: str | None) -> list[tuple[str | None, str]]:
    """``(notebook stem, key)`` of each glue role; a role without ``::`` is the page's own."""
    found = []
    for ref in ROLE.findall(text):
        target, key = (Path(ref.split("::")[0]).stem, ref.split("::", 1)[1]) if "::" in ref \
            else (own, ref)
        found.append((target, key.split(":")[0]))
    return found


def test_roles_are_read_with_and_without_a_notebook() -> None:
    text = ("{glue:text}`year:s` {glue}`n` {glue:md}`l_new:myst` "
            "{glue:text}`../notebooks/01_tong_quan_egdi.ipynb::name:s`")
    assert roles(text, "00_x") == [("00_x", "year"), ("00_x", "n"), ("00_x", "l_new"),
                                   ("01_tong_quan_egdi", "name")]


def used_keys() -> dict[str | None, set[str]]:
    """Keys each notebook's glue must provide: its own Markdown, and every page's cross
    references (other notebooks, the book's pages, prose files)."""
    used: dict[str | None, set[str]] = defaultdict(set)
    for path in NOTEBOOKS:
        for cell in _notebook(path)["cells"]:
            if cell["cell_type"] == "markdown":
                for target, key in roles("".join(cell["source"]), path.stem):
                    used[target].add(key)
    pages = [*(ROOT / "book").rglob("*.md"), *(ROOT / prose.CHAPTER_DIR).glob("*.md")]
    for page in pages:
        own = page.stem if page.parent == ROOT / prose.CHAPTER_DIR else None
        for target, key in roles(page.read_text(encoding="utf-8"), own):
            used[target].add(key)
    return used


USED = used_keys()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_chapter_declares_the_keys_it_glues_once(path: Path) -> None:
    glued, not_shown = _declared(path)
    used = USED.get(path.stem, set())
    assert glued, f"{path.name}: metadata egovbook.glue is missing"
    assert not used - glued, f"{path.name}: used but not declared: {sorted(used - glued)}"
    unused = glued - not_shown - used
    assert not unused, f"{path.name}: declared but used by no page: {sorted(unused)}"
    assert not_shown <= glued, f"{path.name}: glue_not_shown lists undeclared keys"
    assert not not_shown & used, f"{path.name}: shown after all: {sorted(not_shown & used)}"


def test_no_page_uses_a_key_of_a_notebook_that_does_not_exist() -> None:
    assert set(USED) <= {p.stem for p in NOTEBOOKS}, sorted(set(USED) - {p.stem
                                                                          for p in NOTEBOOKS})


def test_the_default_book_glues_exactly_the_declared_keys() -> None:
    golden: dict[str, set[str]] = defaultdict(set)
    for name in json.loads(GOLDEN.read_text(encoding="utf-8"))["values"]:
        stem, key = name.split("::", 1)
        golden[stem].add(key)
    for path in NOTEBOOKS:
        glued, _ = _declared(path)
        assert glued == golden[path.stem], (
            f"{path.name}: declared {sorted(glued - golden[path.stem])} not glued; "
            f"glued {sorted(golden[path.stem] - glued)} not declared")


# --- prose blocks: asked for by the code ----------------------------------------------------

CALLS = {"text": 1, "figure": 1}  # prose function → index of the block argument


def _constants(tree: ast.Module) -> dict[str, str]:
    return {t.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            for t in node.targets if isinstance(t, ast.Name)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def _modules() -> dict[str, dict[str, str]]:
    """Module-level string constants of every package module, by dotted name."""
    out = {}
    for path in (ROOT / "scripts" / "egovbook").rglob("*.py"):
        name = ".".join(path.relative_to(ROOT / "scripts").with_suffix("").parts)
        out[name] = _constants(ast.parse(path.read_text(encoding="utf-8")))
    return out


MODULES = _modules()


def _pattern(node: ast.expr, scope: dict[str, str], aliases: dict[str, str]) -> str | None:
    """The regular expression a stem or block argument matches (None: cannot be read)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.Name) and node.id in scope:
        return re.escape(scope[node.id])
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        module = MODULES.get(aliases.get(node.value.id, ""), {})
        if node.attr in module:
            return re.escape(module[node.attr])
    if isinstance(node, ast.JoinedStr):  # f"{key}.how": any block with that shape
        parts = [_pattern(v, scope, aliases) if isinstance(v, ast.Constant) else ".+"
                 for v in node.values]
        return None if None in parts else "".join(p for p in parts if p)
    return None


def _asked(source: str, module: str) -> list[tuple[str, str, bool]]:
    """``(stem pattern, block pattern, reads <block>.how)`` of each prose call in ``source``."""
    tree = ast.parse(source)
    scope = {**MODULES.get(module, {}), **_constants(tree)}
    aliases = {a.asname or a.name: f"{n.module}.{a.name}" for n in ast.walk(tree)
               if isinstance(n, ast.ImportFrom) and n.module for a in n.names}
    for node in tree.body:  # say = domestic_portal.PROSE: a module's constant under a new name
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute) \
                and isinstance(node.value.value, ast.Name):
            module = MODULES.get(aliases.get(node.value.value.id, ""), {})
            if node.value.attr in module:
                scope.update({tg.id: module[node.value.attr] for tg in node.targets
                              if isinstance(tg, ast.Name)})
    # A module's own helper that passes its argument on as the block (``def _say(block, **f):
    # return prose.text(PROSE, block, **f)``) names the block where it is called.
    wrappers: dict[str, str] = {}
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef) and fn.args.args:
            first = fn.args.args[0].arg
            for node in ast.walk(fn):
                if _is_prose_call(node) and isinstance(node.args[1], ast.Name) \
                        and node.args[1].id == first:
                    stem = _pattern(node.args[0], scope, aliases)
                    if stem is not None:
                        wrappers[fn.name] = stem
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in wrappers and node.args:
            block = _pattern(node.args[0], scope, aliases)
            if block is not None:
                found.append((wrappers[node.func.id], block, False))
                continue
        if not _is_prose_call(node):
            continue
        stem, block = (_pattern(a, scope, aliases) for a in node.args[:2])
        where = f"{module}:{node.lineno}"
        inside_wrapper = isinstance(node.args[1], ast.Name) and stem in wrappers.values()
        if inside_wrapper:
            continue
        assert stem is not None and block is not None, f"{where}: prose call not readable"
        how = node.func.attr == "figure" and isinstance(node.args[2], ast.Constant) \
            and node.args[2].value is None
        found.append((stem, block, how))
    return found


def _is_prose_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "prose"
            and node.func.attr in CALLS and len(node.args) >= 2)


def asked_blocks() -> list[tuple[str, str, bool]]:
    found = []
    for name in MODULES:
        path = ROOT / "scripts" / Path(*name.split(".")).with_suffix(".py")
        if name != "egovbook.chapters.prose":
            found += _asked(path.read_text(encoding="utf-8"), name)
    for path in NOTEBOOKS:  # one program: a cell uses the modules an earlier cell imports
        code = "\n".join(line for cell in _notebook(path)["cells"]
                         if cell["cell_type"] == "code"
                         for line in "".join(cell["source"]).splitlines()
                         if not line.lstrip().startswith(("%", "!")))
        found += _asked(code, path.name)
    return found


def _plain(pattern: str) -> str:
    """A block pattern as the block's name, for messages (``f\\.how`` → ``f.how``)."""
    return re.sub(r"\\(.)", r"\1", pattern)


def prose_files() -> dict[str, dict[str, str]]:
    files = {p.stem: prose.blocks(p.stem) for p in (ROOT / prose.CHAPTER_DIR).glob("*.md")
             if p.name != "README.md"}
    files |= {f"book/{p.stem}": prose.blocks(f"book/{p.stem}")
              for p in (ROOT / prose.PAGE_DIR).glob("*.md") if p.name != "README.md"}
    return files


def test_every_prose_block_is_asked_for_and_every_block_asked_for_exists() -> None:
    files = prose_files()
    asked = asked_blocks()
    assert asked, "no prose call found: the scan is broken"
    missing = []
    for stem, block, how in asked:
        stems = [s for s in files if re.fullmatch(stem, s)]
        for s in stems or [stem]:
            names = files.get(s, {})
            wanted = [block] + ([block + r"\.how"] if how else [])
            missing += [f"{s}: {_plain(w)}" for w in wanted
                        if not any(re.fullmatch(w, n) for n in names)]
    assert not missing, f"blocks asked for but not in a prose file: {missing}"
    unused = []
    for stem, names in files.items():
        patterns = [b + (r"(\.how)?" if how else "") for s, b, how in asked
                    if re.fullmatch(s, stem)]
        unused += [f"{stem}: {n}" for n in names if not any(re.fullmatch(p, n)
                                                            for p in patterns)]
    assert not unused, f"prose blocks no code asks for: {unused}"
