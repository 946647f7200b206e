"""Chapter 5's table of the national platforms and information security: each total the
article states beside the sum of its parts, and the approved systems' share of all systems.

Its words are in ``notebooks/prose/05_cong_dvc_chuyen_doi_so.md``.
"""

from __future__ import annotations

from dataclasses import replace
from operator import itemgetter
from typing import Any

from egovbook.analysis.values import Figure, exact_text
from egovbook.chapters import prose, tables
from egovbook.chapters.domestic_quarter import Quarter
from egovbook.chapters.report import PRESS_DATED, press_source
from egovbook.common import fmt, units
from egovbook.intake import domestic

PROSE = "05_cong_dvc_chuyen_doi_so"


def _say(block: str, **fields: object) -> str:
    return prose.text(PROSE, block, **fields)


PLATFORM_PARTS = {"NT_QG_TONG": ["NT_QG_CHINH_THUC", "NT_QG_THU_NGHIEM"],
                  "NT_KHAC_TONG": ["NT_KHAC_CP_SO", "NT_KHAC_KT_SO", "NT_KHAC_XH_SO"]}
SECURITY = "ATTT_HTTT_PHE_DUYET"
FN_PLATFORMS = "egovbook.chapters.domestic_platforms.platform_checks"


def platform_checks(q: Quarter) -> list[dict[str, Any]]:
    """Totals of platforms against the sum of their parts, and the approved systems' share:
    the figure stated, those stated with it, the book's operation (``phep_tinh``), its result
    and whether a sum matches; numbers also as value and word (``…_so``, ``…_tu``)."""
    rows = []
    for total, pieces in PLATFORM_PARTS.items():
        t = q.latest(total)
        if t is None:
            continue
        vals = [v for v in (q.latest(p) for p in pieces) if v is not None]
        total_parts = sum(v["value_num"] for v in vals)
        stated = [q.observation(v) for v in vals]
        summed = sum(stated[1:], stated[0]) if stated else None
        parts = "; ".join(f"{fmt.lower_first(q.name(v['indicator']))}: {fmt.number(v['value_num'])}"
                          for v in vals)
        # Each part's number opens its own row (the cell is words around several numbers).
        shown = [x.show(fmt.number) for x in stated]
        rows.append({"chi_tieu": q.name(total), "so_bai_neu": fmt.number(t["value_num"]),
                     "so_bai_neu_so": t["value_num"], "so_bai_neu_tu": t["qualifier"],
                     "kem_theo": parts,
                     "kem_theo_trace": Figure(parts, None, units.PHRASE, _say("cell.parts.how"),
                                              FN_PLATFORMS, prose.inputs_of(shown),
                                              prose.parts_of(shown)) if shown else None,
                     "phep_tinh": _say("platform.sum"), "ket_qua": fmt.number(total_parts),
                     "ket_qua_so": total_parts, "ket_qua_tu": "",
                     "khop_tong": "có" if total_parts == t["value_num"] else "không",
                     "so_bai_neu_trace": q.cell(t, fmt.number(t["value_num"])),
                     "ket_qua_trace": None if summed is None else summed.show(fmt.number)})
    sec = q.latest(SECURITY)
    if sec is not None:
        share = sec["numerator_num"] / sec["denominator_num"] * 100
        stated_sec = domestic.format_value(sec["value"], "count", sec["qualifier"],
                                           sec["quote"])
        of_total = f"trong tổng số {fmt.number(sec['denominator_num'])} hệ thống"
        result = f"{sec['qualifier']} {fmt.percent(share, 0)}".strip()
        rows.append({"chi_tieu": q.name(SECURITY), "so_bai_neu": stated_sec,
                     "so_bai_neu_so": sec["value_num"], "so_bai_neu_tu": sec["qualifier"],
                     "kem_theo": of_total,
                     "kem_theo_trace": Figure(
                         of_total, exact_text(sec["denominator_num"]), units.COUNT,
                         _say("cell.total.how"), FN_PLATFORMS,
                         tuple(replace(r, columns=("denominator",))
                               for r in q.observation(sec).inputs)),
                     "phep_tinh": _say("platform.share"), "ket_qua": result, "ket_qua_so": share,
                     "ket_qua_tu": sec["qualifier"], "khop_tong": fmt.MISSING,
                     "so_bai_neu_trace": q.cell(sec, stated_sec),
                     "ket_qua_trace": Figure(result, exact_text(share), units.PERCENT,
                                             _say("cell.share.how"), FN_PLATFORMS, tuple(
                                                 replace(r, columns=("numerator", "denominator"))
                                                 for r in q.observation(sec).inputs))})
    return rows


def platform_table(q: Quarter) -> tables.Table:
    """Chapter 5: platforms and information security, sums and shares checked; each header is
    true of every row, which says its operation (review 7, C4)."""
    stated = q.obs[q.obs["indicator"].str.startswith(("NT_", "ATTT_HTTT"))]
    found = platform_checks(q)

    def number(header: str, key: str) -> tables.Col:  # a figure: value and word in the file
        return tables.right(header, itemgetter(key), {
            key: itemgetter(f"{key}_so"), f"{key}_tu": lambda r: r[f"{key}_tu"] or None},
            itemgetter(f"{key}_trace"), {key: header, f"{key}_tu": f"Từ kèm số ({header})"})

    return tables.Table(
        "tbl-nen-tang-attt", _say("tbl-nen-tang-attt"), found, [
            tables.text("Chỉ tiêu", "chi_tieu"),
            number("Số liệu bài nêu", "so_bai_neu"),
            tables.Col("Số liệu bài nêu kèm theo", itemgetter("kem_theo"),
                       {"kem_theo": itemgetter("kem_theo")},
                       trace=itemgetter("kem_theo_trace")),
            tables.text("Phép tính", "phep_tinh"),
            number("Kết quả", "ket_qua"),
            tables.Col("Khớp với số liệu bài nêu", itemgetter("khop_tong"),
                       {"khop_tong": lambda r: None if r["khop_tong"] == fmt.MISSING
                        else r["khop_tong"]}),
        ], units=units.line(units.of_columns(["Số liệu bài nêu"], [units.COUNT]), units.of_columns(
            ["Kết quả"], [units.PERCENT if r["ket_qua"].endswith("%") else units.COUNT
                          for r in found])),
        source=press_source(stated["source_id"]), retrieved=PRESS_DATED,
        empty=_say("tbl-nen-tang-attt.empty", quarter=q.vi))
