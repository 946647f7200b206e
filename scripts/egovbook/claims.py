"""The claims register: each figure the press quotes, recomputed from the project's data.

The register is ``data/claims.csv`` (UN figures, cross-checks between articles, arithmetic and
figures with nothing to check them against) plus one derived claim per row of
``data/quarterly/`` (``OBS:…``) and per target in ``data/domestic/targets.csv`` (``TGT:…``), so
no figure is written twice. The files say *what to compute*; the recomputed value and the verdict
always come from :func:`evaluate`.

Tolerance rule: a claim *matches* when the data give exactly the claimed value; it *matches after
rounding* when the data value rounded to the claim's number of decimals equals the claim (for
"gần" — nearly — the data must also not exceed it; for "hơn" — more than — the data must exceed
it); any other value *differs*. Ranks, rank changes, counts, groups and comparisons must match
exactly. A figure the project has no independent data for is *cannot be checked*: this includes
every domestic figure that only one article gives (the register still names the data row that
records it). A target is compared with the target the sources attribute to a legal text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import domestic, fmt, un
from .data_access import read_csv
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
UN_KINDS = {"rank", "rank_change", "scope_size", "value", "above_average", "level", "un_goal"}
PORTAL_GROUPS = {"cong_dvcqg", "cds_kpi", "nen_tang", "attt"}
CHAPTER_DOC = {
    "egdi": ("01_tong_quan_egdi", "tbl-egdi-doi-chieu"),
    "subindices": ("02_chi_so_thanh_phan", "tbl-thanh-phan-doi-chieu"),
    "domestic": ("04_chi_tieu_trong_nuoc", "tbl-trong-nuoc-doi-chieu"),
    "portal": ("05_cong_dvc_chuyen_doi_so", "tbl-cong-doi-chieu"),
}


def load_claims(folder: Path | None = None) -> pd.DataFrame:
    return read_csv((folder or data_dir()) / CLAIMS_FILE, dtype=str, keep_default_na=False)


def load_sources(folder: Path | None = None) -> pd.DataFrame:
    return read_csv((folder or data_dir()) / SOURCES_FILE, dtype=str, keep_default_na=False)


@dataclass
class Result:
    value: float | str | None
    shown: str
    verdict: str
    detail: str = ""


def _compare_number(claimed: float, actual: float | None, decimals: int,
                    comparator: str = "=") -> str:
    """The tolerance rule (see the module docstring)."""
    if actual is None or pd.isna(actual):
        return UNCHECKABLE
    if comparator == ">":
        return MATCH if actual > claimed else DIFFERS
    if comparator == "≤" and actual > claimed + 1e-12:
        return DIFFERS
    if abs(actual - claimed) < 1e-12:
        return MATCH
    if abs(round(actual, decimals) - claimed) < 10 ** -(decimals + 3):
        return MATCH_ROUNDED
    return DIFFERS


# --- UN claims --------------------------------------------------------------------------------


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
    if kind == "un_goal":
        later = [y for y in survey.years if y > year]
        if not later:
            return Result(None, fmt.MISSING, UNCHECKABLE, "Chưa có kỳ khảo sát sau thời hạn.")
        nxt = later[0]
        before, after = survey.rank(index, year, scope), survey.rank(index, nxt, scope)
        gained = (before or 0) - (after or 0)
        reached = "đạt" if gained >= float(claim["claimed_value"]) else "chưa đạt"
        return Result(gained, f"{fmt.signed(gained)} bậc ở kỳ {nxt}", UNCHECKABLE,
                      f"Mục tiêu, không phải số liệu. Kỳ khảo sát đầu tiên sau thời hạn ({nxt}): "
                      f"hạng {fmt.number(after)}, {fmt.rank_change(before, after)} so với kỳ "
                      f"{year}; mục tiêu {reached}.")
    return Result(None, fmt.MISSING, UNCHECKABLE, f"Loại khẳng định chưa được hỗ trợ: {kind}")


# --- domestic claims --------------------------------------------------------------------------


class Observations:
    """Look-up of quarterly rows by ``INDICATOR@date``."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table
        self.by_ref = {f"{r.indicator}@{r.date}": r for r in table.itertuples()}

    def get(self, ref: str) -> object | None:
        return self.by_ref.get(ref)

    def value(self, ref: str) -> float | None:
        row = self.get(ref)
        return None if row is None else float(row.value_num)  # type: ignore[attr-defined]


def _where(row: object) -> str:
    return f"data/quarterly/{row.file}, {row.indicator}, {row.date}"  # type: ignore[attr-defined]


