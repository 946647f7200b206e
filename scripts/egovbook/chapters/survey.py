"""What the three UN chapters state: their glued figures and the tables their counts refer to.

Each function returns the values a notebook glues (``name → Figure or text``) or a table
declared once (:class:`tables.Table`: the view and its CSV), so that the notebook only
calls it, plots and shows tables. Every count stated about a table is computed from the frame
that table shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter

import pandas as pd

from egovbook.analysis import un
from egovbook.analysis.values import Figure, Traced, counted, exact_text, phrase
from egovbook.chapters import tables
from egovbook.common import fmt

SUB = ["osi", "tii", "hci", "epi"]
# A computed rank is fragile when this many members lie within FRAGILE_BAND of the value.
FRAGILE_BAND = 0.02
FRAGILE_COUNT = 10

Glue = dict[str, Figure | str]


@dataclass
class Context:
    """The survey years a chapter covers for one country, up to the chosen year."""

    s: un.Survey
    year: int
    years: list[int]  # every survey year up to ``year``
    assessed: list[int]  # those in which the country was assessed

    @classmethod
    def of(cls, s: un.Survey, year: int | None) -> Context:
        year = int(year or s.years[-1])
        years = [y for y in s.years if y <= year]
        series = s.series().reindex(years)
        assessed = [y for y in years if pd.notna(series.loc[y, "egdi"])]
        return cls(s, year, years, assessed)

    @property
    def prev(self) -> int | None:
        """The previous survey in which the country was assessed."""
        earlier = [y for y in self.assessed if y < self.year]
        return earlier[-1] if earlier else None

    @property
    def has_year(self) -> bool:
        return self.year in self.assessed


def records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of a frame as mappings, for a declared table (its index as a column)."""
    named = frame.index.name is not None
    return (frame.reset_index() if named else frame).to_dict("records")


def _threshold(value: float) -> Figure:
    return Figure(fmt.number(value, 2), str(value), "EGDI", "ngưỡng phân nhóm EGDI theo phương "
                  "pháp của Khảo sát Liên Hợp Quốc", "egovbook.analysis.un.LEVELS")


def overview(c: Context) -> Glue:
    """Chapter 1: EGDI value, ranks, group, trajectory and comparison with averages."""
    s, year = c.s, c.year
    out: Glue = {
        "name": s.name, "year": fmt.year(year),
        "first_year": fmt.year(c.assessed[0]) if c.assessed else fmt.MISSING,
        "n_surveys": counted(len(c.assessed), "số kỳ khảo sát có đánh giá quốc gia này, đến "
                             "năm được chọn", "egovbook.chapters.survey.Context"),
        "region": s.scope_name("region"), "subregion": s.scope_name("subregion"),
        **{f"t_{code}": _threshold(floor) for code, _, floor in un.LEVELS},
    }
    size = s.traced_size(year)
    egdi = s.traced("egdi", year)
    out["egdi"] = egdi.show(fmt.index)
    out["rank"] = s.traced_rank("egdi", year).show(lambda r: fmt.rank(r, size.value))
    for scope, key in (("region", "rank_region"), ("subregion", "rank_subregion")):
        n = s.scope_size(year, scope)
        out[key] = s.traced_rank("egdi", year, scope).show(lambda r, n=n: fmt.rank(r, n))
    level_now = un.level(float(egdi.value))[1] if c.has_year else fmt.MISSING
    out["level"] = level_now.lower()
    levels = s.levels().reindex(c.assessed)
    same = levels.index[levels["level"] == level_now]
    out["first_level_year"] = fmt.year(same[0]) if len(same) else fmt.MISSING
    prev = c.prev
    out["prev_year"] = fmt.year(prev) if prev else fmt.MISSING
    if prev and c.has_year:
        gained = s.traced("egdi_rank", prev).places_gained(s.traced("egdi_rank", year))
        out["rank_change"] = gained.show(
            lambda g: fmt.rank_change(g, 0), how=f"thứ hạng EGDI công bố kỳ {prev} trừ thứ "
            f"hạng kỳ {year} (dương là tăng hạng)")
        out["egdi_change"] = (egdi - s.traced("egdi", prev)).show(fmt.signed, 4)
    else:
        out["rank_change"] = "chưa có kỳ trước để so sánh"
        out["egdi_change"] = fmt.MISSING
    ranks = s.series().reindex(c.assessed)["egdi_rank"].astype(float)
    if len(ranks):
        best, worst = int(ranks.idxmin()), int(ranks.idxmax())
        out["best_rank"] = s.traced("egdi_rank", best).show()
        out["best_year"] = fmt.year(best)
        out["worst_rank"] = s.traced("egdi_rank", worst).show()
        out["worst_year"] = fmt.year(worst)
        out["egdi_first"] = s.traced("egdi", c.assessed[0]).show(fmt.index)
    else:
        out.update(best_rank=fmt.MISSING, best_year=fmt.MISSING, worst_rank=fmt.MISSING,
                   worst_year=fmt.MISSING, egdi_first=fmt.MISSING)
    for scope, suffix in (("world", "world"), ("region", "region"), ("subregion", "subregion")):
        mean = s.traced_mean("egdi", year, scope)
        out[f"avg_{suffix}"] = mean.show(fmt.index)
        out[f"diff_{suffix}"] = (egdi - mean).show(fmt.signed, 4)
    out["n_region"] = s.traced_size(year, "region").show()
    out["n_subregion"] = s.traced_size(year, "subregion").show()
    return out


