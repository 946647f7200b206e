"""The changelog in a reader's words: what a changed data file holds and which of its rows
changed, named as the book's tables name them (a target by its indicator and article, a
figure by its indicator and date), never by path or row number.

How a text of the book changed is said in words too (:func:`change_kind`): its numbers, its
wording with every number kept, or only its spelling and marks.

The paths, spreadsheet rows and commits stay exact for those who rebuild the book, in the
reproducibility appendix (:meth:`egovbook.build.editions.Changes.appendix`).
"""

from __future__ import annotations

import calendar
import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import Any

from egovbook.chapters import prose
from egovbook.common import fmt, periods
from egovbook.intake import domestic, quarterly

# What each data file holds, as a reader would say it.
DATA_NAMES = {
    "data/domestic/targets.csv": "tệp mục tiêu trong nước",
    "data/domestic/indicators.csv": "danh mục chỉ tiêu trong nước",
    "data/domestic/cntt_2019.csv": "bảng xếp hạng ứng dụng công nghệ thông tin năm 2019",
    "data/claims.csv": "sổ đối chiếu các khẳng định báo chí",
    "data/sources.csv": "danh sách nguồn của sách",
    "data/countries.csv": "danh sách quốc gia",
    "data/un_egov.csv": "bảng dữ liệu Khảo sát của Liên Hợp Quốc",
    "data/datapackage.json": "bản mô tả dữ liệu",
    "data/raw/un-member-states-m49.csv": "danh sách quốc gia thành viên Liên Hợp Quốc",
}
# The changes page's sentences (book/prose/thay-doi.md).
PROSE = "book/thay-doi"
OTHER = "một tệp dữ liệu khác"
INDICATORS = "data/domestic/indicators.csv"
TARGETS = "data/domestic/targets.csv"


def data_name(path: str) -> str:
    """``data/domestic/targets.csv`` → ``tệp mục tiêu trong nước``; a quarterly file → its
    quarter; a survey export → its year.

    >>> data_name("data/quarterly/2022Q3.csv"), data_name("data/raw/un-egov/EGOV_DATA_2024.csv")
    ('số liệu trong nước quý III/2022', 'tệp gốc của Khảo sát năm 2024')
    """
    p = PurePosixPath(path)
    if path in DATA_NAMES:
        return DATA_NAMES[path]
    if p.parent.as_posix() == "data/quarterly" and (m := quarterly.FILE_RE.match(p.name)):
        return "số liệu trong nước " + periods.quarter_vi(f"{m.group(1)}Q{m.group(2)}")
    if p.parent.as_posix() == "data/raw/un-egov" and p.stem.startswith("EGOV_DATA_"):
        return "tệp gốc của Khảo sát năm " + p.stem.removeprefix("EGOV_DATA_")
    return OTHER


def _records(root: Path, path: str, data: bytes | None = None) -> list[dict[str, str]] | None:
    """The rows of a CSV file now, or of ``data`` (its bytes at the published edition)."""
    file = root / path
    if file.suffix != ".csv" or (data is None and not file.is_file()):
        return None
    text = (data if data is not None else file.read_bytes()).decode("utf-8-sig", errors="replace")
    return list(csv.DictReader(io.StringIO(text)))


def _indicator_names(root: Path, data: bytes | None = None) -> dict[str, str]:
    return {r["code"]: r["name_vi"] for r in _records(root, INDICATORS, data) or []
            if r.get("code") and r.get("name_vi")}


def _used_indicators(root: Path) -> set[str]:
    """The indicators some target or quarterly figure of the data uses (the book shows those)."""
    files = [TARGETS, *(p.relative_to(root).as_posix()
                        for p in sorted((root / "data/quarterly").glob("*.csv")))]
    return {r["indicator"] for f in files for r in _records(root, f) or [] if r.get("indicator")}


