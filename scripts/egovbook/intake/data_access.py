"""The one door to ``data/``: every loader reads its file through here.

When ``EGOVBOOK_READS_LOG`` names a file (the build sets it for each notebook's kernel), every
read appends one line to it: the path relative to ``data/``, a tab, and the SHA-256 of the bytes
read. Listing a folder is a read too (``quarterly/``, with a digest of the file names), so a new
quarterly file changes the key of every notebook that looked for quarterly files. Kernels are
separate processes, so a file is the channel.

The build keys a notebook's cache on what it really read (:mod:`egovbook.build.nbcache`) and checks
those reads against the notebook's declaration (``metadata.egovbook.reads``). Without the
variable nothing is recorded: a read costs the read and nothing more.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from egovbook.common.paths import data_dir

if TYPE_CHECKING:
    import pandas as pd

READS_LOG = "EGOVBOOK_READS_LOG"
# Never data: hidden files and the lock files Excel leaves beside an open workbook. A listing
# ignores them, so opening a quarterly file in Excel does not re-run the chapters.
IGNORED_PREFIXES = (".", "~$")
# Files Windows and macOS write into any folder that was opened (lower case): never data either.
SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini", ".ds_store", "icon\r"})


def relative_name(path: Path) -> str:
    """``path`` relative to ``data/`` with forward slashes; absolute when it is outside."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(data_dir().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files(folder: Path) -> list[Path] | None:
    if not folder.is_dir():
        return None
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith(IGNORED_PREFIXES)
                  and p.name.lower() not in SYSTEM_FILES)


def _names_digest(files: list[Path] | None) -> str:
    if files is None:
        return digest(b"\0missing")
    return digest("\n".join(p.name for p in files).encode())


def listing_digest(folder: Path) -> str:
    """What listing a folder saw: the sorted names of its files (a missing folder differs)."""
    return _names_digest(_files(folder))


def recording() -> bool:
    return bool(os.environ.get(READS_LOG))


def note_read(path: Path, data: bytes) -> None:
    """Note that ``path`` was read with content ``data`` (only while a reads log is set)."""
    if recording():
        _append(relative_name(path), digest(data))


def _append(name: str, value: str) -> None:
    # One short append per read: lines from one kernel never interleave.
    with open(os.environ[READS_LOG], "a", encoding="utf-8") as fh:
        fh.write(f"{name}\t{value}\n")


def read_bytes(path: Path) -> bytes:
    """The bytes of a data file, recorded."""
    data = Path(path).read_bytes()
    note_read(Path(path), data)
    return data


def read_text(path: Path, encoding: str = "utf-8") -> str:
    return read_bytes(path).decode(encoding)


def read_csv(path: Path, **kwargs: Any) -> pd.DataFrame:
    """``pandas.read_csv`` of the recorded bytes (read once: the digest is of what was parsed)."""
    import pandas as pd

    return pd.read_csv(io.BytesIO(read_bytes(path)), **kwargs)


def read_json(path: Path) -> Any:
    return json.loads(read_text(path))


def open_text(path: Path, encoding: str = "utf-8") -> io.StringIO:
    """A text stream over a data file (for ``csv`` readers), recorded like any other read."""
    return io.StringIO(read_text(path, encoding), newline="")


def list_files(folder: Path) -> list[Path]:
    """The files in a data folder (none when it is missing), sorted by name, without
    :data:`IGNORED_PREFIXES` and :data:`SYSTEM_FILES`; the listing is recorded as ``<folder>/``."""
    files = _files(folder)
    if recording():
        _append(relative_name(folder) + "/", _names_digest(files))
    return files or []


def parse_log(path: Path) -> dict[str, set[str]]:
    """The reads a log holds: path relative to ``data/`` → the digests it was read with."""
    reads: dict[str, set[str]] = {}
    if not path.is_file():
        return reads
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("\t")
        if name:
            reads.setdefault(name, set()).add(value)
    return reads
