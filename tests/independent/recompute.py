#!/usr/bin/env python3
"""Independent recomputation of every figure shown in the built e-government book.

Usage::

    python tests/independent/recompute.py BUILT_HTML_DIR [--stage STAGE_DIR] [--editions DIR]

This script deliberately does NOT import or read the project's Python package
(``scripts/egovbook``). It recomputes each figure from the raw inputs only:

* the UN E-Government Survey exports ``EGOV_DATA_<year>.csv`` and the 193-row M49 table
  (``<repo>/data/raw/...`` first, else ``<repo>/../shared/data/...``);
* the five source articles (``<repo>/../shared/seeds``) and the project's transcriptions of
  their figures (``data/quarterly/*.csv``, ``data/domestic/*.csv``, ``data/claims.csv``,
  ``data/sources.csv``), which are themselves checked against the article text.

What is compared:

* every glued value (``values.json`` at the root of the HTML folder when present, else the
  executed notebooks of ``--stage``), by key, per chapter, and the text the reader sees in the
  HTML for each glued span;
* every cell of every table ``tbl-…`` (matched by id), including the claims register;
* the chart data CSVs ``fig-….csv``;
* the key findings (each sentence recomputed, each link to the table that proves it) and the
  changelog: edition facts against the reproducibility records, commits and changed files
  against ``git``, and the figures changed since the previous edition against that edition's
  ``values.json`` in the archive of editions (``_editions/<id>/``) when the archive holds this
  build (without it, what only the previous edition could confirm stays unchecked);
* numbers printed in prose outside glued values (listed as "not checked" unless a rule covers
  them).

Conventions (what "correct" means) are those the book states on its Method page and in its
chapters, and the audit issue's rules: Vietnamese number format; values rounded HALF UP from the
published decimal text with exact arithmetic (``fractions``, never binary floats); EGDI world
rank = the UN's published rank; sub-index ranks computed over the assessed members, ties sharing
the better rank; regional ranks ordered by published EGDI rank; unweighted means over members
with a value; EGDI groups very high > 0.75, high 0.50-0.75, middle 0.25-0.50, low < 0.25; a
count stated about a table equals that table's rows; observations carry a scope and no change is
computed across scopes; bounds ("hơn", "trên", "vượt", "dưới") and approximate figures
("khoảng", "gần", "trên dưới") keep their word through arithmetic, and the arithmetic of two
bounds of the same direction is not computed; a target deadline "năm 2020" is the same deadline
as "tháng 12/2020"; a deadline passed with the figures stopping before it is "chưa có số liệu
sau thời hạn".

Verdicts (re-derived here from the data files, not read from the book): only the UN Survey
files are data ("Khớp với dữ liệu", "… sau làm tròn", "Lệch so với dữ liệu"; a rank goal is
checked at the first survey after its deadline). Domestic figures are compared with what the
*other* articles say about the same thing (same indicator and date; targets: same indicator and
deadline end, a target without deadline against all): "Các bài báo thống nhất" when an
independent article agrees (half-up tolerance, "gần" = not above, bounds = the same bound),
"Các bài báo mâu thuẫn" when another article (even a report of the same event) differs, and
"Không kiểm chứng được" otherwise: only one source, the same article again, two reports of one
event (column ``event`` of sources.csv), or a computation from the article's own figures. The
register's ids are derived the way the Method page says: ``A001-S03`` (3rd figure of A001,
ordered by date then indicator code), ``A003-M01`` (1st target of A003 in file order).

Editions: the register is the source set's, whatever the quarter (a 2020Q3 book lists the
2022 article's figures too; the quarter limits the assessments, not the sources), and lists the
claims about the book's country. A book about a country without domestic data has no domestic
chapters (the part «Chỉ tiêu trong nước» and the verification chapter), so its introduction
does not list them and their tables and charts are not looked for. A table or chart may be left
out of a chapter only when there is nothing to show (no claim of the chapter's group about the
country, portal figures of one date, no KPI or platform figure up to the quarter) and the
chapter says so instead of announcing «bảng dưới đây»; running text must not speak of what the
edition does not have (a glued «—», «giữa X và X»).

The report lists every discrepancy (class, chapter, key/table/row/column, shown, expected,
why) and every number that no rule covers ("not checked"). Exit status: 0 when there is
neither, 1 when there are discrepancies, 2 when only unchecked numbers remain.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------------------------
# Exact numbers: parsing, rounding half up, Vietnamese formatting
# --------------------------------------------------------------------------------------------


def frac(text: str | int | Fraction) -> Fraction:
    """An exact value from decimal text ("0.72665" -> 14533/20000)."""
    if isinstance(text, Fraction):
        return text
    if isinstance(text, int):
        return Fraction(text)
    return Fraction(str(text).strip())


def round_half_up(x: Fraction | int, places: int) -> Fraction:
    """Round to ``places`` decimals, halves away from zero, exactly."""
    x = Fraction(x)
    scale = 10**places
    n = abs(x) * scale
    r = (2 * n.numerator + n.denominator) // (2 * n.denominator)
    return Fraction(r if x >= 0 else -r, scale)


def _group_thousands(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return ".".join(out)


def fmt(x: Fraction | int | str, places: int = 0, sign: bool = False) -> str:
    """Vietnamese format of ``x`` rounded half up: "0,7267", "1.039", "+0,0922", "-25".

    Zero never carries a sign ("0", "0,0000").
    """
    r = round_half_up(frac(x), places)
    neg = r < 0
    a = abs(r)
    whole = a.numerator // a.denominator
    rest = a - whole
    text = _group_thousands(str(whole))
    if places:
        decimals = (rest * 10**places).numerator // (rest * 10**places).denominator
        text += "," + str(decimals).rjust(places, "0")
    if r == 0:
        return text
    if neg:
        return "-" + text
    return ("+" + text) if sign else text


def fmt_float(x: float, places: int, sign: bool = False) -> str:
    """How a float formatter would show the value (used to explain rounding errors)."""
    text = f"{x:,.{places}f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    if text.lstrip("-").strip("0,.") == "":
        return text.lstrip("-")
    if sign and not text.startswith("-"):
        text = "+" + text
    return text


def fmt_natural(x: Fraction | str) -> str:
    """A source figure in Vietnamese format with exactly the decimals it was given with."""
    f = frac(x)
    if f.denominator == 1:
        return fmt(f, 0)
    places = 0
    while (f * 10**places).denominator != 1:
        places += 1
        if places > 10:
            break
    return fmt(f, places)


def fmt_avg_rank(x: Fraction) -> str:
    return fmt(x, 0) if Fraction(x).denominator == 1 else fmt(x, 1)


def fmt_signed_half(x: Fraction) -> str:
    return fmt(x, 0, sign=True) if Fraction(x).denominator == 1 else fmt(x, 1, sign=True)


def vi_list(items: list[str]) -> str:
    """Vietnamese enumeration: "a, b và c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " và " + items[-1]


def _dec_text(x: Fraction) -> str:
    """Exact decimal text of a terminating fraction (else a float repr)."""
    for places in range(0, 12):
        if (x * 10**places).denominator == 1:
            return f"{float(x):.{places}f}" if places else str(int(x))
    return repr(float(x))


def text_of(el) -> str:
    """The text a reader sees in an element, without the provenance popups (.egv-prov)."""
    parts = [str(t) for t in el.find_all(string=True)
             if not any("egv-prov" in (a.get("class") or []) for a in t.parents
                        if hasattr(a, "get"))]
    return norm(" ".join(parts))


def norm(text: str) -> str:
    """Compare texts as the reader sees them: one kind of space and minus sign."""
    text = text.replace("\xa0", " ").replace("\u202f", " ").replace("\u2212", "-")
    return re.sub(r"\s+", " ", text).strip()


# A number as a reader sees it; digits inside identifiers (A000, M49, SHA-256, 2022Q3,
# DVC_M4_TYLE) are not numbers.
NUM_RE = re.compile(r"(?<![\w.,-])[-+−]?\d+(?:\.\d{3})*(?:,\d+)?(?![\w])")


def numbers_in(text: str) -> list[str]:
    return [m.group(0).replace("−", "-") for m in NUM_RE.finditer(norm(text))]


def parse_vi_number(text: str) -> Fraction:
    return frac(text.replace(".", "").replace(",", ".").replace("−", "-"))


def has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


# --------------------------------------------------------------------------------------------
# Ranks
# --------------------------------------------------------------------------------------------


def tie_ranks(values: dict[str, Fraction]) -> dict[str, tuple[int, Fraction, int]]:
    """Rank descending: (best rank of the tie group, average rank, worst rank)."""
    ordered = sorted(values.values(), reverse=True)
    first: dict[Fraction, int] = {}
    count: Counter[Fraction] = Counter(ordered)
    for i, v in enumerate(ordered):
        first.setdefault(v, i + 1)
    out = {}
    for key, v in values.items():
        lo = first[v]
        hi = lo + count[v] - 1
        out[key] = (lo, Fraction(lo + hi, 2), hi)
    return out


# --------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------

CLASSES = {
    "rounding": "Làm tròn / định dạng số (rounding, number format)",
    "count": "Số đếm khác số dòng của bảng (counts vs tables)",
    "explanation": "Giải thích sai (wrong explanations)",
    "scope": "So sánh khác phạm vi (cross-scope comparisons)",
    "bounds": "Cận bị coi là số chính xác (bounds treated as exact)",
    "merge": "Mục tiêu trùng thời hạn không được gộp (deadline 'năm 2020' = 'tháng 12/2020')",
    "verdict": "Kết luận kiểm chứng (verdicts)",
    "wording": "Câu chữ / mã nội bộ lộ ra cho người đọc (wording, internal tokens)",
    "country": "Tên quốc gia (country names)",
    "source": "Dữ liệu của dự án khác bài báo gốc (data files vs article text)",
    "value": "Giá trị khác (other value mismatches)",
    "structure": "Dòng thiếu/thừa, bảng/khóa không tìm thấy (structure)",
    "html": "Chữ hiển thị khác giá trị đã dán (HTML vs glued value)",
}


@dataclass
class Finding:
    cls: str
    chapter: str
    where: str
    shown: str
    expected: str
    why: str


@dataclass
class Expect:
    """What a figure should be. ``text`` may list several acceptable texts."""

    text: str | tuple[str, ...] | None
    why: str = ""
    cls: str = "value"
    exact: Fraction | None = None
    places: int | None = None
    sign: bool = False
    text_cls: str = "wording"  # class when every number agrees and only the words differ
    hidden: bool = False  # the book must not show this value (e.g. no domestic data)

    def accepts(self, shown: str) -> bool:
        if self.text is None:
            return False
        options = self.text if isinstance(self.text, tuple) else (self.text,)
        return any(norm(shown) == norm(o) for o in options)

    def first(self) -> str:
        if self.text is None:
            return "(không xác định)"
        return self.text[0] if isinstance(self.text, tuple) else self.text


def E(text, why: str = "", cls: str = "value", exact=None, places=None, sign=False,
      text_cls: str = "wording") -> Expect:
    return Expect(text, why, cls, exact, places, sign, text_cls)


def round_half_even(x: Fraction, places: int) -> Fraction:
    scale = 10**places
    n = Fraction(x) * scale
    lo = n.numerator // n.denominator
    rest = n - lo
    r = lo + (1 if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and lo % 2) else 0)
    return Fraction(r, scale)


def num(x: Fraction, places: int, why: str, sign: bool = False) -> Expect:
    """A rounded number: the expected text plus what is needed to explain a rounding slip."""
    return Expect(fmt(x, places, sign), why, "value", Fraction(x), places, sign)


class Report:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.unchecked: list[tuple[str, str, str]] = []
        self.checked = 0
        self.covered: dict[str, list[str]] = defaultdict(list)

    def add(self, cls: str, chapter: str, where: str, shown: str, expected: str, why: str):
        self.findings.append(Finding(cls, chapter, where, norm(str(shown)), norm(str(expected)),
                                     why))

    def not_checked(self, chapter: str, where: str, text: str) -> None:
        self.unchecked.append((chapter, where, norm(text)))

    def compare(self, chapter: str, where: str, shown: str, exp: Expect) -> bool:
        self.checked += 1
        if exp.accepts(shown):
            return True
        cls, why = exp.cls, exp.why
        if cls == "value" and numbers_in(shown) == numbers_in(exp.first()):
            cls = exp.text_cls
        if exp.exact is not None and exp.places is not None and cls == "value":
            as_float = fmt_float(float(exp.exact), exp.places, exp.sign)
            half_even = fmt(round_half_even(exp.exact, exp.places), exp.places, exp.sign)
            if norm(shown) == norm(half_even) and half_even != exp.first():
                cls = "rounding"
                why = (f"{why}: published {_dec_text(exp.exact)} rounds half up to "
                       f"{exp.first()}; the book rounded half to even (banker's rounding)")
            elif norm(shown) == norm(as_float):
                cls = "rounding"
                why = (f"{why}; exact value {float(exp.exact)!r} ({exp.exact}) rounds half up to "
                       f"{exp.first()}, the book shows the binary-float rounding")
            elif numbers_in(shown) and numbers_in(exp.first()) and len(numbers_in(shown)) == 1:
                try:
                    diff = abs(parse_vi_number(numbers_in(shown)[0]) - round_half_up(
                        exp.exact, exp.places))
                    if diff and diff <= Fraction(1, 10**exp.places):
                        cls = "rounding"
                except (ValueError, ZeroDivisionError):
                    pass
        self.add(cls, chapter, where, shown, exp.first(), why)
        return False


# --------------------------------------------------------------------------------------------
# Inputs: where things are
# --------------------------------------------------------------------------------------------


def find_raw_un(repo: Path = REPO) -> Path | None:
    for cand in (repo / "data" / "raw" / "un-egov", repo.parent / "shared" / "data" / "raw" /
                 "un-egov"):
        if cand.is_dir() and any(cand.glob("EGOV_DATA_*.csv")):
            return cand
    return None


def find_m49(repo: Path = REPO) -> Path | None:
    for cand in (repo / "data" / "raw" / "un-member-states-m49.csv",
                 repo.parent / "shared" / "data" / "un-member-states-m49.csv"):
        if cand.is_file():
            return cand
    return None