def egdi_by_year(c: Context) -> tables.Table:
    """Chapter 1: EGDI, published world rank, ranks in region and sub-region, and group."""
    s, years = c.s, c.years
    series = s.series().loc[years]
    region, sub = (s.rank_table(scope).loc[years] for scope in ("region", "subregion"))
    rows = records(pd.DataFrame({
        "nam": years, "egdi": series["egdi"].values, "hang_the_gioi": series["egdi_rank"].values,
        "hang_vung": region["egdi"].values, "hang_tieu_vung": sub["egdi"].values,
        "nhom": s.levels().loc[years, "level"].values, "n_vung": region["size"].values,
        "n_tieu_vung": sub["size"].values}))
    return tables.Table("tbl-egdi-theo-nam", f"EGDI, thứ hạng và nhóm mức độ của {s.name} qua "
                        "các kỳ khảo sát.", rows, [
        tables.Col("Năm khảo sát", lambda r: fmt.year(r["nam"]), {"nam": itemgetter("nam")}),
        tables.right("EGDI", lambda r: fmt.index(r["egdi"]), {"egdi": itemgetter("egdi")}),
        tables.right("Hạng thế giới (công bố)",
                     lambda r: fmt.rank(r["hang_the_gioi"], s.scope_size(r["nam"], "world")),
                     {"hang_the_gioi": itemgetter("hang_the_gioi")}),
        tables.right(f"Hạng trong {s.scope_name('region')}",
                     lambda r: fmt.rank(r["hang_vung"], r["n_vung"]),
                     {"hang_vung": itemgetter("hang_vung")}),
        tables.right(f"Hạng trong {s.scope_name('subregion')}",
                     lambda r: fmt.rank(r["hang_tieu_vung"], r["n_tieu_vung"]),
                     {"hang_tieu_vung": itemgetter("hang_tieu_vung")}),
        tables.right("Nhóm EGDI", itemgetter("nhom"), {"nhom": itemgetter("nhom")}),
    ])


def egdi_averages(c: Context) -> tables.Table:
    """Chapter 1: the country's EGDI beside the unweighted means of its scopes."""
    s = c.s
    rows = records(s.averages("egdi").loc[c.years])

    def mean(header: str, scope: str, name: str) -> tables.Col:
        return tables.right(header, lambda r: fmt.index(r[scope]), {name: itemgetter(scope)})

    return tables.Table("tbl-egdi-trung-binh", f"EGDI của {s.name} và các giá trị trung bình theo "
                        "kỳ khảo sát.", rows, [
        tables.Col("Năm khảo sát", lambda r: fmt.year(r["year"]), {"nam": itemgetter("year")}),
        mean(s.name, "country", "egdi"),
        mean("Trung bình thế giới", "world", "tb_the_gioi"),
        mean(f"Trung bình {s.scope_name('region')}", "region", "tb_vung"),
        mean(f"Trung bình {s.scope_name('subregion')}", "subregion", "tb_tieu_vung"),
        tables.right("Chênh với thế giới", lambda r: fmt.signed(r["country"] - r["world"], 4)),
    ])


# --- chapter 2 ------------------------------------------------------------------------------


def tie_table(s: un.Survey, year: int) -> pd.DataFrame:
    """Cases up to ``year`` where the tie rule changes the country's rank or rank change.

    ``change_differs`` is true only where both surveys exist and the rules disagree on the
    change: a first survey has no change to differ.
    """
    ties = s.tie_sensitivity()
    if ties.empty:
        return ties.assign(change_differs=pd.Series(dtype=bool))
    ties = ties[ties["year"] <= year].reset_index(drop=True)
    both = ties["change_min"].notna() & ties["change_max"].notna()
    ties["change_differs"] = both & (ties["change_min"] != ties["change_max"])
    return ties


