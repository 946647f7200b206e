"""Shared fixtures: the project's root, its raw data, the optional ../shared articles, and
throw-away copies."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# The UN's raw exports are committed (data/raw/PROVENANCE.md); the press articles are not
# redistributed, so the tests that read them skip on a clone without ../shared.
RAW_UN = ROOT / "data" / "raw" / "un-egov"
SEEDS = SHARED / "seeds"
# What a copy of the project needs to build: sources and data, never build products.
COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", "_site", ".git", "__pycache__",
                                     ".pytest_cache",
                                     "_outputs", ".ruff_cache", "*.egg-info")


@pytest.fixture(autouse=True)
def _project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test reads the committed data/ unless it points EGOVBOOK_ROOT elsewhere."""
    monkeypatch.setenv("EGOVBOOK_ROOT", str(ROOT))


@pytest.fixture
def raw_un() -> Path:
    """The UN's per-year exports committed in data/raw/un-egov (never skipped)."""
    return RAW_UN


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds không có ở đây (bản sao của người dùng)")
    return SEEDS


@pytest.fixture
def project_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A full copy of the project's sources and data, used as EGOVBOOK_ROOT."""
    dest = tmp_path / "project"
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    monkeypatch.setenv("EGOVBOOK_ROOT", str(dest))
    yield dest


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ only (with a stub _config.yml so it counts as a project root)."""
    dest = tmp_path / "proj"
    shutil.copytree(ROOT / "data", dest / "data")
    (dest / "_config.yml").write_text("title: test\n", encoding="utf-8")
    monkeypatch.setenv("EGOVBOOK_ROOT", str(dest))
    return dest / "data"


UN_HEADER = ("Survey Year,Country Name,E-Government Rank,E-Government Index,"
             "E-Participation Index,Online Service Index,Human Capital Index,"
             "Telecommunication Infrastructure Index")


def member_names() -> list[str]:
    with (ROOT / "data" / "countries.csv").open(encoding="utf-8") as fh:
        return [row["un_name"] for row in csv.DictReader(fh)]


def official_rows(year: int) -> list[str]:
    """193 rows in the Data Center's layout: quoted names with a trailing space, 5 decimals.

    Values are made up but valid: country i gets EGDI decreasing with i, components around it.
    """
    rows = []
    for i, name in enumerate(member_names()):
        egdi = 0.95 - i * 0.004
        osi, tii, hci, epi = egdi + 0.01, egdi - 0.01, egdi, egdi / 2
        rows.append(f'{year},"{name} ",{i + 1},{egdi:.5f},{epi:.5f},{osi:.5f},{hci:.5f},'
                    f"{tii:.5f}")
    return rows


def write_official(path: Path, year: int, rows: list[str] | None = None,
                   header: str = UN_HEADER, newline: str = "\n", bom: bool = False) -> Path:
    body = newline.join([header, *(official_rows(year) if rows is None else rows)]) + newline
    path.write_bytes(("\ufeff" if bom else "").encode() + body.encode("utf-8"))
    return path


def tree_digest(folder: Path) -> str:
    """One hash of every file below a folder (names and bytes): "left exactly as it was"."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


_PDF_TEXTS: dict[tuple[str, int], tuple[str, ...]] = {}


