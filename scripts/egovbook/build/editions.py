"""Editions: a build is a draft; publishing one records it in the repository.

``egovbook publish`` (``make publish``) builds the book from a clean checkout and records the
edition in the committed folder ``editions/<id>/``: ``edition.json`` (its identity: country,
survey year, quarter, publication date, commit, build parameters, input checksums) and
``values.json`` (its values registry). Every clone and CI therefore know the same published
history; ``egovbook site`` rebuilds each recorded edition from its commit
(:mod:`egovbook.build.release`; its list of editions:
:mod:`egovbook.build.site_index`).

The page "Thay đổi so với ấn bản đã công bố" compares a draft with the latest published edition
of the same country, figure by figure, with the reason of each change: a new quarter, an older
quarter rebuilt, a corrected input (the files and rows, :mod:`egovbook.build.inputdiff`), a
method change (the commit range), another survey year. Its sentences, and those of the
citation block (:mod:`egovbook.build.citing`), are in ``book/prose/thay-doi.md`` and
``book/prose/trich-dan.md``; the table's column titles, the reasons, the ways a figure changed
and the project's areas are labels, kept here.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections import Counter
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from egovbook.analysis import values
from egovbook.build import changes_words, inputdiff
from egovbook.build.changes_words import (
    change_kind,
    data_name,
    how_changed,
    number,
    row_names,
    shown,
)
from egovbook.chapters import downloads, prose
from egovbook.common import fmt, mystext, periods

EDITIONS = "editions"
META = "edition.json"
SITE_DIR = "an-ban"
PAGE = Path("book") / "thay-doi.md"
PROSE = changes_words.PROSE
CITE_PROSE = "book/trich-dan"
CHAPTERS = "chung"  # the lines every chapter's table shows (its source line, its downloads)
REASONS = {"quarter": "quý số liệu mới", "older": "dựng lại quý cũ hơn",
           "data": "dữ liệu đầu vào được sửa", "method": "cách tính của sách thay đổi",
           "parameters": "kỳ khảo sát khác",
           # The code or the chapters changed, and with them a text (:func:`change_kind`): its
           # numbers, its wording with every number kept, or only how it is written.
           "numbers": "nội dung của sách được sửa (con số khác, thêm hoặc bỏ)",
           "words": "nội dung câu chữ thay đổi, con số giữ nguyên",
           "marks": "chỉ khác chính tả, dấu câu hoặc cách trình bày; nội dung và con số giữ nguyên",
           # A deadline's day dropped for its month or year: the same deadline (review 17, C6).
           "periods": "thời hạn giữ nguyên, chỉ khác cách ghi",
           "periods_words": "câu chữ thay đổi; thời hạn giữ nguyên, chỉ khác cách ghi"}
# The column of the published edition's values (the page names that edition above it).
OLD_COLUMN = "Ấn bản đã công bố"
COLUMNS = ("Chương", "Con số", OLD_COLUMN, "Bản này", "Thay đổi", "Lý do")
TABLE_NAME = "tbl-thay-doi"
# The table's downloads, beside the page as a chapter's are beside its notebook.
DOWNLOADS = "_outputs"
SUFFIXES = {"csv": ".csv", "xlsx": ".xlsx", "txt": downloads.SOURCE_SUFFIX}
AREAS = {"scripts": "mã tính toán của sách", "notebooks": "các chương",
         "book": "các trang văn bản", "_static": "giao diện và bản in",
         "_templates": "giao diện", "locale": "chữ giao diện tiếng Việt",
         "": "cấu hình dựng sách và môi trường"}


def _say(block: str, **fields: Any) -> str:
    return prose.text(PROSE, block, **fields)


def _quarter(label: str | None) -> str:
    return periods.quarter_vi(label) if label else _say("scope.no_quarter")


def scope(p: dict[str, Any], domestic: bool) -> str:
    """What an edition covers, in words; the domestic quarter only in a book that has the
    domestic chapters (another country's book reads no quarterly data)."""
    return _say("scope", year=p.get("year"), domestic=domestic,
                quarter=_quarter(p.get("quarter")) if domestic else "")


# --- the recorded editions --------------------------------------------------------------------


def edition_id(parameters: dict[str, Any], domestic: bool, taken: Collection[str] = ()) -> str:
    """``VNM-2024-2022Q3`` (``KHM-2024`` for a book without domestic chapters; ``-hang70`` with
    a target rank asked at build time); ``-2``, ``-3``… when that scope was published before."""
    parts = [parameters.get("country"), parameters.get("year")]
    if domestic and parameters.get("quarter"):
        parts.append(parameters["quarter"])
    if parameters.get("target_rank") is not None:
        parts.append(f"hang{parameters['target_rank']}")  # a target rank asked at build time
    base = "-".join(str(p) for p in parts)
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def published(root: Path) -> list[dict[str, Any]]:
    """The recorded editions (``editions/*/edition.json``), oldest publication first."""
    out = []
    for meta in (root / EDITIONS).glob(f"*/{META}"):
        data = json.loads(meta.read_text(encoding="utf-8"))
        data["folder"] = str(meta.parent)
        out.append(data)
    return sorted(out, key=lambda e: (e["published"], e.get("sequence", 0), e["id"]))


def latest(root: Path, country: str) -> dict[str, Any] | None:
    """The latest published edition of a country, or None."""
    same = [e for e in published(root) if e["parameters"].get("country") == country]
    return same[-1] if same else None


def label(edition: dict[str, Any]) -> str:
    """``ấn bản kỳ khảo sát 2024, số liệu trong nước đến quý III/2022, công bố ngày …``."""
    return _say("label", scope=scope(edition["parameters"], edition.get("domestic", True)),
                date=fmt.date(dt.date.fromisoformat(edition["published"])))


def record_edition(root: Path, rec: dict[str, Any], registry: dict[str, Any], domestic: bool,
                   today: dt.date) -> Path:
    """Write ``editions/<id>/`` for a build (its record and registry); return the folder."""
    taken = {e["id"] for e in published(root)}
    ident = edition_id(rec["parameters"], domestic, taken)
    folder = root / EDITIONS / ident
    folder.mkdir(parents=True)
    meta = {"id": ident, "country": rec["parameters"].get("country"),
            "year": rec["parameters"].get("year"), "quarter": rec["parameters"].get("quarter"),
            "domestic": domestic, "published": today.isoformat(), "sequence": len(taken) + 1,
            "commit": rec["git"]["commit"], "build_date": rec["build_date"],
            "parameters": rec["parameters"], "command": rec["command"],
            "python": rec.get("python"), "packages": rec.get("packages"),
            "inputs": rec["inputs"]}
    (folder / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
    values.write(registry, folder / values.REGISTRY_NAME)
    return folder


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None


def _area(path: str) -> str:
    return path.split("/", 1)[0] if "/" in path else ""


# --- what changed since the published edition ------------------------------------------------


class Changes:
    """What differs between a published edition and a draft: parameters, input files, commits."""

    def __init__(self, root: Path, edition: dict[str, Any], rec: dict[str, Any]) -> None:
        self.root, self.edition, self.rec = root, edition, rec
        self.old_p, self.new_p = edition["parameters"], rec["parameters"]
        old = {i["path"]: i["sha256"] for i in edition.get("inputs", [])}
        new = {i["path"]: i["sha256"] for i in rec.get("inputs", [])}
        differ = sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))
        self.method_files = [p for p in differ if not p.startswith("data/")]
        data = [p for p in differ if p.startswith("data/")]
        # A quarterly file of a quarter after the edition's is the new quarter, not a correction.
        self.new_quarter_files = [p for p in data if p not in old
                                  and inputdiff.is_later_quarter(p, self.old_p.get("quarter"))]
        self.data_files = inputdiff.pair_formats(
            [p for p in data if p not in self.new_quarter_files], old, new)
        self.corrected = {f.removeprefix("data/") for pair in self.data_files for f in pair if f}

    @property
    def quarter_move(self) -> str | None:
        old, new = self.old_p.get("quarter"), self.new_p.get("quarter")
        if not old or not new or old == new:
            return None
        return "quarter" if periods.quarter_index(new) > periods.quarter_index(old) else "older"

    def commits(self) -> list[str] | None:
        """The commits between the edition and the draft that touch its method (None: unknown)."""
        old, new = self.edition.get("commit"), (self.rec.get("git") or {}).get("commit")
        if not old or not new:
            return None
        if old == new:
            return []
        paths = sorted({_area(p) or p for p in self.method_files}) or ["."]
        out = _git(self.root, "log", "--format=%h", f"{old}..{new}", "--", *paths)
        return out.stdout.split() if out is not None and out.returncode == 0 else None

    def reason(self, old: dict[str, Any] | None, new: dict[str, Any] | None) -> str:
        """Why one figure changed (``old``/``new``: its registry entries)."""
        params = {**(old or {}).get("parameters", {}), **(new or {}).get("parameters", {})}
        if "year" in params and self.old_p.get("year") != self.new_p.get("year"):
            return REASONS["parameters"]
        if "quarter" in params and self.quarter_move:
            return REASONS[self.quarter_move]
        files = {r["file"] for e in (old, new) if e for r in e.get("inputs", [])}
        if files & self.corrected:
            return REASONS["data"]
        if self.method_files:
            return REASONS["method"]
        return REASONS["data"]

    def reasons(self, method_rows: Sequence[tuple[str, str]] = ()) -> list[str]:
        """The reasons of the whole draft, as Markdown list items (``method_rows``: the chapter
        and the kind of change, :func:`change_kind`, of each row the method explains: each
        kind is said of those rows, counted per chapter). The method is said in words; its
        commits, in the appendix."""
        out = []
        if self.old_p.get("year") != self.new_p.get("year"):
            out.append(_say("reason.parameters", old=self.old_p.get("year"),
                            new=self.new_p.get("year")))
        if self.quarter_move and self.edition.get("domestic", True):
            out.append(_say(f"reason.{self.quarter_move}", old=_quarter(self.old_p["quarter"]),
                            new=_quarter(self.new_p["quarter"])))
        if self.data_files:
            lines = [_say("reason.data")]
            for old_path, new_path in self.data_files:
                what = data_name(new_path or old_path)
                lines.append("  - " + _say("data.file", file=what[:1].upper() + what[1:],
                                           rows=self._rows(old_path, new_path)))
            out.append("\n".join(lines))
        if self.method_files:
            out.append(_say("reason.method", **{
                kind: _per_chapter([c for c, k in method_rows if k == kind])
                for kind in ("numbers", "words", "marks")}))
        return out

    def _groups(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for path in self.method_files:
            groups.setdefault(_area(path), []).append(path)
        return groups

    def appendix(self) -> str:
        """The changes for those who rebuild the book, exactly: the edition's commit, the
        commit range and its ``git log``, each changed input's path and spreadsheet rows, each
        changed file of the method (a section of the reproducibility appendix)."""
        old = (self.edition.get("commit") or "")[:7]
        new = ((self.rec.get("git") or {}).get("commit") or "")[:7]
        commits = self.commits() if self.method_files else []
        lines = [_say("appendix.head", edition=self.edition["id"], old=old or fmt.MISSING), ""]
        for old_path, new_path in self.data_files:
            found = (inputdiff.row_changes(self.root, self.edition.get("commit"), old_path,
                                           new_path) if old_path and new_path else None)
            rows = "; ".join(_say(f"appendix.rows.{kind}", rows=fmt.join_vi([str(n) for n in nums]))
                             for kind, nums in (found or {}).items() if nums)
            lines.append(f"- `{new_path or old_path}`" + (f" ({rows})" if rows else ""))
        if self.method_files:
            edited = bool((self.rec.get("git") or {}).get("modified_tracked_files"))
            lines.append("- " + (_say("appendix.commits", n=fmt.number(len(commits)), old=old,
                                      new=new, edited=edited) if commits is not None
                                 else _say("appendix.commits.unknown", old=old, edited=edited)))
            lines += [f"  - {AREAS.get(area, AREAS[''])}: " + ", ".join(f"`{p}`" for p in names)
                      for area, names in sorted(self._groups().items())]
        return "\n".join(lines) + "\n"

    def _rows(self, old_path: str | None, new_path: str | None) -> str:
        if old_path is None:
            return _say("data.new")
        if new_path is None:
            return _say("data.gone")
        found = inputdiff.row_changes(self.root, self.edition.get("commit"), old_path, new_path)
        if found is None:
            return _say("rows.unknown")
        # Rows are named as the tables name them: a removed row as the published edition's
        # file had it (review 25, C10).
        def then(path: str) -> bytes | None:
            return inputdiff.old_bytes(self.root, self.edition.get("commit"),
                                       old_path if path == new_path else path)

        parts = [_say(f"rows.{kind}", rows=fmt.join_vi(row_names(
                          self.root, new_path, rows, then if kind == "removed" else None)),
                      n=fmt.number(len(rows)))
                 for kind, rows in found.items() if rows]
        return "; ".join(parts) or _say("rows.same")


def appendix(root: Path, edition: dict[str, Any] | None, rec: dict[str, Any]) -> str:
    """The section «Thay đổi so với ấn bản đã công bố» of the reproducibility appendix: the
    exact files, rows and commits the changelog names in words (:meth:`Changes.appendix`)."""
    head = f"\n## {_say('appendix.title')}\n\n:::{{container}} egovbook-generated\n"
    if edition is None:
        return head + _say("appendix.first") + "\n:::\n"
    changes = Changes(root, edition, rec)
    if not (changes.data_files or changes.method_files):
        return head + _say("appendix.none") + "\n:::\n"
    return head + changes.appendix() + ":::\n"


def _per_chapter(chapters: list[str]) -> str:
    """«2 giá trị của chương *A* và 1 giá trị của chương *B*» (in the order of the table)."""
    return fmt.join_vi([_say("reason.method.rows", n=fmt.number(n), chapter=c)
                        for c, n in Counter(chapters).items()])


def _cell(text: object) -> str:
    """A cell of the table: upright, as every table cell is (the Method page's rule)."""
    return mystext.upright(str(text or fmt.MISSING).replace("\n", " "))


def table_files(folder: Path) -> dict[str, Path]:
    """The table's downloads beside a page in ``folder``, by kind (csv, xlsx, txt)."""
    return {k: folder / DOWNLOADS / f"{TABLE_NAME}{suffix}" for k, suffix in SUFFIXES.items()}


def write_downloads(rows: list[tuple[str, ...]], folder: Path, source: str) -> str:
    """The table's CSV, XLSX and sources file, written as a chapter's are
    (:mod:`egovbook.chapters.downloads`; italics as plain words), beside the page in
    ``folder``; its source line, which links them as a chapter's table does."""
    import pandas as pd

    data = pd.DataFrame([[mystext.quoted(c) for c in r] for r in rows],
                        columns=list(COLUMNS), dtype=object)
    said = {"title": _say("table.title"), "source": source}  # the page's words; then the notes'
    lines = [(prose.text(CHAPTERS, f"downloads.{key}"),
              said.get(key) or _say(f"downloads.{key}", name=TABLE_NAME))
             for key in ("title", "source", "units", "label", "precision")]
    files = table_files(folder)
    files["csv"].parent.mkdir(parents=True, exist_ok=True)
    downloads.write_csv(data, files["csv"])
    downloads.write_xlsx(data, lines, files["xlsx"])
    downloads.write_sources(lines, files["txt"])
    return prose.text(CHAPTERS, "table.footer", source=source, **{
        k: f"{DOWNLOADS}/{f.name}" for k, f in files.items()})


def page(root: Path, edition: dict[str, Any] | None, reg: dict[str, Any], rec: dict[str, Any],
         titles: dict[str, str], country: str, folder: Path) -> str:
    """The MyST page "Thay đổi so với ấn bản đã công bố" (all generated), to be written in
    ``folder`` (its table's downloads are written beside it, and removed when it has none)."""
    head = "# Thay đổi so với ấn bản đã công bố\n\n:::{container} egovbook-generated\n"
    for stale in table_files(folder).values():
        stale.unlink(missing_ok=True)
    if edition is None:
        return head + _say("first", country=country) + "\n:::\n"
    old_reg = values.load(Path(edition["folder"]) / values.REGISTRY_NAME) or {"values": []}
    changes = Changes(root, edition, rec)
    diffs = values.differences(values.snapshot(old_reg), values.snapshot(reg))
    by_new, by_old = values.by_key(reg), values.by_key(old_reg)
    rows: list[tuple[str, ...]] = []
    kinds: list[str] = []  # each row's kind of change (:func:`change_kind`)
    method_rows: list[tuple[str, str]] = []  # (chapter, kind) of the rows the method explains
    moved = changes_words.carried_over([d["key"] for d in diffs], by_old, by_new)
    for d in (d for d in diffs if by_old.get(d["key"]) not in moved.values()):
        old, new = by_old.get(d["key"]) or moved.get(d["key"]), by_new.get(d["key"])
        entry = new or old or {}
        chapter = titles.get(entry.get("chapter", ""), entry.get("chapter", ""))
        why = changes.reason(old, new)
        kind = "carried" if d["key"] in moved else change_kind(shown(old), shown(new))
        group = changes_words.GROUP[kind]  # the kind as the summary and the reasons count it
        # A corrected input changes numbers; a text that kept them while the code changed is
        # the code's (review 16, C4).
        method = why == REASONS["method"] or (why == REASONS["data"] and group != "numbers"
                                               and bool(changes.method_files))
        a, b = number(old), number(new)
        if method and (a is None or b is None or a == b):
            why = REASONS.get(kind, REASONS[group])  # no computed value changed: a text did
        cells = (chapter, entry.get("how") or _say("figure.text"), shown(old), shown(new),
                 how_changed(old, new, kind), why)
        row = tuple(_cell(c) for c in cells)
        # Two keys can show the same text (the quarter's key and its words): one row.
        if row not in rows and shown(old) != shown(new):
            rows.append(row)
            kinds.append(group)
            if method and chapter:
                method_rows.append((chapter, group))
    lines = [_say("previous", country=country, edition=label(edition)), ""]
    reasons = changes.reasons(method_rows)
    lines += [_say("reasons"), "", *[f"- {r}" for r in reasons], "", _say("details"), ""] \
        if reasons else [_say("reason.none"), ""]
    if not rows:
        lines.append(_say("no_diffs"))
    else:
        said = [_say(f"diffs.{kind}", n=fmt.number(kinds.count(kind)))
                for kind in ("numbers", "words", "marks") if kind in kinds]
        lines += [_say("diffs", n=fmt.number(len(rows)), kinds=fmt.join_vi(said)), "",
                  f":::{{table}} {_say('table.title')}", f":name: {TABLE_NAME}", "",  # numbered
                  "| " + " | ".join(COLUMNS) + " |", "|---" * len(COLUMNS) + "|",
                  *("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows),
                  ":::", "",
                  write_downloads(rows, folder, _say("table.source", edition=label(edition)))]
    return head.replace(":::", "::::") + "\n".join(lines) + "\n::::\n"
