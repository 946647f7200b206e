"""The claims tables, each declared once: a chapter's claims box, the verification chapter's
register, its contradictions and its count by verdict.

The register and the claims boxes download every column of the evaluation
(:func:`egovbook.analysis.claims.evaluate`) that a reader can use, in words
(:data:`CSV_NAMES` says where each one goes); the contradictions table, the columns it shows
(its rows are the register's, under the same ids).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from operator import itemgetter
from typing import Any

import pandas as pd

from egovbook.analysis import claims, claims_rules, un
from egovbook.chapters import prose, tables
from egovbook.chapters.claims_trace import ClaimTraces
from egovbook.chapters.report import PRESS_DATED, UN_SOURCE
from egovbook.common import fmt
from egovbook.intake import domestic

# Column of the evaluated register → its name in the downloads (None: not downloaded, the
# reason beside it). The evaluation's internal codes (kind of check, index, scope, data
# references) are downloaded as the words they stand for (:func:`_words`); the claim's id, the
# country's ISO3 code and the article ids are shown in the book.
CSV_NAMES: dict[str, str | None] = {
    "claim_id": "ma_khang_dinh", "country": "ma_quoc_gia",
    "chapter": None,  # the register's «Dùng ở» names the chapter; a box is in its chapter
    "source_id": "nguon", "quote": "trich_dan",
    "claimed_text": "bao_chi_neu", "claimed_value": "gia_tri_bao_chi", "decimals": "so_le",
    "kind": "loai", "index": "chi_so", "scope": "pham_vi", "year": "nam",
    "compare_year": "nam_so_sanh", "refs": "tham_chieu", "comparator": "so_sanh",
    "recomputed": "gia_tri_doi_chieu_so", "recomputed_text": "gia_tri_doi_chieu",
    "verdict": None,  # the code of «Kết luận» (verdict_vi), which says it in words
    "verdict_vi": "ket_luan", "contradicts": "mau_thuan_voi",
    "agrees_with": "thong_nhat_voi", "note": "ghi_chu", "detail": "chi_tiet",
    "read": "gia_tri_doc_ra",  # the figure is the book's reading of a sentence (review 18)
}
# The kind of check a claim gets, in words.
KIND_VI = {
    "rank": "thứ hạng", "rank_change": "thay đổi thứ hạng",
    "scope_size": "số nước được xếp hạng", "value": "giá trị chỉ số",
    "above_average": "so với trung bình", "level": "nhóm mức", "un_goal": "mục tiêu về thứ hạng",
    "observation": "số liệu", "recorded": "số liệu trong dữ liệu của sách", "ratio": "tỷ số",
    "sum": "phép cộng", "share_consistency": "tỷ lệ và số đơn vị", "target": "mục tiêu",
    "text": "nội dung không phải số liệu",
}
# Kinds whose claimed value is a yes/no the register writes as 1 («cao hơn trung bình», «các
# tỷ lệ khớp nhau»), not a figure of the article: its number columns stay empty. Above the
# average, the recomputed value is a yes/no too (its text gives both means).
FLAG_KINDS = {"above_average", "share_consistency"}
FLAG_RECOMPUTED = {"above_average"}
# Where the register's figures are used, as a download says it: the claims box of a chapter
# named by its title (the first heading of the chapter's notebook; a test holds them equal),
# in straight quotes as plain text names the book's labels («» is for the sources' words).
USED_IN = {chapter: f'bảng đối chiếu của chương "{title}"' for chapter, title in (
    ("egdi", "Tổng quan Chỉ số phát triển Chính phủ điện tử (EGDI)"),
    ("subindices", "Các chỉ số thành phần: OSI, TII, HCI và EPI"),
    ("domestic", "Chỉ tiêu Chính phủ điện tử trong nước so với mục tiêu"),
    ("portal", "Cổng Dịch vụ công quốc gia và các chỉ tiêu chuyển đổi số"))}
# The captions are in the verification chapter's prose file (a chapter's claims box too).
PROSE = "07_kiem_chung"
# The chart's colour of each verdict: greens for the data agreeing, red for a figure the data
# contradict, amber for a goal the data show missed, blue/orange for articles agreeing or not.
VERDICT_COLORS = {claims_rules.MATCH: "#27ae60", claims_rules.MATCH_ROUNDED: "#82c785",
                  claims_rules.DIFFERS: "#c0392b", claims_rules.GOAL_MET: "#1e8449",
                  claims_rules.GOAL_MISSED: "#d4ac0d", claims_rules.AGREE: "#2e86c1",
                  claims_rules.CONFLICT: "#e67e22", claims_rules.UNCHECKABLE: "#b3b3b3"}
PRESS = "các bài báo trong bộ nguồn"
REGISTER_SOURCE = "sổ đối chiếu của sách"
# The verdict counts are the book's: counted from the register, not copied (review 27, C6).
COUNTED = "không có ngày nhập riêng: số đếm do sách tính từ sổ đối chiếu"

Row = dict[str, Any]


def source_line(evaluated: pd.DataFrame) -> str:
    """What a table of claims rests on: the articles, the Survey's data when a row is checked
    against them, and the team's computing (every verdict is computed)."""
    checked_un = bool(len(evaluated)) and evaluated["kind"].isin(claims.UN_KINDS).any()
    return f"{PRESS}; " + (UN_SOURCE if checked_un else "tính toán của nhóm biên soạn")


