"""Key findings: sentences built from the chapters' own values, for any country."""

from __future__ import annotations

from egovbook.analysis import un
from egovbook.chapters import findings, prose, survey


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
    assert lower.text.startswith("EGDI của Campuchia thấp hơn trung bình thế giới (0,6382) ")
