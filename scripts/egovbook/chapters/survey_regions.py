"""What chapter 3 (the region) states: the country's place in its sub-region and region, the
gaps to the leader and to the member just above, and the sub-region's table.

Sentences are in ``notebooks/prose/03_so_sanh_khu_vuc.md`` (:mod:`prose`).
"""

from __future__ import annotations

from operator import itemgetter

import pandas as pd

from egovbook.analysis import un
from egovbook.analysis.values import Figure, Rows, counted
from egovbook.chapters import prose, tables
from egovbook.chapters.survey import Context, Glue, records
from egovbook.common import fmt, units
from egovbook.intake import un_import

PROSE = "03_so_sanh_khu_vuc"

def _gap_phrase(s: un.Survey, g: dict[str, object], scope: un.Scope, year: int) -> Figure | str:
    if g["next"] is None:
        return prose.text(PROSE, "next.leading", name=s.name, scope=s.scope_name(scope))
    nxt = s.traced("egdi", year, str(g["next"]))
    gap = nxt - s.traced("egdi", year)
    # Two numbers, two buttons: the neighbour's EGDI opens its own UN row, the gap its
    # subtraction (one popup for both would explain only the gap).
    return prose.figure(PROSE, "next", None, "egovbook.analysis.un.Survey.gaps",
                        name=g["next_name"], egdi=nxt.show(fmt.index),
                        gap=gap.show(fmt.index))


def regional(c: Context) -> Glue:
    s, year = c.s, c.year
    out: Glue = {"name": s.name, "year": fmt.year(year),
                 "subregion": s.scope_name("subregion"), "region": s.scope_name("region")}
    table = s.scope_table(year, "subregion")
    out["n_sub"] = counted(len(table), prose.text(PROSE, "n_sub.how"),
                           "egovbook.analysis.un.Survey.scope_table",
                           (Rows(un_import.UN_FILE, tuple(f"year={year} iso3={i}"
                                                          for i in table.index),
                                 ("status",), f"{s.scope_name('subregion')}, năm {year}"),),
                           units.COUNTRIES)
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


def scope_table(c: Context, scope: un.Scope = "subregion") -> tables.Table:
    """Chapter 3: the region's or sub-region's members in the chosen year, best first."""
    s = c.s
    rows = records(s.scope_table(c.year, scope))
    label = "tbl-tieu-vung" if scope == "subregion" else "tbl-vung"
    area = s.scope_name(scope)
    caption = (prose.text(PROSE, "tbl-tieu-vung", area=area, year=c.year) if scope == "subregion"
               else prose.text(PROSE, "tbl-vung", area=area, year=c.year))
    head, column = (("Hạng trong tiểu vùng", "hang_tieu_vung") if scope == "subregion"
                    else ("Hạng trong vùng", "hang_vung"))
    return tables.Table(
        label, caption, rows, [
            tables.right(head, lambda r: fmt.number(r["scope_rank"]),
                         {column: itemgetter("scope_rank")}),
            tables.Col("Quốc gia", lambda r: (f"**{r['name_vi']}**" if r["iso3"] == s.country
                                              else r["name_vi"]),
                       {"iso3": itemgetter("iso3"), "quoc_gia": itemgetter("name_vi")}),
            tables.right("Hạng thế giới", lambda r: fmt.number(r["egdi_rank"]),
                         {"hang_the_gioi": itemgetter("egdi_rank")}),
            *(tables.right(un.SHORT[ix], lambda r, ix=ix: fmt.index(r[ix]), {ix: itemgetter(ix)})
              for ix in un.INDICES),
        ], units=units.line(units.RANK, units.INDEX))


def subregion_table(c: Context) -> tables.Table:
    return scope_table(c, "subregion")


def region_table(c: Context) -> tables.Table:
    return scope_table(c, "region")


def line_gaps(members: pd.DataFrame) -> dict[str, bool]:
    """What the trajectory chart's lines leave out, for its caption to say only what the chart
    shows: ``breaks`` when a country's line has an unassessed Survey between two assessed
    ones (the line is cut there), ``late`` when a line starts after the chart's first Survey
    because the country was not yet assessed."""
    first = members["year"].min()
    breaks = late = False
    for _, grp in members.sort_values("year").groupby("iso3"):
        seen = grp.loc[grp["egdi"].notna(), "year"]
        if seen.empty:
            continue
        inside = grp[(grp["year"] > seen.min()) & (grp["year"] < seen.max())]
        breaks |= bool(inside["egdi"].isna().any())
        late |= bool(seen.min() > first)
    return {"breaks": breaks, "late": late}
