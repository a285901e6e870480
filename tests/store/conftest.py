"""The store tests' database: a fresh one of each backend asked for by `database_url`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from service.store import Database


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.create_schema()
    yield database
    database.dispose()
