"""Property tests of the request endpoints: no body and no request of the schema is a 500.

- hypothesis: random JSON bodies, and random mutations of valid requests (every sample and the
  minimal request of every kind), posted to preview, generate and drafts;
- schemathesis: every operation of the app's own OpenAPI schema, in process (ASGI), bounded.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from api_support import MAX_BYTES, TestClient, make_settings, minimal_request, sample_requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reviews_support import sign_up
from schemathesis.specs.openapi.checks import allow_header_conformance, positive_data_acceptance

from service.api.app import create_app
from service.config import Settings
from service.deps import Deps

OK = {200, 201, 204, 404, 413, 422, 403}  # 403: a draft of a unit not the fuzzing drafter's
ENDPOINTS = ["/api/preview", "/api/generate", "/api/drafts"]
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

json_scalars = (st.none() | st.booleans() | st.integers()
                | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                           max_leaves=20)
interesting = st.sampled_from([
    None, True, 0, -1, 1e308, 2**70, "", " ", "{{ 7*7 }}", "<script>x</script>", "\x00",
    "Thượng Đức", "TM", "KT", "clean", "2026-02-30", "2026-06-01", [], {}, [""], {"": ""},
])
values = interesting | json_values


@pytest.fixture(scope="module")
def fuzz_client(deps: Deps, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(deps, make_settings(tmp_path_factory.mktemp("fuzz")))
    with TestClient(app, headers=sign_up(app, "fuzz", "drafter", 18328)) as client:
        yield client


@pytest.fixture(scope="module")
def valid_requests(deps: Deps) -> list[dict[str, Any]]:
    return [r for _, r in sample_requests()] + [minimal_request(deps, k)
                                               for k in deps.library.kinds.values()]


def body_for(url: str, request: Any) -> Any:
    return {"title": "fuzz", "request": request} if url == "/api/drafts" else request


@FUZZ
@given(url=st.sampled_from(ENDPOINTS), body=values)
def test_random_json_is_never_a_server_error(fuzz_client: TestClient, url: str,
                                             body: Any) -> None:
    response = fuzz_client.post(url, json=body)
    assert response.status_code in OK, response.text[:500]


def mutate(request: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    """Replace, delete or add one value somewhere in the request."""
    out = copy.deepcopy(request)
    node: Any = out
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = data.draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, dict | list) and child and data.draw(st.booleans()):
            node = child
            continue
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[key] = data.draw(values)
        elif action == "delete" and isinstance(node, dict):
            del node[key]
        elif isinstance(node, dict):
            node[data.draw(st.text(max_size=10))] = data.draw(values)
        else:
            node.append(data.draw(values))
        break
    return out


@FUZZ
@given(data=st.data())
def test_mutated_valid_requests_are_never_a_server_error(fuzz_client: TestClient,
                                                         valid_requests: list[dict[str, Any]],
                                                         data: st.DataObject) -> None:
    url = data.draw(st.sampled_from(ENDPOINTS))
    request = data.draw(st.sampled_from(valid_requests))
    for _ in range(data.draw(st.integers(1, 3))):
        request = mutate(request, data)
    response = fuzz_client.post(url, json=body_for(url, request))
    assert response.status_code in OK, (request, response.text[:500])


# --- the batch body: multipart with a request and a categories CSV (issue 11) ------------------

csv_cells = st.one_of(st.text(max_size=40), st.sampled_from([
    "xã Bình Lư", "12", "keep", "build", "next_year", "roadmap", '{"village_count": 3}',
    '{"a": ' + "[" * 3_000 + "]" * 3_000 + "}", "9" * 5_000, '""', "\"", "\x00", "{{ 7*7 }}"]))
csv_texts = st.lists(st.lists(csv_cells, min_size=0, max_size=4), max_size=6).map(
    lambda rows: "\n".join(",".join(row) for row in rows))


@FUZZ
@given(request=st.one_of(st.just('{"kind": "province-drug-free", "unit": 12, "year": 2026}'),
                         st.text(max_size=60), values.map(repr)),
       categories=csv_texts)
def test_random_batch_forms_are_never_a_server_error(fuzz_client: TestClient, request: str,
                                                     categories: str) -> None:
    """The multipart body of POST /api/batches (the fuzzing user, a commune's drafter, may not
    start a province's job: a body that parses is 403, one that does not 422)."""
    response = fuzz_client.post("/api/batches", data={"request": request},
                                files={"categories": ("c.csv", categories.encode(), "text/csv")})
    assert response.status_code in OK, (request, categories[:200], response.text[:500])


# --- schemathesis over the app's own schema ------------------------------------------------------

def _schema_app() -> Any:
    """Built at import (schemathesis reads the schema then); drafts in an in-memory database."""
    return create_app(Deps.build(), Settings(database_url="sqlite://",
                                             max_request_bytes=MAX_BYTES))


schema = schemathesis.openapi.from_asgi("/openapi.json", _schema_app())


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_schema_operations_are_never_a_server_error(case: Any) -> None:
    """Every default check (status codes, content types and response schemas as documented)
    except two: a schema-valid request may still be refused (an unknown kind or unit is valid
    JSON Schema, but no plan), and Starlette's 405 lists the methods of one route only."""
    response = case.call()
    case.validate_response(response, excluded_checks=[positive_data_acceptance,
                                                      allow_header_conformance])
    assert response.status_code < 500
