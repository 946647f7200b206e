"""Each chapter links the code it ran, for reviewers: one offline HTML file (nbconvert) with
every code cell of the committed notebook, the parameters the build injected and the outputs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

pytestmark = pytest.mark.slow


def _code_page(book: Path, stem: str) -> Path:
    chapter = book / "notebooks" / f"{stem}.html"
    soup = BeautifulSoup(chapter.read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("a[href]") if a["href"].endswith(f"{stem}-ma.html")]
    assert len(links) == 1, (stem, links)
    return (chapter.parent / links[0]).resolve()


@pytest.mark.parametrize("stem", ["01_tong_quan_egdi", "04_chi_tieu_trong_nuoc"])
def test_a_chapter_links_its_code_with_parameters_and_outputs(built_book: Path,
                                                              stem: str) -> None:
    page = _code_page(built_book, stem)
    html = page.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "vi"
    assert soup.title.get_text().startswith("Mã tính toán: ")
    shown = re.sub(r"\s+", " ", soup.get_text(" "))
    compact = re.sub(r"\s+", "", soup.get_text())
    # Every code cell the build ran: those the book hides (parameters, imports) too, and the
    # parameters the build injected for this edition.
    executed = built_book.parents[1] / "_build" / "stage" / "notebooks" / f"{stem}.ipynb"
    notebook = json.loads(executed.read_text(encoding="utf-8"))
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in cells)
    committed = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    assert len(cells) == 1 + sum(c["cell_type"] == "code" for c in committed["cells"])
    assert cells
    for cell in cells:
        # Every line of code the chapter ran is on the page (the highlighter splits tokens into
        # spans: compared without white space).
        for line in "".join(cell["source"]).splitlines():
            assert re.sub(r"\s+", "", line) in compact, (stem, line)
    assert "{glue" not in shown  # the prose is pasted, as the chapter shows it
    assert soup.select(".jp-OutputArea img, .jp-OutputArea table")  # a chart or a table ran
    # Offline: nothing is loaded from the network.
    assert not re.search(r'(?:src|href)="https?:', html)
