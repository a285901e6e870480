"""`kehoach render` (the .docx, or its review copy) and `kehoach text` (the plan as plain text)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.cli.common import Subparsers


def add_parser(sub: Subparsers) -> None:
    r = sub.add_parser("render", help="dựng tệp .docx từ một yêu cầu")
    r.add_argument("request", type=Path)
    r.add_argument("-o", "--output", type=Path, required=True)
    r.add_argument("--review-copy", action="store_true",
                   help="bản để duyệt: mỗi đoạn có ghi chú nguồn (điều khoản, phiên bản thư viện)")
    r.set_defaults(handler=render)
    t = sub.add_parser("text", help="in kế hoạch dạng văn bản thuần")
    t.add_argument("request", type=Path)
    t.set_defaults(handler=text)


def render(args: argparse.Namespace) -> int:
    from service.deps import default_deps
    from service.pipeline import build_plan
    from service.spec import load_request

    result = build_plan(load_request(args.request), default_deps())
    data = result.docx
    if args.review_copy:
        from service.document.review_copy import review_copy

        data = review_copy(result.plan.context, data)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"{args.output} ({len(data)} bytes, {result.plan.unit.label})", file=sys.stderr)
    return 0


def text(args: argparse.Namespace) -> int:
    from service.deps import default_deps
    from service.pipeline import compose_plan
    from service.spec import load_request
    from service.text.plain import to_plain

    sys.stdout.write(to_plain(compose_plan(load_request(args.request), default_deps()).context))
    return 0
