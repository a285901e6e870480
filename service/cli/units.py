"""`kehoach units search TEXT`: administrative units and their codes (exit status 1: none)."""

from __future__ import annotations

import argparse
import sys

from service.cli.common import Subparsers, print_json


def add_parser(sub: Subparsers) -> None:
    units = sub.add_parser("units", help="tra cứu đơn vị hành chính").add_subparsers()
    s = units.add_parser("search")
    s.add_argument("text")
    s.add_argument("--province", type=int)
    s.add_argument("--level")
    s.add_argument("--legacy", action="store_true", help="đơn vị trước ngày 01/7/2025")
    s.add_argument("--json", action="store_true")
    s.add_argument("--limit", type=int, default=20)
    s.set_defaults(handler=search)


def search(args: argparse.Namespace) -> int:
    from service.deps import default_deps
    from service.units import Era

    era = Era.LEGACY if args.legacy else Era.CURRENT
    found = default_deps().units.search(args.text, era=era, province=args.province,
                                        level=args.level, limit=args.limit)
    if args.json:
        print_json([{"code": u.code, "name": u.official, "level": u.level,
                     "tier": u.tier.value, "label": u.label} for u in found])
    else:
        for u in found:
            print(f"{u.code:>6}  {u.label}")
    if not found:
        print(f"không tìm thấy “{args.text}”", file=sys.stderr)
        return 1
    return 0
