"""`kehoach check FILE.docx`: the ND30 and content findings of any .docx (exit status 1: an error
among them)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.cli.common import Subparsers, existing, print_json
from service.errors import RequestError


def add_parser(sub: Subparsers) -> None:
    c = sub.add_parser("check", help="kiểm tra thể thức một tệp .docx (Nghị định 30/2020)")
    c.add_argument("file", type=Path)
    c.add_argument("--json", action="store_true")
    c.add_argument("--final", action="store_true", help="bản chính thức: số, ngày, tên phải đủ")
    c.add_argument("--render", action="store_true", help="dựng bằng LibreOffice để đo dòng")
    c.set_defaults(handler=check)


def check(args: argparse.Namespace) -> int:
    from service.deps import default_deps
    from service.review import check_docx, to_json

    existing(args.file)
    try:
        findings = check_docx(args.file, default_deps(), final=args.final,
                              render_check=args.render)
    except RequestError as e:  # the file's fault: named by its path
        raise RequestError(e.message, field=str(args.file)) from None
    if args.json:
        print_json(to_json(findings))
    else:
        for f in findings:
            where = f"đoạn {f.where.paragraph}" if f.where.paragraph >= 0 else f.where.part
            print(f"{f.severity:<7} {f.rule:<22} {where}: {f.message} ({f.source})")
        print(f"{len(findings)} phát hiện", file=sys.stderr)
    return 1 if any(f.severity == "error" for f in findings) else 0
