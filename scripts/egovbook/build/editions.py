"""Editions: every successful publish is kept, and the book says what changed since the last.

An edition is identified by country, survey year, domestic quarter, date and git commit. Its
HTML (with the PDF and the values registry) is copied into ``_editions/<id>/``, a folder no
build deletes (``make clean`` removes ``_build`` only). The page "Thay đổi so với ấn bản trước"
compares the values registry of this build with the previous edition's: every figure that
changed, appeared or disappeared, with old and new text and the likely reason, plus the commits
between the two editions. Its sentences, and those of the citation block, are in
``book/prose/thay-doi.md`` and ``book/prose/trich-dan.md``; the table's column titles, the reasons
and the names of the project's areas are labels, kept here.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from egovbook.analysis import values
from egovbook.build import record
from egovbook.chapters import prose
from egovbook.common import fmt

ARCHIVE = "_editions"
META = "edition.json"
PAGE = Path("book") / "thay-doi.md"
PROSE = "book/thay-doi"
CITE_PROSE = "book/trich-dan"
REASONS = {
    "quarter": "quý số liệu mới",
    "data": "dữ liệu đầu vào được sửa",
    "method": "thay đổi phương pháp hoặc mã nguồn",
    "parameters": "tham số dựng khác",
}


def _say(block: str, **fields: Any) -> str:
    return prose.text(PROSE, block, **fields)


def _quarter(label: str | None) -> str:
    from egovbook.common.periods import quarter_vi

    return quarter_vi(label) if label else _say("scope.no_quarter")


def scope(p: dict[str, Any], domestic: bool) -> str:
    """What an edition covers, in words; the domestic quarter only in a book that has the
    domestic chapters (another country's book reads no quarterly data)."""
    return _say("scope", year=p.get("year"), domestic=domestic,
                quarter=_quarter(p.get("quarter")) if domestic else "")


def edition_id(rec: dict[str, Any]) -> str:
    p = rec["parameters"]
    when = dt.datetime.fromisoformat(rec["build_date"])
    commit = (rec.get("git", {}).get("commit") or "khongco")[:7]
    return (f"{p.get('country')}-{p.get('year')}-{p.get('quarter') or 'khongquy'}-"
            f"{when:%Y%m%d-%H%M%S}-{commit}")


def editions(root: Path) -> list[dict[str, Any]]:
    """Archived editions, oldest first."""
    out = []
    for meta in sorted((root / ARCHIVE).glob(f"*/{META}")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        data["path"] = str(meta.parent)
        out.append(data)
    return sorted(out, key=lambda e: (e["date"], e["id"]))


def previous(root: Path, country: str, digest: str) -> dict[str, Any] | None:
    """The latest archived edition of the same country that is not this very build."""
    same = [e for e in editions(root) if e["parameters"].get("country") == country
            and e.get("digest") != digest]
    return same[-1] if same else None


def archive(root: Path, published: Path, rec: dict[str, Any], digest: str) -> Path:
    """Copy the published book into the archive as a new edition (never overwritten)."""
    ident = edition_id(rec)
    dest = root / ARCHIVE / ident
    if dest.exists():
        return dest
    tmp = dest.with_name(ident + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(published, tmp)
    meta = {"id": ident, "date": rec["build_date"], "parameters": rec["parameters"],
            "commit": rec.get("git", {}).get("commit"), "digest": digest}
    (tmp / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")
    tmp.rename(dest)
    return dest


def _commits(root: Path, old: str | None, new: str | None) -> list[str] | None:
    if not old or not new or old == new:
        return [] if old and old == new else None
    try:
        # Every commit of the range, merges included: the count matches the `git log` shown.
        out = subprocess.run(["git", "log", "--format=%h %s", f"{old}..{new}"],
                             cwd=root, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.splitlines() if out.returncode == 0 else None


AREAS = {"scripts": "mã tính toán (gói egovbook)", "notebooks": "các chương (notebook)",
         "book": "các trang văn bản", "data": "dữ liệu", "tests": "kiểm thử",
         "_static": "giao diện và bản in (CSS)", "locale": "chữ giao diện tiếng Việt",
         "": "cấu hình dựng sách và môi trường"}


def _group(names: list[str]) -> dict[str, list[str]]:
    """Paths grouped by the area of the project they belong to (top-level files: configuration)."""
    groups: dict[str, list[str]] = {}
    for name in names:
        area = name.split("/", 1)[0] if "/" in name else ""
        if area in AREAS:
            groups.setdefault(area, []).append(name)
    return groups


def _changed_files(root: Path, old: str | None, new: str | None) -> dict[str, list[str]]:
    """Files changed between two commits, grouped by area (when the records cannot say)."""
    try:
        out = subprocess.run(["git", "diff", "--name-only", f"{old}..{new}"], cwd=root,
                             capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    return _group(out.stdout.splitlines())


def changed_inputs(old_rec: dict[str, Any] | None,
                   new_rec: dict[str, Any]) -> dict[str, list[str]] | None:
    """Input files whose content differs between two builds (added or removed included), by
    area, from the checksums each build recorded: this sees edits not yet committed, which the
    commits alone do not. None when a record has no checksums."""
    if not old_rec or "inputs" not in old_rec or "inputs" not in new_rec:
        return None
    old = {i["path"]: i["sha256"] for i in old_rec["inputs"]}
    new = {i["path"]: i["sha256"] for i in new_rec["inputs"]}
    return _group(sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p)))


def reason(key: str, old_reg: dict[str, Any], new_reg: dict[str, Any],
           changed: dict[str, list[str]] | None, same_commit: bool = False) -> str:
    """Why a figure changed: the parameters, the quarter, its input files, or the method (code,
    notebooks, pages). ``changed``: :func:`changed_inputs`; without it, the commits decide."""
    old_p, new_p = old_reg.get("parameters", {}), new_reg.get("parameters", {})
    if {k: v for k, v in old_p.items() if k != "quarter"} != \
            {k: v for k, v in new_p.items() if k != "quarter"}:
        return REASONS["parameters"]
    old_v = values.by_key(old_reg).get(key, {})
    new_v = values.by_key(new_reg).get(key, {})
    if old_p.get("quarter") != new_p.get("quarter") and "quarter" in new_v.get("parameters", {}):
        return REASONS["quarter"]
    hashes = {(r["file"], r.get("sha256")) for r in old_v.get("inputs", [])}
    new_hashes = {(r["file"], r.get("sha256")) for r in new_v.get("inputs", [])}
    if hashes and new_hashes and hashes != new_hashes:
        return REASONS["data"]
    if changed is not None:
        # The figure's own rows are the same: what else changed between the two builds?
        if any(area != "data" for area in changed) or not changed:
            return REASONS["method"]
        return REASONS["data"]
    return REASONS["method"] if not same_commit else REASONS["data"]


def _cell(text: object) -> str:
    return str(text or fmt.MISSING).replace("|", "\\|").replace("\n", " ")


def page(root: Path, prev: dict[str, Any] | None, reg: dict[str, Any],
         rec: dict[str, Any], titles: dict[str, str], domestic: bool = True) -> str:
    """The MyST page "Thay đổi so với ấn bản trước" (all generated)."""
    head = "# Thay đổi so với ấn bản trước\n\n:::{container} egovbook-generated\n"
    if prev is None:
        return head + _say("first") + "\n:::\n"
    old_reg = values.load(Path(prev["path"]) / values.REGISTRY_NAME) or {"values": []}
    changed = changed_inputs(record.load(Path(prev["path"]) / record.RECORD_NAME), rec)
    diffs = values.differences(values.snapshot(old_reg), values.snapshot(reg))
    commit = rec.get("git", {}).get("commit")
    same_commit = bool(commit) and commit == prev.get("commit")
    when = dt.datetime.fromisoformat(prev["date"])
    p = prev["parameters"]
    from egovbook.intake.countries import load as load_countries

    names = load_countries().set_index("iso3")["name_vi"]
    country = names.get(p.get("country"), p.get("country"))
    lines = [_say("previous", date=fmt.date(when.date()), country=country,
                  scope=scope(p, domestic), commit=(prev.get("commit") or "—")[:7]), ""]
    if not diffs:
        lines.append(_say("no_diffs"))
    else:
        kinds = {"đổi": "thay đổi", "mới": "mới có", "bỏ": "không còn"}
        lines += [_say("diffs", n=fmt.number(len(diffs))), "",
                  "| Chương | Con số | Ấn bản trước | Ấn bản này | Thay đổi | Lý do |",
                  "|---|---|---|---|---|---|"]
        by_new, by_old = values.by_key(reg), values.by_key(old_reg)
        for d in diffs:
            entry = by_new.get(d["key"]) or by_old.get(d["key"]) or {}
            chapter = titles.get(entry.get("chapter", ""), entry.get("chapter", ""))
            what = entry.get("how") or "nội dung chữ của chương"
            lines.append(f"| {_cell(chapter)} | {_cell(what)} | "
                         f"{_cell((d['old'] or {}).get('text'))} | "
                         f"{_cell((d['new'] or {}).get('text'))} | {kinds[d['kind']]} | "
                         f"{reason(d['key'], old_reg, reg, changed, same_commit)} |")
    lines += ["", "## Thay đổi phương pháp và mã nguồn", ""]
    commits = _commits(root, prev.get("commit"), commit)
    code = {a: f for a, f in (changed or {}).items() if a != "data"}
    if commits is None:
        lines.append(_say("commits.unknown"))
    elif not commits and changed is not None and not code:
        lines.append(_say("commits.same"))
    elif not commits and changed is None:
        edited = bool((rec.get("git") or {}).get("modified_tracked_files"))
        lines.append(_say("commits.same_unrecorded", edited=edited))
    else:
        if commits:
            lines.append(_say("commits.between", n=fmt.number(len(commits)),
                              old=(prev.get("commit") or "")[:7], new=(commit or "")[:7]))
        else:
            lines.append(_say("commits.uncommitted"))
        files = code if changed is not None else {
            a: f for a, f in _changed_files(root, prev.get("commit"), commit).items()
            if a != "data"}
        if files:
            lines += [_say("files"), ""]
            lines += [f"- {AREAS.get(area, area)}: " + ", ".join(f"`{f}`" for f in names)
                      for area, names in files.items()]
        else:
            lines.append(_say("files.none"))
    return head + "\n".join(lines) + "\n:::\n"


def citation(rec: dict[str, Any], title: str, author: str, url: str | None,
             domestic: bool = True) -> str:
    """"Cách trích dẫn": the edition in words and as a BibTeX entry (appended to the page)."""
    when = dt.datetime.fromisoformat(rec["build_date"])
    p = rec["parameters"]
    ident = edition_id(rec)
    link = url or prose.text(CITE_PROSE, "link.none")
    edition = scope(p, domestic)
    reference = prose.text(CITE_PROSE, "reference", author=author, year=f"{when:%Y}", title=title,
                           ident=ident, edition=edition, date=fmt.date(when.date()))
    bib_url = f"  url = {{{url}}},\n" if url else ""
    return f"""
## Cách trích dẫn

:::{{container}} egovbook-generated
{reference}
{link}

```bibtex
@book{{egovbook_{ident.replace('-', '_').lower()},
  title = {{{title}}},
  author = {{{{{author}}}}},
  year = {{{when:%Y}}},
  edition = {{{ident}}},
  note = {{{edition}; commit {(rec.get('git', {}).get('commit') or '')[:12]}}},
{bib_url}}}
```

{prose.text(CITE_PROSE, "labels")}
:::
"""
