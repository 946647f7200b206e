"""Tables declared once: each column says its header, how a cell is shown, and which raw
values (snake_case names in the code) go into the table's downloads.

The displayed table and its downloads come from the same declaration, so they cannot drift
apart. A download's columns carry Vietnamese names: the header the table shows when the column
gives one value, else the name :data:`TITLES` gives each value (``Giá trị``, ``Từ kèm số``).
Codes become the words the tables show (:func:`words`), and no code column is added beside
them: a reader finds those codes nowhere in the book.

>>> cols = [Col("Năm", lambda r: str(r[0]), {"nam": lambda r: r[0]}),
...         Col("EGDI", lambda r: r[1], {"egdi": lambda r: r[2]}, align="right")]
>>> shown, data = frames([(2024, "0,7709", 0.77092)], cols)
>>> list(shown.columns), list(data.columns), float(data.iloc[0]["egdi"])
(['Năm', 'EGDI'], ['nam', 'egdi'], 0.77092)
>>> list(download(data, cols).columns)
['Năm', 'EGDI']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from egovbook.analysis import bounds, claims_rules, target_status
from egovbook.analysis.values import Figure
from egovbook.common import mystext, periods

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
ARTICLE = re.compile(r"(?<![\w-])A\d{3}(?![\w-])")


@dataclass(frozen=True)
class Col:
    """One column: header, shown text of a row, and the raw values it contributes to the CSV."""

    header: str
    show: Callable[[Any], str]
    raw: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    align: str = "left"
    # Where a cell's figure comes from (None: the cell is words): the page opens it like a
    # glued number. Its text must be what the cell shows.
    trace: Callable[[Any], Figure | None] | None = None
    # The download's names of its values when it gives several and their names depend on the
    # book (``Số nước xếp hạng (châu Á)``); else :data:`TITLES` names them.
    titles: Mapping[str, str] = field(default_factory=dict)

    def name_of(self, name: str) -> str:
        """The download's name of one of its several values."""
        return self.titles.get(name) or title(name)

    def __post_init__(self) -> None:
        bad = [name for name in self.raw if not SNAKE.match(name)]
        if bad:
            raise ValueError(f"tên cột CSV cần dạng snake_case không dấu: {bad}")


