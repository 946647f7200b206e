"""The build's one cache scheme: a product is current when the key of its inputs equals the key
stored beside it.

Every product the build can skip uses it: an executed notebook (:mod:`egovbook.build.runner`),
the PDF (:mod:`egovbook.publish.pdf`) and the published book (:mod:`egovbook.build.steps`). A key is
:func:`key` of named parts; a part is a JSON value (parameters, a digest) or files, hashed by
their path relative to the project (or stage) and their bytes (:func:`files_digest`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

PACKAGE = Path("scripts") / "egovbook"
PROSE = Path("notebooks") / "prose"
ENVIRONMENT = "requirements.txt"


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """One digest of files: each one's path relative to ``root`` and its bytes (a missing file
    counts as empty, so a file that appears or goes changes the digest)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"")
        digest.update(b"\0")
    return digest.hexdigest()


def code_files(root: Path) -> list[Path]:
    """What every product's code is: the package's modules and the chapters' sentences
    (``notebooks/prose``). Not scripts/benchmark.py and the like."""
    return sorted([*(root / PACKAGE).rglob("*.py"), *(root / PROSE).rglob("*.md")])


def code_digest(root: Path) -> str:
    """The package's code and the pinned environment, as one part of a key."""
    return key({"code": files_digest(code_files(root), root),
                "env": files_digest([root / ENVIRONMENT], root)})


def key(parts: Mapping[str, Any]) -> str:
    """The key of named parts (JSON values; sort order does not matter)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def is_current(product: Path, stamp: Path, wanted: str) -> bool:
    """Whether ``product`` exists and was made from inputs whose key was ``wanted``."""
    return product.exists() and stamp.is_file() and stamp.read_text() == wanted


def mark(stamp: Path, made_from: str) -> None:
    """Record the key a product was just made from (after the product is complete)."""
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(made_from)


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file holds it already, so its time stays and Sphinx re-reads
    only pages that changed. Atomic: a reader never sees half a file."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True