def rows(evaluated: pd.DataFrame) -> list[Row]:
    return evaluated.to_dict("records")


def _raw(*columns: str) -> dict[str, Callable[[Row], Any]]:
    out: dict[str, Callable[[Row], Any]] = {}
    for c in columns:
        name = CSV_NAMES[c]
        if name is not None:
            out[name] = WORDS_OF.get(c, itemgetter(c))
    return out


@cache
def _survey(country: str) -> un.Survey:
    return un.Survey.for_country(country)


@cache
def _indicator_names() -> dict[str, str]:
    return domestic.load_indicators()["name_vi"].to_dict()


def _scope(r: Row) -> str | None:
    return _survey(r["country"]).scope_name(r["scope"]) if r["scope"] else None


def _refs(r: Row) -> str | None:
    """The data a claim is checked against, in words: ``Tỷ lệ … (tháng 07/2020)``. A target
    claim's reference is its own row of the targets file (the claim's id already names it)."""
    said = []
    for ref in str(r["refs"] or "").split():
        code, _, date = ref.partition("@")
        if date:  # (the survey's chapters read no domestic file)
            name = _indicator_names().get(code, code)
            said.append(f"{name} ({claims.Observations.when(date)})")
        elif r["kind"] != "target":
            said.append(ref)
    return "; ".join(said) or None


# The evaluation's columns downloaded as words, or emptied where they hold no figure.
WORDS_OF: dict[str, Callable[[Row], Any]] = {
    "kind": lambda r: KIND_VI.get(r["kind"], r["kind"]),
    "index": lambda r: str(r["index"]).upper() or None,
    "scope": _scope,
    "refs": _refs,
    "read": lambda r: "có" if r.get("read") is True else None,
    "claimed_value": lambda r: None if r["kind"] in FLAG_KINDS else r["claimed_value"],
    "decimals": lambda r: None if r["kind"] in FLAG_KINDS else r["decimals"],
    "recomputed": lambda r: None if r["kind"] in FLAG_RECOMPUTED else r["recomputed"],
}


def survey_years(evaluated: pd.DataFrame) -> list[int]:
    """The Survey years the claims are checked against (a claim's year and the year a change
    is counted from): the files the verdicts rest on, which the chapter cites."""
    return sorted({int(y) for y in evaluated[["year", "compare_year"]].stack() if str(y).strip()})


def _quote(r: Row) -> str:
    return "«" + r["quote"] + "»"


