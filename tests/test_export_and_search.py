"""The search indexes words as written and without diacritics, and keeps numbers (the
standalone export is tested in tests/test_export_standalone.py)."""

from __future__ import annotations

from egovbook.publish.sphinx_ext import NUMBER_PREFIX, SearchVietnamese, fold


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
