"""The published book is replaced whole or not at all: two renames, and their undoing.

:func:`replace` copies the new book to ``html.new``, renames ``html`` to ``html.old``, then
``html.new`` to ``html``. A build stopped (Ctrl-C, kill) between the renames leaves ``html``
missing and ``html.old`` whole: :func:`recover` puts it back. The build lock calls it when it
finds a stale lock or a build ends with an error, so only one process ever does.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path


def _beside(target: Path, suffix: str) -> Path:
    return target.with_name(target.name + suffix)


def replace(built: Path, target: Path) -> None:
    """Replace ``target`` by a copy of ``built``; a reader never sees it half-written."""
    fresh, old = _beside(target, ".new"), _beside(target, ".old")
    for leftover in (fresh, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    shutil.copytree(built, fresh)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    if old.exists():
        shutil.rmtree(old)


def recover(target: Path, say: Callable[[str], None]) -> bool:
    """Put the previous book back if a build stopped between the two renames."""
    old = _beside(target, ".old")
    if target.exists() or not old.is_dir():
        return False
    old.rename(target)
    fresh = _beside(target, ".new")
    if fresh.exists():
        shutil.rmtree(fresh, ignore_errors=True)
    say("Bản dựng trước dừng giữa chừng khi thay sách; đã đặt lại bản đã xuất bản trước đó "
        "vào _build/html.")
    return True
