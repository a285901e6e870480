"""Bad input: every invalid request is a 422 with the field path and a Vietnamese message, no
body of any shape is a 500, and bodies over the bound are a 413."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from api_support import MAX_BYTES, TestClient

from service.library.loader import load_library

LIBRARY = load_library()
COMMUNE_KIND = next(k.id for k in sorted(LIBRARY.kinds.values(), key=lambda k: k.id)
                    if k.tier == "commune" and "current" in k.eras)
PROVINCE_KIND = next((k.id for k in LIBRARY.kinds.values() if k.tier == "province"), None)
LEGACY_KIND = next((k.id for k in LIBRARY.kinds.values() if k.eras == ("legacy",)), None)
THUONG_DUC = 18328
ENDPOINTS = ["/api/preview", "/api/generate"]


def base(**changes: Any) -> dict[str, Any]:
    return {"kind": COMMUNE_KIND, "unit": THUONG_DUC, "year": 2026, **changes}


def errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert detail
    assert all(set(e) >= {"field", "message"} for e in detail)
    assert all(e["message"] and not e["message"].isascii() for e in detail), detail
    return {e["field"]: e["message"] for e in detail}


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize(("body", "field", "message"), [
    ({}, "kind", "bắt buộc phải có"),
    ({"kind": COMMUNE_KIND, "unit": THUONG_DUC}, "year", "bắt buộc phải có"),
    (base(kind="no-such-kind"), "kind", "Không có loại kế hoạch “no-such-kind”"),
    (base(unit="Không Có Xã Này, Hà Tĩnh"), "unit", "Không tìm thấy đơn vị"),
    (base(unit="Thượng Đức"), "unit", "trùng với 2 đơn vị"),
    (base(unit=99999999), "unit", "mã số 99999999"),
    (base(unit=True), "unit", "mã số (số nguyên) hoặc tên đơn vị"),
    (base(year=1999), "year", "phải từ 2000 trở lên"),
    (base(year="2026a"), "year", "phải là số nguyên"),
    (base(end_year=2020), "end_year", "không được trước năm bắt đầu"),
    (base(number="12a"), "number", "không đúng dạng"),
    (base(date={"day": 31, "month": 2}), "date", "không có thật"),
    (base(date={"day": 5}), "date", "có ngày thì phải có tháng"),
    (base(signer={"mode": "XX"}), "signer.mode", "phải là một trong"),
    (base(facts={"villages": [{"status": "clean"}]}), "facts.villages.0.name", "bắt buộc"),
    (base(facts={"neighbours": ["Không Có Xã Này"]}), "facts.neighbours.0", "giáp ranh"),
    (base(facts={"traits": ["volcano"]}), "facts.traits.0", "phải là một trong"),
    (base(targets={"max_new_addicts": -1}), "targets.max_new_addicts", "phải từ 0"),
    (base(targets={"Bad Key": 1}), "targets.Bad Key", "không đúng dạng"),
    (base(signer={"name": "a\x00b"}), "signer.name", "ký tự điều khiển"),
    (base(recipients=["x" * 301]), "recipients.0", "quá 300"),
    (base(colour="đỏ"), "colour", "không có trường này"),
])
def test_invalid_request_names_the_field_in_vietnamese(client: TestClient, url: str,
                                                       body: dict[str, Any], field: str,
                                                       message: str) -> None:
    found = errors(client.post(url, json=body))
    assert field in found, found
    assert message in found[field]


SPEC_MESSAGES = [
    pytest.param(base(recipients=["x" * 301]), "recipients.0", "dài quá 300 ký tự"),
    pytest.param(base(targets={"max_new_addicts": -1}), "targets.max_new_addicts",
                 "phải từ 0 trở lên"),
]


@pytest.mark.parametrize(("body", "field", "message"), SPEC_MESSAGES)
def test_messages_of_the_spec_layer(client: TestClient, body: dict[str, Any], field: str,
                                    message: str) -> None:
    """Exact wording the spec layer gives."""
    assert message in errors(client.post("/api/preview", json=body))[field]


def test_an_infinite_year_says_it_must_be_a_number(client: TestClient) -> None:
    response = client.post("/api/preview", content=b'{"kind": "a", "unit": 1, "year": 1e999}',
                           headers={"Content-Type": "application/json"})
    assert "phải là số" in errors(response)["year"]


@pytest.mark.skipif(PROVINCE_KIND is None, reason="no province kind in the library yet")
def test_a_province_kind_for_a_commune_is_refused(client: TestClient) -> None:
    found = errors(client.post("/api/preview", json=base(kind=PROVINCE_KIND)))
    assert set(found) & {"unit", "kind"}


@pytest.mark.skipif(LEGACY_KIND is None, reason="no legacy kind in the library yet")
def test_a_legacy_kind_in_2026_is_refused_on_the_year(client: TestClient) -> None:
    found = errors(client.post("/api/preview", json=base(kind=LEGACY_KIND)))
    assert "01/7/2025" in found["year"]


def test_unit_not_found_carries_candidates(client: TestClient) -> None:
    response = client.post("/api/preview", json=base(unit="Thượng Đức"))
    [error] = response.json()["detail"]
    assert sorted(error["candidates"]) == ["Xã Thượng Đức, Thành phố Đà Nẵng",
                                           "Xã Thượng Đức, Tỉnh Hà Tĩnh"]


def deep(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


MALFORMED: list[tuple[str, bytes, str]] = [
    ("empty", b"", "application/json"),
    ("truncated", b'{"kind": "x", ', "application/json"),
    ("not an object", b"[1, 2, 3]", "application/json"),
    ("null", b"null", "application/json"),
    ("a string", b'"kind"', "application/json"),
    ("a number", b"42", "application/json"),
    ("huge integer", b'{"kind": "a", "unit": ' + b"9" * 5000 + b', "year": 2026}',
     "application/json"),
    ("huge year", b'{"kind": "a", "unit": 1, "year": 1' + b"0" * 400 + b"}", "application/json"),
    ("float overflow", b'{"kind": "a", "unit": 1, "year": 1e999}', "application/json"),
    ("NaN", b'{"kind": "a", "unit": 1, "year": NaN}', "application/json"),
    ("deeply nested array", deep(100_000), "application/json"),
    ("deeply nested field", b'{"kind": "a", "unit": 1, "year": 2026, "facts": ' + deep(5_000)
     + b"}", "application/json"),
    ("nested objects", b'{"a":' * 20_000 + b"1" + b"}" * 20_000, "application/json"),
    ("invalid utf-8", b'{"kind": "\xff\xfe"}', "application/json"),
    ("latin-1", '{"kind": "Hà Tĩnh"}'.encode("utf-16"), "application/json"),
    ("form encoded", b"kind=a&unit=1&year=2026", "application/x-www-form-urlencoded"),
    ("plain text", b'{"kind": "a", "unit": 1, "year": 2026}', "text/plain"),
    ("yaml", b"kind: a\nunit: 1\nyear: 2026\n", "application/yaml"),
    ("multipart", b"--x\r\n\r\n--x--", "multipart/form-data; boundary=x"),
    ("wrong types everywhere", b'{"kind": 1, "unit": [], "year": {}, "facts": "x", '
     b'"clauses": 5, "targets": [1], "signer": [], "date": "mai"}', "application/json"),
]


@pytest.mark.parametrize("url", [*ENDPOINTS, "/api/drafts"])
@pytest.mark.parametrize(("name", "body", "content_type"), MALFORMED,
                         ids=[m[0] for m in MALFORMED])
def test_no_body_is_a_server_error(client: TestClient, url: str, name: str, body: bytes,
                                   content_type: str) -> None:
    response = client.post(url, content=body, headers={"Content-Type": content_type})
    assert response.status_code == 422, (name, response.text[:300])
    [first, *_] = response.json()["detail"]
    assert first["message"]
    assert not first["message"].isascii()


@pytest.mark.parametrize("content_type", ["", "application/json; charset=utf-8",
                                          "application/vnd.kehoach+json"])
def test_json_bodies_are_read_whatever_the_json_content_type(client: TestClient,
                                                             content_type: str) -> None:
    response = client.post("/api/preview", content=b'{"kind": "x", "year": 2026}',
                           headers={"Content-Type": content_type})
    assert set(errors(response)) == {"unit"}  # read as JSON: only the missing unit is wrong


@pytest.mark.parametrize("url", [*ENDPOINTS, "/api/drafts"])
def test_a_body_over_the_bound_is_413_by_content_length(client: TestClient, url: str) -> None:
    body = base(recipients=["x" * 250] * ((MAX_BYTES // 250) + 10))
    response = client.post(url, json=body)
    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"][0]["message"]


def chunks(total: int, size: int = 16_384) -> Iterator[bytes]:
    yield b'{"kind": "' + b"x" * (size - 10)
    sent = size
    while sent < total:
        yield b"x" * size
        sent += size
    yield b'"}'


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_streamed_body_over_the_bound_is_413(client: TestClient, url: str) -> None:
    response = client.post(url, content=chunks(MAX_BYTES * 3),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_a_streamed_body_within_the_bound_is_read(client: TestClient) -> None:
    response = client.post("/api/preview", content=iter([b'{"kind": "', b'x", "unit": 1}']),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert "year" in {e["field"] for e in response.json()["detail"]}


@pytest.mark.parametrize("value", ["-1", "abc", "1" * 30])
def test_a_false_content_length_is_413(client: TestClient, value: str) -> None:
    response = client.post("/api/preview", content=b"{}",
                           headers={"Content-Type": "application/json", "Content-Length": value})
    assert response.status_code == 413


@pytest.mark.parametrize(("method", "url", "status", "message"), [
    ("GET", "/api/no-such-thing", 404, "Không tìm thấy"),
    ("DELETE", "/api/preview", 405, "Phương thức"),
    ("GET", "/api/generate", 405, "Phương thức"),
    ("GET", "/static/no-such-file.js", 404, "Không tìm thấy"),
])
def test_http_errors_are_in_vietnamese(client: TestClient, method: str, url: str, status: int,
                                       message: str) -> None:
    response = client.request(method, url)
    assert response.status_code == status
    assert message in response.json()["detail"][0]["message"]


HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # what a browser asks


@pytest.mark.parametrize("path", ["/khong-co-trang-nay", "/ban-nhap/khong-co",
                                  "/ban-nhap/00000000-0000-0000-0000-000000000000"])
def test_an_unknown_page_is_the_404_page_in_the_tool_frame(client: TestClient, path: str) -> None:
    answer = client.get(path, headers=HTML)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>Không tìm thấy trang</h1>" in answer.text
    assert '<body data-page="error" data-status="404"' in answer.text
    assert '<nav class="mainnav"' in answer.text
    assert "null" not in answer.text


@pytest.mark.parametrize(("path", "headers"), [
    ("/api/khong-co", HTML), ("/api/drafts/khong-co/history", HTML),
    ("/khong-co-trang-nay", {"Accept": "application/json"}), ("/static/khong-co.js", HTML),
])
def test_the_api_and_the_files_answer_404_in_json(client: TestClient, path: str,
                                                  headers: dict[str, str]) -> None:
    answer = client.get(path, headers=headers)
    assert answer.status_code in (401, 404)
    assert answer.headers["content-type"] == "application/json"
    assert answer.json()["detail"][0]["message"]
