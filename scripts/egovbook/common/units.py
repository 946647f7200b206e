"""The unit notes a reader sees in the provenance popups: one note for each kind of quantity.

A figure's unit is chosen from these names, never typed where the figure is made, so the same
kind of number reads the same in every popup (an EGDI change and a gap to a group average are
both :data:`INDEX_POINTS`; a rank is :data:`RANK` whichever chapter shows it). The domestic data
files name their units by code (``percent``, ``count``); :func:`of_data` gives the reader's note.
"""

from __future__ import annotations

INDEX = "chỉ số, thang 0–1"
INDEX_POINTS = "điểm chỉ số, thang 0–1"  # a difference of two values of an index
RANK = "hạng"
RANK_PLACES = "bậc"  # a change of rank
COUNT = "số đếm"
CUMULATIVE = f"{COUNT} lũy kế"  # a count since a start (visits, files handled)
STOCK = f"{COUNT} tại thời điểm nêu"  # a count at the date stated (services on the portal)
COUNTRIES = "quốc gia"
TARGETS = "mục tiêu"
INDICATORS = "chỉ tiêu"
QUARTERS = "quý"
CASES = "số trường hợp"
PERCENT = "%"
PERCENT_POINTS = "điểm phần trăm"
TIMES = "lần"  # a ratio of two figures
DATE = "ngày"
# Units of counts: a number a phrase of counts quotes is exact as written.
COUNTS = frozenset({COUNT, CUMULATIVE, STOCK, COUNTRIES, TARGETS, INDICATORS, QUARTERS, CASES})
# Words, not a quantity: a name, or a phrase whose numbers carry their own notes.
TEXT = "văn bản"
PHRASE = "văn bản có số liệu"

ALL = COUNTS | {INDEX, INDEX_POINTS, RANK, RANK_PLACES, PERCENT, PERCENT_POINTS, TIMES, DATE,
               TEXT, PHRASE}
# Units whose popup states no value of its own (the text is the value, or its parts are).
WORDS = frozenset({TEXT, PHRASE, DATE})

# The unit of a difference of two values of a unit (a difference of differences keeps its own).
DIFFERENCE = {INDEX: INDEX_POINTS, PERCENT: PERCENT_POINTS, CUMULATIVE: COUNT, STOCK: COUNT}


def line(*notes: str) -> str:
    """A table's unit line: the notes of the kinds of quantity its columns hold, and no other.

    >>> line(COUNTRIES, RANK, RANK_PLACES)
    'quốc gia; hạng; bậc'
    """
    return "; ".join(notes)


def of_columns(columns: list[str], notes: list[str]) -> str:
    """The unit of some columns of a table, which may differ from row to row (each indicator
    its own): a table whose columns hold different kinds of quantity names each kind's columns.

    >>> of_columns(["Chênh lệch"], [PERCENT_POINTS, PERCENT_POINTS])
    'điểm phần trăm (cột "Chênh lệch")'
    >>> of_columns(["Giá trị", "Mục tiêu"], [PERCENT, COUNT])
    'theo từng chỉ tiêu (cột "Giá trị", "Mục tiêu"): % hoặc số đếm'
    """
    found = list(dict.fromkeys(notes))
    named = "(cột " + ", ".join(f'"{c}"' for c in columns) + ")"
    # Several kinds: the columns first, so a kind's own clause («…, trừ …») ends the line.
    if len(found) > 1:
        return f"theo từng chỉ tiêu {named}: " + " hoặc ".join(found)
    return f"{''.join(found)} {named}".strip()  # (no rows: no kind to name)


def of_data(code: str, cumulative: bool) -> str:
    """The note of a unit code of the domestic files (``percent`` → ``%``); a count is said
    cumulative or a stock, as the indicators file marks it and the download notes say it.

    >>> of_data("percent", False), of_data("count", True), of_data("count", False)
    ('%', 'số đếm lũy kế', 'số đếm tại thời điểm nêu')
    """
    if code == "percent":
        return PERCENT
    if code != "count":
        raise KeyError(code)
    return CUMULATIVE if cumulative else STOCK


def counts_of(kinds: list[tuple[str, bool]]) -> str:
    """The unit of a table of counts, each named and said cumulative or not; the counts that
    are not cumulative (a stock at the date stated) are named.

    >>> counts_of([("lượt truy cập", True), ("dịch vụ công", False), ("thủ tục", False)])
    'số đếm lũy kế, trừ dịch vụ công và thủ tục (số tại thời điểm nêu)'
    >>> counts_of([("lượt truy cập", True)]), counts_of([("dịch vụ công", False)])
    ('số đếm lũy kế', 'số đếm tại thời điểm nêu')
    """
    stock = [name for name, cumulative in kinds if not cumulative]
    if not stock:
        return CUMULATIVE
    if len(stock) == len(kinds):
        return STOCK
    named = ", ".join(stock[:-1]) + " và " + stock[-1] if len(stock) > 1 else stock[0]
    return f"{CUMULATIVE}, trừ {named} (số tại thời điểm nêu)"
