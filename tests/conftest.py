"""Shared fixtures: one set of dependencies for the whole session, with a fixed clock."""

from __future__ import annotations

import datetime as dt

import pytest

from service.deps import Deps


@pytest.fixture(scope="session")
def deps() -> Deps:
    built = Deps.build()
    built.today = lambda: dt.date(2026, 11, 23)
    return built
