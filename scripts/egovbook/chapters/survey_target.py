"""What the chapter «Khoảng cách tới mục tiêu xếp hạng» states, for any member state.

For a target rank ``T`` and each Survey: the EGDI of the member in position ``T`` when the
assessed members are ordered by their published rank (the bar to reach), the country's gap to it,
and how the gap to the countries around the target rank (published ranks ``T - BAND`` to
``T + BAND``) splits into OSI, TII and HCI. EGDI is the mean of the three, so each part is the
difference of one component divided by 3; the published EGDI is rounded, so the parts add up to
the gap to the group's mean EGDI only up to a small residual, shown as such.

It is a description of past Surveys, not a forecast: it says what separated the country from the
target rank in each Survey, not what it will take next time.

Sentences are in ``notebooks/prose/08_khoang_cach_muc_tieu.md`` (:mod:`prose`).
"""

from __future__ import annotations

from decimal import Decimal
from operator import itemgetter

import pandas as pd

from egovbook.analysis import un
from egovbook.analysis.values import (
    Figure,
    Rows,
    Traced,
    counted,
    exact_text,
    merge_inputs,
)
from egovbook.chapters import prose, tables
from egovbook.chapters.survey import Context, Glue, records
from egovbook.common import fmt, units
from egovbook.intake import un_import

PROSE = "08_khoang_cach_muc_tieu"
FUNCTION = "egovbook.chapters.survey_target.gap_table"
# Viet Nam's 2025 goals as the sources state them (data/sources.csv): top 50 (W001,
# kinhtedothi.vn), the book's default, and top 70 (W002, thukyluat.vn on Quyết định 749/QĐ-TTg).
# Other countries' books use the same default rank as the book's own choice: no national target
# of theirs is sourced here.
DEFAULT_TARGET = 50
SOURCED_TARGETS = {("VNM", 50): "W001", ("VNM", 70): "W002"}
# The countries around the target rank: published ranks from T - BAND to T + BAND.
BAND = 2


def target_of(country: str, target_rank: int | None) -> int:
    """The target rank a book uses: the parameter, else the default (see :data:`DEFAULT_TARGET`)."""
    return int(target_rank) if target_rank else DEFAULT_TARGET


def ordered(s: un.Survey, year: int) -> pd.DataFrame:
    """Members with a published rank in ``year``, best first (ties: higher EGDI, then name),
    with their position 1…n."""
    frame = s.members("world", year)
    frame = frame[frame["egdi_rank"].notna() & (frame["status"] != un_import.STATUS_NOT_ASSESSED)]
    frame = frame.assign(neg=-frame["egdi"]).sort_values(["egdi_rank", "neg", "name_vi"])
    return frame.drop(columns="neg").assign(position=range(1, len(frame) + 1))


def _exact(values: pd.Series) -> Decimal:
    return sum((fmt.exact(v) for v in values), Decimal(0)) / len(values)


def gap_table(s: un.Survey, years: list[int], target: int) -> pd.DataFrame:
    """One row per Survey in which the country has a published rank (exact decimals)."""
    rows = []
    for year in years:
        order = ordered(s, year)
        own = order[order["iso3"] == s.country]
        if own.empty or len(order) < target:
            continue
        own_row, bar = own.iloc[0], order.iloc[target - 1]
        band = order[(order["egdi_rank"] >= target - BAND) & (order["egdi_rank"] <= target + BAND)]
        tied = order[(order["egdi_rank"] == bar["egdi_rank"]) & (order["iso3"] != bar["iso3"])]
        row: dict[str, object] = {
            "year": year, "rank": int(own_row["egdi_rank"]), "size": len(order),
            "egdi": fmt.exact(own_row["egdi"]), "target_iso3": bar["iso3"],
            "target_name": bar["name_vi"], "target_egdi": fmt.exact(bar["egdi"]),
            # The country at the target position may be ranked otherwise (a tie above it):
            # its published rank, the countries it shares it with, whether any has the target.
            "target_rank": int(bar["egdi_rank"]), "target_tied": list(tied["name_vi"]),
            "target_held": bool((order["egdi_rank"] == target).any()),
            "band_n": len(band), "band_iso3": " ".join(band["iso3"]),
            "band_egdi": _exact(band["egdi"]), "within": int(own_row["egdi_rank"]) <= target}
        row["gap"] = row["target_egdi"] - row["egdi"]
        for comp in un.COMPONENTS:
            row[f"band_{comp}"] = _exact(band[comp])
            row[f"part_{comp}"] = (row[f"band_{comp}"] - fmt.exact(own_row[comp])) / 3
        row["residual"] = (row["band_egdi"] - row["egdi"]
                           - sum(row[f"part_{c}"] for c in un.COMPONENTS))
        row["target_label"] = bar_label(row, target)
        rows.append(row)
    return pd.DataFrame(rows)


