"""Guillemets in the claims register's notes mark the articles' own words, nothing else.

The «Trích dẫn» column quotes the articles verbatim, so a «…» in a note reads as a quotation
too: it must hold text that occurs in the article (the row's article or one the note names).
The book's own renderings of a figure («mục tiêu 50 %», «khoảng 15,91 %») are written plainly.
The checks run on the real register (every claim, its generated and compiled notes).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from egovbook.analysis import claims
from egovbook.analysis import claims_rules as rules
from egovbook.intake import quarterly

from conftest import ROOT

QUOTED = re.compile(r"«([^»]*)»")
ARTICLE = re.compile(r"(?<![\w-])A\d{3}(?![\w-])")


def _register() -> list[dict[str, str]]:
    evaluated = claims.evaluate()
    return [{"id": r["claim_id"], "source": r["source_id"], "note": claims.note_text(r),
             "claimed": r["claimed_text"], "recomputed": r["recomputed_text"]}
            for _, r in evaluated.iterrows()]


def _quotes_of_data() -> dict[str, list[str]]:
    """Every quote the data files hold, by article (each is verbatim: test_validate_claims)."""
    out: dict[str, list[str]] = {}
    files = [ROOT / "data" / "claims.csv", ROOT / "data" / "domestic" / "targets.csv",
             *sorted((ROOT / "data" / "quarterly").glob("*.csv"))]
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                out.setdefault(row["source_id"], []).append(row["quote"])
    return out


def _quoted_renderings(register: list[dict[str, str]]) -> list[tuple[str, str]]:
    """The «…» of the notes that hold a rendering of the book's and no article's words."""
    rendered = {r["claimed"] for r in register} | {r["recomputed"] for r in register}
    said = {q for quotes in _quotes_of_data().values() for q in quotes}
    return [(r["id"], q) for r in register for q in QUOTED.findall(r["note"])
            if q in rendered and not any(q in s for s in said)]


def test_the_books_renderings_of_figures_are_not_in_guillemets() -> None:
    """A «…» in a note is never the book's way of writing a figure (the register's «Báo chí
    nêu» / «Giá trị đối chiếu» texts), unless an article writes it so too."""
    register = _register()
    assert not _quoted_renderings(register)
    # The generated sentences still say what the other articles state (the check has notes
    # to look at: «Bài A001 cũng nêu 8, …»).
    assert any(re.search(r"cũng nêu \d", r["note"]) for r in register)


def test_the_rendering_check_finds_a_quoted_rendering() -> None:
    """The check itself: the reviewer's kind of note («bài A003 nêu «mục tiêu 50 %»», a
    figure of the register in guillemets) is found."""
    register = _register()
    target = next(r for r in register if r["claimed"].startswith("mục tiêu"))
    register.append({**target, "id": "X", "note": f"Bài {target['source']} nêu "
                     f"«{target['claimed']}»."})
    assert _quoted_renderings(register) == [("X", target["claimed"])]


def test_every_guillemet_in_a_note_holds_the_articles_words(seeds: Path) -> None:
    files = {}
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["file"]:
                files[row["source_id"]] = (seeds / row["file"]).read_text(encoding="utf-8")
    checked, wrong = 0, []
    for r in _register():
        articles = {r["source"], *ARTICLE.findall(r["note"])}
        for q in QUOTED.findall(r["note"]):
            checked += 1
            if not any(q in files.get(a, "") for a in articles):
                wrong.append((r["id"], q))
    assert not wrong, wrong
    assert checked >= 10, checked


def test_every_body_an_article_reports_from_is_recorded(seeds: Path) -> None:
    """Review 9, B2: an article that writes «Theo báo cáo của X» relays X; the sources table
    records X among its ``relays`` (so the independence rule sees it), and an article that
    opens on a numbered session records that session as its event."""
    known = claims.load_sources().fillna("")
    origins = rules.origins(known)
    checked = 0
    for row in known[known["kind"] == "press"].itertuples():
        text = (seeds / row.file).read_text(encoding="utf-8")
        for body in re.findall(r"Theo báo cáo của ([^,.]+)", text):
            assert body.strip() in origins.get(row.source_id, ()), (row.source_id, body)
            checked += 1
        for session in re.findall(r"Phiên họp thứ \d+ của Ủy ban", text):
            assert session.lower() in row.event.lower(), (row.source_id, session)
    assert checked >= 2


def test_a_scope_in_a_note_is_labelled() -> None:
    """Review 9, C2: a row's scope («Trung bình cả nước.») stuck bare onto a verdict's note read
    as a broken sentence; the note labels it «Phạm vi: …». Review 11, C4: a note that is not a
    scope (the conference's date, the names of the units counted) has its own label and is
    never called a scope."""
    raw = quarterly.load_observations()
    labelled = re.compile(r"(Bài|Câu) |[^\s:;,.]+(?: [^\s:;,.]+){0,2}:")
    scopes = {n for n in raw["scope_note"] if n and not labelled.match(n)}
    own = {n for n in raw["scope_note"] if n and labelled.match(n) and not re.match("Bài|Câu", n)}
    assert "Trung bình cả nước." in scopes and "Ngày: ngày của hội nghị." in own
    assert any(n.startswith("Các bộ: Bộ Y tế và Bộ Thông tin và Truyền thông.") for n in own)
    notes = " ".join(claims.note_text(r) for _, r in claims.evaluate().iterrows())
    for scope in scopes:
        labels = ["Phạm vi: " + scope[:1].lower() + scope[1:], "Phạm vi: " + scope]
        assert any(label in notes for label in labels), scope
        rest = notes.replace(labels[0], "").replace(labels[1], "")
        assert not re.search(r"(^|[.:] )" + re.escape(scope), rest), scope
    for note in own:
        assert note in notes and "Phạm vi: " + note not in notes, note
    assert not re.search(r"Phạm vi: (số bộ|số tỉnh|ngày)", notes, re.IGNORECASE)
