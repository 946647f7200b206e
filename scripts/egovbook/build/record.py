"""The reproducibility record: what went into a build, so a reviewer can rebuild and compare.

Written by the build as ``reproducibility.json`` at the root of the published book and shown on
the appendix page ``book/tai-lap.md`` (generated). ``egovbook check-record FILE`` recomputes the
input hashes of a checkout and lists what differs.
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
# Inputs: everything a build reads. Build products and environments are not inputs.
INPUT_GLOBS = ["_config.yml", "_toc.yml", "requirements.txt", "pyproject.toml", "Makefile",
               "data/**/*", "notebooks/*.ipynb", "book/**/*", "_static/**/*",
               "scripts/**/*.py", "locale/**/*.po"]
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
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    args = " ".join(f"{k.upper()}={v}" for k, v in parameters.items() if v is not None)
    return {
        "build_date": now.isoformat(timespec="seconds"),
        "parameters": parameters,
        "command": f"make book {args}".strip(),
        "git": {"commit": commit, "modified_tracked_files": bool(status) if status is not None
                else None},
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
        "inputs": [{"path": str(p.relative_to(root)), "sha256": _sha256(p),
                    "bytes": p.stat().st_size} for p in input_files(root)],
    }


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

Để dựng lại đúng bản này: lấy mã nguồn ở commit trên (`git checkout {git['commit'] or '…'}`), chạy
lệnh dựng lại, rồi so các tệp đầu vào với hồ sơ này bằng
`.venv/bin/egovbook check-record reproducibility.json`.

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


def compare(record: dict[str, Any], root: Path) -> list[str]:
    """Differences between a record's inputs and the files of a checkout (Vietnamese lines)."""
    recorded = {i["path"]: i["sha256"] for i in record["inputs"]}
    current = {str(p.relative_to(root)): _sha256(p) for p in input_files(root)}
    lines = []
    for path in sorted(set(recorded) | set(current)):
        if path not in current:
            lines.append(f"thiếu tệp: {path}")
        elif path not in recorded:
            lines.append(f"tệp mới, không có trong hồ sơ: {path}")
        elif recorded[path] != current[path]:
            lines.append(f"khác nội dung: {path}")
    return lines
