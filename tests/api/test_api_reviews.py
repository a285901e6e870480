"""The approval trail: who may see and do what (the authorisation table), the round trip
draft → submitted → returned → submitted → approved with its history and check reports, edits
locked while a draft is under review, and the review queue's filters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import TestClient, make_settings
from fastapi import FastAPI
from reviews_support import bearer, sign_up

from service.api.app import create_app
from service.deps import Deps
from service.errors import StateConflict
from service.review import check_docx, to_json
from service.store import allowed_moves
from service.units import Era, Tier

A, B, C = 18328, 18202, 1273  # Thượng Đức and Tứ Mỹ (Hà Tĩnh, 42); Thục Phán (Cao Bằng, 4)
PEOPLE = {  # name: role, unit code, tier
    "drafter A": ("drafter", A, Tier.COMMUNE),
    "drafter B": ("drafter", B, Tier.COMMUNE),
    "drafter C": ("drafter", C, Tier.COMMUNE),
    "reviewer A": ("reviewer", A, Tier.COMMUNE),
    "reviewer HT": ("reviewer", 42, Tier.PROVINCE),
    "reviewer CB": ("reviewer", 4, Tier.PROVINCE),
}
NOBODY, FORGED = "no token", "bad token"


def request_of(unit: int, kind: str = "keep-drug-free", year: int = 2026) -> dict[str, Any]:
    return {"kind": kind, "unit": unit, "year": year}


def sign_up_everyone(app: FastAPI) -> dict[str, dict[str, str]]:
    headers = {name: sign_up(app, name, *who) for name, who in PEOPLE.items()}
    return {**headers, NOBODY: {}, FORGED: bearer("not-a-real-token-0123456789")}


@pytest.fixture
def people(app: FastAPI) -> dict[str, dict[str, str]]:
    return sign_up_everyone(app)


@pytest.fixture(scope="module")
def shared(deps: Deps, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """One app for the tests that change nothing (they check that they did not)."""
    app = create_app(deps, make_settings(Path(tmp_path_factory.mktemp("trail"))))
    with TestClient(app) as client:
        yield client, sign_up_everyone(app)


def create(client: TestClient, headers: dict[str, str], unit: int = A,
           **request: Any) -> dict[str, Any]:
    response = client.post("/api/drafts", headers=headers,
                           json={"request": {**request_of(unit), **request}})
    assert response.status_code == 201, response.text
    draft: dict[str, Any] = response.json()
    return draft


def move(client: TestClient, headers: dict[str, str], draft_id: str, action: str,
         comments: str = "", status: int = 200) -> dict[str, Any]:
    response = client.post(f"/api/drafts/{draft_id}/{action}", headers=headers,
                           json={"comments": comments})
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def create_and_submit(client: TestClient, people: dict[str, dict[str, str]]) -> dict[str, Any]:
    draft = create(client, people["drafter A"])
    return move(client, people["drafter A"], draft["id"], "submit")


@pytest.fixture
def submitted(client: TestClient, people: dict[str, dict[str, str]]) -> dict[str, Any]:
    """A draft of commune A, sent for review by A's drafter."""
    return create_and_submit(client, people)


@pytest.fixture(scope="module")
def shared_submitted(shared: tuple[TestClient, dict[str, dict[str, str]]]) -> dict[str, Any]:
    return create_and_submit(*shared)


# --- the authorisation table -------------------------------------------------------------------

