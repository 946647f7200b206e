"""How a source writes a figure, and when a figure is the book's reading of its sentence.

A figure is in its quote in any of the ways Vietnamese sources write it (1.039, 2,1 triệu,
50 nghìn: :func:`quote_has_figure`); one the quote does not give, where the quote gives no other
figure of its kind, is the book's reading (:func:`value_read`), marked «sách đọc ra» wherever it
is shown. The intake's checks (``quarterly_checks``) and the formatter of a figure
(``domestic.format_value``) both use these: one rule, below both.
"""

from __future__ import annotations

import re
import unicodedata

from egovbook.intake.quarterly import parse_number

# The words sources scale a count with (2,1 triệu for 2100000), in both spellings.
SCALES = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000,
          "tỉ": 1_000_000_000}
SCALED = re.compile(r"(\d+(?:,\d+)?)\s+(" + "|".join(SCALES) + r")\b")
# Ways sources write a figure: 1.039 for 1039, 2,1 triệu for 2100000, 50 nghìn for 50000.
SCALE_WORDS = tuple((scale, tuple(w for w, s in SCALES.items() if s == scale))
                    for scale in sorted(set(SCALES.values()), reverse=True))



def quote_has_figure(quote: str, text: str, value: float) -> bool:
    """Whether the quote states the figure, in any of the ways Vietnamese sources write it."""
    forms = {text, text.replace(".", ","), text.replace(",", ".")}
    if float(value).is_integer() and abs(value) >= 1000:
        whole = f"{int(value):,}"
        forms |= {whole.replace(",", sep) for sep in (".", " ", "\u00a0", ",")}
    for scale, words in SCALE_WORDS:
        if abs(value) >= scale:
            short = f"{value / scale:.3f}".rstrip("0").rstrip(".")
            for word in words:
                forms |= {f"{short} {word}", f"{short.replace('.', ',')} {word}"}
    quote = unicodedata.normalize("NFC", quote)
    for form in forms:
        if re.search(rf"(?<![\d.,]){re.escape(form)}(?!\d|[.,]\d)", quote):
            return True
    return False


# A figure the source's sentence does not state («hoàn thành …» recorded as a 100 % target,
# «Bộ Y tế và Bộ Thông tin và Truyền thông» counted as 2): the book's reading of it, marked
# wherever it is shown, as an inferred deadline is, and never compared with another source.
READ = "sách đọc ra"
READ_NOTE = (f'câu không ghi số nào cùng loại, nên sách coi số này là số "{READ}" từ câu và ghi '
             "chú như vậy ở mọi chỗ hiện nó; nếu bài có ghi số, hãy chép câu có số ấy")


# What a quote's digits may be besides a figure: a date or a year, a level's name («mức độ 4»).
_NOT_FIGURES = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|\d{1,2}[/-]\d{4}|(?<!\d)(?:19|20)\d{2}(?!\d)"
                          r"|mức(?: độ)? \d+")
_PERCENT = re.compile(r"\d[\d.,]*\s?%")


def value_read(value: object, quote: object, unit: str | None = None) -> bool:
    """Whether a figure is the book's reading: its quote does not state it, and (``unit``:
    ``percent`` or ``count``, when known) states no other figure of that kind either: a quote
    with another percentage than the data's is a mistake to report, not a reading.

    >>> value_read("100", "hoàn thành nền tảng trong tháng 10-2020"), value_read("100", "100%")
    (True, False)
    >>> value_read("2", "Bộ Y tế và Bộ Thông tin có tỷ lệ mức độ 4 đạt 100%", "count")
    True
    >>> value_read("16.4", "khoảng 15,91%", "percent")
    False
    """
    text, said = str(value or "").strip(), str(quote or "")
    number = parse_number(text) if text else None
    if number is None or quote_has_figure(said, text, float(number)):
        return False
    rest = _NOT_FIGURES.sub(" ", said)
    if unit == "percent":
        return not _PERCENT.search(rest)
    return unit is None or not re.search(r"\d", _PERCENT.sub(" ", rest))


# What a figure's date is when it is not the article's own: its note says «Ngày: ngày của phiên
# họp.» (the meeting that reported it) or «Tháng: sách suy ra từ nội dung bài (…).» (an undated
# article, its month read from the text).
DATE_NOTE = re.compile(r"(?:Ngày|Tháng): ((?:ngày của|sách suy ra) [^.(]+?)\s*(?:\([^)]*\))?\.")


def date_note(note: object) -> str:
    """``ngày của phiên họp``, ``sách suy ra từ nội dung bài`` or "" (see DATE_NOTE).

    >>> date_note("Trên toàn quốc. Tháng: sách suy ra từ nội dung bài (bài không ghi ngày).")
    'sách suy ra từ nội dung bài'
    """
    found = DATE_NOTE.search(str(note or ""))
    return found[1] if found else ""
