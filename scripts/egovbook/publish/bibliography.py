"""The book's BibTeX file, generated from the data (sources and UN raw files) at build time.

One place for the references: ``data/sources.csv`` and the descriptor's list of imported UN
files. A new survey year or a new article appears in the bibliography without editing a .bib.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

from egovbook.analysis import claims
from egovbook.build import nbcache
from egovbook.common import fmt, paths
from egovbook.intake import countries, datapackage, domestic

UN_URL = "https://publicadministration.un.org/egovkb/en-us/Data-Center"
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")


def un_key(year: int) -> str:
    return f"un{year}"


def press_key(source_id: str) -> str:
    return source_id.lower()


def _escape(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("%", r"\%").replace("&", r"\&")


def _when(date: str) -> str:
    return fmt.date(date) if len(date) == 10 else f"tháng {date[5:7]}/{date[:4]}"


def _title(src) -> str:
    """The title slot: the article's own title, or, for an article without one, the book's
    description said to be the book's (never presented as the article's title)."""
    if src.title_from == "nguồn":
        return src.title
    return f"[Bài không có tiêu đề; mô tả của sách: {src.title}]"


def _version(title: str) -> str:
    """The version of a dataset the build reads through a library: the CLDR data of the Babel
    the book runs with (the Vietnamese country names come from it)."""
    if "CLDR" in title:
        from babel.core import get_cldr_version

        return f"; phiên bản {get_cldr_version()}"
    return ""


def cited_by_pages() -> set[str]:
    """The keys the book's own pages (``book/*.md``) cite: every edition has these pages, so
    their sources are in every edition's references, whatever its quarter."""
    return {key.strip() for page in (paths.project_root() / "book").glob("*.md")
            for m in CITE.finditer(page.read_text(encoding="utf-8")) for key in m[1].split(",")}


def entries(until: str | None = None) -> list[str]:
    """The survey files, the articles (with ``until``: those known at the end of that quarter,
    so an edition's references list no later article, unless a page of the book cites it),
    the other datasets (country codes, country names) and the web pages chapter 8 quotes for
    the target rank (every edition shows them, whatever its quarter)."""
    out = []
    res = datapackage.resource(datapackage.load(), "un_egov")
    for raw in res.get("raw_files", []):
        year = int(raw["survey_year"])
        out.append(
            f"@misc{{{un_key(year)},\n"
            "  author = {{UN DESA}},\n"
            f"  title = {{{{United Nations E-Government Survey {year}: country data}}}},\n"
            "  howpublished = {Bản xuất CSV của Trung tâm dữ liệu, UN E-Government "
            f"Knowledgebase, tệp {_escape(raw['path'])}, lấy nguyên từng byte qua một kho mã "
            "công khai (không tải trực tiếp từ trang của Liên Hợp Quốc)},\n"
            f"  year = {{{year}}},\n"
            f"  url = {{{UN_URL}}},\n"
            f"  note = {{SHA-256 {raw['sha256'][:16]}…; nhập ngày {fmt.date(raw['imported'])}}}\n}}"
        )
    known = set(claims.load_sources(until=until)["source_id"])
    known |= {s for s in claims.load_sources()["source_id"] if press_key(s) in cited_by_pages()}
    for src in claims.load_sources().itertuples():
        if src.kind == "press" and src.source_id in known:
            out.append(
                f"@misc{{{press_key(src.source_id)},\n"
                f"  author = {{{{{_escape(src.outlet) or 'Không ghi tên báo'}}}}},\n"
                f"  title = {{{{{_escape(_title(src))}}}}},\n"
                f"  year = {{{src.event_date[:4]}}},\n"
                f"  note = {{Bài {src.source_id} trong bộ nguồn của sách; sự kiện "
                f"{_when(src.event_date)}. {_escape(src.note)}}}\n}}"  # the note is a sentence
            )
        elif src.kind == "dataset" and src.source_id != domestic.SURVEY_DATA:
            url = f"  url = {{{src.url}}},\n" if src.url else ""
            out.append(
                f"@misc{{{press_key(src.source_id)},\n"
                f"  author = {{{{{_escape(src.outlet)}}}}},\n"
                f"  title = {{{{{_escape(src.title)}}}}},\n{url}"
                f"  note = {{Bộ dữ liệu{_version(src.title)}. {_escape(src.note)}}}\n}}"
            )
        elif src.kind == "web":
            event = f"; sự kiện {_when(src.event_date)}" if src.event_date else ""
            out.append(
                f"@misc{{{press_key(src.source_id)},\n"
                f"  author = {{{{{_escape(src.outlet)}}}}},\n"
                f"  title = {{{{{_escape(src.title)}}}}},\n"
                f"  url = {{{src.url}}},\n"
                f"  note = {{Trang web ngoài bộ nguồn của sách{event}. {_escape(src.note)}}}\n}}"
            )
    return out


def write(path: Path, until: str | None = None) -> bool:
    """Write the .bib; return whether its content changed (the build rebuilds only then)."""
    text = "\n\n".join(entries(until)) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def datasets_read(stem: str) -> list[str]:
    """The datasets of ``data/sources.csv`` behind the files notebook ``stem`` declares it reads
    (``metadata.egovbook.reads``): a data file's sources in the descriptor name them (the
    member countries' table: M49 for regions, CLDR for names). The Survey is cited by year."""
    return datasets_behind(
        nbcache.notebook_meta(paths.project_root() / "notebooks" / f"{stem}.ipynb").reads)


def datasets_behind(reads: Iterable[str]) -> list[str]:
    """The datasets of ``data/sources.csv`` behind the data files matching ``reads``."""
    reads = list(reads)
    behind = [src["title"] for res in datapackage.load()["resources"]
              if any(fnmatch(res["path"], pattern) for pattern in reads)
              for src in res.get("sources", [])]
    return [s.source_id for s in claims.load_sources().itertuples()
            if s.kind == "dataset" and s.source_id != domestic.SURVEY_DATA
            and any(s.title in title for title in behind)]


def cite(years: Iterable[int], source_ids: Iterable[str], stem: str) -> str:
    """The citation of a chapter's sources (``{cite:p}`un2018,un2020,a001,d001```): the survey
    years it uses, the articles it shows, and the datasets behind the files it reads (UN files
    first; each key once; the member table's only beside Survey figures)."""
    years = list(years)
    keys = [un_key(y) for y in years] + [press_key(s) for s in sorted(set(source_ids))]
    # The member countries' table: its regions (M49) and names (CLDR) are behind Survey
    # figures; a chapter with none reads it only for the edition's country, which the title names.
    member = set() if years else set(datasets_behind([countries.COUNTRIES_FILE]))
    keys += [press_key(s) for s in datasets_read(stem) if s not in member]
    return "{cite:p}`" + ",".join(dict.fromkeys(keys)) + "`"
