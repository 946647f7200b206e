"""Key findings: sentences built from the chapters' own values, for any country."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from egovbook.analysis import un
from egovbook.chapters import findings, prose, survey

from conftest import ROOT, pdf_texts


def test_findings_quote_the_chapters_values() -> None:
    s = un.Survey.for_country("VNM")
    found = findings.all_findings(s, None, None, findings.has_domestic("VNM"))
    overview = survey.overview(survey.Context.of(s, None))
    level = found["f_level"]
    assert overview["egdi"].text in level.text and overview["rank"].text in level.text
    # The finding's provenance carries the rows of the figures it quotes.
    assert {r.file for r in level.inputs} == {"un_egov.csv"}
    assert len([k for k in found if k.startswith("f_")]) == 8


def test_a_country_without_domestic_data_gets_no_domestic_links() -> None:
    s = un.Survey.for_country("KHM")
    found = findings.all_findings(s, None, None, findings.has_domestic("KHM"))
    assert found["f_targets"] == prose.text(findings.PROSE, "no_domestic")
    assert set(findings.domestic_links(False).values()) == {""}
    assert all("{numref}" in v for v in findings.domestic_links(True).values())


def test_a_year_without_assessment_is_said_plainly() -> None:
    s = un.Survey.for_country("SSD")
    found = findings.all_findings(s, 2008, None, False)
    assert "chưa được đánh giá" in str(found["f_level"])


def test_sentences_from_the_prose_file_follow_the_data() -> None:
    """Each branch of a sentence: a first assessment, a leader, a rank with few neighbours."""
    from egovbook.chapters import survey_regions, survey_subindices

    first = findings.all_findings(un.Survey.for_country("SSD"), 2012, None, False)
    assert first["f_change"] == "Năm 2012 là kỳ đầu tiên Nam Sudan được đánh giá."
    leader = survey_regions.regional(survey.Context.of(un.Survey.for_country("SGP"), 2024))
    assert leader["next_sub"] == "Singapore đang dẫn đầu Đông Nam Á"
    calm = survey_subindices.fragile_text(un.Survey.for_country("AFG"), 2024)
    assert calm.text.endswith("HCI 5 và EPI 7.")  # no index is fragile: no second sentence
    lower = findings.all_findings(un.Survey.for_country("KHM"), 2024, None, False)["f_average"]
    # The gap follows «thấp hơn», the average it is measured from follows in parentheses.
    assert re.fullmatch(r"EGDI của Campuchia thấp hơn trung bình thế giới \d,\d{4} điểm "
                        r"\(trung bình thế giới: 0,6382\)\.", lower.text), lower.text


def test_a_sentence_keeps_the_provenance_of_each_number_it_quotes() -> None:
    """The key findings page shows each figure of a finding as its own button: the sentence
    carries its figures (Figure.parts) and the page finds each one as a whole number."""
    from types import SimpleNamespace

    from egovbook.analysis.values import Figure, Rows
    from egovbook.publish import sphinx_provenance

    rows = (Rows("un_egov.csv", ("iso3=VNM year=2024",), ("egdi",), "Việt Nam, năm 2024"),)
    rank = Figure("15", "15", "bậc", "hạng trước trừ hạng sau", "f", rows)
    share = Figure("0,5", "0.5", "điểm", "một nửa", "f", rows)
    counts = Figure("1 *đã đạt* và 5 *chưa đạt*", None, "mục tiêu", "đếm", "f", rows)
    parts = prose.parts_of([rank, share, "Việt Nam", counts])
    assert [p["text"] for p in parts] == ["15", "0,5", "1", "5"]
    assert parts[0]["inputs"][0]["file"] == "un_egov.csv" and parts[3]["how"] == "đếm"
    text = "Tăng 15 bậc, thêm 0,5 điểm: 1 *đã đạt* và 5 *chưa đạt*."
    spans = sphinx_provenance._spans(text, list(parts))
    # «5» is the count, not the 5 of «15» or of «0,5».
    assert [text[a:b] for a, b, _ in spans] == ["15", "0,5", "1", "5"]
    assert [a for a, _, _ in spans] == [text.index(s) for s in ("15", "0,5", "1 *", "5 *")]
    html = sphinx_provenance.sentence_html(SimpleNamespace(), {"text": text, "parts": parts})
    assert html.count('<button type="button" class="egv-num"') == 4
    # The book's labels (``*…*`` in a glued text) are in italics, never in «» nor asterisks.
    assert "<em>đã đạt</em>" in html and "<em>chưa đạt</em>" in html and "*" not in html
    assert html.startswith("Tăng <span") and "bậc, thêm" in html


@pytest.mark.slow
def test_key_findings_group_titles_are_headings_in_the_pdf_contents(built_book: Path) -> None:
    from egovbook.publish import pdf

    pages = [" ".join(t.split()) for t in pdf_texts(built_book / pdf.PDF_NAME)]
    start = next(i for i, t in enumerate(pages) if "Mục lục" in t)
    contents = " ".join(pages[start:start + 3])
    chapter = contents.index("Những điểm chính")
    assert contents.index("Khảo sát Chính phủ điện tử của Liên Hợp Quốc", chapter) \
        < contents.index("Chỉ tiêu trong nước và kiểm chứng", chapter)


def test_every_page_with_figures_cites_its_sources() -> None:
    # «Những điểm chính» states Survey and domestic figures and once had no «Nguồn» line
    # (review 9, C4): every notebook cites through bibliography.cite.
    root = Path(__file__).parents[1] / "notebooks"
    assert [nb.name for nb in sorted(root.glob("*.ipynb"))
            if "bibliography.cite(" not in nb.read_text(encoding="utf-8")] == []


def test_the_key_findings_cite_the_years_and_articles_they_draw_on() -> None:
    s = un.Survey.for_country("VNM")
    years, articles = findings.sources_used(s, 2024, "2022Q3", True)
    # The register's counts rest on the Survey years its claims are checked against (review
    # 17, C7: the 2018 and 2020 files were left out).
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8-sig") as fh:
        checked = {int(r[c]) for r in csv.DictReader(fh) for c in ("year", "compare_year")
                   if r[c].strip()}
    assert {2018, 2020} <= checked
    assert years == sorted({2022, 2024} | checked)
    assert {"A000", "A001", "A002", "A003", "A004"} <= set(articles)
    assert findings.sources_used(s, 2024, None, False)[1] == []
