"""One build at a time: ``_build/.lock``.

The lock is an ``fcntl.flock`` on ``_build/.lock``; the file also names its owner (PID, host,
start time) so a second build can say who it is waiting for. The kernel drops a flock when its
process dies, however it dies, so a build killed with ``kill -9`` never blocks the next one: that
build finds the file of a dead owner, says so and takes the lock. The owner removes the file when
it is done; a process that locked a file someone has since removed tries again on the new file.

Commands that write what a build reads (``build``, ``import-un``, ``import-countries``) take it.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LOCK_NAME = ".lock"
EXIT_BUSY = 4


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Owner:
    pid: int
    host: str
    started: str  # ISO 8601, local time with offset
    command: str = ""

    @classmethod
    def me(cls, command: str = "") -> Owner:
        now = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        return cls(os.getpid(), socket.gethostname(), now, command)

    def describe(self) -> str:
        """``PID 4242, bắt đầu lúc 14:03:12 ngày 23/11/2026`` (host only when it is another)."""
        try:
            when = dt.datetime.fromisoformat(self.started)
            started = f"{when:%H:%M:%S} ngày {when:%d/%m/%Y}"
        except ValueError:
            started = self.started or "không rõ"
        host = "" if self.host == socket.gethostname() else f", máy {self.host}"
        return f"PID {self.pid}{host}, bắt đầu lúc {started}"

    def alive(self) -> bool:
        """Whether the owner process still runs (always assumed for another host)."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


class Busy(Exception):
    """The lock is held and the caller asked not to wait."""

    def __init__(self, owner: Owner | None) -> None:
        self.owner = owner
        super().__init__(self.message())

    def message(self) -> str:
        who = f" ({self.owner.describe()})" if self.owner else ""
        return (f"Một bản dựng khác đang chạy{who}. Không chờ vì có --no-wait; hãy chạy lại "
                "lệnh khi bản dựng đó xong.")


def _parse(text: str) -> Owner | None:
    try:
        data = json.loads(text)
        return Owner(int(data["pid"]), str(data["host"]), str(data["started"]),
                     str(data.get("command", "")))
    except (ValueError, KeyError, TypeError):
        return None


def read_owner(path: Path) -> Owner | None:
    """The owner written in a lock file, or None (no file, empty, unreadable)."""
    try:
        return _parse(path.read_text(encoding="utf-8"))
    except OSError:
        return None


def lock_path(root: Path) -> Path:
    return root / "_build" / LOCK_NAME


class BuildLock:
    """``with BuildLock(root): ...`` holds ``root/_build/.lock`` for the block.

    ``wait=False`` raises :class:`Busy` at once if another process holds it; otherwise the
    caller waits (Ctrl-C stops the wait), saying once whom it waits for.
    """

    def __init__(self, root: Path, *, wait: bool = True, command: str = "",
                 say: Callable[[str], None] = _stderr, poll: float = 0.5) -> None:
        self.root = root
        self.path = lock_path(root)
        self.wait = wait
        self.command = command
        self.say = say
        self.poll = poll
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        announced = False
        unknown = 0
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                owner = read_owner(self.path)
                if owner is None and unknown < 5:
                    # The owner locks first and writes its name just after: look again.
                    unknown += 1
                    time.sleep(0.05)
                    continue
                if not self.wait:
                    raise Busy(owner) from None
                if not announced:
                    who = f" ({owner.describe()})" if owner else ""
                    self.say(f"Một bản dựng khác đang chạy{who}; đang chờ… "
                             "(Ctrl-C để thôi chờ)")
                    announced = True
                time.sleep(self.poll)
                continue
            if not self._is_current(fd):
                # Locked a file its owner removed in the meantime: the lock is the new file.
                os.close(fd)
                continue
            break
        stale = _parse(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
        if stale is not None and stale.pid != os.getpid():
            state = ("tiến trình đó không còn chạy" if not stale.alive()
                     else "tiến trình đó không còn giữ khóa")
            self.say(f"Gỡ khóa cũ của một bản dựng đã dừng đột ngột ({stale.describe()}; "
                     f"{state}).")
        if announced:
            self.say("Bản dựng kia đã xong; tiếp tục.")
        me = Owner.me(self.command)
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me.__dict__, ensure_ascii=False).encode() + b"\n", 0)
        self._fd = fd
        if stale is not None:
            recover_published(self.root, self.say)

    def _is_current(self, fd: int) -> bool:
        try:
            on_disk = os.stat(self.path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if self._is_current(fd):
                self.path.unlink()
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> BuildLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            if exc_type is not None:
                recover_published(self.root, self.say)
        finally:
            self.release()


def recover_published(root: Path, say: Callable[[str], None] = _stderr) -> bool:
    """The published book, put back if a build stopped while replacing it (:mod:`swap`)."""
    from egovbook.build import swap

    return swap.recover(root / "_build" / "html", say)
