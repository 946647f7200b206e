"""The claims register: each figure the press quotes, recomputed from the project's data.

The register is ``data/claims.csv`` (UN figures, cross-checks between articles, arithmetic and
figures with nothing to check them against) plus one derived claim per row of
``data/quarterly/`` and per target in ``data/domestic/targets.csv``, so no figure is written
twice. A derived claim is named after its article (:func:`derived_claims`). The files say
*what to compute*; the recomputed value and the verdict always come from :func:`evaluate`, by
the rules of :mod:`egovbook.analysis.claims_rules`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from egovbook.analysis import target_status, un
from egovbook.analysis.claims_rules import (
    AGREE,
    CONFLICT,
    DIFFERS,
    MATCH,
    MATCH_ROUNDED,
    QUALIFIER_COMPARATOR,
    UNCHECKABLE,
    VERDICT_VI,
    Result,
    Statement,
    check_ratio,
    check_un,
    inferred_events,
    link,
    origins,
    reader_note,
)
from egovbook.common import fmt, periods
from egovbook.intake import domestic, quarterly

UN_CHAPTERS = {"egdi", "subindices"}
# Kinds checked against the quarterly files or the targets (the rest need no domestic table).
DOMESTIC_KINDS = {"observation", "ratio", "sum", "share_consistency", "recorded", "target"}
UN_KINDS = {"rank", "rank_change", "scope_size", "value", "above_average", "level", "un_goal"}
ARITHMETIC = {"ratio", "sum", "share_consistency"}
PORTAL_GROUPS = {"cong_dvcqg", "cds_kpi", "nen_tang", "attt"}
CHAPTER_DOC = {
    "egdi": ("01_tong_quan_egdi", "tbl-egdi-doi-chieu"),
    "subindices": ("02_chi_so_thanh_phan", "tbl-thanh-phan-doi-chieu"),
    "domestic": ("04_chi_tieu_trong_nuoc", "tbl-trong-nuoc-doi-chieu"),
    "portal": ("05_cong_dvc_chuyen_doi_so", "tbl-cong-doi-chieu"),
}


# Read through the one door (egovbook.intake.domestic); these names stay for the notebooks.


def load_sources(folder: Path | None = None, until: str | None = None) -> pd.DataFrame:
    """The sources (with ``until``, ``YYYYQn``: those known at the end of that quarter)."""
    table = domestic.load_sources(folder)
    if until:
        table = table[table["source_id"].isin(domestic.known_sources(until, folder))]
    return table.reset_index(drop=True)


# --- domestic claims --------------------------------------------------------------------------


class Observations:
    """Look-up of quarterly rows by ``INDICATOR@date``, and their description in words."""

    def __init__(self, table: pd.DataFrame, indicators: pd.DataFrame) -> None:
        self.table, self.indicators = table, indicators
        self.by_ref = {f"{r.indicator}@{r.date}": r for r in table.itertuples()}

    def get(self, ref: str) -> object | None:
        return self.by_ref.get(ref)

    def value(self, ref: str) -> float | None:
        row = self.get(ref)
        return None if row is None else float(row.value_num)  # type: ignore[attr-defined]

    def shown(self, row: object) -> str:
        unit = self.indicators.loc[row.indicator, "unit"]  # type: ignore[attr-defined]
        return domestic.format_value(row.value, unit, row.qualifier,  # type: ignore[attr-defined]
                                     row.quote)  # type: ignore[attr-defined]

    @staticmethod
    def when(date: str) -> str:
        period = periods.parse_period(date)
        return date if period is None else ("ngày " if period.day else "") + period.vi()

    def describe(self, row: object) -> str:
        """``số liệu tháng 07/2020 của bài A001: 82,6 %``."""
        return (f"số liệu {self.when(row.date)} của bài "  # type: ignore[attr-defined]
                f"{row.source_id}: {self.shown(row)}")  # type: ignore[attr-defined]

    def missing(self, ref: str) -> str:
        code, _, date = ref.partition("@")
        name = (self.indicators.loc[code, "name_vi"] if code in self.indicators.index
                else "chỉ tiêu được nêu")
        return f"{name} {self.when(date)}"


def _check_domestic(claim: pd.Series, obs: Observations, targets: pd.DataFrame) -> Result:
    kind = claim["kind"]
    refs = claim["refs"].split()
    missing = [r for r in refs if obs.get(r) is None]
    if kind in {"observation", "recorded", *ARITHMETIC} and missing:
        return Result(None, fmt.MISSING, UNCHECKABLE, "Dữ liệu của sách không có số liệu: "
                      + "; ".join(obs.missing(r) for r in missing) + ".")
    rows = [obs.get(r) for r in refs] if kind != "target" else []
    basis = tuple(sorted({r.source_id for r in rows}))  # type: ignore[attr-defined]
    row = rows[0] if rows else None
    # A figure that is its own data row, or another article's reading, has no value to be
    # compared with: «—» (review 25, C4).
    if kind == "recorded" or kind == "observation" and (  # of the article itself, or read
            row.source_id == claim["source_id"] or target_status.value_read(  # type: ignore
                row.value, row.quote, obs.indicators.loc[row.indicator, "unit"])):  # type: ignore
        return Result(None, fmt.MISSING, UNCHECKABLE, basis=basis)
    if kind == "observation":
        return Result(row.value_num,  # type: ignore[union-attr]
                      f"{obs.shown(row)} (bài {row.source_id})",  # type: ignore[union-attr]
                      UNCHECKABLE, basis=basis)
    if kind == "ratio":
        rounded = all(obs.indicators.loc[r.indicator, "unit"] == "percent"  # type: ignore
                      for r in rows)
        return check_ratio(claim, rows[0].value, rows[1].value, rounded,  # type: ignore
                           f"{obs.shown(rows[0])} ({obs.when(rows[0].date)}) chia "  # type: ignore
                           f"{obs.shown(rows[1])} ({obs.when(rows[1].date)}), số liệu của "  # type: ignore
                           f"bài {fmt.join_vi(list(basis))}.", basis)
    if kind == "sum":
        total = obs.value(refs[0])
        parts = [obs.value(r) or 0.0 for r in refs[1:]]
        added = sum(parts)
        verdict = MATCH if total == added == float(claim["claimed_value"]) else DIFFERS
        shown = " + ".join(fmt.number(p) for p in parts) + f" = {fmt.number(added)}"
        return Result(added, shown, verdict, f"Tổng bài nêu: {fmt.number(total)}.", basis)
    if kind == "share_consistency":
        pairs = [(obs.value(refs[i]), obs.get(refs[i + 1])) for i in range(0, len(refs), 2)]
        found = _common_denominator(pairs)
        if found is None:
            return Result(None, "không có mẫu số chung", DIFFERS,
                          "Không mẫu số nguyên nào tái tạo được mọi tỷ lệ đã làm tròn.", basis)
        return Result(found, f"mẫu số chung {fmt.number(found)}", MATCH_ROUNDED,
                      f"Với mẫu số {fmt.number(found)}: "
                      + "; ".join(f"{fmt.number(c)}/{fmt.number(found)} = "
                                  f"{fmt.percent(c / found * 100, 2)}" for c, _ in pairs
                                  if c is not None) + ".", basis)
    if kind == "target":
        own = targets[targets["target_id"] == claim["refs"]].iloc[0]
        detail = (f"Bài gắn mục tiêu này với {own['legal_basis']}." if own["legal_basis"]
                  else "")
        return Result(None, fmt.MISSING, UNCHECKABLE, detail)  # the target is its own row
    return Result(None, fmt.MISSING, UNCHECKABLE)


def _common_denominator(pairs: list[tuple[float | None, object | None]]) -> int | None:
    """Smallest whole denominator N that gives every (count, rounded %) pair, rounded half up."""
    counts = [c for c, _ in pairs if c is not None]
    if not counts:
        return None
    for n in range(int(max(counts)), 10_000):
        if all(count is not None and fmt.half_up(
                fmt.exact(count) * 100 / Decimal(n),
                domestic.decimals_of(row.value)) == fmt.exact(row.value)  # type: ignore[attr-defined]
               for count, row in pairs):
            return n
    return None


# --- the register -----------------------------------------------------------------------------


def _numbered(keys: list[tuple[str, tuple[str, ...]]], letter: str) -> list[str]:
    """``A001-S03``: the article, then the place of the key among that article's keys."""
    order: dict[str, list[tuple[str, ...]]] = {}
    for source, key in keys:
        order.setdefault(source, []).append(key)
    place = {(s, k): i + 1 for s, ks in order.items() for i, k in enumerate(sorted(ks))}
    return [f"{s}-{letter}{place[(s, k)]:02d}" for s, k in keys]


