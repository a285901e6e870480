"""Plans: the preview (HTML) and the document (.docx, or PDF through LibreOffice)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api.bodies import PlanRequestDep
from service.api.deps import EngineDep, SettingsDep, WebDep
from service.api.pdf import docx_to_pdf
from service.api.schemas import ERRORS, error_doc
from service.deps import Deps
from service.document.review_copy import describe, review_copy
from service.pipeline import build_plan, compose_plan
from service.spec import PlanRequest
from service.text.context import DocContext, Provenance
from service.text.plain import block_text
from service.web import WebTemplates

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"

router = APIRouter(tags=["Kế hoạch"], responses=ERRORS)


def plan_body(description: str) -> dict[str, Any]:
    """OpenAPI of a body read raw and validated by the spec layer: a PlanRequest."""
    return {"requestBody": {"required": True, "description": description, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/PlanRequest"}}}}}


class Format(StrEnum):
    docx = "docx"
    pdf = "pdf"


DOCUMENT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Tệp kế hoạch", "content": {
        DOCX: {"schema": {"type": "string", "format": "binary"}},
        PDF: {"schema": {"type": "string", "format": "binary"}}}},
    503: error_doc("Máy chủ chưa xuất được PDF (chưa cài LibreOffice)"),
}
REVIEW_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Bản .docx để duyệt, có ghi chú nguồn ở từng đoạn", "content": {
        DOCX: {"schema": {"type": "string", "format": "binary"}}}},
}


@router.post("/preview", summary="Xem trước kế hoạch (HTML)", response_class=HTMLResponse,
             openapi_extra=plan_body("Yêu cầu lập kế hoạch, như cho `kehoach render`"))
def preview(engine: EngineDep, web: WebDep, request: PlanRequestDep,
            provenance: Annotated[bool, Query(description="Hiện nguồn của từng đoạn: mã điều "
                                              "khoản và phiên bản thư viện, hay nội dung địa "
                                              "phương lấy từ yêu cầu")] = False) -> HTMLResponse:
    """Kế hoạch như khi in ra: phần đầu, tên loại, trích yếu, các đoạn đã đánh số, nơi nhận và
    chữ ký; mọi chữ người dùng nhập được hiển thị đúng nguyên văn. `?provenance=1`: mỗi đoạn
    có `data-clause`, `data-origin` (library, registry, request, structure), `data-local` và
    dòng giải thích nguồn."""
    plan = compose_plan(request, engine)
    if provenance:
        return HTMLResponse(provenance_preview(web, plan.context, plan.selection.dropped))
    return HTMLResponse(web.preview(plan.context, plan.selection.dropped))


def provenance_preview(web: WebTemplates, ctx: DocContext,
                       dropped: list[tuple[str, str]]) -> str:
    def explain(source: Provenance | None) -> str:
        return describe(source, ctx.library_version, ctx.kind)

    return web.render("preview.html", doc=ctx, block_text=block_text, dropped=dropped,
                      provenance=explain)


@router.post("/generate", summary="Tạo tệp kế hoạch (.docx hoặc .pdf)", response_class=Response,
             responses=DOCUMENT_RESPONSES,
             openapi_extra=plan_body("Yêu cầu lập kế hoạch, như cho `kehoach render`; dạng tối "
                                     "thiểu là {kind, unit, year}"))
async def generate(engine: EngineDep, settings: SettingsDep, request: PlanRequestDep,
                   format: Annotated[Format, Query(description="docx (mặc định) hoặc pdf")
                                     ] = Format.docx) -> Response:
    """Tệp .docx theo Nghị định 30/2020/NĐ-CP; `?format=pdf`: tệp PDF qua LibreOffice."""
    result = await run_in_threadpool(build_plan, request, engine)
    name = file_name(request, result.plan.unit.code)
    return await document_response(result.docx, name, format, settings.soffice)


@router.post("/review-copy", summary="Bản .docx để duyệt: mỗi đoạn có ghi chú nguồn",
             response_class=Response, responses=REVIEW_RESPONSES,
             openapi_extra=plan_body("Yêu cầu lập kế hoạch, như cho `/api/generate`"))
async def generate_review_copy(engine: EngineDep, request: PlanRequestDep) -> Response:
    """Tệp .docx như `/api/generate`, thêm một ghi chú (comment của Word) ở mỗi đoạn thân bài và
    mỗi dòng nơi nhận: “Điều khoản <mã> · thư viện <phiên bản>”, hoặc “Nội dung địa phương (từ
    yêu cầu: <trường>)” cho phần lấy từ yêu cầu, để người duyệt phân biệt văn bản chuẩn với phần
    địa phương thêm vào."""
    return await review_copy_response(request, engine)


async def review_copy_response(request: PlanRequest, engine: Deps) -> Response:
    """The review copy of the plan of a request: the .docx with a comment on each paragraph."""
    result = await run_in_threadpool(build_plan, request, engine)
    data = await run_in_threadpool(review_copy, result.plan.context, result.docx)
    name = file_name(request, result.plan.unit.code)
    return _attachment(data, DOCX, f"{name}-ban-duyet.docx")


async def document_response(docx: bytes, name: str, format: Format, soffice: str) -> Response:
    if format is Format.pdf:
        pdf = await run_in_threadpool(docx_to_pdf, docx, soffice)
        return _attachment(pdf, PDF, f"{name}.pdf")
    return _attachment(docx, DOCX, f"{name}.docx")


def file_name(request: PlanRequest, unit_code: int) -> str:
    return f"ke-hoach-{request.kind}-{unit_code}-{request.year}"


def _attachment(data: bytes, media_type: str, filename: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
