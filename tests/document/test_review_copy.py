"""Provenance in review: the review copy of a generated plan says, on every body paragraph and
recipient line, which clause of which library version produced it, or which request field a
local addition came from; the normal .docx stays as it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.text.paragraph import Paragraph
from rapidfuzz import fuzz

from service.api.pdf import docx_to_pdf
from service.cli import main
from service.deps import Deps
from service.document import render_docx
from service.document.review_copy import AUTHOR, comment_texts, review_copy
from service.errors import RenderError
from service.library.loader import load_library
from service.pipeline import BuildResult, build_plan, prepare
from service.review import check_docx
from service.spec import PlanRequest, parse_request
from service.text.compose import Composer

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LIBRARY = re.compile(r"^Điều khoản (?P<clause>[\w.-]+) · thư viện (?P<version>[0-9a-f]+)")
LOCAL = re.compile(r"(?i)nội dung địa phương \(từ yêu cầu: (?P<fields>[^)]+)\)")


def sample(path: Path) -> PlanRequest:
    return parse_request(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def built(deps: Deps) -> dict[str, tuple[BuildResult, bytes]]:
    out = {}
    for path in SAMPLES:
        result = build_plan(sample(path), deps)
        out[path.stem] = (result, review_copy(result.plan.context, result.docx))
    return out


def comments_by_id(document: Any) -> dict[int, str]:
    return {c.comment_id: c.text for c in document.comments}


def anchored(para: Paragraph) -> list[int]:
    """The ids of the comments whose range starts in this paragraph."""
    return [int(el.get(f"{W_NS}id")) for el in para._p.iter(f"{W_NS}commentRangeStart")]


def body_paragraphs(document: Any, result: BuildResult) -> Iterator[Paragraph]:
    """Paragraphs of the body (after the title and trích yếu) and the recipient lines."""
    ctx = result.plan.context
    heading = {ctx.title, *ctx.trich_yeu}
    yield from (p for p in document.paragraphs if p.text.strip() and p.text not in heading)
    cells = [p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    yield from (p for p in cells if p.text.startswith("- "))


def rendered_paragraphs(composer: Composer, clause_id: str) -> list[str]:
    """The clause's paragraphs as this plan renders them, in its full and its generic wording
    (the full one may need facts the plan lacks: that is when the generic one was used)."""
    out: list[str] = []
    variants = (False, True) if composer.library.clause(clause_id).otherwise else (False,)
    for generic in variants:
        try:
            out += composer.clause_paragraphs(clause_id, generic=generic)
        except RenderError:
            continue
    return out


# --- every paragraph, one comment ------------------------------------------------------------

@pytest.mark.parametrize("name", [p.stem for p in SAMPLES])
def test_every_body_paragraph_has_exactly_one_comment(built: dict[str, Any], name: str) -> None:
    result, copy = built[name]
    document = Document(io.BytesIO(copy))
    texts = comments_by_id(document)
    paragraphs = list(body_paragraphs(document, result))
    ctx = result.plan.context
    assert len(paragraphs) == len(ctx.blocks) + len(ctx.recipients)
    for para in paragraphs:
        ids = anchored(para)
        assert len(ids) == 1, para.text
        assert texts[ids[0]]
    assert len(texts) == len(paragraphs)
    assert {c.author for c in document.comments} == {AUTHOR}


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES])
def test_library_comments_name_a_clause_whose_text_is_the_paragraph(
        built: dict[str, Any], deps: Deps, name: str) -> None:
    result, copy = built[name]
    composer = prepare(result.plan.request, deps)[3]
    document = Document(io.BytesIO(copy))
    texts = comments_by_id(document)
    checked = 0
    for para in body_paragraphs(document, result):
        match = LIBRARY.match(texts[anchored(para)[0]])
        if match is None:
            continue
        assert match["version"] == deps.library.version == result.plan.library_version
        assert match["clause"] in deps.library.clauses
        best = max(fuzz.partial_ratio(r, para.text)
                   for r in rendered_paragraphs(composer, match["clause"]))
        assert best >= 90, (match["clause"], para.text)
        checked += 1
    assert checked >= len(result.plan.context.blocks) // 2


def test_a_wrong_clause_would_not_match() -> None:
    """The fuzzy match above tells clauses apart (two clauses of the same section)."""
    a = "Huy động sức mạnh tổng hợp của cả hệ thống chính trị; nâng cao nhận thức"
    b = "Xác định duy trì “xã không ma túy” năm 2026 là một trong những nhiệm vụ trọng tâm"
    assert fuzz.partial_ratio(a, b) < 90


# --- local additions ---------------------------------------------------------------------------

LOCAL_CASES: list[tuple[dict[str, Any], str, str]] = [
    # (what the request adds, where it shows, the field named in the comment)
    ({"recipients": ["Trường THCS {{ 7*7 }} (để thực hiện)"]},
     "- Trường THCS {{ 7*7 }} (để thực hiện);", "recipients.0"),
    ({"legal_bases": [{"type": "Nghị quyết", "number": "12/NQ-ĐU", "issuer": "Đảng ủy xã",
                       "subject": "về phòng, chống ma túy", "level": "commune",
                       "verb": "Thực hiện"}], "default_bases": False},
     "Thực hiện Nghị quyết số 12/NQ-ĐU của Đảng ủy xã về phòng, chống ma túy;", "legal_bases.0"),
    ({"offices": {"service_center": "Trung tâm Phục vụ hành chính công xã"}},
     "Trung tâm Phục vụ hành chính công xã", "offices.service_center"),
    ({"archive": "VT, CAX"}, "- Lưu: VT, CAX.", "archive"),
]


@pytest.mark.parametrize(("extra", "shown", "field"), LOCAL_CASES,
                         ids=[c[2] for c in LOCAL_CASES])
def test_text_from_the_request_is_marked_local(deps: Deps, extra: dict[str, Any], shown: str,
                                               field: str) -> None:
    request = parse_request({"kind": "keep-drug-free", "unit": "Thượng Đức, Hà Tĩnh",
                             "year": 2026, **extra})
    result = build_plan(request, deps)
    document = Document(io.BytesIO(review_copy(result.plan.context, result.docx)))
    texts = comments_by_id(document)
    hits = [p for p in body_paragraphs(document, result) if shown in p.text]
    assert hits, shown
    for para in hits:
        local = LOCAL.search(texts[anchored(para)[0]])
        assert local is not None, texts[anchored(para)[0]]
        assert field in local["fields"].split(", ")


def test_a_paragraph_wholly_from_the_request_names_no_clause(deps: Deps) -> None:
    """'Thực hiện <a local document>;' then 'Căn cứ <another>; <the enacting clause>'."""
    bases = [*LOCAL_CASES[1][0]["legal_bases"],
             {"type": "Kế hoạch", "number": "199/KH-CAT", "issuer": "Công an tỉnh"}]
    request = parse_request({"kind": "keep-drug-free", "unit": "Thượng Đức, Hà Tĩnh",
                             "year": 2026, "legal_bases": bases, "default_bases": False})
    result = build_plan(request, deps)
    first = result.plan.context.blocks[0]
    assert first.source is not None
    assert first.source.origin == "request"
    texts = list(comment_texts(review_copy(result.plan.context, result.docx)))
    assert texts[0] == "Nội dung địa phương (từ yêu cầu: legal_bases.0)"
    assert texts[1] == (f"Điều khoản preamble.enact.keep · thư viện {deps.library.version}"
                        " · nội dung địa phương (từ yêu cầu: legal_bases.1)")


def test_standard_paragraphs_of_a_minimal_request_are_not_local(deps: Deps) -> None:
    request = parse_request({"kind": "keep-drug-free", "unit": 18328, "year": 2026})
    result = build_plan(request, deps)
    texts = list(comment_texts(review_copy(result.plan.context, result.docx)))
    assert texts
    assert not [t for t in texts if LOCAL.search(t)]
    assert sum(1 for t in texts if LIBRARY.match(t)) > len(texts) // 2


# --- the normal document, Word, LibreOffice and the checker -------------------------------------

@pytest.mark.parametrize("name", [p.stem for p in SAMPLES])
def test_the_normal_docx_has_no_comments_and_the_copy_the_same_text(
        built: dict[str, Any], name: str) -> None:
    result, copy = built[name]
    assert list(comment_texts(result.docx)) == []
    assert [p.text for p in Document(io.BytesIO(copy)).paragraphs] == \
        [p.text for p in Document(io.BytesIO(result.docx)).paragraphs]


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES])
def test_provenance_does_not_change_the_docx(built: dict[str, Any], deps: Deps,
                                             name: str) -> None:
    """The same plan without any provenance renders to the very same bytes."""
    result, _ = built[name]
    ctx = result.plan.context
    bare = dataclasses.replace(
        ctx, blocks=tuple(dataclasses.replace(b, source=None) for b in ctx.blocks),
        recipient_sources=(), library_version="")
    day = result.plan.request.plan_date or dt.date(result.plan.request.year, 1, 1)
    created = dt.datetime.combine(day, dt.time())
    assert render_docx(bare, store=deps.templates, created=created) == result.docx


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES])
def test_the_checker_finds_nothing_more_in_the_review_copy(built: dict[str, Any],
                                                           name: str, deps: Deps) -> None:
    result, copy = built[name]
    found = check_docx(copy, deps)
    assert [f for f in found if f.severity == "error"] == []
    assert found == check_docx(result.docx, deps)


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs soffice (LibreOffice) and poppler-utils on PATH")
def test_the_review_copy_opens_in_libreoffice(built: dict[str, Any], tmp_path: Path) -> None:
    result, copy = built["000-thuong-duc-keep-drug-free"]
    pdf = tmp_path / "review.pdf"
    pdf.write_bytes(docx_to_pdf(copy))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    words = " ".join(text.split())
    for block in result.plan.context.blocks[2:6]:
        assert " ".join(block.text.split())[:40] in words


def test_the_cli_writes_a_review_copy(tmp_path: Path) -> None:
    plain, review = tmp_path / "plan.docx", tmp_path / "review.docx"
    request = ROOT / "samples" / "003-vi-khe-action-month.yaml"
    assert main(["render", str(request), "-o", str(plain)]) == 0
    assert main(["render", str(request), "-o", str(review), "--review-copy"]) == 0
    assert list(comment_texts(plain.read_bytes())) == []
    texts = list(comment_texts(review.read_bytes()))
    assert any(LIBRARY.match(t) for t in texts)
    assert [p.text for p in Document(io.BytesIO(review.read_bytes())).paragraphs] == \
        [p.text for p in Document(io.BytesIO(plain.read_bytes())).paragraphs]


# --- the library version -------------------------------------------------------------------------

@pytest.mark.slow
def test_the_library_version_changes_with_the_clause_data(deps: Deps, tmp_path: Path) -> None:
    source = deps.library
    copy = tmp_path / "clauses"
    shutil.copytree(source.root, copy)
    assert load_library(copy).version == source.version
    path = next(iter(sorted((copy / "library").rglob("*.yaml"))))
    path.write_text(path.read_text(encoding="utf-8").replace("ma túy", "ma tuý", 1),
                    encoding="utf-8")
    assert load_library(copy).version != source.version
