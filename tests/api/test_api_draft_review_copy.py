"""The review copy of a saved draft, `GET /api/drafts/{id}/review-copy`: the plan re-composed
from the stored request, with one Word comment per body paragraph and recipient line (as
`POST /api/review-copy`), open to whoever may read the draft."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import DOCX, TestClient, make_settings
from docx import Document
from reviews_support import bearer, sign_up

from service.api.app import create_app
from service.deps import Deps
from service.pipeline import compose_plan
from service.spec import parse_request
from service.units import Tier

REQUEST = {"kind": "keep-drug-free", "unit": 18328, "year": 2026,  # Thượng Đức, Hà Tĩnh
           "recipients": ["Trường THCS <b>Thượng Đức</b> {{ 7*7 }}"]}
PEOPLE = {  # name: role, unit code, tier
    "owner": ("drafter", 18328, Tier.COMMUNE),
    "province reviewer": ("reviewer", 42, Tier.PROVINCE),  # Hà Tĩnh
    "other unit's drafter": ("drafter", 1273, Tier.COMMUNE),  # Thục Phán, Cao Bằng
    "other province's reviewer": ("reviewer", 4, Tier.PROVINCE),  # Cao Bằng
}


@pytest.fixture(scope="module")
def saved(deps: Deps, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[TestClient, dict[str, dict[str, str]], str]]:
    """One app, its users (and no token, a forged one) and a draft saved by its owner."""
    app = create_app(deps, make_settings(Path(tmp_path_factory.mktemp("review-copy"))))
    with TestClient(app) as client:
        people = {name: sign_up(app, name, *who) for name, who in PEOPLE.items()}
        people |= {"no token": {}, "forged token": bearer("not-a-real-token-0123456789")}
        response = client.post("/api/drafts", headers=people["owner"], json={"request": REQUEST})
        assert response.status_code == 201, response.text
        yield client, people, response.json()["id"]


def all_text(data: bytes) -> str:
    """The text of every paragraph, in the body and in its tables (the recipients' list)."""
    document = Document(io.BytesIO(data))
    cells = [c for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(p.text for part in [document, *cells] for p in part.paragraphs)


def comments_of(data: bytes) -> list[str]:
    return [c.text for c in Document(io.BytesIO(data)).comments]


@pytest.mark.parametrize("who", ["owner", "province reviewer"])
def test_those_who_may_read_the_draft_get_its_review_copy(
        saved: tuple[TestClient, dict[str, dict[str, str]], str], deps: Deps, who: str) -> None:
    client, people, draft_id = saved
    response = client.get(f"/api/drafts/{draft_id}/review-copy", headers=people[who])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    assert response.headers["content-disposition"] == (
        'attachment; filename="ke-hoach-keep-drug-free-18328-2026-ban-duyet.docx"')
    ctx = compose_plan(parse_request(REQUEST), deps).context
    comments = comments_of(response.content)
    assert len(comments) == len(ctx.blocks) + len(ctx.recipients)
    assert f"Điều khoản purpose.keep.mobilise · thư viện {deps.library.version}" in comments
    assert "Nội dung địa phương (từ yêu cầu: recipients.0)" in comments
    assert "Trường THCS <b>Thượng Đức</b> {{ 7*7 }}" in all_text(response.content)


def test_the_review_copy_is_the_same_as_from_the_request(
        saved: tuple[TestClient, dict[str, dict[str, str]], str]) -> None:
    client, people, draft_id = saved
    stored = client.get(f"/api/drafts/{draft_id}/review-copy", headers=people["owner"])
    posted = client.post("/api/review-copy", json=REQUEST)
    assert comments_of(stored.content) == comments_of(posted.content)
    plain = client.get(f"/api/drafts/{draft_id}/document", headers=people["owner"])
    assert comments_of(plain.content) == []  # the stored document itself has no comments


@pytest.mark.parametrize(("who", "status", "message"), [
    ("other unit's drafter", 403, "nằm ngoài phạm vi"),
    ("other province's reviewer", 403, "nằm ngoài phạm vi"),
    ("no token", 401, "Cần đăng nhập"),
    ("forged token", 401, "Mã truy cập không đúng"),
])
def test_the_others_are_refused_in_vietnamese(
        saved: tuple[TestClient, dict[str, dict[str, str]], str], who: str, status: int,
        message: str) -> None:
    client, people, draft_id = saved
    response = client.get(f"/api/drafts/{draft_id}/review-copy", headers=people[who])
    assert response.status_code == status, response.text
    assert message in response.json()["detail"][0]["message"]
    assert DOCX not in response.headers["content-type"]


def test_an_unknown_draft_is_404(saved: tuple[TestClient, dict[str, dict[str, str]], str]
                                 ) -> None:
    client, people, _ = saved
    response = client.get("/api/drafts/00000000-0000-0000-0000-000000000000/review-copy",
                          headers=people["owner"])
    assert response.status_code == 404
    assert response.json()["detail"][0]["message"] == "Không có bản nháp này."


def test_openapi_documents_the_docx_in_vietnamese(
        saved: tuple[TestClient, dict[str, dict[str, str]], str]) -> None:
    client = saved[0]
    operation: dict[str, Any] = client.get("/openapi.json").json()["paths"][
        "/api/drafts/{draft_id}/review-copy"]["get"]
    assert list(operation["responses"]["200"]["content"]) == [DOCX]
    assert operation["summary"] == "Bản .docx có ghi chú nguồn của bản nháp"
    assert {"401", "403", "404"} <= set(operation["responses"])
    assert operation["security"]
