"""`kehoach serve [--host H] [--port P]`: the web service (uvicorn over `create_app`).

The database's schema is brought to the newest revision first (`KEHOACH_UPGRADE_ON_START=false`:
a database behind is refused instead); a database newer than this code is refused, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from service.cli.common import Subparsers
from service.config import Settings
from service.store.db import Database
from service.store.migrations import ensure_current


def add_parser(sub: Subparsers) -> None:
    s = sub.add_parser("serve", help="chạy dịch vụ web")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(handler=serve)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.cli.users import sign_in_hint

    prepare_database(Settings())
    if hint := sign_in_hint(f"http://{args.host}:{args.port}"):
        print(hint, file=sys.stderr)
    uvicorn.run("service.api.app:create_app", factory=True, host=args.host, port=args.port)
    return 0


def prepare_database(settings: Settings) -> None:
    """Upgrade (or refuse) the database before anything else opens it; say what was done."""
    database = Database(settings.database_url)
    try:
        before = ensure_current(database, upgrade_on_start=settings.upgrade_on_start)
    finally:
        database.dispose()
    print(f"Cơ sở dữ liệu: {before.describe()}", file=sys.stderr)
