"""Tables declared once: the view and its CSV come from one declaration."""

from __future__ import annotations

import doctest

import pytest

from egovbook.chapters import domestic_indicators, domestic_quarter, tables


def test_module_examples() -> None:
    assert doctest.testmod(tables).failed == 0


def test_csv_names_are_snake_case_and_unique() -> None:
    with pytest.raises(ValueError, match="snake_case"):
        tables.Col("Năm", str, {"Năm": str})
    cols = [tables.Col("A", str, {"x": str}), tables.Col("B", str, {"x": str})]
    with pytest.raises(ValueError, match="hai lần"):
        tables.frames([1], cols)


def test_targets_table_view_and_csv_agree() -> None:
    q = domestic_quarter.Quarter.load("2022Q3")
    assessments = q.assessments()
    shown, data = tables.frames(assessments, domestic_indicators.target_columns(q))
    assert len(shown) == len(data) == len(assessments)
    # An approximate figure gives an approximate gap; a count has no decimals.
    m4 = shown[shown["Chỉ tiêu"].str.startswith("Tỷ lệ dịch vụ công trực tuyến mức độ 4")]
    # (The 30 % target whose articles give no scope has no figure to compare: «—».)
    assert set(m4["Còn thiếu"]) == {"—", "khoảng 34,09 điểm phần trăm"}
    count = shown[shown["Chỉ tiêu"] == q.name("DVC_M4_SO_LUONG")]
    # The article says «ở mức 1.000»: a round level, so the gap to 2.000 is approximate too.
    assert count["Còn thiếu"].iloc[0] == "khoảng 1.000"
    assert count["Số liệu gần nhất"].iloc[0].startswith("ở mức 1.000")
    assert all(tables.SNAKE.match(c) for c in data.columns)
