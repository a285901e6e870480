"""`DATABASE_URL`: the forms people write for PostgreSQL reach psycopg 3; any other is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from service.config import Settings
from service.store import Database
from service.store.db import normalise_url


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql://u:p@db.example:5432/kh", "postgresql+psycopg://u:p@db.example:5432/kh"),
    ("postgres://u:p@db.example/kehoach?sslmode=require",
     "postgresql+psycopg://u:p@db.example/kehoach?sslmode=require"),
    ("postgresql://u:p%40ss%2Fw%3Ard@h/d", "postgresql+psycopg://u:p%40ss%2Fw%3Ard@h/d"),
    ("postgresql:///kh?host=/run/postgresql", "postgresql+psycopg:///kh?host=/run/postgresql"),
    ("PostgreSQL://u@h/d", "postgresql+psycopg://u@h/d"),
    ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
    ("postgresql+psycopg2://u@h/d", "postgresql+psycopg2://u@h/d"),  # a driver named is kept
    ("sqlite:////srv/kehoach/var/kehoach.sqlite", "sqlite:////srv/kehoach/var/kehoach.sqlite"),
    ("sqlite://", "sqlite://"),
])
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


def test_the_password_survives_normalising() -> None:
    url = make_url(normalise_url("postgresql://người:m%E1%BA%ADt%20kh%E1%BA%A9u%3A%40@h:1/d"))
    assert (url.username, url.password, url.port) == ("người", "mật khẩu:@", 1)


@pytest.mark.postgresql
@pytest.mark.parametrize("variable", ["DATABASE_URL", "KEHOACH_DATABASE_URL"])
def test_the_environment_selects_postgresql(monkeypatch: pytest.MonkeyPatch, postgres_url: str,
                                            variable: str) -> None:
    monkeypatch.setenv(variable, postgres_url)
    db = Database(Settings().database_url)
    try:
        assert db.engine.dialect.driver == "psycopg"
        with db.engine.connect() as conn:
            assert conn.scalar(text("SELECT current_setting('server_encoding')")) == "UTF8"
    finally:
        db.dispose()


@pytest.mark.postgresql
@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_both_schemes_connect(postgres_url: str, scheme: str) -> None:
    db = Database(postgres_url.replace("postgresql://", f"{scheme}://", 1))
    try:
        db.create_schema()
        with db.engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM drafts")) == 0
    finally:
        db.dispose()


@pytest.mark.postgresql
def test_a_wrong_password_is_refused(postgres_url: str) -> None:
    url = make_url(postgres_url).set(password="sai")
    db = Database(url.render_as_string(hide_password=False))
    try:
        with pytest.raises(OperationalError, match="password authentication failed"):
            db.create_schema()
    finally:
        db.dispose()
