"""Sentences live in Markdown files (notebooks/prose, book/prose): how a file is read."""

from __future__ import annotations

import pytest

from egovbook.analysis.values import Figure, Rows
from egovbook.chapters import prose


def test_blocks_join_wrapped_lines_and_keep_paragraphs() -> None:
    blocks = prose.parse("# Tệp\n<!-- ghi chú cho người biên tập -->\n## a\nNăm {{ year }},\n"
                         "{{ name }} có EGDI.\n\nĐoạn hai.\n## b.how\nmột dòng\n")
    assert blocks == {"a": "Năm {{ year }}, {{ name }} có EGDI.\n\nĐoạn hai.",
                      "b.how": "một dòng"}


def test_notes_for_editors_over_several_lines_are_dropped() -> None:
    blocks = prose.parse("## a\nmột\n<!-- ghi chú\ntrên hai dòng -->\nhai\n")
    assert blocks == {"a": "một hai"}


def test_a_block_named_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="hai lần"):
        prose.parse("## a\nx\n## a\ny\n")


def test_a_sentence_quotes_figures_and_joins_their_rows(tmp_path, monkeypatch) -> None:
    (tmp_path / "_config.yml").write_text("title: t\n", encoding="utf-8")
    (tmp_path / "notebooks" / "prose").mkdir(parents=True)
    (tmp_path / "notebooks" / "prose" / "99_thu.md").write_text(
        "## s\nEGDI {{ egdi }}{% if up %}, tăng{% endif %}.\n", encoding="utf-8")
    monkeypatch.setenv("EGOVBOOK_ROOT", str(tmp_path))
    rows = Rows("un_egov.csv", ("year=2024 iso3=VNM",), ("egdi",), "Việt Nam, năm 2024")
    egdi = Figure("0,7709", "0.77091", "chỉ số", "công bố", "f", (rows,))
    said = prose.figure("99_thu", "s", "câu", "egovbook.tests", egdi=egdi, up=True)
    assert said.text == "EGDI 0,7709, tăng."
    assert said.inputs == (rows,)
    with pytest.raises(prose.ProseError):
        prose.text("99_thu", "khong_co")
    with pytest.raises(Exception, match="up"):  # a value the sentence needs was not given
        prose.text("99_thu", "s", egdi="1")