def _source_name(row: dict[str, str]) -> str:
    """A source as the chapters name it: an article of the set by its id (bài A001), a web page
    by its title and site, the survey's row as what it is (the references list the survey's
    data year by year); never a code the book does not show.

    >>> _source_name({"source_id": "W001", "kind": "web", "title": "Tin", "outlet": "a.vn"})
    'bài «Tin» trên a.vn'
    >>> _source_name({"source_id": "D002", "kind": "dataset", "title": "Unicode CLDR"})
    'dữ liệu *Unicode CLDR*'
    """
    kind, title, outlet = row.get("kind"), row.get("title", ""), row.get("outlet", "")
    if kind == "press":
        return f"bài {row['source_id']}"
    if kind == "dataset":
        # A dataset's title names a work, as the bibliography does: in italics (the Method
        # page keeps «» for an article's or a web page's words).
        # The survey's row is printed nowhere: the references list its data year by year.
        return (prose.text(PROSE, "name.un_data") if row.get("source_id") == domestic.SURVEY_DATA
                else f"dữ liệu *{title}*")
    return f"bài «{title}»" + (f" trên {outlet}" if outlet else "")


def _row_name(row: dict[str, str], names: dict[str, str], used: set[str] | None) -> str | None:
    """A row as the tables name it (None: no rule for this file); an indicator no figure or
    target uses says so, since no table of the book names it."""
    # A name inside a sentence: lower case first, as the chapters write it.
    indicator = fmt.lower_first(names.get(row.get("indicator") or "", ""))
    if "target_id" in row and indicator:
        return f"mục tiêu *{indicator}* của bài {row.get('source_id')}"
    if "date" in row and indicator:
        # As the book writes dates: «ngày 26/08/2020», «tháng 08/2020».
        period = periods.parse_period(row["date"])
        shown = period.vi() if period else row["date"]
        return f"số liệu *{indicator}* {'' if shown.startswith('tháng') else 'ngày '}{shown}"
    if row.get("claim_id"):
        return f"khẳng định {row['claim_id']}"
    if row.get("source_id") and row.get("title"):
        return _source_name(row)
    if row.get("code") and row.get("name_vi"):
        name = fmt.lower_first(row["name_vi"])
        return (f"chỉ tiêu *{name}*" if used is None or row["code"] in used
                else prose.text(PROSE, "name.unused", name=name))
    return None


def row_names(root: Path, path: str, numbers: list[int],
              edition: Callable[[str], bytes | None] | None = None) -> list[str]:
    """Rows of a file now (spreadsheet numbers, the header is row 1) as the tables name them,
    or with ``edition`` (a file's bytes at the published edition) rows of the file then, as a
    removed row is (review 25, C10); a row without a rule is counted («2 dòng khác»)."""
    then = edition(path) if edition else None
    if edition and then is None:
        return [f"{fmt.number(len(numbers))} dòng"]
    # (A removed row is named as it was: whether the data use it now is beside the point.)
    records, used = _records(root, path, then), None if edition else _used_indicators(root)
    names = {**(_indicator_names(root, edition(INDICATORS)) if edition else {}),
             **_indicator_names(root)}
    out, others = [], 0
    for n in numbers:
        row = records[n - 2] if records is not None and 2 <= n < len(records) + 2 else None
        named = _row_name(row, names, used) if row is not None else None
        if named is None:
            others += 1
        elif named not in out:
            out.append(named)
    if others:
        out.append(f"{fmt.number(others)} dòng {'khác' if out else 'của tệp'}")
    return out


# A number as a text writes it (digits and separators; a minus sign is part of it, «+» is not:
# «+0,0922» and «tăng 0,0922» state the same number).
# A code's digits are part of its name («A003», «2022Q3»), not a number of the text.
_NUMBER = re.compile(r"(?:(?<!\w)[−-])?(?<!\w)\d+(?:[.,/]\d+)*")
# What changes how a text is written, not what it says: spacing, punctuation, quotation marks
# («…» or "…"), the Markdown of italics; case is compared apart.
_MARKS = re.compile(r"[\s.,;:!?…()\[\]«»“”\"'‘’*_–—]+")


def _period(number: str, ends: bool = True) -> str:
    """A date as the period it ends: «31/10/2020» is the end of «10/2020», «31/12/2020» and
    «12/2020» the end of «2020» (``ends``); «03/6/2020» is «03/06/2020». Other numbers as
    written."""
    parts = number.split("/")
    if not (1 < len(parts) < 4 and all(p.isdigit() for p in parts) and len(parts[-1]) == 4
            and 1 <= int(parts[-2]) <= 12):
        return number
    nums = [int(p) for p in parts]
    if ends and len(nums) == 3 and nums[0] == calendar.monthrange(nums[2], nums[1])[1]:
        nums = nums[1:]  # a deadline written as the month's last day
    if ends and len(nums) == 2 and nums[0] == 12:
        nums = nums[1:]  # … or as the year's last month
    return "/".join(str(n) for n in nums)


