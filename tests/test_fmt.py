"""Vietnamese formatting: the examples are the ones the style guide gives."""

import datetime as dt
import math

from egovbook import fmt


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