def pdf_texts(path: Path) -> tuple[str, ...]:
    """Each page's text as pypdf extracts it, read once per file version in a session (pypdf
    takes seconds for the book; several tests read the same PDF)."""
    key = (str(path.resolve()), path.stat().st_mtime_ns)
    if key not in _PDF_TEXTS:
        from pypdf import PdfReader

        _PDF_TEXTS[key] = tuple(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    return _PDF_TEXTS[key]


def start_build(project: Path, *args: str) -> subprocess.Popen[str]:
    """``egovbook build`` in a project copy, as staff would run it, started."""
    env = {**os.environ, "EGOVBOOK_ROOT": str(project)}
    return subprocess.Popen([sys.executable, "-m", "egovbook.cli", "build", *args], cwd=project,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``egovbook build`` in a project copy, run to its end."""
    proc = start_build(project, *args)
    _RUNNING.append(proc)  # killed at the session's end if it is still running
    out, err = proc.communicate(timeout=1200)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


# Editions built in this test session, by their build arguments: each is built once and shared.
_EDITIONS: dict[tuple[str, ...], Path] = {}
# What a copy of a built project leaves out: the lock and logs of its builds, not its cache.
BUILT_COPY_IGNORE = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache",
                                           ".ruff_cache", "*.egg-info", ".lock", "logs")
# The other editions the slow tests compare: another country, an older quarter.
ANOTHER_COUNTRY = ("--country", "KHM")
AN_EARLIER_QUARTER = ("--quarter", "2020Q3")


def _slow(item: pytest.Item) -> bool:
    return any(item.get_closest_marker(m) for m in ("slow", "browser"))


def _editions_of(item: pytest.Item) -> set[tuple[str, ...]]:
    """The other editions a test reads (by the fixture or the parameter that names them)."""
    out = {ANOTHER_COUNTRY} if "other_country_project" in item.fixturenames else set()
    params = getattr(item, "callspec", None)
    if params is not None and "edition_args" in params.params:
        out.add(params.params["edition_args"])
    return out


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The unit tests first, the tests of other editions last (a stable sort: each tier keeps
    its order): the editions are built meanwhile in the background (:func:`_editions_meanwhile`)
    and are ready, or nearly, when their tests start."""
    items.sort(key=lambda item: (_slow(item), bool(_editions_of(item))))


# Editions being built in the background, one at a time: build arguments → project root.
_PLANNED: dict[tuple[str, ...], Future[Path]] = {}
_RUNNING: list[subprocess.Popen[str]] = []


def _build_edition(dest: Path, args: tuple[str, ...], default: Callable[[], Path]) -> Path:
    """The book for ``args`` built in ``dest``: a copy of the project's sources for the default
    edition, else a copy of the built default one (``default()``)."""
    if args:
        # Built where the default book was built before, as staff work: another country or
        # an older quarter after the latest must leave nothing of the earlier book behind.
        copy_built(default(), dest)
    else:
        shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    proc = run_build(dest, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return dest


@pytest.fixture(scope="session", autouse=True)
def _editions_meanwhile(request: pytest.FixtureRequest,
                        tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """When the session has slow tests, the editions they read are built in the background from
    the first test on, one after the other, each as a separate process: the default book while
    the unit tests run (the machine's two cores share the work instead of taking turns), then
    the other editions the session's tests read while the slow tests before them run.
    :func:`edition` waits for an edition being built."""
    items = request.session.items
    if not any(_slow(item) for item in items):
        yield
        return
    wanted = [(), *sorted(set().union(*(_editions_of(item) for item in items)))]
    with ThreadPoolExecutor(max_workers=1) as worker:
        for args in wanted:
            _PLANNED[args] = worker.submit(_build_edition,
                                           tmp_path_factory.mktemp("edition") / "project", args,
                                           lambda: _PLANNED[()].result())
        yield
        for future in _PLANNED.values():
            future.cancel()
        for proc in _RUNNING:
            if proc.poll() is None:
                proc.kill()


def edition(tmp_path_factory: pytest.TempPathFactory, *args: str) -> Path:
    """A project copy with the book for ``args`` (``egovbook build`` arguments) built in it,
    built once per test session: treat it as read-only, copy it (:func:`copy_built`) to change
    it. Returns the copy's root. An edition with arguments is built in a copy of the default
    one, after it."""
    if args not in _EDITIONS and args in _PLANNED:
        _EDITIONS[args] = _PLANNED[args].result()
    if args not in _EDITIONS:
        _EDITIONS[args] = _build_edition(tmp_path_factory.mktemp("edition") / "project", args,
                                         lambda: edition(tmp_path_factory))
    return _EDITIONS[args]


def copy_built(project: Path, dest: Path) -> Path:
    """A writable copy of a built project with its build cache (executed notebooks, their
    keys, the stage): a test that changes something rebuilds only what the change touches."""
    shutil.copytree(project, dest, ignore=BUILT_COPY_IGNORE, symlinks=True)
    return dest


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with the default book (Viet Nam) built, once per session; read-only."""
    return edition(tmp_path_factory)


@pytest.fixture(scope="session")
def built_book(built_project: Path) -> Path:
    """The default book's html folder (read-only)."""
    return built_project / "_build" / "html"


@pytest.fixture(scope="session")
def other_country_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book without the domestic chapters (Cambodia, latest survey), once per session."""
    return edition(tmp_path_factory, *ANOTHER_COUNTRY)


@pytest.fixture
def built_copy(built_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the built default project, used as EGOVBOOK_ROOT."""
    dest = copy_built(built_project, tmp_path / "project")
    monkeypatch.setenv("EGOVBOOK_ROOT", str(dest))
    return dest
