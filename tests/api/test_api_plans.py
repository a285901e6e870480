"""POST /api/preview and /api/generate, the form page, static assets and the OpenAPI schema."""

from __future__ import annotations

import html
import io
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from api_support import DOCX, TestClient, make_settings, sample_requests
from docx import Document

from service.api.app import create_app
from service.deps import Deps
from service.library.loader import load_library
from service.pipeline import compose_plan
from service.spec import parse_request
from service.text.plain import block_text

KINDS = sorted(load_library().kinds)
SAMPLES = sample_requests()
HOSTILE = "{{ 7*7 }} {% if true %}x{% endif %} <script>alert('x')</script> & “ngoặc”"


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("kind_id", KINDS)
def test_preview_of_the_minimal_request_of_every_kind(client: TestClient, deps: Deps,
                                                      minimal: dict[str, dict[str, Any]],
                                                      kind_id: str) -> None:
    response = client.post("/api/preview", json=minimal[kind_id])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    plan = compose_plan(parse_request(minimal[kind_id]), deps)
    assert "KẾ HOẠCH" in response.text
    assert html.escape(plan.unit.header_name) in response.text


@pytest.mark.parametrize(("name", "request_"), SAMPLES, ids=[n for n, _ in SAMPLES])
def test_preview_shows_every_paragraph_of_the_plan(client: TestClient, deps: Deps, name: str,
                                                   request_: dict[str, Any]) -> None:
    response = client.post("/api/preview", json=request_)
    assert response.status_code == 200, response.text
    ctx = compose_plan(parse_request(request_), deps).context
    page = html.unescape(re.sub(r"<[^>]+>", "", response.text))
    page = " ".join(page.split())
    expected = [*ctx.agency_lines, ctx.number_line, ctx.place_date, *ctx.trich_yeu,
                *(block_text(b) for b in ctx.blocks), *ctx.recipients, *ctx.authority]
    for text in expected:
        assert " ".join(text.split()) in page, text
    assert response.text.count('class="plan-block') == len(ctx.blocks)


@pytest.mark.parametrize("kind_id", KINDS)
def test_generate_answers_a_docx_for_every_kind(client: TestClient, deps: Deps,
                                                minimal: dict[str, dict[str, Any]],
                                                kind_id: str) -> None:
    response = client.post("/api/generate", json=minimal[kind_id])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.endswith('.docx"')
    plan = compose_plan(parse_request(minimal[kind_id]), deps)
    assert plan.unit.header_name in docx_text(response.content)


def test_generate_takes_the_same_request_as_kehoach_render(client: TestClient,
                                                           deps: Deps) -> None:
    name, request_ = SAMPLES[0]
    response = client.post("/api/generate?format=docx", json=request_)
    assert response.status_code == 200, name
    ctx = compose_plan(parse_request(request_), deps).context
    text = " ".join(docx_text(response.content).split())
    assert " ".join(block_text(ctx.blocks[-1]).split()) in text


def hostile_request(minimal: dict[str, Any]) -> dict[str, Any]:
    return {**minimal, "signer": {"mode": "TM", "name": HOSTILE},
            "legal_bases": [{"type": "Kế hoạch", "text": HOSTILE, "verb": "Căn cứ",
                             "level": "commune"}]}


@pytest.mark.parametrize("kind_id", KINDS)
def test_typed_text_is_shown_literally_in_the_preview(client: TestClient, kind_id: str,
                                                      minimal: dict[str, dict[str, Any]]) -> None:
    response = client.post("/api/preview", json=hostile_request(minimal[kind_id]))
    assert response.status_code == 200, response.text
    body = response.text
    assert "<script>" not in body
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in body
    assert "{{ 7*7 }}" in body
    assert "{% if true %}x{% endif %}" in body
    shown = re.sub(r"<[^>]*>", " ", body)  # the text a reader sees (attributes carry hashes)
    assert not re.search(r"(?<![\d,.])49(?![\d,.])", shown), "a template expression was run"


