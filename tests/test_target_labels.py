"""How a target's deadline, its legal basis and a source's date reach the reader (review 6, B3
and C6): a deadline the book inferred is marked wherever it is shown; a document the book did
not read is shown as the article names it; an article's date is said to be the event's."""

from __future__ import annotations

import csv
import re

import pytest

from egovbook.analysis import claims, target_status
from egovbook.chapters import (
    domestic_indicators,
    domestic_quarter,
    domestic_rates,
    downloads,
    tables,
)
from egovbook.common import fmt, periods
from egovbook.intake import domestic
from tests.conftest import ROOT

MARK = "(sách suy ra)"


@pytest.fixture(scope="module")
def q() -> domestic_quarter.Quarter:
    return domestic_quarter.Quarter.load("2022Q3")


def _targets() -> list[dict[str, str]]:
    with (ROOT / "data" / "domestic" / "targets.csv").open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_the_deadline_formatter_marks_an_inferred_deadline() -> None:
    assert periods.deadline_text("2020", "true") == "năm 2020 " + MARK
    assert periods.deadline_text("2020-10", False) == "tháng 10/2020"
    assert periods.deadline_text("", True) == ""
    # One target, stated by one source and inferred for another: both named (review 14, B1).
    assert (periods.deadline_text("2020", stated_by=["A003"], inferred_by=["A002"])
            == "năm 2020 (bài A003 nêu; với bài A002, sách suy ra)")
    assert periods.deadline_text("2020", inferred_by=["A002"]) == "năm 2020 " + MARK


def test_conflicting_targets_table_marks_each_inferred_deadline(q: domestic_quarter.Quarter
                                                               ) -> None:
    """Bảng 12: A002's LGSP deadline («trong năm tới») is the book's reading, and says so."""
    inferred = {q.claim_ids[t["target_id"]] for t in _targets()
                if t["deadline_inferred"] == "true" and t["deadline"]}
    table = domestic_indicators.conflicts_table(q)
    shown, data = table.frames()
    assert "A002-M03" in set(shown["Mã mục tiêu"]) and "A002-M03" in inferred
    for (_, row), flag in zip(shown.iterrows(), data["thoi_han_suy_ra"], strict=True):
        assert (MARK in row["Thời hạn"]) == (row["Mã mục tiêu"] in inferred), row["Mã mục tiêu"]
        assert flag == (row["Mã mục tiêu"] in inferred)
    assert "Thời hạn suy ra" in table.download().columns


def _how_sources_give(target_ids: list[str]) -> tuple[set[str], set[str], set[str]]:
    """From the targets file: the sources of these rows stating a deadline, those the book
    inferred it for, and those giving none."""
    rows = [t for t in _targets() if t["target_id"] in target_ids]
    inferred = {t["source_id"] for t in rows if t["deadline"] and t["deadline_inferred"] == "true"}
    stated = {t["source_id"] for t in rows if t["deadline"]} - inferred
    return stated, inferred, {t["source_id"] for t in rows if not t["deadline"]}


