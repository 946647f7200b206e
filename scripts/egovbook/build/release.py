"""Publishing an edition, and the site that keeps every published edition readable.

``egovbook publish`` refuses a checkout with uncommitted changes to what the book is built from
(the recorded commit must reproduce the edition), builds the book, and records it in
``editions/<id>/`` (:func:`egovbook.build.editions.record_edition`); the record is then committed
like any file.

``egovbook site`` writes ``_site/``, a static folder any web server or GitHub Pages serves as
is: each recorded edition rebuilt from its own commit and parameters (a temporary
``git worktree`` at that commit, built with this environment) at ``_site/an-ban/<id>/``, the
latest edition of the default country also at the root, and ``_site/an-ban/index.html`` listing
them all. A rebuilt edition must give the values it recorded, otherwise the site is not written.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from egovbook.analysis import values
from egovbook.build import editions, record, site_index, steps
from egovbook.build.pipeline import DEFAULT_COUNTRY, BuildError, Options
from egovbook.build.staging import has_domestic_chapters
from egovbook.common.paths import project_root

SITE = "_site"
# What the book is built from (the tops of record.INPUT_GLOBS): publishing refuses when any of
# it differs from the commit.
SOURCES = ["_config.yml", "_toc.yml", "requirements.txt", "pyproject.toml", "Makefile", "data",
           "notebooks", "book", "_static", "_templates", "locale", "scripts"]


class Refused(BuildError):
    """Publishing is refused: the checkout cannot reproduce the edition."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                              timeout=120)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise Refused(f"Không chạy được git ({err}).") from err


def uncommitted(root: Path) -> list[str]:
    """Files of what the book is built from that differ from the commit (untracked included)."""
    out = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *SOURCES)
    if out.returncode != 0:
        raise Refused("Thư mục này không phải một kho git: ấn bản cần một commit để dựng lại "
                      "được. " + out.stderr.strip())
    return [line[3:] for line in out.stdout.splitlines()]


def publish(opts: Options, today: dt.date | None = None) -> Path:
    """Build the book from a clean checkout and record it as an edition; return its folder."""
    root = opts.root or project_root()
    opts.root = root
    dirty = uncommitted(root)
    if dirty:
        raise Refused("Không công bố ấn bản: có tệp đã sửa hoặc chưa commit trong những gì sách "
                      "được dựng từ, nên commit được ghi lại sẽ không dựng lại được ấn bản này. "
                      "Hãy commit (hoặc bỏ) các thay đổi rồi chạy lại:\n"
                      + "\n".join(f"  • {p}" for p in dirty[:20])
                      + ("\n  • …" if len(dirty) > 20 else ""))
    head = _git(root, "rev-parse", "HEAD").stdout.strip()
    target = steps.build(opts)
    rec = record.load(target / record.RECORD_NAME)
    registry = values.load(target / values.REGISTRY_NAME)
    if rec is None or registry is None or rec["git"]["commit"] != head \
            or rec["git"]["modified_tracked_files"]:
        raise Refused("Không công bố ấn bản: bản dựng trong _build/html không phải của commit "
                      f"{head[:7]} với cây thư mục sạch. Hãy chạy lại lệnh.")
    # The staged configuration says whether this book has the domestic chapters.
    staged = yaml.safe_load((root / "_build" / "stage" / "_config.yml").read_text(encoding="utf-8"))
    return editions.record_edition(root, rec, registry, has_domestic_chapters(staged),
                                   today or dt.date.today())


# --- the site ---------------------------------------------------------------------------------


def _build_edition(root: Path, edition: dict[str, Any], work: Path,
                   say: Callable[[str], None]) -> Path:
    """Rebuild one recorded edition from its commit in a temporary worktree; its html folder."""
    src = work / edition["id"]
    _remove_worktree(root, src)
    out = _git(root, "worktree", "add", "--detach", str(src), edition["commit"])
    if out.returncode != 0:
        raise BuildError(f"Không lấy được commit {edition['commit'][:7]} của ấn bản "
                         f"{edition['id']} (bản sao nông? thử git fetch --unshallow):\n"
                         + out.stderr.strip())
    p = edition["parameters"]
    args = ["--country", str(p["country"]), "--year", str(p["year"])]
    if p.get("quarter"):
        args += ["--quarter", str(p["quarter"])]
    if p.get("target_rank") is not None:
        args += ["--target-rank", str(p["target_rank"])]
    # The worktree's own code (PYTHONPATH before this checkout's editable install) and data.
    env = {**os.environ, "EGOVBOOK_ROOT": str(src), "PYTHONPATH": str(src / "scripts"),
           "EGOVBOOK_PUBLISHED": edition["published"]}
    say(f"Dựng lại ấn bản {edition['id']} từ commit {edition['commit'][:7]}…")
    proc = subprocess.run([sys.executable, "-m", "egovbook.cli", "build", *args], cwd=src,
                          env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise BuildError(f"Không dựng lại được ấn bản {edition['id']}:\n{tail}")
    built = src / "_build" / "html"
    recorded = values.load(Path(edition["folder"]) / values.REGISTRY_NAME) or {}
    diffs = values.differences(values.snapshot(recorded),
                               values.snapshot(values.load(built / values.REGISTRY_NAME) or {}))
    if diffs:
        raise BuildError(f"Ấn bản {edition['id']} dựng lại không khớp sổ giá trị đã ghi "
                         f"({len(diffs)} con số khác):\n" + values.render_differences(diffs))
    return built


def _remove_worktree(root: Path, src: Path) -> None:
    if src.exists():
        _git(root, "worktree", "remove", "--force", str(src))
        shutil.rmtree(src, ignore_errors=True)
    _git(root, "worktree", "prune")


def build_site(root: Path, out: Path | None = None,
               say: Callable[[str], None] = print) -> Path:
    """Write the static site of every recorded edition (see the module's docstring)."""
    recorded = editions.published(root)
    if not recorded:
        raise BuildError("Chưa có ấn bản nào được công bố (thư mục editions/ trống): hãy chạy "
                         "make publish trước.")
    out = out or root / SITE
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    work = root / "_build" / "site-work"
    work.mkdir(parents=True, exist_ok=True)
    for edition in recorded:
        src = work / edition["id"]
        try:
            built = _build_edition(root, edition, work, say)
            shutil.copytree(built, tmp / editions.SITE_DIR / edition["id"])
        finally:
            _remove_worktree(root, src)
    default = [e for e in recorded if e["parameters"].get("country") == DEFAULT_COUNTRY]
    front = (default or recorded)[-1]
    shutil.copytree(tmp / editions.SITE_DIR / front["id"], tmp, dirs_exist_ok=True)
    (tmp / editions.SITE_DIR / "index.html").write_text(
        site_index.site_index(recorded), encoding="utf-8")
    # GitHub Pages would hide Sphinx's _static/ and _images/ folders without this file.
    (tmp / ".nojekyll").write_text("", encoding="utf-8")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    say(f"Đã ghi trang web {out}: {len(recorded)} ấn bản trong {editions.SITE_DIR}/, "
        f"ấn bản {front['id']} ở trang gốc.")
    return out
