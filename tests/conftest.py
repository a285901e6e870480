"""Shared fixtures: one set of dependencies for the whole session, with a fixed clock; databases.

`database_url` runs a test once on SQLite and once on PostgreSQL (a throw-away cluster per test
process, `pg_support`, a fresh database per test; skipped with the reason when no server binaries).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_support import Cluster, unavailable_reason

from service.deps import Deps


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: needs a throw-away PostgreSQL cluster")


@pytest.fixture(scope="session")
def deps() -> Deps:
    built = Deps.build()
    built.today = lambda: dt.date(2026, 11, 23)
    return built


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One throw-away PostgreSQL cluster per test process (per xdist worker), started on demand."""
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    cluster = Cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_cluster: Cluster) -> Iterator[str]:
    """`postgresql://user:password@127.0.0.1:port/db` of a fresh empty database, dropped after."""
    name = postgres_cluster.create_database()
    yield postgres_cluster.url(name)
    postgres_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend, as a `DATABASE_URL`."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
