"""What a cell's text means to a reader: look-alike and invisible characters, near misses.

Cells are kept as typed (NFC aside), so a value that fails to match is explained rather than
silently repaired: :func:`explain_lookalikes` names the characters that make it differ from what
it looks like (a Cyrillic «Е», a non-breaking space, a zero-width space), :func:`fold` is what a
reader sees, and :func:`suggest` the choice it was probably meant to be. Header cells are compared
as :func:`header_name` makes them; dates written as text are read by :func:`read_date_text`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from egovbook.common import fmt

# Letters from other scripts that look like Latin ones, as found in copied codes.
LOOKALIKES: dict[str, str] = {
    **dict(zip("АВЕКМНОРСТХУІЈЅаеорсухіјѕԁһ", "ABEKMHOPCTXYIJSaeopcyxijsdh", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧονι", "ABEZHIKMNOPTYXovi", strict=True)),
    "\u00d0": "Đ",  # Icelandic Eth, typed for Vietnamese Đ by some keyboards
    "\u0131": "i",
    **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
}
SCRIPT_VI = {"CYRILLIC": "chữ Kirin", "GREEK": "chữ Hy Lạp"}


def _describe_char(ch: str) -> str | None:
    """Why a character can make two strings look the same; None for an ordinary one."""
    if ch == " " or (ch.isascii() and ch.isprintable()):
        return None
    name = unicodedata.name(ch, "")
    category = unicodedata.category(ch)
    like = LOOKALIKES.get(ch)
    if like is None:
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch and folded.isascii() and folded.strip():
            like = folded
    if like == "-":
        return "dấu gạch ngang hoặc dấu trừ, khác dấu «-» thường"
    if like is not None:
        script = SCRIPT_VI.get(name.split(" ")[0], "")
        if ch == "\u00d0":
            kind = "chữ Eth của tiếng Iceland"
        elif script:
            kind = script
        elif name.startswith("FULLWIDTH"):
            kind = "ký tự toàn độ rộng"
        else:
            kind = "ký tự khác"
        return f"{kind}, trông giống «{like}»"
    if category == "Zs" or ch in "\u00a0\u202f":
        return "khoảng trắng đặc biệt, trông như dấu cách thường"
    if category == "Cf":
        return "ký tự vô hình"
    if ch == "\t":
        return "dấu tab"
    if category == "Cc":
        return "ký tự điều khiển, không nhìn thấy"
    if category.startswith("M"):
        return "dấu kết hợp đứng riêng, không ghép được vào chữ đứng trước"
    return None


def explain_lookalikes(text: str, limit: int = 3) -> str:
    """Name the characters that make ``text`` differ from what it looks like, or ``""``.

    ``"DVC_M4_TYLЕ"`` (a Cyrillic Е) → ``"chứa ký tự U+0415 CYRILLIC CAPITAL LETTER IE ở vị trí 11
    (chữ Kirin, trông giống «E»)"``.
    """
    found = []
    for pos, ch in enumerate(text, start=1):
        why = _describe_char(ch)
        if why is not None:
            name = unicodedata.name(ch, "không có tên")
            found.append(f"ký tự U+{ord(ch):04X} {name} ở vị trí {pos} ({why})")
    if not found:
        return ""
    more = f" và {len(found) - limit} ký tự tương tự khác" if len(found) > limit else ""
    return "chứa " + "; ".join(found[:limit]) + more


def fold(text: str) -> str:
    """What a reader sees: look-alikes replaced, invisible characters dropped, spaces single."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch in LOOKALIKES:
            out.append(LOOKALIKES[ch])
        elif unicodedata.category(ch) in ("Cf", "Cc") and ch != "\t":
            continue
        elif unicodedata.category(ch) == "Zs" or ch == "\t":
            out.append(" ")
        else:
            out.append(ch)
    return re.sub(r" +", " ", "".join(out)).strip()


