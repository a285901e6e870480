"""`kehoach verify FILE.pdf`: the digital signatures of a PDF — field, signer, when, intact,
trusted (exit status 0 when every one is intact and trusted and there is at least one, 1
otherwise, 2 for a file that is not a PDF)."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from service.cli.common import Subparsers, existing, print_json


def add_parser(sub: Subparsers) -> None:
    v = sub.add_parser("verify", help="kiểm tra chữ ký số của một tệp PDF")
    v.add_argument("file", type=Path)
    v.add_argument("--json", action="store_true")
    v.add_argument("--trust", type=Path, default=None,
                   help="tệp PEM (hay thư mục) chứng thư gốc tin cậy;"
                        " mặc định: KEHOACH_TRUST_ROOTS")
    v.set_defaults(handler=verify)


def verify(args: argparse.Namespace) -> int:
    from service.config import Settings
    from service.pdf import load_trust_roots, verify_pdf

    existing(args.file)
    roots = load_trust_roots(args.trust or Settings().trust_roots)
    checks = verify_pdf(args.file.read_bytes(), roots)
    if args.json:
        print_json([{**dataclasses.asdict(c), "signed_at": c.signed_at.isoformat()
                     if c.signed_at else None, "trusted": c.trusted and c.changes_allowed}
                    for c in checks])
    else:
        for c in checks:
            when = c.signed_at.isoformat() if c.signed_at else "?"
            verdict = "đạt" if c.ok else f"không đạt: {c.problem}"
            print(f"{c.field}  {c.signer}  {when}  {verdict}")
        if not checks:
            print("Tệp không có chữ ký số nào.")
    return 0 if checks and all(c.ok for c in checks) else 1