@pytest.mark.parametrize("kind_id", KINDS)
def test_typed_text_is_written_literally_in_the_document(client: TestClient, kind_id: str,
                                                         minimal: dict[str, dict[str, Any]]
                                                         ) -> None:
    response = client.post("/api/generate", json=hostile_request(minimal[kind_id]))
    assert response.status_code == 200, response.text
    text = docx_text(response.content)
    assert "{{ 7*7 }}" in text
    assert "<script>alert('x')</script>" in text


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_generate_pdf_through_libreoffice(client: TestClient,
                                          minimal: dict[str, dict[str, Any]]) -> None:
    response = client.post("/api/generate", params={"format": "pdf"}, json=minimal[KINDS[0]])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response.headers["content-disposition"].endswith('.pdf"')


def test_pdf_without_libreoffice_is_a_clear_503(deps: Deps, tmp_path: Path,
                                                minimal: dict[str, dict[str, Any]]) -> None:
    app = create_app(deps, make_settings(tmp_path, soffice="no-such-soffice-here"))
    with TestClient(app) as client:
        response = client.post("/api/generate?format=pdf", json=minimal[KINDS[0]])
    assert response.status_code == 503
    [error] = response.json()["detail"]
    assert error["field"] == "format"
    assert "LibreOffice" in error["message"]
    assert ".docx" in error["message"]


def test_unknown_format_is_422(client: TestClient, minimal: dict[str, dict[str, Any]]) -> None:
    response = client.post("/api/generate?format=odt", json=minimal[KINDS[0]])
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "format"


# --- the page, assets and the schema ---------------------------------------------------------

