"""Health and logs: `/healthz` answers while the process lives, `/readyz` says whether it can serve
(database, schema, LibreOffice, batch workers) on SQLite and PostgreSQL, and every request leaves
one JSON log line with its id, method, path, status, time and user, and nothing else."""

from __future__ import annotations

import io
import json
import logging
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from api_support import TestClient, minimal_request
from sqlalchemy import text

from service.api.app import create_app
from service.api.logs import configure_logging
from service.config import Settings
from service.deps import Deps
from service.store import Database, UserRepository, migrations
from service.units import Era, Tier


def _app(deps: Deps, url: str, **settings: Any) -> TestClient:
    return TestClient(create_app(deps, Settings(database_url=url, **settings)))


def test_healthz_answers(database_url: str, deps: Deps) -> None:
    with _app(deps, database_url, batch_workers=0) as client:
        answer = client.get("/healthz")
    assert (answer.status_code, answer.json()) == (200, {"status": "ok"})


@pytest.mark.parametrize(("soffice", "workers"), [("soffice", 1), ("khong-co-soffice", 0)])
def test_readyz_says_what_the_service_has(database_url: str, deps: Deps, soffice: str,
                                          workers: int) -> None:
    with _app(deps, database_url, batch_workers=workers, soffice=soffice) as client:
        answer = client.get("/readyz")
    assert answer.status_code == 200
    head = migrations.head()
    has_soffice = shutil.which(soffice) is not None
    assert answer.json() == {"ready": True, "database": "ok", "schema_current": head,
                             "schema_head": head, "libreoffice": has_soffice, "workers": workers}


def test_readyz_is_503_when_the_schema_is_not_this_codes(database_url: str, deps: Deps) -> None:
    with _app(deps, database_url, batch_workers=0) as client:
        db = Database(database_url)
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        db.dispose()
        answer = client.get("/readyz")
    assert answer.status_code == 503
    assert (answer.json()["ready"], answer.json()["schema_current"]) == (False, "0001")


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The JSON log lines of the test, in a buffer; the logging set-up restored after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    buffer = io.StringIO()
    configure_logging("info", stream=buffer)
    yield buffer
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name in ("uvicorn.access",):
        logging.getLogger(name).disabled = False


def _requests(buffer: io.StringIO) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    return [r for r in records if r["logger"] == "kehoach.request"]


def test_each_request_is_one_json_line_without_token_or_text(
        log_lines: io.StringIO, deps: Deps, tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'log.sqlite'}"
    db = Database(url)
    db.create_schema()
    unit = min(deps.units.units(Tier.COMMUNE, Era.CURRENT), key=lambda u: u.code)
    user, token = UserRepository(db).add("Người soạn", "drafter", unit)
    db.dispose()
    kind = next(k for k in deps.library.kinds.values() if k.tier == "commune")
    body = {**minimal_request(deps, kind), "signer": {"name": "Ông Bí Mật {{ 7*7 }}"}}
    with _app(deps, url, batch_workers=0) as client:
        client.get("/api/me", headers={"Authorization": f"Bearer {token}",
                                       "X-Request-ID": "yeu-cau-1"})
        client.post("/api/preview?q=1", json=body, headers={"X-Request-ID": "bad id\nx"})
        client.get("/api/me", headers={"Authorization": "Bearer sai"})
    me, preview, refused = _requests(log_lines)
    assert set(me) == {"time", "level", "logger", "message", "id", "method", "path", "status",
                       "ms", "user"}
    assert (me["id"], me["method"], me["path"], me["status"], me["user"]) == (
        "yeu-cau-1", "GET", "/api/me", 200, user.id)
    assert (preview["method"], preview["path"], preview["status"], preview["user"]) == (
        "POST", "/api/preview", 200, None)
    assert len(preview["id"]) == 32  # a new id: the one sent was not sane
    assert (refused["status"], refused["user"]) == (401, None)
    assert all(isinstance(r["ms"], float) and r["ms"] >= 0 for r in (me, preview, refused))
    ours = json.dumps([me, preview, refused], ensure_ascii=False)
    for secret in (token, "Bí Mật", "7*7", "q=1", "sai"):
        assert secret not in ours
