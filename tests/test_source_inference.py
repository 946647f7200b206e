"""Review 14, B2 and B3: what the sources table says about where each article's information
comes from is what the article says, and what the book only infers is said to be inferred.

B2: bài A000 names neither the National Committee nor the date of the session it reports; that
it reports the committee's 08/2020 session is the book's inference, to be marked as such
wherever it is shown (sources table, the claims' notes, the Method page), as for A003.
B3: every body an article names as the origin of its information is recorded; the UN Survey
report that articles relay is recorded in the note and plays no part in independence (its
figures are checked against the Survey data).
The checks read the real data, the real articles and the real Method page.
"""

from __future__ import annotations

import re
from pathlib import Path

from egovbook.analysis import claims
from egovbook.analysis import claims_rules as rules
from egovbook.chapters import sources as sources_chapter

from conftest import ROOT

INFERRED = "suy luận của sách"


def _known():
    return claims.load_sources().fillna("")


def _cell(table, header: str, source_id: str) -> str:
    col = next(c for c in table.cols if c.header == header)
    row = next(r for r in table.rows if r["source_id"] == source_id)
    return col.show(row)


def test_an_event_the_article_does_not_name_is_marked_the_books_inference(seeds: Path) -> None:
    """An article sharing an event with another but naming neither the body holding it nor the
    event itself has that event recorded as the book's inference, and the table says so."""
    known = _known()
    inferred = rules.inferred_events(known)
    table = sources_chapter.press(known)
    checked = 0
    for row in known[(known["kind"] == "press") & (known["event"] != "")].itertuples():
        text = (seeds / row.file).read_text(encoding="utf-8").casefold()
        # «hội nghị tổng kết công tác năm 2019 của Bộ …»: what the event is, then who held it
        what, body = re.fullmatch(r"(.+?) của (.+?) (?:tháng|ngày) .+", row.event).groups()
        named = body.casefold() in text or (len(what.split()) > 2 and what.casefold() in text)
        if not named:
            assert row.source_id in inferred, row.source_id
            checked += 1
        shown = _cell(table, sources_chapter.HEADER_ORIGIN, row.source_id)
        assert (INFERRED in shown) == (row.source_id in inferred), (row.source_id, shown)
    assert checked >= 1  # A000


def test_notes_on_a_shared_inferred_event_say_it_is_inferred() -> None:
    """A000-12/13 (and every other note naming an event that one of its articles is only
    inferred to report) say that placing the article at that event is the book's inference."""
    inferred = rules.inferred_events(_known())
    evaluated = claims.evaluate()
    checked = 0
    for row in evaluated.itertuples():
        for origin in re.findall(r"cùng một nguồn \(([^)]*)\)", row.detail):
            named = set(re.findall(r"A\d{3}", row.detail)) | {row.source_id}
            guessed = sorted(s for s in named if inferred.get(s) and inferred[s] in origin)
            if guessed:
                assert INFERRED in origin and all(s in origin for s in guessed), (
                    row.claim_id, origin)
                checked += 1
    ids = set(evaluated.loc[evaluated["detail"].str.contains(INFERRED), "claim_id"])
    assert {"A000-12", "A000-13"} <= ids
    assert checked >= 10


def test_method_page_says_a000_at_the_session_is_inferred() -> None:
    """The Method page names A000 at the committee's session only with the inference stated in
    the same sentence (the old text said as fact that A000 reports it)."""
    text = (ROOT / "book" / "phuong-phap.md").read_text(encoding="utf-8")
    sentences = re.split(r"(?<=[.;])\s+", " ".join(text.split()))
    about = [s for s in sentences if "A000" in s and ("phiên họp" in s or "Ủy ban" in s)]
    assert about
    assert any("A000" in s and ("suy ra" in s or INFERRED in s) for s in sentences)
    assert not [s for s in about if re.search(r"A000[^.;]*đưa tin", s)
                and "suy" not in s], about


def test_every_body_an_article_names_as_its_origin_is_recorded(seeds: Path) -> None:
    """«Mục tiêu của Ủy ban …», «báo cáo của …»: the body is among the article's relays."""
    known = _known()
    origins = rules.origins(known)
    pattern = re.compile(r"(?:mục tiêu|báo cáo) của ((?:Ủy ban|Bộ|Văn phòng) [^,.]+?)"
                         r"(?= là|,|\.| sau)", re.IGNORECASE)
    found = []
    for row in known[known["kind"] == "press"].itertuples():
        mine = {o.casefold() for o in origins.get(row.source_id, ())}
        for body in pattern.findall((seeds / row.file).read_text(encoding="utf-8")):
            assert body.casefold() in mine, (row.source_id, body)
            found.append((row.source_id, body))
    assert ("A003", "Ủy ban quốc gia về Chính phủ điện tử") in found


def test_the_un_report_relayed_is_in_the_note_and_not_an_origin(seeds: Path) -> None:
    """Each article relaying the UN Survey report says so in its note (quoting the article),
    and the report is no origin: two articles relaying it are not one source of a domestic
    figure. The column's header says it is about domestic figures."""
    known = _known()
    origins = rules.origins(known)
    relaying = []
    for row in known[known["kind"] == "press"].itertuples():
        text = (seeds / row.file).read_text(encoding="utf-8")
        if re.search(r"báo cáo khảo sát.{0,80}Liên Hợp Quốc|Liên Hợp Quốc.{0,40}báo cáo khảo sát",
                     text, re.IGNORECASE):
            relaying.append(row.source_id)
            assert "báo cáo Khảo sát của Liên Hợp Quốc" in row.note, row.source_id
            quoted = re.findall(r"«([^»]*)»", row.note)
            assert any("Liên Hợp Quốc" in q and q in text for q in quoted), row.source_id
        assert not any("Liên Hợp Quốc" in o for o in origins.get(row.source_id, ())), row
    assert relaying == ["A000", "A001", "A003"]
    assert "trong nước" in sources_chapter.HEADER_ORIGIN
