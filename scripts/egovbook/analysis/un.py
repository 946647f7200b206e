"""Analysis of the UN E-Government Survey table: scopes, ranks, averages, groups, decomposition.

Conventions (stated in the book's methodology chapter):

* The EGDI rank within the world is the rank the UN published (ties included). Within a region
  or sub-region, members are ordered by that published rank.
* The Survey report ranks EGDI and EPI; it publishes no rank for OSI, TII or HCI, and the data
  export has no EPI rank column. So OSI, TII, HCI and EPI ranks are computed by sorting the
  assessed members from highest to lowest value; tied countries share the better rank
  (``method="min"``), which is how the press and the UN's country profiles state them.
  :func:`tie_sensitivity` shows where another tie rule would give a different answer.
* Averages are unweighted means over the members with a value, by each Survey's own rule
  (:func:`averaged`): up to the 2010 Survey, members with no online presence (EGDI 0) were left
  out of the averages; from 2012 they are included. Members not yet assessed never count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import pandas as pd

from egovbook.analysis.values import Rows, Traced
from egovbook.common import fmt, units
from egovbook.intake import countries, un_import

INDICES = ["egdi", "osi", "tii", "hci", "epi"]
COMPONENTS = ["osi", "tii", "hci"]
SHORT = {"egdi": "EGDI", "osi": "OSI", "tii": "TII", "hci": "HCI", "epi": "EPI"}
NAME_VI = {
    "egdi": "Chỉ số phát triển Chính phủ điện tử",
    "osi": "Chỉ số dịch vụ trực tuyến",
    "tii": "Chỉ số hạ tầng viễn thông",
    "hci": "Chỉ số nguồn nhân lực",
    "epi": "Chỉ số tham gia điện tử",
}
Scope = Literal["world", "region", "subregion"]
SCOPES: tuple[Scope, ...] = ("world", "region", "subregion")
TieMethod = Literal["min", "average", "max"]

# Members with no online presence count in a Survey's averages from this year on (the Surveys
# 2003–2010 left them out; that of 2012 included them).
NO_ONLINE_AVERAGED_FROM = 2012

# The current Survey's EGDI groups: very high 0.75–1.00; high 0.50 to under 0.75; middle 0.25
# to under 0.50; low under 0.25 (a value on a threshold is in the higher group). The book applies
# them to every year, including those before the Survey used them.
LEVELS = [
    ("very_high", "Rất cao", 0.75),
    ("high", "Cao", 0.50),
    ("middle", "Trung bình", 0.25),
    ("low", "Thấp", 0.0),
]


def label(index: str) -> str:
    """``Chỉ số dịch vụ trực tuyến (OSI)``."""
    return f"{NAME_VI[index]} ({SHORT[index]})"


def level(egdi: float) -> tuple[str, str]:
    """The Survey's EGDI group of a value: (code, Vietnamese name)."""
    for code, name, floor in LEVELS:
        if egdi >= floor:
            return code, name
    return LEVELS[-1][0], LEVELS[-1][1]


