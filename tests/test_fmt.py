"""Vietnamese formatting: the examples are the ones the style guide gives."""

import datetime as dt
import math

from egovbook.common import fmt


def test_index_four_decimals_with_decimal_comma() -> None:
    assert fmt.index(0.6667) == "0,6667"
    assert fmt.index(0.66667) == "0,6667"
    assert fmt.index(0.5) == "0,5000"


def test_thousands_use_a_dot() -> None:
    assert fmt.number(1039) == "1.039"
    assert fmt.number(6842) == "6.842"
    assert fmt.number(122_700_000) == "122.700.000"


def test_percent_has_comma_and_no_break_space() -> None:
    assert fmt.percent(15.91) == "15,91\u00a0%"
    assert fmt.percent(0.1591, ratio=True) == "15,91\u00a0%"


def test_dates_are_day_month_year() -> None:
    assert fmt.date(dt.date(2020, 8, 26)) == "26/08/2020"
    assert fmt.date("2022-08-08") == "08/08/2022"


def test_signed_changes_and_rank_words() -> None:
    assert fmt.signed(2) == "+2"
    assert fmt.signed(-22) == "-22"
    assert fmt.signed(0.0922, 4) == "+0,0922"
    assert fmt.rank_change(88, 86) == "tăng 2 bậc"
    assert fmt.rank_change(59, 81) == "giảm 22 bậc"
    assert fmt.rank_change(86, 86) == "giữ nguyên thứ hạng"
    assert fmt.change(0.0922, 4) == "tăng 0,0922"
    assert fmt.change("-0.01345", 4) == "giảm 0,0135"  # half up, from the decimal text
    assert fmt.change(0, 4) == "không đổi"
    assert fmt.change("0.00004", 4) == "gần như không đổi"


def test_ranks_and_years() -> None:
    assert fmt.rank(86, 193) == "86/193"
    assert fmt.year(2020) == "2020"


def test_missing_values_never_show_nan() -> None:
    for func in (fmt.index, fmt.number, fmt.percent, fmt.signed, fmt.rank, fmt.year):
        assert func(math.nan) == fmt.MISSING
        assert func(None) == fmt.MISSING


def test_join_vi() -> None:
    assert fmt.join_vi(["a", "b", "c"]) == "a, b và c"
    assert fmt.join_vi(["a"]) == "a"


def test_half_cases_round_up_from_the_published_text() -> None:
    # Viet Nam's HCI 2024 is published as 0.72665; the printed Survey shows 0.7267.
    assert fmt.index(0.72665) == "0,7267"
    assert fmt.index(0.12345) == "0,1235"  # float 0.12345 is stored just below the half
    assert fmt.number(2.5) == "3" and fmt.number(0.5) == "1"
    assert fmt.percent(82.65, 1) == "82,7\u00a0%"
    # Ties round away from zero on both sides, so a change and its opposite mirror each other.
    assert fmt.signed(-0.00125, 4) == "-0,0013"
    assert fmt.signed(0.00125, 4) == "+0,0013"


def test_differences_of_published_values_are_exact() -> None:
    # 0.77092 - 0.64567 is exactly 0.12525 (a tie); the float gives 0.12524999999999997.
    assert fmt.index(0.77092 - 0.64567) == "0,1253"
    assert fmt.exact(0.1 + 0.2) == fmt.exact(0.3)
    assert fmt.signed(0.1 + 0.2 - 0.3, 4) == "0,0000"


def test_module_examples() -> None:
    import doctest

    assert doctest.testmod(fmt).failed == 0
