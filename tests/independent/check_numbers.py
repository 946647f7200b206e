#!/usr/bin/env python3
"""Number-only independent check of the built e-government book.

Usage: ``python tests/independent/check_numbers.py BUILT_HTML_DIR [--root PROJECT_DIR]``. It
recomputes, from the raw inputs only, every figure the book shows in its glued values, its
tables ``tbl-…`` and its chart/table downloads, and reports each discrepancy. It does NOT import
or read the project's package: it reads the UN exports (``data/raw/un-egov/EGOV_DATA_<year>.csv``,
``data/raw/un-member-states-m49.csv``), the project's data files (``data/quarterly``,
``data/domestic``, ``data/claims.csv``, ``data/sources.csv``, ``data/datapackage.json``), the
articles (``../shared/seeds``, optional) and the built HTML with its ``values.json``.

Numbers are found by glued key, table id, column header and row key, never by sentence; the
words around them are the wording lint's (``tests/test_wording_lint.py``). Glued texts compare
as a multiset of figures, table cells in order; in «…» (quotes), *…* (labels) no figures. Exact
arithmetic (``fractions``), half up, Vietnamese format; sub-index ranks over the assessed members
with ties sharing the better rank; each Survey's unweighted means; no change across scopes or
between two bounds of one direction; «năm 2020» is the deadline «tháng 12/2020».

Exit status: 0 nothing to report, 1 discrepancies, 2 only unchecked figures, 3 inputs missing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
import unicodedata
from collections import Counter, namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# == Exact numbers and the Vietnamese format ==
def frac(text: str | int | Fraction) -> Fraction:
    """An exact value from decimal text ("0.72665" -> 14533/20000)."""
    return text if isinstance(text, Fraction) else Fraction(str(text).strip())


def round_half_up(x: Fraction | int, places: int) -> Fraction:
    """Round to ``places`` decimals, halves away from zero, exactly."""
    x, scale = Fraction(x), 10**places
    r = (2 * (n := abs(x) * scale).numerator + n.denominator) // (2 * n.denominator)
    return Fraction(r if x >= 0 else -r, scale)


def fmt(x: Fraction | int | str, places: int = 0, sign: bool = False) -> str:
    """Vietnamese format, half up: "0,7267", "1.039", "+0,0922"; zero has no sign."""
    r = round_half_up(frac(x), places)
    scaled = abs(r) * 10**places
    digits = str(scaled.numerator // scaled.denominator).rjust(places + 1, "0")
    whole, dec = digits[:len(digits) - places], digits[len(digits) - places:]
    text = f"{int(whole):,}".replace(",", ".") + ("," + dec if places else "")
    return text if r == 0 else ("-" if r < 0 else "+" if sign else "") + text


def places_of(*xs: Fraction, most: int = 10) -> int:
    return next(p for p in range(most + 1)
                if all((x * 10**p).denominator == 1 for x in xs) or p == most)


def fmt_natural(x: Fraction | str) -> str:
    """A source figure with exactly the decimals it was given with."""
    return fmt(frac(x), places_of(frac(x)))


def fmt_half(x: Fraction, sign: bool = False) -> str:
    """A rank or rank change that may be a tie average (a half): "61,5", "-19,5", "114"."""
    return fmt(x, 0 if Fraction(x).denominator == 1 else 1, sign)


def norm(text: str) -> str:
    text = str(text).replace("\xa0", " ").replace("\u202f", " ").replace("\u2212", "-")
    return re.sub(r"\s+", " ", text).strip()


# A number as a reader sees it; digits inside identifiers (A000, M49, 2022Q3, A001-S03) are not.
NUM_RE = re.compile(r"(?<![\w.,-])[-+]?\d+(?:\.\d{3})*(?:,\d+)?(?![\w])")
QUOTE_RE = re.compile(r"«[^»]*»|\*[^*]*\*|Quyết định \d+/QĐ-TTg ngày [\d/]+")  # a decree's name


def numbers_in(text: str) -> list[str]:
    """The figures of a text, in order, none inside «…» or *…*; «quý III/2022» adds «quý III»."""
    text = QUOTE_RE.sub(" ", norm(text))
    return NUM_RE.findall(text) + [f"quý {r}" for r in re.findall(r"quý ([IV]+)/\d{4}", text)]


BOUND = re.compile(r"(?<!\w)(khoảng|gần|trên dưới|trên|hơn|vượt|dưới|không đạt|ở mức)(?= [-+]?\d)")


def qualifiers(text: str) -> set[str]:
    """The bound words a figure carries («hơn 900», «khoảng 15,91 %»): part of the figure."""
    return set(BOUND.findall(QUOTE_RE.sub(" ", norm(text))))


def tie_ranks(values: dict[str, Fraction]) -> dict[str, tuple[int, Fraction, int]]:
    """Rank descending: (best rank of the tie group, average rank, worst rank)."""
    count = Counter(values.values())
    first = {v: 1 + sum(n for w, n in count.items() if w > v) for v in count}
    return {k: (first[v], Fraction(2 * first[v] + count[v] - 1, 2), first[v] + count[v] - 1)
            for k, v in values.items()}


def mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


# == Findings ==
Finding = namedtuple("Finding", "where shown expected why")


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    unchecked: list[tuple[str, str]] = field(default_factory=list)
    checked: int = 0
    covered: Counter = field(default_factory=Counter)
    meta: dict = field(default_factory=dict)

    def add(self, where: str, shown: str, expected: str, why: str) -> None:
        self.findings.append(Finding(where, norm(shown), norm(expected), why))

    def expect(self, ok: bool, where: str, shown: str, expected: str, why: str) -> None:
        self.checked += 1
        if not ok:
            self.add(where, shown, expected, why)

    def numbers(self, where: str, shown: str, expected: str | list[str], why: str = "",
                ordered: bool = True) -> bool:
        """Compare the figures of ``shown`` with ``expected`` (a text, or acceptable texts)."""
        self.checked += 1
        options = [expected] if isinstance(expected, str) else expected
        got = numbers_in(shown)
        for opt in options:
            want = numbers_in(opt)
            if (got == want and qualifiers(opt) <= qualifiers(shown)) or (
                    not ordered and sorted(got) == sorted(want)):
                return True
        self.add(where, shown, options[0], why + _rounding_hint(got, numbers_in(options[0])))
        return False


def _rounding_hint(got: list[str], want: list[str]) -> str:
    try:  # one number each, apart by at most one in the fourth decimal
        a, b = (frac(x.replace(".", "").replace(",", ".")) for [x] in (got, want))
    except ValueError:
        return ""
    return " (off by one in the last decimal: rounding)" if got != want and abs(
        a - b) <= Fraction(1, 10**4) else ""


# == Inputs ==
def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_download(path: Path) -> list[dict[str, str]]:  # BOM, header first, no '#' lines
    if not (raw := path.read_bytes()).startswith(b"\xef\xbb\xbf") or b"\n#" in b"\n" + raw[3:]:
        raise ValueError(f"{path.name}: no UTF-8 byte-order mark, or comment lines")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def find_raw(root: Path) -> tuple[Path | None, Path | None]:
    raw = next((p for p in (root / "data" / "raw" / "un-egov",
                            root.parent / "shared" / "data" / "raw" / "un-egov")
                if p.is_dir() and any(p.glob("EGOV_DATA_*.csv"))), None)
    m49 = next((p for p in (root / "data" / "raw" / "un-member-states-m49.csv",
                            root.parent / "shared" / "data" / "un-member-states-m49.csv")
                if p.is_file()), None)
    return raw, m49


COLS = {"egdi": "E-Government Index", "osi": "Online Service Index",
        "tii": "Telecommunication Infrastructure Index", "hci": "Human Capital Index",
        "epi": "E-Participation Index"}
COMPONENTS, SUBS = ("osi", "tii", "hci"), ("osi", "tii", "hci", "epi")
SCOPES = ("world", "region", "subregion")
AREAS = (("sub", "subregion"), ("reg", "region"))  # short names of the two areas


UNRow = namedtuple("UNRow", "iso3 name rank text value")  # value: exact, from the text


class UN:
    """The yearly exports joined with the M49 table on the stripped country name."""

    # Nauru (520) is in Micronesia, not Polynesia (UNSD M49 standard); the book corrects it too.
    M49_FIXES = {"NRU": {"subregion": "Micronesia"}}

    def __init__(self, raw_dir: Path, m49: Path) -> None:
        m49_rows = {r["un_name"].strip(): {**r, **self.M49_FIXES.get(r["iso3"], {})}
                    for r in read_csv(m49)}
        self.iso = {r["iso3"]: r for r in m49_rows.values()}
        self.rows: dict[int, dict[str, UNRow]] = {}
        self.files: dict[int, tuple[str, str, int, int]] = {}  # name, sha256, bytes, rows
        self._ranks: dict[tuple[int, str], dict] = {}
        for path in sorted(raw_dir.glob("EGOV_DATA_*.csv")):
            year, raw = int(path.stem.rsplit("_", 1)[1]), path.read_bytes()
            rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
            self.files[year] = (path.name, hashlib.sha256(raw).hexdigest(), len(raw), len(rows))
            table = {}
            for r in rows:
                meta = m49_rows.get(r["Country Name"].strip())
                if meta is None:
                    continue
                text = {k: r[c].strip() for k, c in COLS.items()}
                rank = r["E-Government Rank"].strip()
                table[meta["iso3"]] = UNRow(meta["iso3"], r["Country Name"].strip(),
                                            int(rank) if rank else None, text,
                                            {k: frac(v or 0) for k, v in text.items()})
            self.rows[year] = table
        self.years = sorted(self.rows)

    def scope(self, kind: str, iso: str) -> set[str] | None:
        if kind in ("world", ""):
            return None
        key = "region" if kind == "region" else "subregion"
        return {i for i, r in self.iso.items() if r[key] == self.iso[iso][key]}

    def assessed(self, year: int, members: set[str] | None = None) -> list[UNRow]:
        return [r for k, r in self.rows[year].items()
                if r.rank is not None and (members is None or k in members)]

    def get(self, year: int, iso: str) -> UNRow | None:
        r = self.rows.get(year, {}).get(iso)
        return r if r is not None and r.rank is not None else None

    def averaged(self, year: int, members: set[str] | None) -> list[UNRow]:
        # Survey reports up to 2010 averaged only countries online (EGDI > 0); 2012 on: all.
        return [r for r in self.assessed(year, members) if year >= 2012 or r.value["egdi"] > 0]

    def mean(self, year: int, members: set[str] | None, col: str = "egdi") -> Fraction:
        return mean([r.value[col] for r in self.averaged(year, members)])

    def position(self, year: int, iso: str, members: set[str] | None) -> tuple[int, int]:
        rows, me = self.assessed(year, members), self.rows[year][iso].rank
        return 1 + sum(1 for r in rows if r.rank < me), len(rows)

    def order(self, year: int, members: set[str] | None) -> list[UNRow]:
        return sorted(self.assessed(year, members), key=lambda r: (r.rank, r.name))

    def sub_ranks(self, year: int, col: str) -> dict[str, tuple[int, Fraction, int]]:
        if (year, col) not in self._ranks:
            self._ranks[year, col] = tie_ranks({r.iso3: r.value[col] for r in self.assessed(year)})
        return self._ranks[year, col]

    def precision(self, year: int, col: str) -> int:
        return max(len(r.text[col].partition(".")[2].rstrip("0")) for r in self.assessed(year))


# -- domestic data ---------------------------------------------------------------------------

def month_end(y: int, m: int) -> date:
    return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)


def date_end(text: str) -> date | None:
    """Last day a date text covers: '2020' -> 31/12/2020, '2020-10' -> 31/10/2020."""
    parts = [int(p) for p in (text or "").strip().split("-") if p]
    return (date(*parts) if len(parts) == 3 else month_end(parts[0], (parts + [12])[1])) \
        if parts else None


def date_vi(text: str) -> str:
    """The figures of a date as the book prints it: 2020 / 07/2020 / 26/08/2020."""
    return "/".join(reversed(text.split("-")))


def qkey(q: str) -> tuple[int, int]:
    return int(q[:4]), int(q[-1])


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_vi(q: str) -> str:
    return f"quý {ROMAN[qkey(q)[1]]}/{qkey(q)[0]}"


def quarter_end(q: str) -> date:
    return month_end(qkey(q)[0], 3 * qkey(q)[1])


def quarters_between(a: str, b: str) -> list[str]:
    lo, hi = (4 * y + n - 1 for y, n in (qkey(a), qkey(b)))  # quarters since year 0
    return [f"{i // 4}Q{i % 4 + 1}" for i in range(lo + 1, hi)]


class Obs(namedtuple("Obs", "indicator date quarter value qualifier denominator scope source "
                            "quote raw")):
    @property
    def ref(self) -> str:
        return f"{self.indicator}@{self.date}"

    @property
    def end(self) -> date:
        return date_end(self.date)


class Target(namedtuple("Target", "tid indicator comparator value deadline source quote "
                                  "stated_met")):
    @property
    def end(self) -> date | None:
        return date_end(self.deadline)


LOWER, UPPER = {"trên", "hơn", "vượt"}, {"dưới", "không đạt"}  # «không đạt 10%»: below 10 %
APPROX = {"khoảng", "gần", "trên dưới", "ở mức"}  # «ở mức»: a round level
UN_KINDS = ("rank", "rank_change", "scope_size", "value", "above_average", "level", "un_goal")


class Domestic:
    def __init__(self, root: Path) -> None:
        data = root / "data"
        self.indicators = {r["code"]: r for r in read_csv(data / "domestic" / "indicators.csv")}
        self.sources = {r["source_id"]: r for r in read_csv(data / "sources.csv")}
        self.claims = read_csv(data / "claims.csv")
        self.cntt = read_csv(data / "domestic" / "cntt_2019.csv")
        self.obs = [Obs(r["indicator"], r["date"], r["quarter"], frac(r["value"]),
                        r["qualifier"].strip(), r["denominator"].strip(),
                        (r.get("scope") or "").strip(), r["source_id"], r["quote"],
                        r["value"].strip())
                    for path in sorted((data / "quarterly").glob("*.csv"))
                    for r in read_csv(path)]
        self.targets = [Target(r["target_id"], r["indicator"], r["comparator"],
                               frac(r["value"]) if r["value"].strip() else None, r["deadline"],
                               r["source_id"], r["quote"], r.get("stated_outcome") == "met")
                        for r in read_csv(data / "domestic" / "targets.csv")]
        homes = {r["country"] for r in self.claims if r["kind"] not in UN_KINDS}
        self.country = homes.pop() if len(homes) == 1 else ""
        seeds = root.parent / "shared" / "seeds"
        self.articles = {sid: (seeds / s["file"]).read_text(encoding="utf-8")
                         for sid, s in self.sources.items()
                         if s.get("file") and (seeds / s["file"]).is_file()}

    def upto(self, quarter: str) -> list[Obs]:
        return [o for o in self.obs if qkey(o.quarter) <= qkey(quarter)]

    def of(self, indicator: str, quarter: str) -> list[Obs]:
        end = quarter_end(quarter)
        return sorted((o for o in self.upto(quarter) if o.indicator == indicator
                       and o.end <= end), key=lambda o: o.end)

    def by_ref(self, ref: str) -> Obs | None:
        return next((o for o in self.obs if o.ref == ref), None)

    def percent(self, indicator: str) -> bool:
        return self.indicators[indicator]["unit"] == "percent"

    def show(self, x: Obs | Target | None) -> str:
        """A figure (its bound word kept) or a target's value, with its unit; none: ""."""
        if x is None or x.value is None:
            return ""
        unit = " %" if self.percent(x.indicator) else ""  # a count the article scales: its words
        said = [m[0] for m in re.finditer(r"([\d,]+)\s(nghìn|triệu)\b", getattr(x, "quote", ""))
                if frac(m[1].replace(",", ".")) * SCALE[m[2]] == frac(x.value)]
        return f"{getattr(x, 'qualifier', '')} {(said or [fmt_natural(x.value)])[0]}{unit}".strip()

    def stated(self, x: Obs) -> str:  # as shown, or "" if its quote does not write it (a reading)
        return self.show(x) if set(numbers_in(self.show(x))) <= set(numbers_in(x.quote)) else ""

    def groups(self) -> list[list[Target]]:
        """One target: same indicator, comparator, value and deadline END (an undated target
        joins the one deadline stated for its value)."""
        out: dict[tuple, list[Target]] = {}
        for t in sorted(self.targets, key=lambda t: t.end is None):
            ends = {k[3] for k in out if k[:3] == (t.indicator, t.comparator, t.value)}
            end = ends.pop() if t.end is None and len(ends) == 1 else t.end
            out.setdefault((t.indicator, t.comparator, t.value, end), []).append(t)
        return list(out.values())

    @staticmethod
    def meets(o: Obs, t: Target) -> bool:
        return t.value is not None and o.qualifier not in UPPER and o.value >= t.value

    def status(self, t: Target, quarter: str) -> str:
        """The Method page's statuses (projection from the last two figures)."""
        obs, as_of = self.of(t.indicator, quarter), quarter_end(quarter)
        if not obs:
            return "no_data"
        if t.value is None:
            return "met_stated" if t.stated_met else "no_value"  # met on the article's word
        end = t.end
        if end is not None and end < as_of:
            if self.meets(obs[-1], t) or any(self.meets(o, t) for o in obs if o.end <= end):
                return "met"
            return "overdue" if any(o.end >= end for o in obs) else "no_data_after"
        if self.meets(obs[-1], t):
            return "met"
        if end is None or len(obs) < 2 or (obs[-1].end - obs[-2].end).days <= 0:
            return "no_deadline" if end is None else "no_trend"
        a, b = obs[-2], obs[-1]
        slope = (b.value - a.value) / (b.end - a.end).days
        return "on_track" if b.value + slope * (end - b.end).days >= t.value else "off_track"

    def known(self, q: str) -> set[str]:
        """Sources dated by the end of quarter q (undated ones, as the UN's files, count)."""
        return {k for k, s in self.sources.items() if (d := date_end(s.get("event_date") or s.get(
            "published") or "")) is None or d <= quarter_end(q)}

    def as_of(self, q: str) -> None:
        """Known at the end of quarter q: its rows and earlier, and what sources known then say."""
        known = self.known(q)
        self.obs = [o for o in self.obs if qkey(o.quarter) <= qkey(q)]
        self.claims = [r for r in self.claims if r["source_id"] in known]
        self.targets = [t for t in self.targets if t.source in known]
        self.sources = {k: v for k, v in self.sources.items() if k in known}

    def claim_ids(self) -> tuple[dict[str, str], dict[str, str]]:
        """Method page: S per article by date, then name sans accents; M by targets file order."""
        obs_ids, tgt_ids, n = {}, {}, Counter()
        bare = {k: "".join(c for c in unicodedata.normalize("NFD", v["name_vi"].lower().replace(
            "đ", "d")) if not unicodedata.combining(c)) for k, v in self.indicators.items()}
        for o in sorted(self.obs, key=lambda o: (o.date, bare[o.indicator], o.indicator)):
            n[o.source, "S"] += 1
            obs_ids[o.ref] = f"{o.source}-S{n[o.source, 'S']:02d}"
        for t in sorted(self.targets, key=lambda t: t.tid):
            n[t.source, "M"] += 1
            tgt_ids[t.tid] = f"{t.source}-M{n[t.source, 'M']:02d}"
        return obs_ids, tgt_ids


