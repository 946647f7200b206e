"""One build at a time (``_build/.lock``), and no traceback or English Make line for users."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from egovbook import cli
from egovbook.build import lock

from conftest import COPY_IGNORE, ROOT, copy_built, tree_digest

WAITING = "Một bản dựng khác đang chạy"


def cli_run(root: Path, *args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EGOVBOOK_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", "egovbook.cli", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600, **kw)  # type: ignore


def dead_pid() -> int:
    """The PID of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


# --- the lock itself --------------------------------------------------------------------------


def test_held_lock_and_no_wait_says_who_holds_it(tmp_path: Path) -> None:
    with lock.BuildLock(tmp_path, say=lambda _: None):
        owner = lock.read_owner(lock.lock_path(tmp_path))
        assert owner is not None and owner.pid == os.getpid()
        with pytest.raises(lock.Busy) as info:
            lock.BuildLock(tmp_path, wait=False).acquire()
    text = info.value.message()
    assert text.startswith(f"{WAITING} (PID {os.getpid()}, bắt đầu lúc ")
    assert "--no-wait" in text
    assert not lock.lock_path(tmp_path).exists()  # the owner removes the file when done


def test_second_lock_waits_then_goes_on(tmp_path: Path) -> None:
    first = lock.BuildLock(tmp_path, say=lambda _: None)
    first.acquire()
    said: list[str] = []
    second = lock.BuildLock(tmp_path, say=said.append, poll=0.05)
    waiter = threading.Thread(target=second.acquire)
    waiter.start()
    deadline = time.monotonic() + 10
    while not said and time.monotonic() < deadline:
        time.sleep(0.02)
    assert said and said[0].startswith(f"{WAITING} (PID {os.getpid()}, bắt đầu lúc ")
    assert "đang chờ…" in said[0]
    assert waiter.is_alive()  # still waiting while the first holds the lock
    first.release()
    waiter.join(10)
    assert not waiter.is_alive()
    assert said[-1] == "Bản dựng kia đã xong; tiếp tục."
    assert not any("Gỡ khóa cũ" in s for s in said)  # a clean hand-over is not a stale lock
    second.release()


def test_lock_of_a_dead_process_is_cleared_and_said(tmp_path: Path) -> None:
    path = lock.lock_path(tmp_path)
    path.parent.mkdir()
    pid = dead_pid()
    path.write_text(json.dumps({"pid": pid, "host": os.uname().nodename,
                                "started": "2026-11-23T09:15:00+07:00"}), encoding="utf-8")
    said: list[str] = []
    with lock.BuildLock(tmp_path, wait=False, say=said.append):
        assert lock.read_owner(path).pid == os.getpid()  # type: ignore[union-attr]
    assert len(said) == 1
    assert said[0].startswith(f"Gỡ khóa cũ của một bản dựng đã dừng đột ngột (PID {pid}, "
                              "bắt đầu lúc 09:15:00 ngày 23/11/2026")
    assert "không còn chạy" in said[0]


def test_lock_of_a_killed_process_is_free(tmp_path: Path) -> None:
    """``kill -9`` runs no clean-up: the kernel still drops the flock, the file stays behind."""
    code = ("import sys, time; from pathlib import Path; from egovbook.build import lock; "
            "l = lock.BuildLock(Path(sys.argv[1])); l.acquire(); print('held', flush=True); "
            "time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(lock.Busy) as info:
        lock.BuildLock(tmp_path, wait=False).acquire()
    assert info.value.owner is not None and info.value.owner.pid == holder.pid
    holder.kill()
    holder.wait()
    said: list[str] = []
    with lock.BuildLock(tmp_path, wait=False, say=said.append):
        pass
    assert len(said) == 1 and f"PID {holder.pid}" in said[0] and "không còn chạy" in said[0]


def test_lock_released_on_exception_and_interrupt(tmp_path: Path) -> None:
    for error in (RuntimeError("hỏng"), KeyboardInterrupt()):
        with pytest.raises(type(error)), lock.BuildLock(tmp_path, say=lambda _: None):
            raise error
        assert not lock.lock_path(tmp_path).exists()
        with lock.BuildLock(tmp_path, wait=False, say=lambda _: None):
            pass


def test_book_stopped_between_the_two_renames_is_put_back(tmp_path: Path) -> None:
    """``publish`` renames html → html.old, then html.new → html; stopped in between, the lock's
    release puts the previous book back."""
    build_dir = tmp_path / "_build"
    (build_dir / "html.old").mkdir(parents=True)
    (build_dir / "html.old" / "index.html").write_text("cũ", encoding="utf-8")
    (build_dir / "html.new").mkdir()
    (build_dir / "html.new" / "index.html").write_text("mới", encoding="utf-8")
    said: list[str] = []
    with pytest.raises(KeyboardInterrupt), lock.BuildLock(tmp_path, say=said.append):
        raise KeyboardInterrupt
    assert (build_dir / "html" / "index.html").read_text(encoding="utf-8") == "cũ"
    assert not (build_dir / "html.old").exists() and not (build_dir / "html.new").exists()
    assert "đã đặt lại bản đã xuất bản" in said[0]


# --- through the command line ----------------------------------------------------------------


def test_cli_no_wait_exits_at_once_in_vietnamese(data_copy: Path) -> None:
    root = data_copy.parent
    with lock.BuildLock(root, say=lambda _: None):
        proc = cli_run(root, "build", "--no-wait")
    assert proc.returncode == lock.EXIT_BUSY == 4
    assert proc.stderr.startswith(f"{WAITING} (PID {os.getpid()}, bắt đầu lúc ")
    assert "Traceback" not in proc.stderr
    assert not (root / "_build" / "html").exists()


def test_cli_waits_for_the_lock_then_runs(data_copy: Path) -> None:
    root = data_copy.parent
    raw = sorted((data_copy / "raw" / "un-egov").glob("*.csv"))[-1]
    env = {**os.environ, "EGOVBOOK_ROOT": str(root)}
    held = lock.BuildLock(root, say=lambda _: None)
    held.acquire()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "egovbook.cli", "import-un", str(raw)],
                                cwd=root, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        first = proc.stderr.readline()
        assert first.startswith(f"{WAITING} (PID {os.getpid()}, bắt đầu lúc ")
        assert "đang chờ…" in first
        time.sleep(0.5)
        assert proc.poll() is None  # still waiting
    finally:
        held.release()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "Bản dựng kia đã xong" in err and "Đã nhập EGOV_DATA_2024.csv" in out


