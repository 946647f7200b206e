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
as a multiset of figures, table cells in order; numbers inside «…» are quotes, not figures. Exact
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
from collections import Counter, defaultdict
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
    n = abs(x) * scale
    r = (2 * n.numerator + n.denominator) // (2 * n.denominator)
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
QUOTE_RE = re.compile(r"«[^»]*»")


def numbers_in(text: str) -> list[str]:
    """The figures of a text, in order; numbers inside «…» (verbatim quotes) are not figures. A
    quarter («quý III/2022») counts its Roman numeral too, after the other figures."""
    text = QUOTE_RE.sub(" ", norm(text))
    return NUM_RE.findall(text) + [f"quý {r}" for r in re.findall(r"quý ([IV]+)/\d{4}", text)]


QUALIFIERS = re.compile(r"(?<!\w)(khoảng|gần|trên dưới|trên|hơn|vượt|dưới)(?= [-+]?\d)")


def qualifiers(text: str) -> set[str]:
    """The bound words a figure carries («hơn 900», «khoảng 15,91 %»): part of the figure."""
    return set(QUALIFIERS.findall(QUOTE_RE.sub(" ", norm(text))))


def parse_vi(text: str) -> Fraction:
    return frac(text.replace(".", "").replace(",", "."))


def tie_ranks(values: dict[str, Fraction]) -> dict[str, tuple[int, Fraction, int]]:
    """Rank descending: (best rank of the tie group, average rank, worst rank)."""
    ordered = sorted(values.values(), reverse=True)
    first: dict[Fraction, int] = {}
    for i, v in enumerate(ordered):
        first.setdefault(v, i + 1)
    count = Counter(ordered)
    return {k: (first[v], Fraction(2 * first[v] + count[v] - 1, 2), first[v] + count[v] - 1)
            for k, v in values.items()}


def mean(values: list[Fraction]) -> Fraction:
    return sum(values, Fraction(0)) / len(values)


# == Findings ==


@dataclass
class Finding:
    where: str
    shown: str
    expected: str
    why: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    unchecked: list[tuple[str, str]] = field(default_factory=list)
    checked: int = 0
    covered: Counter = field(default_factory=Counter)
    meta: dict = field(default_factory=dict)

    def add(self, where: str, shown: str, expected: str, why: str) -> None:
        self.findings.append(Finding(where, norm(shown), norm(expected), why))

    def numbers(self, where: str, shown: str, expected: str | list[str], why: str = "",
                ordered: bool = True) -> bool:
        """Compare the figures of ``shown`` with those of ``expected`` (a text or a list of
        acceptable texts)."""
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
    if len(got) == len(want) == 1 and got != want:
        try:
            if abs(parse_vi(got[0]) - parse_vi(want[0])) <= Fraction(1, 10**4):
                return " (off by one in the last decimal: rounding)"
        except (ValueError, ZeroDivisionError):
            pass
    return ""


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
COMPONENTS = ("osi", "tii", "hci")
SUBS = ("osi", "tii", "hci", "epi")


@dataclass
class UNRow:
    iso3: str
    name: str
    rank: int | None
    text: dict[str, str]
    value: dict[str, Fraction]


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
            year = int(path.stem.rsplit("_", 1)[1])
            raw = path.read_bytes()
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
            self._ranks[year, col] = tie_ranks({r.iso3: r.value[col]
                                                for r in self.assessed(year)})
        return self._ranks[year, col]

    def precision(self, year: int, col: str) -> int:
        return max(len(r.text[col].partition(".")[2].rstrip("0")) for r in self.assessed(year))


# -- domestic data ---------------------------------------------------------------------------

def month_end(y: int, m: int) -> date:
    return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)


def date_end(text: str) -> date | None:
    """Last day a date text covers: '2020' -> 31/12/2020, '2020-10' -> 31/10/2020."""
    parts = [int(p) for p in (text or "").strip().split("-") if p]
    if not parts:
        return None
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    return month_end(*parts) if len(parts) == 2 else date(*parts)


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
    out, (y, n) = [], qkey(a)
    while True:
        y, n = (y + 1, 1) if n == 4 else (y, n + 1)
        if (y, n) >= qkey(b):
            return out
        out.append(f"{y}Q{n}")


@dataclass
class Obs:
    indicator: str
    date: str
    quarter: str
    value: Fraction
    qualifier: str
    denominator: str
    scope: str
    source: str
    quote: str
    raw: str

    @property
    def ref(self) -> str:
        return f"{self.indicator}@{self.date}"

    @property
    def end(self) -> date:
        return date_end(self.date)


@dataclass
class Target:
    tid: str
    indicator: str
    comparator: str
    value: Fraction | None
    deadline: str
    source: str
    quote: str
    stated_met: bool = False

    @property
    def end(self) -> date | None:
        return date_end(self.deadline)


LOWER, APPROX = {"trên", "hơn", "vượt"}, {"khoảng", "gần", "trên dưới"}
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

    def show(self, o: Obs | None = None, *, value=None, qualifier="", indicator="") -> str:
        if o is not None:
            value, qualifier, indicator = o.value, o.qualifier, o.indicator
        unit = " %" if self.percent(indicator) else ""
        return f"{qualifier} {fmt_natural(value)}{unit}".strip()

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
        return t.value is not None and o.qualifier != "dưới" and o.value >= t.value

    def status(self, t: Target, quarter: str) -> str:
        """The Method page's statuses (projection from the last two figures)."""
        obs, as_of = self.of(t.indicator, quarter), quarter_end(quarter)
        if not obs:
            return "no_data"
        if t.value is None:
            return "met" if t.stated_met else "no_value"
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

    def as_of(self, q: str) -> None:
        """Known at the end of quarter q: rows of q or earlier; claims, targets, articles of
        sources dated by then (undated ones, as the UN's files, count as known)."""
        known = {k for k, s in self.sources.items() if (d := date_end(s.get("event_date") or s.get(
            "published") or "")) is None or d <= quarter_end(q)}
        self.obs = [o for o in self.obs if qkey(o.quarter) <= qkey(q)]
        self.claims = [r for r in self.claims if r["source_id"] in known]
        self.targets = [t for t in self.targets if t.source in known]
        self.sources = {k: v for k, v in self.sources.items() if k in known}

    def claim_ids(self) -> tuple[dict[str, str], dict[str, str]]:
        """Method page: figures numbered per article by date then indicator code (S), targets
        per article in the targets file's order (M)."""
        obs_ids, by_src = {}, defaultdict(list)
        for o in self.obs:
            by_src[o.source].append(o)
        for src, items in by_src.items():
            for i, o in enumerate(sorted(items, key=lambda o: (o.date, o.indicator)), 1):
                obs_ids[o.ref] = f"{src}-S{i:02d}"
        tgt_ids, n = {}, Counter()
        for t in sorted(self.targets, key=lambda t: t.tid):
            n[t.source] += 1
            tgt_ids[t.tid] = f"{t.source}-M{n[t.source]:02d}"
        return obs_ids, tgt_ids


def change_text(word: str, d: Fraction, ratio: Fraction, places: int | None) -> str:
    q = f"{word} " if word else ""  # places: decimals of a percentage-point change, else None
    if places is not None:
        return f"{q}{fmt(d, places, sign=True)} điểm %"
    return f"{q}{fmt(d, 0, sign=True)} (gấp {q}{fmt(ratio, 1)} lần)"