def bar_label(row: dict[str, object], target: int) -> str:
    """The country at the target position, with its published rank when that is not the target
    or is shared: the UN may rank no country at the target (review 7, C11).

    >>> bar_label({"target_name": "Slovakia", "target_rank": 49, "target_tied": ["Serbia"],
    ...            "target_held": False}, 50)
    'Slovakia (hạng 49, đồng hạng với Serbia; không nước nào hạng 50)'
    >>> bar_label({"target_name": "Brazil", "target_rank": 50, "target_tied": [],
    ...            "target_held": True}, 50)
    'Brazil'
    """
    tied = list(row["target_tied"])  # type: ignore[call-overload]
    return prose.text(PROSE, "target_country", name=row["target_name"],
                      rank=fmt.number(row["target_rank"]), tied=fmt.join_vi(tied),
                      target=fmt.number(target), held=row["target_held"],
                      plain=row["target_rank"] == target and not tied)


def _rows(s: un.Survey, year: int, iso3: list[str], columns: tuple[str, ...], what: str) -> Rows:
    return Rows(un_import.UN_FILE, tuple(f"year={year} iso3={c}" for c in iso3), columns,
                f"{what}, năm {year}")


def _band(s: un.Survey, row: pd.Series, column: str, target: int) -> Traced:
    iso3 = str(row["band_iso3"]).split()
    return Traced(row[f"band_{column}"],
                  prose.text(PROSE, "band.how", n=len(iso3), index=un.SHORT[column],
                             low=target - BAND, high=target + BAND, year=row["year"]),
                  (_rows(s, int(row["year"]), iso3, (column, "egdi_rank"),
                         f"{len(iso3)} quốc gia quanh hạng {target}"),),
                  FUNCTION, units.INDEX)


def press_goal(country: str, s: un.Survey | None = None) -> dict[str, str | Figure]:
    """The ranking goal the book's own articles state (A000: «tăng 10 bậc … đến hết năm
    2020»), with its outcome as the claims register judges it; empty when none does. With the
    Survey, the places gained are a number of the sentence, traced to the ranks the rule reads
    (the starting Survey and those up to the deadline)."""
    from egovbook.analysis import claims

    found = claims.for_chapter("egdi", country)
    goals = found[found["kind"] == "un_goal"] if len(found) else found
    if goals.empty:
        return {}
    g = goals.iloc[0]
    result: str | Figure = g["recomputed_text"]
    gained = None if fmt.is_missing(g["recomputed"]) else int(float(g["recomputed"]))
    if s is not None and gained is not None and g["compare_year"]:
        start, until = int(float(g["compare_year"])), int(float(g["year"]))
        read = [s.traced("egdi_rank", y) for y in s.years if start <= y <= until]
        places = Figure(fmt.signed(gained), str(gained), units.RANK_PLACES,
                        prose.text(PROSE, "goal_result.how", start=start, until=until),
                        "egovbook.analysis.claims_rules.check_un",
                        merge_inputs(r for t in read for r in t.inputs))
        if str(result).startswith(places.text + " "):
            result = Figure(str(result), None, units.PHRASE, places.how, places.function,
                            places.inputs, (places.as_part(),))
    return {"goal_source": g["source_id"], "goal_quote": g["quote"], "goal_result": result,
            "goal_verdict": f"*{g['verdict_vi'].lower()}*"}  # a verdict: the book's label


def _decision_date() -> Figure:
    """The date of Quyết định 749/QĐ-TTg as the sources table records it (W002's event: the
    decision the page recounts), in the book's date format, traced to that row."""
    from egovbook.analysis import claims

    found = claims.load_sources()
    iso = str(found.loc[found["source_id"] == "W002", "event_date"].iloc[0])
    return Figure(fmt.date(iso), iso, units.DATE, prose.text(PROSE, "decision_date.how"),
                  "egovbook.analysis.claims.load_sources",
                  (Rows("sources.csv", ("source_id=W002",), ("event_date", "note"),
                        prose.text(PROSE, "decision_date.rows")),))


def target_note(country: str, target_rank: int | None, target: Figure,
                s: un.Survey | None = None) -> Figure:
    """Where the target rank comes from: a goal the sources state, the book's default, or the
    rank asked for at build time (the rank itself is a figure of the sentence, and so are the
    places the articles' goal gained, given the Survey)."""
    source = SOURCED_TARGETS.get((country, int(str(target.exact))))
    how = prose.text(PROSE, "target_note.how")
    if source == "W001":
        return prose.figure(PROSE, "target_note.sourced", how, FUNCTION, target=target,
                            decision_date=_decision_date(), **press_goal(country, s))
    if source == "W002":
        return prose.figure(PROSE, "target_note.decision", how, FUNCTION, target=target,
                            decision_date=_decision_date(), **press_goal(country, s))
    if target_rank is None:
        return prose.figure(PROSE, "target_note.chosen", how, FUNCTION, target=target)
    return prose.figure(PROSE, "target_note.asked", how, FUNCTION, target=target)


