"""What staff probably meant: the hints that end a refused cell's message.

Each function returns a fragment for :mod:`quarterly_checks` to append to its message,
or ``""``: the invisible or look-alike character that explains a miss («giá trị chứa ký tự
U+…»), the nearest valid choice («— có phải «…»?»), or the way to rewrite a day-first date, a
month, an Excel date serial, a quarter, a percentage or a file name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from egovbook.common.periods import parse_period
from egovbook.intake import staff_text
from egovbook.intake.quarterly import parse_number


def why(value: str) -> str:
    """``"; giá trị chứa ký tự U+… (…)"`` when invisible or look-alike characters explain a miss."""
    found = staff_text.explain_lookalikes(value)
    return f"; giá trị {found}" if found else ""


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str:
    """``" — có phải «DVC_M4_TYLE»?"`` when a choice is close to ``value``, else ``""``."""
    guess = staff_text.suggest(value, choices, cutoff)
    return f" — có phải «{guess}»?" if guess else ""


DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
MONTH_YEAR = re.compile(r"^(?:tháng|th|t)?\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$", re.IGNORECASE)


def date_hint(text: str) -> str:
    """How to write a date the reader refused (day first, month/year, an Excel serial)."""
    folded = staff_text.fold(text)
    if folded != text and parse_period(staff_text.normalize_date_text(folded)):
        return why(text) + f" — có phải «{staff_text.normalize_date_text(folded)}»?"
    m = DAY_FIRST.match(folded)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        vn = _valid_day(year, b, a)
        us = _valid_day(year, a, b)
        if vn and (not us or a == b):
            return f"; nếu là ngày {a} tháng {b} năm {year} thì hãy ghi {vn}"
        if us and not vn:
            return (f"; nếu là ngày {b} tháng {a} năm {year} (kiểu Mỹ, tháng trước ngày) thì hãy "
                    f"ghi {us}")
        if vn and us:
            return (f"; ngày và tháng có thể bị hiểu nhầm: theo cách ghi của Việt Nam là ngày "
                    f"{a} tháng {b} ({vn}), theo kiểu Mỹ là ngày {b} tháng {a} "
                    f"({us}); hãy ghi rõ dạng yyyy-mm-dd")
    m = MONTH_YEAR.match(folded)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"; nếu là tháng {int(m.group(1)):02d}/{m.group(2)} thì hãy ghi {m.group(2)}-" \
               f"{int(m.group(1)):02d}"
    if re.fullmatch(r"\d{5}", folded) and 36526 <= int(folded) <= 73051:
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(folded))
        return (f"; nếu đây là số thứ tự ngày của Excel thì là ngày {day:%d/%m/%Y}: hãy ghi "
                f"{day:%Y-%m-%d}")
    return why(text)


def _valid_day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


QUARTER_LIKE = re.compile(r"^(?:(\d{4})\s*[-/ ]?\s*(?:q|quý)\s*([1-4])"
                          r"|(?:q|quý)\s*([1-4]|i{1,3}|iv)\s*[-/ ]\s*(\d{4}))$", re.IGNORECASE)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def quarter_hint(text: str) -> str:
    """``2022-Q4``, ``Q4/2022``, ``quý IV/2022`` → `` — có phải «2022Q4»?``."""
    folded = staff_text.fold(text)
    m = QUARTER_LIKE.match(folded)
    if not m:
        return why(text)
    if m.group(1):
        label = f"{m.group(1)}Q{m.group(2)}"
    else:
        part = m.group(3).lower()
        label = f"{m.group(4)}Q{ROMAN.get(part, part)}"
    return why(text) + f" — có phải «{label}»?"


THOUSANDS = re.compile(r"^-?\d{1,3}(?:([.,  \u00a0])\d{3})(?:\1\d{3})+$")


def number_hint(text: str) -> str:
    """A percent sign, a line break inside the number (Alt+Enter), thousands separators."""
    if "\n" in text or "\r" in text:
        joined = re.sub(r"\s*[\r\n]+\s*", "", text)
        shown = joined if parse_number(joined) is not None else _without_thousands(joined)
        return ("; ô có dấu xuống dòng giữa các chữ số (Alt+Enter trong Excel): hãy gõ số trên "
                "một dòng" + (f" — có phải «{shown}»?" if shown else ""))
    if _without_thousands(text):
        return f" — có phải «{_without_thousands(text)}»?"
    folded = staff_text.fold(text)
    if folded.endswith("%") and parse_number(folded[:-1]) is not None:
        return f"; bỏ dấu % (tỷ lệ phần trăm ghi số từ 0 đến 100, ví dụ {folded[:-1].strip()})"
    if folded != text and parse_number(folded) is not None:
        return why(text) + f" — có phải «{folded}»?"
    return why(text)


RESAVE = {".xls": "Excel 97–2003", ".ods": "LibreOffice Calc"}
# What browsers and Windows add to a name when the folder already has the file: «2023Q1 (1).csv».
COPY_MARK = re.compile(r"\s*(?:\(\d+\)|-\s*(?:copy|bản sao)(?:\s*\(\d+\))?)\s*$", re.IGNORECASE)


def _without_thousands(text: str) -> str:
    """``5.600.000`` → ``5600000`` (two groups of three at least: one group is ambiguous)."""
    return re.sub(r"[.,  \u00a0]", "", text) if THOUSANDS.match(text.strip()) else ""


def file_name_hint(name: str, existing: Iterable[str] = ()) -> str:
    """Why a file name was refused, when it is close to a right one.

    ``existing`` are the names already in the folder: a copy («2023Q1 (1).csv») is never told
    to take the name of a file that is there (renaming would replace it).
    """
    path = Path(name)
    suffix = path.suffix.lower()
    m = re.search(r"(\d{4})\s*[-_ ]?\s*[qQ]\s*([1-4])", name)
    if suffix in RESAVE:
        target = f"{m.group(1)}Q{m.group(2)}.xlsx" if m else "YYYYQn.xlsx"
        return (f"; tệp {suffix} ({RESAVE[suffix]}) không đọc được, và đổi đuôi tên tệp không "
                "đổi được nội dung: hãy mở tệp bằng Excel hoặc LibreOffice Calc rồi lưu lại bằng "
                f"«Excel Workbook (*.xlsx)» với tên {target}")
    advice = ""
    if suffix in (".txt", ".tsv"):
        what = {".txt": "văn bản", ".tsv": "văn bản phân cách bằng tab"}[suffix]
        advice = f"; tệp {suffix} ({what}): hãy đổi đuôi thành .csv"
    if not m:
        return advice
    ext = ".xlsx" if suffix == ".xlsx" else ".csv"
    guess = f"{m.group(1)}Q{m.group(2)}{ext}"
    if guess == name:
        return advice
    taken = {n.lower() for n in existing}
    if COPY_MARK.search(path.stem) and guess.lower() in taken:
        return (advice + f"; đây có vẻ là bản sao mà trình duyệt hoặc Windows đặt tên khi thư mục "
                f"đã có tệp {guess}: nếu tệp này thay cho tệp cũ thì hãy chuyển {guess} ra khỏi "
                f"data/quarterly/ trước rồi mới đổi tên tệp này thành {guess}; nếu không thì hãy "
                "xóa tệp này")
    if guess.lower() in taken:
        return advice + f"; thư mục đã có tệp {guess} cho quý này: mỗi quý một tệp"
    return advice + f" — có phải «{guess}»?"