def published_decimals(s: un.Survey, index: str, year: int) -> int:
    """Decimals the Survey really used for a column in a year (trailing zeros are padding)."""
    key = ("decimals", index, year)
    if key not in s.cache:
        values = s.data.loc[s.data["year"] == year, index].dropna()
        places = [max(0, -fmt.exact(v).normalize().as_tuple().exponent)  # type: ignore[operator]
                  for v in values]
        s.cache[key] = int(max(places, default=5))  # type: ignore[assignment]
    return int(s.cache[key])  # type: ignore[call-overload]


def consistency(s: un.Survey, years: list[int]) -> pd.DataFrame:
    """Published EGDI minus the mean of its published components, against rounding.

    The largest gap rounding alone can make is half a unit of the last decimal used, on the
    EGDI and on each component (their mean errs by at most the same half unit).
    """
    series = s.series().reindex(years)
    rows = []
    for y in years:
        row = series.loc[y]
        if any(pd.isna(row[c]) for c in ("egdi", *un.COMPONENTS)):
            continue
        gap = fmt.exact(row["egdi"]) - sum(fmt.exact(row[c]) for c in un.COMPONENTS) / 3
        half = {ix: Decimal(5).scaleb(-published_decimals(s, ix, y) - 1)
                for ix in ("egdi", *un.COMPONENTS)}
        tol = half["egdi"] + max(half[ix] for ix in un.COMPONENTS)
        rows.append({"year": y, "gap": gap, "tolerance": tol, "beyond": abs(gap) > tol})
    return pd.DataFrame(rows, columns=["year", "gap", "tolerance", "beyond"])


def fragile_ranks(s: un.Survey, year: int) -> pd.DataFrame:
    """For each computed rank, how many members lie within ±FRAGILE_BAND of the country."""
    frame = s.members("world", year)
    own = s.row(year) if year in s.years else None
    rows = []
    for ix in SUB:
        if own is None or pd.isna(own[ix]):
            continue
        # Exact decimals: a member exactly 0,02 away is within the band.
        mine, band = fmt.exact(own[ix]), fmt.exact(FRAGILE_BAND)
        near = sum(abs(fmt.exact(v) - mine) <= band for v in frame[ix].dropna()) - 1
        rows.append({"index": ix, "near": near, "fragile": near >= FRAGILE_COUNT})
    return pd.DataFrame(rows, columns=["index", "near", "fragile"])


def subindices(c: Context) -> Glue:
    s, year, prev = c.s, c.year, c.prev
    out: Glue = {"name": s.name, "year": fmt.year(year),
                 "prev_year": fmt.year(prev) if prev else fmt.MISSING}
    for ix in SUB:
        n = s.scope_size(year, "world", ix)
        now = s.traced_rank(ix, year)
        out[f"{ix}_value"] = s.traced(ix, year).show(fmt.index)
        out[f"{ix}_rank"] = now.show(lambda r, n=n: fmt.rank(r, n))
        if prev:
            before = s.traced_rank(ix, prev)
            out[f"{ix}_change"] = before.places_gained(now).show(
                lambda g: fmt.rank_change(g, 0),
                how=f"hạng {un.SHORT[ix]} tính lại kỳ {prev} trừ hạng kỳ {year}")
        else:
            out[f"{ix}_change"] = fmt.MISSING
    decomp = s.decomposition()
    if prev and c.has_year and year in decomp.index:
        last = decomp.loc[year]
        main = max(un.COMPONENTS, key=lambda comp: abs(last[comp]))
        d_main = s.traced(main, year) - s.traced(main, prev)
        out["main_component"] = un.label(main)
        out["main_contribution"] = Traced(
            d_main.value / 3 if d_main.value is not None else None,
            f"({d_main.what}) chia 3", d_main.inputs, "egovbook.analysis.un.Survey.decomposition",
            "điểm EGDI").show(fmt.signed, 4)
        out["egdi_change"] = (s.traced("egdi", year) - s.traced("egdi", prev)).show(
            fmt.signed, 4)
    else:
        out.update(main_component=fmt.MISSING, main_contribution=fmt.MISSING,
                   egdi_change=fmt.MISSING)
    if c.has_year:
        row = s.row(year)
        out["strongest"] = un.label(max(un.COMPONENTS, key=lambda comp: row[comp]))
        out["weakest"] = un.label(min(un.COMPONENTS, key=lambda comp: row[comp]))
    else:
        out.update(strongest=fmt.MISSING, weakest=fmt.MISSING)
    ties = tie_table(s, year)
    out["n_tie_cases"] = Figure(fmt.number(len(ties)), str(len(ties)), "số trường hợp",
                                "số dòng của bảng các trường hợp phụ thuộc quy tắc đồng hạng",
                                "egovbook.chapters.survey.tie_table")
    n_diff = int(ties["change_differs"].sum()) if len(ties) else 0
    out["n_tie_changes"] = Figure(fmt.number(n_diff), str(n_diff), "số trường hợp",
                                  "số dòng của bảng đó có số bậc thay đổi khác nhau giữa các "
                                  "quy tắc (không tính kỳ đầu tiên, chưa có thay đổi)",
                                  "egovbook.chapters.survey.tie_table")
    out["residual_text"] = residual_text(s, c.assessed)
    out["fragile_text"] = fragile_text(s, year)
    return out