def _check_domestic(claim: pd.Series, obs: Observations, indicators: pd.DataFrame,
                    targets: pd.DataFrame) -> Result:
    kind = claim["kind"]
    refs = claim["refs"].split()
    decimals = int(claim["decimals"] or 0)
    missing = [r for r in refs if obs.get(r) is None]
    if kind in {"observation", "ratio", "sum", "share_consistency", "recorded"} and missing:
        return Result(None, fmt.MISSING, UNCHECKABLE,
                      "Không tìm thấy số liệu: " + ", ".join(missing))
    if kind == "recorded":
        row = obs.get(refs[0])
        unit = indicators.loc[row.indicator, "unit"]  # type: ignore[attr-defined]
        shown = domestic.format_value(row.value, unit, row.qualifier)  # type: ignore[attr-defined]
        return Result(row.value_num, shown, UNCHECKABLE,  # type: ignore[attr-defined]
                      "Chỉ một nguồn nêu số này; không có dữ liệu độc lập để kiểm. Ghi tại "
                      + _where(row) + ".")
    if kind == "observation":
        row = obs.get(refs[0])
        unit = indicators.loc[row.indicator, "unit"]  # type: ignore[attr-defined]
        value = float(row.value_num)  # type: ignore[attr-defined]
        verdict = _compare_number(float(claim["claimed_value"]), value, decimals,
                                  claim["comparator"] or "=")
        shown = domestic.format_value(row.value, unit, row.qualifier)  # type: ignore[attr-defined]
        return Result(value, f"{shown} (bài {row.source_id})", verdict,  # type: ignore[attr-defined]
                      "So với " + _where(row) + ".")
    if kind == "ratio":
        a, b = obs.value(refs[0]), obs.value(refs[1])
        ratio = a / b if a is not None and b else None
        verdict = _compare_number(float(claim["claimed_value"]), ratio, decimals,
                                  claim["comparator"] or "=")
        return Result(ratio, f"gấp {fmt.number(ratio, 2)} lần", verdict,
                      f"{refs[0]} chia {refs[1]}.")
    if kind == "sum":
        total = obs.value(refs[0])
        parts = [obs.value(r) or 0.0 for r in refs[1:]]
        added = sum(parts)
        verdict = MATCH if total == added == float(claim["claimed_value"]) else DIFFERS
        shown = " + ".join(fmt.number(p) for p in parts) + f" = {fmt.number(added)}"
        return Result(added, shown, verdict, f"Tổng bài nêu: {fmt.number(total)}.")
    if kind == "share_consistency":
        pairs = [(obs.value(refs[i]), obs.get(refs[i + 1])) for i in range(0, len(refs), 2)]
        found = _common_denominator(pairs)
        if found is None:
            return Result(None, "không có mẫu số chung", DIFFERS,
                          "Không mẫu số nguyên nào tái tạo được mọi tỷ lệ đã làm tròn.")
        return Result(found, f"mẫu số chung {fmt.number(found)}", MATCH_ROUNDED,
                      f"Với mẫu số {fmt.number(found)}: "
                      + "; ".join(f"{fmt.number(c)}/{fmt.number(found)} = "
                                  f"{fmt.percent(c / found * 100, 2)}" for c, _ in pairs
                                  if c is not None) + ".")
    if kind == "target":
        return _check_target(claim, targets, indicators)
    return Result(None, fmt.MISSING, UNCHECKABLE, claim.get("note", ""))


def _common_denominator(pairs: list[tuple[float | None, object | None]]) -> int | None:
    """Smallest whole denominator N that gives every (count, rounded %) pair."""
    counts = [c for c, _ in pairs if c is not None]
    if not counts:
        return None
    for n in range(int(max(counts)), 10_000):
        ok = True
        for count, row in pairs:
            text = row.value  # type: ignore[attr-defined]
            decimals = domestic.decimals_of(text)
            if count is None or round(count / n * 100, decimals) != float(text):
                ok = False
                break
        if ok:
            return n
    return None


def _check_target(claim: pd.Series, targets: pd.DataFrame, indicators: pd.DataFrame) -> Result:
    own = targets[targets["target_id"] == claim["refs"]].iloc[0]
    unit = indicators.loc[own["indicator"], "unit"]
    shown = (fmt.MISSING if not own["value"] else
             fmt.percent(float(own["value"]), 0) if unit == "percent"
             else fmt.number(float(own["value"])))
    legal = targets[(targets["indicator"] == own["indicator"]) & (targets["legal_basis"] != "")
                    & (targets["target_id"] != own["target_id"])]
    if own["legal_basis"] or legal.empty or not own["value"]:
        return Result(own["value"] or None, shown, UNCHECKABLE,
                      "Mục tiêu do nguồn nêu; không có mục tiêu nào khác gắn với văn bản pháp lý "
                      "để đối chiếu." if not own["legal_basis"] else
                      f"Mục tiêu gắn với {own['legal_basis']} theo chính bài này.")
    ref = legal.iloc[0]
    verdict = _compare_number(float(ref["value"]), float(own["value"]), 0)
    return Result(float(own["value"]), shown, verdict,
                  f"{ref['legal_basis']} (theo bài {ref['source_id']}): "
                  + (fmt.percent(float(ref["value"]), 0) if unit == "percent"
                     else fmt.number(float(ref["value"]))) + ".")


# --- the register -----------------------------------------------------------------------------


def _chapter_of(code: str, indicators: pd.DataFrame) -> str:
    return "portal" if indicators.loc[code, "group"] in PORTAL_GROUPS else "domestic"