def _interval(o: Obs) -> str:
    if not o.qualifier:
        return "exact"
    return "lower" if o.qualifier in LOWER else "upper" if o.qualifier == "dưới" else "approx"


def diff_text(dom: Domestic, new: Obs, old: Obs) -> str | None:
    """The change between two figures, its bound word kept; None when it is not computed
    (another scope, or two bounds whose arithmetic says nothing)."""
    if new.scope != old.scope:
        return None
    kn, ko = _interval(new), _interval(old)
    d, ratio = new.value - old.value, new.value / old.value
    pct = places_of(new.value, old.value, most=2) if dom.percent(new.indicator) else None
    if kn == ko == "exact":
        return change_text("", d, ratio, pct)
    if (kn, ko) in (("lower", "exact"), ("lower", "upper"), ("exact", "upper")):
        return change_text("hơn", d, ratio, pct)
    if (kn, ko) in (("exact", "lower"), ("upper", "lower"), ("upper", "exact")):
        return change_text("dưới", d, ratio, pct)
    if "approx" in (kn, ko) and {kn, ko} <= {"approx", "exact"}:
        return change_text("khoảng", d, ratio, pct)
    return None


def not_computed_text(new: Obs, old: Obs) -> str:
    """Only the figures of the reason: the two scopes when they differ."""
    return f"{old.scope} / {new.scope}" if new.scope != old.scope else ""


# -- the built book ----------------------------------------------------------------------------

@dataclass
class Table:
    tid: str
    page: str
    headers: list[str]
    rows: list[list[str]]
    checked: set[tuple[int, int]] = field(default_factory=set)

    def col(self, *names: str) -> int | None:
        heads = [norm(h).lower() for h in self.headers]
        for name in names:
            n = name.lower()
            for i, h in enumerate(heads):
                if h == n or h.startswith(n):
                    return i
        return None


