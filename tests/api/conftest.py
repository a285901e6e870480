"""API test fixtures: an app over the session's engine and a fresh SQLite database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import TestClient, make_settings, minimal_request
from fastapi import FastAPI

from service.api.app import create_app
from service.deps import Deps


@pytest.fixture
def app(deps: Deps, tmp_path: Path) -> FastAPI:
    return create_app(deps, make_settings(tmp_path))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def kinds(deps: Deps) -> list[str]:
    return sorted(deps.library.kinds)


@pytest.fixture(scope="session")
def minimal(deps: Deps) -> dict[str, dict[str, Any]]:
    """The minimal request of every kind of the library."""
    return {k.id: minimal_request(deps, k) for k in deps.library.kinds.values()}


@pytest.fixture
def commune_request(deps: Deps) -> dict[str, Any]:
    """A minimal request of the first commune kind (every test of drafts needs one)."""
    kind = next(k for k in sorted(deps.library.kinds.values(), key=lambda k: k.id)
                if k.tier == "commune" and "current" in k.eras)
    return minimal_request(deps, kind)