def test_the_form_page_is_vietnamese_and_uses_only_local_assets(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.text
    assert '<html lang="vi">' in page
    assert "Soạn kế hoạch phòng, chống ma túy" in page
    for asset in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset


@pytest.mark.parametrize(("path", "media"), [("/static/js/pages/form.js", "javascript"),
                                             ("/static/app.css", "text/css"),
                                             ("/static/emblem.svg", "image/svg+xml")])
def test_static_assets_have_no_external_reference(client: TestClient, path: str,
                                                  media: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert media in response.headers["content-type"]
    urls = re.findall(r"https?://[^\s\"')]+", response.text)
    assert [u for u in urls if "w3.org/2000/svg" not in u] == []


PAGES = ("/", "/kiem-tra", "/so-sanh", "/dang-nhap", "/duyet", "/ban-nhap/khong-co", "/hang-loat")
LOADS = re.compile(r"""<(?:script|img|iframe|source)\b[^>]*?\bsrc=["']([^"']+)"""
                   r"""|<link\b[^>]*?\bhref=["']([^"']+)"""
                   r"""|\burl\(\s*["']?([^"')\s]+)|@import\s+["']([^"']+)"""
                   r"""|\bimport\b[^;"'()]*?["']([^"']+)["']|\bimport\(\s*["']([^"']+)""")
"""What a page, a style sheet or a script makes the browser load: src and link href, CSS url()
and @import, JavaScript import (static or dynamic)."""


def loaded(text: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in LOADS.finditer(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ('<script src="/static/a.js" defer></script><a href="https://x.vn/">x</a>', ["/static/a.js"]),
    ('<link rel="stylesheet" href="https://cdn.example/x.css">', ["https://cdn.example/x.css"]),
    ("body { background: url('/static/b.svg') } @import \"c.css\";", ["/static/b.svg", "c.css"]),
    ('import { el } from "./dom.js";\nconst m = await import("https://esm.sh/x");',
     ["./dom.js", "https://esm.sh/x"]),
])
def test_what_a_text_loads(text: str, expected: list[str]) -> None:
    assert loaded(text) == expected


def test_no_page_loads_a_cdn(client: TestClient) -> None:
    """Every page, and everything it loads (scripts, the modules they import, style sheets,
    images), comes from the service itself; FastAPI's /docs and /redoc, which load Swagger UI and
    ReDoc from a CDN, are not served."""
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    todo, seen = list(PAGES), set()
    while todo:
        path = todo.pop()
        seen.add(path)
        answer = client.get(path)
        assert answer.status_code == (404 if path == "/ban-nhap/khong-co" else 200), path
        for ref in loaded(answer.text):
            if ref.startswith("data:"):
                continue
            assert urlsplit(ref)[:2] == ("", ""), (path, ref)  # no scheme, no host
            target = urljoin(path, ref)
            if target not in seen:
                todo.append(target)
    assets = seen - set(PAGES)
    assert {".js", ".css", ".svg"} <= {Path(urlsplit(a).path).suffix for a in assets}


def test_openapi_documents_every_endpoint_in_vietnamese(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    operations = [(path, method, op) for path, item in schema["paths"].items()
                  for method, op in item.items()]
    assert {(p, m) for p, m, _ in operations} >= {
        ("/api/units", "get"), ("/api/provinces", "get"), ("/api/kinds", "get"),
        ("/api/kinds/{kind_id}", "get"), ("/api/kinds/{kind_id}/form", "get"),
        ("/api/preview", "post"), ("/api/generate", "post"), ("/api/drafts", "get"),
        ("/api/drafts", "post"), ("/api/drafts/{draft_id}", "get"),
        ("/api/drafts/{draft_id}", "put"), ("/api/drafts/{draft_id}", "delete"),
        ("/api/drafts/{draft_id}/document", "get")}
    for path, method, op in operations:
        assert not op["summary"].isascii(), (path, method)
    generate = schema["paths"]["/api/generate"]["post"]
    assert set(generate["responses"]["200"]["content"]) == {DOCX, "application/pdf"}
    for path in ("/api/preview", "/api/generate"):
        body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        assert body["schema"] == {"$ref": "#/components/schemas/PlanRequest"}
    assert {"PlanRequest", "DraftIn", "Facts", "UnitOut", "KindForm"} <= set(
        schema["components"]["schemas"])


JSON = {"Accept": "application/json"}
THUONG_DUC = {"kind": "keep-drug-free", "unit": "Thượng Đức, Hà Tĩnh", "year": 2026,
              "date": {"day": 5, "month": 2}}
NO_ISSUER = {"type": "Quyết định", "number": "94/QĐ-UBND", "subject": "về phê duyệt danh sách"}


def test_the_preview_as_json_has_the_html_and_the_findings_of_its_document(
        client: TestClient, deps: Deps) -> None:
    """The findings are those `kehoach check --json` gives the .docx the request makes, each
    with the field of the form it is about; the parts a cited document lacks, by field."""
    request_ = {**THUONG_DUC, "legal_bases": [NO_ISSUER]}
    body = client.post("/api/preview", json=request_, headers=JSON)
    assert body.status_code == 200, body.text
    assert body.headers["content-type"].startswith("application/json")
    answer = body.json()
    assert answer["html"] == client.post("/api/preview", json=request_).text
    generated = client.post("/api/generate", json=request_).content
    checked = client.post("/api/check", files={"file": ("a.docx", generated, DOCX)}).json()
    assert [{k: v for k, v in f.items() if k != "field"} for f in answer["findings"]] == checked
    by_rule = {f["rule"]: f["field"] for f in answer["findings"]}
    assert by_rule["CITATION_FIRST"] == "legal_bases.0"
    assert by_rule["SIG_NAME_BLANK"] == "signer.name"
    assert by_rule["SO_KH_BLANK"] == "number"
    assert answer["fields"] == [
        {"field": "legal_bases.0.date", "message": "Văn bản được viện dẫn chưa có ngày ban hành."},
        {"field": "legal_bases.0.issuer",
         "message": "Văn bản được viện dẫn chưa có cơ quan ban hành."}]


def test_the_preview_without_its_findings_is_the_same_html_faster(client: TestClient) -> None:
    """`?findings=0`: what the form asks first, to show the plan at once (the check follows)."""
    request_ = {**THUONG_DUC, "legal_bases": [NO_ISSUER]}
    quick = client.post("/api/preview?findings=0", json=request_, headers=JSON).json()
    full = client.post("/api/preview", json=request_, headers=JSON).json()
    assert quick["html"] == full["html"]
    assert quick["fields"] == full["fields"]
    assert quick["findings"] == []
    assert full["findings"]


def test_a_cited_document_dated_after_the_plan_is_refused_next_to_its_row(
        client: TestClient) -> None:
    late = {**NO_ISSUER, "date": "2027-05-01", "issuer": "UBND tỉnh Hà Tĩnh"}
    body = client.post("/api/preview", json={**THUONG_DUC, "legal_bases": [late]}, headers=JSON)
    assert body.status_code == 422
    assert body.json()["detail"] == [{
        "field": "legal_bases.0.date", "label": "ngày ban hành của văn bản được viện dẫn",
        "message": "ngày ban hành 01/5/2027 sau ngày của kế hoạch (05/2/2026): không viện dẫn "
                   "được văn bản chưa ban hành"}]
