"""The chapters' tables, each declared once in the package: what the reader sees and what the
CSV holds, on small constructed frames, and the naming rule on every table of the book."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pytest

from egovbook.analysis import claims, claims_rules, target_status, un
from egovbook.chapters import (
    claims_tables,
    domestic_indicators,
    domestic_new,
    domestic_platforms,
    domestic_portal,
    domestic_quarter,
    domestic_rates,
    prose,
    report,
    sources,
    survey,
    survey_regions,
    survey_subindices,
    tables,
)
from egovbook.common import fmt, periods
from egovbook.intake import datapackage, domestic, quarterly

from conftest import ROOT

# --- the UN chapters, on a survey of four countries and two years -------------------------------


def member(year: int, iso3: str, rank: int, osi: float, tii: float, hci: float, epi: float,
           region: str = "R", sub: str = "S1") -> dict[str, object]:
    return {"year": year, "iso3": iso3, "egdi_rank": rank,
            "egdi": round((osi + tii + hci) / 3, 5), "osi": osi, "tii": tii, "hci": hci,
            "epi": epi, "status": "assessed", "flags": "", "name_vi": f"Nước {iso3}",
            "region": region, "region_vi": f"Vùng {region}", "subregion": sub,
            "subregion_vi": f"Tiểu vùng {sub}"}


@pytest.fixture
def small() -> survey.Context:
    """AAA shares its OSI with BBB in both years; DDD is in another region."""
    data = pd.DataFrame([
        member(2020, "AAA", 2, .5, .6, .7, .4), member(2020, "BBB", 1, .5, .7, .9, .5),
        member(2020, "CCC", 3, .2, .3, .4, .1), member(2020, "DDD", 4, .1, .2, .3, .1, "Q", "S2"),
        member(2022, "AAA", 1, .8, .7, .75, .6), member(2022, "BBB", 2, .8, .6, .7, .5),
        member(2022, "CCC", 3, .3, .4, .5, .2), member(2022, "DDD", 4, .1, .1, .1, .1, "Q", "S2"),
    ])
    data["egdi_rank"] = data["egdi_rank"].astype("Int64")
    return survey.Context.of(un.Survey(data, "AAA"), None)


def test_egdi_by_year(small: survey.Context) -> None:
    shown, data = survey.egdi_by_year(small).frames()
    assert list(shown.columns) == ["Năm khảo sát", "EGDI", "Hạng thế giới (công bố)",
                                   "Hạng trong Vùng R", "Hạng trong Tiểu vùng S1", "Nhóm EGDI"]
    # 0,7500 is in the very high group (the Survey's range 0,75–1,00).
    assert shown.iloc[1].tolist() == ["2022", "0,7500", "1/4", "1/3", "1/3", "Rất cao"]
    # Each rank beside the number of countries ranked, as the table shows «1/4».
    assert list(data.columns) == ["nam", "egdi", "hang_the_gioi", "so_nuoc_the_gioi",
                                  "hang_vung", "so_nuoc_vung", "hang_tieu_vung",
                                  "so_nuoc_tieu_vung", "nhom"]
    assert data.iloc[0].tolist() == [2020, 0.6, 2, 4, 2, 3, 2, 3, "Cao"]
    assert list(survey.egdi_by_year(small).download().columns)[2:8] == [
        "Hạng thế giới (công bố)", "Số nước xếp hạng (thế giới)", "Hạng trong Vùng R",
        "Số nước xếp hạng (Vùng R)", "Hạng trong Tiểu vùng S1", "Số nước xếp hạng (Tiểu vùng S1)"]


def test_averages_are_unweighted_and_the_gap_is_to_the_world(small: survey.Context) -> None:
    table = survey.egdi_averages(small)
    shown, data = table.frames()
    assert shown.columns[1] == "Nước AAA"
    # 2022: world (0.75 + 0.7 + 0.4 + 0.1) / 4 = 0.4875; sub-region without DDD.
    assert shown.iloc[1].tolist() == ["2022", "0,7500", "0,4875", "0,6167", "0,6167", "+0,2625"]
    # Every shown column is downloaded, the gap to the world too (as a number).
    assert list(data.columns) == ["nam", "egdi", "tb_the_gioi", "tb_vung", "tb_tieu_vung",
                                  "chenh_the_gioi"]
    assert round(float(data.iloc[1]["chenh_the_gioi"]), 12) == 0.2625
    assert tables.aligns(table.cols) == ["left"] + ["right"] * 5


def test_subindex_ranks_show_places_gained(small: survey.Context) -> None:
    shown, data = survey_subindices.subindex_table(small).frames()
    assert shown["Hạng OSI (thay đổi)"].tolist() == ["1", "1 (0)"]
    assert shown["Hạng TII (thay đổi)"].tolist() == ["2", "1 (+1)"]
    assert data.loc[1, "tii_thay_doi_hang"] == 1 and pd.isna(data.loc[0, "tii_thay_doi_hang"])


def test_decomposition_rows_are_periods(small: survey.Context) -> None:
    assert survey_subindices.periods(survey_subindices.decomposition(small)) == ["2020–2022"]
    shown, data = survey_subindices.decomposition_table(small).frames()
    assert shown.iloc[0].tolist() == ["2020–2022", "+0,1500", "+0,1000", "+0,0333", "+0,0167",
                                      "0,0000"]
    assert data.loc[0, "den_nam"] == 2022 and data.loc[0, "tu_nam"] == 2020
    # The download holds decimals, not float noise (0.15 - 0.1 + ... is not 0.05 in floats).
    written = report.plain_numbers(data)
    assert [str(v) for v in written.iloc[0, 2:]] == ["0.15", "0.1", "0.033333333333",
                                                     "0.016666666667", "0"]


def test_tie_cases_show_the_three_rules(small: survey.Context) -> None:
    table = survey_subindices.tie_cases(small)
    shown, data = table.frames()
    assert shown["Chỉ số"].tolist() == ["OSI", "OSI"]
    assert shown["Hạng (cao nhất / trung bình / thấp nhất)"].tolist() == ["1 / 1,5 / 2"] * 2
    # The first survey has no change to differ.
    assert shown["Thay đổi (cao nhất / trung bình / thấp nhất)"].tolist() == [
        "— / — / —", "0 / 0 / 0"]
    assert list(data.columns[3:6]) == ["hang_cao_nhat", "hang_trung_binh", "hang_thap_nhat"]
    # Whole ranks are written whole, a tie's average keeps its half.
    written = report.plain_numbers(data)
    assert [str(v) for v in written.loc[0, ["hang_cao_nhat", "hang_trung_binh"]]] == ["1", "1.5"]
    assert table.shown_instead is None


def test_no_tie_case_says_so(small: survey.Context) -> None:
    s = small.s
    s.data.loc[(s.data["iso3"] == "BBB"), "osi"] = [.45, .85]
    table = survey_subindices.tie_cases(survey.Context.of(un.Survey(s.data, "AAA"), None))
    assert table.shown_instead == "Không có trường hợp nào mà quy tắc đồng hạng làm thay đổi " \
        "kết quả."


def test_subregion_table_marks_the_country(small: survey.Context) -> None:
    table = survey_regions.subregion_table(small)
    shown, data = table.frames()
    assert shown["Quốc gia"].tolist() == ["**Nước AAA**", "Nước BBB", "Nước CCC"]
    assert data["iso3"].tolist() == ["AAA", "BBB", "CCC"]
    assert tables.aligns(table.cols) == ["right", "left"] + ["right"] * 6


# --- the domestic chapters, on constructed observations ----------------------------------------


def observations(*rows: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame([{**dict.fromkeys(quarterly.COLUMNS, ""), **r} for r in rows])
    frame["quarter"] = [periods.quarter_label(periods.quarter_index(
        f"{d[:4]}Q{(int(d[5:7]) - 1) // 3 + 1}")) for d in frame["date"]]
    frame["file"] = frame["quarter"] + ".csv"
    frame["period"] = [periods.parse_period(d) for d in frame["date"]]
    frame["end"] = [p.end for p in frame["period"]]
    frame["value_num"] = [quarterly.parse_number(v) for v in frame["value"]]
    for col in ("numerator", "denominator"):
        frame[col + "_num"] = [quarterly.parse_number(v) if v else None for v in frame[col]]
    return frame.sort_values(["indicator", "end"]).reset_index(drop=True)


def quarter(*rows: dict[str, str], label: str = "2022Q3") -> domestic_quarter.Quarter:
    return domestic_quarter.Quarter(domestic.load_indicators(), domestic.load_targets(),
                                     observations(*rows), label)


def row(code: str, date: str, value: str, **more: str) -> dict[str, str]:
    return {"indicator": code, "date": date, "value": value, "source_id": "A004",
            "quote": f"trích {code} {date}: {value}", **more}  # a quote states its figure


def test_platform_sums_and_security_share_are_checked() -> None:
    q = quarter(row("NT_QG_TONG", "2022-08-01", "5"), row("NT_QG_CHINH_THUC", "2022-08-01", "3"),
                row("NT_QG_THU_NGHIEM", "2022-08-01", "2"), row("NT_KHAC_TONG", "2022-08-01", "10"),
                row("NT_KHAC_CP_SO", "2022-08-01", "3"),
                row("ATTT_HTTT_PHE_DUYET", "2022-08-01", "30", qualifier="hơn", numerator="30",
                    denominator="40"))
    table = domestic_platforms.platform_table(q)
    shown, data = table.frames()
    assert shown["Khớp với số liệu bài nêu"].tolist() == ["có", "không", fmt.MISSING]
    assert shown["Kết quả"].tolist() == ["5", "3", f"hơn {fmt.percent(75, 0)}"]
    assert shown["Số liệu bài nêu"].tolist() == ["5", "10", "hơn 30"]
    assert shown["Phép tính"].tolist() == ["cộng các phần", "cộng các phần",
                                           "tỷ lệ phần trăm của số liệu bài nêu trên tổng số"]
    assert shown.loc[1, "Số liệu bài nêu kèm theo"] == "số nền tảng số khác phục vụ Chính phủ số: 3"
    # The download: each number as a value and its word (review 7, C7), no display text.
    file = table.download()
    assert list(file.columns) == ["Chỉ tiêu", "Số liệu bài nêu", "Từ kèm số (Số liệu bài nêu)",
                                  "Số liệu bài nêu kèm theo", "Phép tính", "Kết quả",
                                  "Từ kèm số (Kết quả)", "Khớp với số liệu bài nêu"]
    assert file["Số liệu bài nêu"].tolist() == [5, 10, 30]
    assert file["Từ kèm số (Số liệu bài nêu)"].tolist() == [None, None, "hơn"]
    assert file["Kết quả"].tolist() == [5, 3, 75]
    assert file["Từ kèm số (Kết quả)"].tolist() == [None, None, "hơn"]
    assert file["Khớp với số liệu bài nêu"].tolist() == ["có", "không", None]
    # A text cell is the table's text (review 11, C7: «3000» in the file, «3.000» shown).
    assert file["Số liệu bài nêu kèm theo"].tolist() == shown["Số liệu bài nêu kèm theo"].tolist()


def test_platform_headers_are_true_of_every_row() -> None:
    """Review 7, C4: no row holds a part under «Tổng…» or a share under a sum's header; the
    operation of each row is its own column."""
    q = quarter(row("NT_QG_TONG", "2022-08-01", "5"), row("NT_QG_CHINH_THUC", "2022-08-01", "5"),
                row("ATTT_HTTT_PHE_DUYET", "2022-08-01", "900", qualifier="hơn",
                    numerator="900", denominator="3000"))
    shown, _ = domestic_platforms.platform_table(q).frames()
    assert not [h for h in shown.columns if h.startswith(("Tổng", "Cộng", "Các phần"))]
    assert shown["Phép tính"].nunique() == 2


def test_no_platform_data_says_so() -> None:
    q = quarter(row("CDVCQG_DVC", "2022-08-01", "1000"))
    assert domestic_platforms.platform_table(q).shown_instead == \
        "Chưa có số liệu về nền tảng số đến hết quý III/2022."


def test_portal_compares_only_what_is_comparable() -> None:
    q = quarter(row("CDVCQG_DVC", "2020-08-26", "1000"), row("CDVCQG_DVC", "2022-08-08", "2500"),
                row("CDVCQG_TAI_KHOAN", "2020-08-26", "1000000", qualifier="hơn"),
                row("CDVCQG_TAI_KHOAN", "2022-08-08", "3000000", qualifier="hơn"),
                row("CDVCQG_TTHC", "2020-08-26", "2000"))
    table = domestic_portal.portal(q)
    shown, data = table.frames()
    assert list(shown.columns[1:3]) == ["26/08/2020", "08/08/2022"]
    by_code = dict(zip(data["chi_tieu"], shown["Tỷ số giữa hai thời điểm"], strict=True))
    assert by_code["CDVCQG_DVC"] == "2,5"
    assert by_code["CDVCQG_TAI_KHOAN"].startswith("không tính được")
    assert by_code["CDVCQG_TTHC"] == fmt.MISSING
    ratios = domestic_portal.portal_ratios(q)
    assert ratios["chi_tieu"].tolist() == ["CDVCQG_DVC"]
    assert "tu_chi_ban_dau" in ratios.columns  # the chart's download keeps its names
    assert domestic_portal.portal_glue(q)["portal_first"] == "26/08/2020"


def test_portal_at_one_date_says_so() -> None:
    q = quarter(row("CDVCQG_DVC", "2022-08-08", "2500"))
    table = domestic_portal.portal(q)
    assert table.shown_instead is not None and "một thời điểm" in table.shown_instead
    assert table.frames()[0].empty  # and its declaration still holds without dates


def test_kpis_against_the_plan() -> None:
    q = quarter(row("KPI_CAP_QUANG", "2022-08-01", "71.75"),
                row("KPI_TK_THANH_TOAN", "2022-08-01", "87.1"),
                row("KPI_HOA_DON_DT", "2022-08-01", "90"))
    shown, data = domestic_portal.kpi_table(q).frames()
    by_code = {c: r for c, (_, r) in zip(data["chi_tieu"], shown.iterrows(), strict=True)}
    assert by_code["KPI_CAP_QUANG"]["Kế hoạch"] == fmt.percent(75, 0)
    assert by_code["KPI_CAP_QUANG"]["Chênh lệch"] == "-3,25 điểm phần trăm"
    assert by_code["KPI_TK_THANH_TOAN"]["Kế hoạch"] == "không nêu mức (bài: «(vượt 1%)»)"
    assert by_code["KPI_HOA_DON_DT"]["Kế hoạch"] == "bài không nêu kế hoạch"
    # One case rule for the column's cells: capitalised like the status labels (review 8, C3).
    assert by_code["KPI_HOA_DON_DT"]["Đánh giá"] == "Không có kế hoạch để so"
    assert all(s[0].isupper() for s in shown["Đánh giá"])
    # The gap and the assessment the table shows are in its download.
    gaps = dict(zip(data["chi_tieu"], data["chenh_lech"], strict=True))
    assert round(gaps["KPI_CAP_QUANG"], 12) == -3.25 and gaps["KPI_HOA_DON_DT"] is None
    assert dict(zip(data["chi_tieu"], data["danh_gia"], strict=True))["KPI_HOA_DON_DT"] == \
        "Không có kế hoạch để so"
    chart = domestic_portal.kpi_chart(q)
    assert list(chart.columns) == ["indicator", "value", "plan", "date", "source"]
    assert chart["plan"].tolist()[:1] == [75.0]


def test_kpi_figure_summary_keeps_the_articles_verdict() -> None:
    """Review 11, C8: the line under the KPI chart does not put the account indicator (no plan
    level, but «vượt 1%»: met by the article's word, as the table says) among those with no plan
    to compare; it says, in the article's words, that the plan was exceeded."""
    q = domestic_quarter.Quarter.load("2022Q3")
    said = domestic_portal.kpi_describe(q)(domestic_portal.kpi_chart(q)).replace("\xa0", " ")
    groups = dict(part.split(": ", 1) for part in said.rstrip(".").split("; "))
    # Names inside the sentence, lower case first (review 12, C1).
    account, invoice = (fmt.lower_first(q.name(c)) for c in ("KPI_TK_THANH_TOAN", "KPI_HOA_DON_DT"))
    quote = q.targets.loc[q.targets["indicator"] == "KPI_TK_THANH_TOAN", "quote"].iloc[0]
    by_word = groups["vượt kế hoạch theo lời bài (bài không nêu mức kế hoạch)"]
    assert account in by_word and f"«{quote.strip('()')}»" in by_word
    assert invoice in groups["không có mức kế hoạch để so"]
    assert account not in groups["không có mức kế hoạch để so"]


def test_whats_new_rows_and_status_changes() -> None:
    q = quarter(row("CDVCQG_DVC", "2022-05-10", "1000"), row("CDVCQG_DVC", "2022-08-10", "2000"),
                row("CDVCQG_TTHC", "2022-05-10", "6000", scope="a"),
                row("CDVCQG_TTHC", "2022-08-10", "6500", scope="b"),
                row("LGSP_TYLE", "2022-08-10", "80"))
    new = domestic_new.whats_new(q)
    table = domestic_new.new_table(q, new)
    shown, data = table.frames()
    first = shown[shown["Số liệu trước"] == fmt.MISSING]
    assert len(first) == 1 and new.glue["n_first"].text == "1"
    assert new.glue["n_changed"].text == "1" and new.glue["n_not_comparable"].text == "1"
    assert data["so_sanh_duoc"].tolist() == [True, False, False]
    assert "tu_chi_muc" in data.columns
    status = domestic_new.status_table(q, new)
    # A004's plans (08/08/2022) were first stated between the two quarters (review 11, B2).
    assert status.caption == ("Mục tiêu đổi trạng thái giữa quý II/2022 và quý III/2022, và mục "
                              "tiêu lần đầu được nêu giữa hai quý ấy.")
    assert list(status.frames()[1].columns) == ["chi_tieu", "ma_muc_tieu", "nguon",
                                                "danh_gia_truoc", "danh_gia_sau", "chieu"]


def assessment(status: str) -> target_status.Assessment:
    return target_status.Assessment(["T1"], ["A001"], "DVC_M4_TYLE", 30.0, ">=", "2020", "", 20.0,
                               "20", "", None, status, 10.0, None)


def test_direction_of_a_status_change() -> None:
    on, off = sorted(target_status.ON_TRACK_SET)[0], target_status.OFF_TRACK
    assert domestic_new.direction(assessment(off), assessment(on)) == "vào đúng hướng"
    assert domestic_new.direction(assessment(on), assessment(off)) == "ra khỏi đúng hướng"
    assert domestic_new.direction(assessment(off), assessment(off)) == "vẫn chưa đúng hướng"
    # A status that judges nothing is no move off track (the data stop before the deadline).
    unjudged = target_status.NO_DATA_AFTER
    assert domestic_new.direction(assessment(on), assessment(unjudged)) == "chưa đánh giá được"


def test_rate_chart_draws_one_line_per_target_value() -> None:
    q = quarter(row("DVC_M4_TYLE", "2020-08-01", "15.91", qualifier="khoảng"))
    chart = domestic_rates.rate_chart(q)
    assert chart.codes == ["DVC_M4_TYLE"]
    goals = {g.value: g for g in chart.goals["DVC_M4_TYLE"]}
    # Only the national average's own target: the 30 % no article scopes is not drawn on it.
    assert set(goals) == {50.0} and goals[50.0].sources == ["A003"]
    # A drawn deadline says whether the book inferred it, and for which sources, and which
    # sources give none (review 6, B3; review 14, B1).
    # A figure's date and a target's deadline are columns of their own (review 15, C5).
    # A figure's date says when it is a meeting's or the book's reading (review 25, C3).
    assert list(chart.data.columns) == ["indicator", "kind", "date", "ngay_la", "thoi_han",
                                        "value",
                                        "qualifier", "sources", "deadline_inferred",
                                        "thoi_han_suy_ra_voi", "khong_neu_thoi_han",
                                        "gia_tri_doc_ra_voi"]
    kinds = chart.data.groupby("kind")
    assert kinds.get_group("target")["date"].isna().all()
    assert kinds.get_group("target")["thoi_han"].notna().all()
    assert kinds.get_group("observation")["thoi_han"].isna().all()
    # The chart's data keep the source's word: «khoảng 15,91 %» is not an exact 15,91.
    last = chart.data.iloc[-1]
    assert (last["kind"], last["value"], last["qualifier"]) == ("observation", 15.91, "khoảng")


def test_indicators_without_data_are_listed() -> None:
    q = quarter(row("DVC_M4_TYLE", "2020-08-01", "15.91"))
    note = domestic_indicators.no_data_note(q)
    assert note.startswith("- ") and q.name("LGSP_TYLE") in note
    assert q.name("DVC_M4_TYLE") not in note


# --- the claims tables -----------------------------------------------------------------------


def claim(claim_id: str, verdict: str, chapter: str = "egdi", **more: Any) -> dict[str, Any]:
    base = dict.fromkeys(claims_tables.CSV_NAMES, "")
    return {**base, "claim_id": claim_id, "source_id": "A001", "country": "VNM",
            "quote": "EGDI đạt 0,6787", "claimed_text": "0,6787", "chapter": chapter,
            "recomputed": 0.6787, "recomputed_text": "0,6787", "verdict": verdict,
            "verdict_vi": claims_rules.VERDICT_VI[verdict], **more}


def test_register_links_each_figure_to_its_chapter_box() -> None:
    evaluated = pd.DataFrame([claim("A001-01", claims_rules.MATCH),
                              claim("A001-02", claims_rules.CONFLICT, chapter="",
                                    contradicts="B1 B2", detail="Bài A002 nêu khác.")])
    shown, data = claims_tables.register(evaluated).frames()
    assert shown["Dùng ở"].tolist() == ["{numref}`tbl-egdi-doi-chieu`", fmt.MISSING]
    assert shown["Trích dẫn"].tolist() == ["«EGDI đạt 0,6787»"] * 2
    assert list(shown.columns) == ["Mã khẳng định", "Nguồn", "Trích dẫn", "Báo chí nêu",
                                   "Giá trị đối chiếu", "Kết luận", "Dùng ở", "Ghi chú"]
    # Every column of the evaluation a reader can use, and where each figure is used (the
    # chapter's box, in words).
    assert set(data.columns) == {n for n in claims_tables.CSV_NAMES.values() if n} | {"dung_o"}
    assert data["dung_o"].tolist() == [claims_tables.USED_IN["egdi"], None]
    shown, _ = claims_tables.contradictions(evaluated).frames()
    assert shown["Mâu thuẫn với"].tolist() == ["B1, B2"]
    shown, data = claims_tables.verdict_counts(evaluated).frames()
    assert len(shown) == len(claims_rules.VERDICT_VI)  # every verdict, zero included
    counts = dict(zip(data["ma_ket_luan"], data["so_khang_dinh"], strict=True))
    assert counts[claims_rules.MATCH] == 1


def test_a_country_without_claims_gets_a_note_not_a_table() -> None:
    box = claims_tables.box("egdi", "KHM")
    assert box.shown_instead == prose.text(claims_tables.PROSE, "box.empty")
    assert claims_tables.register(pd.DataFrame(columns=list(claims_tables.CSV_NAMES))) \
        .shown_instead == ""


def test_claims_downloads_keep_every_column_of_the_evaluation() -> None:
    evaluated = claims.evaluate()
    assert set(claims_tables.CSV_NAMES) == set(evaluated.columns)


# --- the sources chapter ---------------------------------------------------------------------


def test_sources_tables() -> None:
    descriptor = {"resources": [
        {"name": "un_egov", "path": "un_egov.csv", "title": "Khảo sát",
         "schema": {"fields": [{}, {}]}, "sources": [{"title": "UN DESA"}],
         "raw_files": [{"path": "raw/EGOV_DATA_2024.csv", "survey_year": 2024, "rows": 193,
                        "bytes": 12345, "sha256": "ab", "imported": "2025-01-02"}]},
        {"name": "x", "path": "x.csv", "title": "X", "schema": {"fields": [{}]}}]}
    shown, data = sources.data_tables(descriptor).frames()
    # The chapter names the tables in words; the appendix gives each one's file.
    assert shown.values.tolist() == [["Khảo sát", "2", "UN DESA"],
                                     ["X", "1", "Nhóm biên soạn sách"]]
    assert data.values.tolist() == shown.values.tolist()
    listed = sources.appendix_files(descriptor)
    assert "| `data/un_egov.csv` | Khảo sát |" in listed and "| `data/x.csv` | X |" in listed
    shown, data = sources.raw_files(descriptor).frames()
    assert shown.iloc[0].tolist() == ["2024", "193", "12.345", "`ab`", "02/01/2025"]
    assert data.iloc[0]["so_byte"] == 12345
    assert sources.event_date("2020-10") == "tháng 10/2020"


def test_the_articles_table_shows_what_makes_two_articles_one_source() -> None:
    """Review 8, C5: the Method page's «Độc lập» points to the column of the articles' table
    that gives the event reported and the body relayed; the reader sees it there."""
    known = claims.load_sources()
    shown, data = sources.press(known).frames()
    method = re.sub(r"\s+", " ", (ROOT / "book" / "phuong-phap.md").read_text(encoding="utf-8"))
    column = re.search(r"Độc lập\.\*\*.*?ghi ở cột \*([^*]+)\*", method).group(1)
    assert column in shown.columns
    for cell, (_, row) in zip(shown[column], known[known["kind"] == "press"].iterrows(),
                              strict=True):
        for part in (row["event"], row["relays"]):
            assert part in cell
    # Two articles that report one session are one source, and the table says so alike.
    first = known["event"].iloc[0]
    assert sum(first in cell for cell in shown[column]) >= 2


def test_data_tables_credit_the_articles_exactly_where_rows_quote_them() -> None:
    """Review 8, B2: a table whose every row names its article and quotes it (targets, the
    2019 ranking, the claims register, the quarterly files) is credited to the articles; the
    indicator catalogue (the book's own names, units, flags) to the book's team."""
    descriptor = datapackage.load()
    credit = {r["noi_dung"]: r["nguon"] for r in sources.data_tables(descriptor).rows}
    tables_ = [*descriptor["resources"], {**descriptor["quarterly"], "path": "quarterly"}]
    for res in tables_:
        quoted = {"source_id", "quote"} <= {f["name"] for f in res["schema"]["fields"]}
        assert credit[res["title"]].startswith("Các bài báo trong bộ nguồn") == quoted, res["name"]
    assert credit["Danh mục chỉ tiêu trong nước"] == "Nhóm biên soạn sách"
    assert "nhóm biên soạn sách" in credit["Các mục tiêu mà các nguồn nêu"]
    assert sources.event_date("2020-10-05") == "05/10/2020"


# --- every table of the default book --------------------------------------------------------


def book_tables() -> list[tables.Table]:
    c = survey.Context.of(un.Survey.for_country("VNM"), None)
    q = domestic_quarter.Quarter.load()
    new = domestic_new.whats_new(q)
    evaluated = claims.evaluate()
    evaluated = evaluated[evaluated["country"] == "VNM"]
    descriptor = datapackage.load()
    return [
        survey.egdi_by_year(c), survey.egdi_averages(c), survey_subindices.subindex_table(c),
        survey_subindices.decomposition_table(c), survey_subindices.tie_cases(c),
        survey_regions.subregion_table(c),
        domestic_indicators.targets_table(q), domestic_indicators.conflicts_table(q),
        domestic_indicators.ministries_table(q), domestic_indicators.rankings_table(),
        domestic_portal.portal(q), domestic_portal.kpi_table(q),
        domestic_platforms.platform_table(q), domestic_new.new_table(q, new),
        domestic_new.status_table(q, new),
        *(claims_tables.box(chapter, "VNM") for chapter in claims.CHAPTER_DOC),
        claims_tables.register(evaluated), claims_tables.contradictions(evaluated),
        claims_tables.verdict_counts(evaluated),
        sources.data_tables(descriptor), sources.raw_files(descriptor),
        sources.press(claims.load_sources()),
    ]


def test_every_table_of_the_book_downloads_snake_case_names_one_row_per_row_shown() -> None:
    found = book_tables()
    assert len({t.name for t in found}) == len(found) == 25
    for table in found:
        shown, data = table.frames()
        assert len(shown) == len(data) > 0, table.name
        assert all(tables.SNAKE.match(c) and c.isascii() for c in data.columns), table.name
        assert len(table.cols) == len(shown.columns), table.name


def test_ministries_caption_says_what_its_rows_count() -> None:
    """Bảng «dịch vụ công mức độ 4 ở bộ, tỉnh» holds a count of services too (A000's «mức
    1.000»): the caption names it when, and only when, such a row is there."""
    real = domestic_indicators.ministries_table(domestic_quarter.Quarter.load("2022Q3"))
    assert {r["indicator"] for r in real.rows} >= {"DVC_M4_SO_LUONG", "DVC_M4_BO_100"}
    assert "số dịch vụ công trực tuyến mức độ 4" in real.caption
    bodies = domestic_indicators.ministries_table(
        quarter(row("DVC_M4_BO_100", "2020-07-01", "2")))
    assert bodies.caption.startswith("Số bộ, tỉnh") and "số dịch vụ" not in bodies.caption
    services = domestic_indicators.ministries_table(
        quarter(row("DVC_M4_SO_LUONG", "2020-08-01", "1000")))
    assert services.caption.startswith("Số dịch vụ") and "bộ, tỉnh" not in services.caption


def test_trajectory_caption_tells_only_the_gaps_the_lines_have() -> None:
    """Hình «quỹ đạo tiểu vùng»: South-Eastern Asia was assessed in every Survey (no break, no
    late start); Eastern Africa has South Sudan from 2012; a Survey blanked between two
    assessed ones cuts a line."""
    vnm, ken = un.Survey.for_country("VNM"), un.Survey.for_country("KEN")
    assert survey_regions.line_gaps(vnm.members("subregion")) == {"breaks": False, "late": False}
    east = ken.members("subregion")
    assert survey_regions.line_gaps(east) == {"breaks": False, "late": True}
    cut = east.copy()
    cut.loc[(cut["iso3"] == "KEN") & (cut["year"] == 2016), "egdi"] = float("nan")
    assert survey_regions.line_gaps(cut)["breaks"]
    said = prose.text(survey_regions.PROSE, "fig-quy-dao-tieu-vung", subregion="x", name="y",
                      year=2024, **survey_regions.line_gaps(vnm.members("subregion")))
    assert "ngắt" not in said and "chưa được đánh giá" not in said



def test_ministries_notes_are_headed_and_filed_as_notes() -> None:
    """Review 9, C1: ch04's table showed general notes under «Phạm vi», while its file's column
    «Phạm vi» (the data's scope) was empty; the header says what the cells hold, and the file's
    column of that name holds the same text."""
    table = domestic_indicators.ministries_table(domestic_quarter.Quarter.load("2022Q3"))
    shown, data = table.frames()
    named = tables.names(table.cols)
    for header in shown.columns:
        filed = [n for n, title in named.items() if title == header]
        assert filed, header
        if header == "Ghi chú":
            assert shown[header].tolist() == data[filed[0]].tolist()
    assert shown["Ghi chú"].str.len().gt(0).any()


def test_portal_counts_keep_the_articles_scale_words() -> None:
    """Review 9, C3: «hơn 122,7 triệu» written «hơn 122.700.000» claims a count to the unit;
    every count a quote states with «triệu»/«nghìn» is shown with it, in each table."""
    q = domestic_quarter.Quarter.load("2022Q3")
    scaled = [r for r in q.obs_all.to_dict("records")
              if re.search(r"\d\s(triệu|nghìn)", r["quote"]) and r["value_num"] >= 1000]
    assert len(scaled) >= 5
    shown = " ".join(" ".join(t.frames()[0].astype(str).stack()) for t in book_tables())
    for r in scaled:
        full = fmt.number(r["value_num"])
        assert full not in shown, full
    assert "hơn 122,7 triệu" in shown and "trên 50 nghìn" in shown


def test_a_table_only_copied_from_articles_does_not_credit_a_computation() -> None:
    """Review 15, C2: Bảng 13 and 14 transcribe the articles (no cell is computed), so their
    source line says the team copied them; the targets table, which computes gaps, says so."""
    q = domestic_quarter.Quarter.load("2022Q3")
    copied = [domestic_indicators.rankings_table().source,
              domestic_indicators.ministries_table(q).source]
    assert all("nhóm biên soạn chép lại" in s for s in copied), copied
    # Review 24, C5: but the count the book read from named ministries is its own, and says so.
    assert copied[1].endswith("do nhóm biên soạn đếm từ câu của bài"), copied[1]
    assert domestic_indicators.targets_table(q).source.endswith("tính toán của nhóm biên soạn")


def test_claim_tables_credit_the_survey_data_and_the_computing() -> None:
    """Review 24, C5: a table of claims checked against the Survey's files credits them; every
    table of verdicts credits the team's computing (no verdict is copied)."""
    from egovbook.analysis import claims
    from egovbook.chapters import claims_tables

    un_box = claims_tables.box("egdi", "VNM").source
    home = claims_tables.box("domestic", "VNM", "2022Q3").source
    register = claims_tables.register(claims.evaluate()).source
    assert "UN DESA" in un_box and "UN DESA" in register and "UN DESA" not in home
    for line in (un_box, home, register):
        assert line.startswith("các bài báo trong bộ nguồn") and "tính toán của nhóm biên soạn" \
            in line, line


def test_whats_new_reads_earlier_then_new_like_its_notes() -> None:
    """Review 25, C2 and C6: the change and the notes read «earlier / new», so the columns do;
    the CSV names the value columns by the shown headers."""
    from egovbook.chapters import domestic_new

    found = domestic_new.whats_new(domestic_quarter.Quarter.load("2022Q3"))
    columns = list(found.shown.columns)
    assert columns.index("Số liệu trước") < columns.index("Số liệu mới")
    titles = {k: v for c in domestic_new.new_columns(domestic_quarter.Quarter.load("2022Q3"))
              for k, v in (c.titles or {}).items()}
    assert titles["gia_tri_truoc"] == "Số liệu trước" and titles["gia_tri"] == "Số liệu mới"
    scoped = found.shown[found.shown["Thay đổi"].str.contains("khác phạm vi")]
    assert len(scoped)
    for row in scoped.itertuples():
        old, new = re.search(r"\(([^()]*) / ([^()]*)\)$", row[columns.index("Thay đổi") + 1]
                             ).groups()
        assert old in row[columns.index("Ghi chú") + 1].split(" / ")[0], (old, new)