def target_sources(country: str, target: int) -> list[str]:
    """Every source the target note quotes, for the chapter's citation: both web pages and the
    article whose ranking goal it quotes, for a sourced target; none for a target the book
    chose or was asked for (its note quotes nothing)."""
    if (country, target) not in SOURCED_TARGETS:
        return []
    goal = press_goal(country).get("goal_source")
    return sorted({*SOURCED_TARGETS.values(), *([str(goal)] if goal else [])})


def target_links(country: str, target: int) -> str:
    """Links to the sources of a sourced target (MyST Markdown; empty otherwise)."""
    return prose.text(PROSE, "target_links") if (country, target) in SOURCED_TARGETS else ""


def year_counts(c: Context, table: pd.DataFrame, target_fig: Figure) -> Glue:
    """How many Surveys the gap table has, and in how many the country was within the target:
    each count names the country's rows it counted (none counted: the rows it looked
    through)."""
    target = int(str(target_fig.exact))

    def rows(block: str, years: list[int]) -> tuple[Rows, ...]:
        return (Rows(un_import.UN_FILE, tuple(f"year={y} iso3={c.s.country}" for y in years),
                     ("egdi_rank",), prose.text(PROSE, block, name=c.s.name, target=target)),)

    years = [int(y) for y in table["year"]] if len(table) else []
    within = [int(y) for y in table[table["within"]]["year"]] if len(table) else []
    n_within = counted(len(within), prose.text(PROSE, "n_within.how", target=target), FUNCTION,
                       rows("n_within.rows", within) if within
                       else rows("n_years.rows", years or list(c.assessed)))
    return {"n_years": counted(len(years), prose.text(PROSE, "n_years.how"), FUNCTION,
                               rows("n_years.rows", years or list(c.assessed))),
            # A sentence, not «Số kỳ …: 0»: it reads right for none («Chưa kỳ nào …») and for N.
            "within": prose.figure(PROSE, "within", None, FUNCTION, name=c.s.name,
                                   target=target_fig, n=n_within, no_year=not within)}


def glue(c: Context, target_rank: int | None) -> Glue:
    """The chapter's glued values for the edition year (and counts over its Surveys)."""
    s, year = c.s, c.year
    target = target_of(s.country, target_rank)
    table = gap_table(s, c.years, target)
    target_fig = Figure(fmt.number(target), str(target), units.RANK,
                        prose.text(PROSE, "target.how"),
                        "egovbook.chapters.survey_target.target_of")
    out: Glue = {"name": s.name, "year": fmt.year(year), "target": target_fig,
                 "target_note": target_note(s.country, target_rank, target_fig, s),
                 **year_counts(c, table, target_fig)}
    now = table[table["year"] == year]
    keys = ["rank", "egdi", "target_country", "target_egdi", "status", "band_n", "band_from",
            "band_to", "band_egdi", "part_osi", "part_tii", "part_hci", "largest"]
    if now.empty:
        return {**out, **dict.fromkeys(keys, fmt.MISSING)}
    row = now.iloc[0]
    egdi = s.traced("egdi", year)
    bar = s.traced("egdi", year, str(row["target_iso3"]))
    gap = bar - egdi
    out["rank"] = s.traced_rank("egdi", year).show(lambda r: fmt.rank(r, row["size"]))
    out["egdi"] = egdi.show(fmt.index)
    out["target_country"] = _bar_figure(s, row, target, target_fig)
    out["target_egdi"] = bar.show(fmt.index, how=prose.text(PROSE, "target_egdi.how",
                                                             target=target, year=year))
    fields = {"name": s.name, "target": target, "gap": fmt.index(abs(gap.value))}
    said = (prose.text(PROSE, "status.within", **fields) if row["within"]
            else prose.text(PROSE, "status.below", **fields))
    # Only the gap is a button; the sentence around it is text.
    shown = Figure(fields["gap"], exact_text(gap.value), units.INDEX_POINTS, gap.what, FUNCTION,
                   gap.inputs)
    out["status"] = Figure(said, None, units.PHRASE, gap.what, FUNCTION, gap.inputs,
                           (shown.as_part(),))
    band_iso3 = str(row["band_iso3"]).split()
    out["band_n"] = counted(int(row["band_n"]), prose.text(PROSE, "band_n.how"), FUNCTION,
                            (_rows(s, year, band_iso3, ("egdi_rank",),
                                   f"{len(band_iso3)} quốc gia quanh hạng {target}"),))
    out["band_from"] = Figure(fmt.number(max(1, target - BAND)), str(max(1, target - BAND)),
                              units.RANK, prose.text(PROSE, "band_edge.how"), FUNCTION)
    out["band_to"] = Figure(fmt.number(target + BAND), str(target + BAND), units.RANK,
                            prose.text(PROSE, "band_edge.how"), FUNCTION)
    out["band_egdi"] = _band(s, row, "egdi", target).show(fmt.index)
    parts = {}
    for comp in un.COMPONENTS:
        band = _band(s, row, comp, target)
        part = band - s.traced(comp, year)
        parts[comp] = row[f"part_{comp}"]
        out[f"part_{comp}"] = Figure(fmt.signed(parts[comp], 4), exact_text(parts[comp]),
                                     units.INDEX_POINTS,
                                     prose.text(PROSE, "part.how", index=un.SHORT[comp],
                                                what=part.what), FUNCTION, part.inputs)
    largest = max(parts, key=lambda k: parts[k])
    # A comparison with no number of its own: plain text (its parts are buttons beside it).
    out["largest"] = prose.text(PROSE, "largest", index=un.label(largest),
                                positive=parts[largest] > 0)
    return out


