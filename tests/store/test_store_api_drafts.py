"""The drafts API, end to end through the test client, on SQLite and on PostgreSQL alike:
create, list, read, update, download, delete — with Vietnamese text and the service's own users."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from docx import Document
from fastapi import FastAPI
from store_support import TestClient, commune_request

from service.api.app import create_app
from service.api.deps import Services
from service.config import Settings
from service.deps import Deps
from service.units import Tier

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "Kế hoạch “thử” – {{ 7*7 }} <b>đậm</b>"


@pytest.fixture
def request_body(deps: Deps) -> dict[str, Any]:
    return commune_request(deps)


@pytest.fixture
def drafter(app: FastAPI, request_body: dict[str, Any]) -> dict[str, str]:
    """The headers of a drafter of the request's own commune."""
    services: Services = app.state.services
    unit = services.engine.units.get(request_body["unit"], Tier.COMMUNE)
    _, token = services.users.add("Lê Thị Hồng Nhung", "drafter", unit)
    return {"Authorization": f"Bearer {token}"}


def body_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = (c.text for t in document.tables for r in t.rows for c in r.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def test_drafts_round_trip(client: TestClient, drafter: dict[str, str],
                           request_body: dict[str, Any]) -> None:
    created = client.post("/api/drafts", json={"title": TITLE, "request": request_body},
                          headers=drafter)
    assert created.status_code == 201, created.text
    draft = created.json()
    assert (draft["title"], draft["request"], draft["state"]) == (TITLE, request_body, "draft")
    assert dt.datetime.fromisoformat(draft["created_at"]).utcoffset() == dt.timedelta(0)

    listed = client.get("/api/drafts", headers=drafter).json()
    assert [(d["id"], d["title"]) for d in listed] == [(draft["id"], TITLE)]
    assert client.get(f"/api/drafts/{draft['id']}", headers=drafter).json() == draft

    document = client.get(f"/api/drafts/{draft['id']}/document", headers=drafter)
    assert document.headers["content-type"] == DOCX
    assert len(document.content) == draft["docx_size"]
    own_name = draft["unit_label"].split(",")[0].casefold()  # "phường ba đình"
    assert own_name in body_text(document.content).casefold()

    changed = {**request_body, "signer": {"mode": "KT", "name": "Trần Thị Ngọc Ánh"}}
    updated = client.put(f"/api/drafts/{draft['id']}", json={"title": "Bản sửa",
                                                             "request": changed},
                         headers=drafter)
    assert updated.status_code == 200, updated.text
    assert (updated.json()["request"], updated.json()["created_at"]) == (changed,
                                                                         draft["created_at"])
    assert updated.json()["updated_at"] > draft["updated_at"]
    again = client.get(f"/api/drafts/{draft['id']}/document", headers=drafter).content
    assert "Trần Thị Ngọc Ánh" in body_text(again)

    assert client.delete(f"/api/drafts/{draft['id']}", headers=drafter).status_code == 204
    assert client.get(f"/api/drafts/{draft['id']}", headers=drafter).status_code == 404
    assert client.get("/api/drafts", headers=drafter).json() == []


def test_drafts_outlive_the_app(deps: Deps, database_url: str, drafter: dict[str, str],
                                request_body: dict[str, Any], client: TestClient) -> None:
    draft = client.post("/api/drafts", json={"request": request_body}, headers=drafter).json()
    settings = Settings(database_url=database_url, batch_workers=0)
    with TestClient(create_app(deps, settings)) as fresh:
        assert fresh.get(f"/api/drafts/{draft['id']}", headers=drafter).json() == draft