def target_claim_ids(targets: pd.DataFrame) -> dict[str, str]:
    """The readable id of each target (``T04`` → ``A003-M01``), as the register names it."""
    ids = _numbered([(t.source_id, (t.target_id,)) for t in targets.itertuples()], "M")
    return dict(zip(targets["target_id"], ids, strict=True))


def derived_claims(observations: pd.DataFrame, targets: pd.DataFrame,
                   indicators: pd.DataFrame) -> pd.DataFrame:
    """One claim per quarterly row and per target: the figures that are data already.
    ``A001-S03`` is the third figure of A001 by date, then by the indicator's shown name with
    accents aside (the Method page's rule); ``A003-M02`` the second target of A003 by id."""
    rows, name = [], {c: fmt.plain(str(n)).lower() for c, n in indicators["name_vi"].items()}
    chapter = {c: "portal" if g in PORTAL_GROUPS else "domestic"
               for c, g in indicators["group"].items()}
    obs_ids = _numbered([(r.source_id, (r.date, name[r.indicator], r.indicator, r.file))
                         for r in observations.itertuples()], "S")
    for cid, r in zip(obs_ids, observations.itertuples(), strict=True):
        unit = indicators.loc[r.indicator, "unit"]
        rows.append({"claim_id": cid, "source_id": r.source_id, "country": "VNM",
                     "quote": r.quote,
                     "claimed_text": domestic.format_value(r.value, unit, r.qualifier, r.quote),
                     "claimed_value": r.value, "decimals": str(domestic.decimals_of(r.value)),
                     "kind": "recorded", "refs": f"{r.indicator}@{r.date}",
                     "comparator": QUALIFIER_COMPARATOR.get(r.qualifier, "="),
                     "chapter": chapter[r.indicator], "note": r.scope_note})
    tgt_ids = target_claim_ids(targets)
    for t in targets.itertuples():
        cid, unit = tgt_ids[t.target_id], indicators.loc[t.indicator, "unit"]
        text = (fmt.percent(float(t.value), 0) if t.value and unit == "percent"
                else fmt.number(float(t.value)) if t.value else "không nêu giá trị")
        rows.append({"claim_id": cid, "source_id": t.source_id,
                     "country": "VNM", "quote": t.quote, "claimed_text": "mục tiêu " + text,
                     "claimed_value": t.value, "decimals": str(domestic.decimals_of(t.value)),
                     "kind": "target", "refs": t.target_id,
                     "chapter": chapter[t.indicator], "note": t.note})
    return pd.DataFrame(rows)