def load_book(html: Path) -> tuple[dict[str, Table], list[tuple[str, str, str]]]:
    """Tables by id and glued spans (page, key, text shown) of the chapter pages."""
    from bs4 import BeautifulSoup

    tables, spans = {}, []
    for path in sorted(html.glob("notebooks/*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        art = soup.find("article") or soup
        for i, t in enumerate(art.select("table:not(.egv-figdata-table)")):  # not data views
            tid = t.get("id") or f"{path.stem}#table{i + 1}"
            head = t.find("thead")
            body = t.find("tbody") or t
            tables[tid] = Table(
                tid, path.stem, [norm(th.get_text(" ")) for th in head.find_all("th")]
                if head else [], [[norm(td.get_text(" ")) for td in tr.find_all(["td", "th"])]
                                  for tr in body.find_all("tr")])
        _ = [p.decompose() for p in art.select(".egv-prov")]  # popups are not text shown
        for s in art.select("span.egv-value[data-key], span.egv-sentence[data-key]"):
            shown = s.select_one(".pasted-text") or s
            spans.append((path.stem, s["data-key"], norm(shown.get_text())))
    return tables, spans


def find_download(html: Path, name: str) -> Path | None:
    return min(html.glob(f"_downloads/*/{name}"), default=None)


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

    def egdi(self, year: int | None = None) -> Fraction:
        return self.row(year).value["egdi"]

    def years(self) -> list[int]:
        return [y for y in self.un.years if y <= self.year and self.un.get(y, self.c)]

    def prev_year(self, year: int | None = None) -> int | None:
        earlier = [y for y in self.years() if y < (self.year if year is None else year)]
        return earlier[-1] if earlier else None

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

    def rank_change(self, col: str) -> int:  # since the previous survey, positive = better
        p = self.prev_year()
        if col == "egdi":
            return self.row(p).rank - self.row().rank
        return self.sub_rank(p, col)[0] - self.sub_rank(self.year, col)[0]

    def contributions(self, a: int, b: int) -> dict[str, Fraction]:
        return {k: (self.row(b).value[k] - self.row(a).value[k]) / 3 for k in COMPONENTS}

    def main_contribution(self) -> Fraction:
        return max(self.contributions(self.prev_year(), self.year).values(), key=abs)

    def leader(self, kind: str) -> UNRow:
        return self.un.order(self.year, self.members(kind))[0]

    def next_above(self, kind: str) -> UNRow | None:
        order = self.un.order(self.year, self.members(kind))
        i = next(i for i, r in enumerate(order) if r.iso3 == self.c)
        return order[i - 1] if i else None

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

    def fragile(self) -> dict[str, int]:
        mine = self.row().value
        return {k: sum(1 for r in self.un.assessed(self.year) if r.iso3 != self.c
                       and abs(r.value[k] - mine[k]) <= Fraction(2, 100)) for k in SUBS}

    # -- domestic ---------------------------------------------------------------------------
    def data_quarters(self) -> list[str]:
        return sorted({o.quarter for o in self.dom.upto(self.quarter)}, key=qkey)

    def prev_quarter(self) -> str | None:
        qs = [q for q in self.data_quarters() if qkey(q) < qkey(self.quarter)]
        return qs[-1] if qs else None

    def new_obs(self) -> list[Obs]:
        return [o for o in self.dom.obs if o.quarter == self.quarter]

    def prev_obs(self, o: Obs) -> Obs | None:
        prev = sorted((p for p in self.dom.upto(self.quarter) if p.indicator == o.indicator
                       and p.quarter != self.quarter), key=lambda p: p.end)
        return prev[-1] if prev else None

    def status_changes(self) -> list[list[Target]]:
        p = self.prev_quarter()
        return [g for g in self.dom.groups() if p is not None and
                self.dom.status(g[0], p) != self.dom.status(g[0], self.quarter)]

    def group_obs(self, group: str) -> list[Obs]:
        return [o for o in self.dom.upto(self.quarter)
                if self.dom.indicators[o.indicator]["group"] == group]

    def portal_days(self) -> list[date]:
        return sorted({o.end for o in self.group_obs("cong_dvcqg")})

    def kpi_day(self) -> date | None:
        days = sorted({o.end for o in self.group_obs("cds_kpi")})
        return days[-1] if days else None

    def name_to_code(self) -> dict[str, str]:
        return {norm(v["name_vi"]): k for k, v in self.dom.indicators.items()}


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


def _abs(change: int) -> str:
    """A rank change in words («tăng 15 bậc», «giữ nguyên thứ hạng») shows |change| or nothing."""
    return fmt(abs(change)) if change else ""


def _best_worst(c: Ctx, worst: bool) -> tuple[int, list[int]]:
    ranks = {y: c.row(y).rank for y in c.years()}
    r = max(ranks.values()) if worst else min(ranks.values())
    return r, [y for y, x in ranks.items() if x == r]


def _residual_text(c: Ctx) -> Want:
    bad = [y for y in c.years() if abs(c.residual(y)[0]) > c.residual(y)[1]]
    return W(join(*(f"{y} {fmt(c.residual(y)[0], 4, sign=True)}" for y in bad)))


def _fragile_text(c: Ctx) -> Want:
    counts = c.fragile()
    threshold = " 10" if max(counts[k] for k in COMPONENTS) >= 10 else ""
    return W("0,02 " + join(*counts.values()) + threshold)


def _next(c: Ctx, kind: str) -> Want:
    above = c.next_above(kind)
    if above is None:
        return W("")
    gap = above.value["egdi"] - c.egdi()
    return W(join(fmt(above.value["egdi"], 4), fmt(gap, 4)), gap)


def _status_counts(c: Ctx) -> list[int]:
    return list(Counter(c.dom.status(g[0], c.quarter) for g in c.dom.groups()).values())


def _conflicts(c: Ctx) -> Want:
    by_ind: dict[str, list[list[Target]]] = defaultdict(list)
    for g in c.dom.groups():
        by_ind[g[0].indicator].append(g)
    parts = []
    for ind, groups in by_ind.items():
        values = sorted({g[0].value for g in groups if g[0].value is not None})
        ends = sorted({g[0].end for g in groups if g[0].end is not None})
        if len(groups) > 1 and len(values) > 1:
            parts += [c.dom.indicators[ind]["name_vi"], *map(fmt_natural, values)]
        elif len(groups) > 1 and len(ends) > 1:
            parts += [c.dom.indicators[ind]["name_vi"], *map(dmy, ends)]
    return W(join(*parts))


def _intro(c: Ctx) -> Want:
    days = c.portal_days()
    parts = [dmy(d) for d in (days[:1] + days[-1:] if len(days) >= 2 else days)]
    if c.kpi_day():
        parts.append(dmy(c.kpi_day()))
    return W(join(*parts, quarter_vi(c.quarter)))


def _new_counts(c: Ctx) -> tuple[int, int, int]:
    """New figures: comparable with the previous one, not comparable, first of the indicator."""
    with_prev = [o for o in c.new_obs() if c.prev_obs(o)]
    n = sum(1 for o in with_prev if diff_text(c.dom, o, c.prev_obs(o)))
    return n, len(with_prev) - n, len(c.new_obs()) - len(with_prev)


def _dom(c: Ctx, *parts) -> Want:
    """A key finding about the domestic data: none in a book without it."""
    return W(join(*parts) if c.domestic else "")


def _missing_quarters(c: Ctx) -> list[str]:
    qs = c.data_quarters()
    return [q for q in quarters_between(qs[0], qs[-1]) if q not in qs]


def _stale(c: Ctx) -> set[str]:
    prev = {o.indicator for o in c.dom.obs if o.quarter == c.prev_quarter()}
    return prev - {o.indicator for o in c.new_obs()}


def _verdict_counts(c: Ctx) -> list[str]:
    t = c.tables.get("tbl-kiem-chung-dem")
    return [row[-1] for row in t.rows] if t else []


def _differs(c: Ctx) -> int:
    return sum(un_claim(c, r)[1] == "differs" for r in c.dom.claims
               if r["kind"] in UN_KINDS and r["country"] == c.c)


def _tg(c: Ctx, y: int | None = None) -> dict:
    """Target rank T: the member in position T by published rank (ties: higher EGDI first), the
    members ranked within two places of T, and (their mean - the country) / 3 per component."""
    y, t = y or c.year, c.target
    order = sorted(c.un.assessed(y), key=lambda r: (r.rank, -r.value["egdi"]))
    band = [r for r in order if abs(r.rank - t) <= 2]
    m = {k: mean([r.value[k] for r in band]) for k in ("egdi", *COMPONENTS)}
    parts = {k: (m[k] - c.row(y).value[k]) / 3 for k in COMPONENTS}
    return {"bar": order[t - 1].value["egdi"], "n": len(band), "mean": m, "parts": parts,
            "rest": m["egdi"] - c.egdi(y) - sum(parts.values(), Fraction(0))}


def _gap_status(c: Ctx) -> Want:
    d = _tg(c)["bar"] - c.egdi()
    return W(join(*([c.target] if c.row().rank <= c.target else []), fmt(abs(d), 4)), d)


GLUE: dict[str, dict[str, Callable[[Ctx], Want]]] = {
    "01_tong_quan_egdi": {
        "year": lambda c: W(c.year), "first_year": lambda c: W(c.years()[0]),
        "n_surveys": lambda c: W(len(c.years()), len(c.years())),
        "avg_rule_years": lambda c: W(join(*(y for y in c.un.years if y < 2012))),
        "t_very_high": lambda c: W("0,75", Fraction(3, 4)),
        "t_high": lambda c: W("0,50", Fraction(1, 2)),
        "t_middle": lambda c: W("0,25", Fraction(1, 4)),
        "t_low": lambda c: W("0,00", 0),
        "egdi": lambda c: W(fmt(c.egdi(), 4), c.egdi()),
        "rank": lambda c: W(c.rank_text(c.year, "world"), c.row().rank),
        "rank_region": lambda c: W(c.rank_text(c.year, "region")),
        "rank_subregion": lambda c: W(c.rank_text(c.year, "subregion")),
        "first_level_year": lambda c: W(min(y for y in c.years()
                                            if egdi_group(c.egdi(y)) == egdi_group(c.egdi()))),
        "prev_year": lambda c: W(c.prev_year()),
        "rank_change": lambda c: W(_abs(c.rank_change("egdi")), c.rank_change("egdi")),
        "egdi_change": lambda c: W(fmt(c.egdi() - c.egdi(c.prev_year()), 4, True),
                                   c.egdi() - c.egdi(c.prev_year())),
        "best_rank": lambda c: W(_best_worst(c, False)[0], _best_worst(c, False)[0]),
        "best_year": lambda c: W(join(*_best_worst(c, False)[1])),
        "worst_rank": lambda c: W(_best_worst(c, True)[0], _best_worst(c, True)[0]),
        "worst_year": lambda c: W(join(*_best_worst(c, True)[1])),
        "egdi_first": lambda c: W(fmt(c.egdi(c.years()[0]), 4), c.egdi(c.years()[0])),
        **{f"avg_{k}": (lambda k: lambda c: W(fmt(c.mean(k), 4), c.mean(k)))(k)
           for k in ("world", "region", "subregion")},
        **{f"diff_{k}": (lambda k: lambda c: W(fmt(c.egdi() - c.mean(k), 4, True),
                                               c.egdi() - c.mean(k)))(k)
           for k in ("world", "region", "subregion")},
        "n_region": lambda c: W(len(c.un.averaged(c.year, c.members("region")))),
        "n_subregion": lambda c: W(len(c.un.averaged(c.year, c.members("subregion")))),
    },
    "02_chi_so_thanh_phan": {
        "year": lambda c: W(c.year),
        "prev_year": lambda c: W(c.prev_year()),
        **{f"{k}_value": (lambda k: lambda c: W(fmt(c.row().value[k], 4), c.row().value[k]))(k)
           for k in SUBS},
        **{f"{k}_rank": (lambda k: lambda c: W(f"{c.sub_rank(c.year, k)[0]}/"
                                               f"{len(c.un.assessed(c.year))}",
                                               c.sub_rank(c.year, k)[0]))(k) for k in SUBS},
        **{f"{k}_change": (lambda k: lambda c: W(_abs(c.rank_change(k)),
                                                 c.rank_change(k)))(k) for k in SUBS},
        "main_contribution": lambda c: W(fmt(c.main_contribution(), 4, True),
                                         c.main_contribution()),
        "egdi_change": lambda c: W(fmt(c.egdi() - c.egdi(c.prev_year()), 4, True),
                                   c.egdi() - c.egdi(c.prev_year())),
        "n_tie_cases": lambda c: W(len(c.tie_cases()), len(c.tie_cases())),
        "n_tie_changes": lambda c: W(sum(x["differs"] for x in c.tie_cases())),
        "residual_text": _residual_text,
        "fragile_text": _fragile_text,
    },
    "03_so_sanh_khu_vuc": {
        "year": lambda c: W(c.year),
        "n_sub": lambda c: W(len(c.un.assessed(c.year, c.members("subregion")))),
        "egdi": lambda c: W(fmt(c.egdi(), 4), c.egdi()),
        "rank_sub": lambda c: W(c.rank_text(c.year, "subregion")),
        "rank_reg": lambda c: W(c.rank_text(c.year, "region")),
        **{f"leader_{s}_egdi": (lambda k: lambda c: W(fmt(c.leader(k).value["egdi"], 4),
                                                      c.leader(k).value["egdi"]))(k)
           for s, k in (("sub", "subregion"), ("reg", "region"))},
        **{f"gap_leader_{s}": (lambda k: lambda c: W(fmt(c.leader(k).value["egdi"] - c.egdi(), 4),
                                                     c.leader(k).value["egdi"] - c.egdi()))(k)
           for s, k in (("sub", "subregion"), ("reg", "region"))},
        "next_sub": lambda c: _next(c, "subregion"),
        "next_reg": lambda c: _next(c, "region"),
    },
    "04_chi_tieu_trong_nuoc": {
        "quarter_vi": lambda c: W(quarter_vi(c.quarter)),
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
        "quarter_vi": lambda c: W(quarter_vi(c.quarter)),
        "portal_first": lambda c: W(dmy(c.portal_days()[0])),
        "portal_last": lambda c: W(dmy(c.portal_days()[-1])),
        "kpi_when": lambda c: W(dmy(c.kpi_day())),
        "intro": _intro,
    },
    "06_co_gi_moi": {
        "quarter_vi": lambda c: W(quarter_vi(c.quarter)),
        "prev_vi": lambda c: W(quarter_vi(c.prev_quarter())),
        "gap_text": lambda c: W(join(len(quarters_between(c.prev_quarter(), c.quarter)), *map(
            quarter_vi, quarters_between(c.prev_quarter(), c.quarter)))),
        "n_new": lambda c: W(len(c.new_obs())),
        "n_new_ind": lambda c: W(len({o.indicator for o in c.new_obs()})),
        "n_changed": lambda c: W(_new_counts(c)[0]),
        "n_not_comparable": lambda c: W(_new_counts(c)[1]),
        "n_first": lambda c: W(_new_counts(c)[2]),
        "n_status": lambda c: W(len(c.status_changes())),
        "n_stale": lambda c: W(len(_stale(c))),
    },
    "07_kiem_chung": {
        "n_claims": lambda c: W(len(register_ids(c))),
        "n_sources": lambda c: W(len({i.split("-")[0] for i in register_ids(c)})),
        "counts_text": lambda c: W(join(*_verdict_counts(c))),
        "n_differs": lambda c: W(_differs(c)),
        "n_contradictions": lambda c: W(len(c.tables["tbl-mau-thuan"].rows)
                                        if "tbl-mau-thuan" in c.tables else 0),
    },
    "08_khoang_cach_muc_tieu": {
        "year": lambda c: W(c.year), "target": lambda c: W(c.target, c.target),
        "target_note": lambda c: W(c.target),  # the sources' figures are inside «quotes»
        "n_years": lambda c: W(len(c.years()), len(c.years())),
        "n_within": lambda c: W(sum(c.row(y).rank <= c.target for y in c.years())),
        "rank": lambda c: W(c.rank_text(c.year, "world"), c.row().rank),
        "egdi": lambda c: W(fmt(c.egdi(), 4), c.egdi()),
        "target_egdi": lambda c: W(fmt(_tg(c)["bar"], 4), _tg(c)["bar"]),
        "status": _gap_status, "band_n": lambda c: W(_tg(c)["n"], _tg(c)["n"]),
        "band_from": lambda c: W(max(1, c.target - 2)), "band_to": lambda c: W(c.target + 2),
        "band_egdi": lambda c: W(fmt(_tg(c)["mean"]["egdi"], 4), _tg(c)["mean"]["egdi"]),
        **{f"part_{k}": (lambda k: lambda c: W(fmt(_tg(c)["parts"][k], 4, True),
                                               _tg(c)["parts"][k]))(k) for k in COMPONENTS},
    },
    "90_nguon_du_lieu": {"year": lambda c: W(c.year)},
    "91_kham_pha_du_lieu": {"n_members": lambda c: W(len(c.un.iso), len(c.un.iso)),
                            "first_year": lambda c: W(c.un.years[0]),
                            "last_year": lambda c: W(c.year)},
    # Key findings: the chapters' figures again, one sentence each.
    "00_diem_chinh": {
        "year": lambda c: W(c.year),
        "f_level": lambda c: W(join(c.year, fmt(c.egdi(), 4), c.rank_text(c.year, "world"))),
        "f_change": lambda c: W(join(c.prev_year(), _abs(c.rank_change("egdi")),
                                     fmt(c.egdi() - c.egdi(c.prev_year()), 4, True),
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
        "f_new": lambda c: _dom(c, quarter_vi(c.quarter), len(c.new_obs()), *_new_counts(c)),
        "f_claims": lambda c: _dom(c, len(register_ids(c)), *_verdict_counts(c)),
    },
}


# == The claims register: UN claims recomputed, domestic claims from the data files ==


def un_claim(c: Ctx, r: dict[str, str]) -> tuple[str, str]:
    """(figures of the recomputation, match | match_rounded | differs)."""
    un, iso, kind, col = c.un, r["country"], r["kind"], r["index"]
    year, members = int(r["year"]), un.scope(r["scope"], iso)
    claimed = r["claimed_value"]

    def verdict(ok: bool) -> str:
        return "match" if ok else "differs"

    if kind == "rank":
        rank, n = ((un.get(year, iso).rank, len(un.assessed(year))) if members is None
                   else un.position(year, iso, members))
        return f"{rank}/{n}", verdict(frac(claimed) == rank)
    if kind == "rank_change":
        before = int(r["compare_year"])
        change = (un.get(before, iso).rank - un.get(year, iso).rank if col == "egdi" else
                  un.sub_ranks(before, col)[iso][0] - un.sub_ranks(year, col)[iso][0])
        return fmt(change, 0, True), verdict(frac(claimed) == change)
    if kind == "scope_size":
        n = len(un.assessed(year, members))
        return str(n), verdict(frac(claimed) == n)
    v = un.get(year, iso).value[col or "egdi"]
    if kind == "value":
        places = int(r["decimals"])
        if frac(claimed) == v:
            return fmt(v, places), "match"
        return fmt(v, places), "match_rounded" if round_half_up(v, places) == frac(claimed) \
            else "differs"
    if kind == "above_average":
        m = un.mean(year, members, col)
        return f"{fmt(v, 4)} {fmt(m, 4)}", verdict((v > m) == (frac(claimed) == 1))
    if kind == "level":
        groups = {"rất cao": 3, "cao": 2, "trung bình": 1, "thấp": 0}
        return "", verdict(groups.get(claimed.lower()) == egdi_group(v))
    start = int(r["compare_year"])  # un_goal: at the last survey by the deadline, from start
    last = max(y for y in un.years if start < y <= year)
    change = un.get(start, iso).rank - un.get(last, iso).rank
    return f"{fmt(change, 0, True)} {last}", verdict(change >= frac(claimed))


def domestic_claim(c: Ctx, r: dict[str, str]) -> str:
    dom, kind, refs = c.dom, r["kind"], r["refs"].split()
    if kind == "observation":
        return dom.show(dom.by_ref(refs[0]))
    if kind == "ratio":
        return f"{fmt(dom.by_ref(refs[0]).value / dom.by_ref(refs[1]).value, 2)}"
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
    out = c._register = {}
    for r in c.dom.claims:
        if r["country"] != c.c:
            continue
        recomputed = un_claim(c, r)[0] if r["kind"] in UN_KINDS else domestic_claim(c, r)
        out[r["claim_id"]] = (r["claimed_text"], recomputed)
    if c.domestic:
        obs_ids, tgt_ids = c.dom.claim_ids()
        for o in c.dom.obs:
            out[obs_ids[o.ref]] = (c.dom.show(o), c.dom.show(o))
        for t in c.dom.targets:
            v = "" if t.value is None else c.dom.show(value=t.value, indicator=t.indicator)
            out[tgt_ids[t.tid]] = (v, v)
    return out


def register_ids(c: Ctx) -> set[str]:
    return set(register(c))


# == Tables: table id -> checker, cell by cell (columns by header, rows by their key) ==

# Columns of words, references or verbatim text: their digits are not figures of the book.
TEXT_COLUMNS = ("trích dẫn", "ghi chú", "nguồn", "mã", "căn cứ", "phạm vi", "nội dung", "tệp",
                "dùng ở", "mâu thuẫn với", "quốc gia", "đơn vị", "báo", "chỉ tiêu",
                "mục tiêu (nguồn)", "kết luận", "đánh giá", "chiều", "khớp tổng", "các phần")


class TC:
    def __init__(self, c: Ctx, t: Table) -> None:
        self.c, self.t = c, t

    def col(self, *names: str, nth: int = 0) -> int | None:
        hits = [i for i, h in enumerate(self.t.headers)
                if any(norm(h).lower().startswith(n.lower()) for n in names)]
        if len(hits) <= nth:
            self.c.rep.add(f"{self.t.tid}", " | ".join(self.t.headers), " / ".join(names),
                           "column not found")
            return None
        return hits[nth]

    def check(self, r: int, ci: int | None, expected: str | list[str], why: str = "") -> None:
        if ci is None or ci >= len(self.t.rows[r]):
            return
        self.t.checked.add((r, ci))
        where = f"{self.t.tid} dòng «{self.t.rows[r][0]}» cột «{self.t.headers[ci]}»"
        self.c.rep.numbers(where, self.t.rows[r][ci], expected, why)

    def rows(self, n: int, why: str) -> None:
        self.c.rep.checked += 1
        if len(self.t.rows) != n:
            self.c.rep.add(self.t.tid, f"{len(self.t.rows)} dòng", f"{n} dòng", why)

    def year_rows(self):
        for r, row in enumerate(self.t.rows):
            self.t.checked.add((r, 0))
            yield r, [int(x) for x in NUM_RE.findall(row[0].replace("–", " "))]

    def indicator_rows(self):
        names = self.c.name_to_code()
        for r, row in enumerate(self.t.rows):
            code = names.get(norm(row[0]))
            if code is None:
                self.c.rep.add(f"{self.t.tid} dòng «{row[0]}»", row[0], "(catalogue name)",
                               "indicator not in data/domestic/indicators.csv")
            yield r, code


def t_egdi_theo_nam(c: Ctx, tc: TC) -> None:
    tc.rows(len(c.years()), "one row per survey with the country assessed")
    cols = [tc.col("EGDI"), tc.col("Hạng thế giới"), tc.col("Hạng trong"),
            tc.col("Hạng trong", nth=1)]
    for r, (y, *_) in tc.year_rows():
        for ci, want in zip(cols, (fmt(c.egdi(y), 4), c.rank_text(y, "world"),
                                   c.rank_text(y, "region"), c.rank_text(y, "subregion")),
                            strict=True):
            tc.check(r, ci, want)


def t_egdi_trung_binh(c: Ctx, tc: TC) -> None:
    tc.rows(len(c.years()), "one row per survey")
    cols = [1, tc.col("Trung bình thế giới"), tc.col("Trung bình", nth=1),
            tc.col("Trung bình", nth=2), tc.col("Chênh với thế giới")]
    for r, (y, *_) in tc.year_rows():
        wants = (fmt(c.egdi(y), 4), fmt(c.mean("world", y), 4), fmt(c.mean("region", y), 4),
                 fmt(c.mean("subregion", y), 4), fmt(c.egdi(y) - c.mean("world", y), 4, True))
        for ci, want in zip(cols, wants, strict=True):
            tc.check(r, ci, want, "unweighted means over the assessed members")


def t_chi_so_thanh_phan(c: Ctx, tc: TC) -> None:
    tc.rows(len(c.years()), "one row per survey")
    for r, (y, *_) in tc.year_rows():
        p = c.prev_year(y)
        for k in SUBS:
            tc.check(r, tc.col(k.upper()), fmt(c.row(y).value[k], 4))
            lo = c.sub_rank(y, k)[0]
            change = "" if p is None else fmt(c.sub_rank(p, k)[0] - lo, 0, True)
            tc.check(r, tc.col(f"Hạng {k.upper()}"), join(lo, change),
                     "ties share the better rank")


def t_phan_tach(c: Ctx, tc: TC) -> None:
    tc.rows(len(c.years()) - 1, "one row per pair of consecutive surveys")
    for r, (a, b, *_) in tc.year_rows():
        d, con = c.egdi(b) - c.egdi(a), c.contributions(a, b)
        tc.check(r, tc.col("Thay đổi EGDI"), fmt(d, 4, True))
        for k in COMPONENTS:
            tc.check(r, tc.col(f"Đóng góp {k.upper()}"), fmt(con[k], 4, True), "change / 3")
        tc.check(r, tc.col("Phần dư"), fmt(d - sum(con.values(), Fraction(0)), 4, True))


def t_dong_hang(c: Ctx, tc: TC) -> None:
    cases = {(x["index"].upper(), x["year"]): x for x in c.tie_cases()}
    tc.rows(len(cases), "every case whose rank or rank change depends on the tie rule")
    year_col = tc.col("Năm")
    for r, row in enumerate(tc.t.rows):
        tc.t.checked.add((r, year_col))
        x = cases.get((row[0], int(row[year_col])))
        if x is None:
            c.rep.add(f"{tc.t.tid} dòng {r + 1}", " | ".join(row), "(no row)",
                      "rank and change do not depend on the tie rule here")
            continue
        lo, avg, hi = x["ranks"]
        tc.check(r, tc.col("Số nước"), str(x["tied"]))
        tc.check(r, tc.col("Hạng"), join(lo, fmt_half(avg), hi), "best / average / worst")
        tc.check(r, tc.col("Thay đổi"), "" if x["change"] is None else
                 join(*(fmt_half(v, True) for v in x["change"])))


def t_tieu_vung(c: Ctx, tc: TC, kind: str = "subregion") -> None:
    order = c.un.order(c.year, c.members(kind))
    tc.rows(len(order), f"assessed members of the {kind}, by published rank")
    for r, m in enumerate(order[:len(tc.t.rows)]):
        tc.check(r, 0, str(1 + sum(1 for x in order if x.rank < m.rank)))
        tc.check(r, tc.col("Hạng thế giới"), str(m.rank))
        for k in ("egdi", *SUBS):
            tc.check(r, tc.col(k.upper()), fmt(m.value[k], 4))


def t_khoang_cach(c: Ctx, tc: TC) -> None:
    tc.rows(len(c.years()), "one row per survey with a published rank")
    heads = ("Hạng", "EGDI", "EGDI thứ", "Khoảng cách", "EGDI TB", "Phần OSI", "Phần TII",
             "Phần HCI", "Phần dư")
    for r, (y, *_) in tc.year_rows():
        g, e = _tg(c, y), c.egdi(y)
        for head, want in zip(heads, (c.rank_text(y, "world"), fmt(e, 4), fmt(g["bar"], 4),
                                      fmt(g["bar"] - e, 4, True), fmt(g["mean"]["egdi"], 4),
                                      *(fmt(g["parts"][k], 4, True) for k in COMPONENTS),
                                      fmt(g["rest"], 4, True)), strict=True):
            tc.check(r, tc.col(head), want, "target rank, group within two places of it")


def _latest(c: Ctx, code: str) -> Obs | None:
    obs = c.dom.of(code, c.quarter)
    return obs[-1] if obs else None


def _with_date(c: Ctx, o: Obs | None) -> str:
    return "" if o is None else f"{c.dom.show(o)} {date_vi(o.date)}"


def _target_text(c: Ctx, t: Target) -> str:
    if t.value is None:
        return ""
    return join(c.dom.show(value=t.value, indicator=t.indicator),
                date_vi(t.deadline) if t.deadline else "")


def _gap(c: Ctx, o: Obs | None, t: Target) -> str:
    if o is None or t.value is None or c.dom.meets(o, t):
        return ""
    if o.qualifier == "dưới":  # below a figure that is itself under the target: more than 0
        return "hơn 0" if o.value <= t.value else ""
    gap = t.value - o.value
    return fmt(gap, places_of(t.value, o.value, most=2 if c.dom.percent(t.indicator) else 0))


def t_muc_tieu(c: Ctx, tc: TC) -> None:
    groups = c.dom.groups()
    tc.rows(len(groups), "one row per distinct target («năm 2020» = «tháng 12/2020»)")
    tcol = tc.col("Mục tiêu")
    for r, code in tc.indicator_rows():
        cell = numbers_in(tc.t.rows[r][tcol])
        g = next((g for g in groups if g[0].indicator == code and (
            numbers_in(_target_text(c, g[0])) == cell or
            any(numbers_in(_target_text(c, t)) == cell for t in g))), None)
        if g is None:
            c.rep.add(f"{tc.t.tid} dòng {r + 1}", tc.t.rows[r][tcol], "(a target)",
                      "no such target in targets.csv")
            continue
        last = _latest(c, code)
        tc.check(r, tc.col("Số liệu gần nhất"), _with_date(c, last))
        tc.check(r, tcol, [_target_text(c, t) for t in g])
        tc.check(r, tc.col("Còn thiếu"), _gap(c, last, g[0]), "target minus the latest figure")


def t_muc_tieu_mau_thuan(c: Ctx, tc: TC) -> None:
    by_id = {v: k for k, v in c.dom.claim_ids()[1].items()}
    targets, id_col = {t.tid: t for t in c.dom.targets}, tc.col("Mã")
    for r, row in enumerate(tc.t.rows):
        t = targets.get(by_id.get(row[id_col], ""))
        if t is None:
            c.rep.add(f"{tc.t.tid} dòng {r + 1}", row[id_col], "(a target id)", "unknown target")
            continue
        tc.check(r, tc.col("Giá trị"), "" if t.value is None else
                 c.dom.show(value=t.value, indicator=t.indicator))
        tc.check(r, tc.col("Thời hạn"), date_vi(t.deadline) if t.deadline else "")


def t_dvc_bo_tinh(c: Ctx, tc: TC) -> None:
    codes = {k for k, v in c.dom.indicators.items() if v["group"] == "dvctt"
             and v["unit"] == "count"}
    tc.rows(sum(1 for o in c.dom.upto(c.quarter) if o.indicator in codes),
            "figures of the level-4 counts by ministry and province")
    for r, code in tc.indicator_rows():
        o = _latest(c, code)
        if o is not None:
            tc.check(r, tc.col("Giá trị"), c.dom.show(o))
            tc.check(r, tc.col("Ngày"), date_vi(o.date))


def t_cntt(c: Ctx, tc: TC) -> None:
    tc.rows(len(c.dom.cntt), "rows of cntt_2019.csv")
    for r, s in enumerate(c.dom.cntt[:len(tc.t.rows)]):
        tc.check(r, tc.col("Chỉ số"), fmt_natural(s["value"]) if s["value"] else "")


def t_cong_dvcqg(c: Ctx, tc: TC) -> None:
    obs = c.group_obs("cong_dvcqg")
    dates = sorted({o.date for o in obs}, key=date_end)
    first, last = dates[0], dates[-1]
    c.rep.numbers(f"{tc.t.tid} (headers)", " ; ".join(tc.t.headers[1:3]),
                  join(date_vi(first), date_vi(last)), "dates of the two portal reports")
    tc.rows(len({o.indicator for o in obs}), "portal indicators with a figure")
    for r, code in tc.indicator_rows():
        a = next((o for o in obs if o.indicator == code and o.date == first), None)
        b = next((o for o in obs if o.indicator == code and o.date == last), None)
        tc.check(r, 1, "" if a is None else c.dom.show(a))
        tc.check(r, 2, "" if b is None else c.dom.show(b))
        text = diff_text(c.dom, b, a) if a and b else None
        m = re.search(r"\(gấp (.*) lần\)", text or "")
        tc.check(r, 3, m.group(1) if m else not_computed_text(b, a) if a and b else "")


def t_kpi(c: Ctx, tc: TC) -> None:
    codes = {k for k, v in c.dom.indicators.items() if v["group"] == "cds_kpi"}
    obs = [o for o in c.dom.obs if o.quarter == c.quarter and o.indicator in codes]
    tc.rows(len(obs), "KPI figures of the quarter")
    for r, code in tc.indicator_rows():
        o = next((x for x in obs if x.indicator == code), None)
        if o is None:
            continue
        g = next((g for g in c.dom.groups() if g[0].indicator == code), None)
        t = g[0] if g else None
        tc.check(r, tc.col("Thực hiện"), c.dom.show(o))
        tc.check(r, tc.col("Kế hoạch"), "" if t is None or t.value is None else
                 c.dom.show(value=t.value, indicator=code))
        tc.check(r, tc.col("Chênh lệch"), "" if t is None or t.value is None else
                 fmt(o.value - t.value, places_of(o.value, t.value, most=2), True))


def t_nen_tang(c: Ctx, tc: TC) -> None:
    sums = [r["refs"].split() for r in c.dom.claims if r["kind"] == "sum"]
    upto = {o.ref: o for o in c.dom.upto(c.quarter)
            if c.dom.indicators[o.indicator]["group"] in ("nen_tang", "attt")}
    parts_refs = {x for refs in sums for x in refs}
    tc.rows(sum(refs[0] in upto for refs in sums)
            + sum(1 for ref, o in upto.items() if o.denominator and ref not in parts_refs),
            "totals split into parts and shares of a stated total")
    for r, code in tc.indicator_rows():
        refs = next((x for x in sums if x[0].split("@")[0] == code), None)
        if refs is not None:
            total, parts = c.dom.by_ref(refs[0]), [c.dom.by_ref(x) for x in refs[1:]]
            tc.check(r, 1, c.dom.show(total))
            tc.check(r, 2, join(*(c.dom.show(p) for p in parts)))
            tc.check(r, 3, fmt_natural(sum((p.value for p in parts), Fraction(0))))
            continue
        o = _latest(c, code)
        if o is not None and o.denominator:
            q = o.qualifier if o.qualifier in LOWER else "khoảng" if o.qualifier else ""
            tc.check(r, 1, c.dom.show(o))
            tc.check(r, 2, fmt_natural(o.denominator))
            tc.check(r, 3, f"{q} {fmt_natural(o.value * 100 / frac(o.denominator))} %")


def t_moi_trong_quy(c: Ctx, tc: TC) -> None:
    new = c.new_obs()
    tc.rows(len(new), "figures of the quarter")
    for r, code in tc.indicator_rows():
        o = next((x for x in new if x.indicator == code), None)
        if o is None:
            continue
        p = c.prev_obs(o)
        tc.check(r, tc.col("Số liệu mới"), _with_date(c, o))
        tc.check(r, tc.col("Số liệu trước"), _with_date(c, p))
        tc.check(r, tc.col("Thay đổi"), "" if p is None else
                 diff_text(c.dom, o, p) or not_computed_text(o, p),
                 "no change across scopes or between two bounds of one direction")


def t_doi_trang_thai(c: Ctx, tc: TC) -> None:
    tc.rows(len(c.status_changes()), "merged targets whose status changed")


def t_kiem_chung_dem(c: Ctx, tc: TC) -> None:
    reg = c.tables.get("tbl-so-doi-chieu")
    vcol = TC(c, reg).col("Kết luận") if reg else None
    book = Counter(row[vcol] for row in reg.rows) if vcol is not None else Counter()
    for r, row in enumerate(tc.t.rows):
        tc.check(r, len(row) - 1, str(book[row[0]]), "register rows with this verdict")


def t_claims(c: Ctx, tc: TC) -> None:
    reg = register(c)
    if tc.t.tid == "tbl-so-doi-chieu":
        tc.rows(len(reg), "every claim of the source set about the country")
    id_col = tc.col("Mã")
    for r, row in enumerate(tc.t.rows):
        if row[id_col] not in reg:
            c.rep.add(f"{tc.t.tid} dòng {r + 1}", row[id_col], "(a claim id)", "unknown claim")
            continue
        claimed, recomputed = reg[row[id_col]]
        tc.check(r, tc.col("Báo chí nêu"), claimed, "as the data files record it")
        tc.check(r, tc.col("Giá trị đối chiếu"), recomputed, "recomputed")


def t_bang_du_lieu(c: Ctx, tc: TC) -> None:
    pkg = json.loads((c.root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for r, row in enumerate(tc.t.rows):
        path = c.root / row[0].strip("`")
        if path.is_file():
            with path.open(encoding="utf-8-sig") as fh:
                n = len(next(csv.reader(fh)))
        else:  # the quarterly files: the descriptor's columns
            n = len(pkg["quarterly"]["schema"]["fields"])
        tc.check(r, tc.col("Số cột"), str(n))


def t_tep_goc(c: Ctx, tc: TC) -> None:
    pkg = json.loads((c.root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    imported = {f["path"]: f.get("imported", "") for res in pkg["resources"]
                for f in res.get("raw_files", [])}
    tc.rows(len(c.un.files), "one row per raw survey file")
    for r, (y, *_) in tc.year_rows():
        name, sha, size, rows = c.un.files[y]
        tc.check(r, tc.col("Số quốc gia"), str(rows))
        tc.check(r, tc.col("Kích thước"), fmt(size))
        tc.check(r, tc.col("Ngày nhập"), date_vi(imported.get(name, "")))
        c.rep.checked += 1
        if sha not in tc.t.rows[r][tc.col("SHA")]:
            c.rep.add(f"{tc.t.tid} {y}", tc.t.rows[r][tc.col("SHA")], sha, "SHA-256")


def t_nguon_bao_chi(c: Ctx, tc: TC) -> None:
    press = {k: v for k, v in c.dom.sources.items() if v["kind"] == "press"}
    tc.rows(len(press), "press sources")
    for r, row in enumerate(tc.t.rows):
        if row[0] in press:
            tc.check(r, tc.col("Thời điểm"), date_vi(press[row[0]]["event_date"]))


CLAIM_TABLES = ("tbl-egdi-doi-chieu", "tbl-thanh-phan-doi-chieu", "tbl-trong-nuoc-doi-chieu",
                "tbl-cong-doi-chieu", "tbl-so-doi-chieu")
TABLES: dict[str, Callable[[Ctx, TC], None]] = {
    "tbl-egdi-theo-nam": t_egdi_theo_nam, "tbl-egdi-trung-binh": t_egdi_trung_binh,
    "tbl-chi-so-thanh-phan": t_chi_so_thanh_phan, "tbl-phan-tach-egdi": t_phan_tach,
    "tbl-dong-hang": t_dong_hang, "tbl-tieu-vung": t_tieu_vung, "tbl-muc-tieu": t_muc_tieu,
    "tbl-vung": lambda c, tc: t_tieu_vung(c, tc, "region"), "tbl-kpi-cds": t_kpi,
    "tbl-khoang-cach-muc-tieu": t_khoang_cach,
    "tbl-muc-tieu-mau-thuan": t_muc_tieu_mau_thuan, "tbl-dvc-bo-tinh": t_dvc_bo_tinh,
    "tbl-cntt-2019": t_cntt, "tbl-cong-dvcqg": t_cong_dvcqg, "tbl-nen-tang-attt": t_nen_tang,
    "tbl-moi-trong-quy": t_moi_trong_quy, "tbl-doi-trang-thai": t_doi_trang_thai,
    "tbl-kiem-chung-dem": t_kiem_chung_dem, "tbl-mau-thuan": lambda c, tc: None,
    "tbl-bang-du-lieu": t_bang_du_lieu, "tbl-tep-goc-un": t_tep_goc,
    "tbl-nguon-bao-chi": t_nguon_bao_chi, **dict.fromkeys(CLAIM_TABLES, t_claims),
}


# == Downloads: chart data (fig-….csv) value by value; table downloads have the table's rows ==


def csv_value(c: Ctx, where: str, shown: str, want: Fraction | None) -> None:
    c.rep.checked += 1
    if want is None:
        if shown.strip() not in ("", "nan"):
            c.rep.add(where, shown, "(trống)", "no value")
    elif shown.strip() == "" or abs(float(shown) - float(want)) > 1e-9 * max(1, abs(float(want))):
        c.rep.add(where, shown, repr(float(want)), "chart data")


def csv_egdi(c: Ctx, name: str, rows: list[dict]) -> None:
    for r in rows:
        y = int(r["Năm"])
        csv_value(c, f"{name} {y} egdi", r["EGDI"], c.egdi(y))
        for col, kind in (("Trung bình thế giới", "world"), ("Trung bình khu vực", "region"),
                          ("Trung bình tiểu vùng", "subregion")):
            csv_value(c, f"{name} {y} {col}", r[col], c.mean(kind, y))


def csv_groups(c: Ctx, name: str, rows: list[dict]) -> None:
    counts = Counter(egdi_group(r.value["egdi"]) for r in c.un.assessed(c.year))
    for i, r in enumerate(rows):  # very high, high, middle, low
        csv_value(c, f"{name} {r['Nhóm']}", r["Số quốc gia"], Fraction(counts[3 - i]))


def csv_subs(c: Ctx, name: str, rows: list[dict]) -> None:
    for r in rows:
        for k in SUBS:
            csv_value(c, f"{name} {r['Năm']} {k}", r[k.upper()], c.row(int(r["Năm"])).value[k])


def csv_decomposition(c: Ctx, name: str, rows: list[dict]) -> None:
    for r in rows:
        a, b = int(r["Từ năm"]), int(r["Đến năm"])
        d, con = c.egdi(b) - c.egdi(a), c.contributions(a, b)
        csv_value(c, f"{name} {a}-{b} egdi_change", r["Thay đổi EGDI"], d)
        for k in COMPONENTS:
            csv_value(c, f"{name} {a}-{b} {k}", r[f"Đóng góp của {k.upper()}"], con[k])
        csv_value(c, f"{name} {a}-{b} residual", r["Phần dư"], d - sum(con.values()))


def csv_heatmap(c: Ctx, name: str, rows: list[dict]) -> None:
    order = [m.iso3 for m in c.un.order(c.year, c.members("subregion"))]
    c.rep.checked += 1
    if [r["Mã ISO3"] for r in rows] != order:
        c.rep.add(name, " ".join(r["Mã ISO3"] for r in rows), " ".join(order), "order by rank")
    c.names = {r["Mã ISO3"]: r["Quốc gia"] for r in rows}  # the trajectories' column names
    for iso, r in ((r["Mã ISO3"], r) for r in rows):
        for k in ("egdi", *SUBS):
            csv_value(c, f"{name} {iso} {k}", r[k.upper()], c.un.get(c.year, iso).value[k])


def csv_paths(c: Ctx, name: str, rows: list[dict]) -> None:
    for r in rows:
        for iso in sorted(c.members("subregion")):
            m = c.un.get(int(r["Năm"]), iso)
            csv_value(c, f"{name} {r['Năm']} {iso}", r.get(c.names.get(iso, iso), ""),
                      None if m is None else m.value["egdi"])


def csv_targets(c: Ctx, name: str, rows: list[dict]) -> None:
    for r in rows:
        ind, when = r["Chỉ tiêu"], r["Ngày"]
        if r["Loại"] == "số liệu":
            o = c.dom.by_ref(f"{ind}@{when}")
            csv_value(c, f"{name} {ind} {when}", r["Giá trị"], None if o is None else o.value)
            continue
        c.rep.checked += 1
        if r["Loại"] != "mục tiêu" or not any(g[0].indicator == ind and g[0].value == frac(
                r["Giá trị"]) and g[0].end == date_end(when) for g in c.dom.groups()):
            c.rep.add(f"{name} {ind} target", r["Giá trị"], "(a target)", "target")


def csv_portal(c: Ctx, name: str, rows: list[dict]) -> None:
    for r in rows:
        ind = r["Chỉ tiêu"]
        obs = sorted((o for o in c.group_obs("cong_dvcqg") if o.indicator == ind),
                     key=lambda o: o.end)
        a, b = obs[0], obs[-1]
        csv_value(c, f"{name} {ind} first", r["Giá trị đầu"], a.value)
        csv_value(c, f"{name} {ind} last", r["Giá trị cuối"], b.value)
        csv_value(c, f"{name} {ind} ratio", r["Tỷ số"], b.value / a.value)


def csv_kpi(c: Ctx, name: str, rows: list[dict]) -> None:
    for r in rows:
        o = c.dom.by_ref(f"{r['Chỉ tiêu']}@{r['Ngày']}")
        g = next((g for g in c.dom.groups() if g[0].indicator == r["Chỉ tiêu"]), None)
        csv_value(c, f"{name} {r['Chỉ tiêu']} value", r["Giá trị"], o.value)
        csv_value(c, f"{name} {r['Chỉ tiêu']} plan", r["Kế hoạch"], g[0].value if g else None)


def csv_claims(c: Ctx, name: str, rows: list[dict]) -> None:
    reg = c.tables.get("tbl-so-doi-chieu")
    book: Counter = Counter()
    if reg is not None:
        src, verdict = TC(c, reg).col("Nguồn"), TC(c, reg).col("Kết luận")
        book = Counter((row[src], row[verdict]) for row in reg.rows)
    for r in rows:
        for v in list(r)[1:]:
            csv_value(c, f"{name} {r['Nguồn']} {v}", r[v], Fraction(book[r["Nguồn"], v]))


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
        rule = GLUE.get(chapter, {}).get(name)
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
            c.rep.checked += 1
            if abs(frac(str(v["exact"])) - exact) > Fraction(1, 10**9):
                c.rep.add(f"{v['key']} (exact)", str(v["exact"]), str(float(exact)),
                          "exact value in values.json")


def check_spans(c: Ctx, spans: list[tuple[str, str, str]], values: list[dict]) -> None:
    """The text each glued span shows has the figures of its glued value."""
    texts = {v["key"]: v["text"] for v in values}
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
    c.tables, spans = load_book(html)
    c.target = int(params.get("target_rank") or 50)  # the book's default target rank
    rep.meta = {"html": str(html), "country": c.c, "year": c.year, "quarter": quarter,
                "articles": len(dom.articles)}
    check_glue(c, registry.get("values", []))
    check_spans(c, spans, registry.get("values", []))
    for tid, t in c.tables.items():
        fn = TABLES.get(tid)
        if fn is not None:
            try:
                fn(c, TC(c, t))
            except Exception as exc:
                rep.add(tid, "(table)", "(error)", f"checker failed: {type(exc).__name__}: {exc}")
            rep.covered["tables"] += 1
        for r, row in enumerate(t.rows):
            for ci, cell in enumerate(row):
                head = norm(t.headers[ci]).lower() if ci < len(t.headers) else ""
                if (numbers_in(cell) and (r, ci) not in t.checked
                        and not head.startswith(TEXT_COLUMNS)):
                    rep.unchecked.append((f"{tid} dòng «{row[0]}» cột «{head}»", cell))
        path = find_download(html, f"{tid}.csv")
        if path is not None:
            rep.checked += 1
            n = len(read_download(path))
            if n != len(t.rows):
                rep.add(f"{tid}.csv", f"{n} dòng", f"{len(t.rows)} dòng", "the table's rows")
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
