"""The reproducibility record: what went into a build, so a reviewer can rebuild and compare.

Written by the build as ``reproducibility.json`` at the root of the published book and shown on
the appendix page ``book/tai-lap.md`` (generated). ``egovbook check-record FILE`` compares every
part of a record with this checkout (:func:`compare`): the input hashes, the git commit, the
Python and package versions, and the parameters (with the record's own rebuild command and with
the book last built here); it lists each difference. :func:`read_for_check` finds and reads the
record, refusing anything that is not one with a Vietnamese :class:`RecordError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from egovbook.common import fmt

PACKAGES = ["jupyter-book", "sphinx", "myst-nb", "sphinx-book-theme", "papermill", "nbclient",
            "nbconvert", "ipykernel", "pandas", "numpy", "matplotlib", "seaborn", "babel",
            "frictionless", "openpyxl"]
# Inputs: everything a build reads. Build products and environments are not inputs, nor the
# tools beside the package (scripts/benchmark.py, scripts/system-deps.sh): the book does not
# change when they do.
INPUT_GLOBS = ["_config.yml", "_toc.yml", "requirements.txt", "pyproject.toml", "Makefile",
               "data/**/*", "notebooks/*.ipynb", "book/**/*", "_static/**/*",
               "scripts/egovbook/**/*.py", "locale/**/*.po"]
RECORD_NAME = "reproducibility.json"


def input_files(root: Path) -> list[Path]:
    seen = set()
    for pattern in INPUT_GLOBS:
        for path in root.glob(pattern):
            if path.is_file() and "__pycache__" not in path.parts:
                seen.add(path)
    return sorted(seen)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                             timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def collect(root: Path, parameters: dict[str, Any], now: dt.datetime | None = None
            ) -> dict[str, Any]:
    now = now or dt.datetime.now(dt.UTC)
    commit = _git(root, "rev-parse", "HEAD")
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    versions = installed_versions()
    return {
        "build_date": now.isoformat(timespec="seconds"),
        "parameters": parameters,
        "command": rebuild_command(parameters),
        "git": {"commit": commit, "modified_tracked_files": bool(status) if status is not None
                else None},
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
        "inputs": [{"path": str(p.relative_to(root)), "sha256": _sha256(p),
                    "bytes": p.stat().st_size} for p in input_files(root)],
    }


def rebuild_command(parameters: dict[str, Any]) -> str:
    """``make book COUNTRY=VNM YEAR=2024 QUARTER=2022Q3``."""
    args = " ".join(f"{k.upper()}={v}" for k, v in parameters.items() if v is not None)
    return f"make book {args}".strip()


def installed_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def load(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def same_build(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two records describe the same build when all but the date agree."""
    return {k: v for k, v in a.items() if k != "build_date"} == {
        k: v for k, v in b.items() if k != "build_date"}