def _interval(o: Obs) -> str:
    if not o.qualifier:
        return "exact"
    return "lower" if o.qualifier in LOWER else "upper" if o.qualifier in UPPER else "approx"


# The bound word of (new - old) by the kinds of the two figures; a pair not here says nothing.
CHANGE_WORD = {("exact", "exact"): "", **dict.fromkeys(
    [("lower", "exact"), ("lower", "upper"), ("exact", "upper")], "hơn"), **dict.fromkeys(
    [("exact", "lower"), ("upper", "lower"), ("upper", "exact")], "dưới"), **dict.fromkeys(
    [("approx", "approx"), ("approx", "exact"), ("exact", "approx")], "khoảng")}


def diff_text(dom: Domestic, new: Obs, old: Obs) -> str | None:
    """The change, its bound word kept; None across scopes or between two such bounds."""
    word = CHANGE_WORD.get((_interval(new), _interval(old)))
    if new.scope != old.scope or word is None:
        return None
    q, d = f"{word} " if word else "", new.value - old.value
    if dom.percent(new.indicator):  # percentage points, with the decimals of the figures
        places = min(len(x.raw.replace(",", ".").partition(".")[2]) for x in (new, old))
        return f"{q}{fmt(d, places, sign=True)} điểm phần trăm"  # decimals of the less precise
    return f"{q}{fmt(d, 0, sign=True)} (gấp {q}{fmt(new.value / old.value, 1)} lần)"


