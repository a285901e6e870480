"""`kehoach diff A.docx B.docx`: paragraphs added, removed and changed (exit status 1: they
differ, as diff(1))."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.cli.common import Subparsers, existing, print_json


def add_parser(sub: Subparsers) -> None:
    d = sub.add_parser("diff", help="so sánh hai tệp .docx theo từng đoạn, từng từ")
    d.add_argument("a", type=Path)
    d.add_argument("b", type=Path)
    d.add_argument("--json", action="store_true")
    d.add_argument("--all", action="store_true", help="in cả các đoạn giống nhau")
    d.set_defaults(handler=diff)


def diff(args: argparse.Namespace) -> int:
    from service.compare.diff import diff_paragraphs, paragraphs, to_text

    existing(args.a, args.b)
    result = diff_paragraphs(*(paragraphs(p, field=str(p)) for p in (args.a, args.b)))
    if args.json:
        print_json(result.to_json())
    else:
        for line in to_text(result, everything=args.all):
            print(line)
        s = result.summary
        print(f"{s.equal} đoạn giống, {s.changed} đoạn sửa, {s.added} đoạn thêm, "
              f"{s.removed} đoạn bớt", file=sys.stderr)
    return 0 if result.identical else 1