def test_a_merged_target_names_the_sources_its_deadline_is_inferred_for(
        q: domestic_quarter.Quarter) -> None:
    """Review 14, B1: Bảng 11, its download, Hình 7's labels and its download show which
    source of a merged target does not state its deadline; an unmarked deadline is stated by
    every source of the target."""
    table = domestic_indicators.targets_table(q)
    shown, data = table.frames()
    partial = 0
    for a, text, row in zip(q.assessments(), shown["Mục tiêu"], data.to_dict("records"),
                            strict=True):
        stated, inferred, silent = _how_sources_give(a.target_ids)
        if not a.deadline:
            assert "hạn " not in text.replace("thời hạn", ""), text
            continue
        assert "hạn " in text, text  # with or without a value (review 14, C7)
        if inferred and not stated:
            assert text.endswith(MARK), text
        elif inferred or silent:
            partial += 1
            assert f"(bài {', '.join(sorted(stated))} nêu" in text, text
            for ids, said in ((inferred, "với bài {}, sách suy ra"),
                              (silent, "bài {} không nêu thời hạn")):
                assert (said.format(", ".join(sorted(ids))) in text) == bool(ids), text
        else:
            assert "(" not in text.split("hạn ", 1)[1], text
        # «Thời hạn suy ra»: «có» when no source states it (review 18, C9), «một phần» when
        # some do (review 22, C6); the column beside names for whom.
        assert row["thoi_han_suy_ra"] == ("có" if inferred and not stated else
                                          "một phần" if inferred else "không"), text
        assert set(row["thoi_han_suy_ra_voi"].split()) == inferred, text
        assert set(row["khong_neu_thoi_han"].split()) == silent, text
    assert partial >= 2  # LGSP by 2020 (A003; A002 inferred), e-documents (A001; A003 none)
    download = table.download()
    lgsp = download[download["Mã mục tiêu"].str.contains("A002-M03")].iloc[0]
    assert lgsp["Thời hạn suy ra với bài"] == "A002"  # A003 states it: not «suy ra» as a whole
    assert lgsp["Thời hạn suy ra"] == "một phần", lgsp["Thời hạn suy ra"]
    chart = domestic_rates.rate_chart(q)
    goals = chart.data[chart.data["kind"] == "target"]
    assert len(goals)
    for g in goals.itertuples():
        stated, inferred, silent = _how_sources_give(
            [t["target_id"] for t in _targets() if t["source_id"] in g.sources.split()
             and t["indicator"] == g.indicator and t["value"] and float(t["value"]) == g.value])
        assert g.deadline_inferred == ("có" if inferred and not stated else
                                       "một phần" if inferred else "không"), g
        assert set((g.thoi_han_suy_ra_voi or "").split()) == inferred, g
        assert set((g.khong_neu_thoi_han or "").split()) == silent, g
    assert "deadline_inferred" in tables.TITLES
    assert set(domestic_indicators.DEADLINE_TITLES) <= set(chart.data.columns)
    labels = [goal.label() for goals_ in chart.goals.values() for goal in goals_]
    assert "mục tiêu 100\xa0% (bài A003 nêu; với bài A002, sách suy ra)" in labels, labels
    assert "mục tiêu 90\xa0% (bài A001 nêu; bài A003 không nêu thời hạn)" in labels, labels


def test_a_target_without_a_value_shows_its_deadline(q: domestic_quarter.Quarter) -> None:
    """Review 14, C7: A004's «(vượt 1%)» gives no level; its year is still shown, marked."""
    account = next(a for a in q.assessments() if a.indicator == "KPI_TK_THANH_TOAN")
    assert (domestic_indicators.target_text(q, account)
            == "không nêu giá trị; hạn năm 2022 " + MARK)


def test_a_deadline_label_is_marked_only_when_no_source_states_it() -> None:
    rows = target_status.pd.DataFrame({"deadline": ["2020", "2020"],
                                       "deadline_inferred": ["true", "false"]})
    end = periods.deadline_date("2020")
    assert target_status.deadline_label(rows, end) == "năm 2020"  # A003 states «hết năm 2020»
    assert target_status.deadline_label(rows.iloc[:1], end) == "năm 2020 " + MARK
    named = rows.assign(source_id=["A002", "A003"])
    assert target_status.deadline_label(named, end) == (
        "năm 2020 (bài A003 nêu; với bài A002, sách suy ra)")


def test_a_legal_basis_is_shown_as_the_article_names_it(q: domestic_quarter.Quarter) -> None:
    """«Nghị quyết 17 của Chính phủ» is not in the bibliography: the book never read it."""
    named = {t["legal_basis"] for t in _targets() if t["legal_basis"]}
    assert named
    for table in (domestic_indicators.targets_table(q), domestic_indicators.conflicts_table(q)):
        shown, _ = table.frames()
        column = "Nguồn mục tiêu" if "Nguồn mục tiêu" in shown else "Căn cứ"
        for cell in shown[column]:
            for doc in named:
                if doc in cell:
                    assert f"{doc} (theo bài A0" in cell, cell
        if "Nguồn mục tiêu" in shown:  # the conflicts table lists only targets in conflict
            assert any(doc in cell for cell in shown[column] for doc in named)


def test_a_source_label_dates_the_event_not_a_publication() -> None:
    for row in domestic.load_sources().fillna("").to_dict("records"):
        label = downloads.source_label(row)
        if row["event_date"] and not row["published"]:
            assert "sự kiện " in label, label


# --- headers, units and downloads say what their cells hold (review 6, C5) ----------------------


def test_targets_download_says_the_gap_the_table_shows(q: domestic_quarter.Quarter) -> None:
    shown, data = domestic_indicators.targets_table(q).frames()
    pairs = list(zip(shown["Còn thiếu"], data["con_thieu"], strict=True))
    assert any(s == "—" for s, _ in pairs) and any(s.startswith("hơn ") for s, _ in pairs)
    # A bound keeps its word in the column beside the number (review 7, C7: the file holds
    # numbers, «hơn 0» is 0 and «hơn»).
    for (cell, value), word in zip(pairs, data["con_thieu_tu_chi_muc"], strict=True):
        if cell == "—":
            assert value is None and word is None, cell  # no «0» for a target met
        else:
            assert isinstance(value, float), (cell, value)
            bound = cell.split()[0] if cell.split()[0] in {"hơn", "dưới", "khoảng"} else None
            assert word == bound, (cell, word)


