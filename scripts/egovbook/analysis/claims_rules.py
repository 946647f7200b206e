"""The verdict rules of the claims register (stated on the Method page, section "Đối chiếu số
liệu báo chí").

* **Data** means the project's independent data: the UN Survey files. A figure the Survey gives
  is *matched*, *matched after rounding* or *differs* (:func:`compare_number`).
* Domestic figures have no independent dataset: the quarterly rows are themselves transcribed
  from the articles. A domestic figure is therefore compared with what *other* articles state
  about the same thing (the same indicator and date, the same target and deadline):
  two or more different, independent articles giving the same figure (after rounding) *agree*;
  different articles giving different figures *contradict* each other.
* A figure checked against the article it comes from is no verification (*cannot be checked*),
  and neither are two articles with one origin (:func:`origins`: the same ``event`` in
  sources.csv, or the same body whose information they relay, ``relays``), nor two articles
  whose quotes for it are the same text (:func:`same_text`: they copy one origin), nor a target
  value the book read into a quote that states no figure (``inferred``).
* A goal about the Survey (``un_goal``: "tăng 10 bậc đến hết năm 2020") is no figure: the data
  say whether it was *met* or *missed*, never that the press "differs".
  Arithmetic on an article's own figures that does not come out as the article says is a fault
  of that article (*differs*).
* Tolerance: a claim matches after rounding when the other value, rounded half up from its
  decimal text (:func:`fmt.half_up`) to the claim's decimals, equals the claim; "gần"
  (nearly) also requires the other value not to exceed it, "hơn"/"trên" (more than) that it
  exceeds it, "dưới" (below) that it stays under it.

The links between claims are derived from the data (the observation a claim refers to, the
indicator and deadline of a target, the ``contradicts`` column), never from a hand list.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

import pandas as pd

from egovbook.analysis import bounds, target_status, un
from egovbook.common import fmt

MATCH = "match"
MATCH_ROUNDED = "match_rounded"
DIFFERS = "differs"
AGREE = "agree"
CONFLICT = "conflict"
UNCHECKABLE = "uncheckable"
GOAL_MET, GOAL_MISSED = "goal_met", "goal_missed"
VERDICT_VI = {
    MATCH: "Khớp với dữ liệu",
    MATCH_ROUNDED: "Khớp với dữ liệu sau làm tròn",
    DIFFERS: "Lệch so với dữ liệu",
    GOAL_MET: "Mục tiêu đạt theo dữ liệu",
    GOAL_MISSED: "Mục tiêu chưa đạt theo dữ liệu",
    AGREE: "Các bài báo thống nhất",
    CONFLICT: "Các bài báo mâu thuẫn",
    UNCHECKABLE: "Không kiểm chứng được",
}
# The word a source puts before a figure, as a comparator of the claims file.
# «gần» (nearly) is approximate but from below: the other value must not exceed it.
QUALIFIER_COMPARATOR = {word: "≤" if word == "gần" else {
    bounds.EXACT: "=", bounds.LOWER: ">", bounds.UPPER: "<", bounds.APPROX: "≈"}[kind]
    for word, kind in bounds.KIND_OF.items()}
BOUNDS = {">", "<"}
ONE_SOURCE = "Chỉ một nguồn nêu số này; không có dữ liệu độc lập để kiểm."


def compare_number(claimed: object, actual: object, decimals: int,
                   comparator: str = "=") -> str:
    """The tolerance rule: exact decimals, half-up rounding, never binary ``round``."""
    if fmt.is_missing(actual) or fmt.is_missing(claimed) or claimed == "" or actual == "":
        return UNCHECKABLE
    c, a = fmt.exact(float(claimed)), fmt.exact(float(actual))  # type: ignore[arg-type]
    if comparator == ">":
        return MATCH if a > c else DIFFERS
    if comparator == "<":
        return MATCH if a < c else DIFFERS
    if comparator == "≤" and a > c:
        return DIFFERS
    if a == c:
        return MATCH
    if fmt.half_up(a, decimals) == c:
        return MATCH_ROUNDED
    return DIFFERS


# --- UN claims: checked against the Survey data ----------------------------------------------


@dataclass
class Result:
    value: float | str | None
    shown: str
    verdict: str
    detail: str = ""
    basis: tuple[str, ...] = ()  # the articles whose figures the computation used


def check_un(claim: pd.Series, survey: un.Survey) -> Result:
    kind, index = claim["kind"], claim["index"]
    scope: un.Scope = claim["scope"]  # type: ignore[assignment]
    year = int(claim["year"])
    if year not in survey.years:
        return Result(None, fmt.MISSING, UNCHECKABLE, f"Không có dữ liệu năm {year}.")
    if kind == "rank":
        rank = survey.rank(index, year, scope)
        size = survey.scope_size(year, scope)
        verdict = compare_number(claim["claimed_value"], rank, 0)
        return Result(rank, fmt.rank(rank, size), verdict)
    if kind == "scope_size":
        size = survey.scope_size(year, scope)
        return Result(size, fmt.number(size), compare_number(claim["claimed_value"], size, 0))
    if kind == "rank_change":
        before_year = int(claim["compare_year"])
        changes = {m: (survey.rank(index, before_year, scope, m) or 0)
                   - (survey.rank(index, year, scope, m) or 0)
                   for m in ("min", "average", "max")}
        value = changes["min"]
        verdict = compare_number(claim["claimed_value"], value, 0)
        detail = ""
        if len(set(changes.values())) > 1:
            detail = ("Phụ thuộc quy tắc đồng hạng: đồng hạng lấy hạng cao nhất "
                      f"{fmt.signed(changes['min'])}, hạng trung bình "
                      f"{fmt.signed(changes['average'], 1)}, hạng thấp nhất "
                      f"{fmt.signed(changes['max'])}.")
        return Result(value, fmt.signed(value), verdict, detail)
    if kind == "value":
        value = float(survey.row(year)[index])
        decimals = int(claim["decimals"] or 0)
        verdict = compare_number(claim["claimed_value"], value, decimals)
        places = max(-fmt.exact(value).as_tuple().exponent, 0)  # type: ignore[operator]
        detail = (f"Dữ liệu ghi {fmt.number(value, places)}, làm tròn nửa lên thành "
                  f"{fmt.number(value, decimals)}." if verdict == MATCH_ROUNDED else "")
        return Result(value, fmt.index(value, max(decimals, 4)), verdict, detail)
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
        # The Survey of year Y is published during Y (that of 2020 in July 2020, A001), so a goal
        # "by the end of Y" is judged at the last Survey of Y or before; places are counted from
        # the Survey the claim names as its starting point (compare_year).
        start = int(claim["compare_year"]) if claim["compare_year"] else None
        by_deadline = [y for y in survey.years if y <= year and (start is None or y > start)]
        if start is None or not by_deadline:
            return Result(None, fmt.MISSING, UNCHECKABLE,
                          "Không có kỳ khảo sát nào giữa mốc so sánh và thời hạn.")
        last = by_deadline[-1]
        before, after = survey.rank(index, start, scope), survey.rank(index, last, scope)
        gained = (before or 0) - (after or 0)
        met = gained >= float(claim["claimed_value"])
        return Result(gained, f"{fmt.signed(gained)} bậc ở kỳ {last}",
                      GOAL_MET if met else GOAL_MISSED,
                      f"Kỳ khảo sát cuối cùng đến thời hạn ({last}): hạng {fmt.number(after)}, "
                      f"{fmt.rank_change(before, after)} so với kỳ {start}; mục tiêu "
                      + ("đạt." if met else "chưa đạt. Đây là một mục tiêu không đạt, không "
                         "phải một con số báo chí nêu sai."))
    return Result(None, fmt.MISSING, UNCHECKABLE, "Loại khẳng định chưa được hỗ trợ.")


def check_ratio(claim: pd.Series, a: str, b: str, rounded: bool, what: str,
                basis: tuple[str, ...]) -> Result:
    """``a / b`` against the claim. Published percentages are rounded (``rounded``): the ratio is
    an interval, and a bound claim («hơn 3 lần») holds only if the whole interval satisfies it."""
    found = bounds.rounded_ratio(a, b, rounded)
    if found is None:
        return Result(None, fmt.MISSING, UNCHECKABLE, basis=basis)
    side = {">": found.low, "<": found.high}.get(claim["comparator"], found.value)
    verdict = compare_number(claim["claimed_value"], float(side), int(claim["decimals"] or 0),
                             claim["comparator"] or "=")
    spread = (f" Vì các tỷ lệ đã làm tròn, tỷ số nằm trong khoảng {found.interval()}."
              if rounded and found.low != found.high else "")
    return Result(float(found.value), f"gấp {found.shown()} lần", verdict, what + spread, basis)


# --- statements and the links between them ------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One article's figure about one thing, as the linking rules need it."""

    claim_id: str
    source: str
    topic: tuple[str, ...]     # what it is about: ("obs", indicator) or ("target", indicator, cmp)
    when: dt.date | str | None  # the date of a figure, the deadline of a target (None: not given)
    value: str                  # decimal text; "" when the source gives no value
    decimals: int
    comparator: str
    shown: str                  # as the reader sees it: «gần 83 %»
    quote: str = ""             # the article's words for it
    inferred: bool = False      # the value is the book's reading: the quote states no figure
    scoped: bool = True         # False: a target of an indicator the articles give no scope

    def about_same(self, other: Statement) -> bool:
        return self.topic == other.topic and (
            self.when == other.when or (self.topic[0] == "target"
                                        and (self.when is None or other.when is None)))