ACCESS = [  # who, method, path (after /api/drafts/{id}), body, status
    ("drafter A", "GET", "", None, 200),
    ("reviewer A", "GET", "", None, 200),
    ("reviewer HT", "GET", "", None, 200),
    ("drafter B", "GET", "", None, 403),
    ("drafter C", "GET", "", None, 403),
    ("reviewer CB", "GET", "", None, 403),
    (NOBODY, "GET", "", None, 401),
    (FORGED, "GET", "", None, 401),
    ("drafter B", "GET", "/document", None, 403),
    ("drafter B", "GET", "/history", None, 403),
    ("reviewer CB", "GET", "/history", None, 403),
    (NOBODY, "GET", "/history", None, 401),
    ("reviewer HT", "GET", "/changes", None, 200),
    ("drafter A", "GET", "/changes", None, 200),
    ("drafter B", "GET", "/changes", None, 403),
    ("reviewer CB", "GET", "/changes", None, 403),
    (NOBODY, "GET", "/changes", None, 401),
    ("drafter B", "PUT", "", {"request": request_of(A)}, 403),
    ("reviewer HT", "PUT", "", {"request": request_of(A)}, 403),
    ("drafter B", "DELETE", "", None, 403),
    ("reviewer HT", "DELETE", "", None, 403),
    (NOBODY, "DELETE", "", None, 401),
    ("drafter A", "POST", "/approve", {}, 403),
    ("drafter A", "POST", "/return", {"comments": "tự trả"}, 403),
    ("drafter B", "POST", "/approve", {}, 403),
    ("reviewer CB", "POST", "/approve", {}, 403),
    ("reviewer CB", "POST", "/return", {"comments": "không phải của tôi"}, 403),
    ("reviewer HT", "POST", "/submit", {}, 403),
    (NOBODY, "POST", "/approve", {}, 401),
    (FORGED, "POST", "/approve", {}, 401),
]


@pytest.mark.parametrize(("who", "method", "path", "body", "status"), ACCESS,
                         ids=[f"{a[0]}-{a[1]}{a[2]}-{a[4]}" for a in ACCESS])
def test_who_may_see_and_do_what(shared: tuple[TestClient, dict[str, dict[str, str]]],
                                 shared_submitted: dict[str, Any], who: str, method: str,
                                 path: str, body: Any, status: int) -> None:
    (client, people), submitted = shared, shared_submitted
    response = client.request(method, f"/api/drafts/{submitted['id']}{path}",
                              headers=people[who], json=body)
    assert response.status_code == status, response.text
    if status >= 400:
        message = response.json()["detail"][0]["message"]
        assert not message.isascii()  # Vietnamese (and not empty)
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    after = client.get(f"/api/drafts/{submitted['id']}", headers=people["drafter A"]).json()
    assert after["state"] == "submitted"  # no refused request changed anything


@pytest.mark.parametrize(("who", "sees"), [
    ("drafter A", True), ("reviewer A", True), ("reviewer HT", True),
    ("drafter B", False), ("drafter C", False), ("reviewer CB", False),
])
def test_lists_show_only_drafts_within_the_users_unit(
        shared: tuple[TestClient, dict[str, dict[str, str]]], shared_submitted: dict[str, Any],
        who: str, sees: bool) -> None:
    (client, people), submitted = shared, shared_submitted
    listed = client.get("/api/drafts", headers=people[who])
    assert listed.status_code == 200
    assert (submitted["id"] in {d["id"] for d in listed.json()}) is sees


@pytest.mark.parametrize(("who", "unit", "status"), [
    ("drafter A", A, 201), ("drafter A", B, 403), ("drafter C", A, 403),
    ("reviewer HT", A, 403), (NOBODY, A, 401), (FORGED, A, 401),
])
def test_a_drafter_saves_drafts_of_their_own_unit_only(
        client: TestClient, people: dict[str, dict[str, str]], who: str, unit: int,
        status: int) -> None:
    response = client.post("/api/drafts", headers=people[who], json={"request": request_of(unit)})
    assert response.status_code == status, response.text
    assert len(client.get("/api/drafts", headers=people["reviewer HT"]).json()) == (
        1 if status == 201 else 0)


