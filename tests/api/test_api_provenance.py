"""Provenance through the API: the preview with `?provenance=1` and `POST /api/review-copy`."""

from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from api_support import DOCX, TestClient, sample_requests
from docx import Document

from service.deps import Deps
from service.document.review_copy import describe
from service.pipeline import compose_plan
from service.spec import parse_request

SAMPLES = sample_requests()
BLOCK = re.compile(r'<p class="plan-block[^"]*"(?P<attrs>[^>]*)>')
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
THUONG_DUC = {"kind": "keep-drug-free", "unit": "Thượng Đức, Hà Tĩnh", "year": 2026}


def block_attrs(page: str) -> list[dict[str, str]]:
    return [{k: html.unescape(v) for k, v in ATTR.findall(m["attrs"])}
            for m in BLOCK.finditer(page)]


@pytest.mark.parametrize(("name", "request_"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_preview_with_provenance_marks_every_paragraph(client: TestClient, deps: Deps, name: str,
                                                       request_: dict[str, Any]) -> None:
    response = client.post("/api/preview?provenance=1", json=request_)
    assert response.status_code == 200, response.text
    ctx = compose_plan(parse_request(request_), deps).context
    attrs = block_attrs(response.text)
    assert len(attrs) == len(ctx.blocks)
    for block, found in zip(ctx.blocks, attrs, strict=True):
        assert block.source is not None
        assert found["data-clause"] == block.clause
        assert found["data-origin"] == block.source.origin
        assert ("data-local" in found) == block.source.is_local
        assert found["title"] == describe(block.source, deps.library.version, ctx.kind)
        if block.source.origin == "library":
            assert block.clause in deps.library.clauses
    assert f'data-library-version="{deps.library.version}"' in response.text


def test_local_additions_are_marked_apart_from_library_text(client: TestClient) -> None:
    request = {**THUONG_DUC, "recipients": ["Trường THCS <b>Thượng Đức</b>"],
               "offices": {"service_center": "Trung tâm Phục vụ hành chính công xã"}}
    page = client.post("/api/preview?provenance=1", json=request).text
    local = [a for a in block_attrs(page) if "data-local" in a]
    assert any("offices.service_center" in a["title"] for a in local)
    assert 'data-origin="request" data-local="1" title="Nội dung địa phương (từ yêu cầu: ' \
           'recipients.0)"' in page
    assert "Trường THCS &lt;b&gt;Thượng Đức&lt;/b&gt;" in page
    assert 'class="plan-prov plan-prov-library"' in page
    assert 'class="plan-prov plan-prov-structure plan-prov-local"' in page


def test_preview_without_provenance_is_unchanged(client: TestClient) -> None:
    plain = client.post("/api/preview", json=THUONG_DUC).text
    assert client.post("/api/preview?provenance=0", json=THUONG_DUC).text == plain
    assert "data-origin" not in plain
    assert "plan-prov" not in plain
    assert 'data-clause="purpose.keep.mobilise"' in plain


def test_review_copy_endpoint_returns_a_commented_docx(client: TestClient, deps: Deps) -> None:
    response = client.post("/api/review-copy", json=THUONG_DUC)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    assert "-ban-duyet.docx" in response.headers["content-disposition"]
    comments = [c.text for c in Document(io.BytesIO(response.content)).comments]
    ctx = compose_plan(parse_request(THUONG_DUC), deps).context
    assert len(comments) == len(ctx.blocks) + len(ctx.recipients)
    assert f"Điều khoản purpose.keep.mobilise · thư viện {deps.library.version}" in comments
    normal = client.post("/api/generate", json=THUONG_DUC)
    assert list(Document(io.BytesIO(normal.content)).comments) == []


def test_review_copy_refuses_a_bad_request_in_vietnamese(client: TestClient) -> None:
    response = client.post("/api/review-copy", json={**THUONG_DUC, "year": "năm nay"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "year"


def test_openapi_documents_the_review_copy_and_the_option(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    content = paths["/api/review-copy"]["post"]["responses"]["200"]["content"]
    assert list(content) == [DOCX]
    names = [p["name"] for p in paths["/api/preview"]["post"]["parameters"]]
    assert "provenance" in names
