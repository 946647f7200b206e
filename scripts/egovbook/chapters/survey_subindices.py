"""What chapter 2 (the sub-indices) states: each sub-index's value and computed rank, the
EGDI decomposition, the tie rule's cases and how fragile the computed ranks are.

Values are computed here; the sentences that quote them are in
``notebooks/prose/02_chi_so_thanh_phan.md`` (:mod:`prose`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from operator import itemgetter

import pandas as pd

from egovbook.analysis import un
from egovbook.analysis.values import Figure, Rows, Traced, counted, exact_text, merge_inputs
from egovbook.chapters import prose, tables
from egovbook.chapters.survey import Context, Glue, records
from egovbook.common import fmt, units
from egovbook.intake import un_import

PROSE = "02_chi_so_thanh_phan"
SUB = ["osi", "tii", "hci", "epi"]
# A computed rank is fragile when this many members lie within FRAGILE_BAND of the value.
FRAGILE_BAND = 0.02
FRAGILE_COUNT = 10
FN = "egovbook.chapters.survey_subindices"

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


def _differs(r: dict) -> str:
    """Whether the tie rules give different changes: «—» where there is no change."""
    if pd.isna(r["change_min"]) or pd.isna(r["change_max"]):
        return fmt.MISSING
    return "có" if r["change_differs"] else "không"


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


def _cases(s: un.Survey, cases: pd.DataFrame, looked: pd.DataFrame, how: str) -> Figure:
    """A count of tie cases, with the country's rows of their years (a count of none: the rows
    looked through)."""
    frame = cases if len(cases) else looked
    years = sorted({int(y) for y in frame["year"]}) if len(frame) else []
    rows = Rows(un_import.UN_FILE, tuple(f"year={y} iso3={s.country}" for y in years),
                tuple(sorted(set(frame["index"]))) if len(frame) else (),
                f"{s.name}, các kỳ có trường hợp đồng hạng")
    return counted(len(cases), how, f"{FN}.tie_table", (rows,) if years else (), units.CASES)


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
                how=prose.text(PROSE, "change.how", index=un.SHORT[ix], prev=prev, year=year))
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
            prose.text(PROSE, "main_contribution.how", what=d_main.what), d_main.inputs,
            "egovbook.analysis.un.Survey.decomposition",
            units.INDEX_POINTS).show(fmt.signed, 4)
        out["egdi_change"] = (s.traced("egdi", year) - s.traced("egdi", prev)).show(
            fmt.change, 4)
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
    out["n_tie_cases"] = _cases(s, ties, ties, prose.text(PROSE, "n_tie_cases.how"))
    out["n_tie_changes"] = _cases(s, ties[ties["change_differs"].astype(bool)], ties,
                                  prose.text(PROSE, "n_tie_changes.how"))
    out["residual_text"] = residual_text(s, c.assessed)
    out["fragile_text"] = fragile_text(s, year)
    return out


def residual_text(s: un.Survey, years: list[int]) -> Figure | str:
    table = consistency(s, years)
    beyond = table[table["beyond"]]
    if beyond.empty:
        return prose.text(PROSE, "residual_text.rounding")
    # Each year's residual is its own number, opening that year's four published values.
    gaps = [Figure(fmt.signed(g, 4), exact_text(g), units.INDEX_POINTS,
                   prose.text(PROSE, "residual_text.year.how", year=int(y)), f"{FN}.consistency",
                   (Rows(un_import.UN_FILE, (f"year={int(y)} iso3={s.country}",),
                         ("egdi", *un.COMPONENTS), f"{s.name}, năm {int(y)}"),))
            for y, g in zip(beyond["year"], beyond["gap"], strict=True)]
    listed = fmt.join_vi([f"{y} ({g.text})" for y, g in zip(beyond["year"], gaps, strict=True)])
    return Figure(prose.text(PROSE, "residual_text", years=listed), None, units.PHRASE,
                  prose.text(PROSE, "residual_text.how"), f"{FN}.consistency",
                  merge_inputs(r for g in gaps for r in g.inputs),
                  tuple(g.as_part() for g in gaps))


def fragile_text(s: un.Survey, year: int) -> Figure | str:
    """How many other members lie within ±FRAGILE_BAND of each computed rank's value.

    Every computed rank the chapter shows is listed; those with many close neighbours are
    named fragile: a tiny change of value can move them many places. Each count is its own
    number, opening the members it counted; the band and the threshold say they are the
    book's choice.
    """
    table = fragile_ranks(s, year)
    if table.empty:
        return ""
    fields = {"name": s.name, "band": fmt.number(FRAGILE_BAND, 2), "year": year,
              "threshold": fmt.number(FRAGILE_COUNT)}
    band = Figure(fields["band"], exact_text(FRAGILE_BAND), units.INDEX_POINTS,
                  prose.text(PROSE, "fragile_text.band.how"), f"{FN}.fragile_ranks")
    counts = [counted(int(n), prose.text(PROSE, "fragile_text.count.how", index=un.SHORT[ix],
                                         **fields),
                      f"{FN}.fragile_ranks", (_near_rows(s, ix, year),), units.COUNTRIES)
              for ix, n in zip(table["index"], table["near"], strict=True)]
    fragile = [un.SHORT[ix] for ix in table.loc[table["fragile"], "index"]]
    shown = {**fields, "counts": fmt.join_vi([f"{un.SHORT[ix]} {c.text}" for ix, c in
                                             zip(table["index"], counts, strict=True)]),
             "fragile": fmt.join_vi(fragile)}
    threshold = Figure(fields["threshold"], None, units.TEXT,
                       prose.text(PROSE, "fragile_text.threshold.how"), f"{FN}.fragile_ranks")
    return Figure(prose.text(PROSE, "fragile_text", **shown), None, units.PHRASE,
                  prose.text(PROSE, "fragile_text.how", **shown), f"{FN}.fragile_ranks",
                  merge_inputs(r for c in counts for r in c.inputs),
                  (band.as_part(), *(c.as_part() for c in counts),
                   *((threshold.as_part(),) if fragile else ())))


def _near_rows(s: un.Survey, ix: str, year: int) -> Rows:
    """The members a fragile count counted (none counted: the members looked through)."""
    frame = s.members("world", year).dropna(subset=[ix])
    mine, band = fmt.exact(s.row(year)[ix]), fmt.exact(FRAGILE_BAND)
    near = [i for i, v in zip(frame["iso3"], frame[ix], strict=True)
            if abs(fmt.exact(v) - mine) <= band and i != s.country]
    return Rows(un_import.UN_FILE, tuple(f"year={year} iso3={i}"
                                         for i in (near or list(frame["iso3"]))),
                (ix,), f"các quốc gia sát {s.name}, năm {year}")


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
        "tbl-chi-so-thanh-phan", prose.text(PROSE, "tbl-chi-so-thanh-phan", name=s.name), rows,
        cols, units=units.line(units.INDEX, units.RANK, units.RANK_PLACES))


def decomposition_table(c: Context) -> tables.Table:
    """Chapter 2: each EGDI change split into the contributions of OSI, TII and HCI."""
    decomp = decomposition(c)
    rows = records(decomp.rename_axis("den_nam"))
    for row, label in zip(rows, periods(decomp), strict=True):
        row["giai_doan"] = label

    def change(header: str, column: str, name: str) -> tables.Col:
        return tables.right(header, lambda r: fmt.signed(r[column], 4), {name: itemgetter(column)})

    return tables.Table(
        "tbl-phan-tach-egdi", prose.text(PROSE, "tbl-phan-tach-egdi", name=c.s.name), rows, [
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
        "tbl-dong-hang", prose.text(PROSE, "tbl-dong-hang", name=c.s.name), records(ties), [
            tables.Col("Chỉ số", lambda r: un.SHORT[r["index"]], {"chi_so": itemgetter("index")}),
            tables.right("Năm khảo sát", lambda r: fmt.year(r["year"]),
                         {"nam": itemgetter("year")}),
            tables.right("Số nước khác cùng giá trị", lambda r: fmt.number(r["tied"]),
                         {"so_nuoc_khac_cung_gia_tri": itemgetter("tied")}),
            tables.right("Hạng (cao nhất / trung bình / thấp nhất)", three("rank", fmt.number),
                         raw("rank", "hang")),
            tables.right("Thay đổi (cao nhất / trung bình / thấp nhất)",
                         three("change", fmt.signed), raw("change", "thay_doi")),
            # A first survey has no change to compare: «—», not «không» (review 20, C2).
            tables.right("Số bậc thay đổi khác nhau", _differs,
                         {"thay_doi_khac_nhau": lambda r: None if _differs(r) == fmt.MISSING
                          else r["change_differs"]}),
        ], units=units.line(units.COUNTRIES, units.RANK, units.RANK_PLACES),
        empty=prose.text(PROSE, "tbl-dong-hang.empty"))