def residual_text(s: un.Survey, years: list[int]) -> Figure | str:
    table = consistency(s, years)
    beyond = table[table["beyond"]]
    if beyond.empty:
        return ("Ở mọi kỳ, EGDI công bố bằng trung bình ba chỉ số thành phần công bố trong "
                "phạm vi làm tròn, nên phần dư chỉ do làm tròn.")
    listed = fmt.join_vi([f"{y} ({fmt.signed(g, 4)})" for y, g in
                          zip(beyond["year"], beyond["gap"], strict=True)])
    text = (f"Ở kỳ {listed}, EGDI công bố khác trung bình ba chỉ số thành phần công bố nhiều "
            "hơn mức làm tròn có thể gây ra, nên phần dư của các giai đoạn có các kỳ này không "
            "phải do làm tròn; dữ liệu công bố không cho biết nguyên nhân.")
    return Figure(text, None, "điểm EGDI", "EGDI công bố trừ trung bình cộng OSI, TII, HCI "
                  "công bố của cùng kỳ, so với nửa đơn vị của chữ số thập phân cuối mà Khảo sát "
                  "dùng", "egovbook.chapters.survey.consistency",
                  tuple(s.traced("egdi", int(y)).inputs[0] for y in beyond["year"]))


def fragile_text(s: un.Survey, year: int) -> Figure | str:
    """How many other members lie within ±FRAGILE_BAND of each computed rank's value.

    Every computed rank the chapter shows is listed; those with many close neighbours are
    named fragile: a tiny change of value can move them many places.
    """
    table = fragile_ranks(s, year)
    if table.empty:
        return ""
    band = fmt.number(FRAGILE_BAND, 2)
    parts = [f"{un.SHORT[ix]} {fmt.number(n)}" for ix, n in
             zip(table["index"], table["near"], strict=True)]
    fragile = [un.SHORT[ix] for ix in table.loc[table["fragile"], "index"]]
    text = (f"Số quốc gia khác có giá trị cách giá trị của {s.name} không quá {band}: "
            + fmt.join_vi(parts) + ".")
    if fragile:
        # The threshold is stated, so a reader sees why an index is or is not named.
        text += (f" Khi có từ {fmt.number(FRAGILE_COUNT)} quốc gia trở lên trong khoảng này (ở "
                 f"{fmt.join_vi(fragile)}), thứ hạng tính lại dễ biến động: một thay đổi rất nhỏ "
                 "của giá trị có thể làm thứ hạng đổi nhiều bậc.")
    return phrase(text, f"đếm các quốc gia khác có giá trị cách giá trị của {s.name} không quá "
                  f"{band} (so sánh số thập phân chính xác), năm {year}; dễ biến động khi từ "
                  f"{fmt.number(FRAGILE_COUNT)} quốc gia trở lên",
                  "egovbook.chapters.survey.fragile_ranks",
                  tuple(s.traced_rank(ix, year).inputs[0] for ix in table["index"]))


def decomposition(c: Context) -> pd.DataFrame:
    """The EGDI decomposition up to the chosen year (one row per pair of surveys)."""
    decomp = c.s.decomposition()
    return decomp[decomp.index <= c.year]


def periods(decomp: pd.DataFrame) -> list[str]:
    """``2003–2004``: the label of each row of a decomposition."""
    return [f"{fmt.year(a)}–{fmt.year(b)}" for a, b in
            zip(decomp["from_year"], decomp.index, strict=True)]


