"""`kehoach`: the parser of every command, and the dispatch to its handler.

Exit statuses: 0 clean, 1 findings or differences (check, diff), 2 bad input (every PlanError:
`lỗi: …` on stderr, naming the file or field), 3 an internal error (one line on stderr, never a
traceback; `KEHOACH_DEBUG=1` shows it), 130 interrupted.  A closed pipe (`| head`) is not an
error.
"""

from __future__ import annotations

import argparse
import os
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
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug, said in one line
        if os.environ.get("KEHOACH_DEBUG") == "1":
            raise
        print(f"lỗi nội bộ ({type(e).__name__}): {str(e)[:300]} — hãy báo cho người quản trị"
              " (KEHOACH_DEBUG=1 để xem chi tiết).", file=sys.stderr)
        return INTERNAL


INTERNAL = 3
"""The exit status of an internal error (0/1 keep their meanings, 2 is bad input)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kehoach",
                                     description="Soạn kế hoạch theo Nghị định 30/2020")
    sub = parser.add_subparsers()
    for command in COMMANDS:
        command.add_parser(sub)
    return parser
