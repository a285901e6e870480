"""Task queue: procrastinate's tables, types and functions, on PostgreSQL only.

The batch jobs of a PostgreSQL deployment run on procrastinate (`service.batch.queue`): its
schema is applied here from the migration files the package ships, every one up to version
3.10.0 in order and each in its own transaction (a file may use an enum value an earlier one
added), so a fresh database and an upgraded one go through the same statements.  When
the project moves to a newer procrastinate, add a revision that applies the files of the
versions in between (`procrastinate_migrations(after="3.10.0", upto="X.Y.Z")`).  SQLite
deployments run jobs in the service's own threads: nothing to do there.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from pathlib import Path

from alembic import op
from procrastinate.schema import SchemaManager

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

Version = tuple[int, ...]
UPTO = "3.10.0"
"""The procrastinate whose schema files this revision applies (pyproject pins the same minor)."""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    with op.get_context().autocommit_block():  # each file in its own transaction, as psql -f
        connection = op.get_bind().connection.driver_connection
        assert connection is not None
        for path in procrastinate_migrations(after=None, upto=UPTO):
            connection.execute(path.read_text(encoding="utf-8"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        raise NotImplementedError("procrastinate's schema is not taken down (no such files)")


def procrastinate_migrations(*, after: str | None, upto: str) -> list[Path]:
    """procrastinate's migration files of the versions in (after, upto], in order."""
    low, high = _version(after) if after else (), _version(upto)
    found = sorted(Path(SchemaManager.get_migrations_path()).glob("*.sql"))
    return [p for p in found if low < _version(p.name.split("_")[0]) <= high]


def _version(text: str) -> Version:
    return tuple(int(part) for part in text.split("."))