def test_unit_lines_name_percentage_points_and_stocks(q: domestic_quarter.Quarter) -> None:
    """Review 7, C6: a difference of percentages is in percentage points, named with its
    column; counts are said cumulative or stocks as the indicators file says."""
    from egovbook.chapters import domestic_new, domestic_portal

    kpi = domestic_portal.kpi_table(q).units
    assert kpi == '% (cột "Thực hiện", "Kế hoạch"); điểm phần trăm (cột "Chênh lệch")'
    targets = domestic_indicators.targets_table(q).units
    assert 'theo từng chỉ tiêu (cột "Còn thiếu"): điểm phần trăm hoặc số đếm' in targets
    new = domestic_new.new_table(q, domestic_new.whats_new(q)).units
    codes = {f.new["indicator"] for f in domestic_new.whats_new(q).figures}
    stocks = [c for c in codes
              if q.unit(c) == "count" and q.indicators.loc[c, "cumulative"] != "yes"]
    assert stocks and "lũy kế" in new
    # The stocks are named as the table names them (review 8, C7: not the charts' short names).
    shown = domestic_new.new_table(q, domestic_new.whats_new(q)).frames()[0]["Chỉ tiêu"]
    for code in stocks:
        assert q.name(code) in set(shown)
        assert fmt.lower_first(q.name(code)) in new.split("trừ", 1)[1]
    # The columns first, then the kinds (review 20, C4): the count among the targets is the
    # number of level-4 services, a stock at its date (review 8, C7).
    assert targets.startswith('theo từng chỉ tiêu (cột "Số liệu gần nhất", "Mục tiêu", '
                              '"Dự báo đến hạn"): % hoặc số đếm tại thời điểm nêu'), targets


def test_portal_unit_follows_each_indicators_cumulative_field(q: domestic_quarter.Quarter
                                                              ) -> None:
    from egovbook.chapters import domestic_portal

    table = domestic_portal.portal(q)
    codes = [f.code for f in table.rows]
    stocks = [c for c in codes if q.indicators.loc[c, "cumulative"] != "yes"]
    assert stocks  # services and procedures on the portal: counts at a date, not cumulative
    for code in stocks:
        assert fmt.lower_first(q.name(code)) in table.units.split("trừ", 1)[1], table.units
    shown, _ = table.frames()
    assert "Phạm vi" not in shown.columns and "Ghi chú" in shown.columns


def test_platform_table_unit_names_the_share_and_the_counts(q: domestic_quarter.Quarter) -> None:
    from egovbook.chapters import domestic_platforms

    table = domestic_platforms.platform_table(q)
    shown, _ = table.frames()
    assert shown["Kết quả"].str.contains("%").any()
    assert table.units == ('số đếm (cột "Số liệu bài nêu"); '
                           'theo từng chỉ tiêu (cột "Kết quả"): số đếm hoặc %')


def _read_values() -> dict[str, str]:
    """Targets whose quote gives no figure for their value (the book read it from a sentence),
    found here by the digits alone: target id → source."""
    def numbers(quote: str) -> set[float]:  # «2.000» is 2000, «30%» is 30
        return {float(n.replace(".", "").replace(",", ".")) for n in re.findall(r"\d[\d.,]*\d|\d",
                                                                             quote)}

    return {t["target_id"]: t["source_id"] for t in _targets()
            if t["value"] and float(t["value"]) not in numbers(t["quote"])}


def test_a_target_value_no_quote_states_is_marked_as_the_books_reading(
        q: domestic_quarter.Quarter) -> None:
    """Review 16, B1: «hoàn thành nền tảng …» recorded as 100 % is the book's reading; every
    place that shows the value says so (Bảng 11, Bảng 12, Hình 7's labels, the register's
    «Báo chí nêu»), as an inferred deadline is marked, and no stated value is."""
    read = _read_values()
    assert len(read) >= 2  # A000's and A001's LGSP targets, A001's monitoring requirement
    said = "sách đọc ra"
    for a in q.assessments():
        text = domestic_indicators.target_text(q, a)
        by = {read[t] for t in a.target_ids if t in read}
        assert (said in text) == bool(by) and all(s in text for s in by), text
    shown, data = domestic_indicators.conflicts_table(q).frames()
    ids = {q.claim_ids[t] for t in read}
    for (_, row), flag in zip(shown.iterrows(), data["gia_tri_doc_ra"], strict=True):
        assert (said in row["Giá trị"]) == (row["Mã mục tiêu"] in ids) == (flag == "có"), row
    labels = [g for goals in domestic_rates.rate_chart(q).goals.values() for g in goals]
    for goal in labels:
        assert (said in goal.label()) == bool(goal.read_by), goal.label()
    assert any(goal.read_by for goal in labels)
    register = claims.register(until="2022Q3")
    for r in register[register["kind"] == "target"].itertuples():
        assert (said in r.claimed_text) == (r.refs in read), (r.claim_id, r.claimed_text)