def subindex_table(c: Context) -> tables.Table:
    """Chapter 2: each sub-index's value and computed world rank, with places gained."""
    s, years = c.s, c.years
    series = s.series().loc[years, SUB]
    ranks = s.rank_table("world").loc[years, SUB]
    changes = s.rank_changes("world").loc[years, SUB]
    rows = records(series.join(ranks, rsuffix="_hang").join(changes, rsuffix="_thay_doi_hang")
                   .rename_axis("nam"))

    def rank(r: dict[str, object], ix: str) -> str:
        text = fmt.number(r[f"{ix}_hang"]) if pd.notna(r[f"{ix}_hang"]) else fmt.MISSING
        change = r[f"{ix}_thay_doi_hang"]
        return f"{text} ({fmt.signed(change)})" if pd.notna(change) else text

    cols = [tables.Col("Năm khảo sát", lambda r: fmt.year(r["nam"]), {"nam": itemgetter("nam")})]
    cols += [tables.right(un.SHORT[ix], lambda r, ix=ix: fmt.index(r[ix]), {ix: itemgetter(ix)})
             for ix in SUB]
    cols += [tables.right(f"Hạng {un.SHORT[ix]} (thay đổi)", lambda r, ix=ix: rank(r, ix),
                          {f"{ix}_hang": itemgetter(f"{ix}_hang"),
                           f"{ix}_thay_doi_hang": itemgetter(f"{ix}_thay_doi_hang")})
             for ix in SUB]
    return tables.Table(
        "tbl-chi-so-thanh-phan", f"Giá trị và thứ hạng tính lại của các chỉ số thành phần của "
        f"{s.name}; trong ngoặc là số bậc thay đổi so với kỳ trước (dương là tăng hạng). Đồng "
        "hạng nhận hạng cao nhất của nhóm.", rows, cols)


def decomposition_table(c: Context) -> tables.Table:
    """Chapter 2: each EGDI change split into the contributions of OSI, TII and HCI."""
    decomp = decomposition(c)
    rows = records(decomp.rename_axis("den_nam"))
    for row, label in zip(rows, periods(decomp), strict=True):
        row["giai_doan"] = label

    def change(header: str, column: str, name: str) -> tables.Col:
        return tables.right(header, lambda r: fmt.signed(r[column], 4), {name: itemgetter(column)})

    return tables.Table(
        "tbl-phan-tach-egdi", f"Phân tách thay đổi EGDI của {c.s.name} theo chỉ số thành phần.",
        rows, [
            tables.Col("Giai đoạn", itemgetter("giai_doan"),
                       {"den_nam": itemgetter("den_nam"), "tu_nam": lambda r: int(r["from_year"])}),
            change("Thay đổi EGDI", "egdi_change", "thay_doi_egdi"),
            *(change(f"Đóng góp {un.SHORT[ix]}", ix, f"dong_gop_{ix}") for ix in un.COMPONENTS),
            change("Phần dư", "residual", "phan_du"),
        ], units="điểm EGDI")


def _three(values: tuple[object, ...], show: Callable[[float, int], str]) -> str:
    """``12 / 13,5 / 15``: one decimal only where a value has one."""
    return " / ".join(show(v, 1 if v % 1 else 0) if pd.notna(v) else fmt.MISSING  # type: ignore
                      for v in values)


def tie_cases(c: Context) -> tables.Table:
    """Chapter 2: where the tie rule changes the country's sub-index rank or rank change."""
    ties = tie_table(c.s, c.year)

    def three(kind: str, show: Callable[[float, int], str]) -> Callable[[dict], str]:
        return lambda r: _three(tuple(r[f"{kind}_{m}"] for m in ("min", "average", "max")), show)

    def raw(kind: str, name: str) -> dict[str, Callable[[dict], object]]:
        return {f"{name}_{vi}": itemgetter(f"{kind}_{m}") for m, vi in
                (("min", "cao_nhat"), ("average", "trung_binh"), ("max", "thap_nhat"))}

    return tables.Table(
        "tbl-dong-hang", f"Các trường hợp thứ hạng chỉ số thành phần của {c.s.name} phụ thuộc quy "
        "tắc đồng hạng: đồng hạng nhận hạng cao nhất (quy tắc của sách), hạng trung bình, hoặc "
        "hạng thấp nhất.", records(ties), [
            tables.Col("Chỉ số", lambda r: un.SHORT[r["index"]], {"chi_so": itemgetter("index")}),
            tables.right("Năm khảo sát", lambda r: fmt.year(r["year"]),
                         {"nam": itemgetter("year")}),
            tables.right("Số nước cùng giá trị", lambda r: fmt.number(r["tied"]),
                         {"so_nuoc_cung_gia_tri": itemgetter("tied")}),
            tables.right("Hạng (cao nhất / trung bình / thấp nhất)", three("rank", fmt.number),
                         raw("rank", "hang")),
            tables.right("Thay đổi (cao nhất / trung bình / thấp nhất)",
                         three("change", fmt.signed), raw("change", "thay_doi")),
            tables.right("Số bậc thay đổi khác nhau",
                         lambda r: "có" if r["change_differs"] else "không",
                         {"thay_doi_khac_nhau": itemgetter("change_differs")}),
        ], empty="Không có trường hợp nào mà quy tắc đồng hạng làm thay đổi kết quả.")


