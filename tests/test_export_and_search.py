"""The standalone export pastes glued values into the prose; the search indexes words as
written and without diacritics, and keeps numbers."""

from __future__ import annotations

import nbformat
from myst_nb.ext.glue import GLUE_PREFIX

from egovbook.publish import export
from egovbook.publish.sphinx_ext import NUMBER_PREFIX, SearchVietnamese, fold


def glue_output(name: str, plain: str) -> nbformat.NotebookNode:
    """An output as :func:`egovbook.chapters.report.glue_text` displays it."""
    return nbformat.v4.new_output(
        "display_data", data={GLUE_PREFIX + "text/plain": plain},
        metadata={"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}})


def notebook(*markdown: str) -> nbformat.NotebookNode:
    code = nbformat.v4.new_code_cell("report.glue_all(...)")
    code.outputs = [glue_output("egdi", repr("0,7709")), glue_output("rank", repr("71/193")),
                    glue_output("raw", "not a literal"),
                    nbformat.v4.new_output("display_data", data={"text/plain": "'x'"})]
    return nbformat.v4.new_notebook(cells=[code, *map(nbformat.v4.new_markdown_cell, markdown)])


def test_glued_values_are_the_texts_the_notebook_glued() -> None:
    # repr() of the text is unquoted; an output that is no Python literal is kept as it is;
    # outputs without a glue name are not values.
    assert export.glued_values(notebook()) == {"egdi": "0,7709", "rank": "71/193",
                                              "raw": "not a literal"}


def test_paste_glue_fills_the_prose_and_reduces_roles_to_text() -> None:
    nb = notebook("EGDI {glue:text}`egdi:s`, hạng {glue}`rank` ({numref}`tbl-egdi-theo-nam`).",
                  "Không có glue ở đây.")
    resources = {"metadata": {"name": "01"}}
    out, res = export.paste_glue(nb, resources)
    assert res is resources
    assert out.cells[1].source == "EGDI 0,7709, hạng 71/193 (tbl-egdi-theo-nam)."
    assert out.cells[2].source == "Không có glue ở đây."
    assert out.cells[0].source == "report.glue_all(...)"  # code is left alone


def test_fold_removes_diacritics_and_case() -> None:
    assert fold("Đông Nam Á") == "dong nam a"
    assert fold("CHỈ SỐ DỊCH VỤ") == "chi so dich vu"
    assert fold("Nguyễn") == fold("Nguye\u0302\u0303n") == "nguyen"  # composed or not
    assert fold("đường") == "duong"


def test_search_indexes_each_word_as_written_and_folded() -> None:
    search = SearchVietnamese({})
    # «cổng» is found as typed, not on every page that says «công»; «chi» finds «Chỉ».
    assert search.split("Cổng công Chỉ") == ["Cổng", "cong", "công", "cong", "Chỉ", "chi"]
    assert search.stem("Cổng") == "cổng" != search.stem("công")
    assert search.stem("chi") == "chi" and search.stem("Việt") == "việt"
    assert search.stem("2022") == NUMBER_PREFIX + "2022"  # Sphinx's query code drops digits
    assert search.stem("A004") == "a004"
    assert search.split("A004 2022") == ["A004", "2022"]
    assert search.word_filter("a") and not search.word_filter("")
    assert "@PREFIX@" not in search.js_stemmer_code
    assert f'"{NUMBER_PREFIX}" + term' in search.js_stemmer_code