# The Vietnamese name of each value a download holds, when its column gives several values
# (a table's column of one value is named by its header) and for the columns of chart data.
TITLES = {
    "bao": "Báo", "bao_chi_neu": "Báo chí nêu", "can_cu": "Căn cứ",
    "chi_so": "Chỉ số", "chi_tiet": "Chi tiết", "chi_tieu": "Chỉ tiêu", "chuong": "Chương",
    "con_thieu": "Còn thiếu", "danh_gia": "Đánh giá",
    "danh_gia_sau": "Đánh giá sau", "danh_gia_truoc": "Đánh giá trước", "den_nam": "Đến năm",
    "don_vi": "Đơn vị", "dong_gop_hci": "Đóng góp của HCI", "dong_gop_osi": "Đóng góp của OSI",
    "dong_gop_tii": "Đóng góp của TII", "du_bao_den_han": "Dự báo đến hạn", "egdi": "EGDI",
    "epi": "EPI", "epi_hang": "Hạng EPI", "epi_thay_doi_hang": "Thay đổi hạng EPI",
    "ghi_chu": "Ghi chú", "ghi_chu_so_sanh": "Ghi chú so sánh", "gia_tri": "Giá trị",
    "gia_tri_bao_chi": "Giá trị báo chí nêu", "gia_tri_cuoi": "Giá trị cuối",
    "gia_tri_dau": "Giá trị đầu", "gia_tri_so": "Giá trị (số)", "gia_tri_doc_ra": "Sách đọc ra",
    "gia_tri_doi_chieu": "Giá trị đối chiếu", "gia_tri_doi_chieu_so": "Giá trị đối chiếu (số)",
    "hang_cao_nhat": "Hạng cao nhất", "hang_thap_nhat": "Hạng thấp nhất",
    "hang_the_gioi": "Hạng thế giới", "hang_tieu_vung": "Hạng tiểu vùng",
    "hang_trung_binh": "Hạng trung bình", "hang_vung": "Hạng khu vực", "hci": "HCI",
    "hci_hang": "Hạng HCI", "hci_thay_doi_hang": "Thay đổi hạng HCI", "iso3": "Mã ISO3",
    "ke_hoach": "Kế hoạch", "ket_luan": "Kết luận", "khoi": "Khối", "khop_tong": "Khớp tổng",
    "loai": "Loại", "ma_ket_luan": "Mã kết luận", "ma_khang_dinh": "Mã khẳng định",
    "ma_muc_tieu": "Mã mục tiêu", "ma_quoc_gia": "Quốc gia", "mau_so": "Mẫu số",
    "mau_thuan_voi": "Mâu thuẫn với", "muc_tieu": "Mục tiêu", "nam": "Năm",
    "nam_khao_sat": "Năm khảo sát", "nam_so_sanh": "Năm so sánh", "ngay": "Ngày",
    "ngay_dang": "Ngày đăng", "tu_chi_muc_truoc": "Từ kèm số (trước)",
    "ngay_nhap": "Ngày nhập", "ngay_dau": "Ngày (thời điểm đầu)",
    "ngay_cuoi": "Ngày (thời điểm cuối)", "ngay_su_kien": "Ngày sự kiện",
    "ngay_truoc": "Ngày trước", "dan_tin": "Cơ quan được dẫn tin",
    "nguon": "Nguồn", "nhom": "Nhóm", "noi_dung": "Nội dung", "osi": "OSI",
    "osi_hang": "Hạng OSI", "osi_thay_doi_hang": "Thay đổi hạng OSI", "pham_vi": "Phạm vi",
    "pham_vi_truoc": "Phạm vi trước", "phan_du": "Phần dư", "quoc_gia": "Quốc gia",
    "quy": "Quý", "sha256": "SHA-256", "so_byte": "Số byte", "so_cot": "Số cột",
    "so_khang_dinh": "Số khẳng định", "so_le": "Số chữ số thập phân", "so_quoc_gia":
    "Số quốc gia", "so_sanh": "Phép so sánh", "so_sanh_duoc": "So sánh được",
    "so_nuoc_khac_cung_gia_tri": "Số nước khác cùng giá trị", "su_kien": "Sự kiện",
    # The region's and subregion's means have no name here: they are named by the country's
    # region (``Trung bình châu Á``), by the chapter that shows them.
    "tb_the_gioi": "Trung bình thế giới", "tep": "Tệp", "tham_chieu": "Tham chiếu",
    "chenh_the_gioi": "Chênh với thế giới", "chenh_lech": "Chênh lệch", "chieu": "Chiều",
    "dung_o": "Dùng ở", "iso3_muc_tieu": "Mã ISO3 (quốc gia mục tiêu)",
    "thay_doi": "Thay đổi", "thay_doi_cao_nhat": "Thay đổi (hạng cao nhất)",
    "thay_doi_egdi": "Thay đổi EGDI", "thay_doi_khac_nhau": "Thay đổi khác nhau",
    "thay_doi_la": "Thay đổi là", "thay_doi_thap_nhat": "Thay đổi (hạng thấp nhất)",
    "thay_doi_trung_binh": "Thay đổi (hạng trung bình)", "thoi_han": "Thời hạn",
    "thong_nhat_voi": "Thống nhất với", "thu_tu_liet_ke": "Thứ tự bài liệt kê",
    "tii": "TII", "tii_hang": "Hạng TII", "tii_thay_doi_hang": "Thay đổi hạng TII",
    "trich_dan": "Trích dẫn", "gia_tri_truoc": "Giá trị trước",
    "tu_chi_muc": "Từ kèm số", "thoi_han_suy_ra": "Thời hạn suy ra",
    "con_thieu_tu_chi_muc": "Từ kèm số (còn thiếu)", "hang": "Hạng", "so_nuoc": "Số nước",
    "egdi_tb_nhom": "EGDI trung bình của nhóm", "nhom_iso3": "Mã ISO3 của nhóm",
    "osi_tb_nhom": "OSI trung bình của nhóm", "tii_tb_nhom": "TII trung bình của nhóm",
    "hci_tb_nhom": "HCI trung bình của nhóm", "tu_chi_muc_cuoi": "Từ kèm số (cuối)",
    "tu_chi_muc_dau": "Từ kèm số (đầu)", "tu_nam": "Từ năm", "tu_so": "Tử số",
    "ty_so": "Tỷ số", "ty_so_la": "Tỷ số là", "url": "URL", "vi_tri": "Vị trí",
    # Columns of chart data (names of the analysis frames).
    "name_vi": "Quốc gia", "from_year": "Từ năm", "egdi_change": "Thay đổi EGDI",
    "residual": "Phần dư", "indicator": "Chỉ tiêu", "kind": "Loại", "date": "Ngày",
    "value": "Giá trị", "qualifier": "Từ kèm số", "sources": "Nguồn", "source": "Nguồn",
    "plan": "Kế hoạch", "source_id": "Nguồn", "deadline_inferred": "Thời hạn suy ra",
}
# Codes in the data and the words the tables show for them.
WORDS: dict[str, str] = {
    **target_status.STATUS_VI, **claims_rules.VERDICT_VI,
    bounds.EXACT: "đúng bằng", bounds.LOWER: "cận dưới", bounds.UPPER: "cận trên",
    bounds.APPROX: "xấp xỉ", "observation": "số liệu", "target": "mục tiêu", ">=": "≥", "<=": "≤",
    "bo": "Bộ, cơ quan ngang bộ", "tinh": "Tỉnh, thành phố", "dan_dau": "Dẫn đầu",
    "cuoi": "Xếp cuối", "press": "bài báo", "web": "trang web", "dataset": "bộ dữ liệu",
}