def test_a_drafter_cannot_move_their_draft_to_another_unit(
        client: TestClient, people: dict[str, dict[str, str]]) -> None:
    draft = create(client, people["drafter A"])
    response = client.put(f"/api/drafts/{draft['id']}", headers=people["drafter A"],
                          json={"request": request_of(B)})
    assert response.status_code == 403
    assert client.get(f"/api/drafts/{draft['id']}",
                      headers=people["drafter A"]).json()["unit_code"] == A


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/drafts"), ("POST", "/api/drafts"), ("GET", "/api/me"),
    ("GET", "/api/review-queue"), ("GET", "/api/drafts/x/history"),
    ("POST", "/api/drafts/x/submit"), ("POST", "/api/drafts/x/approve"),
    ("POST", "/api/drafts/x/return"),
])
@pytest.mark.parametrize("who", [NOBODY, FORGED])
def test_every_trail_endpoint_needs_a_valid_token(
        shared: tuple[TestClient, dict[str, dict[str, str]]], who: str, method: str,
        path: str) -> None:
    client, people = shared
    body = {"request": request_of(A)} if path == "/api/drafts" and method == "POST" else None
    response = client.request(method, path, headers=people[who], json=body)
    assert response.status_code == 401
    assert "đăng nhập" in response.json()["detail"][0]["message"] or "Mã truy cập" in (
        response.json()["detail"][0]["message"])


