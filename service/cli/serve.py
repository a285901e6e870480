"""`kehoach serve [--host H] [--port P] [--log-level L]`: the web service (uvicorn over
`create_app`), logging JSON lines on stderr (one per request: `service.api.logs`).

The database's schema is brought to the newest revision first (`KEHOACH_UPGRADE_ON_START=false`:
a database behind is refused instead); a database newer than this code is refused, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from service.api.logs import LEVELS, configure_logging
from service.cli.common import Subparsers
from service.config import Settings
from service.store.db import Database
from service.store.migrations import ensure_current


def add_parser(sub: Subparsers) -> None:
    s = sub.add_parser("serve", help="chạy dịch vụ web")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--log-level", default=None, choices=LEVELS,
                   help="mức ghi nhật ký (JSON, mỗi dòng một bản ghi; mặc định: info)")
    s.set_defaults(handler=serve)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from service.cli.users import sign_in_hint

    settings = Settings()
    level = args.log_level or settings.log_level
    prepare_database(settings)
    if hint := sign_in_hint(f"http://{args.host}:{args.port}"):
        print(hint, file=sys.stderr)
    configure_logging(level)
    uvicorn.run("service.api.app:create_app", factory=True, host=args.host, port=args.port,
                log_config=None, log_level=level, access_log=False)
    return 0


def prepare_database(settings: Settings) -> None:
    """Upgrade (or refuse) the database before anything else opens it; say what was done."""
    database = Database(settings.database_url)
    try:
        before = ensure_current(database, upgrade_on_start=settings.upgrade_on_start)
    finally:
        database.dispose()
    if before.up_to_date:
        print(f"Cơ sở dữ liệu: {before.describe()}", file=sys.stderr)
    else:
        was = before.current or ("8035fd1" if before.legacy else "trống")
        print(f"Đã nâng cấp cơ sở dữ liệu: {was} → {before.head} (mới nhất).", file=sys.stderr)
