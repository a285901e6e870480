"""The store tests' database: a fresh one of each backend asked for by `database_url`; the
service over it (`app`, `client`) for the tests that go through the API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from store_support import TestClient

from service.api.app import create_app
from service.config import Settings
from service.deps import Deps
from service.store import Database


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    database.create_schema()
    yield database
    database.dispose()


@pytest.fixture
def app(deps: Deps, database_url: str) -> FastAPI:
    return create_app(deps, Settings(database_url=database_url, batch_workers=0))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