def suggest(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The choice ``value`` was most likely meant to be, or None.

    Tried in turn: the same once look-alikes and invisible characters are removed; the same
    ignoring case; the same ignoring diacritics; then :func:`difflib.get_close_matches`.
    """
    options = [c for c in choices if c]
    if not value or value in options:
        return None
    for key in (fold, lambda s: fold(s).casefold(), lambda s: fmt.plain(fold(s)).casefold()):
        hits = [c for c in options if key(c) == key(value)]
        if len(hits) == 1:
            return hits[0]
    keyed = {fmt.plain(c).casefold(): c for c in options}
    close = difflib.get_close_matches(fmt.plain(fold(value)).casefold(), list(keyed), n=1,
                                      cutoff=cutoff)
    return keyed[close[0]] if close else None


def header_name(text: str) -> str:
    """A header cell as a column name: NFKC, without invisible characters, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))
    return text.strip().lower()


# --- dates written as text --------------------------------------------------------------------


YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$")


def normalize_date_text(text: str) -> str:
    """Year-first dates in ISO form (``2020/8/26`` → ``2020-08-26``); anything else unchanged."""
    m = YEAR_FIRST.match(text)
    if not m:
        return text
    year, month, day = m.group(1), int(m.group(2)), m.group(3)
    out = f"{year}-{month:02d}"
    return out + (f"-{int(day):02d}" if day else "")


DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
# Excel date serials of 2000-01-01 … 2099-12-31 (1900 date system).
SERIAL_MIN, SERIAL_MAX = 36526, 73051
EXCEL_EPOCH = dt.date(1899, 12, 30)
ENGLISH_LOCALE = ("tệp có lẽ được lưu bằng chương trình đặt ngôn ngữ tiếng Anh (Mỹ), vốn ghi tháng "
                  "trước ngày (tháng/ngày/năm), nên các ngày khác trong tệp cũng có thể đã bị đảo "
                  "ngày và tháng: hãy đặt vùng (Region/Locale) của Excel, Google Sheets hoặc "
                  "LibreOffice là Việt Nam rồi lưu lại, hoặc ghi ngày dạng yyyy-mm-dd")


@dataclass(frozen=True)
class DateText:
    """A date cell as it will be read: ``text`` (ISO when converted); ``how`` says how it was
    converted (``None``: as typed, or a year-first date put in ISO form); ``error`` why it cannot
    be a date as Vietnamese programs write it."""

    text: str
    how: str | None = None
    error: str | None = None


def read_date_text(text: str) -> DateText:
    """A date as Vietnamese-locale Excel, Google Sheets and LibreOffice show and save it.

    ``2023-03-31`` and ``2023-03`` as they are; ``2023/3/31`` in ISO form; day/month/year
    (``31/03/2023``; ``03/04/2023`` is 3 April), month/year (``03/2023``) and an Excel date serial
    (``45016``) converted, saying how; a day/month/year that is no date refused, with the
    English-locale explanation when the month is above 12 (``04/31/2023``: month first).
    """
    iso = normalize_date_text(text)
    if iso != text:
        return DateText(iso)
    m = DAY_FIRST.match(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        try:
            when = dt.date(year, month, day)
        except ValueError:
            return DateText(text, error=_not_day_first(day, month, year))
        return DateText(when.isoformat(), how=f"ngày/tháng/năm (ngày {day} tháng {month} năm "
                        f"{year})")
    m = MONTH_YEAR.match(text)
    if m and 1 <= int(m.group(1)) <= 12:
        month, year = int(m.group(1)), int(m.group(2))
        return DateText(f"{year}-{month:02d}", how=f"tháng/năm (tháng {month} năm {year})")
    if re.fullmatch(r"\d{5}", text) and SERIAL_MIN <= int(text) <= SERIAL_MAX:
        when = EXCEL_EPOCH + dt.timedelta(days=int(text))
        return DateText(when.isoformat(), how=f"số thứ tự ngày của Excel (ngày {when:%d/%m/%Y})")
    return DateText(text)


def _not_day_first(day: int, month: int, year: int) -> str:
    """Why ``dd/mm/yyyy`` is no date: a month above 12 is the English (US) order, month first."""
    if 1 <= month <= 12:
        return f"không phải ngày có thật: tháng {month} năm {year} không có ngày {day}"
    text = (f"không phải ngày theo cách ghi ngày/tháng/năm (không có tháng {month}); "
            + ENGLISH_LOCALE)
    try:
        swapped = dt.date(year, day, month)
    except ValueError:
        return text
    return text + (f"; nếu là ngày {month} tháng {day} năm {year} thì hãy ghi "
                   f"{swapped.isoformat()}")
