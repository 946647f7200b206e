"""What the UN chapters share (:class:`Context`) and what chapter 1 states: its glued figures
and the tables their counts refer to (chapter 2 is :mod:`survey_subindices`, chapter 3
:mod:`survey_regions`).

Each function returns the values a notebook glues (``name → Figure or text``) or a table
declared once (:class:`tables.Table`: the view and its CSV), so that the notebook only
calls it, plots and shows tables. Every count stated about a table is computed from the frame
that table shows. Sentences and captions are in ``notebooks/prose/<chapter>.md``
(:mod:`prose`): Python passes values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import pandas as pd

from egovbook.analysis import un
from egovbook.analysis.values import Figure, Rows, counted
from egovbook.chapters import prose, tables
from egovbook.common import fmt, units
from egovbook.intake import un_import

PROSE = "01_tong_quan_egdi"

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


def level_in_sentence(name: object) -> str:
    """«nhóm rất cao»: a group's name (``Rất cao``, as a table cell or an axis shows it) inside a
    sentence, lower case as the Method page's case rule wants (a figure's summary line is plain
    text, so no italics there)."""
    return f"nhóm {str(name).lower()}"


def _threshold(value: float) -> Figure:
    return Figure(fmt.number(value, 2), str(value), units.INDEX, prose.text(PROSE, "t_level.how"),
                  "egovbook.analysis.un.LEVELS")


def rule_years(s: un.Survey) -> str:
    """The surveys whose averages leave out members with no online presence (Method page)."""
    return fmt.join_vi([fmt.year(y) for y in s.years if y < un.NO_ONLINE_AVERAGED_FROM])


def overview(c: Context) -> Glue:
    """Chapter 1: EGDI value, ranks, group, trajectory and comparison with averages."""
    s, year = c.s, c.year
    out: Glue = {
        "name": s.name, "year": fmt.year(year),
        "first_year": fmt.year(c.assessed[0]) if c.assessed else fmt.MISSING,
        "n_surveys": counted(len(c.assessed), prose.text(PROSE, "n_surveys.how"),
                             "egovbook.chapters.survey.Context",
                             (Rows(un_import.UN_FILE, tuple(f"year={y} iso3={s.country}"
                                                            for y in c.assessed),
                                   ("egdi",), f"{s.name}, các kỳ được đánh giá"),)),
        "region": s.scope_name("region"), "subregion": s.scope_name("subregion"),
        **{f"t_{code}": _threshold(floor) for code, _, floor in un.LEVELS},
        # The surveys whose averages leave out members with no online presence (Method page).
        "avg_rule_years": rule_years(s),
    }
    size = s.traced_size(year)
    egdi = s.traced("egdi", year)
    out["egdi"] = egdi.show(fmt.index)
    out["rank"] = s.traced_rank("egdi", year).show(lambda r: fmt.rank(r, size.value))
    for scope, key in (("region", "rank_region"), ("subregion", "rank_subregion")):
        n = s.scope_size(year, scope)
        out[key] = s.traced_rank("egdi", year, scope).show(lambda r, n=n: fmt.rank(r, n))
    level_now = un.level(float(egdi.value))[1] if c.has_year else fmt.MISSING
    # A group is one of the book's labels: in italics, lower case inside a sentence (Method page).
    out["level"] = f"*{level_now.lower()}*" if c.has_year else level_now
    levels = s.levels().reindex(c.assessed)
    same = levels.index[levels["level"] == level_now]
    out["first_level_year"] = fmt.year(same[0]) if len(same) else fmt.MISSING
    prev = c.prev
    out["prev_year"] = fmt.year(prev) if prev else fmt.MISSING
    if prev and c.has_year:
        gained = s.traced("egdi_rank", prev).places_gained(s.traced("egdi_rank", year))
        out["rank_change"] = gained.show(
            lambda g: fmt.rank_change(g, 0),
            how=prose.text(PROSE, "rank_change.how", prev=prev, year=year))
        out["egdi_change"] = (egdi - s.traced("egdi", prev)).show(fmt.change, 4)  # in words
    else:
        out["rank_change"] = prose.text(PROSE, "rank_change.none")
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
    out["n_region"] = s.traced_size(year, "region", averaged_only=True).show()
    out["n_subregion"] = s.traced_size(year, "subregion", averaged_only=True).show()
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

    def rank(header: str, scope: un.Scope, name: str, size: Callable[[Any], Any]) -> tables.Col:
        """A rank «97/191» as shown, and in the download the rank beside the number ranked."""
        count = "so_nuoc_" + name.removeprefix("hang_")
        return tables.right(header, lambda r: fmt.rank(r[name], size(r)),
                            {name: itemgetter(name), count: size},
                            titles={name: header,
                                    count: f"Số nước xếp hạng ({s.scope_name(scope)})"})
    return tables.Table("tbl-egdi-theo-nam", prose.text(PROSE, "tbl-egdi-theo-nam", name=s.name),
                        rows, [
        tables.Col("Năm khảo sát", lambda r: fmt.year(r["nam"]), {"nam": itemgetter("nam")}),
        tables.right("EGDI", lambda r: fmt.index(r["egdi"]), {"egdi": itemgetter("egdi")}),
        rank("Hạng thế giới (công bố)", "world", "hang_the_gioi",
             lambda r: s.scope_size(r["nam"], "world")),
        rank(f"Hạng trong {s.scope_name('region')}", "region", "hang_vung", itemgetter("n_vung")),
        rank(f"Hạng trong {s.scope_name('subregion')}", "subregion", "hang_tieu_vung",
             itemgetter("n_tieu_vung")),
        tables.right("Nhóm EGDI", itemgetter("nhom"), {"nhom": itemgetter("nhom")}),
    ], units=units.line(units.INDEX, units.RANK))


def egdi_averages(c: Context) -> tables.Table:
    """Chapter 1: the country's EGDI beside the unweighted means of its scopes."""
    s = c.s
    rows = records(s.averages("egdi").loc[c.years])

    def mean(header: str, scope: str, name: str) -> tables.Col:
        return tables.right(header, lambda r: fmt.index(r[scope]), {name: itemgetter(scope)})

    return tables.Table("tbl-egdi-trung-binh",
                        prose.text(PROSE, "tbl-egdi-trung-binh", name=s.name,
                                   rule_years=rule_years(s)), rows, [
        tables.Col("Năm khảo sát", lambda r: fmt.year(r["year"]), {"nam": itemgetter("year")}),
        mean(s.name, "country", "egdi"),
        mean("Trung bình thế giới", "world", "tb_the_gioi"),
        mean(f"Trung bình {s.scope_name('region')}", "region", "tb_vung"),
        mean(f"Trung bình {s.scope_name('subregion')}", "subregion", "tb_tieu_vung"),
        tables.right("Chênh với thế giới", lambda r: fmt.signed(r["country"] - r["world"], 4),
                     {"chenh_the_gioi": lambda r: r["country"] - r["world"]}),
    ], units=units.line(units.INDEX, units.INDEX_POINTS))
