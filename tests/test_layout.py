"""The package's folders follow the data flow, and the README's module map matches the tree.

raw data → intake (reading, validation) → analysis → chapters → build → publish; ``common``
holds what every stage uses, ``compat`` the only uses of other libraries' internals. A module
imports from its own folder or from folders before it. The build's driver modules run the
publish step (Sphinx, the PDF, the standalone chapters) and may import it; nothing else looks
downstream. Read with ``ast``, function-level imports included.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "egovbook"
FLOW = ["compat", "common", "intake", "analysis", "chapters", "build", "publish", "cli"]
# Driver modules of the build, which run the publish step.
RUNS_PUBLISH = {"build.steps", "build.runner", "build.staging"}
MAX_LINES = 400


def modules() -> dict[str, Path]:
    return {p.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", "."): p
            for p in sorted(PACKAGE.rglob("*.py")) if p.name != "__init__.py"}


def stage(module: str) -> str:
    return module.split(".")[0]


def imported(path: Path) -> list[tuple[str, list[str]]]:
    """(module inside egovbook, names taken from it) for every import of the file."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and (
                node.module == "egovbook" or node.module.startswith("egovbook.")):
            base = node.module.removeprefix("egovbook").lstrip(".")
            for alias in node.names:
                name = f"{base}.{alias.name}".lstrip(".")
                if name.replace(".", "/") in {m.replace(".", "/") for m in modules()} or (
                        not base):
                    out.append((name, []))
                else:
                    out.append((base, [alias.name]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("egovbook."):
                    out.append((alias.name.removeprefix("egovbook."), []))
    return out


def test_every_module_sits_in_a_stage_folder() -> None:
    loose = [m for m in modules() if "." not in m and m != "cli"]
    assert loose == []
    assert {stage(m) for m in modules()} <= set(FLOW)


def test_imports_follow_the_data_flow() -> None:
    wrong = []
    for module, path in modules().items():
        mine = FLOW.index(stage(module))
        for target, _ in imported(path):
            theirs = FLOW.index(stage(target)) if stage(target) in FLOW else -1
            if theirs > mine and not (module in RUNS_PUBLISH and stage(target) == "publish"):
                wrong.append(f"{module} → {target}")
    assert wrong == []


def test_no_private_name_is_used_across_modules() -> None:
    used = []
    for module, path in modules().items():
        for target, names in imported(path):
            used += [f"{module} ← {target}.{n}" for n in names if n.startswith("_")]
        text = path.read_text(encoding="utf-8")
        # module._name on an imported egovbook module
        for target, _ in imported(path):
            short = target.rsplit(".", 1)[-1]
            used += [f"{module} ← {short}.{m}"
                     for m in re.findall(rf"(?<![\w.]){short}\.(_[a-z]\w*)", text)]
    assert used == []


@pytest.mark.parametrize("module", sorted(modules()))
def test_no_module_is_over_the_size_limit(module: str) -> None:
    lines = modules()[module].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} dòng"


def test_the_readme_module_map_matches_the_tree() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z_]+/[a-z_]+\.py|cli\.py)` \|", readme, re.MULTILINE))
    tree = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
            if p.name != "__init__.py"}
    assert listed == tree
