"""`kehoach`: the parser of every command, and the dispatch to its handler.

Every PlanError becomes `lỗi: …` on stderr and exit status 2; a closed pipe (`| head`) is not
an error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from service.cli import (
    batch,
    check,
    db,
    diff,
    kinds,
    library,
    plans,
    serve,
    units,
    users,
    verify,
    worker,
)
from service.cli.common import Handler
from service.errors import PlanError

COMMANDS = (plans, batch, kinds, units, check, diff, verify, library, serve, worker, users,
            db)
"""In the order `kehoach --help` lists them."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except PlanError as e:
        print(f"lỗi: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kehoach",
                                     description="Soạn kế hoạch theo Nghị định 30/2020")
    sub = parser.add_subparsers()
    for command in COMMANDS:
        command.add_parser(sub)
    return parser