def derived_claims(observations: pd.DataFrame, targets: pd.DataFrame,
                   indicators: pd.DataFrame) -> pd.DataFrame:
    """One claim per quarterly row and per target: the figures that are data already."""
    rows = []
    for r in observations.itertuples():
        unit = indicators.loc[r.indicator, "unit"]
        rows.append({"claim_id": f"OBS:{r.file}:{r.indicator}:{r.date}",
                     "source_id": r.source_id, "country": "VNM", "quote": r.quote,
                     "claimed_text": domestic.format_value(r.value, unit, r.qualifier),
                     "claimed_value": r.value, "decimals": str(domestic.decimals_of(r.value)),
                     "kind": "recorded", "refs": f"{r.indicator}@{r.date}",
                     "chapter": _chapter_of(r.indicator, indicators), "note": r.scope_note})
    for t in targets.itertuples():
        unit = indicators.loc[t.indicator, "unit"]
        text = (fmt.percent(float(t.value), 0) if t.value and unit == "percent"
                else fmt.number(float(t.value)) if t.value else "không nêu giá trị")
        rows.append({"claim_id": f"TGT:{t.target_id}", "source_id": t.source_id,
                     "country": "VNM", "quote": t.quote, "claimed_text": "mục tiêu " + text,
                     "claimed_value": t.value, "decimals": "0", "kind": "target",
                     "refs": t.target_id, "chapter": _chapter_of(t.indicator, indicators),
                     "note": t.note})
    return pd.DataFrame(rows)


@dataclass
class DomesticTables:
    """The domestic tables the register reads, loaded once per evaluation."""

    observations: pd.DataFrame
    targets: pd.DataFrame
    indicators: pd.DataFrame

    @classmethod
    def load(cls, folder: Path | None = None) -> DomesticTables:
        return cls(domestic.load_observations(folder), domestic.load_targets(folder),
                   domestic.load_indicators(folder))


def register(folder: Path | None = None, tables: DomesticTables | None = None) -> pd.DataFrame:
    """Every claim: the file's rows, then the derived ones."""
    tables = tables or DomesticTables.load(folder)
    derived = derived_claims(tables.observations, tables.targets, tables.indicators)
    return pd.concat([load_claims(folder), derived], ignore_index=True).fillna("")


def evaluate(claims: pd.DataFrame | None = None,
             tables: DomesticTables | None = None) -> pd.DataFrame:
    """The register with recomputed values and verdicts (one row per claim)."""
    tables = tables or DomesticTables.load()
    claims = register(tables=tables) if claims is None else claims.copy()
    for col in ("refs", "comparator", "contradicts", "note", "index", "scope", "year",
                "compare_year", "decimals", "claimed_value"):
        if col not in claims:
            claims[col] = ""
    claims = claims.fillna("")
    surveys: dict[str, un.Survey] = {}
    obs = Observations(tables.observations)
    indicators, targets = tables.indicators, tables.targets
    rows = []
    for _, claim in claims.iterrows():
        if claim["kind"] in UN_KINDS:
            iso3 = claim["country"]
            if iso3 not in surveys:
                surveys[iso3] = un.Survey.for_country(iso3)
            result = _check_un(claim, surveys[iso3])
        else:
            result = _check_domestic(claim, obs, indicators, targets)
        value = result.value
        if isinstance(value, float) and math.isnan(value):
            value = None
        rows.append({**claim.to_dict(), "recomputed": value,
                     "recomputed_text": result.shown, "verdict": result.verdict,
                     "verdict_vi": VERDICT_VI[result.verdict], "detail": result.detail})
    return pd.DataFrame(rows)


def for_chapter(chapter: str, country: str) -> pd.DataFrame:
    """The evaluated claims a chapter shows next to its figures (none for other countries)."""
    tables = DomesticTables.load()
    claims = register(tables=tables)
    claims = claims[(claims["chapter"] == chapter) & (claims["country"] == country)]
    if claims.empty:
        return claims
    return evaluate(claims, tables)


def summary_values(register: pd.DataFrame, name: str) -> dict[str, object]:
    """What the verification chapter states about the register, counted from it."""
    from .values import counted, phrase

    order = list(VERDICT_VI)
    counts = register["verdict"].value_counts().reindex(order, fill_value=0)
    contradictions = register[register["contradicts"] != ""]
    fn = "egovbook.claims.evaluate"
    return {
        "name": name,
        "n_claims": counted(len(register), "số dòng của sổ đối chiếu", fn),
        "n_sources": counted(int(register["source_id"].nunique()),
                             "số bài báo khác nhau trong cột Nguồn của sổ đối chiếu", fn),
        "counts_text": phrase(fmt.join_vi([f"{fmt.number(counts[v])} {VERDICT_VI[v].lower()}"
                                           for v in order]) if len(register)
                              else "không có khẳng định nào",
                              "đếm theo cột Kết luận của sổ đối chiếu", fn),
        "n_differs": counted(int(counts[DIFFERS]), "số dòng kết luận «lệch»", fn),
        "n_contradictions": counted(len(contradictions), "số dòng của bảng các khẳng định "
                                    "mâu thuẫn giữa các bài báo", fn),
    }
