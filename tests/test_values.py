"""The values registry: traced arithmetic, the golden snapshot, and provenance in the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from egovbook.analysis import un, values
from egovbook.common import fmt

from conftest import ROOT


def test_traced_difference_keeps_both_rows_and_exact_decimals() -> None:
    s = un.Survey.for_country("VNM")
    gap = s.traced("hci", 2024) - s.traced("hci", 2022)
    # 0.72665 - 0.6903 is exactly 0.03635: no binary noise in the exact value.
    assert values.exact_text(gap.value) == "0.03635"
    assert [r.keys for r in gap.inputs] == [("year=2024 iso3=VNM", "year=2022 iso3=VNM")]
    figure = gap.show(fmt.signed, 4)
    assert figure.text == "+0,0364" and figure.exact == "0.03635"


def test_places_gained_is_earlier_minus_later() -> None:
    s = un.Survey.for_country("VNM")
    moved = s.traced_rank("osi", 2018).places_gained(s.traced_rank("osi", 2020))
    assert moved.value == -22  # 59th → 81st, the press's "−22"


def test_missing_values_stay_missing_through_arithmetic() -> None:
    s = un.Survey.for_country("SSD")
    assert (s.traced("egdi", 2024) - s.traced("egdi", 2008)).value is None


def test_differences_are_listed_readably() -> None:
    old = {"values": {"a::x": {"text": "0,7266", "exact": "0.72665"}, "a::y": {"text": "1"}}}
    new = {"values": {"a::x": {"text": "0,7267", "exact": "0.72665"}, "a::z": {"text": "2"}}}
    diffs = values.differences(old, new)
    assert [(d["key"], d["kind"]) for d in diffs] == [("a::x", "đổi"), ("a::y", "bỏ"),
                                                      ("a::z", "mới")]
    assert "«0,7266» (0.72665) → «0,7267» (0.72665)" in values.render_differences(diffs)


@pytest.mark.slow
def test_build_matches_the_reviewed_golden_values(built_book: Path) -> None:
    """A change of any published figure must show here, and be accepted with `make golden`."""
    reg = values.load(built_book / values.REGISTRY_NAME)
    assert reg is not None
    golden = json.loads((ROOT / values.GOLDEN).read_text(encoding="utf-8"))
    diffs = values.differences(golden, values.snapshot(reg))
    assert not diffs, ("Giá trị khác ảnh chụp đã duyệt (chạy `make golden` nếu thay đổi là cố "
                       "ý):\n" + values.render_differences(diffs))


@pytest.mark.slow
def test_registry_names_inputs_with_their_checksums(built_book: Path) -> None:
    reg = values.load(built_book / values.REGISTRY_NAME)
    assert reg is not None
    record = json.loads((built_book / "reproducibility.json").read_text(encoding="utf-8"))
    hashes = {i["path"]: i["sha256"] for i in record["inputs"]}
    numeric = [v for v in reg["values"] if v["inputs"]]
    assert len(numeric) > 50
    for v in numeric:
        assert v["function"].startswith("egovbook."), v["key"]
        for rows in v["inputs"]:
            assert rows["sha256"] == hashes["data/" + rows["file"]], v["key"]
            assert rows["keys"], v["key"]


# Dates, years and quarters name when, not how much: they are labels, not figures.
LABELS = re.compile(r"quý [IV]+/\d{4}|\d{2}/\d{2}/\d{4}|tháng \d{2}/\d{4}|\b(19|20)\d{2}\b")


def _is_figure(text: str) -> bool:
    return any(ch.isdigit() for ch in LABELS.sub("", text))


def test_labels_are_not_figures() -> None:
    assert not _is_figure("quý IV/2019, quý I/2020 và quý III/2022")
    assert not _is_figure("26/08/2020") and not _is_figure("2024")
    assert _is_figure("12") and _is_figure("0,7267") and _is_figure("tăng 15 bậc")


def _pages(html: Path) -> list[Path]:
    return sorted([*(html / "book").glob("*.html"), *(html / "notebooks").glob("*.html")])


@pytest.mark.slow
def test_every_number_in_prose_opens_its_provenance(built_book: Path) -> None:
    """Each glued value with a digit is a button described by its provenance popup."""
    bare: dict[str, list[str]] = {}
    checked = 0
    for page in _pages(built_book):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for pasted in doc.select(".pasted-text"):
            if not _is_figure(pasted.get_text()):
                continue
            # A glued sentence is words with a button for each number it quotes.
            inner = pasted.select("button.egv-num") if pasted.find_parent(
                class_="egv-sentence") else []
            buttons = inner or [pasted.find_parent("button", class_="egv-num")]
            for button in buttons:
                popup = doc.find(id=button["aria-describedby"]) if button else None
                if popup is None or "Cách tính" not in popup.get_text():
                    bare.setdefault(page.name, []).append(pasted.get_text())
                else:
                    checked += 1
    assert not bare, bare
    assert checked > 60  # the default book's prose states about seventy figures
