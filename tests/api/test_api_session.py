"""The browser's session (issue 11): the token exchanged for an HttpOnly, SameSite=Strict cookie
and a CSRF cookie; unsafe requests signed in by the cookie need the CSRF header; the session
ends with its time, at sign-out, and when the user's token is rotated or revoked; the API keeps
Bearer tokens.  Every response carries the security headers."""

from __future__ import annotations

from typing import Any

import pytest
from api_support import TestClient
from fastapi import FastAPI
from reviews_support import sign_up

from service.api.deps import Services
from service.api.headers import CSP
from service.api.session import COOKIE, CSRF_COOKIE, open_session

THUONG_DUC = 18328
DRAFT = {"request": {"kind": "keep-drug-free", "unit": THUONG_DUC, "year": 2026}}


def _token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


def _signed_in(client: TestClient, app: FastAPI, name: str = "Soạn") -> str:
    """Sign `name` in through POST /api/session; their token."""
    token = _token(sign_up(app, name, "drafter", THUONG_DUC))
    answer = client.post("/api/session", json={"token": token})
    assert answer.status_code == 200, answer.text
    assert answer.json()["name"] == name
    return token


def test_signing_in_sets_an_httponly_strict_cookie_and_a_csrf_cookie(
        client: TestClient, app: FastAPI) -> None:
    token = _signed_in(client, app)
    cookies = client.cookies
    assert set(cookies) == {COOKIE, CSRF_COOKIE}
    assert token not in cookies[COOKIE]
    assert token not in cookies[CSRF_COOKIE]
    again = client.post("/api/session", json={"token": token})
    headers = again.headers.get_list("set-cookie")
    session = next(h for h in headers if h.startswith(f"{COOKIE}="))
    csrf = next(h for h in headers if h.startswith(f"{CSRF_COOKIE}="))
    for header in (session, csrf):
        assert "samesite=strict" in header.lower()
        assert "path=/" in header.lower()
        assert "max-age=43200" in header.lower()
    assert "httponly" in session.lower()
    assert "httponly" not in csrf.lower()
    assert client.get("/api/me").json()["name"] == "Soạn"


@pytest.mark.parametrize(("csrf", "status"), [(None, 403), ("wrong", 403), ("right", 201)])
def test_an_unsafe_request_with_the_cookie_needs_the_csrf_header(
        client: TestClient, app: FastAPI, csrf: str | None, status: int) -> None:
    _signed_in(client, app)
    headers = {} if csrf is None else {
        "X-CSRF-Token": client.cookies[CSRF_COOKIE] if csrf == "right" else csrf}
    answer = client.post("/api/drafts", json=DRAFT, headers=headers)
    assert answer.status_code == status, answer.text
    if status == 403:
        message = answer.json()["detail"][0]["message"]  # for people: no header's name
        assert message == ("Thiếu hoặc sai mã chống giả mạo của trang: hãy tải lại trang rồi"
                           " thử lại.")
        assert client.get("/api/drafts").json() == []


def test_bearer_tokens_need_no_csrf_header(client: TestClient, app: FastAPI) -> None:
    headers = sign_up(app, "Soạn", "drafter", THUONG_DUC)
    assert client.post("/api/drafts", json=DRAFT, headers=headers).status_code == 201


@pytest.mark.parametrize("change", ["rotate", "revoke"])
def test_rotating_or_revoking_the_token_ends_the_session(client: TestClient, app: FastAPI,
                                                         change: str) -> None:
    _signed_in(client, app)
    assert client.get("/api/me").status_code == 200
    services: Services = app.state.services
    getattr(services.users, change)("Soạn")
    answer = client.get("/api/me")
    assert answer.status_code == 401
    assert "đăng nhập lại" in answer.json()["detail"][0]["message"]


def _forged(value: str) -> str:
    user, expires, mac = value.split(".")
    return f"{int(user) + 1}.{expires}.{mac}"


@pytest.mark.parametrize("cookie", [
    lambda v: v[:-1] + ("0" if v[-1] != "0" else "1"),  # the MAC changed
    _forged,  # another user's id under this MAC
    lambda v: v.replace(v.split(".")[1], str(int(v.split(".")[1]) + 10**6)),  # a later expiry
    lambda v: "",
    lambda v: "1.2",
    lambda v: "a.b.c",
])
def test_a_forged_cookie_is_401(client: TestClient, app: FastAPI, cookie: Any) -> None:
    _signed_in(client, app)
    _signed_in(client, app, "Người khác")
    value = client.cookies[COOKIE]
    client.cookies.set(COOKIE, cookie(value))
    assert client.get("/api/me").status_code == 401


def test_an_expired_session_is_401(client: TestClient, app: FastAPI) -> None:
    token = _signed_in(client, app)
    services: Services = app.state.services
    user = services.users.by_token(token)
    assert user is not None
    found = services.users.with_key(user.id)
    assert found is not None
    old = open_session(user.id, found[1], hours=1, now=0)
    client.cookies.set(COOKIE, old.value)
    assert client.get("/api/me").status_code == 401


def test_signing_out_clears_both_cookies(client: TestClient, app: FastAPI) -> None:
    _signed_in(client, app)
    answer = client.delete("/api/session")
    assert answer.status_code == 204
    assert client.cookies.get(COOKIE) is None
    assert client.get("/api/me").status_code == 401


@pytest.mark.parametrize("token", ["wrong-token", "", "x" * 201])
def test_a_bad_token_sets_no_cookie(client: TestClient, token: str) -> None:
    answer = client.post("/api/session", json={"token": token})
    assert answer.status_code in (401, 422)
    assert "set-cookie" not in answer.headers
    assert not answer.json()["detail"][0]["message"].isascii()


@pytest.mark.parametrize("path", ["/", "/dang-nhap", "/hang-loat", "/duyet", "/api/provinces",
                                  "/static/app.css", "/api/no-such-thing", "/openapi.json"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.headers["content-security-policy"] == CSP
    assert "frame-ancestors 'none'" in CSP
    assert "script-src 'self';" in CSP
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "same-origin"


def test_a_body_that_is_not_json_is_422_not_400(client: TestClient) -> None:
    """FastAPI answers 400 for a JSON body it cannot decode; the service, 422 as for any bad
    request (found by schemathesis on POST /api/session and the trail's moves)."""
    answer = client.post("/api/session", content=b"\xff\xfeu",
                         headers={"Content-Type": "application/json"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["message"] == "Nội dung yêu cầu không phải JSON hợp lệ."
