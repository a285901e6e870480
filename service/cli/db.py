"""`kehoach db upgrade|current`: the database's schema (Alembic revisions) over `DATABASE_URL`.

    kehoach db upgrade     bring the schema to the newest revision, in place (exit 0)
    kehoach db current     print the stored revision; exit 0 when it is the newest, 1 when the
                           database needs `kehoach db upgrade` (empty, behind, or release 8035fd1)

A database newer than this code, or with tables of no known release, is `lỗi: …`, exit 2.
"""

from __future__ import annotations

import argparse
import sys

from service.cli.common import Subparsers
from service.config import Settings
from service.errors import SchemaError
from service.store import migrations
from service.store.db import Database


def add_parser(sub: Subparsers) -> None:
    db = sub.add_parser("db", help="cơ sở dữ liệu: nâng cấp, phiên bản").add_subparsers()
    up = db.add_parser("upgrade", help="nâng cấp cơ sở dữ liệu lên phiên bản mới nhất, giữ dữ liệu")
    up.set_defaults(handler=upgrade)
    cur = db.add_parser("current", help="in phiên bản của cơ sở dữ liệu (mã 1: cần nâng cấp)")
    cur.set_defaults(handler=current)


def upgrade(args: argparse.Namespace) -> int:
    database = Database(Settings().database_url)
    try:
        before, after = migrations.upgrade(database)
    finally:
        database.dispose()
    was = before.current or ("8035fd1" if before.legacy else "trống")
    print(f"Đã nâng cấp cơ sở dữ liệu: {was} → {after} (mới nhất)." if was != after
          else f"Cơ sở dữ liệu đã ở phiên bản mới nhất ({after}).", file=sys.stderr)
    return 0


def current(args: argparse.Namespace) -> int:
    database = Database(Settings().database_url)
    try:
        state = migrations.status(database)
    finally:
        database.dispose()
    if not state.known or state.foreign:
        raise SchemaError(state.describe())
    if state.current:
        print(state.current)
    print(state.describe(), file=sys.stderr)
    return 0 if state.up_to_date else 1
