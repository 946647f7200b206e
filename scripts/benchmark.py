"""Build-speed benchmark: prints figures, asserts nothing (the targets are printed beside them).

Measured in one run, on throw-away copies of the project:

1. clean build (``egovbook build`` with no ``_build``);
2. rebuild with nothing changed;
3. rebuild after one quarterly data file changed;
4. baseline: plain ``jupyter-book build`` with ``execute_notebooks: force`` on the same sources.

Usage: ``make benchmark`` (or ``.venv/bin/python scripts/benchmark.py``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
IGNORE = shutil.ignore_patterns(".venv", "_build", "_editions", ".git", "__pycache__",
                                ".pytest_cache", "_outputs", ".ruff_cache", "*.egg-info",
                                "node_modules")


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"Lệnh thất bại ({' '.join(cmd)}):\n{proc.stdout}\n{proc.stderr}")
    return seconds, proc.stdout


def executed(output: str) -> list[str]:
    return re.findall(r"✓ (\S+\.ipynb): đã chạy", output)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="egovbook-bench-"))
    project = work / "project"
    shutil.copytree(ROOT, project, ignore=IGNORE)
    env = {**os.environ, "EGOVBOOK_ROOT": str(project)}
    build = [sys.executable, "-m", "egovbook.cli", "build"]

    clean, out = timed(build, project, env)
    n_notebooks = len(executed(out))
    unchanged, out = timed(build, project, env)
    rerun_unchanged = executed(out)

    quarterly = sorted((project / "data" / "quarterly").glob("*.csv"))[-1]
    text = quarterly.read_text(encoding="utf-8")
    # Change one value of the latest quarter (a correction staff might make).
    changed_text = re.sub(r"^(KPI_CAP_QUANG,[^,]*,[^,]*,)([0-9.]+)", r"\g<1>71.8", text,
                          count=1, flags=re.M)
    quarterly.write_text(changed_text, encoding="utf-8")
    after_change, out = timed(build, project, env)
    rerun_quarterly = executed(out)

    # Baseline: the same sources, notebooks executed by Jupyter Book itself.
    base = work / "baseline"
    shutil.copytree(project / "_build" / "stage", base,
                    ignore=shutil.ignore_patterns("_build", "jupyter-book.log"))
    for nb in (project / "notebooks").glob("*.ipynb"):
        shutil.copy2(nb, base / "notebooks" / nb.name)
    config = yaml.safe_load((base / "_config.yml").read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force", "timeout": 600}
    (base / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                      encoding="utf-8")
    jb = str(Path(sys.executable).with_name("jupyter-book"))
    baseline, _ = timed([jb, "build", str(base), "--path-output", str(base)], base, env)

    def pct(x: float) -> str:
        return f"{100 * x / clean:5.1f} %"

    domestic = {nb.name for nb in (project / "notebooks").glob("*.ipynb")
                if "quarterly" in nb.read_text(encoding="utf-8")}
    print(f"Máy: {os.cpu_count()} lõi; {n_notebooks} notebook\n")
    print(f"{'Bước':<52}{'giây':>8}{'so với dựng sạch':>18}")
    print(f"{'1. Dựng sạch (egovbook build)':<52}{clean:8.1f}{pct(clean):>18}")
    print(f"{'2. Dựng lại, không có gì đổi':<52}{unchanged:8.1f}{pct(unchanged):>18}")
    print(f"{'3. Dựng lại sau khi sửa một tệp số liệu quý':<52}{after_change:8.1f}"
          f"{pct(after_change):>18}")
    print(f"{'4. Mốc so sánh: jupyter-book build, execute force':<52}{baseline:8.1f}"
          f"{pct(baseline):>18}")
    print()
    print(f"Notebook chạy lại khi không có gì đổi: {len(rerun_unchanged)} "
          f"({', '.join(rerun_unchanged) or 'không có'})")
    print(f"Notebook chạy lại sau thay đổi số liệu quý: {', '.join(sorted(rerun_quarterly))}")
    print(f"Notebook đọc số liệu quý (khai báo trong metadata): {', '.join(sorted(domestic))}")
    print()
    print("Mục tiêu:")
    print(f"  dựng lại không đổi ≤ 10 % dựng sạch: {pct(unchanged).strip()} → "
          f"{'đạt' if unchanged <= 0.10 * clean else 'CHƯA ĐẠT'}")
    only_domestic = set(rerun_quarterly) <= domestic
    print(f"  thay đổi số liệu quý chỉ chạy lại notebook đọc số liệu trong nước: "
          f"{'đạt' if only_domestic else 'CHƯA ĐẠT'}")
    print(f"  dựng sạch nhanh hơn mốc so sánh: {clean:.1f} s so với {baseline:.1f} s → "
          f"{'đạt' if clean < baseline else 'CHƯA ĐẠT'}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