@pytest.mark.parametrize("scheme", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer  ", "Token abc"])
def test_malformed_authorization_is_401(client: TestClient, scheme: str) -> None:
    assert client.get("/api/me", headers={"Authorization": scheme}).status_code == 401


def test_me_says_who_is_signed_in(shared: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    client, people = shared
    me = client.get("/api/me", headers=people["reviewer HT"]).json()
    assert (me["name"], me["role"], me["role_label"], me["unit_label"], me["unit_key"]) == (
        "reviewer HT", "reviewer", "người duyệt", "Tỉnh Hà Tĩnh", "current:province:42")


# --- the round trip ----------------------------------------------------------------------------

def test_round_trip_submit_return_edit_submit_approve(
        client: TestClient, people: dict[str, dict[str, str]], deps: Deps) -> None:
    drafter, reviewer = people["drafter A"], people["reviewer HT"]
    draft = create(client, drafter)
    assert (draft["state"], draft["owner_name"]) == ("draft", "drafter A")
    assert move(client, drafter, draft["id"], "submit", "Kính trình")["state"] == "submitted"
    queue = client.get("/api/review-queue", headers=reviewer).json()
    assert [d["id"] for d in queue["items"]] == [draft["id"]]

    move(client, reviewer, draft["id"], "return", status=422)  # returning needs comments
    returned = move(client, reviewer, draft["id"], "return", "Bổ sung danh sách thôn.")
    assert returned["state"] == "returned"
    edited = client.put(f"/api/drafts/{draft['id']}", headers=drafter, json={
        "request": {**request_of(A), "signer": {"mode": "KT", "name": "Trần Thị B"}}})
    assert edited.status_code == 200, edited.text
    assert edited.json()["state"] == "returned"
    move(client, drafter, draft["id"], "submit", "Đã bổ sung.")
    approved = move(client, reviewer, draft["id"], "approve", "Đồng ý ban hành.")
    assert approved["state"] == "approved"

    history = client.get(f"/api/drafts/{draft['id']}/history", headers=drafter).json()
    steps = [(e["action"], e["state"], e["user_name"], e["comments"]) for e in history["events"]]
    assert steps == [
        ("create", "draft", "drafter A", ""),
        ("submit", "submitted", "drafter A", "Kính trình"),
        ("return", "returned", "reviewer HT", "Bổ sung danh sách thôn."),
        ("update", "returned", "drafter A", ""),
        ("submit", "submitted", "drafter A", "Đã bổ sung."),
        ("approve", "approved", "reviewer HT", "Đồng ý ban hành."),
    ]
    times = [e["at"] for e in history["events"]]
    assert times == sorted(times)
    reports = {e["action"]: e["report"] for e in history["events"]}
    assert (reports["create"], reports["update"]) == (None, None)
    document = client.get(f"/api/drafts/{draft['id']}/document", headers=drafter).content
    assert reports["approve"] == to_json(check_docx(document, deps))  # the report of that moment
    for e in history["events"][1:]:
        if e["action"] in ("submit", "return", "approve"):
            assert isinstance(e["report"], list)
            assert all({"rule", "severity", "where", "message"} <= set(f) for f in e["report"])
    assert (history["moves"], history["editable"]) == ([], False)
    assert client.get(f"/api/drafts/{draft['id']}/history",
                      headers=reviewer).json()["moves"] == []


def test_the_reviewer_sees_what_changed_since_the_return(
        client: TestClient, people: dict[str, dict[str, str]]) -> None:
    """A real return → edit → resubmit: the words changed, as the compare page marks them."""
    drafter, reviewer = people["drafter A"], people["reviewer HT"]
    signer = {"mode": "KT", "title": "PHÓ CHỦ TỊCH"}
    draft = create(client, drafter, signer={**signer, "name": "Trần Văn Cũ"})
    path = f"/api/drafts/{draft['id']}"
    assert client.get(f"{path}/changes", headers=reviewer).json() == {
        "returned": None, "kept": False, "diff": None}  # never returned
    move(client, drafter, draft["id"], "submit")
    move(client, reviewer, draft["id"], "return", "Sửa tên người ký.")
    returned = client.get(f"{path}/document", headers=drafter).content
    right_after = client.get(f"{path}/changes", headers=reviewer).json()
    assert (right_after["kept"], right_after["diff"]["identical"]) == (True, True)
    edited = client.put(path, headers=drafter, json={"request": {
        **request_of(A), "signer": {**signer, "name": "Trần Văn Mới"}}})
    assert edited.status_code == 200, edited.text
    move(client, drafter, draft["id"], "submit", "Đã sửa.")

    answer = client.get(f"{path}/changes", headers=reviewer).json()
    assert (answer["returned"]["user_name"], answer["returned"]["comments"]) == (
        "reviewer HT", "Sửa tên người ký.")
    differences = [c for c in answer["diff"]["paragraphs"] if c["op"] != "equal"]
    assert [(c["op"], c["old"], c["new"]) for c in differences] == [
        ("changed", "Trần Văn Cũ", "Trần Văn Mới")]
    assert [(w["op"], w["text"]) for w in differences[0]["words"]] == [
        ("equal", "Trần Văn "), ("delete", "Cũ"), ("insert", "Mới")]
    now = client.get(f"{path}/document", headers=drafter).content
    compared = client.post("/api/compare", files={"a": ("a.docx", returned),
                                                    "b": ("b.docx", now)})
    assert answer["diff"] == compared.json()  # the compare engine, as /so-sanh shows it


@pytest.mark.parametrize(("state", "who", "moves", "editable"), [
    ("draft", "drafter A", ["submit"], True),
    ("draft", "reviewer HT", [], False),
    ("submitted", "drafter A", [], False),
    ("submitted", "reviewer HT", ["approve", "return"], False),
    ("returned", "drafter A", ["submit"], True),
])
def test_history_offers_the_moves_the_user_may_make(
        client: TestClient, people: dict[str, dict[str, str]], state: str, who: str,
        moves: list[str], editable: bool) -> None:
    draft = create(client, people["drafter A"])
    if state != "draft":
        move(client, people["drafter A"], draft["id"], "submit")
    if state == "returned":
        move(client, people["reviewer HT"], draft["id"], "return", "sửa")
    history = client.get(f"/api/drafts/{draft['id']}/history", headers=people[who]).json()
    assert (history["draft"]["state"], history["moves"], history["editable"]) == (
        state, moves, editable)


LOCKED = [(final, *change) for final in ("submitted", "approved") for change in [
    ("drafter A", "PUT", "", {"request": request_of(A)}),
    ("drafter A", "DELETE", "", None),
    ("drafter A", "POST", "/submit", {}),
    ("reviewer HT", "POST", "/approve", {}),
    ("reviewer HT", "POST", "/return", {"comments": "x"}),
] if final == "approved" or change[0] == "drafter A"]  # a submitted draft may be reviewed


@pytest.mark.parametrize(("final", "who", "method", "path", "body"), LOCKED)
def test_a_draft_under_review_or_approved_is_locked(
        client: TestClient, people: dict[str, dict[str, str]], final: str, who: str,
        method: str, path: str, body: Any) -> None:
    draft = create(client, people["drafter A"])
    move(client, people["drafter A"], draft["id"], "submit")
    if final == "approved":
        move(client, people["reviewer HT"], draft["id"], "approve")
    before = client.get(f"/api/drafts/{draft['id']}/history", headers=people[who]).json()
    response = client.request(method, f"/api/drafts/{draft['id']}{path}", headers=people[who],
                              json=body)
    assert response.status_code == 409, response.text
    assert "không" in response.json()["detail"][0]["message"]
    assert client.get(f"/api/drafts/{draft['id']}/history",
                      headers=people[who]).json() == before


def test_a_returned_draft_can_be_deleted_and_its_trail_stays(
        app: FastAPI, client: TestClient, people: dict[str, dict[str, str]]) -> None:
    draft = create(client, people["drafter A"])
    move(client, people["drafter A"], draft["id"], "submit")
    move(client, people["reviewer HT"], draft["id"], "return", "không cần nữa")
    assert client.delete(f"/api/drafts/{draft['id']}",
                         headers=people["drafter A"]).status_code == 204
    assert client.get(f"/api/drafts/{draft['id']}/history",
                      headers=people["drafter A"]).status_code == 404
    trail = app.state.services.events.history(draft["id"])
    assert [(e.action, e.user_name) for e in trail][-1] == ("delete", "drafter A")


def test_moves_of_an_unknown_draft_are_404(client: TestClient,
                                           people: dict[str, dict[str, str]]) -> None:
    for action in ("submit", "approve", "return"):
        response = client.post(f"/api/drafts/none/{action}", headers=people["reviewer HT"],
                               json={"comments": "x"})
        assert response.status_code == 404


@pytest.mark.parametrize("body", [{"comments": 5}, {"comments": "x" * 5001}, {"other": 1}, []])
def test_a_bad_move_body_is_422(shared: tuple[TestClient, dict[str, dict[str, str]]],
                                shared_submitted: dict[str, Any], body: Any) -> None:
    (client, people), submitted = shared, shared_submitted
    response = client.post(f"/api/drafts/{submitted['id']}/approve",
                           headers=people["reviewer HT"], json=body)
    assert response.status_code == 422
    assert client.get(f"/api/drafts/{submitted['id']}",
                      headers=people["reviewer HT"]).json()["state"] == "submitted"


# --- the review queue --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def queue(deps: Deps, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[TestClient, dict[str, dict[str, str]], dict[str, str]]]:
    """Drafts of A (keep, submitted; keep, approved), B (action month, submitted), C (Cao Bằng,
    submitted) and one of A never submitted; the queue tests only read them."""
    app = create_app(deps, make_settings(Path(tmp_path_factory.mktemp("queue"))))
    with TestClient(app) as client:
        people = sign_up_everyone(app)
        yield client, people, fill_queue(client, people)


def fill_queue(client: TestClient, people: dict[str, dict[str, str]]) -> dict[str, str]:
    ids = {"A": create(client, people["drafter A"])["id"],
           "A approved": create(client, people["drafter A"], number="9")["id"],
           "B": create(client, people["drafter B"], B, kind="action-month")["id"],
           "C": create(client, people["drafter C"], C)["id"],
           "A unsent": create(client, people["drafter A"], number="3")["id"]}
    for name, drafter in (("A", "drafter A"), ("A approved", "drafter A"), ("B", "drafter B"),
                          ("C", "drafter C")):
        move(client, people[drafter], ids[name], "submit")
    move(client, people["reviewer HT"], ids["A approved"], "approve")
    return ids


@pytest.mark.parametrize(("who", "params", "expected"), [
    ("reviewer HT", {}, {"A", "A approved", "B"}),
    ("reviewer HT", {"state": "submitted"}, {"A", "B"}),
    ("reviewer HT", {"state": "approved"}, {"A approved"}),
    ("reviewer HT", {"state": "returned"}, set()),
    ("reviewer HT", {"unit": A}, {"A", "A approved"}),
    ("reviewer HT", {"kind": "action-month"}, {"B"}),
    ("reviewer HT", {"year": 2026, "province": 42}, {"A", "A approved", "B"}),
    ("reviewer HT", {"year": 2025}, set()),
    ("reviewer HT", {"province": 4}, set()),  # another province: outside the scope anyway
    ("reviewer CB", {}, {"C"}),
    ("reviewer A", {}, {"A", "A approved"}),
])
def test_the_queue_filters_within_the_reviewers_scope(
        queue: tuple[TestClient, dict[str, dict[str, str]], dict[str, str]], who: str,
        params: dict[str, Any], expected: set[str]) -> None:
    client, people, ids = queue
    response = client.get("/api/review-queue", headers=people[who], params=params)
    assert response.status_code == 200, response.text
    names = {n for n, i in ids.items() if i in {d["id"] for d in response.json()["items"]}}
    assert names == expected
    assert response.json()["total"] == len(expected)


def test_the_queue_is_paginated_latest_change_first(
        queue: tuple[TestClient, dict[str, dict[str, str]], dict[str, str]]) -> None:
    client, people, ids = queue
    pages = [client.get("/api/review-queue", headers=people["reviewer HT"],
                        params={"limit": 1, "offset": n}).json() for n in range(4)]
    assert [p["total"] for p in pages] == [3, 3, 3, 3]
    assert [len(p["items"]) for p in pages] == [1, 1, 1, 0]
    stamps = [p["items"][0]["updated_at"] for p in pages[:3]]
    assert stamps == sorted(stamps, reverse=True)
    assert pages[0]["items"][0]["id"] == ids["A approved"]  # approved last


@pytest.mark.parametrize(("who", "params", "status"), [
    ("drafter A", {}, 403), (NOBODY, {}, 401), ("reviewer HT", {"state": "draft"}, 422),
    ("reviewer HT", {"limit": 0}, 422), ("reviewer HT", {"year": "x"}, 422),
])
def test_the_queue_is_for_reviewers(shared: tuple[TestClient, dict[str, dict[str, str]]],
                                    who: str, params: dict[str, Any], status: int) -> None:
    client, people = shared
    assert client.get("/api/review-queue", headers=people[who],
                      params=params).status_code == status


def test_openapi_documents_the_trail_in_vietnamese(
        shared: tuple[TestClient, dict[str, dict[str, str]]]) -> None:
    client, _ = shared
    schema = client.get("/openapi.json").json()
    trail = {("/api/me", "get"), ("/api/review-queue", "get"),
             ("/api/drafts/{draft_id}/history", "get"), ("/api/drafts/{draft_id}/submit", "post"),
             ("/api/drafts/{draft_id}/approve", "post"), ("/api/drafts/{draft_id}/return", "post")}
    for path, method in trail | {("/api/drafts", "post"), ("/api/drafts/{draft_id}", "put")}:
        operation = schema["paths"][path][method]
        assert not operation["summary"].isascii(), (path, method)
        assert {"401", "403"} <= set(operation["responses"]), (path, method)
        assert operation["security"] == [{"Mã truy cập": []}], (path, method)
    assert schema["components"]["securitySchemes"]["Mã truy cập"]["scheme"] == "bearer"
    assert "409" in schema["paths"]["/api/drafts/{draft_id}/approve"]["post"]["responses"]
    assert "409" in schema["paths"]["/api/drafts/{draft_id}"]["put"]["responses"]


def test_plans_of_legacy_units_are_seen_by_users_of_those_units(
        app: FastAPI, client: TestClient, minimal: dict[str, dict[str, Any]]) -> None:
    """A 2024 district plan: its drafter and the reviewer of its (legacy) province see it; the
    reviewer of a current province with the same code does not."""
    request = minimal["district-drug-free"]
    district = app.state.services.engine.units.get(request["unit"], Tier.DISTRICT, Era.LEGACY)
    users = app.state.services.users
    drafter = bearer(users.add("huyện", "drafter", district)[1])
    old = bearer(users.add("tỉnh cũ", "reviewer", district.province_unit)[1])
    code = district.province_unit.code
    new = bearer(users.add("tỉnh mới", "reviewer",
                           app.state.services.engine.units.get(code, Tier.PROVINCE))[1])
    draft = client.post("/api/drafts", headers=drafter, json={"request": request}).json()
    move(client, drafter, draft["id"], "submit")
    assert [d["id"] for d in client.get("/api/review-queue", headers=old).json()["items"]] == [
        draft["id"]]
    assert client.get("/api/review-queue", headers=new).json()["total"] == 0
    assert client.get(f"/api/drafts/{draft['id']}", headers=new).status_code == 403
    move(client, old, draft["id"], "approve")


# --- the store's guards (what the API relies on) -----------------------------------------------

def test_a_move_is_refused_when_the_draft_changed_after_its_report(
        app: FastAPI, client: TestClient, people: dict[str, dict[str, str]]) -> None:
    services = app.state.services
    draft = services.drafts.get(create(client, people["drafter A"])["id"])
    drafter = next(u for u in services.users.all() if u.name == "drafter A")
    edited = client.put(f"/api/drafts/{draft.id}", headers=people["drafter A"],
                        json={"request": {**request_of(A), "number": "12"}})
    assert edited.status_code == 200
    with pytest.raises(StateConflict, match="vừa được thay đổi"):
        services.reviews.move(draft.id, "submit", drafter, seen=draft.updated_at)
    assert services.drafts.get(draft.id).state == "draft"
    fresh = services.drafts.get(draft.id)
    assert services.reviews.move(draft.id, "submit", drafter, seen=fresh.updated_at).state == (
        "submitted")


@pytest.mark.parametrize(("state", "role", "moves"), [
    ("draft", "drafter", ["submit"]), ("draft", "reviewer", []),
    ("submitted", "drafter", []), ("submitted", "reviewer", ["approve", "return"]),
    ("returned", "drafter", ["submit"]), ("returned", "reviewer", []),
    ("approved", "drafter", []), ("approved", "reviewer", []),
])
def test_the_transitions(state: str, role: str, moves: list[str]) -> None:
    assert allowed_moves(state, role) == moves


@pytest.mark.parametrize("text", ["a\x00b", "a\x07b", "a\u2028b"])
def test_stored_texts_refuse_control_characters_as_request_fields_do(
        client: TestClient, people: dict[str, dict[str, str]], text: str) -> None:
    """Draft titles and comments (issue 11: they stored NUL): 422 naming the field."""
    answer = client.post("/api/drafts", headers=people["drafter A"],
                         json={"title": text, "request": request_of(A)})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["field"] == "title"
    draft = create(client, people["drafter A"])
    refused = move(client, people["drafter A"], draft["id"], "submit", text, status=422)
    assert refused["detail"][0]["field"] == "comments"
    assert "ký tự điều khiển" in refused["detail"][0]["message"]
    kept = move(client, people["drafter A"], draft["id"], "submit", "Dòng một\n  Dòng  hai")
    history = client.get(f"/api/drafts/{kept['id']}/history", headers=people["drafter A"])
    assert history.json()["events"][-1]["comments"] == "Dòng một\nDòng hai"