def columns(used_in: bool = False, traces: ClaimTraces | None = None) -> list[tables.Col]:
    """The reader's view of evaluated claims (quotes marked, each note sentence once); the
    register adds where each figure is used. With ``traces``, the press figure and the compared
    value open the rows they come from."""
    cols = [
        tables.Col("Mã khẳng định", itemgetter("claim_id"), _raw("claim_id", "country", "chapter")),
        tables.Col("Nguồn", itemgetter("source_id"), _raw("source_id")),
        tables.Col("Trích dẫn", _quote, _raw("quote")),
        tables.Col("Báo chí nêu", itemgetter("claimed_text"),
                   _raw("claimed_text", "claimed_value", "decimals", "kind", "index", "scope",
                        "year", "compare_year", "refs", "comparator", "read"),
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
            # The download names the table in words: the book numbers tables only when it is
            # built, after the chapters have run.
            {"dung_o": lambda r: USED_IN.get(r["chapter"])}))
    return cols


def box(chapter: str, country: str, until: str | None = None) -> tables.Table:
    """The press claims a chapter relies on, with the verdict next to each (as known at the end
    of quarter ``until``, for the domestic chapters)."""
    found = claims.for_chapter(chapter, country, until)
    return tables.Table(claims.CHAPTER_DOC[chapter][1], prose.text(PROSE, "box"), rows(found),
                        columns(traces=ClaimTraces(until)),
                        source=source_line(found), units="theo từng khẳng định",
                        retrieved=PRESS_DATED, empty=prose.text(PROSE, "box.empty"))


def register(evaluated: pd.DataFrame, until: str | None = None) -> tables.Table:
    """Chapter 7: the whole register as of quarter ``until`` (nothing shown without claims: the
    chapter says so)."""
    return tables.Table("tbl-so-doi-chieu", prose.text(PROSE, "tbl-so-doi-chieu"), rows(evaluated),
                        columns(used_in=True, traces=ClaimTraces(until)),
                        source=source_line(evaluated),
                        units="theo từng khẳng định", retrieved=PRESS_DATED, empty="")


def contradictions(evaluated: pd.DataFrame) -> tables.Table:
    """Chapter 7: the claims that contradict a claim of another article."""
    found = evaluated[evaluated["verdict"] == claims_rules.CONFLICT]
    return tables.Table("tbl-mau-thuan", prose.text(PROSE, "tbl-mau-thuan"), rows(found), [
        tables.Col("Mã khẳng định", itemgetter("claim_id"), _raw("claim_id", "country", "chapter")),
        tables.Col("Nguồn", itemgetter("source_id"), _raw("source_id")),
        # The file holds what the table shows (review 13, C7): each row's evaluation is in the
        # register's download, under the same id.
        tables.Col("Trích dẫn", _quote, _raw("quote")),
        tables.Col("Mâu thuẫn với", lambda r: ", ".join(r["contradicts"].split()),
                   _raw("contradicts", "agrees_with")),
        tables.Col("Ghi chú", claims.note_text, _raw("note", "detail")),
    ], source=source_line(found), units="văn bản", retrieved=PRESS_DATED,
        empty=prose.text(PROSE, "tbl-mau-thuan.empty"))


def verdict_counts(evaluated: pd.DataFrame) -> tables.Table:
    """Chapter 7: how many claims have each verdict (every verdict, zero included)."""
    counts = evaluated["verdict"].value_counts()
    found = [{"verdict": v, "count": int(counts.get(v, 0))} for v in claims_rules.VERDICT_VI]
    return tables.Table("tbl-kiem-chung-dem", prose.text(PROSE, "tbl-kiem-chung-dem"), found, [
        tables.Col("Kết luận", lambda r: claims_rules.VERDICT_VI[r["verdict"]],
                   {"ma_ket_luan": itemgetter("verdict")}),
        tables.right("Số khẳng định", lambda r: fmt.number(r["count"]),
                     {"so_khang_dinh": itemgetter("count")}),
    ], source=REGISTER_SOURCE, units="số khẳng định", retrieved=COUNTED)


def by_source(evaluated: pd.DataFrame) -> pd.DataFrame:
    """Claims per article (rows) and verdict (columns, every verdict in the register's order)."""
    return pd.crosstab(evaluated["source_id"], evaluated["verdict"]).reindex(
        columns=list(claims_rules.VERDICT_VI), fill_value=0)