@dataclass
class DomesticTables:
    """The domestic tables the register reads, loaded once per evaluation."""

    observations: pd.DataFrame
    targets: pd.DataFrame
    indicators: pd.DataFrame

    @classmethod
    def empty(cls) -> DomesticTables:
        return cls(pd.DataFrame(columns=[*quarterly.COLUMNS, "file", "period", "end",
                                         "value_num"]),
                   pd.DataFrame(columns=["target_id", "indicator", "value", "value_num"]),
                   pd.DataFrame(columns=["unit", "name_vi", "group"]))

    @classmethod
    def load(cls, folder: Path | None = None, until: str | None = None) -> DomesticTables:
        return cls(domestic.load_observations(folder, until),
                   domestic.load_targets(folder, until), domestic.load_indicators(folder))


# The kinds of claim whose figure is data the book recorded from the quote (the others are
# Survey claims, checked against the Survey: «gấp đôi», «cao hơn» hold no digit to find).
READABLE = frozenset({"target", "observation", "recorded"})


def register(folder: Path | None = None, tables: DomesticTables | None = None,
             until: str | None = None) -> pd.DataFrame:
    """Every claim: the file's rows, then the derived ones; with ``until`` (``YYYYQn``), those
    known at the end of that quarter (sources dated no later, rows of that quarter or earlier)."""
    tables = tables or DomesticTables.load(folder, until)
    derived = derived_claims(tables.observations, tables.targets, tables.indicators)
    listed = domestic.load_claims(folder)
    if until:
        listed = listed[listed["source_id"].isin(domestic.known_sources(until, folder))]
    out = pd.concat([listed, derived], ignore_index=True).fillna("")
    # What the press states: a domestic figure its sentence does not give is the book's reading,
    # and says so in every column that shows it (review 16, B1; review 18, B1).
    mark = f" ({target_status.READ})"
    out["read"] = [kind in READABLE and target_status.value_read(v, q, _unit(r, kind, tables))
                   for kind, v, q, r in zip(out["kind"], out["claimed_value"], out["quote"],
                                            out["refs"], strict=True)]
    marked = out["read"] & ~out["claimed_text"].str.endswith(mark)
    out.loc[marked, "claimed_text"] = out.loc[marked, "claimed_text"] + mark
    return out