def title(name: str) -> str:
    """The Vietnamese name of a value in a download (the code's name if none is declared); a
    code kept beside the words it stands for (``ma_…``) is named as a code.

    >>> title("chi_tieu"), title("ma_chi_tieu"), title("ma_quoc_gia_thu_50")
    ('Chỉ tiêu', 'Mã chỉ tiêu', 'ma_quoc_gia_thu_50')
    """
    if name not in TITLES and name.startswith("ma_") and name[3:] in TITLES:
        words_ = TITLES[name[3:]]
        return "Mã " + (words_[:1].lower() + words_[1:] if words_[1:2].islower() else words_)
    return TITLES.get(name, name)


# A value the data use as a code (an indicator, a target, a country, a lower-case name): a
# download holds the words the table shows for it.
CODE = re.compile(r"^(?:[A-Z][A-Z0-9]*_[A-Z0-9_]+|T\d{2}|[a-z][a-z0-9]*(?:_[a-z0-9]+)*|[A-Z]{3})$")


# A country's code: the one code the book shows beside names (data views), kept in downloads.
ISO3 = re.compile(r"^[A-Z]{3}$")


def is_code(value: Any) -> bool:
    """Whether a value looks like a code of the data: one of :data:`WORDS` or of the shape of
    an identifier (the caller checks that the table shows other words for it: «OSI» is a code
    and a word).

    >>> [is_code(v) for v in ("DVC_M4_TYLE", "T01", "osi", "KOR", "A001", 3, "met")]
    [True, True, True, True, False, False, True]
    """
    return isinstance(value, str) and (bool(CODE.match(value)) or value in WORDS)


def words(value: Any) -> Any:
    """A value as a download shows it: a code as the table's word (a quarter as the book writes
    it), a yes/no as «có»/«không».

    >>> [words(v) for v in ("no_data_after", "match", False, True, 30, "A000", "2020Q3")][1:]
    ['Khớp với dữ liệu', 'không', 'có', 30, 'A000', 'quý III/2020']
    """
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, str):
        return WORDS.get(value) or periods.quarter_vi(value)
    return value


