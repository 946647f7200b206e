"""Notebook metadata (read once) and the cache key of a notebook's executed copy.

A notebook's metadata says which data files it reads (``egovbook.reads``: patterns relative to
``data/``, such as ``quarterly/*``) and, for chapters on one country's own data, which countries
it applies to (``intake.countries``). Its cell tagged ``parameters`` says which build
parameters it takes.

The key of an executed notebook (:mod:`egovbook.build.cache`, the build's one cache scheme)
hashes its source, the parameters it takes, the code (the package, the chapters' sentences and
``requirements.txt``: :func:`egovbook.build.cache.code_digest`), and the
data files the notebook *read* in its last run, as :mod:`egovbook.intake.data_access` recorded them
(with the folders it listed, so a new quarterly file is seen). A data file it never read does
not change its key. What it read must be covered by what it declares (:func:`undeclared`); the
build refuses a notebook whose declaration is wrong, so the metadata stays true.
"""

from __future__ import annotations

import ast
import fnmatch
import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from egovbook.build import cache
from egovbook.intake import data_access

MISSING = "missing"
GLOB_CHARS = frozenset("*?[")

# What a notebook read: name relative to data/ ("quarterly/" for a folder's listing) → digests.
Reads = Mapping[str, Collection[str]]


@dataclass(frozen=True)
class NotebookMeta:
    """What the build needs to know about a notebook, from one parse of its file."""

    path: Path
    reads: tuple[str, ...]
    countries: tuple[str, ...] | None
    parameters: frozenset[str]

    def applies(self, country: str) -> bool:
        return self.countries is None or country in self.countries


def parameters_of(source: str) -> set[str]:
    """Names a ``parameters`` cell assigns (plain or annotated assignments), read with ``ast``:
    importing Papermill just to inspect costs more than a no-change rebuild should."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, ast.AnnAssign) else [])
        names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _parse(path: Path, raw: bytes) -> NotebookMeta:
    nb = json.loads(raw.decode("utf-8"))
    meta = nb.get("metadata", {}).get("egovbook", {})
    params: set[str] = set()
    for cell in nb.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell["source"]
            params = parameters_of("".join(source) if isinstance(source, list) else source)
            break
    countries = meta.get("countries")
    return NotebookMeta(path, tuple(meta.get("reads", [])),
                        None if countries is None else tuple(countries), frozenset(params))


_PARSED: dict[tuple[Path, str], NotebookMeta] = {}


def notebook_meta(nb_path: Path) -> NotebookMeta:
    """The notebook's metadata, parsed once for each content the file has had (keyed on its
    digest, not its mtime: an edit within the clock's resolution is still seen)."""
    raw = nb_path.read_bytes()
    key = (nb_path, data_access.digest(raw))
    meta = _PARSED.get(key)
    if meta is None:
        if len(_PARSED) > 512:
            _PARSED.clear()
        meta = _PARSED[key] = _parse(nb_path, raw)
    return meta


def notebook_reads(nb_path: Path) -> list[str]:
    """Data files a notebook declares it reads (``metadata.egovbook.reads``), relative to data/."""
    return list(notebook_meta(nb_path).reads)


def notebook_applies(nb_path: Path, country: str) -> bool:
    """Chapters on one country's own data (``intake.countries``) are left out for others."""
    return notebook_meta(nb_path).applies(country)


def declared_parameters(nb_path: Path) -> set[str]:
    """Names assigned in the cell tagged ``parameters``."""
    return set(notebook_meta(nb_path).parameters)


# --- declarations -----------------------------------------------------------------------------


def _matches(name: str, pattern: str) -> bool:
    """``pattern`` as ``Path.glob`` reads it: one path component per ``/``, ``*`` within one."""
    parts, pats = PurePosixPath(name).parts, PurePosixPath(pattern).parts
    return len(parts) == len(pats) and all(
        fnmatch.fnmatchcase(a, p) for a, p in zip(parts, pats, strict=True))


def covered(name: str, patterns: Iterable[str]) -> bool:
    """Whether a recorded read is within a declaration. Listing a folder (``quarterly/``) is
    covered by a pattern for the files in it (``quarterly/*``, ``quarterly/*.csv``)."""
    if PurePosixPath(name).is_absolute():
        return False
    if name.endswith("/"):
        folder = PurePosixPath(name.rstrip("/") or ".")
        return any(PurePosixPath(p).parent == folder and GLOB_CHARS & set(PurePosixPath(p).name)
                   for p in patterns)
    return any(_matches(name, p) for p in patterns)


def undeclared(reads: Iterable[str], patterns: Iterable[str]) -> list[str]:
    """Recorded reads the declaration does not cover, sorted."""
    patterns = list(patterns)
    return sorted(name for name in reads if not covered(name, patterns))


def undeclared_message(notebook: str, names: Iterable[str]) -> str:
    """The build's Vietnamese refusal: which notebook read which undeclared files."""
    shown = []
    for name in names:
        if PurePosixPath(name).is_absolute():
            shown.append(f"{name} (ngoài thư mục data/)")
        elif name.endswith("/"):
            shown.append(f"danh sách tệp trong data/{name}")
        else:
            shown.append(f"data/{name}")
    return (f"Notebook {notebook} đọc dữ liệu không khai báo trong metadata egovbook.reads: "
            + "; ".join(shown) + ". Hãy thêm tệp (hoặc mẫu như «quarterly/*») vào danh sách "
            "egovbook.reads của notebook, để bộ nhớ đệm biết chạy lại notebook khi dữ liệu đó "
            "thay đổi.")


# --- recorded reads ---------------------------------------------------------------------------


def current_reads(names: Iterable[str], root: Path) -> dict[str, list[str]]:
    """The digests the files (and folder listings) a notebook read have now."""
    data = root / "data"
    out: dict[str, list[str]] = {}
    for name in names:
        path = data / name
        if name.endswith("/"):
            out[name] = [data_access.listing_digest(path)]
        elif path.is_file():
            out[name] = [data_access.digest(path.read_bytes())]
        else:
            out[name] = [MISSING]
    return out


def load_reads(path: Path) -> dict[str, list[str]] | None:
    """Reads stored by the last run (``<stem>.reads.json``); None when there are none."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): [str(d) for d in v] for k, v in stored["reads"].items()}
    except (OSError, ValueError, KeyError, AttributeError, TypeError):
        return None


def save_reads(path: Path, notebook: str, reads: Reads) -> None:
    body = {"notebook": notebook, "reads": {k: sorted(reads[k]) for k in sorted(reads)}}
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- the key ----------------------------------------------------------------------------------


def static_parts(nb_path: Path, params: dict[str, Any], root: Path) -> dict[str, Any]:
    """The key's inputs that do not depend on what the notebook read."""
    return {
        "notebook": cache.files_digest([nb_path], root),
        "params": params,
        "code": cache.code_digest(root),
    }


def combine(parts: dict[str, Any], reads: Reads) -> str:
    return cache.key({**parts, "data": {name: sorted(reads[name]) for name in sorted(reads)}})


def cache_key(nb_path: Path, params: dict[str, Any], root: Path, reads: Reads) -> str:
    """Key of ``nb_path`` run with ``params`` that read ``reads`` (see the module's doc)."""
    return combine(static_parts(nb_path, params, root), reads)


def current_key(nb_path: Path, params: dict[str, Any], root: Path,
                recorded: Reads) -> str:
    """The key the notebook would have now, if it read the same files as last time."""
    return cache_key(nb_path, params, root, current_reads(recorded, root))