def _unit(refs: str, kind: str, tables: DomesticTables) -> str | None:
    """The unit code of the figure a domestic claim states (None: a target's, read alone)."""
    code = str(refs).split()[0].partition("@")[0] if kind != "target" and refs else ""
    return str(tables.indicators.loc[code, "unit"]) if code in tables.indicators.index else None


def _statement(claim: pd.Series, tables: DomesticTables) -> Statement | None:
    """What a domestic figure or target claim says, for comparison with other articles."""
    value = claim["claimed_value"]
    number = quarterly.parse_number(str(value)) if value else None
    # A figure its quote does not state (T20's 100 %, two ministries named) is the book's reading.
    inferred = claim["kind"] in READABLE and number is not None and bool(claim.get("read"))
    common = dict(claim_id=claim["claim_id"], source=claim["source_id"], value=value,
                  decimals=int(claim["decimals"] or 0), shown=claim["claimed_text"],
                  quote=claim["quote"], inferred=inferred)
    if claim["kind"] == "target":
        t = tables.targets[tables.targets["target_id"] == claim["refs"]].iloc[0]
        return Statement(topic=("target", t["indicator"], t["comparator"]),
                         when=periods.deadline_date(t["deadline"]), comparator="=",
                         scoped=tables.indicators.get("scope", pd.Series(dtype=str)).get(
                             t["indicator"]) != "unstated", **common)  # type: ignore[arg-type]
    if claim["kind"] in {"observation", "recorded"} and claim["refs"]:
        code, _, date = claim["refs"].split()[0].partition("@")
        return Statement(topic=("obs", code), when=date, comparator=claim["comparator"] or "=",
                         **common)  # type: ignore[arg-type]
    return None


def _arithmetic(result: Result, source: str) -> tuple[str, str]:
    """Arithmetic on figures: the article's own figures verify nothing (rule of the register)."""
    if result.verdict not in {MATCH, MATCH_ROUNDED, DIFFERS}:
        return result.verdict, ""
    others = [s for s in result.basis if s != source]
    if not others:
        if result.verdict == DIFFERS:
            return DIFFERS, "Các số của chính bài không khớp với điều bài nêu."
        return UNCHECKABLE, ("Phép tính dùng các số của chính bài này: kết quả khớp với điều "
                             "bài nêu, nhưng không phải kiểm chứng độc lập.")
    who = "bài " + fmt.join_vi(others)
    if result.verdict == DIFFERS:
        return CONFLICT, f"Phép tính trên số liệu của {who} không cho điều bài này nêu."
    return AGREE, f"Phép tính trên số liệu của {who} cho đúng điều bài này nêu."


