"""The quarterly files staff really make: sniff, decode and normalize them into a plain table.

Everything about file formats lives here, so :mod:`egovbook.quarterly` only sees text cells with
their spreadsheet row numbers. What is accepted, and why (also in ``templates/HUONG_DAN.md``):

* **Kind of file.** Decided from the bytes, not only the name: an ``.xlsx`` is a zip, an old
  ``.xls`` (or a password-protected workbook) an OLE2 container, an ``.ods`` a zip with its own
  mimetype. A file whose name and content disagree is refused with what it really is.
* **Encodings.** UTF-8 with or without BOM; UTF-16 with BOM (Excel's "Unicode Text") or without
  (recognised by its zero bytes). Anything else is never decoded and carried on: if the bytes read
  as Vietnamese in TCVN3 (ABC), VNI Windows or Windows-1258, the message names that encoding and
  the conversion to use; otherwise it says the encoding is unknown.
* **Legacy fonts inside Unicode.** Text typed with a TCVN3 (``.VnTime``) or VNI font is stored as
  Latin-1 look-alikes (``Hµ Néi``, ``Haø Noäi``) even in a UTF-8 file or a workbook. Words that
  are not Vietnamese as they stand but become Vietnamese syllables once read as TCVN3 or VNI are
  reported, with the reading, so staff can convert them with Unikey Toolkit.
* **Delimiters.** ``,``, ``;`` (Excel on a Vietnamese-locale Windows) or tab: the one whose
  parse yields a header with the expected columns wins. Decimal commas are the validator's job
  (:func:`egovbook.quarterly.parse_number` reads ``15,91``).
* **Header row.** The first row (of the first :data:`HEADER_SCAN` rows) naming every required
  column. Rows above it are skipped with a warning when each has at most
  :data:`TITLE_MAX_CELLS` filled cells (a title, a unit line); a fuller row above the header is an
  error, since it may be data. Header names are compared after NFKC, without invisible
  characters, case-insensitively.
* **Workbooks.** The sheet whose header names the required columns (a guide sheet beside it is
  ignored; the reader says which sheet it read when it is not the first). Cached formula results
  are used; a formula without a cached result, or a formula error, is reported with its cell.
  Date cells become ``yyyy-mm-dd`` (``yyyy-mm`` when the cell's format shows no day); an integer
  in the date column is read as an Excel date serial (with a warning); a date in a number column
  is refused (Excel turns ``15.9`` into 15 September on some locales); a cell formatted as a
  percentage (``73,5%`` stored as 0.735) is read as the percentage shown (``73.5``), with a
  warning. Numbers are written with at most 15 significant digits, as Excel shows them.
* **Text.** Every header and cell is normalized to NFC (Unikey's "Unicode tổ hợp" types base
  letters plus combining marks) and stripped of surrounding spaces; a warning counts the cells
  that were decomposed. Other invisible or look-alike characters are kept, so a value that still
  fails to match is explained by :func:`explain_lookalikes`.
* **Dates written as text.** ``yyyy-mm-dd`` and ``yyyy-mm`` are the rule. Year-first variants
  (``2020/8/26``, ``2020.08``) are unambiguous and normalized to that form; day-first dates
  (``26/08/2020``) and ``08/2020`` are refused by the validator with the exact rewriting, because
  the same text means another day when Excel's locale puts the month first.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import data_access
from .problems import ProblemList

HEADER_SCAN = 20
TITLE_MAX_CELLS = 2
DELIMITERS = (",", ";", "\t")
DELIMITER_VI = {",": "dấu phẩy", ";": "dấu chấm phẩy", "\t": "tab"}
SAVE_UTF8 = "«CSV UTF-8 (Comma delimited) (*.csv)»"
RESAVE_EXCEL = "hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại rồi chạy lại"


@dataclass(frozen=True)
class ColumnSpec:
    """What the reader needs to know about the columns: names, required ones, and roles."""

    columns: Sequence[str]
    required: Sequence[str]
    date_columns: frozenset[str] = frozenset()
    number_columns: frozenset[str] = frozenset()


@dataclass
class StaffRow:
    """One data row: its number as the spreadsheet shows it, and its cells by column name."""

    number: int
    cells: dict[str, str]


@dataclass
class StaffTable:
    """A quarterly file read as text.

    ``header`` holds the named columns in file order (normalized names); ``reported`` the cells
    ``(row, column)`` the reader already reported, and ``skipped_rows`` the rows it reported as a
    whole, so the validator does not report them a second time.
    """

    header: list[str] = field(default_factory=list)
    rows: list[StaffRow] = field(default_factory=list)
    header_row: int = 1
    sheet: str | None = None
    encoding: str | None = None
    delimiter: str | None = None
    reported: set[tuple[int, str]] = field(default_factory=set)
    skipped_rows: set[int] = field(default_factory=set)
    decomposed: list[tuple[int, str]] = field(default_factory=list)

    def clean(self, text: str, row: int, column: str) -> str:
        """NFC and stripped; remembers cells typed decomposed (for one warning per file)."""
        text = text.strip()
        composed = unicodedata.normalize("NFC", text)
        if composed != text:
            self.decomposed.append((row, column))
        return composed

    @property
    def where(self) -> str:
        """``trang tính «so_lieu»: `` for a workbook, empty for CSV (used in header messages)."""
        return f"trang tính «{self.sheet}»: " if self.sheet else ""


# --- characters ------------------------------------------------------------------------------

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


def strip_accents(text: str) -> str:
    """``"trên dưới"`` → ``"tren duoi"`` (đ → d), for comparing what was meant."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