def test_a_figure_dated_by_its_meeting_says_so_in_the_targets_table(
        q: domestic_quarter.Quarter) -> None:
    """Review 20, C1: Bảng 11 showed A004's figures «(08/08/2022)» with no word that the date
    is the meeting's, which Bảng 13, 16 and 20 say."""
    shown, _ = domestic_indicators.targets_table(q).frames()
    dated = {r["indicator"] for r in q.obs.to_dict("records") if "Ngày: ngày của" in str(
        r["scope_note"])}
    seen = 0
    for a, cell in zip(q.assessments(), shown["Số liệu gần nhất"], strict=True):
        if a.observed is not None:
            said = a.indicator in dated and q.observed(a.indicator, a.observed)["scope_note"]
            assert ("ngày của" in cell) == bool(said and "Ngày: ngày của" in said), cell
            seen += "ngày của phiên họp" in cell
    assert seen >= 3, seen


def test_a_first_survey_has_no_tie_change_to_compare() -> None:
    """Review 20, C2: Bảng 6 said «không» (the rules agree) for 2003, which has no change."""
    from egovbook.analysis import un
    from egovbook.chapters import survey, survey_subindices

    c = survey.Context.of(un.Survey.for_country("VNM"), 2024)
    shown, data = survey_subindices.tie_cases(c).frames()
    first = shown["Năm khảo sát"] == "2003"
    assert first.any()
    assert set(shown.loc[first, "Số bậc thay đổi khác nhau"]) == {fmt.MISSING}
    assert data.loc[first, "thay_doi_khac_nhau"].isna().all()
    assert set(shown.loc[~first, "Số bậc thay đổi khác nhau"]) <= {"có", "không"}


def test_a_month_the_book_inferred_for_an_undated_article_is_marked(
        q: domestic_quarter.Quarter) -> None:
    """Review 24, C1: A000 and A003 carry no date; the month of their figures is the event's,
    which the book infers from the text. Each such figure's note says so, and so does Bảng 11."""
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        undated = {r["source_id"]: r["event_date"] for r in csv.DictReader(fh)
                   if r["kind"] == "press" and len(r["event_date"]) == 7 and not r["published"]}
    assert {"A000", "A003"} <= set(undated)
    inferred = q.obs[q.obs["source_id"].isin(undated)
                     & (q.obs["date"] == q.obs["source_id"].map(undated))]
    assert len(inferred) >= 4
    for row in inferred.itertuples():
        month = int(row.date[5:])
        # The quote gives no month of its own («tháng 8», «8/2020»).
        assert not re.search(rf"tháng 0?{month}\b|\b0?{month}/20\d\d", row.quote), row.quote
        assert "Tháng: sách suy ra từ nội dung bài" in row.scope_note, row.indicator
    shown, _ = domestic_indicators.targets_table(q).frames()
    codes = set(inferred["indicator"])
    latest = [a for a in q.assessments() if a.indicator in codes and a.observed]
    assert latest
    for a in latest:
        cell = shown.loc[[x.target_ids for x in q.assessments()].index(a.target_ids),
                         "Số liệu gần nhất"]
        assert "sách suy ra từ nội dung bài" in cell, cell
        # So does a status judged on it (review 26, B3), and the download's date column.
        if "(theo số liệu" in a.status_vi:
            assert a.status_vi.endswith(", sách suy ra từ nội dung bài)"), a.status_vi
    _, data = domestic_indicators.targets_table(q).frames()
    assert set(data["ngay_la"].dropna()) >= {"sách suy ra từ nội dung bài"}


def test_a_share_of_one_hundred_percent_is_not_at_least_one_hundred(
        q: domestic_quarter.Quarter) -> None:
    """Review 25, C8: «≥ 100 %» of a share says nothing more than «100 %»."""
    shown, _ = domestic_indicators.targets_table(q).frames()
    full = [c for c in shown["Mục tiêu"] if re.search(r"(?<![\d,.])100\s%", c)]
    assert full and not [c for c in full if re.search(r"≥\s100\s", c)], full
    assert any(c.startswith("≥") for c in shown["Mục tiêu"])  # other targets keep their sign