def _bar_figure(s: un.Survey, row: pd.Series, target: int, target_fig: Figure) -> str | Figure:
    """The country at the target position as the sentence names it: its name, or with its
    published rank (a number of the sentence, traced to the rows of the tie) and the target."""
    label = str(row["target_label"])
    if label == row["target_name"]:
        return label
    year, names = int(row["year"]), [row["target_name"], *row["target_tied"]]
    codes = list(s.members("world", year).set_index("name_vi").loc[names, "iso3"])
    rank = Figure(fmt.number(row["target_rank"]), str(row["target_rank"]), units.RANK,
                  prose.text(PROSE, "target_rank.how", target=target, year=year), FUNCTION,
                  (_rows(s, year, codes, ("egdi_rank", "egdi"), label),))
    parts = (rank.as_part(), *(() if row["target_held"] else (target_fig.as_part(),)))
    return Figure(label, None, units.PHRASE, rank.how, FUNCTION, rank.inputs, parts)


def table_spec(c: Context, target: int) -> tables.Table:
    """The gap in every Survey in which the country has a published rank."""
    s = c.s
    rows = records(gap_table(s, c.years, target))

    def index_col(header: str, key: str, name: str, signed: bool = False) -> tables.Col:
        show = (lambda r: fmt.signed(r[key], 4)) if signed else (lambda r: fmt.index(r[key]))
        return tables.right(header, show, {name: itemgetter(key)})

    return tables.Table(
        "tbl-khoang-cach-muc-tieu",
        prose.text(PROSE, "tbl-khoang-cach-muc-tieu", name=s.name, target=target), rows, [
            tables.Col("Năm khảo sát", lambda r: fmt.year(r["year"]), {"nam": itemgetter("year")}),
            tables.right(f"Hạng {s.name}", lambda r: fmt.rank(r["rank"], r["size"]),
                         {"hang": itemgetter("rank"), "so_nuoc": itemgetter("size")},
                         titles={"hang": f"Hạng {s.name}"}),  # the header, as it mirrors it
            index_col(f"EGDI {s.name}", "egdi", "egdi"),
            tables.Col(f"Quốc gia ở vị trí thứ {fmt.number(target)}", itemgetter("target_label"),
                       {"iso3_muc_tieu": itemgetter("target_iso3")}),
            index_col(f"EGDI ở vị trí thứ {fmt.number(target)}", "target_egdi", "egdi_muc_tieu"),
            index_col("Khoảng cách", "gap", "khoang_cach", signed=True),
            tables.right("EGDI trung bình của nhóm", lambda r: fmt.index(r["band_egdi"]),
                         {"egdi_tb_nhom": itemgetter("band_egdi"),
                          "nhom_iso3": itemgetter("band_iso3"),
                          **{f"{k}_tb_nhom": itemgetter(f"band_{k}") for k in un.COMPONENTS}}),
            *(index_col(f"Phần {un.SHORT[k]}", f"part_{k}", f"phan_{k}", signed=True)
              for k in un.COMPONENTS),
            index_col("Phần dư", "residual", "phan_du", signed=True),
        ], units=units.line(units.RANK, units.COUNTRIES, units.INDEX, units.INDEX_POINTS),
        empty=prose.text(PROSE, "tbl-khoang-cach-muc-tieu.empty", name=s.name))