def suggest(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The choice ``value`` was most likely meant to be, or None.

    Tried in turn: the same once look-alikes and invisible characters are removed; the same
    ignoring case; the same ignoring diacritics; then :func:`difflib.get_close_matches`.
    """
    options = [c for c in choices if c]
    if not value or value in options:
        return None
    for key in (fold, lambda s: fold(s).casefold(), lambda s: strip_accents(fold(s)).casefold()):
        hits = [c for c in options if key(c) == key(value)]
        if len(hits) == 1:
            return hits[0]
    keyed = {strip_accents(c).casefold(): c for c in options}
    close = difflib.get_close_matches(strip_accents(fold(value)).casefold(), list(keyed), n=1,
                                      cutoff=cutoff)
    return keyed[close[0]] if close else None


def header_name(text: str) -> str:
    """A header cell as a column name: NFKC, without invisible characters, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))
    return text.strip().lower()


# --- Vietnamese legacy encodings ---------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
                       r"(?P<vowels>[aăâeêioôơuưy]{1,3})(?P<coda>ch|ng|nh|[cmnptk])?")


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` has the shape of one Vietnamese syllable (onset, vowels, coda, ≤ 1 tone).

    A shape test, not a dictionary: it tells Vietnamese from the Latin-1 look-alikes of legacy
    fonts (``Hµ``, ``Noäi``), not real words from made-up ones.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    m = _SYLLABLE.fullmatch(base)
    if not m:
        return False
    vowels = m.group("vowels")
    # A glide closes the syllable: "oai", "ưu", "oay" take no final consonant ("uynh" aside).
    glide_end = (len(vowels) >= 2 and vowels[-1] in "iou") or (len(vowels) == 3
                                                                and vowels[-1] == "y")
    return not (m.group("coda") and glide_end)


# TCVN3 (ABC), the .VnTime fonts: one byte per lower-case letter; capitals use the same codes in
# the all-capitals fonts (.VnTimeH), so only the seven plain capitals have codes of their own.
TCVN3: dict[int, str] = dict(zip(
    b"\xb5\xb8\xb6\xb7\xb9\xa8\xbb\xbe\xbc\xbd\xc6\xa9\xc7\xca\xc8\xc9\xcb\xae\xcc\xd0\xce\xcf"
    b"\xd1\xaa\xd2\xd5\xd3\xd4\xd6\xd7\xdd\xd8\xdc\xde\xdf\xe3\xe1\xe2\xe4\xab\xe5\xe8\xe6\xe7"
    b"\xe9\xac\xea\xed\xeb\xec\xee\xef\xf3\xf1\xf2\xf4\xad\xf5\xf8\xf6\xf7\xf9\xfa\xfd\xfb\xfc"
    b"\xfe\xa1\xa2\xa7\xa3\xa4\xa5\xa6",
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
    strict=True))

# VNI Windows: a base letter followed by a byte for its marks (``aø`` = à); a few letters alone.
_VNI_TONE = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303",
              "ë": "\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
               "ñ": "đ"}


def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    bases = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}
    for raw, letter in bases.items():
        marks: dict[str, str] = {m: t for m, t in _VNI_TONE.items()}
        if letter in "aeo":
            marks.update({m: "\u0302" + t for m, t in _VNI_HAT.items()})
        if letter == "a":
            marks.update({m: "\u0306" + t for m, t in _VNI_BREVE.items()})
        for mark, combining in marks.items():
            composed = unicodedata.normalize("NFC", letter + combining)
            pairs[raw + mark] = composed
            pairs[raw.upper() + mark.upper()] = composed.upper()
    return pairs


VNI_PAIRS = _vni_pairs()
VNI_SINGLE = {**_VNI_SINGLE, **{k.upper(): v.upper() for k, v in _VNI_SINGLE.items()}}


def decode_tcvn3(text: str) -> str:
    """Read Latin-1 look-alikes (bytes as characters) as TCVN3; unknown high bytes become �."""
    return "".join(TCVN3.get(ord(c), "\ufffd" if 0x80 <= ord(c) <= 0xFF else c) for c in text)


def decode_vni(text: str) -> str:
    """Read Latin-1 look-alikes (bytes as characters) as VNI Windows; unknown ones become �."""
    out = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in VNI_PAIRS:
            out.append(VNI_PAIRS[pair])
            i += 2
            continue
        ch = text[i]
        out.append(VNI_SINGLE.get(ch, "\ufffd" if 0x80 <= ord(ch) <= 0xFF else ch))
        i += 1
    return "".join(out)


def decode_cp1258(text: str) -> str:
    """Read Latin-1 look-alikes (bytes as characters) as Windows-1258, composed to NFC."""
    raw = text.encode("latin-1")
    return unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))


@dataclass(frozen=True)
class Legacy:
    """A legacy Vietnamese encoding: its name, its fonts, and how to convert from it."""

    key: str
    name: str
    fonts: str
    decode: Callable[[str], str]
    unikey: str


LEGACY = [
    Legacy("tcvn3", "TCVN3 (ABC)", "phông .VnTime, .VnArial…", decode_tcvn3, "TCVN3 (ABC)"),
    Legacy("vni", "VNI Windows", "phông VNI-Times, VNI-Helve…", decode_vni, "VNI Windows"),
    Legacy("cp1258", "Windows-1258", "", decode_cp1258, "Vietnamese locale CP 1258"),
]
UNIKEY_ADVICE = ("hãy chuyển sang Unicode bằng Unikey Toolkit (bấm Ctrl+Shift+F6, chọn Nguồn "
                 "«{src}», Đích «Unicode», chép các ô vào bộ nhớ tạm, bấm «Chuyển mã» rồi dán lại; "
                 "đổi phông sang Times New Roman) rồi lưu «CSV UTF-8»")

_SPLIT = re.compile(r"[\s\x00-\x3e\x40\x5b-\x60\x7b-\x7f]+")


def _tokens(text: str) -> list[str]:
    """Words with a non-ASCII character, as runs between ASCII non-letters.

    A ``?`` in a word may stand for a letter lost in a code-page save: such words are left out.
    """
    return [t for t in _SPLIT.split(text) if t and not t.isascii() and "?" not in t]


@dataclass(frozen=True)
class LegacyGuess:
    """The encoding the text reads as, with one word as written and as it reads."""

    legacy: Legacy
    example: str
    reading: str
    line: int
    words: int
    hits: tuple[str, ...] = ()


def guess_legacy_bytes(raw: bytes) -> LegacyGuess | None:
    """Which legacy encoding non-UTF-8 bytes are in, if they read as Vietnamese in exactly one.

    Every word with a byte above 127 is decoded in each candidate; the candidate wins when it
    makes at least 80 % of those words Vietnamese syllables and more words than any other.
    """
    text = raw.decode("latin-1")
    words = _tokens(text)
    if not words:
        return None
    scores = []
    for legacy in LEGACY:
        valid = [w for w in words if is_vietnamese_syllable(legacy.decode(w))]
        scores.append((len(valid), legacy, valid))
    scores.sort(key=lambda s: -s[0])
    best, legacy, valid = scores[0]
    if best == 0 or best < 0.8 * len(words) or best == scores[1][0]:
        return None
    example = valid[0]
    line = next(n for n, ln in enumerate(text.splitlines(), start=1) if example in ln)
    return LegacyGuess(legacy, example, legacy.decode(example), line, best)


def _fine_as_is(word: str) -> bool:
    """A word that needs no decoding: Vietnamese or ASCII once quotation marks are set aside."""
    core = word.strip(QUOTE_MARKS)
    return not core or core.isascii() or is_vietnamese_syllable(core)


QUOTE_MARKS = "«»¡¿"


def guess_legacy_text(text: str, legacy: Legacy) -> LegacyGuess | None:
    """Whether Unicode text was typed with a legacy font (``Hµ Néi``, ``Haø Noäi``).

    Only words that are not Vietnamese as they stand are tried; the guess counts those that
    become Vietnamese syllables once read in ``legacy``. The caller decides how many are enough.
    """
    odd = [w for w in _tokens(text) if all(ord(c) <= 0xFF for c in w) and not _fine_as_is(w)]
    hits = [w for w in odd if is_vietnamese_syllable(legacy.decode(w))]
    if not hits:
        return None
    return LegacyGuess(legacy, hits[0], legacy.decode(hits[0]), 0, len(hits), tuple(hits))


def lost_letters(text: str) -> list[str]:
    """Words where a letter was replaced by ``?`` (a save in a code page without that letter)."""
    return re.findall(r"\w*[^\W\d_]\?+[^\W\d_]\w*", text)


# --- decoding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding's name, or why there is no text."""

    text: str | None
    encoding: str
    error: str | None = None


def sniff(raw: bytes) -> str:
    """``empty``, ``xlsx``, ``ods``, ``zip``, ``ole2`` (old .xls or encrypted) or ``text``."""
    if not raw.strip():
        return "empty"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if raw.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                names = archive.namelist()
                if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
                    return "ods"
                if any(n.startswith("xl/") for n in names):
                    return "xlsx"
        except zipfile.BadZipFile:
            return "zip"
        return "zip"
    return "text"


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode_text(raw: bytes) -> Decoded:
    """Text of a CSV file in UTF-8 or UTF-16, or a Vietnamese message saying why not.

    Bytes that are not UTF-8/UTF-16 are never decoded: the message names the legacy encoding they
    look like (:func:`guess_legacy_bytes`) or says none was recognised.
    """
    boms = ((b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 có BOM"), (b"\xff\xfe", "utf-16", "UTF-16 LE"),
            (b"\xfe\xff", "utf-16", "UTF-16 BE"))
    for bom, codec, label in boms:
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(codec), label)
            except UnicodeDecodeError as exc:
                return Decoded(None, label, f"tệp bắt đầu bằng dấu BOM của {label} nhưng có byte "
                               f"sai ở vị trí {exc.start + 1}; hãy lưu lại bằng {SAVE_UTF8}")
    head = raw[:4000]
    if b"\x00" in head:
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        half = len(head) // 2
        for zeros, other, codec, label in ((odd, even, "utf-16-le", "UTF-16 LE"),
                                           (even, odd, "utf-16-be", "UTF-16 BE")):
            if zeros >= 0.3 * half and other == 0 and len(raw) % 2 == 0:
                try:
                    return Decoded(raw.decode(codec), label + " không có BOM")
                except UnicodeDecodeError:
                    break
        return Decoded(None, "", "tệp chứa byte 0 (NUL) nên không phải tệp văn bản CSV; hãy lưu "
                       f"lại bằng {SAVE_UTF8}")
    try:
        return Decoded(raw.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    guess = guess_legacy_bytes(raw)
    if guess is None:
        return Decoded(None, "", f"không đọc được theo mã UTF-8 (dòng {_line_of(raw, bad)}, byte "
                       f"0x{raw[bad]:02X}) và không nhận ra bảng mã tiếng Việt cũ nào (TCVN3, VNI, "
                       "Windows-1258); hãy mở tệp bằng chương trình đã tạo ra nó và lưu lại bằng "
                       + SAVE_UTF8)
    legacy = guess.legacy
    seen = f"ví dụ dòng {guess.line}: «{guess.example}» có lẽ là «{guess.reading}»"
    if legacy.key == "cp1258":
        lost = lost_letters(decode_cp1258(raw.decode("latin-1")))
        seen = "" if guess.example == guess.reading else "; " + seen
        message = ("tệp không phải UTF-8 mà có vẻ được lưu bằng bảng mã Windows-1258 (kiểu lưu "
                   f"«CSV (Comma delimited)» của Excel trên Windows tiếng Việt{seen}); hãy mở "
                   f"tệp Excel gốc và lưu lại bằng {SAVE_UTF8}")
        if lost:
            message += (f"; {len(lost)} từ đã mất chữ, bị thay bằng «?» (ví dụ «{lost[0]}»), "
                        "không khôi phục được từ tệp này")
        return Decoded(None, legacy.name, message)
    return Decoded(None, legacy.name, f"tệp không phải UTF-8 mà có vẻ được gõ bằng bảng mã "
                   f"{legacy.name} ({seen}); " + UNIKEY_ADVICE.format(src=legacy.unikey))


def split_records(text: str, delimiter: str) -> list[list[str]]:
    """CSV records (one per spreadsheet row, blank rows kept as ``[]``)."""
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# --- numbers and dates in workbooks ---------------------------------------------------------


def number_text(value: float | int) -> str:
    """A number as Excel shows it: at most 15 significant digits, never an exponent."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    text = f"{value:.15g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def _vi(number: str) -> str:
    """A number as Vietnamese prose writes it: decimal comma."""
    return number.replace(".", ",")


def _format_shows_day(number_format: str) -> bool:
    """Whether an Excel date format shows the day (``dd/mm/yyyy``) or not (``mm/yyyy``)."""
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format).lower()
    return "d" in bare


YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$")


def normalize_date_text(text: str) -> str:
    """Year-first dates in ISO form (``2020/8/26`` → ``2020-08-26``); anything else unchanged."""
    m = YEAR_FIRST.match(text)
    if not m:
        return text
    year, month, day = m.group(1), int(m.group(2)), m.group(3)
    out = f"{year}-{month:02d}"
    return out + (f"-{int(day):02d}" if day else "")


# --- the table --------------------------------------------------------------------------------


def _find_header(records: Sequence[Sequence[str]], spec: ColumnSpec) -> tuple[int, int, bool]:
    """(index, known columns, all required present) of the header among the first rows."""
    fallback: tuple[int, int, bool] | None = None
    known_names = set(spec.columns)
    for i, rec in enumerate(records[:HEADER_SCAN]):
        names = {header_name(c) for c in rec}
        known = len(names & known_names)
        if all(r in names for r in spec.required):
            return i, known, True
        if known >= 2 and (fallback is None or known > fallback[1]):
            fallback = (i, known, False)
    if fallback is not None:
        return fallback
    first = next((i for i, rec in enumerate(records) if any(c.strip() for c in rec)), 0)
    return first, 0, False


def _assemble(name: str, grid: Sequence[tuple[int, Sequence[Any]]], plain: Callable[[Any], str],
              convert: Callable[[Any, str, int], str], spec: ColumnSpec, table: StaffTable,
              problems: ProblemList) -> None:
    """Header, skipped rows above it, and the data rows, from a grid of (row number, cells)."""
    texts = [[plain(v) for v in cells] for _, cells in grid]
    index, _, _ = _find_header(texts, spec)
    if not grid:
        return
    table.header_row = grid[index][0]
    names = [header_name(c) for c in texts[index]]
    while names and not names[-1]:
        names.pop()
    positions: dict[str, int] = {}
    for pos, col in enumerate(names):
        if not col:
            continue
        if col in positions:
            problems.add(name, f"{table.where}cột «{col}» xuất hiện hai lần (cột thứ "
                         f"{positions[col] + 1} và cột thứ {pos + 1}); chỉ giữ một cột",
                         row=table.header_row)
            continue
        positions[col] = pos
    table.header = list(positions)
    above = [(number, [t for t in row if t.strip()]) for (number, _), row
             in zip(grid[:index], texts[:index], strict=True)]
    above = [(number, filled) for number, filled in above if filled]
    for number, filled in above:
        if len(filled) > TITLE_MAX_CELLS:
            problems.add(name, f"{table.where}dòng này nằm trên dòng tiêu đề cột (dòng "
                         f"{table.header_row}) nhưng có {len(filled)} ô có nội dung; dữ liệu phải "
                         "nằm dưới dòng tiêu đề: hãy xóa dòng này hoặc chuyển nó xuống dưới",
                         row=number, value=" | ".join(filled))
    if above and all(len(filled) <= TITLE_MAX_CELLS for _, filled in above):
        shown = "; ".join(f"dòng {n}: «{' | '.join(f)}»" for n, f in above)
        problems.warn(name, f"{table.where}dòng tiêu đề cột là dòng {table.header_row}, không phải "
                      f"dòng 1; đã bỏ qua phần ở trên ({shown})", row=table.header_row)
    unnamed = [pos for pos, col in enumerate(names) if not col]
    for (number, cells), row_text in zip(grid[index + 1:], texts[index + 1:], strict=True):
        if not any(t.strip() for t in row_text):
            continue
        extra = [(pos, row_text[pos]) for pos in range(len(row_text))
                 if (pos >= len(names) or pos in unnamed) and row_text[pos].strip()]
        if extra:
            first_pos, first_value = extra[0]
            hint = ""
            if table.delimiter == "," and len(row_text) > len(names):
                hint = (" — thường do số thập phân viết bằng dấu phẩy (như 73,5) trong tệp phân "
                        "cách bằng dấu phẩy: hãy viết 73.5, đặt số trong ngoặc kép, hoặc lưu lại "
                        "bằng Excel")
            problems.add(name, f"{table.where}dòng có ô có nội dung ở cột thứ {first_pos + 1}, cột "
                         f"không có tiêu đề (dòng tiêu đề có {len(table.header)} cột); các cột "
                         f"của dòng này bị lệch nên dòng không được kiểm tra tiếp{hint}",
                         row=number, value=first_value)
            table.skipped_rows.add(number)
            continue
        values = {col: convert(cells[pos] if pos < len(cells) else None, col, number)
                  for col, pos in positions.items()}
        table.rows.append(StaffRow(number, values))


def _after_reading(name: str, table: StaffTable, problems: ProblemList) -> None:
    """Warnings and faults that concern the table as a whole: decomposed text, legacy fonts."""
    if table.decomposed:
        row, col = table.decomposed[0]
        count = len(table.decomposed)
        which = f"ô này và {count - 1} ô khác" if count > 1 else "ô này"
        problems.warn(name, f"{which} được gõ bằng Unicode tổ hợp (dấu tách rời khỏi chữ, như khi "
                      "Unikey đặt bảng mã «Unicode tổ hợp»); đã tự chuyển sang Unicode dựng sẵn. "
                      "Nên đặt bảng mã của Unikey là «Unicode»", row=row, column=col)
    hits: dict[str, list[tuple[StaffRow, str, LegacyGuess]]] = {}
    for legacy in LEGACY[:2]:
        for rec in table.rows:
            for col, text in rec.cells.items():
                guess = guess_legacy_text(text, legacy)
                if guess is not None:
                    hits.setdefault(legacy.key, []).append((rec, col, guess))
    if not hits:
        return
    key = max(hits, key=lambda k: sum(g.words for _, _, g in hits[k]))
    cells = hits[key]
    # Two different words at least: one foreign name ("São") must not pass for a legacy font.
    if len({w for _, _, g in cells for w in g.hits}) < 2:
        return
    rec, col, guess = cells[0]
    legacy = guess.legacy
    others = ""
    if len(cells) > 1:
        places = ", ".join(f"dòng {r.number} cột «{c}»" for r, c, _ in cells[1:6])
        others = f"; cùng lỗi ở {len(cells) - 1} ô khác ({places}{'…' if len(cells) > 6 else ''})"
    problems.add(name, f"chữ có vẻ được gõ bằng bảng mã {legacy.name} ({legacy.fonts}), không phải "
                 f"Unicode: «{guess.example}» có lẽ là «{guess.reading}»{others}; "
                 + UNIKEY_ADVICE.format(src=legacy.unikey),
                 row=rec.number, column=col, value=rec.cells[col])
    for r, c, _ in cells:
        table.reported.add((r.number, c))


def _read_csv(name: str, raw: bytes, spec: ColumnSpec, problems: ProblemList) -> StaffTable:
    table = StaffTable()
    decoded = decode_text(raw)
    if decoded.text is None:
        problems.add(name, decoded.error or "không đọc được tệp")
        return table
    table.encoding = decoded.encoding
    text = decoded.text.lstrip("\ufeff")
    try:
        parsed = {d: split_records(text, d) for d in DELIMITERS}
    except csv.Error as exc:
        problems.add(name, f"tệp CSV hỏng ({exc}); hãy lưu lại bằng {SAVE_UTF8}")
        return table
    found = {d: _find_header(recs, spec) for d, recs in parsed.items()}
    best = max(DELIMITERS, key=lambda d: (found[d][2], found[d][1], -found[d][0]))
    if not found[best][1]:
        first = next((line for line in text.splitlines() if line.strip()), "")
        best = max(DELIMITERS, key=lambda d: first.count(d))
    table.delimiter = best
    grid = [(i, rec) for i, rec in enumerate(parsed[best], start=1)]
    _assemble(name, grid, lambda v: v or "",
              lambda v, col, row: _text_cell(table, v or "", col, row, spec), spec, table,
              problems)
    return table


def _text_cell(table: StaffTable, text: str, column: str, row: int, spec: ColumnSpec) -> str:
    text = table.clean(text, row, column)
    return normalize_date_text(text) if column in spec.date_columns else text


def _plain(value: Any) -> str:
    """A workbook value as text for finding the header (no column roles)."""
    if value is None:
        return ""
    if isinstance(value, float | int):
        return number_text(value)
    return str(value)


def _read_xlsx(name: str, path: Path, spec: ColumnSpec, problems: ProblemList) -> StaffTable:
    from openpyxl import load_workbook

    table = StaffTable()
    try:
        values = load_workbook(path, data_only=True)
        formulas = load_workbook(path, data_only=False)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same message
        problems.add(name, f"không mở được tệp Excel (.xlsx); {RESAVE_EXCEL}")
        return table
    sheets = []
    for sheet in values.worksheets:
        cells = [list(r) for r in sheet.iter_rows()]
        texts = [[_plain(c.value) for c in r] for r in cells]
        index, known, complete = _find_header(texts, spec)
        data = sum(1 for r in texts[index + 1:] if any(t.strip() for t in r))
        sheets.append((sheet, cells, complete, known, data))
    complete = [s for s in sheets if s[2]]
    with_data = [s for s in complete if s[4]]
    if len(with_data) > 1:
        listed = ", ".join(f"«{s[0].title}»" for s in with_data)
        problems.add(name, f"có {len(with_data)} trang tính cùng có dòng tiêu đề cột và số liệu "
                     f"({listed}); mỗi tệp chỉ để một trang số liệu của quý này")
        return table
    chosen = (with_data or complete or sorted(sheets, key=lambda s: -s[3]))[0]
    sheet, cells, _, _, _ = chosen
    table.sheet = sheet.title
    position = values.worksheets.index(sheet)
    if position > 0:
        others = ", ".join(f"«{s.title}»" for s in values.worksheets if s is not sheet)
        problems.warn(name, f"đã đọc trang tính «{sheet.title}» (trang thứ {position + 1}), trang "
                      f"có dòng tiêu đề cột; các trang khác ({others}) không được đọc")
    formula_sheet = formulas[sheet.title]
    grid = [(r[0].row, r) for r in cells if r]

    def convert(cell: Any, column: str, row: int) -> str:
        if cell is None:
            return ""
        return _xlsx_cell(name, table, cell, formula_sheet, column, row, spec, values.epoch,
                          problems)

    _assemble(name, grid, lambda c: _plain(c.value), convert, spec, table, problems)
    return table


def _xlsx_cell(name: str, table: StaffTable, cell: Any, formula_sheet: Any, column: str, row: int,
               spec: ColumnSpec, epoch: dt.datetime, problems: ProblemList) -> str:
    """One workbook cell as text, by its column's role; faults are reported with the cell."""
    value = cell.value
    coordinate = cell.coordinate
    if value is None:
        formula = formula_sheet[coordinate].value
        text = str(getattr(formula, "text", formula) or "")
        if text.startswith("="):
            problems.add(name, f"ô {coordinate} có công thức nhưng tệp không lưu kết quả đã tính "
                         "(tệp được tạo bằng chương trình không tính công thức, ví dụ openpyxl); "
                         f"{RESAVE_EXCEL}, hoặc dán giá trị thay cho công thức",
                         row=row, column=column, value=text)
            table.reported.add((row, column))
        return ""
    if cell.data_type == "e":
        problems.add(name, f"ô {coordinate} chứa lỗi của công thức; sửa công thức hoặc gõ giá trị",
                     row=row, column=column, value=value)
        table.reported.add((row, column))
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if column in spec.number_columns:
            problems.add(name, f"ô {coordinate} là một ngày ({day:%d/%m/%Y}), không phải số: Excel "
                         "có thể đã tự đổi số vừa gõ (như «15.9») thành ngày; hãy định dạng ô là "
                         "Number hoặc Text rồi gõ lại số", row=row, column=column,
                         value=f"{day:%d/%m/%Y}")
            table.reported.add((row, column))
            return f"{day:%Y-%m-%d}"
        if column in spec.date_columns and not _format_shows_day(cell.number_format):
            return f"{day:%Y-%m}"
        return f"{day:%Y-%m-%d}"
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return number_text(value)
    if isinstance(value, int | float):
        if column in spec.date_columns and float(value).is_integer() and 36526 <= value <= 73051:
            from openpyxl.utils.datetime import from_excel

            day = from_excel(value, epoch).date()
            problems.warn(name, f"ô {coordinate} là số {number_text(value)}, được hiểu là ngày "
                          f"theo số thứ tự ngày của Excel: {day:%d/%m/%Y}; nên định dạng ô là "
                          "ngày (Date) để thấy đúng ngày", row=row, column=column,
                          value=number_text(value))
            return f"{day:%Y-%m-%d}"
        if column in spec.number_columns and "%" in (cell.number_format or ""):
            shown = number_text(value * 100)
            problems.warn(name, f"ô {coordinate} được định dạng phần trăm (Excel lưu "
                          f"{_vi(number_text(value))}, hiện {_vi(shown)}%); đã đọc là {_vi(shown)}",
                          row=row, column=column, value=shown)
            return shown
        return number_text(value)
    return _text_cell(table, str(value), column, row, spec)


def read_table(path: Path, problems: ProblemList, spec: ColumnSpec) -> StaffTable:
    """A quarterly file (CSV or xlsx, decided from its bytes) as text; faults go to problems."""
    name = path.name
    raw = data_access.read_bytes(path)
    kind = sniff(raw)
    suffix = path.suffix.lower()
    if kind == "empty":
        problems.add(name, "tệp rỗng: cần dòng tiêu đề và ít nhất một dòng số liệu; xem "
                     "templates/quy_mau.csv")
        return StaffTable()
    wrong = {
        "ole2": "là bảng tính Excel 97–2003 (.xls) hoặc tệp Excel có mật khẩu; hãy bỏ mật khẩu "
                "và lưu lại bằng «Excel Workbook (*.xlsx)»",
        "ods": "là bảng tính LibreOffice (.ods); hãy lưu lại bằng «Excel 2007-365 (.xlsx)» hoặc "
               "CSV UTF-8",
    }
    if suffix != ".xlsx":
        wrong["zip"] = "là tệp nén (zip), không phải CSV; hãy giải nén hoặc lưu lại bằng " \
            + SAVE_UTF8
    if kind in wrong:
        problems.add(name, f"tệp {wrong[kind]}")
        return StaffTable()
    if suffix == ".csv" and kind == "xlsx":
        problems.add(name, "tệp có tên .csv nhưng thực ra là bảng tính Excel (.xlsx); hãy đổi đuôi "
                     f"tên tệp thành .xlsx, hoặc mở bằng Excel và lưu lại bằng {SAVE_UTF8}")
        return StaffTable()
    if suffix == ".xlsx" and kind == "text":
        problems.add(name, "tệp có tên .xlsx nhưng thực ra là tệp văn bản (CSV); hãy đổi đuôi tên "
                     "tệp thành .csv")
        return StaffTable()
    if suffix == ".xlsx":
        table = _read_xlsx(name, path, spec, problems)
    else:
        table = _read_csv(name, raw, spec, problems)
    if table.header:
        _after_reading(name, table, problems)
        if not table.rows and not table.skipped_rows:
            problems.add(name, f"{table.where}tệp chỉ có dòng tiêu đề, chưa có số liệu")
    return table