def frames(rows: Sequence[Any], cols: Sequence[Col]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(table as shown, its raw data by the code's names) from one declaration."""
    headers = [c.header for c in cols]
    if len(set(headers)) < len(headers):
        raise ValueError(f"hai cột cùng tiêu đề: {headers}")
    shown = pd.DataFrame({c.header: [c.show(r) for r in rows] for c in cols}, columns=headers)
    raw: dict[str, list[Any]] = {}
    for c in cols:
        for name, get in c.raw.items():
            if name in raw:
                raise ValueError(f"cột CSV «{name}» khai báo hai lần")
            raw[name] = [get(r) for r in rows]
    # Values are kept as given (object columns): pandas would make 92 and 1.5 both floats.
    return shown, pd.DataFrame(raw, columns=list(raw), dtype=object)


def names(cols: Sequence[Col]) -> dict[str, str]:
    """The Vietnamese name of each raw value in a download: the table's header for a column of
    one value, else the value's own name (:data:`TITLES`), with the header if two would clash.

    >>> names([Col("Giá trị", str, {"gia_tri": str, "tu_chi_muc": str}),
    ...        Col("Đánh giá", str, {"danh_gia": str})])
    {'gia_tri': 'Giá trị', 'tu_chi_muc': 'Từ kèm số', 'danh_gia': 'Đánh giá'}
    """
    out: dict[str, str] = {}
    for c in cols:
        for name in c.raw:
            head = c.header if len(c.raw) == 1 else c.name_of(name)
            if head in out.values():
                head = f"{head} ({c.header})"
            out[name] = head
    return out


def _coded(c: Col) -> str | None:
    """The raw value of a column that holds what the column shows (its only one, or the one
    named as the header), the one whose codes become the shown words."""
    if len(c.raw) == 1:
        return next(iter(c.raw))
    return next((n for n in c.raw if c.name_of(n) == c.header), None)


INLINE_CODE = re.compile(r"`([^`]*)`")


def unmarked(value: Any) -> Any:
    """A cell as a download holds it: Markdown (roles, ``code`` marks) reduced to its text.

    >>> unmarked("`data/countries.csv`"), unmarked(3)
    ('data/countries.csv', 3)
    """
    return INLINE_CODE.sub(r"\1", mystext.plain_roles(value)) if isinstance(value, str) else value


def coded(shown: pd.DataFrame, data: pd.DataFrame, cols: Sequence[Col]) -> list[str]:
    """The raw values of a table that hold codes where the table shows other words: a status
    «unmet_no_deadline» shown as «Chưa đạt, … (theo số liệu tháng 08/2020)», an indicator
    «DVC_M4_TYLE» shown by its name."""
    return [name for c in cols if (name := _coded(c)) is not None and any(
        is_code(v) and str(v) != unmarked(str(w))
        for v, w in zip(data[name], shown[c.header], strict=True))]


def download(data: pd.DataFrame, cols: Sequence[Col],
             shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table's data as its downloads hold them: every column the table shows (a column
    with nothing to download is an error), named in Vietnamese (:func:`names`). With the
    table as shown, a column of codes holds the words the table shows (:func:`coded`): the
    whole cell, qualifiers included; only a country's ISO3 code, which the book shows too,
    stays beside its name.

    >>> cols = [Col("Đánh giá", lambda r: "Chưa đạt (theo số liệu tháng 08/2020)",
    ...             {"danh_gia": lambda r: "unmet_no_deadline"})]
    >>> shown, data = frames([0], cols)
    >>> download(data, cols, shown).to_dict("records")
    [{'Đánh giá': 'Chưa đạt (theo số liệu tháng 08/2020)'}]
    """
    missing = [c.header for c in cols if not c.raw]
    if missing:
        raise ValueError(f"cột của bảng không có trong tệp tải: {missing}")
    named = names(cols)
    out = data.rename(columns=named).map(unmarked)
    if shown is None:
        return out
    for c in cols:
        name = _coded(c)
        if name is None or name not in coded(shown, data, [c]):
            continue
        head, kept = named[name], _iso3_column(c, name, data)
        if kept:
            out.insert(list(out.columns).index(head) + 1, kept, data[name].tolist())
        out[head] = [unmarked(str(v)) for v in shown[c.header]]
    return out


def _iso3_column(c: Col, name: str, data: pd.DataFrame) -> str | None:
    """The name of the column that keeps a column's country codes beside the names the table
    shows (the book's data views show both), or None for other codes."""
    if not all(isinstance(v, str) and ISO3.match(v) for v in data[name] if v):
        return None
    own = title(name)
    return own if own.startswith("Mã ") else f"Mã ISO3 ({c.header})"


def column_map(shown: pd.DataFrame, data: pd.DataFrame, cols: Sequence[Col]
               ) -> dict[str, list[str]]:
    """Each column the table shows and the download's columns that hold it, for the
    download's description.

    >>> cols = [Col("Chỉ tiêu", lambda r: "Tỷ lệ …", {"chi_tieu": lambda r: "DVC_M4_TYLE"}),
    ...         Col("Quốc gia", lambda r: "Thái Lan", {"quoc_gia": lambda r: "THA"}),
    ...         Col("Số liệu", str, {"gia_tri": str, "ngay": str})]
    >>> for shown, held in column_map(*frames([1], cols), cols).items():
    ...     print(shown, held)
    Chỉ tiêu ['Chỉ tiêu']
    Quốc gia ['Quốc gia', 'Mã ISO3 (Quốc gia)']
    Số liệu ['Giá trị', 'Ngày']
    """
    named, found = names(cols), coded(shown, data, cols)
    return {c.header: [x for n in c.raw for x in (
        named[n], _iso3_column(c, n, data) if n in found else None) if x] for c in cols}


def aligns(cols: Sequence[Col]) -> list[str]:
    return [c.align for c in cols]


def right(header: str, show: Callable[[Any], str],
          raw: Mapping[str, Callable[[Any], Any]] | None = None,
          trace: Callable[[Any], Figure | None] | None = None,
          titles: Mapping[str, str] | None = None) -> Col:
    """A right-aligned column (numbers)."""
    return Col(header, show, raw or {}, align="right", trace=trace, titles=titles or {})


def traces(rows: Sequence[Any], cols: Sequence[Col]) -> dict[tuple[int, int], Figure]:
    """The traced cells of a table, by (row, column) from 0.

    >>> cols = [Col("Năm", str), right("Số", str, trace=lambda r: Figure(str(r), "3", "số đếm",
    ...                                                                  "đếm", "f"))]
    >>> [(at, f.exact) for at, f in traces([3], cols).items()]
    [((0, 1), '3')]
    """
    out = {}
    for j, c in enumerate(cols):
        if c.trace is None:
            continue
        for i, r in enumerate(rows):
            figure = c.trace(r)
            if figure is None:
                continue
            if figure.text != c.show(r):
                raise ValueError(f"ô «{c.show(r)}» (cột {c.header}) có nguồn gốc của "
                                 f"«{figure.text}»")
            out[(i, j)] = figure
    return out


def text(header: str, name: str, align: str = "left",
         trace: Callable[[Any], Figure | None] | None = None) -> Col:
    """A column of rows that are mappings, whose CSV value is the text shown (``row[name]``)."""
    return Col(header, lambda r: r[name], {name: lambda r: r[name]}, align=align, trace=trace)


@dataclass(frozen=True)
class Table:
    """A whole table as a page shows it: label, caption, rows and their declared columns, and
    what its CSV header states (``None``: the defaults of :func:`egovbook.chapters.report.table`).

    ``empty`` is what the page says instead of a table without rows (``""``: nothing at all);
    ``None`` shows the table even without rows.
    """

    name: str
    caption: str
    rows: Sequence[Any]
    cols: Sequence[Col]
    source: str | None = None
    units: str | None = None  # required by report.declared: no default knows the columns
    retrieved: str | None = None
    empty: str | None = None

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(table as shown, its raw data)."""
        return frames(self.rows, self.cols)

    def traces(self) -> dict[tuple[int, int], Figure]:
        """Its traced cells (:func:`traces`)."""
        return traces(self.rows, self.cols)

    def download(self) -> pd.DataFrame:
        """Its data as downloads hold them (:func:`download`: words, names)."""
        shown, data = self.frames()
        return download(data, self.cols, shown)

    def column_map(self) -> dict[str, list[str]]:
        """Which download columns hold each shown column (:func:`column_map`)."""
        return column_map(*self.frames(), self.cols)

    @property
    def shown_instead(self) -> str | None:
        """The note shown instead of the table (``""``: nothing), or None if the table shows."""
        return self.empty if self.empty is not None and not len(self.rows) else None


def articles(*shown: Table) -> list[str]:
    """The articles some tables show: ids in their source lines and in their «Nguồn…» columns
    (a chapter cites these, no more and no fewer).

    >>> t = Table("tbl-x", "", [{"s": "A001"}, {"s": "A000 A001"}], [text("Nguồn", "s")],
    ...           source="bài A004 trong bộ nguồn")
    >>> articles(t)
    ['A000', 'A001', 'A004']
    """
    found: set[str] = set()
    for table in shown:
        if table.shown_instead is not None:
            continue
        found |= set(ARTICLE.findall(table.source or ""))
        view, _ = table.frames()
        for header in view.columns:
            if header.startswith("Nguồn"):
                found |= {a for cell in view[header] for a in ARTICLE.findall(str(cell))}
    return sorted(found)
