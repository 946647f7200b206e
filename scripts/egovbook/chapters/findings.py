"""The key findings page: a handful of sentences, each computed by the chapter that supports it.

Every finding is a :class:`~values.Figure` phrase built from the same chapter values
the chapters glue, so the summary can never say something its chapters do not; its provenance
joins the inputs of the figures it quotes.
"""

from __future__ import annotations

from egovbook.analysis import un
from egovbook.analysis.values import Figure, Rows, merge_inputs
from egovbook.chapters import survey
from egovbook.common import fmt

NO_DOMESTIC = "Sách về quốc gia này không có phần chỉ tiêu trong nước."


def _text(value: Figure | str) -> str:
    return value.text if isinstance(value, Figure) else value


def _inputs(*values: Figure | str) -> tuple[Rows, ...]:
    rows: list[Rows] = []
    for v in values:
        if isinstance(v, Figure):
            rows.extend(v.inputs)
    return merge_inputs(rows)


def _phrase(text: str, how: str, *parts: Figure | str) -> Figure:
    return Figure(text, None, "văn bản có số liệu", how, "egovbook.chapters.findings",
                  _inputs(*parts))


def un_findings(c: survey.Context) -> dict[str, Figure | str]:
    """Findings from the three UN chapters (any member state)."""
    o = survey.overview(c)
    sub = survey.subindices(c)
    reg = survey.regional(c)
    name, year = c.s.name, c.year
    if not c.has_year:
        missing = f"{name} chưa được đánh giá trong Khảo sát năm {year}."
        return dict.fromkeys(["f_level", "f_change", "f_region", "f_components", "f_average"],
                             missing)
    out: dict[str, Figure | str] = {}
    out["f_level"] = _phrase(
        f"Năm {year}, {name} có EGDI {_text(o['egdi'])}, xếp hạng {_text(o['rank'])} theo thứ "
        f"hạng Liên Hợp Quốc công bố, thuộc nhóm EGDI {_text(o['level'])}.",
        "EGDI và thứ hạng công bố của kỳ khảo sát được chọn; nhóm theo ngưỡng của Khảo sát",
        o["egdi"], o["rank"])
    if c.prev:
        out["f_change"] = _phrase(
            f"So với kỳ {c.prev}, thứ hạng {_text(o['rank_change'])} và EGDI thay đổi "
            f"{_text(o['egdi_change'])}; đóng góp lớn nhất đến từ {_text(sub['main_component'])}"
            f" ({_text(sub['main_contribution'])}).",
            "thay đổi giữa hai kỳ; đóng góp của mỗi chỉ số thành phần bằng thay đổi của nó chia "
            "ba", o["rank_change"], o["egdi_change"], sub["main_contribution"])
    else:
        out["f_change"] = f"Năm {year} là kỳ đầu tiên {name} được đánh giá."
    out["f_region"] = _phrase(
        f"Trong {_text(o['region'])}, {name} đứng thứ {_text(o['rank_region'])}; trong "
        f"{_text(o['subregion'])}, thứ {_text(o['rank_subregion'])}; dẫn đầu tiểu vùng là "
        f"{_text(reg['leader_sub'])} (EGDI {_text(reg['leader_sub_egdi'])}).",
        "thứ hạng trong vùng và tiểu vùng theo thứ hạng công bố", o["rank_region"],
        o["rank_subregion"], reg["leader_sub_egdi"])
    row = c.s.row(year)
    strongest = max(un.COMPONENTS, key=lambda comp: row[comp])
    weakest = min(un.COMPONENTS, key=lambda comp: row[comp])
    out["f_components"] = _phrase(
        f"Trong ba thành phần của EGDI, cao nhất là {un.label(strongest)} "
        f"({_text(sub[f'{strongest}_value'])}), thấp nhất là {un.label(weakest)} "
        f"({_text(sub[f'{weakest}_value'])}).",
        "so sánh ba chỉ số thành phần công bố của kỳ", sub[f"{strongest}_value"],
        sub[f"{weakest}_value"])
    above = "cao hơn" if not _text(o["diff_world"]).startswith("-") else "thấp hơn"
    out["f_average"] = _phrase(
        f"EGDI của {name} {above} trung bình thế giới ({_text(o['avg_world'])}) "
        f"{_text(o['diff_world']).lstrip('+-')} điểm.",
        "EGDI trừ trung bình cộng không trọng số của các quốc gia thành viên",
        o["avg_world"], o["diff_world"])
    return out


def domestic_findings(quarter: str | None) -> dict[str, Figure | str]:
    """Findings of the domestic chapters and the register (Viet Nam only)."""
    from egovbook.analysis import claims
    from egovbook.chapters import domestic_chapters

    q = domestic_chapters.Quarter.load(quarter)
    t = domestic_chapters.targets_chapter(q)
    new = domestic_chapters.whats_new(q).glue
    register = claims.evaluate()
    register = register[register["country"] == "VNM"]
    summary = claims.summary_values(register, "Việt Nam")
    return {
        "f_targets": _phrase(
            f"Với số liệu có đến hết {q.vi}, các nguồn nêu {_text(t['n_targets'])} mục tiêu "
            f"khác nhau: {_text(t['status_summary'])}.",
            "đếm theo cột Đánh giá của bảng các mục tiêu", t["n_targets"], t["status_summary"]),
        "f_new": _phrase(
            f"Trong {q.vi} có {_text(new['n_new'])} số liệu mới; {_text(new['n_changed'])} so "
            f"sánh được với số liệu trước đó, {_text(new['n_not_comparable'])} có số liệu trước "
            f"nhưng không so sánh được, {_text(new['n_first'])} là lần đầu chỉ tiêu có số liệu.",
            "đếm theo bảng số liệu mới trong quý", new["n_new"], new["n_changed"],
            new["n_not_comparable"], new["n_first"]),
        "f_claims": _phrase(
            f"Sổ đối chiếu có {_text(summary['n_claims'])} con số báo chí nêu: "
            f"{_text(summary['counts_text'])}.",
            "đếm theo cột Kết luận của sổ đối chiếu", summary["n_claims"]),
    }


DOMESTIC_TABLES = {"l_targets": "tbl-muc-tieu", "l_new": "tbl-moi-trong-quy",
                   "l_claims": "tbl-kiem-chung-dem"}


def domestic_links(domestic: bool) -> dict[str, str]:
    """MyST links to the tables behind the domestic findings; empty where they don't exist."""
    return {key: f"(xem {{numref}}`{label}`)" if domestic else ""
            for key, label in DOMESTIC_TABLES.items()}


def all_findings(s: un.Survey, year: int | None, quarter: str | None,
                 domestic: bool) -> dict[str, Figure | str]:
    c = survey.Context.of(s, year)
    out = {"name": s.name, "year": fmt.year(c.year), **un_findings(c)}
    if domestic:
        out.update(domestic_findings(quarter))
    else:
        out.update(dict.fromkeys(["f_targets", "f_new", "f_claims"], NO_DOMESTIC))
    return out


# The quarterly files, targets and press register are Viet Nam's (chapters 4–7 declare
# ``countries: [VNM]`` in their metadata).
DOMESTIC_COUNTRIES = {"VNM"}


def has_domestic(country: str) -> bool:
    return country in DOMESTIC_COUNTRIES