def statements_compare(a: Statement, b: Statement) -> str | None:
    """MATCH, MATCH_ROUNDED or DIFFERS between two statements; None when they cannot be compared.

    The more precise statement is the reference; the other is held to it by the tolerance rule.
    """
    if not a.value or not b.value:
        return None
    if a.comparator in BOUNDS and b.comparator in BOUNDS:
        same = a.comparator == b.comparator and fmt.exact(float(a.value)) == fmt.exact(
            float(b.value))
        return MATCH if same else None
    ref, other = sorted((a, b), key=lambda s: (s.comparator in BOUNDS, -s.decimals,
                                               s.comparator != "="))
    return compare_number(other.value, ref.value, other.decimals, other.comparator)


@dataclass
class Link:
    """What the other articles say about a claim's figure, and the verdict that follows."""

    verdict: str
    sentences: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    agrees: list[str] = field(default_factory=list)


def _articles(ids: Iterable[str]) -> str:
    unique = sorted(set(ids))
    return ("bài " if len(unique) == 1 else "các bài ") + fmt.join_vi(unique)


def _said(peers: list[tuple[Statement, str | None]], verb: str = "nêu") -> str:
    """``Các bài A000 và A001 nêu 30 %; bài A003 nêu 50 %`` (grouped by what is said). The
    figures are the book's renderings, not the articles' words: no «» (kept for verbatim quotes)."""
    by_text: dict[str, list[str]] = {}
    for s, _ in peers:
        by_text.setdefault(s.shown, []).append(s.source)
    text = "; ".join(f"{_articles(src)} {verb} {shown}" for shown, src in by_text.items())
    return text[:1].upper() + text[1:]


