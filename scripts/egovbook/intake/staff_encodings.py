"""Bytes of a CSV file: what kind of file they are, and their encoding.

:func:`sniff` tells a text file from a workbook, an old ``.xls`` or an ``.ods`` by its first
bytes. :func:`decode_text` accepts UTF-8 (with or without BOM) and UTF-16 (with BOM, or without
it, recognised by its zero bytes); anything else is never decoded. If the bytes read as Vietnamese
in a legacy encoding — TCVN3 (ABC), VNI Windows or Windows-1258 (:data:`LEGACY`) — the message
names it and the conversion to use (:func:`guess_legacy_bytes`); :func:`guess_legacy_text` finds
text typed with a legacy font inside Unicode (``Hµ Néi``, ``Haø Noäi``).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

SAVE_UTF8 = "«CSV UTF-8 (Comma delimited) (*.csv)»"


# --- Vietnamese legacy encodings --------------------------------------------------------------


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
