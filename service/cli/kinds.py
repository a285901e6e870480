"""`kehoach kinds [--json]`: the plan kinds of the clause library, their levels and source."""

from __future__ import annotations

import argparse

from service.cli.common import Subparsers, print_json


def add_parser(sub: Subparsers) -> None:
    k = sub.add_parser("kinds", help="các loại kế hoạch")
    k.add_argument("--json", action="store_true")
    k.set_defaults(handler=kinds)


def kinds(args: argparse.Namespace) -> int:
    from service.deps import default_deps

    found = [{"id": k.id, "title": k.title, "levels": list(k.levels), "tier": k.tier,
              "eras": list(k.eras), "source": k.source}
             for k in sorted(default_deps().library.kinds.values(), key=lambda k: k.id)]
    if args.json:
        print_json(found)
    else:
        for k in found:
            print(f"{k['id']:<24} {k['title']}  [{', '.join(k['levels'])}]")
    return 0