def find_seeds(repo: Path = REPO) -> Path | None:
    for cand in (repo / "data" / "raw" / "seeds", repo.parent / "shared" / "seeds"):
        if cand.is_dir() and any(cand.glob("00*.txt")):
            return cand
    return None


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_output_csv(path: Path) -> list[dict[str, str]]:
    """A book download: '#' comment lines, then a CSV."""
    lines = [ln for ln in path.read_text(encoding="utf-8-sig").splitlines()
             if not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


# --------------------------------------------------------------------------------------------
# UN E-Government Survey data
# --------------------------------------------------------------------------------------------

COLS = {"egdi": "E-Government Index", "epi": "E-Participation Index",
        "osi": "Online Service Index", "hci": "Human Capital Index",
        "tii": "Telecommunication Infrastructure Index"}
COMPONENTS = ("osi", "tii", "hci")
INDEX_NAME = {"osi": "Chỉ số dịch vụ trực tuyến (OSI)", "tii": "Chỉ số hạ tầng viễn thông (TII)",
              "hci": "Chỉ số nguồn nhân lực (HCI)", "epi": "Chỉ số tham gia điện tử (EPI)"}
REGION_VI = {"Africa": "Châu Phi", "Americas": "Châu Mỹ", "Asia": "Châu Á", "Europe": "Châu Âu",
             "Oceania": "Châu Đại Dương"}
SUBREGION_VI = {"central asia": "Trung Á", "eastern asia": "Đông Á",
                "south-eastern asia": "Đông Nam Á", "southern asia": "Nam Á",
                "western asia": "Tây Á"}
# Vietnamese names of the 47 Asian members as Vietnamese official usage writes them (accepted
# variants). Written here by the reviewer, not taken from the project's tables.
COUNTRY_VI = {
    "AFG": ("Afghanistan", "Áp-ga-ni-xtan"), "ARE": ("Các Tiểu vương quốc Ả Rập Thống nhất",
                                                   "Các Tiểu Vương quốc Ả Rập Thống nhất", "UAE"),
    "ARM": ("Armenia", "Ác-mê-ni-a"), "AZE": ("Azerbaijan", "A-déc-bai-gian"),
    "BGD": ("Bangladesh", "Băng-la-đét"), "BHR": ("Bahrain", "Ba-ranh"),
    "BRN": ("Brunei", "Bru-nây"), "BTN": ("Bhutan", "Bu-tan"), "CHN": ("Trung Quốc",),
    "CYP": ("Síp", "Cộng hòa Síp"), "GEO": ("Gruzia", "Gru-di-a"),
    "IDN": ("Indonesia", "In-đô-nê-xi-a"), "IND": ("Ấn Độ",), "IRN": ("Iran", "I-ran"),
    "IRQ": ("Iraq", "I-rắc"), "ISR": ("Israel", "I-xra-en"), "JOR": ("Jordan", "Gioóc-đa-ni"),
    "JPN": ("Nhật Bản",), "KAZ": ("Kazakhstan", "Ca-dắc-xtan"),
    "KGZ": ("Kyrgyzstan", "Cư-rơ-gư-xtan"),
    "KHM": ("Campuchia",), "KOR": ("Hàn Quốc",), "KWT": ("Kuwait", "Cô-oét"), "LAO": ("Lào",),
    "LBN": ("Liban", "Li-băng"), "LKA": ("Sri Lanka", "Xri Lan-ca"),
    "MDV": ("Maldives", "Man-đi-vơ"),
    "MMR": ("Myanmar", "Mi-an-ma"), "MNG": ("Mông Cổ",), "MYS": ("Malaysia", "Ma-lai-xi-a"),
    "NPL": ("Nepal", "Nê-pan"), "OMN": ("Oman", "Ô-man"), "PAK": ("Pakistan", "Pa-ki-xtan"),
    "PHL": ("Philippines", "Phi-líp-pin"), "PRK": ("Triều Tiên",), "QAT": ("Qatar", "Ca-ta"),
    "SAU": ("Ả Rập Xê-út", "Ả-rập Xê-út"), "SGP": ("Singapore", "Xin-ga-po"),
    "SYR": ("Syria", "Xy-ri"), "THA": ("Thái Lan",), "TJK": ("Tajikistan", "Tát-gi-ki-xtan"),
    "TKM": ("Turkmenistan", "Tuốc-mê-ni-xtan"), "TLS": ("Timor-Leste", "Đông Timor"),
    "TUR": ("Thổ Nhĩ Kỳ",), "UZB": ("Uzbekistan", "U-dơ-bê-ki-xtan"), "VNM": ("Việt Nam",),
    "YEM": ("Yemen", "Y-ê-men"),
}
GROUPS = (("very_high", "rất cao"), ("high", "cao"), ("middle", "trung bình"), ("low", "thấp"))


def egdi_group(x: Fraction) -> str:
    if x > Fraction(3, 4):
        return "rất cao"
    if x >= Fraction(1, 2):
        return "cao"
    if x >= Fraction(1, 4):
        return "trung bình"
    return "thấp"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def decimals_of(text: str) -> int:
    t = text.strip()
    if "." not in t:
        return 0
    return len(t.split(".", 1)[1].rstrip("0"))


@dataclass
class UNRow:
    year: int
    name: str
    iso3: str
    rank: int | None
    text: dict[str, str]
    value: dict[str, Fraction]

    @property
    def assessed(self) -> bool:
        return self.rank is not None


# Corrections to the raw M49 table, from the UN Statistics Division's M49 standard: Nauru (520)
# is in Micronesia (057), not Polynesia. The book makes the same correction.
M49_FIXES = {"NRU": {"subregion": "Micronesia"}}


class UN:
    """The 12 yearly exports, joined on the stripped country name with the M49 table."""

    def __init__(self, raw_dir: Path, m49: Path) -> None:
        self.m49 = {r["un_name"].strip(): {**r, **M49_FIXES.get(r["iso3"], {})}
                    for r in read_csv(m49)}
        self.iso = {r["iso3"]: r for r in self.m49.values()}
        self.rows: dict[int, dict[str, UNRow]] = {}
        self.sha: dict[int, tuple[str, int, int, str]] = {}
        self.anomalies: list[str] = []
        for path in sorted(raw_dir.glob("EGOV_DATA_*.csv")):
            year = int(path.stem.rsplit("_", 1)[1])
            raw = path.read_bytes()
            rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
            self.sha[year] = (hashlib.sha256(raw).hexdigest(), len(raw), len(rows), path.name)
            table = {}
            for r in rows:
                name = r["Country Name"].strip()
                meta = self.m49.get(name)
                if meta is None:
                    self.anomalies.append(f"{year}: {name!r} not in the M49 table")
                    continue
                rank_text = r["E-Government Rank"].strip()
                text = {k: r[c].strip() for k, c in COLS.items()}
                value = {k: frac(v) for k, v in text.items()}
                rank = int(rank_text) if rank_text else None
                if rank is None and any(value.values()):
                    self.anomalies.append(f"{year}: {name} has no rank but non-zero indices")
                table[meta["iso3"]] = UNRow(year, name, meta["iso3"], rank, text, value)
            self.rows[year] = table
        self.years = sorted(self.rows)
        self._ranks: dict[tuple[int, str], dict[str, tuple[int, Fraction, int]]] = {}

    # -- membership -------------------------------------------------------------------------
    def region(self, iso: str) -> str:
        return self.iso[iso]["region"]

    def subregion(self, iso: str) -> str:
        return self.iso[iso]["subregion"]

    def scope(self, kind: str, iso: str) -> set[str]:
        if kind == "world":
            return set(self.iso)
        key = "region" if kind == "region" else "subregion"
        return {i for i, r in self.iso.items() if r[key] == self.iso[iso][key]}

    def assessed(self, year: int, members: Iterable[str] | None = None) -> list[UNRow]:
        rows = self.rows[year]
        keys = rows.keys() if members is None else [m for m in members if m in rows]
        return [rows[k] for k in keys if rows[k].assessed]

    # -- values -----------------------------------------------------------------------------
    def get(self, year: int, iso: str) -> UNRow | None:
        row = self.rows.get(year, {}).get(iso)
        return row if row is not None and row.assessed else None

    def mean(self, year: int, members: Iterable[str] | None, col: str = "egdi") -> Fraction:
        vals = [r.value[col] for r in self.assessed(year, members)]
        return sum(vals, Fraction(0)) / len(vals)

    def scope_rank(self, year: int, iso: str, members: Iterable[str]) -> tuple[int, int]:
        rows = self.assessed(year, members)
        me = self.rows[year][iso].rank
        return 1 + sum(1 for r in rows if r.rank < me), len(rows)

    def scope_order(self, year: int, members: Iterable[str]) -> list[UNRow]:
        return sorted(self.assessed(year, members), key=lambda r: (r.rank, r.name))

    def sub_ranks(self, year: int, col: str) -> dict[str, tuple[int, Fraction, int]]:
        key = (year, col)
        if key not in self._ranks:
            self._ranks[key] = tie_ranks({r.iso3: r.value[col] for r in self.assessed(year)})
        return self._ranks[key]

    def precision(self, year: int, col: str) -> int:
        return max(decimals_of(r.text[col]) for r in self.assessed(year))

    def country_years(self, iso: str, until: int) -> list[int]:
        return [y for y in self.years if y <= until and self.get(y, iso) is not None]


# --------------------------------------------------------------------------------------------
# Domestic data: articles, observations, targets, claims
# --------------------------------------------------------------------------------------------


def month_end(y: int, m: int) -> date:
    return (date(y + m // 12, m % 12 + 1, 1)) - timedelta(days=1)


def date_end(text: str) -> date | None:
    """Last day a date text covers: '2020' -> 31/12/2020, '2020-10' -> 31/10/2020."""
    t = (text or "").strip()
    if not t:
        return None
    parts = [int(p) for p in t.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return month_end(parts[0], parts[1])
    return date(*parts)


def date_vi(text: str) -> str:
    parts = text.split("-")
    if len(parts) == 1:
        return f"năm {parts[0]}"
    if len(parts) == 2:
        return f"tháng {parts[1]}/{parts[0]}"
    return f"{parts[2]}/{parts[1]}/{parts[0]}"


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_key(q: str) -> tuple[int, int]:
    return int(q[:4]), int(q[-1])


def quarter_vi(q: str) -> str:
    y, n = quarter_key(q)
    return f"quý {ROMAN[n]}/{y}"


def quarter_end(q: str) -> date:
    y, n = quarter_key(q)
    return month_end(y, 3 * n)


def quarters_between(a: str, b: str) -> list[str]:
    """Quarters strictly between a and b."""
    out = []
    y, n = quarter_key(a)
    while True:
        n += 1
        if n == 5:
            y, n = y + 1, 1
        q = f"{y}Q{n}"
        if quarter_key(q) >= quarter_key(b):
            return out
        out.append(q)


@dataclass
class Obs:
    file: str
    indicator: str
    date: str
    quarter: str
    value: Fraction
    qualifier: str
    numerator: str
    denominator: str
    scope_note: str
    source: str
    quote: str
    raw: str = ""
    scope: str = ""  # measurement scope (column ``scope``); two scopes are never compared

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
    legal: str
    source: str
    quote: str
    note: str

    @property
    def end(self) -> date | None:
        return date_end(self.deadline)


# Target statuses in the words of the method page ("Đánh giá"): a deadline that passed with the
# figures stopping before it is "chưa có số liệu sau thời hạn", never "quá hạn, chưa đạt".
STATUS_VI = {
    "met": "Đã đạt", "on_track": "Đúng tiến độ", "off_track": "Chậm tiến độ",
    "overdue": "Quá hạn, chưa đạt",
    "no_trend": "Chưa đạt, chưa đủ số liệu để xét xu hướng", "no_data": "Chưa có số liệu",
    "no_data_after": "Chưa có số liệu sau thời hạn",
    "no_value": "Nguồn không nêu mức mục tiêu",
}
# The six verdicts of the method page. Only the UN Survey files are data; articles agree or
# contradict each other; an article compared with itself (or two reports of one event) verifies
# nothing.
VERDICT_VI = {"match": "Khớp với dữ liệu", "match_rounded": "Khớp với dữ liệu sau làm tròn",
              "differs": "Lệch so với dữ liệu", "agree": "Các bài báo thống nhất",
              "conflict": "Các bài báo mâu thuẫn", "uncheckable": "Không kiểm chứng được"}
LOWER = {"trên", "hơn", "vượt"}
APPROX = {"khoảng", "gần", "trên dưới"}


# Claim kinds about the domestic data (the rest are about the UN Survey).
DOMESTIC_KINDS = ("observation", "ratio", "share_consistency", "sum", "text")


def has_domestic(dom: Domestic, country: str) -> bool:
    """The quarterly files, targets and articles are one country's: the country the domestic
    claims are about. Other countries' books have no domestic chapters or findings."""
    return bool(dom.obs) and country in {r["country"] for r in dom.claims
                                         if r["kind"] in DOMESTIC_KINDS}


class Domestic:
    def __init__(self, repo: Path, seeds: Path | None) -> None:
        data = repo / "data"
        self.indicators = {r["code"]: r for r in read_csv(data / "domestic" / "indicators.csv")}
        self.sources = {r["source_id"]: r for r in read_csv(data / "sources.csv")}
        self.claims = read_csv(data / "claims.csv")
        self.cntt = read_csv(data / "domestic" / "cntt_2019.csv")
        self.obs: list[Obs] = []
        for path in sorted((data / "quarterly").glob("*.csv")):
            for r in read_csv(path):
                self.obs.append(Obs(path.name, r["indicator"], r["date"], r["quarter"],
                                    frac(r["value"]), r["qualifier"], r["numerator"],
                                    r["denominator"], r["scope_note"], r["source_id"],
                                    r["quote"], r["value"].strip(),
                                    (r.get("scope") or "").strip()))
        self.targets = [Target(r["target_id"], r["indicator"], r["comparator"],
                               frac(r["value"]) if r["value"].strip() else None, r["deadline"],
                               r["legal_basis"], r["source_id"], r["quote"], r["note"])
                        for r in read_csv(data / "domestic" / "targets.csv")]
        self.articles: dict[str, str] = {}
        if seeds is not None:
            for sid, src in self.sources.items():
                if src.get("file") and (seeds / src["file"]).is_file():
                    self.articles[sid] = (seeds / src["file"]).read_text(encoding="utf-8")

    # -- observations -----------------------------------------------------------------------
    def upto(self, quarter: str) -> list[Obs]:
        return [o for o in self.obs if quarter_key(o.quarter) <= quarter_key(quarter)]

    def of(self, indicator: str, quarter: str, as_of: date | None = None) -> list[Obs]:
        out = [o for o in self.upto(quarter) if o.indicator == indicator]
        if as_of is not None:
            out = [o for o in out if o.end <= as_of]
        return sorted(out, key=lambda o: o.end)

    def by_ref(self, ref: str) -> Obs | None:
        ind, _, day = ref.partition("@")
        for o in self.obs:
            if o.indicator == ind and o.date == day:
                return o
        return None

    def unit(self, indicator: str) -> str:
        return self.indicators[indicator]["unit"]

    def name(self, indicator: str) -> str:
        return self.indicators[indicator]["name_vi"]

    def show(self, o: Obs | None = None, *, value=None, qualifier="", indicator="") -> str:
        """A figure as the book should print it: qualifier kept, unit, Vietnamese format."""
        if o is not None:
            value, qualifier, indicator = o.value, o.qualifier, o.indicator
        text = fmt_natural(value)
        if self.unit(indicator) == "percent":
            text += " %"
        return f"{qualifier} {text}".strip()

    # -- targets ----------------------------------------------------------------------------
    def target_groups(self) -> list[list[Target]]:
        """Targets that are the same target (indicator, comparator, value, deadline END)."""
        groups: dict[tuple, list[Target]] = {}
        for t in self.targets:
            key = (t.indicator, t.comparator, t.value, t.end)
            groups.setdefault(key, []).append(t)
        return list(groups.values())

    def same_event(self, a: str, b: str) -> bool:
        """Two articles reporting one event (column ``event`` of sources.csv)."""
        ea = (self.sources.get(a, {}).get("event") or "").strip()
        return a != b and bool(ea) and ea == (self.sources.get(b, {}).get("event") or "").strip()

    def status(self, t: Target, quarter: str, as_of: date) -> str:
        obs = self.of(t.indicator, quarter, as_of)
        if not obs:
            return "no_data"
        if t.value is None:
            return "no_value"
        end = t.end
        if end is not None and end < as_of:
            if self.meets(obs[-1], t) or any(self.meets(o, t) for o in obs if o.end <= end):
                return "met"
            # Overdue needs a figure at or after the deadline showing it was not reached; when
            # the figures stop before the deadline the data say nothing about it.
            if any(o.end >= end for o in obs):
                return "overdue"
            return "no_data_after"
        last = obs[-1]
        if self.meets(last, t):
            return "met"
        if end is None or len(obs) < 2:
            return "no_trend"
        a, b = obs[-2], obs[-1]
        days = (b.end - a.end).days
        if days <= 0:
            return "no_trend"
        slope = (b.value - a.value) / days
        projected = b.value + slope * (end - b.end).days
        return "on_track" if projected >= t.value else "off_track"

    @staticmethod
    def meets(o: Obs, t: Target) -> bool:
        if t.value is None:
            return False
        if o.qualifier == "dưới":  # "below X": never shown to reach a target
            return False
        return o.value >= t.value


# --------------------------------------------------------------------------------------------
# The built book: HTML pages, glued values, downloads
# --------------------------------------------------------------------------------------------


@dataclass
class Table:
    tid: str
    chapter: str
    number: str
    headers: list[str]
    rows: list[list[str]]
    checked: set[tuple[int, int]] = field(default_factory=set)

    def col(self, name: str) -> int:
        for i, h in enumerate(self.headers):
            if norm(h) == norm(name):
                return i
        for i, h in enumerate(self.headers):
            if norm(h).startswith(norm(name)):
                return i
        raise KeyError(f"{self.tid}: no column {name!r} in {self.headers}")


@dataclass
class Page:
    stem: str
    path: Path
    soup: object
    article: object
    tables: dict[str, Table]
    spans: list[tuple[str | None, str]]  # (key or None, text) of glued values, in order


def load_pages(html_dir: Path) -> dict[str, Page]:
    from bs4 import BeautifulSoup

    pages = {}
    files = list(html_dir.glob("notebooks/*.html")) + list(html_dir.glob("book/*.html"))
    for path in sorted(files):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article") or soup
        tables = {}
        for i, t in enumerate(article.find_all("table")):
            tid = t.get("id") or f"(bảng không có id #{i + 1})"
            cap_num = t.find(class_="caption-number")
            headers = [norm(th.get_text(" ")) for th in t.find("thead").find_all("th")] \
                if t.find("thead") else []
            body = t.find("tbody") or t
            rows = [[norm(td.get_text(" ")) for td in tr.find_all(["td", "th"])]
                    for tr in body.find_all("tr")]
            tables[tid] = Table(tid, path.stem, norm(cap_num.get_text()) if cap_num else "",
                                headers, rows)
        spans = []
        for s in article.find_all("span"):
            classes = s.get("class") or []
            if "egv-value" in classes:
                # The figure itself; the provenance popup beside it is not part of the number.
                shown = s.select_one(".pasted-text") or s
                spans.append((s.get("data-key"), norm(shown.get_text())))
            elif "pasted-text" in classes and not s.find_parent(class_="egv-value"):
                spans.append((None, norm(s.get_text())))
        pages[path.stem] = Page(path.stem, path, soup, article, tables, spans)
    return pages


def load_glue(html_dir: Path, stage: Path | None) -> tuple[dict[str, dict[str, str]],
                                                           dict[str, dict[str, str]], str]:
    """Glued key -> text per chapter (and key -> exact when the registry gives it)."""
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    exact: dict[str, dict[str, str]] = defaultdict(dict)
    registry = html_dir / "values.json"
    if registry.is_file():
        data = json.loads(registry.read_text(encoding="utf-8"))
        for v in data.get("values", []):
            chapter = v.get("chapter") or v["key"].split("::", 1)[0]
            name = v.get("name") or v["key"].split("::", 1)[1]
            texts[chapter][name] = v.get("text", "")
            if v.get("exact") not in (None, ""):
                exact[chapter][name] = str(v["exact"])
        return texts, exact, str(registry)
    folder = stage_notebooks(stage)
    if folder is None:
        return texts, exact, "(none)"
    for nb_path in sorted(folder.glob("*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            for out in cell.get("outputs", []):
                meta = out.get("metadata", {}).get("scrapbook")
                if not meta:
                    continue
                prefix = meta.get("mime_prefix", "")
                raw = out.get("data", {}).get(prefix + "text/plain")
                if raw is None:
                    raw = out.get("data", {}).get("text/plain", "")
                raw = "".join(raw) if isinstance(raw, list) else raw
                try:
                    value = ast.literal_eval(raw)
                except (ValueError, SyntaxError):
                    value = raw
                texts[nb_path.stem][meta["name"]] = str(value)
    return texts, exact, str(folder)


def stage_notebooks(stage: Path | None) -> Path | None:
    if stage is None:
        return None
    for cand in (stage / "notebooks", stage):
        if cand.is_dir() and any(cand.glob("*.ipynb")):
            return cand
    return None


GLUE_REF = re.compile(r"\{glue(?::text)?\}`([^`]+)`")


def glue_refs(html_dir: Path, stage: Path | None, stem: str) -> list[tuple[str, str]]:
    """(chapter, key) of each glue reference in a page's source, in reading order."""
    src = None
    folder = stage_notebooks(stage)
    if folder is not None and (folder / f"{stem}.ipynb").is_file():
        nb = json.loads((folder / f"{stem}.ipynb").read_text(encoding="utf-8"))
        src = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    else:
        for cand in (REPO / "book" / f"{stem}.md", REPO / "notebooks" / f"{stem}.ipynb"):
            if cand.is_file():
                if cand.suffix == ".md":
                    src = cand.read_text(encoding="utf-8")
                else:
                    nb = json.loads(cand.read_text(encoding="utf-8"))
                    src = "\n".join("".join(c["source"]) for c in nb["cells"]
                                    if c["cell_type"] == "markdown")
                break
    if src is None:
        return []
    out = []
    for m in GLUE_REF.finditer(src):
        ref = m.group(1)
        chapter = stem
        if "::" in ref:
            nb_ref, ref = ref.split("::", 1)
            chapter = Path(nb_ref).stem
        out.append((chapter, ref.split(":", 1)[0]))
    return out


def find_download(html_dir: Path, stage: Path | None, name: str) -> Path | None:
    hits = sorted(html_dir.glob(f"_downloads/*/{name}")) + sorted(
        html_dir.glob(f"**/_outputs/{name}"))
    if hits:
        return hits[0]
    folder = stage_notebooks(stage)
    if folder is not None and (folder / "_outputs" / name).is_file():
        return folder / "_outputs" / name
    return None


# --------------------------------------------------------------------------------------------
# Context: parameters plus derived figures shared by several chapters
# --------------------------------------------------------------------------------------------


class Ctx:
    def __init__(self, un: UN, dom: Domestic, country: str, year: int, quarter: str,
                 report: Report) -> None:
        self.un, self.dom, self.report = un, dom, report
        self.country, self.year, self.quarter = country, year, quarter
        self.as_of = quarter_end(quarter)
        self.project_names = {r["iso3"]: r for r in read_csv(REPO / "data" / "countries.csv")}
        self.verified: set[int] = set()  # ids of HTML elements whose numbers a rule checked
        self.domestic = has_domestic(dom, country)
        self.glue: dict[str, dict[str, str]] = {}

    # -- names ------------------------------------------------------------------------------
    def name(self, iso: str) -> tuple[str, ...]:
        if iso in COUNTRY_VI:
            return COUNTRY_VI[iso]
        return (self.project_names[iso]["name_vi"],)  # outside Asia: the project's own table

    def region_vi(self) -> str:
        return REGION_VI[self.un.region(self.country)]

    def subregion_vi(self) -> str:
        sub = self.un.subregion(self.country)
        return SUBREGION_VI.get(sub.lower()) or self.project_names[self.country]["subregion_vi"]

    # -- UN helpers -------------------------------------------------------------------------
    def row(self, year: int | None = None) -> UNRow:
        return self.un.get(self.year if year is None else year, self.country)

    def years(self) -> list[int]:
        return self.un.country_years(self.country, self.year)

    def prev_year(self, year: int | None = None) -> int | None:
        year = self.year if year is None else year
        earlier = [y for y in self.years() if y < year]
        return earlier[-1] if earlier else None

    def members(self, kind: str) -> set[str]:
        return self.un.scope(kind, self.country)

    def rank_text(self, year: int, kind: str) -> str:
        if kind == "world":
            return f"{self.row(year).rank}/{len(self.un.assessed(year))}"
        pos, n = self.un.scope_rank(year, self.country, self.members(kind))
        return f"{pos}/{n}"

    def sub_rank(self, year: int, col: str) -> tuple[int, Fraction, int]:
        return self.un.sub_ranks(year, col)[self.country]

    def tie_cases(self) -> list[dict]:
        """Every (index, year) where the country's rank or rank change depends on the tie rule."""
        out = []
        for col in ("osi", "tii", "hci", "epi"):
            prev = None
            for y in self.years():
                lo, avg, hi = self.sub_rank(y, col)
                values = self.un.sub_ranks(y, col)
                mine = self.row(y).value[col]
                tied = sum(1 for r in self.un.assessed(y) if r.value[col] == mine) - 1
                change = None
                if prev is not None:
                    change = (prev[0] - lo, prev[1] - avg, prev[2] - hi)
                differs_rank = lo != hi
                differs_change = change is not None and len(set(change)) > 1
                if differs_rank or differs_change:
                    out.append({"index": col, "year": y, "tied": tied, "ranks": (lo, avg, hi),
                                "change": change, "differs_change": differs_change})
                prev = (lo, avg, hi)
                del values
        return out

    def residual(self, year: int) -> tuple[Fraction, Fraction]:
        """EGDI minus the mean of its published components, and what rounding can explain."""
        r = self.row(year)
        res = r.value["egdi"] - sum((r.value[c] for c in COMPONENTS), Fraction(0)) / 3
        half = lambda col: Fraction(1, 2 * 10 ** self.un.precision(year, col))  # noqa: E731
        bound = half("egdi") + sum((half(c) for c in COMPONENTS), Fraction(0)) / 3
        return res, bound

    # -- domestic helpers -------------------------------------------------------------------
    def data_quarters(self) -> list[str]:
        return sorted({o.quarter for o in self.dom.upto(self.quarter)}, key=quarter_key)

    def prev_quarter(self) -> str | None:
        qs = [q for q in self.data_quarters() if quarter_key(q) < quarter_key(self.quarter)]
        return qs[-1] if qs else None

    def groups(self) -> list[list[Target]]:
        return self.dom.target_groups()

    def group_status(self, group: list[Target], quarter: str | None = None) -> str:
        q = quarter or self.quarter
        return self.dom.status(group[0], q, quarter_end(q))

    def group_sources(self, group: list[Target]) -> list[str]:
        out: list[str] = []
        for t in group:
            if t.source not in out:
                out.append(t.source)
        return out


def rank_change_text(before: int, after: int) -> str:
    d = before - after
    if d > 0:
        return f"tăng {d} bậc"
    if d < 0:
        return f"giảm {-d} bậc"
    return "giữ nguyên thứ hạng"


# --------------------------------------------------------------------------------------------
# Rules for glued values: chapter -> key -> (what the figure means, how to recompute it)
# --------------------------------------------------------------------------------------------

Rule = Callable[[Ctx], Expect]


def _egdi(c: Ctx, year: int | None = None) -> Fraction:
    return c.row(year).value["egdi"]


def _best_worst(c: Ctx, worst: bool) -> tuple[int, tuple[str, ...]]:
    ranks = {y: c.row(y).rank for y in c.years()}
    target = max(ranks.values()) if worst else min(ranks.values())
    return target, tuple(str(y) for y, r in ranks.items() if r == target)


def _first_in_group(c: Ctx) -> str:
    group = egdi_group(_egdi(c))
    return str(min(y for y in c.years() if egdi_group(_egdi(c, y)) == group))


def _mean(c: Ctx, kind: str, year: int | None = None, col: str = "egdi") -> Fraction:
    y = c.year if year is None else year
    return c.un.mean(y, None if kind == "world" else c.members(kind), col)


def _n_scope(c: Ctx, kind: str) -> int:
    return len(c.un.assessed(c.year, c.members(kind)))


def _component_extreme(c: Ctx, highest: bool) -> Expect:
    vals = {k: c.row().value[k] for k in COMPONENTS}
    best = max(vals.values()) if highest else min(vals.values())
    return E(tuple(INDEX_NAME[k] for k, v in vals.items() if v == best),
             "component of EGDI (OSI, TII, HCI) with the " + ("highest" if highest else "lowest")
             + " published value in the survey year")


def _sub_rank_text(c: Ctx, col: str) -> Expect:
    lo = c.sub_rank(c.year, col)[0]
    return E(f"{lo}/{len(c.un.assessed(c.year))}",
             f"{col.upper()} rank among assessed members, ties share the better rank")


def _sub_change(c: Ctx, col: str) -> Expect:
    return E(rank_change_text(c.sub_rank(c.prev_year(), col)[0], c.sub_rank(c.year, col)[0]),
             f"{col.upper()} rank change since the previous survey (ties share the better rank)")


def _contributions(c: Ctx, a: int, b: int) -> dict[str, Fraction]:
    ra, rb = c.row(a), c.row(b)
    return {k: (rb.value[k] - ra.value[k]) / 3 for k in COMPONENTS}


def _main_component(c: Ctx) -> tuple[tuple[str, ...], Fraction]:
    contrib = _contributions(c, c.prev_year(), c.year)
    top = max(abs(v) for v in contrib.values())
    keys = tuple(k for k, v in contrib.items() if abs(v) == top)
    return keys, contrib[keys[0]]


def _scope_leader(c: Ctx, kind: str) -> list[UNRow]:
    order = c.un.scope_order(c.year, c.members(kind))
    return [r for r in order if r.rank == order[0].rank]


def _next_above(c: Ctx, kind: str) -> Expect:
    order = c.un.scope_order(c.year, c.members(kind))
    me = next(i for i, r in enumerate(order) if r.iso3 == c.country)
    if me == 0:
        return E(None, "the country leads its scope: no 'next above' sentence can be derived")
    above = order[me - 1]
    gap = above.value["egdi"] - _egdi(c)
    return E(tuple(f"quốc gia xếp ngay trên là {n} (EGDI {fmt(above.value['egdi'], 4)}), cách "
                   f"{fmt(gap, 4)} điểm" for n in c.name(above.iso3)),
             f"member ranked just above in the {kind} by published rank ({above.name}, "
             "Vietnamese name); its EGDI and the gap, each rounded half up", cls="value",
             text_cls="country")


def _names(c: Ctx, rows: list[UNRow]) -> tuple[str, ...]:
    return tuple(n for r in rows for n in c.name(r.iso3))


def _obs_quarters(c: Ctx) -> list[str]:
    return c.data_quarters()


def _missing_quarters(c: Ctx) -> list[str]:
    qs = c.data_quarters()
    gap = [q for q in [qs[0], *quarters_between(qs[0], qs[-1]), qs[-1]] if q not in qs]
    return gap


def _conflicts(c: Ctx) -> str:
    parts = []
    by_ind: dict[str, list[list[Target]]] = defaultdict(list)
    for g in c.groups():
        by_ind[g[0].indicator].append(g)
    for ind, groups in by_ind.items():
        if len(groups) < 2:
            continue
        values = sorted({g[0].value for g in groups if g[0].value is not None})
        ends = sorted({g[0].end for g in groups if g[0].end is not None})
        label = c.dom.name(ind)
        label = label[:1].lower() + label[1:]
        unit = " %" if c.dom.unit(ind) == "percent" else ""
        if len(values) > 1:
            parts.append(f"{label}: mục tiêu " + " hay ".join(fmt_natural(v) + unit
                                                                for v in values))
        elif len(ends) > 1:
            parts.append(f"{label}: thời hạn " + " hay ".join(d.strftime("%d/%m/%Y")
                                                               for d in ends))
    return "; ".join(parts)


def _status_changes(c: Ctx) -> list[tuple[list[Target], str, str]]:
    prev = c.prev_quarter()
    out = []
    for g in c.groups():
        before, after = c.group_status(g, prev), c.group_status(g)
        if before != after:
            out.append((g, before, after))
    return out


# The book's mark for a value it does not have (a table cell, a glued value with no data).
MISSING = "—"


def _group_obs(c: Ctx, group: str) -> list[Obs]:
    """Figures up to the quarter of one group of indicators (catalogue column ``group``)."""
    codes = {k for k, v in c.dom.indicators.items() if v["group"] == group}
    return [o for o in c.dom.upto(c.quarter) if o.indicator in codes]


def _portal_days(c: Ctx) -> list[date]:
    """The dates of the National Public Service Portal figures up to the quarter."""
    return sorted({o.end for o in _group_obs(c, "cong_dvcqg")})


def _first_portal_date(c: Ctx, last: bool) -> str:
    days = _portal_days(c)
    if not days:
        return MISSING
    return (days[-1] if last else days[0]).strftime("%d/%m/%Y")


def _kpi_when(c: Ctx) -> str:
    """Date of the latest digital-transformation KPIs up to the quarter (none: «—»)."""
    days = sorted({o.end for o in _group_obs(c, "cds_kpi")})
    return days[-1].strftime("%d/%m/%Y") if days else MISSING



def _portal_date(c: Ctx, last: bool) -> Expect:
    """Two portal dates are compared; with fewer there is no first and last date to glue."""
    if len(_portal_days(c)) < 2:
        return Expect(None, "fewer than two portal dates: nothing compared", hidden=True)
    return E(_first_portal_date(c, last))


def _kpi_when_glue(c: Ctx) -> Expect:
    if _kpi_when(c) == MISSING:
        return Expect(None, "no KPI figure up to the quarter", hidden=True)
    return E(_kpi_when(c))


def _portal_intro(c: Ctx) -> Expect:
    """Chapter 5 opens with what the edition has: portal figures of two dates (compared) or of
    one, the KPIs' date, platform figures; or that there is none of these."""
    days = [d.strftime("%d/%m/%Y") for d in _portal_days(c)]
    parts = []
    if len(days) >= 2:
        parts.append(f"so sánh các số liệu về Cổng Dịch vụ công quốc gia giữa {days[0]} và "
                     f"{days[-1]}")
    elif days:
        parts.append("nêu số liệu về Cổng Dịch vụ công quốc gia ở thời điểm duy nhất có số "
                     f"liệu, {days[0]}")
    if _kpi_when(c) != MISSING:
        parts.append(f"đặt các chỉ tiêu chuyển đổi số của kỳ {_kpi_when(c)} cạnh kế hoạch")
    if _platform_rows(c):
        parts.append("tổng hợp số liệu về nền tảng số quốc gia và phê duyệt cấp độ an toàn hệ "
                     "thống thông tin")
    q = quarter_vi(c.quarter)
    text = (f"Chương này {vi_list(parts)}, với số liệu có đến hết {q}." if parts else
            f"Đến hết {q} chưa có số liệu nào về Cổng Dịch vụ công quốc gia và các chỉ tiêu "
            "chuyển đổi số.")
    return E(text, "portal dates up to the quarter (two compared, one stated), the latest KPI "
             "date, platform figures up to the quarter", cls="scope")


def _bad_residual_years(c: Ctx) -> list[int]:
    return [y for y in c.years() if abs(c.residual(y)[0]) > c.residual(y)[1]]


def _residual_text(c: Ctx) -> Expect:
    bad = _bad_residual_years(c)
    if not bad:
        return E(None, "no survey where the residual exceeds rounding")
    items = [f"{y} ({fmt(c.residual(y)[0], 4, sign=True)})" for y in bad]
    text = ("Ở kỳ " + vi_list(items) + ", EGDI công bố khác trung bình ba chỉ số thành phần "
            "công bố nhiều hơn mức làm tròn có thể gây ra, nên phần dư của các giai đoạn có các "
            "kỳ này không phải do làm tròn; dữ liệu công bố không cho biết nguyên nhân.")
    return E(text, "EGDI minus the mean of the published OSI, TII, HCI, beyond half a unit of "
             "the last decimal the Survey uses (EGDI and components), rounded half up",
             cls="explanation")


FRAGILE_DISTANCE = Fraction(2, 100)


def _fragile_counts(c: Ctx, distance: Fraction = FRAGILE_DISTANCE) -> dict[str, int]:
    out = {}
    for k in ("osi", "tii", "hci", "epi"):
        mine = c.row().value[k]
        out[k] = sum(1 for r in c.un.assessed(c.year)
                     if r.iso3 != c.country and abs(r.value[k] - mine) <= distance)
    return out


# A rank is called fragile from this many close members on: the book's stated rule. When the
# paragraph states a number, that number is the rule it must then follow.
FRAGILE_MIN = 10
FRAGILE_MIN_RE = re.compile(r"từ (\d+) quốc gia trở lên")


def _fragile_min(c: Ctx) -> int:
    m = FRAGILE_MIN_RE.search(c.glue.get("02_chi_so_thanh_phan", {}).get("fragile_text", ""))
    return int(m.group(1)) if m else FRAGILE_MIN


def fragile_sentence(name: str, counts: dict[str, int], minimum: int) -> str:
    """Close members for every index the chapter ranks (zero included); the second sentence
    names exactly the indices with at least ``minimum`` of them, and is absent when none has."""
    text = (f"Số quốc gia khác có giá trị cách giá trị của {name} không quá "
            f"{fmt(FRAGILE_DISTANCE, 2)}: "
            + vi_list([f"{k.upper()} {n}" for k, n in counts.items()]) + ".")
    fragile = [k.upper() for k, n in counts.items() if n >= minimum]
    if fragile:
        text += (f" Khi có từ {minimum} quốc gia trở lên trong khoảng này (ở {vi_list(fragile)}), "
                 "thứ hạng tính lại dễ biến động: một thay đổi rất nhỏ của giá trị có thể làm "
                 "thứ hạng đổi nhiều bậc.")
    return text


def _fragile_text(c: Ctx) -> Expect:
    counts, minimum = _fragile_counts(c), _fragile_min(c)
    return E(tuple(fragile_sentence(n, counts, minimum) for n in c.name(c.country)),
             "members (other than the country) within 0,02 of its value for OSI, TII, HCI and "
             f"EPI; the indices named as fragile are exactly those with at least {minimum} "
             "(the threshold the paragraph states)", cls="explanation")

GLUE_RULES: dict[str, dict[str, tuple[str, Rule]]] = {
    "01_tong_quan_egdi": {
        "name": ("country name in Vietnamese", lambda c: E(c.name(c.country))),
        "year": ("survey year (parameter)", lambda c: E(str(c.year))),
        "first_year": ("first survey year with the country assessed",
                       lambda c: E(str(c.years()[0]))),
        "n_surveys": ("number of surveys up to the year with the country assessed",
                      lambda c: E(str(len(c.years())))),
        "region": ("M49 region of the country", lambda c: E(c.region_vi())),
        "subregion": ("M49 sub-region of the country", lambda c: E(c.subregion_vi())),
        "egdi": ("EGDI, published value rounded half up to 4 decimals",
                 lambda c: num(_egdi(c), 4, "EGDI of the year")),
        "rank": ("published EGDI rank / number of assessed members",
                 lambda c: E(c.rank_text(c.year, "world"))),
        "rank_region": ("position in the region by published rank / assessed region members",
                        lambda c: E(c.rank_text(c.year, "region"))),
        "rank_subregion": ("position in the sub-region by published rank / assessed members",
                           lambda c: E(c.rank_text(c.year, "subregion"))),
        "level": ("EGDI group (>0.75 very high, 0.50-0.75 high, 0.25-0.50 middle, <0.25 low)",
                  lambda c: E(egdi_group(_egdi(c)))),
        "first_level_year": ("first survey in which the country was in this year's group",
                             lambda c: E(_first_in_group(c))),
        "prev_year": ("previous survey year", lambda c: E(str(c.prev_year()))),
        "rank_change": ("published rank change since the previous survey",
                        lambda c: E(rank_change_text(c.row(c.prev_year()).rank, c.row().rank))),
        "egdi_change": ("EGDI change since the previous survey (exact difference, half up)",
                        lambda c: num(_egdi(c) - _egdi(c, c.prev_year()), 4, "EGDI change",
                                      sign=True)),
        "best_rank": ("best published rank over the surveys",
                      lambda c: E(str(_best_worst(c, False)[0]))),
        "best_year": ("survey of the best rank", lambda c: E(_best_worst(c, False)[1])),
        "worst_rank": ("worst published rank over the surveys",
                       lambda c: E(str(_best_worst(c, True)[0]))),
        "worst_year": ("survey of the worst rank", lambda c: E(_best_worst(c, True)[1])),
        "egdi_first": ("EGDI in the first survey",
                       lambda c: num(_egdi(c, c.years()[0]), 4, "first EGDI")),
        "avg_world": ("unweighted mean EGDI of assessed members",
                      lambda c: num(_mean(c, "world"), 4, "world mean")),
        "avg_region": ("unweighted mean EGDI of assessed region members",
                       lambda c: num(_mean(c, "region"), 4, "region mean")),
        "avg_subregion": ("unweighted mean EGDI of assessed sub-region members",
                          lambda c: num(_mean(c, "subregion"), 4, "sub-region mean")),
        "diff_world": ("EGDI minus world mean (exact, then half up)",
                       lambda c: num(_egdi(c) - _mean(c, "world"), 4, "gap to world mean", True)),
        "diff_region": ("EGDI minus region mean",
                        lambda c: num(_egdi(c) - _mean(c, "region"), 4, "gap to region mean",
                                      True)),
        "diff_subregion": ("EGDI minus sub-region mean",
                           lambda c: num(_egdi(c) - _mean(c, "subregion"), 4,
                                         "gap to sub-region mean", True)),
        "n_region": ("members of the region with a value", lambda c: E(str(_n_scope(c, "region")))),
        "n_subregion": ("members of the sub-region with a value",
                        lambda c: E(str(_n_scope(c, "subregion")))),
        "t_very_high": ("lower bound of the very high group", lambda c: E("0,75")),
        "t_high": ("lower bound of the high group", lambda c: E("0,50")),
        "t_middle": ("lower bound of the middle group", lambda c: E("0,25")),
        "t_low": ("lower bound of the low group", lambda c: E("0,00")),
    },
    "02_chi_so_thanh_phan": {
        "name": ("country name", lambda c: E(c.name(c.country))),
        "year": ("survey year", lambda c: E(str(c.year))),
        "prev_year": ("previous survey year", lambda c: E(str(c.prev_year()))),
        "strongest": ("highest of OSI/TII/HCI", lambda c: _component_extreme(c, True)),
        "weakest": ("lowest of OSI/TII/HCI", lambda c: _component_extreme(c, False)),
        "n_tie_cases": ("cases where the rank or the rank change depends on the tie rule = rows "
                        "of tbl-dong-hang", lambda c: E(str(len(c.tie_cases())),
                                                        "count of tie-dependent cases",
                                                        cls="count")),
        "residual_text": ("surveys where the published EGDI differs from the mean of its "
                          "published components by more than rounding can explain",
                          lambda c: _residual_text(c)),
        "fragile_text": ("recomputed ranks with many members within a small distance",
                         lambda c: _fragile_text(c)),
        "n_tie_changes": ("cases where the rank CHANGE differs between tie rules (rows of "
                          "tbl-dong-hang whose change column differs)",
                          lambda c: E(str(sum(t["differs_change"] for t in c.tie_cases())),
                                      "rows of tbl-dong-hang whose three changes differ",
                                      cls="count")),
        **{f"{k}_value": (f"{k.upper()} rounded half up", (lambda k: lambda c: num(
            c.row().value[k], 4, f"{k.upper()} {c.year}"))(k)) for k in INDEX_NAME},
        **{f"{k}_rank": (f"{k.upper()} rank / assessed members", (lambda k: lambda c:
                                                                  _sub_rank_text(c, k))(k))
           for k in INDEX_NAME},
        **{f"{k}_change": (f"{k.upper()} rank change", (lambda k: lambda c: _sub_change(c, k))(k))
           for k in INDEX_NAME},
        "main_component": ("component with the largest contribution (|change|/3)",
                           lambda c: E(tuple(INDEX_NAME[k] for k in _main_component(c)[0]))),
        "main_contribution": ("its contribution (change / 3), half up",
                              lambda c: num(_main_component(c)[1], 4, "largest contribution",
                                            True)),
        "egdi_change": ("EGDI change", lambda c: num(_egdi(c) - _egdi(c, c.prev_year()), 4,
                                                     "EGDI change", True)),
    },
    "03_so_sanh_khu_vuc": {
        "name": ("country name", lambda c: E(c.name(c.country))),
        "year": ("survey year", lambda c: E(str(c.year))),
        "subregion": ("sub-region", lambda c: E(c.subregion_vi())),
        "region": ("region", lambda c: E(c.region_vi())),
        "n_sub": ("assessed members of the sub-region = rows of tbl-tieu-vung",
                  lambda c: E(str(_n_scope(c, "subregion")), cls="count")),
        "rank_sub": ("position in the sub-region", lambda c: E(c.rank_text(c.year, "subregion"))),
        "rank_reg": ("position in the region", lambda c: E(c.rank_text(c.year, "region"))),
        "leader_sub": ("sub-region leader by published rank",
                       lambda c: E(_names(c, _scope_leader(c, "subregion")), cls="country")),
        "leader_sub_egdi": ("its EGDI", lambda c: num(_scope_leader(c, "subregion")[0]
                                                       .value["egdi"], 4, "leader EGDI")),
        "gap_leader_sub": ("leader EGDI minus the country's", lambda c: num(
            _scope_leader(c, "subregion")[0].value["egdi"] - _egdi(c), 4, "gap to leader")),
        "next_sub": ("member just above in the sub-region", lambda c: _next_above(c, "subregion")),
        "leader_reg": ("region leader by published rank",
                       lambda c: E(_names(c, _scope_leader(c, "region")), cls="country")),
        "leader_reg_egdi": ("its EGDI", lambda c: num(_scope_leader(c, "region")[0]
                                                       .value["egdi"], 4, "leader EGDI")),
        "gap_leader_reg": ("leader EGDI minus the country's", lambda c: num(
            _scope_leader(c, "region")[0].value["egdi"] - _egdi(c), 4, "gap to leader")),
        "next_reg": ("member just above in the region", lambda c: _next_above(c, "region")),
        "egdi": ("EGDI", lambda c: num(_egdi(c), 4, "EGDI")),
    },
    "04_chi_tieu_trong_nuoc": {
        "quarter": ("quarter parameter", lambda c: E(c.quarter)),
        "quarter_vi": ("quarter in Vietnamese", lambda c: E(quarter_vi(c.quarter))),
        "n_obs": ("observations in the quarterly files up to the quarter",
                  lambda c: E(str(len(c.dom.upto(c.quarter))), cls="count")),
        "n_indicators": ("distinct indicators among them", lambda c: E(str(len(
            {o.indicator for o in c.dom.upto(c.quarter)})), cls="count")),
        "n_quarters": ("quarters with data", lambda c: E(str(len(_obs_quarters(c))), cls="count")),
        "quarters": ("those quarters", lambda c: E(vi_list([quarter_vi(q)
                                                            for q in _obs_quarters(c)]))),
        "n_missing": ("quarters without data between the first and the last",
                      lambda c: E(str(len(_missing_quarters(c))), cls="count")),
        "missing": ("those quarters", lambda c: E(vi_list([quarter_vi(q)
                                                           for q in _missing_quarters(c)]))),
        "n_targets": ("distinct targets (same indicator, value and deadline merged; 'năm 2020' "
                      "= 'tháng 12/2020') = rows of tbl-muc-tieu",
                      lambda c: E(str(len(c.groups())), "deadline 'năm 2020' ends 31/12/2020, "
                                  "the same deadline as 'tháng 12/2020'", cls="merge")),
        "status_summary": ("merged targets per status (the 'Đánh giá' column of tbl-muc-tieu)",
                           lambda c: _status_summary(c)),
        "conflict_list": ("indicators whose sources give different target values/deadlines",
                          lambda c: E(_conflicts(c), "indicator names as in the catalogue "
                                      "(acronyms kept upper case)", cls="wording")),
        "cntt_year": ("year of the IT-application index", lambda c: E(str(c.dom.cntt[0]["year"]))),
    },
    "05_cong_dvc_chuyen_doi_so": {
        "quarter_vi": ("quarter", lambda c: E(quarter_vi(c.quarter))),
        "portal_first": ("first date of National Public Service Portal figures",
                         lambda c: _portal_date(c, False)),
        "portal_last": ("last date of portal figures", lambda c: _portal_date(c, True)),
        "kpi_when": ("date of the digital-transformation KPIs", lambda c: _kpi_when_glue(c)),
        "intro": ("the chapter's opening: what this edition has", lambda c: _portal_intro(c)),
    },
    "06_co_gi_moi": {
        "quarter_vi": ("quarter", lambda c: E(quarter_vi(c.quarter))),
        "prev_vi": ("previous quarter with data", lambda c: E(quarter_vi(c.prev_quarter()))),
        "gap_text": ("quarters without data between the two", lambda c: E(
            f"Giữa hai quý này có {len(quarters_between(c.prev_quarter(), c.quarter))} quý "
            "không có số liệu nào: " + vi_list([quarter_vi(q) for q in quarters_between(
                c.prev_quarter(), c.quarter)]) + ".")),
        "n_new": ("observations in the quarter = rows of tbl-moi-trong-quy", lambda c: E(str(
            len([o for o in c.dom.obs if o.quarter == c.quarter])), cls="count")),
        "n_new_ind": ("distinct indicators among them", lambda c: E(str(len(
            {o.indicator for o in c.dom.obs if o.quarter == c.quarter})), cls="count")),
        "n_changed": ("new figures comparable with the previous figure (same scope, not two "
                      "bounds)", lambda c: E(str(len(_comparable(c))), cls="scope")),
        "n_not_comparable": ("new figures with an earlier figure that cannot be compared "
                             "(other scope, or two bounds)", lambda c: E(str(sum(
                                 1 for o in _new_obs(c) if _prev_obs(c, o) is not None)
                                 - len(_comparable(c))), cls="scope")),
        "n_first": ("new figures of indicators with no earlier figure", lambda c: E(str(sum(
            1 for o in _new_obs(c) if _prev_obs(c, o) is None)), cls="count")),
        "n_status": ("merged targets whose status changed = rows of tbl-doi-trang-thai",
                     lambda c: E(str(len(_status_changes(c))), "status of merged targets "
                                 "('năm 2020' = 'tháng 12/2020') compared between the two "
                                 "quarters", cls="merge")),
        "n_stale": ("indicators with data in the previous quarter but none in this one",
                    lambda c: E(str(len(_stale(c))), cls="count")),
    },
    "07_kiem_chung": {
        "name": ("country name", lambda c: E(c.name(c.country))),
        "n_claims": ("claims in the register = rows of tbl-so-doi-chieu",
                     lambda c: E(str(len(c.register())), cls="count")),
        "n_sources": ("articles the claims come from",
                      lambda c: E(str(len({r.source for r in c.register().values()})),
                                  cls="count")),
        "counts_text": ("claims per verdict (independently re-derived verdicts)",
                        lambda c: E(_counts_text(Counter(r.verdict for r in
                                                         c.register().values())),
                                    "verdicts re-derived independently (see the verdict "
                                    "findings for the rows that differ)", cls="verdict")),
        "n_differs": ("claims 'Lệch so với dữ liệu'", lambda c: E(str(sum(
            r.verdict == "differs" for r in c.register().values())), cls="verdict")),
        "n_contradictions": ("claims 'Các bài báo mâu thuẫn' = rows of tbl-mau-thuan",
                             lambda c: E(str(sum(r.verdict == "conflict"
                                                 for r in c.register().values())),
                                         cls="verdict")),
    },
    "90_nguon_du_lieu": {
        "name": ("country name", lambda c: E(c.name(c.country))),
        "country": ("ISO3 parameter", lambda c: E(c.country)),
        "year": ("survey year", lambda c: E(str(c.year))),
        "licence": ("licence of the data package", lambda c: E(json.loads(
            (REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]
            ["title"])),
    },
}


def _prev_obs(c: Ctx, o: Obs) -> Obs | None:
    """The latest earlier figure of the same indicator (up to the quarter)."""
    prev = sorted([p for p in c.dom.upto(c.quarter) if p.indicator == o.indicator
                   and p.quarter != c.quarter], key=lambda p: p.end)
    return prev[-1] if prev else None


def _new_obs(c: Ctx) -> list[Obs]:
    return [o for o in c.dom.obs if o.quarter == c.quarter]


def _comparable(c: Ctx) -> list[Obs]:
    """New figures of the quarter that can be compared with the previous figure: same scope and
    not two bounds whose difference says nothing."""
    out = []
    for o in _new_obs(c):
        p = _prev_obs(c, o)
        if p is not None and _diff_expect(c, o, p)[0] is not None:
            out.append(o)
    return out


def _changed(c: Ctx) -> set[str]:
    """Indicators of the quarter with an earlier figure (comparable or not)."""
    return {o.indicator for o in _new_obs(c) if _prev_obs(c, o) is not None}


def _stale(c: Ctx) -> set[str]:
    prev = {o.indicator for o in c.dom.obs if o.quarter == c.prev_quarter()}
    now = {o.indicator for o in c.dom.obs if o.quarter == c.quarter}
    return prev - now


VERDICT_ORDER = ("match", "match_rounded", "differs", "agree", "conflict", "uncheckable")


def _counts_text(counts: Counter) -> str:
    return vi_list([f"{counts[k]} «{VERDICT_VI[k]}»" for k in VERDICT_ORDER])


def _status_summary(c: Ctx) -> Expect:
    counts = Counter(c.group_status(g) for g in c.groups())
    parts = [f"{n} mục tiêu «{STATUS_VI[k][:1].lower() + STATUS_VI[k][1:]}»"
             for k, n in counts.items() if n]
    options = tuple(vi_list(list(p)) for p in itertools.permutations(parts)) \
        if len(parts) <= 6 else (vi_list(parts),)
    return E(options, "targets per status, counted from the 'Đánh giá' column (any order)",
             cls="count")


# -- key findings (00_diem_chinh): the chapters' figures recomputed into one sentence each ------

def _options(make: Callable[[str], str], c: Ctx) -> tuple[str, ...]:
    """One sentence per accepted spelling of the country's name."""
    return tuple(make(n) for n in c.name(c.country))


NOT_ASSESSED = "the country was not assessed in the year: that sentence is not modelled"


def _f_level(c: Ctx) -> Expect:
    r = c.row()
    if r is None:
        return E(None, NOT_ASSESSED)
    x = r.value["egdi"]
    return E(_options(lambda n: f"Năm {c.year}, {n} có EGDI {fmt(x, 4)}, xếp hạng "
                      f"{c.rank_text(c.year, 'world')} theo thứ hạng Liên Hợp Quốc công bố, "
                      f"thuộc nhóm EGDI {egdi_group(x)}.", c),
             "EGDI half up, published rank / assessed members, group by the Survey's bounds")


def _f_change(c: Ctx) -> Expect:
    prev = c.prev_year()
    if c.row() is None or prev is None:
        return E(None, NOT_ASSESSED if c.row() is None else "first survey with the country: "
                 "no change to state")
    keys, contrib = _main_component(c)
    head = (f"So với kỳ {prev}, thứ hạng {rank_change_text(c.row(prev).rank, c.row().rank)} và "
            f"EGDI thay đổi {fmt(_egdi(c) - _egdi(c, prev), 4, sign=True)}; đóng góp lớn nhất "
            "đến từ ")
    return E(tuple(f"{head}{INDEX_NAME[k]} ({fmt(contrib, 4, sign=True)})." for k in keys),
             "published rank change, exact EGDI change, and the component whose change / 3 is "
             "largest in size, each half up")


def _f_region(c: Ctx) -> Expect:
    if c.row() is None:
        return E(None, NOT_ASSESSED)
    leaders = _scope_leader(c, "subregion")
    if any(r.iso3 == c.country for r in leaders):
        return E(None, "the country leads its sub-region: that sentence is not modelled")
    names = [c.name(r.iso3) for r in leaders]
    lead = tuple(vi_list(list(v)) for v in itertools.product(*names))
    return E(tuple(f"Trong {c.region_vi()}, {n} đứng thứ {c.rank_text(c.year, 'region')}; "
                   f"trong {c.subregion_vi()}, thứ {c.rank_text(c.year, 'subregion')}; dẫn đầu "
                   f"tiểu vùng là {ln} (EGDI {fmt(leaders[0].value['egdi'], 4)})."
                   for n in c.name(c.country) for ln in lead),
             "positions by published rank among the assessed region / sub-region members; the "
             "sub-region leader (Vietnamese name) and its EGDI", text_cls="country")


def _f_components(c: Ctx) -> Expect:
    if c.row() is None:
        return E(None, NOT_ASSESSED)
    vals = {k: c.row().value[k] for k in COMPONENTS}
    hi = [k for k in COMPONENTS if vals[k] == max(vals.values())]
    lo = [k for k in COMPONENTS if vals[k] == min(vals.values())]
    return E(tuple(f"Trong ba thành phần của EGDI, cao nhất là {INDEX_NAME[h]} "
                   f"({fmt(vals[h], 4)}), thấp nhất là {INDEX_NAME[m]} ({fmt(vals[m], 4)})."
                   for h in hi for m in lo),
             "highest and lowest of the published OSI, TII, HCI, half up")


def _f_average(c: Ctx) -> Expect:
    if c.row() is None:
        return E(None, NOT_ASSESSED)
    mean = _mean(c, "world")
    d = _egdi(c) - mean
    if d == 0:
        return E(None, "EGDI equals the world mean: that sentence is not modelled")
    word = "cao hơn" if d > 0 else "thấp hơn"
    return E(_options(lambda n: f"EGDI của {n} {word} trung bình thế giới ({fmt(mean, 4)}) "
                      f"{fmt(abs(d), 4)} điểm.", c),
             "unweighted mean of the assessed members and the exact gap, each half up")


def _f_targets(c: Ctx) -> Expect:
    if not c.domestic:
        return Expect(None, "no domestic data for this country", hidden=True)
    head = (f"Với số liệu có đến hết {quarter_vi(c.quarter)}, các nguồn nêu {len(c.groups())} "
            "mục tiêu khác nhau: ")
    return E(tuple(f"{head}{x}." for x in _status_summary(c).text),
             "merged targets ('năm 2020' = 'tháng 12/2020') and their statuses at the end of "
             "the quarter (any order)", cls="count")


def _f_new(c: Ctx) -> Expect:
    if not c.domestic:
        return Expect(None, "no domestic data for this country", hidden=True)
    new = _new_obs(c)
    first = sum(1 for o in new if _prev_obs(c, o) is None)
    comparable = len(_comparable(c))
    return E(f"Trong {quarter_vi(c.quarter)} có {len(new)} số liệu mới; {comparable} "
             f"so sánh được với số liệu trước đó, {len(new) - first - comparable} có số liệu "
             f"trước nhưng không so sánh được, {first} là lần đầu chỉ tiêu có số liệu.",
             "figures of the quarter; those comparable with the previous figure (same scope, "
             "not two bounds); those with an earlier figure that is not comparable; those of "
             "indicators with no earlier figure", cls="scope")


def _f_claims(c: Ctx) -> Expect:
    if not c.domestic:
        return Expect(None, "no domestic data for this country", hidden=True)
    reg = c.register()
    return E(f"Sổ đối chiếu có {len(reg)} con số báo chí nêu: "
             f"{_counts_text(Counter(r.verdict for r in reg.values()))}.",
             "claims of the register per verdict, verdicts re-derived independently",
             cls="verdict")


# Each key finding links to the table that proves it («Mỗi điểm dẫn tới bảng trong chương
# chứng minh nó»): the tables that hold its figures.
FINDING_TABLES = {
    "f_level": ("tbl-egdi-theo-nam",),
    "f_change": ("tbl-phan-tach-egdi", "tbl-egdi-theo-nam"),
    "f_components": ("tbl-chi-so-thanh-phan",),
    "f_average": ("tbl-egdi-trung-binh",),
    "f_region": ("tbl-tieu-vung", "tbl-egdi-theo-nam"),
    "f_targets": ("tbl-muc-tieu",),
    "f_new": ("tbl-moi-trong-quy",),
    "f_claims": ("tbl-kiem-chung-dem", "tbl-so-doi-chieu"),
}
# Links glued as MyST (only in books with domestic data) -> the finding they follow.
LINK_GLUE = {"l_targets": "f_targets", "l_new": "f_new", "l_claims": "f_claims"}


def _finding_link(c: Ctx, fkey: str) -> Expect:
    if not c.domestic:
        return Expect(None, "no domestic data for this country", hidden=True)
    refs = tuple(f"(xem {t.number})" for tid in FINDING_TABLES[fkey]
                 if (t := c.table(tid)) is not None)
    return E(refs or None, f"cross-reference after {fkey} to the table that supports it ("
             + " or ".join(FINDING_TABLES[fkey]) + "), as the page renders it",
             cls="structure")


def _after_finding(c: Ctx, fkey: str) -> str | None:
    """What the page shows after a finding in its list item (the rendered link glue)."""
    page = c.pages.get("00_diem_chinh")
    span = page.article.find("span", attrs={"data-key": f"00_diem_chinh::{fkey}"}) \
        if page else None
    if span is None:
        return None
    return norm("".join(x.get_text("") if hasattr(x, "get_text") else str(x)
                        for x in span.next_siblings))


GLUE_RULES["00_diem_chinh"] = {
    "name": ("country name in Vietnamese", lambda c: E(c.name(c.country))),
    "year": ("survey year (parameter)", lambda c: E(str(c.year))),
    "f_level": ("EGDI, published rank and group of the year", _f_level),
    "f_change": ("change since the previous survey and the largest contribution", _f_change),
    "f_region": ("region and sub-region positions, sub-region leader", _f_region),
    "f_components": ("strongest and weakest component", _f_components),
    "f_average": ("gap to the world mean", _f_average),
    "f_targets": ("targets per status (domestic data only)", _f_targets),
    "f_new": ("new figures of the quarter (domestic data only)", _f_new),
    "f_claims": ("claims per verdict (domestic data only)", _f_claims),
    **{k: (f"link after {f} (domestic data only)", (lambda f: lambda c: _finding_link(c, f))(f))
       for k, f in LINK_GLUE.items()},
}


def check_finding_links(c: Ctx) -> None:
    """Every key finding shown links to an existing table that supports it, and the link's
    text is that table's number."""
    page = c.pages.get("00_diem_chinh")
    if page is None:
        return
    for span in page.article.select(".egv-value"):
        key = (span.get("data-key") or "").split("::", 1)[-1]
        if key not in FINDING_TABLES:
            continue
        block = span.find_parent(["p", "li"])
        links = [a for a in block.select("a.reference.internal")
                 if not a.find_parent(class_="egv-value")] if block is not None else []
        where = f"00_diem_chinh::{key} (liên kết)"
        c.report.checked += 1
        if not links:
            c.report.add("structure", "00_diem_chinh", where, "(không có liên kết)",
                         " hoặc ".join(FINDING_TABLES[key]),
                         "each key finding leads to the table in the chapter that proves it")
            continue
        for a in links:
            href = a.get("href") or ""
            stem, _, anchor = href.partition("#")
            target = c.pages.get(Path(stem).stem) if stem else page
            tbl = target.tables.get(anchor) if target is not None else None
            c.report.checked += 1
            if anchor not in FINDING_TABLES[key] or tbl is None:
                c.report.add("structure", "00_diem_chinh", where, href,
                             " hoặc ".join(FINDING_TABLES[key]),
                             "the link must point to an existing table that holds the finding's "
                             "figures" + ("" if tbl is not None else " (no such table there)"))
            elif norm(a.get_text(" ")) != tbl.number:
                c.report.add("structure", "00_diem_chinh", where, norm(a.get_text(" ")),
                             tbl.number, "the link's text is the number of the table it opens")
            c.verified.add(id(a))


# --------------------------------------------------------------------------------------------
# The claims register, re-derived
# --------------------------------------------------------------------------------------------


@dataclass
class Stmt:
    """A figure as an article states it: value, decimals given, qualifier word."""

    value: Fraction | None
    places: int
    qual: str = ""

    @property
    def kind(self) -> str:
        if self.qual in LOWER or self.qual == "ít nhất":
            return "lower"
        if self.qual == "dưới":
            return "upper"
        if self.qual == "gần":
            return "near"
        return "approx" if self.qual else "exact"


COMPARATOR_QUAL = {"=": "", "≈": "khoảng", "≤": "gần", "≥": "ít nhất", ">": "trên", "<": "dưới"}


def _satisfies(stated: Stmt, x: Fraction) -> bool:
    """Does the more exact number x agree with what ``stated`` says (method page tolerance)?"""
    k = stated.kind
    if k == "lower":
        return x >= stated.value if stated.qual == "ít nhất" else x > stated.value
    if k == "upper":
        return x < stated.value
    ok = round_half_up(x, stated.places) == stated.value
    if k == "near":
        ok = ok and x <= stated.value
    return ok


def agree(a: Stmt, b: Stmt) -> bool | None:
    """True/False; None when the two cannot be compared (two different bounds, no value)."""
    if a.value is None or b.value is None:
        return None
    bounds = ("lower", "upper")
    if a.kind in bounds and b.kind in bounds:
        return True if (a.kind == b.kind and a.value == b.value) else None
    if a.kind in bounds or b.kind in bounds:
        stated, ref = (a, b) if a.kind in bounds else (b, a)
    elif a.places != b.places:
        ref, stated = (a, b) if a.places > b.places else (b, a)
    else:
        # Same precision: a "gần" figure is the one whose side condition applies.
        stated, ref = (a, b) if a.kind == "near" or b.kind != "near" else (b, a)
        if stated.kind != "near" and ref.kind != "near":
            return a.value == b.value
    return _satisfies(stated, ref.value)


@dataclass
class Claim:
    cid: str
    source: str
    quote: str
    claimed: str
    recomputed: str
    verdict: str
    why: str = ""
    note: str = ""
    detail_numbers: list[str] | None = None
    group: str = ""
    un: bool = False
    own: tuple[bool, bool] | None = None  # (uses only the article's own figures, result holds)
    kind: str = ""
    thing: tuple | None = None  # what the figure is about (same thing = comparable claims)
    stmt: Stmt | None = None
    indicator: str = ""
    deadline_end: date | None = None
    has_deadline: bool = True
    contradicts: list[str] = field(default_factory=list)
    relations: list[tuple[str, str, bool | None]] = field(default_factory=list)
    note_needs: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    note_forbids: list[tuple[str, str]] = field(default_factory=list)
    known: set[str] = field(default_factory=set)
    country: str = ""  # the country the figure is about (a chapter lists its country's claims)


SCOPE_VI = {"world": "thế giới"}


def _claim_un(c: Ctx, r: dict[str, str]) -> Claim:
    un, iso = c.un, r["country"]
    kind, col, scope = r["kind"], r["index"], r["scope"]
    year = int(r["year"]) if r["year"] else None
    members = None if scope in ("world", "") else un.scope(scope, iso)
    claimed = r["claimed_value"]
    base = Claim(r["claim_id"], r["source_id"], r["quote"], r["claimed_text"], "—",
                 "uncheckable", note=r["note"], group=r["chapter"], un=True, kind=kind,
                 country=iso)
    if kind == "rank":
        if members is None:
            rank, n = un.get(year, iso).rank, len(un.assessed(year))
        else:
            rank, n = un.scope_rank(year, iso, members)
        base.recomputed = f"{rank}/{n}"
        base.verdict = "match" if frac(claimed) == rank else "differs"
    elif kind == "rank_change":
        before_y = int(r["compare_year"])
        if col == "egdi":
            change = un.get(before_y, iso).rank - un.get(year, iso).rank
        else:
            a, b = un.sub_ranks(before_y, col)[iso], un.sub_ranks(year, col)[iso]
            change = a[0] - b[0]
            changes = [a[i] - b[i] for i in range(3)]
            if len(set(changes)) > 1:
                base.detail_numbers = [fmt_signed_half(x) for x in changes]
        base.recomputed = fmt(change, 0, sign=True)
        base.verdict = "match" if frac(claimed) == change else "differs"
    elif kind == "scope_size":
        n = len(un.assessed(year, members))
        base.recomputed = str(n)
        base.verdict = "match" if frac(claimed) == n else "differs"
    elif kind == "value":
        v = un.get(year, iso).value[col]
        places = int(r["decimals"])
        base.recomputed = fmt(v, places)
        if frac(claimed) == v:
            base.verdict = "match"
        elif round_half_up(v, places) == frac(claimed):
            base.verdict = "match_rounded"
        else:
            base.verdict = "differs"
    elif kind == "above_average":
        v, m = un.get(year, iso).value[col], un.mean(year, members, col)
        label = "thế giới" if members is None else (
            REGION_VI[un.region(iso)] if scope == "region" else SUBREGION_VI.get(
                un.subregion(iso).lower(), un.subregion(iso)))
        base.recomputed = f"{fmt(v, 4)} so với trung bình {label} {fmt(m, 4)}"
        base.verdict = "match" if (v > m) == (frac(claimed) == 1) else "differs"
    elif kind == "level":
        g = cap(egdi_group(un.get(year, iso).value[col]))
        base.recomputed = g
        base.verdict = "match" if g.lower() == claimed.lower() else "differs"
    elif kind == "un_goal":
        later = [y for y in un.years if y > year]
        nxt = later[0]
        change = un.get(year, iso).rank - un.get(nxt, iso).rank
        base.recomputed = f"{change} bậc ở kỳ {nxt}"
        base.detail_numbers = [str(nxt), str(un.get(nxt, iso).rank)]
        base.known |= {str(year)}
        base.verdict = "match" if change >= frac(claimed) else "differs"
        base.why = (f"a rank goal is checked at the first survey after its deadline ({nxt}: rank "
                    f"{un.get(nxt, iso).rank}, change {change}); met = 'Khớp với dữ liệu', not "
                    "met = 'Lệch so với dữ liệu'")
    return base


def _obs_stmt(o: Obs) -> Stmt:
    return Stmt(o.value, decimals_of(o.raw), o.qualifier)


def _claim_domestic(c: Ctx, r: dict[str, str]) -> Claim:
    dom = c.dom
    kind = r["kind"]
    refs = r["refs"].split()
    base = Claim(r["claim_id"], r["source_id"], r["quote"], r["claimed_text"], "—",
                 "uncheckable", note=r["note"], group=r["chapter"], kind=kind,
                 country=r["country"])
    base.contradicts = [x.strip() for x in r["contradicts"].split(",") if x.strip()]
    if kind == "observation":
        o = dom.by_ref(refs[0])
        base.recomputed = f"{dom.show(o)} (bài {o.source})"
        base.thing = ("obs", o.ref)
        base.indicator = o.indicator
        qual = COMPARATOR_QUAL.get(r["comparator"], "")
        base.stmt = Stmt(frac(r["claimed_value"]), int(r["decimals"] or 0), qual)
    elif kind == "ratio":
        a, b = dom.by_ref(refs[0]), dom.by_ref(refs[1])
        ratio = a.value / b.value
        base.recomputed = f"gấp {fmt(ratio, 2)} lần"
        claimed = frac(r["claimed_value"])
        ok = ratio > claimed if r["comparator"] == ">" else round_half_up(ratio, 0) == claimed
        base.own = (a.source == b.source == base.source, ok)
        base.detail_numbers = [dom.show(a), dom.show(b)]
        base.known |= {x for o in (a, b) for x in numbers_in(date_vi(o.date))}
    elif kind == "share_consistency":
        pairs = [(dom.by_ref(refs[i]), dom.by_ref(refs[i + 1])) for i in range(0, len(refs), 2)]
        good = [d for d in range(1, 2001)
                if all(round_half_up(Fraction(n.value) * 100 / d, decimals_of(s.raw))
                       == s.value for n, s in pairs)]
        own = all(o.source == base.source for pair in pairs for o in pair)
        if good:
            base.recomputed = f"mẫu số chung {good[0]}" if len(good) == 1 else \
                "mẫu số chung " + ", ".join(str(d) for d in good)
            d = good[0]
            base.detail_numbers = [str(d)] + [x for n, s in pairs for x in (
                fmt_natural(n.value), str(d), fmt(Fraction(n.value) * 100 / d, 2))]
            base.own = (own, True)
        else:
            base.recomputed = "không có mẫu số chung"
            base.own = (own, False)
    elif kind == "sum":
        total, parts = dom.by_ref(refs[0]), [dom.by_ref(x) for x in refs[1:]]
        s = sum((p.value for p in parts), Fraction(0))
        base.recomputed = " + ".join(fmt_natural(p.value) for p in parts) + f" = {fmt_natural(s)}"
        ok = s == total.value == frac(r["claimed_value"])
        base.own = (all(o.source == base.source for o in [total, *parts]), ok)
        base.detail_numbers = [fmt_natural(total.value)]
    return base


def claim_ids(dom: Domestic) -> tuple[dict[str, str], dict[str, str]]:
    """Readable ids of the observation and target rows (method page, 'Mã khẳng định'):
    article id, S (figures) or M (targets), a number within the article: figures ordered by
    date then indicator code, targets in the order of the targets file. Every figure of the
    data files is numbered, whatever the quarter of the book: the register holds every figure
    the articles of the source set state, so an id never depends on the edition."""
    obs_ids: dict[str, str] = {}
    by_src: dict[str, list[Obs]] = defaultdict(list)
    for o in dom.obs:
        by_src[o.source].append(o)
    for src, items in by_src.items():
        for i, o in enumerate(sorted(items, key=lambda o: (o.date, o.indicator)), 1):
            obs_ids[o.ref] = f"{src}-S{i:02d}"
    tgt_ids: dict[str, str] = {}
    counter: Counter[str] = Counter()
    for t in sorted(dom.targets, key=lambda t: t.tid):
        counter[t.source] += 1
        tgt_ids[t.tid] = f"{t.source}-M{counter[t.source]:02d}"
    return obs_ids, tgt_ids


PORTAL_GROUPS = ("cong_dvcqg", "cds_kpi", "nen_tang", "attt")


def domestic_country(dom: Domestic) -> str:
    """The country the quarterly files and targets are about: that of the domestic claims."""
    found = sorted({r["country"] for r in dom.claims if r["kind"] in DOMESTIC_KINDS})
    return found[0] if len(found) == 1 else ""


def build_register(c: Ctx) -> dict[str, Claim]:
    """Every claim of the source set. The register is the articles' («mọi con số mà các bài
    báo trong bộ nguồn nêu», chapter 07; Method page: each domestic figure and each target of
    the book's data is a row), not the quarter's: a book built for an earlier quarter still
    lists the figures of later articles (the quarter limits the assessments, not the sources)."""
    dom = c.dom
    reg: dict[str, Claim] = {}
    home = domestic_country(dom)
    for r in dom.claims:
        if r["kind"] in ("rank", "rank_change", "scope_size", "value", "above_average",
                         "level", "un_goal"):
            claim = _claim_un(c, r)
        else:
            claim = _claim_domestic(c, r)
        reg[claim.cid] = claim
    obs_ids, tgt_ids = claim_ids(dom)
    c.obs_ids, c.tgt_ids = obs_ids, tgt_ids
    # Each figure of the data files is a claim of its article.
    for o in dom.obs:
        shown = dom.show(o)
        grp = dom.indicators[o.indicator]["group"]
        claim = Claim(obs_ids[o.ref], o.source, o.quote, shown, shown, "uncheckable",
                      note=o.scope_note, group="portal" if grp in PORTAL_GROUPS else "domestic",
                      kind="obs", thing=("obs", o.ref), stmt=_obs_stmt(o), indicator=o.indicator,
                      country=home)
        reg[claim.cid] = claim
    # Each target as its article states it.
    for t in dom.targets:
        val = dom.show(value=t.value, indicator=t.indicator) if t.value is not None else None
        grp = dom.indicators[t.indicator]["group"]
        claim = Claim(tgt_ids[t.tid], t.source, t.quote,
                      f"mục tiêu {val}" if val else "mục tiêu không nêu giá trị",
                      val or "không nêu giá trị", "uncheckable", note=t.note,
                      group="portal" if grp in PORTAL_GROUPS else "domestic", kind="target",
                      thing=("target", t.indicator), indicator=t.indicator,
                      stmt=Stmt(t.value, decimals_of(str(float(t.value))) if t.value is not None
                                else 0, ""),
                      deadline_end=t.end, has_deadline=bool(t.deadline), country=home)
        if t.legal:
            claim.known |= set(numbers_in(t.legal))
        reg[claim.cid] = claim
    _derive_verdicts(c, reg)
    return reg


def _same_thing(a: Claim, b: Claim) -> bool:
    if a.thing is None or b.thing is None or a.thing != b.thing or a.cid == b.cid:
        return False
    if a.kind == "target" or b.kind == "target":
        if a.kind != b.kind:
            return False
        # Two targets of one indicator with the same deadline (compared by the day it ends);
        # a target with no deadline is compared with every target of the indicator.
        return (not a.has_deadline or not b.has_deadline) or a.deadline_end == b.deadline_end
    return True


def _derive_verdicts(c: Ctx, reg: dict[str, Claim]) -> None:
    dom = c.dom
    claims = list(reg.values())
    # Manual contradictions hold both ways.
    for cl in claims:
        for other in list(cl.contradicts):
            if other in reg and cl.cid not in reg[other].contradicts:
                reg[other].contradicts.append(cl.cid)
    for cl in claims:
        if cl.un:
            continue
        if cl.kind in ("ratio", "share_consistency", "sum"):
            own, ok = cl.own or (True, False)
            cl.verdict = "uncheckable" if ok else "differs"
            if own and ok:
                cl.note_needs.append((("các số của chính bài",), "a computation with the "
                                      "article's own figures is no verification; say so"))
                cl.why = ("computed only from figures of the article itself: no independent "
                          "verification ('Không kiểm chứng được')")
            elif not ok:
                cl.why = "the article's own figures do not give what it says"
            continue
        if cl.kind == "text":
            if cl.contradicts:
                cl.verdict = "conflict"
                cl.why = "contradiction recorded in the claims file (holds both ways)"
            continue
        others = [o for o in claims if _same_thing(cl, o)]
        for o in others:
            rel = ("same_article" if o.source == cl.source else
                   "same_event" if dom.same_event(cl.source, o.source) else "independent")
            cl.relations.append((o.cid, rel, agree(cl.stmt, o.stmt)))
        differ_other = [cid for cid, rel, a in cl.relations if a is False and rel != "same_article"]
        differ_self = [cid for cid, rel, a in cl.relations if a is False and rel == "same_article"]
        agree_indep = [cid for cid, rel, a in cl.relations if a and rel == "independent"]
        same_event = [cid for cid, rel, a in cl.relations if a and rel == "same_event"]
        same_art = [cid for cid, rel, a in cl.relations if a and rel == "same_article"]
        if cl.contradicts or differ_other:
            cl.verdict = "conflict"
            cl.contradicts = sorted(set(cl.contradicts) | set(differ_other))
            cl.why = ("another article states a different figure for the same thing ("
                      + ", ".join(f"{x} «{reg[x].claimed}»" for x in cl.contradicts) + ")")
            for x in cl.contradicts:
                cl.note_needs.append(((f"bài {reg[x].source}", f"các bài {reg[x].source}",
                                       reg[x].source), f"name the contradicting article {x}"))
        elif differ_self:
            cl.verdict = "differs"
            cl.why = ("two sentences of the same article give different figures for the same "
                      "thing: " + ", ".join(differ_self))
        elif agree_indep:
            cl.verdict = "agree"
            cl.why = ("an independent article states the same figure (" + ", ".join(
                f"{x}: bài {reg[x].source} «{reg[x].claimed}»" for x in agree_indep)
                + "): 'Các bài báo thống nhất', not a match with data")
            cl.note_needs.append(((" ".join(["bài", reg[agree_indep[0]].source]),),
                                  "name the article that states the same figure"))
        else:
            cl.verdict = "uncheckable"
            if same_event:
                cl.why = ("the other report(s) " + ", ".join(same_event) + " cover the same "
                          "event: two reports of one event are not independent corroboration")
                cl.note_needs.append((("cùng đưa tin một sự kiện", "cùng một sự kiện"),
                                      "say that the articles report the same event"))
            elif same_art:
                cl.why = ("only the same article states it again (" + ", ".join(same_art)
                          + "): comparing an article with itself verifies nothing")
                cl.note_needs.append((("chính bài",), "say that only the article itself "
                                      "repeats the figure"))
            elif cl.stmt is None or cl.stmt.value is None:
                cl.why = "the article gives no value"
                if cl.kind == "target":
                    cl.note_needs.append((("không nêu giá trị", "không nêu mức"),
                                          "say that the article gives no value"))
            else:
                cl.why = "no UN data and no other article states this figure"
                if cl.kind in ("obs", "target"):
                    cl.note_needs.append((("chỉ một nguồn",), "say why it cannot be verified "
                                          "(only one source states it)"))
        if cl.relations and any(rel != "same_article" for _, rel, _ in cl.relations):
            cl.note_forbids.append(("chỉ một nguồn", "another article states the same thing ("
                                    + ", ".join(x for x, rel, _ in cl.relations
                                                if rel != "same_article") + ")"))
        if any(rel == "same_article" for _, rel, _ in cl.relations):
            cl.note_forbids.append(("chỉ một nguồn nêu số này", "the same article states it "
                                    "twice; the note should say so rather than 'one source'"))
        # Numbers the note may quote: the related claims' figures, quotes and dates.
        for x, _rel, _a in cl.relations:
            o = reg[x]
            cl.known |= set(numbers_in(o.claimed)) | set(numbers_in(o.recomputed))
            cl.known |= set(numbers_in(o.quote))
        for x in cl.contradicts:
            cl.known |= set(numbers_in(reg[x].claimed)) | set(numbers_in(reg[x].note))
        ev = (dom.sources.get(cl.source, {}).get("event") or "")
        cl.known |= set(numbers_in(ev))


def _register(self: Ctx) -> dict[str, Claim]:
    """The register of the book: every claim about its country («mọi con số mà các bài báo
    trong bộ nguồn nêu về …», chapter 07), verdicts derived over all the claims."""
    if not hasattr(self, "_reg"):
        self._reg = {cid: cl for cid, cl in build_register(self).items()
                     if cl.country == self.country}
    return self._reg


Ctx.register = _register  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# Tables: id -> (chapter, what the table shows, checker)
# --------------------------------------------------------------------------------------------


class TC:
    """Compare one HTML table with its recomputation; remembers which cells were checked."""

    def __init__(self, c: Ctx, tbl: Table) -> None:
        self.c, self.t, self.rep = c, tbl, c.report

    def where(self, r: int, col: int | str, label: str | None = None) -> str:
        ci = col if isinstance(col, int) else self.t.col(col)
        head = self.t.headers[ci] if ci < len(self.t.headers) else f"#{ci}"
        lab = label if label is not None else self.t.rows[r][0]
        if label is None and self.t.tid in ROW_LABEL_COLS:
            lab = " ".join(self.t.rows[r][:ROW_LABEL_COLS[self.t.tid]])
        return f"{self.t.tid} ({self.t.number}) dòng «{lab}» cột «{head}»"

    def cell(self, r: int, col: int | str) -> str:
        ci = col if isinstance(col, int) else self.t.col(col)
        row = self.t.rows[r]
        return row[ci] if ci < len(row) else ""

    def check(self, r: int, col: int | str, exp: Expect | str, label: str | None = None) -> bool:
        ci = col if isinstance(col, int) else self.t.col(col)
        self.t.checked.add((r, ci))
        if isinstance(exp, str):
            exp = E(exp, "recomputed from the inputs")
        return self.rep.compare(self.t.chapter, self.where(r, ci, label), self.cell(r, ci), exp)

    def ok(self, r: int, col: int | str) -> None:
        """The cell is covered by another check (e.g. a quote checked against the article)."""
        ci = col if isinstance(col, int) else self.t.col(col)
        self.t.checked.add((r, ci))

    def add(self, cls: str, r: int | None, col: int | str | None, shown: str, expected: str,
            why: str) -> None:
        where = self.t.tid + f" ({self.t.number})"
        if r is not None and col is not None:
            where = self.where(r, col)
        elif r is not None:
            where += f" dòng «{self.t.rows[r][0]}»"
        self.rep.add(cls, self.t.chapter, where, shown, expected, why)

    def rows_count(self, expected: int, what: str, cls: str = "structure") -> None:
        if len(self.t.rows) != expected:
            self.add(cls, None, None, f"{len(self.t.rows)} dòng", f"{expected} dòng", what)


ROW_LABEL_COLS = {"tbl-dong-hang": 2, "tbl-tieu-vung": 2}


def _quote_ok(c: Ctx, source: str, quote: str) -> bool | None:
    art = c.dom.articles.get(source)
    if art is None:
        return None
    return norm(quote) in norm(art)


def t_egdi_theo_nam(c: Ctx, tc: TC) -> None:
    years = c.years()
    tc.rows_count(len(years), "one row per survey with the country assessed")
    region, sub = c.region_vi(), c.subregion_vi()
    heads = [norm(h) for h in tc.t.headers]
    for i, want in ((3, f"Hạng trong {region}"), (4, f"Hạng trong {sub}")):
        if i < len(heads) and heads[i] != want:
            tc.add("wording", None, None, heads[i], want, "column header names the scope")
    for r, row in enumerate(tc.t.rows):
        y = int(row[0])
        tc.ok(r, 0)
        if y not in years:
            tc.add("structure", r, None, row[0], "-", "year not surveyed")
            continue
        tc.check(r, 1, num(_egdi(c, y), 4, f"EGDI {y}"))
        tc.check(r, 2, c.rank_text(y, "world"))
        tc.check(r, 3, c.rank_text(y, "region"))
        tc.check(r, 4, c.rank_text(y, "subregion"))
        tc.check(r, 5, E(cap(egdi_group(_egdi(c, y)))))


def t_egdi_trung_binh(c: Ctx, tc: TC) -> None:
    years = c.years()
    tc.rows_count(len(years), "one row per survey")
    for r, row in enumerate(tc.t.rows):
        y = int(row[0])
        tc.ok(r, 0)
        tc.check(r, 1, num(_egdi(c, y), 4, f"EGDI {y}"))
        tc.check(r, 2, num(_mean(c, "world", y), 4, f"world mean {y}"))
        tc.check(r, 3, num(_mean(c, "region", y), 4, f"region mean {y}"))
        tc.check(r, 4, num(_mean(c, "subregion", y), 4, f"sub-region mean {y}"))
        tc.check(r, 5, num(_egdi(c, y) - _mean(c, "world", y), 4, f"gap to world mean {y}",
                           sign=True))


def t_chi_so_thanh_phan(c: Ctx, tc: TC) -> None:
    years = c.years()
    tc.rows_count(len(years), "one row per survey")
    cols = ("osi", "tii", "hci", "epi")
    for r, row in enumerate(tc.t.rows):
        y = int(row[0])
        tc.ok(r, 0)
        prev = c.prev_year(y)
        for i, k in enumerate(cols):
            tc.check(r, 1 + i, num(c.row(y).value[k], 4, f"{k.upper()} {y}"))
            lo = c.sub_rank(y, k)[0]
            text = str(lo)
            if prev is not None:
                text += f" ({fmt(c.sub_rank(prev, k)[0] - lo, 0, sign=True)})"
            tc.check(r, 5 + i, E(text, f"{k.upper()} rank (ties share the better rank) and "
                                       "change since the previous survey"))


def t_phan_tach(c: Ctx, tc: TC) -> None:
    years = c.years()
    pairs = list(zip(years, years[1:], strict=False))
    tc.rows_count(len(pairs), "one row per pair of consecutive surveys")
    for r, row in enumerate(tc.t.rows):
        a, b = (int(x) for x in re.split(r"[–-]", row[0]))
        tc.ok(r, 0)
        d_egdi = _egdi(c, b) - _egdi(c, a)
        contrib = _contributions(c, a, b)
        tc.check(r, 1, num(d_egdi, 4, "EGDI change", True))
        for i, k in enumerate(COMPONENTS):
            tc.check(r, 2 + i, num(contrib[k], 4, f"{k.upper()} change / 3", True))
        resid = d_egdi - sum(contrib.values(), Fraction(0))
        ok = tc.check(r, 5, num(resid, 4, "EGDI change minus the three contributions", True))
        # A column that calls this residual "rounding" must be right for every period.
        head = norm(tc.t.headers[5]).lower() if len(tc.t.headers) > 5 else ""
        bad = []
        for y in (a, b):
            res, bound = c.residual(y)
            if abs(res) > bound:
                mean3 = sum((c.row(y).value[k] for k in COMPONENTS), Fraction(0)) / 3
                bad.append(f"EGDI {y} published {c.row(y).text['egdi']} ≠ (OSI+TII+HCI)/3 = "
                           f"{float(mean3):.6f}"
                           f" (difference {float(res):+.5f}, rounding of the published "
                           f"decimals explains at most ±{float(bound):.6f})")
        if bad and ok and "làm tròn" in head:
            tc.add("explanation", r, 5, f"{tc.cell(r, 5)} ({tc.t.headers[5]})",
                   f"{tc.cell(r, 5)}: not a rounding residual", "; ".join(bad))


def t_dong_hang(c: Ctx, tc: TC) -> None:
    cases = c.tie_cases()
    by_key = {(x["index"].upper(), x["year"]): x for x in cases}
    seen = set()
    for r, row in enumerate(tc.t.rows):
        key = (row[0], int(row[1]))
        tc.ok(r, 0)
        tc.ok(r, 1)
        case = by_key.get(key)
        if case is None:
            tc.add("structure", r, None, " | ".join(row), "(no row)",
                   "rank and change do not depend on the tie rule here")
            continue
        seen.add(key)
        lo, avg, hi = case["ranks"]
        tc.check(r, 2, E(str(case["tied"]), "other members with exactly the same value"))
        tc.check(r, 3, E(f"{lo} / {fmt_avg_rank(avg)} / {hi}", "best / average / worst rank"))
        ch = case["change"]
        want = "— / — / —" if ch is None else " / ".join(fmt_signed_half(x) for x in ch)
        tc.check(r, 4, E(want, "change under each rule"))
        if len(tc.t.headers) > 5:
            tc.check(r, 5, E("có" if case["differs_change"] else "không",
                             "whether the change differs between the tie rules (the first "
                             "survey has no change)"))
    for key in by_key.keys() - seen:
        tc.add("structure", None, None, "(missing)", f"{key[0]} {key[1]}",
               "tie-dependent case missing from the table")


def t_tieu_vung(c: Ctx, tc: TC) -> None:
    order = c.un.scope_order(c.year, c.members("subregion"))
    tc.rows_count(len(order), "one row per assessed sub-region member")
    for r in range(len(tc.t.rows)):
        if r >= len(order):
            break
        m = order[r]
        pos = 1 + sum(1 for x in order if x.rank < m.rank)
        tc.check(r, 0, str(pos))
        tc.check(r, 1, E(c.name(m.iso3), f"Vietnamese name of {m.name}", cls="country"))
        tc.check(r, 2, str(m.rank))
        for i, k in enumerate(("egdi", "osi", "tii", "hci", "epi")):
            tc.check(r, 3 + i, num(m.value[k], 4, f"{k.upper()} of {m.name}"))


# -- claims tables --------------------------------------------------------------------------

CLAIM_TABLES = ("tbl-egdi-doi-chieu", "tbl-thanh-phan-doi-chieu", "tbl-trong-nuoc-doi-chieu",
                "tbl-cong-doi-chieu", "tbl-so-doi-chieu")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", norm(text)) if s.strip()]


def _clause_fact(clause: str) -> tuple[frozenset, frozenset, frozenset]:
    """(articles named, figures quoted «…», numbers) of a clause; spaces before '%' ignored."""
    quoted = frozenset(re.sub(r"\s+", "", q.lower()) for q in re.findall(r"«([^»]+)»", clause))
    bare = re.sub(r"«[^»]*»", " ", clause)
    return (frozenset(re.findall(r"A\d{3}", clause)), quoted,
            frozenset(numbers_in(bare)) | frozenset(n for q in re.findall(r"«([^»]+)»", clause)
                                                     for n in numbers_in(q)))


def repeated_facts(note: str) -> list[tuple[str, str]]:
    """Pairs of sentences of a note that state the same fact twice in other words: the same
    articles named with the same quoted figure (or the same numbers)."""
    sents = _sentences(note)
    clauses = [(i, c.strip()) for i, s in enumerate(sents) for c in s.split(";") if c.strip()]
    out = []
    for a in range(len(clauses)):
        for b in range(a + 1, len(clauses)):
            (ia, ca), (ib, cb) = clauses[a], clauses[b]
            if ia == ib:
                continue
            fa, fb = _clause_fact(ca), _clause_fact(cb)
            if not fa[0] or fa[0] != fb[0] or not (fa[2] or fa[1]):
                continue
            if (fa[1] & fb[1]) or (fa[2] and fa[2] == fb[2]):
                out.append((ca, cb))
    return out


# The register's comparison column: the recomputation for UN claims, what the other articles
# state for domestic ones (so its title must not call it data).
VALUE_COL = "Giá trị đối chiếu"


def t_claims(c: Ctx, tc: TC, expected_ids: set[str] | None = None) -> None:
    reg = c.register()
    t = tc.t
    col = {name: t.col(name) for name in ("Mã", "Nguồn", "Trích dẫn", "Báo chí nêu",
                                          VALUE_COL, "Kết luận", "Ghi chú")}
    used_col = t.col("Dùng ở") if "Dùng ở" in [norm(h) for h in t.headers] else None
    internal = []
    ids = []
    not_data = []  # rows whose comparison cell only repeats an article's figure
    head = norm(t.headers[col[VALUE_COL]])
    for r, row in enumerate(t.rows):
        cid = row[col["Mã"]]
        ids.append(cid)
        tc.ok(r, col["Mã"])
        if re.match(r"^(OBS|TGT):", cid) or not re.fullmatch(r"A\d{3}-[SM]?\d{2}", cid):
            internal.append(cid)
        claim = reg.get(cid)
        if claim is None:
            tc.add("structure", r, None, cid, "(not in the register)",
                   "unknown claim id (ids derived from the data files: A001-S03 = 3rd figure "
                   "of A001 by date then indicator code, A003-M01 = 1st target of A003)")
            continue
        tc.check(r, col["Nguồn"], claim.source)
        tc.check(r, col["Trích dẫn"], E(f"«{claim.quote}»", "quote as in the data files"))
        if _quote_ok(c, claim.source, claim.quote) is False:
            tc.add("source", r, col["Trích dẫn"], claim.quote, "(verbatim text of the article)",
                   f"quote not found in article {claim.source}")
        tc.check(r, col["Báo chí nêu"], E(claim.claimed, "figure as the article states it"))
        shown = row[col[VALUE_COL]]
        exp_nums, got_nums = numbers_in(claim.recomputed), numbers_in(shown)
        tc.ok(r, col[VALUE_COL])
        if exp_nums != got_nums or (not exp_nums and norm(shown) != norm(claim.recomputed)):
            c.report.compare(t.chapter, tc.where(r, col[VALUE_COL], cid), shown,
                             E(claim.recomputed, "recomputed from the raw data"))
        else:
            c.report.checked += 1
        tc.check(r, col["Kết luận"], E(VERDICT_VI[claim.verdict],
                                       claim.why or "verdict rule of the method chapter",
                                       cls="verdict"), cid)
        if claim.kind in ("obs", "target", "observation") and has_digit(shown):
            not_data.append(cid)
        _check_note(c, tc, r, col["Ghi chú"], claim)
        if used_col is not None:
            tc.ok(r, used_col)
            _check_used_in(c, tc, r, used_col, cid)
    c.report.checked += 1
    if not_data and "dữ liệu" in head.lower():
        tc.add("wording", None, None, f"cột «{head}»: " + ", ".join(not_data[:4])
               + (f" … ({len(not_data)} dòng)" if len(not_data) > 4 else ""),
               "a column name that does not call an article's figure data",
               "only the UN Survey files are data (Method page): for domestic figures and "
               "targets this column repeats what an article (this one or another) states, which "
               "is no recomputation from data")
    if internal:
        tc.add("wording", None, None, ", ".join(internal[:3]) + f" … ({len(internal)} mã)",
               "(a readable id: article, S/M, number)",
               "internal identifiers shown to readers in the 'Mã' column")
    if expected_ids is not None:
        for cid in sorted(expected_ids - set(ids)):
            tc.add("structure", None, None, "(missing)", cid, "claim missing from the table")
        for cid in sorted(set(ids) - expected_ids):
            if cid in reg:
                tc.add("structure", None, None, cid, "(not in this table)",
                       "claim listed in the wrong chapter table")
        for cid, n in Counter(ids).items():
            if n > 1:
                tc.add("structure", None, None, f"{cid} ×{n}", cid, "claim listed twice")


def _check_note(c: Ctx, tc: TC, r: int, ci: int, claim: Claim) -> None:
    """The note: the data file's note, the facts the verdict rests on, each sentence once, no
    internal tokens, every number known."""
    note = tc.cell(r, ci)
    tc.ok(r, ci)
    where = tc.where(r, ci, claim.cid)
    chapter = tc.t.chapter
    c.report.checked += 1
    if claim.note and norm(claim.note) not in norm(note):
        c.report.add("value", chapter, where, note, claim.note, "note of the data file missing")
    low = norm(note).lower()
    for options, why in claim.note_needs:
        c.report.checked += 1
        if not any(o.lower() in low for o in options):
            c.report.add("explanation", chapter, where, note or "(trống)",
                         "… " + options[0] + " …", f"{why} (verdict «{VERDICT_VI[claim.verdict]}»)")
    for phrase, why in claim.note_forbids:
        c.report.checked += 1
        if phrase.lower() in low:
            c.report.add("explanation", chapter, where, note, f"(no «{phrase}»)",
                         f"the note says «{phrase}…», which is not true: {why}")
    if "chỉ một nguồn" in low and not claim.note_forbids:
        _one_source_in_articles(c, chapter, where, claim)
    if "không có trong dữ liệu" in low and claim.kind == "text":
        src_row = next((x for x in c.dom.claims if x["claim_id"] == claim.cid), None)
        v = src_row["claimed_value"].strip() if src_row else ""
        used = [o for o in c.dom.obs if v and o.denominator and frac(o.denominator) == frac(v)]
        c.report.checked += 1
        if used:
            c.report.add("explanation", chapter, where, note,
                         f"(the data use {fmt_natural(v)} as the denominator of "
                         + ", ".join(sorted({o.indicator for o in used})) + ")",
                         "the note says the figure is not in the book's data, but the "
                         "quarterly files use it (" + "; ".join(sorted({o.scope_note
                                                                        for o in used})) + ")")
    sents = _sentences(note)
    dup = [x for x, n in Counter(sents).items() if n > 1]
    c.report.checked += 1
    if dup:
        c.report.add("wording", chapter, where, note, " ".join(dict.fromkeys(sents)),
                     "the same sentence is printed twice: " + " | ".join(dup))
    elif repeated_facts(note):
        a, b = repeated_facts(note)[0]
        c.report.add("wording", chapter, where, note, "(each fact once)",
                     f"the note says the same thing twice: «{a}» and «{b}»")
    if "@" in note or re.search(r"\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b|\b\d{4}-\d{2}(?:-\d{2})?\b", note):
        c.report.add("wording", chapter, where, note, "(plain words)",
                     "internal reference syntax (codes, ISO dates) shown to readers")
    known = set(claim.known) | set(numbers_in(claim.note)) | set(numbers_in(claim.quote)) | \
        set(numbers_in(claim.claimed)) | set(numbers_in(claim.recomputed))
    if claim.detail_numbers:
        want = claim.detail_numbers
        got = numbers_in(note)
        missing = [x for x in want if x not in got and not any(x in g for g in [note])]
        c.report.checked += 1
        if missing:
            c.report.add("value", chapter, where, note, "numbers " + ", ".join(want),
                         "numbers of the generated detail recomputed independently")
        known |= {y for x in want for y in numbers_in(x)} | set(want)
    for x in numbers_in(note):
        if x not in known and x.lstrip("+-") not in known:
            c.report.not_checked(chapter, where, x + " in: " + note)


def _article_phrase(quote: str, value: Fraction) -> str | None:
    """The words of a quote around a figure: the number as written plus the next word (or the
    previous word when the number ends the quote)."""
    for m in VI_NUM.finditer(quote):
        v = frac(m.group(1).replace(".", "") + ("." + m.group(2) if m.group(2) else ""))
        if m.group(3) == "triệu":
            v *= 1_000_000
        elif m.group(3) == "nghìn":
            v *= 1000
        if v != value:
            continue
        after = re.match(r"\s*%?\s*[^\W\d_][^\s,.;:()«»]*", quote[m.end():])
        if after:
            return quote[m.start():m.end()] + after.group(0)
        # The number ends its clause: take the two words before it instead.
        unit = re.match(r"\s*%", quote[m.end():])
        before = re.search(r"(\S+\s+\S+\s+)$", quote[:m.start()])
        return ((before.group(1) if before else "") + quote[m.start():m.end()]
                + (unit.group(0) if unit else ""))
    return None


def _one_source_in_articles(c: Ctx, chapter: str, where: str, claim: Claim) -> None:
    """'Chỉ một nguồn nêu số này' must be true: no other article has the same words around the
    same number (a heuristic over the article texts, independent of the data files)."""
    if claim.stmt is None or claim.stmt.value is None or not c.dom.articles:
        return
    phrase = _article_phrase(claim.quote, claim.stmt.value)
    c.report.checked += 1
    if not phrase or len(phrase) < 3:
        return
    pat = re.compile(r"(?<![\d.,])" + re.escape(norm(phrase)).replace(r"\ ", r"\s*"), re.I)
    hits = [sid for sid, text in c.dom.articles.items()
            if sid != claim.source and pat.search(norm(text))]
    if hits:
        c.report.add("explanation", chapter, where, "chỉ một nguồn nêu số này",
                     f"bài {', '.join(hits)} cũng nêu «{phrase}»",
                     "the note says only one source states this figure, but another article "
                     "has the same words around the same number")


def _check_used_in(c: Ctx, tc: TC, r: int, col: int, cid: str) -> None:
    shown = tc.cell(r, col)
    hits = [t for p in c.pages.values() for t in p.tables.values()
            if t.tid in CLAIM_TABLES and t.tid != "tbl-so-doi-chieu"
            and any(row and row[0] == cid for row in t.rows)]
    want = tuple(t.number for t in hits) if hits else ("—",)
    c.report.compare(tc.t.chapter, tc.where(r, col, cid), shown,
                     E(want, "number of the chapter table that lists this claim"))


CLAIM_TABLE_GROUP = {"tbl-egdi-doi-chieu": "egdi", "tbl-thanh-phan-doi-chieu": "subindices",
                     "tbl-trong-nuoc-doi-chieu": "domestic", "tbl-cong-doi-chieu": "portal"}


def _claim_ids(c: Ctx, groups: set[str]) -> set[str]:
    """The claims a chapter's table lists: those of its group about the book's country."""
    return {cid for cid, cl in c.register().items()
            if cl.group in groups and cl.country == c.country}


def t_claims_for(groups: set[str]) -> Callable[[Ctx, TC], None]:
    def run(c: Ctx, tc: TC) -> None:
        t_claims(c, tc, _claim_ids(c, groups))
    return run


def t_so_doi_chieu(c: Ctx, tc: TC) -> None:
    t_claims(c, tc, set(c.register()))
    _same_verdict_everywhere(c)


def _same_verdict_everywhere(c: Ctx) -> None:
    """The same claim (and the same figure) gets the same verdict in every table."""
    seen: dict[str, set[str]] = defaultdict(set)
    for p in c.pages.values():
        for t in p.tables.values():
            if t.tid not in CLAIM_TABLES:
                continue
            ci = t.col("Kết luận")
            for row in t.rows:
                if row and ci < len(row):
                    seen[row[0]].add(row[ci])
    c.report.checked += 1
    for cid, verdicts in sorted(seen.items()):
        if len(verdicts) > 1:
            c.report.add("verdict", "07_kiem_chung", f"{cid} (mọi bảng đối chiếu)",
                         " / ".join(sorted(verdicts)), "one verdict",
                         "the same claim has different verdicts in different tables")


def t_kiem_chung_dem(c: Ctx, tc: TC) -> None:
    mine = Counter(cl.verdict for cl in c.register().values())
    reg_tbl = c.table("tbl-so-doi-chieu")
    book = Counter()
    if reg_tbl is not None:
        vcol = reg_tbl.col("Kết luận")
        book = Counter(row[vcol] for row in reg_tbl.rows)
    by_vi = {v: k for k, v in VERDICT_VI.items()}
    tc.rows_count(len(VERDICT_VI), "one row per verdict")
    shown_order = [by_vi.get(row[0]) for row in tc.t.rows]
    if shown_order != list(VERDICT_ORDER):
        tc.add("structure", None, None, " | ".join(row[0] for row in tc.t.rows),
               " | ".join(VERDICT_VI[k] for k in VERDICT_ORDER), "the six verdicts in order")
    for r, row in enumerate(tc.t.rows):
        tc.ok(r, 0)
        key = by_vi.get(row[0])
        if key is None:
            tc.add("structure", r, None, row[0], "-", "not a verdict of the method page")
            continue
        if reg_tbl is not None and str(book[row[0]]) != row[1]:
            tc.add("count", r, 1, row[1], str(book[row[0]]),
                   "rows of tbl-so-doi-chieu with this verdict")
        tc.check(r, 1, E(str(mine[key]), "claims with this verdict, verdicts re-derived "
                                         "independently (see the verdict findings)",
                         cls="verdict"))


def t_mau_thuan(c: Ctx, tc: TC) -> None:
    reg = c.register()
    rows = {cid: cl for cid, cl in reg.items() if cl.verdict == "conflict"}
    tc.rows_count(len(rows), "claims whose verdict is «Các bài báo mâu thuẫn» (re-derived)",
                  "verdict")
    for r, row in enumerate(tc.t.rows):
        tc.ok(r, 0)
        cl = rows.get(row[0])
        if cl is None:
            tc.add("verdict", r, None, row[0], "-", "not a contradicting claim (re-derived)")
            continue
        tc.check(r, 1, cl.source)
        tc.check(r, 2, f"«{cl.quote}»")
        tc.check(r, 3, E(", ".join(sorted(cl.contradicts)), "the claims it contradicts "
                         "(both ways; same thing, different figure)", cls="verdict"))
        tc.ok(r, 4)
        c.report.checked += 1
        if cl.note and norm(cl.note) not in norm(row[4]):
            tc.add("value", r, 4, row[4], cl.note, "note of the data file")
        if not row[4]:
            tc.add("wording", r, 4, "(trống)", "(the reason of the contradiction)",
                   "the contradiction is not explained to the reader")
        sents = _sentences(row[4])
        if len(sents) != len(set(sents)):
            tc.add("wording", r, 4, row[4], " ".join(dict.fromkeys(sents)),
                   "the same sentence is printed twice")
        elif repeated_facts(row[4]):
            a, b = repeated_facts(row[4])[0]
            tc.add("wording", r, 4, row[4], "(each fact once)",
                   f"the note says the same thing twice: «{a}» and «{b}»")
    for cid in sorted(rows.keys() - {row[0] for row in tc.t.rows}):
        tc.add("verdict", None, None, "(missing)", cid,
               "a claim whose verdict is «Các bài báo mâu thuẫn» is missing from the table")


# -- domestic tables ------------------------------------------------------------------------

def _name_to_code(c: Ctx) -> dict[str, str]:
    return {norm(v["name_vi"]): k for k, v in c.dom.indicators.items()}


def _indicator_rows(c: Ctx, tc: TC) -> Iterator[tuple[int, list[str], str | None]]:
    """Each row of a table whose first cell names an indicator, with the indicator's code (None
    for a name not in the catalogue); the name cell itself counts as checked."""
    names = _name_to_code(c)
    for r, row in enumerate(tc.t.rows):
        tc.ok(r, 0)
        yield r, row, names.get(norm(row[0]))


def _target_text(c: Ctx, t: Target) -> str:
    if t.value is None:
        return "không nêu giá trị"
    cmp_ = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}[t.comparator]
    head = f"{cmp_} {c.dom.show(value=t.value, indicator=t.indicator)}"
    return head + (f"; hạn {date_vi(t.deadline)}" if t.deadline else "; không nêu thời hạn")


def _parse_target_cell(text: str) -> tuple[Fraction | None, date | None]:
    m = re.match(r"^[≥≤<>=]\s*([\d.,]+)", norm(text))
    value = parse_vi_number(m.group(1)) if m else None
    d = None
    m2 = re.search(r"hạn (năm (\d{4})|tháng (\d{2})/(\d{4}))", text)
    if m2:
        d = date_end(m2.group(2)) if m2.group(2) else date_end(f"{m2.group(4)}-{m2.group(3)}")
    return value, d


def _gap_text(c: Ctx, o: Obs | None, t: Target, status: str) -> str:
    if o is None or t.value is None or status == "met" or o.qualifier == "dưới":
        return "—"
    gap = t.value - o.value
    if c.dom.unit(t.indicator) == "percent":
        text = f"{fmt(gap, 2)} điểm %"
    else:
        text = fmt_natural(gap)
    if o.qualifier in APPROX:
        text = "khoảng " + text
    elif o.qualifier in LOWER:
        text = "dưới " + text
    return text


def t_muc_tieu(c: Ctx, tc: TC) -> None:
    groups = c.groups()
    tc.rows_count(len(groups), "one row per distinct target; 'năm 2020' and 'tháng 12/2020' are "
                  "the same deadline (31/12/2020), so those targets are one target", "merge")
    matched: dict[int, list[int]] = defaultdict(list)
    for r, row, code in _indicator_rows(c, tc):
        if code is None:
            tc.add("structure", r, None, row[0], "-", "indicator not in the catalogue")
            continue
        value, end = _parse_target_cell(row[2])
        g_idx = next((i for i, g in enumerate(groups) if g[0].indicator == code
                      and g[0].value == value and (g[0].end == end or value is None)), None)
        if g_idx is None:
            tc.add("structure", r, None, row[2], "-", "no such target in targets.csv")
            continue
        matched[g_idx].append(r)
        g = groups[g_idx]
        obs = c.dom.of(code, c.quarter, c.as_of)
        last = obs[-1] if obs else None
        tc.check(r, 1, "—" if last is None else f"{c.dom.show(last)} ({date_vi(last.date)})")
        tc.check(r, 2, E(tuple(_target_text(c, t) for t in g)))
        srcs = c.group_sources(g)
        shown_srcs = [s.strip() for s in row[3].split(";")[0].split(",")]
        legal = sorted({t.legal for t in g if t.legal and t.source in shown_srcs})
        tc.ok(r, 3)
        c.report.checked += 1
        if shown_srcs != srcs:
            tc.add("value", r, 3, row[3], ", ".join(srcs), "the articles that state the target "
                   "(merged targets: all of them, in the order of the targets file)")
        for lb in legal:
            if lb not in row[3]:
                tc.add("value", r, 3, row[3], lb, "legal basis of the target")
        status = c.group_status(g)
        exp_gap = _gap_text(c, last, g[0], status)
        gap_cls = "bounds" if last is not None and last.qualifier else "value"
        if last is not None and c.dom.unit(code) == "count" and gap_cls == "value":
            gap_cls = "rounding"
        tc.check(r, 4, E(exp_gap, "target minus the latest figure; an approximate or bounded "
                         "figure gives an approximate or bounded gap; counts have no decimals",
                         cls=gap_cls))
        tc.check(r, 5, E(STATUS_VI[status], "status as of the end of the quarter"))
    for g_idx, rows in matched.items():
        if len(rows) > 1:
            g = groups[g_idx]
            tc.add("merge", rows[1], None, " / ".join(tc.t.rows[i][2] for i in rows),
                   f"one row: {_target_text(c, g[0])} ({', '.join(c.group_sources(g))})",
                   f"targets {', '.join(t.tid for t in g)} have the same value and the same "
                   "deadline (end of 2020): they are one target, counted once")
    for i, g in enumerate(groups):
        if i not in matched:
            tc.add("structure", None, None, "(missing)", _target_text(c, g[0]),
                   f"target {g[0].tid} missing")


def t_muc_tieu_mau_thuan(c: Ctx, tc: TC) -> None:
    by_ind: dict[str, list[list[Target]]] = defaultdict(list)
    for g in c.groups():
        by_ind[g[0].indicator].append(g)
    conflicting = []
    for gs in by_ind.values():
        vals = {g[0].value for g in gs if g[0].value is not None}
        ends = {g[0].end for g in gs if g[0].end is not None}
        if len(gs) > 1 and (len(vals) > 1 or len(ends) > 1):
            conflicting += [t for g in gs for t in g]
    c.register()  # derives the readable target ids
    tc.rows_count(len(conflicting), "targets of indicators with differing values or deadlines")
    for r, row in enumerate(tc.t.rows):
        t = next((x for x in conflicting if x.source == row[2]
                  and norm(f"«{x.quote}»") == norm(row[3])), None)
        if t is None:
            tc.ok(r, 1)
            tc.add("structure", r, None, " | ".join(row[1:4]), "-", "target not in conflict")
            continue
        tc.check(r, 1, E(c.tgt_ids[t.tid], "the target's id as the claims register prints it; "
                         f"«{t.tid}» is the data file's internal key", cls="wording"))
        tc.check(r, 0, c.dom.name(t.indicator))
        tc.check(r, 2, t.source)
        tc.check(r, 3, f"«{t.quote}»")
        if _quote_ok(c, t.source, t.quote) is False:
            tc.add("source", r, 3, t.quote, "(article text)", "quote not in the article")
        tc.check(r, 4, c.dom.show(value=t.value, indicator=t.indicator) if t.value else "—")
        tc.check(r, 5, date_vi(t.deadline) if t.deadline else "không nêu")
        tc.check(r, 6, t.legal or "không nêu")


def t_dvc_bo_tinh(c: Ctx, tc: TC) -> None:
    codes = [k for k, v in c.dom.indicators.items() if v["group"] == "dvctt"
             and v["unit"] == "count"]
    obs = [o for o in c.dom.upto(c.quarter) if o.indicator in codes]
    tc.rows_count(len(obs), "observations of the level-4 counts by ministry/province")
    for r, row, code in _indicator_rows(c, tc):
        cand = [o for o in obs if o.indicator == code]
        if not cand:
            tc.add("structure", r, None, row[0], "-", "no observation")
            continue
        o = cand[0]
        tc.check(r, 1, c.dom.show(o))
        tc.check(r, 2, date_vi(o.date))
        tc.check(r, 3, o.scope_note)
        tc.check(r, 4, o.source)
        tc.check(r, 5, f"«{o.quote}»")


CNTT_GROUP = {"bo": "Bộ, cơ quan ngang bộ", "tinh": "Tỉnh, thành phố"}
CNTT_POS = {"dan_dau": "Dẫn đầu", "cuoi": "Xếp cuối"}


def t_cntt(c: Ctx, tc: TC) -> None:
    rows = c.dom.cntt
    tc.rows_count(len(rows), "rows of cntt_2019.csv")
    for r in range(len(tc.t.rows)):
        if r >= len(rows):
            break
        s = rows[r]
        tc.check(r, 0, CNTT_GROUP[s["group"]])
        tc.check(r, 1, CNTT_POS[s["position"]])
        tc.check(r, 2, s["unit_name"])
        tc.check(r, 3, f"{s['qualifier']} {fmt_natural(s['value'])}".strip() if s["value"]
                 else "không nêu")
        tc.check(r, 4, f"«{s['quote']}»")
        if s["value"] and not re.search(re.escape(s["qualifier"]) + r"\s+"
                                        + re.escape(fmt_natural(s["value"])), s["quote"]):
            tc.add("source", r, 3, tc.cell(r, 3), s["quote"], "value/qualifier not in the quote")


def _interval(o: Obs) -> tuple[str, Fraction]:
    """('exact'|'lower'|'upper'|'approx', value)."""
    if not o.qualifier:
        return "exact", o.value
    if o.qualifier in LOWER:
        return "lower", o.value
    if o.qualifier == "dưới":
        return "upper", o.value
    return "approx", o.value


def _same_scope(a: Obs, b: Obs) -> bool:
    """Observations carry a scope (column ``scope``; empty = the indicator's own definition)."""
    return a.scope == b.scope


NOT_COMPUTED_BOUNDS = "không tính được: cả hai số đều chỉ là cận (hơn, trên, dưới…)"


def _not_comparable_text(new: Obs, old: Obs) -> str:
    if not _same_scope(new, old):
        return (f"không so sánh: hai số liệu khác phạm vi ({old.scope or 'không ghi'} / "
                f"{new.scope or 'không ghi'})")
    return NOT_COMPUTED_BOUNDS


def change_text(word: str, d: Fraction, ratio: Fraction, percent: bool) -> str:
    """A change between two figures as the reader sees it, the bound word kept: a count changes
    by a number and a ratio («+51 (gấp 3,0 lần)», «hơn +2.099.000 (gấp hơn 2.100,0 lần)»); a
    percentage changes by percentage points, two decimals like the gap to a plan («+55,60 điểm
    %»), and a ratio of two percentages is not a figure of the indicator."""
    q = f"{word} " if word else ""
    if percent:
        return f"{q}{fmt(d, 2, sign=True)} điểm %"
    return f"{q}{fmt(d, 0, sign=True)} (gấp {q}{fmt(ratio, 1)} lần)"


def _diff_expect(c: Ctx | None, new: Obs, old: Obs) -> tuple[str | None, str, str]:
    """Expected 'change' text, finding class and why, between two observations (None = the
    change is not computed: other scope, or bounds whose arithmetic says nothing)."""
    if not _same_scope(new, old):
        return (None, "scope", f"scopes differ («{old.scope}» vs «{new.scope}»): no change or "
                "ratio is computed across scopes")
    kn, vn = _interval(new)
    ko, vo = _interval(old)
    d, ratio = vn - vo, vn / vo
    percent = c is not None and c.dom.unit(new.indicator) == "percent"
    unit = " (percentage points)" if percent else ""
    if kn == ko == "exact":
        return change_text("", d, ratio, percent), "value", "exact difference" + unit
    if (kn, ko) in (("lower", "exact"), ("lower", "upper")):
        return (change_text("hơn", d, ratio, percent), "bounds",
                "a lower bound minus an exact figure or an upper bound is a lower bound" + unit)
    if (kn, ko) in (("exact", "lower"), ("upper", "lower"), ("upper", "exact")):
        return (change_text("dưới", d, ratio, percent), "bounds",
                "an exact figure or an upper bound minus a lower bound is an upper bound" + unit)
    if (kn, ko) == ("exact", "upper"):
        return (change_text("hơn", d, ratio, percent), "bounds",
                "an exact figure minus an upper bound is a lower bound" + unit)
    if "approx" in (kn, ko) and {kn, ko} <= {"approx", "exact"}:
        return (change_text("khoảng", d, ratio, percent), "bounds",
                "approximate figures give an approximate change" + unit)
    return (None, "bounds", f"«{new.qualifier} {fmt_natural(vn)}» and «{old.qualifier} "
            f"{fmt_natural(vo)}»: the arithmetic of two bounds of the same direction (or of a "
            "bound and an approximate figure) says nothing, so nothing is computed")


def _check_not_computed(c: Ctx, tc: TC, r: int, ci: int, new: Obs, old: Obs, cls: str,
                        why: str) -> None:
    shown = tc.cell(r, ci)
    want = _not_comparable_text(new, old)
    tc.ok(r, ci)
    c.report.checked += 1
    if norm(shown) == norm(want):
        return
    if numbers_in(shown) == numbers_in(want):
        tc.add("wording", r, ci, shown, want, why + " (the reason, in the book's words)")
    else:
        tc.add(cls, r, ci, shown, want, why)


def t_moi_trong_quy(c: Ctx, tc: TC) -> None:
    new = _new_obs(c)
    tc.rows_count(len(new), "observations of the quarter")
    for r, row, code in _indicator_rows(c, tc):
        o = next((x for x in new if x.indicator == code), None)
        if o is None:
            tc.add("structure", r, None, row[0], "-", "no observation this quarter")
            continue
        tc.check(r, 1, f"{c.dom.show(o)} ({date_vi(o.date)})")
        p = _prev_obs(c, o)
        tc.check(r, 2, "—" if p is None else f"{c.dom.show(p)} ({date_vi(p.date)})")
        if p is None:
            tc.check(r, 3, "lần đầu có số liệu")
        else:
            text, cls, why = _diff_expect(c, o, p)
            if text is None:
                _check_not_computed(c, tc, r, 3, o, p, cls, why)
            else:
                tc.check(r, 3, E(text, why, cls=cls))
        notes = [x for x in (p.scope_note if p else "", o.scope_note) if x]
        tc.ok(r, 4)
        for n in notes:
            if norm(n) not in norm(tc.cell(r, 4)):
                tc.add("value", r, 4, tc.cell(r, 4), n, "scope notes of the two figures")
        tc.check(r, 5, ", ".join(sorted({o.source} | ({p.source} if p else set()))))


def t_doi_trang_thai(c: Ctx, tc: TC) -> None:
    changes = _status_changes(c)
    tc.rows_count(len(changes), "merged targets whose status changed ('năm 2020' = "
                  "'tháng 12/2020')", "merge")
    used: dict[int, list[int]] = defaultdict(list)
    good = {"met", "on_track"}
    for r, row, code in _indicator_rows(c, tc):
        tc.ok(r, 1)
        srcs = {s.strip() for s in row[1].split(",")}
        idx = next((i for i, (g, _, _) in enumerate(changes) if g[0].indicator == code
                    and srcs <= set(c.group_sources(g))), None)
        if idx is None:
            tc.add("structure", r, None, f"{row[0]} ({row[1]})", "-", "status did not change")
            continue
        used[idx].append(r)
        g, before, after = changes[idx]
        tc.check(r, 2, STATUS_VI[before])
        tc.check(r, 3, STATUS_VI[after])
        # Statuses that judge nothing (no figure, no figure after the deadline, no target
        # level) cannot take a target off track: the data say nothing about it.
        silent = {"no_data", "no_data_after", "no_value"}
        direction = ("vào đúng hướng" if after in good and before not in good else
                     "ra khỏi đúng hướng" if before in good and after not in good | silent
                     else "khác")
        tc.check(r, 4, E(direction, f"{STATUS_VI[before]} → {STATUS_VI[after]}: "
                         + ("a status that judges nothing (the figures stop before the "
                            "deadline) does not mean the target left the right track"
                            if after in silent else "direction of the change"),
                         cls="explanation"))
    for idx, rows in used.items():
        if len(rows) > 1:
            g = changes[idx][0]
            tc.add("merge", rows[1], None, " / ".join(tc.t.rows[i][1] for i in rows),
                   ", ".join(c.group_sources(g)),
                   f"targets {', '.join(t.tid for t in g)} are one target (same value, deadline "
                   "end of 2020): one status change, not several")
    for i, (g, _, _) in enumerate(changes):
        if i not in used:
            tc.add("structure", None, None, "(missing)", g[0].tid, "status change missing")


# -- portal / KPI tables --------------------------------------------------------------------

def t_cong_dvcqg(c: Ctx, tc: TC) -> None:
    obs = _group_obs(c, "cong_dvcqg")
    dates = sorted({o.date for o in obs}, key=date_end)
    if len(dates) < 2:
        tc.add("structure", None, None, f"{len(tc.t.rows)} dòng", "(no table)",
               "the portal figures up to the quarter are of one date: nothing to compare")
        return
    first, last = dates[0], dates[-1]
    heads = [norm(h) for h in tc.t.headers]
    for i, d in ((1, first), (2, last)):
        want = date_vi(d)
        if heads[i] != want:
            tc.add("value", None, None, heads[i], want, "dates of the two portal reports")
    present = sorted({o.indicator for o in obs})
    tc.rows_count(len(present), "portal indicators with data")
    for r, _row, code in _indicator_rows(c, tc):
        a = next((o for o in obs if o.indicator == code and o.date == first), None)
        b = next((o for o in obs if o.indicator == code and o.date == last), None)
        tc.check(r, 1, "—" if a is None else c.dom.show(a))
        tc.check(r, 2, "—" if b is None else c.dom.show(b))
        shown = tc.cell(r, 3)
        if a is None or b is None:
            tc.check(r, 3, "—")
        else:
            text, cls, why = _diff_expect(c, b, a)
            m = re.search(r"\(gấp (.*) lần\)", text or "")
            want = m.group(1) if m else None
            if want is None:
                _check_not_computed(c, tc, r, 3, b, a, cls, why)
            else:
                tc.ok(r, 3)
                c.report.compare(tc.t.chapter, tc.where(r, 3), shown, E(want, why, cls=cls))
        notes = [o.scope_note for o in (a, b) if o is not None and o.scope_note]
        tc.ok(r, 4)
        for n in notes:
            if norm(n) not in norm(tc.cell(r, 4)):
                tc.add("value", r, 4, tc.cell(r, 4), n, "scope notes")
        tc.check(r, 5, ", ".join(sorted({o.source for o in (a, b) if o is not None})))


def _target_of(c: Ctx, code: str) -> list[Target] | None:
    gs = [g for g in c.groups() if g[0].indicator == code]
    return gs[0] if gs else None


def t_kpi(c: Ctx, tc: TC) -> None:
    codes = [k for k, v in c.dom.indicators.items() if v["group"] == "cds_kpi"]
    obs = [o for o in c.dom.obs if o.quarter == c.quarter and o.indicator in codes]
    tc.rows_count(len(obs), "KPI observations of the quarter")
    for r, row, code in _indicator_rows(c, tc):
        o = next((x for x in obs if x.indicator == code), None)
        if o is None:
            tc.add("structure", r, None, row[0], "-", "no KPI observation")
            continue
        tc.check(r, 1, c.dom.show(o))
        g = _target_of(c, code)
        if g is None:
            tc.check(r, 2, "bài không nêu kế hoạch")
            tc.check(r, 3, "—")
            tc.check(r, 4, "không có kế hoạch để so")
            continue
        t = g[0]
        if t.value is None:
            tc.ok(r, 2)
            if norm(t.quote) not in norm(tc.cell(r, 2)):
                tc.add("value", r, 2, tc.cell(r, 2), t.quote, "target quote")
            tc.check(r, 3, "—")
        else:
            tc.check(r, 2, c.dom.show(value=t.value, indicator=code))
            tc.check(r, 3, E(f"{fmt(o.value - t.value, 2, sign=True)} điểm %",
                             "figure minus plan"))
        tc.check(r, 4, STATUS_VI[c.group_status(g)])


def _platform_rows(c: Ctx) -> list[str]:
    """What the platforms table shows, up to the quarter: each total an article splits into
    parts (a «sum» claim), and each platform or security figure stated over a total (a share)
    that is not itself a part of such a sum."""
    upto = {o.ref: o for o in c.dom.upto(c.quarter)
            if c.dom.indicators[o.indicator]["group"] in ("nen_tang", "attt")}
    sums = [r["refs"].split() for r in c.dom.claims if r["kind"] == "sum"]
    parts = {x for refs in sums for x in refs}
    return [refs[0] for refs in sums if refs[0] in upto] + [
        ref for ref, o in upto.items() if o.denominator and ref not in parts]


def t_nen_tang(c: Ctx, tc: TC) -> None:
    sums = [r for r in c.dom.claims if r["kind"] == "sum"]
    tc.rows_count(len(_platform_rows(c)), "platform totals split into parts and shares of a "
                  "stated total, up to the quarter")
    for r, row, code in _indicator_rows(c, tc):
        claim = next((s for s in sums if s["refs"].split()[0].split("@")[0] == code), None)
        if claim is not None:
            total = c.dom.by_ref(claim["refs"].split()[0])
            parts = [c.dom.by_ref(x) for x in claim["refs"].split()[1:]]
            tc.check(r, 1, c.dom.show(total))
            label = lambda code: c.dom.name(code)[:1].lower() + c.dom.name(code)[1:]  # noqa
            tc.check(r, 2, E("; ".join(f"{label(p.indicator)}: {c.dom.show(p)}" for p in parts),
                             "part names as in the catalogue (only the first letter lowered; "
                             "'Chính phủ số' keeps its capital)", cls="wording"))
            s = sum((p.value for p in parts), Fraction(0))
            tc.check(r, 3, fmt_natural(s))
            tc.check(r, 4, "có" if s == total.value else "không")
            continue
        o = next((x for x in c.dom.upto(c.quarter) if x.indicator == code), None)
        if o is None or not o.denominator:
            tc.add("structure", r, None, row[0], "-", "unknown row")
            continue
        tc.check(r, 1, c.dom.show(o))
        tc.check(r, 2, f"trên tổng số {fmt_natural(o.denominator)} hệ thống")
        share = o.value * 100 / frac(o.denominator)
        q = o.qualifier if o.qualifier in LOWER else ("khoảng" if o.qualifier else "")
        tc.check(r, 3, E(f"{q} {fmt_natural(share)} %".strip(), "bounded numerator over an "
                         "exact total keeps the bound"))
        tc.check(r, 4, "—")


# -- data-source tables ---------------------------------------------------------------------

def _quarterly_row(c: Ctx, tc: TC, r: int, desc: dict) -> None:
    """The quarterly files' row, against the descriptor's ``quarterly`` entry: one row for all
    the files, named by the descriptor's path pattern."""
    files = sorted((REPO / "data" / "quarterly").glob("*.csv"))
    fields = [f["name"] for f in desc.get("schema", {}).get("fields", [])]
    tc.check(r, 1, desc.get("title", ""))
    headers = {}
    for path in files:
        with path.open(encoding="utf-8-sig") as fh:
            headers[path.name] = next(csv.reader(fh), [])
    # Older files lack the optional columns; the table counts the descriptor's columns, which
    # every file's header must stay within.
    tc.check(r, 2, E(str(len(fields)), "columns of the quarterly files as the descriptor "
                     "defines them (the widest header: " + str(max(map(len, headers.values()),
                                                                      default=0)) + ")"))
    for name, head in headers.items():
        extra = [h for h in head if h not in fields]
        c.report.checked += 1
        if extra:
            tc.add("structure", r, 2, f"{name}: " + ", ".join(extra), "(descriptor's columns)",
                   "a quarterly file has columns the descriptor does not define")
    if desc.get("sources"):
        tc.check(r, 3, "; ".join(s.get("title", "") for s in desc["sources"]))
        return
    # No sources in the descriptor: every row names its article (column source_id), so the
    # cell must say the rows come from the articles.
    ids = {row["source_id"] for path in files for row in read_csv(path)}
    press = {k for k, v in c.dom.sources.items() if v.get("kind") == "press"}
    tc.ok(r, 3)
    c.report.checked += 1
    if not ids <= press or "bài báo" not in tc.cell(r, 3):
        tc.add("value", r, 3, tc.cell(r, 3), "(the articles each row names)" if ids <= press
               else ", ".join(sorted(ids - press)), "sources of the quarterly rows (source_id)")


def t_bang_du_lieu(c: Ctx, tc: TC) -> None:
    pkg = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    res = {f"data/{r['path']}": r for r in pkg["resources"]}
    quarterly = pkg.get("quarterly")
    patterns = {f"data/{x.strip()}" for x in (quarterly or {}).get("path_pattern", "").split(
        "hoặc") if x.strip()}
    has_q = any(row[0].strip("`") in patterns for row in tc.t.rows)
    tc.rows_count(len(res) + has_q, "resources of data/datapackage.json"
                  + (", plus one row for the quarterly files" if has_q else ""))
    for r, row in enumerate(tc.t.rows):
        path = row[0].strip("`")
        tc.ok(r, 0)
        if path in patterns:
            _quarterly_row(c, tc, r, quarterly)
            continue
        meta = res.get(path)
        if meta is None:
            tc.add("structure", r, None, row[0], "-", "not a resource")
            continue
        tc.check(r, 1, meta.get("title", ""))
        if "193" in row[1]:
            n = len(read_csv(REPO / path))
            if n != 193:
                tc.add("count", r, 1, row[1], str(n), "rows of the file")
        with (REPO / path).open(encoding="utf-8-sig") as fh:
            ncols = len(next(csv.reader(fh)))
        tc.check(r, 2, str(ncols))
        srcs = "; ".join(s.get("title", "") for s in meta.get("sources", [])) or "dự án"
        tc.check(r, 3, srcs)
    if quarterly and not has_q:
        tc.add("wording", None, None, "(không có dòng)", "data/quarterly/YYYYQn.csv",
               "the quarterly files (the primary domestic data, described in datapackage.json) "
               "are not listed among the data tables")


def t_tep_goc(c: Ctx, tc: TC) -> None:
    tc.rows_count(len(c.un.sha), "one row per raw survey file")
    pkg = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    text = json.dumps(pkg, ensure_ascii=False)
    for r, row in enumerate(tc.t.rows):
        y = int(row[0])
        tc.ok(r, 0)
        sha, size, rows, name = c.un.sha[y]
        tc.check(r, 1, name)
        tc.check(r, 2, str(rows))
        tc.check(r, 3, fmt(size, 0))
        tc.check(r, 4, sha)
        tc.ok(r, 5)
        m = re.match(r"(\d{2})/(\d{2})/(\d{4})", row[5])
        if not m or f"{m.group(3)}-{m.group(2)}-{m.group(1)}" not in text:
            tc.add("value", r, 5, row[5], "(import date recorded in datapackage.json)",
                   "import date")


def t_nguon_bao_chi(c: Ctx, tc: TC) -> None:
    press = {k: v for k, v in c.dom.sources.items() if v["kind"] == "press"}
    tc.rows_count(len(press), "press sources")
    for r, row in enumerate(tc.t.rows):
        s = press.get(row[0])
        tc.ok(r, 0)
        if s is None:
            tc.add("structure", r, None, row[0], "-", "not a press source")
            continue
        tc.check(r, 1, s["title"])
        tc.check(r, 2, s["outlet"] or "không ghi")
        tc.check(r, 3, date_vi(s["event_date"]))
        tc.check(r, 4, s["note"])
        art = c.dom.articles.get(row[0])
        if art is not None:
            parts = s["event_date"].split("-")
            if len(parts) == 3:
                d, m = int(parts[2]), int(parts[1])
                pats = [f"{d}/{m}", f"{d:02d}/{m:02d}", f"{d}-{m}"]
                if not any(p in art for p in pats):
                    tc.add("source", r, 3, row[3], "(date in the article)",
                           "event day not found in the article text")
            if s["outlet"] and s["outlet"] not in art:
                tc.add("source", r, 2, row[2], "(outlet named in the article)",
                       "outlet not named in the article")


TABLE_RULES: dict[str, tuple[str, str, Callable[[Ctx, TC], None]]] = {
    "tbl-egdi-theo-nam": ("01_tong_quan_egdi", "EGDI, published/regional ranks and group per "
                          "survey", t_egdi_theo_nam),
    "tbl-egdi-trung-binh": ("01_tong_quan_egdi", "EGDI vs unweighted world/region/sub-region "
                            "means and the gap to the world mean", t_egdi_trung_binh),
    "tbl-egdi-doi-chieu": ("01_tong_quan_egdi", "press claims about EGDI, recomputed",
                           t_claims_for({"egdi"})),
    "tbl-chi-so-thanh-phan": ("02_chi_so_thanh_phan", "OSI/TII/HCI/EPI and their ranks (ties "
                              "share the better rank) with changes", t_chi_so_thanh_phan),
    "tbl-phan-tach-egdi": ("02_chi_so_thanh_phan", "EGDI change split into (change of each "
                           "component)/3 and a residual", t_phan_tach),
    "tbl-dong-hang": ("02_chi_so_thanh_phan", "cases where a tie rule changes rank or change",
                      t_dong_hang),
    "tbl-thanh-phan-doi-chieu": ("02_chi_so_thanh_phan", "press claims about sub-index ranks",
                                 t_claims_for({"subindices"})),
    "tbl-tieu-vung": ("03_so_sanh_khu_vuc", "sub-region members ordered by published rank",
                      t_tieu_vung),
    "tbl-muc-tieu": ("04_chi_tieu_trong_nuoc", "each distinct target, latest figure, gap, "
                     "status", t_muc_tieu),
    "tbl-muc-tieu-mau-thuan": ("04_chi_tieu_trong_nuoc", "targets stated differently by the "
                               "sources", t_muc_tieu_mau_thuan),
    "tbl-dvc-bo-tinh": ("04_chi_tieu_trong_nuoc", "level-4 counts by ministry/province",
                        t_dvc_bo_tinh),
    "tbl-cntt-2019": ("04_chi_tieu_trong_nuoc", "IT-application index 2019 as the article "
                      "states it", t_cntt),
    "tbl-trong-nuoc-doi-chieu": ("04_chi_tieu_trong_nuoc", "press claims on domestic "
                                 "indicators", t_claims_for({"domestic"})),
    "tbl-cong-dvcqg": ("05_cong_dvc_chuyen_doi_so", "portal figures at two dates and ratio",
                       t_cong_dvcqg),
    "tbl-kpi-cds": ("05_cong_dvc_chuyen_doi_so", "digital-transformation KPIs vs plan", t_kpi),
    "tbl-nen-tang-attt": ("05_cong_dvc_chuyen_doi_so", "platform totals = sum of parts; "
                          "approved systems share", t_nen_tang),
    "tbl-cong-doi-chieu": ("05_cong_dvc_chuyen_doi_so", "press claims on the portal and KPIs",
                           t_claims_for({"portal"})),
    "tbl-moi-trong-quy": ("06_co_gi_moi", "figures new in the quarter vs the previous one",
                          t_moi_trong_quy),
    "tbl-doi-trang-thai": ("06_co_gi_moi", "targets whose status changed", t_doi_trang_thai),
    "tbl-kiem-chung-dem": ("07_kiem_chung", "claims per verdict", t_kiem_chung_dem),
    "tbl-mau-thuan": ("07_kiem_chung", "claims contradicting another", t_mau_thuan),
    "tbl-so-doi-chieu": ("07_kiem_chung", "the full claims register", t_so_doi_chieu),
    "tbl-bang-du-lieu": ("90_nguon_du_lieu", "data tables: columns, sources", t_bang_du_lieu),
    "tbl-tep-goc-un": ("90_nguon_du_lieu", "raw UN files: rows, bytes, SHA-256", t_tep_goc),
    "tbl-nguon-bao-chi": ("90_nguon_du_lieu", "press sources", t_nguon_bao_chi),
}


# --------------------------------------------------------------------------------------------
# Counts stated about a table must equal the table's rows
# --------------------------------------------------------------------------------------------


def _changes_differ(cell: str) -> bool:
    parts = [p.strip() for p in cell.split("/")]
    return "—" not in parts and len(set(parts)) > 1


def _section_list(page: Page, heading: str) -> list[str] | None:
    for sec in page.article.find_all("section"):
        h = sec.find(["h2", "h3"])
        if h is not None and norm(h.get_text(" ")).startswith(heading):
            ul = sec.find("ul")
            return [text_of(li) for li in ul.find_all("li")] if ul is not None else []
    return None


def _section_items(page: Page, heading: str) -> int | None:
    items = _section_list(page, heading)
    return None if items is None else len(items)


def check_lists(c: Ctx) -> None:
    """The lists of indicators: without data (chapter 4) and not updated (chapter 6)."""
    page = c.pages.get("04_chi_tieu_trong_nuoc")
    items = _section_list(page, "Chỉ tiêu chưa có số liệu") if page else None
    if items is not None:
        want = []
        for g in c.groups():
            if c.group_status(g) == "no_data":
                want.append(f"{c.dom.name(g[0].indicator)} (mục tiêu theo bài "
                            f"{', '.join(c.group_sources(g))})")
        c.report.checked += 1
        if sorted(items) != sorted(want):
            c.report.add("value", "04_chi_tieu_trong_nuoc", "list «Chỉ tiêu chưa có số liệu»",
                         " | ".join(items), " | ".join(want),
                         "indicators with a target and no figure up to the quarter")
    page = c.pages.get("06_co_gi_moi")
    items = _section_list(page, "Chỉ tiêu chưa được cập nhật") if page else None
    if items is not None:
        want = [norm(c.dom.name(i)) for i in _stale(c)]  # the catalogue writes "10\xa0%"
        c.report.checked += 1
        if sorted(items) != sorted(want):
            c.report.add("value", "06_co_gi_moi", "list «Chỉ tiêu chưa được cập nhật»",
                         " | ".join(sorted(items)), " | ".join(sorted(want)),
                         "indicators with a figure in the previous quarter and none in this one")


def check_source_lines(c: Ctx, html_dir: Path, stage: Path | None) -> None:
    """'Nguồn: bài …' under a table or in a figure caption names the articles whose figures the
    table or chart shows (read from its cells and its download), no more and no fewer."""
    for stem, page in c.pages.items():
        for a in page.article.select("a.download, a.reference.download"):
            m = re.search(r"/((?:tbl|fig)-[\w-]+)\.csv$", a.get("href") or "")
            block = a.find_parent(["p", "figcaption"])
            if not m or block is None:
                continue
            said = re.search(r"Nguồn: bài ((?:A\d{3}(?:, )?)+) trong bộ nguồn", text_of(block))
            if not said:
                continue
            ident = m.group(1)
            listed = set(re.findall(r"A\d{3}", said.group(1)))
            used: set[str] = set()  # articles in a source column: must be listed
            mentioned: set[str] = set()  # articles named anywhere in the table: may be listed
            tbl = page.tables.get(ident)
            if tbl is not None:
                src_cols = [i for i, h in enumerate(tbl.headers) if norm(h).startswith("Nguồn")]
                for row in tbl.rows:
                    for i, cell in enumerate(row):
                        ids = set(re.findall(r"(?<![\w-])A\d{3}(?![\w-])", cell))
                        mentioned |= ids
                        if i in src_cols:
                            used |= ids
            path = find_download(html_dir, stage, f"{ident}.csv")
            for r in read_output_csv(path) if path else []:
                for k in ("source", "sources", "source_id", "nguon"):
                    used |= set(re.findall(r"A\d{3}", r.get(k) or ""))
            if not used:
                continue
            c.report.checked += 1
            extra, missing = sorted(listed - used - mentioned), sorted(used - listed)
            if extra or missing:
                c.report.add("wording", stem, f"{ident}: dòng «Nguồn»", said.group(0),
                             "bài " + ", ".join(sorted(used)),
                             "the source line names the articles the table/chart shows"
                             + (f"; listed but not used: {', '.join(extra)}" if extra else "")
                             + (f"; used but not listed: {', '.join(missing)}" if missing else ""))


UN_CHAPTERS = ("01_tong_quan_egdi", "02_chi_so_thanh_phan", "03_so_sanh_khu_vuc",
               "90_nguon_du_lieu")


def check_citations(c: Ctx) -> None:
    """A chapter's 'Nguồn: [n, …]' cites the articles and UN files it uses, no others."""
    for stem, page in c.pages.items():
        if not stem[:2].isdigit():
            continue
        cite = page.article.select_one(".bibtex-citation")
        block = cite.find_parent("p") if cite is not None else None
        if block is None:
            continue
        cited: set[str] = set()
        for a in block.select("a.reference"):
            title = a.get("title") or ""
            cited |= set(re.findall(r"Bài (A\d{3}) trong bộ nguồn", title))
            cited |= {f"UN {y}" for y in re.findall(r"EGOV_DATA_(\d{4})", title)}
        used: set[str] = set()
        for t in page.tables.values():
            cols = [i for i, h in enumerate(t.headers) if norm(h) in ("Nguồn", "Nguồn mục tiêu")]
            for row in t.rows:
                for i in cols:
                    if i < len(row):
                        used |= set(re.findall(r"A\d{3}", row[i]))
        for el in page.article.find_all(["p", "figcaption"]):
            m = re.search(r"Nguồn: bài ((?:A\d{3}(?:, )?)+) trong bộ nguồn", text_of(el))
            if m:
                used |= set(re.findall(r"A\d{3}", m.group(1)))
        if stem in UN_CHAPTERS:
            years = c.un.years if stem == "90_nguon_du_lieu" else c.years()
            used |= {f"UN {y}" for y in years}
        if stem == "90_nguon_du_lieu":  # lists the articles as data, cites the UN files
            used = {x for x in used if x.startswith("UN")}
            cited = {x for x in cited if x.startswith("UN")}
        c.report.checked += 1
        if cited != used:
            extra, missing = sorted(cited - used), sorted(used - cited)
            c.report.add("wording", stem, f"{stem}: Nguồn (trích dẫn đầu chương)",
                         ", ".join(sorted(cited)), ", ".join(sorted(used)),
                         "the chapter cites the sources it uses"
                         + (f"; cited but not used: {', '.join(extra)}" if extra else "")
                         + (f"; used but not cited: {', '.join(missing)}" if missing else ""))


def check_table_downloads(c: Ctx, html_dir: Path, stage: Path | None) -> None:
    """Each table's download has the table's rows (and the register's verdicts)."""
    for page in c.pages.values():
        for tid, t in page.tables.items():
            path = find_download(html_dir, stage, f"{tid}.csv") if tid.startswith("tbl-") \
                else None
            if path is None:
                continue
            rows = read_output_csv(path)
            c.report.checked += 1
            if len(rows) != len(t.rows):
                c.report.add("structure", t.chapter, f"{tid}.csv", f"{len(rows)} dòng",
                             f"{len(t.rows)} dòng", "the download has the table's rows")
            if rows and "claim_id" in rows[0] and "verdict_vi" in rows[0] and "Kết luận" in [
                    norm(h) for h in t.headers]:
                shown = {row[0]: row[t.col("Kết luận")] for row in t.rows}
                for r in rows:
                    c.report.checked += 1
                    if shown.get(r["claim_id"], r["verdict_vi"]) != r["verdict_vi"]:
                        c.report.add("verdict", t.chapter, f"{tid}.csv {r['claim_id']}",
                                     r["verdict_vi"], shown[r["claim_id"]],
                                     "verdict in the download vs the table")


# (chapter, key, table id or list heading, predicate on a row or None = all rows, meaning)
COUNT_LINKS: list[tuple[str, str, str, Callable[[list[str], Table], bool] | None, str]] = [
    ("02_chi_so_thanh_phan", "n_tie_cases", "tbl-dong-hang", None, "rows of the tie table"),
    ("02_chi_so_thanh_phan", "n_tie_changes", "tbl-dong-hang",
     lambda row, t: row[5] == "có" if len(row) > 5 else _changes_differ(row[4]),
     "rows whose last column says the change differs"),
    ("03_so_sanh_khu_vuc", "n_sub", "tbl-tieu-vung", None, "rows of the sub-region table"),
    ("04_chi_tieu_trong_nuoc", "n_targets", "tbl-muc-tieu", None, "rows of the targets table"),
    ("06_co_gi_moi", "n_new", "tbl-moi-trong-quy", None, "rows of the new-figures table"),
    ("06_co_gi_moi", "n_changed", "tbl-moi-trong-quy",
     lambda row, t: row[2] != "—" and not row[3].startswith("không"),
     "rows with a computed change"),
    ("06_co_gi_moi", "n_not_comparable", "tbl-moi-trong-quy",
     lambda row, t: row[2] != "—" and row[3].startswith("không"),
     "rows with a previous figure but no change computed"),
    ("06_co_gi_moi", "n_first", "tbl-moi-trong-quy",
     lambda row, t: row[3] == "lần đầu có số liệu", "rows 'lần đầu có số liệu'"),
    ("06_co_gi_moi", "n_status", "tbl-doi-trang-thai", None, "rows of the status table"),
    ("06_co_gi_moi", "n_stale", "list:Chỉ tiêu chưa được cập nhật", None, "items of the list"),
    ("07_kiem_chung", "n_claims", "tbl-so-doi-chieu", None, "rows of the register"),
    ("07_kiem_chung", "n_contradictions", "tbl-mau-thuan", None, "rows of the table"),
    ("07_kiem_chung", "n_contradictions", "tbl-so-doi-chieu",
     lambda row, t: row[t.col("Kết luận")] == VERDICT_VI["conflict"],
     "register rows «Các bài báo mâu thuẫn»"),
    ("07_kiem_chung", "n_differs", "tbl-so-doi-chieu",
     lambda row, t: row[t.col("Kết luận")] == VERDICT_VI["differs"],
     "register rows «Lệch so với dữ liệu»"),
    ("07_kiem_chung", "n_sources", "tbl-so-doi-chieu", None, "distinct articles"),
]


def check_counts(c: Ctx, glue: dict[str, dict[str, str]]) -> None:
    for chapter, key, target, pred, meaning in COUNT_LINKS:
        shown = glue.get(chapter, {}).get(key)
        if shown is None:
            continue
        if target.startswith("list:"):
            page = c.pages.get(chapter)
            n = _section_items(page, target[5:]) if page else None
        elif key == "n_sources":
            t = c.table(target)
            n = None if t is None else len({row[t.col("Nguồn")] for row in t.rows})
        else:
            t = c.table(target)
            n = None if t is None else sum(1 for row in t.rows if pred is None or pred(row, t))
        if n is None:
            continue
        c.report.checked += 1
        if norm(shown) != str(n):
            c.report.add("count", chapter, f"{chapter}::{key} vs {target}", shown, str(n),
                         f"a count stated about a table equals that table's {meaning}")
    # The verdict counts in the sentence must equal the register table.
    t = c.table("tbl-so-doi-chieu")
    shown = glue.get("07_kiem_chung", {}).get("counts_text")
    if t is not None and shown is not None:
        book = Counter(row[t.col("Kết luận")] for row in t.rows)
        want = _counts_text(Counter({k: book[v] for k, v in VERDICT_VI.items()}))
        c.report.checked += 1
        if norm(shown) != norm(want):
            c.report.add("count", "07_kiem_chung", "07_kiem_chung::counts_text vs "
                         "tbl-so-doi-chieu", shown, want, "verdict counts of the register table")
    _check_status_summary(c, glue)


def _check_status_summary(c: Ctx, glue: dict[str, dict[str, str]]) -> None:
    """04::status_summary counts the 'Đánh giá' column of tbl-muc-tieu; the list of indicators
    without data has one item per indicator whose targets all have no figure."""
    t = c.table("tbl-muc-tieu")
    shown = glue.get("04_chi_tieu_trong_nuoc", {}).get("status_summary")
    if t is None:
        return
    col = t.col("Đánh giá")
    book = Counter(row[col][:1].lower() + row[col][1:] for row in t.rows)
    if shown is not None:
        said = {m.group(2): int(m.group(1))
                for m in re.finditer(r"(\d+) mục tiêu «([^»]+)»", norm(shown))}
        c.report.checked += 1
        if said != dict(book):
            c.report.add("count", "04_chi_tieu_trong_nuoc", "04_chi_tieu_trong_nuoc::"
                         "status_summary vs tbl-muc-tieu", shown,
                         vi_list([f"{n} mục tiêu «{k}»" for k, n in book.items()]),
                         "a count stated about a table equals that table's rows per status")
    page = c.pages.get("04_chi_tieu_trong_nuoc")
    n_list = _section_items(page, "Chỉ tiêu chưa có số liệu") if page else None
    if n_list is not None:
        no_data = {row[0] for row in t.rows if row[col] == STATUS_VI["no_data"]}
        c.report.checked += 1
        if n_list != len(no_data):
            c.report.add("count", "04_chi_tieu_trong_nuoc", "list «Chỉ tiêu chưa có số liệu» "
                         "vs tbl-muc-tieu", str(n_list), str(len(no_data)),
                         "indicators whose targets are «Chưa có số liệu» in the targets table")


# --------------------------------------------------------------------------------------------
# Chart data CSVs
# --------------------------------------------------------------------------------------------


def close(a: str, b: Fraction) -> bool:
    if a.strip() == "":
        return False
    x = float(a)
    return abs(x - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


def _csv_cmp(c: Ctx, name: str, where: str, shown: str, want: Fraction | None, why: str,
             cls: str = "value") -> None:
    c.report.checked += 1
    if want is None:
        if shown.strip() not in ("", "nan"):
            c.report.add(cls, name, where, shown, "(trống)", why)
        return
    if not close(shown, want):
        c.report.add(cls, name, where, shown, f"{float(want)!r}", why)


def csv_egdi_xu_huong(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    for r in rows:
        y = int(float(r["nam"]))
        _csv_cmp(c, name, f"{name} nam={y} egdi", r["egdi"], _egdi(c, y), "published EGDI")
        for col, kind in (("tb_the_gioi", "world"), ("tb_vung", "region"),
                          ("tb_tieu_vung", "subregion")):
            _csv_cmp(c, name, f"{name} nam={y} {col}", r[col], _mean(c, kind, y), f"{kind} mean")
    if len(rows) != len(c.years()):
        c.report.add("structure", name, name, f"{len(rows)} rows", str(len(c.years())), "years")


def csv_chi_so(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    for r in rows:
        y = int(float(r["nam"]))
        for k in ("osi", "tii", "hci", "epi"):
            _csv_cmp(c, name, f"{name} nam={y} {k}", r[k], c.row(y).value[k], "published value")


def csv_nhom(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    counts = Counter(egdi_group(r.value["egdi"]) for r in c.un.assessed(c.year))
    for r in rows:
        key = r["nhom"].lower()
        _csv_cmp(c, name, f"{name} {r['nhom']}", r["so_quoc_gia"], Fraction(counts[key]),
                 "members per EGDI group", cls="count")


def csv_phan_tach(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    for r in rows:
        b, a = int(float(r["den_nam"])), int(float(r["from_year"]))
        d = _egdi(c, b) - _egdi(c, a)
        con = _contributions(c, a, b)
        _csv_cmp(c, name, f"{name} {a}-{b} egdi_change", r["egdi_change"], d, "EGDI change")
        for k in COMPONENTS:
            _csv_cmp(c, name, f"{name} {a}-{b} {k}", r[k], con[k], "change / 3")
        _csv_cmp(c, name, f"{name} {a}-{b} residual", r["residual"],
                 d - sum(con.values(), Fraction(0)), "residual")
        if a != c.prev_year(b):
            c.report.add("structure", name, f"{name} {a}-{b}", f"{a}-{b}", "", "not consecutive")


def csv_heatmap(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    order = c.un.scope_order(c.year, c.members("subregion"))
    if [r["iso3"] for r in rows] != [m.iso3 for m in order]:
        c.report.add("structure", name, name, " ".join(r["iso3"] for r in rows),
                     " ".join(m.iso3 for m in order), "members ordered by published rank")
    for r in rows:
        m = c.un.get(c.year, r["iso3"])
        c.report.compare(name, f"{name} {r['iso3']} name_vi", r["name_vi"],
                         E(c.name(r["iso3"]), "Vietnamese country name", cls="country"))
        for k in ("egdi", "osi", "tii", "hci", "epi"):
            _csv_cmp(c, name, f"{name} {r['iso3']} {k}", r[k], m.value[k], "published value")


def csv_quy_dao(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    members = sorted(c.members("subregion"))
    for r in rows:
        y = int(float(r["nam"]))
        for iso in members:
            m = c.un.get(y, iso)
            _csv_cmp(c, name, f"{name} nam={y} {iso}", r.get(iso, ""),
                     None if m is None else m.value["egdi"], "published EGDI (empty when not "
                     "assessed)")


def csv_chi_tieu(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    seen: dict[tuple, list[str]] = defaultdict(list)
    dropped = []
    for r in rows:
        ind, kind, d = r["indicator"], r["kind"], r["date"]
        c.report.checked += 1
        if kind == "observation":
            o = c.dom.by_ref(f"{ind}@{d}")
            if o is None or not close(r["value"], o.value) or r["sources"] != o.source:
                c.report.add("value", name, f"{name} {ind} {d}", r["value"],
                             "-" if o is None else fmt_natural(o.value), "observation")
            elif o.qualifier and o.qualifier not in (r.get("qualifier") or ""):
                dropped.append(f"{ind} {d}: «{c.dom.show(o)}» drawn as {r['value']}")
        else:
            g = next((g for g in c.groups() if g[0].indicator == ind and g[0].value is not None
                      and close(r["value"], g[0].value) and g[0].end == date_end(d)), None)
            want = " ".join(c.group_sources(g)) if g else "(no such target)"
            if g is None or r["sources"].split() != c.group_sources(g):
                c.report.add("value", name, f"{name} {ind} target {d}", r["value"] + " "
                             + r["sources"], want, "target and the articles that state it")
            key = (ind, frac(r["value"]), date_end(d))
            seen[key].append(f"{d or '(không hạn)'} {r['sources']}")
    for (ind, v, _end), rows_ in seen.items():
        if len(rows_) > 1:
            c.report.add("merge", name, f"{name} {ind} mục tiêu {fmt_natural(v)}",
                         " | ".join(rows_), "one target", "same value and same deadline "
                         "(end of 2020) drawn as separate targets")
    if dropped:
        c.report.add("bounds", name, f"{name} (chart data and point labels)", "; ".join(dropped),
                     "the qualifier kept with the value",
                     "an approximate or bounded figure is drawn and labelled as an exact value: "
                     "the chart's data have no qualifier column, so «khoảng» is lost")


def _portal_comparable(c: Ctx) -> dict[str, tuple[Obs, Obs]]:
    """Portal indicators comparable between the first and the last date (same scope, not two
    bounds): the rows of the portal ratio chart."""
    codes = [k for k, v in c.dom.indicators.items() if v["group"] == "cong_dvcqg"]
    obs = _group_obs(c, "cong_dvcqg")
    dates = sorted({o.date for o in obs}, key=date_end)
    want: dict[str, tuple[Obs, Obs]] = {}
    if len(dates) < 2:
        return want  # one date (or none): nothing to compare a figure with
    for ind in codes:
        a = next((o for o in obs if o.indicator == ind and o.date == dates[0]), None)
        b = next((o for o in obs if o.indicator == ind and o.date == dates[-1]), None)
        if a is not None and b is not None and _diff_expect(c, b, a)[0] is not None:
            want[ind] = (a, b)
    return want


def csv_cong(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    want = _portal_comparable(c)
    c.report.checked += 1
    got = [r.get("chi_tieu") or r.get("indicator") for r in rows]
    if sorted(got) != sorted(want):
        c.report.add("structure", name, name, ", ".join(got) or "(không có dòng)",
                     ", ".join(want) or "(không có dòng)",
                     "one row per portal indicator comparable between the two dates (same "
                     "scope, not two bounds), as the caption says")
    for r in rows:
        ind = r.get("chi_tieu") or r.get("indicator")
        if ind not in want:
            continue
        a, b = want[ind]
        _csv_cmp(c, name, f"{name} {ind} gia_tri_dau", r["gia_tri_dau"], a.value, "figure")
        _csv_cmp(c, name, f"{name} {ind} gia_tri_cuoi", r["gia_tri_cuoi"], b.value, "figure")
        text, cls, why = _diff_expect(c, b, a)
        _csv_cmp(c, name, f"{name} {ind} ty_so", r["ty_so"], b.value / a.value, "ratio")
        qual = next((q for q in ("hơn", "dưới", "khoảng") if f"gấp {q}" in text), "")
        c.report.checked += 1
        if (r.get("ty_so_la") or "") != qual:
            c.report.add(cls, name, f"{name} {ind} ty_so_la", r.get("ty_so_la") or "(trống)",
                         qual or "(trống)", why)


def csv_kpi(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    for r in rows:
        o = c.dom.by_ref(f"{r['indicator']}@{r['date']}")
        _csv_cmp(c, name, f"{name} {r['indicator']} value", r["value"], o.value, "figure")
        g = _target_of(c, r["indicator"])
        _csv_cmp(c, name, f"{name} {r['indicator']} plan", r["plan"],
                 g[0].value if g else None, "plan")


def csv_kiem_chung(c: Ctx, name: str, rows: list[dict[str, str]]) -> None:
    t = c.table("tbl-so-doi-chieu")
    mine: dict[str, Counter] = defaultdict(Counter)
    for cl in c.register().values():
        mine[cl.source][VERDICT_VI[cl.verdict]] += 1
    book: dict[str, Counter] = defaultdict(Counter)
    if t is not None:
        for row in t.rows:
            book[row[t.col("Nguồn")]][row[t.col("Kết luận")]] += 1
    for r in rows:
        s = r["source_id"]
        for v in VERDICT_VI.values():
            if t is not None and r[v] != str(book[s][v]):
                c.report.add("count", name, f"{name} {s} {v}", r[v], str(book[s][v]),
                             "rows of the register table")
            c.report.checked += 1
            if r[v] != str(mine[s][v]):
                c.report.add("verdict", name, f"{name} {s} {v}", r[v], str(mine[s][v]),
                             "verdicts re-derived independently")


# Chart data -> (chapter of the chart, what it draws, checker).
CSV_RULES: dict[str, tuple[str, str, Callable[[Ctx, str, list[dict[str, str]]], None]]] = {
    "fig-egdi-xu-huong.csv": ("01_tong_quan_egdi", "EGDI vs means per survey",
                              csv_egdi_xu_huong),
    "fig-nhom-egdi.csv": ("01_tong_quan_egdi", "members per EGDI group", csv_nhom),
    "fig-chi-so-thanh-phan.csv": ("02_chi_so_thanh_phan", "sub-indices per survey", csv_chi_so),
    "fig-phan-tach-egdi.csv": ("02_chi_so_thanh_phan", "EGDI change decomposition",
                               csv_phan_tach),
    "fig-ban-do-nhiet-tieu-vung.csv": ("03_so_sanh_khu_vuc", "sub-region members' indices",
                                       csv_heatmap),
    "fig-quy-dao-tieu-vung.csv": ("03_so_sanh_khu_vuc", "sub-region EGDI trajectories",
                                  csv_quy_dao),
    "fig-chi-tieu-muc-tieu.csv": ("04_chi_tieu_trong_nuoc", "percent indicators and targets",
                                  csv_chi_tieu),
    "fig-cong-dvcqg.csv": ("05_cong_dvc_chuyen_doi_so", "portal ratios", csv_cong),
    "fig-kpi-cds.csv": ("05_cong_dvc_chuyen_doi_so", "KPIs vs plan", csv_kpi),
    "fig-kiem-chung-tong-hop.csv": ("07_kiem_chung", "claims per article and verdict",
                                    csv_kiem_chung),
}


# --------------------------------------------------------------------------------------------
# Data files vs the article text
# --------------------------------------------------------------------------------------------

VI_NUM = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?:\s*(triệu|nghìn))?")


def _quote_numbers(quote: str) -> list[tuple[Fraction, int]]:
    out = []
    for m in VI_NUM.finditer(quote):
        v = frac(m.group(1).replace(".", "") + ("." + m.group(2) if m.group(2) else ""))
        if m.group(3) == "triệu":
            v *= 1_000_000
        elif m.group(3) == "nghìn":
            v *= 1000
        out.append((v, m.start()))
    return out


QUALIFIER_WORDS = ("trên dưới", "khoảng", "trên", "hơn", "gần", "dưới", "vượt")


def check_sources(c: Ctx) -> None:
    dom, rep = c.dom, c.report
    if not dom.articles:
        return
    for o in dom.obs:
        where = f"data/quarterly/{o.file} {o.indicator} {o.date}"
        rep.checked += 1
        art = dom.articles.get(o.source)
        if art is None:
            continue
        if norm(o.quote) not in norm(art):
            rep.add("source", "data", where, o.quote, "(verbatim article text)",
                    f"quote not found in article {o.source}")
        hits = [pos for v, pos in _quote_numbers(o.quote) if v == o.value]
        if not hits:
            if o.quote.count("Bộ ") == o.value:
                continue
            rep.add("source", "data", where, fmt_natural(o.value), o.quote,
                    "value not stated in the quote")
            continue
        before = o.quote[:hits[0]].rstrip().lower()
        said = next((w for w in QUALIFIER_WORDS if before.endswith(w)), "")
        if said != o.qualifier and not (o.qualifier == "dưới" and "không đạt" in before):
            rep.add("source", "data", where, f"qualifier «{o.qualifier}»", f"«{said}»",
                    "the word before the number in the article")
    for t in dom.targets:
        where = f"data/domestic/targets.csv {t.tid}"
        rep.checked += 1
        art = dom.articles.get(t.source)
        if art is not None and norm(t.quote) not in norm(art):
            rep.add("source", "data", where, t.quote, "(article text)", "quote not in article")
        sentence = next((s for s in re.split(r"(?<=[.!?])\s+", art or "") if t.quote in s), "")
        implied_all = t.value == 100 and ("100%" in sentence or "các bộ, ngành" in sentence)
        if t.value is not None and not implied_all and t.value not in [
                v for v, _ in _quote_numbers(t.quote)]:
            rep.add("source", "data", where, fmt_natural(t.value), t.quote,
                    "target value not in the quote")
    for r in dom.claims:
        where = f"data/claims.csv {r['claim_id']}"
        rep.checked += 1
        art = dom.articles.get(r["source_id"])
        if art is not None and norm(r["quote"]) not in norm(art):
            rep.add("source", "data", where, r["quote"], "(article text)", "quote not in article")
        if art is not None:
            for x in numbers_in(r["claimed_text"]):
                if x.lstrip("+-") not in norm(art).replace("%", " %"):
                    rep.add("source", "data", where, r["claimed_text"], x,
                            "number of the claimed text not in the article")


# --------------------------------------------------------------------------------------------
# Prose: glued spans vs glued values; numbers outside glued values
# --------------------------------------------------------------------------------------------


def check_spans(c: Ctx, html_dir: Path, stage: Path | None,
                glue: dict[str, dict[str, str]]) -> None:
    for stem, page in c.pages.items():
        if not page.spans:
            continue
        refs = glue_refs(html_dir, stage, stem)
        keyed = [s for s in page.spans if s[0] is not None]
        if keyed:
            pairs = [(tuple(k.split("::", 1)), text) for k, text in keyed]
        elif len(refs) == len(page.spans):
            pairs = [(ref, text) for ref, (_, text) in zip(refs, page.spans, strict=True)]
        else:
            c.report.add("structure", stem, f"{stem}: glued spans", str(len(page.spans)),
                         str(len(refs)), "glued spans in the page vs glue references in source")
            continue
        for (chapter, key), text in pairs:
            want = glue.get(chapter, {}).get(key)
            c.report.checked += 1
            if want is None:
                c.report.add("structure", stem, f"{chapter}::{key}", text, "(no glued value)",
                             "span refers to an unknown key")
            elif norm(want) != norm(text):
                c.report.add("html", stem, f"{chapter}::{key}", text, want,
                             "text shown in the page differs from the glued value")


def strip_catalogue_names(text: str, names: Iterable[str]) -> str:
    """Blank out the indicator names of the catalogue (a whole name, first letter in either
    case): «Số bộ có 100 % dịch vụ công…» is an official name, its digits are no figure."""
    for name in sorted((norm(n) for n in names), key=len, reverse=True):
        for variant in dict.fromkeys((name, name[:1].lower() + name[1:])):
            text = re.sub(r"(?<!\w)" + re.escape(variant) + r"(?!\w)", " ", text)
    return text


CAPTION_NUM = re.compile(r"^(Hình|Bảng) \d+$")
# Fixed terms and formula constants whose digits are words, not figures.
TERMS = re.compile(r"(mức độ|cấp độ|mức|Chỉ số|thang) \d\b|/ ?3\)|\[ ?0 ?, ?1 ?\]")


def _prose_numbers(c: Ctx, page: Page) -> None:
    from bs4 import NavigableString

    skip_classes = {"pasted-text", "egv-value", "caption-number", "headerlink", "prev-next-area",
                    "bd-toc", "footer-article-items", "label"}
    names = [v["name_vi"] for v in c.dom.indicators.values()]
    for node in page.article.find_all(string=True):
        if not isinstance(node, NavigableString) or not has_digit(node):
            continue
        parent, skip = node.parent, False
        while parent is not None and parent is not page.article:
            cls = set(parent.get("class") or [])
            if parent.name in ("table", "script", "style", "nav", "figcaption", "math") or \
                    cls & skip_classes or "math" in cls:
                skip = True
                break
            if parent.name == "span" and "cite" in " ".join(cls):
                skip = True
                break
            if id(parent) in c.verified:
                skip = True
                break
            parent = parent.parent
        if skip:
            continue
        text = norm(str(node))
        text = TERMS.sub(" ", strip_catalogue_names(text, names))
        anc = node.find_parent("a")
        if anc is not None and (re.fullmatch(r"\[?\d+\]?", text) or CAPTION_NUM.match(text)
                                or "reference" in " ".join(anc.get("class") or [])):
            continue  # citation numbers and "Hình N"/"Bảng N" cross-references
        for x in numbers_in(text):
            c.report.not_checked(page.stem, f"{page.stem}: số trong văn bản không dán", f"{x} "
                                 f"in «{text[:90]}»")


def check_captions(c: Ctx) -> None:
    """Figure captions and table source lines: parameter years, dates and source lists."""
    for stem, page in c.pages.items():
        blocks = [el for el in page.article.find_all(["figcaption", "p"])
                  if el.name == "p" or el.find("p") is None]
        for cap_ in blocks:
            text = text_of(cap_)
            for m in re.finditer(r"Nguồn: bài ([A-Z0-9, ]+?) trong bộ nguồn", text):
                items = [x.strip() for x in m.group(1).split(",")]
                flat = [tok for x in items for tok in x.split()]
                c.report.checked += 1
                if any(len(x.split()) > 1 for x in items) or len(set(flat)) != len(flat):
                    c.report.add("wording", stem, f"{stem}: «{text[:60]}…»", m.group(1),
                                 ", ".join(sorted(set(flat))),
                                 "list of sources with internal space-joined ids and duplicates")
        for fig in page.article.find_all("figure"):
            fc = fig.find("figcaption")
            if fc is None:
                continue
            text = text_of(fc)
            for x in re.findall(r"năm (\d{4})", text):
                c.report.checked += 1
                if x != str(c.year):
                    c.report.add("value", stem, f"{fig.get('id')} caption", x, str(c.year),
                                 "survey year")
            for d in re.findall(r"\d{2}/\d{2}/\d{4}", text):
                c.report.checked += 1
                days = {o.end.strftime("%d/%m/%Y") for o in c.dom.upto(c.quarter)}
                if d not in days:
                    c.report.add("value", stem, f"{fig.get('id')} caption", d, "(a data date)",
                                 "date")
            rest = TERMS.sub(" ", re.sub(r"năm \d{4}|\d{2}/\d{2}/\d{4}|^Hình \d+", "", text))
            for x in numbers_in(rest):
                c.report.not_checked(stem, f"{fig.get('id')} caption", f"{x} in «{text[:80]}»")


STATUS_WORDS = {"met": "đạt", "on_track": "đúng tiến độ", "off_track": "chậm tiến độ",
                "overdue": "quá hạn", "no_trend": "chưa đủ số liệu",
                "no_data": "chưa có số liệu", "no_data_after": "sau thời hạn",
                "no_value": "không nêu mức"}


def check_comparable(c: Ctx) -> None:
    """The sentence before the status-change table lists the statuses in words: it must cover
    the statuses the table shows (and may not promise 'quá hạn' that the method avoids)."""
    page = c.pages.get("06_co_gi_moi")
    if page is None:
        return
    shown = {s for _g, a, b in _status_changes(c) for s in (a, b)}
    for p in page.article.find_all("p"):
        text = text_of(p)
        m = re.search(r"đổi trạng thái đánh giá \(([^)]*)\)", text)
        if not m:
            continue
        words = m.group(1).lower()
        c.report.checked += 1
        missing = []
        for s in sorted(shown, key=list(STATUS_VI).index):
            w = STATUS_WORDS[s]
            hit = re.search(r"(?<!chưa )" + re.escape(w), words) if s == "met" else w in words
            if s == "no_data" and "chưa có số liệu" not in words:
                hit = False
            if not hit:
                missing.append(STATUS_VI[s])
        if missing:
            c.report.add("wording", "06_co_gi_moi", f"06_co_gi_moi: «{text[:70]}…»", m.group(1),
                         "(every status the table shows)",
                         "the list of statuses leaves out " + "; ".join(f"«{x}»" for x in missing)
                         + ", which the table below shows")


def check_explanations(c: Ctx) -> None:
    """A sentence that calls the decomposition residual rounding must not be contradicted by the
    data: in the surveys where the published EGDI is not the mean of its published components
    beyond rounding, the residual is not rounding."""
    bad = _bad_residual_years(c)
    if not bad:
        return
    for stem, page in c.pages.items():
        for p in page.article.find_all(["p", "li", "figcaption"]):
            if p.find(["p", "li"]) is not None:
                continue
            for sent in _sentences(text_of(p)):
                low = sent.lower()
                if "phần dư" not in low or "làm tròn" not in low:
                    continue
                c.report.checked += 1
                if re.search(r"không phải (?:là )?(?:do )?(?:sai số )?làm tròn|không gọi phần dư|"
                             r"^khi |nhiều hơn mức làm tròn", low):
                    continue
                c.report.add("explanation", stem, f"{stem}: «{sent[:80]}…»", sent,
                             "(the residual is not rounding in " + ", ".join(map(str, bad))
                             + ")", "the published EGDI of " + ", ".join(map(str, bad))
                             + " differs from the mean of the published components by more "
                             "than rounding can explain")


def _toc_entries() -> list[tuple[str, list[str]]]:
    """(part caption, [file, ...]) from _toc.yml, read as text."""
    path = REPO / "_toc.yml"
    if not path.is_file():
        return []
    parts: list[tuple[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*-\s*caption:\s*(.+?)\s*$", line)
        if m:
            parts.append((m.group(1), []))
            continue
        m = re.match(r"\s*-\s*file:\s*(\S+)", line)
        if m and parts:
            parts[-1][1].append(m.group(1))
    return parts


# The chapters on one country's own data: the part «Chỉ tiêu trong nước» of the table of
# contents, and the verification chapter, which «có trong sách về Việt Nam, nơi có các bài báo
# nguồn» (Method page). Another country's book has none of them.
DOMESTIC_CHAPTERS = ("04_chi_tieu_trong_nuoc", "05_cong_dvc_chuyen_doi_so", "06_co_gi_moi",
                     "07_kiem_chung")


def book_chapters(parts: list[tuple[str, list[str]]],
                  domestic: bool) -> list[tuple[str, list[str]]]:
    """The parts and chapters of a book, from those of the table of contents: without domestic
    data its domestic chapters are left out, and so is a part left without a chapter."""
    out = []
    for caption, files in parts:
        kept = [f for f in files if domestic or Path(f).stem not in DOMESTIC_CHAPTERS]
        if kept:
            out.append((caption, kept))
    return out


def _page_title(c: Ctx, file: str) -> str | None:
    page = c.pages.get(Path(file).stem)
    if page is None:
        return None
    h1 = page.article.find("h1")
    return norm(h1.get_text(" ")).rstrip("#").strip() if h1 else None


def check_intro(c: Ctx) -> None:
    """The introduction lists every chapter of the book, by part, in the order of the table of
    contents (so a chapter missing from the book, or one it should not have, shows here)."""
    page = c.pages.get("gioi-thieu")
    parts = book_chapters(_toc_entries(), c.domestic)
    if page is None or not parts:
        return
    want = []
    for caption, files in parts:
        want.append(caption)
        want += [_page_title(c, f) or f"({f})" for f in files]
    got = []
    for wrap in page.article.select(".toctree-wrapper"):
        for el in wrap.find_all(["p", "li"]):
            if el.name == "p" and "caption" in (el.get("class") or []):
                got.append(norm(el.get_text(" ")))
            elif el.name == "li":
                a = el.find("a")
                got.append(norm((a or el).get_text(" ")))
    c.report.checked += 1
    if got != want:
        c.report.add("structure", "gioi-thieu", "gioi-thieu: danh sách chương",
                     " | ".join(got) or "(không có)", " | ".join(want),
                     "the introduction lists every part and chapter of _toc.yml, in order"
                     + ("" if c.domestic else ", without the chapters on domestic data"))


def check_data_notes(c: Ctx) -> None:
    """The 'Ghi chú dữ liệu' appendix: each note true, and every figure whose quote does not
    state its value listed (file, line of the file, value)."""
    page = c.pages.get("ghi-chu-du-lieu")
    if page is None:
        return
    want: dict[tuple[str, int], str] = {}
    for path in sorted((REPO / "data" / "quarterly").glob("*.csv")):
        for i, r in enumerate(read_csv(path), start=2):  # line 1 is the header
            v = frac(r["value"])
            if v not in [x for x, _ in _quote_numbers(r["quote"])]:
                want[(path.name, i)] = fmt_natural(v)
    got: dict[tuple[str, int], str] = {}
    current = None
    for el in page.article.find_all(["p", "li"]):
        if el.name == "p" and el.find_parent("li") is not None:
            continue
        text = norm(el.get_text(" "))
        m = re.match(r"Tệp (?:data/quarterly/)?(\S+\.csv)$", text)
        if m:
            current = m.group(1)
            continue
        m = re.match(r"Dòng (\d+), cột «quote»: .*?không chứa con số «([^»]+)»", text)
        if m and current:
            got[(current, int(m.group(1)))] = m.group(2)
            c.verified.add(id(el))
            for p in el.find_all("p"):
                c.verified.add(id(p))
    for key in sorted(want.keys() | got.keys()):
        c.report.checked += 1
        if got.get(key) != want.get(key):
            c.report.add("value", "ghi-chu-du-lieu", f"{key[0]} dòng {key[1]}",
                         got.get(key, "(không ghi)"), want.get(key, "(không có vấn đề)"),
                         "figures whose quote does not contain the value, by line of the file "
                         "(line 1 = header)")


FILE_PAGES = {"90_nguon_du_lieu", "tai-lap", "tai-lieu-tham-khao", "ghi-chu-du-lieu",
              "phuong-phap"}
WORDING_PATTERNS = (
    ("ISO date", re.compile(r"(?<![\w/.-])\d{4}-\d{2}(?:-\d{2})?(?![\w/-])")),
    ("quarter code", re.compile(r"(?<![\w/])\d{4}Q[1-4](?![\w])")),
    ("code-like token", re.compile(r"(?<![\w/.])(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|[a-z][a-z0-9]*_"
                                   r"[a-z0-9_]+)(?![\w])")),
    ("file name", re.compile(r"(?<![\w])[\w./-]+\.(?:csv|json|ipynb|py|yml|md)(?![\w])")),
    ("'%' without the space the book uses elsewhere", re.compile(r"\d+(?:[.,]\d+)?%")),
)


def _reader_texts(page: Page):
    """Reader-facing text blocks of a page: prose, list items, captions and table cells, without
    code, quotes «…» and the provenance popups."""
    from bs4 import NavigableString

    skip_names = {"script", "style", "nav", "code", "pre", "math"}
    for node in page.article.find_all(string=True):
        if not isinstance(node, NavigableString) or not node.strip():
            continue
        skip = False
        for parent in node.parents:
            if parent is page.article:
                break
            cls = set(parent.get("class") or [])
            if parent.name in skip_names or cls & {"egv-prov", "literal", "headerlink",
                                                    "highlight", "cell_input"}:
                skip = True
                break
        if not skip:
            yield node


def check_wording(c: Ctx) -> None:
    """No internal keys, file names, ISO dates or code-like tokens in reader-facing text; one
    spacing rule for '%' (outside verbatim quotes and titles)."""
    for stem, page in c.pages.items():
        if stem == "tai-lap":
            continue
        text = " ".join(norm(str(n)) for n in _reader_texts(page))
        text = re.sub(r"«[^»]*»", " ", text)  # verbatim quotes keep the article's spelling
        for src in c.dom.sources.values():  # article titles are verbatim too
            text = text.replace(norm(src.get("title", "")), " ")
        if stem in FILE_PAGES:
            text = WORDING_PATTERNS[3][1].sub(" ", text)
        for label, pat in WORDING_PATTERNS:
            if label == "file name" and stem in FILE_PAGES:
                continue
            hits = [m.group(0) for m in pat.finditer(text)]
            if label == "code-like token":
                # Code-formatted words are still read: a flag or variable name means nothing
                # to a reader (data files and their columns are named on the data pages only).
                hits += [m.group(0) for el in page.article.find_all("code")
                         if el.find_parent("pre") is None
                         for m in pat.finditer(
                             WORDING_PATTERNS[3][1].sub(" ", norm(el.get_text()))
                             if stem in FILE_PAGES else norm(el.get_text()))]
                if stem in FILE_PAGES:
                    hits = [h for h in hits if not _is_data_column(h)
                            and not WORDING_PATTERNS[3][1].fullmatch(h)]
            c.report.checked += 1
            if hits:
                uniq = list(dict.fromkeys(hits))
                c.report.add("wording", stem, f"{stem}: {label}", ", ".join(uniq[:6])
                             + (f" … ({len(hits)} lần)" if len(hits) > 1 else ""),
                             "(plain words)" if "%" not in label else "N %",
                             f"{label} in reader-facing text")


VI_COUNT_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
                  "tám": 8, "chín": 9, "mười": 10}


def check_method_page(c: Ctx) -> None:
    """The Method page states facts about the raw files in words: check them."""
    page = c.pages.get("phuong-phap")
    if page is None:
        return
    text = text_of(page.article)
    first = c.un.years[0]
    m = re.search(r"kỳ đầu tiên có (\w+) giá trị HCI lớn hơn mức tối đa", text)
    if m:
        n = sum(1 for r in c.un.rows[first].values() if r.value["hci"] > 1)
        c.report.checked += 1
        if VI_COUNT_WORDS.get(m.group(1)) != n:
            c.report.add("value", "phuong-phap", "phuong-phap: HCI > 1", m.group(0),
                         f"{n} giá trị", f"members with HCI above 1 in the {first} file")
    if "chưa được đánh giá" in text:
        bad = [f"{y} {r.name}" for y in c.un.years for r in c.un.rows[y].values()
               if not r.assessed and any(r.value.values())]
        c.report.checked += 1
        if bad:
            c.report.add("value", "phuong-phap", "phuong-phap: chưa được đánh giá", ", ".join(bad),
                         "empty rank and zero indices", "rows without a rank")
    if "xếp chung hạng cuối" in text:
        bad = []
        for y in c.un.years:
            zero = {r.rank for r in c.un.assessed(y) if r.value["egdi"] == 0}
            last = max(r.rank for r in c.un.assessed(y))
            if zero and zero != {last}:
                bad.append(f"{y}: {sorted(zero)} ≠ {last}")
        c.report.checked += 1
        if bad:
            c.report.add("value", "phuong-phap", "phuong-phap: EGDI bằng không", "; ".join(bad),
                         "one shared last rank", "members with EGDI 0 share the last rank")


def _is_data_column(token: str) -> bool:
    if not hasattr(_is_data_column, "cols"):
        cols = set()
        for path in list((REPO / "data").rglob("*.csv")):
            if "raw" in path.parts:
                continue
            with path.open(encoding="utf-8-sig") as fh:
                cols |= set(next(csv.reader(fh), []))
        _is_data_column.cols = cols
    return token in _is_data_column.cols


# Whole-number columns of the downloads; an average of tied ranks (or its change) may be a
# half, written "61.5". The rank changes of the tie table are ``thay_doi_<rule>``; a bare
# ``thay_doi`` beside ``gia_tri`` (figures new in the quarter) is the change of an indicator's
# value, which for a percentage is a number of points with decimals (82,6 % - 27 % = 55.6), and
# ``thay_doi_<index>`` the change of an index value.
INT_COLUMN = re.compile(r"^(nam|year|den_nam|from_year|survey_year|so_quoc_gia|count|tied|rows|"
                        r"bytes)$|(^|_)hang($|_)|rank_(min|max)$|^scope_rank$|"
                        r"thay_doi_(?!(?:egdi|osi|tii|hci|epi|la)$)|change_(min|max)$")
HALF_COLUMN = re.compile(r"trung_binh|avg|mean")


def csv_number_ok(column: str, text: str) -> bool:
    """A whole value is written as an integer ("114", never "114.0" or "-0"); a tie-average
    column may hold a half, written with one decimal ("61.5"). Non-numbers are not judged."""
    t = text.strip()
    if not re.fullmatch(r"-?\d+(?:\.\d+)?", t):
        return True
    if re.fullmatch(r"-?\d+", t):
        return t != "-0"
    return bool(HALF_COLUMN.search(column)) and bool(re.fullmatch(r"-?\d+\.5", t))


def check_csv_formats(c: Ctx, html_dir: Path) -> None:
    """Downloads: years, ranks and counts are whole numbers, never '2003.0' or '-0.0'."""
    for path in sorted(html_dir.glob("_downloads/*/*.csv")):
        rows = read_output_csv(path)
        if not rows:
            continue
        bad = []
        for colname in rows[0]:
            if colname and INT_COLUMN.search(colname):
                vals = [r[colname] for r in rows if r[colname]
                        and not csv_number_ok(colname, r[colname])]
                if vals:
                    bad.append(f"{colname}: {vals[0]}" + (" (-0.0)" if any(
                        v.strip() == "-0.0" for v in vals) else ""))
        c.report.checked += 1
        if bad:
            c.report.add("rounding", "csv", path.name, "; ".join(bad),
                         "whole numbers (tie averages: a half as «.5»)",
                         "years, ranks, rank changes and counts written with a decimal part "
                         "(and '-0.0') in a download")


# Charts the book may leave out, when it has nothing to draw: (why it has nothing, the words
# of the sentence that must say so instead). The portal ratios need two dates (one date: the
# portal table is left out too and its sentence says nothing is comparable yet) and a figure
# comparable between them; the KPIs need a KPI figure up to the quarter.
NOT_DRAWN: dict[str, tuple[Callable[[Ctx], bool], Callable[[Ctx], tuple[str, ...]]]] = {
    "fig-cong-dvcqg.csv": (lambda c: not _portal_comparable(c),
                           lambda c: ("chưa so sánh được",) if len(_portal_days(c)) < 2
                           else ("không vẽ biểu đồ tỷ số",)),
    "fig-kpi-cds.csv": (lambda c: not _group_obs(c, "cds_kpi"),
                        lambda c: ("Chưa có số liệu chỉ tiêu chuyển đổi số",)),
}


def check_not_drawn(c: Ctx, name: str) -> None:
    """A chart absent from its chapter is right only when there is nothing to draw and the
    chapter says so."""
    rule = NOT_DRAWN.get(name)
    chapter = CSV_RULES[name][0]
    page = c.pages[chapter]
    c.report.checked += 1
    if rule is None:
        c.report.add("structure", chapter, name, "(không có hình)", "a chart",
                     "chart not found in the chapter")
    elif not rule[0](c):
        c.report.add("structure", chapter, name, "(không có hình)", "a chart",
                     "the chart has data to draw but is not in the chapter")
    elif _saying(page, rule[1](c)) is None:
        c.report.add("structure", chapter, name, "(không có hình, không có câu giải thích)",
                     "a sentence «…" + "…» or «…".join(rule[1](c)) + "…»",
                     "a chart left out without saying why")


def _saying(page: Page, words: tuple[str, ...]):
    """The first paragraph of the page that contains one of ``words`` (None: there is none)."""
    for el in page.article.find_all("p"):
        if el.find_parent("table") is None and any(w in text_of(el) for w in words):
            return el
    return None


def _claims_of_group(c: Ctx, group: str) -> bool:
    return bool(_claim_ids(c, {group}))


# Tables the book may leave out, when they have nothing to show: (why there is nothing, the
# words of the sentence that must say so instead). A chapter's claims table needs a claim of
# its group about the book's country; the portal table two dates of portal figures; the KPI
# table a KPI figure; the platforms table a platform total or share, up to the quarter.
NOT_SHOWN: dict[str, tuple[Callable[[Ctx], bool], tuple[str, ...]]] = {
    **{tid: ((lambda g: lambda c: not _claims_of_group(c, g))(group),
             ("Không có khẳng định nào trên báo chí",))
       for tid, group in CLAIM_TABLE_GROUP.items()},
    "tbl-cong-dvcqg": (lambda c: len(_portal_days(c)) < 2, ("chưa so sánh được",)),
    "tbl-kpi-cds": (lambda c: not _group_obs(c, "cds_kpi"),
                    ("Chưa có số liệu chỉ tiêu chuyển đổi số",)),
    "tbl-nen-tang-attt": (lambda c: not _platform_rows(c), ("Chưa có số liệu về nền tảng số",)),
}
ANNOUNCES_TABLE = re.compile(r"\b[Bb]ảng dưới đây\b")


def check_not_shown(c: Ctx, tid: str) -> None:
    """A table absent from its chapter is right only when there is nothing to show and the
    chapter says so (naming the book's quarter when it names one); the section must then not
    announce «the table below»."""
    rule = NOT_SHOWN.get(tid)
    chapter = TABLE_RULES[tid][0]
    page = c.pages[chapter]
    c.report.checked += 1
    if rule is None:
        c.report.add("structure", chapter, tid, "(missing)", "a table",
                     "table not found in the chapter")
        return
    if not rule[0](c):
        c.report.add("structure", chapter, tid, "(missing)", "a table",
                     "the table has rows to show but is not in the chapter")
        return
    el = _saying(page, rule[1])
    if el is None:
        c.report.add("structure", chapter, tid, "(không có bảng, không có câu giải thích)",
                     f"a sentence «…{rule[1][0]}…»", "a table left out without saying why")
        return
    text = text_of(el)
    for m in re.finditer(r"quý (IV|I{1,3})/(\d{4})", text):
        c.report.checked += 1
        if m.group(0) != quarter_vi(c.quarter):
            c.report.add("value", chapter, f"{tid}: «{text[:60]}…»", m.group(0),
                         quarter_vi(c.quarter), "the quarter of the book")
        text = text.replace(m.group(0), " ", 1)
    if not numbers_in(text):
        c.verified.add(id(el))
    section = el.find_parent("section")
    for p in section.find_all("p") if section is not None else []:
        if p.find_parent("section") is not section or p.find_parent("table") is not None:
            continue
        said = text_of(p)
        if ANNOUNCES_TABLE.search(said):
            c.report.checked += 1
            c.report.add("wording", chapter, f"{tid}: «{said[:60]}…»", said,
                         "(no announcement of a table: «" + text_of(el) + "»)",
                         "the section announces «the table below», which the book leaves out "
                         "because it has nothing to show")


SAME_TWICE = re.compile(r"giữa ((?:quý [IV]+/)?\d[\d/]*) và \1(?![\d/])")


def prose_about_nothing(text: str, glued: list[str]) -> list[str]:
    """Why a sentence speaks of figures the book does not have: a glued value shown as the
    missing mark «—» (at home in a table cell, not in a sentence), or a comparison «giữa X và
    X» of a date with itself (the figures are of one date only)."""
    out = []
    if MISSING in glued:
        out.append("a glued value is the missing mark «—»: the sentence speaks of a figure "
                   "the book does not have")
    for m in SAME_TWICE.finditer(text):
        out.append(f"«{m.group(0)}» compares a date with itself: the figures are of one date "
                   "only, so there is nothing to compare")
    return out


def check_prose_about_nothing(c: Ctx) -> None:
    """Running text (not a table) must not describe figures that do not exist in this edition:
    chapter openings glue their dates in, whatever the quarter has."""
    for stem, page in c.pages.items():
        for el in page.article.find_all(["p", "li"]):
            if el.find_parent("table") is not None or el.find(["p", "li"]) is not None:
                continue
            glued = [norm((s.select_one(".pasted-text") or s).get_text())
                     for s in el.find_all("span")
                     if {"pasted-text", "egv-value"} & set(s.get("class") or [])
                     and s.find_parent(class_="egv-value") is None]
            if not glued:
                continue
            text = text_of(el)
            c.report.checked += 1
            for why in prose_about_nothing(text, glued):
                c.report.add("explanation", stem, f"{stem}: «{text[:60]}…»", text,
                             "(a sentence about the figures this edition has)", why)


def check_empty_figures(c: Ctx, html_dir: Path, stage: Path | None) -> None:
    """A figure whose data has no row is an empty chart: its caption describes nothing drawn."""
    for stem, page in c.pages.items():
        for fig in page.article.find_all("figure"):
            fid = fig.get("id") or ""
            path = find_download(html_dir, stage, f"{fid}.csv") if fid else None
            if path is None:
                continue
            c.report.checked += 1
            if not read_output_csv(path):
                cap_ = fig.find("figcaption")
                c.report.add("structure", stem, f"{fid} (hình)", "(hình không có dữ liệu)",
                             "no figure, or a sentence saying nothing is comparable",
                             "the chart's data have no row, so the chart is empty while the "
                             "caption describes ratios: «" + (norm(cap_.get_text(" "))[:90]
                                                             if cap_ else "") + "…»")


POPUP_EXACT = re.compile(r"Giá trị chính xác:\s*([-+−]?[\d.]+(?:,\d+)?)\s*\(([^)]*)\)"
                         r"(;\s*hiển thị làm tròn nửa lên)?")


def check_popups(c: Ctx) -> None:
    """Each provenance popup: 'Giá trị chính xác' equals the recomputation; the rounding remark
    only where the figure is rounded; the counts and years of its lines recomputed."""
    cache: dict[tuple[str, str], Expect | None] = {}
    for stem, page in c.pages.items():
        for span in page.article.select(".egv-value"):
            key = span.get("data-key") or ""
            prov = span.select_one(".egv-prov")
            if prov is None or "::" not in key:
                continue
            chapter, name = key.split("::", 1)
            shown = norm((span.select_one(".pasted-text") or span).get_text(" "))
            if (chapter, name) not in cache:
                rule = GLUE_RULES.get(chapter, {}).get(name)
                try:
                    cache[(chapter, name)] = rule[1](c) if rule else None
                except Exception:  # noqa: BLE001 - reported by check_glue
                    cache[(chapter, name)] = None
            exp = cache[(chapter, name)]
            lines = [norm(x.get_text(" ")) for x in prov.select(".egv-prov-line")]
            where = f"{key} (popup)"
            for line in lines:
                m = POPUP_EXACT.search(line)
                if m:
                    _check_popup_exact(c, stem, where, shown, m, exp)
                    rest = line[:m.start()] + line[m.end():]
                else:
                    rest = line
                _check_popup_numbers(c, stem, where, rest)


def _check_popup_exact(c: Ctx, stem: str, where: str, shown: str, m: re.Match,
                       exp: Expect | None) -> None:
    text_x = m.group(1).replace("−", "-")
    x = parse_vi_number(text_x)
    places_x = len(text_x.split(",", 1)[1]) if "," in text_x else 0
    c.report.checked += 1
    if exp is not None and exp.exact is not None:
        ok = round_half_up(exp.exact, places_x) == x and (
            x == exp.exact or places_x >= 12 or places_x > (exp.places or 0))
        if not ok:
            c.report.add("value", stem, where, m.group(0), _dec_text(exp.exact),
                         "exact value in the popup vs the recomputation")
        rounded = round_half_up(exp.exact, exp.places or 0) != exp.exact
    else:
        nums = [abs(parse_vi_number(n)) for n in numbers_in(shown)]
        if "giữ nguyên" in shown:
            nums.append(Fraction(0))
        disp_places = max((len(n.split(",", 1)[1]) if "," in n else 0)
                          for n in numbers_in(shown)) if numbers_in(shown) else 0
        if nums and round_half_up(abs(x), disp_places) not in nums:
            c.report.add("value", stem, where, m.group(0), shown,
                         "exact value in the popup vs the figure it explains")
        rounded = round_half_up(x, disp_places) != x
    said = bool(m.group(3))
    c.report.checked += 1
    if said != rounded:
        c.report.add("wording", stem, where, m.group(0),
                     "(with «hiển thị làm tròn nửa lên»)" if rounded else
                     "(without «hiển thị làm tròn nửa lên»)",
                     "the popup says the figure is rounded, but it is shown exactly" if said
                     else "the figure is rounded but the popup does not say so")


def _check_popup_numbers(c: Ctx, stem: str, where: str, line: str) -> None:
    """Counts and years in the 'Cách tính' and 'Dữ liệu' lines of a popup."""
    scope_names = {"Thế giới": "world", c.region_vi(): "region", c.subregion_vi(): "subregion"}
    text = line
    covered: list[str] = []

    def ok(cond: bool, what: str, shown: str, want: str) -> None:
        c.report.checked += 1
        if not cond:
            c.report.add("value", stem, where, shown, want, what)

    scopes = "|".join(re.escape(k) for k in scope_names)
    for mm in re.finditer(r"(\d+) quốc gia thành viên (" + scopes + r") "
                          r"(?:có giá trị|được đánh giá)?,? ?năm (\d{4})", text):
        kind = scope_names.get(mm.group(2))
        y = int(mm.group(3))
        if kind and y in c.un.rows:
            n = len(c.un.assessed(y, None if kind == "world" else c.members(kind)))
            ok(int(mm.group(1)) == n, "members assessed in the scope that year", mm.group(0),
               str(n))
            covered.append(mm.group(0))
    mm = re.search(r"\((\d+) dòng của tệp data/un_egov\.csv", text)
    if mm:
        rows: set[tuple[str, int]] = set()
        for seg in text[:mm.start()].split(":", 1)[-1].split(";"):
            y = re.search(r"năm (\d{4})", seg)
            if not y or int(y.group(1)) not in c.un.rows:
                continue
            year = int(y.group(1))
            k = re.search(r"quốc gia thành viên (" + scopes + ")", seg)
            if k:
                kind = scope_names[k.group(1)]
                rows |= {(r.iso3, year) for r in c.un.assessed(
                    year, None if kind == "world" else c.members(kind))}
            else:
                who = norm(seg.split(",")[0])
                iso = next((i for i in c.un.iso if who in c.name(i)), who)
                rows.add((iso, year))
        ok(int(mm.group(1)) == len(rows), "rows used = the members and countries listed",
           mm.group(0), str(len(rows)))
        covered.append(mm.group(0))
    for mm in re.finditer(r"\((\d+) dòng của tệp data/quarterly/(\d{4}Q[1-4])\.csv", text):
        path = REPO / "data" / "quarterly" / f"{mm.group(2)}.csv"
        n = len(read_csv(path)) if path.is_file() else -1
        ok(int(mm.group(1)) == n, "rows of the quarterly file", mm.group(0), str(n))
        covered.append(mm.group(0))
    for mm in re.finditer(r"(\d+) (?:dòng của tệp data/domestic/targets\.csv|mục tiêu như "
                          r"các nguồn nêu)", text):
        ok(int(mm.group(1)) == len(c.dom.targets), "rows of targets.csv", mm.group(0),
           str(len(c.dom.targets)))
        covered.append(mm.group(0))
    for mm in re.finditer(r"(?:năm|kỳ) (\d{4})", text):
        ok(int(mm.group(1)) in c.un.years, "a survey year", mm.group(0), "(a survey year)")
        covered.append(mm.group(0))
    for mm in re.finditer(r"khi từ (\d+) quốc gia trở lên", text):
        ok(int(mm.group(1)) == _fragile_min(c), "threshold of the fragile ranks, as the "
           "paragraph states it", mm.group(0), str(_fragile_min(c)))
        covered.append(mm.group(0))
    for mm in re.finditer(r"không quá ([\d,]+)", text):
        ok(parse_vi_number(mm.group(1)) == FRAGILE_DISTANCE, "distance of the fragile-rank "
           "count", mm.group(0), fmt(FRAGILE_DISTANCE, 2))
        covered.append(mm.group(0))
    for piece in covered:
        text = text.replace(piece, " ")
    text = re.sub(r"data/quarterly/\d{4}Q[1-4]\.csv|chia 3\b|thang 0–1|0–1", " ", text)
    for x in numbers_in(text):
        c.report.not_checked(stem, where, f"{x} in «{line[:90]}»")


def check_book_pages(c: Ctx, html_dir: Path) -> None:
    """Bibliography entries; reproducibility appendix vs reproducibility.json and the files."""
    page = c.pages.get("tai-lieu-tham-khao")
    pkg = json.loads((REPO / "data" / "datapackage.json").read_text(encoding="utf-8"))
    imported = {f["survey_year"]: f.get("imported", "") for r in pkg["resources"]
                for f in r.get("raw_files", []) if "survey_year" in f}
    un_url = c.dom.sources.get("UN", {}).get("url", "")
    if page is not None:
        for p in page.article.find_all("p"):
            text = text_of(p)
            m = re.search(r"EGOV_DATA_(\d{4})\.csv", text)
            want = None
            if m and int(m.group(1)) in c.un.sha:
                y = int(m.group(1))
                day = imported.get(y, "")
                want = (f"UN DESA. United Nations E-Government Survey {y}: country data. UN "
                        f"E-Government Knowledgebase, Data Center, tệp EGOV_DATA_{y}.csv, {y}. "
                        f"SHA-256 {c.un.sha[y][0][:16]}…; nhập ngày {date_vi(day)}. URL: "
                        f"{un_url} .")
            else:
                m = re.search(r"Bài (A\d{3}) trong bộ nguồn", text)
                src = c.dom.sources.get(m.group(1)) if m else None
                if src is not None:
                    want = (f"{src['outlet'] or 'Không ghi tên báo'}. {src['title']}. "
                            f"{src['event_date'][:4]}. Bài {m.group(1)} trong bộ nguồn của sách; "
                            f"sự kiện {date_vi(src['event_date'])}; {src['note']}")
            if want is None:
                continue
            c.verified.add(id(p))
            c.report.checked += 1
            if norm(text) != norm(want):
                c.report.add("value", "tai-lieu-tham-khao", text[:60], text, want,
                             "bibliography entry rebuilt from the raw file and sources.csv")
    rec_path = html_dir / "reproducibility.json"
    page = c.pages.get("tai-lap")
    if page is None or not rec_path.is_file():
        return
    rec = json.loads(rec_path.read_text(encoding="utf-8"))
    built = rec.get("build_date", "")
    known = [rec.get("command", ""), rec.get("git", {}).get("commit", ""), rec.get("python", ""),
             rec.get("platform", ""), str(rec.get("parameters", {}).get("year", "")),
             rec.get("parameters", {}).get("quarter", "")]
    if len(built) >= 16:
        known += [f"{built[8:10]}/{built[5:7]}/{built[:4]}", built[11:16]]
    for el in page.article.find_all(["li", "p"]):
        if el.find_parent("table") is not None:
            continue
        text = text_of(el)
        if not has_digit(text):
            continue
        rest = text
        for k in sorted(filter(None, known), key=len, reverse=True):
            rest = rest.replace(k, " ")
        c.report.checked += 1
        if not numbers_in(rest) and not re.search(r"\d", re.sub(r"[A-Za-z_.-]+\d*", "", rest)):
            c.verified.add(id(el))
    # Built with uncommitted changes: the record says so, the page must say so too, and the
    # checksums describe the changed files, not those of the commit.
    modified = bool(rec.get("git", {}).get("modified_tracked_files"))
    for el in page.article.find_all(["li", "p"]):
        text = text_of(el)
        if f"commit {rec.get('git', {}).get('commit', '-')}" in text and el.find("p") is None:
            c.report.checked += 1
            if modified != ("đã sửa" in text):
                c.report.add("value", "tai-lap", "tai-lap: mã nguồn", text,
                             "(says the tracked files were modified)" if modified else
                             "(no modified files)", "modified_tracked_files in the record")
    inputs = {i["path"]: i for i in rec.get("inputs", [])}
    for t in page.article.find_all("table"):
        rows = [[norm(td.get_text(" ")) for td in tr.find_all("td")] for tr in t.find_all("tr")]
        for row in rows:
            if len(row) == 2 and row[0] in rec.get("packages", {}):
                c.report.checked += 1
                if row[1] != rec["packages"][row[0]]:
                    c.report.add("value", "tai-lap", row[0], row[1], rec["packages"][row[0]],
                                 "package version")
            elif len(row) == 3 and row[0] in inputs:
                c.report.checked += 1
                want = inputs[row[0]]
                if row[1] != want["sha256"] or row[2] != fmt(want["bytes"]):
                    c.report.add("value", "tai-lap", row[0], f"{row[1]} {row[2]}",
                                 f"{want['sha256']} {fmt(want['bytes'])}", "file checksum")
                f = REPO / row[0]
                if f.is_file() and not modified and \
                        _git_head() == rec.get("git", {}).get("commit"):
                    data = f.read_bytes()
                    if hashlib.sha256(data).hexdigest() != want["sha256"]:
                        c.report.add("value", "tai-lap", row[0], want["sha256"],
                                     hashlib.sha256(data).hexdigest(),
                                     "checksum of the file at the recorded commit")


def _git_head() -> str | None:
    head = REPO / ".git"
    try:
        if head.is_file():  # worktree
            gitdir = Path(head.read_text().split(":", 1)[1].strip())
        else:
            gitdir = head
        ref = (gitdir / "HEAD").read_text().strip()
        if ref.startswith("ref:"):
            name = ref.split(" ", 1)[1]
            for base in (gitdir, gitdir.parent.parent if "worktrees" in str(gitdir) else gitdir):
                if (base / name).is_file():
                    return (base / name).read_text().strip()
            packed = (gitdir.parent.parent / "packed-refs") if "worktrees" in str(gitdir) \
                else gitdir / "packed-refs"
            for line in packed.read_text().splitlines() if packed.is_file() else []:
                if line.endswith(name):
                    return line.split()[0]
            return None
        return ref
    except OSError:
        return None


# --------------------------------------------------------------------------------------------
# The changelog page (thay-doi): edition metadata, git history, two values registries
# --------------------------------------------------------------------------------------------

# The build writes "khongquy" without a domestic quarter and "khongco" without git.
EDITION_ID = re.compile(r"(?<![\w-])[A-Z]{3}-\d{4}-(?:\d{4}Q[1-4]|khongquy)-\d{8}-\d{6}-"
                        r"(?:[0-9a-f]{7,40}|khongco)(?![\w-])")
ROMAN_NUM = {v: k for k, v in ROMAN.items()}
# Changed files the changelog must list («Các tệp phương pháp, nội dung và dữ liệu»).
METHOD_PREFIXES = ("book/", "data/", "notebooks/", "scripts/")


def edition_meta(rec: dict) -> dict:
    """An edition's facts from its reproducibility record."""
    git = rec.get("git") or {}
    return {"date": rec.get("build_date", ""), "parameters": rec.get("parameters") or {},
            "commit": git.get("commit") or "", "modified": bool(git.get("modified_tracked_files")),
            "inputs": {i["path"]: i.get("sha256") for i in rec.get("inputs", [])}}


def edition_id(meta: dict) -> str:
    """country-year-quarter-date-time-commit, as the build names an edition."""
    p, d = meta["parameters"], meta["date"]
    return (f"{p.get('country')}-{p.get('year')}-{p.get('quarter')}-{d[:10].replace('-', '')}-"
            f"{d[11:19].replace(':', '')}-{meta['commit'][:7] or 'khongco'}")  # no git


def edition_facts(text: str) -> list[tuple[str, str, str]]:
    """(what, as written, value) of each edition fact a changelog or citation text states."""
    pats = (("date", r"dựng ngày (\d{2})/(\d{2})/(\d{4})", lambda m: f"{m[3]}-{m[2]}-{m[1]}"),
            ("year", r"kỳ khảo sát (\d{4})", lambda m: m[1]),
            ("quarter", r"quý (IV|I{1,3})/(\d{4})", lambda m: f"{m[2]}Q{ROMAN_NUM[m[1]]}"),
            ("commit", r"commit ([0-9a-f]{7,40})(?![\w])", lambda m: m[1]),
            ("country", r"quốc gia ([^,.;]+)", lambda m: m[1].strip()),
            ("id", EDITION_ID.pattern, lambda m: m[0]),
            ("cite_year", r"\((\d{4})\)\.", lambda m: m[1]),
            ("cite_year", r"year\s*=\s*\{(\d{4})\}", lambda m: m[1]),
            ("key", r"@book\{(egovbook_[a-z0-9_]+)", lambda m: m[1]))
    return [(what, m[0], get(m)) for what, pat, get in pats for m in re.finditer(pat, text)]


def _fact_ok(c: Ctx, what: str, value: str, meta: dict) -> tuple[bool, str]:
    p = meta["parameters"]
    ident = edition_id(meta)
    want = {"date": meta["date"][:10], "year": str(p.get("year")), "quarter": p.get("quarter"),
            "id": ident, "cite_year": meta["date"][:4],
            "key": "egovbook_" + ident.lower().replace("-", "_")}
    if what == "commit":
        return meta["commit"].startswith(value), meta["commit"][:len(value)]
    if what == "country":
        names = c.name(p.get("country")) if p.get("country") in c.un.iso else ()
        return value in names, " / ".join(names)
    shown = date_vi(want[what]) if what == "date" else want[what]
    return value == want[what], shown


def _check_facts(c: Ctx, where: str, text: str, meta: dict | None, whose: str) -> str:
    """Compare the edition facts ``text`` states with ``meta`` (None: unknown, left unchecked);
    return the text without the facts checked."""
    for what, written, value in edition_facts(text):
        if meta is None:
            continue
        ok, want = _fact_ok(c, what, value, meta)
        c.report.checked += 1
        country = meta["parameters"].get("country")
        if what == "quarter" and not has_domestic(c.dom, country):
            # «số liệu trong nước đến quý …» of a book without domestic data: its quarter
            # parameter dates nothing the book has (the edition id may still carry it).
            c.report.add("explanation", "thay-doi", where, written, "(no domestic data)",
                         f"the {whose} edition is a book about {country}, which has no domestic "
                         "data (no domestic chapters): it has no «số liệu trong nước» to date")
        elif not ok:
            c.report.add("value", "thay-doi", where, written, want,
                         f"{what} of the {whose} edition (its reproducibility record)")
        text = text.replace(written, " ", 1)
    return text


def _leftover_numbers(c: Ctx, el, where: str, rest: str) -> None:
    for x in numbers_in(rest):
        c.report.not_checked("thay-doi", where, f"{x} in «{norm(rest)[:90]}»")
    c.verified.add(id(el))


def git(*args: str, repo: Path = REPO) -> str | None:
    """Output of a git command in the repository; None when git or the objects are missing."""
    import subprocess

    try:
        out = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                             timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def archive_editions(folder: Path | None) -> dict[str, dict]:
    """Edition id -> metadata, from the archive ``_editions/<id>/reproducibility.json``."""
    out = {}
    for rec in sorted(folder.glob("*/reproducibility.json")) if folder and folder.is_dir() else []:
        out[rec.parent.name] = edition_meta(json.loads(rec.read_text(encoding="utf-8")))
    return out


def default_archives(repo: Path = REPO) -> list[Path]:
    """Where the archive of editions may be: ``_editions`` of this checkout, then that of the
    repository's main checkout (``_editions`` is untracked, so a git worktree has none of its
    own). Only an archive that holds the very build checked is used."""
    out = [repo / "_editions"]
    common = git("rev-parse", "--path-format=absolute", "--git-common-dir", repo=repo)
    if common:
        main = Path(common).parent / "_editions"
        if main.resolve() != out[0].resolve():
            out.append(main)
    return out


def previous_edition(editions: dict[str, dict], current: str) -> str | None:
    """The latest archived edition of the same country built before ``current``."""
    from datetime import datetime

    me = editions[current]
    when = datetime.fromisoformat(me["date"])
    older = [k for k, m in editions.items() if k != current and m["parameters"].get("country")
             == me["parameters"].get("country") and datetime.fromisoformat(m["date"]) < when]
    return max(older, key=lambda k: datetime.fromisoformat(editions[k]["date"])) \
        if older else None


def registry_changes(old: list[dict], new: list[dict]) -> list[tuple[str, str | None, str | None]]:
    """(key, previous text, current text) of every glued value whose text differs between two
    registries, appeared or disappeared."""
    a = {v["key"]: v.get("text", "") for v in old}
    b = {v["key"]: v.get("text", "") for v in new}
    return [(k, a.get(k), b.get(k)) for k in dict.fromkeys([*a, *b])
            if a.get(k) != b.get(k)]


def _changed_inputs(prev: dict | None, cur: dict) -> set[str] | None:
    if prev is None or not prev["inputs"] or not cur["inputs"]:
        return None
    return {k for k in prev["inputs"].keys() | cur["inputs"].keys()
            if prev["inputs"].get(k) != cur["inputs"].get(k)}


def _check_reason(c: Ctx, where: str, reason: str, prev: dict, cur: dict) -> None:
    """A row's reason may not name a cause that did not happen between the two editions."""
    changed = _changed_inputs(prev, cur)
    pa, pb = prev["parameters"], cur["parameters"]
    causes = {"quý": pa.get("quarter") != pb.get("quarter"),
              "kỳ khảo sát": pa.get("year") != pb.get("year"),
              "quốc gia": pa.get("country") != pb.get("country")}
    if changed is not None:
        causes["dữ liệu"] = any(f.startswith("data/") for f in changed)
        causes["phương pháp"] = causes["mã nguồn"] = prev["commit"] != cur["commit"] or any(
            not f.startswith("data/") for f in changed)
    low = reason.lower()
    for word, happened in causes.items():
        c.report.checked += 1
        if word in low and not happened:
            c.report.add("explanation", "thay-doi", where, reason, f"(no «{word}»)",
                         f"the reason names a cause that did not happen between the two "
                         f"editions ({word}: parameters and input checksums of the two records; "
                         f"changed inputs: {', '.join(sorted(changed or [])) or 'none'})")


def _check_change_table(c: Ctx, tbl: Table, changes: list | None, prev: dict | None,
                        cur: dict, cur_values: list[dict]) -> None:
    """Rows of the table of changed figures against the two registries (the previous one only
    from the archive: without it, the «Ấn bản trước» cells stay unchecked)."""
    col = {h: tbl.col(h) for h in ("Chương", "Con số", "Ấn bản trước", "Ấn bản này",
                                   "Thay đổi", "Lý do")}
    by_key = {v["key"]: v for v in cur_values}
    if changes is None:  # only the current registry is known
        pool = [(k, None, v.get("text", "")) for k, v in by_key.items()]
    else:
        pool = list(changes)
    for r, row in enumerate(tbl.rows):
        where = f"thay-doi: bảng thay đổi dòng {r + 1}"
        old, new = row[col["Ấn bản trước"]], row[col["Ấn bản này"]]
        hit = next((x for x in pool if _page_title(c, x[0].split("::")[0]) ==
                    row[col["Chương"]] and norm(x[2] or "—") == norm(new)
                    and (changes is None or norm(x[1] or "—") == norm(old))), None)
        c.report.checked += 1
        if hit is None:
            c.report.add("value", "thay-doi", where, f"{old} → {new}", "(a change between the "
                         "two values registries)" if changes is not None else
                         "(a value of this chapter in values.json)",
                         "a changed figure: chapter title, previous and current text of one "
                         "glued value")
            done = {col["Chương"]}
        else:
            pool.remove(hit)
            key, a, b = hit
            how = (by_key.get(key) or {}).get("how") or ""
            want_how = norm(how) if how else "nội dung chữ của chương"
            kind = "mới có" if a is None and changes is not None else \
                "không còn" if b is None else "thay đổi"
            c.report.checked += 2
            if norm(row[col["Con số"]]) != want_how:
                c.report.add("wording", "thay-doi", where, row[col["Con số"]], want_how,
                             "what the figure is: the registry's description of the value")
            if changes is not None and row[col["Thay đổi"]] != kind:
                c.report.add("value", "thay-doi", where, row[col["Thay đổi"]], kind,
                             "changed, new or gone between the registries")
            if prev is not None:
                _check_reason(c, where, row[col["Lý do"]], prev, cur)
            done = set(col.values()) - ({col["Ấn bản trước"]} if changes is None else set())
        for ci, cell in enumerate(row):
            if ci not in done and has_digit(cell):
                c.report.not_checked("thay-doi", f"{where} cột «{tbl.headers[ci]}»", cell)
    if changes is not None:
        for key, a, b in pool:
            c.report.add("structure", "thay-doi", "thay-doi: bảng thay đổi", "(missing)",
                         f"{key}: {a} → {b}", "a glued value that changed between the two "
                         "registries is missing from the table")


def _check_files_list(c: Ctx, ul, listed_in: str, expected: set[str] | None,
                      complete: bool = True) -> None:
    """The files the changelog lists against those that changed. ``complete``: ``expected`` is
    every file that differs between the two builds (their records' checksums); otherwise it is
    only what git says differs between their commits, and a file the previous build already
    had edited (built from a modified tree, as its record would say) may be missing from it
    rightly: then only a listed file that did not change is a finding."""
    listed = {norm(x.get_text("")) for x in ul.find_all("code")} if ul is not None else set()
    if expected is None:
        return
    c.report.checked += 1
    extra = sorted(listed - expected)
    missing = sorted(f for f in expected - listed if f.startswith(METHOD_PREFIXES)) \
        if complete else []
    if extra or missing:
        c.report.add("value", "thay-doi", "thay-doi: tệp đã thay đổi", ", ".join(sorted(listed))
                     or "(không có)", ", ".join(sorted(expected & set(listed) | set(missing))),
                     f"files changed between the two editions ({listed_in})"
                     + (f"; listed but unchanged: {', '.join(extra)}" if extra else "")
                     + (f"; changed but not listed: {', '.join(missing)}" if missing else ""))


def check_changelog(c: Ctx, html_dir: Path, archive: Path | list[Path] | None) -> None:
    """The changelog: previous edition, figures changed since, commits and files between the
    two, and the citation of this edition, from the reproducibility records, git and the
    archive of editions (``_editions/<id>/``) when it is this book's (of several candidate
    archives, the first that holds this build)."""
    page = c.pages.get("thay-doi")
    rec_path = html_dir / "reproducibility.json"
    if page is None or not rec_path.is_file():
        return
    cur = edition_meta(json.loads(rec_path.read_text(encoding="utf-8")))
    cur_id = edition_id(cur)
    candidates = archive if isinstance(archive, list) else [archive]
    archive = next((a for a in candidates if cur_id in archive_editions(a)), candidates[0])
    editions = archive_editions(archive)
    known = cur_id in editions  # the archive holds this very build: it is this book's archive
    prev_id = previous_edition(editions, cur_id) if known else None
    prev = editions.get(prev_id) if prev_id else None
    cur_values = json.loads((html_dir / "values.json").read_text(encoding="utf-8")).get(
        "values", []) if (html_dir / "values.json").is_file() else []
    changes = None
    if prev_id and (archive / prev_id / "values.json").is_file():
        old = json.loads((archive / prev_id / "values.json").read_text(encoding="utf-8"))
        changes = registry_changes(old.get("values", []), cur_values)
    tables = [t for t in page.tables.values()]
    stated_prev = None
    for el in page.article.find_all(["p", "pre"]):
        if el.find_parent(["pre", "table"]) is not None:
            continue  # the table of changed figures: _check_change_table
        text = norm(el.get_text("")) if el.name == "pre" else text_of(el)
        where = f"thay-doi: «{text[:50]}…»"
        if text.startswith("Ấn bản trước:"):
            m = re.search(r"commit ([0-9a-f]{7,40})", text)
            stated_prev = m.group(1) if m else None
            c.report.checked += 1
            if known and prev is None:
                c.report.add("structure", "thay-doi", where, text, "(first edition)",
                             "no earlier edition of this country in the archive")
            if prev is None and stated_prev and git("rev-parse", "--verify", "--quiet",
                                                    stated_prev + "^{commit}") is None:
                c.report.add("value", "thay-doi", where, stated_prev, "(a commit of the "
                             "repository)", "the previous edition's commit is not in git")
            _leftover_numbers(c, el, where, _check_facts(c, where, text, prev, "previous"))
        elif text.startswith("Đây là ấn bản đầu tiên"):
            c.report.checked += 1
            if prev is not None:
                c.report.add("structure", "thay-doi", where, text, f"Ấn bản trước: {prev_id}",
                             "the archive holds an earlier edition of this country")
        elif (m := re.match(r"Có (\d+) con số thay đổi|Không con số nào", text)):
            n = int(m.group(1)) if m.group(1) else 0
            c.report.checked += 1
            rows = sum(len(t.rows) for t in tables)
            if n != rows:
                c.report.add("count", "thay-doi", where, str(n), str(rows),
                             "a count stated about a table equals that table's rows")
            if changes is not None and n != len(changes):
                c.report.add("value", "thay-doi", where, str(n), str(len(changes)),
                             "glued values whose text changed, appeared or disappeared between "
                             f"the registries of {prev_id} and this edition")
            _leftover_numbers(c, el, where, text.replace(m.group(0), " ", 1))
        elif (m := re.match(r"Giữa hai ấn bản có (\d+) commit", text)):
            _check_commits(c, el, where, text, m, stated_prev, prev, cur)
        elif text.startswith("Hai ấn bản dựng từ cùng một commit"):
            c.report.checked += 1
            changed = _changed_inputs(prev, cur)
            code = sorted(f for f in changed or () if not f.startswith("data/"))
            prev_commit = prev["commit"] if prev is not None else stated_prev or ""
            if prev_commit and not cur["commit"].startswith(prev_commit[:7]):
                c.report.add("value", "thay-doi", where, text, f"commit {prev_commit[:7]} → "
                             f"{cur['commit'][:7]}", "the two editions' commits differ")
            elif code:
                c.report.add("explanation", "thay-doi", where, text, "(the files that changed)",
                             "the two editions differ in their code and content: "
                             + ", ".join(code) + (" (built with modified tracked files, see "
                                                  "the record)" if cur["modified"] else ""))
            elif changed is None and cur["modified"]:
                c.report.not_checked("thay-doi", where, text + " — this build had modified "
                                     "tracked files and the previous record is not available")
        elif EDITION_ID.search(text) or el.name == "pre":
            _leftover_numbers(c, el, where, _check_facts(c, where, text, cur, "current"))
    for t in tables:
        _check_change_table(c, t, changes, prev, cur, cur_values)


def _check_commits(c: Ctx, el, where: str, text: str, m: re.Match, stated_prev: str | None,
                   prev: dict | None, cur: dict) -> None:
    """«Giữa hai ấn bản có N commit (… git log A..B)»: A the previous edition's commit, B this
    one's, N counted by git; the files listed are those that changed between the two."""
    rng = re.search(r"git log ([0-9a-f]{7,40})\.\.([0-9a-f]{7,40})", text)
    rest = text
    if rng:
        a, b = rng.groups()
        rest = rest.replace(rng.group(0), " ")  # commit ids, checked here (digits-only ones too)
        c.report.checked += 2
        want_a = prev["commit"] if prev else stated_prev or ""
        if not want_a.startswith(a) and not a.startswith(want_a):
            c.report.add("value", "thay-doi", where, a, want_a[:len(a)],
                         "first commit of the range: the previous edition's")
        if not cur["commit"].startswith(b):
            c.report.add("value", "thay-doi", where, b, cur["commit"][:len(b)],
                         "last commit of the range: this edition's (reproducibility.json)")
        count = git("rev-list", "--count", f"{a}..{b}")
        if count is not None:
            c.report.checked += 1
            if count != m.group(1):
                c.report.add("value", "thay-doi", where, m.group(1), count,
                             f"git rev-list --count {a}..{b}")
            rest = rest.replace(m.group(0), " ", 1)
        names = git("diff", "--name-only", a, b)
        changed = _changed_inputs(prev, cur)
        # The two records' checksums say exactly which inputs differ between the builds (edits
        # not yet committed included, edits already in the previous build excluded); git diff
        # between the commits is the fallback when a record has none.
        # Without the previous record, git diff is a bound only: files the previous build had
        # edited before their commit differ between the commits but not between the builds;
        # and a build of a modified tree may differ in any file.
        expected = changed if changed is not None else (
            set(names.split()) if names is not None and not cur["modified"] else None)
        ul = el.find_next_sibling("ul")
        _check_files_list(c, ul, "the input checksums of the two records" if changed is not None
                          else f"git diff {a} {b}; without the previous record only a listed "
                          "file that did not change is judged", expected, changed is not None)
    _leftover_numbers(c, el, where, rest)


# --------------------------------------------------------------------------------------------
# Running everything
# --------------------------------------------------------------------------------------------


def _shown_keys(c: Ctx, chapter: str) -> set[str]:
    page = c.pages.get(chapter)
    return {k.split("::", 1)[-1] for k, _ in page.spans if k} if page else set()


def check_glue(c: Ctx, glue: dict[str, dict[str, str]], exact: dict[str, dict[str, str]]) -> None:
    for chapter, values in sorted(glue.items()):
        rules = GLUE_RULES.get(chapter, {})
        for key, shown in values.items():
            rule = rules.get(key)
            if chapter == "00_diem_chinh" and key in LINK_GLUE:
                # Glued as MyST: the registry keeps no text; compare what the page renders.
                shown = _after_finding(c, LINK_GLUE[key]) or shown
            if rule is None:
                if has_digit(shown):
                    c.report.not_checked(chapter, f"{chapter}::{key}", shown)
                else:
                    c.report.not_checked(chapter, f"{chapter}::{key} (text)", shown)
                continue
            meaning, fn = rule
            try:
                exp = fn(c)
            except Exception as exc:  # a rule that cannot be evaluated is a finding, not a crash
                c.report.add("structure", chapter, f"{chapter}::{key}", shown, "(error)",
                             f"{meaning}: {type(exc).__name__}: {exc}")
                continue
            if not exp.why:
                exp.why = meaning
            if exp.hidden:
                c.report.checked += 1
                if key in _shown_keys(c, chapter):
                    c.report.add("structure", chapter, f"{chapter}::{key}", shown, "(not shown)",
                                 f"{meaning}: {exp.why}, yet the page shows it")
                continue
            if exp.text is None:
                c.report.not_checked(chapter, f"{chapter}::{key}", shown + " — " + exp.why)
                continue
            c.report.compare(chapter, f"{chapter}::{key}", shown, exp)
            c.report.covered["glue"].append(f"{chapter}::{key}")
            ex = exact.get(chapter, {}).get(key)
            if ex is not None and exp.exact is not None:
                try:
                    if abs(frac(ex) - exp.exact) > Fraction(1, 10**9):
                        c.report.add("value", chapter, f"{chapter}::{key} (exact)", ex,
                                     str(float(exp.exact)), "exact value in values.json")
                except (ValueError, ZeroDivisionError):
                    pass
        for key in rules.keys() - values.keys():
            try:
                hidden = rules[key][1](c).hidden
            except Exception:  # noqa: BLE001 - the missing key is the finding
                hidden = False
            if chapter in c.pages and not hidden:
                c.report.add("structure", chapter, f"{chapter}::{key}", "(missing)",
                             "a glued value", "expected key not glued")


def run(html_dir: Path, stage: Path | None, repo: Path = REPO,
        editions: Path | None = None) -> Report:
    """``editions``: the archive of built editions (default ``<repo>/_editions``), used for the
    changelog when it holds this very build."""
    report = Report()
    raw, m49 = find_raw_un(repo), find_m49(repo)
    if raw is None or m49 is None:
        raise FileNotFoundError("raw UN data or the M49 table not found (data/raw or "
                                "../shared/data)")
    un = UN(raw, m49)
    dom = Domestic(repo, find_seeds(repo))
    glue, exact, glue_src = load_glue(html_dir, stage)
    params: dict = {}
    reg = html_dir / "values.json"
    if reg.is_file():
        params = json.loads(reg.read_text(encoding="utf-8")).get("parameters", {})
    elif (html_dir / "reproducibility.json").is_file():
        params = json.loads((html_dir / "reproducibility.json").read_text(
            encoding="utf-8")).get("parameters", {})
    country = params.get("country") or "VNM"
    year = int(params.get("year") or un.years[-1])
    quarter = params.get("quarter") or max({o.quarter for o in dom.obs}, key=quarter_key)
    c = Ctx(un, dom, country, year, quarter, report)
    c.glue = glue
    c.pages = load_pages(html_dir)
    c.table = lambda tid: next((p.tables[tid] for p in c.pages.values() if tid in p.tables),
                               None)
    report.meta = {"html": str(html_dir), "glue": glue_src, "country": country, "year": year,
                   "quarter": quarter, "raw": str(raw), "articles": len(dom.articles)}
    for a in un.anomalies:
        report.add("structure", "data", "raw UN files", a, "", "anomaly in the raw files")

    check_glue(c, glue, exact)
    check_finding_links(c)
    check_counts(c, glue)
    for stem, page in c.pages.items():
        for tid, tbl in page.tables.items():
            rule = TABLE_RULES.get(tid)
            if rule is None and stem == "tai-lap" and tid.startswith("(bảng không có id"):
                continue  # package versions and checksums: check_book_pages
            if rule is None and stem == "thay-doi":
                continue  # figures changed since the previous edition: check_changelog
            if rule is None:
                for r, row in enumerate(tbl.rows):
                    for ci, cell in enumerate(row):
                        if has_digit(cell):
                            report.not_checked(stem, f"{tid} dòng {r + 1} cột {ci + 1}", cell)
                continue
            chapter, _meaning, fn = rule
            tc = TC(c, tbl)
            try:
                fn(c, tc)
            except Exception as exc:
                report.add("structure", stem, tid, "(table)", "(error)",
                           f"checker failed: {type(exc).__name__}: {exc}")
            report.covered["tables"].append(tid)
            for r, row in enumerate(tbl.rows):
                for ci, cell in enumerate(row):
                    if has_digit(cell) and (r, ci) not in tbl.checked:
                        report.not_checked(stem, f"{tid} dòng «{row[0]}» cột {ci + 1}", cell)
    # The tables and charts of a chapter the book does not have are not looked for: which
    # chapters the book has is check_intro's (the domestic ones only in their country's book).
    for tid in sorted(TABLE_RULES.keys() - {t for p in c.pages.values() for t in p.tables}):
        if TABLE_RULES[tid][0] in c.pages:
            check_not_shown(c, tid)
    for name, (chapter, _meaning, fn) in CSV_RULES.items():
        if name.startswith("fig-") and not any(p.article.find(id=name[:-4])
                                               for p in c.pages.values()):
            if chapter in c.pages:
                check_not_drawn(c, name)
            continue
        path = find_download(html_dir, stage, name)
        if path is None:
            report.not_checked("csv", name, "download not found")
            continue
        fn(c, name, read_output_csv(path))
        report.covered["csv"].append(name)
    charts = {p.name for p in html_dir.glob("_downloads/*/fig-*.csv")}
    for path in sorted(charts - CSV_RULES.keys()):
        report.not_checked("csv", path, "no rule for this chart CSV")
    check_spans(c, html_dir, stage, glue)
    check_captions(c)
    check_explanations(c)
    check_comparable(c)
    check_sources(c)
    check_book_pages(c, html_dir)
    check_changelog(c, html_dir, editions if editions is not None else default_archives(repo))
    check_intro(c)
    check_lists(c)
    check_table_downloads(c, html_dir, stage)
    check_source_lines(c, html_dir, stage)
    check_citations(c)
    check_method_page(c)
    check_data_notes(c)
    check_popups(c)
    check_wording(c)
    check_csv_formats(c, html_dir)
    check_empty_figures(c, html_dir, stage)
    check_prose_about_nothing(c)
    for page in c.pages.values():
        _prose_numbers(c, page)
    return report


def format_report(report: Report) -> str:
    out = io.StringIO()
    meta = getattr(report, "meta", {})
    out.write("Independent recomputation of the built book\n")
    for k, v in meta.items():
        out.write(f"  {k}: {v}\n")
    out.write(f"  figures compared: {report.checked}\n")
    out.write(f"  glued keys with a rule: {len(report.covered['glue'])}; tables with a rule: "
              f"{len(report.covered['tables'])}; chart CSVs with a rule: "
              f"{len(report.covered['csv'])}\n\n")
    by_cls: dict[str, list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_cls[f.cls].append(f)
    out.write(f"DISCREPANCIES: {len(report.findings)}\n")
    for cls in CLASSES:
        items = by_cls.get(cls)
        if not items:
            continue
        out.write(f"\n== {CLASSES[cls]} [{cls}]: {len(items)}\n")
        for f in items:
            out.write(f"- [{f.chapter}] {f.where}\n    shown:    {f.shown}\n"
                      f"    expected: {f.expected}\n    why:      {f.why}\n")
    out.write(f"\nNOT CHECKED: {len(report.unchecked)}\n")
    for chapter, where, text in report.unchecked:
        out.write(f"- [{chapter}] {where}: {text}\n")
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("html", type=Path, help="the built HTML folder (with notebooks/, book/)")
    ap.add_argument("--editions", type=Path, default=None,
                    help="the archive of built editions (default: _editions in the repository, "
                    "else in its main checkout, whichever holds the build checked)")
    ap.add_argument("--stage", type=Path, default=None,
                    help="the stage folder with the executed notebooks (used when the HTML "
                    "folder has no values.json)")
    args = ap.parse_args(argv)
    stage = args.stage
    if stage is None:
        cand = args.html.parent / "stage"
        stage = cand if cand.is_dir() else None
    try:
        report = run(args.html, stage, editions=args.editions)
    except FileNotFoundError as exc:
        print(f"skipped: {exc}")
        return 3
    sys.stdout.write(format_report(report))
    if report.findings:
        return 1
    return 2 if report.unchecked else 0


if __name__ == "__main__":
    sys.exit(main())
