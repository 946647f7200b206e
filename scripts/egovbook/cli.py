"""Command line: ``egovbook import-un|import-countries|validate|build``.

Every fault ends in a Vietnamese message and a non-zero exit, never a traceback: data faults say
which file, row and column; anything unexpected says where the log with the full traceback is.
Commands that write what a build reads hold ``_build/.lock`` (see :mod:`egovbook.build.lock`).

Exit codes: 0 done; 1 unexpected error (log written); 2 invalid data, parameters or arguments, or a
reproducibility record that differs; 3 a build step failed; 4 another build holds the lock
(``--no-wait``); 130 stopped with Ctrl-C. Help and argument errors are in Vietnamese too
(:class:`ArgumentParser`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from egovbook.common.problems import DataError

EXIT_UNEXPECTED = 1
EXIT_DATA = 2
EXIT_INTERRUPTED = 130
LOG_DIR = Path("_build") / "logs"


@contextlib.contextmanager
def _locked(args: argparse.Namespace) -> Iterator[None]:
    from egovbook.build import lock
    from egovbook.common.paths import project_root

    with lock.BuildLock(project_root(), wait=args.wait, command=f"egovbook {args.command}"):
        yield


def _import_un(args: argparse.Namespace) -> int:
    from egovbook.intake import un_import

    with _locked(args):
        infos = un_import.import_files([Path(p) for p in args.files])
    for info in infos:
        print(f"Đã nhập {info.name}: năm khảo sát {info.year}, {info.rows} quốc gia, "
              f"sha256 {info.sha256[:16]}…")
    print(f"Đã cập nhật data/{un_import.UN_FILE} và data/datapackage.json; tệp gốc được giữ "
          f"nguyên văn trong data/{un_import.RAW_DIR.as_posix()}/.")
    return 0


def _import_countries(args: argparse.Namespace) -> int:
    from egovbook.intake import countries

    table = countries.build_table(Path(args.file))
    with _locked(args):
        out = countries.write(table)
    print(f"Đã ghi {out} ({len(table)} quốc gia).")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from egovbook.intake import validate

    report = validate.validate_all()
    print(report.summary())
    if report.notes:
        print(report.render_notes())
    return 0


def _templates(args: argparse.Namespace) -> int:
    from egovbook.intake import datapackage, domestic

    for path in domestic.write_templates(Path(args.out), datapackage.load()):
        print(f"Đã ghi {path}")
    return 0


def _check_record(args: argparse.Namespace) -> int:
    from egovbook.build import record
    from egovbook.common.paths import project_root

    try:
        root = project_root()
        path = record.locate(args.file, root)
        data = record.read_for_check(path)
    except (record.RecordError, FileNotFoundError) as err:
        print(f"Không kiểm tra được hồ sơ tái lập: {err}.", file=sys.stderr)
        return EXIT_DATA
    published = root / record.PUBLISHED / record.RECORD_NAME
    built = None
    if published.is_file() and published.resolve() != path.resolve():
        with contextlib.suppress(record.RecordError):
            built = record.read_for_check(published)
    diffs = record.compare(data, root, built)
    shown = args.file if Path(args.file) == path else os.path.relpath(path)
    if diffs:
        print(f"Hồ sơ {shown} KHÔNG khớp với bản sao này ({len(diffs)} điểm khác):\n"
              + "\n".join("• " + d for d in diffs))
        return EXIT_DATA
    print(f"Hồ sơ {shown} khớp với bản sao này: commit {data['git'].get('commit') or 'không có'}, "
          f"Python {data['python']}, {len(data['packages'])} gói, tham số «{data['command']}», mọi "
          f"{len(data['inputs'])} tệp đầu vào.")
    return 0


def _golden(args: argparse.Namespace) -> int:
    """Write the reviewed snapshot of every glued value from a built book's registry."""
    from egovbook.analysis import values
    from egovbook.common.paths import project_root

    root = project_root()
    reg = values.load(Path(args.registry))
    if reg is None:
        print(f"Không thấy {args.registry}: hãy dựng sách trước (make book).", file=sys.stderr)
        return 1
    target = root / values.GOLDEN
    old = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else {}
    diffs = values.differences(old, values.snapshot(reg))
    values.write_snapshot(reg, target)
    print(values.render_differences(diffs) or "Không có giá trị nào thay đổi.")
    print(f"Đã ghi {target.relative_to(root)} ({len(reg['values'])} giá trị); hãy đọc các thay "
          "đổi trên trước khi commit.")
    return 0