def evaluate(claims: pd.DataFrame | None = None, tables: DomesticTables | None = None,
             sources: pd.DataFrame | None = None, until: str | None = None) -> pd.DataFrame:
    """The register with recomputed values and verdicts (one row per claim) as of ``until``."""
    tables = tables or DomesticTables.load(until=until)
    claims = register(tables=tables, until=until) if claims is None else claims.copy()
    for col in ("refs", "comparator", "contradicts", "note", "index", "scope", "year",
                "compare_year", "decimals", "claimed_value", "claimed_text", "chapter"):
        if col not in claims:
            claims[col] = ""
    claims = claims.fillna("").reset_index(drop=True)
    sources = load_sources() if sources is None else sources
    origin_of, inferred = origins(sources), inferred_events(sources)
    surveys: dict[str, un.Survey] = {}
    obs = Observations(tables.observations, tables.indicators)
    results, statements = [], {}
    for i, claim in claims.iterrows():
        if claim["kind"] in UN_KINDS:
            iso3 = claim["country"]
            if iso3 not in surveys:
                surveys[iso3] = un.Survey.for_country(iso3)
            results.append(check_un(claim, surveys[iso3]))
            continue
        result = _check_domestic(claim, obs, tables.targets)
        results.append(result)
        if result.shown != fmt.MISSING or claim["kind"] == "target" or result.basis:  # data found
            statement = _statement(claim, tables)
            if statement is not None:
                statements[i] = statement
    listed = {cid: set(c.split()) for cid, c in zip(claims["claim_id"], claims["contradicts"],
                                                    strict=True)}
    rows = []
    for i, claim in claims.iterrows():
        result, extra, agrees = results[i], "", []
        conflicts = set(listed[claim["claim_id"]]) | {c for c, s in listed.items()
                                                      if claim["claim_id"] in s}
        if claim["kind"] in ARITHMETIC:
            verdict, extra = _arithmetic(result, claim["source_id"])
        elif i in statements:
            found = link(statements[i], list(statements.values()),
                         lambda s: origin_of.get(s, ()), claim["kind"] == "target", inferred)
            verdict, extra, agrees = found.verdict, " ".join(found.sentences), found.agrees
            conflicts |= set(found.conflicts)
        else:
            verdict = result.verdict
        if conflicts and claim["kind"] not in UN_KINDS and verdict != DIFFERS:
            verdict = CONFLICT
        value = result.value
        if isinstance(value, float) and math.isnan(value):
            value = None
        rows.append({**claim.to_dict(), "recomputed": value, "recomputed_text": result.shown,
                     "verdict": verdict, "verdict_vi": VERDICT_VI[verdict],
                     "detail": reader_note(result.detail, extra),
                     "contradicts": " ".join(sorted(conflicts)), "agrees_with": " ".join(agrees)})
    return pd.DataFrame(rows)


def note_text(row: pd.Series) -> str:
    """The reader's note of an evaluated claim: computed detail, then the compiler's note."""
    return reader_note(row["detail"], row["note"])


def for_chapter(chapter: str, country: str, until: str | None = None) -> pd.DataFrame:
    """The evaluated claims a chapter shows next to its figures (none for other countries); the
    domestic ones as known at the end of quarter ``until``. The whole register is evaluated, so a
    figure has the same verdict here as in the verification chapter (the other articles count).
    """
    if chapter in UN_CHAPTERS:
        # UN figures are judged against the UN files alone, so the chapters on the Survey do
        # not read (nor re-run for) the domestic data.
        un_claims = domestic.load_claims()
        un_claims = un_claims[(un_claims["country"] == country)
                              & ~(un_claims["kind"].isin(DOMESTIC_KINDS))]
        if until:  # an edition for a quarter quotes no article of a later date
            un_claims = un_claims[un_claims["source_id"].isin(domestic.known_sources(until))]
        if un_claims[un_claims["chapter"] == chapter].empty:
            return un_claims.iloc[0:0]
        evaluated = evaluate(un_claims, DomesticTables.empty())
        return evaluated[evaluated["chapter"] == chapter].reset_index(drop=True)
    tables = DomesticTables.load(until=until)
    claims = register(tables=tables, until=until)
    claims = claims[claims["country"] == country]
    if claims[claims["chapter"] == chapter].empty:
        return claims.iloc[0:0]
    evaluated = evaluate(claims, tables)
    return evaluated[evaluated["chapter"] == chapter].reset_index(drop=True)