def not_computed_text(new: Obs, old: Obs) -> str:
    """Only the figures of the reason: the two scopes when they differ."""
    return f"{old.scope} / {new.scope}" if new.scope != old.scope else ""


# -- the built book ----------------------------------------------------------------------------

def load_book(html: Path, c: Ctx) -> tuple[dict[str, Table], list[tuple[str, str, str]]]:
    """Tables by id (checked in context c) and glued spans (page, key, text) of the chapters."""
    from bs4 import BeautifulSoup

    tables, spans = {}, []
    for path in sorted(html.glob("notebooks/*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        art = soup.find("article") or soup
        _ = [p.decompose() for p in art.select(".egv-prov")]  # popups are not text shown
        for i, t in enumerate(art.select("table:not(.egv-figdata-table)")):  # not data views
            tid = t.get("id") or f"{path.stem}#table{i + 1}"
            head = t.find("thead")
            body = t.find("tbody") or t
            tables[tid] = Table(
                tid, path.stem, [norm(th.get_text(" ")) for th in head.find_all("th")]
                if head else [], [[norm(td.get_text(" ")) for td in tr.find_all(["td", "th"])]
                                  for tr in body.find_all("tr")], c=c)
        for s in art.select("span.egv-value[data-key], span.egv-sentence[data-key]"):
            shown = s.select_one(".pasted-text") or s
            spans.append((path.stem, s["data-key"], norm(shown.get_text())))
    return tables, spans


# == Context: the edition's parameters and the figures several rules share ==
class Ctx:
    def __init__(self, un: UN, dom: Domestic, country: str, year: int, quarter: str,
                 report: Report, root: Path) -> None:
        self.un, self.dom, self.rep, self.root = un, dom, report, root
        self.c, self.year, self.quarter = country, year, quarter
        self.domestic = dom.country == country and bool(dom.obs)
        self.tables, self.names = dict[str, Table](), dict[str, str]()  # names: ISO3 → name

    def row(self, year: int | None = None) -> UNRow:
        return self.un.get(self.year if year is None else year, self.c)
    def code(self, name: str) -> str | None:  # an indicator by the name the book gives it
        return {norm(v["name_vi"]): k for k, v in self.dom.indicators.items()}.get(norm(name))

    def egdi(self, year: int | None = None) -> Fraction:
        return self.row(year).value["egdi"]

    def years(self) -> list[int]:
        return [y for y in self.un.years if y <= self.year and self.un.get(y, self.c)]

    def prev_year(self, year: int | None = None) -> int | None:
        return max((y for y in self.years() if y < (year or self.year)), default=None)

    def members(self, kind: str) -> set[str] | None:
        return self.un.scope(kind, self.c)

    def mean(self, kind: str, year: int | None = None, col: str = "egdi") -> Fraction:
        return self.un.mean(self.year if year is None else year, self.members(kind), col)

    def rank_text(self, year: int, kind: str) -> str:
        if kind == "world":
            return f"{self.row(year).rank}/{len(self.un.assessed(year))}"
        return "{}/{}".format(*self.un.position(year, self.c, self.members(kind)))

    def sub_rank(self, year: int, col: str) -> tuple[int, Fraction, int]:
        return self.un.sub_ranks(year, col)[self.c]

    def rank_change(self, col: str, a: int | None = None, b: int | None = None) -> int:
        """From survey a (the previous one) to b (this one); positive = better."""
        a, b = a or self.prev_year(), b or self.year
        if col == "egdi":
            return self.row(a).rank - self.row(b).rank
        return self.sub_rank(a, col)[0] - self.sub_rank(b, col)[0]

    def contributions(self, a: int, b: int) -> dict[str, Fraction]:
        return {k: (self.row(b).value[k] - self.row(a).value[k]) / 3 for k in COMPONENTS}

    def decomposition(self, a: int, b: int) -> dict[str, Fraction]:
        """EGDI change from survey a to b = each component's change / 3 + a residual."""
        d, con = self.egdi(b) - self.egdi(a), self.contributions(a, b)
        return {"egdi_change": d, **con, "residual": d - sum(con.values(), Fraction(0))}

    def main_contribution(self) -> Fraction:
        return max(self.contributions(self.prev_year(), self.year).values(), key=abs)

    def leader(self, kind: str) -> UNRow:
        return self.un.order(self.year, self.members(kind))[0]

    def residual(self, year: int) -> tuple[Fraction, Fraction]:  # and what rounding explains
        r = self.row(year)
        half = lambda col: Fraction(1, 2 * 10 ** self.un.precision(year, col))  # noqa: E731
        return (r.value["egdi"] - mean([r.value[k] for k in COMPONENTS]),
                half("egdi") + mean([half(k) for k in COMPONENTS]))

    def tie_cases(self) -> list[dict]:
        """Every (index, year) where the rank or the rank change depends on the tie rule."""
        out = []
        for col in SUBS:
            prev = None
            for y in self.years():
                ranks = self.sub_rank(y, col)
                mine = self.row(y).value[col]
                tied = sum(1 for r in self.un.assessed(y) if r.value[col] == mine) - 1
                change = None if prev is None else tuple(prev[i] - ranks[i] for i in range(3))
                differs = change is not None and len(set(change)) > 1
                if ranks[0] != ranks[2] or differs:
                    out.append({"index": col, "year": y, "tied": tied, "ranks": ranks,
                                "change": change, "differs": differs})
                prev = ranks
        return out

    # -- domestic ---------------------------------------------------------------------------
    def data_quarters(self) -> list[str]:
        return sorted({o.quarter for o in self.dom.upto(self.quarter)}, key=qkey)

    def prev_quarter(self) -> str | None:
        return max((q for q in self.data_quarters() if qkey(q) < qkey(self.quarter)), key=qkey,
                   default=None)

    def new_obs(self) -> list[Obs]:
        return [o for o in self.dom.obs if o.quarter == self.quarter]

    def prev_obs(self, o: Obs) -> Obs | None:
        prev = sorted((p for p in self.dom.upto(self.quarter) if p.indicator == o.indicator
                       and p.quarter != self.quarter), key=lambda p: p.end)
        return prev[-1] if prev else None

    def status_changes(self, new: bool = False) -> list[list[Target]]:
        """Stated targets whose status changed; ``new``: those no source had stated by then."""
        p = self.prev_quarter()
        known = self.dom.known(p) if p else set()
        return [g for g in self.dom.groups() if p and new != any(t.source in known for t in g)
                and (new or self.dom.status(g[0], p) != self.dom.status(g[0], self.quarter))]

    def group_obs(self, group: str) -> list[Obs]:
        return [o for o in self.dom.upto(self.quarter)
                if self.dom.indicators[o.indicator]["group"] == group]

    def portal_days(self) -> list[date]:
        return sorted({o.end for o in self.group_obs("cong_dvcqg")})

    def kpi_day(self) -> date | None:
        return max((o.end for o in self.group_obs("cds_kpi")), default=None)


def dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def egdi_group(x: Fraction) -> int:
    """EGDI group of the Survey: 3 very high (0,75–1), 2 high, 1 middle, 0 low (< 0,25)."""
    return sum(x >= Fraction(k, 4) for k in (1, 2, 3))  # a value on a threshold is above it


def join(*parts) -> str:
    return " ; ".join(str(p) for p in parts)


# == Glued values: chapter -> key -> (figures expected, exact value of values.json) ==

Want = tuple[str, Fraction | None]


def W(text, exact: Fraction | int | None = None) -> Want:
    return str(text), None if exact is None else Fraction(exact)


def W4(x: Fraction, sign: bool = False) -> Want:
    """An index value or difference: four decimals, the exact value in values.json."""
    return W(fmt(x, 4, sign), x)


def _abs(change: int) -> str:
    """A rank change in words («tăng 15 bậc», «giữ nguyên thứ hạng») shows |change| or nothing."""
    return fmt(abs(change)) if change else ""


def _status_text(c: Ctx) -> Want:
    """Changed targets, then first stated ones (the quarter named again); a zero is unsaid."""
    p, old, new = quarter_vi(c.prev_quarter()), *map(len, map(c.status_changes, (False, True)))
    return W(join(p, *([old] if old else []), *([new, p] if new else [])))


def _best_worst(c: Ctx, worst: bool) -> tuple[int, list[int]]:
    ranks = {y: c.row(y).rank for y in c.years()}
    r = max(ranks.values()) if worst else min(ranks.values())
    return r, [y for y, x in ranks.items() if x == r]


def _residual_text(c: Ctx) -> Want:
    bad = [y for y in c.years() if abs(c.residual(y)[0]) > c.residual(y)[1]]
    return W(join(*(f"{y} {fmt(c.residual(y)[0], 4, sign=True)}" for y in bad)))


def _fragile_text(c: Ctx) -> Want:
    counts = {k: sum(1 for r in c.un.assessed(c.year) if r.iso3 != c.c
                     and abs(r.value[k] - c.row().value[k]) <= Fraction(2, 100)) for k in SUBS}
    threshold = " 10" if max(counts[k] for k in COMPONENTS) >= 10 else ""
    return W("0,02 " + join(*counts.values()) + threshold)


def _next(c: Ctx, kind: str) -> Want:
    order = c.un.order(c.year, c.members(kind))
    i = next(i for i, r in enumerate(order) if r.iso3 == c.c)
    if i == 0:
        return W("")
    above, gap = order[i - 1], order[i - 1].value["egdi"] - c.egdi()
    return W(join(fmt(above.value["egdi"], 4), fmt(gap, 4)), gap)


def _status_counts(c: Ctx) -> list[int]:
    """Targets per status; a status judged on a figure over a year old counts apart (dated)."""
    def key(g: list[Target]) -> tuple[str, str]:
        st, obs = c.dom.status(g[0], c.quarter), c.dom.of(g[0].indicator, c.quarter)
        old = st not in ("no_data", "no_value", "no_data_after") and obs and (
            quarter_end(c.quarter) - obs[-1].end).days > 366
        return st, obs[-1].date if old else ""
    return list(Counter(map(key, c.dom.groups())).values())


def _conflicts(c: Ctx) -> Want:  # a deadline as its sources give it (coarsest text)
    parts = []
    for ind in dict.fromkeys(g[0].indicator for g in c.dom.groups()):
        groups = [g for g in c.dom.groups() if g[0].indicator == ind]
        values = sorted({g[0].value for g in groups if g[0].value is not None})
        ends = sorted({g[0].end for g in groups if g[0].end is not None})
        if len(groups) > 1 and len(values) > 1:
            parts += [c.dom.indicators[ind]["name_vi"], *map(fmt_natural, values)]
        elif len(groups) > 1 and len(ends) > 1:
            parts += [c.dom.indicators[ind]["name_vi"], *(date_vi(min((t.deadline for g in groups
                      for t in g if t.end == e and t.deadline), key=len)) for e in ends)]
    return W(join(*parts))


def _intro(c: Ctx) -> Want:
    days, kpi = c.portal_days(), [c.kpi_day()] if c.kpi_day() else []  # portal days, KPIs' day
    ends = sorted({days[0], days[-1]}) if days else []
    return W(join(*map(dmy, ends + kpi), quarter_vi(c.quarter)))


def _new_counts(c: Ctx) -> tuple[int, int, int]:
    """New figures: comparable with the previous one, not comparable, first of the indicator."""
    with_prev = [o for o in c.new_obs() if c.prev_obs(o)]
    n = sum(1 for o in with_prev if diff_text(c.dom, o, c.prev_obs(o)))
    return n, len(with_prev) - n, len(c.new_obs()) - len(with_prev)


def _dom(c: Ctx, *parts) -> Want:  # a key finding on domestic data: none in a book without
    return W(join(*parts) if c.domestic else "")


def _missing_quarters(c: Ctx) -> list[str]:
    qs = c.data_quarters()
    return [q for q in quarters_between(qs[0], qs[-1]) if q not in qs]


def _verdict_counts(c: Ctx) -> list[str]:
    return [row[-1] for row in getattr(c.tables.get("tbl-kiem-chung-dem"), "rows", [])]


def _tg(c: Ctx, y: int | None = None) -> dict:
    """Target rank T: the member in position T by published rank (ties: higher EGDI first) and
    the figures naming it (its rank if not T or shared; T if no member has it), the members
    ranked within two places of T, and (their mean - the country) / 3 per component."""
    y, t = y or c.year, c.target
    order = sorted(c.un.assessed(y), key=lambda r: (r.rank, -r.value["egdi"]))
    band, bar = [r for r in order if abs(r.rank - t) <= 2], order[t - 1]
    note = [bar.rank] * (bar.rank != t or [r.rank for r in order].count(bar.rank) > 1)
    m = {k: mean([r.value[k] for r in band]) for k in ("egdi", *COMPONENTS)}
    parts = {k: (m[k] - c.row(y).value[k]) / 3 for k in COMPONENTS}
    return {"bar": bar.value["egdi"], "n": len(band), "mean": m, "parts": parts, "note": join(
        *note, *[t] * all(r.rank != t for r in order)),
            "rest": m["egdi"] - c.egdi(y) - sum(parts.values(), Fraction(0))}


# Keys that mean the same in every chapter that glues them.
COMMON: dict[str, Callable[[Ctx], Want]] = {
    "year": lambda c: W(c.year), "prev_year": lambda c: W(c.prev_year()),
    "egdi": lambda c: W4(c.egdi()), "rank": lambda c: W(c.rank_text(c.year, "world"),
                                                        c.row().rank),
    "quarter_vi": lambda c: W(quarter_vi(c.quarter)),
    "egdi_change": lambda c: W(fmt(abs(d := c.egdi() - c.egdi(c.prev_year())), 4), d),  # words
}
GLUE: dict[str, dict[str, Callable[[Ctx], Want]]] = {
    "01_tong_quan_egdi": {
        "first_year": lambda c: W(c.years()[0]),
        "n_surveys": lambda c: W(len(c.years()), len(c.years())),
        "avg_rule_years": lambda c: W(join(*(y for y in c.un.years if y < 2012))),
        **{f"t_{k}": (lambda x: lambda c: W(fmt(x, 2), x))(Fraction(i, 4))  # group thresholds
           for i, k in enumerate(("low", "middle", "high", "very_high"))},
        **{f"rank_{k}": (lambda k: lambda c: W(c.rank_text(c.year, k)))(k) for k in SCOPES[1:]},
        "first_level_year": lambda c: W(min(y for y in c.years()
                                            if egdi_group(c.egdi(y)) == egdi_group(c.egdi()))),
        "rank_change": lambda c: W(_abs(c.rank_change("egdi")), c.rank_change("egdi")),
        "best_rank": lambda c: W(_best_worst(c, False)[0], _best_worst(c, False)[0]),
        "best_year": lambda c: W(join(*_best_worst(c, False)[1])),
        "worst_rank": lambda c: W(_best_worst(c, True)[0], _best_worst(c, True)[0]),
        "worst_year": lambda c: W(join(*_best_worst(c, True)[1])),
        "egdi_first": lambda c: W4(c.egdi(c.years()[0])),
        **{f"avg_{k}": (lambda k: lambda c: W4(c.mean(k)))(k) for k in SCOPES},
        **{f"diff_{k}": (lambda k: lambda c: W4(c.egdi() - c.mean(k), True))(k) for k in SCOPES},
        **{f"n_{k}": (lambda k: lambda c: W(len(c.un.averaged(c.year, c.members(k)))))(k)
           for k in SCOPES[1:]},
    },
    "02_chi_so_thanh_phan": {
        **{f"{k}_value": (lambda k: lambda c: W4(c.row().value[k]))(k) for k in SUBS},
        **{f"{k}_rank": (lambda k: lambda c: W(join(c.sub_rank(c.year, k)[0], len(c.un.assessed(
            c.year))), c.sub_rank(c.year, k)[0]))(k) for k in SUBS},
        **{f"{k}_change": (lambda k: lambda c: W(_abs(c.rank_change(k)),
                                                 c.rank_change(k)))(k) for k in SUBS},
        "main_contribution": lambda c: W4(c.main_contribution(), True),
        "n_tie_cases": lambda c: W(len(c.tie_cases()), len(c.tie_cases())),
        "n_tie_changes": lambda c: W(sum(x["differs"] for x in c.tie_cases())),
        "residual_text": _residual_text,
        "fragile_text": _fragile_text,
    },
    "03_so_sanh_khu_vuc": {
        "n_sub": lambda c: W(len(c.un.assessed(c.year, c.members("subregion")))),
        **{f"rank_{s}": (lambda k: lambda c: W(c.rank_text(c.year, k)))(k) for s, k in AREAS},
        **{f"leader_{s}_egdi": (lambda k: lambda c: W4(c.leader(k).value["egdi"]))(k)
           for s, k in AREAS},
        **{f"gap_leader_{s}": (lambda k: lambda c: W4(c.leader(k).value["egdi"] - c.egdi()))(k)
           for s, k in AREAS},
        **{f"next_{s}": (lambda k: lambda c: _next(c, k))(k) for s, k in AREAS},
    },
    "04_chi_tieu_trong_nuoc": {
        "n_obs": lambda c: W(len(c.dom.upto(c.quarter))),
        "n_indicators": lambda c: W(len({o.indicator for o in c.dom.upto(c.quarter)})),
        "n_quarters": lambda c: W(len(c.data_quarters())),
        "quarters": lambda c: W(join(*map(quarter_vi, c.data_quarters()))),
        "n_missing": lambda c: W(len(_missing_quarters(c))),
        "missing": lambda c: W(join(*map(quarter_vi, _missing_quarters(c)))),
        "n_targets": lambda c: W(len(c.dom.groups())),
        "status_summary": lambda c: W(join(*_status_counts(c))),
        "conflict_list": _conflicts,
        "cntt_year": lambda c: W(c.dom.cntt[0]["year"]),
    },
    "05_cong_dvc_chuyen_doi_so": {
        "portal_first": lambda c: W(dmy(c.portal_days()[0])),
        "portal_last": lambda c: W(dmy(c.portal_days()[-1])),
        "kpi_when": lambda c: W(dmy(c.kpi_day())),
        "intro": _intro,
    },
    "06_co_gi_moi": {
        "prev_vi": lambda c: W(quarter_vi(c.prev_quarter())),
        "gap_text": lambda c: W(join(len(quarters_between(c.prev_quarter(), c.quarter)), *map(
            quarter_vi, quarters_between(c.prev_quarter(), c.quarter)))),
        "n_new": lambda c: W(len(c.new_obs())),
        "n_new_ind": lambda c: W(len({o.indicator for o in c.new_obs()})),
        **{k: (lambda i: lambda c: W(_new_counts(c)[i]))(i)
           for i, k in enumerate(("n_changed", "n_not_comparable", "n_first"))},
        "n_status": lambda c: W(len(c.status_changes())),
        "n_first_stated": lambda c: W(len(c.status_changes(True))),
        "status_text": _status_text,
        "n_stale": lambda c: W(len({o.indicator for o in c.dom.obs if o.quarter == c.prev_quarter()}
                                   - {o.indicator for o in c.new_obs()})),
    },
    "07_kiem_chung": {
        "n_claims": lambda c: W(len(register(c))),
        "n_sources": lambda c: W(len({i.split("-")[0] for i in register(c)})),
        "counts_text": lambda c: W(join(*_verdict_counts(c))),
        "n_differs": lambda c: W(sum(un_claim(c, r)[1] == "differs" for r in c.dom.claims
                                     if r["kind"] in UN_KINDS and r["country"] == c.c)),
        "n_contradictions": lambda c: W(len(c.tables["tbl-mau-thuan"].rows)
                                        if "tbl-mau-thuan" in c.tables else 0),
    },
    "08_khoang_cach_muc_tieu": {
        "target": lambda c: W(c.target, c.target),
        # The sources' figures are inside «quotes»; a sourced target (the web pages' «top 50»,
        # «nhóm 70») also gives the outcome of the articles' own ranking goal (A000).
        "target_note": lambda c: W(join(c.target, *(un_claim(c, r)[0] for r in c.dom.claims if (
            r["kind"] == "un_goal" and r["country"] == c.c and c.target in (50, 70))))),
        "n_years": lambda c: W(len(c.years()), len(c.years())),
        "within": lambda c: W(join(c.target, *{sum(c.row(y).rank <= c.target  # 0: «Chưa kỳ nào»
                                                   for y in c.years())} - {0})),
        "target_egdi": lambda c: W4(_tg(c)["bar"]), "target_country": lambda c: W(_tg(c)["note"]),
        "status": lambda c: W(join(*([c.target] if c.row().rank <= c.target else []), fmt(abs(
            _tg(c)["bar"] - c.egdi()), 4)), _tg(c)["bar"] - c.egdi()),
        "band_n": lambda c: W(_tg(c)["n"], _tg(c)["n"]),
        "band_from": lambda c: W(max(1, c.target - 2)), "band_to": lambda c: W(c.target + 2),
        "band_egdi": lambda c: W4(_tg(c)["mean"]["egdi"]),
        **{f"part_{k}": (lambda k: lambda c: W4(_tg(c)["parts"][k], True))(k) for k in COMPONENTS},
    },
    "91_kham_pha_du_lieu": {"n_members": lambda c: W(len(c.un.iso), len(c.un.iso)),
                            "first_year": lambda c: W(c.un.years[0]),
                            "last_year": lambda c: W(c.year)},
    # Key findings: the chapters' figures again, one sentence each.
    "00_diem_chinh": {
        "f_level": lambda c: W(join(c.year, fmt(c.egdi(), 4), c.rank_text(c.year, "world"))),
        "f_change": lambda c: W(join(c.prev_year(), _abs(c.rank_change("egdi")),
                                     fmt(abs(c.egdi() - c.egdi(c.prev_year())), 4),
                                     fmt(c.main_contribution(), 4, True))),
        "f_region": lambda c: W(join(c.rank_text(c.year, "region"),
                                     c.rank_text(c.year, "subregion"),
                                     fmt(c.leader("subregion").value["egdi"], 4))),
        "f_components": lambda c: W(join(fmt(max(c.row().value[k] for k in COMPONENTS), 4),
                                         fmt(min(c.row().value[k] for k in COMPONENTS), 4))),
        "f_average": lambda c: W(join(fmt(c.mean("world"), 4),
                                      fmt(abs(c.egdi() - c.mean("world")), 4))),
        "f_targets": lambda c: _dom(c, quarter_vi(c.quarter), len(c.dom.groups()),
                                    *_status_counts(c)),
        "f_new": lambda c: _dom(c, quarter_vi(c.quarter), len(c.new_obs()), *(  # a 0 in words
            n or "không số liệu nào" for n in _new_counts(c))),
        "f_claims": lambda c: _dom(c, len(register(c)), *_verdict_counts(c)),
    },
}


# == The claims register: UN claims recomputed, domestic claims from the data files ==
def un_claim(c: Ctx, r: dict[str, str]) -> tuple[str, str]:
    """(figures of the recomputation, match | match_rounded | differs)."""
    un, iso, kind, col = c.un, r["country"], r["kind"], r["index"]
    year, members = int(r["year"]), un.scope(r["scope"], iso)
    claimed, verdict = r["claimed_value"], {True: "match", False: "differs"}
    if kind == "rank":
        shown = c.rank_text(year, r["scope"] if members is not None else "world")
        return shown, verdict[frac(claimed) == int(shown.split("/")[0])]
    if kind == "rank_change":
        change = c.rank_change(col, int(r["compare_year"]), year)
        return fmt(change, 0, True), verdict[frac(claimed) == change]
    if kind == "scope_size":
        return str(n := len(un.assessed(year, members))), verdict[frac(claimed) == n]
    v = un.get(year, iso).value[col or "egdi"]
    if kind == "value":
        places = int(r["decimals"])
        return fmt(v, places), "match" if frac(claimed) == v else "match_rounded" if \
            round_half_up(v, places) == frac(claimed) else "differs"
    if kind == "above_average":
        m = un.mean(year, members, col)
        return f"{fmt(v, 4)} {fmt(m, 4)}", verdict[(v > m) == (frac(claimed) == 1)]
    if kind == "level":
        groups = {"rất cao": 3, "cao": 2, "trung bình": 1, "thấp": 0}
        return "", verdict[groups.get(claimed.lower()) == egdi_group(v)]
    start = int(r["compare_year"])  # un_goal: at the last survey by the deadline, from start
    last = max(y for y in un.years if start < y <= year)
    change = un.get(start, iso).rank - un.get(last, iso).rank
    return f"{fmt(change, 0, True)} {last}", ("goal_missed", "goal_met")[change >= frac(claimed)]


def domestic_claim(c: Ctx, r: dict[str, str]) -> str:
    dom, kind, refs = c.dom, r["kind"], r["refs"].split()
    if kind == "observation":  # the article's own figure, or a reading: nothing to compare with
        return "" if (x := dom.by_ref(refs[0])).source == r["source_id"] else dom.stated(x)
    if kind == "ratio":  # of rounded percentages: the significant digits of the less precise
        a, b = dom.by_ref(refs[0]), dom.by_ref(refs[1])
        if not (dom.percent(a.indicator) and dom.percent(b.indicator)):
            return fmt(a.value / b.value, 2)
        sig = min(len(re.sub(r"\D", "", x.raw).lstrip("0")) for x in (a, b))
        return f"khoảng {fmt(a.value / b.value, max(sig - len(str(int(a.value / b.value))), 0))}"
    if kind == "share_consistency":
        pairs = [(dom.by_ref(refs[i]), dom.by_ref(refs[i + 1])) for i in range(0, len(refs), 2)]
        good = [d for d in range(1, 2001) if all(
            round_half_up(n.value * 100 / d, places_of(frac(s.raw))) == s.value
            for n, s in pairs)]
        return join(*good)
    if kind == "sum":
        parts = [dom.by_ref(x).value for x in refs[1:]]
        return join(*map(fmt_natural, parts), fmt_natural(sum(parts, Fraction(0))))
    return ""


def register(c: Ctx) -> dict[str, tuple[str, str]]:
    """Claim id -> (figures the press states, figures of the recomputation)."""
    if getattr(c, "_register", None) is not None:
        return c._register
    out = c._register = {r["claim_id"]: (r["claimed_text"], un_claim(c, r)[0] if r["kind"] in
                                         UN_KINDS else domestic_claim(c, r))
                         for r in c.dom.claims if r["country"] == c.c}
    if c.domestic:
        obs_ids, tgt_ids = c.dom.claim_ids()
        out.update({obs_ids[o.ref]: (c.dom.show(o), "") for o in c.dom.obs})  # own row: no value
        out.update({tgt_ids[t.tid]: (c.dom.show(t), "") for t in c.dom.targets})
    return out


# == Tables: table id -> checker, cell by cell (columns by header, rows by their key) ==

# Columns of words, references or verbatim text: their digits are not figures of the book.
TEXT_COLUMNS = ("trích dẫn", "ghi chú", "nguồn", "mã", "căn cứ", "phạm vi", "nội dung", "tệp",
                "dùng ở", "mâu thuẫn với", "quốc gia", "đơn vị", "báo", "chỉ tiêu",
                "mục tiêu (nguồn)", "kết luận", "đánh giá", "chiều", "khớp tổng", "các phần")


@dataclass
class Table:
    """A table of the book; its checker marks each cell it compares."""

    tid: str
    page: str
    headers: list[str]
    rows: list[list[str]]
    checked: set[tuple[int, int]] = field(default_factory=set)
    c: Ctx | None = None

    def col(self, *names: str, nth: int = 0) -> int | None:
        hits = [i for i, h in enumerate(self.headers)
                if any(norm(h).lower().startswith(n.lower()) for n in names)]
        if len(hits) <= nth:
            self.c.rep.add(self.tid, " | ".join(self.headers), "/".join(names), "column not found")
            return None
        return hits[nth]

    def check(self, r: int, ci: int | str | None, expected: str | list[str], why: str = "") -> None:
        ci = self.col(ci) if isinstance(ci, str) else ci  # a column number or a header's start
        if ci is None or ci >= len(self.rows[r]):
            return
        self.checked.add((r, ci))
        where = f"{self.tid} dòng «{self.rows[r][0]}» cột «{self.headers[ci]}»"
        self.c.rep.numbers(where, self.rows[r][ci], expected, why)

    def row_count(self, n: int, why: str) -> None:
        self.c.rep.expect(len(self.rows) == n, self.tid, f"{len(self.rows)} dòng", f"{n} dòng", why)

    def year_rows(self):
        for r, row in enumerate(self.rows):
            self.checked.add((r, 0))
            yield r, [int(x) for x in NUM_RE.findall(row[0].replace("–", " "))]

    def indicator_rows(self):
        for r, row in enumerate(self.rows):
            code = self.c.code(row[0])
            if code is None:
                self.c.rep.add(f"{self.tid} dòng «{row[0]}»", row[0], "(catalogue name)",
                               "indicator not in data/domestic/indicators.csv")
            yield r, code


def per_survey(heads: tuple, wants: Callable, why: str = "", pairs: bool = False) -> Callable:
    """A table with a row per survey (or pair of consecutive surveys): the columns ``heads`` (a
    column number, or a header's start; a repeated one is its next column) hold ``wants(c,
    year)`` (``wants(c, from, to)``)."""
    def checker(c: Ctx, tb: Table) -> None:
        tb.row_count(len(c.years()) - pairs, "one row per survey with the country assessed"
                if not pairs else "one row per pair of consecutive surveys")
        cols = [h if isinstance(h, int) else tb.col(h, nth=heads[:i].count(h))
                for i, h in enumerate(heads)]
        for r, years in tb.year_rows():
            for ci, want in zip(cols, wants(c, *years[:1 + pairs]), strict=True):
                tb.check(r, ci, want, why)
    return checker


def _sub_ranks(c: Ctx, y: int) -> list[str]:  # the rank and its change since the last survey
    p = c.prev_year(y)
    return [join(c.sub_rank(y, k)[0], "" if p is None else
                 fmt(c.sub_rank(p, k)[0] - c.sub_rank(y, k)[0], 0, True)) for k in SUBS]


t_egdi_theo_nam = per_survey(("EGDI", "Hạng thế giới", "Hạng trong", "Hạng trong"), lambda c, y: (
    fmt(c.egdi(y), 4), *(c.rank_text(y, k) for k in SCOPES)))
t_egdi_trung_binh = per_survey(
    (1, "Trung bình", "Trung bình", "Trung bình", "Chênh với thế giới"),
    lambda c, y: (*(fmt(x, 4) for x in (c.egdi(y), *(c.mean(k, y) for k in SCOPES))),
                  fmt(c.egdi(y) - c.mean("world", y), 4, True)),
    "unweighted means over the assessed members")
t_chi_so_thanh_phan = per_survey(
    (*(k.upper() for k in SUBS), *(f"Hạng {k.upper()}" for k in SUBS)),
    lambda c, y: (*(fmt(c.row(y).value[k], 4) for k in SUBS), *_sub_ranks(c, y)),
    "sub-index ranks: ties share the better rank")
t_phan_tach = per_survey(
    ("Thay đổi EGDI", *(f"Đóng góp {k.upper()}" for k in COMPONENTS), "Phần dư"),
    lambda c, a, b: [fmt(v, 4, True) for v in c.decomposition(a, b).values()],
    "change, each component's change / 3, residual", pairs=True)


def t_dong_hang(c: Ctx, tb: Table) -> None:
    cases = {(x["index"].upper(), x["year"]): x for x in c.tie_cases()}
    tb.row_count(len(cases), "every case whose rank or rank change depends on the tie rule")
    year_col = tb.col("Năm")
    for r, row in enumerate(tb.rows):
        tb.checked.add((r, year_col))
        x = cases.get((row[0], int(row[year_col])))
        if x is None:
            c.rep.add(f"{tb.tid} dòng {r + 1}", " | ".join(row), "(no row)",
                      "rank and change do not depend on the tie rule here")
            continue
        lo, avg, hi = x["ranks"]
        tb.check(r, "Số nước", str(x["tied"]))
        tb.check(r, "Hạng", join(lo, fmt_half(avg), hi), "best / average / worst")
        tb.check(r, "Thay đổi", "" if x["change"] is None else
                 join(*(fmt_half(v, True) for v in x["change"])))


def t_tieu_vung(c: Ctx, tb: Table, kind: str = "subregion") -> None:
    order = c.un.order(c.year, c.members(kind))
    tb.row_count(len(order), f"assessed members of the {kind}, by published rank")
    for r, m in enumerate(order[:len(tb.rows)]):
        tb.check(r, 0, str(1 + sum(1 for x in order if x.rank < m.rank)))
        tb.check(r, "Hạng thế giới", str(m.rank))
        for k in ("egdi", *SUBS):
            tb.check(r, k.upper(), fmt(m.value[k], 4))


def _target_gap(c: Ctx, y: int) -> tuple[str, ...]:
    g, e = _tg(c, y), c.egdi(y)
    return (c.rank_text(y, "world"), fmt(e, 4), g["note"], fmt(g["bar"], 4),
            fmt(g["bar"] - e, 4, True), fmt(g["mean"]["egdi"], 4),
            *(fmt(x, 4, True) for x in (*(g["parts"][k] for k in COMPONENTS), g["rest"])))


t_khoang_cach = per_survey(("Hạng", "EGDI", "Quốc gia ở vị trí", "EGDI ở vị trí", "Khoảng cách",
                            "EGDI trung bình", "Phần OSI", "Phần TII", "Phần HCI", "Phần dư"),
                           _target_gap, "target rank, group within two places of it")


def _latest(c: Ctx, code: str) -> Obs | None:
    return (c.dom.of(code, c.quarter) or [None])[-1]


def _plan(c: Ctx, indicator: str) -> Target | None:
    return next((g[0] for g in c.dom.groups() if g[0].indicator == indicator), None)


def _with_date(c: Ctx, o: Obs | None) -> str:
    return "" if o is None else f"{c.dom.show(o)} {date_vi(o.date)}"


def _target_text(c: Ctx, t: Target) -> str:  # without a value, the deadline still
    return join("" if t.value is None else c.dom.show(t), date_vi(t.deadline) if t.deadline else "")


def _gap(c: Ctx, o: Obs | None, t: Target) -> str:
    if o is None or t.value is None or c.dom.meets(o, t):
        return ""
    if o.qualifier in UPPER:  # below a figure that is itself under the target: more than 0
        return "hơn 0" if o.value <= t.value else ""
    places = places_of(t.value, o.value, most=2 if c.dom.percent(t.indicator) else 0)
    return ("khoảng " if o.qualifier in APPROX else "") + fmt(t.value - o.value, places)


def t_muc_tieu(c: Ctx, tb: Table) -> None:
    groups = c.dom.groups()
    tb.row_count(len(groups), "one row per distinct target («năm 2020» = «tháng 12/2020»)")
    tcol = tb.col("Mục tiêu")
    for r, code in tb.indicator_rows():
        cell = numbers_in(tb.rows[r][tcol])
        g = next((g for g in groups if g[0].indicator == code and (
            numbers_in(_target_text(c, g[0])) == cell or
            any(numbers_in(_target_text(c, t)) == cell for t in g))), None)
        if g is None:
            c.rep.add(f"{tb.tid} dòng {r + 1}", tb.rows[r][tcol], "(a target)",
                      "no such target in targets.csv")
            continue
        last = _latest(c, code)
        tb.check(r, "Số liệu gần nhất", _with_date(c, last))
        tb.check(r, tcol, [_target_text(c, t) for t in g])
        tb.check(r, "Còn thiếu", _gap(c, last, g[0]), "target minus the latest figure")


def t_muc_tieu_mau_thuan(c: Ctx, tb: Table) -> None:
    by_id = {v: k for k, v in c.dom.claim_ids()[1].items()}
    targets, id_col = {t.tid: t for t in c.dom.targets}, tb.col("Mã")
    for r, row in enumerate(tb.rows):
        t = targets.get(by_id.get(row[id_col], ""))
        if t is None:
            c.rep.add(f"{tb.tid} dòng {r + 1}", row[id_col], "(a target id)", "unknown target")
            continue
        tb.check(r, "Giá trị", c.dom.show(t))
        tb.check(r, "Thời hạn", date_vi(t.deadline) if t.deadline else "")


def per_figure(figures: Callable[[Ctx], list[Obs]], why: str, cells: Callable) -> Callable:
    """A table with a row per figure of ``figures(c)``, found by its indicator's name (the first
    one listed): the columns ``cells(c, figure)`` names hold those texts."""
    def checker(c: Ctx, tb: Table) -> None:
        obs = figures(c)
        tb.row_count(len(obs), why)
        for r, code in tb.indicator_rows():
            o = next((x for x in obs if x.indicator == code), None)
            for head, want in ({} if o is None else cells(c, o)).items():
                tb.check(r, head, want, why)
    return checker


def _kpi(c: Ctx, o: Obs) -> dict[str, str]:
    t = _plan(c, o.indicator)
    return {"Thực hiện": c.dom.show(o), "Kế hoạch": c.dom.show(t), "Chênh lệch": "" if t is None
            or t.value is None else fmt(o.value - t.value, places_of(o.value, t.value, most=2),
                                        True)}


def _new(c: Ctx, o: Obs) -> dict[str, str]:
    p = c.prev_obs(o)
    return {"Số liệu mới": _with_date(c, o), "Số liệu trước": _with_date(c, p), "Thay đổi": ""
            if p is None else diff_text(c.dom, o, p) or not_computed_text(o, p)}


t_dvc_bo_tinh = per_figure(  # the latest figure of each count
    lambda c: sorted((o for o in c.dom.upto(c.quarter) if c.dom.indicators[o.indicator]["group"]
                      == "dvctt" and c.dom.indicators[o.indicator]["unit"] == "count"),
                     key=lambda o: o.end, reverse=True),
    "figures of the level-4 counts by ministry and province",
    lambda c, o: {"Giá trị": c.dom.show(o), "Ngày": date_vi(o.date)})
t_kpi = per_figure(lambda c: [o for o in c.new_obs()
                              if c.dom.indicators[o.indicator]["group"] == "cds_kpi"],
                   "KPI figures of the quarter", _kpi)
t_moi_trong_quy = per_figure(lambda c: c.new_obs(), "figures of the quarter; no change across "
                             "scopes or between two bounds of one direction", _new)


def t_cntt(c: Ctx, tb: Table) -> None:
    tb.row_count(len(c.dom.cntt), "rows of cntt_2019.csv")
    for r, s in enumerate(c.dom.cntt[:len(tb.rows)]):
        tb.check(r, "Chỉ số", fmt_natural(s["value"]) if s["value"] else "")


def t_cong_dvcqg(c: Ctx, tb: Table) -> None:
    obs = c.group_obs("cong_dvcqg")
    dates = sorted({o.date for o in obs}, key=date_end)
    first, last = dates[0], dates[-1]
    c.rep.numbers(f"{tb.tid} (headers)", " ; ".join(tb.headers[1:3]),
                  join(date_vi(first), date_vi(last)), "dates of the two portal reports")
    tb.row_count(len({o.indicator for o in obs}), "portal indicators with a figure")
    for r, code in tb.indicator_rows():
        a = next((o for o in obs if o.indicator == code and o.date == first), None)
        b = next((o for o in obs if o.indicator == code and o.date == last), None)
        tb.check(r, 1, c.dom.show(a))
        tb.check(r, 2, c.dom.show(b))
        text = diff_text(c.dom, b, a) if a and b else None
        m = re.search(r"\(gấp (.*) lần\)", text or "")
        tb.check(r, 3, m.group(1) if m else not_computed_text(b, a) if a and b else "")


def t_nen_tang(c: Ctx, tb: Table) -> None:
    sums = [r["refs"].split() for r in c.dom.claims if r["kind"] == "sum"]
    upto = {o.ref: o for o in c.dom.upto(c.quarter)
            if c.dom.indicators[o.indicator]["group"] in ("nen_tang", "attt")}
    parts_refs = {x for refs in sums for x in refs}
    tb.row_count(sum(refs[0] in upto for refs in sums)
            + sum(1 for ref, o in upto.items() if o.denominator and ref not in parts_refs),
            "totals split into parts and shares of a stated total")
    for r, code in tb.indicator_rows():
        refs = next((x for x in sums if x[0].split("@")[0] == code), None)
        if refs is not None:
            total, parts = c.dom.by_ref(refs[0]), [c.dom.by_ref(x) for x in refs[1:]]
            tb.check(r, "Số liệu bài nêu", c.dom.show(total))
            tb.check(r, "Số liệu bài nêu kèm", join(*(c.dom.show(p) for p in parts)))
            tb.check(r, "Kết quả", fmt_natural(sum((p.value for p in parts), Fraction(0))))
            continue
        o = _latest(c, code)
        if o is not None and o.denominator:
            q = o.qualifier if o.qualifier in LOWER else "khoảng" if o.qualifier else ""
            tb.check(r, "Số liệu bài nêu", c.dom.show(o))
            tb.check(r, "Số liệu bài nêu kèm", fmt_natural(o.denominator))
            tb.check(r, "Kết quả", f"{q} {fmt_natural(o.value * 100 / frac(o.denominator))} %")


def t_kiem_chung_dem(c: Ctx, tb: Table) -> None:
    reg = c.tables.get("tbl-so-doi-chieu")
    vcol = reg.col("Kết luận") if reg else None
    book = Counter(row[vcol] for row in reg.rows) if vcol is not None else Counter()
    for r, row in enumerate(tb.rows):
        tb.check(r, len(row) - 1, str(book[row[0]]), "register rows with this verdict")


def t_claims(c: Ctx, tb: Table) -> None:
    reg = register(c)
    if tb.tid == "tbl-so-doi-chieu":
        tb.row_count(len(reg), "every claim of the source set about the country")
    id_col = tb.col("Mã khẳng định")
    for r, row in enumerate(tb.rows):
        if row[id_col] not in reg:
            c.rep.add(f"{tb.tid} dòng {r + 1}", row[id_col], "(a claim id)", "unknown claim")
            continue
        claimed, recomputed = reg[row[id_col]]
        tb.check(r, "Báo chí nêu", claimed, "as the data files record it")
        tb.check(r, "Giá trị đối chiếu", recomputed, "recomputed")


def t_bang_du_lieu(c: Ctx, tb: Table) -> None:
    pkg = json.loads((c.root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    files = {res["title"]: [c.root / "data" / res["path"]] for res in pkg["resources"]}
    for r, row in enumerate(tb.rows):  # a table named by its title (else the quarterly files)
        paths = files.get(row[0]) or sorted((c.root / "data" / "quarterly").glob("*.csv"))
        n = sorted({len(next(csv.reader(p.read_text(encoding="utf-8-sig").splitlines()[:1])))
                    for p in paths})  # the widths of the files' headers: one, or a range
        tb.check(r, "Số cột", "–".join(str(w) for w in (n[0], n[-1])[:len(n)]))


def t_tep_goc(c: Ctx, tb: Table) -> None:
    pkg = json.loads((c.root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    imported = {f["path"]: f.get("imported", "") for res in pkg["resources"]
                for f in res.get("raw_files", [])}
    tb.row_count(len(c.un.files), "one row per raw survey file")
    for r, (y, *_) in tb.year_rows():
        name, sha, size, rows = c.un.files[y]
        tb.check(r, "Số quốc gia", str(rows))
        tb.check(r, "Kích thước", fmt(size))
        tb.check(r, "Ngày nhập", date_vi(imported.get(name, "")))
        shown = tb.rows[r][tb.col("SHA")]
        c.rep.expect(sha in shown, f"{tb.tid} {y}", shown, sha, "SHA-256")


def t_nguon_bao_chi(c: Ctx, tb: Table) -> None:
    press = {k: v for k, v in c.dom.sources.items() if v["kind"] == "press"}
    tb.row_count(len(press), "press sources")
    for r, row in enumerate(tb.rows):
        if row[0] in press:
            tb.check(r, "Thời điểm", date_vi(press[row[0]]["event_date"]))
            tb.check(r, "Sự kiện", press[row[0]]["event"])  # the event's month, as in the data


CLAIM_TABLES = ("tbl-egdi-doi-chieu", "tbl-thanh-phan-doi-chieu", "tbl-trong-nuoc-doi-chieu",
                "tbl-cong-doi-chieu", "tbl-so-doi-chieu")
TABLES: dict[str, Callable[[Ctx, Table], None]] = {
    "tbl-egdi-theo-nam": t_egdi_theo_nam, "tbl-egdi-trung-binh": t_egdi_trung_binh,
    "tbl-chi-so-thanh-phan": t_chi_so_thanh_phan, "tbl-phan-tach-egdi": t_phan_tach,
    "tbl-dong-hang": t_dong_hang, "tbl-tieu-vung": t_tieu_vung, "tbl-muc-tieu": t_muc_tieu,
    "tbl-vung": lambda c, tb: t_tieu_vung(c, tb, "region"), "tbl-kpi-cds": t_kpi,
    "tbl-khoang-cach-muc-tieu": t_khoang_cach,
    "tbl-muc-tieu-mau-thuan": t_muc_tieu_mau_thuan, "tbl-dvc-bo-tinh": t_dvc_bo_tinh,
    "tbl-cntt-2019": t_cntt, "tbl-cong-dvcqg": t_cong_dvcqg, "tbl-nen-tang-attt": t_nen_tang,
    "tbl-moi-trong-quy": t_moi_trong_quy, "tbl-doi-trang-thai": lambda c, tb: tb.row_count(len(
        c.status_changes() + c.status_changes(True)), "targets changed or first stated"),
    "tbl-kiem-chung-dem": t_kiem_chung_dem, "tbl-mau-thuan": lambda c, tb: None,
    "tbl-bang-du-lieu": t_bang_du_lieu, "tbl-tep-goc-un": t_tep_goc,
    "tbl-nguon-bao-chi": t_nguon_bao_chi, **dict.fromkeys(CLAIM_TABLES, t_claims),
}


# == Downloads: chart data (fig-….csv) value by value; table downloads have the table's rows ==
def csv_value(c: Ctx, where: str, shown: str, want: Fraction | None) -> None:
    if want is None:
        return c.rep.expect(shown.strip() in ("", "nan"), where, shown, "(trống)", "no value")
    c.rep.expect(shown.strip() != "" and abs(float(shown) - float(want)) <= 1e-9 * max(
        1, abs(float(want))), where, shown, repr(float(want)), "chart data")


def csv_rows(key: str, wants: Callable[[Ctx, dict], dict]) -> Callable:
    """Chart data with a row per ``key`` (its columns, "|"-separated): each column ``wants(c,
    row)`` names holds that value."""
    def checker(c: Ctx, name: str, rows: list[dict]) -> None:
        for r in rows:
            label = "-".join(r.get(k, "") for k in key.split("|"))
            for col, want in wants(c, r).items():
                csv_value(c, f"{name} {label} {col}", r.get(col, ""), want)
    return checker


csv_egdi = csv_rows("Năm", lambda c, r: {"EGDI": c.egdi(int(r["Năm"])), **dict(zip(  # means by
    [k for k in r if k.startswith("Trung bình ")], [c.mean(k, int(r["Năm"])) for k in SCOPES],
    strict=True))})  # the country's region («Trung bình châu Á»): world, region, subregion
csv_subs = csv_rows("Năm", lambda c, r: {k.upper(): c.row(int(r["Năm"])).value[k] for k in SUBS})
csv_decomposition = csv_rows("Từ năm|Đến năm", lambda c, r: dict(zip(
    ("Thay đổi EGDI", *(f"Đóng góp của {k.upper()}" for k in COMPONENTS), "Phần dư"),
    c.decomposition(int(r["Từ năm"]), int(r["Đến năm"])).values(), strict=True)))
csv_paths = csv_rows("Năm", lambda c, r: {  # a column per member, named as in the heatmap's data
    c.names.get(iso, iso): m and m.value["egdi"] for iso in sorted(c.members("subregion"))
    for m in [c.un.get(int(r["Năm"]), iso)]})


def csv_groups(c: Ctx, name: str, rows: list[dict]) -> None:
    counts = Counter(egdi_group(r.value["egdi"]) for r in c.un.assessed(c.year))
    for i, r in enumerate(rows):  # very high, high, middle, low
        csv_value(c, f"{name} {r['Nhóm']}", r["Số quốc gia"], Fraction(counts[3 - i]))


def csv_heatmap(c: Ctx, name: str, rows: list[dict]) -> None:
    order = [m.iso3 for m in c.un.order(c.year, c.members("subregion"))]
    shown = [r["Mã ISO3"] for r in rows]
    c.rep.expect(shown == order, name, " ".join(shown), " ".join(order), "order by rank")
    c.names = {r["Mã ISO3"]: r["Quốc gia"] for r in rows}  # the trajectories' column names
    csv_rows("Mã ISO3", lambda c, r: {k.upper(): c.un.get(c.year, r["Mã ISO3"]).value[k]
                                      for k in ("egdi", *SUBS)})(c, name, rows)


def csv_targets(c: Ctx, name: str, rows: list[dict]) -> None:
    for r in rows:
        ind, when = c.code(r["Chỉ tiêu"]), r["Ngày số liệu"] or r["Thời hạn"]
        if r["Loại"] == "số liệu":
            o = c.dom.by_ref(f"{ind}@{when}")
            csv_value(c, f"{name} {ind} {when}", r["Giá trị (%)"], None if o is None else o.value)
            continue
        c.rep.expect(r["Loại"] == "mục tiêu" and any(
            g[0].indicator == ind and g[0].value == frac(r["Giá trị (%)"])
            and g[0].end == date_end(when) for g in c.dom.groups()),
            f"{name} {ind} target", r["Giá trị (%)"], "(a target)", "target")


def _portal(c: Ctx, r: dict) -> dict[str, Fraction]:  # first and last figure, their ratio
    a, *_, b = sorted((o for o in c.group_obs("cong_dvcqg") if o.indicator == c.code(
        r["Chỉ tiêu"])), key=lambda o: o.end)
    return {"Giá trị đầu": a.value, "Giá trị cuối": b.value, "Tỷ số": b.value / a.value}


csv_portal = csv_rows("Chỉ tiêu", _portal)
csv_kpi = csv_rows("Chỉ tiêu", lambda c, r: {
    "Giá trị": c.dom.by_ref(f"{c.code(r['Chỉ tiêu'])}@{r['Ngày']}").value,
    "Kế hoạch": getattr(_plan(c, c.code(r["Chỉ tiêu"])), "value", None)})


def csv_claims(c: Ctx, name: str, rows: list[dict]) -> None:
    reg = c.tables.get("tbl-so-doi-chieu")  # the book's register: rows by source and verdict
    src, verdict = (reg.col("Nguồn"), reg.col("Kết luận")) if reg else (None, None)
    book = Counter((row[src], row[verdict]) for row in (reg.rows if reg else []))
    for r in rows:  # a download names its source «A004 (…)» or «A001: «title»»; register: «A004»
        for v, sid in [(v, r["Nguồn"].split()[0].rstrip(":")) for v in list(r)[1:]]:
            csv_value(c, f"{name} {sid} {v}", r[v], Fraction(book[sid, v]))


CSVS: dict[str, Callable[[Ctx, str, list[dict]], None]] = {
    "fig-egdi-xu-huong.csv": csv_egdi, "fig-nhom-egdi.csv": csv_groups,
    "fig-chi-so-thanh-phan.csv": csv_subs, "fig-phan-tach-egdi.csv": csv_decomposition,
    "fig-ban-do-nhiet-tieu-vung.csv": csv_heatmap, "fig-quy-dao-tieu-vung.csv": csv_paths,
    "fig-chi-tieu-muc-tieu.csv": csv_targets, "fig-cong-dvcqg.csv": csv_portal,
    "fig-kpi-cds.csv": csv_kpi, "fig-kiem-chung-tong-hop.csv": csv_claims,
}


# == The data files against the articles (when ../shared/seeds is here) ==

SCALE = {"triệu": 1_000_000, "nghìn": 1000}


def quote_values(quote: str) -> set[Fraction]:
    out = set()
    for m in re.finditer(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?:\s*(triệu|nghìn))?", quote):
        v = frac(m.group(1).replace(".", "") + ("." + m.group(2) if m.group(2) else ""))
        out.add(v * SCALE.get(m.group(3) or "", 1))
    return out


def check_sources(c: Ctx) -> None:
    for o in c.dom.obs:
        art = c.dom.articles.get(o.source)
        if art is None:
            continue
        c.rep.checked += 1
        if norm(o.quote) not in norm(art):
            c.rep.add(f"data/quarterly {o.ref}", o.quote, "(article text)", "quote not found")
        elif o.value not in quote_values(o.quote) and o.quote.count("Bộ ") != o.value:
            c.rep.add(f"data/quarterly {o.ref}", fmt_natural(o.value), o.quote,
                      "value not stated in its quote")


# == Run ==
def check_glue(c: Ctx, values: list[dict]) -> None:
    for v in values:
        chapter, name, shown = v["key"].split("::")[0], v["key"].split("::", 1)[1], v["text"]
        rule = GLUE.get(chapter, {}).get(name) or COMMON.get(name)
        if rule is None:
            if numbers_in(shown):
                c.rep.unchecked.append((v["key"], shown))
            continue
        try:
            text, exact = rule(c)
        except Exception as exc:  # a rule that cannot be evaluated is a finding, not a crash
            c.rep.add(v["key"], shown, "(error)", f"{type(exc).__name__}: {exc}")
            continue
        c.rep.covered["glued values"] += 1
        c.rep.numbers(v["key"], shown, text, "glued value", ordered=False)
        if exact is not None and v.get("exact") not in (None, ""):
            c.rep.expect(abs(frac(str(v["exact"])) - exact) <= Fraction(1, 10**9),
                         f"{v['key']} (exact)", str(v["exact"]), str(float(exact)),
                         "exact value in values.json")


def check_spans(c: Ctx, spans: list[tuple[str, str, str]], values: list[dict]) -> None:
    """The text each glued span shows has the figures of its glued value."""
    texts = {v["key"]: v["text"].replace("*", "") for v in values}  # the page's italics
    for page, key, shown in spans:
        if key not in texts:
            c.rep.add(f"{page}: {key}", shown, "(a glued value)", "span of an unknown key")
        elif texts[key]:  # values glued as markup keep no text in the registry
            c.rep.numbers(f"{page}: {key} (page)", shown, texts[key], "shown vs glued",
                          ordered=False)


def run(html: Path, root: Path = REPO) -> Report:
    rep = Report()
    raw, m49 = find_raw(root)
    if raw is None or m49 is None or not (html / "values.json").is_file():
        raise FileNotFoundError("raw UN files, the M49 table or values.json not found")
    registry = json.loads((html / "values.json").read_text(encoding="utf-8"))
    params = registry.get("parameters", {})
    un, dom = UN(raw, m49), Domestic(root)
    quarter = params.get("quarter") or max((o.quarter for o in dom.obs), key=qkey)
    dom.as_of(quarter)
    c = Ctx(un, dom, params.get("country") or "VNM", int(params.get("year") or un.years[-1]),
            quarter, rep, root)
    c.tables, spans = load_book(html, c)
    c.target = int(params.get("target_rank") or 50)  # the book's default target rank
    rep.meta = {"html": str(html), "country": c.c, "year": c.year, "quarter": quarter,
                "articles": len(dom.articles)}
    check_glue(c, registry.get("values", []))
    check_spans(c, spans, registry.get("values", []) + registry.get("cells", []))  # + tables
    for tid, t in c.tables.items():
        fn = TABLES.get(tid)
        if fn is not None:
            try:
                fn(c, t)
            except Exception as exc:
                rep.add(tid, "(table)", "(error)", f"checker failed: {type(exc).__name__}: {exc}")
            rep.covered["tables"] += 1
        for r, row in enumerate(t.rows):
            for ci, cell in enumerate(row):
                head = norm(t.headers[ci]).lower() if ci < len(t.headers) else ""
                if (numbers_in(cell) and (r, ci) not in t.checked
                        and not head.startswith(TEXT_COLUMNS)):
                    rep.unchecked.append((f"{tid} dòng «{row[0]}» cột «{head}»", cell))
        path = min(html.glob(f"_downloads/*/{tid}.csv"), default=None)
        if path is not None:
            n = len(read_download(path))
            rep.expect(n == len(t.rows), f"{tid}.csv", f"{n} dòng", f"{len(t.rows)} dòng",
                       "the table's rows")
    for path in sorted(html.glob("_downloads/*/fig-*.csv")):
        fn = CSVS.get(path.name)
        if fn is None:
            rep.unchecked.append((path.name, "no rule for this chart's data"))
            continue
        try:
            fn(c, path.name, read_download(path))
        except Exception as exc:
            rep.add(path.name, "(csv)", "(error)", f"checker failed: {type(exc).__name__}: {exc}")
        rep.covered["chart CSVs"] += 1
    check_sources(c)
    return rep


def format_report(rep: Report) -> str:
    covered = ", ".join(f"{v} {k}" for k, v in rep.covered.items())
    return "\n".join([
        "Number check of the built book", *(f"  {k}: {v}" for k, v in rep.meta.items()),
        f"  figures compared: {rep.checked} ({covered})", f"\nDISCREPANCIES: {len(rep.findings)}",
        *(f"  {f.where}: shown «{f.shown}», expected «{f.expected}» ({f.why})"
          for f in rep.findings),
        f"\nNOT CHECKED: {len(rep.unchecked)}", *(f"  {w}: {t}" for w, t in rep.unchecked)])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("html", type=Path, help="the built HTML folder (_build/html)")
    ap.add_argument("--root", type=Path, default=REPO, help="the project (data/)")
    args = ap.parse_args(argv)
    try:
        rep = run(args.html, args.root)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 3
    print(format_report(rep))
    return 1 if rep.findings else 2 if rep.unchecked else 0


if __name__ == "__main__":
    sys.exit(main())