def _build(args: argparse.Namespace) -> int:
    from egovbook.build import steps

    with _locked(args):
        return steps.main(args)


def _publish(args: argparse.Namespace) -> int:
    """Build from a clean checkout and record the edition in editions/ (build/release.py)."""
    from egovbook.build import release
    from egovbook.build.pipeline import BuildError, Options

    opts = Options(country=args.country, year=args.year, quarter=args.quarter, jobs=args.jobs,
                   force=args.force, strict=args.strict, target_rank=args.target_rank)
    try:
        with _locked(args):
            folder = release.publish(opts)
    except BuildError as err:
        print(str(err), file=sys.stderr)
        return EXIT_DATA if isinstance(err, release.Refused) else 3
    print(f"Đã công bố ấn bản {folder.name}: {folder}. Hãy commit thư mục này để mọi bản sao "
          f"và CI biết ấn bản đã công bố:\n  git add {folder.relative_to(opts.root)} && "
          f"git commit -m 'Ấn bản {folder.name}'")
    return 0


def _site(args: argparse.Namespace) -> int:
    """Rebuild every recorded edition into a static site (build/release.py)."""
    from egovbook.build import release
    from egovbook.build.pipeline import BuildError
    from egovbook.common.paths import project_root

    try:
        with _locked(args):
            release.build_site(project_root(), Path(args.out).resolve() if args.out else None)
    except BuildError as err:
        print(str(err), file=sys.stderr)
        return 3
    return 0


def _add_wait(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-wait", dest="wait", action="store_false",
                        help="nếu một bản dựng khác đang chạy thì dừng ngay (mã thoát 4) "
                             "thay vì chờ")


def crash_log(argv: Sequence[str] | None) -> Path:
    """Write the current exception's traceback to ``_build/logs/loi-<time>.log``; return it.

    Falls back to the system's temporary folder when the project's is missing or read-only.
    """
    now = dt.datetime.now().astimezone()
    lines = [
        f"Thời điểm: {now.isoformat(timespec='seconds')}",
        f"Lệnh: egovbook {' '.join(sys.argv[1:] if argv is None else argv)}",
        f"Thư mục làm việc: {Path.cwd()}",
        f"Python {platform.python_version()} trên {platform.platform()}",
        "",
        traceback.format_exc().rstrip(),
    ]
    name = f"loi-{now:%Y%m%d-%H%M%S}-{os.getpid()}.log"
    folders = []
    with contextlib.suppress(Exception):
        from egovbook.common.paths import project_root

        folders.append(project_root() / LOG_DIR)
    folders.append(Path(tempfile.gettempdir()) / "egovbook-logs")
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return path.resolve()
        except OSError:
            continue
    raise OSError("không ghi được nhật ký lỗi")