def averaged(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a Survey averages: assessed members, and those with no online presence only
    from :data:`NO_ONLINE_AVERAGED_FROM` on (each row judged by its own survey year)."""
    status = frame["status"]
    left_out = (status == un_import.STATUS_NOT_ASSESSED) | (
        (status == un_import.STATUS_NO_ONLINE) & (frame["year"] < NO_ONLINE_AVERAGED_FROM))
    return frame[~left_out]


def load() -> pd.DataFrame:
    """UN table joined with the countries table (names, regions)."""
    table = un_import.load().merge(countries.load(), on="iso3", how="left", validate="m:1")
    return table


@dataclass
class Survey:
    """All survey years, seen from one country."""

    data: pd.DataFrame
    country: str
    # Ranks of a scope do not depend on the country: Surveys of one table may share this cache
    # (the all-members check computes every chapter for 193 countries).
    cache: dict[tuple[object, ...], pd.Series] = field(default_factory=dict, repr=False)

    @classmethod
    def for_country(cls, country: str) -> Survey:
        data = load()
        if country not in set(data["iso3"]):
            raise KeyError(f"Không có quốc gia {country} trong dữ liệu")
        return cls(data, country)

    @cached_property
    def info(self) -> pd.Series:
        """The country's name and regions (from its own rows of the joined table)."""
        return self.data[self.data["iso3"] == self.country].iloc[0]

    @property
    def name(self) -> str:
        return str(self.info["name_vi"])

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.data["year"].unique())

    def scope_name(self, scope: Scope) -> str:
        """The scope as written inside a sentence: «thế giới», «châu Á» (the common nouns
        «thế giới» and «châu» take no capital; CLDR's stand-alone names do)."""
        if scope == "world":
            return "thế giới"
        name = str(self.info["region_vi" if scope == "region" else "subregion_vi"])
        return "châu " + name[len("Châu "):] if name.startswith("Châu ") else name

    def members(self, scope: Scope, year: int | None = None) -> pd.DataFrame:
        """Rows of the country's scope (all member states for ``world``)."""
        data = self.data
        if scope != "world":
            data = data[data[scope] == self.info[scope]]
        if year is not None:
            data = data[data["year"] == year]
        return data

    def row(self, year: int) -> pd.Series:
        rows = self.data[(self.data["year"] == year) & (self.data["iso3"] == self.country)]
        return rows.iloc[0]

    def series(self) -> pd.DataFrame:
        """The country's own values, one row per survey year."""
        own = self.data[self.data["iso3"] == self.country].sort_values("year")
        return own.set_index("year")[["egdi_rank", *INDICES, "status"]]

    # --- traced figures (values with the rows they come from) ------------------------------

    def _rows(self, frame: pd.DataFrame, columns: tuple[str, ...], summary: str) -> Rows:
        keys = tuple(f"year={int(y)} iso3={c}" for y, c in zip(frame["year"], frame["iso3"],
                                                               strict=True))
        return Rows(un_import.UN_FILE, keys, columns, summary)

    def country_name(self, iso3: str) -> str:
        names = self.data.drop_duplicates("iso3").set_index("iso3")["name_vi"]
        return str(names[iso3])

    def traced(self, index: str, year: int, iso3: str | None = None) -> Traced:
        """A published value of one country (default: this one) in one survey year."""
        iso3 = iso3 or self.country
        frame = self.data[(self.data["year"] == year) & (self.data["iso3"] == iso3)]
        value = frame[index].iloc[0] if len(frame) else None
        name = self.country_name(iso3)
        column = "egdi_rank" if index == "egdi_rank" else index
        what = (f"thứ hạng EGDI công bố của {name} năm {year}" if index == "egdi_rank"
                else f"{SHORT[index]} công bố của {name} năm {year}")
        return Traced(None if pd.isna(value) else value, what,
                      (self._rows(frame, (column,), f"{name}, năm {year}"),),
                      "egovbook.analysis.un.Survey.traced", units.RANK if index == "egdi_rank"
                      else units.INDEX)

    def traced_rank(self, index: str, year: int, scope: Scope = "world",
                    method: TieMethod = "min") -> Traced:
        """The country's rank in a scope, traced to the rows ranked."""
        frame = self.members(scope, year)
        frame = frame[frame["status"] != un_import.STATUS_NOT_ASSESSED]
        where = self.scope_name(scope)
        if index == "egdi" and scope == "world":
            return self.traced("egdi_rank", year)
        column = "egdi_rank" if index == "egdi" else index
        frame = frame[frame[column].notna()]
        rule = ("xếp theo thứ hạng EGDI công bố" if index == "egdi" else
                f"xếp {SHORT[index]} giảm dần, các nước cùng giá trị nhận hạng "
                + {"min": "cao nhất", "average": "trung bình", "max": "thấp nhất"}[method]
                + " của nhóm")
        what = f"hạng {SHORT[index]} của {self.name} trong {where} năm {year} ({rule})"
        return Traced(self.rank(index, year, scope, method), what,
                      (self._rows(frame, (column,), f"{len(frame)} quốc gia thành viên "
                                  f"{where} được đánh giá, năm {year}"),),
                      "egovbook.analysis.un.Survey.ranks", units.RANK)

    def traced_size(self, year: int, scope: Scope = "world", index: str = "egdi",
                    averaged_only: bool = False) -> Traced:
        """Members assessed in the scope; ``averaged_only``: those its Survey averages."""
        frame = self.members(scope, year)
        frame = frame[frame["status"] != un_import.STATUS_NOT_ASSESSED]
        where = self.scope_name(scope)
        if averaged_only:
            frame = averaged(frame)
            return Traced(len(frame), f"số quốc gia thành viên {where} được tính vào trung bình "
                          f"năm {year}", (self._rows(frame, ("status",), f"quốc gia thành viên "
                                                     f"{where}, năm {year}"),),
                          "egovbook.analysis.un.averaged", units.COUNTRIES)
        return Traced(self.scope_size(year, scope, index),
                      f"số quốc gia thành viên {where} được đánh giá năm {year}",
                      (self._rows(frame, ("status",), f"quốc gia thành viên {where}, "
                                  f"năm {year}"),),
                                   "egovbook.analysis.un.Survey.scope_size", units.COUNTRIES)

    def traced_mean(self, index: str, year: int, scope: Scope = "world") -> Traced:
        """Unweighted mean of the scope's members with a value, by the Survey's rule."""
        frame = averaged(self.members(scope, year))
        frame = frame[frame[index].notna()]
        where = self.scope_name(scope)
        total = sum((fmt.exact(v) for v in frame[index]), fmt.exact(0))
        value = total / len(frame) if len(frame) else None
        rule = ("" if year >= NO_ONLINE_AVERAGED_FROM else
                ", không tính các nước không có hiện diện trực tuyến như Khảo sát kỳ này")
        return Traced(value, f"trung bình cộng không trọng số {SHORT[index]} của {len(frame)} "
                      f"quốc gia thành viên {where} năm {year}{rule}",
                      (self._rows(frame, (index,), f"{len(frame)} quốc gia thành viên {where} "
                                  f"có giá trị, năm {year}"),),
                      "egovbook.analysis.un.Survey.averages", units.INDEX)

    # --- ranks ---------------------------------------------------------------------------

    def ranks(self, index: str, year: int, scope: Scope = "world",
              method: TieMethod = "min") -> pd.Series:
        """Rank of every assessed member of the scope in ``year`` (iso3 → rank)."""
        key = (index, year, scope, None if scope == "world" else self.info[scope], method)
        if key not in self.cache:
            self.cache[key] = self._ranks(index, year, scope, method)
        return self.cache[key]

    def _ranks(self, index: str, year: int, scope: Scope, method: TieMethod) -> pd.Series:
        frame = self.members(scope, year)
        frame = frame[frame["status"] != un_import.STATUS_NOT_ASSESSED]
        if index == "egdi":
            keys = frame.set_index("iso3")["egdi_rank"].astype(float)
            if scope == "world":
                return keys  # the published rank itself, ties and all
            # Within a region, order by the published rank: the UN broke some ties with
            # unrounded values that the published EGDI no longer shows.
            return keys.rank(ascending=True, method=method)
        values = frame.set_index("iso3")[index].dropna()
        return values.rank(ascending=False, method=method)

    def rank(self, index: str, year: int, scope: Scope = "world",
             method: TieMethod = "min") -> float | None:
        ranks = self.ranks(index, year, scope, method)
        if self.country not in ranks.index:
            return None
        return float(ranks[self.country])

    def scope_size(self, year: int, scope: Scope, index: str = "egdi") -> int:
        return int(len(self.ranks(index, year, scope)))

    def rank_table(self, scope: Scope = "world", method: TieMethod = "min") -> pd.DataFrame:
        """Rank of the country on every index for every survey year."""
        out = pd.DataFrame(index=pd.Index(self.years, name="year"))
        for index in INDICES:
            out[index] = [self.rank(index, y, scope, method) for y in self.years]
        out["size"] = [self.scope_size(y, scope) for y in self.years]
        return out

    def rank_changes(self, scope: Scope = "world", method: TieMethod = "min") -> pd.DataFrame:
        """Places gained since the previous survey (positive = moved up)."""
        table = self.rank_table(scope, method)[INDICES]
        return -(table.diff())

    def tie_sensitivity(self) -> pd.DataFrame:
        """Where the tie rule changes the country's rank or rank change, for each index."""
        rows = []
        tables = {m: self.rank_table("world", m) for m in ("min", "average", "max")}
        changes = {m: self.rank_changes("world", m) for m in ("min", "average", "max")}
        for index in INDICES:
            for year in self.years:
                r = {m: tables[m].loc[year, index] for m in tables}
                c = {m: changes[m].loc[year, index] for m in changes}
                rank_differs = len({v for v in r.values() if pd.notna(v)}) > 1
                change_differs = len({v for v in c.values() if pd.notna(v)}) > 1
                if rank_differs or change_differs:
                    rows.append({
                        "index": index, "year": year, "tied": len(self.tied_with(index, year)),
                        "rank_min": r["min"], "rank_average": r["average"], "rank_max": r["max"],
                        "change_min": c["min"], "change_average": c["average"],
                        "change_max": c["max"],
                    })
        return pd.DataFrame(rows)

    def tied_with(self, index: str, year: int) -> list[str]:
        """Other members sharing the country's value (or published rank, for EGDI)."""
        key = ("assessed", year)
        if key not in self.cache:
            frame = self.members("world", year)
            self.cache[key] = frame[frame["status"] != un_import.STATUS_NOT_ASSESSED] \
                .set_index("iso3")
        frame = self.cache[key]
        column = "egdi_rank" if index == "egdi" else index
        if self.country not in frame.index or pd.isna(frame.loc[self.country, column]):
            return []
        same = frame[frame[column] == frame.loc[self.country, column]].index
        return [c for c in same if c != self.country]

    # --- averages, groups --------------------------------------------------------------------

    def averages(self, index: str = "egdi") -> pd.DataFrame:
        """Unweighted mean of the index over world, region and sub-region, per year, each year
        by its Survey's rule (:func:`averaged`)."""
        out = pd.DataFrame(index=pd.Index(self.years, name="year"))
        for scope in SCOPES:
            frame = averaged(self.members(scope))
            out[scope] = frame.groupby("year")[index].mean()
        out["country"] = self.series()[index]
        return out

    def levels(self) -> pd.DataFrame:
        series = self.series()
        out = pd.DataFrame(index=series.index)
        out["egdi"] = series["egdi"]
        out["level"] = [level(v)[1] if pd.notna(v) else None for v in series["egdi"]]
        return out

    def level_counts(self, year: int) -> pd.Series:
        frame = self.members("world", year)
        names = [level(v)[1] for v in frame["egdi"].dropna()]
        return pd.Series(names).value_counts().reindex([n for _, n, _ in LEVELS], fill_value=0)

    # --- decomposition -----------------------------------------------------------------------

    def decomposition(self) -> pd.DataFrame:
        """Each EGDI change split into OSI, TII and HCI contributions (each change / 3).

        ``residual`` is the published EGDI change minus the sum of contributions: rounding of
        the published values (and, in 2003, HCI values above 1) make it non-zero.
        """
        series = self.series()[["egdi", *COMPONENTS]]
        diff = series.diff()
        out = pd.DataFrame(index=series.index)
        out["from_year"] = [None, *self.years[:-1]]
        out["egdi_change"] = diff["egdi"]
        for comp in COMPONENTS:
            out[comp] = diff[comp] / 3
        out["residual"] = out["egdi_change"] - out[COMPONENTS].sum(axis=1, min_count=3)
        return out.iloc[1:]

    # --- neighbours --------------------------------------------------------------------------

    def scope_table(self, year: int, scope: Scope = "subregion") -> pd.DataFrame:
        """The scope's members in ``year``, best first, with their indices and ranks."""
        frame = self.members(scope, year)
        frame = frame[frame["status"] != un_import.STATUS_NOT_ASSESSED]
        table = frame.set_index("iso3")[["name_vi", "egdi_rank", *INDICES]].copy()
        table["scope_rank"] = self.ranks("egdi", year, scope)
        return table.sort_values(["scope_rank", "name_vi"])

    def gaps(self, year: int, scope: Scope = "subregion") -> dict[str, object]:
        """EGDI gap to the scope's leader and to the member ranked just above."""
        table = self.scope_table(year, scope)
        own = table.loc[self.country]
        leader = table.iloc[0]
        above = table[table["scope_rank"] < own["scope_rank"]]
        nxt = above.iloc[-1] if len(above) else None
        return {
            "leader": str(leader.name), "leader_name": leader["name_vi"],
            "leader_egdi": float(leader["egdi"]),
            "gap_leader": float(leader["egdi"] - own["egdi"]),
            "next": None if nxt is None else str(nxt.name),
            "next_name": None if nxt is None else nxt["name_vi"],
            "next_egdi": None if nxt is None else float(nxt["egdi"]),
            "gap_next": None if nxt is None else float(nxt["egdi"] - own["egdi"]),
            "scope_rank": int(own["scope_rank"]), "size": len(table),
        }
