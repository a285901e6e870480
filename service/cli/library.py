"""`kehoach library check`: load the clause library and cross-check it (exit status 2: broken)."""

from __future__ import annotations

import argparse

from service.cli.common import Subparsers


def add_parser(sub: Subparsers) -> None:
    library = sub.add_parser("library", help="thư viện điều khoản").add_subparsers()
    library.add_parser("check").set_defaults(handler=check)


def check(args: argparse.Namespace) -> int:
    from service.library.loader import load_library

    lib = load_library()
    print(f"thư viện {lib.version}: {len(lib.clauses)} điều khoản, {len(lib.kinds)} loại kế hoạch,"
          f" {len(lib.agencies)} vai trò cơ quan, {len(lib.legal)} văn bản căn cứ")
    return 0