# A count of none in words («không số liệu nào», «chưa kỳ nào»): the number 0 (review 15, B1).
_NONE = re.compile(r"(?<!\w)(?:không|chưa) (?:\w+ ){0,3}nào(?!\w)", re.IGNORECASE)


def _numbers(text: str, ends: bool = True, other: str | None = None) -> Counter[str]:
    """The numbers of a text; with ``other`` (the text it is compared with), a «0» of the other
    text this one writes in words counts as a 0 here too."""
    found = Counter(_period(n.replace("-", "−"), ends) for n in _NUMBER.findall(text))
    if other is not None:
        zeros = _NUMBER.findall(other).count("0") - found["0"]
        found["0"] += max(0, min(zeros, len(_NONE.findall(text))))
    return found


# The kinds of :func:`change_kind` as the page counts them (its summary and its reasons): a
# deadline's day dropped for its month or year is a number the text no longer gives; a figure
# now said inside a sentence (:func:`carried`) kept its number.
GROUP = {"numbers": "numbers", "added": "numbers", "dropped": "numbers", "periods": "words",
         "periods_words": "words",
         "words": "words", "marks": "marks", "styles": "marks", "carried": "words"}


def carried(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether a text of this build says a figure the edition showed on its own, under another
    key: the same chapter, and a number of the text that is that figure (the same count, by
    the same rule). A count «0» become «Chưa kỳ nào … 50 …» is one value reworded, not a
    value dropped and another added (review 15, B1).

    >>> old = {"chapter": "08", "exact": "0", "how": "số dòng có hạng không lớn hơn 50"}
    >>> new = {"chapter": "08", "exact": None, "parts": [{"exact": "50", "how": "hạng"}, {
    ...     "exact": "0", "how": "số dòng có hạng không lớn hơn 50"}]}
    >>> carried(old, new), carried({**old, "exact": "1"}, new)
    (True, False)
    >>> carried(old, {**new, "chapter": "07"})
    False
    """
    return old.get("chapter") == new.get("chapter") and any(
        (p.get("exact"), p.get("how")) == (old.get("exact"), old.get("how"))
        for p in new.get("parts") or [])


def carried_over(keys: list[str], old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Of the changed ``keys``, each new one that says a figure of a key now gone
    (:func:`carried`): {new key: the edition's entry}."""
    gone = [k for k in keys if k not in new]
    return {k: old[g] for k in keys if k not in old
            for g in gone if carried(old[g], new[k])}


def change_kind(old: str, new: str) -> str:
    """How a text changed: ``numbers`` (a number replaced by another), ``added`` or
    ``dropped`` (every number of one text is in the other, which has more), ``periods`` (a
    date written as the month or year it ends, or back: the same deadline, its day given or
    not), ``words`` (its wording changed, every number kept: what it says may have changed),
    ``marks`` (only case, spacing, punctuation or quotation marks) or ``styles`` (only italics,
    which a reader of the plain text does not see).

    >>> [change_kind(a, b) for a, b in [
    ...     ("Trong Châu Á, thứ 22/47.", "Trong châu Á: thứ 22/47"), ("«Khớp»", "*Khớp*"),
    ...     ("113", "118"), ("50", "50; thêm 70"), ("—", "1 mục tiêu"), ("+0,09", "−0,09"),
    ...     ("Hạng 50 là mục tiêu của năm đó.", "Sách dùng hạng 50; không văn bản nào nêu nó."),
    ...     ("+0,0922", "tăng 0,0922"), ("hạn 31/10/2020 hay 31/12/2020", "hạn tháng 10/2020 "
    ...     "hay năm 2020"), ("50 và 70", "70"), ("nhóm rất cao.", "nhóm *rất cao*."),
    ...     ("ngày 03/6/2020", "ngày 03/06/2020"),
    ...     ("0 so sánh được", "không số liệu nào so sánh được"),
    ...     ("hạn 31/10/2020", "hạn tháng 10/2020 (bài A003 nêu)")]]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['marks', 'marks', 'numbers', 'added', 'added', 'numbers', 'words', 'words', 'periods',
     'dropped', 'styles', 'marks', 'words', 'periods_words']
    """
    a, b = _numbers(old, other=new), _numbers(new, other=old)
    if a != b:
        return "added" if not a - b else "dropped" if not b - a else "numbers"
    if _numbers(old, False, new) != _numbers(new, False, old):
        # The same deadlines, written as their month or year; and its other words? (review 17)
        same = _spelled(old, True) == _spelled(new, True)
        return "periods" if same else "periods_words"
    if old.replace("*", "") == new.replace("*", ""):
        return "styles"
    return "marks" if _spelled(old) == _spelled(new) else "words"


# The word before a date («ngày 31/10/2020», «tháng 10/2020», «năm 2020»): how it is written.
_DATE_WORD = re.compile(r"(?<!\w)(?:ngày|tháng|năm) (?=\d)", re.IGNORECASE)


def _spelled(text: str, ends: bool = False) -> str:
    """A text's words without its marks, numbers as written (``ends``: a date as the period it
    ends, without its «ngày», «tháng», «năm»): «03/6/2020» is «03/06/2020» spelled."""
    if ends:
        text = _DATE_WORD.sub("", text)
    return _MARKS.sub(" ", _NUMBER.sub(lambda m: _period(m[0], ends), text)).strip().casefold()


# A published sentence on running the build (``--target-rank``): not quoted (see the appendix).
COMMAND_SENTENCE = re.compile(r"[^.;:]*(?<![\w-])--[a-z][a-z-]+[^.;]*[.;]?")


def shown(entry: dict[str, Any] | None) -> str:
    """A value as the reader saw it (a quarter as «quý III/2022», not its key), without the
    sentences that told how to run the build (:data:`COMMAND_SENTENCE`).

    >>> print(shown({"text": "Sách dùng mục tiêu 50; muốn xem mục tiêu kia, hãy dựng lại "
    ...               "sách với tham số --target-rank của lệnh dựng."}))
    ... # doctest: +NORMALIZE_WHITESPACE
    Sách dùng mục tiêu 50; [sách lược câu chỉ cách chạy lệnh dựng; lệnh ở chương
    *Phụ lục: hồ sơ tái lập*]
    """
    if entry is None:
        return fmt.MISSING
    text = str(entry.get("text") or fmt.MISSING)
    if periods.QUARTER_RE.match(text):
        return periods.quarter_vi(text)
    return COMMAND_SENTENCE.sub(lambda m: (" " if m.group(0)[:1] == " " else "")
                                + prose.text(PROSE, "command.elided"), text)


# How each row changed, as the changes table's «Thay đổi» says it.
HOW = {"up": "tăng", "down": "giảm", "new": "mới", "gone": "không còn", "text": "đổi nội dung",
       "marks": "đổi cách viết", "numbers": "đổi con số",
       "styles": "chỉ đổi chữ nghiêng trong chương, chữ giữ nguyên",
       "added": "đổi nội dung, thêm con số", "dropped": "đổi nội dung, bỏ bớt con số",
       "periods": "thời hạn ghi theo tháng, năm thay cho ngày (hoặc ngược lại)",
       "periods_words": "thời hạn ghi theo tháng, năm thay cho ngày (hoặc ngược lại); câu chữ "
                        "cũng đổi",
       "carried": "con số giữ nguyên, nay nói trong một câu"}


def number(entry: dict[str, Any] | None) -> Decimal | None:
    try:
        return Decimal(str(entry["exact"])) if entry and entry.get("exact") else None
    except InvalidOperation:
        return None


def how_changed(old: dict[str, Any] | None, new: dict[str, Any] | None, kind: str = "") -> str:
    """tăng / giảm / mới / không còn (a figure); of a text (``kind``: :func:`change_kind`):
    đổi con số when a number in it changed, đổi cách viết when only marks, else đổi nội dung."""
    if old is None:
        return HOW["new"]
    if new is None:
        return HOW["gone"]
    a, b = number(old), number(new)
    if a is not None and b is not None and a != b:
        return HOW["up"] if b > a else HOW["down"]
    return HOW.get(kind, HOW["text"])  # a change of wording («words») is HOW's «text»