def test_unexpected_error_gives_a_message_and_a_log_not_a_traceback(data_copy: Path) -> None:
    root = data_copy.parent
    code = ("import sys, egovbook.cli as cli, egovbook.intake.validate as v\n"
            "def boom(*a, **k):\n    raise RuntimeError('hỏng giả lập')\n"
            "v.validate_all = boom\n"
            "raise SystemExit(cli.main(['validate']))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "EGOVBOOK_ROOT": str(root)})
    assert proc.returncode == cli.EXIT_UNEXPECTED == 1
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.stderr.startswith("Lỗi ngoài dự kiến")
    assert "RuntimeError: hỏng giả lập" in proc.stderr
    logs = list((root / "_build" / "logs").glob("loi-*.log"))
    assert len(logs) == 1 and str(logs[0]) in proc.stderr
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: hỏng giả lập" in text
    assert "Lệnh: egovbook validate" in text


def test_unexpected_error_in_process(data_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:

    def boom(args: object) -> int:
        raise ValueError("không lường trước")

    from egovbook.build import steps

    monkeypatch.setattr(steps, "main", boom)
    assert cli.main(["build", "--no-wait"]) == cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert "ValueError: không lường trước" in err and "Traceback" not in err
    # The build's lock is released even so.
    assert not lock.lock_path(data_copy.parent).exists()


# --- make: the targets call the CLI, whose Vietnamese message comes first ----------------------


@pytest.fixture(scope="module")
def make_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What ``make book|validate|import-un`` needs, with a stand-in .venv running this code."""
    if shutil.which("make") is None:
        pytest.fail("cần GNU Make")
    dest = tmp_path_factory.mktemp("make") / "project"
    dest.mkdir()
    for name in ("Makefile", "_config.yml", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("data", "scripts"):
        shutil.copytree(ROOT / name, dest / name, ignore=COPY_IGNORE)
    venv = dest / ".venv"
    (venv / "bin").mkdir(parents=True)
    egovbook = venv / "bin" / "egovbook"
    egovbook.write_text(f'#!/bin/sh\nPYTHONPATH="{dest / "scripts"}" exec "{sys.executable}" '
                        '-m egovbook.cli "$@"\n', encoding="utf-8")
    egovbook.chmod(0o755)
    (venv / ".installed").touch()  # newer than requirements.txt: make does not reinstall
    return dest


def make(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "EGOVBOOK_ROOT"}}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)


def first_error_line(stderr: str) -> str:
    return next(line for line in stderr.splitlines() if line.strip())


@pytest.mark.slow  # runs GNU Make and the CLI in subprocesses several times (about 6 s)
def test_make_book_bad_parameter_says_why_in_vietnamese_first(make_project: Path) -> None:
    proc = make(make_project, "book", "COUNTRY=XXX")
    assert proc.returncode != 0
    assert "không phải mã ISO3" in proc.stderr
    # The program's message comes first; Make may add its own line after it, nothing else.
    assert not first_error_line(proc.stderr).startswith("make:"), proc.stderr
    extra = [line for line in proc.stderr.splitlines() if line.startswith("make:")]
    assert all("Error" in line for line in extra), proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_make_validate_and_import_un_failures_say_why(make_project: Path) -> None:
    proc = make(make_project, "import-un")
    assert proc.returncode != 0
    assert first_error_line(proc.stderr) == "Cần chỉ tệp: make import-un FILE=EGOV_DATA_<năm>.csv"
    bad = make_project / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    proc = make(make_project, "import-un", f"FILE={bad}")
    assert proc.returncode != 0 and "Không nhập được tệp" in first_error_line(proc.stderr)
    un = make_project / "data" / "un_egov.csv"
    good = un.read_bytes()
    try:
        un.write_bytes(good + b"x\n")
        proc = make(make_project, "validate")
        assert proc.returncode != 0 and "không hợp lệ" in proc.stderr
        assert "Traceback" not in proc.stderr
    finally:
        un.write_bytes(good)
    proc = make(make_project, "validate")
    assert proc.returncode == 0 and "Dữ liệu hợp lệ" in proc.stdout and proc.stderr == ""


# --- real builds ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lock_project(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_built(built_project, tmp_path_factory.mktemp("lock") / "project")


def _as_from_a_terminal() -> None:
    """In the child before it starts: Ctrl-C as a shell leaves it (default action, not blocked).
    A child inherits an ignored or blocked SIGINT from the process that starts it; in a long test
    session something had left it so, and the build then never saw the interrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def start_build(project: Path, *args: str, session: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "EGOVBOOK_ROOT": str(project)}
    return subprocess.Popen([sys.executable, "-m", "egovbook.cli", "build", *args], cwd=project,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=session,
                            preexec_fn=_as_from_a_terminal if session else None)


def wait_for(check: object, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "quá thời gian chờ"
        time.sleep(0.05)


@pytest.mark.slow
def test_builds_started_together_wait_for_each_other(lock_project: Path,
                                                     built_project: Path) -> None:
    """Three builds at once: one runs (every notebook again, ``--force``), one waits and finds
    the book published, one is told to come back. The run gives the same notebooks, charts and
    downloads, byte for byte, as the build the project was copied from."""
    html = lock_project / "_build" / "html"
    lock_file = lock.lock_path(lock_project)
    first = start_build(lock_project, "--force")
    wait_for(lock_file.exists)
    second = start_build(lock_project)
    third = start_build(lock_project, "--no-wait")
    missing = []
    while first.poll() is None or second.poll() is None:
        if not (html / "index.html").is_file():
            missing.append(time.monotonic())
        time.sleep(0.05)
    results = []
    for proc in (first, second, third):
        out, err = proc.communicate(timeout=600)
        assert "Traceback" not in err
        results.append((proc.returncode, out, err))
    (rc1, out1, err1), (rc2, out2, err2), (rc3, _, err3) = results
    assert rc1 == 0, err1
    assert rc2 == 0, err2
    assert f"{WAITING} (PID {first.pid}, bắt đầu lúc " in err2 and "đang chờ…" in err2
    assert "Bản dựng kia đã xong" in err2
    assert "giữ nguyên bản đã xuất bản" in out2  # it found the book the first one published
    assert rc3 == lock.EXIT_BUSY, err3
    assert err3.startswith(f"{WAITING} (PID {first.pid}, ")
    assert missing == []
    assert (html / "index.html").is_file() and (html / "reproducibility.json").is_file()
    assert not lock_file.exists()
    assert not (html.with_name("html.new")).exists() and not html.with_name("html.old").exists()
    assert "đã chạy" in out1 and "không đổi" not in out1  # every notebook ran again
    first = built_project / "_build" / "stage" / "notebooks"
    second = lock_project / "_build" / "stage" / "notebooks"
    names = sorted(p.relative_to(first) for p in first.rglob("*")
                   if p.is_file() and p.suffix in {".ipynb", ".png", ".svg", ".csv", ".xlsx",
                                                   ".txt"})
    assert len([n for n in names if n.suffix == ".png"]) >= 8
    assert len([n for n in names if n.suffix == ".svg"]) >= 8
    assert len([n for n in names if n.suffix == ".xlsx"]) >= 30
    differing = [str(n) for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert differing == []


@pytest.mark.slow
@pytest.mark.parametrize("during", ["Chạy ", "Dựng bản PDF"],
                         ids=["notebooks", "html-and-pdf"])
def test_ctrl_c_mid_build_releases_the_lock_and_keeps_the_book(lock_project: Path,
                                                                during: str) -> None:
    html = lock_project / "_build" / "html"
    before = tree_digest(html)
    if during == "Chạy ":
        proc = start_build(lock_project, "--force", session=True)
    else:
        # A changed page of the book: the notebooks are current, the HTML and the PDF are made.
        intro = lock_project / "book" / "gioi-thieu.md"
        intro.write_text(intro.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        proc = start_build(lock_project, session=True)
    assert proc.stdout is not None
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if line.startswith(during):  # the notebooks, or the HTML book and its PDF, are being made
            break
    time.sleep(2)
    # The build must still be running, or the interrupt tests nothing.
    assert proc.poll() is None, f"the build ended before Ctrl-C: {''.join(seen)}"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == cli.EXIT_INTERRUPTED, "".join(seen) + out + err
    assert "Đã dừng theo yêu cầu; bản đã xuất bản trong _build/html được giữ nguyên." in err
    assert "Traceback" not in err
    assert not lock.lock_path(lock_project).exists()
    assert tree_digest(html) == before
    # Released cleanly: the next build takes it at once, and finds no stale lock to report.
    said: list[str] = []
    with lock.BuildLock(lock_project, wait=False, say=said.append):
        assert said == []