def _words(text: str) -> list[str]:
    """The words of a quote, case, spaces and punctuation aside."""
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def same_text(a: str, b: str) -> bool:
    """Whether two quotes are the same text: equal words, or one word added, dropped or changed
    (A003 gives its LGSP sentence twice, once with «và»: one text)."""
    x, y = _words(a), _words(b)
    if not x or not y or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y, strict=True)) <= 1
    short, long = sorted((x, y), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def link(item: Statement, others: list[Statement],
         origins_of: Callable[[str], Collection[str]], target: bool = False,
         inferred: dict[str, str] | None = None) -> Link:
    """The verdict of a domestic figure or target from what the other statements say
    (``inferred``: source → the event the book infers it reports, :func:`inferred_events`)."""
    thing = "mục tiêu này" if target else "số này"
    if not item.value:
        return Link(UNCHECKABLE, ["Bài không nêu giá trị nên không so được với bài khác."])
    if item.inferred:
        shown = item.shown.removesuffix(f" ({target_status.READ})")  # this note says it
        return Link(UNCHECKABLE, [f"Câu trích không ghi con số: {shown} là con số sách "
                                  "đọc ra từ câu của bài, nên không xác nhận được bài khác."])
    if not item.scoped:  # «30 %» of what: the national average, or each ministry's?
        return Link(UNCHECKABLE, ["Câu trích không nói mục tiêu này là tỷ lệ trung bình cả nước "
                                  "hay mức từng bộ, tỉnh phải đạt, nên sách không so nó với mục "
                                  "tiêu của bài khác."])
    about = [o for o in others if o.claim_id != item.claim_id and item.about_same(o)
             and o.scoped]
    read = sorted({o.source for o in about if o.inferred and o.source != item.source})
    peers = [(o, statements_compare(item, o)) for o in about if not o.inferred]
    peers = [(o, c) for o, c in peers if c is not None]
    own = [(o, c) for o, c in peers if o.source == item.source]
    other = [(o, c) for o, c in peers if o.source != item.source]
    mine = set(origins_of(item.source))
    same_event = [(o, c) for o, c in other if mine & set(origins_of(o.source))]
    copied = [(o, c) for o, c in other if (o, c) not in same_event
              and same_text(item.quote, o.quote)]
    independent = [(o, c) for o, c in other if (o, c) not in same_event + copied]
    differ = [(o, c) for o, c in other if c == DIFFERS]
    agree = [(o, c) for o, c in independent if c != DIFFERS]
    if differ:
        return Link(CONFLICT, [f"Cho cùng {'thời hạn' if target else 'thời điểm'}, "
                               f"{_said(differ)[:1].lower()}{_said(differ)[1:]}; bài "
                               f"{item.source} nêu {item.shown}."],
                    conflicts=sorted({o.claim_id for o, _ in differ}))
    if any(c == DIFFERS for _, c in own):
        return Link(DIFFERS, [f"Chính bài {item.source} nêu {own[0][0].shown} ở một câu "
                              "khác: các số của cùng một bài không khớp nhau."])
    if agree:
        rounded = any(c == MATCH_ROUNDED for _, c in agree)
        text = (_said(agree, "cũng nêu") + (", khớp sau khi làm tròn" if rounded else "")
                + f": các bài nêu {thing} bằng câu chữ khác nhau, không đưa tin cùng một sự "
                "kiện và không ghi là dẫn tin của cùng một cơ quan, nhưng vẫn có thể cùng dẫn "
                "lời một nguồn mà bài không nêu; sách không có dữ liệu độc lập để kiểm.")
        extra = _same_origin(item, same_event, mine, origins_of, inferred or {})
        extra += [_copied(copied)] if copied else []
        return Link(AGREE, [text, *extra], agrees=sorted({o.claim_id for o, _ in agree}))
    if same_event or copied:
        return Link(UNCHECKABLE, _same_origin(item, same_event, mine, origins_of, inferred or {})
                    + ([_copied(copied)] if copied else []))
    if own:
        return Link(UNCHECKABLE, [f"Chính bài {item.source} nêu {thing} ở một câu khác "
                                  f"({own[0][0].shown}): so một bài với chính nó không phải "
                                  "là kiểm chứng."])
    if read:
        who = _articles(read)
        return Link(UNCHECKABLE, [f"{who[:1].upper()}{who[1:]} nói về {thing} mà không ghi con "
                                  "số (con số do sách đọc ra), nên không xác nhận được."])
    return Link(UNCHECKABLE, ["Chỉ một nguồn nêu mục tiêu này; không có nguồn độc lập để "
                              "so." if target else ONE_SOURCE])


def _same_origin(item: Statement, peers: list[tuple[Statement, str | None]], mine: set[str],
                 origins_of: Callable[[str], Collection[str]],
                 inferred: dict[str, str]) -> list[str]:
    """``Bài A001 cũng nêu 8, nhưng hai bài lấy tin từ cùng một nguồn (…): không phải xác nhận
    độc lập.``, one sentence per shared origin, named in words (a report of an event and one
    written for it beforehand share its source; so do two articles relaying one ministry). An
    event the book only infers an article reports is said to be the book's inference."""
    by_origin: dict[frozenset[str], list[tuple[Statement, str | None]]] = {}
    for o, c in peers:
        by_origin.setdefault(frozenset(mine & set(origins_of(o.source))), []).append((o, c))
    out = []
    for shared, group in by_origin.items():
        sources = {item.source, *(o.source for o, _ in group)}
        guessed = sorted(s for s in sources if inferred.get(s) in shared)
        origin = "; ".join(sorted(shared)) + (
            f"; xếp {_articles(guessed)} vào sự kiện này là suy luận của sách" if guessed else "")
        out.append(_said(group, "cũng nêu") + f", nhưng {'hai' if len(sources) == 2 else 'các'} "
                   f"bài lấy tin từ cùng một nguồn ({origin}): không phải xác nhận độc lập.")
    return out


def _copied(peers: list[tuple[Statement, str | None]]) -> str:
    """``Bài A002 cũng nêu 100 % bằng cùng một câu: …``"""
    return (_said(peers, "cũng nêu") + " bằng cùng một câu (chỉ khác nhiều nhất một từ): các bài "
            "chép từ một nguồn, không phải xác nhận độc lập.")


# --- what the reader sees ----------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]


def reader_note(*parts: str) -> str:
    """The parts of a note joined, each sentence once."""
    seen: dict[str, None] = {}
    for part in parts:
        for s in sentences(part or ""):
            seen.setdefault(s if s[-1] in ".!?" else s + ".", None)
    return " ".join(seen)


def events(sources: pd.DataFrame) -> dict[str, str]:
    """source id → the event it reports (empty when the source reports no shared event)."""
    if "event" not in sources:
        return {}
    return {r.source_id: r.event for r in sources.itertuples() if r.event}


def inferred_events(sources: pd.DataFrame) -> dict[str, str]:
    """source id → the event it reports, when that it reports it is the book's inference
    (``event_inferred``: the article names no event, or only announces it)."""
    if "event_inferred" not in sources:
        return {}
    return {r["source_id"]: r["event"] for r in sources.fillna("").to_dict("records")
            if r["event"] and str(r["event_inferred"]).strip().lower() in ("true", "1")}


def origins(sources: pd.DataFrame) -> dict[str, frozenset[str]]:
    """source id → where its information comes from, as far as the sources table records it:
    the event it reports (``event``) and each body whose information it relays (``relays``,
    several separated by «;»). Two sources sharing any one are not independent of each other."""
    out: dict[str, frozenset[str]] = {}
    for column in ("event", "relays"):
        for r in sources.fillna("").to_dict("records") if column in sources else ():
            found = {part.strip() for part in r[column].split(";") if part.strip()}
            if found:
                out[r["source_id"]] = out.get(r["source_id"], frozenset()) | found
    return out
