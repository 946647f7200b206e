"""The verdict rules of the claims register, one test per rule on small constructed tables, and
the readings of the real register that the audit found wrong."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest

from egovbook.analysis import claims, claims_counts, claims_rules, un
from egovbook.analysis.claims_rules import (
    AGREE,
    CONFLICT,
    DIFFERS,
    MATCH,
    MATCH_ROUNDED,
    UNCHECKABLE,
)
from egovbook.chapters import claims_tables, report
from egovbook.common import fmt, periods
from egovbook.intake import quarterly

EVENT = "phiên họp thử"
INDICATORS = pd.DataFrame([
    {"code": "SO_BO", "group": "dvctt", "name_vi": "Số bộ đạt ngưỡng", "unit": "count"},
    {"code": "TY_LE", "group": "lgsp", "name_vi": "Tỷ lệ có nền tảng", "unit": "percent"},
]).set_index("code")


# Each article words its figures its own way (quotes of one text share an origin) and states
# the figure (a figure the quote does not state is the book's reading).
WORDING = {"A1": "Theo báo cáo, đến nay đã đạt {}",
           "A2": "Bộ cho biết con số hiện là {} trên cả nước",
           "A3": "Tính đến kỳ này, mức {} đã được ghi nhận"}


def said(source: str, value: str) -> str:
    return WORDING.get(source, "{}").format(value)


def observations(*rows: tuple[str, str, str, str] | tuple[str, str, str, str, str]) -> pd.DataFrame:
    """Quarterly rows (indicator, date, value, source[, qualifier]) as the loader returns them."""
    frame = pd.DataFrame([{**dict.fromkeys(quarterly.COLUMNS, ""), "file": "2020Q3.csv",
                           "indicator": r[0], "date": r[1], "value": r[2], "source_id": r[3],
                           "qualifier": r[4] if len(r) > 4 else "", "quote": said(r[3], r[2])}
                          for r in rows], columns=[*quarterly.COLUMNS, "file"])
    frame["period"] = [periods.parse_period(d) for d in frame["date"]]
    frame["end"] = [p.end for p in frame["period"]]
    frame["value_num"] = [quarterly.parse_number(v) for v in frame["value"]]
    return frame


def targets(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """Targets (id, indicator, value, deadline, source)."""
    frame = pd.DataFrame([{"target_id": t, "indicator": i, "comparator": ">=", "value": v,
                           "deadline": d, "legal_basis": "", "source_id": s, "quote": said(s, v),
                           "note": ""} for t, i, v, d, s in rows],
                         columns=["target_id", "indicator", "comparator", "value", "deadline",
                                  "legal_basis", "source_id", "quote", "note"])
    frame["value_num"] = pd.to_numeric(frame["value"], errors="coerce")
    return frame


def claim(cid: str, source: str, kind: str, value: str, refs: str, comparator: str = "=",
          decimals: int = 0, contradicts: str = "") -> dict[str, str]:
    return {"claim_id": cid, "source_id": source, "country": "VNM", "quote": said(source, value),
            "claimed_text": value, "claimed_value": value, "decimals": str(decimals),
            "kind": kind, "refs": refs, "comparator": comparator, "chapter": "domestic",
            "contradicts": contradicts, "note": ""}


def sources(*same_event: str, relays: dict[str, str] | None = None) -> pd.DataFrame:
    ids = ["A1", "A2", "A3"]
    return pd.DataFrame({"source_id": ids,
                         "event": [EVENT if s in same_event else "" for s in ids],
                         "relays": [(relays or {}).get(s, "") for s in ids]})


def run(obs: pd.DataFrame, extra: list[dict[str, str]] | None = None,
        tgts: pd.DataFrame | None = None, same_event: tuple[str, ...] = (),
        relays: dict[str, str] | None = None) -> pd.DataFrame:
    """Evaluate the derived claims of the tables plus ``extra`` claims (indexed by claim id)."""
    tgts = targets() if tgts is None else tgts
    tables = claims.DomesticTables(obs, tgts, INDICATORS)
    register = pd.concat([claims.derived_claims(obs, tgts, INDICATORS),
                          pd.DataFrame(extra or [])], ignore_index=True).fillna("")
    return claims.evaluate(register, tables, sources(*same_event, relays=relays)).set_index(
        "claim_id")


# --- one rule each ------------------------------------------------------------------------------


def test_two_independent_articles_agree() -> None:
    table = run(observations(("SO_BO", "2020-07", "9", "A1")),
                [claim("A2-01", "A2", "observation", "9", "SO_BO@2020-07")])
    assert table.loc["A2-01", "verdict"] == AGREE
    assert table.loc["A1-S01", "verdict"] == AGREE  # the same figure, the same verdict
    assert claims_rules.VERDICT_VI[AGREE] == "Các bài báo thống nhất"
    assert "Chỉ một nguồn" not in table.loc["A1-S01", "detail"]
    assert table.loc["A1-S01", "agrees_with"] == "A2-01"


def test_articles_agree_after_rounding_by_the_tolerance_rule() -> None:
    obs = observations(("TY_LE", "2020-07", "82.6", "A1"))
    nearly = run(obs, [claim("A2-01", "A2", "observation", "83", "TY_LE@2020-07", "≤")])
    assert nearly.loc["A2-01", "verdict"] == AGREE
    assert "làm tròn" in nearly.loc["A2-01", "detail"]
    # "gần 82" (nearly 82) is exceeded by 82,6: the articles contradict each other.
    over = run(obs, [claim("A2-01", "A2", "observation", "82", "TY_LE@2020-07", "≤")])
    assert over.loc["A2-01", "verdict"] == CONFLICT


def test_same_article_is_not_a_verification() -> None:
    table = run(observations(("TY_LE", "2020-07", "15.91", "A1", "khoảng")),
                [claim("A1-01", "A1", "observation", "15.9", "TY_LE@2020-07", "≈", 1)])
    for cid in ("A1-01", "A1-S01"):
        assert table.loc[cid, "verdict"] == UNCHECKABLE
        assert "Chính bài A1" in table.loc[cid, "detail"]
        assert "Chỉ một nguồn" not in table.loc[cid, "detail"]


def test_own_article_disagreeing_with_itself_differs() -> None:
    table = run(observations(("TY_LE", "2020-07", "16.4", "A1")),
                [claim("A1-01", "A1", "observation", "15.9", "TY_LE@2020-07", "≈", 1)])
    assert table.loc["A1-01", "verdict"] == DIFFERS


def test_same_event_is_not_independent() -> None:
    obs = observations(("SO_BO", "2020-08-26", "8", "A1"))
    extra = [claim("A2-01", "A2", "observation", "8", "SO_BO@2020-08-26")]
    table = run(obs, extra, same_event=("A1", "A2"))
    for cid in ("A2-01", "A1-S01"):
        assert table.loc[cid, "verdict"] == UNCHECKABLE
        assert "lấy tin từ cùng một nguồn" in table.loc[cid, "detail"]
        assert "không phải xác nhận độc lập" in table.loc[cid, "detail"]
    # A third, independent article stating it is corroboration.
    extra.append(claim("A3-01", "A3", "observation", "8", "SO_BO@2020-08-26"))
    table = run(obs, extra, same_event=("A1", "A2"))
    assert set(table["verdict"]) == {AGREE}


def test_different_values_contradict() -> None:
    table = run(observations(("SO_BO", "2020-07", "9", "A1")),
                [claim("A2-01", "A2", "observation", "8", "SO_BO@2020-07")])
    assert table.loc["A2-01", "verdict"] == table.loc["A1-S01", "verdict"] == CONFLICT
    assert table.loc["A2-01", "contradicts"] == "A1-S01"
    assert table.loc["A1-S01", "contradicts"] == "A2-01"
    assert claims_rules.VERDICT_VI[CONFLICT] == "Các bài báo mâu thuẫn"


def test_targets_compare_by_indicator_and_deadline() -> None:
    tgts = targets(("T1", "TY_LE", "30", "2020", "A1"), ("T2", "TY_LE", "50", "2020-12", "A2"),
                   ("T3", "TY_LE", "30", "2020-12", "A3"), ("T4", "SO_BO", "5", "2020-10", "A1"),
                   ("T5", "SO_BO", "5", "2020-12", "A2"))
    table = run(observations(), tgts=tgts)
    # "năm 2020" and "tháng 12/2020" end on the same day: one target, stated as 30 % and 50 %.
    assert table.loc["A2-M01", "verdict"] == CONFLICT
    assert table.loc["A2-M01", "contradicts"].split() == ["A1-M01", "A3-M01"]
    assert table.loc["A1-M01", "verdict"] == CONFLICT
    # Another deadline is another target: nothing to compare with.
    assert table.loc["A1-M02", "verdict"] == table.loc["A2-M02", "verdict"] == UNCHECKABLE
    assert "Chỉ một nguồn" in table.loc["A1-M02", "detail"]


def test_listed_contradiction_holds_both_ways() -> None:
    table = run(observations(), [claim("A1-01", "A1", "text", "", "", contradicts="A2-01"),
                                 claim("A2-01", "A2", "text", "", "")])
    assert table.loc["A1-01", "verdict"] == table.loc["A2-01", "verdict"] == CONFLICT
    assert table.loc["A2-01", "contradicts"] == "A1-01"


def test_arithmetic_on_the_articles_own_figures() -> None:
    obs = observations(("TY_LE", "2020-07", "82.6", "A1"), ("TY_LE", "2020-02", "27", "A1"))
    ratio = claim("A1-01", "A1", "ratio", "3", "TY_LE@2020-07 TY_LE@2020-02", ">")
    table = run(obs, [ratio])
    assert table.loc["A1-01", "verdict"] == UNCHECKABLE
    assert "chính bài" in table.loc["A1-01", "detail"]
    wrong = run(obs, [{**ratio, "claimed_value": "4"}])
    assert wrong.loc["A1-01", "verdict"] == DIFFERS
    # The same arithmetic on another article's figures agrees with that article.
    other = run(obs, [{**ratio, "claim_id": "A2-01", "source_id": "A2"}])
    assert other.loc["A2-01", "verdict"] == AGREE


def test_un_value_matches_after_half_up_rounding() -> None:
    assert claims_rules.compare_number("0.7267", 0.72665, 4) == MATCH_ROUNDED
    assert claims_rules.compare_number("0.7266", 0.72665, 4) == DIFFERS
    assert claims_rules.compare_number("0.72665", 0.72665, 5) == MATCH
    # 2.675 is 2.67499… in binary: round() gives 2.67, half up from the decimal text 2.68.
    assert round(2.675, 2) == 2.67
    assert claims_rules.compare_number("2.68", 2.675, 2) == MATCH_ROUNDED
    survey = un.Survey(pd.DataFrame({"year": [2020], "iso3": ["VNM"], "egdi": [0.72665]}),
                       "VNM")
    row = pd.Series({"kind": "value", "index": "egdi", "scope": "world", "year": "2020",
                     "claimed_value": "0.7267", "decimals": "4"})
    result = claims_rules.check_un(row, survey)
    assert result.verdict == MATCH_ROUNDED
    assert "0,72665" in result.detail and "0,7267" in result.detail
    assert claims_rules.check_un(row.replace("0.7267", "0.7266"), survey).verdict == DIFFERS
    assert claims_rules.VERDICT_VI[MATCH_ROUNDED] == "Khớp với dữ liệu sau làm tròn"


def test_one_source_only_when_truly_one() -> None:
    table = run(observations(("SO_BO", "2020-07", "9", "A1"), ("SO_BO", "2020-08", "7", "A2")))
    # Two articles, two dates: each figure has one source.
    for cid in ("A1-S01", "A2-S01"):
        assert table.loc[cid, "verdict"] == UNCHECKABLE
        assert table.loc[cid, "detail"].startswith("Chỉ một nguồn nêu số này")
    table = run(observations(("SO_BO", "2020-07", "9", "A1"), ("SO_BO", "2020-07", "9", "A2")))
    assert not table["detail"].str.contains("Chỉ một nguồn").any()


def test_ids_are_readable_and_stable() -> None:
    obs = observations(("SO_BO", "2020-08-26", "8", "A1"), ("TY_LE", "2020-07", "82.6", "A1"),
                       ("TY_LE", "2020-02", "27", "A1"), ("SO_BO", "2020-07", "9", "A2"))
    tgts = targets(("T2", "TY_LE", "100", "2020", "A1"), ("T1", "TY_LE", "90", "", "A1"))
    derived = claims.derived_claims(obs, tgts, INDICATORS)
    ids = dict(zip(derived["refs"], derived["claim_id"], strict=True))
    assert ids == {"TY_LE@2020-02": "A1-S01", "TY_LE@2020-07": "A1-S02",
                   "SO_BO@2020-08-26": "A1-S03", "SO_BO@2020-07": "A2-S01",
                   "T1": "A1-M01", "T2": "A1-M02"}
    for cid in ids.values():
        assert re.fullmatch(r"A\d-[SM]\d{2}", cid)
    rows = list(range(len(obs)))
    random.Random(1).shuffle(rows)
    shuffled = claims.derived_claims(obs.iloc[rows], tgts.iloc[::-1], INDICATORS)
    assert dict(zip(shuffled["refs"], shuffled["claim_id"], strict=True)) == ids


def test_no_sentence_repeated_in_a_note() -> None:
    assert claims_rules.reader_note("Không có dữ liệu. Ghi chú.", "Ghi chú.") == (
        "Không có dữ liệu. Ghi chú.")
    text = claims.note_text(pd.Series({"detail": "Bài không nêu.", "note": "Bài không nêu."}))
    assert text == "Bài không nêu."


def test_press_source_lists_each_article_once() -> None:
    text = report.press_source(["A000 A001", "A001", "A002, A003", "A003 A002", ""])
    assert text.startswith("bài A000, A001, A002, A003 trong bộ nguồn")
    assert ".csv" not in text


# --- the real register --------------------------------------------------------------------------

SHARED_FIGURES = ["DVC_M4_BO_DUOI_10@2020-08-26", "DVC_M4_TINH_DUOI_10@2020-08-26",
                  "DVC_M4_BO_TREN_30@2020-07", "DVC_M4_TINH_TREN_30@2020-07",
                  "DVC_M4_BO_100@2020-07", "VBDT_TYLE@2020-08", "LGSP_TYLE@2020-07",
                  "DVC_M4_TYLE@2020-07"]


@pytest.fixture(scope="module")
def real() -> pd.DataFrame:
    return claims.evaluate()


def test_articles_relaying_one_body_are_not_independent() -> None:
    """Two articles relaying one ministry (the sources table's ``relays``) are one source, named
    in the note; a third article that relays no one still corroborates them."""
    obs = observations(("SO_BO", "2020-08-26", "8", "A1"))
    extra = [claim("A2-01", "A2", "observation", "8", "SO_BO@2020-08-26")]
    ministry = {"A1": "Bộ X", "A2": "Bộ X"}
    table = run(obs, extra, relays=ministry)
    for cid in ("A2-01", "A1-S01"):
        assert table.loc[cid, "verdict"] == UNCHECKABLE
        assert "lấy tin từ cùng một nguồn (Bộ X)" in table.loc[cid, "detail"]
    assert set(run(obs, extra, relays={"A1": "Bộ X", "A2": "Bộ Y"})["verdict"]) == {AGREE}
    extra.append(claim("A3-01", "A3", "observation", "8", "SO_BO@2020-08-26"))
    assert set(run(obs, extra, relays=ministry)["verdict"]) == {AGREE}


def test_lgsp_target_of_a002_and_a003_relays_the_ministry(real: pd.DataFrame) -> None:
    """Review 6, B2: A002 gives the LGSP target as words of «đại diện Cục Tin học hóa – Bộ
    TT&TT», A003 ends «Theo mic.gov.vn»: one ministry, so no «thống nhất»."""
    relayed = claims_rules.origins(claims.load_sources())
    assert "Bộ Thông tin và Truyền thông" in relayed["A002"] & relayed["A003"]
    lgsp = real[(real["kind"] == "target") & real["refs"].isin(["T09", "T10"])]
    assert len(lgsp) == 2
    for row in lgsp.itertuples():
        assert row.verdict == UNCHECKABLE, row.claim_id
        assert "lấy tin từ cùng một nguồn (Bộ Thông tin và Truyền thông)" in row.detail


def test_figures_several_articles_state_are_not_single_source(real: pd.DataFrame) -> None:
    for ref in SHARED_FIGURES:
        rows = real[(real["refs"] == ref) & real["kind"].isin(["recorded", "observation"])]
        assert len(rows) >= 2, ref
        assert not rows["detail"].str.contains("Chỉ một nguồn").any(), ref
        assert rows["verdict"].nunique() == 1, ref  # the same figure, the same verdict
    verdict = {ref: real.loc[real["refs"] == ref, "verdict"].iloc[0] for ref in SHARED_FIGURES}
    assert verdict["DVC_M4_BO_DUOI_10@2020-08-26"] == UNCHECKABLE  # A000 and A001: one meeting
    assert verdict["DVC_M4_TYLE@2020-07"] == UNCHECKABLE  # A001 twice
    # A001 and A003 report the same session of 26/8/2020 (A003 announces it): the figures they
    # share do not corroborate each other.
    for ref in SHARED_FIGURES[:7]:
        assert verdict[ref] == UNCHECKABLE, ref
        rows = real[real["refs"] == ref]
        # Review 18, B1: «2» ministries is the book's count of the two named, in neither quote:
        # it is compared with nothing, and says so.
        why = ("Câu trích không ghi con số" if ref == "DVC_M4_BO_100@2020-07"
               else "lấy tin từ cùng một nguồn")
        assert rows["detail"].str.contains(why).all(), ref


def test_a001_and_a003_are_one_event_so_agreements_rest_on_independent_articles(
        real: pd.DataFrame) -> None:
    event = claims_rules.events(claims.load_sources())
    assert event["A001"] and event["A001"] == event["A003"] == event["A000"]
    origin = claims_rules.origins(claims.load_sources())
    by_id = real.set_index("claim_id")
    agreed = real[real["verdict"] == AGREE]
    for row in agreed.itertuples():
        others = row.agrees_with.split()
        assert others, row.claim_id
        for other in others:
            mine = origin.get(row.source_id, frozenset())
            theirs = origin.get(by_id.loc[other, "source_id"], frozenset())
            assert not mine & theirs, (row.claim_id, other)
    # No agreement between A001 and A003 is left.
    pairs = {(r.source_id, by_id.loc[o, "source_id"]) for r in agreed.itertuples()
             for o in r.agrees_with.split()}
    assert not pairs & {("A001", "A003"), ("A003", "A001")}


def test_conflicts_are_listed_and_scopes_are_not_assumed(real: pd.DataFrame) -> None:
    # A003's 50 % is the national average («trên cả nước … bình quân 50%»); the 30 % that A000,
    # A001 and A002 give has no stated scope (reviews 23 and 24, B1): no conflict between them.
    fifty = real[(real["kind"] == "target") & (real["refs"] == "T04")].iloc[0]
    thirty = set(real[(real["kind"] == "target") & real["refs"].isin(["T01", "T02", "T03"])]
                 ["claim_id"])
    assert fifty["verdict"] != CONFLICT and not set(fifty["contradicts"].split()) & thirty
    # The LGSP deadline the articles give differently stays a conflict, both ways.
    contradictions = real[real["verdict"] == CONFLICT]
    assert len(contradictions) >= 2
    for row in contradictions.itertuples():
        for other in row.contradicts.split():
            assert row.claim_id in real.set_index("claim_id").loc[other, "contradicts"].split()
    values = claims_counts.summary_values(real, "Việt Nam")
    assert values["n_contradictions"].text == str(len(contradictions))  # type: ignore[union-attr]


def test_chapter_boxes_show_the_register_verdicts(real: pd.DataFrame) -> None:
    box = claims.for_chapter("domestic", "VNM")
    same = real.set_index("claim_id").loc[box["claim_id"], "verdict"]
    assert list(box["verdict"]) == list(same)


def test_the_goal_verdict_and_note_agree(real: pd.DataFrame) -> None:
    goal = real.set_index("claim_id").loc["A000-11"]
    assert goal["verdict"] in {claims_rules.GOAL_MET, claims_rules.GOAL_MISSED}
    assert ("chưa đạt" in goal["detail"]) == (goal["verdict"] == claims_rules.GOAL_MISSED)


def test_a_goal_by_the_end_of_2020_is_checked_at_the_2020_survey(real: pd.DataFrame) -> None:
    # A000: «tăng 10 bậc ... đến hết năm 2020». The 2020 Survey (published in 2020) is the last
    # one by the deadline: 88th in 2018 → 86th in 2020, +2 places, not the 2022 Survey.
    goal = real.set_index("claim_id").loc["A000-11"]
    vnm = un.Survey.for_country("VNM")
    gained = vnm.rank("egdi", 2018) - vnm.rank("egdi", 2020)
    assert goal["recomputed"] == gained == 2
    assert "2020" in goal["recomputed_text"] and "2022" not in goal["recomputed_text"]
    # A goal missed is no press figure that differs from the data: a verdict of its own.
    assert goal["verdict"] == claims_rules.GOAL_MISSED
    assert goal["verdict_vi"] == "Mục tiêu chưa đạt theo dữ liệu"
    early = goal.copy()
    early["year"], early["compare_year"] = "2001", "2000"  # no Survey by that deadline
    assert claims_rules.check_un(early, vnm).verdict == UNCHECKABLE
    # The same goal of two places (the places the data show) is met.
    modest = goal.copy()
    modest["claimed_value"], modest["claimed_text"] = "2", "tăng 2 bậc"
    assert claims_rules.check_un(modest, vnm).verdict == claims_rules.GOAL_MET


def test_reader_text_has_no_internal_tokens(real: pd.DataFrame) -> None:
    shown, _ = claims_tables.register(real).frames()
    internal = re.compile(r"\.csv|@|\b\d{4}-\d{2}\b|\b(OBS|TGT):|[A-Z]{2,}_[A-Z0-9_]+")
    for column in ("Mã khẳng định", "Giá trị đối chiếu", "Ghi chú"):
        found = [t for t in shown[column] if internal.search(t)]
        assert found == [], column
    for text in shown["Ghi chú"]:
        parts = claims_rules.sentences(text)
        assert len(parts) == len(set(parts)), text


def test_un_chapters_show_the_registers_verdicts_without_reading_domestic_data() -> None:
    """A UN figure is judged on the UN files alone: the chapter box and the full register
    agree, so the UN chapters need not read (or re-run for) the quarterly files."""
    from egovbook.analysis import claims as register_module

    full = register_module.evaluate().set_index("claim_id")
    for chapter in register_module.UN_CHAPTERS:
        box = register_module.for_chapter(chapter, "VNM").set_index("claim_id")
        assert len(box) > 0
        for cid, row in box.iterrows():
            assert (row["verdict"], row["detail"]) == (full.loc[cid, "verdict"],
                                                       full.loc[cid, "detail"]), cid


def test_the_register_intro_names_every_verdict_domestic_figures_get() -> None:
    # Ch07 says what domestic figures can be judged; it once named only «thống nhất hay mâu
    # thuẫn» while most domestic rows are *Không kiểm chứng được* (review 9, C6).
    import json
    from pathlib import Path

    nb = Path(__file__).parents[1] / "notebooks" / "07_kiem_chung.ipynb"
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    intro = re.sub(r"\s+", " ", "".join(next(c for c in cells if c["cell_type"] == "markdown")
                                        ["source"]))
    register = claims.evaluate()
    domestic = register[register["kind"].isin(claims.DOMESTIC_KINDS)]
    names = {claims_rules.VERDICT_VI[v] for v in domestic["verdict"]}
    # Inside a sentence a label is lower case (the Method page's rule).
    assert names and [n for n in names if f"*{fmt.lower_first(n)}*" not in intro] == []