# --- chapter 3 ------------------------------------------------------------------------------


def _gap_phrase(s: un.Survey, g: dict[str, object], scope: un.Scope, year: int) -> Figure | str:
    if g["next"] is None:
        return f"{s.name} đang dẫn đầu {s.scope_name(scope)}"
    nxt = s.traced("egdi", year, str(g["next"]))
    gap = nxt - s.traced("egdi", year)
    text = (f"quốc gia xếp ngay trên là {g['next_name']} (EGDI {fmt.index(nxt.value)}), "
            f"cách {fmt.index(gap.value)} điểm")
    return Figure(text, exact_text(gap.value), "điểm EGDI", gap.what,
                  "egovbook.analysis.un.Survey.gaps", gap.inputs)


def regional(c: Context) -> Glue:
    s, year = c.s, c.year
    out: Glue = {"name": s.name, "year": fmt.year(year),
                 "subregion": s.scope_name("subregion"), "region": s.scope_name("region")}
    table = s.scope_table(year, "subregion")
    out["n_sub"] = Figure(fmt.number(len(table)), str(len(table)), "quốc gia",
                          "số dòng của bảng các quốc gia trong tiểu vùng", "egovbook.analysis.un."
                          "Survey.scope_table")
    if not c.has_year:
        return {**out, **dict.fromkeys(["rank_sub", "rank_reg", "leader_sub", "leader_sub_egdi",
                                        "gap_leader_sub", "next_sub", "leader_reg",
                                        "leader_reg_egdi", "gap_leader_reg", "next_reg",
                                        "egdi"], fmt.MISSING)}
    egdi = s.traced("egdi", year)
    out["egdi"] = egdi.show(fmt.index)
    for scope, tag in (("subregion", "sub"), ("region", "reg")):
        g = s.gaps(year, scope)
        n = g["size"]
        out[f"rank_{tag}"] = s.traced_rank("egdi", year, scope).show(
            lambda r, n=n: fmt.rank(r, n))
        out[f"leader_{tag}"] = str(g["leader_name"])
        leader = s.traced("egdi", year, str(g["leader"]))
        out[f"leader_{tag}_egdi"] = leader.show(fmt.index)
        out[f"gap_leader_{tag}"] = (leader - egdi).show(fmt.index)
        out[f"next_{tag}"] = _gap_phrase(s, g, scope, year)
    return out


def subregion_table(c: Context) -> tables.Table:
    """Chapter 3: the sub-region's members in the chosen year, best first."""
    s = c.s
    rows = records(s.scope_table(c.year, "subregion"))
    return tables.Table(
        "tbl-tieu-vung", f"Thứ hạng và các chỉ số của các quốc gia {s.scope_name('subregion')} "
        f"năm {c.year}.", rows, [
            tables.right("Hạng trong tiểu vùng", lambda r: fmt.number(r["scope_rank"]),
                         {"hang_tieu_vung": itemgetter("scope_rank")}),
            tables.Col("Quốc gia", lambda r: (f"**{r['name_vi']}**" if r["iso3"] == s.country
                                              else r["name_vi"]),
                       {"iso3": itemgetter("iso3"), "quoc_gia": itemgetter("name_vi")}),
            tables.right("Hạng thế giới", lambda r: fmt.number(r["egdi_rank"]),
                         {"hang_the_gioi": itemgetter("egdi_rank")}),
            *(tables.right(un.SHORT[ix], lambda r, ix=ix: fmt.index(r[ix]), {ix: itemgetter(ix)})
              for ix in un.INDICES),
        ])
