"""The pages a signed-in user may not use (issue 13, words for people): a browser signed in by
its session cookie that opens the review queue without being a reviewer, another unit's draft,
or the batches as a commune's user, gets the 403 page in the tool's frame with the reason; the
API keeps answering JSON; the sign-in messages speak of the access code the user was given, not
of HTTP headers."""

from __future__ import annotations

import pytest
from api_support import TestClient
from fastapi import FastAPI
from reviews_support import sign_up

from service.units import Tier

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # what a browser asks
JSON = {"Accept": "application/json"}
A, B = 18328, 18202  # Thượng Đức and Tứ Mỹ (Hà Tĩnh, 42)
USERS = {  # name: role, unit code, tier
    "drafter A": ("drafter", A, Tier.COMMUNE),
    "drafter B": ("drafter", B, Tier.COMMUNE),
    "reviewer HT": ("reviewer", 42, Tier.PROVINCE),
}


@pytest.fixture
def tokens(app: FastAPI) -> dict[str, str]:
    return {name: sign_up(app, name, *who)["Authorization"].removeprefix("Bearer ")
            for name, who in USERS.items()}


@pytest.fixture
def draft_of_a(client: TestClient, tokens: dict[str, str]) -> str:
    answer = client.post("/api/drafts", headers={"Authorization": f"Bearer {tokens['drafter A']}"},
                         json={"request": {"kind": "keep-drug-free", "unit": A, "year": 2026}})
    assert answer.status_code == 201, answer.text
    draft_id: str = answer.json()["id"]
    return draft_id


def sign_in(client: TestClient, token: str | None) -> None:
    """The browser's session (cookies kept by the client), or none."""
    client.cookies.clear()
    if token is not None:
        assert client.post("/api/session", json={"token": token}).status_code == 200


PAGES = [  # who (None: nobody signed in), page ("{draft}": A's draft), status, reason shown
    (None, "/duyet", 200, ""),
    ("reviewer HT", "/duyet", 200, ""),
    ("drafter A", "/duyet", 403, "Chỉ người duyệt mới xem hàng chờ duyệt được"),
    (None, "/ban-nhap/{draft}", 200, ""),
    ("drafter A", "/ban-nhap/{draft}", 200, ""),
    ("reviewer HT", "/ban-nhap/{draft}", 200, ""),
    ("drafter B", "/ban-nhap/{draft}", 403, "nằm ngoài phạm vi của bạn (Xã Tứ Mỹ, Tỉnh Hà Tĩnh)"),
    (None, "/hang-loat", 200, ""),
    ("reviewer HT", "/hang-loat", 200, ""),
    ("drafter A", "/hang-loat", 403, "Chỉ người dùng cấp tỉnh (cho tỉnh của mình) hoặc quản trị"),
]


@pytest.mark.parametrize(("who", "path", "status", "reason"), PAGES)
def test_a_page_the_user_may_not_use_is_the_403_page(
        client: TestClient, tokens: dict[str, str], draft_of_a: str, who: str | None,
        path: str, status: int, reason: str) -> None:
    sign_in(client, tokens[who] if who else None)
    answer = client.get(path.format(draft=draft_of_a), headers=HTML)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    if status == 403:
        assert "<h1>Không có quyền xem trang này</h1>" in answer.text
        assert '<body data-page="error" data-status="403"' in answer.text
        assert '<nav class="mainnav"' in answer.text
        assert reason in answer.text
        assert "null" not in answer.text


def test_a_client_that_does_not_ask_for_html_gets_the_403_in_json(
        client: TestClient, tokens: dict[str, str], draft_of_a: str) -> None:
    sign_in(client, tokens["drafter B"])
    for path in (f"/ban-nhap/{draft_of_a}", f"/api/drafts/{draft_of_a}"):
        answer = client.get(path, headers=JSON if path.startswith("/b") else HTML)
        assert answer.status_code == 403
        assert answer.headers["content-type"] == "application/json"
        assert "nằm ngoài phạm vi" in answer.json()["detail"][0]["message"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer"}])
def test_signing_in_is_explained_without_developer_words(client: TestClient,
                                                         headers: dict[str, str]) -> None:
    answer = client.get("/api/me", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"  # the API still takes the header
    message = answer.json()["detail"][0]["message"]
    assert "đăng nhập bằng mã truy cập được cấp" in message.lower()
    assert "Authorization" not in message
    assert "Bearer" not in message