# argparse's own messages (Python 3.11), as patterns → Vietnamese.
ARGPARSE_VI = [
    (r"the following arguments are required: (.*)", r"thiếu tham số bắt buộc: \1"),
    (r"unrecognized arguments: (.*)", r"không nhận ra tham số: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)",
     r"\1: không có lựa chọn \2 (chọn một trong: \3)"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: giá trị \3 không hợp lệ (cần kiểu \2)"),
    (r"argument (\S+): expected one argument", r"\1: cần một giá trị"),
    (r"argument (\S+): expected at least one argument", r"\1: cần ít nhất một giá trị"),
    (r"argument (\S+): ignored explicit argument (.*)", r"\1: không nhận giá trị \2"),
    (r"ambiguous option: (\S+) could match (.*)", r"tùy chọn \1 chưa rõ, có thể là: \2"),
    (r"argument (\S+): (.*)", r"\1: \2"),
]
ARGPARSE_TYPES = {"int": "số nguyên", "float": "số"}


def translate_argparse(message: str) -> str:
    for pattern, replacement in ARGPARSE_VI:
        if re.fullmatch(pattern, message):
            text = re.sub(pattern, replacement, message)
            for english, vietnamese in ARGPARSE_TYPES.items():
                text = text.replace(f"(cần kiểu {english})", f"(cần {vietnamese})")
            return text
    return message


class _HelpFormatter(argparse.HelpFormatter):
    def _format_usage(self, usage: str | None, actions: Any, groups: Any,
                      prefix: str | None) -> str:
        return super()._format_usage(usage, actions, groups,
                                     "Cách dùng: " if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """argparse in Vietnamese: headings, the ``-h`` line, and its error messages (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_DATA, f"{self.prog}: lỗi: {translate_argparse(message)}\n"
                  f"Xem hướng dẫn: {self.prog} --help\n")


def _parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="egovbook", description="Sách báo cáo Chính phủ điện tử")
    sub = parser.add_subparsers(dest="command", required=True, title="lệnh",
                                metavar="LỆNH", parser_class=ArgumentParser)

    p = sub.add_parser("import-un", help="nhập tệp EGOV_DATA_<năm>.csv của Liên Hợp Quốc")
    p.add_argument("files", nargs="+", metavar="TỆP", help="một hoặc nhiều tệp EGOV_DATA_<năm>.csv")
    _add_wait(p)
    p.set_defaults(func=_import_un)

    p = sub.add_parser("import-countries", help="dựng lại data/countries.csv")
    p.add_argument("file", metavar="TỆP", help="CSV un_name,iso3,m49,region,subregion")
    _add_wait(p)
    p.set_defaults(func=_import_countries)

    p = sub.add_parser("validate", help="kiểm tra mọi tệp trong data/")
    p.set_defaults(func=_validate)

    p = sub.add_parser("templates", help="ghi tệp mẫu số liệu theo quý (CSV, XLSX)")
    p.add_argument("--out", default="templates", help="thư mục ghi tệp mẫu")
    p.set_defaults(func=_templates)

    p = sub.add_parser("check-record", help="so bản sao này với hồ sơ tái lập reproducibility.json")
    p.add_argument("file", nargs="?", default="reproducibility.json", metavar="HỒ_SƠ",
                   help="hồ sơ tái lập của một bản dựng (mặc định: reproducibility.json của sách "
                        "dựng ở _build/html)")
    p.set_defaults(func=_check_record)

    p = sub.add_parser("golden", help="ghi ảnh chụp giá trị đã duyệt từ values.json")
    p.add_argument("--registry", default="_build/html/values.json", help="values.json của bản dựng")
    p.set_defaults(func=_golden)

    p = sub.add_parser("build", help="kiểm tra dữ liệu, chạy notebook, dựng sách HTML")
    from egovbook.build.steps import add_arguments

    add_arguments(p)
    _add_wait(p)
    p.set_defaults(func=_build)

    p = sub.add_parser("publish", help="dựng sách từ commit hiện tại và ghi ấn bản vào editions/")
    add_arguments(p)
    _add_wait(p)
    p.set_defaults(func=_publish)

    p = sub.add_parser("site", help="dựng lại mọi ấn bản đã công bố thành trang web tĩnh _site/")
    p.add_argument("--out", default=None, help="thư mục ghi trang web (mặc định _site)")
    _add_wait(p)
    p.set_defaults(func=_site)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from egovbook.build.lock import EXIT_BUSY, Busy

    command = None
    try:
        args = _parser().parse_args(argv)
        command = args.command
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except DataError as err:
        print(err.render(), file=sys.stderr)
        return EXIT_DATA
    except Busy as err:
        print(err.message(), file=sys.stderr)
        return EXIT_BUSY
    except KeyboardInterrupt:
        kept = ("; bản đã xuất bản trong _build/html được giữ nguyên" if command == "build"
                else "")
        print(f"Đã dừng theo yêu cầu{kept}.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Output piped into a command that stopped reading (``| head``): nothing to report.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_UNEXPECTED
    except Exception as err:  # the last line of defence: no traceback reaches a user
        try:
            where = f"Chi tiết đầy đủ (gửi kèm khi báo lỗi) đã ghi vào: {crash_log(argv)}"
        except Exception:
            where = "Không ghi được tệp nhật ký lỗi."
        print(f"Lỗi ngoài dự kiến, chương trình chưa lường trước tình huống này: "
              f"{type(err).__name__}: {err}\n{where}", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    raise SystemExit(main())
