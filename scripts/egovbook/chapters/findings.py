"""The key findings page: a handful of sentences, each computed by the chapter that supports it.

Every finding is a :class:`~values.Figure` phrase built from the same chapter values the
chapters glue, so the summary can never say something its chapters do not; its provenance
joins the inputs of the figures it quotes. The sentences themselves (and how each is computed)
are in ``notebooks/prose/00_diem_chinh.md``: Python chooses which one applies and passes the
values.
"""

from __future__ import annotations

from dataclasses import replace

from egovbook.analysis import un
from egovbook.analysis.values import Figure
from egovbook.chapters import prose, survey, survey_regions, survey_subindices
from egovbook.common import fmt

PROSE = "00_diem_chinh"
FN = "egovbook.chapters.findings"
UN_KEYS = ["f_level", "f_change", "f_region", "f_components", "f_average"]
DOMESTIC_KEYS = ["f_targets", "f_new", "f_claims"]


def un_findings(c: survey.Context) -> dict[str, Figure | str]:
    """Findings from the three UN chapters (any member state)."""
    name, year = c.s.name, c.year
    if not c.has_year:
        return dict.fromkeys(UN_KEYS, prose.text(PROSE, "not_assessed", name=name, year=year))
    o = survey.overview(c)
    sub = survey_subindices.subindices(c)
    reg = survey_regions.regional(c)
    out: dict[str, Figure | str] = {}
    out["f_level"] = prose.figure(PROSE, "f_level", None, FN, name=name, year=year,
                                  egdi=o["egdi"], rank=o["rank"], level=o["level"])
    if c.prev:
        out["f_change"] = prose.figure(
            PROSE, "f_change", None, FN, prev=c.prev, rank_change=o["rank_change"],
            egdi_change=o["egdi_change"], component=sub["main_component"],
            contribution=sub["main_contribution"])
    else:
        out["f_change"] = prose.text(PROSE, "f_change.first", name=name, year=year)
    out["f_region"] = prose.figure(
        PROSE, "f_region", None, FN, name=name, region=o["region"], subregion=o["subregion"],
        rank_region=o["rank_region"], rank_subregion=o["rank_subregion"],
        leader=reg["leader_sub"], leader_egdi=reg["leader_sub_egdi"])
    row = c.s.row(year)
    strongest = max(un.COMPONENTS, key=lambda comp: row[comp])
    weakest = min(un.COMPONENTS, key=lambda comp: row[comp])
    out["f_components"] = prose.figure(
        PROSE, "f_components", None, FN, strongest=un.label(strongest),
        strongest_value=sub[f"{strongest}_value"], weakest=un.label(weakest),
        weakest_value=sub[f"{weakest}_value"])
    # The sentence says «higher/lower by» the unsigned gap: the gap is the signed figure
    # without its sign (same rows, same method), so it opens its own provenance.
    diff = o["diff_world"]
    diff_text = diff.text if isinstance(diff, Figure) else diff
    gap: Figure | str = diff_text.lstrip("+-")
    if isinstance(diff, Figure):
        exact = diff.exact.lstrip("-") if diff.exact else diff.exact
        gap = replace(diff, text=gap, exact=exact)
    out["f_average"] = prose.figure(
        PROSE, "f_average", None, FN, name=name, above=not diff_text.startswith("-"),
        average=o["avg_world"], gap=gap)
    return out


def domestic_findings(quarter: str | None) -> dict[str, Figure | str]:
    """Findings of the domestic chapters and the register (Viet Nam only)."""
    from egovbook.analysis import claims, claims_counts
    from egovbook.chapters import domestic_indicators, domestic_new, domestic_quarter

    q = domestic_quarter.Quarter.load(quarter)
    t = domestic_indicators.targets_chapter(q)
    new = domestic_new.whats_new(q).glue
    register = claims.evaluate(until=q.quarter)
    register = register[register["country"] == "VNM"]
    summary = claims_counts.summary_values(register, "Việt Nam")
    return {
        "f_targets": prose.figure(PROSE, "f_targets", None, FN, quarter=q.vi,
                                  n_targets=t["n_targets"], statuses=t["status_summary"]),
        "f_new": prose.figure(PROSE, "f_new", None, FN, quarter=q.vi, n_new=new["n_new"],
                              n_changed=new["n_changed"],
                              n_not_comparable=new["n_not_comparable"], n_first=new["n_first"]),
        "f_claims": prose.figure(PROSE, "f_claims", None, FN, n_claims=summary["n_claims"],
                                 counts=summary["counts_text"]),
    }


DOMESTIC_TABLES = {"l_targets": "tbl-muc-tieu", "l_new": "tbl-moi-trong-quy",
                   "l_claims": "tbl-kiem-chung-dem"}


def domestic_links(domestic: bool) -> dict[str, str]:
    """MyST links to the tables behind the domestic findings; empty where they don't exist."""
    return {key: prose.text(PROSE, "link", label=label) if domestic else ""
            for key, label in DOMESTIC_TABLES.items()}


def all_findings(s: un.Survey, year: int | None, quarter: str | None,
                 domestic: bool) -> dict[str, Figure | str]:
    c = survey.Context.of(s, year)
    out = {"name": s.name, "year": fmt.year(c.year), **un_findings(c)}
    if domestic:
        out.update(domestic_findings(quarter))
    else:
        out.update(dict.fromkeys(DOMESTIC_KEYS, prose.text(PROSE, "no_domestic")))
    return out


def sources_used(s: un.Survey, year: int | None, quarter: str | None,
                 domestic: bool) -> tuple[list[int], list[str]]:
    """The survey years and the articles the findings draw on, for the page's «Nguồn» line:
    the chosen year and the one before (level, change, average); the articles of the targets,
    the quarter's figures and the register that the domestic findings count, and the Survey
    years that register's verdicts rest on (review 17, C7)."""
    from egovbook.analysis import claims
    from egovbook.chapters import claims_tables, domestic_quarter

    c = survey.Context.of(s, year)
    years = [y for y in (c.prev, c.year) if y] if c.has_year else []
    if not domestic:
        return years, []
    q = domestic_quarter.Quarter.load(quarter)
    register = claims.evaluate(until=q.quarter)
    register = register[register["country"] == "VNM"]
    years = sorted({*years, *claims_tables.survey_years(register)})
    return years, [*q.obs["source_id"], *q.targets["source_id"], *register["source_id"]]


# The quarterly files, targets and press register are Viet Nam's (chapters 4–7 declare
# ``countries: [VNM]`` in their metadata).
DOMESTIC_COUNTRIES = {"VNM"}


def has_domestic(country: str) -> bool:
    return country in DOMESTIC_COUNTRIES
