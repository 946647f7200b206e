"""The independent recomputation (tests/independent/recompute.py) against the built book.

The script recomputes every figure of the book from the raw UN files, the articles and the data
files without the project's package. The slow test builds the default book once (fixture
``built_book``) and asserts that nothing differs and that no number went unchecked; the fast
tests pin the helpers on the half cases and ties that matter.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import types
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from conftest import COPY_IGNORE, ROOT, run_build

SCRIPT = Path(__file__).resolve().parent / "independent" / "recompute.py"
_spec = importlib.util.spec_from_file_location("independent_recompute", SCRIPT)
recompute = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = recompute  # dataclasses look their module up while executing it
_spec.loader.exec_module(recompute)


def test_script_is_independent_of_the_package() -> None:
    source = SCRIPT.read_text(encoding="utf-8")
    assert not re.search(r"^\s*(from|import)\s+egovbook\b", source, re.MULTILINE)
    assert "scripts/egovbook" not in source.replace("``scripts/egovbook``", "")


@pytest.mark.parametrize(("published", "places", "sign", "shown"), [
    ("0.72665", 4, False, "0,7267"),   # Viet Nam HCI 2024: half up, not half even
    ("0.47045", 4, False, "0,4705"),   # Viet Nam EGDI 2014
    ("0.14285", 4, False, "0,1429"),   # Viet Nam OSI 2004
    ("0.76105", 4, False, "0,7611"),   # Thailand OSI 2024
    ("0.07625", 4, True, "+0,0763"),   # EGDI change 2010-2012
    ("-0.00005", 4, True, "-0,0001"),  # halves go away from zero
    ("-0.0000033", 4, True, "0,0000"),  # zero has no sign
    ("0.09222", 4, True, "+0,0922"),
    ("107700000", 0, True, "+107.700.000"),
    ("1039", 0, False, "1.039"),
    ("15.91", 2, False, "15,91"),
])
def test_round_half_up_vietnamese_format(published: str, places: int, sign: bool,
                                         shown: str) -> None:
    assert recompute.fmt(recompute.frac(published), places, sign=sign) == shown


def test_means_are_exact_rationals_rounded_half_up() -> None:
    # 3 members: (0.5 + 0.5 + 0.50005) / 3 = 0.500016..., and a mean landing exactly on a half.
    assert recompute.fmt(sum(map(recompute.frac, ("0.5", "0.5", "0.50005"))) / 3, 4) == "0,5000"
    assert recompute.fmt(Fraction(12765, 20000) - Fraction(0), 4) == "0,6383"
    assert recompute.fmt(Fraction(-1, 3), 4, sign=True) == "-0,3333"


def test_half_even_is_recognised_as_a_rounding_slip() -> None:
    assert recompute.round_half_even(recompute.frac("0.72665"), 4) == recompute.frac("0.7266")
    report = recompute.Report()
    exp = recompute.num(recompute.frac("0.72665"), 4, "HCI")
    assert not report.compare("ch", "hci", "0,7266", exp)
    assert report.findings[0].cls == "rounding"
    assert report.findings[0].expected == "0,7267"


def test_ties_share_the_better_rank() -> None:
    values = {k: recompute.frac(v) for k, v in
              {"A": "0.9", "B": "0.7361", "C": "0.7361", "D": "0.7361", "E": "0.5"}.items()}
    ranks = recompute.tie_ranks(values)
    assert ranks["A"] == (1, 1, 1)
    assert ranks["B"] == ranks["D"] == (2, 3, 4)  # best / average / worst
    assert ranks["E"] == (5, 5, 5)
    assert recompute.fmt_avg_rank(Fraction(123, 2)) == "61,5"
    assert recompute.fmt_signed_half(Fraction(-39, 2)) == "-19,5"


def test_osi_2018_2020_tie_rule_on_the_raw_data() -> None:
    raw, m49 = recompute.find_raw_un(), recompute.find_m49()
    if raw is None or m49 is None:
        pytest.skip("raw UN data not here (data/raw or ../shared/data)")
    un = recompute.UN(raw, m49)
    before, after = un.sub_ranks(2018, "osi")["VNM"], un.sub_ranks(2020, "osi")["VNM"]
    assert before == (59, Fraction(123, 2), 64)  # six members share OSI 0.7361
    assert [before[i] - after[i] for i in range(3)] == [-22, Fraction(-39, 2), -17]
    assert un.get(2024, "VNM").rank == 71
    assert len(un.assessed(2003)) == 191  # Montenegro and South Sudan not assessed yet


def test_deadline_year_is_the_december_deadline() -> None:
    assert recompute.date_end("2020") == recompute.date_end("2020-12") == date(2020, 12, 31)
    assert recompute.date_end("2020-10") == date(2020, 10, 31)
    assert recompute.quarters_between("2020Q3", "2022Q3") == [
        "2020Q4", "2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1", "2022Q2"]


def _obs(indicator: str, day: str, value: str, qualifier: str = "", source: str = "A001",
         scope: str = "") -> recompute.Obs:
    quarter = f"{day[:4]}Q{(int(day[5:7]) - 1) // 3 + 1}"
    return recompute.Obs("x.csv", indicator, day, quarter, recompute.frac(value), qualifier, "",
                         "", "", source, "", value, scope)


def test_agreement_between_articles_follows_the_method_page() -> None:
    s = recompute.Stmt
    f = recompute.frac
    # "khoảng 15,9" and "khoảng 15,91": the more precise figure rounded half up to 1 decimal.
    assert recompute.agree(s(f("15.9"), 1, "khoảng"), s(f("15.91"), 2, "khoảng"))
    # "gần 83" needs the exact figure not above 83, and equal after rounding.
    assert recompute.agree(s(f("83"), 0, "gần"), s(f("82.6"), 1))
    assert not recompute.agree(s(f("83"), 0, "gần"), s(f("83.4"), 1))
    assert recompute.agree(s(f("88.5"), 1, "khoảng"), s(f("88.53"), 2))
    assert not recompute.agree(s(f("88.5"), 1), s(f("88.56"), 2))  # 88,56 rounds to 88,6
    # Bounds: "trên 24.000" agrees with 24.500 and with "trên 24.000" only.
    assert recompute.agree(s(f("24000"), 0, "trên"), s(f("24500"), 0))
    assert recompute.agree(s(f("24000"), 0, "trên"), s(f("24000"), 0, "hơn"))
    assert recompute.agree(s(f("24000"), 0, "trên"), s(f("25000"), 0, "hơn")) is None
    assert not recompute.agree(s(f("10"), 0, "dưới"), s(f("10"), 0))
    assert recompute.agree(s(None, 0), s(f("1"), 0)) is None


def test_claim_ids_are_derived_as_the_method_page_says() -> None:
    dom = recompute.Domestic(recompute.REPO, None)
    obs_ids, tgt_ids = recompute.claim_ids(dom)
    # A001's figures by date then indicator code: 2020-02 (two), then 2020-07, DVC_M4_BO_100.
    assert obs_ids["DVC_M4_BO_100@2020-07"] == "A001-S03"
    assert obs_ids["LGSP_SO_DON_VI@2020-02"] == "A001-S01"
    # Targets in the order of the targets file, numbered within each article.
    assert tgt_ids["T04"] == "A003-M01"
    assert tgt_ids["T01"] == "A002-M01"
    assert tgt_ids["T07"] == "A000-M03"
    assert len(set(obs_ids.values())) == len(obs_ids)


def test_the_register_is_the_source_sets_whatever_the_quarter() -> None:
    # A book built for 2020Q3 still lists the figures of A004 (2022): the register holds every
    # figure the articles state, the quarter only limits the assessments.
    dom = recompute.Domestic(recompute.REPO, None)
    raw, m49 = recompute.find_raw_un(), recompute.find_m49()
    if raw is None or m49 is None:
        pytest.skip("raw UN data not here (data/raw or ../shared/data)")
    un = recompute.UN(raw, m49)
    early = recompute.Ctx(un, dom, "VNM", 2024, "2020Q3", recompute.Report()).register()
    late = recompute.Ctx(un, dom, "VNM", 2024, "2022Q3", recompute.Report()).register()
    assert set(early) == set(late)
    assert {"A004-S01", "A004-M01"} <= set(early)
    assert {cid: cl.verdict for cid, cl in early.items()} == \
        {cid: cl.verdict for cid, cl in late.items()}
    # Another country's book lists none of these claims (they are about Viet Nam).
    assert recompute.Ctx(un, dom, "KHM", 2024, "2022Q3", recompute.Report()).register() == {}


def test_a_passed_deadline_without_later_figures_is_no_data_after() -> None:
    dom = recompute.Domestic.__new__(recompute.Domestic)
    dom.obs = [_obs("LGSP_TYLE", "2020-02", "27"), _obs("LGSP_TYLE", "2020-07", "82.6")]
    target = recompute.Target("T", "LGSP_TYLE", ">=", recompute.frac("100"), "2020-10", "", "A000",
                              "", "")
    assert dom.status(target, "2020Q3", recompute.quarter_end("2020Q3")) == "on_track"
    assert dom.status(target, "2022Q3", recompute.quarter_end("2022Q3")) == "no_data_after"
    dom.obs.append(_obs("LGSP_TYLE", "2020-12", "90"))
    assert dom.status(target, "2022Q3", recompute.quarter_end("2022Q3")) == "overdue"


def test_changes_only_within_a_scope_and_not_between_two_bounds() -> None:
    old, new = _obs("CDVCQG_DVC", "2020-08-26", "1039", scope="không nêu mức độ"), \
        _obs("CDVCQG_DVC", "2022-08-08", "3699", scope="mức độ 3, 4")
    assert recompute._diff_expect(None, new, old)[:2] == (None, "scope")
    assert recompute._not_comparable_text(new, old).startswith("không so sánh: hai số liệu khác")
    a, b = _obs("X", "2020-08-26", "235000", "trên"), _obs("X", "2022-08-08", "2100000", "hơn")
    assert recompute._diff_expect(None, b, a)[:2] == (None, "bounds")
    a, b = _obs("X", "2020-08-26", "1000"), _obs("X", "2022-08-08", "2100000", "hơn")
    assert recompute._diff_expect(None, b, a)[0] == "hơn +2.099.000 (gấp hơn 2.100,0 lần)"
    a = _obs("X", "2020-08-26", "1000", "khoảng")
    assert recompute._diff_expect(None, b, a)[0] is None  # a bound and an approximate figure


def test_a_percentage_changes_by_points_without_a_ratio() -> None:
    unit = {"LGSP_TYLE": "percent", "LGSP_SO_DON_VI": "count"}
    c = types.SimpleNamespace(dom=types.SimpleNamespace(unit=unit.get))
    # 2020Q3 over 2020Q1 (A001): 27 % -> 82,6 % is 55,6 points; 25 -> 76 units is 3 times.
    old, new = _obs("LGSP_TYLE", "2020-02", "27"), _obs("LGSP_TYLE", "2020-07", "82.6")
    assert recompute._diff_expect(c, new, old)[:2] == ("+55,60 điểm %", "value")
    old, new = _obs("LGSP_SO_DON_VI", "2020-02", "25"), _obs("LGSP_SO_DON_VI", "2020-07", "76")
    assert recompute._diff_expect(c, new, old)[0] == "+51 (gấp 3,0 lần)"
    # The bound word travels with the points as it does with a count and its ratio.
    assert recompute.change_text("dưới", Fraction(-3, 2), Fraction(1), True) == "dưới -1,50 điểm %"
    assert recompute.change_text("hơn", Fraction(10), Fraction(2), False) == \
        "hơn +10 (gấp hơn 2,0 lần)"


def test_a_note_that_says_a_fact_twice_is_caught() -> None:
    note = ("Bài A003 cũng nêu «gần 83 %», khớp sau khi làm tròn: các bài độc lập thống nhất về "
            "số này. Bài không nêu mẫu số; 76 đơn vị tương ứng 82,6 %. Bài A003 ghi «gần 83%» "
            "cho hết tháng 7/2020.")
    assert recompute.repeated_facts(note)
    note = ("Cho cùng thời hạn, các bài A000, A001 và A002 nêu «mục tiêu 30 %»; bài A003 nêu "
            "«mục tiêu 50 %». Mâu thuẫn với mục tiêu 30% mà các bài A000, A001, A002 nêu.")
    assert recompute.repeated_facts(note)
    note = ("Bài A000 cũng nêu «8 bộ», nhưng hai bài cùng đưa tin một sự kiện. Số bộ; ngày của "
            "hội nghị.")
    assert not recompute.repeated_facts(note)


def test_the_words_around_a_figure_in_its_article() -> None:
    phrase = recompute._article_phrase
    assert phrase("hơn 15 triệu hồ sơ đồng bộ trạng thái", recompute.frac("15000000")) == \
        "15 triệu hồ"
    assert phrase("tỷ lệ doanh nghiệp sử dụng hóa đơn điện tử đạt 100%",
                  recompute.frac("100")) == "tử đạt 100%"  # not any «đạt 100%»
    assert phrase("tháng 2-2020 mới chỉ có 25 bộ, tỉnh có nền tảng tương ứng 27%",
                  recompute.frac("27")) == "tương ứng 27%"


@pytest.mark.slow
def test_built_book_matches_the_independent_recomputation(built_book: Path) -> None:
    if recompute.find_raw_un() is None or recompute.find_m49() is None:
        pytest.skip("raw UN data not here (data/raw or ../shared/data)")
    stage = built_book.parent / "stage"
    report = recompute.run(built_book, stage if stage.is_dir() else None)
    text = recompute.format_report(report)
    print(text)
    # The bar: every figure recomputed, no discrepancy, no number left unchecked.
    assert report.findings == [], text
    assert report.unchecked == [], text


@pytest.mark.slow
@pytest.mark.parametrize("args", [("--country", "KHM"), ("--quarter", "2020Q3")],
                         ids=["another-country", "an-earlier-quarter"])
def test_other_editions_match_the_independent_recomputation(
        tmp_path_factory: pytest.TempPathFactory, args: tuple[str, ...]) -> None:
    """A book without the domestic chapters, and Viet Nam's book as of its first quarter with
    portal figures (one date, no KPI): the same bar as the default book."""
    if recompute.find_raw_un() is None or recompute.find_m49() is None:
        pytest.skip("raw UN data not here (data/raw or ../shared/data)")
    project = tmp_path_factory.mktemp("edition") / "project"
    shutil.copytree(ROOT, project, ignore=COPY_IGNORE)
    proc = run_build(project, *args)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = project / "_build"
    report = recompute.run(built / "html", built / "stage", repo=project)
    text = recompute.format_report(report)
    assert report.findings == [] and report.unchecked == [], text


def test_fragile_ranks_name_exactly_the_indices_at_the_stated_threshold() -> None:
    counts = {"osi": 10, "tii": 18, "hci": 19, "epi": 5}  # Viet Nam 2024, within 0,02
    assert recompute.fragile_sentence("Việt Nam", counts, 10) == (
        "Số quốc gia khác có giá trị cách giá trị của Việt Nam không quá 0,02: OSI 10, TII 18, "
        "HCI 19 và EPI 5. Khi có từ 10 quốc gia trở lên trong khoảng này (ở OSI, TII và HCI), "
        "thứ hạng tính lại dễ biến động: một thay đổi rất nhỏ của giá trị có thể làm thứ hạng "
        "đổi nhiều bậc.")
    # 10 reaches a threshold of 10; at 19 only HCI is named; above every count, no 2nd sentence.
    assert "(ở HCI)" in recompute.fragile_sentence("Việt Nam", counts, 19)
    assert recompute.fragile_sentence("Việt Nam", {**counts, "epi": 0}, 20).endswith(
        "OSI 10, TII 18, HCI 19 và EPI 0.")


@pytest.mark.parametrize(("column", "text", "ok"), [
    ("hang_trung_binh", "61.5", True),      # OSI 2018: six members share 59..64
    ("hang_trung_binh", "114", True),
    ("hang_trung_binh", "114.0", False),
    ("thay_doi_trung_binh", "-19.5", True),
    ("thay_doi_trung_binh", "-0.0", False),
    ("thay_doi_trung_binh", "-0", False),
    ("hang_cao_nhat", "61.5", False),       # a best rank is never a half
    ("nam", "2003.0", False),
    ("hang_trung_binh", "61.50", False),
    ("thay_doi_khac_nhau", "False", True),  # not a number: not judged
])
def test_whole_ranks_as_integers_and_tie_averages_as_halves(column: str, text: str,
                                                            ok: bool) -> None:
    assert bool(recompute.INT_COLUMN.search(column))
    assert recompute.csv_number_ok(column, text) is ok


def test_egdi_change_columns_are_not_whole_number_columns() -> None:
    assert not recompute.INT_COLUMN.search("thay_doi_egdi")
    assert recompute.INT_COLUMN.search("osi_thay_doi_hang")
    # The change of a figure new in the quarter: percentage points may have decimals.
    assert not recompute.INT_COLUMN.search("thay_doi")
    assert not recompute.INT_COLUMN.search("thay_doi_la")
    assert recompute.INT_COLUMN.search("thay_doi_cao_nhat")


def test_catalogue_names_are_text_only_as_whole_names() -> None:
    names = ["Số bộ có tỷ lệ dịch vụ công trực tuyến mức độ 4 dưới 10\xa0%"]  # as in the catalogue
    strip = recompute.strip_catalogue_names
    assert recompute.numbers_in(strip(
        "Số bộ có tỷ lệ dịch vụ công trực tuyến mức độ 4 dưới 10 %", names)) == []
    assert recompute.numbers_in(strip(
        "Có 3 số bộ có tỷ lệ dịch vụ công trực tuyến mức độ 4 dưới 10 %.", names)) == ["3"]
    # Part of a name is no name: the figure stays a figure.
    assert recompute.numbers_in(strip("tỷ lệ dưới 10 %", names)) == ["10"]


def _meta(day: str, commit: str, quarter: str = "2022Q3", country: str = "VNM",
          inputs: dict | None = None) -> dict:
    return recompute.edition_meta({"build_date": day, "git": {"commit": commit},
                                   "parameters": {"country": country, "year": 2024,
                                                  "quarter": quarter},
                                   "inputs": [{"path": k, "sha256": v}
                                              for k, v in (inputs or {}).items()]})


def test_edition_ids_and_the_facts_a_changelog_states() -> None:
    cur = _meta("2026-11-23T15:10:06+00:00", "b8372a6c0ed66ddcf76544050679e54d7441fd4d")
    assert recompute.edition_id(cur) == "VNM-2024-2022Q3-20261123-151006-b8372a6"
    text = ("Nhóm biên soạn sách báo cáo Chính phủ điện tử (2026). Chính phủ điện tử Việt Nam. "
            "Ấn bản VNM-2024-2022Q3-20261123-151006-b8372a6 (kỳ khảo sát 2024, số liệu trong "
            "nước đến quý III/2022), dựng ngày 23/11/2026.")
    facts = {(what, value) for what, _, value in recompute.edition_facts(text)}
    assert facts == {("cite_year", "2026"), ("id", "VNM-2024-2022Q3-20261123-151006-b8372a6"),
                     ("year", "2024"), ("quarter", "2022Q3"), ("date", "2026-11-23")}
    bib = "@book{egovbook_vnm_2024, year = {2026}, note = {commit b8372a6c0ed6}"
    assert ("commit", "b8372a6c0ed6") in {(w, v) for w, _, v in recompute.edition_facts(bib)}


def test_previous_edition_is_the_latest_earlier_one_of_the_country() -> None:
    eds = {"a": _meta("2026-11-23T13:18:28+00:00", "983dcc6"),
           "b": _meta("2026-11-23T13:18:45+00:00", "983dcc6", quarter="2020Q3"),
           "k": _meta("2026-11-23T13:19:00+00:00", "983dcc6", country="KHM"),
           "c": _meta("2026-11-23T13:19:35+00:00", "983dcc6"),
           "d": _meta("2026-11-23T14:00:00+00:00", "cbb02d0")}
    assert recompute.previous_edition(eds, "c") == "b"  # another quarter, same book
    assert recompute.previous_edition(eds, "a") is None  # the first edition
    assert recompute.previous_edition(eds, "d") == "c"


def test_changed_figures_between_two_registries() -> None:
    # values.json may list a key twice (00_diem_chinh::name): one value, not a change.
    old = [{"key": "02::fragile_text", "text": "Với OSI, TII và HCI"},
           {"key": "04::n", "text": "21"}, {"key": "00::name", "text": "Việt Nam"},
           {"key": "00::name", "text": "Việt Nam"}]
    new = [{"key": "02::fragile_text", "text": "Khi có từ 10"},
           {"key": "00::name", "text": "Việt Nam"}, {"key": "06::n_stale", "text": "16"}]
    assert recompute.registry_changes(old, new) == [
        ("02::fragile_text", "Với OSI, TII và HCI", "Khi có từ 10"), ("04::n", "21", None),
        ("06::n_stale", None, "16")]
    a = _meta("2026-11-23T15:10:06+00:00", "b8372a6", inputs={"data/x.csv": "1", "s/a.py": "2"})
    b = _meta("2026-11-23T15:13:42+00:00", "b8372a6", inputs={"data/x.csv": "1", "s/a.py": "3"})
    assert recompute._changed_inputs(a, b) == {"s/a.py"}


def _page(tmp_path: Path, stem: str, body: str) -> None:
    (tmp_path / "notebooks").mkdir(exist_ok=True)
    (tmp_path / "notebooks" / f"{stem}.html").write_text(
        f"<html><body><article>{body}</article></body></html>", encoding="utf-8")


def test_a_key_finding_links_to_the_table_that_proves_it(tmp_path: Path) -> None:
    table = ('<table id="{}"><caption><span class="caption-number">Bảng {} </span></caption>'
             "<thead><tr><th>a</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>")
    _page(tmp_path, "04_chi_tieu_trong_nuoc", table.format("tbl-muc-tieu", 9)
          + table.format("tbl-dvc-bo-tinh", 11))
    item = ('<li><p><span class="egv-value" data-key="00_diem_chinh::f_targets">'
            '<span class="pasted-text">Với số liệu …</span></span> (xem <a class="reference '
            'internal" href="04_chi_tieu_trong_nuoc.html#{}"><span>Bảng {}</span></a>)</p></li>')
    for anchor, number, found in (("tbl-muc-tieu", 9, None), ("tbl-dvc-bo-tinh", 11, "exist"),
                                  ("tbl-muc-tieu", 10, "number"), ("tbl-khong-co", 9, "exist")):
        _page(tmp_path, "00_diem_chinh", f"<ul>{item.format(anchor, number)}</ul>")
        c = types.SimpleNamespace(pages=recompute.load_pages(tmp_path),
                                  report=recompute.Report(), verified=set())
        c.table = lambda tid, c=c: next((p.tables[tid] for p in c.pages.values()
                                         if tid in p.tables), None)
        recompute.check_finding_links(c)
        whys = [f.why for f in c.report.findings]
        assert (found is None and not whys) or any(found in w for w in whys), (anchor, whys)
        if anchor == "tbl-muc-tieu":
            c.domestic = True
            assert recompute._after_finding(c, "f_targets") == f"(xem Bảng {number})"
            assert recompute._finding_link(c, "f_targets").accepts("(xem Bảng 9)")


def test_domestic_findings_only_for_the_country_of_the_domestic_data() -> None:
    dom = recompute.Domestic(recompute.REPO, None)
    assert recompute.has_domestic(dom, "VNM")
    assert not recompute.has_domestic(dom, "KHM")  # its key findings stop at the UN Survey


def test_a_book_without_domestic_data_has_no_domestic_chapters() -> None:
    parts = recompute._toc_entries()
    assert recompute.book_chapters(parts, True) == parts
    kept = recompute.book_chapters(parts, False)
    files = [f for _, fs in kept for f in fs]
    # Cambodia: no part «Chỉ tiêu trong nước» (all its chapters go), no verification chapter.
    assert "Chỉ tiêu trong nước" not in [caption for caption, _ in kept]
    assert "notebooks/07_kiem_chung" not in files
    assert "notebooks/03_so_sanh_khu_vuc" in files and "notebooks/90_nguon_du_lieu" in files


def test_a_sentence_about_figures_the_edition_does_not_have() -> None:
    # The 2020Q3 opening of chapter 05: one portal date, no KPI figure yet.
    text = ("Chương này so sánh các số liệu về Cổng Dịch vụ công quốc gia giữa 26/08/2020 và "
            "26/08/2020, đặt các chỉ tiêu chuyển đổi số của kỳ — cạnh kế hoạch")
    whys = recompute.prose_about_nothing(text, ["26/08/2020", "26/08/2020", "—"])
    assert len(whys) == 2 and "«—»" in whys[0] and "giữa 26/08/2020 và 26/08/2020" in whys[1]
    assert recompute.prose_about_nothing(
        "giữa 26/08/2020 và 08/08/2022, đặt các chỉ tiêu chuyển đổi số của kỳ 08/08/2022",
        ["26/08/2020", "08/08/2022", "08/08/2022"]) == []
    assert recompute.prose_about_nothing("giữa quý I/2020 và quý III/2020", []) == []


def test_a_table_left_out_says_why_and_is_not_announced(tmp_path: Path) -> None:
    section = ('<section id="doi-chieu"><h2>Đối chiếu với số liệu báo chí</h2>{}'
               "<p>Không có khẳng định nào trên báo chí trong bộ nguồn của sách về nội dung "
               "này.</p></section>")
    for intro, findings in (("", []), ("<p>Bảng dưới đây liệt kê các con số về EGDI.</p>",
                                       ["wording"])):
        _page(tmp_path, "01_tong_quan_egdi", section.format(intro))
        c = types.SimpleNamespace(pages=recompute.load_pages(tmp_path), report=recompute.Report(),
                                  verified=set(), country="KHM", quarter="2022Q3",
                                  register=lambda: {})
        recompute.check_not_shown(c, "tbl-egdi-doi-chieu")
        assert [f.cls for f in c.report.findings] == findings
    # A claim of the group about the country: the table had rows to show.
    claim = types.SimpleNamespace(group="egdi", country="KHM")
    c.register = lambda: {"A000-01": claim}
    c.report = recompute.Report()
    recompute.check_not_shown(c, "tbl-egdi-doi-chieu")
    assert "has rows to show" in c.report.findings[0].why


def test_without_the_previous_record_a_file_missing_from_the_list_is_no_finding() -> None:
    from bs4 import BeautifulSoup

    ul = BeautifulSoup("<ul><li><code>scripts/egovbook/editions.py</code></li></ul>",
                       "html.parser").ul
    changed = {"scripts/egovbook/editions.py", "scripts/egovbook/fmt.py"}  # git diff A B
    for complete, n in ((True, 1), (False, 0)):
        c = types.SimpleNamespace(report=recompute.Report())
        recompute._check_files_list(c, ul, "x", changed, complete)
        assert len(c.report.findings) == n
    c = types.SimpleNamespace(report=recompute.Report())
    recompute._check_files_list(c, ul, "x", {"scripts/egovbook/fmt.py"}, False)
    assert "listed but unchanged" in c.report.findings[0].why


def test_a_book_without_domestic_data_dates_no_domestic_figures() -> None:
    dom = recompute.Domestic(recompute.REPO, None)
    text = ("Chính phủ điện tử {}. Ấn bản {} (kỳ khảo sát 2024, số liệu trong nước đến quý "
            "III/2022), dựng ngày 23/11/2026.")
    for country, name, found in (("KHM", "Campuchia", ["(no domestic data)"]),
                                 ("VNM", "Việt Nam", [])):
        meta = _meta("2026-11-23T15:29:14+00:00", "6e1ed347e101", country=country)
        c = types.SimpleNamespace(dom=dom, report=recompute.Report())
        recompute._check_facts(c, "w", text.format(name, recompute.edition_id(meta)), meta,
                               "current")
        assert [f.expected for f in c.report.findings] == found, country
