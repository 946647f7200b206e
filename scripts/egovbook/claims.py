"""The claims register: each figure the press quotes, recomputed from the project's data.

``data/claims.csv`` holds what the source says (exact short quote, the value as claimed, its
precision) and *what to compute* (kind, index, scope, year); never the expected answer. The
recomputed value and the verdict come from :func:`evaluate`.

Tolerance rule: a claim *matches* when the data give exactly the claimed value; it *matches after
rounding* when the data value rounded to the claim's number of decimals equals the claim; any
other value *differs*. Ranks, rank changes, counts, groups and comparisons must match exactly.
A claim the data cannot reach is *cannot be checked*.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import fmt, un
from .paths import data_dir

CLAIMS_FILE = "claims.csv"
SOURCES_FILE = "sources.csv"

MATCH = "match"
MATCH_ROUNDED = "match_rounded"
DIFFERS = "differs"
UNCHECKABLE = "uncheckable"
VERDICT_VI = {
    MATCH: "Khớp",
    MATCH_ROUNDED: "Khớp sau làm tròn",
    DIFFERS: "Lệch",
    UNCHECKABLE: "Không kiểm chứng được",
}
SCOPE_VI = {"world": "thế giới", "region": "vùng", "subregion": "tiểu vùng"}


def load_claims(folder: Path | None = None) -> pd.DataFrame:
    return pd.read_csv((folder or data_dir()) / CLAIMS_FILE, dtype=str, keep_default_na=False)


def load_sources(folder: Path | None = None) -> pd.DataFrame:
    return pd.read_csv((folder or data_dir()) / SOURCES_FILE, dtype=str, keep_default_na=False)


@dataclass
class Result:
    value: float | str | None
    shown: str
    verdict: str
    detail: str = ""


def _compare_number(claimed: float, actual: float | None, decimals: int) -> str:
    if actual is None or pd.isna(actual):
        return UNCHECKABLE
    if abs(actual - claimed) < 1e-12:
        return MATCH
    if decimals > 0 and abs(round(actual, decimals) - claimed) < 10 ** -(decimals + 3):
        return MATCH_ROUNDED
    return DIFFERS


def _check_un(claim: pd.Series, survey: un.Survey) -> Result:
    kind, index = claim["kind"], claim["index"]
    scope: un.Scope = claim["scope"]  # type: ignore[assignment]
    year = int(claim["year"])
    if year not in survey.years:
        return Result(None, fmt.MISSING, UNCHECKABLE, f"Không có dữ liệu năm {year}.")
    if kind == "rank":
        rank = survey.rank(index, year, scope)
        size = survey.scope_size(year, scope)
        verdict = _compare_number(float(claim["claimed_value"]), rank, 0)
        return Result(rank, fmt.rank(rank, size), verdict)
    if kind == "scope_size":
        size = survey.scope_size(year, scope)
        return Result(size, fmt.number(size), _compare_number(float(claim["claimed_value"]),
                                                              size, 0))
    if kind == "rank_change":
        before_year = int(claim["compare_year"])
        changes = {m: (survey.rank(index, before_year, scope, m) or 0)
                   - (survey.rank(index, year, scope, m) or 0)
                   for m in ("min", "average", "max")}
        value = changes["min"]
        verdict = _compare_number(float(claim["claimed_value"]), value, 0)
        detail = ""
        if len(set(changes.values())) > 1:
            detail = ("Phụ thuộc quy tắc đồng hạng: đồng hạng lấy hạng cao nhất "
                      f"{fmt.signed(changes['min'])}, hạng trung bình "
                      f"{fmt.signed(changes['average'], 1)}, hạng thấp nhất "
                      f"{fmt.signed(changes['max'])}.")
        return Result(value, fmt.signed(value), verdict, detail)
    if kind == "value":
        value = survey.row(year)[index]
        decimals = int(claim["decimals"] or 0)
        return Result(float(value), fmt.index(value, 4 if decimals <= 4 else decimals),
                      _compare_number(float(claim["claimed_value"]), float(value), decimals))
    if kind == "above_average":
        avg = survey.averages(index).loc[year]
        own, mean = float(avg["country"]), float(avg[scope])
        above = own > mean
        shown = (f"{fmt.index(own)} so với trung bình {survey.scope_name(scope)} "
                 f"{fmt.index(mean)}")
        return Result(int(above), shown, MATCH if above == (claim["claimed_value"] == "1")
                      else DIFFERS)
    if kind == "level":
        name = un.level(float(survey.row(year)[index]))[1]
        return Result(name, name, MATCH if name.lower() == claim["claimed_value"].lower()
                      else DIFFERS)
    return Result(None, fmt.MISSING, UNCHECKABLE, f"Loại khẳng định chưa được hỗ trợ: {kind}")


def evaluate(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """The register with recomputed values and verdicts (one row per claim)."""
    claims = load_claims() if claims is None else claims
    surveys: dict[str, un.Survey] = {}
    rows = []
    for _, claim in claims.iterrows():
        iso3 = claim["country"]
        if iso3 not in surveys:
            surveys[iso3] = un.Survey.for_country(iso3)
        result = _check_un(claim, surveys[iso3])
        rows.append({**claim.to_dict(), "recomputed": result.value,
                     "recomputed_text": result.shown, "verdict": result.verdict,
                     "verdict_vi": VERDICT_VI[result.verdict], "detail": result.detail})
    return pd.DataFrame(rows)


def for_chapter(chapter: str, country: str) -> pd.DataFrame:
    """The evaluated claims a chapter shows next to its figures (none for other countries)."""
    claims = load_claims()
    claims = claims[(claims["chapter"] == chapter) & (claims["country"] == country)]
    if claims.empty:
        return claims
    return evaluate(claims)
