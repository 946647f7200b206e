"""The claims tables, each declared once: a chapter's claims box, the verification chapter's
register, its contradictions and its count by verdict.

Every table of evaluated claims downloads every column of the evaluation
(:func:`egovbook.analysis.claims.evaluate`), under the snake_case names of :data:`CSV_NAMES`.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

import pandas as pd

from egovbook.analysis import claims, claims_rules
from egovbook.chapters import prose, tables
from egovbook.chapters.claims_trace import ClaimTraces
from egovbook.chapters.report import PRESS_DATED
from egovbook.common import fmt

# Column of the evaluated register → its name in the downloads.
# The evaluation's codes (country, chapter, kind of check, index, scope, data references) are
# kept for programs under names that say they are codes («Mã chương»): the words a reader
# reads are in the other columns.
CSV_NAMES = {
    "claim_id": "ma_khang_dinh", "country": "ma_quoc_gia", "chapter": "ma_chuong",
    "source_id": "nguon", "quote": "trich_dan",
    "claimed_text": "bao_chi_neu", "claimed_value": "gia_tri_bao_chi", "decimals": "so_le",
    "kind": "ma_loai", "index": "ma_chi_so", "scope": "ma_pham_vi", "year": "nam",
    "compare_year": "nam_so_sanh", "refs": "ma_tham_chieu", "comparator": "so_sanh",
    "recomputed": "gia_tri_tinh_lai", "recomputed_text": "tinh_lai",
    "verdict": "ma_ket_luan", "verdict_vi": "ket_luan", "contradicts": "mau_thuan_voi",
    "agrees_with": "thong_nhat_voi", "note": "ghi_chu", "detail": "chi_tiet",
}
# The captions are in the verification chapter's prose file (a chapter's claims box too).
PROSE = "07_kiem_chung"
# The chart's colour of each verdict: greens for the data agreeing, red for a figure the data
# contradict, amber for a goal the data show missed, blue/orange for articles agreeing or not.
VERDICT_COLORS = {claims.MATCH: "#27ae60", claims.MATCH_ROUNDED: "#82c785",
                  claims.DIFFERS: "#c0392b", claims_rules.GOAL_MET: "#1e8449",
                  claims_rules.GOAL_MISSED: "#d4ac0d", claims.AGREE: "#2e86c1",
                  claims.CONFLICT: "#e67e22", claims.UNCHECKABLE: "#b3b3b3"}
CLAIMS_SOURCE = "các bài báo trong bộ nguồn; dữ liệu của sách"
REGISTER_SOURCE = "sổ đối chiếu của sách"

Row = dict[str, Any]


def rows(evaluated: pd.DataFrame) -> list[Row]:
    return evaluated.to_dict("records")


def _raw(*columns: str) -> dict[str, Callable[[Row], Any]]:
    return {CSV_NAMES[c]: itemgetter(c) for c in columns}


def _quote(r: Row) -> str:
    return "«" + r["quote"] + "»"


def columns(used_in: bool = False, traces: ClaimTraces | None = None) -> list[tables.Col]:
    """The reader's view of evaluated claims (quotes marked, each note sentence once); the
    register adds where each figure is used. With ``traces``, the press figure and the compared
    value open the rows they come from."""
    cols = [
        tables.Col("Mã", itemgetter("claim_id"), _raw("claim_id", "country", "chapter")),
        tables.Col("Nguồn", itemgetter("source_id"), _raw("source_id")),
        tables.Col("Trích dẫn", _quote, _raw("quote")),
        tables.Col("Báo chí nêu", itemgetter("claimed_text"),
                   _raw("claimed_text", "claimed_value", "decimals", "kind", "index", "scope",
                        "year", "compare_year", "refs", "comparator"),
                   trace=traces.claimed if traces else None),
        tables.Col("Giá trị đối chiếu", itemgetter("recomputed_text"),
                   _raw("recomputed", "recomputed_text"),
                   trace=traces.recomputed if traces else None),
        tables.Col("Kết luận", itemgetter("verdict_vi"),
                   _raw("verdict", "verdict_vi", "contradicts", "agrees_with")),
        tables.Col("Ghi chú", claims.note_text, _raw("note", "detail")),
    ]
    if used_in:
        cols.insert(6, tables.Col("Dùng ở", lambda r: (
            f"{{numref}}`{claims.CHAPTER_DOC[r['chapter']][1]}`"
            if r["chapter"] in claims.CHAPTER_DOC else fmt.MISSING),
            # The download names the table by its label, its address in the chapter.
            {"dung_o": lambda r: claims.CHAPTER_DOC[r["chapter"]][1]
             if r["chapter"] in claims.CHAPTER_DOC else None}))
    return cols


def box(chapter: str, country: str, until: str | None = None) -> tables.Table:
    """The press claims a chapter relies on, with the verdict next to each (as known at the end
    of quarter ``until``, for the domestic chapters)."""
    return tables.Table(claims.CHAPTER_DOC[chapter][1], prose.text(PROSE, "box"),
                        rows(claims.for_chapter(chapter, country, until)),
                        columns(traces=ClaimTraces(until)),
                        source=CLAIMS_SOURCE, units="theo từng khẳng định",
                        retrieved=PRESS_DATED, empty=prose.text(PROSE, "box.empty"))


def register(evaluated: pd.DataFrame, until: str | None = None) -> tables.Table:
    """Chapter 7: the whole register as of quarter ``until`` (nothing shown without claims: the
    chapter says so)."""
    return tables.Table("tbl-so-doi-chieu", prose.text(PROSE, "tbl-so-doi-chieu"), rows(evaluated),
                        columns(used_in=True, traces=ClaimTraces(until)), source=CLAIMS_SOURCE,
                        units="theo từng khẳng định", retrieved=PRESS_DATED, empty="")


def contradictions(evaluated: pd.DataFrame) -> tables.Table:
    """Chapter 7: the claims that contradict a claim of another article."""
    found = evaluated[evaluated["verdict"] == claims.CONFLICT]
    return tables.Table("tbl-mau-thuan", prose.text(PROSE, "tbl-mau-thuan"), rows(found), [
        tables.Col("Mã", itemgetter("claim_id"), _raw("claim_id", "country", "chapter")),
        tables.Col("Nguồn", itemgetter("source_id"), _raw("source_id")),
        tables.Col("Trích dẫn", _quote,
                   _raw("quote", "claimed_text", "claimed_value", "decimals", "kind", "index",
                        "scope", "year", "compare_year", "refs", "comparator", "recomputed",
                        "recomputed_text", "verdict", "verdict_vi")),
        tables.Col("Mâu thuẫn với", lambda r: ", ".join(r["contradicts"].split()),
                   _raw("contradicts", "agrees_with")),
        tables.Col("Ghi chú", claims.note_text, _raw("note", "detail")),
    ], source="các bài báo trong bộ nguồn", units="văn bản", retrieved=PRESS_DATED,
        empty=prose.text(PROSE, "tbl-mau-thuan.empty"))


def verdict_counts(evaluated: pd.DataFrame) -> tables.Table:
    """Chapter 7: how many claims have each verdict (every verdict, zero included)."""
    counts = evaluated["verdict"].value_counts()
    found = [{"verdict": v, "count": int(counts.get(v, 0))} for v in claims.VERDICT_VI]
    return tables.Table("tbl-kiem-chung-dem", prose.text(PROSE, "tbl-kiem-chung-dem"), found, [
        tables.Col("Kết luận", lambda r: claims.VERDICT_VI[r["verdict"]],
                   {"ma_ket_luan": itemgetter("verdict")}),
        tables.right("Số khẳng định", lambda r: fmt.number(r["count"]),
                     {"so_khang_dinh": itemgetter("count")}),
    ], source=REGISTER_SOURCE, units="số khẳng định", retrieved=PRESS_DATED)


def by_source(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Claims per article (rows) and verdict (columns, every verdict in the register's order)."""
    return pd.crosstab(evaluated["source_id"], evaluated["verdict"]).reindex(
        columns=list(claims.VERDICT_VI), fill_value=0)
