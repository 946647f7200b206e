"""Command line: ``egovbook import-un|import-countries|validate|build``.

Every data fault ends in a Vietnamese message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .problems import DataError

EXIT_DATA = 2


def _import_un(args: argparse.Namespace) -> int:
    from . import un_import

    infos = un_import.import_files([Path(p) for p in args.files])
    for info in infos:
        print(f"Đã nhập {info.name}: năm khảo sát {info.year}, {info.rows} quốc gia, "
              f"sha256 {info.sha256[:16]}…")
    print(f"Đã cập nhật data/{un_import.UN_FILE} và data/datapackage.json.")
    return 0


def _import_countries(args: argparse.Namespace) -> int:
    from . import countries

    table = countries.build_table(Path(args.file))
    out = countries.write(table)
    print(f"Đã ghi {out} ({len(table)} quốc gia).")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from . import validate

    report = validate.validate_all()
    print(report.summary())
    return 0


def _templates(args: argparse.Namespace) -> int:
    from . import datapackage, domestic

    for path in domestic.write_templates(Path(args.out), datapackage.load()):
        print(f"Đã ghi {path}")
    return 0


def _check_record(args: argparse.Namespace) -> int:
    import json

    from . import record
    from .paths import project_root

    data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    diffs = record.compare(data, project_root())
    if not diffs:
        print(f"Mọi {len(data['inputs'])} tệp đầu vào khớp với hồ sơ tái lập.")
        return 0
    print("Khác với hồ sơ tái lập:\n" + "\n".join("• " + d for d in diffs))
    return 1


def _golden(args: argparse.Namespace) -> int:
    """Write the reviewed snapshot of every glued value from a built book's registry."""
    from . import values
    from .paths import project_root

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
    from . import build

    return build.main(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="egovbook", description="Sách báo cáo Chính phủ điện tử")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("import-un", help="nhập tệp EGOV_DATA_<năm>.csv của Liên Hợp Quốc")
    p.add_argument("files", nargs="+", help="một hoặc nhiều tệp EGOV_DATA_<năm>.csv")
    p.set_defaults(func=_import_un)

    p = sub.add_parser("import-countries", help="dựng lại data/countries.csv")
    p.add_argument("file", help="CSV un_name,iso3,m49,region,subregion")
    p.set_defaults(func=_import_countries)

    p = sub.add_parser("validate", help="kiểm tra mọi tệp trong data/")
    p.set_defaults(func=_validate)

    p = sub.add_parser("templates", help="ghi tệp mẫu số liệu theo quý (CSV, XLSX)")
    p.add_argument("--out", default="templates", help="thư mục ghi tệp mẫu")
    p.set_defaults(func=_templates)

    p = sub.add_parser("check-record", help="so các tệp đầu vào với reproducibility.json")
    p.add_argument("file", help="tệp reproducibility.json của một bản dựng")
    p.set_defaults(func=_check_record)

    p = sub.add_parser("golden", help="ghi ảnh chụp giá trị đã duyệt từ values.json")
    p.add_argument("--registry", default="_build/html/values.json", help="values.json của bản dựng")
    p.set_defaults(func=_golden)

    p = sub.add_parser("build", help="kiểm tra dữ liệu, chạy notebook, dựng sách HTML")
    from .build import add_arguments

    add_arguments(p)
    p.set_defaults(func=_build)

    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except DataError as err:
        print(err.render(), file=sys.stderr)
        return EXIT_DATA
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
