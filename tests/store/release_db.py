"""A database of release 8035fd1 (before Alembic), restored from `tests/fixtures/db/8035fd1/`:
that release's own DDL for the backend, then every row it wrote (see `make_8035fd1.py` there)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, MetaData, text

from service.store import Database

RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "8035fd1"
FACTS: dict[str, Any] = json.loads((RELEASE / "rows.json").read_text(encoding="utf-8"))
"""What the release stored: `rows` by table, `tokens` by user name, `drafts` by state, `job`,
`zip_sha256`."""


def restore_release(db: Database) -> None:
    """Make `db` (empty) what release 8035fd1 left: its tables, its rows, its sequences."""
    schema = (RELEASE / f"schema-{db.engine.dialect.name}.sql").read_text(encoding="utf-8")
    with db.engine.begin() as connection:
        for statement in filter(None, (s.strip() for s in schema.split(";\n"))):
            connection.execute(text(statement))
    insert_release_rows(db)


def insert_release_rows(db: Database) -> None:
    """The rows of release 8035fd1 into `db`'s tables (of that release, or of a revision that
    kept them as they were)."""
    with db.engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        for name, rows in FACTS["rows"].items():
            if rows:
                connection.execute(tables.tables[name].insert(), [_values(r) for r in rows])
        _advance_sequences(connection)


def rows(table: str) -> list[dict[str, Any]]:
    """The rows of `table` as the release stored them (blobs as bytes, timestamps naive UTC)."""
    return [_values(r) for r in FACTS["rows"][table]]


def _values(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _value(v) for k, v in row.items()}


def _value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"base64"}:
        return base64.b64decode(value["base64"])
    if isinstance(value, dict) and set(value) == {"utc"}:
        return dt.datetime.fromisoformat(value["utc"])
    return value


def _advance_sequences(connection: Connection) -> None:
    """PostgreSQL: the SERIAL ids go on after the rows restored, as in the release's database."""
    if connection.dialect.name != "postgresql":
        return
    for table in ("users", "draft_events"):
        connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                                f" (SELECT max(id) FROM {table}))"))
