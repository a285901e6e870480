"""Plans: the preview (HTML) and the document (.docx, or PDF through LibreOffice)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from service.api.deps import EngineDep, PlanRequestDep, SettingsDep, WebDep
from service.api.pdf import docx_to_pdf
from service.api.schemas import ERRORS, error_doc
from service.pipeline import build_plan, compose_plan
from service.spec import PlanRequest

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


@router.post("/preview", summary="Xem trước kế hoạch (HTML)", response_class=HTMLResponse,
             openapi_extra=plan_body("Yêu cầu lập kế hoạch, như cho `kehoach render`"))
def preview(engine: EngineDep, web: WebDep, request: PlanRequestDep) -> HTMLResponse:
    """Kế hoạch như khi in ra: phần đầu, tên loại, trích yếu, các đoạn đã đánh số, nơi nhận và
    chữ ký; mọi chữ người dùng nhập được hiển thị đúng nguyên văn."""
    plan = compose_plan(request, engine)
    return HTMLResponse(web.preview(plan.context, plan.selection.dropped))


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
