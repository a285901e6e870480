"""The database: one declarative base for every table, and the engine that holds them.

SQLite (a file under `var/`) by default; `DATABASE_URL` selects PostgreSQL (`postgresql://user:
password@host:port/db`, driven by psycopg 3, see `normalise_url`).  Every table of the
service subclasses `Base`, lives in a module of this package and is imported by `service.store`;
the schema itself comes from the revisions of `service.store.migrations` (`create_schema()`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import DateTime, Engine, create_engine
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator


class Base(DeclarativeBase):
    """The declarative base of every table of the service."""


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and read back as an aware UTC datetime (any dialect)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC timestamp")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None,
                             dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Database:
    """An engine and its session factory; `create_schema()` creates or upgrades every table."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine: Engine = create_engine(self.url, **_engine_options(self.url))
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_schema(self) -> None:
        """Bring the schema to the newest revision (`service.store.migrations.upgrade`)."""
        from service.store.migrations import upgrade

        upgrade(self)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


POSTGRES_DRIVER = "postgresql+psycopg"
"""The PostgreSQL dialect+driver of the service: psycopg 3 (the `psycopg[binary]` dependency)."""


def normalise_url(url: str) -> str:
    """`postgresql://…` and `postgres://…` name psycopg 3 explicitly; every other URL is kept.

    SQLAlchemy 2.0 reads a bare `postgresql://` as psycopg2 (not a dependency) and does not know
    `postgres://` at all, the form many hosting services hand out.
    """
    scheme, separator, rest = url.partition("://")
    if scheme.strip().lower() not in ("postgresql", "postgres") or not separator:
        return url
    return f"{POSTGRES_DRIVER}://{rest}"  # the rest as written: quoting, query and all


def _engine_options(url: str) -> dict[str, object]:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return {"pool_pre_ping": True}
    options: dict[str, object] = {"connect_args": {"check_same_thread": False}}
    if not parsed.database or parsed.database == ":memory:":
        options["poolclass"] = StaticPool  # one connection, else each would see its own database
    else:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return options