def write_json(record: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def page(record: dict[str, Any]) -> str:
    """The appendix page (MyST). Everything is generated, so it is marked as such."""
    when = dt.datetime.fromisoformat(record["build_date"])
    params = record["parameters"]
    git = record["git"]
    commit = git["commit"] or "không có (bản dựng không nằm trong kho git)"
    rows = "\n".join(f"| `{i['path']}` | `{i['sha256']}` | {fmt.number(i['bytes'])} |"
                     for i in record["inputs"])
    pkgs = "\n".join(f"| {name} | {version or fmt.MISSING} |"
                     for name, version in record["packages"].items())
    modified = ("có tệp đã sửa so với commit" if git["modified_tracked_files"]
                else "không có tệp nào sửa so với commit")
    if git["commit"] and git["modified_tracked_files"]:
        # A draft built from uncommitted changes: checking out the commit gives other code.
        rebuild = ("Bản này là bản nháp, dựng từ mã nguồn có tệp đã sửa mà chưa commit: không "
                   "dựng lại được đúng bản này từ commit trên, vì mã ở commit đó khác mã đã dựng "
                   "nó. Lệnh `.venv/bin/egovbook check-record reproducibility.json` liệt kê "
                   "những gì của một bản sao khác với hồ sơ này.")
    else:
        rebuild = ("Để dựng lại đúng bản này: lấy mã nguồn ở commit trên (`git checkout "
                   f"{git['commit'] or '…'}`), chạy lệnh dựng lại, rồi so các tệp đầu vào với hồ "
                   "sơ này bằng `.venv/bin/egovbook check-record reproducibility.json`.")
    return f"""# Phụ lục: hồ sơ tái lập

:::{{container}} egovbook-generated
Trang này do bản dựng tự tạo. Cùng nội dung, dạng máy đọc:
{{download}}`reproducibility.json <../{RECORD_NAME}>` (cũng ở gốc của sách đã xuất bản).

- Ngày dựng: {fmt.date(when.date())}, lúc {when:%H:%M} (giờ UTC).
- Tham số: quốc gia `{params.get('country')}`, năm khảo sát `{params.get('year')}`, quý số liệu
  trong nước `{params.get('quarter')}`.
- Lệnh dựng lại: `{record['command']}`
- Mã nguồn: commit `{commit}` ({modified}).
- Python {record['python']} trên {record['platform']}.

{rebuild}

## Dựng lại với hạng mục tiêu khác

Chương *Khoảng cách tới mục tiêu xếp hạng* so với hạng mục tiêu mặc định của sách. Để dựng sách
với một hạng mục tiêu khác, thêm `TARGET_RANK=<hạng>` vào lệnh dựng lại; ví dụ với hạng 70:
`{rebuild_command({**params, "target_rank": 70})}` (lệnh `egovbook build` nhận tham số tương
ứng `--target-rank 70`).

## Phiên bản các gói chính

| Gói | Phiên bản |
|---|---|
{pkgs}

## Tổng kiểm các tệp đầu vào

| Tệp | SHA-256 | Byte |
|---|---|---:|
{rows}
:::
"""


class RecordError(Exception):
    """A file given to ``check-record`` that is not a record it can compare (Vietnamese)."""


REQUIRED_KEYS = ("parameters", "command", "git", "python", "packages", "inputs")
PUBLISHED = Path("_build") / "html"


def locate(name: str, root: Path) -> Path:
    """The record ``name`` names: as given, else under the project's root, else in the published
    book (``reproducibility.json`` alone, from the root, is the book last built here)."""
    given = Path(name)
    tried = [given]
    if not given.is_absolute():
        tried += [root / given, root / PUBLISHED / given]
    for path in tried:
        if path.is_file():
            return path
    if given.is_dir():
        raise RecordError(f"«{name}» là một thư mục; hãy chỉ tệp {RECORD_NAME} trong đó")
    where = ", ".join(str(p) for p in dict.fromkeys(tried))
    raise RecordError(f"không thấy tệp hồ sơ «{name}» (đã tìm: {where}); hồ sơ của sách dựng ở "
                      f"đây là {PUBLISHED.as_posix()}/{RECORD_NAME} (chạy make book nếu chưa "
                      "dựng), hồ sơ của sách đã xuất bản tải được ở trang «Phụ lục: hồ sơ tái "
                      "lập»")


def read_for_check(path: Path) -> dict[str, Any]:
    """A record, or :class:`RecordError` saying in Vietnamese what the file is instead."""
    raw = path.read_bytes()
    what = None
    if not raw.strip():
        what = "tệp rỗng"
    elif raw.startswith(b"%PDF"):
        what = "tệp PDF (có lẽ là bản in của sách)"
    elif raw.startswith(b"PK"):
        what = "tệp nén (zip) hoặc tệp Office"
    elif raw.lstrip()[:1] == b"<":
        what = "trang HTML hoặc XML"
    if what:
        raise RecordError(f"{path.name} là {what}, không phải hồ sơ tái lập {RECORD_NAME}")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise RecordError(f"{path.name} không đọc được theo mã UTF-8, không phải hồ sơ tái lập "
                          f"{RECORD_NAME}") from None
    except json.JSONDecodeError as err:
        raise RecordError(f"{path.name} không phải JSON hợp lệ (dòng {err.lineno}, cột "
                          f"{err.colno}), nên không phải hồ sơ tái lập {RECORD_NAME}") from None
    if not isinstance(data, dict):
        raise RecordError(f"{path.name} là JSON nhưng không phải hồ sơ tái lập {RECORD_NAME}")
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise RecordError(f"{path.name} không phải hồ sơ tái lập đầy đủ: thiếu mục "
                          + ", ".join(f"«{k}»" for k in missing))
    if not isinstance(data["inputs"], list) or not all(
            isinstance(i, dict) and {"path", "sha256"} <= set(i) for i in data["inputs"]):
        raise RecordError(f"{path.name}: mục «inputs» cần là danh sách tệp có «path» và «sha256»")
    return data


def _shown(value: object) -> str:
    return "không có" if value is None else str(value)


def compare(record: dict[str, Any], root: Path,
            built: dict[str, Any] | None = None) -> list[str]:
    """Every difference between a record and this checkout, one Vietnamese line each.

    Compared: the git commit (and whether files were modified), Python, every package version,
    the parameters with the record's own rebuild command and with ``built`` (the record of the
    book last built here, if any), and every input file's SHA-256.
    """
    lines = []
    git = record.get("git") or {}
    commit = _git(root, "rev-parse", "HEAD")
    if git.get("commit") != commit:
        here = f"bản sao này ở {commit}" if commit else "bản sao này không nằm trong kho git"
        lines.append(f"commit git: hồ sơ ghi {_shown(git.get('commit'))}, {here}")
    status = _git(root, "status", "--porcelain", "--untracked-files=no")
    modified = bool(status) if status is not None else None
    if git.get("modified_tracked_files") is not None and modified is not None \
            and git.get("modified_tracked_files") != modified:
        said = {True: "có tệp đã sửa so với commit", False: "không có tệp nào sửa so với commit"}
        lines.append(f"tệp đã sửa: hồ sơ ghi «{said[git['modified_tracked_files']]}», bản sao "
                     f"này «{said[modified]}»")
    python = sys.version.split()[0]
    if record.get("python") != python:
        lines.append(f"phiên bản Python: hồ sơ ghi {_shown(record.get('python'))}, ở đây là "
                     f"{python}")
    recorded_packages = record.get("packages") or {}
    current = installed_versions()
    for name in sorted(set(recorded_packages) | set(current)):
        if name not in current:
            try:
                version: str | None = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = None
        else:
            version = current[name]
        if name not in recorded_packages:
            lines.append(f"gói {name}: hồ sơ không ghi, ở đây là {_shown(version)}")
        elif recorded_packages[name] != version:
            lines.append(f"gói {name}: hồ sơ ghi {_shown(recorded_packages[name])}, ở đây là "
                         f"{_shown(version)}")
    params = record.get("parameters") or {}
    command = rebuild_command(params)
    if record.get("command") != command:
        lines.append(f"tham số: hồ sơ ghi {_params(params)} nhưng lệnh dựng lại của nó là "
                     f"«{record.get('command')}» (theo tham số phải là «{command}»)")
    if built is not None:
        theirs = built.get("parameters") or {}
        for key in sorted(set(params) | set(theirs)):
            if params.get(key) != theirs.get(key):
                lines.append(f"tham số {key}: hồ sơ ghi {_shown(params.get(key))}, sách dựng ở "
                             f"đây ({PUBLISHED.as_posix()}) dùng {_shown(theirs.get(key))}")
    recorded = {i["path"]: i["sha256"] for i in record["inputs"]}
    files = {str(p.relative_to(root)): _sha256(p) for p in input_files(root)}
    for path in sorted(set(recorded) | set(files)):
        if path not in files:
            lines.append(f"thiếu tệp: {path}")
        elif path not in recorded:
            lines.append(f"tệp mới, không có trong hồ sơ: {path}")
        elif recorded[path] != files[path]:
            lines.append(f"khác nội dung: {path}")
    return lines


def _params(params: dict[str, Any]) -> str:
    return ", ".join(f"{k} {_shown(v)}" for k, v in params.items()) or "không có tham số"
