"""Drafts: create, list, read, update, delete; each keeps its request, document and timestamps.

Drafts need a signed-in user: here, a drafter of the unit of `commune_request` (who may see and
do what is the business of test_api_reviews.py)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import DOCX, TestClient, make_settings
from docx import Document
from fastapi import FastAPI
from reviews_support import sign_up, unit_of

from service.api.app import create_app
from service.deps import Deps
from service.store import Database, DraftContent, DraftRepository, UserRepository, scope_of


@pytest.fixture
def client(app: FastAPI, commune_request: dict[str, Any]) -> Iterator[TestClient]:
    """A client signed in as a drafter of the unit of `commune_request`."""
    headers = sign_up(app, "Người soạn", "drafter", commune_request["unit"])
    with TestClient(app, headers=headers) as c:
        yield c


def create(client: TestClient, request: dict[str, Any], title: str = "") -> dict[str, Any]:
    response = client.post("/api/drafts", json={"title": title, "request": request})
    assert response.status_code == 201, response.text
    draft: dict[str, Any] = response.json()
    return draft


def when(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def test_create_keeps_request_document_and_timestamps(client: TestClient,
                                                      commune_request: dict[str, Any]) -> None:
    draft = create(client, commune_request, "Bản thử")
    assert draft["title"] == "Bản thử"
    assert draft["request"] == commune_request
    assert draft["kind"] == commune_request["kind"]
    assert draft["unit_code"] == commune_request["unit"] == draft["unit"]["code"]
    assert draft["unit_label"] == draft["unit"]["label"]
    assert draft["docx_size"] > 1000
    assert when(draft["created_at"]) == when(draft["updated_at"])
    assert when(draft["created_at"]).tzinfo is not None
    document = client.get(f"/api/drafts/{draft['id']}/document")
    assert document.status_code == 200
    assert document.headers["content-type"] == DOCX
    assert len(document.content) == draft["docx_size"]
    Document(io.BytesIO(document.content))  # opens


def test_untitled_draft_is_named_after_the_plan(client: TestClient,
                                                commune_request: dict[str, Any]) -> None:
    draft = create(client, commune_request)
    assert draft["unit"]["label"] in draft["title"]


def test_list_read_update_delete(client: TestClient, commune_request: dict[str, Any]) -> None:
    first = create(client, commune_request, "một")
    second = create(client, {**commune_request, "number": "7"}, "hai")
    listed = client.get("/api/drafts").json()
    assert [d["id"] for d in listed] == [second["id"], first["id"]]  # latest change first
    assert "request" not in listed[0]

    read = client.get(f"/api/drafts/{first['id']}").json()
    assert read == first

    changed = {**commune_request, "signer": {"mode": "KT", "name": "Trần Thị B"}}
    response = client.put(f"/api/drafts/{first['id']}", json={"title": "một (sửa)",
                                                             "request": changed})
    assert response.status_code == 200, response.text
    updated = response.json()
    assert (updated["id"], updated["title"], updated["request"]) == (first["id"], "một (sửa)",
                                                                     changed)
    assert updated["created_at"] == first["created_at"]
    assert when(updated["updated_at"]) > when(first["updated_at"])
    document = client.get(f"/api/drafts/{first['id']}/document").content
    assert "Trần Thị B" in "\n".join(c.text for t in Document(io.BytesIO(document)).tables
                                     for r in t.rows for c in r.cells)
    assert [d["id"] for d in client.get("/api/drafts").json()] == [first["id"], second["id"]]

    assert client.delete(f"/api/drafts/{first['id']}").status_code == 204
    assert client.get(f"/api/drafts/{first['id']}").status_code == 404
    assert client.delete(f"/api/drafts/{first['id']}").status_code == 404
    assert [d["id"] for d in client.get("/api/drafts").json()] == [second["id"]]


@pytest.mark.parametrize(("body", "field"), [
    ({"title": "x", "request": {"kind": "keep-drug-free", "unit": 18328, "year": 1999}},
     "request.year"),
    ({"title": "x", "request": {"unit": 18328, "year": 2026}}, "request.kind"),
    ({"title": "x", "request": {"kind": "no-such-kind", "unit": 18328, "year": 2026}},
     "request.kind"),
    ({"title": "x", "request": {"kind": "keep-drug-free", "unit": "Thượng Đức", "year": 2026}},
     "request.unit"),
    ({"title": "x", "request": 5}, "request"),
    ({"title": 5, "request": {}}, "title"),
    ({"title": "x" * 301, "request": {}}, "title"),
    ({"request": {}, "extra": 1}, "extra"),
    ({"title": "x"}, "request"),
    ([], ""),
])
def test_an_invalid_update_never_destroys_the_saved_draft(client: TestClient,
                                                          commune_request: dict[str, Any],
                                                          body: Any, field: str) -> None:
    draft = create(client, commune_request, "giữ nguyên")
    before = client.get(f"/api/drafts/{draft['id']}/document").content
    response = client.put(f"/api/drafts/{draft['id']}", json=body)
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["detail"]}
    assert client.get(f"/api/drafts/{draft['id']}").json() == draft
    assert client.get(f"/api/drafts/{draft['id']}/document").content == before


def test_an_invalid_draft_is_not_saved(client: TestClient) -> None:
    response = client.post("/api/drafts", json={"request": {"kind": "x"}})
    assert response.status_code == 422
    assert client.get("/api/drafts").json() == []


@pytest.mark.parametrize(("method", "suffix"), [("GET", ""), ("DELETE", ""), ("GET", "/document"),
                                                ("PUT", "")])
def test_unknown_draft_is_404_in_vietnamese(client: TestClient, commune_request: dict[str, Any],
                                            method: str, suffix: str) -> None:
    body = {"request": commune_request} if method == "PUT" else None
    response = client.request(method, f"/api/drafts/no-such-draft{suffix}", json=body)
    assert response.status_code == 404
    assert response.json()["detail"][0]["message"] == "Không có bản nháp này."


def test_drafts_and_users_survive_a_restart(deps: Deps, tmp_path: Path,
                                            commune_request: dict[str, Any]) -> None:
    first = create_app(deps, make_settings(tmp_path))
    headers = sign_up(first, "Người soạn", "drafter", commune_request["unit"])
    with TestClient(first, headers=headers) as client:
        draft = create(client, commune_request, "còn đó")
    with TestClient(create_app(deps, make_settings(tmp_path)), headers=headers) as client:
        assert client.get(f"/api/drafts/{draft['id']}").json() == draft


@pytest.mark.parametrize(("params", "status"), [({"limit": 0}, 422), ({"offset": -1}, 422),
                                                ({"limit": 1}, 200)])
def test_list_paging(client: TestClient, commune_request: dict[str, Any],
                     params: dict[str, int], status: int) -> None:
    create(client, commune_request)
    create(client, commune_request)
    response = client.get("/api/drafts", params=params)
    assert response.status_code == status
    if status == 200:
        assert len(response.json()) == 1


# --- the repository itself ---------------------------------------------------------------------

def content(deps: Deps, title: str) -> DraftContent:
    unit = unit_of(deps.units, 18328)
    return DraftContent(title=title, unit_code=unit.code, unit_label=unit.label, kind="k",
                        year=2026, scope=scope_of(unit),
                        request={"kind": "k", "unit": unit.code, "year": 2026}, docx=b"PK-docx")


def test_repository_round_trip(deps: Deps, tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'sub' / 'drafts.sqlite'}")
    db.create_schema()
    repo = DraftRepository(db)
    actor, _ = UserRepository(db).add("Người soạn", "drafter", unit_of(deps.units, 18328))
    made = repo.create(content(deps, "a"), actor)
    assert made.created_at.tzinfo is dt.UTC
    assert (made.state, made.owner_name, made.scope.unit) == ("draft", "Người soạn",
                                                              "current:commune:18328")
    assert repo.get(made.id) == made
    assert repo.document(made.id) == b"PK-docx"
    again = repo.update(made.id, content(deps, "b"), actor)
    assert again is not None
    assert (again.title, again.created_at) == ("b", made.created_at)
    assert again.updated_at >= made.updated_at
    assert repo.update("missing", content(deps, "c"), actor) is None
    assert repo.document("missing") is None
    assert repo.delete(made.id, actor)
    assert not repo.delete(made.id, actor)
    assert repo.recent() == []


def test_in_memory_database_is_shared_between_sessions(deps: Deps) -> None:
    db = Database("sqlite://")
    db.create_schema()
    repo = DraftRepository(db)
    actor, _ = UserRepository(db).add("Người soạn", "drafter", unit_of(deps.units, 18328))
    made = repo.create(content(deps, "a"), actor)
    assert [d.id for d in repo.recent()] == [made.id]
